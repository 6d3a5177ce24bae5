"""YAML text for technicians: new files with a Vietnamese comment on every
field, edits that keep their comments, folders written all or nothing.

Shared by `sedp new`, the year rollover and the XLSX import.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from sedp.core.errors import SedpError
from sedp.core.fmt import yaml_number
from sedp.core.text import nfc
from sedp.source.readings import needs_quotes, plain_scalar

INDENT = "  "
_CODE = re.compile(r"[a-z][a-z0-9_]*")


class ScaffoldError(SedpError):
    code = "tao-tep"


def schema_comment(target: Path, project: Path, file_name: str) -> str:
    """The first line VS Code's YAML extension reads to find the JSON Schema."""
    schema_file = project / "schema" / "json" / file_name.replace(".yaml", ".schema.json")
    relative = os.path.relpath(schema_file, target.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"


def yaml_value(value) -> str:
    """A value as written in a new file: text in double quotes (codes like
    "01288" and words like "no" read the same in every YAML reader that way),
    numbers so that no reader takes 1.125 for one thousand and more."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return yaml_number(value)
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    text = nfc(str(value))
    if _CODE.fullmatch(text) and not needs_quotes(text):
        return text  # vocabulary codes read best unquoted
    return json.dumps(text, ensure_ascii=False)


def render(rules: dict, values: dict, title: str) -> str:
    lines = [f"# {title}", "# Chú thích sau dấu # giải thích từng trường; (*) là trường bắt buộc.", ""]
    _fields(rules, values, "", lines)
    return "\n".join(lines) + "\n"


def _describe(rules: dict) -> str:
    meta = rules.get("meta", {})
    parts = [meta.get("nhan", "") + (" (*)" if rules.get("required") else "")]
    if meta.get("huong_dan"):
        parts.append(meta["huong_dan"].rstrip("."))
    if meta.get("danh_muc"):
        parts.append(f"Mã trong schema/danh-muc/{meta['danh_muc']}.yaml")
    if "vi_du" in meta:
        example = yaml_value(meta["vi_du"])
        if isinstance(meta["vi_du"], str) and not needs_quotes(nfc(meta["vi_du"])):
            example = example.strip('"')  # plain text reads alike unquoted; a code keeps its quotes
        parts.append("Ví dụ: " + example)
    return ". ".join(p for p in parts if p) + "."


def _fields(fields: dict, values: dict, pad: str, lines: list, comment: str = "", first: str | None = None):
    """Append one line per field; sections get their description above, values beside."""
    for index, (key, rules) in enumerate(fields.items()):
        lead = first if (first is not None and index == 0) else pad
        kind = rules.get("type")
        item = rules.get("schema") if kind == "list" else None
        if key in values or kind not in ("dict", "list"):
            line = f"{comment}{lead}{key}: {yaml_value(values.get(key))}".rstrip()
            lines.append(f"{line:<40} # {_describe(rules)}")
        elif kind == "dict":
            lines.append(f"{comment}{pad}# {_describe(rules)}")
            lines.append(f"{comment}{lead}{key}:")
            _fields(rules.get("schema", {}), {}, pad + INDENT, lines, comment)
        else:
            lines.append(f"{comment}{pad}# {_describe(rules)}")
            lines.append(f"{comment}{lead}{key}: []")
            if isinstance(item, dict) and item.get("type") == "dict" and not comment:
                lines.append(f"{pad}# Thêm mục: xoá '[]' ở trên, bỏ dấu '# ' ở đầu các dòng dưới rồi điền.")
                _fields(item.get("schema", {}), {}, pad + INDENT, lines, "# ", first=pad + "- ")


def write_folder(target: Path, files: dict[str, str]) -> list[Path]:
    """Create target with files, all or nothing, never touching an existing folder."""
    if target.exists():
        raise ScaffoldError(f"Thư mục {target} đã có; không ghi đè. Hãy sửa trực tiếp các tệp trong đó.")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sedp-new-", dir=target.parent))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        os.rename(staging, target)  # atomic; fails if target appeared meanwhile
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ScaffoldError(f"Không tạo được {target}: {exc.strerror}.") from None
    return [target / name for name in files]


def _scalar_tag(text: str) -> Tag:
    value = plain_scalar(text)
    kind = ("null" if value is None else "bool" if isinstance(value, bool) else "int" if isinstance(value, int)
            else "float" if isinstance(value, Decimal) else "str")
    return Tag(suffix="tag:yaml.org,2002:" + kind)


class _Resolver(VersionedResolver):
    """Unquoted values typed as `sedp validate` reads them (source/readings),
    not by ruamel's YAML 1.2 rules: a file read for rewriting holds `01966` and
    `2026-07-15` as text, as sedp did, and is written back with them quoted."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode and implicit[0]:
            return _scalar_tag(value)
        return super().resolve(kind, value, implicit)


class _Representer(RoundTripRepresenter):
    """Writes in quotes every text that a YAML reader could take for something
    else, and exact amounts as figures every reader reads alike."""

    def represent_str(self, data):
        if needs_quotes(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return super().represent_str(data)

    def represent_decimal(self, data):
        text = yaml_number(data)
        return self.represent_scalar("tag:yaml.org,2002:" + ("float" if "." in text else "int"), text)


_Representer.add_representer(str, _Representer.represent_str)
_Representer.add_representer(Decimal, _Representer.represent_decimal)


def round_trip_yaml() -> YAML:
    yaml = YAML()  # round-trip: comments, order and quoting survive
    yaml.Resolver = _Resolver
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def load_round_trip(yaml: YAML, path: Path, shown: str | None = None):
    """A plan file read for rewriting (comments kept), always a group of fields;
    a file that is missing, empty or does not parse stops with its name (and
    line), before anything is written."""
    shown = shown or str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScaffoldError(f"{shown}: thiếu tệp này; chạy `sedp validate` để xem năm kế hoạch còn thiếu gì.") from None
    except UnicodeDecodeError:
        raise ScaffoldError(f"{shown}: tệp không phải văn bản UTF-8; lưu lại dưới dạng UTF-8 "
                            "rồi chạy `sedp validate` trước.") from None
    except (YAMLError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark is not None else shown
        raise ScaffoldError(f"{where}: tệp YAML sai cú pháp, chưa ghi gì. Chạy `sedp validate` để xem lỗi "
                            "và sửa trước.") from None
    if not isinstance(data, dict):
        raise ScaffoldError(f"{shown}: tệp trống hoặc không phải một nhóm trường, chưa ghi gì. "
                            "Chạy `sedp validate` để xem lỗi và sửa trước.")
    return data
