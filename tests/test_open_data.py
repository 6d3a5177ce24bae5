"""Open data and Excel: CSV + data package, XLSX out, XLSX back in."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import zipfile
from collections import defaultdict
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from conftest import FIXTURES, ROOT, make_project, page
from htmltables import find, number, vn
from sedp.publish.build import export_open_data, generate
from sedp.render.data.opendata import OpenData
from sedp.source.handbook import load_handbook
from sedp.source.loader import load_file

COMMUNE = Path("plans/thach-an/duc-long")


def export(project: Path, out: Path):
    """What `sedp export --out` does, in this process; the report."""
    generated = generate(project)
    if generated.report.ok:
        export_open_data(generated, out)
    return generated.report


@pytest.fixture
def exported(tmp_path):
    project = make_project(tmp_path / "p", plans=ROOT / "plans")
    out = tmp_path / "du-lieu"
    report = export(project, out)
    assert report.ok
    return project, out


TABLES = ["dia-ban", *(f"bieu-{n}" for n in range(1, 8)), "ngan-sach", "nhu-cau", "tham-gia", "tham-gia-xa",
          "thuc-hien-hoat-dong", "thuc-hien-chi-tieu", "thuc-hien-giam-sat", "giai-doan"]


def read(out: Path, name: str) -> list[dict]:
    with open(out / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def attendances(year: Path) -> list[dict]:
    """The attendance counts of a plan year's meetings that give a total (schema/tong-hop.yaml's meetings)."""
    step1 = load_file(year / "buoc-01-khoi-dong.yaml").data
    step2 = load_file(year / "buoc-02-nhu-cau.yaml").data
    step5 = load_file(year / "buoc-05-tham-van.yaml").data
    meetings = [(step1.get("hoi_nghi") or {}).get("tham_du"), (step2.get("hop_ra_soat") or {}).get("tham_du"),
                (step5.get("hoi_nghi") or {}).get("tham_du"), *[m.get("tham_du") for m in step2.get("hop_thon") or []]]
    return [counts for counts in meetings if counts and counts.get("tong_so") is not None]


def test_frictionless_accepts_the_data_package(exported):
    frictionless = pytest.importorskip("frictionless", reason="frictionless is installed by make test")
    _, out = exported
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert len(report.tasks) == len(package["resources"]) == len(list(out.glob("*.csv"))) == len(TABLES)


def test_district_csv_equals_the_district_page(built, tmp_path):  # noqa: F811
    out = tmp_path / "du-lieu"
    assert export(built, out).ok
    html = page(built, "thach-an")
    table = find(html, "Tổng hợp năm kế hoạch 2027", "Hoạt động và ngân sách")
    header, rows = table["rows"][0], table["rows"][1:-1]
    shown = {(row[0], source): number(row[i]) for row in rows for i, source in enumerate(header) if 1 < i < len(header) - 1}

    def of_thach_an_2027(name):
        return [r for r in read(out, name) if (r["cap"], r["huyen"], r["nam_ke_hoach"]) == ("huyen", "thach-an", "2027")]

    exported_rows = of_thach_an_2027("ngan-sach")
    assert exported_rows
    for row in exported_rows:
        assert Decimal(row["kinh_phi"]) == shown[(row["linh_vuc"], row["nguon_von"])]
    assert sum(v for v in shown.values()) == sum(Decimal(r["kinh_phi"]) for r in exported_rows)
    needs = {r["linh_vuc"]: int(r["so_nhu_cau"]) for r in of_thach_an_2027("nhu-cau")}
    shown_needs = find(html, "Tổng hợp năm kế hoạch 2027", "Nhu cầu thôn, xóm theo lĩnh vực")["rows"][1:-1]
    assert needs == {row[0]: int(number(row[1])) for row in shown_needs}
    [people] = of_thach_an_2027("tham-gia")
    labels = {e["nhan"]: code for code, e in load_file(ROOT / "schema/danh-muc/nhom-tham-du.yaml").data["muc"].items()}
    shown_people = find(html, "Tổng hợp năm kế hoạch 2027", "Sự tham gia")["rows"][1:]
    assert {row[0]: int(people[f"tham_du_{labels[row[0]]}"]) for row in shown_people} == {
        row[0]: int(number(row[1])) for row in shown_people}


def test_workbook_has_vietnamese_headers_formats_and_formula_totals(exported):
    _, out = exported
    path = out / "thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == [f"Biểu {n}" for n in range(1, 8)]
    sheet = book["Biểu 6"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Mã", "Hoạt động", "Lĩnh vực"] and header[-1] == "Tổng cộng (triệu đồng)"
    assert header[5:7] == ["Từ tháng", "Đến tháng"]  # both months of thoi_gian
    last = sheet.max_row
    assert sheet.cell(last, 1).value == "Tổng cộng"
    # the totals add up from the header row to the row above them, wherever rows are inserted
    assert sheet.cell(last, len(header)).value == "=SUM(P$1:INDEX(P:P,ROW()-1))"
    assert sheet.cell(2, len(header)).value == "=SUM(I2:O2)"  # each row's total follows its sources
    assert sheet.cell(2, len(header)).number_format == "#,##0.###"
    # and their values are stored too, for programs that read values without computing
    values = load_workbook(path, data_only=True)["Biểu 6"]
    activities = load_file(ROOT / COMMUNE / "2027/buoc-04-du-thao.yaml").data["hoat_dong"]
    assert values.cell(2, len(header)).value == sum(activities[0]["kinh_phi"].values())
    assert Decimal(repr(values.cell(last, len(header)).value)) == sum(
        (sum(a["kinh_phi"].values()) for a in activities), Decimal(0))
    assert [values.cell(2, 6).value, values.cell(2, 7).value] == list(activities[0]["thoi_gian"].values())
    assert book["Biểu 4"].cell(2, 1).number_format == "0"  # a year, 2027, not 2.027
    # printed: A4 landscape as wide as the page, the header on every page; columns sized, text wrapped
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9  # A4
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
    widths = [sheet.column_dimensions[get_column_letter(i)].width for i in range(1, len(header) + 1)]
    assert all(8 <= w <= 50 for w in widths) and sum(widths) <= 165
    assert sheet.cell(2, 2).alignment.wrap_text and sheet.row_dimensions[2].height > 15


def test_a_workbook_is_written_as_the_same_bytes_every_time(exported):
    _, out = exported
    handbook = load_handbook(ROOT / "schema")
    steps = {p.name: load_file(p).data for p in sorted((ROOT / COMMUNE / "2027").glob("*.yaml"))}
    name = "thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx"
    again = [OpenData(handbook).commune_files("thach-an", "duc-long", {"2027": steps}).files[name] for _ in range(2)]
    assert again[0] == again[1] == (out / name).read_bytes()


def test_plan_text_that_looks_like_a_formula_stays_text_in_excel(tmp_path):
    project = make_project(tmp_path / "p", plans=ROOT / "plans")
    path = project / COMMUNE / "2027/buoc-04-du-thao.yaml"
    text = path.read_text(encoding="utf-8")
    name = load_file(path).data["hoat_dong"][0]["ten"]
    path.write_text(text.replace(f"ten: {name}", "ten: '=HYPERLINK(\"http://x.vn\",\"Bấm\")'", 1), encoding="utf-8")
    out = tmp_path / "du-lieu"
    assert export(project, out).ok
    sheet = load_workbook(out / "thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx")["Biểu 6"]
    cell = sheet.cell(2, 2)
    assert cell.value == '=HYPERLINK("http://x.vn","Bấm")'
    assert cell.data_type == "s"  # shown as text; Excel does not run it
    assert sheet.cell(sheet.max_row, sheet.max_column).data_type == "f"  # the totals still add up


def test_round_trip_through_excel_leaves_the_yaml_data_identical(exported, sedp):
    project, out = exported
    before = {name: load_file(project / COMMUNE / "2027" / name).data
              for name in ("buoc-02-nhu-cau.yaml", "buoc-04-du-thao.yaml")}
    workbook = out / "thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx"
    code, output = sedp(project, "import", "xlsx", str(workbook), str(COMMUNE), "2027", "--write")
    assert code == 0, output
    assert output.startswith("**Không có thay đổi nội dung kế hoạch**")
    after = {name: load_file(project / COMMUNE / "2027" / name).data for name in before}
    assert after == before


def edit_cell(workbook: Path, sheet_name: str, header: str, row: int, change) -> None:
    """Change one cell of a workbook as a person would in Excel; change(old) -> new."""
    book = load_workbook(workbook)
    sheet = book[sheet_name]
    column = [c.value for c in sheet[1]].index(header) + 1
    sheet.cell(row, column).value = change(sheet.cell(row, column).value)
    book.save(workbook)


def test_an_edited_workbook_shows_the_change_and_writes_only_with_write(exported, sedp):
    project, out = exported
    workbook = out / "thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx"
    edit_cell(workbook, "Biểu 6", "Dân đóng góp", 2, lambda old: (old or 0) + 25)
    original = (project / COMMUNE / "2027/buoc-04-du-thao.yaml").read_bytes()
    code, output = sedp(project, "import", "xlsx", str(workbook), str(COMMUNE), "2027")
    assert code == 0
    assert "| Dân đóng góp |" in output and "| +25 |" in output
    assert output.rstrip().endswith("Chưa ghi gì: thêm --write để ghi vào các tệp YAML.")
    assert (project / COMMUNE / "2027/buoc-04-du-thao.yaml").read_bytes() == original


def test_text_in_a_number_cell_names_sheet_row_and_column(exported, sedp):
    project, out = exported
    workbook = out / "thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx"
    edit_cell(workbook, "Biểu 6", "Ngân sách xã", 3, lambda old: "một trăm")
    code, output = sedp(project, "import", "xlsx", str(workbook), str(COMMUNE), "2027", "--write")
    assert code == 1
    assert (f"{workbook}:3: Biểu 6, dòng 3, cột I (Ngân sách xã): 'một trăm' phải là một số — "
            "Ghi số, không ghi chữ") in output
    assert output.rstrip().endswith("Lỗi: Tệp Excel có lỗi; chưa ghi gì.")


WORKBOOK = "thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx"
PLAN = COMMUNE / "2027/buoc-04-du-thao.yaml"


def set_cell(workbook: Path, sheet_name: str, header: str, row: int, value, number_format: str | None = None):
    """A cell as an office suite leaves it: its value and, when given, its number format."""
    book = load_workbook(workbook)
    sheet = book[sheet_name]
    cell = sheet.cell(row, [c.value for c in sheet[1]].index(header) + 1)
    cell.value = value
    if number_format is not None:
        cell.number_format = number_format
    book.save(workbook)


@pytest.mark.parametrize("typed, said", [
    ("1.5", "Ô I3 (Ngân sách xã) ghi '1.5' nhưng bảng tính lưu là chữ, không phải số (dấu '.' không được đọc là dấu "
            "thập phân), nên các ô tổng bỏ qua ô này — Nếu là 1,5, ghi 1,5 (trong bảng tính tiếng Việt dấu phẩy là "
            "dấu thập phân); nếu là 15, ghi 15. Ô đã là số thì căn phải; nếu vẫn căn trái, định dạng ô là Số (chuột "
            "phải → Định dạng ô) rồi ghi lại."),
    ("120,75", "Ô I3 (Ngân sách xã) ghi '120,75' nhưng bảng tính lưu là chữ, không phải số (dấu ',' không được đọc "
               "là dấu thập phân), nên các ô tổng bỏ qua ô này — Nếu là 120,75, ghi 120,75 (trong bảng tính tiếng "
               "Việt dấu phẩy là dấu thập phân); nếu là 12.075, ghi 12.075. Ô đã là số thì căn phải; nếu vẫn căn "
               "trái, định dạng ô là Số (chuột phải → Định dạng ô) rồi ghi lại."),
])
def test_a_decimal_kept_as_text_is_refused_at_its_own_cell(exported, sedp, typed, said):
    """A figure typed with the other decimal mark ('1.5' in a vi-VN spreadsheet) stays text, which the sheet's
    totals skip: it is named at its own cell with both readings (it was read as 1.5 before, and the totals a
    suite computed then disagreed with it)."""
    project, out = exported
    set_cell(out / WORKBOOK, "Biểu 6", "Ngân sách xã", 3, typed)
    code, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert code == 1
    assert output.splitlines() == [f"{out / WORKBOOK}:3: Biểu 6, dòng 3, cột I (Ngân sách xã): {said}",
                                   "Lỗi: Tệp Excel có lỗi; chưa ghi gì."]


PERCENT_HINT = ("Ghi số tiền bằng triệu đồng, không có dấu % (cần tính theo tỷ lệ thì tính ra số tiền rồi ghi). Ô "
                "vẫn hiện % thì định dạng ô là Số (chuột phải → Định dạng ô) rồi ghi lại.")


@pytest.mark.parametrize("value, number_format, shown, read", [
    (0.1, "0%", "10%", "0,1"),  # Excel, or Calc in a cell of the General format: 0.1 shown as 10%
    (0.125, "0.0%", "12,5%", "0,125"),
    ("10%", None, "10%", "0,1"),  # kept as text (a cell formatted as text, or typed after an apostrophe)
    ("12,5 %", None, "12,5 %", "0,125"),
])
def test_a_percent_typed_into_an_amount_is_refused_as_the_officer_sees_it(exported, sedp, value, number_format,
                                                                          shown, read):
    project, out = exported
    set_cell(out / WORKBOOK, "Biểu 6", "Ngân sách xã", 3, value, number_format)
    code, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert code == 1
    assert output.splitlines() == [
        f"{out / WORKBOOK}:3: Biểu 6, dòng 3, cột I (Ngân sách xã): Ô I3 (Ngân sách xã) ghi {shown}, một tỷ lệ "
        f"phần trăm, nhưng cột này ghi số tiền: {shown} sẽ thành {read} triệu đồng — {PERCENT_HINT}",
        "Lỗi: Tệp Excel có lỗi; chưa ghi gì."]


def test_a_percent_typed_into_a_count_is_refused(exported, sedp):
    project, out = exported
    set_cell(out / WORKBOOK, "Biểu 1", "Số hộ hưởng lợi", 2, 0.25, "0%")
    code, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert code == 1
    assert output.splitlines()[0] == (
        f"{out / WORKBOOK}:2: Biểu 1, dòng 2, cột H (Số hộ hưởng lợi): Ô H2 (Số hộ hưởng lợi) ghi 25%, một tỷ lệ "
        "phần trăm, nhưng cột này ghi một số, không phải tỷ lệ: 25% sẽ thành 0,25 — Ghi số, không có dấu %. Ô vẫn "
        "hiện % thì định dạng ô là Số (chuột phải → Định dạng ô) rồi ghi lại.")


def test_a_figure_formatted_as_a_number_is_not_taken_for_a_percent(exported, sedp):
    """A number whose format shows a literal "%" inside quotes is no percent: only the format's own % scales."""
    project, out = exported
    set_cell(out / WORKBOOK, "Biểu 6", "Ngân sách xã", 3, 1.5, '#,##0.###" (không %)"')
    code, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert code == 0, output
    assert load_file(project / PLAN).data["hoat_dong"][1]["kinh_phi"]["ngan_sach_xa"] == Decimal("1.5")


