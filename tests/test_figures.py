"""Figures as a reader sees them, each expected value written as a literal or
computed by plain arithmetic here, never by sedp's own formatting or sums.

Fast (no site build): `make mutants` runs these against every mutant of the
modules that compute, format or compare figures.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sedp.core import fmt


@pytest.mark.parametrize("value, shown", [
    (0, "0"), (7, "7"), (-7, "-7"), (999, "999"), (1000, "1.000"), (-1000, "-1.000"),
    (12345, "12.345"), (999999, "999.999"), (1000000, "1.000.000"), (44569, "44.569"),
    (1234567890123, "1.234.567.890.123"),
    (Decimal("1234.5"), "1.234,5"), (Decimal("1234.50"), "1.234,5"), (Decimal("0.10"), "0,1"),
    (Decimal("12.000"), "12"), (Decimal("-1234.25"), "-1.234,25"), (Decimal("0.05"), "0,05"),
    (None, ""), (True, ""), (False, ""), ("12,5", "12,5"),
    (-123456, "-123.456"), (-999, "-999"), (Decimal("-123456.5"), "-123.456,5"),
    (10 ** 17 + 1, "100.000.000.000.000.001"),  # past a float's 53 bits: exact
    (Decimal("0.0000001"), "0,0000001"), (Decimal("1E+3"), "1.000"),  # never scientific notation
])
def test_number_as_vietnamese_write_it(value, shown):
    assert fmt.number(value) == shown


@pytest.mark.parametrize("value, places, shown", [
    (Decimal("36.125"), 2, "36,13"), (Decimal("36.124"), 2, "36,12"), (Decimal("17.065"), 2, "17,07"),
    (Decimal("2.5"), 0, "3"), (Decimal("3.5"), 0, "4"), (Decimal("-2.5"), 0, "-3"),
    (Decimal("0.05"), 1, "0,1"), (Decimal("0.04"), 1, "0,0"), (Decimal("1999.95"), 1, "2.000,0"),
    (Decimal("12"), 2, "12,00"), (5, 1, "5,0"), (Decimal("999999.5"), 0, "1.000.000"),
])
def test_number_with_fixed_places_rounds_half_up_and_keeps_the_zeros(value, places, shown):
    assert fmt.number(value, places) == shown


@pytest.mark.parametrize("part, whole, shown", [
    # Trà Vinh's figures (seed 001): 36,13% women of 44.569 attendances
    (16103, 44569, "36,13%"), (7608, 44569, "17,07%"), (9346, 44569, "20,97%"),
    (1, 3, "33,33%"), (2, 3, "66,67%"), (1, 8, "12,50%"), (1, 16, "6,25%"), (3, 16, "18,75%"),
    (0, 5, "0,00%"), (5, 5, "100,00%"), (Decimal("162.5"), Decimal("1300"), "12,50%"),
    (12, 10, "120,00%"), (0, 0, "–"), (7, 0, "–"), (5, None, "–"), (1, 400, "0,25%"),
])
def test_percent_of_a_whole_has_two_decimals_by_default(part, whole, shown):
    assert fmt.percent(part, whole) == shown


@pytest.mark.parametrize("part, whole, shown", [
    (16103, 44569, "36,1%"), (7608, 44569, "17,1%"), (9346, 44569, "21,0%"),
    (1, 3, "33,3%"), (2, 3, "66,7%"), (1, 8, "12,5%"), (1, 16, "6,3%"), (3, 16, "18,8%"),
    (0, 5, "0,0%"), (5, 5, "100,0%"), (1, 400, "0,3%"),
])
def test_percent_with_one_decimal_rounds_half_up_as_excel_does(part, whole, shown):
    assert fmt.percent(part, whole, 1) == shown


def test_percent_with_two_places_as_reports_quote_them():
    assert fmt.percent(16103, 44569, 2) == "36,13%"
    assert fmt.percent(7608, 44569, 2) == "17,07%"
    assert fmt.percent(1, 8, 0) == "13%"


@pytest.mark.parametrize("value, shown", [
    ("05/01/2027", "05/01/2027"), ("5/1/2027", "05/01/2027"), ("2027-01-05", "05/01/2027"),
    (date(2026, 12, 31), "31/12/2026"), (None, ""), ("không rõ", "không rõ"),
])
def test_day_as_dd_mm_yyyy(value, shown):
    assert fmt.day(value) == shown


# -- roll-up of one commune-year, counted here from its YAML --------------------

from collections import Counter  # noqa: E402
from copy import deepcopy  # noqa: E402
from pathlib import Path  # noqa: E402

from conftest import ROOT, replace_in  # noqa: E402
from sedp.source.handbook import load_handbook  # noqa: E402
from sedp.source.loader import load_file  # noqa: E402

HANDBOOK = load_handbook(ROOT / "schema")
DUC_LONG_2026 = ROOT / "plans/thach-an/duc-long/2026"
LE_LAI_2027 = ROOT / "plans/thach-an/le-lai/2027"


def steps_of(folder: Path) -> dict:
    return {p.name: load_file(p).data or {} for p in sorted(folder.glob("*.yaml"))}


def summary_of(folder: Path):
    from sedp.model import rollup as under_test  # the code under test, not an expectation

    steps = steps_of(folder)
    return under_test.summarize(HANDBOOK, steps["ke-hoach.yaml"], steps)


def counted(folder: Path) -> dict:
    """The same figures, counted with plain loops over the YAML."""
    steps = steps_of(folder)
    activities = steps["buoc-04-du-thao.yaml"].get("hoat_dong") or []
    kickoff, needs = steps["buoc-01-khoi-dong.yaml"], steps["buoc-02-nhu-cau.yaml"]
    meetings = [kickoff.get("hoi_nghi", {}).get("tham_du"), (needs.get("hop_ra_soat") or {}).get("tham_du"),
                (steps["buoc-05-tham-van.yaml"].get("hoi_nghi") or {}).get("tham_du"),
                *[m.get("tham_du") for m in needs.get("hop_thon") or []]]
    meetings = [m for m in meetings if m and m.get("tong_so") is not None]
    budget = Counter()
    climate = Decimal(0)
    for a in activities:
        for source, amount in a["kinh_phi"].items():
            budget[(a["linh_vuc"], source)] += amount
            if a.get("khi_hau") in ("thich_ung", "giam_nhe_rui_ro"):
                climate += amount
    return {"activities": Counter(a["linh_vuc"] for a in activities), "budget": budget, "climate": climate,
            "meetings": len(meetings), "people": Counter(g for m in meetings for g, n in m.items() for _ in range(n)),
            "needs": Counter(n["linh_vuc"] for n in needs.get("nhu_cau") or []),
            "chains": Counter(c["san_pham"] for c in kickoff.get("chuoi_gia_tri") or []),
            "hazards": Counter(h["loai"] for h in kickoff.get("thien_tai") or [])}


@pytest.mark.parametrize("folder", [DUC_LONG_2026, LE_LAI_2027], ids=["duc-long-2026", "le-lai-2027"])
def test_a_commune_years_rollup_equals_the_figures_counted_from_its_yaml(folder):
    summary, expected = summary_of(folder), counted(folder)
    assert dict(summary.activities_by_sector) == dict(expected["activities"])
    assert {(s, src): v for s, sources in summary.budget.items() for src, v in sources.items() if v} == \
        {k: v for k, v in expected["budget"].items() if v}
    assert summary.climate_budget == expected["climate"]
    assert summary.meetings == expected["meetings"]
    assert dict(summary.attendance) == dict(expected["people"])
    assert dict(summary.needs_by_sector) == dict(expected["needs"])
    assert dict(summary.value_chains) == dict(expected["chains"])
    assert dict(summary.hazards) == dict(expected["hazards"])
    assert (summary.communes, summary.plan_years) == (1, 1)


def test_duc_long_2026_in_figures_a_reader_can_check_by_hand():
    summary = summary_of(DUC_LONG_2026)
    # six activities, one per sector; 7 meetings: kick-off, five villages, consultation
    assert sum(summary.activities_by_sector.values()) == 6
    assert set(summary.activities_by_sector.values()) == {1}
    assert summary.meetings == 7
    assert summary.attendance["tong_so"] == 40 + 79 + 67 + 56 + 56 + 30 + 50
    assert summary.attendance["nu"] == 13 + 38 + 22 + 26 + 22 + 9 + 24
    assert summary.climate_budget == (120 + 255 + 355) + (170 + 690 + 140)  # HD02 and HD03
    assert summary.budget_total() == Decimal("7031")
    assert summary.budget_by_source()["doanh_nghiep"] == 680 + 255 + 170 + 895 + 145 + Decimal("100.5")
    assert summary.sector_total("dien") == 875 + 145 + 140 + Decimal("235.5")  # HD05
    assert summary.sector_total("khong-co") == 0
    assert summary.statuses == Counter({"cong_khai": 1})


def test_summaries_add_up_and_survive_the_trip_between_processes():
    from sedp.model import rollup as under_test

    one, other = summary_of(DUC_LONG_2026), summary_of(LE_LAI_2027)
    total = under_test.Summary().add(summary_of(DUC_LONG_2026)).add(summary_of(LE_LAI_2027))
    assert (total.communes, total.plan_years) == (2, 2)
    assert total.meetings == one.meetings + other.meetings
    assert total.activities_by_sector == one.activities_by_sector + other.activities_by_sector
    assert total.attendance == one.attendance + other.attendance
    assert total.needs_by_sector == one.needs_by_sector + other.needs_by_sector
    assert total.value_chains == one.value_chains + other.value_chains
    assert total.hazards == one.hazards + other.hazards
    assert total.statuses == one.statuses + other.statuses
    assert total.climate_budget == one.climate_budget + other.climate_budget
    assert total.budget_total() == Decimal("7031") + Decimal("6933")
    assert total.budget["dien"]["ngan_sach_huyen"] == one.budget["dien"]["ngan_sach_huyen"] + \
        other.budget["dien"]["ngan_sach_huyen"]
    back = under_test.Summary.from_plain(total.to_plain())
    assert back.to_plain() == total.to_plain()
    assert back.budget_total() == total.budget_total() and back.meetings == total.meetings


# -- the Biểu ---------------------------------------------------------------------

def tables_of(folder: Path) -> dict:
    from sedp.model.forms import Forms

    return {t.number: t for t in Forms(HANDBOOK).tables(steps_of(folder))}


def shown(table, row) -> list[str]:
    return [table.text(value, column, HANDBOOK) for value, column in zip(row, table.columns, strict=True)]


def test_bieu_6_rows_and_totals_as_the_reader_sees_them():
    table = tables_of(DUC_LONG_2026)[6]
    assert len(table.rows) == 6
    labels = [c.label for c in table.columns]
    total_row = dict(zip(labels, [table.text(v, c, HANDBOOK) if v is not None else "" for v, c in
                                  zip(table.totals, table.columns, strict=True)], strict=True))
    assert total_row["Tổng cộng (triệu đồng)"] == "7.031"
    assert total_row["Ngân sách tỉnh"] == "580"  # 50 + 140 + 390
    assert total_row["Chương trình, dự án"] == "670,5"  # 295 + 140 + 235,5
    first = dict(zip(labels, shown(table, table.rows[0]), strict=True))
    assert first["Tổng cộng (triệu đồng)"] == "975"  # HD01: 295 + 680
    assert first["Doanh nghiệp"] == "680"


def test_a_column_read_through_a_reference_shows_the_referenced_item():
    steps = steps_of(DUC_LONG_2026)
    ranked = steps["buoc-03-xep-hang.yaml"]["xep_hang"][0]
    need = next(n for n in steps["buoc-02-nhu-cau.yaml"]["nhu_cau"] if n["ma"] == ranked["nhu_cau"])
    table = tables_of(DUC_LONG_2026)[2]
    row = dict(zip([c.label for c in table.columns], shown(table, table.rows[0]), strict=True))
    assert row["Nhu cầu"] == need["van_de"]
    assert row["Lĩnh vực"] == HANDBOOK.vocab("linh-vuc").label(need["linh_vuc"])
    assert row["Chuỗi giá trị"] == ""  # NC05 serves no value chain


def test_year_columns_show_years_not_thousands():
    table = tables_of(DUC_LONG_2026)[4]
    years = [dict(zip([c.label for c in table.columns], shown(table, r), strict=True))["Năm"] for r in table.rows]
    assert years == ["2025", "2024", "2023"]
    assert table.totals[[c.label for c in table.columns].index("Năm")] is None  # years are not added up


# -- the semantic diff of two plan years -------------------------------------------

def diff_of(edit) -> object:
    from sedp.review.plandiff import compare_year

    before = steps_of(DUC_LONG_2026)
    after = deepcopy(before)
    edit(after)
    return compare_year(HANDBOOK, ("thach-an", "duc-long", "2026"), "Xã Đức Long – năm 2026", before, after)


def test_an_unchanged_plan_has_an_empty_diff():
    diff = diff_of(lambda steps: None)
    assert diff.empty() and diff.summary() == "không đổi nội dung kế hoạch"


def test_money_moved_between_sources_says_the_total_did_not_change():
    def edit(steps):  # 35 of HD04's provincial money now comes from the commune's budget
        activity = steps["buoc-04-du-thao.yaml"]["hoat_dong"][3]["kinh_phi"]
        activity["ngan_sach_tinh"] = 15  # was 50
        activity["ngan_sach_xa"] = (activity.get("ngan_sach_xa") or 0) + 35
    diff = diff_of(edit)
    assert diff.budget_total == (7031, 7031)
    assert diff.summary() == "sửa hoạt động: 1; tổng kinh phí không đổi (7.031 triệu đồng)"


def test_a_changed_amount_shows_its_source_and_the_new_total():
    def edit(steps):
        steps["buoc-04-du-thao.yaml"]["hoat_dong"][3]["kinh_phi"]["ngan_sach_tinh"] = 85  # was 50
    diff = diff_of(edit)
    assert diff.budget == [("Ngân sách tỉnh", 580, 615, "ngan_sach_tinh")]
    assert diff.budget_total == (7031, 7066)
    assert diff.changed == [{"ma": "HD04", "ten": steps_of(DUC_LONG_2026)["buoc-04-du-thao.yaml"]["hoat_dong"][3]["ten"],
                             "fields": [("Ngân sách tỉnh", "50", "85", "kinh_phi.ngan_sach_tinh", 50, 85)]}]
    assert diff.summary() == "sửa hoạt động: 1; tổng kinh phí 7.031 → 7.066 triệu đồng"
    from sedp.review.plandiff import to_markdown

    text = to_markdown([diff])
    assert "| Ngân sách tỉnh | 580 | 615 | +35 |" in text
    assert "| **Tổng cộng** | 7.031 | 7.066 | +35 |" in text


def test_added_removed_status_needs_and_comments():
    def edit(steps):
        activities = steps["buoc-04-du-thao.yaml"]["hoat_dong"]
        removed = activities.pop(0)  # HD01, 975
        activities.append({**removed, "ma": "HD09", "ten": "Làm đường nội đồng", "linh_vuc": "giao_thong",
                           "kinh_phi": {"dan_dong_gop": Decimal("12.5")}})
        steps["ke-hoach.yaml"]["trang_thai"] = "da_thong_qua"
        steps["buoc-02-nhu-cau.yaml"]["nhu_cau"][0]["trang_thai"] = "hoan_thanh"
        steps["buoc-02-nhu-cau.yaml"]["nhu_cau"].pop()
        steps["buoc-07-y-kien-huyen.yaml"].setdefault("y_kien", []).append(
            {"ma": "YK99", "co_quan": "Phòng Tài chính – Kế hoạch", "noi_dung": "Bổ sung đối ứng"})
    diff = diff_of(edit)
    assert diff.status == ("Công khai", "HĐND thông qua")
    assert diff.added == [{"ma": "HD09", "ten": "Làm đường nội đồng", "linh_vuc": "Giao thông", "tong": Decimal("12.5")}]
    assert [(a["ma"], a["tong"]) for a in diff.removed] == [("HD01", 975)]
    assert diff.budget_total == (7031, Decimal("7031") - 975 + Decimal("12.5"))
    assert len(diff.needs_removed) == 1 and len(diff.comments_added) == 1
    assert diff.comments_added[0]["ma"] == "YK99"
    assert [s[3] for s in diff.needs_status] == [HANDBOOK.vocab("trang-thai-nhu-cau").label("hoan_thanh")]
    assert diff.summary() == ("trạng thái Công khai → HĐND thông qua; thêm hoạt động: 1; bỏ hoạt động: 1; "
                              "bỏ nhu cầu: 1; thêm ý kiến huyện: 1; tổng kinh phí 7.031 → 6.068,5 triệu đồng")


def test_amendment_control_starts_at_the_status_marked_locked():
    from sedp.review.amendments import locked_statuses

    assert locked_statuses(HANDBOOK) == {"da_thong_qua", "cong_khai"}


# -- amendment control on a real git history ------------------------------------------

def amendment_problems(tmp_path, edit_plan, status="da_thong_qua", record=False):
    import shutil

    from conftest import init_repo
    from sedp.core.messages import Wording
    from sedp.review.amendments import check_since

    project = tmp_path / "p"
    shutil.copytree(LE_LAI_2027, project / "plans/thach-an/le-lai/2027")
    plan = project / "plans/thach-an/le-lai/2027"
    replace_in(plan / "ke-hoach.yaml", "trang_thai: da_thong_qua", f"trang_thai: {status}")
    init_repo(project)
    edit_plan(plan / "buoc-04-du-thao.yaml")
    if record:
        record_amendment(plan / "buoc-09-hdnd-thong-qua.yaml")
    return [(p.file, p.line, p.code) for p in check_since(project, HANDBOOK, Wording(HANDBOOK), "HEAD")]


def record_amendment(approval: Path) -> None:
    approval.write_text(approval.read_text(encoding="utf-8") + "dieu_chinh:\n- ngay: 01/03/2027\n"
                        "  so_quyet_dinh: 12/NQ-HĐND\n  ly_do: Tăng đối ứng của tỉnh\n", encoding="utf-8")


def raise_an_amount(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip().startswith("ngan_sach_"))
    replace_in(path, first, first.split(":")[0] + ": 999")


def test_an_approved_plans_money_changed_without_a_record_is_refused(tmp_path):
    problems = amendment_problems(tmp_path, raise_an_amount)
    lines = (LE_LAI_2027 / "buoc-04-du-thao.yaml").read_text(encoding="utf-8").splitlines()
    first_activity = lines.index("hoat_dong:") + 2  # the line under the key, counted from 1
    assert problems == [("plans/thach-an/le-lai/2027/buoc-04-du-thao.yaml", first_activity, "dieu-chinh-thieu")]


def test_a_record_of_the_amendment_lets_it_through(tmp_path):
    assert amendment_problems(tmp_path, raise_an_amount, record=True) == []


def test_a_published_plan_is_locked_too_and_a_draft_is_not(tmp_path):
    assert len(amendment_problems(tmp_path / "a", raise_an_amount, status="cong_khai")) == 1
    assert amendment_problems(tmp_path / "b", raise_an_amount, status="da_chinh_sua") == []


def test_a_comment_only_edit_needs_no_record(tmp_path):
    def comment(path: Path) -> None:
        path.write_text(path.read_text(encoding="utf-8") + "# ghi chú thêm\n", encoding="utf-8")
    assert amendment_problems(tmp_path, comment) == []


def every_kind_of_change(steps: dict) -> None:
    plan = steps["buoc-04-du-thao.yaml"]["hoat_dong"]
    first, second = plan.pop(0), plan.pop(0)  # HD01 (975) and HD02 (730) go
    plan.append({**first, "ma": "HD12", "ten": "Kè đá <b>bờ</b> suối | thôn *Nà Pàn*", "linh_vuc": "thuy_loi",
                 "kinh_phi": {"ngan_sach_xa": 40, "dan_dong_gop": Decimal("2.5")}})
    plan.append({**second, "ma": "HD11", "ten": "Làm đường nội đồng", "linh_vuc": "giao_thong",
                 "kinh_phi": {"ngan_sach_xa": 60}})
    changed = plan[0]  # HD03: sector, a new source, a date
    changed["linh_vuc"] = "trong_trot"
    changed["kinh_phi"]["ngan_sach_xa"] = 15
    changed["thoi_gian"]["ket_thuc"] = "09/2026"
    steps["ke-hoach.yaml"]["trang_thai"] = "da_thong_qua"
    needs = steps["buoc-02-nhu-cau.yaml"]["nhu_cau"]
    needs[2]["trang_thai"] = "hoan_thanh"  # NC03
    needs.pop()  # NC09
    needs.pop()  # NC08
    needs.append({**needs[0], "ma": "NC10", "van_de": "Thiếu nước sạch mùa khô"})
    steps["buoc-07-y-kien-huyen.yaml"]["y_kien"].append(
        {"ma": "YK03", "co_quan": "Phòng Tài chính – Kế hoạch", "noi_dung": "Bổ sung đối ứng"})


def test_every_kind_of_change_as_the_reviewer_reads_it():
    from dataclasses import asdict

    before = steps_of(DUC_LONG_2026)
    activities = {a["ma"]: a for a in before["buoc-04-du-thao.yaml"]["hoat_dong"]}
    needs = {n["ma"]: n["van_de"] for n in before["buoc-02-nhu-cau.yaml"]["nhu_cau"]}
    diff = diff_of(every_kind_of_change)
    assert asdict(diff) == {
        "district": "thach-an", "commune": "duc-long", "year": "2026", "title": "Xã Đức Long – năm 2026",
        "status": ("Công khai", "HĐND thông qua"),
        "added": [{"ma": "HD11", "ten": "Làm đường nội đồng", "linh_vuc": "Giao thông", "tong": 60},
                  {"ma": "HD12", "ten": "Kè đá <b>bờ</b> suối | thôn *Nà Pàn*", "linh_vuc": "Thủy lợi",
                   "tong": Decimal("42.5")}],
        "removed": [{"ma": "HD01", "ten": activities["HD01"]["ten"], "tong": 295 + 680},
                    {"ma": "HD02", "ten": activities["HD02"]["ten"], "tong": 120 + 255 + 355}],
        "changed": [{"ma": "HD03", "ten": activities["HD03"]["ten"], "fields": [
            ("Ngân sách xã", "(trống)", "15", "kinh_phi.ngan_sach_xa", None, 15),
            ("Lĩnh vực", "Chăn nuôi", "Trồng trọt", "linh_vuc", "chan_nuoi", "trong_trot"),
            ("Tháng kết thúc", "08/2026", "09/2026", "thoi_gian.ket_thuc", "08/2026", "09/2026")]}],
        # money by source where it moved: before → after
        "budget": [("Ngân sách xã", 345, 345 + 40 + 60 + 15, "ngan_sach_xa"),
                   ("Chương trình mục tiêu quốc gia", 1030, 1030 - 120, "chuong_trinh_mtqg"),
                   ("Doanh nghiệp", Decimal("2245.5"), Decimal("2245.5") - 680 - 255, "doanh_nghiep"),
                   ("Chương trình, dự án", Decimal("670.5"), Decimal("670.5") - 295, "chuong_trinh_du_an"),
                   ("Dân đóng góp", 580, 580 - 355 + Decimal("2.5"), "dan_dong_gop")],
        "budget_total": (7031, 7031 - 975 - 730 + 60 + Decimal("42.5") + 15),
        "needs_added": [{"ma": "NC10", "van_de": "Thiếu nước sạch mùa khô"}],
        "needs_removed": [{"ma": "NC08", "van_de": needs["NC08"]}, {"ma": "NC09", "van_de": needs["NC09"]}],
        "needs_status": [("NC03", needs["NC03"], "Mới", "Hoàn thành")],
        "comments_added": [{"ma": "YK03", "co_quan": "Phòng Tài chính – Kế hoạch", "noi_dung": "Bổ sung đối ứng"}],
        "fields": [],  # every change here is one of the summaries above
    }
    assert diff.summary() == ("trạng thái Công khai → HĐND thông qua; thêm hoạt động: 2; bỏ hoạt động: 2; "
                              "sửa hoạt động: 1; thêm nhu cầu: 1; bỏ nhu cầu: 2; thêm ý kiến huyện: 1; "
                              "tổng kinh phí 7.031 → 5.443,5 triệu đồng")


def test_the_pull_request_comment_shows_every_change_with_plan_text_escaped():
    from sedp.review.plandiff import to_markdown

    before = steps_of(DUC_LONG_2026)
    name = {a["ma"]: a["ten"] for a in before["buoc-04-du-thao.yaml"]["hoat_dong"]}
    needs = {n["ma"]: n["van_de"] for n in before["buoc-02-nhu-cau.yaml"]["nhu_cau"]}
    text = to_markdown([diff_of(every_kind_of_change)])
    assert text.splitlines() == [
        "### Thay đổi nội dung kế hoạch (1 năm kế hoạch)", "",
        "#### Xã Đức Long – năm 2026", "",
        "- **Trạng thái:** Công khai → HĐND thông qua",
        "- **Thêm hoạt động** HD11 «Làm đường nội đồng» (Giao thông): 60 triệu đồng",
        "- **Thêm hoạt động** HD12 «Kè đá &lt;b&gt;bờ&lt;/b&gt; suối \\| thôn \\*Nà Pàn\\*» (Thủy lợi): 42,5 triệu đồng",
        f"- **Bỏ hoạt động** HD01 «{name['HD01']}» (975 triệu đồng)",
        f"- **Bỏ hoạt động** HD02 «{name['HD02']}» (730 triệu đồng)",
        f"- **Sửa hoạt động** HD03 «{name['HD03']}»: Ngân sách xã: (trống) → 15; Lĩnh vực: Chăn nuôi → Trồng trọt; "
        "Tháng kết thúc: 08/2026 → 09/2026",
        "- **Thêm nhu cầu** NC10: Thiếu nước sạch mùa khô",
        f"- **Bỏ nhu cầu** NC08: {needs['NC08']}",
        f"- **Bỏ nhu cầu** NC09: {needs['NC09']}",
        f"- **Nhu cầu** NC03 «{needs['NC03']}»: Mới → Hoàn thành",
        "- **Ý kiến của huyện** YK03 (Phòng Tài chính – Kế hoạch): Bổ sung đối ứng",
        "",
        "| Nguồn vốn (triệu đồng) | Trước | Sau | Chênh lệch |", "|---|---:|---:|---:|",
        "| Ngân sách xã | 345 | 460 | +115 |",
        "| Chương trình mục tiêu quốc gia | 1.030 | 910 | -120 |",
        "| Doanh nghiệp | 2.245,5 | 1.310,5 | -935 |",
        "| Chương trình, dự án | 670,5 | 375,5 | -295 |",
        "| Dân đóng góp | 580 | 227,5 | -352,5 |",
        "| **Tổng cộng** | 7.031 | 5.443,5 | -1.587,5 |",
    ]
    assert text.endswith("|\n")
    assert to_markdown([]) == ("**Không có thay đổi nội dung kế hoạch** (chỉ đổi định dạng, chú thích "
                               "hoặc tệp khác).\n")


def test_diff_between_two_revisions_names_places_and_new_or_deleted_years(tmp_path):
    import json
    import shutil

    from conftest import init_repo
    from sedp.review.plandiff import diff_revisions, to_json

    project = tmp_path / "p"
    for part in ("thach-an/district.yaml", "thach-an/duc-long", "thach-an/le-lai/commune.yaml"):
        source, target = ROOT / "plans" / part, project / "plans" / part
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    init_repo(project)
    assert diff_revisions(project, HANDBOOK, "HEAD") == []  # nothing changed yet
    replace_in(project / "plans/thach-an/duc-long/2026/buoc-04-du-thao.yaml", "ngan_sach_tinh: 50", "ngan_sach_tinh: 80")
    shutil.rmtree(project / "plans/thach-an/duc-long/2027")
    shutil.copytree(LE_LAI_2027, project / "plans/thach-an/le-lai/2027")
    diffs = diff_revisions(project, HANDBOOK, "HEAD")
    assert [(d.title, d.status) for d in diffs] == [
        ("Xã Đức Long (Huyện Thạch An) – năm 2026", None),
        ("Xã Đức Long (Huyện Thạch An) – năm 2027", ("Đã gửi huyện", "(đã xoá)")),
        ("Xã Lê Lai (Huyện Thạch An) – năm 2027", ("(chưa có)", "HĐND thông qua")),
    ]
    assert diffs[0].budget == [("Ngân sách tỉnh", 580, 610, "ngan_sach_tinh")]
    assert diffs[0].budget_total == (7031, 7061)
    text = to_json(diffs)
    assert text.startswith('[\n  {\n    "district": "thach-an",\n')  # indented for a person reading a CI log
    assert '"title": "Xã Đức Long (Huyện Thạch An) – năm 2026"' in text  # Vietnamese as written, not \\u escapes
    plain = json.loads(text)
    assert [d["year"] for d in plain] == ["2026", "2027", "2027"]
    assert plain[0]["budget"] == [{"key": "ngan_sach_tinh", "label": "Ngân sách tỉnh", "before": 580, "after": 610}]
    assert plain[0]["budget_total"] == {"before": 7031, "after": 7061}  # numbers a program reads, found by key
    assert plain[2]["status"] == {"before": "(chưa có)", "after": "HĐND thông qua"}
    assert len(plain[2]["added"]) == len(load_file(LE_LAI_2027 / "buoc-04-du-thao.yaml").data["hoat_dong"])


def test_bieu_rows_as_printed_for_duc_long_2026():
    tables = tables_of(DUC_LONG_2026)
    t4, t6, t7 = tables[4], tables[6], tables[7]
    assert [shown(t4, r) for r in t4.rows] == [
        ["2025", "Sạt lở đất", "Nặm Khoang, Pò Nhùng", "Sạt lở taluy, ách tắc giao thông 9 ngày", "59", "340"],
        ["2024", "Dông lốc", "Phja Hoi, Nặm Khoang", "Tốc mái 9 nhà, đổ cây", "21", "740"],
        ["2023", "Mưa đá", "Nà Pàn, Nặm Khoang", "Hư hỏng mái nhà của 60 hộ", "56", "750"],
    ]
    assert t4.totals == [None, None, None, None, 59 + 21 + 56, 340 + 740 + 750]
    assert shown(t6, t6.rows[0]) == ["HD01", "Sửa chữa nhà văn hóa thôn Nặm Khoang", "Văn hóa – xã hội",
                                     "Thôn Nặm Khoang", "Không liên quan", "03/2026", "09/2026", "UBND xã",
                                     "", "", "", "", "680", "295", "", "975"]
    # rows read from a nested list (bieu_7.hoat_dong): years as years, sources as their labels
    assert shown(t7, t7.rows[1]) == ["Kiên cố hóa kênh mương", "Thủy lợi", "Thôn Pò Nhùng", "2027, 2028", "1.250",
                                     "Ngân sách tỉnh, Chương trình, dự án"]
    assert t7.totals[4] == 250 + 1250 + 550
    t2 = tables[2]
    assert shown(t2, t2.rows[2]) == ["3", "NC03", "Trâu, bò bị chết rét trong mùa đông", "Chăn nuôi", "81", "4",
                                     "Gà thả đồi", "Thấp"]  # the value chain read through CG1
    t1 = tables[1]
    needs = steps_of(DUC_LONG_2026)["buoc-02-nhu-cau.yaml"]["nhu_cau"]
    assert len(t1.rows) == len(needs) == 9
    assert t1.totals[7:9] == [sum(n["ho_huong_loi"] for n in needs), sum(n["ho_ngheo_huong_loi"] for n in needs)]
    assert [c.label for c in t6.columns][8:] == ["Ngân sách xã", "Ngân sách huyện", "Ngân sách tỉnh",
                                                "Chương trình mục tiêu quốc gia", "Doanh nghiệp",
                                                "Chương trình, dự án", "Dân đóng góp", "Tổng cộng (triệu đồng)"]


@pytest.mark.parametrize("value, kind, shown_as", [
    (None, "vocab", ""), ("chan_nuoi", "vocab", "Chăn nuôi"), (["dien", "y_te"], "vocab", "Điện, Y tế"),
    ([2027, 2028], "year", "2027, 2028"), (2027, "year", "2027"), (2027, "number", "2.027"),
    ([1000, Decimal("2.5")], "number", "1.000, 2,5"), (["Nà Pàn", 12], "number", "Nà Pàn, 12"),
    (Decimal("1234.5"), "number", "1.234,5"), (None, "number", ""), ("Thôn Nà Pàn", "number", "Thôn Nà Pàn"),
])
def test_a_cell_as_printed(value, kind, shown_as):
    from sedp.model.forms import Column, Table

    column = Column("x", vocab="linh-vuc" if kind == "vocab" else None, year=kind == "year")
    assert Table(1, "t", False, [column]).text(value, column, HANDBOOK) == shown_as


# -- the roll-up's edges: repeated sectors, meetings without a total, a province's own vocabulary --

def test_two_activities_of_one_sector_count_twice_and_add_their_money():
    from sedp.model import rollup as under_test

    steps = steps_of(DUC_LONG_2026)
    activities = steps["buoc-04-du-thao.yaml"]["hoat_dong"]
    activities += [{**deepcopy(a), "ma": a["ma"] + "B"} for a in activities]
    needs = steps["buoc-02-nhu-cau.yaml"]["nhu_cau"]
    needs += [{**deepcopy(n), "ma": n["ma"] + "B"} for n in needs]
    steps["buoc-01-khoi-dong.yaml"]["chuoi_gia_tri"] *= 2
    steps["buoc-01-khoi-dong.yaml"]["thien_tai"] *= 2
    summary = under_test.summarize(HANDBOOK, steps["ke-hoach.yaml"], steps)
    assert set(summary.activities_by_sector.values()) == {2}
    assert summary.budget_total() == 2 * 7031
    assert summary.budget["dien"]["ngan_sach_huyen"] == 2 * 875
    assert summary.climate_budget == 2 * 1730
    assert sum(summary.needs_by_sector.values()) == 18 and set(summary.needs_by_sector.values()) == {2}
    assert summary.value_chains == Counter({"Gà thả đồi": 2, "Bò vàng": 2})
    assert summary.hazards == Counter({"sat_lo_dat": 2, "dong_loc": 2, "mua_da": 2})


def test_a_meeting_without_a_total_is_not_counted_and_the_next_ones_are():
    from sedp.model import rollup as under_test

    steps = steps_of(DUC_LONG_2026)
    villages = steps["buoc-02-nhu-cau.yaml"]["hop_thon"]
    del villages[0]["tham_du"]["tong_so"]  # the first village meeting (79 people) gave no total
    summary = under_test.summarize(HANDBOOK, steps["ke-hoach.yaml"], steps)
    assert summary.meetings == 7 - 1
    assert summary.attendance["tong_so"] == 378 - 79
    assert summary.attendance["nu"] == 154 - 38


def test_a_province_that_names_its_total_group_otherwise():
    from sedp.model import rollup as under_test
    from sedp.source.handbook import Vocabulary

    def renamed(value):
        if isinstance(value, dict):
            return {("tong_cong" if k == "tong_so" else k): renamed(v) for k, v in value.items()}
        if isinstance(value, list):
            return [renamed(v) for v in value]
        return value

    handbook = deepcopy(HANDBOOK)
    groups = handbook.vocab("nhom-tham-du")
    handbook.vocabularies["nhom-tham-du"] = Vocabulary(groups.name, groups.title, renamed(groups.entries))
    steps = renamed(steps_of(DUC_LONG_2026))
    summary = under_test.summarize(handbook, steps["ke-hoach.yaml"], steps)
    assert (summary.meetings, summary.attendance["tong_cong"]) == (7, 378)
    # with no group marked as the total, "tong_so" is the total
    for entry in handbook.vocab("nhom-tham-du").entries.values():
        entry.pop("tong", None)
    assert under_test.summarize(handbook, steps["ke-hoach.yaml"], steps).meetings == 0
    plain = steps_of(DUC_LONG_2026)
    assert under_test.summarize(handbook, plain["ke-hoach.yaml"], plain).meetings == 7


def test_without_a_locked_status_nothing_is_locked():
    from sedp.review.amendments import locked_statuses

    handbook = deepcopy(HANDBOOK)
    for entry in handbook.vocab("trang-thai").entries.values():
        entry.pop("khoa", None)
    assert locked_statuses(handbook) == set()


def test_amendment_control_over_several_plan_years_and_a_new_one(tmp_path):
    import shutil

    from conftest import init_repo
    from sedp.core.messages import Wording
    from sedp.review.amendments import check_since

    project = tmp_path / "p"
    shutil.copytree(ROOT / "plans/thach-an/duc-long", project / "plans/thach-an/duc-long")
    shutil.copytree(LE_LAI_2027, project / "plans/thach-an/le-lai/2027")
    init_repo(project)
    raise_an_amount(project / "plans/thach-an/duc-long/2027/buoc-04-du-thao.yaml")  # sent to the district: free
    raise_an_amount(project / "plans/thach-an/le-lai/2027/buoc-04-du-thao.yaml")  # approved: needs a record
    shutil.copytree(LE_LAI_2027, project / "plans/thach-an/le-lai/2028")  # a new year has no "before"
    problems = check_since(project, HANDBOOK, Wording(HANDBOOK), "HEAD")
    assert [p.file for p in problems] == ["plans/thach-an/le-lai/2027/buoc-04-du-thao.yaml"]
    assert problems[0].message == ("Kế hoạch đã được HĐND thông qua (trạng thái 'HĐND thông qua'): Bước 4 › "
                                   "Hoạt động và ngân sách › HD01 – Kéo 4 km đường điện hạ thế đến thôn Cốc Chang › Kinh phí theo "
                                   "nguồn vốn (triệu đồng) › "
                                   "Ngân sách xã đã sửa mà chưa có bản ghi điều chỉnh")


def test_each_bieu_has_its_title_and_orientation_from_the_handbook():
    tables = tables_of(DUC_LONG_2026)
    assert {n: (t.title, t.landscape) for n, t in tables.items()} == {
        1: ("Tổng hợp nhu cầu thôn, xóm", True),
        2: ("Xếp hạng nhu cầu ưu tiên của xã", False),
        3: ("Phân tích chuỗi giá trị ưu tiên", True),
        4: ("Thiên tai, biến đổi khí hậu và giải pháp", False),
        5: ("Chỉ tiêu chủ yếu", False),
        6: ("Kế hoạch hoạt động và ngân sách năm X+1", True),
        7: ("Kế hoạch hoạt động theo ngành, lĩnh vực ưu tiên 3–5 năm", True),
    }


def test_the_site_and_the_export_asking_in_turn_get_the_same_tables():
    from sedp.model.forms import Forms

    forms, steps = Forms(HANDBOOK), steps_of(DUC_LONG_2026)
    first = forms.tables(steps)
    assert forms.tables(steps) is first  # computed once per commune-year
    other = steps_of(LE_LAI_2027)
    assert forms.tables(other) is not first and forms.tables(other)[5].rows != first[5].rows


def test_an_activity_without_money_shows_a_zero_total():
    from sedp.model.forms import Forms

    steps = steps_of(DUC_LONG_2026)
    del steps["buoc-04-du-thao.yaml"]["hoat_dong"][0]["kinh_phi"]
    table = {t.number: t for t in Forms(HANDBOOK).tables(steps)}[6]
    assert shown(table, table.rows[0])[-1] == "0"
    assert table.totals[-1] == 7031 - 975


def test_diff_fields_money_from_an_unknown_source_and_rows_without_a_code():
    def edit(steps):
        activity = steps["buoc-04-du-thao.yaml"]["hoat_dong"][0]
        activity["kinh_phi"]["quy_khac"] = 5  # not a source in the handbook: still in the total
        steps["buoc-04-du-thao.yaml"]["hoat_dong"].append({"ten": "Chưa có mã"})
    diff = diff_of(edit)
    assert diff.budget == [] and diff.budget_total == (7031, 7036)
    assert diff.changed[0]["fields"] == [("Kinh phí theo nguồn vốn (triệu đồng)", "(trống)", "5", "kinh_phi.quy_khac", None, 5)]
    assert diff.added == []  # an activity without a code is not matched, so not listed


def test_plan_text_in_a_comment_keeps_quotes_and_stays_on_one_line():
    from sedp.review.plandiff import md_inline

    assert md_inline('Nhà "văn hóa"\r\nthôn \'Nà Pàn\' <b>') == 'Nhà "văn hóa" thôn \'Nà Pàn\' &lt;b&gt;'


@pytest.mark.parametrize("changes, rows", [
    # a small rise gets a plus, a fall a minus
    ({(3, "ngan_sach_tinh"): Decimal("50.5"), (4, "ngan_sach_huyen"): 874},
     ["| Ngân sách huyện | 1.580 | 1.579 | -1 |", "| Ngân sách tỉnh | 580 | 580,5 | +0,5 |",
      "| **Tổng cộng** | 7.031 | 7.030,5 | -0,5 |"]),
    # money moved between sources: the total is unchanged and has no sign
    ({(3, "ngan_sach_tinh"): 30, (3, "ngan_sach_huyen"): 725},
     ["| Ngân sách huyện | 1.580 | 1.600 | +20 |", "| Ngân sách tỉnh | 580 | 560 | -20 |",
      "| **Tổng cộng** | 7.031 | 7.031 | 0 |"]),
], ids=["rise-and-fall", "moved"])
def test_budget_rows_show_each_change_with_its_sign(changes, rows):
    from sedp.review.plandiff import to_markdown

    def edit(steps):
        for (index, source), amount in changes.items():
            steps["buoc-04-du-thao.yaml"]["hoat_dong"][index]["kinh_phi"][source] = amount
    text = to_markdown([diff_of(edit)]).splitlines()
    assert [line for line in text if line.startswith("| ") and "Nguồn vốn" not in line] == rows


def test_diff_between_two_commits_ignores_the_work_tree_and_names_unnamed_places_by_folder(tmp_path):
    import shutil

    from conftest import git, init_repo
    from sedp.review.plandiff import diff_revisions

    project = tmp_path / "p"
    shutil.copytree(ROOT / "plans/thach-an/duc-long/2026", project / "plans/thach-an/duc-long/2026")
    init_repo(project)
    plan = project / "plans/thach-an/duc-long/2026/buoc-04-du-thao.yaml"
    replace_in(plan, "ngan_sach_tinh: 50", "ngan_sach_tinh: 80")
    git(project, "commit", "-qam", "Tăng ngân sách tỉnh")
    replace_in(plan, "ngan_sach_tinh: 80", "ngan_sach_tinh: 90")  # not committed
    diffs = diff_revisions(project, HANDBOOK, "HEAD~1", "HEAD")
    assert [(d.title, d.budget[0]) for d in diffs] == [
        ("Xã duc-long (Huyện thach-an) – năm 2026", ("Ngân sách tỉnh", 580, 610, "ngan_sach_tinh"))]


def test_every_changed_approved_plan_is_checked_even_after_one_with_a_record(tmp_path):
    import shutil

    from conftest import init_repo
    from sedp.core.messages import Wording
    from sedp.review.amendments import check_since

    project = tmp_path / "p"
    for commune in ("le-lai", "thuy-hung"):
        shutil.copytree(LE_LAI_2027, project / f"plans/thach-an/{commune}/2027")
    init_repo(project)
    for commune in ("le-lai", "thuy-hung"):
        raise_an_amount(project / f"plans/thach-an/{commune}/2027/buoc-04-du-thao.yaml")
    record_amendment(project / "plans/thach-an/le-lai/2027/buoc-09-hdnd-thong-qua.yaml")
    problems = check_since(project, HANDBOOK, Wording(HANDBOOK), "HEAD")
    assert [p.file for p in problems] == ["plans/thach-an/thuy-hung/2027/buoc-04-du-thao.yaml"]


def test_diff_titles_use_the_provinces_middle_level_and_the_communes_kind(tmp_path):
    """The site says "Thị xã …" when province.yaml's cap_trung_gian says so, and
    "Thị trấn …" for a town: the reviewers' diff says the same."""
    import shutil

    from conftest import init_repo
    from sedp.review.plandiff import diff_revisions

    project = tmp_path / "p"
    (project / "plans").mkdir(parents=True)
    (project / "plans/province.yaml").write_text("ten: Cao Bằng\ncap_trung_gian: Thị xã\n", encoding="utf-8")
    for part in ("thach-an/district.yaml", "thach-an/duc-long"):
        source, target = ROOT / "plans" / part, project / "plans" / part
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    replace_in(project / "plans/thach-an/duc-long/commune.yaml", "loai: xã", "loai: thị trấn")
    init_repo(project)
    replace_in(project / "plans/thach-an/duc-long/2026/buoc-04-du-thao.yaml", "ngan_sach_tinh: 50", "ngan_sach_tinh: 80")
    assert [d.title for d in diff_revisions(project, HANDBOOK, "HEAD")] == [
        "Thị trấn Đức Long (Thị xã Thạch An) – năm 2026"]


