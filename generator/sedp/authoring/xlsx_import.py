"""`sedp import xlsx`: a filled Biểu 1 (village needs) and Biểu 6 (activities and
budget), in the layout `sedp export` writes, back into a plan year's YAML.

Rows are matched by their code (Mã); fields the sheet shows are updated,
everything else in the YAML (and every comment) is kept; rows missing from
the sheet are removed, new rows (anywhere between the header and the totals
row) added in the sheet's order. Workbooks come back from real office suites,
so a cell is read as the suite left it: the value a formula computed, a date
or month typed into a cell (written back as the handbook writes them), a
vocabulary's label typed instead of its code. A figure the suite kept as
text (1.5 typed where ',' is the decimal mark) and a percent typed outside a
rate column (10%, kept as 0.1) are refused at their own cell. The sheet's own
totals (each row's total and the totals row) must equal the sum of their
parts, and a total kept in the YAML (`la_tong_cua`) is recomputed. Errors name
sheet, row and column. `check_result` runs the real validation on the files as they
would be written, so nothing is written unless they validate.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from ruamel.yaml.comments import CommentedMap

from sedp.authoring.yamltext import load_round_trip, round_trip_yaml
from sedp.check.checker import Checker
from sedp.core import fmt
from sedp.core.data import total, value_at
from sedp.core.errors import SedpError
from sedp.core.messages import Wording
from sedp.core.problems import Problem
from sedp.core.text import nfc
from sedp.model.forms import TOTAL_LABEL, Column, Forms
from sedp.model.views import commune_title
from sedp.source.handbook import Handbook
from sedp.source.loader import Document, load_bytes, load_file

PRECISION = Decimal("0.000001")  # an office suite's float sums are compared to the exact ones at this precision


@dataclass
class Place:
    """Where an item of a plan list came from in the workbook."""

    sheet: str
    row: int
    columns: dict  # field path -> (column letter, header)


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    before: dict = field(default_factory=dict)  # file name -> data now
    after: dict = field(default_factory=dict)  # file name -> data as it would be written
    texts: dict = field(default_factory=dict)  # file name -> new YAML text
    places: dict = field(default_factory=dict)  # (file name, list, item index) -> Place
    notes: list = field(default_factory=list)  # what sedp filled in that the sheet left blank, shown before writing
    workbook: str = ""  # the workbook as the user named it
    title: str = ""  # the plan year, as the preview names it: "Xã Đức Long – năm 2027"

    def locate(self, problem: Problem) -> Problem:
        """A problem found in a would-be file, said at the sheet's row and column when it is about an
        item the sheet wrote."""
        for (file_name, list_key, index), place in self.places.items():
            if Path(problem.file).name != file_name:
                continue
            match = re.fullmatch(rf"{re.escape(list_key)}\[{index + 1}\](?:\.(.+))?", problem.field)
            if not match:
                continue
            path = tuple(re.sub(r"\[[0-9]+\]", "", part) for part in (match[1] or "").split(".") if part)
            where = f"{place.sheet}, dòng {place.row} › {problem.field}"  # a field the sheet does not show
            for end in range(len(path), 0, -1):
                if path[:end] in place.columns:
                    letter, header = place.columns[path[:end]]
                    where = f"{place.sheet}, dòng {place.row}, cột {letter} ({header})"
                    break
            return replace(problem, file=self.workbook, line=place.row, field=where)
        return problem


class WorkbookError(SedpError):
    """The file given is not a workbook openpyxl can read."""

    code = "xlsx"


def open_workbook(path: Path, data_only: bool = False):
    """The workbook, or a WorkbookError saying in Vietnamese what the file is instead."""
    fix = "Mở tệp bằng Excel hoặc LibreOffice rồi lưu lại dạng Excel 2007-365 (.xlsx)."
    if path.stat().st_size == 0:
        raise WorkbookError(f"{path}: tệp trống, không có bảng tính nào. Dùng tệp do `sedp export` tạo ra.")
    with path.open("rb") as handle:
        head = handle.read(8)
    if not zipfile.is_zipfile(path):
        what = "tệp Excel cũ (.xls)" if head.startswith(b"\xd0\xcf\x11\xe0") else "không phải bảng tính Excel (.xlsx)"
        raise WorkbookError(f"{path}: {what}. {fix}")
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        kind = package.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
    if "opendocument" in kind:
        raise WorkbookError(f"{path}: tệp OpenDocument (.ods) của LibreOffice, sedp chỉ đọc .xlsx. "
                            "Trong LibreOffice chọn Tệp → Lưu thành… → Excel 2007-365 (.xlsx).")
    try:
        return load_workbook(path, data_only=data_only)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WorkbookError(f"{path}: không đọc được bảng tính ({type(exc).__name__}). {fix}") from None


def sheets(handbook: Handbook) -> dict[int, tuple[str, str]]:
    """Biểu number -> (step file, list) for the Biểu read back: those listing the
    village needs and the activities (the roles in schema/quy-trinh.yaml)."""
    wanted = {handbook.role("nhu-cau"), handbook.role("hoat-dong")}
    return {form["so"]: (form["tep"], form["dong"]) for form in handbook.forms
            if (form.get("tep"), form.get("dong")) in wanted}


class CellError(ValueError):
    """A cell that cannot be read as its column asks: message, the fix and the problem's code."""

    def __init__(self, message: str, hint: str, code: str = "xlsx-gia-tri"):
        super().__init__(message)
        self.message, self.hint, self.code = message, hint, code

    @classmethod
    def worded(cls, wording: Wording, code: str, variant: str | None = None, **values) -> CellError:
        """A CellError in the words of schema/thong-bao.yaml."""
        problem = wording.problem(file="", line=None, path=(), code=code, variant=variant, **values)
        return cls(problem.message, problem.hint, code)


