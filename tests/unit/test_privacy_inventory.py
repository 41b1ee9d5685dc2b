"""docs/privacy.md's data inventory stays in step with the models: every table (ours, the tracker
store's `events`, the outbox) has one row, no row names a table that does not exist, and the
"encrypted" cell names exactly the table's encrypted (`*_enc`) columns."""
import re

from bot.complaints.outbox import OutboxBase
from bot.store.models import Base
from tests.conftest import ROOT

TRACKER_TABLES = {"events": set()}   # bot/store/tracker_store.py: its `data` column is an EncryptedText type


def inventory() -> dict:
    text = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
    section = text.split("## Data inventory", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        match = re.fullmatch(r"`([a-z_]+)`", cells[0]) if len(cells) == 7 else None
        if match:
            assert match.group(1) not in rows, f"{match.group(1)} listed twice"
            rows[match.group(1)] = cells
    return rows


def encrypted_columns(table) -> set:
    return {column.name for column in table.columns if column.name.endswith("_enc")}


def test_every_table_has_exactly_one_row():
    tables = {**{name: encrypted_columns(t) for name, t in Base.metadata.tables.items()},
              **{name: encrypted_columns(t) for name, t in OutboxBase.metadata.tables.items()}, **TRACKER_TABLES}
    rows = inventory()
    assert sorted(set(tables) - set(rows)) == [], "tables missing from docs/privacy.md's inventory"
    assert sorted(set(rows) - set(tables)) == [], "inventory rows for tables that do not exist"


def test_the_encrypted_cell_names_the_encrypted_columns():
    rows = inventory()
    for name, table in {**Base.metadata.tables, **OutboxBase.metadata.tables}.items():
        named = set(re.findall(r"`([a-z_]+_enc)`", rows[name][3]))
        assert named == encrypted_columns(table), f"{name}: inventory says {named}"
    from bot.store.tracker_store import EncryptedSQLTrackerStore, EncryptedText
    assert isinstance(EncryptedSQLTrackerStore.SQLEvent.__table__.c.data.type, EncryptedText)
    assert "`data`" in rows["events"][3]


def test_every_row_says_who_reads_it_how_long_and_what_erase_does():
    for name, cells in inventory().items():
        assert all(cells[1:]), f"{name}: an empty cell"


def test_a_table_keyed_by_her_pseudonym_says_what_erase_does_to_it():
    """A new table that can find her (a *_pseudonym column) cannot be listed as holding nothing of
    hers: it needs an eraser (bot/privacy/erasers.py) and its inventory line says what it does."""
    rows = inventory()
    for name, table in Base.metadata.tables.items():
        if any(column.name.endswith("_pseudonym") for column in table.columns):
            assert rows[name][6] != "nothing of hers", name