@pytest.mark.parametrize("value, typed", [
    (1500, "1500"), (Decimal("122.000"), "122"), (Decimal("1.5"), "1.5"), (Decimal("1.125"), "1.1250"),
    (Decimal("12.500"), "12.5"), (Decimal("1500.50"), "1500.5"), (Decimal("0.085"), "0.085"),
    (Decimal("-1.125"), "-1.1250"), (Decimal("1E+3"), "1000"), (Decimal("100"), "100"), (0, "0"),
])
def test_a_figure_as_typed_in_yaml_reads_alike_for_everyone(value, typed):
    # the fix a message offers is typed as it stands: no trailing zeros, and never a
    # dot with three digits after it that a Vietnamese reader takes for thousands
    assert fmt.yaml_number(value) == typed


@pytest.mark.parametrize("text, meant", [
    ("1.500", 1500), ("12.500", 12500), ("1.500.000", 1500000), ("-2.100", -2100), ("1.5", None),
    ("1.50", None), ("0.500", None), ("1500", None), ("1.5000", None), ("1234.567", None),
])
def test_a_dot_with_groups_of_three_reads_as_thousands(text, meant):
    assert fmt.thousands_reading(text) == meant


@pytest.mark.parametrize("typed, likely", [
    ("1/7/26", "01/07/2026"), ("1.7.2026", "01/07/2026"), ("2026-7-1", "01/07/2026"), ("1-7-2026", "01/07/2026"),
    (" 01/07/2026 ", "01/07/2026"), ("1 / 7 / 2026", "01/07/2026"), ("31/6/2026", None), ("7/2026", None),
    ("1/7.2026", None), ("2026/7/1", "01/07/2026"), ("29/2/24", "29/02/2024"), (20260701, None), (None, None),
])
def test_the_likely_date_of_a_date_typed_loosely(typed, likely):
    assert fmt.likely_date(typed) == likely


