"""Moves everything to the current keys: `python -m bot.store.rotate_keys`.

Data key (HS_DATA_KEY): every encrypted value is re-encrypted under the current (first) key of the
ring: each `*_enc` column of bot/store/models.py, the event data of Rasa's tracker store, the
complaint outbox and the evidence files on disk. Values already under the current key are left
alone, so the command is safe to repeat and to resume after a crash (a value under either key
reads). A value no key of the ring opens is never touched: it is counted, and the exit code is 2.

Pseudonym key (HS_PSEUDONYM_KEY): a keyed hash cannot be re-keyed without the value it was made
from, so the command re-keys what it can recompute:
- harasser numbers and handles, from their encrypted copy (`value_enc`);
- each channel identity (Telegram chat id, WhatsApp number, from `address_enc`): her sender id
  changes, and with it everything made from it, in one go: the tracker store's conversation, her
  reporter pseudonym on complaints and pending evidence, reminders, handoffs, delivery failures,
  recent message ids, blocked state, outbox reports;
- conversations whose id is kept encrypted (reminders, handoffs: web chats too).
What is made from ids nobody stores (a web chat's random session id, in the tracker store and on
her complaints) keeps its pseudonym: lookups try every key of the ring, the tracker store moves a
conversation to the current key when she writes again, and retention removes the rest. Those rows
are counted as "not re-keyable here"; keep the older pseudonym key in the ring while they matter.

Production, in order: (1) add the new key LAST in the secret on every instance (all can read under
it); (2) move it FIRST (all now write under it); (3) run this command once, in a quiet hour; (4) when
`--check` reports nothing under the old key, remove it. Locally, `--add-local-key data` (or
`pseudonym`, `both`) puts a new key first in var/secrets/ and rotates at once.
"""
import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot import settings
from bot.channels.identity import sender_pseudonym
from bot.complaints import outbox as outbox_module
from bot.complaints.service import reporter_pseudonym
from bot.complaints.sink import identifier_key
from bot.counselling.service import sender_pseudonym as counselling_sender_pseudonym
from bot.handoff.service import conversation_pseudonym as handoff_pseudonym
from bot.jobs.scheduled import NAMESPACE as SCHEDULED_NAMESPACE, recipient_pseudonym
from bot.store import keyring
from bot.store.db import get_engine
from bot.store.encryption import decrypt_text, encrypt_text, reencrypted, reencrypted_text
from bot.store.models import (Base, ChannelChatState, ChannelIdentity, ChannelRecentMessage, Complaint,
                              CounsellingBooking,
                              CounsellingReminder, DeliveryFailure, DoNotContact, Handoff, HarasserIdentifier,
                              PendingEvidence, ScheduledMessage)
from bot.store.pseudonym import CONVERSATION, pseudonym, pseudonym_candidates
from bot.store.secrets import MissingSecrets, replace_private_file

BATCH = 500
EVENTS = sa.Table("events", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                  sa.Column("sender_id", sa.String(255)), sa.Column("data", sa.Text))
OUTBOX = outbox_module.PendingReport.__table__

# Pseudonyms made from her sender id: (table, column, how the pseudonym is made from a sender id).
SENDER_DERIVED: List[Tuple[sa.Table, str, Callable[[str], str], str]] = [
    (Complaint.__table__, "reporter_pseudonym", reporter_pseudonym, "reporter"),
    (PendingEvidence.__table__, "reporter_pseudonym", reporter_pseudonym, "reporter"),
    (CounsellingReminder.__table__, "sender_pseudonym", counselling_sender_pseudonym, "counselling-sender"),
    (CounsellingBooking.__table__, "conversation_pseudonym", counselling_sender_pseudonym, "counselling-sender"),
    (Handoff.__table__, "conversation_pseudonym", handoff_pseudonym, "handoff-conversation"),
    (ScheduledMessage.__table__, "recipient_pseudonym", recipient_pseudonym, SCHEDULED_NAMESPACE),
    (DoNotContact.__table__, "recipient_pseudonym", recipient_pseudonym, SCHEDULED_NAMESPACE),
]
# Tables that hold her channel sender id itself.
SENDER_ITSELF = [DeliveryFailure.__table__, ChannelRecentMessage.__table__, ChannelChatState.__table__]
# Encrypted copies of her sender id (re-encrypted with the new id when it changes).
SENDER_COPIES = [(CounsellingReminder.__table__, "sender_enc"), (Handoff.__table__, "conversation_enc"),
                 (ScheduledMessage.__table__, "recipient_enc"), (Complaint.__table__, "updates_recipient_enc"),
                 (CounsellingBooking.__table__, "conversation_enc")]


