"""Workbooks from a real office suite: LibreOffice Calc (Debian's
libreoffice-calc-nogui, with python3-uno; .ci/run installs both) opens the
exported workbook, a person's edits are made inside Calc itself, and Calc saves
it back as XLSX; `sedp import xlsx` must preview every edit and write plans
that validate. The sheet printed to PDF by Calc must fit the page.

The edits are a Python-UNO script run by the Python that has LibreOffice's
`uno` module (Debian's python3-uno), driving a headless Calc with its own
profile set to the vi-VN locale: cells are typed with Calc's own "enter
string" command, so Calc reads "01/06/2027" as a date and "120,5" as a number
exactly as it does for a Vietnamese user ("1.5" stays text there), rows are
inserted with "Insert Rows Above" and a cell's format cleared with "Clear Direct
Formatting". Tests skip, saying which tool is missing, without LibreOffice
Calc, python3-uno or poppler-utils.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from conftest import ROOT, make_project
from htmltables import vn
from sedp.publish.build import export_open_data, generate
from sedp.render.data.opendata import Sheet, workbook_bytes
from sedp.source.loader import load_file

COMMUNE = Path("plans/thach-an/duc-long")
WORKBOOK = "thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx"
SOFFICE = shutil.which("soffice")
CALC = SOFFICE and any(Path(p).is_file() for p in (
    "/usr/lib/libreoffice/program/libsclo.so", "/opt/libreoffice/program/libsclo.so"))


def _uno_python() -> str | None:
    """A Python that can import LibreOffice's uno module (Debian's python3-uno, or LibreOffice's own)."""
    for candidate in ("/usr/lib/libreoffice/program/python", "/usr/bin/python3"):
        if Path(candidate).is_file() and subprocess.run([candidate, "-c", "import uno"],
                                                        capture_output=True).returncode == 0:
            return candidate
    return None


UNO_PYTHON = _uno_python() if CALC else None
needs_calc = pytest.mark.skipif(not CALC, reason="LibreOffice Calc missing (apt-get install libreoffice-calc-nogui; "
                                                 ".ci/run installs it)")
needs_uno = pytest.mark.skipif(not UNO_PYTHON, reason="LibreOffice Calc or Python-UNO missing (apt-get install "
                                                      "libreoffice-calc-nogui python3-uno; .ci/run installs them)")
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdfinfo"),
                                   reason="poppler-utils missing (apt-get install poppler-utils; .ci/run installs it)")

# Run by the Python that has uno: opens src in a headless Calc (vi-VN), applies the edits, saves XLSX to dst.
CALC_SCRIPT = r'''
import json, os, subprocess, sys, time, traceback
import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


soffice, profile, src, dst, edits = sys.argv[1:6]
os.makedirs(os.path.join(profile, "user"), exist_ok=True)
with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">'
            '<value>vi-VN</value></prop></item></oor:items>\n')
# A fresh profile is first set up by an office that exits at once: a first start in
# a new profile may restart LibreOffice, and the listening office must not, or the
# UNO connection made to it is disposed under us.
profile_url = uno.systemPathToFileUrl(profile)
subprocess.run([soffice, "--headless", "--terminate_after_init", "-env:UserInstallation=" + profile_url],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
pipe = "sedp%d" % os.getpid()
log = open(os.path.join(profile, "office.log"), "w")
# Its own session, its output to a file: soffice.bin (a grandchild) is killed with
# the group at the end and holds none of our caller's pipes open.
office = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                           "-env:UserInstallation=" + profile_url, "--accept=pipe,name=%s;urp;" % pipe],
                          stdout=log, stderr=log, start_new_session=True)
failed = None
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except NoConnectException:
            time.sleep(0.2)
    else:
        sys.exit("LibreOffice failed: it did not start")
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    dispatcher = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
    if document is None:
        sys.exit("LibreOffice failed: it opened no document from " + src)
    controller = document.getCurrentController()
    frame = controller.getFrame()
    for edit in json.loads(edits):
        controller.setActiveSheet(document.Sheets.getByName(edit["sheet"]))
        dispatcher.executeDispatch(frame, ".uno:GoToCell", "", 0, (prop("ToPoint", edit["cell"]),))
        if "text" in edit:  # typed, as a person types it
            dispatcher.executeDispatch(frame, ".uno:EnterString", "", 0, (prop("StringName", edit["text"]),))
        elif edit.get("clear"):  # Format > Clear Direct Formatting (Ctrl+M): the cell's format is General again
            dispatcher.executeDispatch(frame, ".uno:ResetAttributes", "", 0, ())
        else:  # Sheet > Insert Rows > Rows Above
            dispatcher.executeDispatch(frame, ".uno:InsertRowsBefore", "", 0, ())
    document.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    # Saved (storeToURL returns once the file is written). The office is not closed
    # politely: closing a document just typed into may abort LibreOffice in an idle
    # timer ("Fatal exception: Signal 6"), which says nothing of the saved workbook.
except BaseException as error:  # said on stderr; os._exit below prints nothing itself
    failed = error.code if isinstance(error, SystemExit) else traceback.format_exc()
finally:
    try:
        os.killpg(office.pid, 9)  # whatever of the office is left
    except ProcessLookupError:
        pass
    log.close()
    with open(os.path.join(profile, "office.log")) as f:
        sys.stderr.write(f.read())
    if failed:
        sys.stderr.write(str(failed) + "\n")
    sys.stderr.flush()
    # no waiting on UNO's bridge threads, which may outlive a killed office
    os._exit(1 if failed else 0)
'''


