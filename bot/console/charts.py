"""Small bar charts as inline SVG, drawn on the server: no chart library, no third-party request."""
from html import escape
from typing import Callable, Mapping, Optional

# Counts below this, of people in one place, are shown as "<5" (the same rule as the district map).
SUPPRESS_BELOW = 5

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH = 560, 18, 6, 170


def bar_chart(counts: Mapping[str, float], title: str, unit: str = "", empty: str = "No data yet.",
              label: Optional[Callable[[str], Optional[str]]] = None, hide_small: bool = False) -> str:
    """label(code) -> the code's name in the page's language, or None for data shown as it is
    (a district's name): that is marked translate="no", so the language check leaves it alone.
    hide_small: counts of people per place, where 1 to 4 could single a woman out: shown as "<5" with
    one bar length for all of them, as on the district map (district_map.shown)."""
    if not counts:
        return (f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
                f'<p class="empty">{escape(empty)}</p></figure>')
    top = max(max(counts.values()), SUPPRESS_BELOW if hide_small else 0) or 1
    height = len(counts) * (BAR_HEIGHT + GAP) + GAP
    rows = []
    for index, (code, value) in enumerate(counts.items()):
        y = GAP + index * (BAR_HEIGHT + GAP)
        hidden = hide_small and 0 < value < SUPPRESS_BELOW
        drawn = SUPPRESS_BELOW / 2 if hidden else value
        length = max(1, int((WIDTH - LABEL_WIDTH - 60) * drawn / top))
        shown = f"<{SUPPRESS_BELOW}" if hidden else f"{value:g}{unit}"
        named = label(str(code)) if label else None
        as_is = "" if named else ' translate="no"'
        rows.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end"{as_is}>{escape(named or str(code))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}">'
            f'<title>{escape(shown)}</title></rect>'
            f'<text x="{LABEL_WIDTH + length + 4}" y="{y + 13}">{escape(shown)}</text>')
    return (f'<figure class="chart"><figcaption>{escape(title)}</figcaption>'
            f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
            f'height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg></figure>')
