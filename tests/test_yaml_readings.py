"""One reading for every tool: what VS Code sees equals what `sedp validate` says.

Every example file (plans/) and every fixture file is read the way VS Code's
YAML extension reads it (YAML 1.2, core schema) and checked against the
exported JSON Schema (schema/json/) with `jsonschema`, not with sedp's
Cerberus rules. Per file, the fields that have a type or vocabulary (enum)
error must be the same as those `sedp validate --json` reports as such.

The YAML 1.2 reader is ruamel.yaml's pure-Python safe parser with the core
schema's resolution rules (spec 1.2.2, 10.3.2) put in: ruamel's own 1.2
resolver still reads `2026-07-15` as a date and `1_000` as a number, which no
YAML 1.2 core reader (VS Code's included) does; `01966` is the number 1966,
`no` is text and `1e5` a number, as the spec says (test_core_schema_reading).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.resolver import VersionedResolver

from conftest import FIXTURES, ROOT, make_project
from sedp.authoring.jsonschema_export import DATE_PATTERN, schema_file_name
from sedp.cli import main
from sedp.source.loader import CODES as READING_CODES

# sedp's codes for a value of the wrong type or outside its list, and the JSON
# Schema keywords for the same. `can-ngoac-kep` (an unquoted value that other
# readers read otherwise) counts where VS Code is one of them: to VS Code that
# value is of another type. `so-mo-ho` (`1.500`) is left out: every tool reads
# 1.5 there, only a Vietnamese reader means 1500, so no type differs; except in
# a whole-number field, where 1.5 is of the wrong type to every reader.
SEDP_TYPE_CODES = {"kieu-sai", "ngoai-danh-muc"}
UNQUOTED = "can-ngoac-kep"
AMBIGUOUS = "so-mo-ho"
VS_CODE = "VS Code"  # (in "trình soạn thảo VS Code") how sedp's message names VS Code's reading (source/readings.py)
JSON_KEYWORDS = {"type", "enum"}
# Reading codes that say the file is not YAML a tool can read as it stands
# (syntax, encoding, size, tags, duplicate keys...). `ky-tu-an` on a value and
# `so-qua-lon` leave the file readable, so they do not put it out of scope.
READABLE_ANYWAY = {"so-qua-lon"}

MIN_COMPARED = 150  # example and fixture files actually compared, not skipped (168 of 184 when written)


# -- the YAML 1.2 reader --------------------------------------------------------
_CORE = [  # (tag, regexp, first characters): YAML 1.2.2, section 10.3.2
    ("null", r"(?:~|null|Null|NULL|)\Z", ["~", "n", "N", ""]),
    ("bool", r"(?:true|True|TRUE|false|False|FALSE)\Z", list("tTfF")),
    ("int", r"[-+]?[0-9]+\Z", list("-+0123456789")),
    ("int", r"0o[0-7]+\Z", ["0"]),
    ("int", r"0x[0-9a-fA-F]+\Z", ["0"]),
    ("float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z", list("-+.0123456789")),
    ("float", r"[-+]?\.(?:inf|Inf|INF)\Z", list("-+.")),
    ("float", r"\.(?:nan|NaN|NAN)\Z", ["."]),
]
_CORE_RESOLVERS: dict = {}
for _tag, _regexp, _first in _CORE:
    for _char in _first:
        _CORE_RESOLVERS.setdefault(_char, []).append(("tag:yaml.org,2002:" + _tag, re.compile(_regexp)))


class CoreSchemaResolver(VersionedResolver):
    """The YAML 1.2 core schema, and nothing else (no timestamps, no 1_000)."""

    @property
    def versioned_resolver(self):
        return _CORE_RESOLVERS


def yaml_1_2() -> YAML:
    reader = YAML(typ="safe", pure=True)
    reader.Resolver = CoreSchemaResolver
    return reader


def test_core_schema_reading():
    reader = yaml_1_2()
    read = reader.load("a: 01966\nb: no\nc: 1e5\nd: 2026-07-15\ne: 1_000\nf: 0o17\ng: 1.500\nh: ~\ni: on\n")
    assert read == {"a": 1966, "b": "no", "c": 100000.0, "d": "2026-07-15", "e": "1_000", "f": 15,
                    "g": 1.5, "h": None, "i": "on"}
    assert type(read["a"]) is int and type(read["c"]) is float


# -- the files --------------------------------------------------------------------
def _projects() -> dict[str, tuple[Path, Path | None]]:
    """label -> (plans tree, overlay): how the fixture tests build each project."""
    projects = {"plans": (ROOT / "plans", None), "fixtures/base": (FIXTURES / "base" / "plans", None)}
    for group in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "base"):  # invalid, valid...
        for fixture in sorted(p for p in group.iterdir() if (p / "plans").is_dir()):
            projects[f"fixtures/{group.name}/{fixture.name}"] = (FIXTURES / "base" / "plans", fixture)
    return projects


PROJECTS = _projects()


def _files() -> list[tuple[str, str]]:
    """(project, file as sedp names it) for every example and fixture file; a
    fixture's own files only (those of base are compared once, in base)."""
    found = []
    for label, (plans, overlay) in PROJECTS.items():
        own = overlay / "plans" if overlay is not None else plans
        found += [(label, "plans/" + p.relative_to(own).as_posix()) for p in sorted(own.rglob("*.yaml"))]
    return found


