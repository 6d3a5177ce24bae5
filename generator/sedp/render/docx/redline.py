"""The redline: a plan document as it was sent (the draft) against the plan as
it is now, one pandoc AST marked as Word tracked changes.

Blocks are aligned first (the same paragraph, heading or table on both sides);
inside a paragraph or a table cell only the words that changed are marked, as
pandoc's `.insertion` and `.deletion` spans (w:ins, w:del) carrying their
author and date. A paragraph or a table row added or removed whole is marked
too: pandoc cannot say so, so an empty span named `sedp-<row|par>-<ins|del>-N`
marks it and the writer (writer.finish) turns it into the row's or the
paragraph mark's revision. Plan text still only lands in Str nodes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from difflib import SequenceMatcher

INSERTION, DELETION = "insertion", "deletion"
MARK_PREFIX = "sedp-"  # names of the markers writer.finish turns into whole-row and whole-paragraph marks
SIMILAR = 0.5  # two blocks of one kind this alike are the same block changed, not one removed and one added
FORMATS = ("Strong", "Emph", "Underline")

Who = Callable[[str], tuple[str, str]]  # a block's text (old and new) -> (author, ISO date) of its changes


class Redline:
    def __init__(self, who: Who):
        self.who = who
        self.marks = 0

    # -- blocks
    def blocks(self, old: list, new: list, top: bool = True) -> list:
        matcher = SequenceMatcher(None, [_key(b) for b in old], [_key(b) for b in new], autojunk=False)
        out: list = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                out.extend(new[j1:j2])
            else:
                out.extend(self._region(old[i1:i2], new[j1:j2], top))
        return out

    def _region(self, old: list, new: list, top: bool) -> list:
        """Blocks that differ: each old one paired with the next new one of its kind that is
        alike enough; the unpaired ones are removed or added whole."""
        out: list = []
        start = 0
        for block in old:
            pair = next((j for j in range(start, len(new)) if _kind(new[j]) == _kind(block)
                         and _similarity(block, new[j]) >= SIMILAR
                         and (block.get("t") not in ("Para", "Plain") or _same_label(block, new[j]))), None)
            if pair is None:
                out.append(self._whole(block, DELETION, top))
                continue
            out.extend(self._whole(b, INSERTION, top) for b in new[start:pair])
            out.append(self._pair(block, new[pair], top))
            start = pair + 1
        out.extend(self._whole(b, INSERTION, top) for b in new[start:])
        return out

    def _pair(self, old: dict, new: dict, top: bool) -> dict:
        kind = new.get("t")
        if kind in ("Para", "Plain"):
            who = self.who(_text(old) + "\n" + _text(new))
            return {"t": kind, "c": self.inlines(old["c"], new["c"], who)}
        if kind == "Header":
            who = self.who(_text(old) + "\n" + _text(new))
            return {"t": kind, "c": [new["c"][0], new["c"][1], self.inlines(old["c"][2], new["c"][2], who)]}
        if kind == "Div":
            return {"t": kind, "c": [new["c"][0], self.blocks(old["c"][1], new["c"][1], top)]}
        if kind == "Table":
            return self._table(old, new)
        if kind == "BulletList":
            return {"t": kind, "c": self._list_items(old["c"], new["c"])}
        return new

    def _list_items(self, old: list, new: list) -> list:
        """A list's items aligned as rows are: "Ngân sách xã: 990,5" removed is not "Ngân sách
        huyện" changed; an item is paired only with one of its label (the words before ':')."""
        matcher = SequenceMatcher(None, [_text(i) for i in old], [_text(i) for i in new], autojunk=False)
        out: list = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                out.extend(new[j1:j2])
                continue
            start, rest = 0, new[j1:j2]
            for item in old[i1:i2]:
                pair = next((j for j in range(start, len(rest)) if _alike(item, rest[j])), None)
                if pair is None:
                    out.append(self._all(item, DELETION))
                    continue
                out.extend(self._all(added, INSERTION) for added in rest[start:pair])
                out.append(self.blocks(item, rest[pair], False))
                start = pair + 1
            out.extend(self._all(added, INSERTION) for added in rest[start:])
        return out

    def _whole(self, block: dict, mark: str, top: bool) -> dict:
        """A block added or removed whole: its text marked, and (at the top level) its paragraph mark."""
        kind = block.get("t")
        who = self.who(_text(block))
        if kind in ("Para", "Plain"):
            return {"t": kind, "c": self._marker("par", mark, top) + _marked(block["c"], mark, who)}
        if kind == "Header":
            c = block["c"]
            return {"t": kind, "c": [c[0], c[1], self._marker("par", mark, top) + _marked(c[2], mark, who)]}
        if kind == "Div":
            return {"t": kind, "c": [block["c"][0], [self._whole(b, mark, top) for b in block["c"][1]]]}
        if kind == "Table":
            return self._table_whole(block, mark)
        if kind == "BulletList":
            return {"t": kind, "c": [self._all(item, mark) for item in block["c"]]}
        return block if mark == INSERTION else {"t": "Plain", "c": []}  # a page break removed: none

    def _all(self, blocks: list, mark: str) -> list:
        return [self._whole(b, mark, False) for b in blocks]

    def _marker(self, what: str, mark: str, top: bool) -> list:
        if not top:
            return []
        self.marks += 1
        return [{"t": "Span", "c": [[f"{MARK_PREFIX}{what}-{mark[:3]}-{self.marks}", [], []], []]}]

    # -- tables
    def _table(self, old: dict, new: dict) -> dict:
        attr, caption, specs, head, bodies, foot = new["c"]
        if len(old["c"][2]) != len(specs) or len(bodies) != 1 or len(old["c"][4]) != 1:
            return {"t": "Div", "c": [["", [], []], [self._table_whole(old, DELETION),
                                                      self._table_whole(new, INSERTION)]]}
        old_head, old_body = old["c"][3], old["c"][4][0]
        head_rows = self._rows(old_head[1], head[1])
        body = bodies[0]
        return {"t": "Table", "c": [attr, caption, specs, [head[0], head_rows],
                                    [[body[0], body[1], body[2], self._rows(old_body[3], body[3])]], foot]}

    def _rows(self, old: list, new: list) -> list:
        matcher = SequenceMatcher(None, [_row_key(r) for r in old], [_row_key(r) for r in new], autojunk=False)
        out: list = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                out.extend(self._row_pair(a, b) for a, b in zip(old[i1:i2], new[j1:j2], strict=True))
                continue
            start = 0
            for row in old[i1:i2]:
                rest = new[j1:j2]
                pair = next((j for j in range(start, len(rest)) if _row_similarity(row, rest[j]) >= SIMILAR), None)
                if pair is None:
                    out.append(self._row_whole(row, DELETION))
                    continue
                out.extend(self._row_whole(r, INSERTION) for r in rest[start:pair])
                out.append(self._row_pair(row, rest[pair]))
                start = pair + 1
            out.extend(self._row_whole(r, INSERTION) for r in new[j1:j2][start:])
        return out

    def _row_pair(self, old: list, new: list) -> list:
        if old == new:
            return new
        who = self.who(_row_text(old) + "\n" + _row_text(new))
        cells = []
        for index, cell in enumerate(new[1]):
            before = old[1][index][4] if index < len(old[1]) else []
            blocks = [self._cell_pair(a, b, who) for a, b in zip(before, cell[4], strict=False)]
            blocks += [_marked_block(b, INSERTION, who) for b in cell[4][len(before):]]
            cells.append([*cell[:4], blocks])
        return [new[0], cells]

    def _cell_pair(self, old: dict, new: dict, who: tuple[str, str]) -> dict:
        if new.get("t") in ("Para", "Plain") and old.get("t") == new.get("t"):
            return {"t": new["t"], "c": self.inlines(old["c"], new["c"], who)}
        return new

    def _row_whole(self, row: list, mark: str) -> list:
        who = self.who(_row_text(row))
        self.marks += 1
        marker = {"t": "Span", "c": [[f"{MARK_PREFIX}row-{mark[:3]}-{self.marks}", [], []], []]}
        cells = []
        for index, cell in enumerate(row[1]):
            blocks = [_marked_block(b, mark, who) for b in cell[4]]
            if index == 0:
                blocks = blocks or [{"t": "Plain", "c": []}]
                if blocks[0].get("t") in ("Para", "Plain"):
                    blocks[0] = {"t": blocks[0]["t"], "c": [marker, *blocks[0]["c"]]}
            cells.append([*cell[:4], blocks])
        return [row[0], cells]

    def _table_whole(self, table: dict, mark: str) -> dict:
        attr, caption, specs, head, bodies, foot = table["c"]
        return {"t": "Table", "c": [attr, caption, specs, [head[0], [self._row_whole(r, mark) for r in head[1]]],
                                    [[b[0], b[1], b[2], [self._row_whole(r, mark) for r in b[3]]] for b in bodies],
                                    foot]}

    # -- inlines
    def inlines(self, old: list, new: list, who: tuple[str, str]) -> list:
        """Only the words that changed are marked; runs of changes apart by a space are one
        change (no "NgânDoanh sáchnghiệp"), and a text mostly rewritten is replaced whole."""
        before, after = _tokens(old), _tokens(new)
        matcher = SequenceMatcher(None, before, after, autojunk=False)
        ops = matcher.get_opcodes() if matcher.ratio() >= SIMILAR else [("replace", 0, len(before), 0, len(after))]
        marked: list[tuple[str, tuple, str | None]] = []
        for op, i1, i2, j1, j2 in _joined(ops, after):
            if op == "equal":
                marked += [(text, formats, None) for text, formats in after[j1:j2]]
                continue
            marked += [(text, formats, DELETION) for text, formats in before[i1:i2]]
            marked += [(text, formats, INSERTION) for text, formats in after[j1:j2]]
        return _rebuild(marked, who)


