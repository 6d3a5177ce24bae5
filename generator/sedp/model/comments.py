"""The comments on a draft plan, gathered for the comments report (Báo cáo tổng
hợp, tiếp thu, giải trình ý kiến): how and when they were collected, how many
from whom and how each was answered, and a row per comment citing the item of
the draft it concerns by its code and name.

Where the comments are and which fields say what is the outline's
(schema/van-ban/bao-cao-y-kien.yaml `y_kien`, `hoi_nghi`, `gui_huyen`); who
commented and how it was answered are codes of danh-muc/chu-the-gop-y.yaml and
danh-muc/cach-xu-ly.yaml, an empty one read as its field's `mac_dinh`. The
DOCX (render/docx/documents.py) and the plan-year page (render/site) show what
this module computes, so their counts cannot differ.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sedp.core import fmt
from sedp.core.data import value_at
from sedp.core.fmt import parse_date
from sedp.core.names import COMMENTS_OUTLINE
from sedp.model.forms import TOTAL_LABEL
from sedp.source.handbook import Handbook
from sedp.source.outlines import fill
from sedp.source.rulekinds import reference_kinds

WHO = "chu-the-gop-y"  # the vocabulary of who commented
OUTCOME = "cach-xu-ly"  # the vocabulary of how a comment was answered


@dataclass
class CommentsReport:
    """What the report and the page show; every text already worded."""

    collected: list[str]  # Part I: how and when the comments were collected, a sentence each
    total: int
    by_who: list[tuple[str, int]]  # (group label, count), the vocabulary's order, groups with comments only
    by_outcome: list[tuple[str, int]]  # (outcome label, count), likewise
    rows: list[list[str]]  # TT, item of the draft, comment, who, answer
    words: dict = field(default_factory=dict)  # the outline's `bang`: headings and column labels
    titles: dict = field(default_factory=dict)  # chu_the, cach_xu_ly -> the vocabulary's title (first column)

    @property
    def headers(self) -> list[str]:
        return [self.words.get(k, "") for k in ("tt", "muc", "noi_dung", "nguoi", "tra_loi")]

    def count_table(self, kind: str) -> dict:
        """A count table (kind chu_the or cach_xu_ly): heading, headers, rows and the total row."""
        rows = self.by_who if kind == "chu_the" else self.by_outcome
        return {"heading": self.words.get(kind, ""), "headers": [self.titles.get(kind, ""), self.words.get("so_y_kien", "")],
                "rows": [[label, fmt.number(n)] for label, n in rows], "totals": [TOTAL_LABEL, fmt.number(self.total)]}


def comments_report(handbook: Handbook, steps: dict, names: dict, values: dict) -> CommentsReport | None:
    """The report of one plan year. steps: file name -> data; names: identifier kind ->
    {code: name} (model/forms.Forms.names); values: the outline's {…} already known
    ({xa}, {huyen}, {nam}). None when the handbook has no such outline."""
    outline = handbook.outlines.get(COMMENTS_OUTLINE)
    if not outline:
        return None
    who, outcome = handbook.vocab(WHO), handbook.vocab(OUTCOME)
    said = outline.get("cau") or {}
    rows: list[list[str]] = []
    collected: list[str] = []
    by_who: Counter = Counter()
    by_outcome: Counter = Counter()
    for place in outline.get("y_kien") or []:
        items = [i for i in value_at(steps.get(place.get("tep")) or {}, str(place.get("danh_sach", "")).split("."))
                 or [] if isinstance(i, dict)]
        at_meeting = place.get("tep") == (outline.get("hoi_nghi") or {}).get("tep")
        kinds = reference_kinds((_rules(handbook, place, "muc").get("meta") or {}).get("tham_chieu"))
        named = {code: name for kind in kinds for code, name in (names.get(kind) or {}).items()}
        collected.extend(_meeting(outline, steps, said, values, len(items)) if at_meeting
                         else _district(place, said, values, items))
        for item in items:
            group = _code(handbook, place, "chu_the", item)
            answer = _code(handbook, place, "cach_xu_ly", item)
            by_who[group] += 1
            by_outcome[answer] += 1
            code = _text(item, place.get("muc"))
            cited = f"{code} – {named[code]}" if code and named.get(code) else code or (outline.get("bang") or {}).get("chung", "")
            person = _text(item, place.get("nguoi"))
            group_label = who.label(group) if group else ""
            answered = _text(item, place.get("tra_loi"))
            outcome_label = outcome.label(answer) if answer else ""
            rows.append([str(len(rows) + 1), cited, _text(item, place.get("noi_dung")),
                         f"{person} – {group_label}" if person and group_label else person or group_label,
                         f"{outcome_label}: {answered}" if answered and outcome_label else answered or outcome_label])
    total = len(rows)
    collected.append(fill(said.get("tong", ""), {**values, "so_y_kien": fmt.number(total)}))
    return CommentsReport(
        collected=[c for c in collected if c], total=total,
        by_who=[(who.label(c), by_who[c]) for c in who.entries if by_who[c]] + _unknown(by_who, who.entries),
        by_outcome=[(outcome.label(c), by_outcome[c]) for c in outcome.entries if by_outcome[c]]
        + _unknown(by_outcome, outcome.entries),
        rows=rows, words=outline.get("bang") or {}, titles={"chu_the": who.title, "cach_xu_ly": outcome.title})


def _meeting(outline: dict, steps: dict, said: dict, values: dict, count: int) -> list[str]:
    """The meeting on the draft (step 5), then the draft sent for comment (step 6)."""
    meeting, sent = outline.get("hoi_nghi") or {}, outline.get("gui_huyen") or {}
    data, sent_data = steps.get(meeting.get("tep")) or {}, steps.get(sent.get("tep")) or {}
    day = _text(data, meeting.get("ngay"))
    attendance = value_at(data, str(meeting.get("tham_du", "")).split(".")) or {}
    people = attendance.get("tong_so") if isinstance(attendance, dict) else None
    out = [fill(said.get("hoi_nghi", ""), {
        **values, "ngay_hoi_nghi": fmt.day(day), "dia_diem": _text(data, meeting.get("dia_diem")),
        "so_nguoi": fmt.number(people), "so_y_kien": fmt.number(count)})
        if day else fill(said.get("chua_hoi_nghi", ""), values)]
    sent_day = _text(sent_data, sent.get("ngay"))
    out.append(fill(said.get("gui_huyen", ""), {
        **values, "ngay_gui": fmt.day(sent_day), "so_van_ban": _text(sent_data, sent.get("so")),
        "noi_nhan": _text(sent_data, sent.get("noi_nhan"))})
        if sent_day else fill(said.get("chua_gui_huyen", ""), values))
    return out


def _district(place: dict, said: dict, values: dict, items: list) -> list[str]:
    """The comments received after the draft was sent, with the span of their dates."""
    if not items:
        return [fill(said.get("chua_y_kien_huyen", ""), values)]
    days = sorted(d for d in (parse_date(_text(i, place.get("ngay"))) for i in items) if d)
    one_day = bool(days) and days[0] == days[-1]
    return [fill(said.get("y_kien_huyen_mot_ngay" if one_day else "y_kien_huyen", ""), {
        **values, "so_y_kien": fmt.number(len(items)),
        "tu_ngay": fmt.day(days[0]) if days else None, "den_ngay": fmt.day(days[-1]) if days else None})]


def _code(handbook: Handbook, place: dict, key: str, item: dict) -> str:
    """The code a comment's field holds, or its field's `mac_dinh` when empty."""
    value = _text(item, place.get(key))
    if value:
        return value
    return str((_rules(handbook, place, key).get("meta") or {}).get("mac_dinh") or "")


def _rules(handbook: Handbook, place: dict, key: str) -> dict:
    """The rules of the field a place of the outline names for key (schema/quy-tac/)."""
    path = (*str(place.get("danh_sach", "")).split("."), 0, *str(place.get(key, "")).split("."))
    return handbook.field_rules(str(place.get("tep")), path) or {}


def _unknown(counts: Counter, known: dict) -> list[tuple[str, int]]:
    """Counts of codes the vocabulary lacks (validate refuses them; a draft may hold one)."""
    return [(code or "…", n) for code, n in counts.items() if code not in known]


def _text(data, path) -> str:
    if not path:
        return ""
    value = value_at(data, str(path).split("."))
    return "" if value is None or isinstance(value, (dict, list)) else str(value).strip()
