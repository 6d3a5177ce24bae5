"""The plan's figures written as sentences, for the documents' outlines.

Every sentence is computed from the plan data (or from a roll-up Summary,
which is the same for one commune or a whole district), so the plan
document, the submission and the resolution say what the Biểu say. Texts a
person typed stay plain strings: the documents put them in Str nodes.
"""

from __future__ import annotations

from decimal import Decimal

from sedp.core import fmt
from sedp.core.data import is_number, total
from sedp.model.lastyear import VERDICTS, LastYear
from sedp.model.records import VERDICT_LABELS, TargetResult
from sedp.model.rollup import Summary
from sedp.source.handbook import Handbook

MONEY = "triệu đồng"


def quantity(value, unit) -> str:
    """2439, "tấn" -> "2.439 tấn"; 34.2, "%" -> "34,2%"."""
    unit = str(unit or "").strip()
    if unit == "%":
        return f"{fmt.number(value)}%"
    return f"{fmt.number(value)} {unit}".rstrip()


def _rows(handbook: Handbook, steps: dict, role: str) -> list[dict]:
    found = handbook.role(role)
    if not found:
        return []
    file_name, key = found
    data = steps.get(file_name) or {}
    return [row for row in (data.get(key) or []) if isinstance(row, dict)]


VERDICT_WORDS = VERDICT_LABELS


def outcome(target: TargetResult, recorded: bool, places: int) -> str:
    """One target of last year: planned, achieved (or estimated), its % of plan, for a
    rate also the difference in points, and the verdict."""
    name, unit, planned, achieved = target.name, target.unit, target.planned, target.achieved
    done = "thực hiện" if recorded else "ước thực hiện"
    if planned is None:
        return f"{name}: chưa ghi kế hoạch" + (f", {done} {quantity(achieved, unit)}." if achieved is not None
                                                else ", chưa có số liệu thực hiện.")
    if achieved is None:
        return f"{name}: kế hoạch {quantity(planned, unit)}, chưa có số liệu thực hiện."
    detail = [f"bằng {fmt.percent(achieved, planned, places)} kế hoạch"] if planned else []
    gap = Decimal(achieved) - Decimal(planned)
    verdict = VERDICT_WORDS[target.verdict or "chua_co"]  # both figures are there: never "chua_co"
    if str(unit or "").strip() == "%":
        if gap:
            detail.append(f"{'cao' if gap > 0 else 'thấp'} hơn kế hoạch {fmt.number(abs(gap))} điểm phần trăm")
    elif target.verdict == "vuot":
        verdict += f" {quantity(abs(gap), unit)}"
    elif target.verdict == "chua_dat":
        verdict += f", còn thiếu {quantity(abs(gap), unit)}"
    said = f" ({', '.join(detail)})" if detail else ""
    return f"{name}: kế hoạch {quantity(planned, unit)}, {done} {quantity(achieved, unit)}{said}: {verdict}."


def last_year_summary(last: LastYear) -> str:
    """How many of last year's targets were exceeded, met and missed: the one count
    every document gives."""
    if not last.targets:
        return f"Chưa có số liệu đánh giá thực hiện chỉ tiêu năm {last.year or 'trước'}."
    counts = last.counts()
    source = ("theo báo cáo thực hiện" + (f" (số liệu đến {last.as_of})" if last.as_of else "")
              if last.recorded else "theo số liệu ước thực hiện")
    parts = [f"{VERDICT_WORDS[v]} {fmt.number(counts[v])}" for v in VERDICTS]
    if counts["chua_co"]:
        parts.append(f"{VERDICT_LABELS['chua_co']} {fmt.number(counts['chua_co'])}")
    return (f"Năm {last.year or 'trước'} có {fmt.number(len(last.targets))} chỉ tiêu chủ yếu, {source}: "
            f"{', '.join(parts)}.")


def assessment(handbook: Handbook, last: LastYear) -> list[str]:
    """Part I: a sentence per target of last year's plan, then the count."""
    return [*(outcome(t, last.recorded, handbook.share_places) for t in last.targets), last_year_summary(last)]


def targets(handbook: Handbook, steps: dict, year) -> list[tuple[str, list[str]]]:
    """Part II's targets (Biểu 5) by group: [(group label, sentences)]."""
    groups = handbook.vocab("nhom-chi-tieu")
    previous = int(year) - 1 if str(year).isdigit() else "trước"
    by_group: dict = {}
    for row in _rows(handbook, steps, "chi-tieu"):
        unit = row.get("don_vi")
        text = f"{row.get('ten') or row.get('ma')}: "
        text += quantity(row["ke_hoach"], unit) if is_number(row.get("ke_hoach")) else "chưa ghi kế hoạch"
        if is_number(row.get("uoc_thuc_hien")):
            text += f" (ước thực hiện năm {previous}: {quantity(row['uoc_thuc_hien'], unit)})"
        by_group.setdefault(groups.label(row.get("nhom")) if row.get("nhom") else "", []).append(text + ".")
    return list(by_group.items())


def _sources_text(sources, amounts: dict) -> str:
    """'ngân sách tỉnh 665; chương trình MTQG 430' in the vocabulary's order."""
    return "; ".join(f"{sources.label(code)} {fmt.number(amounts[code])}" for code in sources.entries
                     if amounts.get(code))


