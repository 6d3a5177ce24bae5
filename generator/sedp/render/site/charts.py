"""Bar charts made at build time as HTML: no JavaScript, no fonts from a CDN.

HTML rather than SVG: an SVG scales its text with its width (12 px became
about 5 px on a 390 px phone); here labels and values are page text, readable
and searchable at every width, and the bar lengths are the only drawing.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

from sedp.core import fmt


def bars(title: str, items: Sequence[tuple[str, int | Decimal]], unit: str = "", as_percent_of=None,
         places: int = 2) -> Markup:
    """Horizontal bars, one per (label, value); values as Vietnamese numbers or shares."""
    items = [(label, value) for label, value in items if value]
    if not items:
        return Markup("")
    # Shares are drawn against the whole (80% fills four fifths), amounts against the largest.
    largest = Decimal(as_percent_of) if as_percent_of else max(Decimal(v) for _, v in items) or Decimal(1)
    parts = [f'<figure class="sedp-chart"><figcaption>{escape(title)}</figcaption>']
    for label, value in items:
        fraction = (Decimal(value) / largest).quantize(Decimal("0.001")) if largest else Decimal(0)
        if as_percent_of:
            shown = fmt.percent(value, as_percent_of, places)
        else:
            shown = fmt.number(value) + (f" {unit}" if unit else "")  # exact, as in the tables below
        parts.append(
            # spaces between the spans: the search index reads their texts as separate words
            f'<div class="sedp-bar"><span class="sedp-bar-label">{escape(str(label))}</span> '
            f'<span class="sedp-bar-track"><span class="sedp-bar-fill" style="width:calc((100% - 4.5rem) * {fraction})">'
            f'</span> <span class="sedp-bar-value">{escape(shown)}</span></span></div>')
    parts.append("</figure>")
    return Markup("".join(parts))