def in_calc(tmp_path: Path, workbook: Path, edits: list[dict], name: str = "da-sua.xlsx") -> Path:
    """workbook opened, edited and saved as XLSX by LibreOffice Calc; the saved copy."""
    script = tmp_path / "calc_edit.py"
    script.write_text(CALC_SCRIPT, encoding="utf-8")
    saved = tmp_path / name
    attempts = 2  # a crash is retried once (issue 30); a second one fails with its reason
    for attempt in range(1, attempts + 1):
        saved.unlink(missing_ok=True)
        # each attempt opens its own copy: a crashed office leaves its lock file beside what it opened
        opened = tmp_path / f"attempt-{attempt}" / workbook.name
        opened.parent.mkdir()
        shutil.copyfile(workbook, opened)
        run = subprocess.run([UNO_PYTHON, str(script), SOFFICE, str(tmp_path / f"lo-profile-{attempt}"),
                              str(opened.absolute()), str(saved.absolute()), json.dumps(edits)],
                             capture_output=True, text=True, timeout=300)
        if (run.returncode == 0 and saved.is_file()) or not office_crashed(run.stderr):
            break
        # LibreOffice itself aborted (a loaded machine: "Fatal exception: Signal 6" in its timer), which
        # says nothing of our workbook: again with a fresh profile, and say so; the last crash fails.
        print(f"LibreOffice crashed (attempt {attempt} of {attempts})")
    assert run.returncode == 0 or not office_crashed(run.stderr), \
        f"LibreOffice crashed {attempts} times:\n" + run.stderr
    assert run.returncode == 0 and saved.is_file(), run.stderr
    return saved


def office_crashed(stderr: str) -> bool:
    """The office suite aborted or never came up (a failure of LibreOffice, not a wrong result of ours);
    an XLSX it cannot open fails every attempt, so it is not hidden."""
    return any(sign in stderr for sign in ("Fatal exception: Signal", "Binary URP bridge disposed",
                                           "DisposedException", "LibreOffice failed:"))


@pytest.fixture
def exported(tmp_path):
    project = make_project(tmp_path / "p", plans=ROOT / "plans")
    generated = generate(project)
    assert generated.report.ok
    export_open_data(generated, tmp_path / "du-lieu")
    return project, tmp_path / "du-lieu" / WORKBOOK


def letter(workbook: Path, sheet: str, header: str) -> str:
    return get_column_letter(next(load_workbook(workbook)[sheet].iter_rows(values_only=True)).index(header) + 1)


def row_of(workbook: Path, sheet: str, code: str | None) -> int:
    """The row of an item by its code (None: the totals row)."""
    rows = load_workbook(workbook)[sheet].iter_rows(values_only=True)
    return next(i for i, r in enumerate(rows, start=1) if r[0] == (code or "Tổng cộng"))


def cell(workbook: Path, sheet: str, header: str, code: str | None) -> str:
    return f"{letter(workbook, sheet, header)}{row_of(workbook, sheet, code)}"


