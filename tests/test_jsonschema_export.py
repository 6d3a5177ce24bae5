"""The JSON Schema for editors agrees with the handbook and the example files."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import ROOT
from sedp.authoring.jsonschema_export import export_all, schema_file_name
from sedp.source.handbook import load_handbook
from sedp.source.loader import load_file

HANDBOOK = load_handbook(ROOT / "schema")
SCHEMAS = export_all(HANDBOOK)
EXAMPLE_FILES = sorted((ROOT / "plans").rglob("*.yaml"))
KIND = {"province.yaml", "district.yaml", "commune.yaml"}


def kind_of(path):
    return path.name


def test_committed_schema_files_are_current(sedp):
    code, output = sedp(ROOT, "schema", "json", "--check")
    assert code == 0, output


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(ROOT / "plans")))
def test_every_example_file_validates_against_the_exported_schema(path):
    schema = json.loads((ROOT / "schema" / "json" / schema_file_name(kind_of(path))).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    data = load_file(path).data or {}
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(data))
    assert errors == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(ROOT / "plans")))
def test_every_example_file_names_its_schema_for_vs_code(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    target = (path.parent / first[len(prefix):]).resolve()
    assert target == (ROOT / "schema" / "json" / schema_file_name(path.name)).resolve()


def test_the_schema_carries_vietnamese_labels_vocabularies_and_rejects_typos():
    schema = SCHEMAS["buoc-04-du-thao.yaml"]
    activity = schema["properties"]["hoat_dong"]["items"]
    assert activity["properties"]["linh_vuc"]["title"] == "Lĩnh vực"
    assert "giao_thong" in activity["properties"]["linh_vuc"]["enum"]
    assert activity["properties"]["kinh_phi"]["properties"]["dan_dong_gop"]["title"] == "Dân đóng góp"
    bad = {"hoat_dong": [{"ma": "HD01", "ten": "x", "linh_vuc": "giao thong", "kinh_phi": {}, "linh_vu": 1}]}
    messages = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(bad)]
    assert any("giao thong" in m for m in messages)
    assert any("linh_vu" in m for m in messages)


def test_cli_prints_one_kind(sedp):
    code, output = sedp(ROOT, "schema", "json", "ke-hoach.yaml")
    assert code == 0
    assert json.loads(output)["properties"]["trang_thai"]["title"] == "Trạng thái kế hoạch"
