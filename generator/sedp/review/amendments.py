"""Amendment control: an approved plan is not changed quietly.

From the status marked `khoa` in schema/danh-muc/trang-thai.yaml on, any
change since BASE to a plan's content (every plan file, and the commune's
name and code) needs a new amendment record (the `dieu-chinh` role, step 9)
in the same change. What may still change freely after approval (publication,
the status moving on) is declared in schema/quy-trinh.yaml
(`sua_tu_do_sau_thong_qua`). An approved plan year is never deleted, and an
amendment record is only ever added, never edited or removed. The records'
own fields (decision number, date, reason) are checked by `sedp validate`.
"""

from __future__ import annotations

from sedp.core.messages import Wording
from sedp.review.fielddiff import MISSING, Skip, field_changes, item_names
from sedp.source.handbook import PLAN_FILE, Handbook, locked_statuses
from sedp.source.loader import load_file
from sedp.source.repository import plan_folder
from sedp.source.revisions import files_at, place_data, plan_years

IDENTITY = ("ten", "ma", "loai")  # what of commune.yaml an approved plan is issued under


def _part(steps: dict, where: tuple):
    data = steps.get(where[0])
    part = data.get(where[1]) if isinstance(data, dict) else None
    return part if isinstance(part, list) else []


def problems_since(project, handbook: Handbook, base: str) -> list:
    """check_since, worded by the handbook's own messages."""
    return check_since(project, handbook, Wording(handbook), base)


def check_since(project, handbook: Handbook, wording, base: str) -> list:
    before_files, after_files = files_at(project, base), files_at(project, None)
    before, after = plan_years(before_files), plan_years(after_files)
    places_before, places_after = place_data(before_files), place_data(after_files)
    locked = locked_statuses(handbook)
    statuses = handbook.vocab("trang-thai")
    amendments = handbook.role("dieu-chinh")
    if amendments is None:  # this process records no amendments: nothing to require
        return []
    problems = []
    for key in sorted(before):
        old = before[key]
        plan = old.get(PLAN_FILE)
        status = plan.get("trang_thai") if isinstance(plan, dict) else None
        if status not in locked:
            continue
        folder = plan_folder(*key)
        label = statuses.label(status)
        if key not in after:
            problems.append(wording.problem(file=f"{folder}/{PLAN_FILE}", line=None, path=(),
                                            code="xoa-nam-da-thong-qua", gia_tri=folder, rang_buoc=label))
            continue
        new = after[key]
        old_records, new_records = _part(old, amendments), _part(new, amendments)
        if new_records[:len(old_records)] != old_records:
            doc = _read(project, folder, amendments[0])
            problems.append(wording.problem(file=doc.display, line=doc.line_of((amendments[1],)),
                                            path=(amendments[1],), code="dieu-chinh-bi-sua",
                                            gia_tri=f"{len(old_records)} → {len(new_records)} bản ghi"))
            continue
        if len(new_records) > len(old_records):
            continue  # recorded: the diff shows the record beside what it amends
        commune = plan_folder(*key[:2])
        new_plan = new.get(PLAN_FILE)
        new_status = new_plan.get("trang_thai") if isinstance(new_plan, dict) else None
        back = [] if new_status in locked else field_changes(  # leaving the approved statuses unlocks it
            handbook, PLAN_FILE, {"trang_thai": status}, {"trang_thai": new_status})
        found = list(_changes(handbook, old, new, amendments, places_before.get(commune), places_after.get(commune)))
        if back:
            found = [(PLAN_FILE, back + next((c for n, c in found if n == PLAN_FILE), []))] + [
                (n, c) for n, c in found if n != PLAN_FILE]
        for name, changes in found:
            doc = _read(project, commune if name == "commune.yaml" else folder, name)
            top = changes[0].path.split(".")[0].split("[")[0]
            more = f" và {len(changes) - 1} mục khác" if len(changes) > 1 else ""
            problems.append(wording.problem(file=doc.display, line=doc.line_of((top,)) if top else None,
                                            path=(top,) if top else (), code="dieu-chinh-thieu",
                                            nhan=changes[0].where + more, rang_buoc=label))
    return problems


def _changes(handbook: Handbook, old: dict, new: dict, amendments: tuple, commune_before, commune_after):
    """(file, its changes) for every plan file changed outside what may change freely."""
    free = handbook.free_after_approval
    skip = Skip(whole=[(amendments[0], (amendments[1],)),
                       *((name, (key,)) for name, keys in free.items() if keys for key in keys)])
    files = [*handbook.year_files, *sorted((old.keys() | new.keys()) - set(handbook.year_files))]
    names = item_names(handbook, old, new)
    for name in files:
        if name in free and free[name] is None or (name not in old and name not in new):
            continue
        changes = field_changes(handbook, name, old.get(name, MISSING), new.get(name, MISSING), skip, names)
        if changes:
            yield name, changes
    identity = [(k, (commune_before or {}).get(k), (commune_after or {}).get(k)) for k in IDENTITY]
    if any(a != b for _, a, b in identity):
        pick = {k: a for k, a, _ in identity}, {k: b for k, _, b in identity}
        yield "commune.yaml", field_changes(handbook, "commune.yaml", *pick)


def _read(project, folder: str, name: str):
    return load_file(project / folder / name, f"{folder}/{name}")
