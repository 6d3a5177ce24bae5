"""Reports over a period: a span of plan years added up.

Every figure of a period is the sum of its plan years' Summaries (which are
sums of communes), so a period total is exactly the sum of the yearly figures
shown beside it. The span is data (schema/tong-hop.yaml `bao_cao_giai_doan`):
the last `so_nam` plan years present, or a fixed `tu_nam`–`den_nam`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sedp.core import fmt
from sedp.model.progress import status_label
from sedp.model.rollup import Summary
from sedp.model.values import num, share
from sedp.source.handbook import locked_statuses

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
    """(first, last) plan year of the period report: the fixed span, or the last `so_nam`
    calendar years up to the newest year that has plans (drafts included)."""
    present = sorted(str(y) for y in years)
    if not present:
        return None
    setting = handbook.rollup.get("bao_cao_giai_doan") or {}
    if setting.get("tu_nam") and setting.get("den_nam"):
        return str(setting["tu_nam"]), str(setting["den_nam"])
    length = setting.get("so_nam") or DEFAULT_YEARS
    last = int(present[-1])
    return str(last - length + 1), str(last)


def period(handbook, by_year: dict[str, Summary], within=None) -> Period | None:
    """The period of the handbook's span over yearly summaries (a district's, the province's);
    None when none of its years has plans. within: the province's plan years, so that every
    district reports over the province's span and the province's totals are the districts' sums."""
    bounds = span(handbook, within if within is not None else by_year)
    if bounds is None:
        return None
    first, last = bounds
    years = sorted(y for y in by_year if first <= y <= last)
    if not years:
        return None
    total = Summary()
    for year in years:
        total.add(by_year[year])
    return Period(years=years, first=first, last=last, by_year={y: by_year[y] for y in years}, total=total)


TOTAL_ROW = "Cả giai đoạn"
NO_RECORD = "–"  # a plan year with no implementation record yet


def tables(handbook, p: Period) -> dict:
    """The period worded: figures over the span, then tables with a row per plan
    year and the span's totals row (each the sum of the rows above it)."""
    places = handbook.share_places
    groups = handbook.vocab("nhom-tham-du")
    sources = handbook.vocab("nguon-von")
    sectors = handbook.vocab("linh-vuc")
    statuses = [c for c in [*handbook.vocab("trang-thai-thuc-hien").entries, ""] if p.total.progress.get(c)]
    total_key = handbook.attendance_total()
    shown_groups = [c for c in groups.entries if c != total_key]
    rows = [*((y, p.by_year[y]) for y in p.years), (TOTAL_ROW, p.total)]

    def people(s: Summary) -> list:
        whole = s.attendance.get(total_key, 0)
        return [num(s.meetings), num(whole), *(cell for c in shown_groups
                                               for cell in (num(s.attendance.get(c, 0)),
                                                            share(s.attendance.get(c, 0), whole, places)))]

    def money(s: Summary, name: str) -> list:
        by_source = s.budget_by_source(name)
        return [*(num(by_source.get(c, 0)) for c in sources.entries), num(s.budget_total(name))]

    def split(table_rows: list) -> tuple[list, list]:
        return table_rows[:-1], table_rows[-1]

    whole = p.total.attendance.get(total_key, 0)
    planned, paid = p.total.budget_total("planned"), p.total.budget_total("disbursed")
    figures = [("năm kế hoạch", f"{len(p.years)} ({', '.join(p.years)})"),
               ("cuộc họp có người dân tham dự", num(p.total.meetings)), ("lượt người tham dự", num(whole)),
               *((f"{groups.label(c)}", share(p.total.attendance.get(c, 0), whole, places)) for c in shown_groups
                 if c != "doanh_nghiep"),
               ("Tổng kinh phí kế hoạch (triệu đồng)", num(p.total.budget_total())),
               (f"Tỷ lệ giải ngân (trên {fmt.number(planned)} triệu đồng kế hoạch của các hoạt động đã cập nhật)",
                share(paid, planned, places)),
               ("nhu cầu thu thập", num(p.total.needs_collected)), ("nhu cầu được đáp ứng", num(p.total.needs_answered))]
    participation = [[year, *people(s)] for year, s in rows]
    planned_rows = [[year, *money(s, "budget")] for year, s in rows]
    # A year without any implementation record has no figures there: "–", not 0.
    paid_rows = [[year, *(money(s, "disbursed") if s.recorded else [NO_RECORD] * (len(sources.entries) + 1))]
                 for year, s in rows]
    status_rows = [[year, *((num(s.progress.get(c, 0)) for c in statuses) if s.recorded else
                            [NO_RECORD] * len(statuses)), num(sum(s.progress.values())) if s.recorded else NO_RECORD]
                   for year, s in rows]
    needs_rows = [[year, num(s.needs_collected), num(s.needs_answered) if s.recorded else NO_RECORD,
                   num(sum(s.activities_by_sector.values()))] for year, s in rows]
    sector_codes = [c for c in [*sectors.entries, *(s for s in p.total.budget if s not in sectors.entries)]
                    if c in p.total.budget or c in p.total.disbursed]
    sector_rows = [[sectors.label(c), num(p.total.sector_total(c)), num(p.total.sector_total(c, "planned")),
                    num(p.total.sector_total(c, "disbursed")),
                    share(p.total.sector_total(c, "disbursed"), p.total.sector_total(c, "planned"), places)]
                   for c in sector_codes]
    sector_total = ["Tổng cộng", num(p.total.budget_total()), num(planned), num(paid), share(paid, planned, places)]
    source_headers = [sources.label(c) for c in sources.entries]
    locked = locked_statuses(handbook)
    return {
        "figures": figures,
        "plans": p.total.plan_years,
        "not_approved": sum(n for status, n in p.total.statuses.items() if status not in locked),
        "participation": _table(["Năm", "Số cuộc họp", "Lượt người tham dự",
                                 *(h for c in shown_groups for h in (groups.label(c), f"Tỷ lệ {groups.label(c).lower()}"))],
                                *split(participation)),
        "planned": _table(["Năm", *source_headers, "Tổng cộng"], *split(planned_rows)),
        "disbursed": _table(["Năm", *source_headers, "Tổng cộng"], *split(paid_rows)),
        "sectors": {"headers": ["Lĩnh vực", "Kinh phí kế hoạch", "Kế hoạch (hoạt động đã cập nhật thực hiện)",
                                "Đã giải ngân", "Tỷ lệ giải ngân"], "rows": sector_rows, "totals": sector_total,
                    "numeric": (1, 2, 3, 4)},
        "statuses": _table(["Năm", *(status_label(handbook, c) for c in statuses), "Tổng cộng"],
                           *split(status_rows)),
        "needs": _table(["Năm", "Nhu cầu thu thập", "Nhu cầu được đáp ứng", "Số hoạt động"], *split(needs_rows)),
    }


def _table(headers: list, rows: list, totals: list) -> dict:
    return {"headers": headers, "rows": rows, "totals": totals, "numeric": tuple(range(1, len(headers)))}
