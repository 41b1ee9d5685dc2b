"""Do-not-contact records: conversations the scheduled-message worker never writes to again.

On Telegram, /exit or the safe word means "this chat may be seen by someone else": the channel
deletes what it can and records this, and from then on no status update, follow-up or reminder goes
to that chat (bot/jobs/delivery.py checks before each send, and pending ones are cancelled at once).
Replies to what she writes herself are not affected. Only a keyed hash of the conversation id is
stored.
"""
from typing import Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.jobs.scheduled import recipient_pseudonym, recipient_pseudonyms
from bot.store.db import session_factory
from bot.store.models import DoNotContact as DoNotContactRow


class DoNotContact:
    def __init__(self, url: Optional[str] = None) -> None:
        self.sessions = session_factory(url)

    def add(self, channel: str, conversation_id: str, reason: str) -> None:
        try:
            with self.sessions() as session, session.begin():
                session.add(DoNotContactRow(channel=channel[:32], reason=reason[:32],
                                            recipient_pseudonym=recipient_pseudonym(conversation_id)))
        except IntegrityError:
            pass  # recorded before

    def applies(self, channel: str, conversation_id: str) -> bool:
        with self.sessions() as session:
            return session.execute(select(DoNotContactRow.id).where(
                DoNotContactRow.channel == channel,
                DoNotContactRow.recipient_pseudonym.in_(recipient_pseudonyms(conversation_id)))).first() is not None