@dataclass
class Tally:
    changed: int = 0
    current: int = 0
    unreadable: int = 0
    left: int = 0          # pseudonyms: not re-keyable here


@dataclass
class Report:
    data: Dict[str, Tally] = field(default_factory=dict)
    pseudonyms: Dict[str, Tally] = field(default_factory=dict)

    def lines(self, check: bool) -> List[str]:
        done = "to re-encrypt" if check else "re-encrypted"
        moved = "to re-key" if check else "re-keyed"
        out = [f"data key {keyring.keys(keyring.DATA.name)[0].id} (current):"]
        for name, tally in sorted(self.data.items()):
            unreadable = f", {tally.unreadable} UNREADABLE with every key" if tally.unreadable else ""
            out.append(f"  {name}: {tally.changed} {done}, {tally.current} already current{unreadable}")
        out.append(f"pseudonym key {keyring.keys(keyring.PSEUDONYM.name)[0].id} (current):")
        for name, tally in sorted(self.pseudonyms.items()):
            left = f", {tally.left} not re-keyable here (ids nobody stores)" if tally.left else ""
            out.append(f"  {name}: {tally.changed} {moved}{left}")
        return out

    @property
    def unreadable(self) -> int:
        return sum(tally.unreadable for tally in self.data.values())


def encrypted_columns() -> Dict[str, List[str]]:
    """Every `*_enc` column of our models, by table: the rotation covers a new one by itself."""
    return {table.name: [c.name for c in table.columns if c.name.endswith("_enc")]
            for table in Base.metadata.sorted_tables if any(c.name.endswith("_enc") for c in table.columns)}


# ------------------------------------------------------------------------------ data key ------
def reencrypt_table(engine: Engine, table: sa.Table, columns: Iterable[str], report: Report, check: bool) -> None:
    if not sa.inspect(engine).has_table(table.name):
        return
    key = next(iter(table.primary_key.columns))
    tallies = {column: report.data.setdefault(f"{table.name}.{column}", Tally()) for column in columns}
    last = None
    while True:
        with engine.begin() as connection:
            query = sa.select(key, *[table.c[column] for column in tallies]).order_by(key).limit(BATCH)
            if last is not None:
                query = query.where(key > last)
            rows = connection.execute(query).all()
            for row in rows:
                changes = {}
                for column, tally in tallies.items():
                    value = row._mapping[table.c[column]]
                    if not value:
                        continue
                    try:
                        rotated = reencrypted_text(value)
                    except ValueError:
                        tally.unreadable += 1
                        continue
                    if rotated is None:
                        tally.current += 1
                    else:
                        tally.changed += 1
                        changes[column] = rotated
                if changes and not check:
                    connection.execute(sa.update(table).where(key == row[0]).values(**changes))
        if len(rows) < BATCH:
            return
        last = rows[-1][0]


def reencrypt_files(directory: Path, report: Report, check: bool) -> None:
    tally = report.data.setdefault("evidence files", Tally())
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.enc")):
        try:
            rotated = reencrypted(path.read_bytes())
        except ValueError:
            tally.unreadable += 1
            continue
        if rotated is None:
            tally.current += 1
            continue
        tally.changed += 1
        if not check:
            replace_private_file(path, rotated)


# ------------------------------------------------------------------------------ pseudonyms ----
def _plain(token: str) -> Optional[str]:
    """The plain value, or None when no key opens it (the data pass has counted it already)."""
    try:
        return decrypt_text(token)
    except ValueError:
        return None


def sender_ids(connection: Connection, report: Report) -> Dict[str, str]:
    """Every sender id whose plain value is known here -> her sender id under the current key.
    Channel identities change (recomputed from her address); other known ids (web chats, in the
    encrypted copies of reminders and handoffs) stay what they are."""
    moves: Dict[str, str] = {}
    tally = report.pseudonyms.setdefault("channel_identities.sender_pseudonym", Tally())
    identities = ChannelIdentity.__table__
    for row in connection.execute(sa.select(identities.c.channel, identities.c.sender_pseudonym,
                                            identities.c.address_enc)).all():
        address = _plain(row.address_enc)
        if address is None:
            continue
        new = sender_pseudonym(row.channel, address)
        moves[row.sender_pseudonym] = new
        tally.changed += new != row.sender_pseudonym
    for table, column in SENDER_COPIES:
        for (token,) in connection.execute(sa.select(table.c[column]).where(table.c[column].is_not(None))).all():
            sender = _plain(token)
            if sender is not None:
                moves.setdefault(sender, sender)
    return moves


