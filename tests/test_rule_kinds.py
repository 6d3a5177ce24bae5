"""Kinds of cross-file rule: declared once (source/rulekinds.py), checked by the check
registered for them (check/crossfile.py CHECKS); a kind schema/ writes that is not
declared, or has no check, stops sedp at the line it is written on."""

from __future__ import annotations

import ast
import inspect
import textwrap

import pytest

from conftest import ROOT
from sedp.check.crossfile import CHECKS, IN_FILE, CrossChecker, register
from sedp.source.handbook import load_handbook
from sedp.source.loader import load_file
from sedp.source.rulekinds import KINDS, RuleKind

REFUSED = "Lỗi: Sổ tay trong schema/ có lỗi; sửa các dòng trên trước."


def _edit(project, file, old, new):
    path = project / "schema" / "quy-tac" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return 1 + next(i for i, line in enumerate(text.splitlines()) if old in line)  # the line edited


def test_a_misspelt_kind_is_refused_at_its_line_with_the_kind_meant(base_project, sedp):
    line = _edit(base_project, "buoc-03-xep-hang.yaml", "duy_nhat: true", "duy_nhatt: true")
    code, output = sedp(base_project, "validate", "plans")
    assert output.splitlines() == [
        f"schema/quy-tac/buoc-03-xep-hang.yaml:{line}: xep_hang.schema.schema.nhu_cau.meta.duy_nhatt: Sổ tay "
        "(schema) sai: khoá meta 'duy_nhatt' không phải quy tắc hay khoá mô tả nào sedp biết — Có phải ý bạn là "
        "'duy_nhat'? Sửa tên khoá ở dòng này.",
        REFUSED]
    assert code == 1


def test_an_unknown_kind_in_a_shared_rule_is_said_once_where_it_is_typed(base_project, sedp):
    """_chung.yaml's money rule is used by every budget source of every activity: one line, at _chung.yaml."""
    line = _edit(base_project, "_chung.yaml", "canh_bao_tren: 20000", "bao_dong: 20000")
    assert line == 22
    code, output = sedp(base_project, "validate", "plans")
    assert output.splitlines() == [
        "schema/quy-tac/_chung.yaml:22: kinh_phi.meta.quy_tac_moi_truong.meta.bao_dong: Sổ tay (schema) sai: khoá "
        "meta 'bao_dong' không phải quy tắc hay khoá mô tả nào sedp biết — Sửa tên khoá ở dòng này, hoặc xoá nó. "
        "Các quy tắc: canh_bao_tren, cong_khong_vuot, dinh_danh, duy_nhat, khong_truoc, khong_vuot, "
        "khong_vuot_tong_cua, la_tong_cua, tham_chieu, trong_nam_ke_hoach; các khoá mô tả: chuyen_nam, danh_muc, "
        "don_vi, huong_dan, mac_dinh, nhan, quy_tac_moi_truong, ten_muc, truong_theo_danh_muc, vi_du.",
        REFUSED]
    assert code == 1


@pytest.mark.parametrize("file, old, new, said", [
    ("buoc-03-xep-hang.yaml", "duy_nhat: true", "duy_nhat: false",
     "schema/quy-tac/buoc-03-xep-hang.yaml: xep_hang.*.nhu_cau: Sổ tay (schema) sai: meta duy_nhat phải là true, "
     "không phải False — Sửa tệp trong thư mục schema/."),
    ("buoc-09-hdnd-thong-qua.yaml", "toi_da: co_mat}", "toi_da: [co_mat]}",
     "schema/quy-tac/buoc-09-hdnd-thong-qua.yaml: bieu_quyet: Sổ tay (schema) sai: meta cong_khong_vuot phải là "
     "{truong: [tan_thanh, khong_tan_thanh], toi_da: co_mat}, không phải {'truong': ['tan_thanh', "
     "'khong_tan_thanh', 'khong_bieu_quyet'], 'toi_da': ['co_mat']} — Sửa tệp trong thư mục schema/."),
])
def test_a_kind_given_a_value_of_the_wrong_shape_is_refused(base_project, sedp, file, old, new, said):
    _edit(base_project, file, old, new)
    code, output = sedp(base_project, "validate", "plans")
    assert output.splitlines() == [said, REFUSED]
    assert code == 1


