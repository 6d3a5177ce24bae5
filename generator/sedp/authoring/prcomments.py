"""`sedp import pr`: a pull request's review comments into step 7 (the district's
comments), each with its answer pending.

The input is what GitHub's API returns, saved as JSON by the `gh` tool:
`gh api repos/OWNER/REPO/pulls/N/comments` (comments on lines),
`gh api repos/OWNER/REPO/pulls/N/reviews` (each review's own text) and
`gh pr view N --json reviews,comments,files` (reviews and the conversation,
in GraphQL's names). A reviewer's login names the office through
plans/<district>/district.yaml (`nguoi_duyet[].github`, `co_quan`, else the
district's `co_quan_duyet`); a comment on a line of a plan file names the item
that line belongs to (the nearest list entry with an identifier: HD03, NC02).
Each entry keeps the comment's address (`nguon`), so a second run writes
nothing twice.

read_inputs -> plan_import -> preview / write, each step Vietnamese for the person
running it; nothing is written outside plans/.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from sedp.authoring.yamltext import load_round_trip, round_trip_yaml
from sedp.core.data import value_at
from sedp.core.errors import SedpError
from sedp.core.files import atomic_write
from sedp.core.messages import Wording
from sedp.core.problems import Problem, refuse_on_errors
from sedp.core.text import nfc
from sedp.source.handbook import PLAN_FILE, Handbook, locked_statuses
from sedp.source.loader import Document, load_bytes, load_file
from sedp.source.repository import PLANS, place_file, plan_folder, plan_path
from sedp.source.revisions import GitError, blobs_at, git

# The step 7 field naming the item a comment concerns, when the rule reading the
# answers (lien-buoc.yaml tra-loi-y-kien) does not name it; its rules name the
# kinds of item it may cite. And the field keeping where the comment came from.
ITEM_FIELD = "muc"
SOURCE_FIELD = "nguon"
COMMENTER_FIELD = "chu_the"  # who commented, in district.yaml's reviewers as in step 7
VIETNAM = timezone(timedelta(hours=7))  # the date a comment bears is the commune's date
# The Actions app comments as "github-actions" in GraphQL (gh pr view), with no "[bot]" to tell it by.
ACTIONS_LOGIN = "github-actions"
SKIPPED_STATES = {"PENDING"}  # a review not submitted yet is no comment


class PullRequestError(SedpError):
    code = "nhap-pr"


@dataclass(frozen=True)
class Comment:
    """One comment as read from GitHub's JSON, whichever shape it came in."""

    source: str  # the JSON file it was read from
    login: str
    bot: bool
    body: str
    created: str  # ISO 8601, UTC
    url: str
    path: str | None = None  # the file commented on (a line comment)
    line: int | None = None
    side: str = "RIGHT"
    commit: str | None = None
    state: str = ""  # a review's: APPROVED, CHANGES_REQUESTED, COMMENTED…
    reply: bool = False  # an answer in a comment's thread (in_reply_to_id), not a comment of its own


@dataclass
class Inputs:
    comments: list[Comment] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # files the pull request changed, when a file list was given
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """One step 7 comment to write."""

    step_file: str  # plans/…/<year>/ and the step file of the district's comments
    commented: str | None  # the file and line commented on, as shown
    item: str | None
    item_name: str
    office: str
    date: str  # dd/mm/yyyy
    text: str
    url: str
    login: str
    note: str = ""  # why no item, when a line comment has none
    commenter: str = ""  # a code of danh-muc/chu-the-gop-y.yaml; "" for the field's default


@dataclass
class ImportPlan:
    entries: list[Entry] = field(default_factory=list)  # new, codes not given yet
    codes: dict[str, str] = field(default_factory=dict)  # url -> YKnn
    already: int = 0  # recorded by an earlier run
    ignored: int = 0  # bots, empty bodies, approvals without words
    replies: int = 0  # answers in a comment's thread: the thread's first comment is the district's comment
    problems: list[Problem] = field(default_factory=list)  # what could not be mapped
    item_field: str = ITEM_FIELD


