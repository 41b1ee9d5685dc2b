"""The dashboard's map of Uttar Pradesh: the 75 districts as a tile grid, drawn as SVG on the server
(no map tiles, no outside request, no script), each tile shaded by its count and with the count
written in it, a <title> per tile, and the same numbers in a table beside it.

Small counts are never shown: 1 to 4 become "<5" everywhere (tile, title, table, legend; one shade
for all of them), so that no woman can be singled out in a small district. 0 is shown as 0.
The tiles' places are in district_grid.csv (tests/console/test_district_map.py checks them).
"""
import csv
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Dict, List, Mapping, Tuple

from bot.console.charts import SUPPRESS_BELOW  # counts 1..4 are shown as "<5", as in the bar charts
from bot.console.i18n import text
from bot.lang.districts import UP_DISTRICTS

GRID_FILE = Path(__file__).with_name("district_grid.csv")
SUPPRESSED = f"<{SUPPRESS_BELOW}"
# Shade buckets: (lowest count, fill, text colour). Text colours keep a contrast of 4.5:1 or more.
BUCKETS: Tuple[Tuple[int, str, str], ...] = (
    (0, "#f3f3f5", "#1f1f1f"),
    (1, "#e4d9f2", "#1f1f1f"),     # 1-4, all of them one shade: "<5"
    (SUPPRESS_BELOW, "#c3a9e3", "#1f1f1f"),
    (10, "#8e62c4", "#ffffff"),
    (20, "#5f3596", "#ffffff"),
    (50, "#351a63", "#ffffff"),
)
TILE, GAP, PAD = 46, 4, 4
HINDI_NAMES = {d.name_en: d.name_hi for d in UP_DISTRICTS}


@dataclass(frozen=True)
class Tile:
    district: str     # official English name, as complaints store it
    label: str        # three letters, written in the tile
    column: int
    row: int


@lru_cache(maxsize=1)
def grid() -> Tuple[Tile, ...]:
    with GRID_FILE.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return tuple(Tile(row["district"], row["label"], int(row["column"]), int(row["row"]))
                 for row in csv.DictReader(lines))


def shown(count: int) -> str:
    """What staff may see of a count: 0, "<5" for 1 to 4, else the number."""
    if count <= 0:
        return "0"
    return SUPPRESSED if count < SUPPRESS_BELOW else str(count)


def bucket(count: int) -> int:
    """The shade of a count (an index into BUCKETS)."""
    return max(index for index, (lowest, _, _) in enumerate(BUCKETS) if count >= lowest)


def bucket_label(index: int) -> str:
    lowest = BUCKETS[index][0]
    if index == 0:
        return "0"
    if index == 1:
        return SUPPRESSED
    if index + 1 < len(BUCKETS):
        return f"{lowest}–{BUCKETS[index + 1][0] - 1}"
    return f"{lowest}+"


def district_name(district: str, lang: str) -> str:
    return HINDI_NAMES.get(district, district) if lang == "hi" else district


def svg(counts: Mapping[str, int], lang: str, caption: str) -> str:
    """The tile map. Every number in it has been through `shown`."""
    tiles = grid()
    width = PAD * 2 + (max(t.column for t in tiles) + 1) * (TILE + GAP) - GAP
    height = PAD * 2 + (max(t.row for t in tiles) + 1) * (TILE + GAP) - GAP
    parts = []
    for tile in tiles:
        count = counts.get(tile.district, 0)
        _, fill, ink = BUCKETS[bucket(count)]
        x, y = PAD + tile.column * (TILE + GAP), PAD + tile.row * (TILE + GAP)
        name = district_name(tile.district, lang)
        title = text(lang, "map.tile_title", district=name, count=shown(count))
        parts.append(
            f'<g class="tile" data-district="{escape(tile.district)}" data-shown="{escape(shown(count))}">'
            f"<title>{escape(title)}</title>"
            f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="3" fill="{fill}" stroke="#8a8a94" '
            f'stroke-width="0.5"/>'
            f'<text x="{x + TILE / 2:g}" y="{y + 17}" text-anchor="middle" font-size="11" fill="{ink}" translate="no">'
            f"{escape(tile.label)}</text>"
            f'<text x="{x + TILE / 2:g}" y="{y + 36}" text-anchor="middle" font-size="14" font-weight="bold" '
            f'fill="{ink}">{escape(shown(count))}</text></g>')
    return (f'<svg class="district-map" role="img" aria-label="{escape(caption)}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


def table_rows(counts: Mapping[str, int], lang: str) -> List[Dict[str, str]]:
    """The districts with any count, for the table beside the map: the numbers 5 and up, largest
    first, then the "<5" ones in alphabetical order (their order must not tell one count from another)."""
    known = {tile.district for tile in grid()}
    listed = [(district, count) for district, count in counts.items() if count > 0 and district in known]
    big = sorted((item for item in listed if item[1] >= SUPPRESS_BELOW), key=lambda item: (-item[1], item[0]))
    small = sorted(item[0] for item in listed if item[1] < SUPPRESS_BELOW)
    return ([{"district": district_name(d, lang), "shown": shown(c)} for d, c in big]
            + [{"district": district_name(d, lang), "shown": SUPPRESSED} for d in small])


def legend() -> List[Dict[str, str]]:
    return [{"fill": fill, "label": bucket_label(index)} for index, (_, fill, _) in enumerate(BUCKETS)]
