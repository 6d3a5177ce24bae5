"""`sedp diff`: what changed in the plans between two revisions, said as a
reviewer reads a plan (activities, budgets, needs, status), not as YAML lines."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from sedp.core import fmt
from sedp.core.data import is_number, total
from sedp.core.names import COMMENTS_REPORT, REDLINE, commune_document, middle_level
from sedp.model.forms import TOTAL_LABEL
from sedp.model.values import value_text
from sedp.model.views import commune_title
from sedp.review.fielddiff import MISSING, Skip, coded, field_changes, item_names, naming_files
from sedp.source.handbook import PLAN_FILE
from sedp.source.repository import PLACES, plan_folder, plan_path
from sedp.source.revisions import blobs_at, changed_paths, parsed, place_data, plan_years, touched


@dataclass
class YearDiff:
    district: str
    commune: str
    year: str
    title: str
    status: tuple | None = None  # (before, after) labels
    added: list = field(default_factory=list)  # activities: {"ma", "ten", "linh_vuc", "tong"}
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # {"ma", "ten", "fields": [(label, before, after, key, as typed before, after)]}
    budget: list = field(default_factory=list)  # (source label, before, after, source code), each source that changed
    budget_total: tuple | None = None  # (before, after): all sources, when any changed
    needs_added: list = field(default_factory=list)
    needs_removed: list = field(default_factory=list)
    needs_status: list = field(default_factory=list)  # (ma, van_de, before, after)
    comments_added: list = field(default_factory=list)
    fields: list = field(default_factory=list)  # FieldChange: every other change, field by field

    def empty(self) -> bool:
        return not any((self.status, self.added, self.removed, self.changed, self.budget, self.needs_added,
                        self.needs_removed, self.needs_status, self.comments_added, self.fields))

    def summary(self) -> str:
        """One line, for the review trail."""
        parts = []
        if self.status:
            parts.append(f"trạng thái {self.status[0]} → {self.status[1]}")
        for count, what in ((len(self.added), "thêm hoạt động"), (len(self.removed), "bỏ hoạt động"),
                            (len(self.changed), "sửa hoạt động"), (len(self.needs_added), "thêm nhu cầu"),
                            (len(self.needs_removed), "bỏ nhu cầu"), (len(self.comments_added), "thêm ý kiến huyện")):
            if count:
                parts.append(f"{what}: {count}")
        if self.budget_total:
            before, after = self.budget_total
            parts.append(f"tổng kinh phí {fmt.number(before)} → {fmt.number(after)} triệu đồng" if before != after
                         else f"tổng kinh phí không đổi ({fmt.number(after)} triệu đồng)")
        if self.fields:
            where = list(dict.fromkeys(c.where.split(" › ")[0] for c in self.fields))
            parts.append(f"sửa {len(self.fields)} mục ({', '.join(where)})")
        return "; ".join(parts) or "không đổi nội dung kế hoạch"


def change_list(d: YearDiff) -> list[tuple[str, str, str]]:
    """Every change of a plan year's diff as (what changed, before, after), as a reader sees
    them ("" where there was nothing, or is nothing now): the redline's list of changes."""
    out: list[tuple[str, str, str]] = []
    if d.status:
        out.append(("Trạng thái kế hoạch", d.status[0], d.status[1]))
    out += [(f"Hoạt động {a['ma']}", "", f"{a['ten']} ({a['linh_vuc']}): {fmt.number(a['tong'])} triệu đồng")
            for a in d.added]
    out += [(f"Hoạt động {a['ma']}", f"{a['ten']}: {fmt.number(a['tong'])} triệu đồng", "") for a in d.removed]
    out += [(f"Hoạt động {c['ma']} «{c['ten']}» › {label}", old, new)
            for c in d.changed for label, old, new, *_ in c["fields"]]
    out += [(f"Kinh phí theo nguồn › {label} (triệu đồng)", fmt.number(old), fmt.number(new))
            for label, old, new, _ in d.budget]
    if d.budget_total:
        out.append((f"Kinh phí › {TOTAL_LABEL} (triệu đồng)", fmt.number(d.budget_total[0]),
                    fmt.number(d.budget_total[1])))
    out += [(f"Nhu cầu {n['ma']}", "", n["van_de"]) for n in d.needs_added]
    out += [(f"Nhu cầu {n['ma']}", n["van_de"], "") for n in d.needs_removed]
    out += [(f"Nhu cầu {code} «{problem}» › Trạng thái", old, new) for code, problem, old, new in d.needs_status]
    out += [(f"Ý kiến của huyện {c['ma']} ({c['co_quan']})", "", c["noi_dung"]) for c in d.comments_added]
    out += [(c.where, c.before, c.after) for c in d.fields]
    return [(what, str(before or ""), str(after or "")) for what, before, after in out]


