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
import functools
import io
import json
import os
import subprocess
import tempfile
import threading
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from sedp.core import fmt
from sedp.core.cache import ContentCache, content_key
from sedp.core.errors import SedpError
from sedp.core.files import atomic_write, write_if_changed
from sedp.core.fmt import parse_date
from sedp.core.progress import QUIET, Progress
from sedp.render.docx import ast
from sedp.render.docx.reference import build_reference, pandoc_path

STYLE_VERSION = "13"  # bump when the finishing below changes, to refresh the cache
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


def key_values(rows: list[list], group_rows=()) -> list:
    """"Label: value" paragraphs; a sub-group's label ("Thành phần tham dự:") on a line of its own."""
    return [ast.para([ast.strong(ast.text(f"{label}:"))]) if i in group_rows
            else ast.para([ast.strong(ast.text(f"{label}:")), {"t": "Space"}, *ast.text(value)])
            for i, (label, value) in enumerate(rows) if value or i in group_rows]


def step_section(step, blocks: list[dict]) -> list:
    out = [ast.header(1, ast.text(f"Bước {step.number}. {step.title}"))]
    for block in blocks:
        if block["heading"]:
            out.append(ast.header(2, ast.text(block["heading"])))
        if block["headers"] == ["Nội dung", "Giá trị"] or block["headers"] == ["Nội dung"]:
            out.extend(key_values(block["rows"], block.get("group_rows") or ()) if len(block["headers"]) == 2
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

    def __init__(self, cache_dir: Path, jobs: int | None = None, reference: Path | None = None):
        self.cache = ContentCache(cache_dir, ".docx")
        self.jobs = jobs or os.cpu_count() or 1
        self.stats = DocxStats()
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.reference = reference or cache_dir.with_name("reference.docx")  # beside the cache, not in it
        if not self.reference.is_file():  # built once, written whole (two builds may race here)
            atomic_write(self.reference, _reference_bytes(cache_dir))
        self.salt = content_key(STYLE_VERSION, self.reference.read_bytes())

    def key(self, document: str) -> str:
        """document: the AST as JSON text (built deterministically, so equal plans give equal text)."""
        return content_key(self.salt, document)

    def write_all(self, documents: list[tuple[str, Path]], progress: Progress = QUIET) -> None:
        """Every (AST, target)."""
        progress.start("văn bản", len(documents))
        try:
            with ThreadPoolExecutor(self.jobs) as pool:
                for _ in pool.map(lambda item: self.write(*item), documents):
                    progress.step()
        finally:
            progress.done()

    def prune(self) -> int:
        return self.cache.prune()

    def write(self, document: str, target: Path) -> None:
        key = self.key(document)
        content = self.cache.get(key)
        if content is not None:
            with self.stats.lock:
                self.stats.cached += 1
        else:
            content = self._convert(document, target)
            self.cache.put(key, content)
        write_if_changed(target, content)  # unchanged: its date stays, the site build sees nothing to redo

    def _convert(self, document: str, target: Path) -> bytes:
        with self.stats.lock:
            self.stats.pandoc_calls += 1
        with tempfile.TemporaryDirectory(dir=self.cache.folder) as folder:
            raw = Path(folder) / "out.docx"
            try:
                result = subprocess.run([pandoc_path(), "-f", "json", "-t", "docx", "--reference-doc",
                                         str(self.reference), "-o", str(raw)], input=document.encode("utf-8"),
                                        capture_output=True, env=REPRODUCIBLE)
            except OSError as exc:
                raise DocxError(target, str(exc)) from None
            if result.returncode != 0 or not raw.is_file():
                raise DocxError(target, result.stderr.decode("utf-8", "replace").strip())
            finish(raw)
            return raw.read_bytes()


class DocxError(SedpError):
    """pandoc could not write a document."""

    code = "pandoc"

    def __init__(self, target: Path, detail: str):
        first = detail.strip().splitlines()[0].removeprefix("pandoc: ") if detail.strip() else "không rõ lý do"
        super().__init__(f"pandoc không viết được văn bản {target.name} ({first}). Xoá thư mục build/ "
                         "(sedp tạo lại được) rồi chạy lại; nếu vẫn lỗi, cài lại bằng `make setup`.")


def _reference_bytes(folder: Path) -> bytes:
    with tempfile.TemporaryDirectory(dir=folder) as temporary:
        path = Path(temporary) / "reference.docx"
        build_reference(path)
        return path.read_bytes()


# pandoc dates the package (zip entries, docProps) by this instead of the clock,
# so the same plan always gives the same bytes.
REPRODUCIBLE = {**os.environ, "SOURCE_DATE_EPOCH": "946684800"}  # 2000-01-01


# -- finishing ---------------------------------------------------------------
# The reference DOCX already gives A4, the decree's margins and the page number
# header (pandoc keeps them); what is left is edited in word/document.xml with
# lxml, copying every other part of the package as it is: loading and saving
# the whole document with python-docx cost more than half a pandoc run.
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _el(tag: str, **attributes) -> etree._Element:
    element = etree.Element(_w(tag))
    for key, value in attributes.items():
        element.set(_w(key), str(value))
    return element


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(_w("t")))