@pytest.mark.parametrize("typed, trouble", [
    ("31/02/2026", "tháng 02/2026 chỉ có 28 ngày"), ("29/02/2024", None), ("31/06/2026", "tháng 06/2026 chỉ có 30 ngày"),
    ("0/06/2026", "tháng 06/2026 chỉ có 30 ngày"), ("12/13/2026", "không có tháng 13"), ("12/0/2026", "không có tháng 0"),
    ("2026-02-31", None), ("hôm qua", None), (None, None), ("31/12/2026", None), ("1/1/2026", None),
])
def test_why_a_date_is_not_on_the_calendar(typed, trouble):
    assert fmt.date_trouble(typed) == trouble


@pytest.mark.parametrize("typed, month", [
    ("6/2027", "06/2027"), ("06-2027", "06/2027"), ("tháng 6/2027", "06/2027"), ("Tháng 12.2027", "12/2027"),
    ("6 năm 2027", "06/2027"), ("01/06/2027", "06/2027"), ("2027-06", "06/2027"), ("2027-06-15", "06/2027"),
    ("13/2027", None), ("0/2027", None), ("2027", None), ("abc", None), (None, None),
])
def test_the_likely_month_of_a_month_typed_loosely(typed, month):
    assert fmt.likely_month(typed) == month