def plan(project: Path) -> dict:
    return {name: load_file(project / COMMUNE / "2027" / name).data
            for name in ("buoc-02-nhu-cau.yaml", "buoc-04-du-thao.yaml")}


ACTIVITIES = load_file(ROOT / COMMUNE / "2027/buoc-04-du-thao.yaml").data["hoat_dong"]


@needs_uno
def test_a_plain_resave_in_calc_imports_as_no_change(exported, tmp_path, sedp):
    project, workbook = exported
    files = {p: p.read_bytes() for p in (project / COMMUNE / "2027").iterdir()}
    resaved = in_calc(tmp_path, workbook, [])
    code, output = sedp(project, "import", "xlsx", str(resaved), str(COMMUNE), "2027", "--write")
    assert code == 0, output
    assert output.startswith("**Không có thay đổi nội dung kế hoạch**")
    assert {p: p.read_bytes() for p in (project / COMMUNE / "2027").iterdir()} == files


@needs_uno
def test_edits_made_in_calc_are_previewed_then_written_as_intended(exported, tmp_path, sedp):
    """A budget cell, a household count in Biểu 1, a new activity in a row inserted right above the totals (its
    sector typed as a label in lower case, its months typed as dates, an amount with a decimal comma), a date
    typed over a month and a label typed over a sector: each shows in the preview, and --write gives exactly
    those values, in plans that validate."""
    project, workbook = exported
    before = plan(project)
    needs, activities = before["buoc-02-nhu-cau.yaml"]["nhu_cau"], before["buoc-04-du-thao.yaml"]["hoat_dong"]
    first, second = activities[0], activities[1]
    assert second["linh_vuc"] == "trong_trot" and second["thoi_gian"]["bat_dau"] != "06/2027"
    province = first["kinh_phi"]["ngan_sach_tinh"]
    totals_row = row_of(workbook, "Biểu 6", None)
    new_row = str(totals_row)
    at = {h: letter(workbook, "Biểu 6", h) for h in (
        "Mã", "Hoạt động", "Lĩnh vực", "Từ tháng", "Đến tháng", "Đơn vị thực hiện", "Ngân sách xã", "Dân đóng góp")}
    edited = in_calc(tmp_path, workbook, [
        {"sheet": "Biểu 6", "cell": cell(workbook, "Biểu 6", "Ngân sách tỉnh", first["ma"]), "text": "700"},
        {"sheet": "Biểu 1", "cell": cell(workbook, "Biểu 1", "Số hộ hưởng lợi", needs[0]["ma"]),
         "text": str(needs[0]["ho_huong_loi"] + 9)},
        {"sheet": "Biểu 6", "cell": cell(workbook, "Biểu 6", "Từ tháng", second["ma"]), "text": "01/06/2027"},
        {"sheet": "Biểu 6", "cell": cell(workbook, "Biểu 6", "Lĩnh vực", second["ma"]), "text": "Chăn nuôi"},
        {"sheet": "Biểu 6", "cell": f"A{totals_row}"},  # a row inserted right above "Tổng cộng"
        {"sheet": "Biểu 6", "cell": at["Mã"] + new_row, "text": "HD07"},
        {"sheet": "Biểu 6", "cell": at["Hoạt động"] + new_row, "text": "Nạo vét mương thôn Nà Pàn"},
        {"sheet": "Biểu 6", "cell": at["Lĩnh vực"] + new_row, "text": "thủy lợi"},
        {"sheet": "Biểu 6", "cell": at["Từ tháng"] + new_row, "text": "01/06/2027"},
        {"sheet": "Biểu 6", "cell": at["Đến tháng"] + new_row, "text": "30/11/2027"},
        {"sheet": "Biểu 6", "cell": at["Đơn vị thực hiện"] + new_row, "text": "UBND xã"},
        {"sheet": "Biểu 6", "cell": at["Ngân sách xã"] + new_row, "text": "120,5"},
        {"sheet": "Biểu 6", "cell": at["Dân đóng góp"] + new_row, "text": "30"},
    ])
    # Calc's own totals row, now one row down, counts the row inserted right above it
    sheet = load_workbook(edited, data_only=True)["Biểu 6"]
    assert sheet[f"A{totals_row + 1}"].value == "Tổng cộng"
    assert Decimal(repr(sheet[f"{at['Ngân sách xã']}{totals_row + 1}"].value)) == Decimal("120.5") + sum(
        (a["kinh_phi"].get("ngan_sach_xa") or 0 for a in activities), Decimal(0))
    assert isinstance(sheet[f"{at['Từ tháng']}{totals_row}"].value, datetime)  # Calc made a date of it

    code, output = sedp(project, "import", "xlsx", str(edited), str(COMMUNE), "2027")
    assert code == 0, output
    total = sum(first["kinh_phi"].values())
    assert (f"- **Sửa hoạt động** {first['ma']} «{first['ten']}»: Ngân sách tỉnh: {vn(province)} → 700; "
            f"Tổng kinh phí (triệu đồng): {vn(total)} → {vn(total - province + 700)}") in output
    assert (f"- **Sửa hoạt động** {second['ma']} «{second['ten']}»: Lĩnh vực: Trồng trọt → Chăn nuôi; "
            f"Tháng bắt đầu: {second['thoi_gian']['bat_dau']} → 06/2027") in output
    assert "- **Thêm hoạt động** HD07 «Nạo vét mương thôn Nà Pàn» (Thủy lợi): 150,5 triệu đồng" in output
    assert (f"- Bước 2 › Nhu cầu thôn, xóm › {needs[0]['ma']} – {needs[0]['van_de']} › Số hộ hưởng lợi: {needs[0]['ho_huong_loi']} → "
            f"{needs[0]['ho_huong_loi'] + 9}") in output
    assert "ô tổng để trống, sedp cộng được 150,5." in output  # the new row's total, left blank, is said
    assert output.rstrip().endswith("Chưa ghi gì: thêm --write để ghi vào các tệp YAML.")
    assert plan(project) == before

    code, output = sedp(project, "import", "xlsx", str(edited), str(COMMUNE), "2027", "--write")
    assert code == 0, output
    assert output.rstrip().endswith("Đã ghi buoc-02-nhu-cau.yaml, buoc-04-du-thao.yaml; kế hoạch sau khi nhập hợp lệ.")
    intended = plan(ROOT)
    intended["buoc-02-nhu-cau.yaml"]["nhu_cau"][0]["ho_huong_loi"] += 9
    changed = intended["buoc-04-du-thao.yaml"]["hoat_dong"]
    changed[0]["kinh_phi"]["ngan_sach_tinh"] = 700
    changed[0]["tong_kinh_phi"] = total - province + 700
    changed[1]["linh_vuc"], changed[1]["thoi_gian"]["bat_dau"] = "chan_nuoi", "06/2027"
    changed.append({"ma": "HD07", "ten": "Nạo vét mương thôn Nà Pàn", "linh_vuc": "thuy_loi",
                    "thoi_gian": {"bat_dau": "06/2027", "ket_thuc": "11/2027"}, "don_vi_thuc_hien": "UBND xã",
                    "kinh_phi": {"ngan_sach_xa": Decimal("120.5"), "dan_dong_gop": 30}})
    assert plan(project) == intended
    code, output = sedp(project, "validate", str(COMMUNE))
    assert code == 0, output


