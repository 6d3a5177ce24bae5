"""Typed views of a plan year and of a commune: what every renderer consumes.

A view holds the plan's texts and figures already worded (value_text, num),
so the site page and the DOCX of a plan year print the same tables from one
computation, and neither reads YAML shapes itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sedp.core.data import is_number, total, value_at
from sedp.core.text import vi_sort_key
from sedp.model.forms import TOTAL_LABEL, Forms
from sedp.model.lastyear import LastYear, last_year, with_last_year
from sedp.model.narrative import assessment
from sedp.model.records import Record
from sedp.model.rollup import Summary, summarize
from sedp.model.values import is_amount, leaves, num, share, value_text
from sedp.source.handbook import PLAN_FILE, Handbook
from sedp.source.provenance import Source
from sedp.source.rulekinds import reference_kinds


@dataclass
class YearView:
    """One plan year of one commune, worded for readers."""

    district: str  # district folder name
    district_name: str
    commune: str  # commune folder name
    commune_title: str  # "Xã Đức Long"
    commune_data: dict  # commune.yaml
    year: str
    plan: dict  # the plan file's data
    steps: dict  # step file name -> data
    summary: Summary
    status: dict  # {"code", "label"}
    kind: str  # the year's kind, as its label
    forms: list[dict]  # the Biểu: number, title, headers, rows, totals, numeric
    step_blocks: list[tuple]  # (handbook step, its tables) in process order
    source: Source
    record: Record  # step 10's implementation record read against the plan (present is False without one)
    trail: list[list] = field(default_factory=list)  # review trail rows: date, author, PR, summary
    assessment: list[str] = field(default_factory=list)  # Part I: a sentence per target of the current year
    last_year: LastYear | None = None  # the year before's results (Part I, Biểu 5's estimate)


@dataclass
class CommuneYear:
    """One plan year of a commune, as the district, period and province outputs need it."""

    year: str
    status: dict  # {"code", "label"}
    summary: Summary
    assessment: list[str] = field(default_factory=list)  # Part I: a sentence per target (the district's synthesis)
    recorded: bool = False  # step 10's implementation record is there


@dataclass
class CommuneView:
    """What the district and province pages need of one commune."""

    district: str
    slug: str
    title: str
    years: list[CommuneYear] = field(default_factory=list)  # in year order
    sources: dict[str, Source] = field(default_factory=dict)  # year -> Source of its outputs


def rollup_by_year(communes: list[CommuneView]) -> dict[str, Summary]:
    """Plan year -> the sum of the communes' summaries for it."""
    by_year: dict[str, Summary] = {}
    for commune in communes:
        for y in commune.years:
            by_year.setdefault(y.year, Summary()).add(y.summary)
    return by_year


def _holds_numbers(table, index: int) -> bool:
    """A column whose every filled cell is a number (not a code or a list): right-aligned."""
    if table.columns[index].vocab or table.columns[index].year:
        return False
    values = [row[index] for row in table.rows if row[index] not in (None, "")]
    return bool(values) and all(is_number(v) for v in values)


NOT_DONE = "Chưa thực hiện bước này."


def _group_and_label(fields: dict, path: tuple, full: str) -> tuple[str, str]:
    """A leaf's sub-group label and its own label: ("Thành phần tham dự", "Phụ nữ")
    for "Thành phần tham dự: Phụ nữ"; ("", full) for a field outside any group."""
    if len(path) < 2:
        return "", full
    group = fields[path[0]].get("meta", {}).get("nhan", path[0])
    return group, full.removeprefix(f"{group}: ")


def _reference_kinds(rules) -> tuple[str, ...]:
    """The identifier kinds a field (or each item of a list field) refers to."""
    rules = rules or {}
    item = rules.get("schema") if rules.get("type") == "list" else rules
    return reference_kinds(item.get("meta", {}).get("tham_chieu")) if isinstance(item, dict) else ()


_PLAN_YEAR = re.compile(r"\bnăm X(\+1)?(?![\w+])")


def with_years(text: str, year: str | None) -> str:
    """'Kế hoạch năm X+1' -> 'Kế hoạch năm 2027' for the plan year 2027 ('năm X' -> 2026)."""
    if not year or not str(year).isdigit():
        return text
    return _PLAN_YEAR.sub(lambda m: f"năm {int(year) if m.group(1) else int(year) - 1}", text)


