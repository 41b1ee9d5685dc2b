"""Retention with a fake clock, on SQLite and PostgreSQL: each kind of data goes the day after its
setting says, not the day before; filed complaints stay readable by officers until 1090's rule
(RETAIN_COMPLAINT_DAYS) says they go, and then go with their evidence files."""
import asyncio
from datetime import datetime, timedelta, timezone

from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot import settings
from bot.channels.evidence import EvidenceVault
from bot.complaints.casework import CaseWork
from bot.complaints.codes import new_reference_code
from bot.complaints.outbox import Outbox
from bot.complaints.report import ComplaintReport
from bot.complaints.sink import DatabaseSink
from bot.privacy.retention import run_retention
from bot.store.db import session_factory
from bot.store.encryption import encrypt_text
from bot.store.models import (ChannelDelivery, ChannelIdentity, Complaint, DeliveryFailure, EvidenceItem, Handoff,
                              PendingEvidence)
from tests.integration.test_erase import DOMAIN, tracker_store

NOW = datetime(2027, 3, 1, 6, 0, tzinfo=timezone.utc)   # the fake clock: nothing here reads the real one


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def file_complaint(url, days_ago, vault, sender):
    code = new_reference_code()
    DatabaseSink(url).deliver(ComplaintReport(reference_code=code, category="stalking", language="en",
                                              channel="web", narrative="what happened", contact_mode="anonymous"))
    ref = vault.store_pending(sender, "photo", b"evidence bytes")
    with session_factory(url)() as session, session.begin():
        complaint = session.execute(select(Complaint).where(Complaint.reference_code == code)).scalar_one()
        complaint.created_at = ago(days_ago)
        complaint.evidence_items.append(EvidenceItem(kind="photo", storage_ref=ref))
        session.execute(PendingEvidence.__table__.delete().where(PendingEvidence.storage_ref == ref))
    return code, ref


def fill(url, tmp_path):
    vault = EvidenceVault(url, tmp_path / "evidence")
    with session_factory(url)() as session, session.begin():
        for name, days in (("old", 91), ("recent", 89)):
            session.add(ChannelIdentity(channel="telegram", sender_pseudonym=f"id-{name}",
                                        address_enc=encrypt_text(name), created_at=ago(days), last_seen_at=ago(days)))
        common = dict(conversation_enc=encrypt_text("x"), channel="web", language="en", trigger="asked")
        session.add_all([
            Handoff(conversation_pseudonym="closed-old", status="closed", requested_at=ago(95), closed_at=ago(91),
                    **common),
            Handoff(conversation_pseudonym="closed-recent", status="closed", requested_at=ago(95), closed_at=ago(89),
                    **common),
            Handoff(conversation_pseudonym="still-waiting", status="waiting", requested_at=ago(200), **common),
            Handoff(conversation_pseudonym="callback-old", status="callback", requested_at=ago(91),
                    callback_phone_enc=encrypt_text("+919800000000"), **common),
            ChannelDelivery(channel="telegram", delivery_id="old", received_at=ago(31)),
            ChannelDelivery(channel="telegram", delivery_id="recent", received_at=ago(29)),
            DeliveryFailure(channel="whatsapp", sender_pseudonym="p", error_code=1, error_title="", at=ago(31)),
        ])
    pending_old = vault.store_pending("sender-a", "photo", b"a")
    pending_recent = vault.store_pending("sender-b", "photo", b"b")
    with session_factory(url)() as session, session.begin():
        for ref, days in ((pending_old, 8), (pending_recent, 6)):
            session.execute(PendingEvidence.__table__.update().where(PendingEvidence.storage_ref == ref)
                            .values(created_at=ago(days)))
    return vault, pending_old, pending_recent


