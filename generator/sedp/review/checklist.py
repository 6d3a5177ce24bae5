"""The reviewer's checklist at the top of the pull-request comment: is the
change valid, which steps of which plan changed, and does each approved plan
that changed carry its amendment record."""

from __future__ import annotations

import posixpath

from sedp.check.story import pending_comments as pending_in
from sedp.check.story import recorded_comments
from sedp.review.amendments import problems_since
from sedp.review.fielddiff import file_title
from sedp.source.handbook import PLAN_FILE, Handbook
from sedp.source.loader import load_file
from sedp.source.repository import plan_folder

OUTSIDE_SCOPE = "dieu-chinh-ngoai-pham-vi"  # an amendment record exists, but does not list the edit
PENDING_RULE = "y-kien-chua-tra-loi"  # lien-buoc.yaml: where the comments are, what outcome is pending


def steps_changed(handbook: Handbook, diff) -> list[str]:
    """The steps (and the plan file) a plan year's diff touches, in process order."""
    touched = {c.file for c in diff.fields}
    roles = {"hoat-dong": diff.added or diff.removed or diff.changed or diff.budget,
             "nhu-cau": diff.needs_added or diff.needs_removed or diff.needs_status,
             "y-kien-huyen": diff.comments_added}
    touched |= {role[0] for name, changed in roles.items() if changed and (role := handbook.role(name))}
    if diff.status:
        touched.add(PLAN_FILE)
    order = [*handbook.year_files, *sorted(touched - set(handbook.year_files))]
    return [file_title(handbook, name) for name in order if name in touched]


def checklist(handbook: Handbook, diffs, report, amendment_problems, pending: dict | None = None) -> str:
    """Markdown: one line per check, ticked when it holds."""
    def tick(ok: bool) -> str:
        return "[x]" if ok else "[ ]"

    lines = ["### Danh sách kiểm tra cho người duyệt", "",
             f"- {tick(report.ok)} Kiểm tra kế hoạch (`sedp validate`): {report.summary()}"]
    def folders(problems) -> list[str]:  # the plan years' folders
        return sorted({posixpath.dirname(p.file) for p in problems})

    outside = folders(p for p in amendment_problems if p.code == OUTSIDE_SCOPE)
    missing = folders(p for p in amendment_problems if p.code != OUTSIDE_SCOPE)
    amendments = handbook.role("dieu-chinh")
    recorded = [d.title for d in diffs if amendments and any(
        c.file == amendments[0] and c.path.startswith(f"{amendments[1]}[") and c.kind == "them" for c in d.fields)]
    if missing:
        lines.append(f"- [ ] Kế hoạch đã thông qua bị sửa mà chưa có bản ghi điều chỉnh: {', '.join(missing)}")
    if outside:
        lines.append("- [ ] Kế hoạch đã thông qua bị sửa ngoài phạm vi (pham_vi) của bản ghi điều chỉnh: "
                     + ", ".join(outside))
    if recorded and not missing and not outside:
        lines.append(f"- [x] Kế hoạch đã thông qua được sửa, có bản ghi điều chỉnh: {', '.join(recorded)}")
    elif not missing and not outside:
        lines.append("- [x] Không sửa kế hoạch đã thông qua (không cần bản ghi điều chỉnh)")
    if pending:
        waiting = [f"{title}: {', '.join(names)}" for title, names in pending.items() if names]
        lines.append(f"- [ ] Ý kiến góp ý chưa có cách xử lý (xã trả lời trước khi trình HĐND): {'; '.join(waiting)}"
                     if waiting else "- [x] Mọi ý kiến góp ý của các năm kế hoạch đã sửa đều có cách xử lý")
    for diff in diffs:
        steps = steps_changed(handbook, diff) if diff.year else ["thông tin chung"]
        lines.append(f"- {diff.title}: {', '.join(steps)}")
    return "\n".join(lines) + "\n\n"


def reviewer_checklist(project, handbook: Handbook, base: str, diffs, report) -> str:
    """`sedp diff --checklist`: the checklist of the diffs from base, with the working tree's
    validation report and the approved plans changed since base without their amendment record."""
    pending = {d.title: pending_comments(project, handbook, plan_folder(d.district, d.commune, d.year))
               for d in diffs if d.year}
    return checklist(handbook, diffs, report, problems_since(project, handbook, base),
                     pending if any(names is not None for names in pending.values()) else None)


def pending_comments(project, handbook: Handbook, folder: str) -> list[str] | None:
    """The comments of a plan year in the working tree whose outcome is still empty or pending
    (check/story.py: the rule y-kien-chua-tra-loi's), by code or opening words; None when it
    records no comment at all."""
    rule = handbook.story_rule(PENDING_RULE) or {}
    files = {str(place.get("tep")) for place in rule.get("y_kien") or []}
    steps = {name: load_file(project / folder / name).data for name in files if (project / folder / name).is_file()}
    if not any(recorded_comments(rule, steps)):
        return None
    named = []
    for place, _, comment, _ in pending_in(rule, steps):
        code, text = comment.get(place.get("ma") or ""), str(comment.get(place.get("noi_dung") or "") or "")
        named.append(str(code) if code else f"«{' '.join(text.split()[:6])}…»")
    return named
