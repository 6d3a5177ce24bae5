"""Last year's results, from one source: what the plan of year X+1 says of year X.

Where year X's plan and its implementation record are in the repository, the
results are every target of X's plan with its latest recorded result: the
record is the source, and Part I, step 3's assessment, Biểu 5's estimate, the
Tờ trình, the Nghị quyết and the district's synthesis all read it from here.
Otherwise they are the rows typed in step 3's assessment, which the documents
call an estimate. Typed copies of recorded figures are checked in
check/lastyear.py.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field

from sedp.check.lastyear import ASSESSED, ESTIMATE, target_key
from sedp.core import fmt
from sedp.core.data import is_number
from sedp.model.records import VERDICT_LABELS, Record, TargetResult, items
from sedp.source.handbook import Handbook

VERDICTS = tuple(VERDICT_LABELS)[:3]  # judged: exceeded, met, missed


@dataclass
class LastYear:
    year: int | None  # the year assessed (X)
    targets: list[TargetResult] = field(default_factory=list)
    recorded: bool = False  # from year X's record; False: typed in step 3, an estimate
    as_of: str | None = None  # the date of the newest result used (dd/mm/yyyy)

    def counts(self) -> Counter:
        """"vuot", "dat", "chua_dat" and "chua_co" (no result or no plan) -> targets."""
        return Counter(t.verdict or "chua_co" for t in self.targets)

    def result_for(self, name) -> TargetResult | None:
        key = target_key(name)
        same = [t for t in self.targets if target_key(t.name) == key]
        return same[0] if len(same) == 1 and same[0].achieved is not None else None  # two of one name: which?


def last_year(handbook: Handbook, year, steps: dict, previous: dict | None) -> LastYear:
    """steps, previous: file name -> data of plan year `year` and of the year before."""
    assessed = int(year) - 1 if str(year).isdigit() else None
    if previous and handbook.records_file and isinstance(previous.get(handbook.records_file), dict):
        record = Record(handbook, previous)
        dates = [fmt.parse_date(t.latest[0]) for t in record.targets if t.latest]
        newest = max((d for d in dates if d), default=None)
        return LastYear(assessed, record.targets, True, fmt.day(newest) if newest else None)
    role = handbook.role("danh-gia")
    name, planned, achieved = ASSESSED
    rows = items(steps.get(role[0]), role[1]) if role else []
    return LastYear(assessed, [TargetResult(
        code="", name=str(row.get(name) or ""), unit=str(row.get("don_vi") or ""),
        planned=row.get(planned) if is_number(row.get(planned)) else None,
        lower_is_better=row.get("chieu") == "giam",
        results=[(None, row[achieved])] if is_number(row.get(achieved)) else []) for row in rows])


def with_last_year(handbook: Handbook, steps: dict, last: LastYear) -> dict:
    """The plan year's data as its readers see it: where last year's record is the
    source, an empty step-3 assessment shows its rows and an empty Biểu 5 estimate
    its figure (a typed copy equals them: check/lastyear.py)."""
    if not last.recorded:
        return steps
    shown = dict(steps)
    targets_role, assessment_role = handbook.role("chi-tieu"), handbook.role("danh-gia")
    if targets_role and isinstance(steps.get(targets_role[0]), dict):
        data = shown[targets_role[0]] = copy.copy(steps[targets_role[0]])
        rows = []
        for row in data.get(targets_role[1]) or []:
            found = last.result_for(row.get("ten")) if isinstance(row, dict) else None
            if found is not None and row.get(ESTIMATE) is None:
                row = {**row, ESTIMATE: found.achieved}
            rows.append(row)
        data[targets_role[1]] = rows
    if assessment_role and isinstance(steps.get(assessment_role[0]), dict) \
            and not steps[assessment_role[0]].get(assessment_role[1]):
        name, planned, achieved = ASSESSED
        data = shown[assessment_role[0]] = dict(steps[assessment_role[0]])
        data[assessment_role[1]] = [
            {name: t.name, "don_vi": t.unit, planned: t.planned, achieved: t.achieved,
             **({"chieu": "giam"} if t.lower_is_better else {}),
             "ghi_chu": f"Theo báo cáo thực hiện, số liệu đến {fmt.day(t.latest[0])}" if t.latest else
             "Báo cáo thực hiện chưa có số liệu"} for t in last.targets]
    return shown
