"""The handbook as data: `schema/` loaded, expanded and checked.

A province adapts the process by editing `schema/` only. This module turns its
files into plain Cerberus rules (shared rule sets and vocabularies expanded),
and lists the cross-file checks that the rules declare in `meta`.
"""

from __future__ import annotations

import copy
import hashlib
import string
from dataclasses import dataclass, field
from pathlib import Path

from sedp.core.errors import SedpError
from sedp.core.messages import Wording, closest, fill
from sedp.core.names import COMMENTS_OUTLINE
from sedp.core.problems import Problem
from sedp.source.loader import CODES as LOADER_CODES
from sedp.source.loader import Document, load_file
from sedp.source.outlines import DOCUMENTS, OPTIONAL_DOCUMENTS, check_outline, comment_fields
from sedp.source.roles import read_roles
from sedp.source.rulekinds import KINDS, KindUse, meta_kind, meta_kinds, reference_kinds

# Keys under `meta` that say what a field is, beside the rule kinds (source/rulekinds.py).
DESCRIPTIVE_KEYS = {
    "nhan", "huong_dan", "vi_du", "danh_muc", "truong_theo_danh_muc", "quy_tac_moi_truong",
    "don_vi",  # trieu_dong: the messages about the figure speak of triệu đồng
    "ten_muc",  # beside dinh_danh: the field naming an item, shown after its code where a person reads it
    "chuyen_nam",  # true: `sedp new year` carries the value into next year's draft
    "mac_dinh",  # beside danh_muc: the code an empty field is read as (step 7's commenter: phong_ban_huyen)
}
PLACE_FILES = ("province.yaml", "district.yaml", "commune.yaml")
# Vocabularies a province repository written before them may lack (step 10's statuses).
OPTIONAL_VOCABULARIES = {"trang-thai-thuc-hien"}
STORY_FILE = "lien-buoc.yaml"  # the rules across steps, in schema/quy-tac/
PLAN_FILE = "ke-hoach.yaml"
UNKNOWN_KIND = "quy-tac-khong-co"  # a meta key that is no rule kind (schema/thong-bao.yaml)


class HandbookError(SedpError):
    """schema/ itself is broken: the province's configuration must be fixed."""

    code = "so-tay"

    def __init__(self, problems: list[Problem]):
        super().__init__("Sổ tay trong schema/ có lỗi; sửa các dòng trên trước.", [p.format() for p in problems])
        self.problems = problems


@dataclass
class Vocabulary:
    name: str
    title: str
    entries: dict  # code -> {nhan: ..., ...}

    def label(self, code) -> str:
        entry = self.entries.get(code)
        return entry["nhan"] if entry else str(code)


@dataclass
class Step:
    number: int
    file: str
    title: str
    review_only_later: bool


@dataclass
class Check:
    """One cross-check declared in the rules: where it applies and what it asks."""

    kind: str  # a name in source/rulekinds.py KINDS
    path: tuple  # key path with "*" for every list item
    param: object


@dataclass
class Handbook:
    root: Path
    process: dict
    steps: list[Step]
    vocabularies: dict[str, Vocabulary]
    rules: dict[str, dict]  # file name -> expanded Cerberus schema
    messages: dict = field(default_factory=dict)  # error code -> templates
    forms: list[dict] = field(default_factory=list)  # the Biểu definitions, by number
    rollup: dict = field(default_factory=dict)  # schema/tong-hop.yaml
    checks: dict[str, list[Check]] = field(default_factory=dict)
    kind_uses: list[KindUse] = field(default_factory=list)  # where each kind of rule in checks is written
    fingerprint: str = ""
    roles: dict = field(default_factory=dict)  # role -> (step file, list key or None)
    free_after_approval: dict = field(default_factory=dict)  # file -> None (all of it) or a set of its fields
    renamed: dict = field(default_factory=dict)  # file -> [(old path with "*" for items, new key)]
    recorded_entries: tuple = ()  # (list, its dated entries, the value kept): step 10's record, only added to
    outlines: dict = field(default_factory=dict)  # document -> its outline (schema/van-ban/)
    story: dict = field(default_factory=dict)  # rule code -> settings (schema/quy-tac/lien-buoc.yaml)

    @property
    def step_files(self) -> list[str]:
        return [s.file for s in self.steps]

    @property
    def plan_files(self) -> list[str]:
        """The files every plan year has."""
        return [PLAN_FILE, *self.step_files]

    @property
    def records_file(self) -> str | None:
        """Step 10's implementation record (quy-trinh.yaml `thuc_hien`), added after approval."""
        return _records_file(self.process)

    @property
    def year_files(self) -> list[str]:
        """Every file a plan-year folder may hold: the plan files, then the record."""
        return [*self.plan_files, *([self.records_file] if self.records_file else [])]

    def role(self, name: str) -> tuple[str, str | None] | None:
        """(step file, list key) playing a role (source/roles.py); None for an
        optional role this process has no step for."""
        return self.roles.get(name)

    def required(self, name: str) -> tuple[str, str | None]:
        """The step file (and list key) of a role no process may lack (source/roles.py;
        a handbook without it does not load)."""
        found = self.roles.get(name)
        if found is None:
            raise LookupError(f"role {name!r} may not be missing: the handbook should not have loaded")
        return found

    @property
    def share_places(self) -> int:
        """Decimals of a share (schema/tong-hop.yaml ty_le_so_thap_phan, checked on load; reports quote two)."""
        return self.rollup.get("ty_le_so_thap_phan", 2)

    @property
    def money_field(self) -> str:
        """The key of an activity's money, source -> amount (schema/tong-hop.yaml hoat_dong.kinh_phi)."""
        return str(self.rollup["hoat_dong"]["kinh_phi"])

    def rollup_label(self, part: str, variant: str = "nhan") -> str:
        """A roll-up part's heading (schema/tong-hop.yaml `nhan`); variant `nhan_van_ban` or
        `nhan_ngan` where that place words it apart, falling back to `nhan`."""
        spec = self.rollup.get(part) or {}
        return str(spec.get(variant) or spec.get("nhan") or part)

    def attendance_total(self) -> str:
        """The participant group that counts everyone (the entry marked `tong` in danh-muc/nhom-tham-du.yaml)."""
        return next((k for k, e in self.vocab("nhom-tham-du").entries.items() if e.get("tong")), "tong_so")

    def vocab(self, name: str) -> Vocabulary:
        if name not in self.vocabularies and name in OPTIONAL_VOCABULARIES:
            return Vocabulary(name, name, {})  # a handbook written before it: nothing of that kind
        return self.vocabularies[name]

    def statuses(self) -> list[str]:
        return list(self.vocabularies["trang-thai"].entries)

    def story_rule(self, code: str) -> dict | None:
        """A rule across steps (schema/quy-tac/lien-buoc.yaml) with its `muc_do` as a
        problem's severity; None when this handbook does not declare it (turned off)."""
        rule = self.story.get(code)
        if rule is None:
            return None
        return {**rule, "severity": "canh-bao" if rule.get("muc_do") == "canh_bao" else "loi"}

    def field_rules(self, file_name: str, path) -> dict | None:
        """Rules for the value at path (list indexes allowed) in file_name."""
        return _rules_at(self.rules.get(file_name, {}), path)

    def label(self, file_name: str, path) -> str:
        """Vietnamese label of a field, from the nearest rules that have one."""
        for end in range(len(path), 0, -1):
            rules = self.field_rules(file_name, path[:end])
            if rules and rules.get("meta", {}).get("nhan"):
                return rules["meta"]["nhan"]
        return ""


