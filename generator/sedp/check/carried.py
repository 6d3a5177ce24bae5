"""Rules across years of one commune: an activity carried over (step 4 `chuyen_tu:
{nam, ma}`) names an activity of an earlier plan year of the same commune, one its
record does not say was finished or stopped, and carries at most the money that
activity had left undisbursed, per source (schema/quy-tac/lien-buoc.yaml decides
each rule's severity, or turns it off).
"""

from __future__ import annotations

from decimal import Decimal

from sedp.core.data import is_number, items
from sedp.source.handbook import Handbook

ORIGIN = "chuyen_tu"
NOT_FOUND, ENDED, OVER = "chuyen-tu-khong-co", "chuyen-tu-da-xong", "chuyen-tu-vuot"


def check_carried(handbook: Handbook, cross, years: dict, on_disk: set | None = None) -> list:
    """years: year folder name -> {file name: Document} of one commune's complete plan years;
    on_disk: every year folder of the commune. An origin year that exists but was not
    checked now (not selected, or its own files have errors) is not reported as missing."""
    role = handbook.role("hoat-dong")
    if not role:
        return []
    file, key = role
    vocab = handbook.vocab("trang-thai-thuc-hien").entries if "trang-thai-thuc-hien" in handbook.vocabularies else {}
    problems = []
    for year, docs in years.items():
        doc = docs.get(file)
        for index, activity in enumerate(items(doc.data if doc is not None else None, key)):
            origin = activity.get(ORIGIN)
            if isinstance(origin, dict):
                if str(origin.get("nam")) in (on_disk or set()) - set(years):
                    continue  # its year is there but not read now: nothing to compare with
                problems += _check(handbook, cross, years, year, doc, file, (key, index), activity, origin, vocab)
    return problems


def _check(handbook: Handbook, cross, years, year, doc, file: str, where, activity, origin, vocab) -> list:
    earlier, code = str(origin.get("nam")), origin.get("ma")
    said = f"năm {earlier}, {code}"
    before = years.get(earlier) if earlier < year else None
    planned = {a.get("ma"): a for a in items(before[file].data, where[0])} if before and file in before else {}
    if before is None or code not in planned:
        rule = handbook.story_rule(NOT_FOUND)
        known = ", ".join(sorted(y for y in years if y < year)) or "không có"
        return [cross.word(doc, file, (*where, ORIGIN), NOT_FOUND, severity=rule["severity"], gia_tri=said,
                           rang_buoc=known, vi_du=", ".join(str(c) for c in planned) or "không có")] if rule else []
    record = before.get(handbook.records_file) if handbook.records_file else None
    row = next((r for r in items(record.data if record is not None else None, "hoat_dong") if r.get("ma") == code),
               {})  # not in the record (or no record): nothing says it ended or what was paid
    problems = []
    entry = vocab.get(row.get("trang_thai")) or {}
    rule = handbook.story_rule(ENDED)
    if rule and (entry.get("xong") or entry.get("dung")):
        problems.append(cross.word(doc, file, (*where, ORIGIN), ENDED, severity=rule["severity"], gia_tri=said,
                                   rang_buoc=entry.get("nhan", row.get("trang_thai")), vi_du=handbook.records_file))
    rule = handbook.story_rule(OVER)
    if rule is None:
        return problems
    money = activity.get(handbook.money_field) if isinstance(activity.get(handbook.money_field), dict) else {}
    sources = handbook.vocab("nguon-von")
    for source, amount in money.items():
        left = _amount(planned[code].get(handbook.money_field), source) - _amount(row.get("giai_ngan"), source)
        if is_number(amount) and amount > left:
            problems.append(cross.word(doc, file, (*where, handbook.money_field, source), OVER, severity=rule["severity"],
                                       nhan=sources.label(source), gia_tri=amount, rang_buoc=max(left, Decimal(0)),
                                       vi_du=said))
    return problems


def _amount(group, source) -> Decimal:
    value = group.get(source) if isinstance(group, dict) else None
    return Decimal(value) if is_number(value) else Decimal(0)
