""""Delete my data" reaches every store, on SQLite and PostgreSQL.

For a woman on each channel (Telegram chat id, WhatsApp number, web session id) every store is
filled through its own service with canary strings (her words, her number, her chat id), a report
is filed and another waits in the outbox; then the erase service and the tracker store's erase run,
and every table (values as stored and decrypted), the tracker store, the evidence folder and the
outbox file are searched: no canary may be left. Her filed report stays, unlinked, and still opens
with its code and PIN; the report delivered from the outbox after the erase carries no pseudonym.
"""
import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot.channels.chat_memory import ChatStates, RecentMessages
from bot.channels.delivery_failures import DeliveryFailures
from bot.channels.evidence import EvidenceVault
from bot.channels.identity import ChannelIdentities
from bot.complaints.codes import hash_pin, new_pin, new_reference_code
from bot.complaints.outbox import Outbox
from bot.complaints.report import ComplaintReport
from bot.complaints.service import ComplaintService, reporter_pseudonym
from bot.complaints.sink import DatabaseSink
from bot.handoff.service import HandoffService
from bot.counselling.service import sender_pseudonym as booking_sender_pseudonym
from bot.jobs.scheduled import ScheduledMessages
from bot.privacy.erase import EraseService
from bot.privacy.erasers import default_erasers
from bot.store.db import session_factory
from bot.store.models import Complaint, CounsellingBooking, CounsellingReminder, Counsellor, Handoff
from bot.store.tracker_store import ERASE_ACTION, EncryptedSQLTrackerStore
from tests.canary_search import database_hits, file_hits
from tests.conftest import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def canaries_for(channel: str) -> dict:
    tag = channel.upper()
    return {"words": f"mera pati KANARI{tag}WORDS mujhe maarta hai",
            "number": {"telegram": "+919811100001", "whatsapp": "+919811100002", "web": "+919811100003"}[channel],
            "chat": {"telegram": "7770001234", "whatsapp": "919811100002",
                     "web": f"websession-kanari-{channel}"}[channel]}


def tracker_store(url: str) -> EncryptedSQLTrackerStore:
    parsed = __import__("sqlalchemy").engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return EncryptedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=parsed.database)
    return EncryptedSQLTrackerStore(domain=DOMAIN, dialect="postgresql", host=parsed.host, port=parsed.port,
                                    db=parsed.database, username=parsed.username)


def _legacy_reminder(kind, due_at, sender_id):
    """A reminder stored the way bookings made before the scheduled-message service stored them
    (the old loop still sends those): her conversation id, encrypted, and its keyed hash."""
    from bot.store.encryption import encrypt_text
    return CounsellingReminder(kind=kind, due_at=due_at, sender_enc=encrypt_text(sender_id),
                               sender_pseudonym=booking_sender_pseudonym(sender_id), attempts=0)


def fill_every_store(url, tmp_path, channel, canary, store, outbox, down_sink):
    identities = ChannelIdentities(url)
    sender = (identities.remember(channel, canary["chat"] if channel == "telegram" else canary["number"])
              if channel != "web" else canary["chat"])
    RecentMessages(channel, url).remember(sender, 42)
    ChatStates(channel, url).set_blocked(sender, False)
    DeliveryFailures(url).record(channel, sender, 131047, "outside window")
    handoffs = HandoffService(url)
    handoffs.request(sender, channel, "hi-Latn", "asked", {"category": "stalking", "district": "Lucknow",
                                                              "what": canary["words"]})
    handoffs.request_callback(sender, channel, "hi-Latn", canary["number"])
    EvidenceVault(url, tmp_path / "evidence").store_pending(sender, "photo", f"PHOTO {canary['words']}".encode())
    # A filed call-back report (her number), and one waiting in the outbox (database "down").
    service = ComplaintService(sink=DatabaseSink(url), outbox=outbox, url=url)
    pin = new_pin()
    filed = service.file(ComplaintReport(
        reference_code=new_reference_code(), category="stalking", language="hi-Latn", channel=channel,
        narrative="report that stays for police action", contact_mode="anonymous", pin_hash=hash_pin(pin),
        reporter_pseudonym=reporter_pseudonym(sender)), pin)
    callback = service.file(ComplaintReport(
        reference_code=new_reference_code(), category="stalking", language="hi-Latn", channel=channel,
        narrative="second report", contact_mode="callback", callback_phone=canary["number"],
        reporter_pseudonym=reporter_pseudonym(sender)), None)
    waiting = ComplaintService(sink=down_sink, outbox=outbox, url=url).file(ComplaintReport(
        reference_code=new_reference_code(), category="stalking", language="hi-Latn", channel=channel,
        narrative="third report", contact_mode="callback", callback_phone=canary["number"],
        reporter_pseudonym=reporter_pseudonym(sender)), None)
    assert waiting.queued
    # A counselling booking with its reminders (her conversation id) and her number.
    now = datetime.now(timezone.utc)
    with session_factory(url)() as session, session.begin():
        counsellor = Counsellor(first_name="Asha", first_name_hi="आशा", languages="hi")
        session.add(counsellor)
        session.flush()
        from bot.store.encryption import encrypt_text
        booking = CounsellingBooking(booking_code=new_reference_code()[:16], counsellor_id=counsellor.id,
                                     starts_at=now + timedelta(days=2), minutes=45, for_whom="herself",
                                     language="hi", chat_language="hi-Latn", channel=channel, status="booked",
                                     contact_mode="callback", phone_enc=encrypt_text(canary["number"]),
                                     pin_hash=hash_pin(new_pin()),
                                     # she asked for the session link in this chat
                                     conversation_enc=encrypt_text(sender),
                                     conversation_pseudonym=booking_sender_pseudonym(sender))
        booking.reminders.append(_legacy_reminder("day_before", now + timedelta(days=1), sender))
        session.add(booking)
    # A message to her channel waiting to be sent (her conversation id and its words).
    ScheduledMessages(url).schedule("session_link", channel, sender, {"text": f"link for {canary['words']}"},
                                    due_at=now + timedelta(days=2))
    # Her conversation in Rasa's tracker store.
    tracker = DialogueStateTracker.from_events(sender, [
        ActionExecuted("action_listen"),
        UserUttered(canary["words"], {"name": "report_harassment", "confidence": 0.9}),
        BotUttered(f"you said {canary['words']}"),
        UserUttered(f"my number is {canary['number']}", {"name": "inform", "confidence": 0.9}),
    ], DOMAIN.slots)
    asyncio.run(store.save(tracker))
    return sender, tracker, (filed.reference_code, pin), callback.reference_code, waiting.reference_code


