"""The roles sedp's code asks the handbook for, and the step file playing each.

Code names a role ("the needs", "the activities"), never a step file, so a
province may rename or renumber its step files. schema/quy-trinh.yaml
declares the roles (`vai_tro`); a role it leaves out is played by the file
the standard handbook (Quyết định 805/QĐ-UBND, Cao Bằng) uses, when the
process has that file, so a handbook written before roles existed works as
before. This is the one module that knows those standard names.
"""

from __future__ import annotations

from sedp.core.problems import Problem

# role -> (does it name a list in its file, may the process do without it)
ROLES = {
    "khoi-dong": (False, False),  # the kick-off: what carries over to next year
    "nhu-cau": (True, False),  # the village and market needs
    "hoat-dong": (True, False),  # the activities and their budget
    "y-kien-huyen": (True, True),  # the district's comments (the reviewers' diff lists new ones)
    "thong-qua": (False, False),  # the People's Council's approval
    "dieu-chinh": (True, True),  # amendments after approval (amendment control)
    "danh-gia": (True, True),  # the current year's targets, planned and achieved (the plan's Part I)
    "du-thao": (False, True),  # the draft: the plan's own words (the documents' outlines read it)
    "chi-tieu": (True, True),  # the plan year's targets (Biểu 5)
    "trinh-hdnd": (False, True),  # the submission to the People's Council (Tờ trình)
}
STANDARD = {
    "khoi-dong": {"tep": "buoc-01-khoi-dong.yaml"},
    "nhu-cau": {"tep": "buoc-02-nhu-cau.yaml", "danh_sach": "nhu_cau"},
    "hoat-dong": {"tep": "buoc-04-du-thao.yaml", "danh_sach": "hoat_dong"},
    "y-kien-huyen": {"tep": "buoc-07-y-kien-huyen.yaml", "danh_sach": "y_kien"},
    "thong-qua": {"tep": "buoc-09-hdnd-thong-qua.yaml"},
    "dieu-chinh": {"tep": "buoc-09-hdnd-thong-qua.yaml", "danh_sach": "dieu_chinh"},
    "danh-gia": {"tep": "buoc-03-xep-hang.yaml", "danh_sach": "danh_gia_nam_truoc"},
    "du-thao": {"tep": "buoc-04-du-thao.yaml"},
    "chi-tieu": {"tep": "buoc-04-du-thao.yaml", "danh_sach": "chi_tieu"},
    "trinh-hdnd": {"tep": "buoc-08-trinh-hdnd.yaml"},
}
WHERE = "schema/quy-trinh.yaml"


def read_roles(process: dict, rules: dict, step_files: list[str], problems: list) -> dict:
    """role -> (step file, list key or None); an optional role nobody plays is left out."""
    declared = process.get("vai_tro")
    if declared is not None and not isinstance(declared, dict):
        problems.append(_wrong("vai_tro", "vai_tro phải là một nhóm: tên vai trò → {tep, danh_sach}"))
        declared = {}
    declared = declared or {}
    for name in declared:
        if name not in ROLES:
            problems.append(_wrong(f"vai_tro.{name}", f"không có vai trò '{name}'; các vai trò: {', '.join(ROLES)}"))
    roles = {}
    for name, (has_list, optional) in ROLES.items():
        entry = declared.get(name)
        if entry is None:
            standard = STANDARD[name]
            if standard["tep"] in step_files and _is_list(rules, standard):
                roles[name] = (standard["tep"], standard.get("danh_sach"))
            elif not optional:
                problems.append(_wrong(f"vai_tro.{name}", f"chưa khai báo tệp nào giữ vai trò '{name}'"))
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("tep"), str) or entry["tep"] not in step_files:
            problems.append(_wrong(f"vai_tro.{name}", f"vai trò '{name}' cần `tep:` là một tệp bước trong `buoc`"))
            continue
        if has_list and not (isinstance(entry.get("danh_sach"), str) and _is_list(rules, entry)):
            problems.append(_wrong(f"vai_tro.{name}",
                                   f"vai trò '{name}' cần `danh_sach:` là tên một danh sách của {entry['tep']}"))
            continue
        roles[name] = (entry["tep"], entry.get("danh_sach") if has_list else None)
    return roles


def _is_list(rules: dict, entry: dict) -> bool:
    key = entry.get("danh_sach")
    if key is None:
        return True
    field = (rules.get(entry["tep"]) or {}).get(key)
    return isinstance(field, dict) and field.get("type") == "list"


def _wrong(field: str, what: str) -> Problem:
    return Problem(WHERE, None, field, "so-tay", f"Sổ tay (schema) sai: {what}",
                   "Sửa mục vai_tro trong schema/quy-trinh.yaml.")
