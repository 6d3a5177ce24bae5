"""Writing DOCX files from pandoc ASTs (documents.py builds them), in the official
format (Nghị định 30/2020/NĐ-CP, Phụ lục I).

pandoc converts with the house reference DOCX; lxml then finishes what pandoc
cannot express: the borderless two-column header and signature blocks, table
columns sized by their content, a landscape section for a table too wide for
portrait and for the annex, page numbers at the top from page 2. Documents are
cached by the hash of their content, so an unchanged plan never calls pandoc
again.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
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

from sedp.core.cache import ContentCache, content_key
from sedp.core.errors import SedpError
from sedp.core.files import atomic_write, write_if_changed
from sedp.core.progress import QUIET, Progress
from sedp.render.docx import ast, reference
from sedp.render.docx.reference import build_reference, pandoc_path

STYLE_VERSION = "19"  # bump when the finishing below changes, to refresh the cache


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
        self.reference = reference or reference_file(cache_dir)
        if not self.reference.is_file():  # built once, written whole (two builds may race here)
            atomic_write(self.reference, _reference_bytes(cache_dir))
            for older in self.reference.parent.glob("reference*.docx"):  # an earlier sedp's styles
                if older != self.reference:
                    older.unlink(missing_ok=True)
        self.salt = content_key(STYLE_VERSION, self.reference.read_bytes())

    def key(self, document: bytes) -> str:
        """document: the AST as JSON (built deterministically, so equal plans give equal text)."""
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

    def write(self, packed: bytes, target: Path) -> None:
        """packed: a document as ast.pack gives it."""
        document = ast.unpack(packed)
        key = self.key(document)
        content = self.cache.get(key)
        if content is not None:
            with self.stats.lock:
                self.stats.cached += 1
        else:
            content = self._convert(document, target)
            self.cache.put(key, content)
        write_if_changed(target, content)  # unchanged: its date stays, the site build sees nothing to redo

    def _convert(self, document: bytes, target: Path) -> bytes:
        with self.stats.lock:
            self.stats.pandoc_calls += 1
        with tempfile.TemporaryDirectory(dir=self.cache.folder) as folder:
            raw = Path(folder) / "out.docx"
            try:
                result = subprocess.run([pandoc_path(), "-f", "json", "-t", "docx", "--reference-doc",
                                         str(self.reference), "-o", str(raw)], input=document,
                                        capture_output=True, env=REPRODUCIBLE)
            except OSError as exc:
                raise DocxError(target, str(exc)) from None
            if result.returncode != 0 or not raw.is_file():
                raise DocxError(target, result.stderr.decode("utf-8", "replace").strip())
            finish(raw)
            return raw.read_bytes()


def reference_file(cache_dir: Path) -> Path:
    """The house styles beside the cache, named by the code that builds them, so a
    new sedp never writes with an older version's styles."""
    source = Path(reference.__file__).read_bytes()
    return cache_dir.with_name(f"reference-{hashlib.sha256(source).hexdigest()[:12]}.docx")


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
    """The words in element; a tracked deletion's too (a redline's column holds both figures)."""
    return "".join(t.text or "" for t in element.iter(_w("t"), _w("delText")))


def finish(path: Path) -> None:
    with zipfile.ZipFile(path) as package:
        entries = [(info, package.read(info.filename)) for info in package.infolist()]
    parts = {info.filename: data for info, data in entries}
    root = etree.fromstring(parts["word/document.xml"])
    _finish_body(root.find(_w("body")))
    _revisions(root)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info, _ in entries:
            info.date_time = (2000, 1, 1, 0, 0, 0)  # parts copied from the reference carry its date
            package.writestr(info, parts[info.filename])
    atomic_write(path, out.getvalue())


def _finish_body(body) -> None:
    """Borderless header and signature blocks; data tables bordered, in columns sized by
    their content, each in a landscape section when it cannot be read across a portrait
    page; the annex landscape from its heading on."""
    children = [child for child in body if child.tag != _w("sectPr")]
    annex_at = next((i for i, child in enumerate(children) if _style(child) == ANNEX_STYLE), len(children))
    landscape = [i >= annex_at for i in range(len(children))]
    tables = [i for i, child in enumerate(children) if child.tag == _w("tbl")]
    for number, index in enumerate(tables):
        table = children[index]
        first_cell = table.find(f"{_w('tr')}/{_w('tc')}")
        first = _text(first_cell).strip() if first_cell is not None else ""
        if number == 0 or first.startswith("Nơi nhận"):
            _borders(table, "nil")
            _block_layout(table, centre_first_column=not first.startswith("Nơi nhận"))
            continue
        _borders(table, "single")
        for row in table.findall(_w("tr")):  # a row (a totals row too) never starts on one page and ends on the next
            _first_child(row, "trPr").append(_el("cantSplit"))
        widths, wide, dense = _layout(table, landscape_only=landscape[index])
        if wide and not landscape[index]:  # too wide for portrait: the table and its headings turn the page
            landscape[index] = True
            before = index - 1
            while before >= 0 and (_style(children[before]) or "").startswith("Heading"):
                landscape[before] = True
                before -= 1
        if dense:
            _dense(table)
        if widths is None:  # no page holds its longest words side by side: the reader's program lays it out
            _autofit(table)
        else:
            _fixed_columns(table, widths)
    if tables:
        _national_motto_size(children[tables[0]])
    _join_landscape(children, landscape)
    _sections(body, children, landscape)