TOTAL = "Tổng cộng (triệu đồng)"


@needs_uno
@pytest.mark.parametrize("what, edits, said", [
    ("a label not in the list",
     lambda w: [{"sheet": "Biểu 6", "cell": cell(w, "Biểu 6", "Lĩnh vực", "HD03"), "text": "Giao thông vận tải"}],
     lambda w, e: [f"{e}:4: Biểu 6, dòng 4, cột {letter(w, 'Biểu 6', 'Lĩnh vực')} (Lĩnh vực): 'Giao thông vận "
                   "tải' không có trong danh mục Lĩnh vực — Chọn một trong: Trồng trọt; Chăn nuôi; Lâm nghiệp; Thủy "
                   "sản; Giao thông; Thủy lợi; Điện; Nước sinh hoạt; Giáo dục; Y tế; Văn hóa – xã hội; Môi trường; "
                   "Thích ứng BĐKH, phòng chống thiên tai; Quốc phòng – an ninh; Cải cách hành chính."]),
    ("a row's total typed over",
     lambda w: [{"sheet": "Biểu 6", "cell": cell(w, "Biểu 6", TOTAL, "HD02"), "text": "9999"}],
     lambda w, e: [f"{e}:3: Biểu 6, dòng 3, cột {letter(w, 'Biểu 6', TOTAL)} ({TOTAL}): Tổng của dòng ghi 9.999 "
                   f"nhưng các cột cộng lại được {vn(sum(ACTIVITIES[1]['kinh_phi'].values()))} — Sửa các cột "
                   "thành phần hoặc ô tổng cho khớp; để trống ô tổng thì sedp tự cộng."]),
    ("the totals row typed over",
     lambda w: [{"sheet": "Biểu 6", "cell": cell(w, "Biểu 6", "Ngân sách tỉnh", None), "text": "99"}],
     lambda w, e: [f"{e}:{row_of(w, 'Biểu 6', None)}: Biểu 6, dòng {row_of(w, 'Biểu 6', None)}, cột "
                   f"{letter(w, 'Biểu 6', 'Ngân sách tỉnh')} (Ngân sách tỉnh): Dòng Tổng cộng ghi 99 nhưng các dòng "
                   "trong bảng cộng lại được "
                   f"{vn(sum(a['kinh_phi'].get('ngan_sach_tinh') or 0 for a in ACTIVITIES))} — Có thể ô "
                   "tổng bị ghi đè hoặc công thức không tính hết các dòng: chép lại công thức tổng của tệp xuất ra, "
                   "hoặc xoá ô tổng."]),
])
def test_a_wrong_label_or_total_typed_in_calc_is_refused_with_sheet_row_and_column(exported, tmp_path, sedp,
                                                                                  what, edits, said):
    project, workbook = exported
    files = {p: p.read_bytes() for p in (project / COMMUNE / "2027").iterdir()}
    edited = in_calc(tmp_path, workbook, edits(workbook))
    code, output = sedp(project, "import", "xlsx", str(edited), str(COMMUNE), "2027", "--write")
    assert code == 1
    assert output.splitlines() == [*said(workbook, edited), "Lỗi: Tệp Excel có lỗi; chưa ghi gì."]
    assert {p: p.read_bytes() for p in (project / COMMUNE / "2027").iterdir()} == files