def finish(path: Path) -> None:
    with zipfile.ZipFile(path) as package:
        entries = [(info, package.read(info.filename)) for info in package.infolist()]
    parts = {info.filename: data for info, data in entries}
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(_w("body"))
    tables = body.findall(_w("tbl"))
    annex = next((p for p in body.findall(_w("p")) if _text(p).startswith(ANNEX_MARK)), None)
    order = {id(child): position for position, child in enumerate(body)}
    annex_at = order[id(annex)] if annex is not None else len(order)
    for index, table in enumerate(tables):
        first_cell = table.find(f"{_w('tr')}/{_w('tc')}")
        first = _text(first_cell).strip() if first_cell is not None else ""
        if index == 0 or first.startswith("Nơi nhận"):
            _borders(table, "nil")
            _block_layout(table, centre_first_column=not first.startswith("Nơi nhận"))
        else:
            _borders(table, "single")
            _full_width(table, LANDSCAPE_TEXT if order[id(table)] > annex_at else None)
    if tables:
        _national_motto_size(tables[0])
    if annex is not None:
        _landscape_from(body, annex)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info, _ in entries:
            info.date_time = (2000, 1, 1, 0, 0, 0)  # parts copied from the reference carry its date
            package.writestr(info, parts[info.filename])
    atomic_write(path, out.getvalue())


def _first_child(parent, tag: str):
    """parent's <w:tag> properties element, made first when it has none (properties lead in OOXML)."""
    child = parent.find(_w(tag))
    if child is None:
        child = _el(tag)
        parent.insert(0, child)
    return child


def _table_properties(table):
    return _first_child(table, "tblPr")


def _replace(parent, element) -> None:
    for old in parent.findall(element.tag):
        parent.remove(old)
    parent.append(element)