def import_files(project: Path, handbook: Handbook, files: list[Path], write_them: bool) -> list[str]:
    """`sedp import pr`: the lines to print; with write_them, the new entries written. A file
    that is not GitHub's JSON stops it, before anything is written."""
    inputs = read_inputs(handbook, files)
    refuse_on_errors(inputs.problems, "Chưa ghi gì.")
    result = plan_import(project, handbook, inputs)
    lines = [*preview(result), *(problem.format() for problem in result.problems)]
    if result.entries and write_them:
        lines.append(f"Đã ghi {', '.join(write(project, handbook, result))}; xã trả lời từng ý kiến trong tra_loi.")
    elif result.entries:
        lines.append("Chưa ghi gì: thêm --write để ghi vào các tệp YAML.")
    return lines


# -- reading GitHub's JSON ----------------------------------------------------

def read_inputs(handbook: Handbook, paths: list[Path]) -> Inputs:
    """Every comment in the files, in whichever of the documented shapes each holds."""
    wording = Wording(handbook)
    inputs = Inputs()
    for path in paths:
        shown = str(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "không phải văn bản UTF-8"
            inputs.problems.append(wording.problem(file=shown, line=None, path=(), code="pr-json-cu-phap",
                                                   gia_tri=reason))
            continue
        try:
            values = _json_values(text)
        except json.JSONDecodeError as exc:
            inputs.problems.append(wording.problem(file=shown, line=exc.lineno, path=(), code="pr-json-cu-phap",
                                                   gia_tri=_json_slip(text, exc)))
            continue
        for value in values:
            wrong = _read_value(value, shown, inputs)
            if wrong is not None:
                variant = "loi_github" if wrong == "github" else "chung"
                inputs.problems.append(wording.problem(file=shown, line=None, path=(), code="pr-json-sai-dang",
                                                       variant=variant, gia_tri=wrong))
                break
    return inputs


def _json_values(text: str) -> list:
    """The JSON values in a text: one, or several one after another as
    `gh api --paginate` writes a list that spans pages."""
    decoder = json.JSONDecoder()
    values, position = [], 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            break
        value, position = decoder.raw_decode(text, position)
        values.append(value)
    if not values:
        raise json.JSONDecodeError("empty", text, 0)
    return values


def _json_slip(text: str, exc: json.JSONDecodeError) -> str:
    """Where the JSON goes wrong, in words: the parser's own message is English."""
    if not text.strip():
        return "tệp trống"
    if exc.pos >= len(text.rstrip()):
        return "tệp bị cắt ngang, thiếu phần cuối"
    return f"sai cú pháp ở cột {exc.colno} (ký tự '{text[exc.pos]}')"


def _read_value(value, shown: str, inputs: Inputs) -> str | None:
    """Add what value holds to inputs; else what was found instead ("github" for an error answer)."""
    if isinstance(value, dict) and "message" in value and "documentation_url" in value:
        return "github"
    if isinstance(value, dict) and {"reviews", "comments", "files"} & set(value):
        return _read_view(value, shown, inputs)
    if not isinstance(value, list):
        return f"một {_kind(value)}"
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            return f"mục thứ {index + 1} là một {_kind(item)}"
        if "diff_hunk" in item or "pull_request_review_id" in item:
            comment = _rest_comment(item, shown)
        elif "state" in item and "pull_request_url" in item:
            comment = _rest_review(item, shown)
        elif "filename" in item and "status" in item:
            inputs.changed.append(str(item["filename"]))
            continue
        else:
            return f"mục thứ {index + 1} có các trường {', '.join(sorted(item)[:6])}"
        if comment is None:
            return f"mục thứ {index + 1} thiếu body, html_url hoặc ngày"
        if comment.state not in SKIPPED_STATES:
            inputs.comments.append(comment)
    return None


def _kind(value) -> str:
    names: dict[type, str] = {dict: "nhóm trường", list: "danh sách", str: "chuỗi chữ"}
    return names.get(type(value), "giá trị đơn")


def _user(item: dict, key: str) -> tuple[str, bool]:
    found = item.get(key)
    user: dict = found if isinstance(found, dict) else {}
    login = str(user.get("login") or "ghost")  # a deleted account has no user
    bot = user.get("type") == "Bot" or bool(user.get("is_bot")) or login.endswith("[bot]") \
        or login.startswith("app/") or login == ACTIONS_LOGIN
    return login, bot


def _text(item: dict, *keys: str) -> str | None:
    for key in keys:
        if isinstance(item.get(key), str):
            return item[key]
    return None


def _rest_comment(item: dict, shown: str) -> Comment | None:
    """A review comment (`pulls/N/comments`); outdated ones keep their original line and commit."""
    login, bot = _user(item, "user")
    body, url, created = item.get("body"), _text(item, "html_url"), _text(item, "created_at")
    if not isinstance(body, str) or url is None or created is None:
        return None
    current = isinstance(item.get("line"), int)
    line = item.get("line") if current else item.get("original_line")
    commit = _text(item, "commit_id") if current else _text(item, "original_commit_id", "commit_id")
    return Comment(shown, login, bot, body, created, url, path=_text(item, "path"),
                   line=line if isinstance(line, int) else None, side=str(item.get("side") or "RIGHT"),
                   commit=commit, reply=item.get("in_reply_to_id") is not None)


def _rest_review(item: dict, shown: str) -> Comment | None:
    login, bot = _user(item, "user")
    url, created = _text(item, "html_url"), _text(item, "submitted_at")
    if item.get("state") in SKIPPED_STATES:
        return Comment(shown, login, bot, "", "", url or "", state="PENDING")
    if url is None or created is None:
        return None
    return Comment(shown, login, bot, str(item.get("body") or ""), created, url, state=str(item.get("state")))


def _read_view(value: dict, shown: str, inputs: Inputs) -> str | None:
    """`gh pr view N --json reviews,comments,files`."""
    for key, when in (("reviews", "submittedAt"), ("comments", "createdAt")):
        items = value.get(key, [])
        if not isinstance(items, list):
            return f"'{key}' là một {_kind(items)}"
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                return f"'{key}' mục thứ {index + 1} là một {_kind(item)}"
            login, bot = _user(item, "author")
            state = str(item.get("state") or "")
            if state in SKIPPED_STATES:
                continue
            if item.get("isMinimized") is True:  # hidden on GitHub (off topic, spam…): no comment to record
                bot = True
            body, url, created = item.get("body"), _text(item, "url"), _text(item, when)
            if not isinstance(body, str) or url is None or created is None:
                return f"'{key}' mục thứ {index + 1} thiếu body, url hoặc {when}"
            inputs.comments.append(Comment(shown, login, bot, body, created, url, state=state))
    files = value.get("files", [])
    if not isinstance(files, list):
        return f"'files' là một {_kind(files)}"
    inputs.changed += [str(f["path"]) for f in files if isinstance(f, dict) and isinstance(f.get("path"), str)]
    return None


# -- mapping comments to plan years, offices and items ------------------------

def clean_body(text: str) -> str:
    """A comment's words as the reader saw them on GitHub: NFC, no hidden HTML
    comments, no trailing spaces or runs of blank lines, a quoted passage
    (`> …`) kept as words in quotes. Everything else is kept as written."""
    text = re.sub(r"<!--.*?-->", "", text.replace("\r\n", "\n").replace("\r", "\n"), flags=re.S)
    out: list[str] = []
    quote: list[str] = []
    for raw in [*text.split("\n"), ""]:
        line = nfc(raw).rstrip()
        if line.lstrip().startswith(">"):
            quote.append(line.lstrip()[1:].strip())
            continue
        if quote:
            words = " ".join(q for q in quote if q)
            if words:
                out.append(f"“{words}”")
            quote = []
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def plan_import(project: Path, handbook: Handbook, inputs: Inputs) -> ImportPlan:
    """What an import would write: each new comment mapped to its plan year,
    office and item, and what could not be mapped, said with its fix."""
    wording = Wording(handbook)
    role = handbook.role("y-kien-huyen")
    if role is None:
        raise PullRequestError("Sổ tay (schema/quy-trinh.yaml) không có bước ghi ý kiến của huyện "
                               "(vai trò y-kien-huyen); không có chỗ để nhập ý kiến.")
    step_name, list_key = role[0], role[1] or "y_kien"
    result = ImportPlan()
    years = sorted({plan_folder(*at.key) for path in inputs.changed if (at := plan_path(path)).kind == "step"}
                   or {plan_folder(*at.key) for c in inputs.comments if c.path and (at := plan_path(c.path)).kind == "step"})
    recorded: dict[str, set] = {}
    seen: set[str] = set()
    locked = locked_statuses(handbook)
    result.item_field = _item_field(handbook, step_name)
    reader = _Items(project, handbook, step_name, list_key, result.item_field)
    for comment in sorted(inputs.comments, key=lambda c: (c.created, c.url)):
        if comment.url in seen:
            continue
        seen.add(comment.url)
        text = clean_body(comment.body)
        if comment.bot or not text:
            result.ignored += 1
            continue
        if comment.reply:
            result.replies += 1
            continue
        unmapped = _Unmapped(wording, comment, result.problems)
        where = plan_path(comment.path) if comment.path else None
        if where is not None and where.kind != "step":
            unmapped("pr-ngoai-ke-hoach", gia_tri=comment.path)
            continue
        if where is None and len(years) != 1:
            unmapped("pr-khong-ro-nam", gia_tri=", ".join(years) or "không năm kế hoạch nào")
            continue
        year = plan_folder(*where.key) if where is not None else years[0]
        place = plan_path(f"{year}/{step_name}")
        step_file = f"{year}/{step_name}"
        if not (project / step_file).is_file():
            unmapped("pr-thieu-buoc", gia_tri=step_file)
            continue
        status = _status(project, year)
        if status in locked:
            unmapped("pr-da-thong-qua", gia_tri=year, rang_buoc=handbook.vocab("trang-thai").label(status))
            continue
        office, commenter, district_file = _office(project, place.district, comment.login)
        if office is None:
            unmapped("pr-nguoi-la", gia_tri=comment.login, rang_buoc=district_file)
            continue
        if not office:
            unmapped("pr-khong-co-quan", gia_tri=comment.login, rang_buoc=district_file)
            continue
        if step_file not in recorded:
            recorded[step_file] = _recorded(project / step_file, list_key)
        if comment.url in recorded[step_file]:
            result.already += 1
            continue
        item, name, note, shown = None, "", "", None
        if comment.path is not None:
            shown = f"{comment.path}:{comment.line}" if comment.line else comment.path
            item, name, note = reader.item(comment)
        result.entries.append(Entry(step_file, shown, item, name, office, _date(comment.created), text,
                                    comment.url, comment.login, note, commenter))
    _number(project, list_key, result)
    return result


@dataclass
class _Unmapped:
    """Says, as a warning naming the comment, why it is not written."""

    wording: Wording
    comment: Comment
    problems: list

    def __call__(self, code: str, **values) -> None:
        self.problems.append(self.wording.problem(file=self.comment.source, line=None, path=(), code=code,
                                                  severity="canh-bao", vi_du=self.comment.url, **values))


def _status(project: Path, year: str):
    """The plan year's status as its plan file says (None when unreadable)."""
    plan = load_file(project / year / PLAN_FILE).data if (project / year / PLAN_FILE).is_file() else None
    return plan.get("trang_thai") if isinstance(plan, dict) else None


def _item_field(handbook: Handbook, step_name: str) -> str:
    rule = handbook.story_rule("tra-loi-y-kien") or {}
    for entry in rule.get("tra_loi") or []:
        if isinstance(entry, dict) and entry.get("tep") == step_name and entry.get("muc"):
            return str(entry["muc"])
    return ITEM_FIELD


def _office(project: Path, district: str, login: str) -> tuple[str | None, str, str]:
    """The office a district reviewer comments for ("" when district.yaml names none; None
    for a login it does not list), who that is when not the default (`chu_the`: UBND huyện),
    and the district.yaml read."""
    shown = place_file(district)
    read = load_file(project / shown).data
    data: dict = read if isinstance(read, dict) else {}
    listed = data.get("nguoi_duyet")
    reviewers: list = listed if isinstance(listed, list) else []
    for person in reviewers:
        if isinstance(person, dict) and str(person.get("github") or "").lower() == login.lower():
            return (str(person.get("co_quan") or data.get("co_quan_duyet") or ""),
                    str(person.get(COMMENTER_FIELD) or ""), shown)
    return None, "", shown


def _recorded(path: Path, list_key: str) -> set:
    data = load_file(path).data
    items = data.get(list_key) if isinstance(data, dict) else None
    return {str(i.get(SOURCE_FIELD)) for i in items or [] if isinstance(i, dict) and i.get(SOURCE_FIELD)}


def _date(created: str) -> str:
    moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y")


def _number(project: Path, list_key: str, result: ImportPlan) -> None:
    """The next free YKnn of each step file, in the order the comments were made."""
    taken: dict[str, list[int]] = {}
    for entry in result.entries:
        if entry.step_file not in taken:
            data = load_file(project / entry.step_file).data
            items = data.get(list_key) if isinstance(data, dict) else None
            taken[entry.step_file] = [int(m[1]) for i in items or [] if isinstance(i, dict)
                                      and (m := re.fullmatch(r"YK([0-9]+)", str(i.get("ma") or "")))]
        numbers = taken[entry.step_file]
        numbers.append(max(numbers, default=0) + 1)
        result.codes[entry.url] = f"YK{numbers[-1]:02d}"


class _Items:
    """The item a line of a plan file belongs to, read at the commit commented on
    (else as the working tree has it)."""

    def __init__(self, project: Path, handbook: Handbook, step_name: str, list_key: str, item_field: str):
        self.project = project
        self.handbook = handbook
        rules = handbook.field_rules(step_name, (list_key, "*", item_field)) or {}
        cited = rules.get("meta", {}).get("tham_chieu")
        self.kinds = None if cited is None else set(cited) if isinstance(cited, list) else {cited}
        self.known: dict[str, bool] = {}

    def item(self, comment: Comment) -> tuple[str | None, str, str]:
        """(code, name, "") or (None, "", why there is none)."""
        if comment.line is None:
            return None, "", "ý kiến về cả tệp"
        if comment.side == "LEFT":
            return None, "", "ý kiến trên dòng đã bỏ"
        assert comment.path is not None
        doc = self._load(comment.path, comment.commit)
        if doc is None:
            return None, "", "tệp không đọc được"
        name = Path(comment.path).name
        path = doc.path_at_line(comment.line)
        for end in range(len(path), 0, -1):
            if not isinstance(path[end - 1], int):
                continue
            shape = tuple("*" if isinstance(p, int) else p for p in path[:end])
            for check in self.handbook.checks.get(name, []):
                if check.kind == "dinh_danh" and check.path[:-1] == shape:
                    code = value_at(doc.data, (*path[:end], check.path[-1]))
                    if not isinstance(code, str):
                        continue
                    if self.kinds is not None and check.param not in self.kinds:
                        return None, "", f"dòng thuộc {code}, loại mục bước 7 không ghi"
                    return code, self._name(name, check.path, doc.data, path[:end]), ""
        return None, "", "dòng không thuộc mục nào có mã"

    def _name(self, file_name: str, code_path: tuple, data, item_path: tuple) -> str:
        meta = (self.handbook.field_rules(file_name, code_path) or {}).get("meta", {})
        named = meta.get("ten_muc")
        value = value_at(data, (*item_path, *str(named).split("."))) if named else None
        return str(value) if isinstance(value, str) else ""

    def _load(self, path: str, commit: str | None) -> Document | None:
        raw = None
        if commit and self._knows(commit):
            try:
                raw = blobs_at(self.project, commit, [path])[0].get(path)
            except GitError:
                raw = None
        if raw is None and (self.project / path).is_file():
            raw = (self.project / path).read_bytes()
        if raw is None:
            return None
        doc = load_bytes(raw, Document(path=Path(path), display=path))
        return doc if doc.root is not None else None

    def _knows(self, commit: str) -> bool:
        if commit not in self.known:
            try:
                git(self.project, "cat-file", "-e", f"{commit}^{{commit}}")
                self.known[commit] = True
            except GitError:
                self.known[commit] = False
        return self.known[commit]


# -- showing and writing ------------------------------------------------------

def preview(result: ImportPlan) -> list[str]:
    """What would be written, file by file, as the commune reads it."""
    lines: list[str] = []
    if result.entries:
        lines.append(f"Ý kiến mới ({len(result.entries)}):")
    current = None
    files = list(dict.fromkeys(e.step_file for e in result.entries))
    for entry in sorted(result.entries, key=lambda e: files.index(e.step_file)):  # by date within a file
        if entry.step_file != current:
            current = entry.step_file
            lines.append(f"  {entry.step_file}")
        item = f"mục {entry.item}" + (f" – {entry.item_name}" if entry.item_name else "") if entry.item \
            else "không gắn mục" + (f" ({entry.note})" if entry.note else "")
        where = f", góp ý trên {entry.commented}" if entry.commented else ", ý kiến chung của lần duyệt"
        lines.append(f"    {result.codes[entry.url]} ngày {entry.date} · {entry.office} ({entry.login}) · "
                     f"{item}{where}")
        first = entry.text.split("\n", 1)[0]
        cut = len(first) > 120 or first != entry.text
        lines.append(f"      {first[:117] + '…' if cut else first}")
    if result.already:
        lines.append(f"Đã có trong hồ sơ từ lần nhập trước, bỏ qua: {result.already} ý kiến.")
    if result.ignored:
        lines.append(f"Không ghi {result.ignored} ý kiến của bot, trống hoặc chỉ phê duyệt không lời.")
    if result.replies:
        lines.append(f"Không ghi {result.replies} trả lời trong luồng của một ý kiến (ý kiến ghi là ý kiến mở luồng; "
                     "xã trả lời trong tra_loi).")
    if not result.entries:
        lines.append("Không có ý kiến mới để ghi.")
    return lines


def write(project: Path, handbook: Handbook, result: ImportPlan) -> list[str]:
    """Each step file with its new entries, replaced whole in one step; the files written."""
    role = handbook.role("y-kien-huyen")
    assert role is not None
    list_key = role[1] or "y_kien"
    plans = (project / PLANS).resolve()
    yaml = round_trip_yaml()
    texts: dict[str, str] = {}
    for step_file in dict.fromkeys(e.step_file for e in result.entries):
        target = (project / step_file).resolve()
        if not target.is_relative_to(plans):
            raise PullRequestError(f"{step_file} nằm ngoài thư mục plans/; không ghi.")
        document = load_round_trip(yaml, target, step_file)
        items = document.get(list_key)
        if not isinstance(items, list):
            items = CommentedSeq()
            document[list_key] = items
        if isinstance(items, CommentedSeq):
            items.fa.set_block_style()
        trailing = _take_trailing_comment(items[-1]) if items else None
        for entry in (e for e in result.entries if e.step_file == step_file):
            items.append(_entry_map(entry, result.codes[entry.url], result.item_field))
        if trailing is not None:  # the lines below the list stay below it
            items[-1].ca.items[SOURCE_FIELD] = [None, None, trailing, None]
        out = io.StringIO()
        yaml.dump(document, out)
        texts[step_file] = out.getvalue()
    for step_file, text in texts.items():
        atomic_write(project / step_file, text.encode("utf-8"))
    return list(texts)


def _take_trailing_comment(node):
    """The comment lines after the last entry of a list, detached: ruamel keeps them
    on the entry's last value, so a new entry would land below them."""
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        key = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        value = node[key]
        if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
            node = value
            continue
        slot = 2 if isinstance(node, CommentedMap) else 0
        entry = node.ca.items.get(key)
        if not entry or entry[slot] is None:
            return None
        token, entry[slot] = entry[slot], None
        return token
    return None


def _entry_map(entry: Entry, code: str, item_field: str) -> CommentedMap:
    item = CommentedMap()
    item["ma"] = code
    item["co_quan"] = entry.office
    if entry.commenter:
        item[COMMENTER_FIELD] = entry.commenter
    item["ngay"] = entry.date
    item["noi_dung"] = LiteralScalarString(entry.text) if "\n" in entry.text else entry.text
    if entry.item:
        item[item_field] = entry.item
    item[SOURCE_FIELD] = entry.url
    return item
