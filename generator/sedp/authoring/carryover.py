"""What year X+1 takes over from year X's implementation record (step 10,
thuc-hien.yaml), so the loop closes without retyping:

- needs: answered by a finished activity and by none still under way, closed
  (the needs vocabulary's entry marked `xong`); with an activity still under
  way, moved from new (the first entry, or no status) to in progress (marked
  `dang_lam`). A need answered by both stays open: its work goes on in the
  activity carried over, which would otherwise answer a closed need;
- activities neither finished nor stopped: offered again in step 4 with the
  money not yet disbursed, each source's, under their old code;
- targets: a row each in step 3's assessment, the latest result as achieved.

Every change carries a comment saying where it came from; the technician
reviews them (git diff) before committing. Amounts are read with sedp's own
reader (exact Decimals), never ruamel's floats.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.tokens import CommentToken

from sedp.check.checker import Checker
from sedp.core.data import total
from sedp.core.fmt import day, number
from sedp.core.problems import refuse_on_errors
from sedp.model.records import Record, items
from sedp.source.handbook import Handbook
from sedp.source.loader import load_file

ORIGIN = "chuyen_tu"  # step 4: the year and code an activity carried over was planned under
STOPPED = "dung"  # danh-muc/trang-thai-thuc-hien.yaml: stopped for good (`xong`, finished: model/records)
CLOSED, UNDER_WAY = "xong", "dang_lam"  # danh-muc/trang-thai-nhu-cau.yaml
ADD_NOTE = "# Thêm mục: xoá '[]' ở trên, "  # how `sedp new` tells to fill an empty list (yamltext.render)


@dataclass
class TakenOver:
    """What the rollover took over; `told` says it as `sedp new year` prints it."""

    record: str  # the record's file name
    year: int  # the year it records
    updated: str  # its ngay_cap_nhat, dd/mm/yyyy
    closed: list = field(default_factory=list)  # need codes closed
    started: list = field(default_factory=list)  # need codes moved to in progress
    offered: list = field(default_factory=list)  # activity codes carried over
    spent: list = field(default_factory=list)  # unfinished, but nothing left to spend: not carried
    targets: int = 0  # assessment rows written
    measured: int = 0  # of which with a result
    unmentioned: list = field(default_factory=list)  # (code, planned total) of the plan's activities the record omits

    def told(self, year: int) -> list[str]:
        """What `sedp new year` says it took over into `year`, for a review before committing."""
        def codes(items):
            return f" ({', '.join(items)})" if items else ""

        spent = f"; không chuyển {', '.join(self.spent)}: chưa xong nhưng đã giải ngân hết kinh phí" if self.spent else ""
        lines = [f"Từ {self.record} năm {self.year} (cập nhật ngày {self.updated}), năm {year} đã nhận:",
                 f"- {len(self.closed)} nhu cầu đóng vì hoạt động đã hoàn thành{codes(self.closed)}; "
                 f"{len(self.started)} nhu cầu chuyển sang đang thực hiện{codes(self.started)};",
                 f"- {len(self.offered)} hoạt động chưa xong đề xuất chuyển sang năm {year} với kinh phí còn lại"
                 f"{codes(self.offered)}{spent};",
                 f"- kết quả thực hiện của {self.measured}/{self.targets} chỉ tiêu năm {self.year} "
                 "vào phần đánh giá (bước 3)."]
        if self.unmentioned:
            listed = ", ".join(f"{code} ({number(amount)} triệu đồng)" for code, amount in self.unmentioned)
            lines.append(f"Chú ý: {len(self.unmentioned)} hoạt động của kế hoạch năm {self.year} không có trong "
                         f"{self.record}: {listed}. Không biết đã làm đến đâu, nên đã coi là chưa làm và đề xuất "
                         f"chuyển sang năm {year} với toàn bộ kinh phí. Nếu đã làm, ghi tiến độ và giải ngân của "
                         f"hoạt động đó vào {self.record} năm {self.year}, xoá thư mục năm {year} rồi chuyển năm lại.")
        return lines + ["Cán bộ cần xem lại từng thay đổi này (git diff) trước khi commit."]


def read_record(project: Path, handbook: Handbook, previous: Path):
    """Year `previous`'s record as sedp reads it; None when the year has none. A year
    whose record (or any file the record is read with) fails validation is refused, with
    its errors as `sedp validate` prints them: what it says would be carried wrong."""
    name = handbook.records_file
    if not name or not (previous / name).is_file():
        return None
    checked = Checker(project, handbook).check_commune(previous.parent, [previous])
    errors = sorted((p for p in checked.problems if p.severity == "loi"), key=lambda p: (p.file, p.line or 0))
    refuse_on_errors(errors, f"Năm {previous.name}: {name} có lỗi, chưa chuyển năm; không tệp nào được ghi. Sửa "
                             "các lỗi trên rồi chạy lại (`sedp validate` kiểm tra lại).")
    return load_file(previous / name).data  # a mapping: anything else is an error above


def take_over(handbook: Handbook, yaml, files: dict, previous: Path, data: dict) -> TakenOver:
    """Write into `files` (name -> text of the new year) what year `previous`'s record `data` says."""
    records_file, activities, needs_role = handbook.records_file, handbook.role("hoat-dong"), handbook.role("nhu-cau")
    # data is the record read_record found; activities and needs are roles no handbook loads without
    assert records_file and activities and needs_role
    taken = TakenOver(records_file, int(previous.name), day(data.get("ngay_cap_nhat")))
    steps: dict[str, object] = {records_file: data}  # file name -> data, as Record reads a year
    for role in ("hoat-dong", "chi-tieu"):
        if played := handbook.role(role):
            steps[played[0]] = load_file(previous / played[0]).data
    record = Record(handbook, steps)  # read as the accountability pages read it
    activities_file, activities_key = activities
    stopped = {code for code, entry in handbook.vocab("trang-thai-thuc-hien").entries.items() if entry.get(STOPPED)}
    unfinished = [a for a in record.activities if not a.finished and a.status not in stopped]
    taken.unmentioned = [(a.code, a.planned_total) for a in record.activities if not a.updated]

    def fill(name, key, items):
        new = yaml.load(files[name])
        new[key] = items
        files[name] = _filled_note(_text(yaml, new), key) if items else _text(yaml, new)

    needs_file, needs_key = needs_role
    needs = yaml.load(files[needs_file])
    _move_needs(handbook, needs.get(needs_key) or [], record.activities, {a.code for a in unfinished}, taken)
    files[needs_file] = _text(yaml, needs)
    planned = {str(a.get("ma") or ""): a for a in items(steps[activities_file], activities_key)}
    fill(activities_file, activities_key, _offer(handbook, unfinished, planned, taken))
    targets, assessment = handbook.role("chi-tieu"), handbook.role("danh-gia")
    if targets and assessment:
        assessment_file, assessment_key = assessment
        fill(assessment_file, assessment_key, _assess(items(steps[targets[0]], targets[1]), record.targets, taken))
    return taken


