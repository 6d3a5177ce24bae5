"""Open data (the site's du-lieu-mo/, and `sedp export`): CSV per Biểu and per
roll-up with a Frictionless data package, and XLSX workbooks (one sheet per
Biểu, totals as formulas).

CSV is for machines: numbers with a decimal point, no thousands separator, no
totals row; vocabulary codes shown by their Vietnamese labels. XLSX is for
people: Vietnamese headers and number formats, the same layout that `sedp
import xlsx` reads back, totals that stay right when a row is inserted or an
amount edited in Excel or LibreOffice (formulas, with their values stored for
readers that compute nothing), and print settings so a sheet prints on A4 in
a few pages (column widths, wrapped text, the header row on every page).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from copy import copy
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from sedp.core import fmt
from sedp.core.cache import ContentCache, content_key
from sedp.core.data import is_number, total
from sedp.core.text import slug
from sedp.model.forms import TOTAL_LABEL, Forms
from sedp.model.rollup import Summary

NUMBER_FORMAT = "#,##0.###"
YEAR_FORMAT = "0"  # 2027, not 2.027
SHARE_HEADER = "Tỷ lệ (%)"


def cell_value(value, column, handbook):
    """A Biểu cell as data: numbers stay numbers, codes become labels, lists are joined."""
    if column.vocab:
        vocab = handbook.vocab(column.vocab)
        if isinstance(value, list):
            return ", ".join(vocab.label(v) for v in value)
        return vocab.label(value) if value is not None else None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _csv_text(headers, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else (format(v, "f") if isinstance(v, Decimal) else v) for v in row])
    return out.getvalue()


def _field_type(rows, index) -> str:
    values = [r[index] for r in rows if r[index] is not None]
    if values and all(is_number(v) for v in values):
        return "integer" if all(isinstance(v, int) for v in values) else "number"
    return "string"


FORMAT = "sedp-xlsx-3"  # bump when write_workbook changes what it writes
ROLLUP_TITLES = {"ngan-sach": "Hoạt động và ngân sách", "nhu-cau": "Nhu cầu thôn, xóm theo lĩnh vực",
                 "tham-gia": "Sự tham gia"}  # printed above a roll-up sheet, as the site titles the table


@dataclass
class Sheet:
    """One sheet of a workbook: the header row, the data rows, then a totals row."""

    name: str
    headers: list
    rows: list
    add_up: list = field(default_factory=list)  # columns added up in the totals row
    row_sums: dict = field(default_factory=dict)  # column -> the columns it adds up, in each row
    title: str = ""  # printed at the top of every page
    landscape: bool = True
    years: list = field(default_factory=list)  # columns of years (no thousands separator)
    percents: dict = field(default_factory=dict)  # column -> decimals: figures in percent, shown as 6,25%

    def key(self) -> list:
        return [self.name, self.headers, self.rows, self.add_up, sorted(self.row_sums.items()), self.title,
                self.landscape, self.years, sorted(self.percents.items())]


@dataclass
class DataFiles:
    """Open data files made by one call, with what the data package and the cache need."""

    files: dict = field(default_factory=dict)  # path under du-lieu-mo/ -> bytes
    resources: list = field(default_factory=list)  # their data-package descriptions
    fresh: dict = field(default_factory=dict)  # XLSX cache key -> bytes, made now, not stored yet
    keys: list = field(default_factory=list)  # every XLSX cache key used (fresh or found)


class OpenData:
    """Open data files of communes and roll-ups. Each call returns its files with
    their data-package descriptions and the XLSX cache entries it made (stored by
    the caller once the whole province is known to be valid)."""

    def __init__(self, handbook, forms: Forms | None = None, cache: Path | None = None):
        self.handbook = handbook
        self.cache = ContentCache(cache, ".xlsx") if cache is not None else None
        self.forms = forms or Forms(handbook)
        self.collected = DataFiles()  # of the current call

    def form_rows(self, steps: dict):
        """(table, headers, data rows) for every Biểu of one plan year."""
        for table in self.forms.tables(steps):
            headers = [c.label for c in table.columns]
            rows = [[cell_value(v, c, self.handbook) for v, c in zip(row, table.columns, strict=True)] for row in table.rows]
            yield table, headers, rows

    def rollup_rows(self, summary: Summary) -> dict:
        sectors, sources = self.handbook.vocab("linh-vuc"), self.handbook.vocab("nguon-von")
        groups = self.handbook.vocab("nhom-tham-du")
        people = summary.attendance.get(self.handbook.attendance_total(), 0)
        return {
            "ngan-sach": (["Lĩnh vực", "Nguồn vốn", "Kinh phí (triệu đồng)"],
                          [[sectors.label(s), sources.label(src), amount]
                           for s in sectors.entries if s in summary.budget
                           for src in sources.entries if summary.budget[s].get(src)
                           for amount in [summary.budget[s][src]]]),
            "nhu-cau": (["Lĩnh vực", "Số nhu cầu"],
                        [[sectors.label(s), summary.needs_by_sector[s]] for s in sectors.entries
                         if summary.needs_by_sector.get(s)]),
            "tham-gia": (["Nhóm", "Số lượt người", SHARE_HEADER],
                         [[e.get("nhan", c), summary.attendance.get(c, 0), self.share(summary.attendance.get(c, 0),
                                                                                        people)]
                          for c, e in groups.entries.items()]),
        }

    def share(self, part, whole) -> Decimal | None:
        """A share in percent with the handbook's decimals (6.25 for 1/16): the figure the
        site and the DOCX print, so the data says the same."""
        return fmt.share(part, whole, self.handbook.share_places)

    def commune_files(self, district: str, commune: str, years: dict) -> DataFiles:
        """CSV per Biểu and the XLSX workbook for each plan year of one commune."""
        self.collected = DataFiles()
        files = self.collected.files
        for year, steps in sorted(years.items()):
            base = f"{district}/{commune}/{year}"
            sheets = []
            for table, headers, rows in self.form_rows(steps):
                relative = f"{base}/bieu-{table.number}.csv"
                files[relative] = _csv_text(headers, rows).encode("utf-8")
                self._describe(relative, headers, rows, f"Biểu {table.number}. {table.title} – {commune} {year}")
                sheets.append(form_sheet(table, headers, rows))
            files[f"{base}/ke-hoach-{commune}-{year}.xlsx"] = self.workbook(sheets)
        return self.collected

    def workbook(self, sheets) -> bytes:
        """XLSX bytes, from the cache when the same tables were written before."""
        if self.cache is None:
            return workbook_bytes(sheets)
        key = content_key(FORMAT, json.dumps([sheet.key() for sheet in sheets], default=str, ensure_ascii=False))
        self.collected.keys.append(key)
        content = self.cache.get(key)
        if content is None:
            content = workbook_bytes(sheets)
            self.collected.fresh[key] = content  # stored by the caller, once the build is known to be valid
        return content

    def rollup_files(self, area: str, label: str, year: str, summary: Summary) -> DataFiles:
        """The roll-up tables of a district (area: its folder) or of the province (area "")."""
        self.collected = DataFiles()
        prefix = f"{area}/" if area else ""
        files, sheets = self.collected.files, []
        for name, (headers, rows) in self.rollup_rows(summary).items():
            relative = f"{prefix}tong-hop-{year}-{name}.csv"
            files[relative] = _csv_text(headers, rows).encode("utf-8")
            self._describe(relative, headers, rows, f"Tổng hợp {name} năm {year} – {label}")
            # Participation rows are a total and its groups: adding them up means nothing.
            add_up = [] if name == "tham-gia" else [len(headers) - 1]
            percents = {i: self.handbook.share_places for i, h in enumerate(headers) if h == SHARE_HEADER}
            sheets.append(Sheet(name, headers, rows, add_up, title=f"{ROLLUP_TITLES[name]} năm {year} – {label}",
                                landscape=False, percents=percents))
        if area:
            files[f"{area}/tong-hop-{area}-{year}.xlsx"] = self.workbook(sheets)
        return self.collected

    @staticmethod
    def package(province: dict, resources: list[dict]) -> bytes:
        package = {
            "name": f"sedp-{slug(province.get('ten', 'tinh'))}",
            "title": f"Kế hoạch phát triển kinh tế - xã hội cấp xã – tỉnh {province.get('ten', '')}",
            "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                          "title": "Creative Commons Attribution 4.0"}],
            "resources": sorted(resources, key=lambda r: r["path"]),
        }
        return json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")

    def _describe(self, relative: str, headers: list, rows: list, title: str) -> None:
        self.collected.resources.append({
            "name": relative.removesuffix(".csv").replace("/", "-"), "path": relative, "title": title,
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [{"name": h, "type": _field_type(rows, i)} for i, h in enumerate(headers)]},
        })


def form_sheet(table, headers: list, rows: list) -> Sheet:
    """The sheet of one Biểu: its totals, its per-row sums (`tong_cua`) as formulas."""
    columns = table.columns
    row_sums = {}
    for index, column in enumerate(columns):
        if column.sum_of is not None:
            size = len(column.sum_of)
            row_sums[index] = [i for i, part in enumerate(columns)
                               if part.sum_of is None and len(part.path) > size and part.path[:size] == column.sum_of]
    return Sheet(f"Biểu {table.number}", headers, rows, [i for i, c in enumerate(columns) if c.add_up], row_sums,
                 f"Biểu {table.number}. {table.title}", table.landscape, [i for i, c in enumerate(columns) if c.year])


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    out = io.BytesIO()
    write_workbook(out, sheets)
    return out.getvalue()


FIXED_TIME = datetime(2000, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_CUSTOM_HEIGHT = re.compile(rb'(<row [^>]*?) customHeight="1"')
_FORMULA = re.compile(rb'(<c r="([A-Z]+[0-9]+)"[^>]*><f>[^<]*</f>)<v\s*/?>(?:</v>)?')


def _reproducible(data: bytes, cached: list[dict] = ()) -> bytes:
    """The same workbook as the same bytes (so rebuilds change nothing): zip
    entries dated 1980-01-01 instead of the time of writing. cached: per sheet,
    the value of each formula cell (openpyxl cannot store them), so programs
    that read values without computing (pandas, viewers) see the totals."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving here
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            if info.filename.startswith("xl/worksheets/sheet"):  # heights estimated, rows still fit to text
                content = _CUSTOM_HEIGHT.sub(rb"\g<1>", content)
            sheet = re.fullmatch(r"xl/worksheets/sheet([0-9]+)\.xml", info.filename)
            if sheet and int(sheet[1]) <= len(cached):
                content = _with_values(content, cached[int(sheet[1]) - 1])
            target.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _with_values(xml: bytes, values: dict) -> bytes:
    """A sheet's formula cells with the values given (by cell reference) stored beside the formula."""
    def fill(match):
        value = values.get(match[2].decode())
        return match[0] if value is None else match[1] + b"<v>" + _plain(value).encode() + b"</v>"
    return _FORMULA.sub(fill, xml) if values else xml


