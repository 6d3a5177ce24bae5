"""The review trail of a plan year, from git: every change on the main line
(merged pull requests and direct commits) with date, author, pull-request
number and a one-line summary from the semantic diff."""

from __future__ import annotations

import re
from pathlib import Path

from sedp.review.plandiff import compare_year
from sedp.source.handbook import Handbook
from sedp.source.repository import plan_folder
from sedp.source.revisions import GitError, files_at, git, plan_years

LIMIT = 30  # most recent changes shown per plan year
PULL_REQUEST = re.compile(r"(?:pull request #|\(#)(\d+)")


def year_trail(project: Path, district: str, commune: str, year: str, handbook: Handbook) -> list[dict]:
    if not (project / ".git").exists():
        return []
    folder = plan_folder(district, commune, year)
    try:
        log = git(project, "log", "--first-parent", f"-{LIMIT}", "--date=short",
                  "--format=%H%x1f%P%x1f%ad%x1f%an%x1f%s", "--", folder).decode("utf-8", "replace")
    except GitError:
        return []
    entries = []
    for line in log.splitlines():
        commit, parents, day, author, subject = line.split("\x1f")
        parent = parents.split()[0] if parents else None
        key = (district, commune, year)
        after = plan_years(files_at(project, commit, folder)).get(key, {})
        before = plan_years(files_at(project, parent, folder)).get(key, {}) if parent else {}
        summary = _summary(handbook, key, before, after)
        number = PULL_REQUEST.search(subject)
        entries.append({"ngay": day, "tac_gia": author, "pr": f"#{number.group(1)}" if number else "",
                        "tom_tat": summary, "ghi_chu": subject})
    return entries


def _summary(handbook: Handbook, key: tuple, before: dict, after: dict) -> str:
    """What a commit changed in a plan year, in one line. Files in history were never checked
    by today's handbook: one it cannot compare is said so, not a crash of the whole build."""
    if not before:
        return "tạo năm kế hoạch"
    try:
        return compare_year(handbook, key, "", before, after).summary()
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, ArithmeticError):
        return UNREADABLE


UNREADABLE = "không tóm tắt được: tệp ở lần sửa này hoặc lần trước sai cấu trúc"
