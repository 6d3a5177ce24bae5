"""The loader's own typing: what a value written in YAML becomes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from sedp.core.messages import Wording
from sedp.source import loader
from sedp.source.handbook import load_handbook
from sedp.source.loader import Document, load_bytes
from sedp.source.readings import compare_readings, other_readings

# Plan files are read with the handbook's messages (schema/thong-bao.yaml), as sedp validate reads them.
WORDING = Wording(load_handbook(ROOT / "schema"))


def load(text: str | bytes) -> Document:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return load_bytes(raw, Document(Path("t.yaml"), "t.yaml", wording=WORDING))


@pytest.mark.parametrize("written, value", [
    ("no", "no"), ("yes", "yes"), ("on", "on"), ("off", "off"), ("y", "y"),
    ("00028", "00028"), ("0123", "0123"), ("1_000", "1_000"), ("0x1F", "0x1F"),
    ("12,5", "12,5"), ("1.234.567", "1.234.567"), ("2027-01-05", "2027-01-05"),
    ("1e3", "1e3"), (".5", ".5"), (".inf", ".inf"),
    ("true", True), ("false", False), ("~", None), ("", None), ("null", None),
    ("0", 0), ("2027", 2027), ("-40", -40),
    ("12.5", Decimal("12.5")), ("0.1", Decimal("0.1")), ("970.50", Decimal("970.50")),
    ('"12.5"', "12.5"), ("'true'", "true"),
])
def test_plain_scalars_follow_our_rules_not_yaml_1_1(written, value):
    doc = load(f"gia_tri: {written}\n")
    assert doc.problems == []
    assert doc.data["gia_tri"] == value
    assert type(doc.data["gia_tri"]) is type(value)


def test_money_is_exact():
    doc = load("a: 0.1\nb: 0.2\nc: 850.1\n")
    assert doc.data["a"] + doc.data["b"] == Decimal("0.3")
    assert sum(doc.data.values()) == Decimal("850.4")


def test_every_value_has_its_line():
    doc = load("a:\n  b:\n    - x: 1\n    - x: 2\n      y: [3, 4]\n")
    assert doc.line_of(("a", "b", 1, "y", 1)) == 5
    assert doc.line_of(("a", "b", 1, "x")) == 4
    assert doc.line_of(("a", "b", 0)) == 3
    assert doc.line_of(("a", "missing")) == 2  # nearest existing parent


def test_each_line_belongs_to_the_innermost_value_written_there():
    text = ("# đầu tệp\n"  # 1
            "hoat_dong:\n"  # 2
            "- ma: HD01\n"  # 3
            "  mo_ta: |\n"  # 4
            "    Dòng một\n"  # 5
            "    Dòng hai\n"  # 6
            "  thon:\n"  # 7
            "  - Nà Pò\n"  # 8
            "  # ghi chú của mục\n"  # 9
            "  kinh_phi: {xa: 1}\n"  # 10
            "- ma: HD02\n"  # 11
            "ghi_chu: x\n")  # 12
    doc = load(text)
    assert [doc.path_at_line(n) for n in range(1, 14)] == [
        (), ("hoat_dong",), ("hoat_dong", 0, "ma"), ("hoat_dong", 0, "mo_ta"), ("hoat_dong", 0, "mo_ta"),
        ("hoat_dong", 0, "mo_ta"), ("hoat_dong", 0, "thon"), ("hoat_dong", 0, "thon", 0), ("hoat_dong", 0, "thon"),
        ("hoat_dong", 0, "kinh_phi", "xa"), ("hoat_dong", 1, "ma"), ("ghi_chu",), ()]


def test_the_c_parser_is_used_when_pyyaml_has_it():
    if yaml.__with_libyaml__:
        assert loader._Parser.__module__.startswith("yaml._yaml")


def test_tags_are_refused_not_executed():
    doc = load("a: !!python/object/apply:os.system ['echo hi']\n")
    assert [p.code for p in doc.problems] == ["the-yaml"]
    assert doc.problems[0].line == 1


def test_recursive_alias_fails_fast():
    doc = load("a: &x [1, *x]\n")
    assert [p.code for p in doc.problems] == ["bom-tham-chieu"]


def test_utf8_signature_is_accepted():
    doc = load(b"\xef\xbb\xbften: \xc4\x90\xe1\xbb\xa9c Long\n")
    assert doc.data == {"ten": "Đức Long"}


def test_multiple_documents_are_refused():
    doc = load("a: 1\n---\nb: 2\n")
    assert doc.problems[0].message == "Lỗi cú pháp YAML: Tệp chứa nhiều tài liệu (có dòng '---' ở giữa)"


def test_unclosed_list_points_at_its_opening_line():
    doc = load("a: 1\nb: [1, 2\nc: 3\n")
    assert doc.problems[0].line == 2
    assert "chưa được đóng" in doc.problems[0].message


@settings(max_examples=3000, deadline=None)
@given(st.one_of(
    st.text(alphabet="0123456789.-+_:eExXoObB~ ", max_size=8),
    st.sampled_from(["yes", "No", "ON", "off", "TRUE", "Null", "y", "n", "Nà Lẹng", "2027-01-05", "12:30"]),
    st.text(max_size=6),
))
def test_the_shortcut_for_other_readings_misses_nothing(text):
    # other_readings skips most text with one set lookup; asking every reader must agree
    # on any text that a file can hold as an unquoted value
    text = text.strip()
    try:
        node = yaml.compose(f"k: {text}\n", Loader=yaml.SafeLoader).value[0][1]
    except yaml.YAMLError:
        assume(False)
    assume(isinstance(node, yaml.ScalarNode) and not node.style and node.value == text)
    assert other_readings(text) == compare_readings(text)