def _text(yaml, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _filled_note(text: str, key: str) -> str:
    """The new file's note under a list that now has items: there is no '[]' left to delete."""
    lines = text.split("\n")
    for index in range(lines.index(f"{key}:") + 1, len(lines)):
        if lines[index].startswith(ADD_NOTE):
            lines[index] = "# Thêm mục: " + lines[index][len(ADD_NOTE):]
            break
        if lines[index][:1] not in ("", "#", " ", "-"):
            break  # the next field: this list had no note
    return "\n".join(lines)


def _move_needs(handbook: Handbook, needs: list, activities: list, unfinished: set, taken: TakenOver) -> None:
    statuses = handbook.vocab("trang-thai-nhu-cau").entries
    done = next((code for code, entry in statuses.items() if entry.get(CLOSED)), None)
    going = next((code for code, entry in statuses.items() if entry.get(UNDER_WAY)), None)
    first = next(iter(statuses), None)
    answering: dict = {}  # need code -> "finished"/"unfinished" -> activity codes
    for activity in activities:
        kind = "finished" if activity.finished else "unfinished" if activity.code in unfinished else None
        for code in activity.needs if kind else []:
            answering.setdefault(code, {}).setdefault(kind, []).append(activity.code)
    for need in needs:
        if not isinstance(need, CommentedMap) or need.get("ma") not in answering:  # round-trip loaded
            continue
        by_kind, status = answering[need["ma"]], need.get("trang_thai")
        if status in statuses and statuses[status].get("dong"):
            continue  # closed already: the technician's word stands
        if "unfinished" in by_kind and going and status in (None, first):
            why = f"{', '.join(by_kind['unfinished'])} năm {taken.year} chưa xong"
            _set_with_comment(need, "trang_thai", going, f"{statuses[going]['nhan']}: {why} ({taken.record})")
            taken.started.append(need["ma"])
        elif "finished" in by_kind and "unfinished" not in by_kind and done:
            why = f"{', '.join(by_kind['finished'])} năm {taken.year}"
            _set_with_comment(need, "trang_thai", done, f"{statuses[done]['nhan']}: {why} ({taken.record})")
            taken.closed.append(need["ma"])


def _set_with_comment(mapping: CommentedMap, key: str, value, note: str) -> None:
    """mapping[key] = value with `# note` on its line; a comment already there is kept after it,
    and so are the comment lines below it."""
    if key not in mapping:
        mapping.insert(len(mapping), key, value, comment=note)
        return
    mapping[key] = value
    slot = mapping.ca.items.get(key)
    token = slot[2] if slot and len(slot) > 2 else None
    if not isinstance(token, CommentToken):
        mapping.yaml_add_eol_comment(note, key)
        return
    line, newline, rest = token.value.partition("\n")
    kept = line.strip().lstrip("#").strip()
    token.value = f"# {note}" + (f"; {kept}" if kept else "") + newline + rest


def _offer(handbook: Handbook, unfinished: list, planned: dict, taken: TakenOver) -> CommentedSeq:
    """The unfinished activities, with what is left of their money (an activity the
    record does not mention yet counts as unfinished: nothing says it was done)."""
    statuses = handbook.vocab("trang-thai-thuc-hien")
    offered = CommentedSeq()
    for activity in unfinished:
        left = {source: amount - activity.disbursed.get(source, 0) for source, amount in activity.planned.items()}
        left = {source: amount for source, amount in left.items() if amount > 0}  # a source spent is dropped
        if not left:
            taken.spent.append(activity.code)  # its money may not be empty: the technician decides
            continue
        if activity.status is None:
            said = f"chưa có trong {taken.record}"
        else:
            done = f" {number(activity.progress)}%" if activity.progress is not None else ""
            said = f"{statuses.label(activity.status)}{done}"
        offered.append(_carried(planned[activity.code], activity.body, left, (taken.year, activity.code),
                                handbook.money_field))
        offered.yaml_set_comment_before_after_key(
            len(offered) - 1, before=f"Chuyển từ kế hoạch năm {taken.year} ({activity.code}, {said}): kinh phí còn "
                                     "lại; xem lại trước khi commit", indent=0)
        taken.offered.append(activity.code)
    return offered


def _carried(activity: dict, body, left: dict, origin: tuple, money: str) -> CommentedMap:
    """The activity as last year planned it, without its months (this year's are still to
    set), with the money left; who does it as the record last said, if it says; and where
    it comes from (`chuyen_tu`: the year and code it was planned under, the one before it
    when it was itself carried), so that a period counts it and its money once."""
    carried = CommentedMap()
    for key, value in activity.items():
        if key in ("thoi_gian", ORIGIN):
            continue
        if key == money:
            carried[ORIGIN] = CommentedMap(nam=origin[0], ma=origin[1])
            carried[ORIGIN].fa.set_flow_style()  # chuyen_tu: {nam: 2026, ma: HD03}
            value = CommentedMap(left)
        elif key == "tong_kinh_phi":
            value = total(left.values())
        elif isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value):
            value = CommentedSeq(value)
            value.fa.set_flow_style()  # [NC01, NC02], as the files write short lists
        carried[key] = value
    if body:
        carried["don_vi_thuc_hien"] = body
    return carried


def _assess(targets: list, results: list, taken: TakenOver) -> CommentedSeq:
    """Step 3's assessment of year X: a row per target of its plan, the latest result as achieved."""
    latest = {result.code: result.latest for result in results}
    rows = CommentedSeq()
    for target in targets:
        measured = latest.get(str(target.get("ma") or ""))  # (date, value) or None
        row = CommentedMap(chi_tieu=target.get("ten"))
        if target.get("don_vi") is not None:
            row["don_vi"] = target["don_vi"]
        row["ke_hoach"] = target.get("ke_hoach")
        row["thuc_hien"] = measured[1] if measured else None  # blank: the technician fills it in
        if target.get("chieu") is not None:
            row["chieu"] = target["chieu"]
        where = f"{taken.record} năm {taken.year}"
        row.yaml_add_eol_comment(f"{where}, số liệu ngày {day(measured[0])}" if measured
                                 else f"{where}: chưa có số liệu", "thuc_hien")
        rows.append(row)
        taken.targets += 1
        taken.measured += bool(measured)
    return rows