@pytest.mark.parametrize("value, number_format, written", [
    (0.3, "0%", 30), (0.125, "0.0%", Decimal("12.5")), ("30%", None, 30), (45, None, 45)])
def test_a_rate_column_a_province_adds_takes_a_percent_in_percent_points(tmp_path, sedp, value, number_format,
                                                                         written):
    """A rate is declared by its label ending in '(%)', as tien_do ('Tiến độ khối lượng (%)') is, and holds percent
    points: 30% typed there is written 30."""
    project = make_project(tmp_path / "p", plans=ROOT / "plans")
    rules = project / "schema/quy-tac/buoc-04-du-thao.yaml"
    anchor = "      kinh_phi: {mau: kinh_phi, required: true}\n"
    text = rules.read_text(encoding="utf-8")
    assert text.count(anchor) == 1
    rules.write_text(text.replace(anchor, anchor + "      ty_le_doi_ung: {type: so, min: 0, max: 100, meta: {nhan: "
                                                   "Tỷ lệ vốn đối ứng (%)}}\n"), encoding="utf-8")
    with (project / "schema/bieu/bieu-6.yaml").open("a", encoding="utf-8") as form:
        form.write("  - {nhan: Tỷ lệ vốn đối ứng (%), truong: ty_le_doi_ung}\n")
    out = tmp_path / "du-lieu"
    assert export(project, out).ok
    set_cell(out / WORKBOOK, "Biểu 6", "Tỷ lệ vốn đối ứng (%)", 3, value, number_format)
    code, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert code == 0, output
    assert load_file(project / PLAN).data["hoat_dong"][1]["ty_le_doi_ung"] == written




