"""Rules across the steps of one plan year, so that the plan tells one story:
ranks follow scores, households stay within their villages, a participant
group's count agrees with the list it summarises, an answer to a comment says
what the plan has, no comment is left unanswered once the plan is before the
Council, and Biểu 7 does not approve again what Biểu 6 holds.

Each rule is declared in schema/quy-tac/lien-buoc.yaml under its code, with
its severity and the fields it reads; a rule the province deleted is not run.
"""

from __future__ import annotations

import re
from decimal import Decimal

from sedp.core.data import FAILED, is_number, value_at, walk
from sedp.core.fmt import number as vn_number
from sedp.core.text import fold, nfc
from sedp.source.drafts import RULE as DRAFT_RULE
from sedp.source.drafts import answered_before, items_of, sent_draft, taken_in
from sedp.source.handbook import PLAN_FILE, Handbook

NEEDS_FIELD = "nhu_cau"  # an activity's list of the needs it answers
VILLAGES_FIELD = "thon"  # an activity's (a need's) village(s)


def check_story(handbook: Handbook, cross, commune_doc, docs: dict, year) -> list:
    """commune_doc: commune.yaml; docs: file name -> Document of one plan year."""
    problems = []
    for code, check in (("thu-hang-theo-diem", _ranks), ("ho-vuot-thon", _households),
                        ("tham-du-theo-danh-sach", _group_counts), ("tra-loi-y-kien", _answers),
                        ("y-kien-chua-tra-loi", _pending), ("bieu-7-trung-bieu-6", _priority_repeats)):
        rule = handbook.story_rule(code)
        if rule is not None:
            problems.extend(check(handbook, cross, rule, commune_doc, docs, year))
    return problems


def _items(doc, list_path):
    """(index path, item) of every dict item of the list at list_path ('a.b')."""
    return _listed(doc.data if doc is not None else None, list_path)


def _listed(data, list_path):
    """_items of a file's data."""
    data = data if isinstance(data, dict) else {}
    path = tuple(list_path.split("."))
    items = value_at(data, path)
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            yield (*path, index), item


# -- ranks follow scores ----------------------------------------------------
def _ranks(handbook: Handbook, cross, rule, commune_doc, docs, year) -> list:
    file = rule.get("tep")
    doc = docs.get(file)
    rank_key, score_key, code_key = rule.get("thu_hang"), rule.get("diem"), rule.get("ma")
    reason_key = rule.get("ly_do_ngoai_le")
    ranked = [(path, item) for path, item in _items(doc, rule.get("danh_sach", ""))
              if _whole(item.get(rank_key))]
    problems = []
    for path, item in ranked:
        rank, score = item[rank_key], item.get(score_key)
        if not is_number(score) or _filled(item.get(reason_key)):
            continue
        scored = [(other[rank_key], other[score_key], other.get(code_key)) for _, other in ranked
                  if other is not item and is_number(other.get(score_key)) and not _filled(other.get(reason_key))]
        ahead = [o for o in scored if o[0] < rank and o[1] < score]  # ranked ahead, scored lower
        tied = [o for o in scored if o[1] == score and o[0] < rank]  # same score, better rank
        if ahead:
            other = max(ahead, key=lambda o: (o[1], -o[0]))
            problems.append(cross.word(doc, file, (*path, rank_key), "thu-hang-theo-diem", severity=rule["severity"],
                                       variant="diem", gia_tri=rank, vi_du=_scored(item.get(code_key), score),
                                       rang_buoc=_scored(other[2], other[1], other[0]),
                                       goi_y=_rank_for(score, scored)))
        elif tied:
            other = min(tied)
            problems.append(cross.word(doc, file, (*path, rank_key), "thu-hang-theo-diem", severity=rule["severity"],
                                       variant="bang_diem", gia_tri=rank, vi_du=_scored(item.get(code_key), score),
                                       rang_buoc=_scored(other[2], None, other[0]), goi_y=other[0]))
    return problems or _rank_gaps(cross, rule, doc, file, ranked)


