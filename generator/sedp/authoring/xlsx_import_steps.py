"""`sedp import xlsx`, step by step. Each step refuses with what it found, and
only the last writes: a plan year that reads right takes the workbook, the
year as it would be written is checked, then its files are replaced whole.

Checking the year as it is now (`sedp validate`) and previewing the change
(`sedp diff`) belong to later stages; the command line runs them between
these steps.
"""

from __future__ import annotations

import os
from pathlib import Path

from sedp.authoring.xlsx_import import ImportResult, WorkbookError, check_result, read_workbook
from sedp.core.files import atomic_write
from sedp.core.messages import Wording
from sedp.core.problems import Report, refuse_on_errors
from sedp.source.handbook import PLAN_FILE, Handbook, locked_statuses
from sedp.source.loader import load_file
from sedp.source.revisions import GitError, files_at, parsed


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


def refuse_unrecorded_amendment(project: Path, handbook: Handbook, year_dir: Path, result: ImportResult) -> None:
    """Stop when the workbook changes an approved plan year whose amendment records (step 9,
    `dieu_chinh`) are no more than git's last commit holds: `sedp validate --since` would refuse
    the change. The record is written in YAML before the import; in a folder git does not
    track, every record there counts as new."""
    amendments = handbook.role("dieu-chinh")
    free = handbook.free_after_approval
    changed = [name for name in result.texts if result.after.get(name) != result.before.get(name)
               and not (name in free and free[name] is None)]
    plan = load_file(year_dir / PLAN_FILE).data
    status = plan.get("trang_thai") if isinstance(plan, dict) else None
    if amendments is None or not changed or status not in locked_statuses(handbook):
        return
    step = year_dir / amendments[0]
    doc = load_file(step, os.path.join(str(year_dir), amendments[0]))
    relative = os.path.relpath(step.resolve(), project.resolve()).replace(os.sep, "/")
    try:
        committed = [parsed(raw) for raw in files_at(project, "HEAD", relative).values()]
    except GitError:
        committed = []
    if _records(doc.data, amendments[1]) > sum(_records(data, amendments[1]) for data in committed):
        return
    problem = Wording(handbook).problem(file=doc.display, path=(), line=doc.line_of((amendments[1],))
                                        if _records(doc.data, amendments[1]) else None,
                                        code="nhap-can-dieu-chinh", nhan=", ".join(changed),
                                        rang_buoc=handbook.vocab("trang-thai").label(status))
    refuse_on_errors([problem], "Kế hoạch đã thông qua chỉ được sửa kèm bản ghi điều chỉnh; chưa ghi gì.")


def _records(data, key) -> int:
    found = data.get(key) if isinstance(data, dict) else None
    return len(found) if isinstance(found, list) else 0


def write_result(year_dir: Path, result: ImportResult) -> list[str]:
    """Each changed file replaced in one step; the names written."""
    for name, text in result.texts.items():
        atomic_write(year_dir / name, text.encode("utf-8"))
    return list(result.texts)
