"""Amendment control: an approved plan is not changed quietly.

From the status marked `khoa` in schema/danh-muc/trang-thai.yaml on, a change
to a plan's activities or budget since BASE must add an amendment record
(dieu_chinh in step 9) in the same change.
"""

from __future__ import annotations

from sedp.source.handbook import PLAN_FILE
from sedp.source.loader import load_file
from sedp.source.revisions import files_at, plan_years


def locked_statuses(handbook) -> set:
    codes = list(handbook.vocab("trang-thai").entries)
    first = next((i for i, c in enumerate(codes) if handbook.vocab("trang-thai").entries[c].get("khoa")), len(codes))
    return set(codes[first:])


def _part(steps: dict, where: tuple):
    return (steps.get(where[0]) or {}).get(where[1]) or []


def check_since(project, handbook, wording, base: str) -> list:
    before = plan_years(files_at(project, base))
    after = plan_years(files_at(project, None))
    locked = locked_statuses(handbook)
    statuses = handbook.vocab("trang-thai")
    activities, amendments = handbook.role("hoat-dong"), handbook.role("dieu-chinh")
    if amendments is None:  # this process records no amendments: nothing to require
        return []
    problems = []
    for key in sorted(before.keys() & after.keys()):
        old, new = before[key], after[key]
        status = (old.get(PLAN_FILE) or {}).get("trang_thai")
        if status not in locked or _part(old, activities) == _part(new, activities):
            continue
        if len(_part(new, amendments)) > len(_part(old, amendments)):
            continue
        path = project / "plans" / key[0] / key[1] / key[2] / activities[0]
        doc = load_file(path, f"plans/{key[0]}/{key[1]}/{key[2]}/{activities[0]}")
        problems.append(wording.problem(
            file=doc.display, line=doc.line_of((activities[1],)), path=(activities[1],),
            code="dieu-chinh-thieu", rang_buoc=statuses.label(status)))
    return problems
