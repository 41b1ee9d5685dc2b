"""One eraser per store that holds her data (see bot/privacy/erase.py for the contract).

Each finds her rows only through keyed pseudonyms of her conversation id, under every key of the
pseudonym ring, so an erase after a key rotation still finds rows written before it. Order matters
once: the outbox is unlinked before the complaints, so that a report delivered from the outbox
while she erases lands without her pseudonym (see OutboxLinks).
"""
import json
from pathlib import Path
from typing import Dict, List, Optional

from sqlalchemy import delete, select

from bot.channels.evidence import EvidenceVault
from bot.complaints.outbox import Outbox, PendingReport
from bot.complaints.service import reporter_pseudonyms, unlink_reporter
from bot.counselling.service import sender_pseudonyms as booking_sender_pseudonyms
from bot.handoff.service import CLOSED, conversation_pseudonyms
from bot.jobs.scheduled import ScheduledMessages
from bot.privacy.erase import Eraser, Subject
from bot.store.db import session_factory
from bot.store.encryption import decrypt_text, encrypt_text
from bot.store.models import (ChannelChatState, ChannelIdentity, ChannelRecentMessage, CounsellingBooking,
                              CounsellingReminder, DeliveryFailure, Handoff)

ERASED_CONVERSATION = "erased"


class _Database:
    def __init__(self, database_url: Optional[str] = None) -> None:
        self.sessions = session_factory(database_url)


class ChannelIdentityEraser(_Database):
    """Her chat id or phone number (encrypted, to reply): once gone, nothing maps her pseudonym
    back to her. The current turn's reply still reaches her: the channel keeps the address of the
    message it is answering in memory for that turn."""
    name = "channel_identities"

    def erase(self, subject: Subject) -> int:
        with self.sessions() as session, session.begin():
            return session.execute(delete(ChannelIdentity).where(
                ChannelIdentity.sender_pseudonym == subject.sender_id)).rowcount


class ChatMemoryEraser(_Database):
    """Message ids the exit command would delete, and whether she blocked the bot."""
    name = "chat_memory"

    def erase(self, subject: Subject) -> int:
        with self.sessions() as session, session.begin():
            count = session.execute(delete(ChannelRecentMessage).where(
                ChannelRecentMessage.sender_pseudonym == subject.sender_id)).rowcount
            return count + session.execute(delete(ChannelChatState).where(
                ChannelChatState.sender_pseudonym == subject.sender_id)).rowcount


class DeliveryFailureEraser(_Database):
    """Replies that did not reach her (kept for supervisors under her pseudonym)."""
    name = "delivery_failures"

    def erase(self, subject: Subject) -> int:
        with self.sessions() as session, session.begin():
            return session.execute(delete(DeliveryFailure).where(
                DeliveryFailure.sender_pseudonym == subject.sender_id)).rowcount


class HandoffEraser(_Database):
    """Her handoffs: the summary in her words, the call-back number and the (encrypted) conversation
    id go; an open case is closed. The row itself stays, without anything of hers, so the
    dashboard's counts (when, which channel, which trigger) do not change behind staff's back."""
    name = "handoffs"

    def erase(self, subject: Subject) -> int:
        with self.sessions() as session, session.begin():
            rows = session.execute(select(Handoff).where(
                Handoff.conversation_pseudonym.in_(conversation_pseudonyms(subject.sender_id)))).scalars().all()
            for handoff in rows:
                handoff.conversation_pseudonym = ERASED_CONVERSATION
                handoff.conversation_enc = encrypt_text("")
                handoff.summary_enc = None
                handoff.callback_phone_enc = None
                if handoff.status != CLOSED:
                    handoff.status, handoff.closed_at = CLOSED, subject.now
            return len(rows)


class PendingEvidenceEraser:
    """Files she sent for a report she has not filed: deleted from disk and from the table."""
    name = "pending_evidence"

    def __init__(self, database_url: Optional[str] = None, directory: Optional[Path] = None) -> None:
        self.vault = EvidenceVault(database_url, directory)

    def erase(self, subject: Subject) -> int:
        return self.vault.discard_pending(subject.sender_id)


