"""Step 10 worded for readers: a plan year's implementation (the public
accountability page) and the implementation part of a roll-up (district,
province, period). Tables as worded strings; the site adds its bars."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sedp.core import fmt
from sedp.model.forms import TOTAL_LABEL
from sedp.model.records import NOT_UPDATED, VERDICT_LABELS, Record
from sedp.model.rollup import Summary
from sedp.model.values import num, share
from sedp.source.handbook import Handbook

VERDICTS = {code: label[:1].upper() + label[1:] for code, label in VERDICT_LABELS.items()}
NO_PLAN = "Chưa ghi kế hoạch để so sánh"  # a result with no planned figure: not "no result"
MONEY = "(triệu đồng)"


def status_label(handbook: Handbook, code) -> str:
    return handbook.vocab("trang-thai-thuc-hien").label(code) if code else NOT_UPDATED


def verdict_figure(counts) -> tuple[str, str]:
    """The targets' one count as a figure: ("chỉ tiêu vượt / đạt / chưa đạt kế hoạch", "3 / 0 / 2 (của 5)")."""
    judged = " / ".join(str(counts.get(code, 0)) for code in ("vuot", "dat", "chua_dat"))
    return "chỉ tiêu vượt / đạt / chưa đạt kế hoạch", f"{judged} (của {sum(counts.values())})"


def percent_text(value) -> str:
    return f"{fmt.number(value)}%" if value is not None else ""


def _rate_rows(labels, planned: dict, paid: dict, places: int) -> tuple[list, list]:
    rows = [[label, num(planned.get(code, 0)), num(paid.get(code, 0)), share(paid.get(code, 0), planned.get(code, 0), places)]
            for code, label in labels if planned.get(code) or paid.get(code)]
    whole, done = sum(planned.values(), Decimal(0)), sum(paid.values(), Decimal(0))
    return rows, [TOTAL_LABEL, num(whole), num(done), share(done, whole, places)]


LATE = "chậm tiến độ"


def _months(months: tuple) -> str:
    """The plan's months as a span: '03/2026 – 09/2026'."""
    start, end = months
    return " – ".join(str(m) for m in (start, end) if m)


def _paid(activity, planned, paid, places: int) -> list:
    """Disbursed and its rate; blank for an activity the record does not mention yet
    (unknown is not 0)."""
    if activity.status is None:
        return ["", ""]
    return [num(paid), share(paid, planned, places)]


def accountability(handbook: Handbook, record: Record, summary: Summary) -> dict:
    """One plan year's record: figures, activities, money by source, supervision, targets.
    summary: the plan year's (its totals by source and status are the ones a district adds up)."""
    places = handbook.share_places
    sources = handbook.vocab("nguon-von")
    sectors = handbook.vocab("linh-vuc")
    activities = record.activities
    planned = sum((a.planned_total for a in activities), Decimal(0))
    reported = sum((a.planned_total for a in activities if a.updated), Decimal(0))  # the rate's whole
    paid = sum((a.disbursed_total for a in activities), Decimal(0))
    finished = sum(1 for a in activities if a.finished)
    missing = sum(1 for a in activities if not a.updated)
    late = sum(1 for a in activities if a.late)
    judged = Counter(t.verdict or "chua_co" for t in record.targets)
    figures = [("hoạt động", num(len(activities))), ("hoạt động hoàn thành", f"{finished}/{len(activities)}"),
               ("hoạt động chậm so với kế hoạch", num(late)),
               (f"Kinh phí kế hoạch {MONEY}", num(planned)), (f"Đã giải ngân {MONEY}", num(paid)),
               ("Tỷ lệ giải ngân" + (" (trên các hoạt động đã cập nhật)" if missing else ""),
                share(paid, reported, places)),
               verdict_figure(judged)]
    notes = [f"{missing} hoạt động chưa được cập nhật trong tệp thực hiện: chưa biết đã giải ngân bao nhiêu, "
             "nên không tính vào tỷ lệ giải ngân."] if missing else []
    money_rows = []
    for a in activities:
        for code in sources.entries:
            if code in a.planned or code in a.disbursed:
                money_rows.append([f"{a.code} – {a.name}", sources.label(code), num(a.planned.get(code, 0)),
                                   *_paid(a, a.planned.get(code, 0), a.disbursed.get(code, 0), places)])
    done = _implementation(handbook, summary)  # this plan year has its record
    activity_rows = [[a.code, a.name, sectors.label(a.sector),
                      status_label(handbook, a.status) + (f" – {LATE}" if a.late else ""), a.progress,
                      num(a.planned_total), *_paid(a, a.planned_total, a.disbursed_total, places),
                      a.body or "", _months(a.months), fmt.day(a.start) if a.start else "",
                      fmt.day(a.end) if a.end else ""]
                     for a in activities]
    note_rows = [[f"{a.code} – {a.name}", status_label(handbook, a.status), a.note] for a in activities if a.note]
    visits = [[f"{a.code} – {a.name}", fmt.day(v.get("ngay")), v.get("phat_hien") or "", v.get("kien_nghi") or "",
               v.get("tra_loi") or "", fmt.day(v.get("ngay_tra_loi")) if v.get("ngay_tra_loi") else ""]
              for a in activities for v in a.supervision]
    target_rows = [[t.code, t.name, t.unit, num(t.planned) if t.planned is not None else "",
                    num(t.latest[1]) if t.latest else "", fmt.day(t.latest[0]) if t.latest else "",
                    NO_PLAN if t.latest and t.planned is None else VERDICTS[t.verdict or "chua_co"]] for t in record.targets]
    return {
        "updated": fmt.day(record.updated) if record.updated else "",
        "figures": figures,
        "notes": notes,
        "activities": {"headers": ["Mã", "Hoạt động", "Lĩnh vực", "Trạng thái", "Tiến độ",
                                   f"Kế hoạch {MONEY}", f"Đã giải ngân {MONEY}", "Tỷ lệ giải ngân",
                                   "Đơn vị chịu trách nhiệm", "Thời gian theo kế hoạch", "Bắt đầu", "Hoàn thành"],
                       "rows": activity_rows, "numeric": (4, 5, 6, 7),
                       "totals": [TOTAL_LABEL, "", "", "", "", num(planned), num(paid),
                                  "" if missing else share(paid, planned, places), "", "", "", ""]},
        "notes_table": {"headers": ["Hoạt động", "Trạng thái", "Ghi chú"], "rows": note_rows, "numeric": ()},
        "money": {"headers": ["Hoạt động", "Nguồn vốn", f"Kế hoạch {MONEY}", f"Đã giải ngân {MONEY}",
                              "Tỷ lệ giải ngân"], "rows": money_rows, "numeric": (2, 3, 4)},
        "sources": done["sources"],
        "implementation": done,  # its charts' figures
        "supervision": {"headers": ["Hoạt động", "Ngày giám sát", "Phát hiện", "Kiến nghị", "Trả lời, xử lý",
                                    "Ngày trả lời"], "rows": visits, "numeric": ()},
        "targets": {"headers": ["Mã", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Kết quả mới nhất", "Ngày số liệu",
                                "Đánh giá"], "rows": target_rows, "numeric": (3, 4)},
    }