NO_VALUE = object()  # a formula no office suite has computed yet (a workbook only a program wrote)


def read_workbook(path: Path, handbook: Handbook, year_dir: Path) -> ImportResult:
    commune = year_dir.resolve().parent
    data = load_file(commune / "commune.yaml").data if (commune / "commune.yaml").is_file() else None
    result = ImportResult(workbook=str(path), title=f"{commune_title(data, commune.name)} – năm {year_dir.name}")
    book = open_workbook(path)
    values = open_workbook(path, data_only=True)  # what each formula computed when the suite saved
    forms = Forms(handbook)
    yaml = round_trip_yaml()
    columns_of = {form["so"]: columns for form, columns in forms.specs}
    for number, (file_name, list_key) in sheets(handbook).items():
        sheet_name = f"Biểu {number}"
        source = year_dir / file_name
        result.before[file_name] = load_file(source).data or {}
        document = load_round_trip(yaml, source)
        if sheet_name not in book.sheetnames:
            result.problems.append(Problem(result.workbook, None, sheet_name, "xlsx-thieu-bang",
                                           f"Không có trang tính '{sheet_name}'",
                                           "Dùng tệp do `sedp export` tạo ra, giữ nguyên tên trang tính."))
            continue
        reader = _SheetReader(result, handbook, file_name, list_key, sheet_name, columns_of[number],
                              book[sheet_name], values[sheet_name])
        items = reader.read(document.get(list_key) or [])
        if items is None:
            continue
        document[list_key] = items
        out = io.StringIO()
        yaml.dump(document, out)
        result.texts[file_name] = out.getvalue()
    for file_name, text in result.texts.items():
        result.after[file_name] = load_bytes(text.encode("utf-8"), Document(Path(file_name), file_name)).data
    return result


