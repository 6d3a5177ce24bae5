"""Every field that changed in a plan file, said as a reviewer reads a plan.

Walks two parsed versions of one file along the handbook's rules: groups by
key, lists of items by their identifier (meta `dinh_danh`, or a reference no
two items share: a ranking row by its need) or, where items have none, in
order. An item is named by its code and name ("NC08 – Thiếu nước sạch"), a
reference by what it refers to, an item without a code by the field its list
names in `ten_muc` ("Nông Thị Hoa"); by position only when it has neither.
Each change carries the Vietnamese labels of its path ("Bước 9 › Nghị quyết ›
Số"), the values as readers see them (vocabulary labels, Vietnamese numbers
and dates) and a stable machine path. Labels come from schema/, so a
province's own fields are covered without code.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sedp.core.data import value_at
from sedp.model.forms import Forms
from sedp.model.values import value_text
from sedp.source.handbook import PLAN_FILE, Handbook
from sedp.source.rulekinds import reference_kinds

MISSING = object()  # a key or a file that is not there (unlike a key written with no value)
LONG = 60  # texts longer than this are shown as the words that changed
FILE_TITLES = {PLAN_FILE: "Kế hoạch", "commune.yaml": "Thông tin xã", "district.yaml": "Thông tin huyện",
               "province.yaml": "Thông tin tỉnh"}
RECORD_TITLE = "Thực hiện kế hoạch"  # step 10's record (quy-trinh.yaml thuc_hien)


@dataclass
class FieldChange:
    file: str  # the file's name
    path: str  # stable: "nghi_quyet.so", "nhu_cau[NC01].van_de", "hop_thon[2].tham_du.tong_so"
    where: str  # Vietnamese: "Bước 9 › Nghị quyết › Số"
    kind: str  # "sua" (changed), "them" (added), "bo" (removed)
    before: str  # as a reader sees it; "" when added
    after: str  # "" when removed
    label: str = ""  # the field's own label ("Số nghị quyết"); its key is the path's last part
    value_before: object = None  # as typed (a number stays a number; an item added or removed whole: its fields)
    value_after: object = None
    vocabulary: str = ""  # the vocabulary its values come from (meta danh_muc), if any
    pinned: bool = False  # shown even where a long list of changes is folded (a status, an amendment record)


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


@dataclass(frozen=True)
class ListShape:
    """How the items of one list are told apart and named, as the handbook declares it."""

    key: tuple | None  # the item's field that identifies it: its dinh_danh, or a reference declared duy_nhat
    kind: str | None  # the kind of identifier it is, or refers to
    name: tuple | None  # the item's field that names it: ten_muc beside dinh_danh, or the list's own ten_muc


def list_shape(handbook: Handbook, file_name: str, rules_path: tuple) -> ListShape:
    """The shape of the list at rules_path ("*" for the items of an outer list)."""
    rules = handbook.field_rules(file_name, rules_path) or {}
    own = rules.get("meta", {}).get("ten_muc")
    inner = [c for c in handbook.checks.get(file_name, [])
             if c.path[:len(rules_path) + 1] == (*rules_path, "*") and "*" not in c.path[len(rules_path) + 1:]]
    for check in inner:
        if check.kind == "dinh_danh":
            meta = (handbook.field_rules(file_name, check.path) or {}).get("meta", {})
            named = meta.get("ten_muc") or own
            return ListShape(check.path[len(rules_path) + 1:], str(check.param), _parts(named))
    unique = {c.path for c in inner if c.kind == "duy_nhat"}
    for check in inner:
        if check.kind == "tham_chieu" and check.path in unique:
            return ListShape(check.path[len(rules_path) + 1:], str(check.param), None)
    return ListShape(None, None, _parts(own))


def _parts(path) -> tuple | None:
    return tuple(path.split(".")) if isinstance(path, str) and path else None


_FORMS: dict = {}  # id(handbook) -> (handbook, Forms): the identifiers and naming fields, read once


def item_names(handbook: Handbook, *versions: dict) -> dict:
    """Identifier kind -> {code: name} over versions of a plan year (file name -> data),
    the later version's name winning: what a reference is shown with."""
    held = _FORMS.get(id(handbook))
    if held is None or held[0] is not handbook:
        held = _FORMS[id(handbook)] = (handbook, Forms(handbook))
    names: dict = {}
    for files in versions:
        for kind, found in held[1].names(files).items():
            names.setdefault(kind, {}).update({code: name for code, name in found.items() if name not in (None, "")})
    return names