def implementation(handbook: Handbook, summary: Summary) -> dict | None:
    """A roll-up's implementation: activities by status, disbursement by source and
    sector, targets reached; None when none of its plan years has a record."""
    return _implementation(handbook, summary) if summary.recorded else None


def _implementation(handbook: Handbook, summary: Summary) -> dict:
    places = handbook.share_places
    sources = handbook.vocab("nguon-von")
    sectors = handbook.vocab("linh-vuc")
    count = sum(summary.progress.values())
    codes = [*handbook.vocab("trang-thai-thuc-hien").entries, ""]
    status_rows = [[status_label(handbook, c), num(summary.progress[c]), share(summary.progress[c], count, places)]
                   for c in codes if summary.progress.get(c)]
    source_rows, source_totals = _rate_rows(((c, sources.label(c)) for c in sources.entries),
                                            summary.budget_by_source("planned"), summary.budget_by_source("disbursed"),
                                            places)
    planned_by_sector = {s: summary.sector_total(s, "planned") for s in summary.planned}
    paid_by_sector = {s: summary.sector_total(s, "disbursed") for s in summary.disbursed}
    sector_rows, sector_totals = _rate_rows(((c, sectors.label(c)) for c in [*sectors.entries, *(
        s for s in planned_by_sector if s not in sectors.entries)]), planned_by_sector, paid_by_sector, places)
    targets = sum(summary.targets.values())
    target_rows = [[VERDICTS[k], num(summary.targets.get(k, 0)), share(summary.targets.get(k, 0), targets, places)]
                   for k in VERDICTS]
    planned, paid = summary.budget_total("planned"), summary.budget_total("disbursed")
    return {
        "figures": [("năm kế hoạch có số liệu thực hiện", num(summary.recorded)),
                    ("hoạt động được theo dõi", num(count)),
                    ("Tỷ lệ giải ngân (hoạt động đã cập nhật)", share(paid, planned, places)),
                    verdict_figure(summary.targets)],
        "statuses": {"headers": ["Trạng thái", "Số hoạt động", "Tỷ lệ"], "rows": status_rows, "numeric": (1, 2),
                     "totals": [TOTAL_LABEL, num(count), share(count, count, places)]},
        "sources": {"headers": ["Nguồn vốn", f"Kế hoạch {MONEY}", f"Đã giải ngân {MONEY}", "Tỷ lệ giải ngân"],
                    "rows": source_rows, "totals": source_totals, "numeric": (1, 2, 3)},
        "sectors": {"headers": ["Lĩnh vực", f"Kế hoạch {MONEY}", f"Đã giải ngân {MONEY}", "Tỷ lệ giải ngân"],
                    "rows": sector_rows, "totals": sector_totals, "numeric": (1, 2, 3)},
        "targets": {"headers": ["Đánh giá", "Số chỉ tiêu", "Tỷ lệ"], "rows": target_rows, "numeric": (1, 2),
                    "totals": [TOTAL_LABEL, num(targets), share(targets, targets, places)]},
        "progress": [(status_label(handbook, c), summary.progress[c]) for c in codes if summary.progress.get(c)],
        "paid_by_source": [(sources.label(c), summary.budget_by_source("disbursed").get(c, 0)) for c in sources.entries],
    }