def test_each_kind_goes_after_its_setting(database_url, tmp_path):
    vault, pending_old, pending_recent = fill(database_url, tmp_path)
    old_code, old_file = file_complaint(database_url, settings.RETAIN_COMPLAINT_DAYS + 1, vault, "s1")
    kept_code, kept_file = file_complaint(database_url, settings.RETAIN_COMPLAINT_DAYS - 1, vault, "s2")
    store = tracker_store(database_url)
    for sender, days in (("idle", 31), ("active", 29)):
        stamp = ago(days).timestamp()
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, [
            ActionExecuted("action_listen", timestamp=stamp),
            UserUttered("hello", {"name": "greet", "confidence": 1.0}, timestamp=stamp)], DOMAIN.slots)))

    counts = run_retention(NOW, database_url, database_url, tmp_path / "evidence", tmp_path / "outbox.db")

    assert counts["channel_identities"] == 1 and counts["handoffs"] == 2 and counts["conversations"] == 1
    assert counts["complaints"] == 1 and counts["pending_evidence"] == 1 and counts["delivery_logs"] == 2
    with session_factory(database_url)() as session:
        assert set(session.execute(select(ChannelIdentity.sender_pseudonym)).scalars()) == {"id-recent"}
        assert set(session.execute(select(Handoff.conversation_pseudonym)).scalars()) == {"closed-recent",
                                                                                         "still-waiting"}
        assert set(session.execute(select(ChannelDelivery.delivery_id)).scalars()) == {"recent"}
        assert session.execute(select(DeliveryFailure)).first() is None
    assert asyncio.run(store.retrieve("idle")) is None and asyncio.run(store.retrieve("active")) is not None
    evidence = tmp_path / "evidence"
    assert not (evidence / pending_old[5:]).exists() and (evidence / pending_recent[5:]).exists()
    # The complaint inside 1090's period: officers still read it, evidence and all.
    case = CaseWork(database_url).case_file(kept_code)
    assert case is not None and case.narrative == "what happened" and (evidence / kept_file[5:]).exists()
    assert CaseWork(database_url).case_file(old_code) is None and not (evidence / old_file[5:]).exists()
    # A second pass finds nothing more: the job is safe to repeat (and to run on two replicas).
    assert set(run_retention(NOW, database_url, database_url, tmp_path / "evidence",
                             tmp_path / "outbox.db").values()) == {0}


def test_the_complaint_period_is_a_setting(database_url, tmp_path, monkeypatch):
    vault = EvidenceVault(database_url, tmp_path / "evidence")
    code, _ = file_complaint(database_url, 11, vault, "s3")
    run_retention(NOW, database_url, evidence_dir=tmp_path / "evidence", outbox_path=tmp_path / "o.db",
                  prune_tracker=False)
    assert CaseWork(database_url).case_file(code) is not None
    monkeypatch.setattr(settings, "RETAIN_COMPLAINT_DAYS", 10)
    run_retention(NOW, database_url, evidence_dir=tmp_path / "evidence", outbox_path=tmp_path / "o.db",
                  prune_tracker=False)
    assert CaseWork(database_url).case_file(code) is None


def test_delivered_outbox_entries_go_with_the_delivery_logs(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    from bot.store.init_db import init_db
    init_db(url)
    outbox = Outbox(tmp_path / "outbox.db")
    outbox.put(ComplaintReport(reference_code="HS-AAAA-BBBB", category="other", language="en", channel="web",
                               narrative="n", contact_mode="anonymous"), ConnectionError())
    assert outbox.deliver_pending(DatabaseSink(url)) == 1
    later = datetime.now(timezone.utc) + timedelta(days=settings.RETAIN_DELIVERY_LOG_DAYS + 1)
    counts = run_retention(later, url, evidence_dir=tmp_path / "e", outbox_path=tmp_path / "outbox.db",
                           prune_tracker=False)
    assert counts["outbox_delivered"] == 1


def test_finished_scheduled_messages_go_with_the_delivery_logs(database_url, tmp_path):
    from bot.jobs.scheduled import ScheduledMessages
    from bot.store.models import ScheduledMessage

    messages = ScheduledMessages(database_url)
    days = settings.RETAIN_DELIVERY_LOG_DAYS
    ids = {name: messages.schedule("status_update", "telegram", f"conversation-{name}", {"text": name},
                                   due_at=ago(days + 5))
           for name in ("sent_long_ago", "sent_recently", "dead_long_ago", "still_pending")}
    with session_factory(database_url)() as session, session.begin():
        for name, status, sent in (("sent_long_ago", "sent", ago(days + 1)), ("sent_recently", "sent", ago(days - 1)),
                                   ("dead_long_ago", "dead", None)):
            row = session.get(ScheduledMessage, ids[name])
            row.status, row.sent_at = status, sent
    run_retention(NOW, database_url, evidence_dir=tmp_path / "evidence", outbox_path=tmp_path / "o.db",
                  prune_tracker=False)
    with session_factory(database_url)() as session:
        kept = set(session.execute(select(ScheduledMessage.id)).scalars())
    assert kept == {ids["sent_recently"], ids["still_pending"]}   # a pending message is never pruned