def _plain(value) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


FONT, BOLD = Font(name="Times New Roman", size=11), Font(name="Times New Roman", size=11, bold=True)
LINE_HEIGHT = 14.5  # points per line of 11 pt text
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
_LOOKS = {"header": (BOLD, HEADER_ALIGN, BORDER), "cell": (FONT, WRAP, BORDER), "total": (BOLD, WRAP, BORDER)}
TEXT_WIDTH = (8, 50)  # a text column's width in characters: at least, at most (longer text wraps)
NUMBER_WIDTH = (8, 16)
PAGE_WIDTH = {True: 165, False: 110}  # characters across an A4 page, landscape or not, before it is scaled down


def _shown(value) -> str:
    """About what Excel shows in the cell: numbers with their separators."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, Decimal, float)):
        return f"{value:,}"
    return str(value)


def _width(header, values, numeric: bool) -> float:
    """A column's width: its longest value (a text's longest line), but no
    narrower than the header's longest word, and capped so long text wraps."""
    low, high = NUMBER_WIDTH if numeric else TEXT_WIDTH
    word = max((len(w) for w in str(header).split()), default=0)
    longest = max((len(line) for v in values for line in _shown(v).splitlines()), default=0)
    return float(min(high, max(low, word + 2, longest + 2)))


def _fit(widths: list[float], floors: list[float], page: float) -> list[float]:
    """Narrow the widest columns (never below their floor) until the table fits across the page: long text
    wraps onto more lines instead of the whole sheet printing smaller."""
    if sum(widths) <= page:
        return widths
    low, high = 0.0, max(widths)
    for _ in range(30):  # the widest width allowed, found by halving
        cap = (low + high) / 2
        if sum(max(floor, min(w, cap)) for w, floor in zip(widths, floors, strict=True)) > page:
            high = cap
        else:
            low = cap
    return [float(round(max(floor, min(w, low)))) for w, floor in zip(widths, floors, strict=True)]


