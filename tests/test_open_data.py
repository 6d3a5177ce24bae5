"""Open data and Excel: CSV + data package, XLSX out, XLSX back in."""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from conftest import ROOT, make_project, page
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


def test_frictionless_accepts_the_data_package(exported):
    frictionless = pytest.importorskip("frictionless", reason="frictionless is installed by make test")
    _, out = exported
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert len(report.tasks) >= 80


def test_district_csv_equals_the_district_page(built, tmp_path):  # noqa: F811
    out = tmp_path / "du-lieu"
    assert export(built, out).ok
    html = page(built, "thach-an")
    table = find(html, "Tổng hợp năm kế hoạch 2027", "Hoạt động và ngân sách")
    header, rows = table["rows"][0], table["rows"][1:-1]
    shown = {(row[0], source): number(row[i]) for row in rows for i, source in enumerate(header) if 1 < i < len(header) - 1}
    with open(out / "thach-an/tong-hop-2027-ngan-sach.csv", encoding="utf-8") as handle:
        exported_rows = list(csv.DictReader(handle))
    assert exported_rows
    for row in exported_rows:
        assert Decimal(row["Kinh phí (triệu đồng)"]) == shown[(row["Lĩnh vực"], row["Nguồn vốn"])]
    assert sum(v for v in shown.values()) == sum(Decimal(r["Kinh phí (triệu đồng)"]) for r in exported_rows)
    with open(out / "thach-an/tong-hop-2027-nhu-cau.csv", encoding="utf-8") as handle:
        needs = {r["Lĩnh vực"]: int(r["Số nhu cầu"]) for r in csv.DictReader(handle)}
    shown_needs = find(html, "Tổng hợp năm kế hoạch 2027", "Nhu cầu thôn, xóm theo lĩnh vực")["rows"][1:-1]
    assert needs == {row[0]: int(number(row[1])) for row in shown_needs}
    with open(out / "thach-an/tong-hop-2027-tham-gia.csv", encoding="utf-8") as handle:
        people = {r["Nhóm"]: int(r["Số lượt người"]) for r in csv.DictReader(handle)}
    shown_people = find(html, "Tổng hợp năm kế hoạch 2027", "Sự tham gia")["rows"][1:]
    assert people == {row[0]: int(number(row[1])) for row in shown_people}


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
        meetings = [load_file(year / "buoc-01-khoi-dong.yaml").data.get("hoi_nghi", {}).get("tham_du"),
                    (step2.get("hop_ra_soat") or {}).get("tham_du"),
                    (load_file(year / "buoc-05-tham-van.yaml").data.get("hoi_nghi") or {}).get("tham_du"),
                    *[m.get("tham_du") for m in step2.get("hop_thon") or []]]
        for counts in meetings:
            if counts and counts.get("tong_so") is not None:
                people["Tổng số người tham dự"] += counts["tong_so"]
                people["Phụ nữ"] += counts.get("nu") or 0
    assert money == Decimal("66441.5")  # also on the province page as 66.441,5
    with open(out / "tong-hop-2027-ngan-sach.csv", encoding="utf-8") as handle:
        assert sum(Decimal(r["Kinh phí (triệu đồng)"]) for r in csv.DictReader(handle)) == money
    with open(out / "tong-hop-2027-nhu-cau.csv", encoding="utf-8") as handle:
        assert sum(int(r["Số nhu cầu"]) for r in csv.DictReader(handle)) == needs
    with open(out / "tong-hop-2027-tham-gia.csv", encoding="utf-8") as handle:
        shown = {r["Nhóm"]: int(r["Số lượt người"]) for r in csv.DictReader(handle)}
    assert {k: shown[k] for k in people} == dict(people)


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
    assert output.splitlines()[0].startswith(f"{COMMUNE / '2027/buoc-03-xep-hang.yaml'}:5: xep_hang[1].nhu_cau: ")
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
    assert f"Bước 2 › Nhu cầu thôn, xóm › mục NC01 › {count}: {old} → {old + 5}" in output