class OutboxLinks:
    """A report still waiting in the action server's local outbox: its pseudonym and call-back
    number leave the waiting copy, so the report is delivered later without them."""
    name = "outbox"

    def __init__(self, path: Optional[Path] = None) -> None:
        self.path = path

    def erase(self, subject: Subject) -> int:
        mine = set(reporter_pseudonyms(subject.sender_id))
        changed = 0
        with Outbox(self.path).sessions() as session, session.begin():
            for item in session.execute(select(PendingReport).where(PendingReport.delivered_at.is_(None))).scalars():
                data = json.loads(decrypt_text(item.payload_enc))
                if data.get("reporter_pseudonym") in mine:
                    data.update(reporter_pseudonym=None, callback_phone=None)
                    item.payload_enc = encrypt_text(json.dumps(data, ensure_ascii=False))
                    changed += 1
        return changed


class ComplaintLinks(_Database):
    """Her filed complaints stay (police work, 1090's retention rules), unlinked from her: no
    pseudonym, no call-back number, no consent to be messaged and no address to message her at.
    They remain findable by reference code and PIN only."""
    name = "complaint_links"

    def erase(self, subject: Subject) -> int:
        with self.sessions() as session, session.begin():
            return unlink_reporter(session, subject.sender_id)


class BookingEraser(_Database):
    """Counselling: the reminders (her conversation id, encrypted) go; a booking linked to them or
    to her chat (kept for the session link) that is still ahead is cancelled (nobody could reach
    her for it any more), and her number and her chat leave every one of them."""
    name = "bookings"

    def erase(self, subject: Subject) -> Dict[str, int]:
        with self.sessions() as session, session.begin():
            reminders = session.execute(select(CounsellingReminder).where(
                CounsellingReminder.sender_pseudonym.in_(booking_sender_pseudonyms(subject.sender_id)))).scalars().all()
            mine = booking_sender_pseudonyms(subject.sender_id)
            booking_ids = {reminder.booking_id for reminder in reminders}
            booking_ids |= set(session.execute(select(CounsellingBooking.id).where(
                CounsellingBooking.conversation_pseudonym.in_(mine))).scalars())
            cancelled = 0
            for booking in session.execute(select(CounsellingBooking).where(
                    CounsellingBooking.id.in_(booking_ids))).scalars():
                if booking.status == "booked" and booking.starts_at > subject.now:
                    booking.status = "cancelled"
                    cancelled += 1
                booking.phone_enc = None
                booking.conversation_enc, booking.conversation_pseudonym = None, None
            session.execute(delete(CounsellingReminder).where(
                CounsellingReminder.id.in_([reminder.id for reminder in reminders])))
            return {"bookings_cancelled": cancelled, "reminders": len(reminders)}


class ScheduledMessageEraser:
    """Messages to her channel at a time (status updates, follow-up questions, reminders), sent or
    not: each holds her conversation id (encrypted) and its text. The do-not-contact list is kept on
    purpose: it holds only a keyed hash, and it is what keeps anything from reaching that chat."""
    name = "scheduled_messages"

    def __init__(self, database_url: Optional[str] = None) -> None:
        self.messages = ScheduledMessages(database_url)

    def erase(self, subject: Subject) -> int:
        return self.messages.forget_recipient(subject.sender_id)


def default_erasers(database_url: Optional[str] = None, outbox_path: Optional[Path] = None,
                    evidence_dir: Optional[Path] = None) -> List[Eraser]:
    """Every store, in the order that matters (outbox before complaints). New store: add it here,
    and a line to docs/privacy.md's inventory."""
    return [
        OutboxLinks(outbox_path),
        ComplaintLinks(database_url),
        PendingEvidenceEraser(database_url, evidence_dir),
        HandoffEraser(database_url),
        BookingEraser(database_url),
        ScheduledMessageEraser(database_url),
        DeliveryFailureEraser(database_url),
        ChatMemoryEraser(database_url),
        ChannelIdentityEraser(database_url),
    ]