class DownSink:
    def deliver(self, report):
        raise ConnectionError("database down")


@pytest.mark.parametrize("channel", ["telegram", "whatsapp", "web"])
def test_erase_leaves_no_canary_anywhere(database_url, tmp_path, channel):
    canary = canaries_for(channel)
    store = tracker_store(database_url)
    outbox = Outbox(tmp_path / "outbox" / "outbox.db")
    sender, tracker, (code, pin), callback_code, waiting_code = fill_every_store(
        database_url, tmp_path, channel, canary, store, outbox, DownSink())
    everything = list(canary.values())
    outbox_url = f"sqlite:///{tmp_path / 'outbox' / 'outbox.db'}"
    before = (database_hits(database_url, everything) + database_hits(outbox_url, everything)
              + file_hits([tmp_path], everything))
    # The search finds them before the erase: every store was filled (and the search reads them all).
    for place in ("channel_identities.address_enc", "handoffs.summary_enc", "handoffs.callback_phone_enc",
                  "contacts.phone_enc", "counselling_bookings.phone_enc", "events.data"):
        if channel == "web" and place == "channel_identities.address_enc":
            continue
        assert any(hit.startswith(place) for hit in before), (place, before)
    assert any("evidence" in hit for hit in before) and any(hit.startswith("outbox.payload_enc") for hit in before)

    erasure = EraseService(default_erasers(database_url, tmp_path / "outbox" / "outbox.db",
                                           tmp_path / "evidence")).erase(sender)
    assert erasure.complete and erasure.kept_reports == 2 and erasure.cancelled_bookings == 1
    # The Rasa server's part: the tracker store erases when it saves the erase action's event.
    tracker.update(ActionExecuted(ERASE_ACTION))
    tracker.update(BotUttered("erased"))
    asyncio.run(store.save(tracker))

    assert database_hits(database_url, everything) == []
    assert database_hits(outbox_url, everything) == []
    assert file_hits([tmp_path], everything) == []

    # What stays: the filed reports, unlinked, still opened by code and PIN.
    service = ComplaintService(sink=DatabaseSink(database_url), outbox=outbox, url=database_url)
    assert service.check_status(code, pin).outcome == "ok"
    # The report that waited in the outbox is delivered after the erase without her pseudonym.
    assert service.deliver_outbox() == 1
    with session_factory(database_url)() as session:
        rows = session.execute(select(Complaint).where(
            Complaint.reference_code.in_([code, callback_code, waiting_code]))).scalars().all()
        assert len(rows) == 3 and all(row.reporter_pseudonym is None and row.contact is None for row in rows)
        assert all(h.status == "closed" and h.summary_enc is None for h in session.execute(select(Handoff)).scalars())
        assert session.execute(select(CounsellingBooking.status)).scalar_one() == "cancelled"
    assert database_hits(database_url, everything) == []
    assert database_hits(outbox_url, everything) == []
    assert file_hits([tmp_path], everything) == []


def test_a_failing_store_is_reported_not_hidden():
    class Broken:
        name = "broken"

        def erase(self, subject):
            raise RuntimeError("down")

    class Fine:
        name = "fine"

        def erase(self, subject):
            return 3

    erasure = EraseService([Broken(), Fine()]).erase("someone")
    assert erasure.failed == ["broken"] and erasure.counts == {"fine": 3} and not erasure.complete