def sector_sentence(handbook: Handbook, summary: Summary, sector) -> str:
    sources = handbook.vocab("nguon-von")
    count = summary.activities_by_sector.get(sector, 0)
    text = (f"{handbook.vocab('linh-vuc').label(sector)}: {fmt.number(count)} hoạt động, kinh phí "
            f"{fmt.number(summary.sector_total(sector))} {MONEY}")
    parts = _sources_text(sources, summary.budget.get(sector, {}))
    return text + (f", gồm: {parts}." if parts else ".")


def sectors(handbook: Handbook, summary: Summary) -> list:
    """Sectors in the vocabulary's order (others after), each with activities."""
    order = list(handbook.vocab("linh-vuc").entries)
    return sorted((s for s in summary.budget if summary.activities_by_sector.get(s)),
                  key=lambda s: (order.index(s) if s in order else len(order), str(s)))


def activity_line(handbook: Handbook, activity: dict) -> str:
    """'HD01 – Kiên cố hóa … (Thôn Pò Nhùng; 05/2027 – 10/2027): 1.095 triệu đồng.'"""
    money = total((activity.get(handbook.money_field) or {}).values())
    where = [str(activity["dia_diem"])] if activity.get("dia_diem") else []
    months = activity.get("thoi_gian") or {}
    if months.get("bat_dau") or months.get("ket_thuc"):
        where.append(f"{months.get('bat_dau') or '…'} – {months.get('ket_thuc') or '…'}")
    code = f"{activity['ma']} – " if activity.get("ma") else ""
    return f"{code}{activity.get('ten') or ''}" + (f" ({'; '.join(where)})" if where else "") + \
        f": {fmt.number(money)} {MONEY}."


def total_sentence(handbook: Handbook, summary: Summary) -> str:
    """The plan's money in one sentence, as Biểu 6's totals row adds it up."""
    count = sum(summary.activities_by_sector.values())
    text = (f"Tổng số {fmt.number(count)} hoạt động, tổng kinh phí {fmt.number(summary.budget_total())} {MONEY}")
    parts = _sources_text(handbook.vocab("nguon-von"), summary.budget_by_source())
    return text + (f", trong đó: {parts} ({MONEY})." if parts else ".")


def source_lines(handbook: Handbook, summary: Summary) -> list[str]:
    """Each source's money and its share of the total."""
    total = summary.budget_total()
    by_source = summary.budget_by_source()
    sources = handbook.vocab("nguon-von")
    return [f"{sources.label(code)}: {fmt.number(by_source[code])} {MONEY} "
            f"({fmt.percent(by_source[code], total, handbook.share_places)})."
            for code in sources.entries if by_source.get(code)]


def climate_sentences(handbook: Handbook, summary: Summary) -> list[str]:
    total = summary.budget_total()
    lines = []
    if summary.hazards:
        hazards = handbook.vocab("thien-tai")
        named = ", ".join(f"{hazards.label(code).lower()} ({fmt.number(count)} đợt)"
                          for code, count in sorted(summary.hazards.items(), key=lambda kv: -kv[1]))
        lines.append(f"Thiên tai đã xảy ra trong 5 năm gần đây: {named}.")
    if summary.climate_budget:
        lines.append(f"Kinh phí các hoạt động thích ứng với biến đổi khí hậu, giảm nhẹ rủi ro thiên tai: "
                     f"{fmt.number(summary.climate_budget)} {MONEY}, chiếm "
                     f"{fmt.percent(summary.climate_budget, total, handbook.share_places)} tổng kinh phí.")
    else:
        lines.append("Chưa có hoạt động nào gắn với thích ứng biến đổi khí hậu, giảm nhẹ rủi ro thiên tai.")
    return lines


def chains_sentence(summary: Summary) -> str:
    chains = [str(name) for name in summary.value_chains if name]
    if not chains:
        return "Chưa chọn chuỗi giá trị nào."
    return f"Các chuỗi giá trị được chọn: {', '.join(chains)}."


def participation(handbook: Handbook, summary: Summary) -> list[str]:
    """Meetings, attendance and each group's share of it."""
    total_key = handbook.attendance_total()
    people = summary.attendance.get(total_key, 0)
    if not summary.meetings:
        return ["Chưa có cuộc họp nào ghi số người tham dự."]
    groups = handbook.vocab("nhom-tham-du")
    parts = [f"{e.get('nhan', code).lower()} {fmt.number(summary.attendance.get(code, 0))} "
             f"({fmt.percent(summary.attendance.get(code, 0), people, handbook.share_places)})"
             for code, e in groups.entries.items() if code != total_key and code in summary.attendance]
    text = f"{fmt.number(summary.meetings)} cuộc họp với {fmt.number(people)} lượt người tham dự"
    return [text + (f", trong đó: {'; '.join(parts)}." if parts else ".")]


def priority_plan(handbook: Handbook, steps: dict) -> str:
    """Biểu 7 in one sentence: its period, activities and money."""
    found = handbook.role("thong-qua")
    data = (steps.get(found[0]) or {}) if found else {}
    plan = data.get("bieu_7")
    plan = plan if isinstance(plan, dict) else {}
    rows = [row for row in plan.get("hoat_dong") or [] if isinstance(row, dict)]
    if not rows:
        return "Chưa có hoạt động nào trong kế hoạch hoạt động theo lĩnh vực ưu tiên (Biểu 7)."
    money = total(row.get("kinh_phi_du_kien") for row in rows)
    period = f" giai đoạn {plan['giai_doan']}" if plan.get("giai_doan") else ""
    return (f"Kế hoạch hoạt động theo lĩnh vực ưu tiên{period} (Biểu 7) gồm {fmt.number(len(rows))} hoạt động, "
            f"kinh phí dự kiến {fmt.number(money)} {MONEY}.")
