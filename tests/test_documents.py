"""The four documents of every plan year (plan, process report, Tờ trình, Nghị quyết)
and the district synthesis, read as their readers read them: python-docx for the
official format, real LibreOffice for what prints (PDF, then pdftotext, pdfinfo
and PNG pages, kept in pytest's temporary folder: `documents0/png`).

Expected figures come from the YAML by plain arithmetic here, and expected headings
from the outlines in schema/van-ban/ (data a province edits, not code under test).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from conftest import FIXTURES, ROOT, copy_project, make_project
from docx import Document
from htmltables import vn
from lastyear_expected import expected, sentence
from sedp.publish.build import generate, write_documents
from sedp.source.loader import load_file
from sedp.source.outlines import PLACEHOLDERS, SECTIONS

KINDS = ("ke-hoach", "bao-cao-qua-trinh", "bao-cao-y-kien", "to-trinh", "nghi-quyet")
RECORDS = ("bao-cao-qua-trinh", "bao-cao-y-kien")  # reports of what happened: never stamped a draft
RAW = '```{=openxml}\n<w:p><w:r><w:t>CHEN-XML</w:t></w:r></w:p>\n```'
HOSTILE = f"**đậm** [x](y) | ô | <script>alert(1)</script> {RAW}"
HOSTILE_LINES = [line for line in HOSTILE.splitlines() if line.strip()]
PLANTED = Path("plans/thach-an/duc-long/2026")  # approved: all four documents carry its words
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice or poppler-utils missing (apt-get install libreoffice-writer-nogui poppler-utils; "
           ".ci/run does)")


def set_text_field(path: Path, key: str, value: str) -> None:
    """Replace a two-space-indented `key:` under thuyet_minh (a one-line or `|` value) by value."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("thuyet_minh:")
    at = next(i for i in range(start, len(lines)) if lines[i].startswith(f"  {key}:"))
    end = at + 1
    while end < len(lines) and lines[end].startswith("    "):
        end += 1
    lines[at:end] = [f"  {key}: |", *(f"    {line}" for line in value.splitlines())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def plant(project: Path) -> None:
    set_text_field(project / PLANTED / "buoc-04-du-thao.yaml", "muc_tieu_chung", HOSTILE)
    path = project / PLANTED / "buoc-05-tham-van.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith("  noi_dung: "))
    path.write_text(text.replace(line, '  noi_dung: "' + HOSTILE.replace("\n", "\\n") + '"', 1), encoding="utf-8")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("documents") / "project")
    plant(project)
    generated = generate(project)
    assert generated.report.ok, [p.format() for p in generated.report.sorted()]
    out = project / "out"
    write_documents(project, generated, out)
    return project, out, generated


def plan_years(project: Path) -> list[Path]:
    return sorted(p.relative_to(project / "plans") for p in (project / "plans").glob("*/*/[0-9][0-9][0-9][0-9]"))


def document(out: Path, year: Path, kind: str) -> Path:
    return out / year / f"{kind}-{year.parent.name}-{year.name}.docx"


def data(project: Path, year: Path, name: str) -> dict:
    return load_file(project / "plans" / year / name).data or {}


def test_every_plan_year_has_its_five_documents_and_its_page_links_them(written):
    project, out, generated = written
    years = plan_years(project)
    assert len(years) == 10
    for year in years:
        page = generated.pages[f"{year.as_posix()}/index.md"]
        for kind in KINDS:
            assert document(out, year, kind).is_file()
            assert f"]({kind}-{year.parent.name}-{year.name}.docx)" in page
    assert "[Báo cáo quá trình lập kế hoạch](bao-cao-qua-trinh-" in generated.pages["thach-an/le-lai/2027/index.md"]


# -- the official format, by python-docx --------------------------------------------
def day_line(place: str, value: str | None) -> str:
    if not value:
        return f"{place}, ngày     tháng     năm"
    day, month, year = value.split("/")
    return f"{place}, ngày {day} tháng {month if int(month) < 3 else str(int(month))} năm {year}"


