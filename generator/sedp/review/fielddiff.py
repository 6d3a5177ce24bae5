"""Every field that changed in a plan file, said as a reviewer reads a plan.

Walks two parsed versions of one file along the handbook's rules: groups by
key, lists of items by their code (`ma`) or, where items have none, by
position. Each change carries the Vietnamese labels of its path ("Bước 9 ›
Nghị quyết › Số"), the values as readers see them (vocabulary labels,
Vietnamese numbers and dates) and a stable machine path. Labels come from
schema/, so a province's own fields are covered without code.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sedp.model.values import value_text
from sedp.source.handbook import PLAN_FILE, Handbook

MISSING = object()  # a key or a file that is not there (unlike a key written with no value)
LONG = 60  # texts longer than this are shown as the words that changed
FILE_TITLES = {PLAN_FILE: "Kế hoạch", "commune.yaml": "Thông tin xã", "district.yaml": "Thông tin huyện",
               "province.yaml": "Thông tin tỉnh"}
RECORD_TITLE = "Thực hiện kế hoạch"  # step 10's record (quy-trinh.yaml thuc_hien)
NAME_KEYS = ("ten", "van_de", "noi_dung", "ly_do", "ho_ten", "san_pham", "co_quan")


@dataclass
class FieldChange:
    file: str  # the file's name
    path: str  # stable: "nghi_quyet.so", "nhu_cau[NC01].van_de", "hop_thon[2].tham_du.tong_so"
    where: str  # Vietnamese: "Bước 9 › Nghị quyết › Số"
    kind: str  # "sua" (changed), "them" (added), "bo" (removed)
    before: str  # as a reader sees it; "" when added
    after: str  # "" when removed


class Skip:
    """What the specialised summaries above the field list already say."""

    def __init__(self, whole=(), items=(), added=(), fields=()):
        self.whole = set(whole)  # (file, path): nothing under it
        self.items = set(items)  # (file, list path): items added or removed
        self.added = set(added)  # (file, list path): items added
        self.fields = set(fields)  # (file, path with "*" for items)


def file_title(handbook: Handbook, file_name: str) -> str:
    step = next((s for s in handbook.steps if s.file == file_name), None)
    if file_name == handbook.records_file:
        return RECORD_TITLE
    return f"Bước {step.number}" if step else FILE_TITLES.get(file_name, file_name)


def field_changes(handbook: Handbook, file_name: str, before, after, skip: Skip | None = None) -> list[FieldChange]:
    """The changes from before to after (parsed data; MISSING for an absent file)."""
    walker = _Walker(handbook, file_name, skip or Skip())
    title = file_title(handbook, file_name)
    if before is MISSING or after is MISSING:
        walker.emit((), [title], "them" if before is MISSING else "bo",
                    "" if before is MISSING else "(có tệp)", "" if after is MISSING else "(có tệp)")
    else:
        walker.walk(before, after, (), (), [title])
    return walker.found


class _Walker:
    def __init__(self, handbook: Handbook, file_name: str, skip: Skip):
        self.handbook, self.file, self.skip = handbook, file_name, skip
        self.found: list[FieldChange] = []

    def walk(self, before, after, rules_path: tuple, shown: tuple, where: list) -> None:
        if before == after or (self.file, rules_path) in self.skip.whole:
            return
        # A group or list added or removed whole is walked against an empty one: its fields or items are listed.
        if before is MISSING and _container(after):
            before = type(after)()
        elif after is MISSING and _container(before):
            after = type(before)()
        if isinstance(before, dict) and isinstance(after, dict):
            for key in [*after, *(k for k in before if k not in after)]:
                label = self.handbook.label(self.file, (*rules_path, key)) if self._known((*rules_path, key)) else ""
                self.walk(before.get(key, MISSING), after.get(key, MISSING), (*rules_path, key), (*shown, key),
                          [*where, label or str(key)])
        elif _items(before) and _items(after):
            self._list(before, after, rules_path, shown, where)
        else:
            if (self.file, _star(rules_path)) in self.skip.fields:
                return
            kind = "them" if before is MISSING else "bo" if after is MISSING else "sua"
            old, new = self._text(before, rules_path), self._text(after, rules_path)
            if kind == "sua" and old == new:  # equal as shown, unequal as typed: say how they were typed
                old, new = _typed(before), _typed(after)
            if kind == "sua" and len(old) > LONG and len(new) > LONG:
                old, new = changed_words(old, new)
            self.emit(shown, where, kind, "" if kind == "them" else old, "" if kind == "bo" else new)

    def _list(self, before: list, after: list, rules_path: tuple, shown: tuple, where: list) -> None:
        has_codes = any(isinstance(i, dict) and i.get("ma") is not None for i in [*before, *after])
        item_rules = (*rules_path, "*")
        if not has_codes:  # by position
            for index in range(max(len(before), len(after))):
                old = before[index] if index < len(before) else MISSING
                new = after[index] if index < len(after) else MISSING
                self._item(old, new, item_rules, (*shown, f"[{index + 1}]"), [*where, f"mục thứ {index + 1}"])
            return
        old_items: dict = {}
        new_items: dict = {}
        for items, side in ((old_items, before), (new_items, after)):
            for item in side:
                items[coded(items, item.get("ma"))] = item
        for code in [*new_items, *(c for c in old_items if c not in new_items)]:
            self._item(old_items.get(code, MISSING), new_items.get(code, MISSING), item_rules, (*shown, f"[{code}]"),
                       [*where, f"mục {code}"], listed=rules_path)

    def _item(self, old, new, item_rules: tuple, shown: tuple, where: list, listed: tuple | None = None) -> None:
        if old is MISSING or new is MISSING:
            key = (self.file, listed) if listed is not None else None
            if key in self.skip.items or (new is not MISSING and key in self.skip.added):
                return
            item = new if old is MISSING else old
            self.emit(shown, where, "them" if old is MISSING else "bo", "" if old is MISSING else _name(item),
                      "" if new is MISSING else _name(item))
            return
        self.walk(old, new, item_rules, shown, where)

    def _known(self, rules_path: tuple) -> bool:
        return self.handbook.field_rules(self.file, rules_path) is not None

    def _text(self, value, rules_path: tuple) -> str:
        if value is MISSING:
            return "(không có)"
        rules = self.handbook.field_rules(self.file, rules_path) if self.file in self.handbook.rules else None
        if isinstance(value, (dict, list)) and not (isinstance(value, list) and all(not isinstance(v, (dict, list))
                                                                                   for v in value)):
            return f"({len(value)} mục)" if value else "(trống)"
        return value_text(self.handbook, value, rules) or "(trống)"

    def emit(self, shown: tuple, where: list, kind: str, before: str, after: str) -> None:
        self.found.append(FieldChange(self.file, _path(shown), " › ".join(where), kind, before, after))


def coded(items: dict, code) -> str:
    """The key of an item with this code in items: a code written twice stays
    twice ("CT01", then "CT01 (lần 2)"), so a duplicate is never lost."""
    key, seen = str(code), 1
    while key in items:
        seen += 1
        key = f"{code} (lần {seen})"
    return key


def _container(value) -> bool:
    """A non-empty group, or a non-empty list of groups: walked field by field."""
    return bool(value) and (isinstance(value, dict) or (isinstance(value, list) and _items(value)))


def _typed(value) -> str:
    """A value as it was typed, for two values that read the same ('2027' and 2027)."""
    if value is None or value is MISSING:
        return "(trống)"
    if isinstance(value, str):
        return f"«{value}» (chữ)"
    return f"{value} (số)" if isinstance(value, (int, float)) else str(value)


def _items(value) -> bool:
    """A list whose items are all groups: compared item by item."""
    return isinstance(value, list) and all(isinstance(i, dict) for i in value)


def _star(path: tuple) -> tuple:
    return path


def _path(shown: tuple) -> str:
    """Keys joined by '.', items as [code] or [position]."""
    text = ""
    for part in shown:
        part = str(part)
        text += part if part.startswith("[") else ("." if text else "") + part
    return text


def _name(item) -> str:
    """An item as a reader recognises it: its code (or decision number), its date,
    and its name or reason ("05/NQ-HĐND ngày 01/03/2027: «Bổ sung vốn …»")."""
    if not isinstance(item, dict):
        return str(item)
    code = item.get("ma") if item.get("ma") is not None else item.get("so_quyet_dinh")
    day = item.get("ngay") if isinstance(item.get("ngay"), str) else None
    name = next((str(item[k]) for k in NAME_KEYS if isinstance(item.get(k), str) and item.get(k)), "")
    parts = [str(code) if code is not None else "", f"ngày {day}" if day else ""]
    head = " ".join(p for p in parts if p)
    return (f"{head}: «{name}»" if head else f"«{name}»") if name and name != str(code) else head or "(mục)"


def changed_words(old: str, new: str, context: int = 4) -> tuple[str, str]:
    """Two long texts cut to the words that differ, with a few words around them."""
    a, b = old.split(), new.split()
    blocks = [op for op in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not blocks:
        return old, new
    first, last = blocks[0], blocks[-1]
    start_a, end_a = max(0, first[1] - context), min(len(a), last[2] + context)
    start_b, end_b = max(0, first[3] - context), min(len(b), last[4] + context)

    def cut(words, start, end):
        return ("… " if start > 0 else "") + " ".join(words[start:end]) + (" …" if end < len(words) else "")

    return cut(a, start_a, end_a), cut(b, start_b, end_b)
