"""Pseudonymous sender ids for every channel.

A channel turns the platform's id (Telegram chat id, WhatsApp phone number) into a keyed pseudonym
*before* the message enters Rasa, so the tracker store, our database and the logs never see the
real id. To reply, the channel looks the real id up again here, where it is stored encrypted.
"""
from datetime import datetime, timezone
from typing import List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.store.db import session_factory
from bot.store.encryption import decrypt_text, encrypt_text
from bot.store.models import ChannelIdentity
from bot.store.pseudonym import pseudonym, pseudonym_candidates


def sender_pseudonym(channel: str, address: str) -> str:
    """The sender id Rasa sees for `address` on `channel` under the current pseudonym key (stable,
    not reversible). For someone already known, ChannelIdentities.remember returns the id she has,
    which may have been made under an older key (until rotate_keys re-keys her and all it links)."""
    return pseudonym(f"channel:{channel}", str(address))


def sender_pseudonyms(channel: str, address: str) -> List[str]:
    return pseudonym_candidates(f"channel:{channel}", str(address))


class ChannelIdentities:
    """The mapping table pseudonym -> encrypted address, one row per person per channel."""

    def __init__(self, database_url: Optional[str] = None) -> None:
        self._sessions = session_factory(database_url)

    def remember(self, channel: str, address: str) -> str:
        """Returns her pseudonym, storing the encrypted address on first contact."""
        return self.remember_first(channel, address)[0]

    def remember_first(self, channel: str, address: str) -> Tuple[str, bool]:
        """Her pseudonym, and whether this is her first contact (no row yet: new, or forgotten by
        "delete my data" or retention), for what a channel says only at the start."""
        now = datetime.now(timezone.utc)
        with self._sessions() as session, session.begin():
            row = self._known(session, channel, address)
            if row is not None:
                row.last_seen_at = now
                return row.sender_pseudonym, False
        sender_id = sender_pseudonym(channel, address)
        try:
            with self._sessions() as session, session.begin():
                session.add(ChannelIdentity(channel=channel, sender_pseudonym=sender_id,
                                            address_enc=encrypt_text(str(address)),
                                            created_at=now, last_seen_at=now))
        except IntegrityError:
            return sender_id, False  # two first messages at once: the other request stored the row
        return sender_id, True

    def sender_id_of(self, channel: str, address: str) -> str:
        """Her sender id if she is known (under whichever key it was made), else the current one."""
        with self._sessions() as session:
            row = self._known(session, channel, address)
            return row.sender_pseudonym if row is not None else sender_pseudonym(channel, address)

    @staticmethod
    def _known(session, channel: str, address: str) -> Optional[ChannelIdentity]:
        return session.execute(
            select(ChannelIdentity).where(ChannelIdentity.channel == channel,
                                          ChannelIdentity.sender_pseudonym.in_(sender_pseudonyms(channel, address)))
            .order_by(ChannelIdentity.id)).scalars().first()

    def address_of(self, channel: str, sender_id: str) -> Optional[str]:
        """The real channel id behind a pseudonym, or None if she is unknown (or was forgotten)."""
        with self._sessions() as session:
            token = session.execute(
                select(ChannelIdentity.address_enc).where(ChannelIdentity.channel == channel,
                                                          ChannelIdentity.sender_pseudonym == sender_id)
            ).scalar_one_or_none()
        return decrypt_text(token) if token else None

    def last_seen(self, channel: str, sender_id: str) -> Optional[datetime]:
        """When she last wrote on this channel (WhatsApp's 24-hour window), or None if unknown."""
        with self._sessions() as session:
            return session.execute(
                select(ChannelIdentity.last_seen_at).where(ChannelIdentity.channel == channel,
                                                           ChannelIdentity.sender_pseudonym == sender_id)
            ).scalar_one_or_none()

    def forget(self, channel: str, sender_id: str) -> bool:
        """Deletes the mapping (her "delete my data"): afterwards nothing links the pseudonym to her."""
        with self._sessions() as session, session.begin():
            row = session.execute(
                select(ChannelIdentity).where(ChannelIdentity.channel == channel,
                                              ChannelIdentity.sender_pseudonym == sender_id)
            ).scalar_one_or_none()
            if row is None:
                return False
            session.delete(row)
            return True