def _records_file(process: dict) -> str | None:
    """quy-trinh.yaml `thuc_hien: {tep: …}`: the implementation record's file name."""
    declared = process.get("thuc_hien")
    return declared["tep"] if isinstance(declared, dict) and isinstance(declared.get("tep"), str) else None


def locked_statuses(handbook: "Handbook") -> set:
    """The plan statuses from the one marked `khoa` on: the plan is approved (amendments
    need a record; the documents lose their draft stamp)."""
    codes = list(handbook.vocab("trang-thai").entries)
    first = next((i for i, c in enumerate(codes) if handbook.vocab("trang-thai").entries[c].get("khoa")), len(codes))
    return set(codes[first:])


def load_handbook(schema_dir: Path) -> Handbook:
    schema_dir = Path(schema_dir)
    problems: list[Problem] = []
    digest = hashlib.sha256()

    wording = None  # thong-bao.yaml words the problems of every file read after it

    def read_doc(path: Path, may_be_empty: bool = False):
        raw = path.read_bytes() if path.is_file() else b""
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        if not path.is_file():  # said here: thong-bao.yaml may be the missing file
            doc = Document(path=path, display=_display(path, schema_dir))
            problems.append(Problem(doc.display, None, "", "so-tay", "Thiếu tệp này của sổ tay",
                                    "Khôi phục tệp từ bản gốc của tỉnh."))
            return doc
        doc = load_file(path, display=_display(path, schema_dir), wording=wording)
        problems.extend(doc.problems)
        if doc.data is None and not doc.problems and not may_be_empty:
            problems.append(Problem(doc.display, None, "", "so-tay",
                                    "Tệp trống hoặc không tồn tại", "Khôi phục tệp từ bản gốc của tỉnh."))
        return doc

    def read(path: Path):
        return read_doc(path).data

    messages = read(schema_dir / "thong-bao.yaml") or {}
    wording = Wording(messages if isinstance(messages, dict) else {})
    problems.extend(_check_templates(messages, _display(schema_dir / "thong-bao.yaml", schema_dir)))
    process = read(schema_dir / "quy-trinh.yaml") or {}
    vocabularies = {}
    for path in sorted((schema_dir / "danh-muc").glob("*.yaml")):
        doc = read_doc(path)
        data = doc.data if isinstance(doc.data, dict) else {}
        entries = data.get("muc") or {}
        for code, entry in entries.items():
            if not isinstance(entry, dict) or not entry.get("nhan"):  # every label shown comes from here
                problems.append(Problem(doc.display, doc.line_of(("muc", code)), f"muc.{code}", "so-tay",
                                        f"Mục '{code}' thiếu nhãn tiếng Việt (nhan)",
                                        f"Viết dạng `{code}: {{nhan: Tên hiển thị}}`."))
        vocabularies[path.stem] = Vocabulary(name=path.stem, title=data.get("ten", path.stem), entries=entries)
    shared_doc = read_doc(schema_dir / "quy-tac" / "_chung.yaml")
    rollup = read(schema_dir / "tong-hop.yaml") or {}
    steps = [
        Step(number=s["so"], file=s["tep"], title=s["ten"], review_only_later=bool(s.get("tai_dung")))
        for s in process.get("buoc", [])
    ]
    forms = [read(path) or {} for path in sorted((schema_dir / "bieu").glob("*.yaml"))]
    forms.sort(key=lambda form: form.get("so", 0))
    rule_docs = {}
    record = _records_file(process)
    records = [record] if record else []
    if process.get("thuc_hien") is not None and not records:
        problems.append(Problem("schema/quy-trinh.yaml", None, "thuc_hien", "so-tay",
                                "Sổ tay (schema) sai: thuc_hien phải là {tep: tên tệp, buoc: số bước}",
                                "Ví dụ: thuc_hien: {tep: thuc-hien.yaml, buoc: 10}"))
    for name in (*PLACE_FILES, PLAN_FILE, *(s.file for s in steps), *records):
        rule_docs[name] = read_doc(schema_dir / "quy-tac" / name)
    story_path = schema_dir / "quy-tac" / STORY_FILE  # optional: a handbook written before it has none
    # A handbook written before lien-buoc.yaml keeps what it always had: a status's
    # requirements (can_co) are errors; the newer rules are off until it declares them.
    story = (read_doc(story_path, may_be_empty=True).data or {}) if story_path.is_file() else \
        {"thieu-theo-trang-thai": {"muc_do": "loi"}}
    outline_docs = {name: read_doc(schema_dir / "van-ban" / file) for name, file in DOCUMENTS.items()
                    if name not in OPTIONAL_DOCUMENTS or (schema_dir / "van-ban" / file).is_file()}
    if problems:
        raise HandbookError(problems)

    expander = _Expander(shared_doc, vocabularies, wording, problems)
    rules = {name: expander.fields(doc.data or {}, name, (), _At(doc)) for name, doc in rule_docs.items()}
    for form in forms:
        _check_form(form, rules, vocabularies, problems)
    roles = read_roles(process, rules, [s.file for s in steps], problems)
    free = _free_after_approval(process, rules, problems)
    recorded = _recorded_entries(process, rules, problems)
    renamed = _renamed_fields(process, rules, problems)
    problems.extend(_check_settings(process, rollup))
    draft = roles.get("du-thao")
    for name, doc in outline_docs.items():
        check_outline(name, doc.data, doc, rules.get(draft[0], {}) if draft else {}, problems)
    if "trang-thai" not in vocabularies:
        problems.append(Problem("schema/danh-muc/trang-thai.yaml", None, "", "so-tay",
                                "Thiếu danh mục trạng thái kế hoạch", "Khôi phục schema/danh-muc/trang-thai.yaml."))
    if problems:
        raise HandbookError(problems)
    handbook = Handbook(root=schema_dir, process=process, steps=steps,
                        vocabularies=vocabularies, rules=rules, messages=messages, forms=forms,
                        rollup=rollup, roles=roles, free_after_approval=free, recorded_entries=recorded,
                        renamed=renamed,
                        outlines={name: doc.data for name, doc in outline_docs.items()},
                        story=_story_rules(story, _display(story_path, schema_dir), problems),
                        fingerprint=digest.hexdigest())
    problems.extend(_check_named_fields(handbook))
    if COMMENTS_OUTLINE in outline_docs:
        problems.extend(_check_comment_fields(handbook, outline_docs[COMMENTS_OUTLINE]))
    handbook.checks = {name: list(_collect_checks(r, ())) for name, r in rules.items()}
    handbook.kind_uses = list(expander.uses.values())
    for name, fields in rules.items():
        problems.extend(_unknown_item_names(fields, (), f"schema/quy-tac/{name}"))
    declared = {c.param for checks in handbook.checks.values() for c in checks if c.kind == "dinh_danh"}
    for name, checks in handbook.checks.items():
        for check in checks:
            for kind in reference_kinds(check.param) if check.kind == "tham_chieu" else ():
                if kind not in declared:  # nothing could ever match it
                    problems.append(Problem(
                        f"schema/quy-tac/{name}", None, ".".join(map(str, check.path)), "so-tay",
                        f"Sổ tay (schema) sai: tham chiếu tới '{kind}' nhưng không trường nào khai báo "
                        f"dinh_danh: {kind}", "Sửa tệp trong thư mục schema/."))
    if problems:
        raise HandbookError(problems)
    return handbook


