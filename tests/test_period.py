"""The report over a period (Báo cáo kết quả thực hiện kế hoạch giai đoạn 2025–2027),
for the province and each district, read with python-docx from `sedp docx`.

The province is tests/province_span.py's: three communes in two districts over
2025–2027 with attendance, money and implementation records chosen there. Every
expected figure is added up here from those choices with plain Decimal
arithmetic and worded with tests/htmltables.py (`vn`, `share`); labels come
from the handbook's vocabularies (data), never from sedp's formatters.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, make_project, replace_in
from docx import Document
from htmltables import number, share, vn
from province_span import write_province
from sedp.cli import main
from sedp.core.names import period_document as period_document_file

LABEL, SLUG = "2025–2027", "2025-2027"


def vocab(name: str) -> dict:
    """code -> label, in the handbook's order."""
    entries = yaml.safe_load((ROOT / "schema/danh-muc" / f"{name}.yaml").read_text(encoding="utf-8"))["muc"]
    return {code: entry["nhan"] for code, entry in entries.items()}


SOURCES, SECTORS = vocab("nguon-von"), vocab("linh-vuc")
GROUPS, STATUSES = vocab("nhom-tham-du"), vocab("trang-thai-thuc-hien")


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    project, figures = write_province(tmp_path_factory.mktemp("period") / "project")
    with pytest.MonkeyPatch.context() as patch:  # `sedp docx`, as the conftest `sedp` fixture runs it
        patch.chdir(project)
        result = CliRunner().invoke(main, ["docx"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return project, figures


AREAS = {  # area -> (docx path under build/docx, district folder or None, header's left lines, date place, where)
    "tinh": ("bao-cao-giai-doan-2025-2027.docx", None, ["ỦY BAN NHÂN DÂN TỈNH CAO BẰNG"], "Cao Bằng",
             "tỉnh Cao Bằng"),
    "thach-an": ("thach-an/bao-cao-giai-doan-thach-an-2025-2027.docx", "thach-an",
                 ["UBND TỈNH CAO BẰNG", "ỦY BAN NHÂN DÂN HUYỆN THẠCH AN"], "Thạch An", "huyện Thạch An"),
    "ha-quang": ("ha-quang/bao-cao-giai-doan-ha-quang-2025-2027.docx", "ha-quang",
                 ["UBND TỈNH CAO BẰNG", "ỦY BAN NHÂN DÂN HUYỆN HÀ QUẢNG"], "Hà Quảng", "huyện Hà Quảng"),
}


# -- the figures, added up here -------------------------------------------------------
def plans(figures: dict, district: str | None, year: str | None = None) -> list[dict]:
    """The commune-years of an area (a district, or the province for None), one year or all."""
    return [plan for y in figures["years"] if year in (None, y) for key, plan in figures["plans"][y].items()
            if district is None or key.split("/")[0] == district]


def add(dicts) -> dict:
    total: dict = {}
    for d in dicts:
        for key, value in d.items():
            total[key] = total.get(key, 0) + value
    return total


def money(total) -> str:
    return f"{vn(total)} triệu đồng"


def by_sector(items, name: str, reported: bool = False) -> dict:
    """sector -> the activities' money (planned or disbursed) of the given commune-years; with
    reported, only the activities the record speaks of (the disbursement rate's whole)."""
    return add({activity["sector"]: sum(activity[name].values(), Decimal(0))}
               for plan in items for activity in plan["activities"].values()
               if not reported or activity["status"] is not None)


def reported(plan: dict) -> dict:
    """source -> planned money of the activities the record speaks of (an activity it does not
    mention has an unknown disbursement, so it is in neither side of the rate)."""
    return add(a["planned"] for a in plan["activities"].values() if a["status"] is not None)


# -- reading the document ---------------------------------------------------------------
def read(project: Path, area: str) -> Document:
    return Document(str(project / "build/docx" / AREAS[area][0]))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


def table(doc, heading: str) -> list[list[str]]:
    """The rows of the annex table right after the heading."""
    blocks = list(doc.iter_inner_content())  # paragraphs and tables in reading order
    at = next(i for i, block in enumerate(blocks) if getattr(block, "text", None) == heading)
    found = next(block for block in blocks[at + 1:] if hasattr(block, "rows"))
    return [[cell.text for cell in row.cells] for row in found.rows]


def test_the_province_and_each_district_get_the_report_under_the_shared_names(province):
    project, _ = province
    made = sorted(p.relative_to(project / "build/docx").as_posix()
                  for p in (project / "build/docx").rglob("bao-cao-giai-doan-*.docx"))
    assert made == sorted(path for path, *_ in AREAS.values())
    assert period_document_file("", SLUG) == "bao-cao-giai-doan-2025-2027.docx"  # the name the site links
    assert period_document_file("thach-an", SLUG) == "bao-cao-giai-doan-thach-an-2025-2027.docx"


@pytest.mark.parametrize("area", AREAS)
def test_the_official_header_title_and_signature(province, area):
    project, _ = province
    _, _, issuer, place, where = AREAS[area]
    doc = read(project, area)
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text.strip()] == [*issuer, "Số:      /BC-UBND"]
    assert [p.text for p in right.paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", f"{place}, ngày     tháng     năm"]
    lines = texts(doc)
    assert lines[:2] == ["BÁO CÁO", "Kết quả thực hiện kế hoạch phát triển kinh tế - xã hội giai đoạn 2025–2027 "
                                    f"của các xã trên địa bàn {where}"]
    outline = yaml.safe_load((ROOT / "schema/van-ban/bao-cao-giai-doan.yaml").read_text(encoding="utf-8"))
    recipients = outline["noi_nhan_tinh"] if area == "tinh" else outline["noi_nhan"]
    signature = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    said = [p.text for p in signature.rows[0].cells[0].paragraphs]
    assert said == ["Nơi nhận:", *(f"- {r};" for r in recipients[:-1]), f"- {recipients[-1]}."]
    assert [p.text for p in signature.rows[0].cells[1].paragraphs][:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert "PHỤ LỤC. SỐ LIỆU TỪNG NĂM KẾ HOẠCH GIAI ĐOẠN 2025–2027" in lines


@pytest.mark.parametrize("area", AREAS)
def test_participation_and_planned_money_are_the_sums_of_the_three_years(province, area):
    project, figures = province
    district = AREAS[area][1]
    items = plans(figures, district)
    lines = texts(read(project, area))
    attendance = add(plan["attendance"] for plan in items)
    people, meetings = attendance["tong_so"], sum(plan["meetings"] for plan in items)
    parts = [f"{GROUPS[g].lower()} {vn(attendance[g])} lượt ({share(attendance[g], people)})"
             for g in GROUPS if g != "tong_so" and g in attendance]
    assert (f"Qua 3 năm kế hoạch, có {vn(people)} lượt người tham dự {meetings} cuộc họp, trong đó: "
            f"{'; '.join(parts)}.") in lines
    if district == "thach-an":  # the consultation in Lê Lai 2026: a third meeting, the only business count
        assert meetings == 13 and attendance["doanh_nghiep"] == 3
    planned = add(plan["planned"] for plan in items)
    total = sum(planned.values(), Decimal(0))
    count = sum(len(plan["activities"]) for plan in items)
    assert f"Tổng kinh phí kế hoạch giai đoạn {LABEL} là {money(total)} cho {count} hoạt động, theo nguồn vốn:" \
        in lines
    start = lines.index("1. Theo nguồn vốn")
    assert lines[start + 2:start + 2 + len(planned)] == [
        f"- {SOURCES[s]}: {money(planned[s])} ({share(planned[s], total)})." for s in SOURCES if s in planned]
    sectors = by_sector(items, "planned")
    counts = add({a["sector"]: 1} for plan in items for a in plan["activities"].values())
    start = lines.index("2. Theo lĩnh vực")
    assert lines[start + 1:start + 1 + len(sectors)] == [
        f"- {SECTORS[s]}: {counts[s]} hoạt động, kinh phí {money(sectors[s])} ({share(sectors[s], total)})."
        for s in SECTORS if s in sectors]


@pytest.mark.parametrize("area", AREAS)
def test_disbursement_progress_needs_and_targets_over_the_recorded_years(province, area):
    project, figures = province
    district = AREAS[area][1]
    items = plans(figures, district)
    recorded = [plan for plan in items if plan["recorded"]]
    lines = texts(read(project, area))
    which = "; ".join(f"năm {year}: {sum(p['recorded'] for p in plans(figures, district, year))}/"
                      f"{len(plans(figures, district, year))} xã" for year in figures["years"]
                      if any(p["recorded"] for p in plans(figures, district, year)))
    assert "2027" not in which  # 2027's plans are drafts: no record
    planned = add(reported(plan) for plan in recorded)
    paid = add(plan["disbursed"] for plan in recorded)
    planned_total, paid_total = sum(planned.values(), Decimal(0)), sum(paid.values(), Decimal(0))
    assert (f"Tính trên {len(recorded)} kế hoạch năm đã có báo cáo thực hiện ({which}): đã giải ngân "
            f"{money(paid_total)} trên tổng kinh phí kế hoạch {money(planned_total)} của các hoạt động đã có số "
            f"liệu trong các kế hoạch năm này, đạt {share(paid_total, planned_total)} (hoạt động chưa được cập nhật "
            "không tính vào tỷ lệ này).") in lines
    start = lines.index("Theo nguồn vốn:")
    assert lines[start + 1:start + 1 + len(planned)] == [
        f"- {SOURCES[s]}: kế hoạch {money(planned[s])}, giải ngân {money(paid.get(s, 0))}, "
        f"đạt {share(paid.get(s, 0), planned[s])}." for s in SOURCES if s in planned]
    sector_planned, sector_paid = by_sector(recorded, "planned", reported=True), by_sector(recorded, "disbursed")
    start = lines.index("Theo lĩnh vực:")
    assert lines[start + 1:start + 1 + len(sector_planned)] == [
        f"- {SECTORS[s]}: kế hoạch {money(sector_planned[s])}, giải ngân {money(sector_paid[s])}, "
        f"đạt {share(sector_paid[s], sector_planned[s])}." for s in SECTORS if s in sector_planned]
    statuses = add({a["status"] or "": 1} for plan in recorded for a in plan["activities"].values())
    count = sum(statuses.values())
    start = lines.index(f"Các kế hoạch năm đã có báo cáo thực hiện có {count} hoạt động:")
    order = [s for s in STATUSES if s in statuses] + ([""] if "" in statuses else [])
    assert lines[start + 1:start + 1 + len(order)] == [
        f"- {STATUSES.get(s, 'Chưa cập nhật')}: {statuses[s]} hoạt động ({share(statuses[s], count)})." for s in order]
    collected = sum(plan["needs_collected"] for plan in items)
    answered = len({(plan["commune"], need) for plan in recorded for need in plan["answered"]})  # distinct
    twice = sum(len(plan["answered"]) for plan in recorded) > answered  # NC01 answered in 2025 and 2026
    assert any(f"các xã thu thập {collected} nhu cầu thôn, xóm" in line and
               f"Theo báo cáo thực hiện, {answered} nhu cầu đã được đáp ứng bằng hoạt động hoàn thành"
               + (" (nhu cầu được đáp ứng ở nhiều năm tính một lần)." if twice else ".") in line
               for line in lines)
    targets = add(plan["targets"] for plan in recorded)
    judged = sum(targets.values())
    words = {"vuot": "vượt kế hoạch", "dat": "đạt kế hoạch", "chua_dat": "chưa đạt kế hoạch",
             "chua_co": "chưa có số liệu"}
    assert (f"Các kế hoạch năm đã có báo cáo thực hiện có {judged} chỉ tiêu chủ yếu: "
            + "; ".join(f"{words[k]} {targets[k]} ({share(targets[k], judged)})" for k in words) + ".") in lines


@pytest.mark.parametrize("area", AREAS)
def test_the_annex_has_a_row_per_plan_year_and_the_periods_totals(province, area):
    project, figures = province
    district = AREAS[area][1]
    doc = read(project, area)
    years = [*figures["years"], "Cả giai đoạn"]

    def each(year):
        return plans(figures, district, None if year == "Cả giai đoạn" else year)

    groups = [g for g in GROUPS if g != "tong_so" and any(g in p["attendance"] for p in each("Cả giai đoạn"))]
    rows = table(doc, "Sự tham gia của người dân")
    assert rows[0] == ["Năm kế hoạch", "Số kế hoạch năm", "Số cuộc họp", "Lượt người tham dự",
                       *(h for g in groups for h in (GROUPS[g], "Tỷ lệ"))]
    expected = []
    for year in years:
        attendance = add(p["attendance"] for p in each(year))
        people = attendance["tong_so"]
        expected.append([year, str(len(each(year))), str(sum(p["meetings"] for p in each(year))), vn(people),
                         *(c for g in groups for c in ((vn(attendance[g]), share(attendance[g], people))
                                                       if g in attendance else ("–", "–")))])
    assert rows[1:] == expected

    sources = [s for s in SOURCES if any(s in p["planned"] for p in each("Cả giai đoạn"))]
    rows = table(doc, "Kinh phí kế hoạch theo nguồn vốn (triệu đồng)")
    assert rows[0] == ["Năm kế hoạch", "Số hoạt động", *(SOURCES[s] for s in sources), "Tổng cộng"]
    expected = []
    for year in years:
        planned = add(p["planned"] for p in each(year))
        expected.append([year, str(sum(len(p["activities"]) for p in each(year))),
                         *(vn(planned.get(s, 0)) for s in sources), vn(sum(planned.values(), Decimal(0)))])
    assert rows[1:] == expected

    recorded_sources = [s for s in SOURCES if any(s in reported(p) for p in each("Cả giai đoạn") if p["recorded"])]
    rows = table(doc, "Giải ngân theo nguồn vốn (triệu đồng), các kế hoạch năm có báo cáo thực hiện")
    assert rows[0] == ["Năm kế hoạch", "Kế hoạch năm có báo cáo", *(SOURCES[s] for s in recorded_sources),
                       "Tổng giải ngân", "Kinh phí kế hoạch", "Tỷ lệ giải ngân"]
    expected = []
    for year in years:
        recorded = [p for p in each(year) if p["recorded"]]
        head = [year, f"{len(recorded)}/{len(each(year))}"]
        if not recorded:
            expected.append(head + ["–"] * (len(recorded_sources) + 3))
            continue
        paid = add(p["disbursed"] for p in recorded)
        planned = sum((sum(reported(p).values(), Decimal(0)) for p in recorded), Decimal(0))
        total = sum(paid.values(), Decimal(0))
        expected.append(head + [vn(paid.get(s, 0)) for s in recorded_sources] + [vn(total), vn(planned),
                                                                               share(total, planned)])
    assert rows[1:] == expected
    assert rows[-2][1:] == ["0/" + str(len(each("2027")))] + ["–"] * (len(recorded_sources) + 3)  # 2027: drafts

    statuses = add({a["status"] or "": 1} for p in each("Cả giai đoạn") if p["recorded"]
                   for a in p["activities"].values())
    order = [s for s in STATUSES if s in statuses] + ([""] if "" in statuses else [])
    rows = table(doc, "Hoạt động theo trạng thái thực hiện, các kế hoạch năm có báo cáo thực hiện")
    assert rows[0] == ["Năm kế hoạch", "Kế hoạch năm có báo cáo", *(STATUSES.get(s, "Chưa cập nhật") for s in order),
                       "Tổng số hoạt động"]
    expected = []
    for year in years:
        recorded = [p for p in each(year) if p["recorded"]]
        head = [year, f"{len(recorded)}/{len(each(year))}"]
        counts = add({a["status"] or "": 1} for p in recorded for a in p["activities"].values())
        expected.append(head + ([str(counts.get(s, 0)) for s in order] + [str(sum(counts.values()))] if recorded
                                else ["–"] * (len(order) + 1)))
    assert rows[1:] == expected


def test_the_province_figures_are_the_district_figures_added(province):
    """The province's totals row is its districts' totals rows added, cell by cell where a sum."""
    project, figures = province
    rows = {area: table(read(project, area), "Kinh phí kế hoạch theo nguồn vốn (triệu đồng)") for area in AREAS}
    header = rows["tinh"][0]
    for area in ("thach-an", "ha-quang"):
        assert set(rows[area][0]) <= set(header)
    for column in header[1:]:
        districts = sum((number(rows[a][-1][rows[a][0].index(column)]) for a in ("thach-an", "ha-quang")
                         if column in rows[a][0]), Decimal(0))
        assert number(rows["tinh"][-1][header.index(column)]) == districts, column


def documents_of(project: Path) -> dict:
    from sedp.publish.build import generate

    generated = generate(project)
    assert generated.report.ok, [p.format() for p in generated.report.sorted()]
    return dict(generated.documents)


def test_a_span_without_plan_years_makes_no_report_and_a_partial_one_names_its_missing_years(tmp_path):
    from sedp.render.docx.ast import unpack

    project = make_project(tmp_path / "p")  # one plan year: 2027
    setting = project / "schema/tong-hop.yaml"
    replace_in(setting, "bao_cao_giai_doan: {so_nam: 3}", "bao_cao_giai_doan: {tu_nam: 2020, den_nam: 2022}")
    assert not [path for path in documents_of(project) if "bao-cao-giai-doan" in path]
    replace_in(setting, "{tu_nam: 2020, den_nam: 2022}", "{tu_nam: 2026, den_nam: 2028}")
    documents = documents_of(project)
    assert sorted(path for path in documents if "bao-cao-giai-doan" in path) == [
        "bao-cao-giai-doan-2026-2028.docx", "thach-an/bao-cao-giai-doan-thach-an-2026-2028.docx"]
    said = json.dumps(json.loads(unpack(documents["bao-cao-giai-doan-2026-2028.docx"])), ensure_ascii=False)
    assert "Năm 2026 và 2028 chưa có kế hoạch của xã nào." in said
    assert "Giai đoạn 2026–2028 có 1 kế hoạch năm của các xã (năm 2027: 1 xã)" in said
    assert "Chưa có kế hoạch năm nào trong giai đoạn có báo cáo thực hiện." in said  # a draft: no record
    assert "Sự tham gia của người dân" in said and "Giải ngân theo nguồn vốn" not in said  # no table of "–" only
