"""Year rollover: plan year X+1 starts from year X.

Village needs collected once serve 3–5 years (seed 000): from the second year,
steps 1–2 are only a review meeting, and the needs (with their status and the
year they were collected), the value chains and Biểu 7 carry over. What must
be done again each year (targets, activities, consultation, approval) starts
blank, except the plan's own words marked `chuyen_nam` in the handbook (its
context, solutions, who does what), which the technician revises rather than
rewrites. Carried files keep their comments (ruamel.yaml round-trip).

When year X has its implementation record (step 10), the new year also takes
over what it says: needs closed or under way, unfinished activities offered
again, targets' results in the assessment (authoring/carryover.py).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ruamel.yaml import YAML

from sedp.authoring.carryover import TakenOver, read_record, take_over
from sedp.authoring.yamltext import (
    ScaffoldError,
    load_round_trip,
    render,
    round_trip_yaml,
    schema_comment,
    write_folder,
)
from sedp.core.data import value_at
from sedp.source.handbook import PLAN_FILE, Handbook

REVIEW_NOTE = "Rà soát nhu cầu thị trường và các hoạt động tại Biểu 7 đã được HĐND xã thông qua"


def _blank(value):
    """The same shape with every leaf emptied (lists emptied)."""
    if isinstance(value, dict):
        for key in value:
            value[key] = _blank(value[key])
        return value
    if isinstance(value, list):
        del value[:]
        return value
    return None


def _dump(yaml: YAML, data, old_year: int, new_year: int) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    lines = out.getvalue().splitlines(keepends=True)
    # The title comment at the top names the year; nothing else is touched.
    for index, line in enumerate(lines):
        if not line.startswith("#"):
            break
        lines[index] = re.sub(rf"\bnăm {old_year}\b", f"năm {new_year}", line)
    return "".join(lines)


class Written(list):
    """The files written, and what was taken over from last year's record (None: it had none),
    and the year rolled over from (None: a first year)."""

    taken: TakenOver | None = None
    source_year: int | None = None

    def told(self, commune: Path, year: int) -> list[str]:
        """What `sedp new year` says after the files: what was taken over, and a warning when
        the year rolled over from is not the one before."""
        lines: list[str] = self.taken.told(year) if self.taken is not None else []
        source = self.source_year
        if source is not None and source < year - 1:
            between = str(source + 1) if source + 1 == year - 1 else f"{source + 1}–{year - 1}"
            lines.append(f"Cảnh báo: năm gần nhất của xã có kế hoạch là {source}, không phải {year - 1}: năm {year} "
                         f"được chuyển từ năm {source}, và năm {between} không có kế hoạch. Nếu gõ nhầm năm, xoá thư "
                         f"mục {commune / str(year)} vừa tạo rồi chạy lại với năm {source + 1}.")
        return lines


def roll_over(project: Path, handbook: Handbook, commune_dir: Path, previous: Path, year: int) -> Written:
    """Write commune_dir/<year> from the plan year in `previous`."""
    target = commune_dir / str(year)
    if target.exists():
        raise ScaffoldError(f"Thư mục {target} đã có; không ghi đè. Hãy sửa trực tiếp các tệp trong đó.")
    old_year = int(previous.name)
    yaml = round_trip_yaml()
    record = read_record(project, handbook, previous)  # None: year X has no implementation record

    def load(name):
        path = previous / name
        if not path.is_file():
            raise ScaffoldError(f"Năm {old_year} thiếu tệp {name}; không chuyển năm được.")
        return load_round_trip(yaml, path)

    kick_off, needs, approval = (handbook.role(r) for r in ("khoi-dong", "nhu-cau", "thong-qua"))
    assert kick_off and needs and approval  # roles no handbook loads without
    step1_file, step2_file, step9_file = kick_off[0], needs[0], approval[0]
    amendments_key = (handbook.role("dieu-chinh") or (None, None))[1]
    plan = load(PLAN_FILE)
    plan["nam_ke_hoach"] = year
    plan["loai_nam"] = "ra_soat"
    plan["nam_thu_thap_nhu_cau"] = plan.get("nam_thu_thap_nhu_cau") or old_year
    plan["trang_thai"] = handbook.statuses()[0]
    for key in ("so_ky_hieu", "ngay_ban_hanh"):
        if key in plan:
            plan[key] = None

    step1 = load(step1_file)  # working group, resources, hazards and value chains carry over
    if isinstance(step1.get("hoi_nghi"), dict):
        _blank(step1["hoi_nghi"])  # this year's review meeting is still to be held

    step2 = load(step2_file)  # needs keep their status and the year they were collected
    step2["hop_thon"] = []
    step2["hop_doanh_nghiep"] = []
    review = {"ngay": None, "tham_du": {code: None for code in handbook.vocab("nhom-tham-du").entries},
              "noi_dung": REVIEW_NOTE}
    step2["hop_ra_soat"] = review

    step9 = load(step9_file)  # only Biểu 7 carries over; this year's approval is still to come
    for key in list(step9):
        if key == "bieu_7":
            continue
        if key == amendments_key:
            del step9[key]
        else:
            step9[key] = _blank(step9[key])

    carried = {PLAN_FILE: plan, step1_file: step1, step2_file: step2, step9_file: step9}
    files = {}
    for name in handbook.plan_files:
        if name in carried:
            files[name] = _dump(yaml, carried[name], old_year, year)
        else:
            step = next(s for s in handbook.steps if s.file == name)
            files[name] = schema_comment(target / name, project, name) + render(
                handbook.rules[name], {}, f"Bước {step.number}. {step.title} (năm {year})")
            if (previous / name).is_file() and _carried_paths(handbook.rules[name]):
                files[name] = _carry_words(yaml, files[name], load(name), handbook.rules[name], old_year, year)
    taken = take_over(handbook, yaml, files, previous, record) if record is not None else None
    written = Written(write_folder(target, files))
    written.taken = taken
    written.source_year = old_year
    return written


def _carried_paths(fields: dict, prefix: tuple = ()) -> list[tuple]:
    """Paths of the fields marked `chuyen_nam: true` (the plan's words that
    change slowly: its context, solutions, who does what)."""
    found = []
    for key, rules in fields.items():
        if rules.get("meta", {}).get("chuyen_nam"):
            found.append((*prefix, key))
        elif rules.get("type") == "dict" and isinstance(rules.get("schema"), dict):
            found.extend(_carried_paths(rules["schema"], (*prefix, key)))
    return found


def _carry_words(yaml: YAML, fresh_text: str, previous, rules: dict, old_year: int, new_year: int) -> str:
    """The new year's blank step with last year's carried words filled in; the
    others (the general objective, last year's assessment) start blank."""
    fresh = yaml.load(fresh_text)
    for path in _carried_paths(rules):
        value = value_at(previous, path)
        if value in (None, "", [], {}):
            continue
        holder = fresh
        for part in path[:-1]:
            if not isinstance(holder.get(part), dict):
                holder[part] = {}
            holder = holder[part]
        holder[path[-1]] = value
    return _dump(yaml, fresh, old_year, new_year)
