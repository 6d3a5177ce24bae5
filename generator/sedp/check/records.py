"""Rules of step 10's implementation record (schema/quy-tac/thuc-hien.yaml)
against the plan it records: only an approved plan has one, money disbursed
stays within the plan per source, status, progress, money and fields agree as
the status vocabulary's flags say (danh-muc/trang-thai-thuc-hien.yaml), and
its dates run in order up to the day of the update, itself not after today.

Field rules (status vocabulary, 0–100 %, start before completion, codes that
exist in the plan) are declared in the rules file and checked with the rest.
"""

from __future__ import annotations

from sedp.core.data import is_number
from sedp.core.fmt import day as day_text
from sedp.core.fmt import parse_date
from sedp.source.handbook import PLAN_FILE, Handbook, locked_statuses

# danh-muc/trang-thai-thuc-hien.yaml: the flags a status carries
FINISHED = "xong"  # done: exactly 100 %; every other status is below 100 %
NOT_STARTED = "chua_bat_dau"  # 0 % and nothing disbursed
REQUIRES = "can_co"  # fields of the activity's entry the status requires
FUTURE = "ngay-chua-toi"  # lien-buoc.yaml: a fact dated after today


def check_records(handbook: Handbook, cross, docs: dict) -> list:
    """docs: file name -> Document of one plan year (the record among them, if any)."""
    name = handbook.records_file
    record = docs.get(name) if name else None
    if record is None or not isinstance(record.data, dict):
        return []
    plan = docs.get(PLAN_FILE)
    status = plan.data.get("trang_thai") if plan is not None and isinstance(plan.data, dict) else None
    statuses = handbook.vocab("trang-thai").entries
    if status in statuses and status not in locked_statuses(handbook):
        return [cross.word(record, name, ("ngay_cap_nhat",), "thuc-hien-chua-thong-qua",
                            gia_tri=statuses[status].get("nhan", status))]
    return [*_money(handbook, cross, record, name, docs), *_statuses(handbook, cross, record, name),
            *_dates(handbook, cross, record, name)]


def _planned(handbook: Handbook, docs: dict) -> dict:
    """Activity code -> its budget by source, as the plan (step 4, amended in place) has it."""
    role = handbook.role("hoat-dong")
    if role is None:
        return {}
    file, key = role
    doc = docs.get(file)
    items = doc.data.get(key) if doc is not None and isinstance(doc.data, dict) else None
    return {a.get("ma"): a.get(handbook.money_field) if isinstance(a.get(handbook.money_field), dict) else {}
            for a in items or [] if isinstance(a, dict)}


def _activities(record):
    for index, item in enumerate(record.data.get("hoat_dong") or []):
        if isinstance(item, dict):
            yield index, item


def _money(handbook: Handbook, cross, record, name, docs) -> list:
    planned = _planned(handbook, docs)
    sources = handbook.vocab("nguon-von")
    problems = []
    for index, item in _activities(record):
        budget = planned.get(item.get("ma"))
        paid = item.get("giai_ngan")
        if budget is None or not isinstance(paid, dict):
            continue  # an unknown code is reported as a broken reference
        for source, amount in paid.items():
            limit = budget.get(source) if is_number(budget.get(source)) else 0
            if is_number(amount) and amount > limit:
                problems.append(cross.word(record, name, ("hoat_dong", index, "giai_ngan", source), "vuot-ke-hoach",
                                            gia_tri=amount, rang_buoc=limit, vi_du=item.get("ma"),
                                            nhan=sources.label(source)))
    return problems


def _statuses(handbook: Handbook, cross, record, name) -> list:
    """Each activity's progress, money and fields as its status's flags require; one problem
    per activity (the first contradiction: the others usually follow from the same slip)."""
    vocab = handbook.vocab("trang-thai-thuc-hien").entries
    problems = []
    for index, item in _activities(record):
        status = vocab.get(item.get("trang_thai"))
        if status is None:
            continue  # an unknown status is the field rules' to report
        problem = _contradiction(handbook, cross, record, name, index, item, status)
        if problem is not None:
            problems.append(problem)
    return problems


