"""Horizontal bar charts as inline SVG, rendered on the server: no script, no external resource.

Each chart carries a ``<title>`` and ``<desc>`` listing every value, and the page shows the same
numbers in a table, so the information never depends on seeing the picture.
"""

from __future__ import annotations

from html import escape

from vigie.reports.schemas_public import Count

BAR_HEIGHT = 22
LABEL_WIDTH = 150
WIDTH = 560


def bar_chart(chart_id: str, title: str, items: list[Count], labels: dict[str, str]) -> str:
    rows = items[:20]
    peak = max((item.count for item in rows), default=0) or 1
    height = BAR_HEIGHT * max(len(rows), 1) + 8
    desc = "; ".join(f"{labels.get(i.key, i.key)} : {i.count}" for i in rows) or "aucune donnée"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" class="chart">',
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    for index, item in enumerate(rows):
        y = 4 + index * BAR_HEIGHT
        width = round((WIDTH - LABEL_WIDTH - 50) * item.count / peak)
        label = escape(labels.get(item.key, item.key)[:24])
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">{label}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{max(width, 1)}" height="{BAR_HEIGHT - 6}" fill="#1d4e89"/>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 15}" font-size="12">{item.count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