def mm(length) -> int:
    return round(length / Cm(0.1))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("year", ["thach-an/le-lai/2027", "thach-an/duc-long/2027"])  # approved, draft
def test_header_fonts_margins_and_page_numbers(written, kind, year):
    project, out, _ = written
    year = Path(year)
    doc = Document(str(document(out, year, kind)))
    plan = data(project, year, "ke-hoach.yaml")
    approved = plan["trang_thai"] in ("da_thong_qua", "cong_khai")
    commune = load_file(project / "plans" / year.parent / "commune.yaml").data["ten"]
    submission = data(project, year, "buoc-08-trinh-hdnd.yaml")["to_trinh"]
    resolution = data(project, year, "buoc-09-hdnd-thong-qua.yaml")["nghi_quyet"]
    sitting = data(project, year, "buoc-09-hdnd-thong-qua.yaml")["ky_hop"]
    number, when, issuer, suffix = {
        "ke-hoach": (plan["so_ky_hieu"], plan["ngay_ban_hanh"], "ỦY BAN NHÂN DÂN", "KH-UBND"),
        "bao-cao-qua-trinh": (None, None, "ỦY BAN NHÂN DÂN", "BC-UBND"),
        "bao-cao-y-kien": (None, None, "ỦY BAN NHÂN DÂN", "BC-UBND"),
        "to-trinh": (submission["so"], submission["ngay"], "ỦY BAN NHÂN DÂN", "TTr-UBND"),
        "nghi-quyet": (resolution["so"], sitting["ngay"], "HỘI ĐỒNG NHÂN DÂN", "NQ-HĐND"),  # dated its sitting
    }[kind]
    paragraphs = [p.text for p in doc.paragraphs]
    stamped = kind not in RECORDS and not approved
    assert ("DỰ THẢO" in paragraphs[:1]) == stamped  # the stamp, above the header, while a draft
    assert doc.element.body[1 if stamped else 0] is doc.tables[0]._tbl
    left, right = doc.tables[0].rows[0].cells
    lines = [p.text for p in left.paragraphs]
    parent = [] if kind == "nghi-quyet" else ["UBND HUYỆN THẠCH AN"]
    assert [line for line in lines if line.strip()] == [
        *parent, f"{issuer} XÃ {commune.upper()}", f"Số: {number or '      /' + suffix}"]
    assert all(r.bold for r in left.paragraphs[len(parent)].runs)
    rule = left.paragraphs[len(parent) + 1]  # the decree's short rule under the issuing body
    assert rule.style.name == "Gach ngang" and not rule.text.strip()
    assert rule.style.element.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    assert [p.text for p in right.paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", day_line(commune, when)]
    assert right.paragraphs[0].runs[0].font.size == Pt(12) and right.paragraphs[0].runs[0].bold
    assert all(r.underline for r in right.paragraphs[1].runs) and all(r.italic for r in right.paragraphs[2].runs)
    title = {"ke-hoach": "KẾ HOẠCH", "bao-cao-qua-trinh": "BÁO CÁO", "bao-cao-y-kien": "BÁO CÁO", "to-trinh": "TỜ TRÌNH",
             "nghi-quyet": "NGHỊ QUYẾT"}[kind]
    assert title in paragraphs
    assert doc.paragraphs[paragraphs.index(title)].style.name == "Tieu de"
    assert doc.paragraphs[paragraphs.index(title) + 2].style.name == "Gach ngang giua"  # the rule under the summary
    normal = doc.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(13))
    assert doc.styles["Tieu de"].font.size == Pt(14) and doc.styles["Tieu de"].font.bold
    first = doc.sections[0]
    assert (mm(first.page_width), mm(first.page_height)) == (210, 297)
    assert [mm(x) for x in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == [
        20, 20, 30, 15]
    # page numbers at the top from page 2: the first page's own header is empty, every later section numbers
    assert first.different_first_page_header_footer
    assert "PAGE" in first.header._element.xml and "PAGE" not in first.first_page_header._element.xml
    for section in doc.sections[1:]:
        assert not section.different_first_page_header_footer
        assert section.header.is_linked_to_previous or "PAGE" in section.header._element.xml
    signature = doc.tables[-1] if kind in ("to-trinh", *RECORDS) else next(
        t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    lines = [p.text for p in signature.rows[0].cells[1].paragraphs]
    assert lines[:2] == (["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH"] if kind == "nghi-quyet"
                         else ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])
    signer = (data(project, year, "buoc-09-hdnd-thong-qua.yaml") if kind == "nghi-quyet" else plan).get("nguoi_ky")
    assert [line.strip() for line in lines[2:5]] == ["", "", ""]  # room to sign and stamp
    assert lines[-1].strip() == ((signer or {}).get("ho_ten") or "")


def date_lines(path: Path) -> list[str]:
    """The header's place-and-date line and every paragraph that says when the resolution was passed."""
    doc = Document(str(path))
    header = doc.tables[0].rows[0].cells[1].paragraphs[-1].text
    return [header, *(p.text for p in doc.paragraphs if "thông qua ngày" in p.text)]


def test_the_resolution_is_dated_the_day_its_sitting_passed_it(tmp_path):
    # Đức Long 2026 was passed at the sitting of 15/12/2025: its header said 26/12/2025, a date typed apart.
    project = copy_project(tmp_path / "example")
    generated = generate(project)
    assert generated.report.ok, [p.format() for p in generated.report.sorted()]
    out = tmp_path / "out"
    write_documents(project, generated, out)
    header, passed = date_lines(document(out, Path("thach-an/duc-long/2026"), "nghi-quyet"))
    assert header == "Đức Long, ngày 15 tháng 12 năm 2025"
    assert "thông qua ngày 15/12/2025 với " in passed
    # The resolution's own date may be left blank: the sitting's is the one source.
    small = make_project(tmp_path / "small", overlay=FIXTURES / "invalid" / "resolution-dated-after-sitting")
    step9 = small / "plans/thach-an/duc-long/2027/buoc-09-hdnd-thong-qua.yaml"
    step9.write_text(step9.read_text(encoding="utf-8").replace("  ngay: 20/12/2026\n", "  ngay:\n"), encoding="utf-8")
    generated = generate(small)
    assert generated.report.ok, [p.format() for p in generated.report.sorted()]
    write_documents(small, generated, tmp_path / "small-out")
    header, passed = date_lines(document(tmp_path / "small-out", Path("thach-an/duc-long/2027"), "nghi-quyet"))
    assert header == "Đức Long, ngày 14 tháng 12 năm 2026"
    assert "thông qua ngày 14/12/2026 với 24/25 " in passed


def test_hostile_plan_text_prints_literally_in_every_kind(written):
    _, out, _ = written
    for kind in KINDS:
        doc = Document(str(document(out, PLANTED.relative_to("plans"), kind)))
        paragraphs = [p for p in doc.paragraphs]
        cells = [cell for table in doc.tables for row in table.rows for cell in row.cells]
        if kind in RECORDS:  # the consultation's comment, in its table
            assert any(cell.text == HOSTILE for cell in cells), kind
        else:  # the general objective, a paragraph per line as typed
            texts = [p.text for p in paragraphs]
            start = texts.index(HOSTILE_LINES[0])
            assert texts[start:start + len(HOSTILE_LINES)] == HOSTILE_LINES, kind
            assert not any(run.bold for p in paragraphs[start:start + len(HOSTILE_LINES)] for run in p.runs)
        assert not doc.element.body.findall(f".//{qn('w:hyperlink')}"), kind  # [x](y) is no link
        assert "CHEN-XML" not in [p.text for p in paragraphs], kind


# -- what prints, by LibreOffice ----------------------------------------------------
@pytest.fixture(scope="module")
def printed(written, tmp_path_factory):
    """Every document as PDF (one LibreOffice run) and as PNG pages."""
    if SOFFICE is None or not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        pytest.skip("LibreOffice or poppler-utils missing (apt-get install libreoffice-writer-nogui "
                    "poppler-utils; .ci/run does)")
    project, out, _ = written
    folder = tmp_path_factory.mktemp("documents-pdf")
    sources = sorted(out.rglob("*.docx"))
    names = [str(p.relative_to(out)).replace("/", "__") for p in sources]
    staged = folder / "docx"
    staged.mkdir()
    for source, name in zip(sources, names, strict=True):
        shutil.copy(source, staged / name)
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", "pdf",
                    "--outdir", str(folder / "pdf"), *sorted(str(p) for p in staged.iterdir())],
                   check=True, capture_output=True, timeout=900)
    png = folder / "png"
    png.mkdir()
    for pdf in sorted((folder / "pdf").glob("*.pdf")):
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(png / pdf.stem)], check=True, timeout=120)
    return project, folder