class _SheetReader:
    """One sheet into one list of a step file."""

    def __init__(self, result: ImportResult, handbook: Handbook, file_name: str, list_key: str, sheet_name: str,
                 columns: list[Column], sheet, values):
        self.result, self.handbook = result, handbook
        self.file_name, self.list_key, self.name = file_name, list_key, sheet_name
        self.sheet, self.values = sheet, values
        self.columns = {c.label: c for c in columns}
        self.problems: list[Problem] = []
        self.wording = Wording(handbook)

    def problem(self, row: int | None, column: int | None, code: str, message: str, hint: str) -> None:
        where = self.name if row is None else f"{self.name}, dòng {row}"
        if column is not None:
            where += f", cột {get_column_letter(column)} ({self.header[column - 1]})"
        self.problems.append(Problem(self.result.workbook, row, where, code, message, hint))

    def cell(self, row: int, column: int):
        """The cell as the office suite showed it: a formula's computed value, never its text."""
        cell = self.sheet.cell(row, column)
        if cell.data_type == "f":
            value = self.values.cell(row, column).value
            return NO_VALUE if value is None else value
        value = cell.value
        return nfc(value) if isinstance(value, str) else value

    def read(self, existing: list) -> list | None:
        self.header = [_label(c.value) for c in self.sheet[1]]
        missing = [label for label, c in self.columns.items() if c.sum_of is None and c.reference is None
                   and label not in self.header]
        if missing:
            self.result.problems.append(Problem(self.result.workbook, 1, self.name, "xlsx-thieu-cot",
                                                f"Trang tính '{self.name}' thiếu cột: {', '.join(missing)}",
                                                "Giữ nguyên dòng tiêu đề như tệp xuất ra; tệp xuất từ phiên bản "
                                                "trước thì tải lại ở trang Dữ liệu mở (hoặc chạy `sedp export`)."))
            return None
        read: dict[int, Column] = {}  # 1-based column -> Column, for the columns read from the sheet (the first of a repeated one)
        for index, label in enumerate(self.header, start=1):
            column = self.columns.get(label)
            if column is not None and column.reference is None and column not in read.values():
                read[index] = column
        code_column = next((i for i, c in read.items() if c.path == ("ma",)), None)
        by_code = {item.get("ma"): item for item in existing if isinstance(item, dict)}
        rows, totals_row = self.body([i for i, c in read.items() if c.sum_of is None])
        item_rules = (self.handbook.field_rules(self.file_name, (self.list_key, "*")) or {}).get("schema") or {}
        items: list[dict] = []
        seen: dict[str, int] = {}  # code -> the row it is on
        sums = []
        for row, cells in rows:
            code = cells.get(code_column)
            code = "" if code is None else str(code).strip()
            if not code:
                self.problem(row, code_column, "xlsx-thieu-ma", "Dòng này chưa có mã",
                             f"Ghi một mã chưa dùng, ví dụ {_next_code(by_code, seen, item_rules)}.")
                continue
            if code in seen:
                self.problem(row, code_column, "xlsx-trung-ma", f"Mã {code} đã có ở dòng {seen[code]}",
                             "Mỗi dòng một mã riêng; dòng mới ghi một mã chưa dùng.")
                continue
            seen[code] = row
            item = by_code.get(code) or CommentedMap()
            shown = {}
            for index, column in read.items():
                if column.sum_of is not None:
                    continue
                shown[column.path] = (get_column_letter(index), self.header[index - 1])
                raw = cells.get(index)
                try:
                    value = self.convert(raw, column, self.sheet.cell(row, index))
                except CellError as error:
                    self.problem(row, index, error.code, error.message, error.hint)
                    continue
                _set(item, column.path, value)
            self.recompute(item, item_rules, shown)
            for index, column in read.items():
                if column.sum_of is not None:
                    shown[column.sum_of] = (get_column_letter(index), self.header[index - 1])
                    sums.append((row, index, column, cells.get(index), item))
            self.result.places[(self.file_name, self.list_key, len(items))] = Place(self.name, row, shown)
            items.append(item)
        wrong = {p.line for p in self.problems}
        self.check_sums([s for s in sums if s[0] not in wrong])
        if not self.problems and totals_row is not None:
            self.check_totals(totals_row, read, rows, items)
        self.result.problems += sorted(self.problems, key=lambda p: p.line or 0)
        return items

    def body(self, data_columns: list[int]) -> tuple[list, int | None]:
        """The table's rows ((row, cells) for each row with data between the header and the totals row) and
        the totals row. A row showing nothing but a total is empty; a row below the totals is refused."""
        def blank(value) -> bool:
            return value is None or (isinstance(value, str) and not value.strip())

        rows: list[tuple[int, dict]] = []
        last = self.sheet.max_row
        for row in range(2, last + 1):
            cells = {i: self.cell(row, i) for i in range(1, len(self.header) + 1)}
            if _label(cells.get(1)) == TOTAL_LABEL:
                for below in range(row + 1, last + 1):
                    if not all(blank(self.cell(below, i)) for i in range(1, len(self.header) + 1)):
                        self.problem(below, None, "xlsx-duoi-tong", f"Dòng {below} nằm dưới dòng {TOTAL_LABEL}",
                                     f"Thêm dòng mới phía trên dòng {TOTAL_LABEL} (chuột phải vào số dòng → Chèn "
                                     "dòng phía trên) để các tổng tính cả dòng đó; xoá những gì còn lại dưới bảng.")
                return rows, row
            if not all(blank(cells.get(i)) for i in data_columns):
                rows.append((row, cells))
        return rows, None

    def convert(self, raw, column, cell):
        """A cell's value as the YAML holds it (None: blank). cell is the workbook's own (its address and
        number format)."""
        rules = self.handbook.field_rules(self.file_name, (self.list_key, "*", *column.path)) or {}
        kind = rules.get("type")
        if raw is NO_VALUE:
            raise CellError("Ô có công thức nhưng chưa có giá trị đã tính",
                            "Mở tệp bằng Excel hoặc LibreOffice rồi lưu lại, hoặc ghi số thay cho công thức.")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if column.vocab:
            vocab = self.handbook.vocab(column.vocab)
            if kind == "list":
                return _labels_to_codes(str(raw), vocab)
            return _label_to_code(str(raw), vocab)
        if kind in ("so", "so_nguyen"):
            percent = _percent(raw, cell.number_format)
            if percent is not None:
                return self.percent(raw, percent, kind, rules, column, cell)
            return self.figure(raw, kind, column, cell)
        if kind == "ngay":
            return f"{raw:%d/%m/%Y}" if isinstance(raw, (date, datetime)) else str(raw)
        if kind == "string" and _is_month(rules):
            return _month(raw)
        if kind == "list":
            return [part.strip() for part in str(raw).split(",") if part.strip()]
        if isinstance(raw, (date, datetime)):
            return f"{raw:%d/%m/%Y}"
        if isinstance(raw, float):
            return str(_plain(Decimal(repr(raw))))
        return raw if isinstance(raw, str) else str(raw)

    def figure(self, raw, kind: str, column, cell):
        """A number cell. Text with one '.' or ',' between digits is a figure the suite did not take for one
        (1.5 typed where ',' is the decimal mark, as in vi-VN): its totals skip it, so it is refused here, at
        its own cell, rather than as a total that does not add up."""
        text = raw.strip() if isinstance(raw, str) else ""
        if re.fullmatch(r"-?[0-9]+[.,][0-9]+", text) and fmt.thousands_reading(text) is None:
            decimal = Decimal(text.replace(",", "."))
            raise CellError.worded(self.wording, "xlsx-so-dang-chu", khoa=cell.coordinate, nhan=column.label,
                                   gia_tri=text, rang_buoc=text.strip("-0123456789"),
                                   vi_du=fmt.number(_plain(decimal)),
                                   goi_y=fmt.number(int(re.sub(r"[.,]", "", text))))
        return _number(raw, kind)

    def percent(self, raw, percent: Decimal, kind: str, rules: dict, column, cell):
        """A percent typed in a number cell (10%, kept by the suite as 0.1 formatted as a percent, or the
        text '10%'): a rate column (its label ends in '(%)', as tien_do's does: values in percent points)
        takes it as 10; any other column refuses it, naming what sedp would read instead."""
        if _is_rate(rules, column):
            return _number(_plain(percent), kind)
        money = (rules.get("meta") or {}).get("don_vi") == "trieu_dong"
        raise CellError.worded(self.wording, "xlsx-phan-tram", "tien" if money else "so", khoa=cell.coordinate,
                               nhan=column.label, gia_tri=_shown_percent(raw, percent, cell.number_format),
                               rang_buoc=fmt.number(_plain(percent / 100)))

    def recompute(self, item, item_rules: dict, shown: dict) -> None:
        """A total the YAML keeps (`la_tong_cua`) follows the parts the sheet changed."""
        for key, rules in item_rules.items():
            group = (rules.get("meta") or {}).get("la_tong_cua") if isinstance(rules, dict) else None
            if not group or item.get(key) is None or not any(path[0] == group for path in shown):
                continue
            parts = item.get(group)
            item[key] = _plain(total(parts.values() if isinstance(parts, dict) else []))

    def check_sums(self, sums) -> None:
        """Each row's own total (a formula the suite computed, or a typed figure) against its parts."""
        for row, index, column, raw, item in sums:
            shown = _figure(raw)
            parts = value_at(item, column.sum_of)
            expected = total(parts.values() if isinstance(parts, dict) else [])
            if shown is None:
                if raw is None and expected:
                    self.result.notes.append(
                        f"{self.name}, dòng {row}, cột {get_column_letter(index)} ({self.header[index - 1]}): ô tổng "
                        f"để trống, sedp cộng được {fmt.number(_plain(expected))}.")
                continue
            self.compare_total(row, index, raw, shown, expected, "Tổng của dòng", "các cột cộng lại được",
                               "Ghi số, hoặc để trống cho sedp tự cộng.",
                               "Sửa các cột thành phần hoặc ô tổng cho khớp; để trống ô tổng thì sedp tự cộng.")

    def check_totals(self, row: int, read: dict, rows: list, items: list) -> None:
        """The totals row against the rows above it: a total typed over, or a range that misses a row. A row
        whose own total was left blank counts as blank here (the sheet shows no figure there); the total
        with it is said in a note."""
        for index, column in read.items():
            if not column.add_up:
                continue
            raw = self.cell(row, index)
            shown = _figure(raw)
            if shown is None:
                continue
            if column.sum_of is not None:
                sums = [total((value_at(item, column.sum_of) or {}).values()) for item in items]
                values = [s for s, (_, cells) in zip(sums, rows, strict=True) if cells.get(index) is not None]
                if len(values) < len(sums) and isinstance(shown, Decimal):
                    self.result.notes.append(
                        f"{self.name}, dòng {row}, cột {get_column_letter(index)} ({self.header[index - 1]}): "
                        f"{TOTAL_LABEL} ghi {fmt.number(_plain(shown))}, tính cả các dòng để trống ô tổng là "
                        f"{fmt.number(_plain(total(sums)))}.")
            else:
                values = [value_at(item, column.path) for item in items]
            self.compare_total(row, index, raw, shown, total(values), f"Dòng {TOTAL_LABEL}",
                               "các dòng trong bảng cộng lại được",
                               "Khôi phục công thức tổng của tệp xuất ra, hoặc để trống.",
                               "Có thể ô tổng bị ghi đè hoặc công thức không tính hết các dòng: chép lại công "
                               "thức tổng của tệp xuất ra, hoặc xoá ô tổng.")

    def compare_total(self, row, index, raw, shown, expected, what: str, parts: str, not_a_figure: str,
                      mismatch: str) -> None:
        """A total the sheet shows against the sum sedp makes of its parts."""
        if not isinstance(shown, Decimal):
            self.problem(row, index, "xlsx-gia-tri", f"'{raw}' phải là một số", not_a_figure)
        elif shown.quantize(PRECISION) != expected.quantize(PRECISION):
            self.problem(row, index, "xlsx-sai-tong",
                         f"{what} ghi {fmt.number(_plain(shown))} nhưng {parts} {fmt.number(_plain(expected))}",
                         mismatch)


