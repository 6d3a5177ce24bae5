"""Rules across files: references, identifiers, totals, counts, year and status.

What each rule applies to is declared in schema/ (meta: dinh_danh, tham_chieu,
duy_nhat, la_tong_cua, khong_vuot, cong_khong_vuot…; trạng thái `can_co`), so a
province changes the rules by editing data; this module only knows the kinds.
Each kind is declared in source/rulekinds.py; its check is registered here
(CHECKS), and a kind schema/ uses with no check registered stops the checker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sedp.core.data import FAILED, is_number, value_at, walk
from sedp.core.fmt import day as approved_text
from sedp.core.fmt import month_of, parse_date, yaml_number
from sedp.core.messages import closest
from sedp.core.problems import Problem
from sedp.source.handbook import PLAN_FILE, Handbook, HandbookError
from sedp.source.rulekinds import KINDS, meta_kind, reference_kinds

NEEDS_FIELD = "nhu_cau"  # an activity's list of the needs it answers
NO_CHECK = "quy-tac-chua-kiem"  # a kind declared, used in schema/, with no check registered

# What a kind's check is given, by scope: one value within its file (doc, file name,
# path, value, the rule's param, the file's data) -> a Problem or None; the files of a
# commune-year with commune.yaml (docs) -> problems; a plan year's files and the year
# (step docs, year) -> problems.
IN_FILE, COMMUNE_YEAR, PLAN_YEAR = "tep", "xa-nam", "nam-ke-hoach"


@dataclass(frozen=True)
class KindCheck:
    scope: str  # IN_FILE, COMMUNE_YEAR or PLAN_YEAR
    run: Callable[..., Any]  # a CrossChecker method, called with the checker first


CHECKS: dict[str, KindCheck] = {}  # kind -> its check (registered below CrossChecker)


def register(kind: str, scope: str, method: Callable[..., Any]) -> None:
    """Makes method the check of a kind declared in source/rulekinds.py."""
    if kind not in KINDS:
        raise LookupError(f"rule kind {kind!r} is not declared in sedp/source/rulekinds.py")
    CHECKS[kind] = KindCheck(scope, method)


def today() -> date:
    """The day the plans are checked on (tests fix it, so that a fixture's dates stay past or future)."""
    return date.today()


class CrossChecker:
    def __init__(self, handbook: Handbook, wording):
        self.handbook = handbook
        self.wording = wording
        unchecked = self._unchecked()
        if unchecked:
            raise HandbookError(unchecked)
        self.namespaces = self._namespace_names()
        self.today = today()  # nothing that happened is dated later

    def _unchecked(self) -> list[Problem]:
        """Every rule schema/ writes of a kind with no check registered, at the line it is written:
        refused, rather than skipped in silence."""
        checked = ", ".join(sorted(kind for kind in CHECKS if meta_kind(kind)))
        return [self.wording.problem(file=use.file, line=use.line, path=use.path, code=NO_CHECK, khoa=use.kind,
                                     rang_buoc=checked)
                for use in self.handbook.kind_uses if use.kind not in CHECKS]

    def _namespace_names(self) -> dict:
        """Where each kind of identifier is defined, worded for messages."""
        names = {}
        for file_name, checks in self.handbook.checks.items():
            for check in checks:
                if check.kind == "dinh_danh":
                    list_path = check.path[: check.path.index("*")] if "*" in check.path else check.path
                    label = self.handbook.label(file_name, list_path)
                    names[check.param] = f"{label} ({file_name})"
        return names

    # -- within one file ---------------------------------------------------
    def check_file(self, doc, file_name: str) -> list[Problem]:
        """The rules on one value within its file (scope IN_FILE)."""
        problems: list[Problem] = []
        data = doc.data
        if not isinstance(data, dict):
            return problems
        for check in self.handbook.checks.get(file_name, ()):
            kind = CHECKS[check.kind]
            if kind.scope != IN_FILE:
                continue
            for path, value in walk(data, check.path):
                problem = kind.run(self, doc, file_name, path, value, check.param, data)
                if problem is not None:
                    problems.append(problem)
        return problems

    def _run(self, scope: str, *given) -> list[Problem]:
        """The checks of every kind of one scope, in the order the kinds are declared."""
        return [problem for kind in KINDS if kind in CHECKS and CHECKS[kind].scope == scope
                for problem in CHECKS[kind].run(self, *given)]

    def _duy_nhat(self, doc, file_name, path, value, param, data):
        if value is None or value is FAILED:
            return None
        list_path, index = _list_position(path)
        for earlier in range(index):
            other = value_at(data, (*list_path, earlier, *path[len(list_path) + 1:]))
            if other == value:
                return self.word(doc, file_name, path, "trung-ma", gia_tri=value,
                                  rang_buoc=doc.line_of((*list_path, earlier)))
        return None

    def _la_tong_cua(self, doc, file_name, path, value, param, data):
        if not is_number(value):
            return None
        parent = value_at(data, path[:-1])
        if "[]." in param:
            list_key, item_key = param.split("[].", 1)
            items = parent.get(list_key)
            if items is not None and (not isinstance(items, list) or not all(isinstance(i, dict) for i in items)):
                return None  # the list's own error is reported; a sum of what is left would mislead
            parts = [item.get(item_key) for item in items or []]
        else:
            group = parent.get(param)
            if not isinstance(group, dict):
                return None  # the group's own type error is reported; "the parts add up to 0" would mislead
            parts = list(group.values())
        if not all(p is None or is_number(p) for p in parts):
            return None  # the parts' own type errors are reported already
        total = sum((p for p in parts if p is not None), Decimal(0))
        if total != value:
            return self.word(doc, file_name, path, "sai-tong", gia_tri=value, rang_buoc=total)
        return None

    def _khong_vuot(self, doc, file_name, path, value, param, data):
        if not is_number(value):
            return None
        parent = value_at(data, path[:-1])
        limit = parent.get(param) if isinstance(parent, dict) else None
        limit_label = self.handbook.label(file_name, (*path[:-1], param)) or param
        if limit is None:
            if value:
                return self.word(doc, file_name, path, "thieu-tong", rang_buoc=limit_label)
            return None
        if is_number(limit) and value > limit:
            return self.word(doc, file_name, path, "vuot-tong", gia_tri=value,
                              rang_buoc=limit, goi_y=limit_label)
        return None

    def _cong_khong_vuot(self, doc, file_name, path, value, param, data):
        if not isinstance(value, dict):
            return None
        limit = value.get(param["toi_da"])
        parts = [value.get(k) for k in param["truong"]]
        if not is_number(limit) or not all(p is None or is_number(p) for p in parts):
            return None
        total = sum(p for p in parts if p is not None)
        if any(p is not None and p > limit for p in parts):
            return None  # one part alone is over: its own `khong_vuot` says so, once
        if total > limit:
            labels = " + ".join(self.handbook.label(file_name, (*path, k)) for k in param["truong"])
            limit_label = self.handbook.label(file_name, (*path, param["toi_da"]))
            return self.wording.problem(
                file=doc.display, line=doc.line_of(path), path=path, code="vuot-tong",
                nhan=labels, gia_tri=total, rang_buoc=limit, goi_y=limit_label)
        return None

    def _khong_truoc(self, doc, file_name, path, value, param, data):
        parent = value_at(data, path[:-1])
        start = parent.get(param) if isinstance(parent, dict) else None
        end_at, start_at = _when(value), _when(start)
        if end_at is None or start_at is None or len(end_at) != len(start_at) or end_at >= start_at:
            return None  # a malformed month is the field rules' to report
        return self.word(doc, file_name, path, "khong-truoc", gia_tri=value, rang_buoc=start,
                          goi_y=self.handbook.label(file_name, (*path[:-1], param)) or param)

    def _canh_bao_tren(self, doc, file_name, path, value, param, data):
        if not is_number(value) or value <= param:
            return None
        rules = self.handbook.field_rules(file_name, path) or {}
        variant = "tien" if rules.get("meta", {}).get("don_vi") == "trieu_dong" else "chung"
        return self.word(doc, file_name, path, "qua-nguong", severity="canh-bao", variant=variant,
                          gia_tri=value, rang_buoc=param, vi_du=yaml_number(Decimal(value) / 1_000_000))

    def _plan_year(self, year, step_docs: dict) -> list[Problem]:
        """The rules that read the plan year (scope PLAN_YEAR). Like every date rule,
        they wait for the cycle schema/quy-trinh.yaml sets (chu_ky_ngay)."""
        if not is_number(year) or not self.handbook.process.get("chu_ky_ngay"):
            return []
        return self._run(PLAN_YEAR, step_docs, year)

    def _values(self, docs: dict, kind: str):
        """(doc, file name, path, value) of every value a rule of this kind applies to, in docs."""
        for file_name, doc in docs.items():
            if not isinstance(doc.data, dict):
                continue
            for check in self.handbook.checks.get(file_name, ()):
                if check.kind == kind:
                    for path, value in walk(doc.data, check.path):
                        yield doc, file_name, path, value

    def _in_plan_year(self, step_docs: dict, year) -> list[Problem]:
        """A month (or date) within the plan year itself."""
        problems = []
        for doc, file_name, path, value in self._values(step_docs, "trong_nam_ke_hoach"):
            when = _when(value)
            if when is not None and when[0] != int(year):
                problems.append(self.word(doc, file_name, path, "ngoai-nam-ke-hoach", gia_tri=value, rang_buoc=year))
        return problems

    def _dates_in_cycle(self, step_docs: dict, year) -> list[Problem]:
        """Every date of the plan's files within the cycle schema/quy-trinh.yaml sets
        (a date typed with the wrong year is the slip this catches)."""
        cycle = self.handbook.process.get("chu_ky_ngay") or {}
        first = date(int(year) - int(cycle.get("nam_truoc", 0)), 1, 1)
        last = date(int(year) + int(cycle.get("nam_sau", 0)), 12, 31)
        span = f"{approved_text(first)} – {approved_text(last)}"
        problems, dated = [], []
        for doc, file_name, path, value in self._values(step_docs, "ngay"):
            day = parse_date(value)
            if self._amendment(file_name, path):
                continue  # amendment records have their own dates rule (_amendment_dates)
            if day is not None and not first <= day <= last:
                problems.append(self.word(doc, file_name, path, "ngoai-chu-ky", gia_tri=value,
                                          rang_buoc=span, vi_du=year))
            elif day is not None:
                dated.append((day, file_name, doc, path, value))
        return problems + self._before_kick_off(dated)

    def _before_kick_off(self, dated: list) -> list:
        """A step dated before the kick-off meeting (step 1) is out of order: one of
        the two dates carries a slip. A warning, on the later step's date."""
        role = self.handbook.required("khoi-dong")
        kick_off = min((d for d, file_name, *_ in dated if file_name == role[0]), default=None)
        if kick_off is None:
            return []
        plan_files = {PLAN_FILE, role[0]}
        return [self.word(doc, file_name, path, "truoc-khoi-dong", severity="canh-bao", gia_tri=value,
                           rang_buoc=approved_text(kick_off))
                for day, file_name, doc, path, value in dated
                if day < kick_off and file_name not in plan_files]

    def _amendment(self, file_name: str, path) -> bool:
        role = self.handbook.role("dieu-chinh")
        return role is not None and file_name == role[0] and tuple(path[:1]) == (role[1],)

    # -- across the files of one commune-year -------------------------------
    def check_references(self, docs: dict) -> list[Problem]:
        """The rules across the files of a commune-year (scope COMMUNE_YEAR).
        docs: file name -> Document for commune.yaml and one year's files."""
        return self._run(COMMUNE_YEAR, docs)

    def _defined(self, docs: dict) -> dict[str, dict]:
        """Each kind of identifier's values, with the line each is first defined on."""
        defined: dict[str, dict] = {}
        for doc, _file, check, path, value in self._places(docs, "dinh_danh"):
            defined.setdefault(check.param, {}).setdefault(value, doc.line_of(path))
        return defined

    def _defined_once(self, docs: dict) -> list[Problem]:
        """An identifier defined again, across the commune-year's files."""
        problems = []
        first: dict[str, dict] = {}
        for doc, file_name, check, path, value in self._places(docs, "dinh_danh"):
            seen = first.setdefault(check.param, {})
            if value in seen:
                problems.append(self.word(doc, file_name, path, "trung-ma", gia_tri=value, rang_buoc=seen[value]))
            else:
                seen[value] = doc.line_of(path)
        return problems

    def _references(self, docs: dict) -> list[Problem]:
        """A reference names an identifier defined in the commune-year's files."""
        problems = []
        defined = self._defined(docs)
        broken = self._unusable_identifiers(docs)
        for doc, file_name, check, path, value in self._places(docs, "tham_chieu"):
            kinds = reference_kinds(check.param)
            known = {code: line for kind in kinds for code, line in defined.get(kind, {}).items()}
            if value in known or any(kind in broken for kind in kinds):
                continue  # an identifier's own error may be why it is missing
            guess = closest(value, known)
            if guess:
                hint = f"Có phải ý bạn là '{guess}'?"
            elif known:
                hint = "Các giá trị đã khai báo: " + ", ".join(map(str, list(known)[:12])) + "."
            else:
                hint = "Chưa khai báo mục nào; hãy khai báo trước khi dùng."
            problems.append(self.word(
                doc, file_name, path, "tham-chieu", gia_tri=value,
                rang_buoc=", ".join(self.namespaces.get(kind, kind) for kind in kinds), goi_y=hint))
        return problems

    def _over_all(self, docs: dict) -> list[Problem]:
        """A figure above the sum of a field over every item of a kind (meta
        khong_vuot_tong_cua): 810 households served in a commune of 700."""
        totals: dict = {}  # (kind, field) -> (sum, label)
        for _doc, _file, check, _path, _value in self._places(docs, "khong_vuot_tong_cua"):
            key = (check.param.get("dinh_danh"), check.param.get("truong"))
            if key not in totals:
                totals[key] = self._sum_over(docs, *key)
        problems = []
        for doc, file_name, check, path, value in self._places(docs, "khong_vuot_tong_cua"):
            total, label = totals[(check.param.get("dinh_danh"), check.param.get("truong"))]
            if is_number(value) and total and value > total:
                problems.append(self.word(doc, file_name, path, "vuot-tong-xa", severity="canh-bao",
                                           gia_tri=value, rang_buoc=total, goi_y=label))
        return problems

    def _sum_over(self, docs: dict, kind: str, field: str) -> tuple[Decimal | None, str]:
        """A field summed over every item of a kind of identifier, and its label; None
        when one item's figure is wrong (the commune's total is then unknown)."""
        total, label = Decimal(0), field
        for defining, def_file, def_check, def_path, _ in self._places(docs, "dinh_danh"):
            if def_check.param == kind:
                figure = value_at(defining.data, (*def_path[:-1], field))
                if figure is FAILED:
                    return None, label
                total += figure if is_number(figure) else 0
                label = self.handbook.label(def_file, (*def_path[:-1], field)) or label
        return total, label

    def _unusable_identifiers(self, docs: dict) -> set:
        """Kinds of identifier of which one was written so that it cannot be used (a list, a group)."""
        kinds = set()
        for file_name, doc in docs.items():
            data = doc.typed if doc.typed is not None else doc.data
            for check in self.handbook.checks.get(file_name, ()) if isinstance(data, dict) else ():
                if check.kind == "dinh_danh" and any(isinstance(v, (list, dict)) for _, v in walk(data, check.path)):
                    kinds.add(check.param)
        return kinds

    def _places(self, docs: dict, kind: str):
        """Every filled value that a check of this kind applies to, across the files.
        Identifiers are read as typed: one that broke a rule of its own ('NC01 #2' cut
        by a comment) still exists, and the references to it are not reported again."""
        for file_name, doc in docs.items():
            data = doc.typed if kind == "dinh_danh" and doc.typed is not None else doc.data
            if not isinstance(data, dict):
                continue
            for check in self.handbook.checks.get(file_name, ()):
                if check.kind == kind:
                    for path, value in walk(data, check.path):
                        if value is not None and value is not FAILED and not isinstance(value, (list, dict)):
                            yield doc, file_name, check, path, value

    def check_needs(self, step_docs: dict, year) -> list:
        """Warnings on the needs' life cycle: open too long; answered though closed."""
        needs_file, needs_key = self.handbook.required("nhu-cau")
        activities_file, activities_key = self.handbook.required("hoat-dong")
        needs_doc = step_docs.get(needs_file)
        if needs_doc is None or not isinstance(needs_doc.data, dict) or not is_number(year):
            return []
        statuses = self.handbook.vocab("trang-thai-nhu-cau").entries
        closed = {code for code, entry in statuses.items() if entry.get("dong")}
        limit = self.handbook.process.get("nhu_cau_qua_han_sau_nam")
        problems, by_code = [], {}
        for index, need in enumerate(needs_doc.data.get(needs_key) or []):
            if not isinstance(need, dict):
                continue
            by_code[need.get("ma")] = need
            collected = need.get("nam_thu_thap")
            if limit and is_number(collected) and need.get("trang_thai") not in closed and year - collected >= limit:
                problems.append(self.word(needs_doc, needs_file, (needs_key, index, "nam_thu_thap"),
                                           "nhu-cau-qua-han", severity="canh-bao", gia_tri=need.get("ma"),
                                           rang_buoc=collected, goi_y=limit))
        activities_doc = step_docs.get(activities_file)
        if activities_doc is not None and isinstance(activities_doc.data, dict):
            for index, activity in enumerate(activities_doc.data.get(activities_key) or []):
                # the activity's field that references needs (not the needs list's key)
                for position, code in enumerate((activity or {}).get(NEEDS_FIELD) or []):
                    status = (by_code.get(code) or {}).get("trang_thai")
                    if status in closed:
                        problems.append(self.word(
                            activities_doc, activities_file, (activities_key, index, NEEDS_FIELD, position),
                            "hoat-dong-nhu-cau-dong", severity="canh-bao", gia_tri=code,
                            rang_buoc=statuses[status].get("nhan", status)))
        return problems

    def check_year(self, plan_doc, folder_name: str, step_docs: dict) -> list:
        """The year folder matches the plan year; the status has what it requires."""
        problems = []
        plan = plan_doc.data if isinstance(plan_doc.data, dict) else {}
        year = plan.get("nam_ke_hoach")
        if is_number(year) and str(year) != folder_name:
            problems.append(self.word(plan_doc, PLAN_FILE, ("nam_ke_hoach",), "sai-nam",
                                       gia_tri=year, rang_buoc=folder_name))
        status = plan.get("trang_thai")
        statuses = self.handbook.vocab("trang-thai").entries
        if status not in statuses:
            return problems
        missing = self._first_missing(status, statuses, step_docs)
        in_cycle = self._plan_year(year, step_docs) if str(year) == folder_name else []  # else: sai-nam
        return (problems + missing + in_cycle + self._amendment_dates(step_docs)
                + self._past_tense(status, statuses, step_docs) + self._resolution_date(step_docs))

    def _first_missing(self, status, statuses: dict, step_docs: dict) -> list:
        """The first item the status (and every status before it) requires that is not
        filled in: one problem, since the items after it are usually missing for the same reason."""
        rule = self.handbook.story_rule("thieu-theo-trang-thai")
        if rule is None:
            return []
        status_label = statuses[status].get("nhan", status)
        steps = {s.file: s for s in self.handbook.steps}
        for code, entry in statuses.items():
            for need in entry.get("can_co") or []:
                doc = step_docs.get(need["tep"])
                if doc is None or doc.problems:
                    continue  # a missing or unreadable file is reported as such
                path = tuple(need["truong"].split("."))
                if _empty(value_at(doc.data, path)):
                    step = steps.get(need["tep"])
                    where = f"bước {step.number}: {step.title}" if step else need["tep"]
                    return [self.word(doc, need["tep"], path, "thieu-theo-trang-thai", severity=rule["severity"],
                                      khoa=need["truong"], gia_tri=need["tep"], rang_buoc=status_label,
                                      vi_du=where)]
            if code == status:
                break
        return []

    def _past_tense(self, status, statuses: dict, step_docs: dict) -> list:
        """Dates the status says are past (lien-buoc.yaml ngay-chua-toi) not after today;
        the implementation record's dates always."""
        rule = self.handbook.story_rule("ngay-chua-toi")
        if rule is None:
            return []
        order = list(statuses)
        reached = order.index(status)
        today = approved_text(self.today)
        problems = []
        for entry in rule.get("ngay") or []:
            since = entry.get("tu_trang_thai")
            if since is not None and (since not in statuses or order.index(since) > reached):
                continue
            doc = step_docs.get(entry.get("tep"))
            if doc is None or not isinstance(doc.data, dict):
                continue
            for path, value in walk(doc.data, tuple(entry["truong"].split("."))):
                day = parse_date(value) if isinstance(value, str) else None
                if day is None or day <= self.today:
                    continue
                if since is None:
                    problems.append(self.word(doc, entry["tep"], path, "ngay-chua-toi", severity=rule["severity"],
                                              variant="thuc_hien", gia_tri=value, rang_buoc=today))
                else:
                    before = order[order.index(since) - 1] if order.index(since) else since
                    problems.append(self.word(
                        doc, entry["tep"], path, "ngay-chua-toi", severity=rule["severity"], variant="trang_thai",
                        gia_tri=value, rang_buoc=today, vi_du=statuses[status].get("nhan", status),
                        goi_y=statuses[before].get("nhan", before)))
        return problems

    def _resolution_date(self, step_docs: dict) -> list:
        """Every typed copy of the resolution's date equals the sitting's (lien-buoc.yaml
        nghi-quyet-ngay-ky-hop): the sitting passed it, and it takes effect that day."""
        rule = self.handbook.story_rule("nghi-quyet-ngay-ky-hop")
        source = rule.get("ngay") if rule else None
        if rule is None or not isinstance(source, dict):
            return []
        doc = step_docs.get(source.get("tep"))
        sitting_text = value_at(doc.data, tuple(source["truong"].split("."))) if doc is not None else None
        sitting = parse_date(sitting_text) if isinstance(sitting_text, str) else None
        if sitting is None:
            return []  # no sitting date: the status rules say when one is needed
        problems = []
        for copy in rule.get("ban_sao") or []:
            other = step_docs.get(copy.get("tep"))
            if other is None or not isinstance(other.data, dict):
                continue
            for path, value in walk(other.data, tuple(copy["truong"].split("."))):
                day = parse_date(value) if isinstance(value, str) else None
                if day is not None and day != sitting:
                    problems.append(self.word(other, copy["tep"], path, "nghi-quyet-ngay-ky-hop",
                                              severity=rule["severity"], gia_tri=value,
                                              rang_buoc=approved_text(sitting)))
        return problems

    def _amendment_dates(self, step_docs: dict) -> list:
        """An amendment record is dated after the approval and not in the future."""
        role = self.handbook.role("dieu-chinh")
        if role is None:
            return []
        doc = step_docs.get(role[0])
        if doc is None or not isinstance(doc.data, dict):
            return []
        approved = self._approval_date(step_docs)
        problems = []
        for index, record in enumerate(doc.data.get(role[1]) or []):
            day = parse_date(record.get("ngay")) if isinstance(record, dict) else None
            if day is None:
                continue  # a missing or malformed date is the field rules' to report
            if approved and day < approved:
                problems.append(self.word(doc, role[0], (role[1], index, "ngay"), "dieu-chinh-ngay",
                                           variant="truoc", gia_tri=record["ngay"], rang_buoc=approved_text(approved)))
            elif day > self.today:
                problems.append(self.word(doc, role[0], (role[1], index, "ngay"), "dieu-chinh-ngay",
                                           variant="tuong_lai", gia_tri=record["ngay"]))
        return problems

    def _approval_date(self, step_docs: dict):
        """The approval's date: the first date field the approving status requires (its
        `can_co`) in the approval step's file (the sitting's), when filled in."""
        approval = self.handbook.role("thong-qua")
        for entry in self.handbook.vocab("trang-thai").entries.values():
            if not entry.get("khoa"):
                continue
            for need in entry.get("can_co") or []:
                path = tuple(need["truong"].split("."))
                rules = self.handbook.field_rules(need["tep"], path) or {}
                doc = step_docs.get(need["tep"])
                if approval and need["tep"] != approval[0]:
                    continue
                if rules.get("type") == "ngay" and doc is not None and isinstance(doc.data, dict):
                    return parse_date(value_at(doc.data, path))
            return None
        return None

    def word(self, doc, file_name, path, code, severity="loi", variant=None, **values):
        values.setdefault("nhan", self.handbook.label(file_name, path) or str(path[-1]))
        values.setdefault("khoa", str(path[-1]) if path else "")
        return self.wording.problem(file=doc.display, line=doc.line_of(path), path=path,
                                    code=code, severity=severity, variant=variant, **values)


# One check per kind, in rulekinds.py's order. Registered here, not by a decorator on each
# method: mutmut (make mutants) leaves decorated functions unmutated, and these compute.
register("dinh_danh", COMMUNE_YEAR, CrossChecker._defined_once)
register("khong_vuot_tong_cua", COMMUNE_YEAR, CrossChecker._over_all)
register("tham_chieu", COMMUNE_YEAR, CrossChecker._references)
register("duy_nhat", IN_FILE, CrossChecker._duy_nhat)
register("la_tong_cua", IN_FILE, CrossChecker._la_tong_cua)
register("khong_vuot", IN_FILE, CrossChecker._khong_vuot)
register("cong_khong_vuot", IN_FILE, CrossChecker._cong_khong_vuot)
register("khong_truoc", IN_FILE, CrossChecker._khong_truoc)
register("canh_bao_tren", IN_FILE, CrossChecker._canh_bao_tren)
register("trong_nam_ke_hoach", PLAN_YEAR, CrossChecker._in_plan_year)
register("ngay", PLAN_YEAR, CrossChecker._dates_in_cycle)


def _empty(value) -> bool:
    """Not filled in: nothing, an empty text, list or group, or a group whose fields are all empty."""
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return value in (None, "", [])


def _when(value) -> tuple | None:
    """A month (mm/yyyy) or a date as a tuple that sorts in time; None if neither."""
    if not isinstance(value, str):
        return None
    day = parse_date(value)
    if day:
        return day.year, day.month, day.day
    return month_of(value)


def _list_position(path):
    """For a path ending inside a list item, the list's path and the item index."""
    for i in range(len(path) - 1, -1, -1):
        if isinstance(path[i], int):
            return path[:i], path[i]
    return path, 0
