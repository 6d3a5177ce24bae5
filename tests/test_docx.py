"""The DOCX documents, opened with python-docx and LibreOffice as a reader would."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from conftest import copy_project, make_project
from docx import Document
from htmltables import is_grouped, number
from sedp.publish.build import generate, write_documents
from sedp.render.docx.writer import reference_file
from sedp.source.loader import load_file
from test_site import expected_rollup

RAW = '```{=openxml}\n<w:p><w:r><w:t>CHEN-XML</w:t></w:r></w:p>\n```'
HOSTILE = f"**đậm** [bấm](http://x) | ô | {RAW}"
PLAN = Path("plans/thach-an/duc-long/2026")


def plant(project: Path) -> None:
    path = project / PLAN / "buoc-04-du-thao.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i in range(lines.index("hoat_dong:"), len(lines)) if lines[i].startswith("  ten: "))
    lines[index] = "  ten: " + json.dumps(HOSTILE, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("docx") / "project")
    plant(project)
    generated = generate(project)
    assert generated.report.ok
    out = project / "out"
    stats = write_documents(project, generated, out)
    return project, out, stats


def plan_doc(out: Path) -> Document:
    return Document(str(out / "thach-an/duc-long/2026/ke-hoach-duc-long-2026.docx"))


def table_after(doc, heading: str):
    """The first table after the paragraph that starts with heading."""
    body = doc.element.body
    found = False
    for element in body.iterchildren():
        if element.tag == qn("w:p") and "".join(t.text or "" for t in element.iter(qn("w:t"))).startswith(heading):
            found = True
        elif found and element.tag == qn("w:tbl"):
            return next(t for t in doc.tables if t._tbl is element)
    raise AssertionError(f"no table after {heading!r}")


def test_header_block_is_the_official_two_column_layout(written):
    project, out, _ = written
    plan = load_file(project / PLAN / "ke-hoach.yaml").data
    doc = plan_doc(out)
    assert doc.element.body[0] is doc.tables[0]._tbl  # the header block opens page 1: no line above it
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text.strip()] == [
        "UBND HUYỆN THẠCH AN", "ỦY BAN NHÂN DÂN XÃ ĐỨC LONG", f"Số: {plan['so_ky_hieu']}"]
    assert not any(r.bold for r in left.paragraphs[0].runs)
    assert all(r.bold for r in left.paragraphs[1].runs)
    day, month, year = plan["ngay_ban_hanh"].split("/")
    month = month if int(month) < 3 else str(int(month))
    assert [p.text for p in right.paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        f"Đức Long, ngày {day} tháng {month} năm {year}"]
    assert all(r.bold for r in right.paragraphs[0].runs) and right.paragraphs[0].runs[0].font.size == Pt(12)
    assert all(r.bold and r.underline for r in right.paragraphs[1].runs)
    assert all(r.italic for r in right.paragraphs[2].runs)
    texts = [p.text for p in doc.paragraphs]
    assert "KẾ HOẠCH" in texts and "Phát triển kinh tế - xã hội năm 2026" in texts


def test_fonts_margins_and_page_numbers(written):
    _, out, _ = written
    doc = plan_doc(out)
    normal = doc.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(13))
    assert doc.styles["Tieu de"].font.bold and doc.styles["Tieu de"].font.size == Pt(14)
    first = doc.sections[0]

    def mm(length):
        return round(length / Cm(0.1))

    assert (mm(first.page_width), mm(first.page_height)) == (210, 297)
    assert [mm(x) for x in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == [
        20, 20, 30, 15]
    assert first.different_first_page_header_footer
    assert "PAGE" in first.header._element.xml and "PAGE" not in first.first_page_header._element.xml


def plan_years(project):
    return sorted(p.relative_to(project / "plans") for p in (project / "plans").glob("*/*/[0-9][0-9][0-9][0-9]"))


BIEU_6_TOTALS = {  # each plan's activities, added up by hand from its buoc-04-du-thao.yaml
    "ha-quang/lung-nam/2027": "9.798,5", "ha-quang/truong-ha/2027": "9.832,5",
    "nguyen-binh/ca-thanh/2027": "8.178", "nguyen-binh/tam-kim/2027": "8.306,5",
    "nguyen-binh/thanh-cong/2027": "7.280,5", "thach-an/duc-long/2025": "4.010", "thach-an/duc-long/2026": "7.031",
    "thach-an/duc-long/2027": "6.130", "thach-an/le-lai/2027": "6.933", "thach-an/thuy-hung/2027": "7.152",
}


@pytest.mark.parametrize("index", range(10))
def test_annex_is_landscape_with_every_bieu_and_the_right_totals(written, index):
    project, out, _ = written
    years = plan_years(project)
    assert len(years) == 10  # every example plan year is checked
    year = years[index]
    doc = Document(str(out / year / f"ke-hoach-{year.parent.name}-{year.name}.docx"))
    PLAN = Path("plans") / year
    annex = doc.sections[-1]
    assert annex.page_width > annex.page_height
    activities = load_file(project / PLAN / "buoc-04-du-thao.yaml").data["hoat_dong"]
    total = sum((sum((v or 0 for v in a["kinh_phi"].values()), Decimal(0)) for a in activities), Decimal(0))
    left = doc.tables[0].rows[0].cells[0].paragraphs
    commune = load_file(project / PLAN.parent / "commune.yaml").data["ten"]
    assert left[1].text.encode() == f"ỦY BAN NHÂN DÂN XÃ {commune.upper()}".encode()
    table = table_after(doc, "Biểu 6.")
    assert len(table.rows) == len(activities) + 2
    assert table.rows[-1].cells[0].text == "Tổng cộng"
    shown = BIEU_6_TOTALS[year.as_posix()]  # as a reader reads it in the totals row
    assert number(shown) == total and is_grouped(shown)
    assert table.rows[-1].cells[-1].text == shown
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    texts = [p.text for p in doc.paragraphs]
    annex_start = next(i for i, t in enumerate(texts) if t.startswith("PHỤ LỤC"))
    headings = [t for t in texts[annex_start:] if t.startswith("Biểu ")]
    assert [h.split(".")[0] for h in headings] == [f"Biểu {n}" for n in range(1, 8)]


def test_plan_text_is_literal_and_nfc(written):
    _, out, _ = written
    doc = plan_doc(out)
    cell = table_after(doc, "Biểu 6.").rows[1].cells[1]
    assert cell.text == HOSTILE.replace("\n", "\n")  # every character, the raw block included
    assert not any(run.bold for p in cell.paragraphs for run in p.runs)
    assert "CHEN-XML" not in [p.text for p in doc.paragraphs]  # no injected paragraph
    text = "\n".join(p.text for p in doc.paragraphs)
    assert unicodedata.is_normalized("NFC", text)
    assert "II. KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2026".encode() in text.encode()
    report = Document(str(out / "thach-an/duc-long/2026/bao-cao-qua-trinh-duc-long-2026.docx"))  # the steps' records
    steps = "\n".join(p.text for p in report.paragraphs)
    assert unicodedata.is_normalized("NFC", steps)
    assert "Bước 1. Hội nghị triển khai công tác lập kế hoạch xã".encode() in steps.encode()
    assert "Bước 1." not in text  # the plan is a plan, not the record of its making


def test_district_synthesis_adds_up_its_communes(written):
    project, out, _ = written
    doc = Document(str(out / "thach-an/tong-hop-thach-an-2027.docx"))
    assert doc.element.body[0] is doc.tables[0]._tbl
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts and "Tổng hợp kế hoạch phát triển kinh tế - xã hội năm 2027 của các xã" in texts
    expected = Decimal(0)
    for path in (project / "plans/thach-an").glob("*/2027/buoc-04-du-thao.yaml"):
        for activity in load_file(path).data.get("hoat_dong") or []:
            expected += sum((v or 0 for v in activity["kinh_phi"].values()), Decimal(0))
    budget = table_after(doc, "PHỤ LỤC")
    assert expected == Decimal("20215")  # Thạch An's three communes in 2027
    assert budget.rows[-1].cells[-1].text == "20.215"
    people = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table_after(doc, "Sự tham gia").rows}
    attended = expected_rollup(project, "thach-an", "2027")["people"]
    assert (attended["tong_so"], attended["nu"]) == (1135, 441)  # Thạch An's 2027 meetings, added up from the YAML
    assert people["Tổng số người tham dự"] == ["1.135", "100,00%"]
    assert people["Phụ nữ"] == ["441", "38,85%"]  # 441 / 1135 = 0,388546…


def test_unchanged_plans_never_call_pandoc_again_and_one_edit_calls_it_for_what_it_touches(written):
    project, out, first = written
    assert first.pandoc_calls >= 13
    again = write_documents(project, generate(project), out)
    assert (again.pandoc_calls, again.cached) == (0, first.pandoc_calls + first.cached)
    path = project / "plans/thach-an/thuy-hung/2027/buoc-05-tham-van.yaml"  # one more person at a meeting
    text = path.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.strip().startswith("tong_so:"))
    key, value = line.split(":")
    path.write_text(text.replace(line, f"{key}: {int(value) + 1}", 1), encoding="utf-8")
    generated = generate(project)
    assert generated.report.ok
    edited = write_documents(project, generated, out)
    # the commune's process report (its attendance) and comments report (the meeting's attendance), its
    # district's synthesis, and the district's and the province's period reports (participation over the span)
    assert edited.pandoc_calls == 5


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or poppler-utils missing (apt-get install libreoffice-writer-nogui "
                           "poppler-utils; .ci/run does)")
def test_libreoffice_renders_the_plan(written, tmp_path):
    project, out, _ = written
    source = out / "thach-an/le-lai/2027/ke-hoach-le-lai-2027.docx"
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "ke-hoach-le-lai-2027.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "KẾ HOẠCH" in text
    activities = load_file(project / "plans/thach-an/le-lai/2027/buoc-04-du-thao.yaml").data["hoat_dong"]
    total = sum((sum((v or 0 for v in a["kinh_phi"].values()), Decimal(0)) for a in activities), Decimal(0))
    assert total == 6933
    assert "6.933" in text
    # Biểu 6 in the landscape annex: each activity's months and total read whole on their line
    # (the columns share the page by content; equal columns broke "05/2027" into "05/202" and "7")
    annex = text[text.index("Biểu 6."):]
    for activity in activities:
        months = activity.get("thoi_gian") or {}
        line = next(row for row in annex.splitlines() if row.split()[:1] == [activity["ma"]])
        for month in (months.get("bat_dau"), months.get("ket_thuc")):
            assert month is None or month in line.split(), (activity["ma"], line)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "trang")],
                   check=True, timeout=60)
    assert list(tmp_path.glob("trang*.png"))


def test_a_pandoc_failure_names_the_plan_and_writes_nothing(tmp_path, sedp):
    project = make_project(tmp_path / "p")  # one commune, one plan year
    (project / "build").mkdir()
    damaged = reference_file(project / "build/docx-cache")  # where sedp keeps its house styles
    damaged.write_bytes(b"PK\x03\x04 not a word document")
    code, output = sedp(project, "docx", "--jobs", "1")
    assert code == 1
    last = output.rstrip().splitlines()[-1]
    assert last.startswith("Lỗi: pandoc không viết được văn bản ke-hoach-duc-long-2027.docx (")
    assert last.endswith("). Xoá thư mục build/ (sedp tạo lại được) rồi chạy lại; nếu vẫn lỗi, cài lại bằng "
                         "`make setup`.")
    assert not list(project.glob("build/docx/**/*.docx"))
    assert not list((project / "build/docx-cache").glob("*.docx"))


def test_a_sub_group_keeps_its_label_in_the_body(written):
    _, out, _ = written
    doc = Document(str(out / "thach-an/duc-long/2027/bao-cao-qua-trinh-duc-long-2027.docx"))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Hội nghị triển khai")
    group = texts.index("Thành phần tham dự:", start)
    # plans/thach-an/duc-long/2027/buoc-01-khoi-dong.yaml: tham_du tong_so 38, nu 14
    assert texts[group + 1:group + 3] == ["Tổng số người tham dự: 38", "Phụ nữ: 14"]