def _contradiction(handbook: Handbook, cross, record, name, index, item, status):
    code, label, progress = item.get("ma"), status.get("nhan"), item.get("tien_do")
    where = ("hoat_dong", index)
    if status.get(FINISHED) and progress != 100:
        return cross.word(record, name, (*where, "tien_do" if "tien_do" in item else "trang_thai"),
                          "hoan-thanh-chua-du", gia_tri=code, rang_buoc=progress, vi_du=label)
    if not status.get(FINISHED) and is_number(progress) and progress >= 100:
        done = next((e.get("nhan") for e in handbook.vocab("trang-thai-thuc-hien").entries.values()
                     if e.get(FINISHED)), "")
        return cross.word(record, name, (*where, "tien_do"), "tien-do-du-chua-xong", gia_tri=code,
                          rang_buoc=progress, vi_du=label, goi_y=done)
    if status.get(NOT_STARTED):
        if is_number(progress) and progress > 0:
            return cross.word(record, name, (*where, "tien_do"), "chua-trien-khai-da-lam", variant="tien_do",
                              gia_tri=code, rang_buoc=progress, vi_du=label)
        paid = item.get("giai_ngan") if isinstance(item.get("giai_ngan"), dict) else {}
        source = next((s for s, amount in paid.items() if is_number(amount) and amount > 0), None)
        if source is not None:
            return cross.word(record, name, (*where, "giai_ngan", source), "chua-trien-khai-da-lam",
                              variant="giai_ngan", gia_tri=code, rang_buoc=paid[source], vi_du=label,
                              nhan=handbook.vocab("nguon-von").label(source))
    for key in status.get(REQUIRES) or []:
        if item.get(key) in (None, "", [], {}):
            help_text = ((handbook.field_rules(name, (*where, key)) or {}).get("meta", {}).get("huong_dan") or "")
            help_text = help_text[:1].lower() + help_text[1:].rstrip(". ")  # said inside the hint's sentence
            return cross.word(record, name, (*where, key), "thieu-theo-trang-thai-thuc-hien", gia_tri=code,
                              vi_du=label, goi_y=help_text)
    return None


def _dates(handbook: Handbook, cross, record, name) -> list:
    """Results dated in order; nothing dated after the day of the update (a date after
    today is the past-tense rule's to report: crossfile.CrossChecker.past_tense)."""
    updated = parse_date(record.data.get("ngay_cap_nhat"))
    problems = []
    future = handbook.story_rule(FUTURE) is not None

    def late(path, value):
        day = parse_date(value)
        if updated and day and day > updated and not (future and day > cross.today):
            problems.append(cross.word(record, name, path, "thuc-hien-ngay", variant="sau_cap_nhat",
                                        gia_tri=value, rang_buoc=day_text(updated)))

    for index, item in _activities(record):
        for key in ("ngay_bat_dau", "ngay_hoan_thanh"):
            late(("hoat_dong", index, key), item.get(key))
        for position, visit in enumerate(item.get("giam_sat") or []):
            if isinstance(visit, dict):
                late(("hoat_dong", index, "giam_sat", position, "ngay"), visit.get("ngay"))
    for index, target in enumerate(record.data.get("chi_tieu") or []):
        results = (target.get("ket_qua") if isinstance(target, dict) else None) or []
        previous = None
        for position, result in enumerate(results):
            value = result.get("ngay") if isinstance(result, dict) else None
            day = parse_date(value)
            path = ("chi_tieu", index, "ket_qua", position, "ngay")
            if day and previous and day < previous[0]:
                problems.append(cross.word(record, name, path, "thuc-hien-ngay", variant="thu_tu",
                                            gia_tri=value, rang_buoc=previous[1]))
            late(path, value)
            if day:
                previous = (day, value)
    return problems
