"""Reports over a period: a span of plan years added up.

Every figure of a period is the sum of its plan years' Summaries (which are
sums of communes), less what a year counts again of an earlier year of the
span: an activity carried over (step 4 `chuyen_tu`) counts once, in its first
year in the span, with the origin year's planned money (the remainder carried
is not new money) and its latest status; a need answered in two years is one
need. Money disbursed counts each year as recorded (different money). So a
period total is the sum of the yearly figures shown beside it less the row
that says what was counted before. The span is data (schema/tong-hop.yaml
`bao_cao_giai_doan`): the last `so_nam` plan years present, or a fixed
`tu_nam`–`den_nam`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sedp.core import fmt
from sedp.core.names import PERIOD_OUTLINE
from sedp.model.forms import TOTAL_LABEL
from sedp.model.progress import status_label
from sedp.model.rollup import Summary
from sedp.model.values import num, share
from sedp.source.handbook import Handbook, locked_statuses
from sedp.source.outlines import fill

DEFAULT_YEARS = 3


@dataclass
class Period:
    years: list[str]  # the plan years of the span that have plans, oldest first
    first: str
    last: str
    by_year: dict  # year -> Summary
    total: Summary  # each activity, need and đồng once
    again: Summary  # what the yearly rows count a second time (carried-over activities and their money)

    @property
    def label(self) -> str:
        return f"{self.first}–{self.last}"

    @property
    def slug(self) -> str:
        return f"{self.first}-{self.last}"


def span(handbook: Handbook, years) -> tuple[str, str] | None:
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


def period(handbook: Handbook, by_year: dict[str, Summary], within=None) -> Period | None:
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
    again = counted_before(total, set(years))
    return Period(years=years, first=first, last=last, by_year={y: by_year[y] for y in years},
                  total=total.less(again), again=again)


def counted_before(total: Summary, years: set) -> Summary:
    """What the plan years of a span count again of an earlier year of the span: each activity
    carried from a year of the span (its count, planned money, climate money; on the record's
    side its money when both years report on it, and its earlier status when the later year
    reports it)."""
    again = Summary()
    for carried in total.carried:
        if carried["year"] not in years:
            continue  # its origin is before the span: here it starts
        sector, budget = carried["sector"], carried["budget"]
        again.activities_by_sector[sector] += 1
        again.climate_budget += carried["climate"]
        for source, amount in budget.items():
            again.budget[sector][source] += amount
        before, now = total.reported.get(carried["origin"]), total.reported.get(carried["self"])
        if before is not None and now is not None:
            again.progress[before] += 1  # counted once, at its latest status
        if before and now:  # both updated: the remainder is in the rate's whole twice
            for source, amount in budget.items():
                again.planned[sector][source] += amount
    return again


TOTAL_ROW = "Cả giai đoạn"
AGAIN_ROW = "Trừ phần đã tính ở năm trước"  # carried-over activities, their money, needs answered again
NO_RECORD = "–"  # a plan year with no implementation record yet (or, for needs collected, a review year)


def answered_again(p: Period) -> int:
    """Needs the yearly rows count more than once (answered in two years of the span)."""
    return sum(p.by_year[y].needs_answered for y in p.years) - p.total.needs_answered


def counts_again(p: Period) -> bool:
    """The yearly rows count something twice (then a row says what the span's row takes off)."""
    return bool(sum(p.again.activities_by_sector.values()) or answered_again(p))


def minus(value) -> str:
    """What the span's row takes off, as a negative figure; "" where nothing is."""
    return num(-value) if value else ""


def carried_note(handbook: Handbook, p: Period) -> str:
    """The handbook's sentence on how carried-over work is counted (the period outline's
    `cach_tinh`), when the span has any; "" otherwise."""
    outline = (handbook.outlines or {}).get(PERIOD_OUTLINE) or {}
    again = p.again
    if not counts_again(p) or not outline.get("cach_tinh"):
        return ""
    return fill(outline["cach_tinh"], {"giai_doan_bao_cao": p.label,
                                       "so_hoat_dong_chuyen_tiep": fmt.number(sum(again.activities_by_sector.values())),
                                       "kinh_phi_chuyen_tiep": fmt.number(again.budget_total()),
                                       "nhu_cau_tinh_lai": fmt.number(answered_again(p))})


def tables(handbook: Handbook, p: Period) -> dict:
    """The period worded: figures over the span, then tables with a row per plan
    year and the span's totals row (each the sum of the rows above it)."""
    places = handbook.share_places
    groups = handbook.vocab("nhom-tham-du")
    sources = handbook.vocab("nguon-von")
    sectors = handbook.vocab("linh-vuc")
    statuses = [c for c in [*handbook.vocab("trang-thai-thuc-hien").entries, ""] if p.total.progress.get(c) or p.again.progress.get(c)]
    total_key = handbook.attendance_total()
    shown_groups = [c for c in groups.entries if c != total_key]
    rows = [*((y, p.by_year[y]) for y in p.years), (TOTAL_ROW, p.total)]
    again, twice = p.again, answered_again(p)
    counted = counts_again(p)  # the tables show what is taken off

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
    recorded = bool(p.total.recorded)
    figures = [("năm kế hoạch", f"{len(p.years)} ({', '.join(p.years)})"),
               ("cuộc họp có người dân tham dự", num(p.total.meetings)), ("lượt người tham dự", num(whole)),
               *((f"{groups.label(c)}", share(p.total.attendance.get(c, 0), whole, places)) for c in shown_groups
                 if c != "doanh_nghiep"),
               ("Tổng kinh phí kế hoạch (triệu đồng)", num(p.total.budget_total())),
               ("hoạt động", num(sum(p.total.activities_by_sector.values()))),
               (f"Tỷ lệ giải ngân (trên {fmt.number(planned)} triệu đồng kế hoạch của các hoạt động đã cập nhật)"
                if recorded else "Tỷ lệ giải ngân (chưa có báo cáo thực hiện)",
                share(paid, planned, places) if recorded else NO_RECORD),
               ("nhu cầu thu thập", num(p.total.needs_collected) if p.total.collecting else NO_RECORD),
               ("nhu cầu được đáp ứng", num(p.total.needs_answered) if recorded else NO_RECORD)]
    participation = [[year, *people(s)] for year, s in rows]
    planned_rows = [[year, *money(s, "budget")] for year, s in rows]
    if counted:
        by_source = again.budget_by_source()
        planned_rows[-1:-1] = _taken_off([AGAIN_ROW, *(minus(by_source.get(c, 0)) for c in sources.entries),
                                              minus(again.budget_total())])
    # A year without any implementation record has no figures there: "–", not 0.
    paid_rows = [[year, *(money(s, "disbursed") if s.recorded else [NO_RECORD] * (len(sources.entries) + 1))]
                 for year, s in rows]
    status_rows = [[year, *((num(s.progress.get(c, 0)) for c in statuses) if s.recorded else
                            [NO_RECORD] * len(statuses)), num(sum(s.progress.values())) if s.recorded else NO_RECORD]
                   for year, s in rows]
    needs_rows = [[year, num(s.needs_collected) if s.collecting else NO_RECORD,
                   num(s.needs_answered) if s.recorded else NO_RECORD,
                   num(sum(s.activities_by_sector.values()))] for year, s in rows]
    if counted:
        status_rows[-1:-1] = _taken_off([AGAIN_ROW, *(minus(again.progress.get(c, 0)) for c in statuses),
                                             minus(sum(again.progress.values()))])
        needs_rows[-1:-1] = _taken_off([AGAIN_ROW, "", minus(twice), minus(sum(again.activities_by_sector.values()))])
    sector_codes = [c for c in [*sectors.entries, *(s for s in p.total.budget if s not in sectors.entries)]
                    if c in p.total.budget or c in p.total.disbursed]
    def done(c) -> list:  # a sector no record reports on: nothing known, "–"
        if c not in p.total.planned and c not in p.total.disbursed:
            return [NO_RECORD] * 3
        return [num(p.total.sector_total(c, "planned")), num(p.total.sector_total(c, "disbursed")),
                share(p.total.sector_total(c, "disbursed"), p.total.sector_total(c, "planned"), places)]
    sector_rows = [[sectors.label(c), num(p.total.sector_total(c)), *done(c)] for c in sector_codes]
    sector_total = [TOTAL_LABEL, num(p.total.budget_total()),
                    *([num(planned), num(paid), share(paid, planned, places)] if recorded else [NO_RECORD] * 3)]
    source_headers = [sources.label(c) for c in sources.entries]
    locked = locked_statuses(handbook)
    return {
        "figures": figures,
        "carried": carried_note(handbook, p),
        "plans": p.total.plan_years,
        "not_approved": sum(n for status, n in p.total.statuses.items() if status not in locked),
        "participation": _table(["Năm", "Số cuộc họp", "Lượt người tham dự",
                                 *(h for c in shown_groups for h in (groups.label(c), f"Tỷ lệ {groups.label(c).lower()}"))],
                                *split(participation)),
        "planned": _table(["Năm", *source_headers, TOTAL_LABEL], *split(planned_rows)),
        "disbursed": _table(["Năm", *source_headers, TOTAL_LABEL], *split(paid_rows)),
        "sectors": {"headers": ["Lĩnh vực", "Kinh phí kế hoạch", "Kế hoạch (hoạt động đã cập nhật thực hiện)",
                                "Đã giải ngân", "Tỷ lệ giải ngân"], "rows": sector_rows, "totals": sector_total,
                    "numeric": (1, 2, 3, 4)},
        "statuses": _table(["Năm", *(status_label(handbook, c) for c in statuses), TOTAL_LABEL],
                           *split(status_rows)),
        "needs": _table(["Năm", "Nhu cầu thu thập", "Nhu cầu được đáp ứng", "Số hoạt động"], *split(needs_rows)),
    }


def _taken_off(row: list) -> list:
    """The row of what the span's row takes off, if this table has any (as a list of rows)."""
    return [row] if any(row[1:]) else []


def _table(headers: list, rows: list, totals: list) -> dict:
    return {"headers": headers, "rows": rows, "totals": totals, "numeric": tuple(range(1, len(headers)))}
