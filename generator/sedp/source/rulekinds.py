"""The kinds of cross-file rule: each declared once, with what schema/ writes for it.

A field's rules in schema/quy-tac/ ask for a rule across values by a key in
their `meta` (`khong_vuot: so_ho`), or, for dates, by `type: ngay`. Each kind
is declared here: its key, what the key's value must be, and the message codes
its check gives (schema/thong-bao.yaml). The handbook (source/handbook.py)
refuses a key declared nowhere, at the line it is typed on. The check of a kind
registers against its declaration in check/crossfile.py (`register`); since
check/ sits above source/ (tests/test_layout.py), a kind used in schema/ with
no check registered is refused when the checker is built, naming the same line.

To add a kind: declare it below, write its check as a CrossChecker method and
`register` it (check/crossfile.py), give its message codes templates in
schema/thong-bao.yaml; tests/test_rule_kinds.py holds the check to those codes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class RuleKind:
    name: str  # the meta key a rule of this kind is written with (or the field's type, by_type)
    holds: Callable[[object], bool]  # what that key's value must be...
    shape: str  # ...said for the fix, with an example (Vietnamese)
    codes: tuple[str, ...]  # the messages its check gives (schema/thong-bao.yaml)
    by_type: bool = False  # written as the field's `type`, not as a meta key


@dataclass(frozen=True)
class KindUse:
    """A rule of some kind where schema/ writes it: the file and line of its key."""

    kind: str  # as typed
    file: str  # as shown, "schema/quy-tac/…"
    line: int | None  # None for a rule sedp adds itself (a vocabulary's total: khong_vuot)
    path: tuple  # the field it applies to, "*" for every item of a list


KINDS: dict[str, RuleKind] = {}


def _declare(kind: RuleKind) -> None:
    KINDS[kind.name] = kind


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def _true(value: object) -> bool:
    return value is True


# Declared in the order their checks run, so problems are found in the same order every time.
# Across one commune-year's files:
_declare(RuleKind("dinh_danh", _text, "tên loại mã, ví dụ thon", ("trung-ma",)))
_declare(RuleKind("khong_vuot_tong_cua", lambda v: isinstance(v, dict) and _text(v.get("dinh_danh"))
                  and _text(v.get("truong")), "{dinh_danh: thon, truong: so_ho}", ("vuot-tong-xa",)))
_declare(RuleKind("tham_chieu", lambda v: _text(v) or (isinstance(v, list) and bool(v) and all(map(_text, v))),
                  "tên loại mã một trường khác khai báo dinh_danh, ví dụ thon, hoặc danh sách các loại mã, "
                  "ví dụ [nhu_cau, chi_tieu, hoat_dong]", ("tham-chieu",)))
# One value within its file:
_declare(RuleKind("duy_nhat", _true, "true", ("trung-ma",)))
_declare(RuleKind("la_tong_cua", _text, "tên nhóm các phần cùng cấp, ví dụ kinh_phi, hoặc danh_sach[].truong",
                  ("sai-tong",)))
_declare(RuleKind("khong_vuot", _text, "tên trường tổng cùng nhóm, ví dụ so_ho", ("thieu-tong", "vuot-tong")))
_declare(RuleKind("cong_khong_vuot", lambda v: isinstance(v, dict) and isinstance(v.get("truong"), list)
                  and all(_text(f) for f in v["truong"]) and _text(v.get("toi_da")),
                  "{truong: [tan_thanh, khong_tan_thanh], toi_da: co_mat}", ("vuot-tong",)))
_declare(RuleKind("khong_truoc", _text, "tên một trường cùng nhóm, ví dụ bat_dau", ("khong-truoc",)))
_declare(RuleKind("canh_bao_tren", lambda v: isinstance(v, (int, Decimal)) and not isinstance(v, bool) and v > 0,
                  "một số dương, ví dụ 20000", ("qua-nguong",)))
# The files of a plan year, knowing the year:
_declare(RuleKind("trong_nam_ke_hoach", lambda v: isinstance(v, bool), "true hoặc false", ("ngoai-nam-ke-hoach",)))
_declare(RuleKind("ngay", lambda v: True, "type: ngay", ("ngoai-chu-ky", "truoc-khoi-dong"), by_type=True))


def reference_kinds(value: object) -> tuple[str, ...]:
    """The identifier kinds a `tham_chieu` names: one (`thon`) or a list (`[nhu_cau, hoat_dong]`)."""
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(v for v in value if isinstance(v, str) and v) if isinstance(value, list) else ()


def meta_kind(key: str) -> RuleKind | None:
    """The kind of rule a meta key asks for; None for a key that is no kind."""
    kind = KINDS.get(key)
    return kind if kind is not None and not kind.by_type else None


def meta_kinds() -> list[str]:
    """The kinds written as meta keys, in declaration order."""
    return [name for name in KINDS if meta_kind(name)]
