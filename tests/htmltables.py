"""Read a built page as a person would: its headings and the cells of its tables."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: dict[str, str] = {}
        self.tables: list[dict] = []
        self._heading = None
        self._text = []
        self._row = None
        self._cell = None
        self._in_article = False

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading = tag
            self._text = []
        elif tag == "table":
            self.tables.append({"h2": self.headings.get("h2"), "h3": self.headings.get("h3"),
                                "h4": self.headings.get("h4"), "rows": [],
                                "class": dict(attrs).get("class")})
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag == self._heading:
            self.headings[tag] = "".join(self._text).strip()
            if tag == "h2":
                self.headings.pop("h3", None)
            if tag in ("h2", "h3"):
                self.headings.pop("h4", None)
            self._heading = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1]["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._heading:
            self._text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> list[dict]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def find(html: str, h2: str | None = None, h3: str | None = None, h4: str | None = None) -> dict:
    found = [t for t in tables(html)
             if (h2 is None or (t["h2"] or "").startswith(h2)) and (h3 is None or (t["h3"] or "").startswith(h3))
             and (h4 is None or (t["h4"] or "").startswith(h4))]
    assert found, f"no table under {h2!r} / {h3!r} / {h4!r}"
    return found[0]


def number(text: str) -> Decimal:
    """'1.234.567,5' -> Decimal('1234567.5'); '' -> 0."""
    text = text.strip()
    if not text:
        return Decimal(0)
    return Decimal(text.replace(".", "").replace(",", "."))


def share(part, whole, places: int = 2) -> str:
    """The share a reader should see, by plain arithmetic: two decimals (schema/tong-hop.yaml), half up,
    '–' for no whole."""
    from decimal import ROUND_HALF_UP

    if not whole:
        return "–"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return str(value).replace(".", ",") + "%"


def is_grouped(text: str) -> bool:
    """Thousands grouped with '.', decimals after ',' ("1.234.567,5")."""
    import re

    return re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", text) is not None


def vn(value) -> str:
    """A figure as a Vietnamese reader sees it, by plain string work: 1234.5 -> '1.234,5'."""
    text = f"{Decimal(value):,f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    return whole.replace(",", ".") + ("," + fraction if fraction else "")