REVISIONS = ("ins", "del")
MARK_PREFIX = "sedp-"  # render/docx/redline.py's markers of a row or paragraph added or removed whole


def _revisions(root) -> None:
    """Tracked changes (the redline): a marker of a whole row or paragraph becomes its own
    revision mark (w:trPr/w:ins|w:del, w:pPr/w:rPr/w:ins|w:del) with the author and date of
    the changes inside it; then every revision gets an id of its own (pandoc gives a
    deletion and its insertion one), above the bookmarks' ids."""
    revisions = [e for kind in REVISIONS for e in root.iter(_w(kind))]
    if not revisions:
        return
    for start in list(root.iter(_w("bookmarkStart"))):
        name = start.get(_w("name")) or ""
        if not name.startswith(MARK_PREFIX):
            continue
        _, what, kind, _ = name.split("-", 3)
        for end in root.iter(_w("bookmarkEnd")):
            if end.get(_w("id")) == start.get(_w("id")):
                end.getparent().remove(end)
                break
        paragraph = start.getparent()
        paragraph.remove(start)
        holder = next((a for a in paragraph.iterancestors(_w("tr"))), None) if what == "row" else paragraph
        inside = next((e for e in holder.iter(_w(kind))), None) if holder is not None else None
        if inside is None:
            continue
        mark = _el(kind)
        for attribute in ("author", "date"):
            mark.set(_w(attribute), inside.get(_w(attribute)))
        if what == "row":
            _first_child(holder, "trPr").append(mark)
        else:
            properties = _first_child(holder, "pPr")
            run_properties = properties.find(_w("rPr"))
            if run_properties is None:
                run_properties = _el("rPr")
                properties.append(run_properties)
            run_properties.insert(0, mark)
    taken = [int(e.get(_w("id"))) for e in root.iter(_w("bookmarkStart")) if (e.get(_w("id")) or "").isdigit()]
    number = max(taken, default=0)
    for element in root.iter(_w("ins"), _w("del")):
        number += 1
        element.set(_w("id"), str(number))


def _join_landscape(children: list, landscape: list[bool], short: int = 3) -> None:
    """A few lines without a table between two landscape tables ("Nhu cầu: xem Biểu 1")
    turn with them, rather than take a portrait page of their own."""
    index = 0
    while index < len(children):
        if landscape[index]:
            index += 1
            continue
        end = index
        while end < len(children) and not landscape[end]:
            end += 1
        between = children[index:end]
        if 0 < index and end < len(children) and len(between) <= short \
                and not any(child.tag == _w("tbl") for child in between):
            landscape[index:end] = [True] * (end - index)
        index = end


ANNEX_STYLE = "Phuluc"  # the annex heading's paragraph style (custom-style "Phu luc")


def _style(element) -> str | None:
    found = element.find(f"{_w('pPr')}/{_w('pStyle')}") if element.tag == _w("p") else None
    return found.get(_w("val")) if found is not None else None


def _sections(body, children: list, landscape: list[bool]) -> None:
    """A section per run of portrait or landscape content: a section ends at a paragraph
    holding its properties, the last one's are the body's own. Only the first section
    has a first page without a number (the decree: page numbers from page 2)."""
    final = body.find(_w("sectPr"))
    if final is None or not any(landscape):
        return
    portrait = copy.deepcopy(final)
    ends = [i for i in range(1, len(children)) if landscape[i] != landscape[i - 1]]
    for number, index in enumerate(ends):
        holder = _el("p")
        holder_properties = _el("pPr")
        holder_properties.append(_oriented(portrait, landscape[index - 1], keep_title_page=number == 0))
        holder.append(holder_properties)
        children[index].addprevious(holder)
    body.replace(final, _oriented(portrait, landscape[-1], keep_title_page=not ends))


def _oriented(portrait, landscape: bool, keep_title_page: bool):
    properties = copy.deepcopy(portrait)
    if landscape:
        size = properties.find(_w("pgSz"))
        width, height = size.get(_w("w")), size.get(_w("h"))
        size.set(_w("w"), height)
        size.set(_w("h"), width)
        size.set(_w("orient"), "landscape")
        margins = properties.find(_w("pgMar"))
        for side, value in (("top", 1701), ("bottom", 850), ("left", 1134), ("right", 1134)):
            margins.set(_w(side), str(value))
    if not keep_title_page:
        for title_page in properties.findall(_w("titlePg")):
            properties.remove(title_page)  # later sections number their first page
    return properties


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


