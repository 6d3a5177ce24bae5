"""Pandoc's document model (JSON AST), built directly from plan data.

User text only ever becomes `Str` nodes: pandoc never parses it, so Markdown
syntax, a `{=openxml}` raw block or a table pipe typed in a plan stays text.
"""

from __future__ import annotations

import json
import zlib

API_VERSION = [1, 23, 1, 1]
NO_ATTR = ["", [], []]


def text(value) -> list:
    """Inlines for a string: a Str per line (pandoc's DOCX writer keeps its spaces
    as typed; a Str per word made the AST ten times larger), line breaks kept."""
    inlines: list = []
    for number, line in enumerate(str(value).replace("\r", "").split("\n")):
        if number:
            inlines.append({"t": "LineBreak"})
        if line:
            inlines.append({"t": "Str", "c": line})
    return inlines


def strong(inlines: list) -> dict:
    return {"t": "Strong", "c": inlines}


def emph(inlines: list) -> dict:
    return {"t": "Emph", "c": inlines}


def underline(inlines: list) -> dict:
    return {"t": "Underline", "c": inlines}


def para(inlines: list, style: str | None = None) -> dict:
    block = {"t": "Para", "c": inlines}
    if style:
        return div([block], style)
    return block


def plain(inlines: list) -> dict:
    return {"t": "Plain", "c": inlines}


def div(blocks: list, style: str) -> dict:
    """Blocks in a named Word paragraph style (pandoc's custom-style)."""
    return {"t": "Div", "c": [["", [], [["custom-style", style]]], blocks]}


def header(level: int, inlines: list) -> dict:
    return {"t": "Header", "c": [level, NO_ATTR, inlines]}


def bullets(items: list[list]) -> dict:
    return {"t": "BulletList", "c": [[plain(inlines)] for inlines in items]}


def page_break() -> dict:
    return {"t": "RawBlock", "c": ["openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>']}


def _cell(blocks: list) -> list:
    return [NO_ATTR, {"t": "AlignDefault"}, 1, 1, blocks]


def _row(cells: list) -> list:
    return [NO_ATTR, [_cell(c) for c in cells]]


def table(headers: list | None, rows: list[list], totals: list | None = None,
          numeric=(), widths: list[float] | None = None) -> dict:
    """A table; cells are strings or lists of blocks; totals become the last body row."""
    columns = len(headers) if headers else len(rows[0]) if rows else 1
    numeric = set(numeric)

    def cell(value, index, bold=False):
        if isinstance(value, list):
            return value
        inlines = text("" if value is None else value)
        return [plain([strong(inlines)] if bold and inlines else inlines)]

    colspecs = [[{"t": "AlignRight" if i in numeric else "AlignDefault"},
                 {"t": "ColWidth", "c": widths[i]} if widths else {"t": "ColWidthDefault"}]
                for i in range(columns)]
    head_rows = [_row([cell(h, i, bold=True) for i, h in enumerate(headers)])] if headers else []
    body_rows = [_row([cell(v, i) for i, v in enumerate(row)]) for row in rows]
    if totals:
        body_rows.append(_row([cell(v, i, bold=True) for i, v in enumerate(totals)]))
    return {"t": "Table", "c": [
        NO_ATTR, [None, []], colspecs, [NO_ATTR, head_rows],
        [[NO_ATTR, 0, [], body_rows]], [NO_ATTR, []],
    ]}


def document(blocks: list, meta: dict | None = None) -> dict:
    """meta: plain strings; pandoc writes subject and description into the DOCX
    core properties and other keys as custom properties (title, author and date
    it would also print on page 1, above the official header)."""
    return {"pandoc-api-version": API_VERSION, "blocks": blocks,
            "meta": {key: {"t": "MetaString", "c": value} for key, value in (meta or {}).items()}}


def pack(document: dict) -> bytes:
    """A document as compressed JSON: a province's ASTs wait in memory until pandoc
    writes them (4,000 documents at 1,000 communes), and compress about 7 to 1."""
    return zlib.compress(json.dumps(document, ensure_ascii=False).encode("utf-8"), 1)


def unpack(packed: bytes) -> bytes:
    """The JSON text (UTF-8) pandoc reads."""
    return zlib.decompress(packed)