def _joined(ops: list, after: list) -> list:
    """Opcodes with changes that only whitespace keeps apart joined into one change."""
    joined: list = []
    for op in ops:
        if (len(joined) >= 2 and op[0] != "equal" and joined[-1][0] == "equal" and joined[-2][0] != "equal"
                and all(not text.strip() for text, _ in after[joined[-1][3]:joined[-1][4]])):
            joined.pop()
            first = joined.pop()
            op = ("replace", first[1], op[2], first[3], op[4])
        joined.append(op)
    return joined


def _span(mark: str, who: tuple[str, str], inlines: list) -> dict:
    author, date = who
    return {"t": "Span", "c": [["", [mark], [["author", author], ["date", date]]], inlines]}


def _marked(inlines: list, mark: str, who: tuple[str, str]) -> list:
    return [_span(mark, who, inlines)] if inlines else []


def _marked_block(block: dict, mark: str, who: tuple[str, str]) -> dict:
    if block.get("t") in ("Para", "Plain"):
        return {"t": block["t"], "c": _marked(block["c"], mark, who)}
    return block


def _tokens(inlines: list, formats: tuple = ()) -> list[tuple[str, tuple]]:
    """Words, spaces and line breaks, each with the formatting around it."""
    out: list[tuple[str, tuple]] = []
    for inline in inlines:
        kind = inline.get("t")
        if kind == "Str":
            out += [(word, formats) for word in re.findall(r"\s+|\S+", inline["c"])]
        elif kind in ("Space", "SoftBreak"):
            out.append((" ", formats))
        elif kind == "LineBreak":
            out.append(("\n", formats))
        elif kind in FORMATS:
            out += _tokens(inline["c"], (*formats, kind))
        elif kind == "Span":
            out += _tokens(inline["c"][1], formats)
    return out