# Every rule across steps sedp knows; a province's file may declare any of them.
STORY_RULES: set[str] = {
    # ranks, households, participant counts, answers to comments, comments pending, Biểu 7
    "thu-hang-theo-diem", "ho-vuot-thon", "tham-du-theo-danh-sach", "tra-loi-y-kien", "y-kien-chua-tra-loi",
    "tiep-thu-khong-doi",  # an answer "taken in" against the draft sent (source/drafts.py)
    "bieu-7-trung-bieu-6",
    # statuses, dates, implementation records
    "thieu-theo-trang-thai", "ngay-chua-toi", "nghi-quyet-ngay-ky-hop",
    # last year's results
    "ket-qua-nam-truoc",
    # carry-over
    "chuyen-tu-khong-co", "chuyen-tu-da-xong", "chuyen-tu-vuot",
}


def _story_rules(data, display: str, problems: list) -> dict:
    """lien-buoc.yaml checked: known codes, a severity of loi or canh_bao."""
    if not isinstance(data, dict):
        problems.append(Problem(display, None, "", "so-tay", "Quy tắc liên bước phải là các mục theo mã quy tắc",
                                "Khôi phục tệp từ bản gốc của tỉnh."))
        return {}
    rules = {}
    for code, rule in data.items():
        if code not in STORY_RULES:
            problems.append(Problem(display, None, str(code), "so-tay", f"Quy tắc '{code}' không có trong sedp",
                                    "Các mã quy tắc: " + ", ".join(sorted(STORY_RULES)) + "."))
        elif not isinstance(rule, dict) or rule.get("muc_do") not in ("loi", "canh_bao"):
            problems.append(Problem(display, None, f"{code}.muc_do", "so-tay",
                                    f"Quy tắc '{code}' cần muc_do: loi hoặc muc_do: canh_bao",
                                    "Ghi muc_do: loi (phải sửa mới được) hoặc canh_bao (chỉ nhắc)."))
        else:
            rules[code] = rule
    return rules