def _scored(code, score, rank=None) -> str:
    """'NC05 (điểm 73, thứ hạng 1)': a need as the ranking shows it."""
    parts = [f"điểm {vn_number(score)}" if score is not None else "", f"thứ hạng {rank}" if rank is not None else ""]
    shown = ", ".join(p for p in parts if p)
    return f"{code} ({shown})" if shown else str(code)


def _rank_for(score, scored) -> int:
    """The rank a score earns among the others': 1 + how many scored higher."""
    return 1 + sum(1 for o in scored if o[1] > score)


def _rank_gaps(cross, rule, doc, file, ranked) -> list:
    """Ranks in the 1, 2, 2, 4 form: each is 1 + the number of items ranked ahead."""
    rank_key = rule.get("thu_hang")
    ranks = [item[rank_key] for _, item in ranked]
    for path, item in sorted(ranked, key=lambda pair: pair[1][rank_key]):
        expected = 1 + sum(1 for r in ranks if r < item[rank_key])
        if item[rank_key] != expected:
            return [cross.word(doc, file, (*path, rank_key), "thu-hang-theo-diem", severity=rule["severity"],
                               variant="thu_tu", gia_tri=item[rank_key], vi_du=item.get(rule.get("ma")),
                               rang_buoc=expected - 1, goi_y=expected)]
    return []


# -- households within their villages -----------------------------------------
def _households(handbook: Handbook, cross, rule, commune_doc, docs, year) -> list:
    commune = commune_doc.data if commune_doc is not None and isinstance(commune_doc.data, dict) else {}
    villages = {nfc(v["ten"]): v for v in commune.get("thon") or []
                if isinstance(v, dict) and isinstance(v.get("ten"), str)}
    problems = []
    for place in rule.get("so_lieu") or []:
        file = place.get("tep")
        doc = docs.get(file)
        for path, item in _items(doc, place.get("danh_sach", "")):
            named = item.get(place.get("thon"))
            named = [named] if isinstance(named, str) else named if isinstance(named, list) else []
            known = [villages[nfc(n)] for n in named if isinstance(n, str) and nfc(n) in villages]
            if not named or len(known) != len(named):
                continue  # no village, or one that does not exist (a broken reference, reported)
            for figure_key, village_key in (place.get("so_sanh") or {}).items():
                value = item.get(figure_key)
                limits = [x for x in (v.get(village_key) for v in known) if is_number(x)]
                if not is_number(value) or len(limits) != len(known) or value <= sum(limits):
                    continue
                if _over_its_own_limit(handbook, file, path, item, figure_key):
                    continue  # "81 poor of 80 households" is said once, by the field's own rule
                problems.append(cross.word(
                    doc, file, (*path, figure_key), "ho-vuot-thon", severity=rule["severity"],
                    variant="mot_thon" if len(known) == 1 else "nhieu_thon", gia_tri=value, rang_buoc=sum(limits),
                    vi_du=", ".join(named), goi_y=handbook.label("commune.yaml", ("thon", 0, village_key))))
    return problems


def _over_its_own_limit(handbook: Handbook, file, path, item, key) -> bool:
    """The figure is above the item's figure its rules say it may not exceed (meta khong_vuot)."""
    rules = handbook.field_rules(file, (*path, key)) or {}
    limit = item.get((rules.get("meta") or {}).get("khong_vuot"))
    return is_number(limit) and item[key] > limit