def _borders(table, kind: str) -> None:
    borders = _el("tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        attributes = {"val": kind} if kind == "nil" else {"val": kind, "sz": 4, "space": 0, "color": "000000"}
        borders.append(_el(edge, **attributes))
    _replace(_table_properties(table), borders)


# Text width of a landscape A4 page with the reference's margins, in twips (567 a centimetre).
LANDSCAPE_TEXT = 14572
EM, PADDING = 220, 260  # 11-pt table text in twips; a cell's two margins and its borders
SPACE = EM // 4
_NARROW, _WIDE = set("iljtfr.,:;'|!()[]/-"), set("mwMW")


@functools.lru_cache(maxsize=65536)  # the same words fill every commune's tables
def _word_width(word: str, bold: bool) -> int:
    """Twips a word takes in 11-pt Times New Roman (Vietnamese marks sit on their letter)."""
    ems = 0.0
    for character in unicodedata.normalize("NFD", word):
        if unicodedata.combining(character):
            continue
        if character in _NARROW or character == "I":
            ems += 0.3
        elif character in _WIDE:
            ems += 0.9
        elif character.isupper():
            ems += 0.72
        else:  # lower-case letters and digits alike
            ems += 0.5
    return int(ems * EM * (1.08 if bold else 1.0))


def _full_width(table, text_width: int | None) -> None:
    """Span the text width of the section. In the landscape annex (the Biểu: many columns of
    figures) columns share it by their content, each at least as wide as its longest word,
    so '05/2027' or '1.095' is never broken across lines; fixed widths, so Word and
    LibreOffice Writer lay the table out alike (Writer's automatic layout gives every
    column the same width). Other tables, and an annex table whose words cannot all fit
    across the page, keep the automatic layout (text_width None: not measured, it costs
    a few milliseconds a document)."""
    properties = _table_properties(table)
    widths = _content_widths(table, text_width) if text_width else None
    if widths is None:
        _replace(properties, _el("tblW", w=5000, type="pct"))
        _replace(properties, _el("tblLayout", type="autofit"))
        for width in table.iter(_w("tcW")):
            width.set(_w("type"), "auto")
            width.set(_w("w"), "0")
        return
    _fixed_columns(table, widths)


def _fixed_columns(table, widths) -> None:
    """Fixed layout in these column widths (twips): the table, its grid and every cell say
    the same, so Word and LibreOffice Writer draw it alike; cells past the last width take it."""
    properties = _table_properties(table)
    _replace(properties, _el("tblW", w=sum(widths), type="dxa"))
    _replace(properties, _el("tblLayout", type="fixed"))
    grid = table.find(_w("tblGrid"))
    if grid is not None:
        for column, width in zip(grid.findall(_w("gridCol")), widths, strict=False):
            column.set(_w("w"), str(width))
    for row in table.findall(_w("tr")):
        for column, cell in enumerate(row.findall(_w("tc"))):
            _replace(_first_child(cell, "tcPr"), _el("tcW", w=widths[min(column, len(widths) - 1)], type="dxa"))


def _content_widths(table, text_width: int) -> list[int] | None:
    """Twips per column: the longest word as a floor, the longest text as a wish, the page as the limit."""
    rows = [[_text(cell) for cell in row.findall(_w("tc"))] for row in table.findall(_w("tr"))]
    count = max((len(r) for r in rows), default=0)
    if not count:
        return None
    floors, wishes = [], []
    for column in range(count):
        widest_word = longest_line = 0
        for number, row in enumerate(rows):
            if column < len(row):
                widths = [_word_width(w, number == 0) for w in row[column].split()]  # headers are bold
                widest_word = max(widest_word, *widths, 0)
                longest_line = max(longest_line, sum(widths) + SPACE * max(len(widths) - 1, 0))
        floors.append(max(widest_word, EM) + PADDING)
        wishes.append(longest_line + PADDING)
    if sum(floors) > text_width:
        return None
    wishes = [max(w, f) for w, f in zip(wishes, floors, strict=True)]
    if sum(wishes) <= text_width:  # everything fits on one line: spread what is left alike
        return [int(w * text_width / sum(wishes)) for w in wishes]
    spare = text_width - sum(floors)
    extra = [w - f for w, f in zip(wishes, floors, strict=True)]
    return [int(f + spare * e / sum(extra)) for f, e in zip(floors, extra, strict=True)]


BLOCK_WIDTHS = (3402, 5953)  # twips: 6 cm and 10.5 cm


def _block_layout(table, centre_first_column: bool) -> None:
    """Header and signature blocks: fixed columns, centred lines."""
    _fixed_columns(table, BLOCK_WIDTHS)
    for row in table.findall(_w("tr")):
        for column, cell in enumerate(row.findall(_w("tc"))):
            align = "center" if (column or centre_first_column) else "left"
            for paragraph in cell.findall(_w("p")):
                _replace(_first_child(paragraph, "pPr"), _el("jc", val=align))


def _national_motto_size(table) -> None:
    """Quốc hiệu on one line: 12 pt, as the decree allows (12–13)."""
    cells = table.find(_w("tr")).findall(_w("tc"))
    first = cells[-1].find(_w("p"))
    for run in first.findall(_w("r")):
        properties = _first_child(run, "rPr")
        _replace(properties, _el("sz", val=24))
        _replace(properties, _el("szCs", val=24))


def _landscape_from(body, paragraph) -> None:
    """End the portrait section before `paragraph`; the rest of the document is landscape."""
    final = body.find(_w("sectPr"))
    portrait = copy.deepcopy(final)
    holder = _el("p")
    holder_properties = _el("pPr")
    holder_properties.append(portrait)
    holder.append(holder_properties)
    paragraph.addprevious(holder)
    size = final.find(_w("pgSz"))
    width, height = size.get(_w("w")), size.get(_w("h"))
    size.set(_w("w"), height)
    size.set(_w("h"), width)
    size.set(_w("orient"), "landscape")
    margins = final.find(_w("pgMar"))
    for side, value in (("top", 1701), ("bottom", 850), ("left", 1134), ("right", 1134)):
        margins.set(_w(side), str(value))
    for title_page in final.findall(_w("titlePg")):
        final.remove(title_page)  # the annex's first page carries its number


def district_document(view: dict, meta: dict | None = None) -> dict:
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
    return ast.document(blocks, meta)


def plan_document(view: dict, meta: dict | None = None) -> dict:
    """The commune plan for one year, from the texts year_document gathers."""
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
    return ast.document(blocks, meta)


def year_document(view, handbook, middle: str) -> str:
    """The plan of one commune-year (a model YearView) as pandoc AST, in JSON text:
    cheap to send back from a worker and to hash for the cache."""
    plan, signer = view.plan, view.plan.get("nguoi_ky") or {}
    return json.dumps(plan_document({
        "parent": f"UBND {middle} {view.district_name}",
        "issuer": f"Ủy ban nhân dân {view.commune_title}",
        "number": f"Số: {plan.get('so_ky_hieu') or '      /KH-UBND'}",
        "date_line": date_line(plan.get("dia_danh") or view.commune_data.get("ten", ""), plan.get("ngay_ban_hanh")),
        "year": view.year, "status": view.status["label"], "kind": view.kind,
        "steps": view.step_blocks,
        "budget_sentence": budget_sentence(view.summary, handbook.vocab("nguon-von")),
        "recipients": [str(r) for r in plan.get("noi_nhan") or ["Lưu: VT"]],
        "signer_title": "TM. ỦY BAN NHÂN DÂN", "signer_role": signer.get("chuc_vu") or "Chủ tịch",
        "signer_name": signer.get("ho_ten") or "",
        "forms": view.forms,
    }, view.source.docx_meta()), ensure_ascii=False)


def district_year_document(province: dict, middle: str, name: str, year: str, communes: list, rollup: dict,
                           source) -> str:
    """A district's synthesis for one year, as pandoc AST in JSON text. communes:
    [commune title, status label] rows; rollup: the model's roll-up view."""
    return json.dumps(district_document({
        "parent": f"UBND tỉnh {province.get('ten', '')}",
        "issuer": f"Ủy ban nhân dân {middle.lower()} {name}",
        "date_line": date_line(name, None), "year": year,
        "communes": communes, "rollup": rollup}, source.docx_meta()), ensure_ascii=False)


def budget_sentence(summary, sources) -> str:
    total = summary.budget_total()
    parts = [f"{sources.label(code)} {fmt.number(amount)}" for code, amount in summary.budget_by_source().items()
             if amount]
    text = f"Tổng kinh phí thực hiện kế hoạch: {fmt.number(total)} triệu đồng"
    return text + (", trong đó: " + "; ".join(parts) + " (triệu đồng)." if parts else ".")
