"""Key rotation on SQLite and PostgreSQL: data written under the old keys still reads while both are
in the ring; `rotate` moves every encrypted value and every re-keyable pseudonym to the new keys;
afterwards everything works with the new keys alone, and her links (to her reports, her open case,
her reminders, repeat reports against one number) are not lost."""
import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

from bot import settings
from bot.channels.chat_memory import ButtonTokens, ChatStates, RecentMessages
from bot.channels.delivery_failures import DeliveryFailures
from bot.channels.evidence import EvidenceVault
from bot.channels.identity import ChannelIdentities, sender_pseudonym
from bot.complaints.casework import CaseWork
from bot.complaints.outbox import Outbox
from bot.complaints.service import ComplaintService, reporter_pseudonym
from bot.counselling.panel import MON, add_counsellor
from bot.counselling.service import CounsellingService, legacy_reminder
from bot.handoff.service import HandoffService, build_summary, conversation_id_of
from bot.jobs.do_not_contact import DoNotContact
from bot.jobs.scheduled import ScheduledMessages
from bot.store import keyring
from bot.store.db import get_engine
from bot.store.encryption import decrypt_text, encrypt_text
from bot.store.db import session_factory
from bot.store.models import (Base, ChannelIdentity, Complaint, Contact, CounsellingBooking, CounsellingReminder,
                              Handoff, PendingEvidence, StaffUser)
from bot.store.pseudonym import CONVERSATION, pseudonym
from bot.store.rotate_keys import EVENTS, encrypted_columns, main, rotate
from tests.integration.test_complaint_service import _report
from tests.integration.test_counselling_service import MONDAY, NOW, request as booking_request

OLD_DATA, NEW_DATA = Fernet.generate_key().decode(), Fernet.generate_key().decode()
OLD_PSEUDONYM, NEW_PSEUDONYM = "p" * 40, "q" * 40
CHAT_ID, WEB, WEB_GONE = "5550001234", "web-session-kept", "web-session-gone"
PHONE = "+919812345678"


def use_keys(monkeypatch, data: str, pseudonyms: str) -> None:
    monkeypatch.setenv(settings.DATA_KEY_ENV, data)
    monkeypatch.setenv(settings.PSEUDONYM_KEY_ENV, pseudonyms)
    keyring.reset()