def test_a_budget_edit_recomputes_the_kept_total_and_writes_a_plan_that_validates(exported, sedp):
    project, out = exported
    first = load_file(project / PLAN).data["hoat_dong"][0]
    assert first["tong_kinh_phi"] == sum(first["kinh_phi"].values())  # the example keeps the optional total
    edit_cell(out / WORKBOOK, "Biểu 6", "Ngân sách tỉnh", 2, lambda old: old + 35)
    code, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert code == 0, output
    total = first["tong_kinh_phi"]
    assert f"Tổng kinh phí (triệu đồng): {vn(total)} → {vn(total + 35)}" in output
    assert load_file(project / PLAN).data["hoat_dong"][0]["tong_kinh_phi"] == total + 35
    assert sedp(project, "validate", str(COMMUNE))[0] == 0


@pytest.mark.parametrize("typed, code", [
    ("Chăn nuôi", "chan_nuoi"), ("  chăn   NUÔI ", "chan_nuoi"), ("Văn hoá - xã hội", "van_hoa_xa_hoi"),
    ("giao_thong", "giao_thong"), ("Thuỷ lợi", "thuy_loi"),
])
def test_a_sector_typed_as_its_label_is_written_as_its_code(exported, sedp, typed, code):
    project, out = exported
    edit_cell(out / WORKBOOK, "Biểu 6", "Lĩnh vực", 3, lambda old: typed)
    status, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert status == 0, output
    assert load_file(project / PLAN).data["hoat_dong"][1]["linh_vuc"] == code


def test_a_label_not_in_the_list_names_sheet_row_column_and_the_labels_allowed(exported, sedp):
    project, out = exported
    before = (project / COMMUNE / "2027/buoc-02-nhu-cau.yaml").read_bytes()
    edit_cell(out / WORKBOOK, "Biểu 1", "Lĩnh vực", 4, lambda old: "Nông nghiệp")
    code, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert code == 1
    sectors = load_file(ROOT / "schema/danh-muc/linh-vuc.yaml").data["muc"]
    assert output.splitlines() == [
        f"{out / WORKBOOK}:4: Biểu 1, dòng 4, cột C (Lĩnh vực): 'Nông nghiệp' không có trong danh mục Lĩnh vực — "
        f"Chọn một trong: {'; '.join(e['nhan'] for e in sectors.values())}.",
        "Lỗi: Tệp Excel có lỗi; chưa ghi gì."]
    assert (project / COMMUNE / "2027/buoc-02-nhu-cau.yaml").read_bytes() == before