def value_moves(namespace: str, make: Callable[[str], str], moves: Dict[str, str]) -> Tuple[Dict[str, str], set]:
    """Old stored pseudonym -> current one, for every known sender under every key of the ring;
    and the set of current pseudonyms (what needs no move)."""
    changes, targets = {}, set()
    for old, new in moves.items():
        target = make(new)
        targets.add(target)
        for candidate in pseudonym_candidates(namespace, old):
            if candidate != target:
                changes[candidate] = target
    return changes, targets


def rekey_column(connection: Connection, table: sa.Table, column: str, changes: Dict[str, str],
                 targets: Optional[set], tally: Tally, check: bool) -> None:
    """Replaces each stored value found in `changes`; counts the rest that is neither a target nor
    re-keyable here (when `targets` is given)."""
    col = table.c[column]
    for (value,) in connection.execute(sa.select(col).where(col.is_not(None)).distinct()).all():
        if value in changes:
            if check:
                tally.changed += connection.execute(
                    sa.select(sa.func.count()).select_from(table).where(col == value)).scalar_one()
            else:
                tally.changed += connection.execute(sa.update(table).where(col == value)
                                                    .values({column: changes[value]})).rowcount
        elif targets is not None and value not in targets:
            tally.left += connection.execute(
                sa.select(sa.func.count()).select_from(table).where(col == value)).scalar_one()


def rekey_sender_copies(connection: Connection, moves: Dict[str, str], check: bool) -> None:
    for table, column in SENDER_COPIES:
        key = next(iter(table.primary_key.columns))
        for row_id, token in connection.execute(sa.select(key, table.c[column])
                                                .where(table.c[column].is_not(None))).all():
            sender = _plain(token)
            if sender is not None and moves.get(sender, sender) != sender and not check:
                connection.execute(sa.update(table).where(key == row_id)
                                   .values({column: encrypt_text(moves[sender])}))


def rekey_identifiers(connection: Connection, report: Report, check: bool) -> None:
    table = HarasserIdentifier.__table__
    tally = report.pseudonyms.setdefault("harasser_identifiers.match_key", Tally())
    rows = connection.execute(sa.select(table.c.id, table.c.kind, table.c.match_key, table.c.value_enc)
                              .where(table.c.match_key.is_not(None))).all()
    for row in rows:
        value = _plain(row.value_enc)
        new = identifier_key(row.kind, value) if value is not None else row.match_key
        if new != row.match_key:
            tally.changed += 1
            if not check:
                connection.execute(sa.update(table).where(table.c.id == row.id).values(match_key=new))


def rekey_channel_identities(connection: Connection, moves: Dict[str, str], check: bool) -> None:
    table = ChannelIdentity.__table__
    if check:
        return
    for old, new in moves.items():
        if old != new:
            connection.execute(sa.update(table).where(table.c.sender_pseudonym == old).values(sender_pseudonym=new))


def rekey_outbox(path: Path, reporter_changes: Dict[str, str], report: Report, check: bool) -> None:
    tally = report.pseudonyms.setdefault("outbox.reporter_pseudonym", Tally())
    if not path.exists():
        return
    engine = sa.create_engine(f"sqlite:///{path}", future=True)
    with engine.begin() as connection:
        rows = connection.execute(sa.select(OUTBOX.c.reference_code, OUTBOX.c.payload_enc)
                                  .where(OUTBOX.c.payload_enc != "")).all()
        for code, token in rows:
            plain = _plain(token)
            if plain is None:
                continue
            payload = json.loads(plain)
            new = reporter_changes.get(payload.get("reporter_pseudonym") or "")
            if new:
                tally.changed += 1
                payload["reporter_pseudonym"] = new
                if not check:
                    connection.execute(sa.update(OUTBOX).where(OUTBOX.c.reference_code == code).values(
                        payload_enc=encrypt_text(json.dumps(payload, ensure_ascii=False))))
    engine.dispose()


