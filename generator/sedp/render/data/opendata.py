"""Open data (the site's du-lieu-mo/, and `sedp export`): CSV per Biểu and per
roll-up with a Frictionless data package, and XLSX workbooks (one sheet per
Biểu, totals as formulas).

CSV is for machines: numbers with a decimal point, no thousands separator, no
totals row; vocabulary codes shown by their Vietnamese labels. XLSX is for
people: Vietnamese headers and number formats, and the same layout that
`sedp import xlsx` reads back.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sedp.core.cache import ContentCache, content_key
from sedp.core.data import is_number
from sedp.core.text import slug
from sedp.model.forms import Forms
from sedp.model.rollup import Summary

NUMBER_FORMAT = "#,##0.###"


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


FORMAT = "sedp-xlsx-1"  # bump when write_workbook changes what it writes


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
        return {
            "ngan-sach": (["Lĩnh vực", "Nguồn vốn", "Kinh phí (triệu đồng)"],
                          [[sectors.label(s), sources.label(src), amount]
                           for s in sectors.entries if s in summary.budget
                           for src in sources.entries if summary.budget[s].get(src)
                           for amount in [summary.budget[s][src]]]),
            "nhu-cau": (["Lĩnh vực", "Số nhu cầu"],
                        [[sectors.label(s), summary.needs_by_sector[s]] for s in sectors.entries
                         if summary.needs_by_sector.get(s)]),
            "tham-gia": (["Nhóm", "Số lượt người"],
                         [[e.get("nhan", c), summary.attendance.get(c, 0)] for c, e in groups.entries.items()]),
        }

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
                add_up = [i for i, c in enumerate(table.columns) if c.add_up]
                sheets.append((f"Biểu {table.number}", add_up, headers, rows))
            files[f"{base}/ke-hoach-{commune}-{year}.xlsx"] = self.workbook(sheets)
        return self.collected

    def workbook(self, sheets) -> bytes:
        """XLSX bytes, from the cache when the same tables were written before."""
        if self.cache is None:
            return workbook_bytes(sheets)
        key = content_key(FORMAT, json.dumps([(name, headers, rows) for name, _, headers, rows in sheets],
                                             default=str, ensure_ascii=False))
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
            sheets.append((name, add_up, headers, rows))
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


def workbook_bytes(sheets) -> bytes:
    out = io.BytesIO()
    write_workbook(out, sheets)
    return out.getvalue()


FIXED_TIME = datetime(2000, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _reproducible(data: bytes) -> bytes:
    """The same workbook as the same bytes (so rebuilds change nothing): zip
    entries dated 1980-01-01 instead of the time of writing."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving here
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_workbook(out, sheets) -> None:
    """Into the binary file out, one sheet per (name, columns to add up, headers, rows): bold Vietnamese headers,
    number formats, SUM formulas for the totals row."""
    book = Workbook()
    book.remove(book.active)
    for name, add_up, headers, rows in sheets:
        sheet = book.create_sheet(name[:31])
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # plan text, never a formula Excel would run
        numeric = [i for i in range(len(headers)) if _field_type(rows, i) in ("number", "integer")]
        for index in numeric:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                cell.number_format = NUMBER_FORMAT
        if rows and add_up:
            last = len(rows) + 1
            totals = ["Tổng cộng"] + [None] * (len(headers) - 1)
            for index in add_up:
                letter = get_column_letter(index + 1)
                totals[index] = f"=SUM({letter}2:{letter}{last})"
            sheet.append(totals)
            for cell in sheet[last + 1]:
                cell.font = Font(bold=True)
                cell.number_format = NUMBER_FORMAT
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(str(header)) + 4))
    book.properties.created = book.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    book.save(raw)
    out.write(_reproducible(raw.getvalue()))