# -- a participant group's count against the list it summarises ---------------
def _group_counts(handbook: Handbook, cross, rule, commune_doc, docs, year) -> list:
    meetings = (handbook.rollup.get("tham_du") or {}).get("cuoc_hop") or []
    groups = handbook.vocab("nhom-tham-du")
    problems = []
    for pair in rule.get("dem") or []:
        group, listed = pair.get("nhom"), pair.get("danh_sach") or {}
        list_file = listed.get("tep")
        if not isinstance(list_file, str):
            continue  # no list named: nothing to count against
        list_doc = docs.get(list_file)
        data = list_doc.data if list_doc is not None and isinstance(list_doc.data, dict) else {}
        names: list[str] = []
        for _, name in walk(data, tuple(str(listed.get("truong", "")).split("."))):
            if isinstance(name, str) and fold(name) not in {fold(n) for n in names}:
                names.append(name)
        counted: int | Decimal | None = 0
        where = None
        for meeting in meetings:
            doc = docs.get(meeting["tep"])
            if doc is None or not isinstance(doc.data, dict):
                continue
            for path, counts in walk(doc.data, tuple(meeting["truong"].split("."))):
                value = counts.get(group) if isinstance(counts, dict) else None
                if value is FAILED:
                    counted = None  # its own error is reported; the sum is unknown
                if is_number(value) and counted is not None:
                    counted += value
                if is_number(value) and (where is None or (meeting["tep"] == list_file and where[1] != list_file)):
                    where = (doc, meeting["tep"], (*path, group))  # the count typed nearest the list
        if counted is None or counted >= len(names):
            continue
        doc, file, path = where or (list_doc, list_file, _first_path(data, listed))
        problems.append(cross.word(doc, file, path, "tham-du-theo-danh-sach", severity=rule["severity"],
                                   gia_tri=counted, rang_buoc=len(names), vi_du="; ".join(names),
                                   nhan=groups.label(group),
                                   goi_y=handbook.label(list_file, tuple(listed["truong"].split(".")[:1]))))
    return problems


def _first_path(data, listed) -> tuple:
    return next((path for path, _ in walk(data, tuple(listed["truong"].split(".")))), ())


# -- answers to comments say what the plan has --------------------------------
def _answers(handbook: Handbook, cross, rule, commune_doc, docs, year) -> list:
    role = handbook.role("hoat-dong")
    if role is None:
        return []
    file, key = role
    activities = {item.get("ma"): item for _, item in _items(docs.get(file), key)}
    code_rules = handbook.field_rules(file, (key, 0, "ma")) or {}
    code_pattern = re.compile(r"\b(?:" + code_rules["regex"] + r")\b") if code_rules.get("regex") else None
    sources = handbook.vocab("nguon-von").entries
    problems = []
    for place in rule.get("tra_loi") or []:
        answers_file = place.get("tep")
        doc = docs.get(answers_file)
        for path, comment in _items(doc, place.get("danh_sach", "")):
            named = comment.get(place.get("muc")) if place.get("muc") else None
            for text_key in place.get("noi_dung") or []:
                text_path = tuple(text_key.split("."))
                text = value_at(comment, text_path)
                if not isinstance(text, str) or not text.strip():
                    continue
                where = (*path, *text_path)
                mentioned = code_pattern.findall(text) if code_pattern else []
                missing = [c for c in mentioned if c not in activities]
                if missing:
                    problems.append(cross.word(doc, answers_file, where, "tra-loi-y-kien", severity=rule["severity"],
                                               variant="khong_co", gia_tri=text, rang_buoc=missing[0],
                                               goi_y=", ".join(str(c) for c in activities if c) or "(chưa có)"))
                    continue
                item_code = named if named in activities else mentioned[0] if len(set(mentioned)) == 1 else None
                if item_code is None:
                    continue
                money = activities[item_code].get(handbook.money_field)
                money = money if isinstance(money, dict) else {}
                problems.extend(_answer_sources(cross, rule, doc, answers_file, where, text, item_code, money,
                                                sources))
                problems.extend(_answer_figures(cross, rule, doc, answers_file, where, text, item_code, money,
                                                activities[item_code].get("tong_kinh_phi")))
    return problems


def _answer_sources(cross, rule, doc, file, where, text, item_code, money, sources) -> list:
    folded = fold(nfc(text))
    removed = [fold(w) for w in rule.get("tu_bo") or []]
    for source, entry in sources.items():
        label = fold(entry.get("nhan", source))
        for found in re.finditer(r"\b" + re.escape(label) + r"\b", folded):
            clause = re.split(r"[,;.:]", folded[:found.start()])[-1]
            if any(re.search(r"\b" + re.escape(w) + r"\b", clause) for w in removed):
                continue  # "bỏ vốn ngân sách huyện": the source was taken out
            if not is_number(money.get(source)) or not money.get(source):
                has = ", ".join(sources[s].get("nhan", s) for s in money if s in sources and money[s]) or "(không có)"
                return [cross.word(doc, file, where, "tra-loi-y-kien", severity=rule["severity"], variant="nguon",
                                   gia_tri=text, rang_buoc=entry.get("nhan", source), vi_du=item_code, goi_y=has)]
    return []