def naming_files(handbook: Handbook) -> tuple:
    """The plan-year files that define identifiers: what a diff reads to name a reference."""
    return tuple(sorted({name for name, checks in handbook.checks.items() if name in handbook.year_files
                         for check in checks if check.kind == "dinh_danh"}))


def field_changes(handbook: Handbook, file_name: str, before, after, skip: Skip | None = None,
                  names: dict | None = None) -> list[FieldChange]:
    """The changes from before to after (parsed data; MISSING for an absent file).
    names: item_names of the plan year, to show a reference with what it names."""
    walker = _Walker(handbook, file_name, skip or Skip(), names or {})
    title = file_title(handbook, file_name)
    if before is MISSING or after is MISSING:
        walker.emit((), [title], "them" if before is MISSING else "bo",
                    "" if before is MISSING else "(có tệp)", "" if after is MISSING else "(có tệp)", before, after)
    else:
        walker.walk(before, after, (), (), [title])
    return walker.found


class _Walker:
    def __init__(self, handbook: Handbook, file_name: str, skip: Skip, names: dict):
        self.handbook, self.file, self.skip, self.names = handbook, file_name, skip, names
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
            self.emit(shown, where, kind, "" if kind == "them" else old, "" if kind == "bo" else new, before, after)
            rules = self.handbook.field_rules(self.file, rules_path) or {}
            self.found[-1].vocabulary = str(rules.get("meta", {}).get("danh_muc") or "")

    def _list(self, before: list, after: list, rules_path: tuple, shown: tuple, where: list) -> None:
        shape = list_shape(self.handbook, self.file, rules_path)
        item_rules = (*rules_path, "*")
        if shape.key is None:  # no identifier: paired in order (sequence matching), shown by position
            for old_index, new_index in _pairs(before, after, shape.name):
                old = before[old_index] if old_index is not None else MISSING
                new = after[new_index] if new_index is not None else MISSING
                index = new_index if new_index is not None else old_index
                title = self._title(new if new is not MISSING else old, shape, rules_path, index)
                self._item(old, new, item_rules, (*shown, f"[{index + 1}]"), [*where, title], rules_path, shape)
            return
        old_items: dict = {}
        new_items: dict = {}
        for items, side in ((old_items, before), (new_items, after)):
            for item in side:
                items[coded(items, value_at(item, shape.key))] = item
        for code in [*new_items, *(c for c in old_items if c not in new_items)]:
            item = new_items.get(code, old_items.get(code))
            title = self._title(item, shape, rules_path, 0) + code[len(str(value_at(item, shape.key))):]
            self._item(old_items.get(code, MISSING), new_items.get(code, MISSING), item_rules, (*shown, f"[{code}]"),
                       [*where, title], rules_path, shape)

    def _title(self, item, shape: ListShape, rules_path: tuple, index: int) -> str:
        """An item as a reader finds it: "NC08 – Thiếu nước sạch", "CT03 – Tỷ lệ hộ nghèo" for a
        row that refers to CT03, "Nông Thị Hoa" by its list's naming field; "mục thứ 2" without any."""
        code = value_at(item, shape.key) if shape.key else None
        value = value_at(item, shape.name) if shape.name else None
        if code not in (None, ""):
            name = value if value not in (None, "") else self._named(shape.kind, code)
            return f"{code} – {_short(name)}" if name not in (None, "") and str(name) != str(code) else str(code)
        if shape.name and value not in (None, "", [], {}):
            rules = self.handbook.field_rules(self.file, (*rules_path, "*", *shape.name))
            named = self._named((rules or {}).get("meta", {}).get("tham_chieu"), value)
            return f"{value} – {_short(named)}" if named else _short(value_text(self.handbook, value, rules))
        return f"mục thứ {index + 1}"

    def _named(self, kind, code):
        """The name of the item of that kind (or of one of those kinds) with that code (None when unknown)."""
        if not isinstance(code, (str, int)):
            return None
        return next((self.names[k][code] for k in reference_kinds(kind) if code in self.names.get(k, {})), None)

    def _item(self, old, new, item_rules: tuple, shown: tuple, where: list, listed: tuple, shape: ListShape) -> None:
        if old is MISSING or new is MISSING:
            key = (self.file, listed)
            if key in self.skip.items or (new is not MISSING and key in self.skip.added):
                return
            text = self._item_text(new if old is MISSING else old, item_rules, {shape.key, shape.name})
            self.emit(shown, where, "them" if old is MISSING else "bo", "" if old is MISSING else text,
                      "" if new is MISSING else text, old, new)
            return
        self.walk(old, new, item_rules, shown, where)

    def _item_text(self, item, item_rules: tuple, named: set) -> str:
        """An item added or removed whole, every field a reviewer reads (its code and name are
        in the change's path): "Ngày: 12/05/2027; Phát hiện: Đổ bê tông thiếu độ dày"."""
        if not isinstance(item, dict):
            return self._text(item, item_rules)
        parts = []
        for path, value in _leaves(item):
            if path in named or value in (None, "", [], {}):
                continue
            rules_path = (*item_rules, *path)
            label = " › ".join(((self.handbook.field_rules(self.file, (*item_rules, *path[:end])) or {}).get(
                "meta", {}).get("nhan") or str(path[end - 1])) for end in range(1, len(path) + 1))
            parts.append(f"{label}: {self._text(value, rules_path)}")
        return "; ".join(parts) or "(mục)"

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

    def emit(self, shown: tuple, where: list, kind: str, before: str, after: str, value_before=MISSING,
             value_after=MISSING) -> None:
        self.found.append(FieldChange(self.file, _path(shown), " › ".join(where), kind, before, after, where[-1],
                                      None if value_before is MISSING else value_before,
                                      None if value_after is MISSING else value_after))