def _items(steps: dict, where: tuple | None) -> dict:
    if where is None:  # an optional role this process has no step for
        return {}
    rows = _group(steps.get(where[0])).get(where[1]) or []
    items: dict = {}
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and row.get("ma"):
            items[coded(items, row.get("ma"))] = row
    return items


def _group(data) -> dict:
    """A file's data as a group of fields ({} for a file written as a list or a value)."""
    return data if isinstance(data, dict) else {}


def _flat(value, prefix=()) -> dict:
    if isinstance(value, dict):
        out = {}
        for key, child in value.items():
            out.update(_flat(child, (*prefix, key)))
        return out
    return {prefix: value}


def _show(value, handbook, rules) -> str:
    return value_text(handbook, value, rules) or "(trống)"


def _total(activity: dict, money: str) -> Decimal:
    """An activity's money (money: its key, Handbook.money_field), its sources added up."""
    return total((activity.get(money) or {}).values())


def compare_year(handbook, key: tuple[str, str, str], title: str, before: dict, after: dict) -> YearDiff:
    diff = YearDiff(*key, title=title)
    statuses = handbook.vocab("trang-thai")
    activities, needs, comments = handbook.role("hoat-dong"), handbook.role("nhu-cau"), handbook.role("y-kien-huyen")
    old_status = _group(before.get(PLAN_FILE)).get("trang_thai")
    new_status = _group(after.get(PLAN_FILE)).get("trang_thai")
    if before and after and old_status != new_status:
        diff.status = tuple(statuses.label(s) if s is not None else "(không có)" for s in (old_status, new_status))
    sectors = handbook.vocab("linh-vuc")
    old, new = _items(before, activities), _items(after, activities)
    for code in new.keys() - old.keys():
        a = new[code]
        diff.added.append({"ma": code, "ten": a.get("ten"), "linh_vuc": sectors.label(a.get("linh_vuc")),
                           "tong": _total(a, handbook.money_field)})
    for code in old.keys() - new.keys():
        diff.removed.append({"ma": code, "ten": old[code].get("ten"), "tong": _total(old[code], handbook.money_field)})
    for code in sorted(old.keys() & new.keys()):
        flat_old, flat_new = _flat(old[code]), _flat(new[code])
        fields = []
        for path in sorted(flat_old.keys() | flat_new.keys()):
            a, b = flat_old.get(path), flat_new.get(path)
            if a != b:
                rules = handbook.field_rules(activities[0], (activities[1], "*", *path))
                label = handbook.label(activities[0], (activities[1], "*", *path)) or ".".join(path)
                fields.append((label, _show(a, handbook, rules), _show(b, handbook, rules), ".".join(map(str, path)), a, b))
        if fields:
            diff.changed.append({"ma": code, "ten": new[code].get("ten"), "fields": fields})
    diff.added.sort(key=lambda a: a["ma"])
    diff.removed.sort(key=lambda a: a["ma"])
    sources = handbook.vocab("nguon-von")

    def by_source(items):
        totals = {code: Decimal(0) for code in sources.entries}
        for activity in items.values():
            for source, amount in (activity.get(handbook.money_field) or {}).items():
                if is_number(amount):
                    totals[source] = totals.get(source, Decimal(0)) + amount
        return totals

    old_budget, new_budget = by_source(old), by_source(new)
    if old_budget != new_budget:
        for code in sources.entries:
            if old_budget[code] != new_budget[code]:
                diff.budget.append((sources.label(code), old_budget[code], new_budget[code], code))
        diff.budget_total = (sum(old_budget.values()), sum(new_budget.values()))
    old_needs, new_needs = _items(before, needs), _items(after, needs)
    need_status = handbook.vocab("trang-thai-nhu-cau")
    diff.needs_added = [{"ma": c, "van_de": new_needs[c].get("van_de")} for c in sorted(new_needs.keys() - old_needs.keys())]
    diff.needs_removed = [{"ma": c, "van_de": old_needs[c].get("van_de")}
                          for c in sorted(old_needs.keys() - new_needs.keys())]
    for code in sorted(old_needs.keys() & new_needs.keys()):
        a, b = old_needs[code].get("trang_thai"), new_needs[code].get("trang_thai")
        if a != b:
            diff.needs_status.append((code, new_needs[code].get("van_de"), need_status.label(a), need_status.label(b)))
    old_comments, new_comments = _items(before, comments), _items(after, comments)
    diff.comments_added = [{"ma": c, "co_quan": new_comments[c].get("co_quan"), "noi_dung": new_comments[c].get("noi_dung")}
                           for c in sorted(new_comments.keys() - old_comments.keys())]
    if before and after:  # (a year added or removed whole is said by its status line)
        skip = Skip(whole=[(activities[0], (activities[1],))],
                    items=[(needs[0], (needs[1],))], added=[(comments[0], (comments[1],))] if comments else (),
                    fields=[(needs[0], (needs[1], "*", "trang_thai")), (PLAN_FILE, ("trang_thai",))])
        order = [*handbook.year_files, *sorted((before.keys() | after.keys()) - set(handbook.year_files))]
        names = item_names(handbook, before, after)
        for name in order:
            if name in before or name in after:
                diff.fields += field_changes(handbook, name, before.get(name, MISSING), after.get(name, MISSING), skip,
                                             names)
        amendments = handbook.role("dieu-chinh")
        for change in diff.fields:
            change.pinned = change.vocabulary in STATUS_VOCABULARIES or bool(
                amendments and change.file == amendments[0]
                and (change.path == amendments[1] or change.path.startswith(f"{amendments[1]}[")))
    return diff


