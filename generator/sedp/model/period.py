"""Reports over a period: a span of plan years added up.

Every figure of a period is the sum of its plan years' Summaries (which are
sums of communes), so a period total is exactly the sum of the yearly figures
shown beside it. The span is data (schema/tong-hop.yaml `bao_cao_giai_doan`):
the last `so_nam` plan years present, or a fixed `tu_nam`–`den_nam`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sedp.model.rollup import Summary

DEFAULT_YEARS = 3


@dataclass
class Period:
    years: list[str]  # the plan years of the span that have plans, oldest first
    first: str
    last: str
    by_year: dict  # year -> Summary
    total: Summary

    @property
    def label(self) -> str:
        return f"{self.first}–{self.last}"

    @property
    def slug(self) -> str:
        return f"{self.first}-{self.last}"


def span(handbook, years) -> tuple[str, str] | None:
    """(first, last) plan year of the period report, from the years that have plans."""
    present = sorted(str(y) for y in years)
    if not present:
        return None
    setting = handbook.rollup.get("bao_cao_giai_doan") or {}
    if setting.get("tu_nam") and setting.get("den_nam"):
        return str(setting["tu_nam"]), str(setting["den_nam"])
    length = setting.get("so_nam") or DEFAULT_YEARS
    last = int(present[-1])
    return str(last - length + 1), str(last)


def period(handbook, by_year: dict[str, Summary]) -> Period | None:
    """The period of the handbook's span over yearly summaries (a district's, the province's)."""
    bounds = span(handbook, by_year)
    if bounds is None:
        return None
    first, last = bounds
    years = sorted(y for y in by_year if first <= y <= last)
    total = Summary()
    for year in years:
        total.add(by_year[year])
    return Period(years=years, first=first, last=last, by_year={y: by_year[y] for y in years}, total=total)