FILES = _files()


def _path_text(path) -> str:
    """A path as sedp writes it (core/messages.format_path): items counted from 1."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text


def _path_parts(text: str) -> tuple:
    parts: list = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        parts.append(int(index) - 1 if index else name)
    return tuple(parts)


def _at(data, path):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _field_schema(schema: dict, path) -> dict:
    for part in path:
        schema = schema.get("items", {}) if isinstance(part, int) else schema.get("properties", {}).get(part, {})
    return schema


def _types(schema: dict) -> list:
    kind = schema.get("type", [])
    return kind if isinstance(kind, list) else [kind]


# -- the two verdicts ----------------------------------------------------------------
@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    """(project, file) -> ("skip", reason) or ("compared", sedp's fields, JSON Schema's
    fields, every JSON Schema error as VS Code would underline it)."""
    root = tmp_path_factory.mktemp("readings")

    @cache
    def report(label: str) -> tuple[Path, dict[str, list]]:
        plans, overlay = PROJECTS[label]
        project = make_project(root / label.replace("/", "--"), plans=plans, overlay=overlay)
        result = CliRunner().invoke(main, ["validate", str(project / "plans"), "--json", "--jobs", "1"],
                                    catch_exceptions=False)
        found: dict[str, list] = {}
        output = json.loads(result.stdout)
        for problem in output["errors"] + output["warnings"]:
            found.setdefault(problem["file"], []).append(problem)
        return project, found

    @cache
    def schema(file_name: str) -> dict | None:
        path = ROOT / "schema" / "json" / schema_file_name(file_name)
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    @cache
    def verdict(label: str, name: str):
        project, problems = report(label)
        problems = problems.get(name, [])
        kind = schema(Path(name).name)
        if kind is None:
            return ("skip", "no JSON Schema for a file of this name")
        unreadable = sorted({p["code"] for p in problems if p["code"] in READING_CODES
                             and p["code"] not in READABLE_ANYWAY
                             and not (p["code"] == "ky-tu-an" and p["field"])})
        if unreadable:
            return ("skip", f"sedp cannot read it: {', '.join(unreadable)}")
        try:
            data = yaml_1_2().load((project / name).read_bytes().decode("utf-8"))
        except (YAMLError, UnicodeDecodeError, RecursionError) as exc:
            return ("skip", f"not YAML 1.2: {type(exc).__name__}")
        except ValueError:  # Python's int() refuses thousands of digits; sedp reports it (so-qua-lon)
            return ("skip", "a number too long for Python to read")
        try:
            json.dumps(data, allow_nan=False)
        except ValueError:
            return ("skip", "holds .nan or .inf, which JSON (so JSON Schema) has no value for")
        ours = set()
        for problem in problems:
            code, field = problem["code"], problem["field"]
            if code == UNQUOTED and VS_CODE in problem["message"]:
                ours.add(field)
            elif code == AMBIGUOUS:
                if "integer" in _types(_field_schema(kind, _path_parts(field))):
                    ours.add(field)
            elif code in SEDP_TYPE_CODES:
                path = _path_parts(field)
                if _field_schema(kind, path).get("pattern") == DATE_PATTERN and isinstance(_at(data, path), str):
                    continue  # text that is no real date (31/02/2027): JSON Schema's `pattern`, not a type
                ours.add(field)
        theirs, underlined = set(), []
        for error in jsonschema.Draft7Validator(kind).iter_errors(data):
            underlined.append(f"{_path_text(error.absolute_path)}: {error.message}")
            if error.validator in JSON_KEYWORDS and error.instance is not None:
                # null where a value is required is sedp's `de-trong` (empty), not a type error
                theirs.add(_path_text(error.absolute_path))
        return ("compared", ours, theirs, underlined)

    return verdict


def test_vs_code_and_sedp_find_the_same_type_errors_in_every_file(verdicts):
    # One test over every file rather than one per file: the files neither reader can
    # compare (listed in out_of_scope with the reason) are not reported as skipped tests.
    disagreements, out_of_scope, compared = [], {}, []
    for label, name in FILES:
        outcome = verdicts(label, name)
        if outcome[0] == "skip":
            out_of_scope[f"{label}:{name}"] = outcome[1]
            continue
        _, ours, theirs, underlined = outcome
        compared.append(outcome)
        if ours != theirs:
            disagreements.append(f"{label}:{name}: sedp validate {sorted(ours)}; "
                                 f"YAML 1.2 + JSON Schema {sorted(theirs)}")
        if label == "plans" and underlined:  # the shipped examples: nothing at all underlined in VS Code
            disagreements.append(f"{label}:{name}: VS Code underlines {underlined}")
    assert disagreements == []
    assert len(compared) >= MIN_COMPARED, (len(compared), len(FILES), out_of_scope)
    assert sum(1 for o in compared if o[1]) >= 5  # not only files without errors (8 when written)
    examples = [verdicts(label, name) for label, name in FILES if label == "plans"]
    assert len(examples) >= 100 and all(o[0] == "compared" for o in examples)
    # only fixtures made to be unreadable, or to hold what JSON has no value for
    assert all(key.split(":", 1)[0] != "plans" for key in out_of_scope), out_of_scope