@needs_uno
def test_a_decimal_point_or_a_percent_typed_in_vi_vn_calc_is_named_at_its_cell_then_1_5_typed_is_read(
        exported, tmp_path, sedp):
    """vi-VN Calc keeps "1.5" as text, which its totals skip: the import named the row's total ("Tổng của dòng ghi
    1.095 nhưng các cột cộng lại được 1.096,5", the text read as 1.5) and now names the cell typed. "10%" typed in a
    cell of the General format is 0.1 formatted 0.00% (it was read as 0,1 triệu đồng): refused as Calc shows it,
    "10,00%".
    "1,5" is a number there (no problem); typed as the message says, the import writes 1.5."""
    project, workbook = exported
    files = {p: p.read_bytes() for p in (project / COMMUNE / "2027").iterdir()}
    point, comma = cell(workbook, "Biểu 6", "Ngân sách xã", "HD01"), cell(workbook, "Biểu 6", "Ngân sách xã", "HD02")
    percent = cell(workbook, "Biểu 6", "Dân đóng góp", "HD03")
    edited = in_calc(tmp_path, workbook, [
        {"sheet": "Biểu 6", "cell": point, "text": "1.5"}, {"sheet": "Biểu 6", "cell": comma, "text": "1,5"},
        {"sheet": "Biểu 6", "cell": percent, "clear": True}, {"sheet": "Biểu 6", "cell": percent, "text": "10%"}])
    sheet = load_workbook(edited)["Biểu 6"]
    assert (sheet[point].data_type, sheet[point].value) == ("s", "1.5")  # what Calc made of what was typed
    assert (sheet[comma].value, sheet[percent].value, sheet[percent].number_format) == (1.5, 0.1, "0.00%")
    code, output = sedp(project, "import", "xlsx", str(edited), str(COMMUNE), "2027", "--write")
    assert code == 1
    assert output.splitlines() == [
        f"{edited}:2: Biểu 6, dòng 2, cột {point[0]} (Ngân sách xã): Ô {point} (Ngân sách xã) ghi '1.5' nhưng bảng "
        "tính lưu là chữ, không phải số (dấu '.' không được đọc là dấu thập phân), nên các ô tổng bỏ qua ô này — "
        "Nếu là 1,5, ghi 1,5 (trong bảng tính tiếng Việt dấu phẩy là dấu thập phân); nếu là 15, ghi 15. Ô đã là số "
        "thì căn phải; nếu vẫn căn trái, định dạng ô là Số (chuột phải → Định dạng ô) rồi ghi lại.",
        f"{edited}:4: Biểu 6, dòng 4, cột {percent[0]} (Dân đóng góp): Ô {percent} (Dân đóng góp) ghi 10,00%, một "
        "tỷ lệ phần trăm, nhưng cột này ghi số tiền: 10,00% sẽ thành 0,1 triệu đồng — Ghi số tiền bằng triệu đồng, không "
        "có dấu % (cần tính theo tỷ lệ thì tính ra số tiền rồi ghi). Ô vẫn hiện % thì định dạng ô là Số (chuột phải "
        "→ Định dạng ô) rồi ghi lại.",
        "Lỗi: Tệp Excel có lỗi; chưa ghi gì."]
    assert {p: p.read_bytes() for p in (project / COMMUNE / "2027").iterdir()} == files

    (tmp_path / "lai").mkdir()  # typed again, in the workbook as exported
    fixed = in_calc(tmp_path / "lai", workbook, [{"sheet": "Biểu 6", "cell": point, "text": "1,5"}])
    code, output = sedp(project, "import", "xlsx", str(fixed), str(COMMUNE), "2027", "--write")
    assert code == 0, output
    assert plan(project)["buoc-04-du-thao.yaml"]["hoat_dong"][0]["kinh_phi"]["ngan_sach_xa"] == Decimal("1.5")
    assert sedp(project, "validate", str(COMMUNE))[0] == 0


