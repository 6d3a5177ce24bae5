"""Open data (the site's du-lieu-mo/, and `sedp export`): one CSV per kind of
table for the whole province across all plan years, described by a
Frictionless data package, and XLSX workbooks for people (one per
commune-year with a sheet per Biểu, one per district-year, one for the
province with the roll-ups across years and the period).

Every CSV row says when and where it belongs: the plan year (`nam_ke_hoach`;
not `nam`, which Biểu 4 uses for the year of a disaster) and the place
(`huyen`, `xa`: folder codes, named in dia-ban.csv, which the commune tables
reference by foreign key), or, in a roll-up, the level (`cap`: tinh or huyen).
A commune's rows are written once, as CSV text, where the pipeline renders
the commune (and are cached with it); the province's tables are those texts
put together, by plan year then place. Roll-ups come from Summaries, which
add up: every district, province and period figure is exactly the sum of the
figures below it, and a share is computed from the sums, never added up.

CSV is for machines: ASCII field names (their Vietnamese titles in the
schema), numbers with a decimal point, no thousands separator, dates as
yyyy-mm-dd, no totals row; vocabulary codes shown by their Vietnamese labels.
XLSX is for people: Vietnamese headers and number formats, the same layout that `sedp
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
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from sedp.core import fmt
from sedp.core.cache import ContentCache, content_key
from sedp.core.data import is_number, total
from sedp.core.names import PROVINCE_WORKBOOK, commune_workbook, district_workbook, middle_level
from sedp.core.text import slug
from sedp.model.forms import TOTAL_LABEL, Forms
from sedp.model.period import period
from sedp.model.progress import status_label
from sedp.model.records import NOT_UPDATED, VERDICT_LABELS, Record
from sedp.model.rollup import Summary
from sedp.source.handbook import Handbook

NUMBER_FORMAT = "#,##0.###"
YEAR_FORMAT = "0"  # 2027, not 2.027
SHARE_HEADER = "Tỷ lệ (%)"
PLACES = "dia-ban"  # the table naming every district and commune the others refer to


def cell_value(value, column, handbook: Handbook):
    """A Biểu cell as data: numbers stay numbers, codes become labels, lists are joined."""
    if column.vocab:
        vocab = handbook.vocab(column.vocab)
        if isinstance(value, list):
            return ", ".join(vocab.label(v) for v in value)
        return vocab.label(value) if value is not None else None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


class Share(Decimal):
    """A share in percent, with the handbook's fixed decimals in every row ("72.40")."""


def _csv_cell(value):
    """One number format per column: a share with its fixed decimals, any other amount in its
    shortest form (7031, never 7031.0 beside 200); "" where nothing is known, never 0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Share):
        return format(value, "f")
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return value


def _csv_text(headers, rows) -> str:
    """CSV lines (the header row first when headers are given)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if headers is not None:
        writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


def _field_type(rows, index) -> str:
    return _value_type(rows, index) or "string"


def _value_type(rows, index) -> str | None:
    """The Frictionless type a column's values need; None when it has none."""
    values = [r[index] for r in rows if r[index] is not None]
    if not values:
        return None
    if all(is_number(v) for v in values):
        return "integer" if all(isinstance(v, int) for v in values) else "number"
    return "string"


def _wider(one: str | None, other: str | None) -> str | None:
    """The type that holds the values of both columns."""
    if one is None or one == other:
        return other
    if other is None:
        return one
    return "number" if {one, other} == {"integer", "number"} else "string"


def _iso(value) -> str | None:
    """A date of the plans (dd/mm/yyyy or ISO) as yyyy-mm-dd, the date Frictionless reads."""
    parsed = value if isinstance(value, date) else fmt.parse_date(value)
    return parsed.isoformat() if parsed else None


def _name(label: str, taken: set) -> str:
    """A field name from a column's Vietnamese label: "Kinh phí (triệu đồng)" -> kinh_phi_trieu_dong."""
    base = slug(str(label)).replace("-", "_") or "cot"
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}_{number}"
    taken.add(name)
    return name