@pytest.mark.parametrize("typed, month", [
    (datetime(2027, 6, 1), "06/2027"), ("6/2027", "06/2027"), ("tháng 9/2027", "09/2027"),
    ("15/09/2027", "09/2027"), ("2027-11", "11/2027"), ("07/2027", "07/2027"),
])
def test_a_date_or_month_typed_in_a_month_column_is_written_as_the_handbooks_month(exported, sedp, typed, month):
    project, out = exported
    edit_cell(out / WORKBOOK, "Biểu 6", "Đến tháng", 2, lambda old: typed)
    code, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert code == 0, output
    assert load_file(project / PLAN).data["hoat_dong"][0]["thoi_gian"]["ket_thuc"] == month


@pytest.mark.parametrize("typed", ["giữa năm", "13/2027"])
def test_a_month_that_is_not_a_month_is_refused(exported, sedp, typed):
    project, out = exported
    edit_cell(out / WORKBOOK, "Biểu 6", "Từ tháng", 2, lambda old: typed)
    code, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert code == 1
    assert output.splitlines()[0] == (f"{out / WORKBOOK}:2: Biểu 6, dòng 2, cột F (Từ tháng): '{typed}' không phải "
                                      "một tháng — Ghi tháng và năm dạng MM/YYYY, ví dụ 03/2027.")


def test_a_total_typed_against_its_parts_is_refused_with_both_figures(exported, sedp):
    project, out = exported
    activity = load_file(project / PLAN).data["hoat_dong"][1]
    edit_cell(out / WORKBOOK, "Biểu 6", "Tổng cộng (triệu đồng)", 3, lambda old: Decimal("1234.5"))
    code, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert code == 1
    assert output.splitlines()[0] == (
        f"{out / WORKBOOK}:3: Biểu 6, dòng 3, cột P (Tổng cộng (triệu đồng)): Tổng của dòng ghi 1.234,5 nhưng các "
        f"cột cộng lại được {vn(sum(activity['kinh_phi'].values()))} — Sửa các cột thành phần hoặc ô tổng "
        "cho khớp; để trống ô tổng thì sedp tự cộng.")


def test_a_row_inserted_inside_the_table_is_added_where_it_stands(exported, sedp):
    project, out = exported
    book = load_workbook(out / WORKBOOK)
    sheet = book["Biểu 6"]
    headers = [c.value for c in sheet[1]]
    sheet.insert_rows(3)
    for header, value in {"Mã": "HD07", "Hoạt động": "Trồng rừng phòng hộ đầu nguồn", "Lĩnh vực": "Lâm nghiệp",
                          "Từ tháng": "03/2027", "Đến tháng": "08/2027", "Ngân sách huyện": 75}.items():
        sheet.cell(3, headers.index(header) + 1).value = value
    book.save(out / WORKBOOK)
    code, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert code == 0, output
    assert "- **Thêm hoạt động** HD07 «Trồng rừng phòng hộ đầu nguồn» (Lâm nghiệp): 75 triệu đồng" in output
    activities = load_file(project / PLAN).data["hoat_dong"]
    assert [a["ma"] for a in activities][:3] == ["HD01", "HD07", "HD02"]
    assert activities[1] == {"ma": "HD07", "ten": "Trồng rừng phòng hộ đầu nguồn", "linh_vuc": "lam_nghiep",
                             "thoi_gian": {"bat_dau": "03/2027", "ket_thuc": "08/2027"},
                             "kinh_phi": {"ngan_sach_huyen": 75}}


def without_a_code(sheet):
    sheet.insert_rows(3)
    sheet.cell(3, 2).value = "Một hoạt động chưa có mã"


def with_a_code_used_twice(sheet):
    sheet.cell(3, 1).value = sheet.cell(2, 1).value


def an_old_layout(sheet):  # sedp-xlsx-1: one "Thời gian" column, the start month only
    sheet.cell(1, 6).value = "Thời gian"
    sheet.delete_cols(7)


@pytest.mark.parametrize("change, said", [
    (without_a_code, "3: Biểu 6, dòng 3, cột A (Mã): Dòng này chưa có mã — Ghi một mã chưa dùng, ví dụ HD07."),
    (with_a_code_used_twice, "3: Biểu 6, dòng 3, cột A (Mã): Mã HD01 đã có ở dòng 2 — Mỗi dòng một mã riêng; dòng "
                             "mới ghi một mã chưa dùng."),
    (lambda sheet: sheet.cell(sheet.max_row + 1, 1, "HD07"),
     "9: Biểu 6, dòng 9: Dòng 9 nằm dưới dòng Tổng cộng — Thêm dòng mới phía trên dòng Tổng cộng (chuột phải vào số "
     "dòng → Chèn dòng phía trên) để các tổng tính cả dòng đó; xoá những gì còn lại dưới bảng."),
    (an_old_layout, "1: Biểu 6: Trang tính 'Biểu 6' thiếu cột: Từ tháng, Đến tháng — Giữ nguyên dòng tiêu đề như tệp "
                    "xuất ra; tệp xuất từ phiên bản trước thì tải lại ở trang Dữ liệu mở (hoặc chạy `sedp export`)."),
])
def test_a_row_or_header_the_import_cannot_place_is_refused(exported, sedp, change, said):
    project, out = exported
    book = load_workbook(out / WORKBOOK)
    change(book["Biểu 6"])
    book.save(out / WORKBOOK)
    code, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert code == 1
    assert output.splitlines() == [f"{out / WORKBOOK}:{said}", "Lỗi: Tệp Excel có lỗi; chưa ghi gì."]


def test_nothing_is_written_unless_the_result_validates(exported, sedp):
    project, out = exported
    files = {p: p.read_bytes() for p in (project / COMMUNE / "2027").iterdir()}
    edit_cell(out / WORKBOOK, "Biểu 6", "Ngân sách xã", 3, lambda old: -5)
    code, output = sedp(project, "import", "xlsx", str(out / WORKBOOK), str(COMMUNE), "2027", "--write")
    assert code == 1
    lines = output.splitlines()
    assert "Ngân sách xã: (trống) → -5" in output  # the preview still shows what the workbook says
    assert lines[-2].startswith(f"{out / WORKBOOK}:3: Biểu 6, dòng 3, cột I (Ngân sách xã): ")  # sedp validate's words
    assert lines[-1] == ("Lỗi: Sau khi nhập, kế hoạch sẽ có lỗi như trên; chưa ghi gì. Sửa trong tệp Excel (hoặc "
                         "trong các tệp YAML) rồi nhập lại.")
    assert {p: p.read_bytes() for p in (project / COMMUNE / "2027").iterdir()} == files


