"""`sedp import xlsx`, step by step. Each step refuses with what it found, and
only the last writes: a plan year that reads right takes the workbook, the
year as it would be written is checked, then its files are replaced whole.

Checking the year as it is now (`sedp validate`) and previewing the change
(`sedp diff`) belong to later stages; the command line runs them between
these steps.
"""

from __future__ import annotations

from pathlib import Path

from sedp.authoring.xlsx_import import ImportResult, WorkbookError, check_result, read_workbook
from sedp.core.files import atomic_write
from sedp.core.problems import Report, refuse_on_errors
from sedp.source.handbook import Handbook


def year_folder(commune: Path, year: int) -> Path:
    """The plan year to import into; it must exist already."""
    folder = commune / str(year)
    if not folder.is_dir():
        raise WorkbookError(f"Không có thư mục {folder}; tạo năm kế hoạch bằng `sedp new year` trước.")
    return folder


def read_into_valid_year(handbook: Handbook, workbook: Path, year_dir: Path, current: Report) -> ImportResult:
    """The workbook read into the year, whose report as it is now is `current`: the workbook is
    merged into the YAML, so a year that does not read right cannot take it."""
    refuse_on_errors(current, "Kế hoạch hiện tại có lỗi như trên; sửa các tệp YAML trước rồi nhập lại. "
                              "Chưa ghi gì.")  # its warnings are not shown here
    result = read_workbook(workbook, handbook, year_dir)
    refuse_on_errors(result.problems, "Tệp Excel có lỗi; chưa ghi gì.")
    return result


def refuse_invalid_result(project: Path, handbook: Handbook, year_dir: Path, result: ImportResult) -> None:
    """Stop unless the year as it would be written validates."""
    refuse_on_errors(check_result(project, handbook, year_dir, result),
                     "Sau khi nhập, kế hoạch sẽ có lỗi như trên; chưa ghi gì. Sửa trong tệp Excel (hoặc trong "
                     "các tệp YAML) rồi nhập lại.")


def write_result(year_dir: Path, result: ImportResult) -> list[str]:
    """Each changed file replaced in one step; the names written."""
    for name, text in result.texts.items():
        atomic_write(year_dir / name, text.encode("utf-8"))
    return list(result.texts)
