"""DOCX documents in the official format (Nghị định 30/2020/NĐ-CP, Phụ lục I).

The document is built as pandoc's AST (user text only ever in Str nodes),
converted by pandoc with the house reference DOCX, then finished with
python-docx where pandoc cannot express the format: the borderless two-column
header block, page numbers at the top from page 2, a landscape annex whose
tables repeat their header row. Documents are cached by the hash of their
content, so an unchanged plan never calls pandoc again.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from sedp import fmt
from sedp import pandoc_ast as ast
from sedp.filecheck import parse_date
from sedp.reference_docx import build_reference, pandoc_path

STYLE_VERSION = "3"  # bump when the finishing below changes, to refresh the cache
ANNEX_MARK = "PHỤ LỤC"


def date_line(place: str, value) -> str:
    """'Đức Long, ngày 05 tháng 01 năm 2027': zero before days < 10 and months 1–2."""
    parsed = parse_date(value) if value else None
    if parsed is None:
        return f"{place}, ngày     tháng     năm"
    month = f"{parsed.month:02d}" if parsed.month < 3 else str(parsed.month)
    return f"{place}, ngày {parsed.day:02d} tháng {month} năm {parsed.year}"


def header_block(issuer_parent: str, issuer: str, number: str, place_date: str) -> dict:
    left = [ast.para(ast.text(issuer_parent.upper()), "Giua"),
            ast.para([ast.strong(ast.text(issuer.upper()))], "Giua"),
            ast.para(ast.text(number), "Giua")]
    right = [ast.para([ast.strong(ast.text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))], "Giua"),
             ast.para([ast.strong([ast.underline(ast.text("Độc lập - Tự do - Hạnh phúc"))])], "Giua"),
             ast.para([ast.emph(ast.text(place_date))], "Giua")]
    return ast.table(None, [[left, right]], widths=[0.4, 0.6])


def signature_block(recipients: list[str], title: str, role: str, name: str) -> dict:
    left = [ast.para(ast.text("Nơi nhận:"), "Noi nhan"),
            *(ast.para(ast.text(f"- {r};" if i < len(recipients) - 1 else f"- {r}."), "Noi nhan muc")
              for i, r in enumerate(recipients))]
    right = [ast.para(ast.text(title), "Chu ky"), ast.para(ast.text(role.upper()), "Chu ky"),
             ast.para([], "Chu ky"), ast.para([], "Chu ky"), ast.para(ast.text(name), "Chu ky")]
    return ast.table(None, [[left, right]], widths=[0.45, 0.55])


def form_tables(view_forms: list[dict]) -> list:
    blocks = []
    for form in view_forms:
        blocks.append(ast.header(2, ast.text(f"Biểu {form['number']}. {form['title']}")))
        if form["rows"]:
            blocks.append(ast.table(form["headers"], form["rows"], form["totals"], form["numeric"]))
        else:
            blocks.append(ast.para(ast.text("Không có số liệu.")))
    return blocks


def key_values(rows: list[list]) -> list:
    return [ast.para([ast.strong(ast.text(f"{label}:")), {"t": "Space"}, *ast.text(value)])
            for label, value in rows if value]


def step_section(step, blocks: list[dict]) -> list:
    out = [ast.header(1, ast.text(f"Bước {step.number}. {step.title}"))]
    for block in blocks:
        if block["heading"]:
            out.append(ast.header(2, ast.text(block["heading"])))
        if block["headers"] == ["Nội dung", "Giá trị"] or block["headers"] == ["Nội dung"]:
            out.extend(key_values(block["rows"]) if len(block["headers"]) == 2
                       else [ast.para(ast.text(r[0])) for r in block["rows"]])
        else:
            out.append(ast.table(block["headers"], block["rows"], None, block["numeric"]))
    return out


# -- conversion ----------------------------------------------------------------
@dataclass
class DocxStats:
    pandoc_calls: int = 0
    cached: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class DocxWriter:
    """Converts ASTs to finished DOCX files, in parallel, skipping cached ones."""

    def __init__(self, cache_dir: Path, jobs: int | None = None):
        self.cache_dir = cache_dir
        self.jobs = jobs or os.cpu_count() or 1
        self.stats = DocxStats()
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.reference = self.cache_dir / "reference.docx"
        if not self.reference.exists():
            build_reference(self.reference)
        self.salt = hashlib.sha256(self.reference.read_bytes() + STYLE_VERSION.encode()).hexdigest()

    def key(self, document: dict) -> str:
        payload = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(self.salt.encode() + payload).hexdigest()

    def write_all(self, documents: list[tuple[dict, Path]]) -> None:
        with ThreadPoolExecutor(self.jobs) as pool:
            list(pool.map(lambda item: self.write(*item), documents))

    def write(self, document: dict, target: Path) -> None:
        cached = self.cache_dir / f"{self.key(document)}.docx"
        if cached.exists():
            with self.stats.lock:
                self.stats.cached += 1
        else:
            self._convert(document, cached)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_bytes(cached.read_bytes())
        temporary.replace(target)

    def _convert(self, document: dict, cached: Path) -> None:
        with self.stats.lock:
            self.stats.pandoc_calls += 1
        fd, raw = tempfile.mkstemp(suffix=".docx", dir=self.cache_dir)
        os.close(fd)
        try:
            subprocess.run([pandoc_path(), "-f", "json", "-t", "docx", "--reference-doc", str(self.reference),
                            "-o", raw], input=json.dumps(document).encode("utf-8"), check=True,
                           capture_output=True)
            finish(Path(raw))
            os.replace(raw, cached)
        finally:
            if os.path.exists(raw):
                os.unlink(raw)


# -- finishing with python-docx ------------------------------------------------
def finish(path: Path) -> None:
    doc = Document(str(path))
    tables = doc.tables
    for table in tables:
        first = table.rows[0].cells[0].text.strip() if table.rows else ""
        if table is tables[0] or first.startswith("Nơi nhận"):
            _borders(table, "nil")
            _center_cells(table, skip_first_column=first.startswith("Nơi nhận"))
            _fixed_widths(table, (Cm(6), Cm(10.5)))
        else:
            _borders(table, "single")
            _repeat_header(table)
            _full_width(table)
    if tables and tables[0].rows:
        national = tables[0].rows[0].cells[-1].paragraphs[0]
        for run in national.runs:  # Quốc hiệu on one line: 12 pt, as the decree allows
            run.font.size = Pt(12)
    section = doc.sections[0]
    _a4(section, landscape=False)
    _page_numbers(section, skip_first=True)
    annex = next((p for p in doc.paragraphs if p.text.startswith(ANNEX_MARK)), None)
    if annex is not None:
        _landscape_from(doc, annex)
    doc.save(str(path))


def _a4(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = Cm(21), Cm(29.7)
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    if landscape:
        section.top_margin, section.bottom_margin = Cm(3), Cm(1.5)
        section.left_margin, section.right_margin = Cm(2), Cm(2)
    else:
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.header_distance = Cm(1)


def _page_numbers(section, skip_first: bool) -> None:
    section.different_first_page_header_footer = skip_first
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.name = "Times New Roman"
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _landscape_from(doc, paragraph) -> None:
    """End a portrait section just before `paragraph`; the rest becomes landscape."""
    body_sectpr = doc.element.body.sectPr
    portrait = copy.deepcopy(body_sectpr)
    previous = paragraph._p.getprevious()
    holder = OxmlElement("w:p")
    if previous is not None:
        previous.addnext(holder)
    else:
        paragraph._p.addprevious(holder)
    holder.get_or_add_pPr().append(portrait)
    last = doc.sections[-1]
    _a4(last, landscape=True)
    last.different_first_page_header_footer = False


def _borders(table, kind: str) -> None:
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblBorders")):
        properties.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), kind)
        if kind != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    properties.append(borders)


def _center_cells(table, skip_first_column: bool) -> None:
    """pandoc aligns cell paragraphs itself; the header and signature blocks are centred."""
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            if skip_first_column and index == 0:
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
                continue
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _fixed_widths(table, widths) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _full_width(table) -> None:
    """Tables span the text width of their section, portrait or landscape, and the
    columns share it by content (pandoc fixes widths for the portrait page)."""
    properties = table._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        properties.append(width)
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")
    layout = properties.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        properties.append(layout)
    layout.set(qn("w:type"), "autofit")
    for cell_width in table._tbl.iter(qn("w:tcW")):
        cell_width.set(qn("w:type"), "auto")
        cell_width.set(qn("w:w"), "0")


def _repeat_header(table) -> None:
    if not table.rows:
        return
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row_properties.append(marker)


def district_document(view: dict) -> dict:
    """The district's synthesis of its communes' plans for one year (same roll-up as the site)."""
    rollup = view["rollup"]
    blocks = [
        header_block(view["parent"], view["issuer"], "Số:      /BC-UBND", view["date_line"]),
        ast.para(ast.text("TỔNG HỢP"), "Tieu de"),
        ast.para(ast.text(f"Kế hoạch phát triển kinh tế - xã hội năm {view['year']} của các xã"), "Trich yeu"),
        ast.header(1, ast.text("Các xã")),
        ast.table(["Xã", "Trạng thái kế hoạch"], view["communes"]),
        ast.header(1, ast.text("Số liệu chính")),
        *key_values([[label, str(value)] for label, value in rollup["figures"]]),
    ]
    for title, key in (("Nhu cầu thôn, xóm theo lĩnh vực", "needs"), ("Sự tham gia của người dân", "participation"),
                       ("Chuỗi giá trị được chọn", "chains"), ("Thiên tai đã xảy ra (5 năm gần đây)", "hazards")):
        part = rollup[key]
        blocks += [ast.header(1, ast.text(title)),
                   ast.table(part["headers"], part["rows"], part.get("totals"), part["numeric"])]
    blocks.append(ast.header(1, ast.text(f"{ANNEX_MARK}. HOẠT ĐỘNG VÀ NGÂN SÁCH THEO LĨNH VỰC, NGUỒN VỐN (triệu đồng)")))
    part = rollup["budget"]
    blocks.append(ast.table(part["headers"], part["rows"], part["totals"], part["numeric"]))
    return ast.document(blocks)


def plan_document(view: dict) -> dict:
    """The commune plan for one year. view: what SiteRenderer computed for the page."""
    blocks = [
        header_block(view["parent"], view["issuer"], view["number"], view["date_line"]),
        ast.para(ast.text("KẾ HOẠCH"), "Tieu de"),
        ast.para(ast.text(f"Phát triển kinh tế - xã hội năm {view['year']}"), "Trich yeu"),
        ast.para(ast.text(f"Trạng thái: {view['status']}. {view['kind']}."), "Giua"),
    ]
    for step, step_blocks in view["steps"]:
        blocks.extend(step_section(step, step_blocks))
    blocks.append(ast.header(1, ast.text("Tổng hợp kinh phí")))
    blocks.append(ast.para(ast.text(view["budget_sentence"])))
    blocks.append(signature_block(view["recipients"], view["signer_title"], view["signer_role"], view["signer_name"]))
    blocks.append(ast.header(1, ast.text(f"{ANNEX_MARK}. CÁC BIỂU KẾ HOẠCH NĂM {view['year']}")))
    blocks.extend(form_tables(view["forms"]))
    return ast.document(blocks)


def budget_sentence(summary, sources) -> str:
    total = summary.budget_total()
    parts = [f"{sources.label(code)} {fmt.number(amount)}" for code, amount in summary.budget_by_source().items()
             if amount]
    text = f"Tổng kinh phí thực hiện kế hoạch: {fmt.number(total)} triệu đồng"
    return text + (", trong đó: " + "; ".join(parts) + " (triệu đồng)." if parts else ".")
