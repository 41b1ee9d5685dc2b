"""What a channel remembers about a chat, keyed by her pseudonym only: recent message ids (so the
exit command can delete them) and whether she blocked the bot. Also the payload behind every button
(keyed by the button's token, stored encrypted), and `release_delivery` for a webhook delivery that
must be handled again."""
import base64
from datetime import datetime, timedelta, timezone
from typing import Dict, List, Optional

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bot.store.db import session_factory
from bot.store.encryption import decrypt_text, encrypt_text
from bot.store.models import ChannelButtonPayload, ChannelChatState, ChannelDelivery, ChannelRecentMessage
from bot.store.pseudonym import keyed_digest

# Telegram deletes messages younger than 48 hours only; older ids are useless and are dropped.
DELETABLE_FOR = timedelta(hours=48)


class RecentMessages:
    def __init__(self, channel: str, database_url: Optional[str] = None) -> None:
        self.channel = channel
        self._sessions = session_factory(database_url)

    def remember(self, sender_id: str, message_id: int, now: Optional[datetime] = None) -> None:
        now = now or datetime.now(timezone.utc)
        with self._sessions() as session, session.begin():
            session.add(ChannelRecentMessage(channel=self.channel, sender_pseudonym=sender_id,
                                             message_id=int(message_id), sent_at=now))
            session.execute(delete(ChannelRecentMessage).where(ChannelRecentMessage.sent_at < now - DELETABLE_FOR)
                            .execution_options(synchronize_session=False))

    def deletable(self, sender_id: str, now: Optional[datetime] = None) -> List[int]:
        cutoff = (now or datetime.now(timezone.utc)) - DELETABLE_FOR
        with self._sessions() as session:
            rows = session.execute(select(ChannelRecentMessage.message_id).where(
                ChannelRecentMessage.channel == self.channel, ChannelRecentMessage.sender_pseudonym == sender_id,
                ChannelRecentMessage.sent_at >= cutoff).order_by(ChannelRecentMessage.message_id)).scalars().all()
        return sorted(set(rows))

    def forget(self, sender_id: str) -> None:
        with self._sessions() as session, session.begin():
            session.execute(delete(ChannelRecentMessage).where(
                ChannelRecentMessage.channel == self.channel, ChannelRecentMessage.sender_pseudonym == sender_id)
                .execution_options(synchronize_session=False))


class ChatStates:
    """She blocked the bot (Telegram: my_chat_member 'kicked'): stop sending until she unblocks."""

    def __init__(self, channel: str, database_url: Optional[str] = None) -> None:
        self.channel = channel
        self._sessions = session_factory(database_url)

    def set_blocked(self, sender_id: str, blocked: bool) -> None:
        now = datetime.now(timezone.utc)
        for _ in range(2):  # a concurrent first insert makes the second try an update
            try:
                with self._sessions() as session, session.begin():
                    row = session.execute(select(ChannelChatState).where(
                        ChannelChatState.channel == self.channel,
                        ChannelChatState.sender_pseudonym == sender_id)).scalar_one_or_none()
                    if row is None:
                        session.add(ChannelChatState(channel=self.channel, sender_pseudonym=sender_id,
                                                     blocked=blocked, updated_at=now))
                    else:
                        row.blocked, row.updated_at = blocked, now
                return
            except IntegrityError:
                continue

    def is_blocked(self, sender_id: str) -> bool:
        with self._sessions() as session:
            return bool(session.execute(select(ChannelChatState.blocked).where(
                ChannelChatState.channel == self.channel,
                ChannelChatState.sender_pseudonym == sender_id)).scalar_one_or_none())


TOKEN_PREFIX = "b:"


class ButtonTokens:
    """Callback data for buttons: a short keyed token per payload, the payload kept encrypted.

    Every button gets a token (even short payloads), so a pressed button can only ever send a
    payload the bot itself offered; anything else is answered as an expired button.
    """

    def __init__(self, database_url: Optional[str] = None) -> None:
        self._sessions = session_factory(database_url)
        self._cache: Dict[str, str] = {}  # token -> payload

    @staticmethod
    def token_for(payload: str) -> str:
        # Under the current pseudonym key; tokens made under an older one stay valid (looked up
        # by the token itself), so buttons already on her screen keep working after a rotation.
        digest = keyed_digest(b"button", payload.encode("utf-8"))
        return TOKEN_PREFIX + base64.urlsafe_b64encode(digest[:16]).decode("ascii").rstrip("=")

    def token(self, payload: str) -> str:
        token = self.token_for(payload)
        if self._cache.get(token) == payload:
            return token
        try:
            with self._sessions() as session, session.begin():
                if session.get(ChannelButtonPayload, token) is None:
                    session.add(ChannelButtonPayload(token=token, payload_enc=encrypt_text(payload)))
        except IntegrityError:
            pass  # stored by a concurrent send
        self._cache[token] = payload
        return token

    def payload(self, token: str) -> Optional[str]:
        if not token.startswith(TOKEN_PREFIX):
            return None
        if token in self._cache:
            return self._cache[token]
        with self._sessions() as session:
            row = session.get(ChannelButtonPayload, token)
        if row is None:
            return None
        payload = decrypt_text(row.payload_enc)
        self._cache[token] = payload
        return payload


def release_delivery(channel: str, delivery_id: str, database_url: Optional[str] = None) -> None:
    """Undoes DeliveryLog.first_time when handling failed, so the platform's retry is handled."""
    with session_factory(database_url)() as session, session.begin():
        session.execute(delete(ChannelDelivery).where(ChannelDelivery.channel == channel,
                                                      ChannelDelivery.delivery_id == str(delivery_id)[:128])
                        .execution_options(synchronize_session=False))