def test_the_user_guide_shows_the_errors_the_import_prints(exported, sedp):
    project, out = exported
    guide = (ROOT / "docs/huong-dan.md").read_text(encoding="utf-8")
    section = guide.split("## Kỹ thuật viên: nhập Biểu 1 và Biểu 6 từ Excel")[1].split("\n## ")[0]
    shown = section.split("```text\n")[1].split("```")[0].splitlines()
    workbook = shutil.copy(out / WORKBOOK, project / "ke-hoach-duc-long-2027.xlsx")
    edit_cell(workbook, "Biểu 6", "Lĩnh vực", 4, lambda old: "Giao thông vận tải")
    edit_cell(workbook, "Biểu 6", "Tổng cộng (triệu đồng)", 3, lambda old: 9999)
    code, output = sedp(project, "import", "xlsx", "ke-hoach-duc-long-2027.xlsx", str(COMMUNE), "2027")
    printed = output.splitlines()[:-1]
    assert code == 1 and len(printed) == len(shown) == 2
    for line, example in zip(printed, shown, strict=True):  # an example may end early with "…"
        assert line == example or (example.endswith("…") and line.startswith(example[:-1])), (line, example)


def test_biểu_6_on_the_site_shows_the_start_and_end_months(built):
    table = find(page(built, "thach-an/duc-long/2027"), "Các biểu", "Biểu 6.")
    header, first = table["rows"][0], table["rows"][1]
    months = load_file(built / PLAN).data["hoat_dong"][0]["thoi_gian"]
    assert first[header.index("Từ tháng")] == months["bat_dau"]
    assert first[header.index("Đến tháng")] == months["ket_thuc"]


def test_province_open_data_for_2027_adds_up_from_the_yaml(exported):
    # Counted here from the plans with plain loops, not through sedp's roll-up.
    project, out = exported
    money, people, needs = Decimal(0), defaultdict(int), 0
    for year in sorted((project / "plans").glob("*/*/2027")):
        for activity in load_file(year / "buoc-04-du-thao.yaml").data.get("hoat_dong") or []:
            money += sum((v or 0 for v in activity["kinh_phi"].values()), Decimal(0))
        step2 = load_file(year / "buoc-02-nhu-cau.yaml").data
        needs += len(step2.get("nhu_cau") or [])
        for counts in attendances(year):
            people["tham_du_tong_so"] += counts["tong_so"]
            people["tham_du_nu"] += counts.get("nu") or 0
    province = [r for r in read(out, "ngan-sach") if (r["cap"], r["nam_ke_hoach"]) == ("tinh", "2027")]
    assert sum(Decimal(r["kinh_phi"]) for r in province) == money
    assert sum(int(r["so_nhu_cau"]) for r in read(out, "nhu-cau") if (r["cap"], r["nam_ke_hoach"]) == ("tinh", "2027")) \
        == needs
    [shown] = [r for r in read(out, "tham-gia") if (r["cap"], r["nam_ke_hoach"]) == ("tinh", "2027")]
    assert {k: int(shown[k]) for k in people} == dict(people)


def ods_file(path: Path) -> Path:
    """A LibreOffice Calc document as Calc writes its package: the mimetype first, stored."""
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
                         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        package.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
                         'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    return path


@pytest.mark.parametrize("kind, make, said", [
    ("ods", lambda p: ods_file(p.with_suffix(".ods")),
     "tệp OpenDocument (.ods) của LibreOffice, sedp chỉ đọc .xlsx. "
     "Trong LibreOffice chọn Tệp → Lưu thành… → Excel 2007-365 (.xlsx)."),
    ("text renamed", lambda p: (p.write_text("Mã,Vấn đề\nNC01,Đường\n", encoding="utf-8"), p)[1],
     "không phải bảng tính Excel (.xlsx). Mở tệp bằng Excel hoặc LibreOffice rồi lưu lại dạng Excel 2007-365 (.xlsx)."),
    ("empty", lambda p: (p.write_bytes(b""), p)[1],
     "tệp trống, không có bảng tính nào. Dùng tệp do `sedp export` tạo ra."),
])
def test_a_file_that_is_not_a_workbook_is_named_for_what_it_is(example_project, tmp_path, sedp, kind, make, said):
    before = {p: p.read_bytes() for p in (example_project / COMMUNE).rglob("*.yaml")}
    workbook = make(tmp_path / "ke-hoach.xlsx")
    code, output = sedp(example_project, "import", "xlsx", str(workbook), str(COMMUNE), "2027", "--write")
    assert code == 1
    assert output == f"Lỗi: {workbook}: {said}\n"
    assert {p: p.read_bytes() for p in (example_project / COMMUNE).rglob("*.yaml")} == before


CALC = shutil.which("soffice") and any(Path(p).is_file() for p in (
    "/usr/lib/libreoffice/program/libsclo.so", "/opt/libreoffice/program/libsclo.so"))


@pytest.mark.skipif(not CALC, reason="LibreOffice Calc missing (apt-get install libreoffice-calc-nogui; "
                                     ".ci/run installs it)")
def test_a_workbook_resaved_as_ods_by_libreoffice_is_refused_with_the_way_back(exported, tmp_path, sedp):
    project, out = exported
    workbook = out / "thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx"
    subprocess.run([shutil.which("soffice"), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "ods", "--outdir", str(tmp_path), str(workbook)],
                   check=True, capture_output=True, timeout=180)
    resaved = tmp_path / "ke-hoach-duc-long-2027.ods"
    code, output = sedp(project, "import", "xlsx", str(resaved), str(COMMUNE), "2027", "--write")
    assert code == 1
    assert output == (f"Lỗi: {resaved}: tệp OpenDocument (.ods) của LibreOffice, sedp chỉ đọc .xlsx. "
                      "Trong LibreOffice chọn Tệp → Lưu thành… → Excel 2007-365 (.xlsx).\n")


def test_an_import_into_an_empty_step_file_stops_before_writing(exported, sedp):
    project, out = exported
    workbook = out / "thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx"
    step = project / COMMUNE / "2027/buoc-02-nhu-cau.yaml"
    step.write_text("", encoding="utf-8")
    code, output = sedp(project, "import", "xlsx", str(workbook), str(COMMUNE), "2027", "--write")
    assert code == 1
    # the plan year is checked before the workbook is merged into it: its errors, then the refusal
    assert output.splitlines()[-1] == ("Lỗi: Kế hoạch hiện tại có lỗi như trên; sửa các tệp YAML trước rồi nhập "
                                       "lại. Chưa ghi gì.")
    lines = output.splitlines()
    assert lines[0].startswith(f"{COMMUNE / '2027/buoc-02-nhu-cau.yaml'}: nhu_cau: Kế hoạch ở trạng thái 'Đã gửi "
                               "huyện' phải có Nhu cầu")  # the status needs step 2's needs
    assert any(line.startswith(f"{COMMUNE / '2027/buoc-03-xep-hang.yaml'}:5: xep_hang[1].nhu_cau: ") for line in lines)
    assert step.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("old, new", [("- ma: HD01", "- ma: [HD01]"), ("  kinh_phi:\n", "  kinh_phi: 5\n")])
