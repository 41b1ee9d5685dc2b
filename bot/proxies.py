"""Which peers are our own reverse proxies, whose X-Forwarded-For is believed for her address.

Settings list exact addresses or networks ("10.0.0.10", "10.244.0.0/16", "::1"): on a cluster the
ingress controller's pods change address, and a list of exact addresses would make every woman share
the controller's address, and so one per-address quota. Used by the channels' gate and the console's
login throttle (both in bot/, importable without Rasa)."""
import ipaddress
import logging
from functools import lru_cache
from typing import Iterable, Optional, Tuple, Union

logger = logging.getLogger(__name__)
Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]


@lru_cache(maxsize=16)
def _networks(trusted: Tuple[str, ...]) -> Tuple[Network, ...]:
    networks = []
    for entry in trusted:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            # A typo trusts nothing rather than everything; said once, without any address of hers.
            logger.warning("trusted proxies: %r is neither an address nor a network; ignored", entry[:64])
    return tuple(networks)


def is_trusted_proxy(peer: Optional[str], trusted: Iterable[str]) -> bool:
    if not peer:
        return False
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(address in network for network in _networks(tuple(trusted)))