def pdf_of(printed, year: Path, kind: str) -> Path:
    _, folder = printed
    return folder / "pdf" / f"{year.as_posix().replace('/', '__')}__{kind}-{year.parent.name}-{year.name}.pdf"


def pages(pdf: Path) -> list[str]:
    """Each page's text (pdftotext splits pages with form feeds)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def flat(text: str) -> str:
    """Text as read, line ends and layout runs of spaces as one space."""
    return " ".join(text.split())


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", info)]


def outline_headings(name: str, values: dict) -> list[str]:
    outline = yaml.safe_load((ROOT / "schema/van-ban" / name).read_text(encoding="utf-8"))
    found = []

    def walk(nodes):
        for node in nodes or []:
            if node.get("tieu_de"):
                found.append(re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), node["tieu_de"]))
            walk(node.get("muc"))

    walk(outline["phan"])
    return found


def in_order(text: str, lines: list[str]) -> None:
    at = 0
    for line in lines:
        found = text.find(flat(line), at)
        assert found >= 0, (line, text[at:at + 300])
        at = found + len(flat(line))


def annex_page(texts: list[str]) -> int:
    """Index of the page the annex starts on."""
    return next(i for i, page in enumerate(texts) if "PHỤ LỤC" in page)


def quantity(value, unit) -> str:
    return f"{vn(Decimal(str(value)))}%" if unit == "%" else f"{vn(Decimal(str(value)))} {unit or ''}".strip()


def money(project: Path, year: Path) -> tuple[Decimal, dict]:
    """Biểu 6 added up here: the total and each source's."""
    by_source: dict = {}
    for activity in data(project, year, "buoc-04-du-thao.yaml")["hoat_dong"]:
        for source, amount in (activity.get("kinh_phi") or {}).items():
            if amount is not None:
                by_source[source] = by_source.get(source, Decimal(0)) + Decimal(str(amount))
    return sum(by_source.values(), Decimal(0)), by_source