def test_an_import_into_a_year_written_wrong_is_refused_not_crashed(exported, sedp, old, new):
    project, out = exported
    workbook = out / "thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx"
    step = project / COMMUNE / "2027/buoc-04-du-thao.yaml"
    text = step.read_text(encoding="utf-8")
    assert old in text
    step.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = step.read_bytes()
    code, output = sedp(project, "import", "xlsx", str(workbook), str(COMMUNE), "2027", "--write")
    assert code == 1
    assert "Traceback" not in output
    assert output.splitlines()[-1].startswith("Lỗi: Kế hoạch hiện tại có lỗi như trên")
    assert step.read_bytes() == before


def test_a_biểu_1_edit_is_shown_before_it_is_written(exported, sedp):
    project, out = exported
    workbook = out / "thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx"
    book = load_workbook(workbook)
    headers = [c.value for c in book["Biểu 1"][1]]
    count = next(h for h in headers if "hộ" in str(h).lower())
    old = book["Biểu 1"].cell(2, headers.index(count) + 1).value
    edit_cell(workbook, "Biểu 1", count, 2, lambda value: value + 5)
    code, output = sedp(project, "import", "xlsx", str(workbook), str(COMMUNE), "2027")
    assert code == 0
    assert "Không có thay đổi nội dung kế hoạch" not in output
    assert f"Bước 2 › Nhu cầu thôn, xóm › NC01 – Điểm trường mầm non thôn Nà Pàn xuống cấp, dột nát › {count}: {old} → {old + 5}" in output


# The province's tables on a project of our own: two districts, two communes, plan years 2026 and 2027,
# Đức Long 2027 approved with an implementation record. Every expected figure is added up here from the
# YAML with plain Decimal arithmetic.

RECORD = """ngay_cap_nhat: 30/09/2027
hoat_dong:
  - ma: HD01
    trang_thai: dang_trien_khai
    tien_do: 70
    giai_ngan:
      ngan_sach_huyen: 612.25
      dan_dong_gop: 120.5
    ngay_bat_dau: 15/03/2027
    don_vi_thuc_hien: UBND xã
    giam_sat:
      - ngay: 20/06/2027
        phat_hien: Mặt đường đoạn cuối mỏng hơn thiết kế
        kien_nghi: Đổ bù trước khi nghiệm thu
chi_tieu:
  - ma: CT01
    ket_qua:
      - {ngay: 30/06/2027, gia_tri: 1200}
      - {ngay: 30/09/2027, gia_tri: 2150.5}
"""
SETTINGS = load_file(ROOT / "schema/tong-hop.yaml").data
GROUPS = list(load_file(ROOT / "schema/danh-muc/nhom-tham-du.yaml").data["muc"])
SOURCES = list(load_file(ROOT / "schema/danh-muc/nguon-von.yaml").data["muc"])


def share(part, whole) -> str:
    """A share in percent as the CSV must write it: the schema's decimals, rounded half up."""
    places = Decimal(1).scaleb(-SETTINGS["ty_le_so_thap_phan"])
    return format((Decimal(part) * 100 / Decimal(whole)).quantize(places, rounding=ROUND_HALF_UP), "f")


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """(project, exported folder, generated) of two districts: Thạch An's Đức Long (2027, approved, with a
    record) and Hà Quảng's Lũng Nặm (2026, and 2027 with another kick-off attendance)."""
    root = tmp_path_factory.mktemp("tinh")
    # the base fixture's year, approved (as the disbursed-over-plan fixture makes it), with a valid record
    project = make_project(root / "p", overlay=FIXTURES / "invalid" / "disbursed-over-plan")
    (project / COMMUNE / "2027/thuc-hien.yaml").write_text(RECORD, encoding="utf-8")
    district = project / "plans/ha-quang"
    district.mkdir()
    (district / "district.yaml").write_text('ten: Hà Quảng\nloai: huyện\nma: "045"\n', encoding="utf-8")
    commune = district / "lung-nam"
    shutil.copytree(FIXTURES / "base" / COMMUNE, commune)
    text = (commune / "commune.yaml").read_text(encoding="utf-8")
    (commune / "commune.yaml").write_text(text.replace("ten: Đức Long", "ten: Lũng Nặm").replace(
        'ma: "01966"', 'ma: "01354"'), encoding="utf-8")
    shutil.copytree(commune / "2027", commune / "2026")
    for path in (commune / "2026").iterdir():  # the same plan a year earlier: every date a year back
        path.write_text(path.read_text(encoding="utf-8").replace("2026", "2025").replace("2027", "2026"),
                        encoding="utf-8")
    kickoff = commune / "2027/buoc-01-khoi-dong.yaml"
    kickoff.write_text(kickoff.read_text(encoding="utf-8").replace("tong_so: 30", "tong_so: 41").replace(
        "nu: 12", "nu: 7"), encoding="utf-8")
    generated = generate(project)
    assert generated.report.ok, [p.format() for p in generated.report.sorted()]
    out = root / "du-lieu"
    export_open_data(generated, out)
    return project, out, generated


def plan_years(project: Path) -> dict:
    """(year, district, commune) -> the plan-year folder, for every plan year of the project."""
    return {(y.name, y.parent.parent.name, y.parent.name): y for y in sorted((project / "plans").glob("*/*/20*"))}


