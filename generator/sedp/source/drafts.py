"""The draft a plan year sent to the district, read from git, and who changed
what since: the redline DOCX compares the draft with the current plan, and
validate checks that an answer "taken in" changed the item it names.

The draft sent is the plan year at the first commit of its folder's history
whose plan status is the one schema/quy-tac/lien-buoc.yaml's rule
`tiep-thu-khong-doi` names in `ban_gui` (step 6's, "Đã gửi huyện") or a later
one (order: danh-muc/trang-thai.yaml). A plan year added to the repository
already past it has its first commit as its draft. Outside git, or while the
plan has not been sent, there is no draft (None), and nothing is said.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sedp.core.data import value_at
from sedp.source.handbook import PLAN_FILE, Handbook
from sedp.source.repository import plan_folder
from sedp.source.revisions import GitError, blobs_at, files_at, git, parsed, plan_years

RULE = "tiep-thu-khong-doi"  # lien-buoc.yaml: the draft's status, the comments read, the answers "taken in"


@dataclass(frozen=True)
class Draft:
    """The draft sent, and what changed since, item by item."""

    commit: str
    date: str  # the draft commit's date, ISO (UTC)
    steps: dict  # file name -> data at the draft commit
    item_dates: dict = field(default_factory=dict)  # item code -> date of the newest change to it since the draft
    last_date: str = ""  # the newest change to the plan year since the draft (its own date when none)


def sent_status(handbook: Handbook) -> str | None:
    """The status from which a plan has been sent (the rule's `ban_gui`); None when the rule is off."""
    rule = handbook.story_rule(RULE)
    status = rule.get("ban_gui") if rule else None
    return status if status in handbook.statuses() else None


def _utc(stamp: str) -> str:
    """git's ISO date as pandoc and Word write a revision's: '2026-12-07T14:02:11Z'."""
    return datetime.fromisoformat(stamp).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _history(project: Path, folder: str) -> list[tuple[str, str]]:
    """(commit, date) of every commit that touched folder, oldest first; [] outside git."""
    if not (project / ".git").exists():
        return []
    try:
        log = git(project, "log", "--reverse", "--format=%H %cI", "--", folder).decode()
    except GitError:
        return []
    return [(commit, _utc(date)) for commit, date in (line.split(" ", 1) for line in log.splitlines())]


def sent_draft(project: Path, handbook: Handbook, district: str, commune: str, year: str,
               changes: bool = True) -> Draft | None:
    """The plan year as sent to the district (see the module's docstring), or None. changes:
    also date each item's newest change since (one more git read per commit)."""
    status = sent_status(handbook)
    folder = plan_folder(district, commune, year)
    history = _history(project, folder)
    if status is None or not history:
        return None
    order = handbook.statuses()
    plan_path = f"{folder}/{PLAN_FILE}"
    plans = blobs_at(project, history[0][0], [plan_path], *(c for c, _ in history[1:]))
    found = None
    for index, files in enumerate(plans):
        data = parsed(files[plan_path]) if plan_path in files else None
        current = data.get("trang_thai") if isinstance(data, dict) else None
        if current in order and order.index(current) >= order.index(status):
            found = index
            break
    if found is None:
        return None
    commit, date = history[found]
    key = (district, commune, year)
    steps = plan_years(files_at(project, commit, folder)).get(key, {})
    item_dates: dict = {}
    last, before = date, steps
    for later, when in [*history[found + 1:], (None, "")] if changes else []:  # None: the work tree, dated now if it differs
        after = plan_years(files_at(project, later, folder)).get(key, {})
        if after == before:
            continue
        last = when or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        old, new = items_of(before), items_of(after)
        for code in old.keys() | new.keys():
            if old.get(code) != new.get(code):
                item_dates[code] = last
        before = after
    return Draft(commit, date, steps, item_dates, last)


def items_of(steps: dict) -> dict[str, str]:
    """Item code -> the item as JSON, for every coded item (a need, target, activity…) of a plan year's files."""
    found: dict[str, str] = {}

    def walk(value) -> None:
        if isinstance(value, dict):
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and isinstance(item.get("ma"), str) and item["ma"] not in found:
                    found[item["ma"]] = json.dumps(item, ensure_ascii=False, sort_keys=True, default=str)
                walk(item)

    for name in sorted(steps):
        walk(steps[name])
    return found


def comment_fields(handbook: Handbook) -> list[dict]:
    """Where the comments an answer "taken in" changes are: the rule's `y_kien` entries,
    each with `muc`, the field naming the item, as tra-loi-y-kien reads it for that file."""
    rule = handbook.story_rule(RULE) or {}
    answers = handbook.story_rule("tra-loi-y-kien") or {}
    named = {place.get("tep"): place.get("muc") or place.get("hoat_dong") for place in answers.get("tra_loi") or []}
    return [{**place, "muc": named.get(place.get("tep"))} for place in rule.get("y_kien") or []
            if named.get(place.get("tep"))]


def _answered(handbook: Handbook, steps: dict):
    """(place, index path, comment) of every comment answered "taken in"."""
    rule = handbook.story_rule(RULE) or {}
    outcomes = set(rule.get("tiep_thu") or [])
    for place in comment_fields(handbook):
        listed = tuple(str(place.get("danh_sach", "")).split("."))
        comments = value_at(steps.get(place.get("tep")) or {}, listed)
        for index, comment in enumerate(comments if isinstance(comments, list) else []):
            outcome = value_at(comment, tuple(str(place.get("cach_xu_ly", "")).split("."))) \
                if isinstance(comment, dict) else None
            if isinstance(outcome, str) and outcome in outcomes:  # a draft in history was never validated
                yield place, (*listed, index), comment


def taken_in(handbook: Handbook, steps: dict) -> list[tuple[dict, tuple, dict, str]]:
    """(place, index path, comment, item code) of every comment answered "taken in" that names an item."""
    return [(place, path, comment, comment[place["muc"]]) for place, path, comment in _answered(handbook, steps)
            if isinstance(comment.get(place["muc"]), str) and comment[place["muc"]]]


def answered_before(handbook: Handbook, steps: dict) -> set[tuple[str, str]]:
    """(file, comment code) of the comments a draft already holds answered "taken in", whatever
    field named their item then (an older draft may name it otherwise)."""
    return {(place.get("tep"), comment.get(place.get("ma"))) for place, _, comment in _answered(handbook, steps)}


def offices(handbook: Handbook, steps: dict) -> dict[str, str]:
    """Item code -> the office whose comment, taken in, it answers (the first such comment)."""
    named: dict[str, str] = {}
    for place, _, comment, code in taken_in(handbook, steps):
        office = comment.get(place.get("co_quan"))
        if isinstance(office, str) and office.strip():
            named.setdefault(code, office.strip())
    return named