# ------------------------------------------------------------------------------ the command ---
def rotate(database_url: Optional[str] = None, tracker_url: Optional[str] = None, outbox_path: Optional[Path] = None,
           evidence_dir: Optional[Path] = None, check: bool = False) -> Report:
    report = Report()
    engine = get_engine(database_url)
    tracker = get_engine(tracker_url or settings.tracker_database_url())
    outbox_path = Path(outbox_path or outbox_module.default_path())

    # Data first: every value under the current data key.
    for table_name, columns in encrypted_columns().items():
        reencrypt_table(engine, Base.metadata.tables[table_name], columns, report, check)
    reencrypt_table(tracker, EVENTS, ["data"], report, check)
    if outbox_path.exists():
        outbox_engine = sa.create_engine(f"sqlite:///{outbox_path}", future=True)
        reencrypt_table(outbox_engine, OUTBOX, ["payload_enc"], report, check)
        outbox_engine.dispose()
    reencrypt_files(Path(evidence_dir or settings.EVIDENCE_DIR), report, check)
    # Then pseudonyms (the sender copies they change are encrypted again, with her new id).
    with engine.connect() as connection:
        moves = sender_ids(connection, report)
    conversation_changes, conversation_targets = value_moves(CONVERSATION, lambda s: pseudonym(CONVERSATION, s),
                                                             moves)
    reporter_changes, _ = value_moves("reporter", reporter_pseudonym, moves)
    # The tracker store and the outbox before her identities: should this stop in between, the next
    # run still knows the old ids from the identities and finishes the move.
    if sa.inspect(tracker).has_table("events"):
        with tracker.begin() as connection:
            rekey_column(connection, EVENTS, "sender_id", conversation_changes, conversation_targets,
                         report.pseudonyms.setdefault("events.sender_id (tracker store)", Tally()), check)
    rekey_outbox(outbox_path, reporter_changes, report, check)
    with engine.begin() as connection:
        for table in SENDER_ITSELF:
            changes = {old: new for old, new in moves.items() if old != new}
            rekey_column(connection, table, "sender_pseudonym", changes, None,
                         report.pseudonyms.setdefault(f"{table.name}.sender_pseudonym", Tally()), check)
        for table, column, make, namespace in SENDER_DERIVED:
            changes, targets = value_moves(namespace, make, moves)
            rekey_column(connection, table, column, changes, targets,
                         report.pseudonyms.setdefault(f"{table.name}.{column}", Tally()), check)
        rekey_sender_copies(connection, moves, check)
        rekey_identifiers(connection, report, check)
        rekey_channel_identities(connection, moves, check)

    return report


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.store.rotate_keys", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="count what is not under the current keys; change nothing")
    parser.add_argument("--add-local-key", choices=("data", "pseudonym", "both"),
                        help="laptops: put a new current key first in var/secrets/, then rotate")
    parser.add_argument("--new-key", choices=("data", "pseudonym"),
                        help="print a new 'id:key' entry for the secret store, and nothing else")
    parser.add_argument("--database-url", help="default: DATABASE_URL")
    parser.add_argument("--tracker-database-url", help="default: TRACKER_DB_* of the production endpoints, "
                                                        "else var/tracker.db")
    parser.add_argument("--outbox", type=Path, help="default: var/outbox.db (each action server has its own)")
    parser.add_argument("--evidence-dir", type=Path, help="default: EVIDENCE_DIR")
    args = parser.parse_args(argv)
    if args.new_key:
        print(keyring.new_entry(keyring.KINDS[args.new_key]))
        return 0
    try:
        keyring.check_keys("rotate_keys")
        if args.add_local_key:
            for kind in (("data", "pseudonym") if args.add_local_key == "both" else (args.add_local_key,)):
                key = keyring.add_local_key(keyring.KINDS[kind])
                print(f"new current {kind} key: {key.id} (var/secrets/{keyring.KINDS[kind].local_file})")
    except (MissingSecrets, RuntimeError) as error:
        print(error, file=sys.stderr)
        return 1
    report = rotate(args.database_url, args.tracker_database_url, args.outbox, args.evidence_dir, args.check)
    print("\n".join(report.lines(args.check)))
    if report.unreadable:
        print(f"{report.unreadable} value(s) open with no key of the ring: left untouched. Was a key removed "
              "too early?", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