@pytest.fixture
def world(database_url, tmp_path, monkeypatch):
    """Her data on every table and file that holds some, written under the old keys only."""
    use_keys(monkeypatch, f"old:{OLD_DATA}", f"p-old:{OLD_PSEUDONYM}")
    paths = dict(outbox=tmp_path / "outbox.db", evidence=tmp_path / "evidence")
    sender = ChannelIdentities(database_url).remember("telegram", CHAT_ID)
    complaints = ComplaintService(url=database_url, outbox=Outbox(paths["outbox"]))
    report, pin = _report(complaints, contact_mode="callback", reporter_pseudonym=reporter_pseudonym(sender),
                          channel="telegram", updates_consent=True, updates_recipient=sender)
    complaints.file(report, pin)
    complaints.set_status(report.reference_code, "in_progress", changed_by="7", reason="called her back")
    with session_factory(database_url)() as session, session.begin():
        officer = StaffUser(username="officer", display_name="Officer", password_hash="x", role="officer")
        session.add(officer)
        session.flush()
        officer_id = officer.id
        session.execute(sa.update(Contact).values(safe_times_enc=encrypt_text("shaam 6 ke baad")))
    CaseWork(database_url).add_note(report.reference_code, officer_id, "spoke to the SHO")
    waiting, _ = _report(complaints, reporter_pseudonym=reporter_pseudonym(sender))
    Outbox(paths["outbox"]).put(waiting, ConnectionError("database down"))
    vault = EvidenceVault(database_url, directory=paths["evidence"])
    vault.store_pending(sender, "photo", b"\x89PNG her evidence")
    handoffs = HandoffService(database_url)
    handoffs.request(sender, "telegram", "hi", "asked", build_summary("stalking", "Lucknow", "hi", "asked", "dar lagta"))
    handoffs.request(WEB, "socketio", "en", "asked", None)
    handoffs.request_callback(WEB, "socketio", "en", "+919876543210")
    add_counsellor(database_url, "Sunita", "सुनीता", "hi", [(MON, "10:00", "12:15")])
    counselling = CounsellingService(database_url, minutes=45, notice_minutes=60)
    slot = counselling.free_slots(MONDAY, "hi", NOW)[0]
    booked = counselling.book(booking_request(sender, contact_mode="callback", phone=PHONE, reminders=False), slot.key, NOW)
    assert booked.outcome == "booked"
    with session_factory(database_url)() as session, session.begin():   # reminders stored the older way
        booking = session.execute(sa.select(CounsellingBooking).where(
            CounsellingBooking.booking_code == booked.booking_code)).scalar_one()
        for kind, before in (("day_before", timedelta(days=1)), ("hour_before", timedelta(hours=1))):
            booking.reminders.append(legacy_reminder(kind, booking.starts_at - before, sender))
    chat_slot = counselling.free_slots(MONDAY, "hi", NOW)[0]     # a chat session: the link goes to her chat
    assert counselling.book(booking_request(sender, reminders=False), chat_slot.key, NOW).outcome == "booked"
    DeliveryFailures(database_url).record("telegram", sender, 403, "blocked")
    RecentMessages("telegram", database_url).remember(sender, 42)
    ChatStates("telegram", database_url).set_blocked(sender, False)
    ButtonTokens(database_url).token("/choose_district{\"district\": \"Lucknow\"}")
    ScheduledMessages(database_url).schedule("follow_up", "telegram", sender, {"text": "HS case update"},
                                             due_at=NOW + timedelta(days=7))
    DoNotContact(database_url).add("telegram", sender, "exit")
    tracker = get_engine(database_url)   # the tracker store's events table, here in the same database
    EVENTS.metadata.create_all(tracker)
    with tracker.begin() as connection:
        for conversation, text in ((sender, "mera pati"), (WEB, "help"), (WEB_GONE, "bye")):
            connection.execute(sa.insert(EVENTS).values(sender_id=pseudonym(CONVERSATION, conversation),
                                                        data=encrypt_text(json.dumps({"text": text}))))
    return dict(url=database_url, sender=sender, code=report.reference_code, **paths)


def _rotate(world, check=False):
    return rotate(world["url"], world["url"], world["outbox"], world["evidence"], check=check)


def _all_encrypted_values(url):
    with get_engine(url).connect() as connection:
        for table_name, columns in encrypted_columns().items():
            table = Base.metadata.tables[table_name]
            for row in connection.execute(sa.select(*[table.c[c] for c in columns])).all():
                yield from (value for value in row if value)
        yield from (value for (value,) in connection.execute(sa.select(EVENTS.c.data)).all())


def test_old_data_reads_while_both_keys_are_in_the_ring(world, monkeypatch):
    use_keys(monkeypatch, f"new:{NEW_DATA},old:{OLD_DATA}", f"p-new:{NEW_PSEUDONYM},p-old:{OLD_PSEUDONYM}")
    assert all(decrypt_text(value) is not None for value in _all_encrypted_values(world["url"]))
    # Her sender id does not change under her feet: the channel finds her under the old key.
    assert ChannelIdentities(world["url"]).remember("telegram", CHAT_ID) == world["sender"]
    service = ComplaintService(url=world["url"], outbox=Outbox(world["outbox"]))
    assert service.other_reports_mentioning("phone", PHONE) == 1
    assert HandoffService(world["url"]).request(WEB, "socketio", "en", "asked", None).already_waiting
    # A new report naming the same number, hashed under the new key, is still a repeat report.
    second, pin = _report(service)
    service.file(second, pin)
    assert service.other_reports_mentioning("phone", PHONE) == 2
    [phone] = [about for about in CaseWork(world["url"]).case_file(world["code"]).about_him if about.kind == "phone"]
    assert phone.other_reports == 1


