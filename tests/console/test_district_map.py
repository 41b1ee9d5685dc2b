"""The dashboard's map of Uttar Pradesh: every district placed once, shades and small-count
suppression (a count of 1 to 4 is never shown), the counts behind it, and the page with demo data."""
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from bot.complaints.feedback import FeedbackLoop
from bot.complaints.outbox import Outbox
from bot.complaints.report import HarasserDetails
from bot.complaints.service import ComplaintService
from bot.complaints.sink import DatabaseSink
from bot.console import district_map
from bot.console.district_counts import DistrictCounts
from bot.lang.districts import UP_DISTRICTS
from bot.store.db import session_factory
from bot.store.models import Complaint
from tests.console.conftest import login
from tests.integration.test_complaint_service import _report

SVG = "{http://www.w3.org/2000/svg}"
NOW = datetime.now(timezone.utc)


def test_every_district_is_placed_exactly_once_and_no_two_share_a_tile():
    tiles = district_map.grid()
    names = [tile.district for tile in tiles]
    assert len(tiles) == 75 and sorted(names) == sorted(d.name_en for d in UP_DISTRICTS)
    assert len({(tile.column, tile.row) for tile in tiles}) == 75
    assert len({tile.label for tile in tiles}) == 75 and all(re.fullmatch(r"[A-Z]{3}", t.label) for t in tiles)
    assert all(tile.column >= 0 and tile.row >= 0 for tile in tiles)
    where = {tile.district: (tile.column, tile.row) for tile in tiles}
    # Roughly where they lie: the west is left, the north is up.
    assert where["Ghaziabad"][0] < where["Lucknow"][0] < where["Varanasi"][0] < where["Ballia"][0]
    assert where["Saharanpur"][1] < where["Lucknow"][1] < where["Prayagraj"][1] < where["Sonbhadra"][1]
    assert where["Jhansi"][1] > where["Agra"][1] and where["Gorakhpur"][1] < where["Varanasi"][1]


def test_small_counts_are_suppressed_and_share_one_shade():
    assert [district_map.shown(n) for n in (0, 1, 2, 3, 4, 5, 12)] == ["0", "<5", "<5", "<5", "<5", "5", "12"]
    assert len({district_map.bucket(n) for n in (1, 2, 3, 4)}) == 1
    assert district_map.bucket(0) != district_map.bucket(1) != district_map.bucket(5)
    assert [district_map.bucket(n) for n in (9, 10, 19, 20, 49, 50, 500)] == [2, 3, 3, 4, 4, 5, 5]
    assert [item["label"] for item in district_map.legend()] == ["0", "<5", "5–9", "10–19", "20–49", "50+"]


def _tile_texts(svg: str) -> dict:
    root = ET.fromstring(svg)
    return {g.get("data-district"): [g.get("data-shown")] + [el.text for el in g.iter() if el.text]
            for g in root.iter(f"{SVG}g")}


def test_a_count_of_three_is_never_shown_in_the_map_or_the_table():
    counts = {"Lucknow": 3, "Agra": 12, "Jhansi": 1, "Banda": 4}
    svg = district_map.svg(counts, "en", "Complaints by district")
    texts = _tile_texts(svg)
    assert len(texts) == 75
    for district in ("Lucknow", "Jhansi", "Banda"):
        assert texts[district][0] == "<5" and "<5" in texts[district]
        assert not any(re.search(r"(?<![<\d])[1-4](?!\d)", value) for value in texts[district]), texts[district]
    assert texts["Agra"][0] == "12" and "Agra: 12" in texts["Agra"]
    assert texts["Mathura"][0] == "0"
    rows = district_map.table_rows(counts, "en")
    assert rows == [{"district": "Agra", "shown": "12"}, {"district": "Banda", "shown": "<5"},
                    {"district": "Jhansi", "shown": "<5"}, {"district": "Lucknow", "shown": "<5"}]
    hindi = _tile_texts(district_map.svg(counts, "hi", "ज़िलेवार शिकायतें"))
    assert "लखनऊ — गिनती: <5" in hindi["Lucknow"]


@pytest.fixture
def complaints(db_url, tmp_path):
    return ComplaintService(sink=DatabaseSink(db_url), outbox=Outbox(tmp_path / "outbox.db"), url=db_url)