SOURCES = yaml.safe_load((ROOT / "schema/danh-muc/nguon-von.yaml").read_text(encoding="utf-8"))["muc"]


@needs_office
@pytest.mark.parametrize("index", range(10))
def test_the_plan_prints_its_outline_part_one_figures_and_biểu_6_totals(printed, index):
    project, _ = printed
    year = plan_years(project)[index]
    texts = pages(pdf_of(printed, year, "ke-hoach"))
    start = annex_page(texts)
    body = flat(" ".join(texts[:start]) + " " + texts[start].split("PHỤ LỤC")[0])
    values = {"nam": year.name, "nam_truoc": int(year.name) - 1}
    in_order(body, outline_headings("ke-hoach.yaml", values))
    part_one = body[body.index("I. ĐÁNH GIÁ"):body.index("II. KẾ HOẠCH")]
    targets, recorded = expected(project / "plans" / year)  # last year's record where it exists, else step 3
    assert targets  # every example plan year assesses the year before
    for target in targets:
        assert flat(sentence(target, recorded)) in part_one, (sentence(target, recorded), part_one)
    total, by_source = money(project, year)
    part_two = body[body.index("II. KẾ HOẠCH"):body.index("III. TỔ CHỨC")]
    sources = "; ".join(f"{SOURCES[code]['nhan']} {vn(by_source[code])}" for code in SOURCES if by_source.get(code))
    activities = len(data(project, year, "buoc-04-du-thao.yaml")["hoat_dong"])
    assert (f"Tổng số {activities} hoạt động, tổng kinh phí {vn(total)} triệu đồng, trong đó: {sources} "
            f"(triệu đồng).") in part_two
    annex = flat(" ".join(texts[start:]))
    biểu_6 = annex.split("Biểu 6.")[1].split("Biểu 7.")[0]
    totals_row = biểu_6[biểu_6.rindex("Tổng"):].split()  # the last "Tổng": the totals row ("Tổng cộng" may wrap)
    assert vn(total) in totals_row and all(vn(v) in totals_row for v in by_source.values() if v)