def _figure(raw):
    """A total cell: None when blank or never computed, a Decimal for a number, else the raw value."""
    if raw is None or raw is NO_VALUE or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)):
        return Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    return raw


def _percent_format(number_format: str) -> str | None:
    """A number format's first section when it shows a percent ('0.00%'), without its quoted text,
    escapes and [colours]; None when it does not."""
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format or "").split(";")[0]
    return section if "%" in section else None


def _percent(raw, number_format: str) -> Decimal | None:
    """The percent a cell shows (10 for 10%), when it shows one: a number formatted as a percent, or the
    text of a percent ('10%', '12,5 %'); None otherwise."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return Decimal(f"{raw:.15g}") * 100 if _percent_format(number_format) else None
    match = re.fullmatch(r"(-?[0-9]+(?:[.,][0-9]+)?)\s*%", raw.strip()) if isinstance(raw, str) else None
    return Decimal(match[1].replace(",", ".")) if match else None


def _shown_percent(raw, percent: Decimal, number_format: str) -> str:
    """A percent as the officer sees it: the text typed, or the number with its format's decimals
    (0.1 formatted 0.00% is 10,00%), as a Vietnamese spreadsheet shows it."""
    if isinstance(raw, str):
        return raw.strip()
    decimals = re.search(r"\.([0#?]+)", _percent_format(number_format) or "")
    return fmt.number(percent, len(decimals[1]) if decimals else 0) + "%"


def _is_rate(rules: dict, column) -> bool:
    """A column in percent points: its label, or its field's, ends in '(%)' (tien_do: Tiến độ khối lượng (%))."""
    labels = [column.label, str((rules.get("meta") or {}).get("nhan") or "")]
    return any(label.rstrip().endswith("(%)") for label in labels)


