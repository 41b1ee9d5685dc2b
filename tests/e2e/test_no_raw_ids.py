"""No table holds a raw channel or session id: after a handoff to a counsellor, a filed report and a
status check over the real servers, every column of every table of our database and of the tracker
store is searched for the senders' ids (REST sender ids stand for socket.io session ids here)."""
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.handoff.service import HandoffService, conversation_id_of, is_conversation
from tests.e2e.conftest import Chat
from tests.e2e.reporting import file_anonymous_report

pytestmark = pytest.mark.e2e


def tables_holding(url: str, needle: str) -> list:
    """'table.column' for every value (as text) of every table at `url` that contains `needle`."""
    engine = sa.create_engine(url, future=True)
    found = []
    metadata = sa.MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(sa.select(table)).all():
                for column, value in zip(table.columns, row):
                    if value is not None and needle in str(value):
                        found.append(f"{table.name}.{column.name}")
    engine.dispose()
    return sorted(set(found))


def test_no_table_holds_a_raw_sender_id(servers):
    asking, reporting = Chat(servers), Chat(servers)
    asking.say("mujhe kisi insaan se baat karni hai")
    queued = asking.say("nahi")   # no summary: still queued
    assert any("Queue mein aapka number" in (reply.get("text") or "") for reply in queued)
    code, pin, _ = file_anonymous_report(reporting, "en")
    reporting.say(f"please check the status of {code}")
    assert [reply.get("text") for reply in reporting.say(pin)]   # the status, in her conversation

    [handoff] = [h for h in HandoffService(servers.database_url).open_handoffs() if is_conversation(h, asking.sender)]
    assert conversation_id_of(handoff) == asking.sender          # kept, encrypted, to relay her messages
    tracker_file = Path(servers.log_dir) / "tracker.db"   # where local_endpoints puts the tracker store
    assert tracker_file.exists()
    tracker_url = f"sqlite:///{tracker_file}"
    for url in (servers.database_url, tracker_url):
        for sender in (asking.sender, reporting.sender):
            assert tables_holding(url, sender) == [], f"{sender} stored raw in {url}"
    # The search does read every table: the reference code is stored as it is (she reads it out).
    assert tables_holding(servers.database_url, code) == ["complaints.reference_code"]
    assert tables_holding(tracker_url, "action_listen") == ["events.action_name"]