def diff_revisions(project, handbook, base: str, head: str | None = None) -> list[YearDiff]:
    # Only what changed is read and parsed (and what names it), so a diff of a
    # 1,000-commune province costs about what its changed files cost.
    needed = [p for p in touched(changed_paths(project, base, head), naming_files(handbook))
              if p.endswith((".yaml", ".yml"))]
    before_files, after_files = blobs_at(project, base, needed, head)
    before, after = plan_years(before_files), plan_years(after_files)
    read = {path: plan_path(path) for path in needed if path in before_files or path in after_files}
    places_before, places_after = place_data(before_files), place_data(after_files)
    places = {**places_before, **places_after}
    middle = middle_level(places.get(plan_folder(), {}))
    diffs = []
    for where in sorted((w for w in read.values() if w.kind in PLACES), key=lambda w: (w.place.count("/"), w.place)):
        old, new = places_before.get(where.place, MISSING), places_after.get(where.place, MISSING)
        if old == new:
            continue
        district, commune = where.district, where.commune
        district_name = places.get(plan_folder(district), {}).get("ten", district)
        if commune:
            title = f"{commune_title(places.get(where.place), commune)} ({middle} {district_name}) – thông tin chung"
        elif district:
            title = f"{middle} {district_name}"
        else:
            title = f"Tỉnh {places.get(plan_folder(), {}).get('ten', '')}"
        diffs.append(YearDiff(district, commune, "", title, fields=field_changes(handbook, where.name, old, new)))
    for path, where in read.items():  # YAML under plans/ that is neither a plan year's nor a place's: said whole
        if where.kind != "other":
            continue
        old, new = before_files.get(path), after_files.get(path)
        changes = field_changes(handbook, where.name, MISSING if old is None else parsed(old),
                                MISSING if new is None else parsed(new))
        if changes:
            diffs.append(YearDiff(where.district, where.commune, "", f"Tệp khác: {path}", fields=changes))
    for key in sorted(before.keys() | after.keys()):
        district, commune, year = key
        district_name = places.get(plan_folder(district), {}).get("ten", district)
        title = (f"{commune_title(places.get(plan_folder(district, commune)), commune)} "
                 f"({middle} {district_name}) – năm {year}")
        diff = compare_year(handbook, key, title, before.get(key, {}), after.get(key, {}))
        if key not in before:
            diff.status = ("(chưa có)", handbook.vocab("trang-thai").label(
                _group(after[key].get(PLAN_FILE)).get("trang_thai")))
        elif key not in after:
            diff.status = (handbook.vocab("trang-thai").label(
                _group(before[key].get(PLAN_FILE)).get("trang_thai")), "(đã xoá)")
        if not diff.empty():
            diffs.append(diff)
    return diffs