@needs_office
@pytest.mark.parametrize("kind", KINDS)
def test_tables_keep_header_words_whole_and_wide_annexes_are_landscape(written, printed, kind):
    project, out, _ = written
    for year in plan_years(project):
        pdf = pdf_of(printed, year, kind)
        texts = pages(pdf)
        words = {w.strip(".,;:()") for w in " ".join(texts).split()}
        doc = Document(str(document(out, year, kind)))
        widest = 0
        for table in doc.tables[1:]:
            header = table.rows[0]
            if header._tr.trPr is None or header._tr.trPr.find(qn("w:tblHeader")) is None:
                continue  # the header and signature blocks: no header row
            widest = max(widest, len(header.cells))
            for cell in header.cells:
                for word in cell.text.split():
                    assert word.strip(".,;:()") in words, (year, kind, word)
        sizes = page_sizes(pdf)
        if kind in ("ke-hoach", "nghi-quyet") and widest > 9:
            start = annex_page(texts)
            assert start > 0 and all(w > h for w, h in sizes[start:]), (year, kind, sizes)
            assert all(w < h for w, h in sizes[:start]), (year, kind, sizes)  # the plan itself is portrait
        _, folder = printed
        assert len(list((folder / "png").glob(f"{pdf.stem}-*.png"))) == len(sizes)


@needs_office
def test_duc_long_2027_plan_is_at_most_ten_pages_before_its_annex(printed):
    texts = pages(pdf_of(printed, Path("thach-an/duc-long/2027"), "ke-hoach"))
    assert annex_page(texts) <= 10


@needs_office
def test_submission_and_resolution_print_their_parts_and_figures(printed):
    project, _ = printed
    year = Path("thach-an/le-lai/2027")
    total, _ = money(project, year)
    values = {"nam": "2027", "nam_truoc": 2026, "giai_doan": data(project, year, "buoc-09-hdnd-thong-qua.yaml")[
        "bieu_7"]["giai_doan"], "xa": "xã Lê Lai"}
    submission = flat(" ".join(pages(pdf_of(printed, year, "to-trinh"))))
    assert "Kính gửi: Hội đồng nhân dân xã Lê Lai " in submission + " "
    in_order(submission, outline_headings("to-trinh.yaml", values))
    assert f"tổng kinh phí {vn(total)} triệu đồng" in submission
    resolution = flat(" ".join(pages(pdf_of(printed, year, "nghi-quyet"))))
    approval = data(project, year, "buoc-09-hdnd-thong-qua.yaml")
    in_order(resolution, ["HỘI ĐỒNG NHÂN DÂN XÃ LÊ LAI", approval["ky_hop"]["ten"].upper(), "QUYẾT NGHỊ:",
                          *outline_headings("nghi-quyet.yaml", values)])
    submitted = data(project, year, "buoc-08-trinh-hdnd.yaml")["to_trinh"]
    assert f"Xét Tờ trình số {submitted['so']} ngày {submitted['ngay']}" in resolution
    votes = approval["bieu_quyet"]  # a resolution passes by a majority of all the Council's members
    assert f"thông qua ngày {approval['ky_hop']['ngay']} với {votes['tan_thanh']}/{votes['tong_dai_bieu']} đại biểu " \
           "Hội đồng nhân dân xã tán thành" in resolution
    priority = approval["bieu_7"]["hoat_dong"]
    planned = sum((Decimal(str(a["kinh_phi_du_kien"])) for a in priority if a.get("kinh_phi_du_kien")), Decimal(0))
    assert f"gồm {len(priority)} hoạt động, kinh phí dự kiến {vn(planned)} triệu đồng" in resolution


