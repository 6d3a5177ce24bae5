"""The Biểu (forms): tables computed from the step files as schema/bieu/ declares.

A form is a view, not a copy: rows come from one list in one step file, each
column reads a field (following a reference with `a>b`), totals are sums of
exact Decimals. The same Table feeds the site, the DOCX and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sedp.core import fmt
from sedp.core.data import is_number, value_at, walk
from sedp.source.handbook import Handbook
from sedp.source.rulekinds import reference_kinds

TOTAL_LABEL = "Tổng cộng"  # first cell of a Biểu's totals row: the workbook writes it, `sedp import xlsx` looks for it


@dataclass
class Column:
    label: str
    path: tuple = ()
    reference: str | None = None  # identifier kind followed by `a>b`
    target: tuple = ()  # field read in the referenced item
    sum_of: tuple | None = None  # tong_cua: sum of a group of fields
    add_up: bool = False
    vocab: str | None = None  # codes shown with their labels
    year: bool = False  # numbers shown as years: 2027, not 2.027


@dataclass
class Table:
    number: int
    title: str
    landscape: bool
    columns: list[Column]
    rows: list[list] = field(default_factory=list)  # raw values
    totals: list = field(default_factory=list)  # raw sums, None where not added up

    def text(self, value, column: Column, handbook: Handbook) -> str:
        if column.vocab:
            vocab = handbook.vocab(column.vocab)
            if isinstance(value, list):
                return ", ".join(vocab.label(v) for v in value)
            return vocab.label(value) if value is not None else ""
        show = str if column.year else fmt.number
        if isinstance(value, list):
            return ", ".join(show(v) if is_number(v) else str(v) for v in value)
        if is_number(value):
            return show(value)
        return "" if value is None else str(value)


class Forms:
    """Column specs expanded once per handbook; tables built per commune-year."""

    def __init__(self, handbook: Handbook):
        self.handbook = handbook
        self.identifiers = {}
        for file_name, checks in handbook.checks.items():
            for check in checks:
                if check.kind == "dinh_danh" and "*" in check.path:
                    star = check.path.index("*")
                    self.identifiers[check.param] = (file_name, check.path[:star], check.path[star + 1:])
        # kind -> the field that names an item (meta ten_muc beside dinh_danh)
        self.name_fields = {}
        for kind, (file_name, list_path, id_path) in self.identifiers.items():
            meta = (handbook.field_rules(file_name, (*list_path, "*", *id_path)) or {}).get("meta", {})
            if meta.get("ten_muc"):
                self.name_fields[kind] = tuple(meta["ten_muc"].split("."))
        self.specs = [(form, self._columns(form)) for form in handbook.forms]
        self._last: tuple = (None, None)  # (steps, tables): the site and the export ask in turn

    def _columns(self, form) -> list[Column]:
        rows_path = (*form["dong"].split("."), "*")
        columns = []
        for spec in form["cot"]:
            if spec.get("theo_danh_muc"):
                vocab = self.handbook.vocab(spec["theo_danh_muc"])
                for code, entry in vocab.entries.items():
                    columns.append(Column(label=entry.get("nhan", code),
                                          path=(*spec["truong"].split("."), code),
                                          add_up=bool(spec.get("cong"))))
                continue
            if spec.get("tong_cua"):
                columns.append(Column(label=spec["nhan"], sum_of=tuple(spec["tong_cua"].split(".")),
                                      add_up=bool(spec.get("cong"))))
                continue
            head, _, tail = spec["truong"].partition(">")
            path = tuple(head.split("."))
            rules = self.handbook.field_rules(form["tep"], (*rows_path, *path)) or {}
            column = Column(label=spec["nhan"], path=path, add_up=bool(spec.get("cong")),
                            year=spec.get("dang") == "nam")
            if tail:
                kinds = reference_kinds(rules.get("meta", {}).get("tham_chieu"))
                column.reference = kinds[0]  # the handbook refuses an `a>b` column over other than one kind
                column.target = tuple(tail.split("."))
                file_name, _, _ = self.identifiers[column.reference]
                list_path = self.identifiers[column.reference][1]
                rules = self.handbook.field_rules(file_name, (*list_path, "*", *column.target)) or {}
            item_rules = rules.get("schema", {}) if rules.get("type") == "list" else rules
            column.vocab = item_rules.get("meta", {}).get("danh_muc") if isinstance(item_rules, dict) else None
            columns.append(column)
        return columns

    def tables(self, steps: dict) -> list[Table]:
        """Every Biểu for one commune-year. steps: file name -> data."""
        if self._last[0] is steps:
            return self._last[1]
        index = self._index(steps)
        tables = []
        for form, columns in self.specs:
            table = Table(number=form["so"], title=form["ten"], landscape=form.get("huong") == "ngang",
                          columns=columns)
            data = steps.get(form["tep"]) or {}
            for _, row in walk(data, (*form["dong"].split("."), "*")):
                if isinstance(row, dict):
                    table.rows.append([self._cell(row, column, index) for column in columns])
            table.totals = [
                sum((r[i] for r in table.rows if is_number(r[i])), Decimal(0)) if column.add_up else None
                for i, column in enumerate(columns)
            ]
            tables.append(table)
        self._last = (steps, tables)
        return tables

    def _cell(self, row: dict, column: Column, index: dict):
        if column.sum_of is not None:
            group = value_at(row, column.sum_of)
            values = group.values() if isinstance(group, dict) else []
            return sum((v for v in values if is_number(v)), Decimal(0))
        value = value_at(row, column.path)
        if column.reference:
            item = index.get(column.reference, {}).get(value)
            return value_at(item, column.target) if item else None
        return value

    def names(self, steps: dict) -> dict:
        """kind -> {code: name} for the kinds whose items have a naming field."""
        index = self._index(steps)
        return {kind: {code: value_at(item, path) for code, item in index.get(kind, {}).items()}
                for kind, path in self.name_fields.items()}

    def _index(self, steps: dict) -> dict:
        index: dict = {}
        for kind, (file_name, list_path, id_path) in self.identifiers.items():
            items = value_at(steps.get(file_name) or {}, list_path) or []
            index[kind] = {value_at(item, id_path): item for item in items if isinstance(item, dict)}
        return index
