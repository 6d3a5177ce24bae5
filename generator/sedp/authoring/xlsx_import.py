"""`sedp import xlsx`: a filled Biểu 1 (village needs) and Biểu 6 (activities and
budget), in the layout `sedp export` writes, back into a plan year's YAML.

Rows are matched by their code (Mã); fields the sheet shows are updated,
everything else in the YAML (and every comment) is kept; rows missing from
the sheet are removed, new rows appended. Errors name sheet, row and column.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from ruamel.yaml.comments import CommentedMap

from sedp.authoring.yamltext import load_round_trip, round_trip_yaml
from sedp.core.errors import SedpError
from sedp.core.problems import Problem
from sedp.model.forms import Forms
from sedp.source.loader import load_file


class ImportResult:
    def __init__(self):
        self.problems: list[Problem] = []
        self.before: dict = {}
        self.after: dict = {}
        self.texts: dict = {}  # file name -> new YAML text


def _number(value):
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        number = Decimal(repr(value))
        return int(number) if number == number.to_integral_value() and "." not in repr(value) else number
    text = str(value).strip()
    try:
        return Decimal(text) if "." in text else int(text)
    except (InvalidOperation, ValueError):
        raise ValueError from None


class WorkbookError(SedpError):
    """The file given is not a workbook openpyxl can read."""

    code = "xlsx"


def open_workbook(path: Path):
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
        return load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WorkbookError(f"{path}: không đọc được bảng tính ({type(exc).__name__}). {fix}") from None


def sheets(handbook) -> dict[int, tuple[str, str]]:
    """Biểu number -> (step file, list) for the Biểu read back: those listing the
    village needs and the activities (the roles in schema/quy-trinh.yaml)."""
    wanted = {handbook.role("nhu-cau"), handbook.role("hoat-dong")}
    return {form["so"]: (form["tep"], form["dong"]) for form in handbook.forms
            if (form.get("tep"), form.get("dong")) in wanted}


def read_workbook(path: Path, handbook, year_dir: Path) -> ImportResult:
    result = ImportResult()
    display = str(path)
    book = open_workbook(path)
    forms = Forms(handbook)
    yaml = round_trip_yaml()
    columns_of = {form["so"]: columns for form, columns in forms.specs}
    for number, (file_name, list_key) in sheets(handbook).items():
        sheet_name = f"Biểu {number}"
        source = year_dir / file_name
        result.before[file_name] = load_file(source).data or {}
        document = load_round_trip(yaml, source)
        if sheet_name not in book.sheetnames:
            result.problems.append(Problem(display, None, sheet_name, "xlsx-thieu-bang",
                                           f"Không có trang tính '{sheet_name}'",
                                           "Dùng tệp do `sedp export` tạo ra, giữ nguyên tên trang tính."))
            continue
        sheet = book[sheet_name]
        header = [c.value for c in sheet[1]]
        columns = {c.label: c for c in columns_of[number]}
        missing = [label for label, c in columns.items() if c.sum_of is None and c.reference is None
                   and label not in header]
        if missing:
            result.problems.append(Problem(display, 1, sheet_name, "xlsx-thieu-cot",
                                           f"Trang tính '{sheet_name}' thiếu cột: {', '.join(missing)}",
                                           "Giữ nguyên dòng tiêu đề như tệp xuất ra."))
            continue
        existing = {item.get("ma"): item for item in document.get(list_key) or []}
        items = []
        for row_number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            if not any(v not in (None, "") for v in row) or row[0] == "Tổng cộng":
                continue
            values = dict(zip(header, row, strict=False))  # a row may be longer or shorter than its header
            code = values.get("Mã")
            item = existing.get(code) or CommentedMap()
            for col_index, label in enumerate(header, start=1):
                column = columns.get(label)
                if column is None or column.sum_of is not None or column.reference is not None:
                    continue
                raw = values.get(label)
                where = f"{sheet_name}, dòng {row_number}, cột {get_column_letter(col_index)} ({label})"
                try:
                    value = _convert(raw, column, handbook, file_name, list_key)
                except ValueError as exc:
                    result.problems.append(Problem(display, row_number, where, "xlsx-gia-tri",
                                                   str(exc) or f"'{raw}' phải là một số",
                                                   "Ghi số, không ghi chữ; phần thập phân dùng dấu chấm hoặc "
                                                   "để Excel định dạng."))
                    continue
                _set(item, column.path, value)
            items.append(item)
        document[list_key] = items
        out = io.StringIO()
        yaml.dump(document, out)
        result.texts[file_name] = out.getvalue()
    for file_name, text in result.texts.items():
        from sedp.source.loader import Document, load_bytes

        result.after[file_name] = load_bytes(text.encode("utf-8"), Document(Path(file_name), file_name)).data
    return result


def _convert(raw, column, handbook, file_name, list_key):
    rules = handbook.field_rules(file_name, (list_key, "*", *column.path)) or {}
    kind = rules.get("type")
    if raw in (None, ""):
        return None
    if column.vocab:
        labels = {e.get("nhan", c): c for c, e in handbook.vocab(column.vocab).entries.items()}
        if kind == "list":
            return [labels.get(part.strip(), part.strip()) for part in str(raw).split(",")]
        return labels.get(str(raw).strip(), str(raw).strip())
    if kind in ("so", "so_nguyen"):
        try:
            return _number(raw)
        except ValueError:
            raise ValueError(f"'{raw}' phải là một số") from None
    if kind == "list":
        return [part.strip() for part in str(raw).split(",") if part.strip()]
    return str(raw) if not isinstance(raw, str) else raw


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
