"""Trusted reverse proxies by address or by network (bot/proxies.py): on a cluster the ingress pods
change address, so a network must be trustable, and nothing else may be."""
import pytest

from bot.channels.guarded import address_of
from bot.proxies import is_trusted_proxy


@pytest.mark.parametrize("peer, trusted, expected", [
    ("10.0.0.10", ("10.0.0.10",), True),
    ("10.244.3.7", ("10.244.0.0/16",), True),
    ("10.245.0.1", ("10.244.0.0/16",), False),
    ("::1", ("127.0.0.1", "::1"), True),
    ("127.0.0.1", ("::1",), False),
    ("203.0.113.9", (), False),
    ("not-an-address", ("0.0.0.0/0",), False),
    (None, ("0.0.0.0/0",), False),
    ("10.0.0.10", ("10.0.0.1O",), False),   # a typo trusts nothing
])
def test_is_trusted_proxy(peer, trusted, expected):
    assert is_trusted_proxy(peer, trusted) is expected


def test_the_gate_takes_her_address_from_a_proxy_in_a_trusted_network(monkeypatch):
    from bot import settings
    monkeypatch.setattr(settings, "EDGE_TRUSTED_PROXIES", ("10.244.0.0/16",))
    assert address_of("10.244.9.9", "198.51.100.7") == "198.51.100.7"
    # Anyone else's X-Forwarded-For is ignored: a client cannot choose the address it is counted under.
    assert address_of("198.51.100.8", "198.51.100.7") == "198.51.100.8"


def test_the_console_throttle_takes_the_address_from_a_trusted_network():
    from types import SimpleNamespace

    from bot.console.throttle import source_address
    request = SimpleNamespace(remote="10.244.1.2", headers={"X-Forwarded-For": "192.0.2.1, 198.51.100.9"})
    assert source_address(request, ("10.244.0.0/16",)) == "198.51.100.9"
    assert source_address(request, ("10.0.0.10",)) == "10.244.1.2"