def _label(value) -> str:
    return re.sub(r"\s+", " ", nfc(str(value))).strip() if value is not None else ""


def _plain(number: Decimal):
    """An exact amount as the YAML writes it: 1130, not 1130.0 or 1.13E+3."""
    if number == number.to_integral_value():
        return int(number)
    return number.normalize()


def _number(value, kind: str):
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise CellError(f"'{value}' phải là một số", "Ghi số, không ghi chữ; phần thập phân dùng dấu chấm hoặc "
                        "để Excel định dạng.")
    number: Decimal | None
    if isinstance(value, (int, float)):
        # a float the suite computed (0.1 + 0.2) to the 15 digits it shows, not 0.30000000000000004
        number = Decimal(value) if isinstance(value, int) else Decimal(f"{value:.15g}")
    else:
        text = str(value).strip()
        if fmt.thousands_reading(text) is not None:  # '1.500' typed as text: 1500 or 1,5?
            raise CellError(f"'{text}' không rõ là {fmt.thousands_reading(text)} hay "
                            f"{fmt.number(Decimal(text))}", "Ghi số không có dấu phân cách hàng nghìn "
                            "(1500), hoặc để Excel định dạng ô là số.")
        try:
            number = Decimal(text) if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text) else None
        except InvalidOperation:
            number = None
        if number is None:
            raise CellError(f"'{value}' phải là một số", "Ghi số, không ghi chữ; phần thập phân dùng dấu chấm "
                            "hoặc để Excel định dạng.")
    if kind == "so_nguyen" and number != number.to_integral_value():
        raise CellError(f"'{value}' phải là một số nguyên", "Ghi số nguyên, không có phần thập phân.")
    return _plain(number)