def pdf_pages(tmp_path: Path, workbook: Path) -> list[tuple[str, bool]]:
    """Each page of the workbook printed to PDF by LibreOffice: (its text, landscape)."""
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-pdf",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(workbook)],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "pdf" / workbook.with_suffix(".pdf").name
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)]
    pages = text.split("\f")[:len(sizes)]
    return [(page, w > h) for page, (w, h) in zip(pages, sizes, strict=True)]


@needs_calc
@needs_poppler
def test_biểu_6_of_the_example_prints_on_at_most_3_landscape_pages(exported, tmp_path):
    _, workbook = exported
    pages = pdf_pages(tmp_path, workbook)
    biểu_6 = [(text, landscape) for text, landscape in pages if "Biểu 6. Kế hoạch hoạt động và ngân sách" in text]
    assert 1 <= len(biểu_6) <= 3 and all(landscape for _, landscape in biểu_6)
    shown = "\n".join(text for text, _ in biểu_6)
    assert all(a["ma"] in shown for a in ACTIVITIES) and "Tổng cộng" in shown
    assert len(pages) <= 7  # the whole workbook: one page per Biểu (19 pages before it had print settings)


@needs_calc
@needs_poppler
def test_a_long_sheet_repeats_its_header_on_every_landscape_page(exported, tmp_path):
    _, workbook = exported
    rows = list(load_workbook(workbook)["Biểu 6"].iter_rows(values_only=True))
    headers, data = list(rows[0]), [list(r) for r in rows[1:-1]]
    money = [i for i, h in enumerate(headers) if i >= headers.index("Ngân sách xã")]
    long = [[f"HD{n:03d}", *row[1:money[0]], *row[money[0]:-1], None]
            for n, row in enumerate(data * 12, start=1)]
    path = tmp_path / "dai.xlsx"
    path.write_bytes(workbook_bytes([Sheet("Biểu 6", headers, long, money, {len(headers) - 1: money[:-1]},
                                           "Biểu 6. Kế hoạch hoạt động và ngân sách năm X+1")]))
    pages = pdf_pages(tmp_path, path)
    assert 2 <= len(pages) <= 8
    for number, (text, landscape) in enumerate(pages, start=1):
        assert landscape and "Hoạt động" in text and "Từ tháng" in text and f"Trang {number}" in text
    assert "HD072" in pages[-1][0] and "Tổng cộng" in pages[-1][0]