def _check_comment_fields(handbook: Handbook, doc) -> list[Problem]:
    """Every field the comments report reads (schema/van-ban/bao-cao-y-kien.yaml) is a field of its step."""
    found = []
    for where, file, path in comment_fields(doc.data if isinstance(doc.data, dict) else {}):
        if not file or handbook.field_rules(file, path) is None:
            found.append(Problem(doc.display, doc.line_of(where), ".".join(map(str, where)), "so-tay",
                                 f"Đề cương văn bản sai: không có trường '{'.'.join('*' if p == 0 else str(p) for p in path)}' "
                                 f"trong tệp {file or '(không ghi tep)'}",
                                 "Ghi {tep: tệp bước, danh_sach: …, tên: đường dẫn trường} của một trường có "
                                 "trong schema/quy-tac/."))
    return found


def _check_named_fields(handbook: Handbook) -> list[Problem]:
    """Every field a status requires (`can_co` of both status vocabularies) and every date a
    rule across steps reads exists in the rules, and every status named exists: a slip here
    would silently check nothing."""
    found = []
    statuses = handbook.vocab("trang-thai").entries
    named = []  # (where, file, field path)
    for code, entry in statuses.items():
        for index, need in enumerate(entry.get("can_co") or []):
            ok = isinstance(need, dict) and isinstance(need.get("tep"), str) and isinstance(need.get("truong"), str)
            named.append(("schema/danh-muc/trang-thai.yaml", f"muc.{code}.can_co[{index + 1}]",
                          need.get("tep") if ok else None, need.get("truong") if ok else None))
    record = handbook.records_file
    for code, entry in handbook.vocab("trang-thai-thuc-hien").entries.items():
        for key in entry.get("can_co") or []:
            named.append(("schema/danh-muc/trang-thai-thuc-hien.yaml", f"muc.{code}.can_co", record,
                          f"hoat_dong.*.{key}" if isinstance(key, str) else None))
    for code, rule in handbook.story.items():
        groups = rule.get("ngay"), rule.get("ban_sao"), [_as_field(e) for e in rule.get("y_kien") or []]
        entries = [e for group in groups for e in (group if isinstance(group, list) else [group]) if e]
        for entry in entries:
            ok = isinstance(entry, dict) and isinstance(entry.get("tep"), str) and isinstance(entry.get("truong"), str)
            named.append((f"schema/quy-tac/{STORY_FILE}", code, entry.get("tep") if ok else None,
                          entry.get("truong") if ok else None))
        # the outcomes a rule takes for "not answered yet" are codes of the outcome field's vocabulary
        for entry in (e for e in groups[2] if isinstance(e.get("truong"), str)):
            allowed = (_rules_at(handbook.rules.get(entry["tep"], {}), entry["truong"].split(".")) or {}).get("allowed")
            outcomes = "chua_tra_loi" if rule.get("chua_tra_loi") else "tiep_thu"  # pending, or taken in
            unknown = [c for c in rule.get(outcomes) or [] if c not in (allowed or [c])]
            if unknown:
                found.append(Problem(f"schema/quy-tac/{STORY_FILE}", None, f"{code}.{outcomes}", "so-tay",
                                     f"Sổ tay (schema) sai: '{unknown[0]}' không phải mã của {entry['truong']} "
                                     f"trong tệp {entry['tep']}", "Các mã: " + ", ".join(allowed or []) + "."))
        # the status a rule (or one of its dates) applies from
        for since in [rule.get("tu_trang_thai"), rule.get("ban_gui"), *(e.get("tu_trang_thai") for e in entries if isinstance(e, dict))]:
            if since is not None and since not in statuses:
                found.append(Problem(f"schema/quy-tac/{STORY_FILE}", None, code, "so-tay",
                                     f"Sổ tay (schema) sai: trạng thái '{since}' không có trong "
                                     "danh-muc/trang-thai.yaml", "Các trạng thái: " + ", ".join(statuses) + "."))
    for display, where, file, path in named:
        if handbook.records_file is None and file not in handbook.rules:
            continue  # a handbook written before step 10's record: what names the record does not apply
        if file is None or path is None or _rules_at(handbook.rules.get(file, {}), path.split(".")) is None:
            found.append(Problem(display, None, where, "so-tay", f"Sổ tay (schema) sai: không có trường '{path}' "
                                 f"trong tệp {file}", "Ghi {tep: tên tệp bước, truong: đường dẫn trường} của một "
                                 "trường có trong schema/quy-tac/."))
    return found


