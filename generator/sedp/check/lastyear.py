"""Last year's results typed again in this year's plan, checked against last year's record.

Step 3's assessment (planned and achieved per target of year X) and Biểu 5's
estimate for year X repeat facts that year X's plan and its implementation
record already hold. Where that record exists, a typed copy must say the same
(rule `ket-qua-nam-truoc`, schema/quy-tac/lien-buoc.yaml); left blank, every
document takes the record's figure (model/lastyear.py). Without a record the
typed figures stand, and the documents call them an estimate.
"""

from __future__ import annotations

from sedp.core.data import is_number
from sedp.core.fmt import yaml_number
from sedp.core.text import nfc
from sedp.source.handbook import PLAN_FILE, Handbook

RULE = "ket-qua-nam-truoc"
ASSESSED = ("chi_tieu", "ke_hoach", "thuc_hien")  # a step-3 assessment row: name, planned, achieved
ESTIMATE = "uoc_thuc_hien"  # Biểu 5: the estimate for year X of a target of year X+1


def target_key(name) -> str:
    """A target's name as compared across years: NFC, case and spaces folded."""
    return " ".join(nfc(str(name or "")).casefold().split())


def latest_result(item) -> tuple | None:
    """(index, value) of the last numeric result of a record's target item."""
    results = item.get("ket_qua") if isinstance(item, dict) else None
    found = None
    for index, result in enumerate(results if isinstance(results, list) else []):
        if isinstance(result, dict) and is_number(result.get("gia_tri")):
            found = (index, result["gia_tri"])
    return found


def _rows(doc, key) -> list:
    data = doc.data.get(key) if doc is not None and isinstance(doc.data, dict) else None
    return [(i, row) for i, row in enumerate(data if isinstance(data, list) else []) if isinstance(row, dict)]


def check_last_year(handbook: Handbook, cross, docs: dict, previous: dict | None) -> list:
    """docs, previous: file name -> Document of this plan year and of the year before."""
    rule = handbook.story_rule(RULE)
    targets_role, assessment_role = handbook.role("chi-tieu"), handbook.role("danh-gia")
    previous = previous or {}
    record = previous.get(handbook.records_file or "")
    if rule is None or targets_role is None or record is None or not isinstance(record.data, dict):
        return []
    plan_doc = previous.get(targets_role[0])
    if plan_doc is None:
        return []  # without last year's plan, no target of it to compare with
    recorded = {item.get("ma"): (i, item) for i, item in _rows(record, "chi_tieu")}
    known = {}  # target name -> (planned, its line, achieved, its line)
    for index, target in _rows(plan_doc, targets_role[1]):
        planned = (target.get("ke_hoach"), plan_doc.line_of((targets_role[1], index, "ke_hoach")))
        position, item = recorded.get(target.get("ma"), (None, None))
        latest = latest_result(item)
        achieved = (None, None) if latest is None else (
            latest[1], record.line_of(("chi_tieu", position, "ket_qua", latest[0], "gia_tri")))
        key = target_key(target.get("ten"))
        known[key] = None if key in known else (*planned, *achieved)  # a name used twice: cannot tell which
    problems = []
    plan = previous.get(PLAN_FILE)
    plan_year = plan.data.get("nam_ke_hoach") if plan is not None and isinstance(plan.data, dict) else ""

    def compare(doc, file_name, path, typed, source_value, source_doc, source_line, what, name):
        if not is_number(typed) or not is_number(source_value) or typed == source_value:
            return
        problems.append(cross.word(
            doc, file_name, path, RULE, severity=rule["severity"], gia_tri=typed, vi_du=name,
            rang_buoc=yaml_number(source_value),
            goi_y=f"{what} năm {plan_year} ({source_doc.display}:{source_line})"))

    if assessment_role and assessment_role[0] in docs:
        doc = docs[assessment_role[0]]
        for index, row in _rows(doc, assessment_role[1]):
            name_key, planned_key, achieved_key = ASSESSED
            found = known.get(target_key(row.get(name_key)))
            if found is None:
                continue
            where = (assessment_role[1], index)
            compare(doc, assessment_role[0], (*where, planned_key), row.get(planned_key), found[0], plan_doc,
                    found[1], "kế hoạch", row.get(name_key))
            compare(doc, assessment_role[0], (*where, achieved_key), row.get(achieved_key), found[2], record,
                    found[3], "báo cáo thực hiện", row.get(name_key))
    doc = docs.get(targets_role[0])
    for index, row in _rows(doc, targets_role[1]):
        found = known.get(target_key(row.get("ten")))
        if found is not None:
            compare(doc, targets_role[0], (targets_role[1], index, ESTIMATE), row.get(ESTIMATE), found[2], record,
                    found[3], "báo cáo thực hiện", row.get("ten"))
    return problems