_MONTH_RULE = ("01/2027", "12/2000")  # a month field's regex accepts these, and no day


def _is_month(rules: dict) -> bool:
    pattern = rules.get("regex")
    if not pattern:
        return False
    return all(re.fullmatch(pattern, m) for m in _MONTH_RULE) \
        and not re.fullmatch(pattern, "01/01/2027")


def _month(raw) -> str:
    """A month as the handbook writes it (MM/YYYY), from a date the suite made of what was typed
    (01/06/2027, Jun-27) or from text: 6/2027, 06-2027, tháng 6/2027, 01/06/2027 (day first), 2027-06."""
    month = fmt.likely_month(raw if isinstance(raw, (date, datetime)) else _label(raw))
    if month is None:
        raise CellError(f"'{raw}' không phải một tháng", "Ghi tháng và năm dạng MM/YYYY, ví dụ 03/2027.")
    return month


_TONE = re.compile("(o)([ae])([\u0300\u0301\u0303\u0309\u0323])|(u)(y)([\u0300\u0301\u0303\u0309\u0323])")


def _key(text: str) -> str:
    """A label as compared: case, spaces, dashes and the place of the tone mark (hoá = hóa, thuỷ = thủy)
    do not matter."""
    text = unicodedata.normalize("NFD", re.sub(r"\s+", " ", nfc(text)).strip().casefold())
    text = re.sub(r"\s*[-–—]\s*", " - ", text)
    text = _TONE.sub(lambda m: (m[1] or m[4]) + (m[3] or m[6]) + (m[2] or m[5]), text)
    return unicodedata.normalize("NFC", text)


