"""Amendment control: an approved plan is not changed quietly.

From the status marked `khoa` in schema/danh-muc/trang-thai.yaml on, any
change since BASE to a plan's content (every plan file, and the commune's
name and code) needs a new amendment record (the `dieu-chinh` role, step 9)
in the same change. What may still change freely after approval (publication,
the status moving on) is declared in schema/quy-trinh.yaml
(`sua_tu_do_sau_thong_qua`); step 10's implementation record is among them,
but deleting it, or rewriting a dated entry it already holds (a result, a
visit's finding), needs a record too. An approved plan year is never deleted, and an
amendment record is only ever added, never edited or removed. The records'
own fields (decision number, date, reason) are checked by `sedp validate`.
"""

from __future__ import annotations

import re

from sedp.core.messages import Wording
from sedp.review.fielddiff import MISSING, Skip, field_changes, file_title, item_names
from sedp.source.handbook import PLAN_FILE, Handbook, locked_statuses
from sedp.source.loader import load_file
from sedp.source.repository import plan_folder
from sedp.source.revisions import files_at, place_data, plan_years

SCOPE = "pham_vi"  # an amendment record's list of what it changes (its rules: the dieu-chinh role's step file)
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
        old = {name: _renamed(data, handbook.renamed.get(name, ())) for name, data in before[key].items()}
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
        added = new_records[len(old_records):]
        scope = _scope(added)
        if added and scope is None:
            continue  # a record that lists nothing covers the whole plan year (as every record did before pham_vi)
        commune = plan_folder(*key[:2])
        record = handbook.records_file  # free to grow after approval, but not to vanish nor to rewrite its past
        if record and record in old and record not in new and record not in (scope or ()):
            problems.append(wording.problem(file=f"{folder}/{record}", line=None, path=(),
                                            code="thuc-hien-bi-xoa", rang_buoc=label))
        elif record and isinstance(old.get(record), dict) and isinstance(new.get(record), dict):
            problems.extend(_past_rewritten(project, handbook, wording, (folder, record, label, scope),
                                            old[record], new[record]))
        if added:  # recorded: the diff shows the record beside what it amends, within what it lists
            problems.extend(_outside_scope(project, wording, (folder, commune, label), scope or [],
                                           _changes(handbook, old, new, amendments, places_before.get(commune),
                                                    places_after.get(commune))))
            continue
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


def _past_rewritten(project, handbook: Handbook, wording, where: tuple, old: dict, new: dict) -> list:
    """One problem per dated entry of the implementation record (the handbook's so_da_ghi)
    that is in it at BASE and is now gone or says otherwise, outside the scope of the records
    added (None: none added): new entries and current figures are free, a past one is not."""
    folder, record, label, scope = where
    found = []
    for key, entries, value in handbook.recorded_entries:
        now = {item.get("ma"): item for item in _dicts(new.get(key))}
        for item in _dicts(old.get(key)):
            if scope is not None and (key in scope or str(item.get("ma")) in scope):
                continue
            later = {e.get("ngay"): e.get(value) for e in _dicts(now.get(item.get("ma"), {}).get(entries))}
            for entry in _dicts(item.get(entries)):
                if entry.get("ngay") not in later or later[entry.get("ngay")] != entry.get(value):
                    found.append((key, str(item.get("ma")), " › ".join([
                        file_title(handbook, record), handbook.label(record, (key,)), f"mục {item.get('ma')}",
                        handbook.label(record, (key, 0, entries)), f"ngày {entry.get('ngay')}",
                        handbook.label(record, (key, 0, entries, 0, value))])))
    if not found:
        return []
    doc = _read(project, folder, record)
    if scope is None:
        return [wording.problem(file=doc.display, line=doc.line_of((key,)), path=(key,),
                                code="thuc-hien-sua-so-da-ghi", nhan=nhan, rang_buoc=label) for key, _, nhan in found]
    return [wording.problem(file=doc.display, line=doc.line_of((key,)), path=(key,), code="dieu-chinh-ngoai-pham-vi",
                            nhan=nhan, gia_tri=", ".join(scope), rang_buoc=label, vi_du=code)
            for key, code, nhan in found]


def _dicts(value) -> list:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _scope(added: list) -> list | None:
    """What the added amendment records list (`pham_vi`: item codes, or a plan file's top-level keys,
    or the implementation record's file name); None when none is added or one lists nothing."""
    lists = [r.get(SCOPE) if isinstance(r, dict) else None for r in added]
    if not lists or any(not isinstance(codes, list) or not codes for codes in lists):
        return None
    return [str(code) for codes in lists if isinstance(codes, list) for code in codes]


def _outside_scope(project, wording, where: tuple, scope: list, found) -> list:
    """One problem per file changed outside what the added records list."""
    folder, commune, label = where
    problems = []
    for name, changes in found:
        outside = [c for c in changes if not _within(c.path, scope)]
        if not outside:
            continue
        doc = _read(project, commune if name == "commune.yaml" else folder, name)
        top = _top(outside[0].path)
        more = f" và {len(outside) - 1} mục khác" if len(outside) > 1 else ""
        problems.append(wording.problem(file=doc.display, line=doc.line_of((top,)) if top else None,
                                        path=(top,) if top else (), code="dieu-chinh-ngoai-pham-vi",
                                        nhan=outside[0].where + more, gia_tri=", ".join(scope),
                                        rang_buoc=label, vi_du=_item(outside[0].path) or top))
    return problems


def _top(path: str) -> str:
    return path.split(".")[0].split("[")[0]


def _item(path: str) -> str | None:
    """The code of the first item a change's path names ("hoat_dong[HD01].kinh_phi" -> HD01)."""
    found = re.search(r"\[([^\]]+)\]", path)
    return found[1] if found and not found[1].isdigit() else None


def _within(path: str, scope: list) -> bool:
    return _top(path) in scope or any(f"[{code}]" in path for code in scope)


def _changes(handbook: Handbook, old: dict, new: dict, amendments: tuple, commune_before, commune_after):
    """(file, its changes) for every plan file changed outside what may change freely."""
    free = handbook.free_after_approval
    fields = [(name, tuple(key.split("."))) for name, keys in free.items() if keys for key in keys]
    skip = Skip(whole=[(amendments[0], (amendments[1],)), *((name, path) for name, path in fields if len(path) == 1)],
                fields=[(name, path) for name, path in fields if len(path) > 1])
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


def _renamed(data, renames):
    """A plan file as BASE holds it, its fields renamed since (the handbook's doi_ten) read by
    their new names: a rename is not a change to what was approved."""
    for path, new in renames:
        data = _rename(data, path, new)
    return data


def _rename(data, path: tuple, new: str):
    if isinstance(data, list) and path[0] == "*":
        return [_rename(item, path[1:], new) for item in data]
    if not isinstance(data, dict) or path[0] not in data:
        return data
    if len(path) == 1:
        return {(new if k == path[0] else k): v for k, v in data.items()}
    return {**data, path[0]: _rename(data[path[0]], path[1:], new)}


def _read(project, folder: str, name: str):
    return load_file(project / folder / name, f"{folder}/{name}")
