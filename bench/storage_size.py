"""Bytes per complaint and per conversation in PostgreSQL, for the capacity plan (docs/deploy.md).

Complaints: generated here. A fresh PostgreSQL database gets `--complaints` complaints filed through
ComplaintService (narratives of 150-900 characters in the three scripts, a harasser's number and
handle, half with a call-back number), each then moved through two status changes with a reason
and viewed by an officer four times (audit entries), as an officer's desk would. Reported: table,
index and TOAST bytes per complaint (pg_total_relation_size), all tables that grow with complaints.

Conversations: measured from real ones. `--tracker` names a tracker store file (SQLite) that the
real Rasa server wrote, e.g. the end-to-end tests' (`/tmp/pytest-of-*/pytest-*/servers*/tracker.db`);
its events are copied into PostgreSQL as they are (encrypted) and measured there: events per
conversation, bytes per event and per conversation.

`python -m bench.storage_size --complaints 500 --tracker PATH` (PostgreSQL on 127.0.0.1, user
postgres; a database of its own, dropped at the end).
"""
import argparse
import random
import statistics
import uuid
from datetime import date
from pathlib import Path
from typing import Dict, List, Optional

from sqlalchemy import MetaData, create_engine, func, select, text

from bot.complaints.report import ComplaintReport, HarasserDetails
from bot.complaints.service import ComplaintService, reporter_pseudonym
from bot.complaints.sink import DatabaseSink
from bot.console.audit import AuditLog
from bot.store.init_db import init_db

ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
COMPLAINT_TABLES = ("complaints", "complaint_status_history", "harasser_identifiers", "contacts", "audit_log")
NARRATIVES = [
    "Ek ladka roz college ke gate se ghar tak peecha karta hai, bike pe, aur 9812345678 se raat ko call karta hai. ",
    "मेरे पड़ोस का एक आदमी रोज़ सुबह बस स्टॉप पर गंदे इशारे करता है और मेरा नंबर दूसरों को दे दिया है। ",
    "Someone made a fake Instagram profile with my photos and is sending messages to my relatives asking for money. ",
]


class NoFloodLimits:
    """The flood limits stop a burst of complaints: a size measurement files hundreds in a row."""

    def check_complaint(self, _pseudonyms) -> None:
        return None


def _narrative(rng: random.Random) -> str:
    base = rng.choice(NARRATIVES)
    return (base * 9)[: rng.randint(150, 900)]


def _sizes(engine, tables) -> Dict[str, int]:
    with engine.connect() as connection:
        return {t: connection.execute(text("SELECT pg_total_relation_size(:t)"), {"t": t}).scalar_one()
                for t in tables}


def measure_complaints(url: str, count: int, seed: int = 7) -> Dict[str, float]:
    init_db(url)
    engine = create_engine(url, future=True)
    before = _sizes(engine, COMPLAINT_TABLES)
    service = ComplaintService(sink=DatabaseSink(url), url=url)
    service.flood = NoFloodLimits()  # type: ignore[assignment]
    audit = AuditLog(url)
    rng = random.Random(seed)
    for number in range(count):
        mode = "callback" if number % 2 else "anonymous"
        code, pin, pin_hash = service.new_report_identity(mode)
        report = ComplaintReport(
            reference_code=code, category=rng.choice(["stalking", "online", "phone_calls", "workplace"]),
            language=rng.choice(["hi", "hi-Latn", "en"]), channel=rng.choice(["web", "telegram", "whatsapp"]),
            narrative=_narrative(rng), contact_mode=mode, pin_hash=pin_hash, district="Lucknow",
            place="Gomti Nagar", incident_start=date(2026, 11, 25), incident_end=date(2026, 11, 30),
            incident_when_text="5 din se", evidence="screenshots",
            harasser=HarasserDetails(phones=["+919812345678"], handles=["instagram:someone_x"],
                                     description="college ka senior"),
            reporter_pseudonym=reporter_pseudonym(f"telegram:{uuid.uuid4().hex}"),
            callback_phone="+919876543210" if mode == "callback" else None)
        service.file(report, pin)
        service.set_status(code, "in_progress", changed_by="1", reason="Called her back; spoke to the college.")
        service.set_status(code, "action_taken", changed_by="1", reason="Warning given to him by the SHO.")
        for _ in range(4):
            audit.record(None, "view_complaint", "complaint", code, "narrative shown")
    after = _sizes(engine, COMPLAINT_TABLES)
    grown = {table: (after[table] - before[table]) / count for table in COMPLAINT_TABLES}
    grown["total"] = sum(grown.values())
    return grown


def measure_conversations(url: str, tracker_file: Path) -> Dict[str, float]:
    source = create_engine(f"sqlite:///{tracker_file}", future=True)
    metadata = MetaData()
    metadata.reflect(source, only=["events"])
    events = metadata.tables["events"]
    target = create_engine(url, future=True)
    metadata.create_all(target)
    with source.connect() as reading, target.begin() as writing:
        rows = [dict(row._mapping) for row in reading.execute(select(events))]
        writing.execute(events.insert(), rows)
    with target.connect() as connection:
        per_sender: List[int] = [n for (n,) in connection.execute(
            select(func.count()).select_from(events).group_by(events.c.sender_id))]
        total = connection.execute(text("SELECT pg_total_relation_size('events')")).scalar_one()
        data_bytes = connection.execute(select(func.sum(func.length(events.c.data)))).scalar_one() or 0
        her_messages = connection.execute(select(func.count()).select_from(events)
                                          .where(events.c.type_name == "user")).scalar_one()
    count = len(rows)
    per_event = total / count
    return {"conversations": len(per_sender), "events": count, "bytes_per_event": per_event,
            "data_bytes_per_event": data_bytes / count,
            "events_per_conversation_median": statistics.median(per_sender),
            "events_per_conversation_p90": statistics.quantiles(per_sender, n=10)[-1] if len(per_sender) > 1 else 0,
            "bytes_per_conversation_median": per_event * statistics.median(per_sender),
            # Test conversations are short; a turn (her message, the bot's actions, slots, replies)
            # scales to conversations of any length.
            "her_messages": her_messages, "bytes_per_her_message": total / her_messages if her_messages else 0}


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=500)
    parser.add_argument("--tracker", type=Path, help="a tracker store SQLite file written by the real Rasa server")
    args = parser.parse_args(argv)
    name = f"hs_storage_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        if args.complaints:
            for table, size in measure_complaints(url, args.complaints).items():
                print(f"complaint bytes, {table}: {size:,.0f}")
        if args.tracker:
            for key, value in measure_conversations(url, args.tracker).items():
                print(f"conversation {key}: {value:,.1f}")
    finally:
        from bot.store.db import get_engine
        get_engine(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