def test_each_kind_of_table_is_one_csv_for_the_province_with_year_and_place_columns(province):
    project, out, _ = province
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.csv")) == sorted(f"{n}.csv" for n in TABLES)
    years = plan_years(project)
    assert {(r["huyen"], r["xa"], r["ma_xa"], r["ten_xa"]) for r in read(out, "dia-ban")} == {
        ("thach-an", "duc-long", "01966", "Xã Đức Long"), ("ha-quang", "lung-nam", "01354", "Xã Lũng Nặm")}
    for name in [n for n in TABLES if n.startswith(("bieu-", "tham-gia-xa", "thuc-hien-"))]:
        with open(out / f"{name}.csv", encoding="utf-8") as handle:
            assert next(csv.reader(handle))[:3] == ["nam_ke_hoach", "huyen", "xa"], name
        assert {(r["nam_ke_hoach"], r["huyen"], r["xa"]) for r in read(out, name)} <= set(years), name
    # Biểu 6: each plan year's activities, under its year and place, with their totals
    by_place = defaultdict(dict)
    for row in read(out, "bieu-6"):
        by_place[(row["nam_ke_hoach"], row["huyen"], row["xa"])][row["ma"]] = Decimal(row["tong_cong_trieu_dong"])
    assert dict(by_place) == {
        place: {a["ma"]: sum((Decimal(v) for v in a["kinh_phi"].values()), Decimal(0))
                for a in load_file(folder / "buoc-04-du-thao.yaml").data["hoat_dong"]}
        for place, folder in years.items()}
    assert len(by_place) == 3  # Lũng Nặm 2026 and 2027, Đức Long 2027
    rows = read(out, "bieu-6")
    assert [r["nam_ke_hoach"] for r in rows] == sorted(r["nam_ke_hoach"] for r in rows)  # by plan year


def test_participation_per_commune_year_adds_up_to_the_roll_ups(province):
    project, out, _ = province
    expected = {}
    for place, folder in plan_years(project).items():
        counts = attendances(folder)
        expected[place] = {"so_cuoc_hop": len(counts), **{f"tham_du_{g}": sum(c.get(g) or 0 for c in counts)
                                                          for g in GROUPS}}
    communes = {(r["nam_ke_hoach"], r["huyen"], r["xa"]): r for r in read(out, "tham-gia-xa")}
    assert set(communes) == set(expected)
    for place, figures in expected.items():
        row = communes[place]
        assert {k: int(row[k]) for k in figures} == figures, place
        for group in GROUPS[1:]:
            assert row[f"ty_le_{group}"] == share(figures[f"tham_du_{group}"], figures["tham_du_tong_so"]), place
    assert expected[("2027", "ha-quang", "lung-nam")]["tham_du_tong_so"] == 41 + 45  # the edited kick-off counts
    rolled = {(r["cap"], r["huyen"], r["nam_ke_hoach"]): r for r in read(out, "tham-gia")}
    assert set(rolled) == {("tinh", "", "2026"), ("tinh", "", "2027"), ("huyen", "ha-quang", "2026"),
                           ("huyen", "ha-quang", "2027"), ("huyen", "thach-an", "2027")}
    for (level, district, year), row in rolled.items():
        below = [r for (y, d, _), r in communes.items() if y == year and (level == "tinh" or d == district)]
        for key in ["so_cuoc_hop", *(f"tham_du_{g}" for g in GROUPS)]:
            assert int(row[key]) == sum(int(r[key]) for r in below), (level, district, year, key)
        for group in GROUPS[1:]:  # shares of the sums, never sums of shares
            assert row[f"ty_le_{group}"] == share(row[f"tham_du_{group}"], row["tham_du_tong_so"])


def test_budget_and_needs_roll_ups_add_up_from_the_yaml_by_district_and_year(province):
    project, out, _ = province
    sources = {code: e["nhan"] for code, e in load_file(ROOT / "schema/danh-muc/nguon-von.yaml").data["muc"].items()}
    money, needs = defaultdict(Decimal), defaultdict(int)
    for (year, district, _), folder in plan_years(project).items():
        for area in (("tinh", ""), ("huyen", district)):
            for activity in load_file(folder / "buoc-04-du-thao.yaml").data["hoat_dong"]:
                for source, amount in activity["kinh_phi"].items():
                    money[(*area, year, sources[source])] += Decimal(amount)
            needs[(*area, year)] += len(load_file(folder / "buoc-02-nhu-cau.yaml").data["nhu_cau"])
    shown = defaultdict(Decimal)
    for row in read(out, "ngan-sach"):
        shown[(row["cap"], row["huyen"], row["nam_ke_hoach"], row["nguon_von"])] += Decimal(row["kinh_phi"])
    assert dict(shown) == dict(money)
    counted = defaultdict(int)
    for row in read(out, "nhu-cau"):
        counted[(row["cap"], row["huyen"], row["nam_ke_hoach"])] += int(row["so_nhu_cau"])
    assert dict(counted) == dict(needs)


def test_implementation_is_a_row_per_activity_and_a_row_per_target_result(province):
    project, out, _ = province
    plan = load_file(project / COMMUNE / "2027/buoc-04-du-thao.yaml").data
    record = load_file(project / COMMUNE / "2027/thuc-hien.yaml").data
    statuses = load_file(ROOT / "schema/danh-muc/trang-thai-thuc-hien.yaml").data["muc"]
    [row] = read(out, "thuc-hien-hoat-dong")  # only the year with a record
    activity, done = plan["hoat_dong"][0], record["hoat_dong"][0]
    planned = sum((Decimal(v) for v in activity["kinh_phi"].values()), Decimal(0))
    paid = sum((Decimal(v) for v in done["giai_ngan"].values()), Decimal(0))
    assert (row["nam_ke_hoach"], row["huyen"], row["xa"], row["ma"], row["hoat_dong"]) == (
        "2027", "thach-an", "duc-long", "HD01", activity["ten"])
    assert (row["trang_thai"], row["tien_do"]) == (statuses["dang_trien_khai"]["nhan"], "70")
    for source in SOURCES:
        assert row[f"kinh_phi_{source}"] == (str(activity["kinh_phi"][source]) if source in activity["kinh_phi"] else "")
        assert row[f"giai_ngan_{source}"] == (str(done["giai_ngan"][source]) if source in done["giai_ngan"] else "")
    assert (Decimal(row["kinh_phi_tong"]), Decimal(row["giai_ngan_tong"])) == (planned, paid) == (
        Decimal("970.5"), Decimal("732.75"))
    assert row["ty_le_giai_ngan"] == share(paid, planned) == "75.50"
    assert (row["ngay_bat_dau"], row["ngay_hoan_thanh"], row["don_vi"]) == ("2027-03-15", "", "UBND xã")
    targets = read(out, "thuc-hien-chi-tieu")
    assert [(r["ma"], r["ke_hoach"], r["ngay"], r["gia_tri"], r["moi_nhat"], r["dat"]) for r in targets] == [
        ("CT01", "2150.5", "2027-06-30", "1200", "false", ""), ("CT01", "2150.5", "2027-09-30", "2150.5", "true", "true")]
    [visit] = read(out, "thuc-hien-giam-sat")
    assert (visit["ma"], visit["ngay"], visit["phat_hien"], visit["tra_loi"]) == (
        "HD01", "2027-06-20", "Mặt đường đoạn cuối mỏng hơn thiết kế", "")