def _lookup(vocab) -> dict:
    table = {}
    for code, entry in vocab.entries.items():
        table[_key(str(code))] = code
        table[_key(entry.get("nhan", str(code)))] = code
    return table


def _label_to_code(text: str, vocab):
    code = _lookup(vocab).get(_key(text))
    if code is None:
        raise CellError(f"'{text.strip()}' không có trong danh mục {vocab.title}",
                        "Chọn một trong: " + "; ".join(vocab.label(c) for c in vocab.entries) + ".")
    return code


def _labels_to_codes(text: str, vocab) -> list:
    """Labels joined with commas (as exported), where a label may hold a comma itself."""
    table, parts, codes, start = _lookup(vocab), text.split(","), [], 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            code = table.get(_key(",".join(parts[start:end])))
            if code is not None:
                codes.append(code)
                start = end
                break
        else:
            if parts[start].strip():
                _label_to_code(parts[start], vocab)  # raises, naming the part
            start += 1
    return codes


def _next_code(by_code: dict, seen: dict, item_rules: dict) -> str:
    """A code not used yet, in the style of the others: HD07 after HD06."""
    codes = [str(c) for c in [*by_code, *seen] if c]
    pattern = (item_rules.get("ma") or {}).get("regex", "")
    letters = re.match(r"[A-Z]+", pattern)
    prefix = letters[0] if letters else (re.split(r"[0-9]", codes[0], maxsplit=1)[0] if codes else "")
    numbers = [int(m[1]) for c in codes if (m := re.fullmatch(rf"{re.escape(prefix)}([0-9]+)", c))]
    width = max((len(c) - len(prefix) for c in codes if c.startswith(prefix)), default=2)
    return f"{prefix}{max(numbers, default=0) + 1:0{width}d}"


def _set(item, path, value) -> None:
    """Set a (nested) field; a blank cell never adds a field the YAML did not have."""
    target = item
    for key in path[:-1]:
        if key not in target or target[key] is None:
            if value is None:
                return
            target[key] = CommentedMap()
        target = target[key]
    if value is None and target.get(path[-1]) is None:
        return
    target[path[-1]] = value


def check_result(project: Path, handbook: Handbook, year_dir: Path, result: ImportResult) -> list[Problem]:
    """The errors `sedp validate` would report on this commune-year once result is written: its files are
    checked as they would be, in a copy, with the real checker. A problem about an item the workbook wrote is
    said at its sheet, row and column; the others name the plan file (lines as in the file to be written)."""
    commune_dir = year_dir.parent
    with tempfile.TemporaryDirectory(prefix="sedp-nhap-xlsx-") as temp:
        copy = Path(temp) / commune_dir.resolve().name
        target = copy / year_dir.name
        target.mkdir(parents=True)
        if (commune_dir / "commune.yaml").is_file():
            shutil.copyfile(commune_dir / "commune.yaml", copy / "commune.yaml")
        for path in year_dir.iterdir():
            if path.is_file():
                shutil.copyfile(path, target / path.name)
        for other in commune_dir.iterdir():  # the commune's other years exist (not read): rules across years
            if other.is_dir() and other.name != year_dir.name:  # do not take them for missing
                (copy / other.name).mkdir()
        for name, text in result.texts.items():
            (target / name).write_text(text, encoding="utf-8")
        checker = Checker(project, handbook)
        outcome = checker.check_commune(copy, [target])
        shown = os.path.abspath(copy)
        real = checker.display(commune_dir)
        problems = []
        for problem in outcome.problems:
            if problem.severity != "loi":
                continue
            absolute = os.path.abspath(problem.file)  # the checker names files from the current folder
            if absolute.startswith(shown + os.sep):
                problem = replace(problem, file=os.path.join(real, absolute[len(shown) + 1:]))
            problems.append(result.locate(problem))
    return problems
