"""JSON Schema (draft-07) generated from schema/, for editors (VS Code YAML).

Cross-file rules (references, totals) cannot be said in JSON Schema; editors
get the per-file rules, labels and help, and `sedp validate` does the rest.
"""

from __future__ import annotations

import json
from pathlib import Path

from sedp.core.errors import SedpError
from sedp.core.files import atomic_write
from sedp.source.handbook import Handbook

DRAFT = "http://json-schema.org/draft-07/schema#"
FOLDER = Path("schema") / "json"  # in the project
DATE_PATTERN = r"^(?:[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})$"
TYPES = {"string": "string", "so_nguyen": "integer", "so": "number", "ngay": "string",
         "dict": "object", "list": "array", "boolean": "boolean"}


def file_schema(handbook: Handbook, file_name: str) -> dict:
    schema = {
        "$schema": DRAFT,
        "title": f"sedp: {file_name}",
        **_object(handbook.rules[file_name], handbook),
    }
    return schema


def _object(fields: dict, handbook: Handbook) -> dict:
    return {
        "type": "object",
        "properties": {key: _rule(rules, handbook) for key, rules in fields.items()},
        "required": [key for key, rules in fields.items() if rules.get("required")],
        "additionalProperties": False,
    }


def _rule(rules: dict, handbook: Handbook) -> dict:
    out: dict = {}
    meta = rules.get("meta", {})
    if meta.get("nhan"):
        out["title"] = meta["nhan"]
    if meta.get("huong_dan"):
        out["description"] = meta["huong_dan"]
    if "vi_du" in meta:
        out["examples"] = [meta["vi_du"]]
    kind = rules.get("type")
    if kind == "dict" and isinstance(rules.get("schema"), dict):
        out.update(_object(rules["schema"], handbook))
    elif kind == "list":
        out["type"] = "array"
        if isinstance(rules.get("schema"), dict):
            out["items"] = _rule(rules["schema"], handbook)
    elif kind in TYPES:
        out["type"] = TYPES[kind]
    if kind == "ngay":
        out["pattern"] = DATE_PATTERN
    if "regex" in rules:
        out["pattern"] = f"^(?:{rules['regex']})$"
    if "allowed" in rules:
        out["enum"] = list(rules["allowed"])
        vocab = meta.get("danh_muc")
        if vocab:
            labels = handbook.vocab(vocab)
            out["enumDescriptions"] = [labels.label(code) for code in rules["allowed"]]
    for cerberus_key, json_key in (("min", "minimum"), ("max", "maximum"), ("maxlength", "maxLength")):
        if cerberus_key in rules:
            value = rules[cerberus_key]
            out[json_key] = int(value) if float(value).is_integer() else float(value)
    if rules.get("empty") is False:  # `kinh_phi: {}` is as empty as `ten: ""`
        out["minProperties" if rules.get("type") == "dict" else "minLength"] = 1
    if rules.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"].append(None)
    return out


class SchemaExportError(SedpError):
    code = "json-schema"


def export_all(handbook: Handbook) -> dict[str, dict]:
    """File name -> JSON Schema, for every kind of file the handbook knows."""
    return {name: file_schema(handbook, name) for name in handbook.rules}


def schema_file_name(file_name: str) -> str:
    return file_name.replace(".yaml", ".schema.json")


def dumps(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def bundle(schemas: dict) -> dict:
    return {"$schema": DRAFT, "title": "sedp", "definitions": schemas}


def stale_files(schemas: dict, folder: Path) -> list[str]:
    stale = []
    for name, schema in schemas.items():
        path = folder / schema_file_name(name)
        if not path.is_file() or path.read_text(encoding="utf-8") != dumps(schema):
            stale.append(schema_file_name(name))
    return stale


def chosen(schemas: dict, kind: str) -> dict:
    """The schema of one kind of file, by its name (ke-hoach.yaml)."""
    if kind not in schemas:
        raise SchemaExportError(f"Không có loại tệp '{kind}'. Chọn một trong: {', '.join(schemas)}.")
    return schemas[kind]


def refuse_stale(schemas: dict, project: Path) -> None:
    """`sedp schema json --check`: stop, naming each file of schema/json/ not up to date."""
    stale = stale_files(schemas, project / FOLDER)
    if stale:
        raise SchemaExportError("Chạy `sedp schema json --write` rồi commit.",
                                [f"schema/json/{name}: chưa cập nhật" for name in stale])


def write_all(schemas: dict, project: Path) -> int:
    folder = project / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas.items():
        atomic_write(folder / schema_file_name(name), dumps(schema).encode("utf-8"))
    return len(schemas)


def command(handbook, project: Path, kind: str | None, write: bool, check: bool) -> str:
    """`sedp schema json`: what it prints (one kind's schema, a check's or a write's
    sentence, or every schema bundled), after checking or writing as asked."""
    schemas = export_all(handbook)
    if kind:
        return dumps(chosen(schemas, kind))
    if check:
        refuse_stale(schemas, project)
        return f"schema/json/: {len(schemas)} tệp đã cập nhật.\n"
    if write:
        return f"Đã ghi {write_all(schemas, project)} tệp vào schema/json/.\n"
    return dumps(bundle(schemas))
