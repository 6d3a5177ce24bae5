"""Problems found in plans, collected into a report (never raised one by one),
and the one way a command shows them and stops on an error (refuse_on_errors)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Literal

from sedp.core.errors import SedpError


@dataclass(frozen=True)
class Problem:
    """One thing a technician must fix, with where and how."""

    file: str  # path as the user typed it / relative to the repository
    line: int | None
    field: str  # key path such as "hoat_dong[2].kinh_phi.dan_dong_gop" ("" = whole file)
    code: str  # stable machine code, e.g. "kieu-sai"
    message: str  # Vietnamese sentence
    hint: str = ""
    severity: str = "loi"  # "loi" (error) or "canh-bao" (warning)

    def format(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: "
        if self.severity != "loi":
            text += "cảnh báo: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" — {self.hint}"
        return printable(text)

    def sort_key(self):
        return (self.file, self.line or 0, self.field, self.code)


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    communes: int = 0
    plan_years: int = 0

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "loi"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        # dict.fromkeys, not set: duplicates go but the order found stays, so two
        # problems at one place come out the same way in every run
        return sorted(dict.fromkeys(self.problems), key=Problem.sort_key)

    def summary(self) -> str:
        errors = len(self.errors)
        warnings = len(self.problems) - errors
        text = (
            f"Đã kiểm tra {self.communes} xã, {self.plan_years} năm kế hoạch, "
            f"{self.files} tệp: {errors} lỗi"
        )
        if warnings:
            text += f", {warnings} cảnh báo"
        return text + "."

    def to_json(self) -> str:
        """For machines (CI, editors): English keys, like the field names of
        Problem; the messages are Vietnamese; errors and warnings apart."""
        def plain(problem: Problem) -> dict:
            return {k: v for k, v in asdict(problem).items() if k != "severity"}

        problems = self.sorted()
        errors = [plain(p) for p in problems if p.severity == "loi"]
        warnings = [plain(p) for p in problems if p.severity != "loi"]
        return json.dumps(
            {
                "valid": self.ok,
                "communes": self.communes,
                "plan_years": self.plan_years,
                "files": self.files,
                "error_count": len(errors),
                "warning_count": len(warnings),
                "errors": errors,
                "warnings": warnings,
            },
            ensure_ascii=False,
            indent=2,
        )


class Refused(SedpError):
    """Errors in what a command read stopped it. The details are the problems' lines; the
    message says what was not done ("" for `sedp validate`: the lines and exit code say it)."""

    code = "ke-hoach-loi"


def refuse_on_errors(problems: Report | Iterable[Problem], refusal: str = "", *,
                     summary: Literal["always", "on error", "never"] = "never", as_json: bool = False) -> list[str]:
    """Every problem's line (a report's sorted by place, a list's in the order found), then the
    report's summary as asked; or, as_json, the report as JSON. With an error among them these
    lines are raised as Refused, above the refusal; otherwise returned, for the command to print."""
    report, listed = (problems, problems.sorted()) if isinstance(problems, Report) else (None, list(problems))
    failed = any(p.severity == "loi" for p in listed)
    lines = [p.format() for p in listed]
    if report is not None and as_json:
        lines = [report.to_json()]
    elif report is not None and (summary == "always" or (summary == "on error" and failed)):
        lines.append(report.summary())
    if failed:
        raise Refused(refusal, lines)
    return lines


# Line breaks and control characters quoted from a file are shown escaped: a
# problem stays one line, and no text from a plan can drive the terminal or CI log.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    return _CONTROL.sub(lambda m: _NAMED.get(m[0]) or f"\\u{ord(m[0]):04x}", text)