def _rebuild(tokens: list[tuple[str, tuple, str | None]], who: tuple[str, str]) -> list:
    """Inlines from marked tokens: a run of one formatting and one mark is one Str (a line break its own)."""
    out: list = []
    index = 0
    while index < len(tokens):
        _, formats, mark = tokens[index]
        end = index
        while end < len(tokens) and tokens[end][1:] == (formats, mark):
            end += 1
        inlines: list = []
        for text, _, _ in tokens[index:end]:
            if text == "\n":
                inlines.append({"t": "LineBreak"})
            elif inlines and inlines[-1].get("t") == "Str":
                inlines[-1]["c"] += text
            else:
                inlines.append({"t": "Str", "c": text})
        for kind in reversed(formats):
            inlines = [{"t": kind, "c": inlines}]
        out += _marked(inlines, mark, who) if mark else inlines
        index = end
    return out


def _text(value) -> str:
    """A block's (or any AST part's) words, for comparing and naming it."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Str":
                found.append(node["c"])
            elif node.get("t") in ("Space", "LineBreak", "SoftBreak"):
                found.append(" ")
            else:
                walk(node.get("c"))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(value)
    return "".join(found)


def _key(block: dict) -> str:
    return json.dumps(block, ensure_ascii=False, sort_keys=True)


def _kind(block: dict):
    if block.get("t") == "Div":
        return ("Div", json.dumps(block["c"][0], ensure_ascii=False))
    if block.get("t") == "Header":
        return ("Header", block["c"][0])
    if block.get("t") == "Table":
        return ("Table", len(block["c"][2]))
    return block.get("t")


def _similarity(old: dict, new: dict) -> float:
    if old.get("t") == "Table":  # the same table: its heading row
        return 1.0 if _row_text_all(old["c"][3][1]) == _row_text_all(new["c"][3][1]) else 0.0
    return SequenceMatcher(None, _text(old).split(), _text(new).split(), autojunk=False).ratio()


def _alike(old, new) -> bool:
    """Two list items that are one item changed: the same label before ':', and alike enough."""
    return _same_label(old, new) and SequenceMatcher(
        None, _text(old).split(), _text(new).split(), autojunk=False).ratio() >= SIMILAR


LABEL_WORDS = 6  # "- Ngân sách xã:" is a label; a sentence's first clause before a colon is not


def _same_label(old, new) -> bool:
    """Not two lines of different labels ("- Ngân sách xã: 990,5" and "- Ngân sách huyện: 1.040")."""
    labels = []
    for text in (_text(old), _text(new)):
        head = text.split(":", 1)[0].strip() if ":" in text else ""
        labels.append(head if head and len(head.split()) <= LABEL_WORDS else None)
    return None in labels or labels[0] == labels[1]


def _row_text(row: list) -> str:
    return " | ".join(_text(cell[4]) for cell in row[1])


def _row_text_all(rows: list) -> str:
    return "\n".join(_row_text(r) for r in rows)


def _row_key(row: list) -> str:
    """A row by its first cell (an item's code in every Biểu), else its whole text."""
    first = _text(row[1][0][4]).strip() if row[1] else ""
    return first if re.fullmatch(r"[A-ZĐ]{1,4}\d+", first) else _row_text(row)


def _row_similarity(old: list, new: list) -> float:
    return SequenceMatcher(None, _row_text(old).split(), _row_text(new).split(), autojunk=False).ratio()


def attribution(item_dates: dict, offices: dict, commune: str, last_date: str, names: dict | None = None) -> Who:
    """Who changed a block: the office whose comment, taken in, concerns a changed item the
    block names (by its code, or by its name where a Biểu prints no code: names, code -> name;
    at that item's date); else the commune, at the newest date of the changed items it names,
    or of the plan year's last change."""
    said = {code: code for code in item_dates}
    said.update({str(name): code for code, name in (names or {}).items()
                 if code in item_dates and isinstance(name, str) and len(name.split()) >= 2})
    words = sorted(said, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)") if words else None

    def who(text: str) -> tuple[str, str]:
        changed = sorted({said[found] for found in pattern.findall(text)}) if pattern else []
        named = [code for code in changed if code in offices]
        if named:
            return offices[named[0]], item_dates[named[0]]
        if changed:
            return commune, max(item_dates[code] for code in changed)
        return commune, last_date

    return who


def redline(old: list, new: list, who: Who) -> list:
    """The blocks of new, with what differs from old marked as tracked changes."""
    return Redline(who).blocks(old, new)


def change_list(changes: list[tuple[str, str, str]], who: Who) -> list:
    """One paragraph per change (what, before, after): what changed, then the draft's words
    deleted and today's inserted, as tracked changes by the same author as in the plan."""
    blocks = []
    for what, before, after in changes:
        author = who(what)
        inlines = [{"t": "Str", "c": f"{what}: "}, *_marked([{"t": "Str", "c": before}] if before else [],
                                                            DELETION, author)]
        if before and after:
            inlines.append({"t": "Space"})
        inlines += _marked([{"t": "Str", "c": after}] if after else [], INSERTION, author)
        blocks.append({"t": "Para", "c": inlines})
    return blocks