def _file(service, db_url, district, days_ago, phones=()):
    report, pin = _report(service, district=district, harasser=HarasserDetails(phones=list(phones)))
    service.file(report, pin)
    with session_factory(db_url)() as session, session.begin():
        session.execute(update(Complaint).where(Complaint.reference_code == report.reference_code)
                        .values(created_at=NOW - timedelta(days=days_ago)))
    return report.reference_code


def test_the_counts_per_measure_and_period(db_url, complaints):
    for days in (1, 2, 20):
        _file(complaints, db_url, "Agra", days)
    _file(complaints, db_url, "Agra", 60)
    _file(complaints, db_url, "Agra", 300)
    first = _file(complaints, db_url, "Meerut", 3, ["+447700900123"])
    _file(complaints, db_url, "Meerut", 200, ["+447700900123"])      # the same number: a repeat
    _file(complaints, db_url, "Meerut", 5, ["+447700900999"])        # named once only
    FeedbackLoop(db_url, complaints=complaints).answer(first, "not_stopped", now=NOW - timedelta(days=1))
    counts = DistrictCounts(db_url, clock=lambda: NOW)
    assert counts.counts("complaints", "4w") == {"Agra": 3, "Meerut": 2}
    assert counts.counts("complaints", "12w") == {"Agra": 4, "Meerut": 2}
    assert counts.counts("complaints", "1y") == {"Agra": 5, "Meerut": 3}
    assert counts.counts("repeat", "4w") == {"Meerut": 1}
    assert counts.counts("repeat", "1y") == {"Meerut": 2}
    assert counts.counts("not_stopped", "4w") == {"Meerut": 1}
    with pytest.raises(ValueError):
        counts.counts("names", "4w")


def _map_section(page: str) -> str:
    return page.split('<section id="district-map"', 1)[1].split("</section>", 1)[0]


@pytest.mark.asyncio
async def test_the_dashboard_map_never_shows_a_count_of_three(console, db_url, complaints):
    for _ in range(3):
        _file(complaints, db_url, "Agra", 2)
    await login(console, "asha")
    section = _map_section(await (await console.get("/dashboard")).text())
    agra = section.split('data-district="Agra"', 1)[1].split("</g>", 1)[0]
    assert 'data-shown="&lt;5"' in agra and "Agra: &lt;5" in agra
    assert not re.search(r">\s*3\s*<|: 3\b|\b3 complaints", section)
    assert "<td>Agra</td><td>&lt;5</td>" in section
    assert "“&lt;5”" in section or "&lt;5" in section.split('id="map-suppression"', 1)[1][:400]


@pytest.mark.asyncio
async def test_the_dashboard_shows_the_map_with_demo_data(console, db_url):
    from bot.devtools.demo_data import load_demo_data
    load_demo_data(db_url, now=NOW, complaints=60)
    await login(console, "sup")
    page = await (await console.get("/dashboard")).text()
    section = _map_section(page)
    shown = re.findall(r'data-shown="([^"]+)"', section)
    assert len(shown) == 75
    assert any(value.isdigit() and int(value) >= 5 for value in shown)     # the big districts
    assert "&lt;5" in shown or any(value == "&lt;5" for value in shown)
    assert '<option value="12w" selected>' in section and "<table" in section
    for measure in ("repeat", "not_stopped"):
        page = await (await console.get(f"/dashboard?map_measure={measure}&map_period=1y")).text()
        section = _map_section(page)
        assert f'<option value="{measure}" selected>' in section and '<option value="1y" selected>' in section
        assert re.search(r'data-shown="(?!0")', section), measure          # the demo has some of each
    page = await (await console.get("/dashboard?map_measure=names&map_period=99y")).text()
    assert '<option value="complaints" selected>' in _map_section(page)  # anything else: the defaults


def test_the_district_bar_charts_hide_small_counts_too():
    from bot.console.charts import bar_chart
    svg = bar_chart({"Lalitpur": 3, "Lucknow": 12}, "Complaints by district", hide_small=True)
    assert ">&lt;5<" in svg and ">3<" not in svg and ">12<" in svg
    one, four = (bar_chart({"Lalitpur": n, "Lucknow": 12}, "t", hide_small=True) for n in (1, 4))
    assert one == four   # not even the bar's length tells 1 from 4
    assert ">3<" in bar_chart({"Lalitpur": 3}, "Complaints per category")   # other charts unchanged