FORMAT = "sedp-xlsx-3"  # bump when write_workbook changes what it writes
# roll-up sheet -> its part of schema/tong-hop.yaml, whose short label (nhan_ngan) titles the sheet
ROLLUP_PARTS = {"ngan-sach": "hoat_dong", "nhu-cau": "nhu_cau", "tham-gia": "tham_du"}
_NOT_IN_SHEET_NAMES = str.maketrans("", "", "\\/*?:[]")  # Excel refuses these in a sheet's name


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
class Field:
    """A column of a CSV: its name, Vietnamese title and Frictionless type."""

    name: str
    title: str
    type: str = "string"
    description: str = ""

    def schema(self) -> dict:
        described = {"name": self.name, "title": self.title, "type": self.type}
        if self.description:
            described["description"] = self.description
        return described


YEAR = Field("nam_ke_hoach", "Năm kế hoạch", "integer")
COMMUNE = Field("xa", "Xã", description="Mã thư mục của xã (tên và mã đơn vị hành chính ở dia-ban.csv)")
LEVEL = Field("cap", "Cấp", description="tinh: toàn tỉnh; huyen: một huyện (cột huyen)")


def _district(middle: str) -> Field:
    return Field("huyen", middle, description=f"Mã thư mục của {middle.lower()} (tên ở dia-ban.csv)")