_FIGURE = r"(?<![\d.,/])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d/])"


def _answer_figures(cross, rule, doc, file, where, text, item_code, money, total) -> list:
    """A figure of money in the answer (a number before a money unit, or one written
    with thousands dots) is one of the item's amounts or its total."""
    units = "|".join(re.escape(u) for u in sorted(rule.get("don_vi_tien") or [], key=len, reverse=True))
    old = [fold(w) for w in rule.get("so_cu") or []]
    amounts = {Decimal(v) for v in [*money.values(), total] if is_number(v)}
    amounts |= {sum((Decimal(v) for v in money.values() if is_number(v)), Decimal(0))}
    for found in re.finditer(_FIGURE, text):
        after = text[found.end():].lstrip()
        is_money = re.match(r"(?:" + units + r")\b", after, re.IGNORECASE) if units else None
        if not is_money and "." not in found.group(1):
            continue  # "tháng 3", "20 hộ": not money
        if not is_money and re.match(r"\w", after):
            continue  # "1.200 m": a thousands figure of something else
        before = fold(text[:found.start()]).split()
        if before and before[-1] in old:
            continue  # "từ 850 xuống 600 triệu": 850 was the old figure
        value = Decimal(found.group(1).replace(".", "").replace(",", "."))
        if value not in amounts:
            shown = "; ".join(f"{vn_number(v)}" for v in sorted(amounts) if v) or "(không có)"
            return [cross.word(doc, file, where, "tra-loi-y-kien", severity=rule["severity"], variant="so_lieu",
                               gia_tri=text, rang_buoc=found.group(0) + (f" {is_money.group(0)}" if is_money else ""),
                               vi_du=item_code, goi_y=shown)]
    return []


# -- no comment pending once the plan is before the Council -------------------
def _pending(handbook: Handbook, cross, rule, commune_doc, docs, year) -> list:
    """Each comment whose answer's outcome is empty or one of `chua_tra_loi`, from the
    status `tu_trang_thai` on; the fix names the status before it."""
    plan = docs.get(PLAN_FILE)
    status = plan.data.get("trang_thai") if plan is not None and isinstance(plan.data, dict) else None
    order = handbook.statuses()
    since = rule.get("tu_trang_thai")
    if status not in order or since not in order or order.index(status) < order.index(since):
        return []
    labels = handbook.vocab("trang-thai").entries
    before = order[max(order.index(since) - 1, 0)]
    problems = []
    for place, path, comment, value in pending_comments(rule, {name: doc.data for name, doc in docs.items()}):
        file = place.get("tep")
        outcome = tuple(str(place.get("cach_xu_ly", "")).split("."))
        code, text = comment.get(place.get("ma")), comment.get(place.get("noi_dung"))
        named = " ".join(part for part in (code if _filled(code) else "", f'"{text}"' if _filled(text) else "")
                         if part)
        problems.append(cross.word(docs[file], file, (*path, *outcome), "y-kien-chua-tra-loi",
                                   severity=rule["severity"], gia_tri=value, vi_du=named or f"thứ {path[-1] + 1}",
                                   rang_buoc=labels[status].get("nhan", status),
                                   goi_y=labels[before].get("nhan", before)))
    return problems


def recorded_comments(rule: dict, steps: dict):
    """(place, index path, comment) of every comment the rule y-kien-chua-tra-loi reads
    (lien-buoc.yaml: its `y_kien`), from a plan year's files (file name -> data)."""
    for place in rule.get("y_kien") or []:
        for path, comment in _listed(steps.get(place.get("tep")), place.get("danh_sach", "")):
            yield place, path, comment