# Text widths of A4 pages with the reference's margins, in twips (567 a centimetre).
LANDSCAPE_TEXT = 14572
PORTRAIT_TEXT = 9355  # 21 cm less 3 cm and 1.5 cm
EM, PADDING = 220, 260  # 11-pt table text in twips; a cell's two margins and its borders
# A table whose longest words alone take most of the page (Biểu 6: sixteen columns)
# is set dense: 10-pt text, narrower cell margins, so its text columns get room.
DENSE_EM, DENSE_PADDING, DENSE_MARGIN, DENSE_STYLE = 200, 150, 57, "Bangnho"
CRAMPED = 0.7  # share of the text width the floors may take before a table is cramped
CRAMPED_PORTRAIT = 0.8  # a little more on a portrait page, rather than turn the page for a table
_NARROW, _WIDE = set("iljtfr.,:;'|!()[]/-"), set("mwMW")


@functools.lru_cache(maxsize=65536)  # the same words fill every commune's tables
def _word_ems(word: str, bold: bool) -> float:
    """Ems a word takes in Times New Roman (Vietnamese marks sit on their letter)."""
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
    return ems * (1.08 if bold else 1.0)


def _autofit(table) -> None:
    """Span the text width and let the reader's program size the columns."""
    properties = _table_properties(table)
    _replace(properties, _el("tblW", w=5000, type="pct"))
    _replace(properties, _el("tblLayout", type="autofit"))
    for width in table.iter(_w("tcW")):
        width.set(_w("type"), "auto")
        width.set(_w("w"), "0")


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


def _content_widths(table, text_width: int, em: int = EM, padding: int = PADDING) -> tuple[list[int], float] | None:
    """Twips per column: the longest word (headers' included) as a floor, the longest
    cell text as a wish, the page as the limit; and the share of the width the floors
    take. None when the floors alone are wider than the page."""
    rows = [[_text(cell) for cell in row.findall(_w("tc"))] for row in table.findall(_w("tr"))]
    count = max((len(r) for r in rows), default=0)
    if not count:
        return None
    space = em / 4
    floors, wishes = [], []
    for column in range(count):
        widest_word = longest_line = 0.0
        for number, row in enumerate(rows):
            if column < len(row):
                widths = [_word_ems(w, number == 0) * em for w in row[column].split()]  # headers are bold
                widest_word = max(widest_word, *widths, 0)
                if number:  # a header wraps between its words at no cost; the cells below ask for width
                    longest_line = max(longest_line, sum(widths) + space * max(len(widths) - 1, 0))
        floors.append(int(max(widest_word, em)) + padding)
        wishes.append(int(longest_line) + padding)
    if sum(floors) > text_width:
        return None
    wishes = [max(w, f) for w, f in zip(wishes, floors, strict=True)]
    if sum(wishes) <= text_width:  # everything fits on one line: spread what is left alike
        return [int(w * text_width / sum(wishes)) for w in wishes], sum(floors) / text_width
    spare = text_width - sum(floors)
    extra = [w - f for w, f in zip(wishes, floors, strict=True)]
    return [int(f + spare * e / sum(extra)) for f, e in zip(floors, extra, strict=True)], sum(floors) / text_width


def _layout(table, landscape_only: bool) -> tuple[list[int] | None, bool, bool]:
    """(column widths, landscape, dense): the first of portrait, landscape, landscape
    dense where the table is not cramped; else the last where it fits at all."""
    tries = [(LANDSCAPE_TEXT, False), (LANDSCAPE_TEXT, True)]
    if not landscape_only:
        tries.insert(0, (PORTRAIT_TEXT, False))
    fitting = None
    for width, dense in tries:
        found = _content_widths(table, width, DENSE_EM, DENSE_PADDING) if dense else _content_widths(table, width)
        if found is None:
            continue
        fitting = (found[0], width == LANDSCAPE_TEXT, dense)
        if found[1] <= (CRAMPED_PORTRAIT if width == PORTRAIT_TEXT else CRAMPED):
            return fitting
    return fitting or (None, landscape_only, False)


def _dense(table) -> None:
    """10-pt text and narrow cell margins (the DENSE_ sizes _layout measured with)."""
    margins = _el("tblCellMar")
    for side in ("left", "right"):
        margins.append(_el(side, w=DENSE_MARGIN, type="dxa"))
    _replace(_table_properties(table), margins)
    for paragraph in table.iter(_w("p")):
        properties = _first_child(paragraph, "pPr")
        for old in properties.findall(_w("pStyle")):
            properties.remove(old)
        properties.insert(0, _el("pStyle", val=DENSE_STYLE))  # the style leads a paragraph's properties


BLOCK_WIDTHS = (3402, 5953)  # twips: 6 cm and 10.5 cm


def _block_layout(table, centre_first_column: bool) -> None:
    """Header and signature blocks: fixed columns, centred lines."""
    _fixed_columns(table, BLOCK_WIDTHS)
    for row in table.findall(_w("tr")):
        _first_child(row, "trPr").append(_el("cantSplit"))  # a signature never starts on one page and ends on the next
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