def import_preview(handbook, year: int, title: str, before: dict, written: dict) -> str:
    """Markdown of what writing the files `written` (name -> data) over a plan year's `before`
    changes: `sedp import xlsx` shows it before anything is written."""
    diff = compare_year(handbook, ("", "", str(year)), title, before, {**before, **written})
    return to_markdown([diff] if not diff.empty() else [])


_MARKDOWN = re.compile(r"([\\`*_\[\]|~#{}!])")


def md_inline(value) -> str:
    """Plan text inside a line of GitHub Markdown: shown literally, on one line.
    HTML is escaped; link, emphasis, code and table syntax is backslash-escaped;
    line breaks become spaces (every value sits mid-line after our own words)."""
    text = html.escape(str(value), quote=False).replace("\r", "").replace("\n", " ")
    return _MARKDOWN.sub(r"\\\1", text)


# Vocabularies of a status (schema/danh-muc/): a change of one is never folded away.
STATUS_VOCABULARIES = ("trang-thai", "trang-thai-nhu-cau", "trang-thai-thuc-hien")
COMMENT_LIMIT = 65_536  # characters GitHub accepts in one comment
FOLD_FROM = 15  # a plan year with more field changes than this folds them under <details>


def to_markdown(diffs: list[YearDiff], limit: int = COMMENT_LIMIT - 1_000, documents: tuple | None = None) -> str:
    """Vietnamese Markdown for a pull-request comment; plan text escaped. Stays
    under limit characters, saying how much was left out. documents: (URL of the built
    site as reviewers download it, the site folder): each plan year then names its redline
    and comments report there, those the site has."""
    if not diffs:
        return "**Không có thay đổi nội dung kế hoạch** (chỉ đổi định dạng, chú thích hoặc tệp khác).\n"
    years = sum(1 for d in diffs if d.year)
    counted = [f"{years} năm kế hoạch"] if years else []
    if len(diffs) > years:
        counted.append(f"{len(diffs) - years} phần thông tin chung")
    out = [f"### Thay đổi nội dung kế hoạch ({', '.join(counted)})", ""]
    size = sum(len(line) + 1 for line in out)
    lines = [line for d in diffs for line in [*_lines(d)[:-1], *_documents(d, documents), ""]]
    for index, line in enumerate(lines):
        if size + len(line) + 1 > limit:
            left = sum(1 for rest in lines[index:] if rest.startswith("- "))
            out += ["", f"**… còn {left} thay đổi không hiện ở đây** (một bình luận chỉ chứa được "
                        f"{fmt.number(COMMENT_LIMIT)} ký tự). Xem đủ bằng `sedp diff --json` hoặc trong "
                        "phần tóm tắt của lần chạy kiểm tra.", ""]
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def _lines(d: YearDiff) -> list[str]:
    e = md_inline
    out = [f"#### {e(d.title)}", ""]
    if d.status:
        out.append(f"- **Trạng thái:** {e(d.status[0])} → {e(d.status[1])}")
    for a in d.added:
        out.append(f"- **Thêm hoạt động** {e(a['ma'])} «{e(a['ten'])}» ({e(a['linh_vuc'])}): "
                   f"{fmt.number(a['tong'])} triệu đồng")
    for a in d.removed:
        out.append(f"- **Bỏ hoạt động** {e(a['ma'])} «{e(a['ten'])}» ({fmt.number(a['tong'])} triệu đồng)")
    for c in d.changed:
        changes = "; ".join(f"{e(label)}: {e(old)} → {e(new)}" for label, old, new, *_ in c["fields"])
        out.append(f"- **Sửa hoạt động** {e(c['ma'])} «{e(c['ten'])}»: {changes}")
    for n in d.needs_added:
        out.append(f"- **Thêm nhu cầu** {e(n['ma'])}: {e(n['van_de'])}")
    for n in d.needs_removed:
        out.append(f"- **Bỏ nhu cầu** {e(n['ma'])}: {e(n['van_de'])}")
    for code, problem, old, new in d.needs_status:
        out.append(f"- **Nhu cầu** {e(code)} «{e(problem)}»: {e(old)} → {e(new)}")
    for c in d.comments_added:
        out.append(f"- **Ý kiến của huyện** {e(c['ma'])} ({e(c['co_quan'])}): {e(c['noi_dung'])}")
    if d.budget:
        out += ["", "| Nguồn vốn (triệu đồng) | Trước | Sau | Chênh lệch |", "|---|---:|---:|---:|"]
        rows = [(e(label), old, new) for label, old, new, _ in d.budget]
        if d.budget_total:
            rows.append((f"**{e(TOTAL_LABEL)}**", *d.budget_total))
        for label, old, new in rows:
            delta = new - old
            sign = "+" if delta > 0 else ""
            out.append(f"| {label} | {fmt.number(old)} | {fmt.number(new)} | {sign}{fmt.number(delta)} |")
        if d.fields:
            out.append("")
    if len(d.fields) > FOLD_FROM:  # folded, but for a status or an amendment record: never hidden
        out += [_field_line(c) for c in d.fields if c.pinned]
        folded = [_field_line(c) for c in d.fields if not c.pinned]
        out += ["", f"<details><summary>{len(folded)} thay đổi khác</summary>", "", *folded, "", "</details>"]
    else:
        out += [_field_line(c) for c in d.fields]
    out.append("")
    return out


