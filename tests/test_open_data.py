"""Open data and Excel: CSV + data package, XLSX out, XLSX back in."""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import ROOT, make_project, page
from htmltables import find, number
from sedp.publish.build import export_open_data, generate
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
    book = load_workbook(out / "thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx")
    assert book.sheetnames == [f"Biểu {n}" for n in range(1, 8)]
    sheet = book["Biểu 6"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Mã", "Hoạt động", "Lĩnh vực"] and header[-1] == "Tổng cộng (triệu đồng)"
    last = sheet.max_row
    assert sheet.cell(last, 1).value == "Tổng cộng"
    assert sheet.cell(last, len(header)).value == f"=SUM(O2:O{last - 1})"
    assert sheet.cell(2, len(header)).number_format == "#,##0.###"


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
    assert (f"{workbook}:3: Biểu 6, dòng 3, cột H (Ngân sách xã): 'một trăm' phải là một số — "
            "Ghi số, không ghi chữ") in output
    assert output.rstrip().endswith("Lỗi: Tệp Excel có lỗi; chưa ghi gì.")


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
    assert output == (f"Lỗi: {COMMUNE / '2027/buoc-02-nhu-cau.yaml'}: tệp trống hoặc không phải một nhóm "
                      "trường, chưa ghi gì. Chạy `sedp validate` để xem lỗi và sửa trước.\n")
    assert step.read_text(encoding="utf-8") == ""


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