@dataclass
class DataTable:
    """One CSV of the province, with what the data package and the "Dữ liệu mở" page say of it."""

    name: str  # the file, without .csv
    title: str
    description: str  # one line
    fields: list
    key: list = field(default_factory=list)  # primary key
    of_communes: bool = False  # its rows name a commune: huyen, xa refer to dia-ban
    text: str = ""  # the CSV rows, without the header
    rows: list = field(default_factory=list)  # the rows as values, for the tables made here (not by communes)

    def __post_init__(self):
        if self.rows and not self.text:
            self.text = _csv_text(None, self.rows)

    def csv(self) -> bytes:
        return (_csv_text([f.name for f in self.fields], []) + self.text).encode("utf-8")

    def resource(self) -> dict:
        schema: dict = {"fields": [f.schema() for f in self.fields]}
        if self.key:
            schema["primaryKey"] = self.key
        if self.of_communes:
            schema["foreignKeys"] = [{"fields": ["huyen", "xa"],
                                      "reference": {"resource": PLACES, "fields": ["huyen", "xa"]}}]
        return {"name": self.name, "path": f"{self.name}.csv", "title": self.title, "description": self.description,
                "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "schema": schema}


@dataclass
class DataFiles:
    """Open data files made by one call, with what the data package and the cache need."""

    files: dict = field(default_factory=dict)  # path under du-lieu-mo/ -> bytes
    resources: list = field(default_factory=list)  # their data-package descriptions
    fresh: dict = field(default_factory=dict)  # XLSX cache key -> bytes, made now, not stored yet
    keys: list = field(default_factory=list)  # every XLSX cache key used (fresh or found)
    # A commune's rows of the province's tables: table -> {"years": {year: CSV text}, "types": [per column]}
    tables: dict = field(default_factory=dict)
    described: list = field(default_factory=list)  # the province's DataTables, in the order the page lists them


class OpenData:
    """Open data files of communes and roll-ups. Each call returns its files with
    their data-package descriptions and the XLSX cache entries it made (stored by
    the caller once the whole province is known to be valid)."""

    def __init__(self, handbook: Handbook, forms: Forms | None = None, cache: Path | None = None):
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
        found = fmt.share(part, whole, self.handbook.share_places)
        return None if found is None else Share(found)

    # A commune: its workbooks, and its rows of the province's tables

    def commune_files(self, district: str, commune: str, years: dict, records: dict | None = None) -> DataFiles:
        """The XLSX workbook of each plan year of one commune, and the commune's rows of
        the province's Biểu and implementation tables. records: year -> Record, when
        already read (else read here)."""
        self.collected = DataFiles()
        for year, steps in sorted(years.items()):
            place = [int(year), district, commune]
            sheets = []
            for table, headers, rows in self.form_rows(steps):
                self._rows(f"bieu-{table.number}", year, [place + row for row in rows], infer=True)
                sheets.append(form_sheet(table, headers, rows))
            self.collected.files[commune_workbook(district, commune, year)] = self.workbook(sheets)
            record = (records or {}).get(year) or Record(self.handbook, steps)
            if record.present:
                self._rows("thuc-hien-hoat-dong", year, [place + self._activity(a) for a in record.activities])
                self._rows("thuc-hien-chi-tieu", year, [place + row for t in record.targets for row in self._target(t)])
                self._rows("thuc-hien-giam-sat", year, [place + row for a in record.activities
                                                        for row in self._supervision(a)])
        return self.collected

    def _rows(self, name: str, year: str, rows: list, infer: bool = False) -> None:
        if not rows:
            return
        table = self.collected.tables.setdefault(name, {"years": {}, "types": []})
        table["years"][year] = _csv_text(None, rows)
        if infer:  # a Biểu's columns are typed by their values, across the province
            found = [_value_type(rows, i) for i in range(len(rows[0]))]
            table["types"] = [_wider(a, b) for a, b in zip(table["types"] or [None] * len(found), found, strict=True)]

    def _sources(self) -> dict:
        return self.handbook.vocab("nguon-von").entries

    def _money_fields(self, name: str, title: str) -> list[Field]:
        return [*(Field(f"{name}_{code}", f"{title}: {e.get('nhan', code)} (triệu đồng)", "number")
                  for code, e in self._sources().items()),
                Field(f"{name}_tong", f"{title}: tổng (triệu đồng)", "number")]

    def activity_fields(self) -> list[Field]:
        return [Field("ma", "Mã hoạt động"), Field("hoat_dong", "Hoạt động"), Field("linh_vuc", "Lĩnh vực"),
                Field("trang_thai", "Trạng thái thực hiện", description=f"«{NOT_UPDATED}»: chưa có trong bản theo dõi"),
                Field("tien_do", "Tiến độ khối lượng (%)", "number"),
                *self._money_fields("kinh_phi", "Kinh phí kế hoạch"),
                *self._money_fields("giai_ngan", "Đã giải ngân"),
                Field("ty_le_giai_ngan", "Tỷ lệ giải ngân (%)", "number"),
                Field("ngay_bat_dau", "Ngày khởi công, bắt đầu", "date"),
                Field("ngay_hoan_thanh", "Ngày hoàn thành", "date"),
                Field("don_vi", "Đơn vị chịu trách nhiệm"), Field("ghi_chu", "Ghi chú")]

    def _activity(self, row) -> list:
        sources = self._sources()
        return [row.code, row.name, self.handbook.vocab("linh-vuc").label(row.sector) if row.sector else None,
                self._status(row.status), row.progress,
                *(row.planned.get(code) for code in sources), row.planned_total,
                *(self._paid(row, code) for code in sources), row.disbursed_total if row.updated else None,
                self.share(row.disbursed_total, row.planned_total) if row.updated else None,
                _iso(row.start), _iso(row.end), row.body, row.note]

    @staticmethod
    def _paid(row, source):
        """Paid from a source: 0 where the plan has money from it and the record paid none yet;
        empty where the record does not speak of the activity (unknown) or the plan has no such money."""
        if not row.updated:
            return None
        return row.disbursed.get(source, Decimal(0) if source in row.planned else None)

    def _status(self, code) -> str:
        return status_label(self.handbook, code)

    def _statuses(self) -> dict:
        vocabularies = self.handbook.vocabularies
        return vocabularies["trang-thai-thuc-hien"].entries if "trang-thai-thuc-hien" in vocabularies else {}

    @staticmethod
    def target_fields() -> list[Field]:
        return [Field("ma", "Mã chỉ tiêu"), Field("chi_tieu", "Chỉ tiêu"), Field("don_vi", "Đơn vị tính"),
                Field("chieu", "Chiều của chỉ tiêu"), Field("ke_hoach", "Kế hoạch", "number"),
                Field("ngay", "Ngày số liệu", "date", "Trống: chưa có kết quả"),
                Field("gia_tri", "Giá trị đạt được", "number"),
                Field("moi_nhat", "Kết quả mới nhất", "boolean"),
                Field("dat", "Đạt kế hoạch", "boolean",
                      "Ở dòng kết quả mới nhất: kết quả đó so với kế hoạch, theo chiều của chỉ tiêu")]

    def _target(self, target) -> list[list]:
        directions = self.handbook.vocabularies.get("chieu-chi-tieu")
        code = "giam" if target.lower_is_better else "tang"
        direction = directions.label(code) if directions else code
        results = target.results or [(None, None)]
        latest = len(target.results) - 1
        return [[target.code, target.name, target.unit or None, direction, target.planned, _iso(day), value,
                 index == latest if target.results else None, target.met if index == latest else None]
                for index, (day, value) in enumerate(results)]

    @staticmethod
    def supervision_fields() -> list[Field]:
        return [Field("ma", "Mã hoạt động"), Field("hoat_dong", "Hoạt động"), Field("ngay", "Ngày giám sát", "date"),
                Field("phat_hien", "Phát hiện"), Field("kien_nghi", "Kiến nghị"), Field("tra_loi", "Trả lời, xử lý"),
                Field("ngay_tra_loi", "Ngày trả lời", "date")]

    @staticmethod
    def _supervision(row) -> list[list]:
        return [[row.code, row.name, _iso(s.get("ngay")), s.get("phat_hien"), s.get("kien_nghi"), s.get("tra_loi"),
                 _iso(s.get("ngay_tra_loi"))] for s in row.supervision]

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

    def district_workbook(self, area: str, label: str, year: str, summary: Summary) -> DataFiles:
        """The roll-up workbook of one district-year (the district page links it)."""
        self.collected = DataFiles()
        sheets = []
        for name, (headers, rows) in self.rollup_rows(summary).items():
            # Participation rows are a total and its groups: adding them up means nothing.
            add_up = [] if name == "tham-gia" else [len(headers) - 1]
            percents = {i: self.handbook.share_places for i, h in enumerate(headers) if h == SHARE_HEADER}
            sheets.append(Sheet(name, headers, rows, add_up, title=f"{self._rollup_title(name)} năm {year} – {label}",
                                landscape=False, percents=percents))
        self.collected.files[district_workbook(area, year)] = self.workbook(sheets)
        return self.collected

    # The province: its tables across the plan years, and its workbook

    def people_fields(self) -> list[Field]:
        groups, everyone = self.handbook.vocab("nhom-tham-du").entries, self.handbook.attendance_total()
        return [Field("so_cuoc_hop", "Số cuộc họp", "integer", "Cuộc họp có ghi tổng số người tham dự"),
                *(Field(f"tham_du_{code}", f"{e.get('nhan', code)} (lượt người)", "integer")
                  for code, e in groups.items()),
                *(Field(f"ty_le_{code}", f"Tỷ lệ {e.get('nhan', code).lower()} (%)", "number",
                        f"Trên tổng số lượt người, {self.handbook.share_places} chữ số thập phân, làm tròn nửa lên")
                  for code, e in groups.items() if code != everyone)]

    def _people(self, summary: Summary) -> list:
        groups, everyone = self.handbook.vocab("nhom-tham-du").entries, self.handbook.attendance_total()
        people = summary.attendance.get(everyone, 0)
        return [summary.meetings, *(summary.attendance.get(code, 0) for code in groups),
                *(self.share(summary.attendance.get(code, 0), people) for code in groups if code != everyone)]

    def period_fields(self) -> list[Field]:
        statuses = self._statuses()
        return [Field("so_ke_hoach", "Số kế hoạch năm của các xã", "integer"),
                Field("so_ke_hoach_theo_doi", "Số kế hoạch năm có theo dõi thực hiện", "integer"),
                *self.people_fields(),
                Field("so_hoat_dong", "Số hoạt động", "integer",
                      "Cả giai đoạn: hoạt động chuyển từ năm trước của giai đoạn tính một lần"),
                *self._money_fields("kinh_phi", "Kinh phí kế hoạch"),
                Field("kinh_phi_theo_doi", "Kinh phí kế hoạch của các hoạt động đã cập nhật thực hiện (triệu đồng)",
                      "number"),
                *self._money_fields("giai_ngan", "Đã giải ngân"),
                Field("ty_le_giai_ngan", "Tỷ lệ giải ngân (%)", "number",
                      "Đã giải ngân trên kinh phí kế hoạch của các hoạt động đã cập nhật thực hiện (hoạt động "
                      "chưa cập nhật không tính)"),
                *(Field(f"hoat_dong_{code}", f"Hoạt động {e.get('nhan', code).lower()}", "integer")
                  for code, e in statuses.items()),
                Field("hoat_dong_chua_cap_nhat", f"Hoạt động {NOT_UPDATED.lower()}", "integer"),
                Field("nhu_cau_thu_thap", "Nhu cầu thu thập trong năm", "integer",
                      "Trống: năm rà soát, dùng lại nhu cầu thu thập ở năm trước"),
                Field("nhu_cau_dap_ung", "Nhu cầu đã đáp ứng (hoạt động hoàn thành)", "integer",
                      "Cả giai đoạn: nhu cầu được đáp ứng ở nhiều năm tính một lần"),
                *(Field(f"chi_tieu_{code}", f"Chỉ tiêu {label}", "integer") for code, label in VERDICT_LABELS.items())]

    def _period(self, summary: Summary) -> list:
        sources, statuses = self._sources(), self._statuses()
        budget, disbursed = summary.budget_by_source(), summary.budget_by_source("disbursed")
        planned = summary.budget_total("planned")
        done: list = [planned, *(disbursed.get(code, Decimal(0)) for code in sources), summary.budget_total("disbursed"),
                self.share(summary.budget_total("disbursed"), planned),
                *(summary.progress.get(code, 0) for code in statuses), summary.progress.get("", 0)]
        results: list = [summary.needs_answered, *(summary.targets.get(key, 0) for key in VERDICT_LABELS)]
        if not summary.recorded:  # no implementation record in these years: nothing known, not 0 (as the page says)
            done, results = [None] * len(done), [None] * len(results)
        return [summary.plan_years, summary.recorded, *self._people(summary),
                sum(summary.activities_by_sector.values()),
                *(budget.get(code, Decimal(0)) for code in sources), summary.budget_total(), *done,
                summary.needs_collected if summary.collecting else None, *results]

    def province_files(self, province: dict, places: list[dict], communes: list[dict], areas: dict,
                       commune_years: list) -> DataFiles:
        """Every CSV of the province, its data package's descriptions and its workbook.
        places: a dict per commune (huyen, ma_huyen, ten_huyen, xa, ma_xa, ten_xa), in order;
        communes: their DataFiles.tables, in the same order; areas: (district or "" for the
        province, year) -> Summary; commune_years: (year, district, commune, Summary)."""
        self.collected = DataFiles()
        middle = middle_level(province)
        district = _district(middle)
        order = list(dict.fromkeys(p["huyen"] for p in places))
        tables = [DataTable(PLACES, "Địa bàn", f"Các {middle.lower()}, xã: mã thư mục dùng trong các bảng khác, mã đơn "
                                               "vị hành chính và tên.",
                            [district, Field("ma_huyen", f"Mã {middle.lower()}"),
                             Field("ten_huyen", f"Tên {middle.lower()}"), COMMUNE, Field("ma_xa", "Mã xã"),
                             Field("ten_xa", "Tên xã")], key=["huyen", "xa"],
                            text=_csv_text(None, [[p["huyen"], p["ma_huyen"], p["ten_huyen"], p["xa"], p["ma_xa"],
                                                   p["ten_xa"]] for p in places]))]
        for form, columns in self.forms.specs:
            name = f"bieu-{form['so']}"
            types: list = [None] * (3 + len(columns))
            for made in communes:
                found = made.get(name, {}).get("types")
                types = [_wider(a, b) for a, b in zip(types, found, strict=True)] if found else types
            taken = {YEAR.name, district.name, COMMUNE.name}
            fields = [Field(_name(c.label, taken), c.label, types[3 + i] or "string") for i, c in enumerate(columns)]
            tables.append(DataTable(name, f"Biểu {form['so']}. {form['ten']}",
                                    f"Biểu {form['so']} ({form['ten']}) của mọi xã, mọi năm kế hoạch.",
                                    [YEAR, district, COMMUNE, *fields], of_communes=True,
                                    text=_joined(communes, name)))
        by_area = sorted(areas.items(), key=lambda item: (item[0][1], order.index(item[0][0]) if item[0][0] else -1))

        def where(area):
            return ["huyen", area] if area else ["tinh", None]

        money, needs = [], []
        for (area, year), summary in by_area:
            rolled = self.rollup_rows(summary)
            money += [[*where(area), int(year), *row] for row in rolled["ngan-sach"][1]]
            needs += [[*where(area), int(year), *row] for row in rolled["nhu-cau"][1]]
        people = [[*where(area), int(year), *self._people(summary)] for (area, year), summary in by_area]
        level = [LEVEL, Field("huyen", middle, description=f"Mã thư mục của {middle.lower()}; trống ở dòng toàn "
                                                           "tỉnh (tên ở dia-ban.csv)"), YEAR]
        tables += [
            DataTable("ngan-sach", "Kinh phí kế hoạch theo lĩnh vực và nguồn vốn",
                      f"Kinh phí kế hoạch theo lĩnh vực và nguồn vốn: toàn tỉnh và từng {middle.lower()}, mỗi năm "
                      "kế hoạch.",
                      [*level, Field("linh_vuc", "Lĩnh vực"), Field("nguon_von", "Nguồn vốn"),
                       Field("kinh_phi", "Kinh phí (triệu đồng)", "number")], rows=money),
            DataTable("nhu-cau", self.handbook.rollup_label("nhu_cau"),
                      f"Số nhu cầu thôn, xóm theo lĩnh vực: toàn tỉnh và từng {middle.lower()}, mỗi năm kế hoạch.",
                      [*level, Field("linh_vuc", "Lĩnh vực"), Field("so_nhu_cau", "Số nhu cầu", "integer")],
                      rows=needs),
            DataTable("tham-gia", self.handbook.rollup_label("tham_du"),
                      f"Số cuộc họp, lượt người tham dự theo thành phần và tỷ lệ: toàn tỉnh và từng {middle.lower()}, "
                      "mỗi năm kế hoạch.", [*level, *self.people_fields()], rows=people),
            DataTable("tham-gia-xa", f"{self.handbook.rollup_label('tham_du')} ở từng xã",
                      "Số cuộc họp, lượt người tham dự theo thành phần và tỷ lệ ở từng xã, mỗi năm kế hoạch.",
                      [YEAR, district, COMMUNE, *self.people_fields()], key=[YEAR.name, "huyen", "xa"],
                      of_communes=True,
                      text=_csv_text(None, [[int(year), huyen, xa, *self._people(summary)] for year, huyen, xa, summary
                                            in sorted(commune_years, key=lambda c: c[0])])),
            DataTable("thuc-hien-hoat-dong", "Tiến độ thực hiện hoạt động",
                      "Tiến độ từng hoạt động (Biểu 6) của các năm đã có theo dõi thực hiện: trạng thái, khối lượng, "
                      "kinh phí kế hoạch và giải ngân theo nguồn vốn, ngày bắt đầu và hoàn thành.",
                      [YEAR, district, COMMUNE, *self.activity_fields()], key=[YEAR.name, "huyen", "xa", "ma"],
                      of_communes=True, text=_joined(communes, "thuc-hien-hoat-dong")),
            DataTable("thuc-hien-chi-tieu", "Kết quả thực hiện chỉ tiêu",
                      "Kết quả các chỉ tiêu (Biểu 5) của các năm đã có theo dõi: mỗi lần đo một dòng, so với kế "
                      "hoạch.", [YEAR, district, COMMUNE, *self.target_fields()], of_communes=True,
                      text=_joined(communes, "thuc-hien-chi-tieu")),
            DataTable("thuc-hien-giam-sat", "Giám sát đầu tư của cộng đồng",
                      "Mỗi lần Ban giám sát đầu tư của cộng đồng giám sát một hoạt động một dòng: phát hiện, kiến "
                      "nghị và trả lời.", [YEAR, district, COMMUNE, *self.supervision_fields()], of_communes=True,
                      text=_joined(communes, "thuc-hien-giam-sat")),
        ]
        spans = self._periods(areas, order)
        rows = [[*where(area), span.slug, None if year is None else int(year), *self._period(summary)]
                for area, span in spans for year, summary in [*span.by_year.items(), (None, span.total)]]
        if spans:
            label = spans[0][1].label
            tables.append(DataTable(
                "giai-doan", f"Tổng hợp giai đoạn {label}",
                f"Giai đoạn {label}: toàn tỉnh và từng {middle.lower()}, từng năm và cả giai đoạn (năm trống): tham "
                "gia, kinh phí kế hoạch và giải ngân theo nguồn vốn, hoạt động theo trạng thái, nhu cầu, chỉ tiêu. "
                "Cả giai đoạn tính mỗi hoạt động chuyển tiếp, kinh phí kế hoạch của nó và mỗi nhu cầu một lần "
                "(ở năm đầu của nó trong giai đoạn); giải ngân cộng từng năm. Trống: chưa có số liệu.",
                [*level[:2], Field("giai_doan", "Giai đoạn", description="Năm đầu-năm cuối"),
                 Field(YEAR.name, YEAR.title, "integer", "Trống: cả giai đoạn"), *self.period_fields()],
                rows=rows))
        for table in tables:
            self.collected.files[f"{table.name}.csv"] = table.csv()
            self.collected.resources.append(table.resource())
        self.collected.described = tables
        names = {p["huyen"]: f"{middle} {p['ten_huyen']}" for p in places}
        self.collected.files[PROVINCE_WORKBOOK] = self.workbook(self._province_sheets(
            f"Tỉnh {province.get('ten', '')}".strip(), names, tables))
        return self.collected

    @staticmethod
    def package(province: dict, resources: list[dict]) -> bytes:
        """datapackage.json: every CSV with its schema, in the order the page lists them."""
        described = {
            "name": f"sedp-{slug(province.get('ten', 'tinh'))}",
            "title": f"Kế hoạch phát triển kinh tế - xã hội cấp xã – tỉnh {province.get('ten', '')}",
            "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                          "title": "Creative Commons Attribution 4.0"}],
            "resources": resources,
        }
        return json.dumps(described, ensure_ascii=False, indent=2).encode("utf-8")

    def _periods(self, areas: dict, order: list) -> list:
        """(area, Period) of the province ("") and each district, all over the province's span as the pages show it."""
        spans = []
        within = {year for place, year in areas if place == ""}  # the province's years set the one span
        for area in ["", *order]:
            found = period(self.handbook, {year: summary for (place, year), summary in areas.items() if place == area},
                           within)
            if found and found.years:
                spans.append((area, found))
        return spans

    def _province_sheets(self, province: str, names: dict, tables: list) -> list[Sheet]:
        """The roll-ups across years and the period, for people: places by name, headers by title."""
        sheets = []
        for table in tables:
            if table.name not in ("ngan-sach", "nhu-cau", "tham-gia", "giai-doan"):
                continue
            shown = []
            for level, area, *rest in table.rows:
                place = names.get(area, area) if level == "huyen" else province
                if table.name == "giai-doan":  # the span is in the title; the total row says so in the year column
                    span, year, *rest = rest
                    rest = [year if year is not None else f"Cả giai đoạn {span.replace('-', '–')}", *rest]
                shown.append([place, *rest])
            fields = table.fields[2:] if table.name != "giai-doan" else table.fields[3:]
            headers = ["Địa bàn", *(f.title for f in fields)]
            sums = {}
            if table.name == "ngan-sach":  # a column per source, as the site shows it (and a seventh of the rows)
                shown, headers = self._by_source(shown), [*headers[:3], *(e.get("nhan", c) for c, e in
                                                                         self._sources().items()), TOTAL_LABEL]
                sums = {len(headers) - 1: list(range(3, len(headers) - 1))}
            percents = {i: self.handbook.share_places for i, f in enumerate(fields, start=1)
                        if f.name.startswith("ty_le_")}
            title = self._rollup_title(table.name) if table.name in ROLLUP_PARTS else table.title
            sheets.append(Sheet(title.translate(_NOT_IN_SHEET_NAMES)[:31], headers, shown, row_sums=sums, title=f"{table.title} – {province}",
                                landscape=len(headers) > 6, years=[1], percents=percents))
        return sheets


    def _rollup_title(self, sheet: str) -> str:
        """A roll-up sheet's title, as the site heads the table (schema/tong-hop.yaml)."""
        return self.handbook.rollup_label(ROLLUP_PARTS[sheet], "nhan_ngan")

    def _by_source(self, rows: list) -> list:
        """Rows (place, year, sector, source, amount) as a row per place, year and sector, a column per source."""
        labels = [e.get("nhan", c) for c, e in self._sources().items()]
        grouped: dict = {}
        for place, year, sector, source, amount in rows:
            grouped.setdefault((place, year, sector), {})[source] = amount
        return [[*key, *(amounts.get(label) for label in labels), total(amounts.values())]
                for key, amounts in grouped.items()]


def _joined(communes: list[dict], name: str) -> str:
    """The communes' rows of one table, by plan year, then in the communes' order."""
    years = sorted({year for made in communes for year in made.get(name, {}).get("years", {})})
    return "".join(made[name]["years"].get(year, "") for year in years for made in communes if name in made)


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


def _reproducible(data: bytes, cached: Sequence[dict] = ()) -> bytes:
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
    book.remove(book.active)  # type: ignore[arg-type]  # a new Workbook has one sheet, active; the stub says it may have none
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