@needs_office
def test_the_district_synthesis_follows_its_outline_with_its_communes_sums(printed):
    project, folder = printed
    pdf = folder / "pdf" / "thach-an__tong-hop-thach-an-2027.pdf"
    texts = pages(pdf)
    text = flat(" ".join(texts))
    sizes = page_sizes(pdf)  # its annex opens with the 10-column budget by sector and source
    assert all(w > h for w, h in sizes[annex_page(texts):]) and all(w < h for w, h in sizes[:annex_page(texts)])
    in_order(text, outline_headings("tong-hop-huyen.yaml", {"nam": "2027", "nam_truoc": 2026}))
    total = sum((money(project, Path(f"thach-an/{c}/2027"))[0] for c in ("duc-long", "le-lai", "thuy-hung")),
                Decimal(0))
    assert total == Decimal("20215")
    assert f"tổng kinh phí {vn(total)} triệu đồng" in text
    statuses = [load_file(project / f"plans/thach-an/{c}/2027/ke-hoach.yaml").data["trang_thai"]
                for c in ("duc-long", "le-lai", "thuy-hung")]
    assert sorted(statuses) == ["da_gui_huyen", "da_thong_qua", "du_thao"]  # so the synthesis says drafts count
    assert "Tổng hợp kế hoạch của 3 xã (" in text and "kể cả kế hoạch còn dự thảo" in text
    assert "Nơi nhận:" in text and "TM. ỦY BAN NHÂN DÂN" in text


def test_the_outlines_readme_lists_every_section_and_placeholder():
    text = (ROOT / "schema/van-ban/README.md").read_text(encoding="utf-8")
    for name in SECTIONS:
        assert f"| `{name}` |" in text
    for name in PLACEHOLDERS:
        assert f"| `{{{name}}}` |" in text


def test_a_wrong_outline_is_a_handbook_error_with_file_and_line(tmp_path, sedp):
    project = make_project(tmp_path / "p")
    path = project / "schema/van-ban/ke-hoach.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("noi_dung: nguon_luc", "noi_dung: nguon_von", 1)
    text = text.replace("truong: thuyet_minh.giai_phap", "truong: thuyet_minh.giai_phap_x", 1)
    text = text.replace("năm {nam}", "năm {nam_sau}", 1)
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    code, output = sedp(project, "validate", "plans")
    assert code == 1
    where = {n: i + 1 for i, line in enumerate(lines) for n in ("nguon_von", "giai_phap_x", "{nam_sau}") if n in line}
    out = output.splitlines()
    assert any(line.startswith(f"schema/van-ban/ke-hoach.yaml:{where['nguon_von']}: ") and
               "không có nội dung 'nguon_von'" in line and "nguon_luc" in line for line in out), output
    assert any(line.startswith(f"schema/van-ban/ke-hoach.yaml:{where['giai_phap_x']}: ") and
               "thuyet_minh.giai_phap_x" in line for line in out), output
    assert any(line.startswith(f"schema/van-ban/ke-hoach.yaml:{where['{nam_sau}']}: ") and
               "{nam_sau}" in line and "{nam}" in line for line in out), output
    assert out[-1] == "Lỗi: Sổ tay trong schema/ có lỗi; sửa các dòng trên trước."
