"""Every problem `sedp validate` can report is worded from schema/thong-bao.yaml.

The codes are found in the source (every call that makes a problem, and the
layout issues), so a new code without a template fails here, and the fixtures'
exact lines (test_validate_fixtures.py) show the templates are the ones used.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT
from sedp.source.loader import load_file

PACKAGE = ROOT / "generator" / "sedp"
# What validate runs: reading, the layout, the checks (the handbook's own
# "so-tay" problems are about schema/ itself and are worded in code, since
# thong-bao.yaml may be the broken file).
# `sedp import xlsx` words its cell problems from the same file.
EMITTERS = [PACKAGE / "source" / "loader.py", PACKAGE / "source" / "repository.py",
            *sorted((PACKAGE / "check").glob("*.py")), PACKAGE / "review" / "amendments.py",
            PACKAGE / "authoring" / "xlsx_import.py", PACKAGE / "authoring" / "xlsx_import_steps.py",
            PACKAGE / "authoring" / "prcomments.py"]  # and what `sedp import pr` cannot map
# Function -> position of its code argument when given positionally.
CODE_ARGUMENT = {"problem": None, "_problem": 2, "_word": 3, "word": 3, "worded": 1, "unmapped": 0}


def codes_in(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name in CODE_ARGUMENT:
            for keyword in node.keywords:
                if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                    found.add(keyword.value.value)
            index = CODE_ARGUMENT[name]
            if index is not None and len(node.args) > index and isinstance(node.args[index], ast.Constant):
                found.add(node.args[index].value)
        # layout issues: issues.append(("code", path, values))
        if name == "append" and node.args and isinstance(node.args[0], ast.Tuple) \
                and getattr(node.func.value, "attr", None) == "issues":
            first = node.args[0].elts[0]
            if isinstance(first, ast.Constant):
                found.add(first.value)
    return found


def emitted() -> set[str]:
    return set().union(*(codes_in(path) for path in EMITTERS))


def test_every_code_validate_can_emit_has_its_template():
    templates = load_file(ROOT / "schema" / "thong-bao.yaml").data
    missing = sorted(code for code in emitted() if code not in templates)
    assert missing == []


def test_the_scan_finds_codes_of_every_kind_of_emitter():
    codes = emitted()
    assert {"cu-phap", "tep-qua-lon", "trung-khoa"} <= codes  # the loader
    assert {"thu-muc-la", "lien-ket-ngoai"} <= codes  # the layout
    assert {"kieu-sai", "thieu-truong", "truong-la"} <= codes  # per-file rules
    assert {"sai-tong", "trung-ma", "trung-ma-xa", "nhu-cau-qua-han"} <= codes  # cross-file rules
    assert "dieu-chinh-thieu" in codes  # validate --since
    assert {"xlsx-so-dang-chu", "xlsx-phan-tram", "nhap-can-dieu-chinh"} <= codes  # import xlsx
    assert {"pr-json-cu-phap", "pr-nguoi-la", "pr-khong-ro-nam"} <= codes  # sedp import pr


def test_a_code_without_template_would_be_caught(tmp_path):
    path = tmp_path / "emitter.py"
    path.write_text('problems.append(_problem(doc, 3, "ma-moi-chua-co"))\n', encoding="utf-8")
    templates = load_file(ROOT / "schema" / "thong-bao.yaml").data
    assert codes_in(path) == {"ma-moi-chua-co"} and "ma-moi-chua-co" not in templates