@pytest.mark.parametrize("part, whole, places, value", [
    (1, 16, 2, Decimal("6.25")), (1, 16, 1, Decimal("6.3")), (1, 16, 0, Decimal("6")), (1, 8, 0, Decimal("13")),
    (15, 96, 2, Decimal("15.63")), (0, 5, 2, Decimal("0.00")), (3, 0, 2, None), (3, None, 2, None),
])
def test_a_share_in_percent_rounds_half_up_to_its_places(part, whole, places, value):
    shown = fmt.share(part, whole, places)
    assert shown == value and (value is None or str(shown) == str(value))
    assert fmt.percent(part, whole, places) == ("–" if value is None else str(value).replace(".", ",") + "%")


def test_codes_are_named_by_the_field_the_handbook_marks():
    from sedp.model.forms import Forms

    steps = steps_of(DUC_LONG_2026)
    names = Forms(HANDBOOK).names(steps)
    assert set(names) == {"nhu_cau", "chi_tieu", "hoat_dong", "chuoi_gia_tri", "y_kien"}  # villages: no ten_muc
    need = steps["buoc-02-nhu-cau.yaml"]["nhu_cau"][0]
    target = steps["buoc-04-du-thao.yaml"]["chi_tieu"][0]
    activity = steps["buoc-04-du-thao.yaml"]["hoat_dong"][-1]
    chain = steps["buoc-01-khoi-dong.yaml"]["chuoi_gia_tri"][0]
    assert names["nhu_cau"][need["ma"]] == need["van_de"]
    assert names["chi_tieu"][target["ma"]] == target["ten"]
    assert names["hoat_dong"][activity["ma"]] == activity["ten"]
    assert names["chuoi_gia_tri"][chain["ma"]] == chain["san_pham"]
    comment = steps["buoc-07-y-kien-huyen.yaml"]["y_kien"][0]
    assert names["y_kien"][comment["ma"]] == comment["co_quan"]  # a district comment by its office
    assert len(names["nhu_cau"]) == len(steps["buoc-02-nhu-cau.yaml"]["nhu_cau"])