def test_rotation_moves_everything_to_the_new_keys_and_keeps_her_links(world, monkeypatch):
    use_keys(monkeypatch, f"new:{NEW_DATA},old:{OLD_DATA}", f"p-new:{NEW_PSEUDONYM},p-old:{OLD_PSEUDONYM}")
    report = _rotate(world)
    data = {name: tally.changed for name, tally in report.data.items()}
    # Every encrypted column of the models was filled above and re-encrypted (a new *_enc column
    # fails here until the fixture writes it too), and so were the tracker store, outbox and files.
    for table_name, columns in encrypted_columns().items():
        for column in columns:
            assert data.get(f"{table_name}.{column}", 0) >= 1, f"{table_name}.{column} not re-encrypted"
    assert data["events.data"] == 3 and data["outbox.payload_enc"] == 1 and data["evidence files"] == 1
    assert report.unreadable == 0
    keyed = {name: tally.changed for name, tally in report.pseudonyms.items()}
    assert keyed["channel_identities.sender_pseudonym"] == 1
    assert keyed["events.sender_id (tracker store)"] == 2        # her Telegram chat and the kept web chat
    assert report.pseudonyms["events.sender_id (tracker store)"].left == 1   # the web chat nobody stores
    assert keyed["complaints.reporter_pseudonym"] == 1 and keyed["pending_evidence.reporter_pseudonym"] == 1
    assert keyed["handoffs.conversation_pseudonym"] == 3 and keyed["counselling_reminders.sender_pseudonym"] == 2
    assert keyed["outbox.reporter_pseudonym"] == 1 and keyed["harasser_identifiers.match_key"] >= 2
    for table in ("delivery_failures", "channel_recent_messages", "channel_chat_states"):
        assert keyed[f"{table}.sender_pseudonym"] == 1

    # From now on the old keys are gone: everything must work with the new ones alone.
    use_keys(monkeypatch, f"new:{NEW_DATA}", f"p-new:{NEW_PSEUDONYM}")
    assert all(decrypt_text(value) is not None for value in _all_encrypted_values(world["url"]))
    new_sender = sender_pseudonym("telegram", CHAT_ID)
    assert new_sender != world["sender"]
    assert ChannelIdentities(world["url"]).remember("telegram", CHAT_ID) == new_sender
    assert ChannelIdentities(world["url"]).address_of("telegram", new_sender) == CHAT_ID
    with get_engine(world["url"]).connect() as connection:
        [recipient] = [token for token in connection.execute(
            sa.select(Complaint.__table__.c.updates_recipient_enc)).scalars().all() if token]
    assert decrypt_text(recipient) == new_sender            # the feedback loop still reaches her
    with get_engine(world["url"]).connect() as connection:   # re-keyed, not found anew and stored twice
        assert connection.execute(sa.select(sa.func.count()).select_from(ChannelIdentity.__table__)).scalar_one() == 1
    vault = EvidenceVault(world["url"], directory=world["evidence"])
    with get_engine(world["url"]).connect() as connection:
        [ref] = connection.execute(sa.select(PendingEvidence.__table__.c.storage_ref)).scalars().all()
    assert vault.read(ref) == b"\x89PNG her evidence"                   # the file, under the new key
    assert vault.discard_pending(new_sender) == 1                       # and still hers
    service = ComplaintService(url=world["url"], outbox=Outbox(world["outbox"]))
    assert service.other_reports_mentioning("phone", PHONE) == 1          # repeat reports still linked
    assert service.deliver_outbox() == 1                                  # the waiting report, readable
    assert service.forget_reporter(new_sender) == 2                       # both her reports were still hers
    handoffs = HandoffService(world["url"])
    assert handoffs.request(new_sender, "telegram", "hi", "asked", None).already_waiting
    assert handoffs.request(WEB, "socketio", "en", "asked", None).already_waiting
    assert sorted(conversation_id_of(h) for h in handoffs.open_handoffs()) == sorted([new_sender, WEB])
    with get_engine(world["url"]).connect() as connection:
        senders = {s for (s,) in connection.execute(sa.select(EVENTS.c.sender_id)).all()}
        reminders = connection.execute(sa.select(CounsellingReminder.__table__.c.sender_enc)).scalars().all()
    assert pseudonym(CONVERSATION, new_sender) in senders and pseudonym(CONVERSATION, WEB) in senders
    assert {decrypt_text(token) for token in reminders} == {new_sender}
    assert CounsellingService(world["url"]).forget_sender(new_sender) == 2
    assert ChatStates("telegram", world["url"]).is_blocked(new_sender) is False
    assert RecentMessages("telegram", world["url"]).deletable(new_sender) == [42]
    assert [f.sender_pseudonym for f in DeliveryFailures(world["url"]).recent()] == [new_sender]
    assert keyed["scheduled_messages.recipient_pseudonym"] == 1 and keyed["do_not_contact.recipient_pseudonym"] == 1
    assert DoNotContact(world["url"]).applies("telegram", new_sender)
    [scheduled] = ScheduledMessages(world["url"]).claim_due("w1", now=NOW + timedelta(days=8))
    assert scheduled.conversation_id == new_sender and scheduled.payload["text"] == "HS case update"