def test_the_period_rows_are_the_sums_of_their_years_and_places(province):
    project, out, _ = province
    rows = read(out, "giai-doan")
    last = max(y for y, _, _ in plan_years(project))
    span = f"{int(last) - SETTINGS['bao_cao_giai_doan']['so_nam'] + 1}-{last}"
    assert {r["giai_doan"] for r in rows} == {span}
    with open(out / "giai-doan.csv", encoding="utf-8") as handle:
        fields = next(csv.reader(handle))
    added = [f for f in fields[4:] if not f.startswith("ty_le_")]

    def value(row, key):
        return None if row[key] == "" else Decimal(row[key])

    def add(values):
        known = [v for v in values if v is not None]
        return sum(known, Decimal(0)) if known else None

    areas = {(r["cap"], r["huyen"]) for r in rows}
    assert areas == {("tinh", ""), ("huyen", "thach-an"), ("huyen", "ha-quang")}
    for area in areas:
        years = [r for r in rows if (r["cap"], r["huyen"]) == area and r["nam_ke_hoach"]]
        [whole] = [r for r in rows if (r["cap"], r["huyen"]) == area and not r["nam_ke_hoach"]]
        for key in added:
            assert value(whole, key) == add(value(r, key) for r in years), (area, key)
        for row in [*years, whole]:
            for group in GROUPS[1:]:
                assert row[f"ty_le_{group}"] == share(row[f"tham_du_{group}"], row["tham_du_tong_so"])
            if row["giai_ngan_tong"]:
                assert row["ty_le_giai_ngan"] == share(row["giai_ngan_tong"], row["kinh_phi_theo_doi"])
    for year in ("2026", "2027"):  # the province's year is the sum of its districts' rows of that year
        [province_row] = [r for r in rows if r["cap"] == "tinh" and r["nam_ke_hoach"] == year]
        districts = [r for r in rows if r["cap"] == "huyen" and r["nam_ke_hoach"] == year]
        for key in added:
            assert value(province_row, key) == add(value(r, key) for r in districts), (year, key)
    [whole] = [r for r in rows if r["cap"] == "tinh" and not r["nam_ke_hoach"]]
    record = load_file(project / COMMUNE / "2027/thuc-hien.yaml").data
    paid = sum((Decimal(v) for a in record["hoat_dong"] for v in a["giai_ngan"].values()), Decimal(0))
    assert (whole["so_ke_hoach"], whole["so_ke_hoach_theo_doi"], Decimal(whole["giai_ngan_tong"])) == ("3", "1", paid)
    assert int(whole["tham_du_tong_so"]) == sum(c["tong_so"] for f in plan_years(project).values() for c in attendances(f))
    [year_2026] = [r for r in rows if r["cap"] == "tinh" and r["nam_ke_hoach"] == "2026"]
    assert year_2026["giai_ngan_tong"] == year_2026["hoat_dong_hoan_thanh"] == ""  # no record that year: not 0
    assert year_2026["kinh_phi_tong"] != ""


def test_the_province_workbook_has_a_sheet_per_roll_up_and_the_period(province):
    _, out, _ = province
    path = out / "tong-hop-tinh.xlsx"
    book, values = load_workbook(path), load_workbook(path, data_only=True)
    assert book.sheetnames[:3] == ["Hoạt động và ngân sách", "Nhu cầu thôn, xóm theo lĩnh vực", "Sự tham gia"]
    assert book.sheetnames[3].startswith("Tổng hợp giai đoạn ")
    sheet = book["Hoạt động và ngân sách"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Địa bàn", "Năm kế hoạch", "Lĩnh vực"] and header[-1] == "Tổng cộng"
    money = defaultdict(Decimal)
    for row in read(out, "ngan-sach"):
        money[(row["huyen"] or "", row["nam_ke_hoach"])] += Decimal(row["kinh_phi"])
    names = {"Tỉnh Cao Bằng": "", "Huyện Thạch An": "thach-an", "Huyện Hà Quảng": "ha-quang"}
    shown = defaultdict(Decimal)
    for line, row in enumerate(values["Hoạt động và ngân sách"].iter_rows(min_row=2, values_only=True), start=2):
        assert sheet.cell(line, len(header)).value.startswith("=SUM(")  # each row's total follows its sources
        assert Decimal(repr(row[-1])) == sum((Decimal(repr(v)) for v in row[3:-1] if v is not None), Decimal(0))
        shown[(names[row[0]], str(row[1]))] += Decimal(repr(row[-1]))
    assert dict(shown) == dict(money)
    people = book["Sự tham gia"]
    header = [c.value for c in people[1]]
    share_column = header.index("Tỷ lệ phụ nữ (%)") + 1
    assert people.cell(2, share_column).number_format == "0.00%"
    assert people.cell(2, 2).number_format == "0"  # a year, 2027, not 2.027


def test_the_data_package_lists_every_csv_and_the_page_says_what_each_holds(province):
    frictionless = pytest.importorskip("frictionless", reason="frictionless is installed by make test")
    _, out, generated = province
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == [f"{n}.csv" for n in TABLES]
    for resource in package["resources"]:
        with open(out / resource["path"], encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == [f["name"] for f in resource["schema"]["fields"]]
        assert all(f["title"] for f in resource["schema"]["fields"])
    types = {f["name"]: f["type"] for r in package["resources"] if r["name"] == "thuc-hien-hoat-dong"
             for f in r["schema"]["fields"]}
    assert (types["nam_ke_hoach"], types["tien_do"], types["ngay_bat_dau"]) == ("integer", "number", "date")
    text = generated.pages["du-lieu-mo.md"]
    for name in TABLES:
        [line] = [line for line in text.splitlines() if f"](du-lieu-mo/{name}.csv)" in line]
        assert len(line.split("): ", 1)[1]) > 20, line  # a line on what the table holds
    assert "](du-lieu-mo/tong-hop-tinh.xlsx)" in text and "](du-lieu-mo/datapackage.json)" in text
    assert "](du-lieu-mo/ha-quang/lung-nam/2026/ke-hoach-lung-nam-2026.xlsx)" in text
    # the commune tables name their place by foreign key: a commune missing from dia-ban.csv is an error
    broken = out.parent / "broken"
    shutil.copytree(out, broken)
    places = (broken / "dia-ban.csv").read_text(encoding="utf-8").splitlines()
    (broken / "dia-ban.csv").write_text("\n".join(line for line in places if "lung-nam" not in line) + "\n",
                                        encoding="utf-8")
    report = frictionless.validate(str(broken / "datapackage.json"))
    assert not report.valid
    assert {"foreign-key"} == {row[0] for row in report.flatten(["type"])}