def _block_with_years(block: dict, year: str | None) -> dict:
    """A step's table with the handbook's "năm X" / "năm X+1" in its labels as the years."""
    block = dict(block)
    if block.get("heading"):
        block["heading"] = with_years(block["heading"], year)
    for key in ("headers", "short"):
        if block.get(key):
            block[key] = [with_years(h, year) for h in block[key]]
    if block.get("groups"):
        block["groups"] = [[with_years(g, year), n] for g, n in block["groups"]]
    if block.get("headers") == ["Nội dung", "Giá trị"]:
        block["rows"] = [[with_years(label, year), value] for label, value in block["rows"]]
    return block


def commune_title(data, folder: str) -> str:
    data = data if isinstance(data, dict) else {}
    kind = str(data.get("loai") or "xã")
    return f"{kind[:1].upper()}{kind[1:]} {data.get('ten', folder)}"


class Views:
    """Builds views from plan data; one per process (it holds the Biểu definitions)."""

    def __init__(self, handbook: Handbook):
        self.handbook = handbook
        self.forms = Forms(handbook)
        statuses = handbook.vocab("trang-thai")
        self.statuses = {code: {"code": code, "label": e.get("nhan", code)} for code, e in statuses.entries.items()}

    def year(self, district: str, district_name: str, commune: str, commune_data, year: str, steps: dict,
             source: Source, trail: list | None = None, previous: dict | None = None) -> YearView:
        """previous: the year before's files (file name -> data), when the commune has it."""
        last = last_year(self.handbook, year, steps, previous)
        steps = with_last_year(self.handbook, steps, last)
        plan = steps.get(PLAN_FILE) or {}
        names = self.forms.names(steps)
        record = Record(self.handbook, steps)
        return YearView(
            district=district, district_name=district_name, commune=commune,
            commune_title=commune_title(commune_data, commune),
            commune_data=commune_data if isinstance(commune_data, dict) else {},
            year=year, plan=plan, steps=steps, summary=summarize(self.handbook, plan, steps, record, f"{district}/{commune}"),
            status=self.statuses.get(plan.get("trang_thai"), {"code": "", "label": ""}),
            kind=self.handbook.vocab("loai-nam").label(plan.get("loai_nam")),
            forms=self.forms_view(steps, year),
            step_blocks=[(step, [_block_with_years(b, year) for b in
                                 self.step_blocks(step.file, steps.get(step.file) or {}, names)])
                         for step in self.handbook.steps],
            source=source, trail=trail or [], assessment=assessment(self.handbook, last),
            record=record, last_year=last)

    def forms_view(self, steps: dict, year: str | None = None) -> list[dict]:
        """The Biểu worded for readers; with the plan year, the handbook's "năm X"
        and "năm X+1" become the years themselves (2026, 2027)."""
        view = []
        for table in self.forms.tables(steps):
            numeric = [i for i, c in enumerate(table.columns) if c.add_up or c.sum_of or _holds_numbers(table, i)]
            rows = [[table.text(v, c, self.handbook) for v, c in zip(row, table.columns, strict=True)] for row in table.rows]
            totals = None
            if any(t is not None for t in table.totals):
                totals = [num(t) if t is not None else "" for t in table.totals]
                totals[0] = totals[0] or TOTAL_LABEL
            view.append({"number": table.number, "title": with_years(table.title, year),
                         "headers": [with_years(c.label, year) for c in table.columns], "rows": rows,
                         "totals": totals, "numeric": numeric})
        return view

    def step_blocks(self, file_name: str, data: dict, names: dict | None = None) -> list[dict]:
        """Each step as tables: loose fields in one table, each group or list in its own
        (its "path": the field's key, "group.list" for a list inside a group).
        With names (Forms.names of the plan year), a code that refers to a need,
        target, activity or value chain is shown with that item's name
        ("NC05 – Thiếu nước sạch")."""
        rules = self.handbook.rules[file_name]
        names = names or {}
        loose: list[list[str]] = []
        blocks: list[dict] = []
        loose_numbers: set[int] = set()
        for key, field_rules in rules.items():
            value = data.get(key)
            label = field_rules.get("meta", {}).get("nhan", key)
            kind = field_rules.get("type")
            item = field_rules.get("schema") if kind == "list" else None
            if kind == "dict" and isinstance(field_rules.get("schema"), dict):
                if isinstance(value, dict) and any(v not in (None, [], {}) for v in value.values()):
                    block = self._pairs_block(label, field_rules["schema"], value, names)
                    if block:
                        blocks.append({**block, "path": key})
                    for sub_key, sub_rules in field_rules["schema"].items():  # e.g. the 5-year resources by source
                        sub_item = sub_rules.get("schema") if sub_rules.get("type") == "list" else None
                        if isinstance(sub_item, dict) and sub_item.get("type") == "dict":
                            sub_label = sub_rules.get("meta", {}).get("nhan", sub_key)
                            blocks.extend({**b, "path": f"{key}.{sub_key}"} for b in self._list_block(
                                f"{label}: {sub_label}", sub_item, value.get(sub_key), names))
            elif isinstance(item, dict) and item.get("type") == "dict":
                blocks.extend({**b, "path": key} for b in self._list_block(label, item, value, names))
            elif value not in (None, [], ""):
                if is_amount(field_rules) and is_number(value):
                    loose_numbers.add(len(loose))
                loose.append([label, self._value_text(data, (key,), field_rules, names)])
        if loose:
            blocks.insert(0, {"heading": None, "headers": ["Nội dung", "Giá trị"], "rows": loose, "numeric": (),
                              "numeric_rows": loose_numbers})
        if not blocks:
            blocks.append({"heading": None, "headers": ["Nội dung"], "rows": [[NOT_DONE]], "numeric": (),
                           "note": NOT_DONE})  # the DOCX prints rows, the site the note
        return blocks

    def _pairs_block(self, heading: str, fields: dict, value: dict, names: dict) -> dict | None:
        """A group's fields as "Nội dung | Giá trị" rows. A sub-group's fields follow
        its label as a row of its own ("Thành phần tham dự", then "Phụ nữ  12"), and
        figures are marked so the page aligns them right."""
        rows: list[list[str]] = []
        numeric_rows: set[int] = set()
        group_rows: set[int] = set()
        last_group = None
        for path, full, rules in leaves(fields):
            text = self._value_text(value, path, rules, names)
            if text == "":
                continue
            group, short = _group_and_label(fields, path, full)
            if group and group != last_group:
                group_rows.add(len(rows))
                rows.append([group, ""])
            last_group = group
            if is_amount(rules) and is_number(value_at(value, path)):
                numeric_rows.add(len(rows))
            rows.append([short, text])
        if not rows:
            return None
        return {"heading": heading, "headers": ["Nội dung", "Giá trị"], "rows": rows, "numeric": (),
                "numeric_rows": numeric_rows, "group_rows": group_rows}

    def _list_block(self, heading: str, item: dict, value, names: dict) -> list[dict]:
        """A list of groups as one table. Columns of a sub-group ("Thành phần tham
        dự: Phụ nữ") are also given as the sub-group's label over short headers."""
        items = [v for v in value or [] if isinstance(v, dict)]
        if not items:
            return []
        cells = leaves(item["schema"])
        numeric = [i for i, (_, _, r) in enumerate(cells) if is_amount(r)]
        rows = [[self._value_text(v, path, r, names) for path, _, r in cells] for v in items]
        groups: list[list] = []  # [sub-group label, how many columns it spans]
        short: list[str] = []
        for path, full, _ in cells:
            group, label = _group_and_label(item["schema"], path, full)
            short.append(label)
            if groups and groups[-1][0] == group:
                groups[-1][1] += 1
            else:
                groups.append([group, 1])
        money = [i for i, (_, _, r) in enumerate(cells) if r.get("meta", {}).get("don_vi") == "trieu_dong"]
        totals = None
        if money and len(items) > 1:  # money columns add up; counts, ranks and scores do not
            sums = {i: total(value_at(v, cells[i][0]) for v in items) for i in money}
            totals = [num(sums[i]) if i in sums else "" for i in range(len(cells))]
            totals[0] = totals[0] or TOTAL_LABEL
        return [{"heading": heading, "headers": [lab for _, lab, _ in cells], "rows": rows, "numeric": numeric,
                 "totals": totals, "short": short, "groups": groups if any(g for g, _ in groups) else None}]

    def _value_text(self, data, path, rules, names=None):
        value = data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        text = value_text(self.handbook, value, rules)
        kinds = [kind for kind in _reference_kinds(rules) if kind in (names or {})]
        if kinds and value not in (None, ""):
            named = {code: name for kind in kinds for code, name in names[kind].items()}
            text = ", ".join(f"{code} – {named[code]}" if named.get(code) else str(code)
                             for code in (value if isinstance(value, list) else [value]))
        return text

    def rollup(self, summary: Summary, communes: bool = True) -> dict:
        """A roll-up's figures and tables (needs, budget, participation, chains, hazards)."""
        sectors = self.handbook.vocab("linh-vuc")
        sources = self.handbook.vocab("nguon-von")
        groups = self.handbook.vocab("nhom-tham-du")
        total_key = self.handbook.attendance_total()
        by_source = summary.budget_by_source()
        total = summary.budget_total()
        people = summary.attendance.get(total_key, 0)
        places = self.handbook.share_places
        figures = []
        if communes:
            figures.append(("xã", num(summary.communes)))
        figures += [
            ("Tổng kinh phí (triệu đồng)", num(total)),
            ("Kinh phí liên quan biến đổi khí hậu (BĐKH), thiên tai", share(summary.climate_budget, total, places)),
            ("Lượt người tham dự họp", num(people)),
        ]
        for code, entry in groups.entries.items():
            if code != total_key and code != "doanh_nghiep":
                figures.append((entry.get("nhan", code), share(summary.attendance.get(code, 0), people, places)))

        order = list(sectors.entries)
        sector_codes = sorted(set(summary.needs_by_sector) | set(summary.budget),
                              key=lambda c: order.index(c) if c in order else len(order))
        needs_rows = [[sectors.label(c), num(summary.needs_by_sector.get(c, 0))]
                      for c in sector_codes if summary.needs_by_sector.get(c)]
        source_codes = list(sources.entries)
        budget_rows = []
        for code in sector_codes:
            if code not in summary.budget:
                continue
            amounts = summary.budget[code]
            budget_rows.append([sectors.label(code), num(summary.activities_by_sector.get(code, 0)),
                                *(num(amounts.get(s, 0)) for s in source_codes), num(summary.sector_total(code))])
        budget_totals = [TOTAL_LABEL, num(sum(summary.activities_by_sector.values())),
                         *(num(by_source.get(s, 0)) for s in source_codes), num(total)]
        participation_rows = [[e.get("nhan", c), num(summary.attendance.get(c, 0)),
                               share(summary.attendance.get(c, 0), people, places)]
                              for c, e in groups.entries.items()]
        chains = sorted(summary.value_chains.items(), key=lambda kv: vi_sort_key(str(kv[0])))
        hazards = sorted(summary.hazards.items(), key=lambda kv: -kv[1])
        thien_tai = self.handbook.vocab("thien-tai")
        return {
            "figures": figures,
            "needs": {"headers": ["Lĩnh vực", "Số nhu cầu"], "rows": needs_rows, "numeric": (1,),
                      "totals": [TOTAL_LABEL, num(sum(summary.needs_by_sector.values()))]},
            "budget": {"headers": ["Lĩnh vực", "Số hoạt động", *(sources.label(s) for s in source_codes), TOTAL_LABEL],
                       "rows": budget_rows, "totals": budget_totals,
                       "numeric": tuple(range(1, len(source_codes) + 3))},
            "participation": {"headers": ["Nhóm", "Số lượt người", "Tỷ lệ"], "rows": participation_rows,
                              "numeric": (1, 2)},
            "chains": ({"headers": ["Sản phẩm", "Số xã chọn"], "rows": [[k, num(v)] for k, v in chains],
                        "totals": None, "numeric": (1,)}  # a sum of "communes choosing" counts nothing
                       if communes else  # one commune's plan: its products, nothing to count
                       {"headers": ["Sản phẩm"], "rows": [[k] for k, _ in chains], "totals": None, "numeric": ()}),
            "hazards": {"headers": ["Loại thiên tai", "Số đợt"],
                        "rows": [[thien_tai.label(k), num(v)] for k, v in hazards],
                        "totals": [TOTAL_LABEL, num(sum(summary.hazards.values()))], "numeric": (1,)},
        }

