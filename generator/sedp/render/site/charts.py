"""Static SVG charts made at build time: no JavaScript, no fonts from a CDN."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from markupsafe import Markup

from sedp.core import fmt

ROW = 26
LABEL_WIDTH = 230
BAR_WIDTH = 300


def bars(title: str, items: list[tuple[str, object]], unit: str = "", as_percent_of=None,
         places: int = 2) -> Markup:
    """Horizontal bars, one per (label, value); values as Vietnamese numbers or shares."""
    items = [(label, value) for label, value in items if value]
    if not items:
        return Markup("")
    largest = max(Decimal(v) for _, v in items) or Decimal(1)
    height = ROW * len(items) + 34
    width = LABEL_WIDTH + BAR_WIDTH + 130
    parts = [
        f'<svg class="sedp-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f'<text x="0" y="16" class="sedp-chart-title">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(items):
        y = 28 + index * ROW
        length = int(BAR_WIDTH * Decimal(value) / largest) if largest else 0
        if as_percent_of:
            shown = fmt.percent(value, as_percent_of, places)
        else:
            shown = fmt.number(value, 0 if Decimal(value) >= 100 else None) + (f" {unit}" if unit else "")
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(str(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{max(length, 1)}" height="{ROW - 8}" rx="2"></rect>'
            f'<text x="{LABEL_WIDTH + max(length, 1) + 6}" y="{y + 15}">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