def pending_comments(rule: dict, steps: dict) -> list[tuple[dict, tuple, dict, str | None]]:
    """(place, index path, comment, outcome as typed) of every comment whose answer's outcome is
    empty or one of the rule's `chua_tra_loi`; an outcome of another type is its field rules' to report."""
    waiting = set(rule.get("chua_tra_loi") or [])
    found = []
    for place, path, comment in recorded_comments(rule, steps):
        value = value_at(comment, tuple(str(place.get("cach_xu_ly", "")).split(".")))
        if value is FAILED or not isinstance(value, (str, type(None))) or (_filled(value) and value not in waiting):
            continue  # answered, or a value its field rules already report
        found.append((place, path, comment, value))
    return found


# -- Biểu 7 does not approve again what Biểu 6 holds ----------------------------
def _priority_repeats(handbook: Handbook, cross, rule, commune_doc, docs, year) -> list:
    needs_role, role = handbook.role("nhu-cau"), handbook.role("hoat-dong")
    if not is_number(year) or needs_role is None or role is None:
        return []
    needs_file, needs_key = needs_role
    need_village = {item.get("ma"): item.get(VILLAGES_FIELD) for _, item in _items(docs.get(needs_file), needs_key)}
    file, key = role
    activities = [item for _, item in _items(docs.get(file), key)]
    listed = rule.get("bieu_7") or {}
    priority_file = listed.get("tep")
    doc = docs.get(priority_file)
    needs_key_7, years_key = listed.get("nhu_cau"), listed.get("nam")
    problems = []
    for path, item in _items(doc, listed.get("danh_sach", "")):
        years = item.get(years_key)
        needs = [n for n in item.get(needs_key_7) or [] if isinstance(n, str)]
        if not isinstance(years, list) or year not in years or not needs:
            continue
        villages = {need_village.get(n) for n in needs} - {None}
        for activity in activities:
            shared = [n for n in needs if n in (activity.get(NEEDS_FIELD) or [])]
            places = set(activity.get(VILLAGES_FIELD) or [])
            if shared and (not places or not villages or places & villages):
                problems.append(cross.word(
                    doc, priority_file, (*path, years_key), "bieu-7-trung-bieu-6", severity=rule["severity"],
                    gia_tri=item.get("ten"), rang_buoc=activity.get("ma"), vi_du=year,
                    goi_y=", ".join([*shared, *sorted(places & villages or places or villages)])))
                break
    return problems


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _filled(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


# -- an answer "taken in" changed its item since the draft sent --------------------
def check_against_draft(handbook: Handbook, cross, project, key: tuple[str, str, str], docs: dict) -> list:
    """Each comment answered "taken in" that names an item whose item is as in the draft the
    commune sent (source/drafts.py). Nothing without git history or before the plan was sent."""
    rule = handbook.story_rule(DRAFT_RULE)
    data = {name: doc.data for name, doc in docs.items()}
    answered = taken_in(handbook, data) if rule is not None else []
    if rule is None or not answered:
        return []
    draft = sent_draft(project, handbook, *key, changes=False)
    if draft is None:
        return []
    before, now = items_of(draft.steps), items_of(data)
    # A comment the draft itself holds answered "taken in" (a plan year committed already past
    # step 6) was answered before git saw the draft: git cannot show its change.
    earlier = answered_before(handbook, draft.steps)
    problems = []
    for place, path, comment, code in answered:
        if (place.get("tep"), comment.get(place.get("ma"))) in earlier:
            continue
        if code in before and before.get(code) == now.get(code):
            outcome = (*path, *str(place.get("cach_xu_ly", "")).split("."))
            file = place.get("tep")
            problems.append(cross.word(docs[file], file, outcome, DRAFT_RULE, severity=rule["severity"],
                                       gia_tri=value_at(comment, outcome[len(path):]),
                                       vi_du=comment.get(place.get("ma")) or f"thứ {path[-1] + 1}",
                                       rang_buoc=code, goi_y=draft.commit[:12]))
    return problems