def test_rotation_is_idempotent_and_check_changes_nothing(world, monkeypatch):
    use_keys(monkeypatch, f"new:{NEW_DATA},old:{OLD_DATA}", f"p-new:{NEW_PSEUDONYM},p-old:{OLD_PSEUDONYM}")
    before = sorted(_all_encrypted_values(world["url"]))
    checked = _rotate(world, check=True)
    assert sorted(_all_encrypted_values(world["url"])) == before       # --check wrote nothing
    assert checked.data["complaints.narrative_enc"].changed == 1
    _rotate(world)
    again = _rotate(world)
    assert all(tally.changed == 0 for tally in again.data.values())
    assert all(tally.changed == 0 for tally in again.pseudonyms.values())


def test_a_value_no_key_opens_is_counted_and_left_alone(world, monkeypatch):
    stranger = Fernet(Fernet.generate_key()).encrypt(b"under a key nobody has").decode()
    with get_engine(world["url"]).begin() as connection:
        connection.execute(sa.update(Handoff.__table__).values(summary_enc=stranger)
                           .where(Handoff.__table__.c.summary_enc.is_not(None)))
    use_keys(monkeypatch, f"new:{NEW_DATA},old:{OLD_DATA}", f"p-new:{NEW_PSEUDONYM},p-old:{OLD_PSEUDONYM}")
    report = _rotate(world)
    assert report.data["handoffs.summary_enc"].unreadable == 1 and report.unreadable == 1
    with get_engine(world["url"]).connect() as connection:
        assert stranger in connection.execute(sa.select(Handoff.__table__.c.summary_enc)).scalars().all()


def test_the_command_prints_counts_per_table_and_fails_on_unreadable_values(world, monkeypatch, capsys):
    use_keys(monkeypatch, f"new:{NEW_DATA},old:{OLD_DATA}", f"p-new:{NEW_PSEUDONYM},p-old:{OLD_PSEUDONYM}")
    arguments = ["--database-url", world["url"], "--tracker-database-url", world["url"],
                 "--outbox", str(world["outbox"]), "--evidence-dir", str(world["evidence"])]
    assert main(arguments) == 0
    printed = capsys.readouterr().out
    assert "complaints.narrative_enc: 1 re-encrypted, 0 already current" in printed
    assert "channel_identities.sender_pseudonym: 1 re-keyed" in printed
    assert OLD_DATA not in printed and NEW_DATA not in printed and NEW_PSEUDONYM not in printed