def _lines(value, width: float) -> int:
    """About how many lines a wrapped cell takes in a column width characters wide (words kept whole)."""
    per_line = max(1, int(width * 1.2) - 1)  # Times New Roman is narrower than the width unit (Calibri's 0)
    count = 0
    for paragraph in _shown(value).splitlines() or [""]:
        lines, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                lines, used = lines + 1, 0
            used += (1 if used else 0) + len(word)
            while used > per_line:  # a word longer than the line breaks anywhere
                lines, used = lines + 1, used - per_line
        count += lines
    return count


def _row_formula(parts: list[int], row: int) -> str | None:
    """The sum of some cells of a row: =SUM(H2:N2) when they are side by side, =SUM(H2,J2) otherwise."""
    if not parts:
        return None
    cells = [f"{get_column_letter(p + 1)}{row}" for p in parts]
    if parts == list(range(parts[0], parts[-1] + 1)):
        return f"=SUM({cells[0]}:{cells[-1]})"
    return f"=SUM({','.join(cells)})"


def write_workbook(out, sheets: list[Sheet]) -> None:
    """Into the binary file out, one sheet per Sheet: bold Vietnamese headers repeated on every printed page,
    number formats, per-row sums and the totals row as formulas (the totals add up every row between the header
    and themselves, so a row inserted anywhere in the table, even right above the totals, is counted), column
    widths, wrapped text, A4 pages as wide as the table."""
    book = Workbook()
    book.remove(book.active)
    cached = []
    styled: dict = {}  # a cell's look, made once: openpyxl hashes every Font and Border it is given

    def look(cell, kind: str, number_format: str = "General") -> None:
        template = styled.get((kind, number_format))
        if template is None:
            cell.font, cell.alignment, cell.border = _LOOKS[kind]
            if kind == "header":
                cell.fill = HEADER_FILL
            cell.number_format = number_format
            styled[(kind, number_format)] = copy(cell._style)
        else:
            cell._style = copy(template)

    for spec in sheets:
        sheet = book.create_sheet(spec.name[:31])
        headers, rows = spec.headers, spec.rows
        sheet.append(headers)
        for cell in sheet[1]:
            look(cell, "header")
        numeric = {i for i in range(len(headers)) if _field_type(rows, i) in ("number", "integer")}
        numeric |= set(spec.row_sums) | set(spec.add_up)
        values: dict = {}
        shown = [list(row) for row in rows]
        for number, row in enumerate(rows, start=2):
            line = [float(v) if isinstance(v, Decimal) else v for v in row]
            for index in spec.percents:  # a spreadsheet's percent format shows a fraction
                line[index] = None if row[index] is None else float(Decimal(row[index]) / 100)
            for index, parts in spec.row_sums.items():
                values[f"{get_column_letter(index + 1)}{number}"] = shown[number - 2][index] = total(
                    row[p] for p in parts)
                line[index] = _row_formula(parts, number)
            sheet.append(line)
            for index, cell in enumerate(sheet[number]):
                if isinstance(cell.value, str) and cell.value.startswith("=") and index not in spec.row_sums:
                    cell.data_type = "s"  # plan text, never a formula Excel would run
                if index in spec.percents:
                    places = spec.percents[index]
                    look(cell, "cell", "0" + ("." + "0" * places if places else "") + "%")
                elif index in numeric:
                    look(cell, "cell", YEAR_FORMAT if index in spec.years else NUMBER_FORMAT)
                else:
                    look(cell, "cell")
        if rows and spec.add_up:
            totals: list = [TOTAL_LABEL] + [None] * (len(headers) - 1)
            last = len(rows) + 2
            for index in spec.add_up:
                letter = get_column_letter(index + 1)
                # From the header row to the row above: Excel and Calc widen the range for any row inserted
                # inside it, and INDEX follows the totals row down when a row is inserted right above it.
                totals[index] = f"=SUM({letter}$1:INDEX({letter}:{letter},ROW()-1))"
                values[f"{letter}{last}"] = total(row[index] for row in shown)
            sheet.append(totals)
            for cell in sheet[last]:
                look(cell, "total", NUMBER_FORMAT)
        cached.append(values)
        widths = [_width(h, [row[i] for row in shown], i in numeric) for i, h in enumerate(headers)]
        floors = [w if i in numeric else max(TEXT_WIDTH[0], max((len(x) for x in str(h).split()), default=0) + 2)
                  for i, (h, w) in enumerate(zip(headers, widths, strict=True))]
        widths = _fit(widths, floors, PAGE_WIDTH[spec.landscape])
        for index, width in enumerate(widths):
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        # Office suites size rows to wrapped text only when it is edited, not when a file is opened: the
        # heights are estimated here (and marked not custom, so a row still grows when its text does).
        for number, row in enumerate([headers, *shown], start=1):
            lines = max((_lines(v, w) for v, w in zip(row, widths, strict=True)), default=1)
            sheet.row_dimensions[number].height = lines * LINE_HEIGHT + 3
        _print_setup(sheet, spec)
    book.properties.created = book.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    book.save(raw)
    out.write(_reproducible(raw.getvalue(), cached))


def _print_setup(sheet, spec: Sheet) -> None:
    """A4, as wide as the page (as many pages down as needed), the header row on every page, the form's title
    above and the page number below, and the header row frozen on screen."""
    sheet.page_setup.orientation = "landscape" if spec.landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3, footer=0.3)
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "A2"
    if spec.title:
        sheet.oddHeader.center.text = spec.title.replace("&", "&&")
        sheet.oddHeader.center.size = 11
    sheet.page_setup.firstPageNumber, sheet.page_setup.useFirstPageNumber = 1, True  # each Biểu from page 1
    sheet.oddFooter.center.text = "Trang &P"