def test_a_kind_declared_with_no_check_is_refused_where_schema_writes_it(base_project, sedp, monkeypatch):
    line = _edit(base_project, "buoc-09-hdnd-thong-qua.yaml", "khong_vuot: tong_dai_bieu}",
                 "khong_vuot: tong_dai_bieu, khong_am: true}")
    assert "'khong_am' không phải quy tắc" in sedp(base_project, "validate", "plans")[1]  # not declared yet

    monkeypatch.setitem(KINDS, "khong_am", RuleKind("khong_am", lambda v: v is True, "true", ("am",)))
    uses = load_handbook(base_project / "schema").kind_uses  # declared: the handbook itself loads
    assert [(use.file, use.line) for use in uses if use.kind == "khong_am"] == [
        ("schema/quy-tac/buoc-09-hdnd-thong-qua.yaml", line)]
    code, output = sedp(base_project, "validate", "plans")
    assert output.splitlines() == [
        f"schema/quy-tac/buoc-09-hdnd-thong-qua.yaml:{line}: bieu_quyet.schema.co_mat.meta.khong_am: Sổ tay "
        "(schema) sai: bản sedp này chưa kiểm tra được quy tắc 'khong_am' — Xoá 'khong_am' ở dòng này, hoặc dùng "
        "bản sedp kiểm tra được quy tắc đó. Các quy tắc bản này kiểm tra: canh_bao_tren, cong_khong_vuot, "
        "dinh_danh, duy_nhat, khong_truoc, khong_vuot, khong_vuot_tong_cua, la_tong_cua, tham_chieu, "
        "trong_nam_ke_hoach.",
        REFUSED]
    assert code == 1


def test_a_check_for_a_kind_nobody_declared_fails_at_import():
    with pytest.raises(LookupError, match="'khong_am' is not declared"):
        register("khong_am", IN_FILE, CrossChecker.check_file)


def test_every_kind_the_example_writes_has_its_check():
    handbook = load_handbook(ROOT / "schema")
    written = {use.kind for use in handbook.kind_uses}
    assert written == {"dinh_danh", "tham_chieu", "duy_nhat", "la_tong_cua", "khong_vuot", "cong_khong_vuot",
                       "khong_truoc", "canh_bao_tren", "trong_nam_ke_hoach", "ngay"}
    assert {c.kind for checks_of_file in handbook.checks.values() for c in checks_of_file} == written
    assert written <= set(CHECKS)
    assert set(CHECKS) == set(KINDS)  # and no kind is declared without one


def _codes_given(method: str, methods: dict, seen: set) -> set[str]:
    """Message codes a CrossChecker method gives, itself or through the methods it calls."""
    found: set[str] = set()
    seen.add(method)
    for node in ast.walk(methods[method]):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr == "word" and isinstance(node.args[3], ast.Constant):
            found.add(node.args[3].value)
        found |= {k.value.value for k in node.keywords if k.arg == "code" and isinstance(k.value, ast.Constant)}
        called = node.func.attr
        if isinstance(node.func.value, ast.Name) and node.func.value.id == "self" and called in methods \
                and called not in seen:
            found |= _codes_given(called, methods, seen)
    return found


def test_each_kind_declares_the_codes_its_check_gives_and_each_has_a_template():
    tree = ast.parse(textwrap.dedent(inspect.getsource(CrossChecker)))
    methods = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    given = {kind: _codes_given(check.run.__name__, methods, {"word"}) for kind, check in CHECKS.items()}
    assert given == {kind: set(declared.codes) for kind, declared in KINDS.items()}
    assert given["khong_vuot"] == {"thieu-tong", "vuot-tong"}
    templates = load_file(ROOT / "schema" / "thong-bao.yaml").data
    codes = {code for kind in KINDS.values() for code in kind.codes} | {"quy-tac-khong-co", "quy-tac-chua-kiem"}
    assert sorted(code for code in codes if code not in templates) == []