DOCUMENT_LABELS = ((REDLINE, "bản so sánh với dự thảo gửi huyện (thay đổi đánh dấu trong Word)"),
                   (COMMENTS_REPORT, "báo cáo tổng hợp, tiếp thu, giải trình ý kiến"))


def _documents(d: YearDiff, documents: tuple | None) -> list[str]:
    """The line naming a plan year's redline and comments report in the built site, if it has them."""
    if documents is None or not d.year:
        return []
    url, site = documents
    found = [(label, f"{d.district}/{d.commune}/{d.year}/{commune_document(kind, d.commune, d.year)}")
             for kind, label in DOCUMENT_LABELS]
    found = [(label, path) for label, path in found if (site / path).is_file()]
    if not found:
        return []
    return [f"- **Văn bản để đọc** (trong [trang xem trước]({url}): tải về, giải nén rồi mở): "
            + "; ".join(f"{label}: `{path}`" for label, path in found)]


def _field_line(change) -> str:
    e = md_inline
    if change.kind == "them":
        return f"- {e(change.where)}: thêm {e(change.after)}"
    if change.kind == "bo":
        return f"- {e(change.where)}: bỏ {e(change.before)}"
    return f"- {e(change.where)}: {e(change.before)} → {e(change.after)}"


def to_json(diffs: list[YearDiff]) -> str:
    """For programs: figures as numbers (1156, not "1.156"), each field by its key with its
    label beside it, and the text a person reads as `*_text`."""
    return json.dumps([_json_year(d) for d in diffs], ensure_ascii=False, indent=2, default=str)


def _json_year(d: YearDiff) -> dict:
    def pair(values):
        return {"before": _plain(values[0]), "after": _plain(values[1])} if values else None

    return {
        "district": d.district, "commune": d.commune, "year": d.year, "title": d.title, "status": pair(d.status),
        "added": _plain(d.added), "removed": _plain(d.removed),
        "changed": [{"ma": c["ma"], "ten": c["ten"], "fields": [
            {"key": key, "label": label, "before": _plain(a), "after": _plain(b), "before_text": old, "after_text": new}
            for label, old, new, key, a, b in c["fields"]]} for c in d.changed],
        "budget": [{"key": code, "label": label, **pair((old, new))} for label, old, new, code in d.budget],
        "budget_total": pair(d.budget_total),
        "needs_added": _plain(d.needs_added), "needs_removed": _plain(d.needs_removed),
        "needs_status": [{"ma": code, "van_de": problem, "before": old, "after": new}
                         for code, problem, old, new in d.needs_status],
        "comments_added": _plain(d.comments_added),
        "fields": [{"file": c.file, "path": c.path, "key": _last_key(c.path), "label": c.label, "where": c.where,
                    "kind": c.kind, "before": _plain(c.value_before), "after": _plain(c.value_after),
                    "before_text": c.before, "after_text": c.after} for c in d.fields],
    }


def _plain(value):
    """Data as JSON holds it: a figure as a number (whole when it is whole)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _last_key(path: str) -> str:
    """A field's own key in a change's path ("nghi_quyet.so" -> "so"; "" for a whole file)."""
    return re.sub(r"\[[^\]]*\]$", "", path).rsplit(".", 1)[-1].split("[")[0] if path else ""