def _as_field(entry) -> dict:
    """A list a rule reads ({tep, danh_sach, cach_xu_ly: field of an item}) as the field it names."""
    if not (isinstance(entry, dict) and isinstance(entry.get("tep"), str) and isinstance(entry.get("danh_sach"), str)
            and isinstance(entry.get("cach_xu_ly"), str)):
        return {"tep": None}
    return {"tep": entry.get("tep"), "truong": f"{entry['danh_sach']}.*.{entry['cach_xu_ly']}"}


def _whole(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _check_settings(process: dict, rollup: dict) -> list[Problem]:
    """The few numbers a province sets outside the rules: whole numbers in a sane range."""
    found = []
    cycle = process.get("chu_ky_ngay")
    if cycle is not None and not (isinstance(cycle, dict) and set(cycle) <= {"nam_truoc", "nam_sau"}
                                  and all(_whole(v, 0, 10) for v in cycle.values())):
        found.append(Problem("schema/quy-trinh.yaml", None, "chu_ky_ngay", "so-tay",
                             f"Sổ tay (schema) sai: chu_ky_ngay phải là {{nam_truoc: số năm, nam_sau: số năm}} "
                             f"(0 đến 10), không phải {cycle!r}", "Ví dụ: chu_ky_ngay: {nam_truoc: 1, nam_sau: 1}"))
    places = rollup.get("ty_le_so_thap_phan")
    if places is not None and not _whole(places, 0, 4):
        found.append(Problem("schema/tong-hop.yaml", None, "ty_le_so_thap_phan", "so-tay",
                             f"Sổ tay (schema) sai: ty_le_so_thap_phan phải là số nguyên từ 0 đến 4, không phải "
                             f"{places!r}", "Ví dụ: ty_le_so_thap_phan: 2"))
    span = rollup.get("bao_cao_giai_doan")
    if span is not None and not (isinstance(span, dict) and span and set(span) <= {"so_nam", "tu_nam", "den_nam"}
                                 and _whole(span.get("so_nam", 1), 1, 20)
                                 and ("tu_nam" in span) == ("den_nam" in span)
                                 and _whole(span.get("tu_nam", 2000), 2000, 2100)
                                 and _whole(span.get("den_nam", 2100), span.get("tu_nam", 2000), 2100)):
        found.append(Problem("schema/tong-hop.yaml", None, "bao_cao_giai_doan", "so-tay",
                             f"Sổ tay (schema) sai: bao_cao_giai_doan phải là {{so_nam: số năm}} hoặc "
                             f"{{tu_nam: năm, den_nam: năm}}, không phải {span!r}",
                             "Ví dụ: bao_cao_giai_doan: {so_nam: 3}"))
    return found


# What a descriptive meta key must hold (a rule kind's value: source/rulekinds.py).
_DESCRIPTIVE_SHAPES = {
    "chuyen_nam": (lambda v: isinstance(v, bool), "true hoặc false"),
    "don_vi": (lambda v: v == "trieu_dong", "trieu_dong"),
    "ten_muc": (lambda v: isinstance(v, str), "tên trường đặt tên cho mục, ví dụ van_de"),
}


def _free_after_approval(process: dict, rules: dict, problems: list) -> dict:
    """sua_tu_do_sau_thong_qua: plan files (or some of their fields) that may
    change after approval without an amendment record."""
    declared = process.get("sua_tu_do_sau_thong_qua") or {}
    free = {}
    for file, fields in (declared.items() if isinstance(declared, dict) else []):
        known = rules.get(file) if file not in PLACE_FILES else None
        if known is None or not (fields == "tat_ca" or (isinstance(fields, list) and all(
                isinstance(f, str) and _field(known, tuple(p for p in f.split(".") if p != "*")) is not None
                for f in fields))):
            problems.append(Problem("schema/quy-trinh.yaml", None, f"sua_tu_do_sau_thong_qua.{file}", "so-tay",
                                    f"Sổ tay (schema) sai: '{file}: {fields}' phải là một tệp của năm kế hoạch với "
                                    "tat_ca hoặc danh sách các trường của tệp đó (trường trong mục của danh sách: "
                                    "y_kien.*.chu_the)",
                                    "Sửa mục sua_tu_do_sau_thong_qua trong schema/quy-trinh.yaml."))
            continue
        free[file] = None if fields == "tat_ca" else set(fields)
    return free


def _renamed_fields(process: dict, rules: dict, problems: list) -> dict:
    """doi_ten: fields a version of the handbook renamed (old path: new name), each new
    field checked to exist in its file's rules."""
    declared = process.get("doi_ten") or {}
    renamed: dict = {}
    for file, names in (declared.items() if isinstance(declared, dict) else []):
        for old, new in (names.items() if isinstance(names, dict) else [(names, None)]):
            path = tuple(str(old).split("."))
            if isinstance(new, str) and _field(rules.get(file) or {}, (*(p for p in path[:-1] if p != "*"), new)):
                renamed.setdefault(file, []).append((path, new))
                continue
            problems.append(Problem("schema/quy-trinh.yaml", None, f"doi_ten.{file}", "so-tay",
                                    f"Sổ tay (schema) sai: doi_ten '{old}: {new}' phải nêu tên mới là một trường "
                                    f"có trong quy tắc của {file}",
                                    "Ví dụ: doi_ten: {tệp_bước.yaml: {danh_sach.*.ten_cu: ten_moi}}"))
    return renamed


def _recorded_entries(process: dict, rules: dict, problems: list) -> tuple:
    """so_da_ghi: the dated entries of step 10's record that are only ever added to, each
    (list, entries, value) checked against the record's rules."""
    record = (process.get("thuc_hien") or {}).get("tep")
    if not record:  # a handbook without step 10's record: nothing recorded to keep
        return ()
    known = rules.get(record) or {}
    found = []
    for index, entry in enumerate(process.get("so_da_ghi") or []):
        names = tuple(entry.get(key) for key in ("danh_sach", "muc", "truong")) if isinstance(entry, dict) else ()
        if len(names) == 3 and _field(known, names) is not None:
            found.append(names)
            continue
        problems.append(Problem("schema/quy-trinh.yaml", None, f"so_da_ghi[{index}]", "so-tay",
                                f"Sổ tay (schema) sai: so_da_ghi '{entry}' phải nêu danh_sach, muc, truong "
                                f"có trong quy tắc của {record}",
                                "Ví dụ: - {danh_sach: chi_tieu, muc: ket_qua, truong: gia_tri}"))
    return tuple(found)


def _field(rules: dict | None, names: tuple) -> dict | None:
    """The rules of a field reached through lists of dicts (chi_tieu → ket_qua → gia_tri), or None."""
    rule = None
    for name in names:
        rule = rules.get(name) if isinstance(rules, dict) else None
        if not isinstance(rule, dict):
            return None
        rules = (rule.get("schema") or {}).get("schema")  # a list of dicts: its items' fields
    return rule


# What a message template may name (core.messages.Wording fills them).
PLACEHOLDERS = ("nhan", "khoa", "gia_tri", "rang_buoc", "vi_du", "goi_y")


def _check_templates(messages, display: str) -> list[Problem]:
    """Every entry of thong-bao.yaml is a template (or variants of one) that fills
    with any values: a lone '{', a positional '{}' or '{x.y}' would stop sedp mid-check."""
    found = []

    def wrong(field: str, what: str, hint: str) -> None:
        found.append(Problem(display, None, field, "so-tay", f"Sổ tay (schema) sai: {what}", hint))

    def template(entry: dict, where: str) -> None:
        for key in ("thong_bao", "goi_y"):
            value = entry.get(key, "")
            try:
                fill(value if isinstance(value, str) else "{", {})
                unknown = [n for _, n, _, _ in string.Formatter().parse(value) if n and n not in PLACEHOLDERS]
            except (ValueError, KeyError, IndexError, AttributeError, TypeError):
                unknown = None
            if unknown is None or unknown:
                wrong(f"{where}.{key}", f"mẫu thông báo không điền được: {value}",
                      "Tên giá trị đặt trong { } là một trong " + ", ".join(f"{{{n}}}" for n in PLACEHOLDERS)
                      + "; dấu ngoặc thường viết hai lần: {{ }}.")

    if not isinstance(messages, dict):
        return found  # reported by the loader
    for code, entry in messages.items():
        if isinstance(entry, dict) and ("thong_bao" in entry or "goi_y" in entry):
            template(entry, str(code))
        elif isinstance(entry, dict) and entry and all(isinstance(v, dict) for v in entry.values()):
            for variant, value in entry.items():
                template(value, f"{code}.{variant}")
        else:
            wrong(str(code), "mỗi mã cần `thong_bao:` và `goi_y:` (hoặc các biến thể, mỗi biến thể có hai mục đó)",
                  "Xem các mục khác trong schema/thong-bao.yaml.")
    missing = [code for code in LOADER_CODES if code not in messages]
    if missing and messages:  # (an empty or unreadable file is reported as that)
        wrong("", f"thiếu mẫu thông báo cho {', '.join(missing)}",
              "Chép các mục này từ schema/thong-bao.yaml của kho mẫu sedp rồi sửa lời nếu cần.")
    return found


def _check_form(form: dict, rules: dict, vocabularies: dict, problems: list) -> None:
    """Every column of a Biểu must read a field the rules define, so forms cannot drift."""
    where = f"schema/bieu/bieu-{form.get('so')}.yaml"

    def fail(what):
        problems.append(Problem(where, None, "", "so-tay", f"Biểu sai: {what}", "Sửa tệp trong schema/bieu/."))

    fields = rules.get(form.get("tep"))
    if fields is None:
        return fail(f"tệp '{form.get('tep')}' không thuộc quy trình")
    row = _rules_at(fields, str(form.get("dong", "")).split("."))
    if not row or row.get("type") != "list" or not isinstance(row.get("schema"), dict):
        return fail(f"'{form.get('dong')}' không phải danh sách trong {form.get('tep')}")
    item = row["schema"].get("schema", {})
    targets = _reference_targets(rules)
    for column in form.get("cot") or []:
        path = column.get("truong") or column.get("tong_cua")
        if column.get("theo_danh_muc") and column["theo_danh_muc"] not in vocabularies:
            fail(f"danh mục '{column['theo_danh_muc']}' không có")
        if not path:
            fail(f"cột '{column.get('nhan')}' không ghi trường đọc từ đâu")
            continue
        head, _, tail = path.partition(">")
        found = _rules_at(item, head.split("."))
        if found is None:
            fail(f"cột '{column.get('nhan')}': trường '{head}' không có trong {form['dong']}")
        elif tail:
            kinds = reference_kinds(found.get("meta", {}).get("tham_chieu"))
            if len(kinds) != 1 or targets.get(kinds[0]) is None \
                    or _rules_at(targets[kinds[0]], tail.split(".")) is None:  # `a>b` follows one kind
                fail(f"cột '{column.get('nhan')}': không đọc được '{path}'")


def _rules_at(fields: dict, parts) -> dict | None:
    """Rules at a key path inside a set of fields; an int or "*" steps into list items."""
    rules: dict = {"type": "dict", "schema": fields}
    for part in parts:
        if isinstance(part, int) or part == "*":
            if rules.get("type") != "list" or not isinstance(rules.get("schema"), dict):
                return None
            rules = rules["schema"]
        else:
            children = rules.get("schema") if rules.get("type") == "dict" else None
            if not isinstance(children, dict) or part not in children:
                return None
            rules = children[part]
    return rules


def _reference_targets(rules: dict) -> dict:
    """Identifier kind -> the fields of the item that defines it (for `a>b` columns)."""
    targets = {}
    for fields in rules.values():
        for check in _collect_checks(fields, ()):
            if check.kind == "dinh_danh" and "*" in check.path:
                star = check.path.index("*")
                item = _rules_at(fields, check.path[:star])
                if item is not None:  # never None: the check was found at that path
                    targets[check.param] = item["schema"]["schema"]
    return targets


def _display(path: Path, schema_dir: Path) -> str:
    try:
        return str(Path("schema") / path.relative_to(schema_dir))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class _At:
    """Where a piece of the rules is typed: a file of schema/ and the key path in it."""

    doc: Document
    keys: tuple = ()

    def child(self, *keys) -> _At:
        return _At(self.doc, (*self.keys, *keys))


class _Expander:
    """Expands `mau`, `danh_muc` and `truong_theo_danh_muc` into plain Cerberus rules,
    noting where each rule kind is written (`uses`) and refusing a meta key that is
    neither a rule kind nor a descriptive key, at the line it is typed on."""

    def __init__(self, shared_doc: Document, vocabularies: dict, wording: Wording, problems: list):
        self.shared_doc = shared_doc
        self.shared = shared_doc.data if isinstance(shared_doc.data, dict) else {}
        self.vocabularies = vocabularies
        self.wording = wording
        self.problems = problems
        self.uses: dict[tuple, KindUse] = {}  # (file, line, kind) -> the use: each written rule once
        self.unknown: set[tuple] = set()  # (file, line) of the unknown keys reported

    def fields(self, raw, file_name: str, path: tuple, at: _At | None) -> dict:
        if not isinstance(raw, dict):
            self._fail(file_name, path, "phải là danh sách các trường")
            return {}
        return {key: self.rule(value, file_name, (*path, key), at and at.child(key)) for key, value in raw.items()}

    def rule(self, raw, file_name: str, path: tuple, at: _At | None) -> dict:
        if not isinstance(raw, dict):
            self._fail(file_name, path, "quy tắc phải là một nhóm khoá: giá trị")
            return {}
        rules = copy.deepcopy(raw)
        own_meta = raw.get("meta")
        own_meta = own_meta if isinstance(own_meta, dict) else {}
        meta_at = {key: at and at.child("meta", key) for key in own_meta}
        schema_at, type_at = at and at.child("schema"), at and at.child("type")
        if "mau" in rules:
            name = rules.pop("mau")
            base = copy.deepcopy(self.shared.get(name))
            if base is None:
                self._fail(file_name, path, f"mẫu '{name}' không có trong _chung.yaml")
                base = {}
            base_at = _At(self.shared_doc, (name,))
            meta_at = {**{key: base_at.child("meta", key) for key in base.get("meta", {})}, **meta_at}
            schema_at = schema_at if "schema" in raw else base_at.child("schema")
            type_at = type_at if "type" in raw else base_at.child("type")
            meta = {**base.get("meta", {}), **rules.pop("meta", {})}
            base.update(rules)
            base["meta"] = meta
            rules = base
        meta = rules.setdefault("meta", {})
        for key in meta:
            kind = meta_kind(key)
            if kind is None and key not in DESCRIPTIVE_KEYS:
                self._unknown(key, file_name, path, meta_at.get(key))
                continue
            holds, shape = (kind.holds, kind.shape) if kind else _DESCRIPTIVE_SHAPES.get(key, (None, ""))
            if holds is not None and not holds(meta[key]):
                self._fail(file_name, path, f"meta {key} phải là {shape}, không phải {meta[key]!r}")
            if kind is not None:
                self._used(key, file_name, path, meta_at.get(key))
        if "danh_muc" in meta:
            rules["allowed"] = list(self._vocab(meta["danh_muc"], file_name, path).entries)
            if "mac_dinh" in meta and meta["mac_dinh"] not in rules["allowed"]:
                self._fail(file_name, path, f"meta mac_dinh '{meta['mac_dinh']}' không có trong danh mục "
                                            f"{meta['danh_muc']}")
        elif "mac_dinh" in meta:
            self._fail(file_name, path, "meta mac_dinh chỉ dùng cùng danh_muc (mã đọc thay cho trường trống)")
        if "truong_theo_danh_muc" in meta:
            rules["schema"] = self._fields_from_vocab(meta, file_name, path, meta_at.get("quy_tac_moi_truong"))
        elif rules.get("type") == "dict" and "schema" in rules:
            rules["schema"] = self.fields(rules["schema"], file_name, path, schema_at)
        elif rules.get("type") == "list" and "schema" in rules:
            rules["schema"] = self.rule(rules["schema"], file_name, (*path, "*"), schema_at)
        if rules.get("type") == "ngay":
            rules["la_ngay"] = True  # type says "text"; this rule says "a real date"
            self._used("ngay", file_name, path, type_at)
        required = bool(rules.get("required"))
        rules.setdefault("nullable", not required)
        if required and rules.get("type") == "string":
            rules.setdefault("empty", False)
        if path and path[-1] != "*" and not meta.get("nhan"):
            self._fail(file_name, path, "thiếu nhãn tiếng Việt (meta.nhan)")
        return rules

    def _fields_from_vocab(self, meta, file_name: str, path: tuple, at: _At | None) -> dict:
        vocab = self._vocab(meta["truong_theo_danh_muc"], file_name, path)
        template = meta.get("quy_tac_moi_truong", {})
        total = next((code for code, e in vocab.entries.items() if e.get("tong")), None)
        fields = {}
        for code, entry in vocab.entries.items():
            rules = copy.deepcopy(template)
            rules["meta"] = {**rules.get("meta", {}), "nhan": entry.get("nhan", code)}
            if total and code != total:
                rules["meta"]["khong_vuot"] = total
            fields[code] = self.rule(rules, file_name, (*path, code), at)
        return fields

    def _vocab(self, name, file_name, path) -> Vocabulary:
        vocab = self.vocabularies.get(name)
        if vocab is None:
            self._fail(file_name, path, f"danh mục '{name}' không có trong schema/danh-muc/")
            return Vocabulary(name, name, {})
        return vocab

    def _where(self, file_name: str, path: tuple, at: _At | None) -> tuple[str, int | None, tuple]:
        """File, line and key path a key is typed at (the field's own rules when sedp added it)."""
        if at is None:
            return f"schema/quy-tac/{file_name}", None, path
        return at.doc.display, at.doc.key_line(at.keys), at.keys

    def _used(self, kind: str, file_name: str, path: tuple, at: _At | None) -> None:
        file, line, keys = self._where(file_name, path, at)
        self.uses.setdefault((file, line, kind), KindUse(kind, file, line, keys))

    def _unknown(self, key: str, file_name: str, path: tuple, at: _At | None) -> None:
        """A meta key sedp does not know: said once where it is typed, with the likely meant one."""
        file, line, keys = self._where(file_name, path, at)
        if (file, line) in self.unknown:
            return  # typed once in _chung.yaml, used by many fields
        self.unknown.add((file, line))
        guess = closest(key, [*meta_kinds(), *DESCRIPTIVE_KEYS])
        self.problems.append(self.wording.problem(
            file=file, line=line, path=keys, code=UNKNOWN_KIND, variant="goi_y_ten" if guess else "chung", khoa=key,
            goi_y=guess or "", rang_buoc=", ".join(sorted(meta_kinds())), vi_du=", ".join(sorted(DESCRIPTIVE_KEYS))))

    def _fail(self, file_name, path, what):
        self.problems.append(Problem(
            f"schema/quy-tac/{file_name}", None, ".".join(map(str, path)), "so-tay",
            f"Sổ tay (schema) sai: {what}", "Sửa tệp trong thư mục schema/."))


def _unknown_item_names(fields: dict, path: tuple, display: str) -> list[Problem]:
    """Every `ten_muc` names a field an item has: on a list, a field of its items; on a field,
    a field beside it. A slip would name every item "mục thứ N" in the diff, silently."""
    found = []
    for key, rules in fields.items():
        if not isinstance(rules, dict):
            continue
        items = rules.get("schema") if rules.get("type") == "list" else None
        items = items.get("schema") if isinstance(items, dict) and items.get("type") == "dict" else None
        named = rules.get("meta", {}).get("ten_muc")
        among = items if isinstance(items, dict) else fields
        if isinstance(named, str) and named not in among:
            found.append(Problem(display, None, ".".join(map(str, (*path, key))), "so-tay",
                                 f"Sổ tay (schema) sai: ten_muc '{named}' không phải trường nào của mục",
                                 "Các trường: " + ", ".join(map(str, among)) + "."))
        if rules.get("type") == "dict" and isinstance(rules.get("schema"), dict):
            found.extend(_unknown_item_names(rules["schema"], (*path, key), display))
        if isinstance(items, dict):
            found.extend(_unknown_item_names(items, (*path, key, "*"), display))
    return found


def _collect_checks(fields: dict, path: tuple):
    for key, rules in fields.items():
        here = (*path, key)
        yield from _checks_of(rules, here)


def _checks_of(rules: dict, here: tuple):
    meta = rules.get("meta", {})
    for name, kind in KINDS.items():
        if kind.by_type and rules.get("type") == name:
            yield Check(name, here, None)  # ngay: every date within the plan's cycle
        elif not kind.by_type and name in meta:
            yield Check(name, here, meta[name])
    if rules.get("type") == "dict" and isinstance(rules.get("schema"), dict):
        yield from _collect_checks(rules["schema"], here)
    elif rules.get("type") == "list" and isinstance(rules.get("schema"), dict):
        yield from _checks_of(rules["schema"], (*here, "*"))