def coded(items: dict, code) -> str:
    """The key of an item with this code in items: a code written twice stays
    twice ("CT01", then "CT01 (lần 2)"), so a duplicate is never lost."""
    key, seen = str(code), 1
    while key in items:
        seen += 1
        key = f"{code} (lần {seen})"
    return key


def _pairs(before: list, after: list, name: tuple | None) -> list[tuple]:
    """(index before, index after) of items without an identifier, None on the side an
    item is missing from: equal items (or, with a naming field, equally named ones) are
    matched in order, so an item added or removed mid-list is that one change; the rest
    of a stretch that differs is paired by position."""
    def key(item):
        return repr(value_at(item, name)) if name else repr(item)

    pairs: list[tuple] = []
    matcher = difflib.SequenceMatcher(a=[key(i) for i in before], b=[key(i) for i in after], autojunk=False)
    for _, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        for offset in range(max(a_end - a_start, b_end - b_start)):
            old = a_start + offset if a_start + offset < a_end else None
            new = b_start + offset if b_start + offset < b_end else None
            pairs.append((old, new))
    return pairs


def _short(value) -> str:
    """A name cut to its first words when it is long, for the path of a change."""
    text = " ".join(str(value).split())
    if len(text) <= LONG:
        return text
    return text[:LONG].rsplit(" ", 1)[0] + " …"


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


def _leaves(item: dict, prefix: tuple = ()):
    """(key path, value) of each field of an item, into its groups; a list is one value."""
    for key, value in item.items():
        if isinstance(value, dict) and value:
            yield from _leaves(value, (*prefix, key))
        else:
            yield (*prefix, key), value


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
