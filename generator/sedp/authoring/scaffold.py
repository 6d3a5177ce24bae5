"""`sedp new`: commune and plan-year files written from the handbook.

Every field gets a Vietnamese comment (label, help, example) taken from
schema/, so a technician can fill the file without the manual. Nothing is
ever overwritten: the new folder is assembled beside its place and renamed
into it in one step, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from sedp.source.handbook import PLAN_FILE
from sedp.source.loader import load_file, plain_scalar
from sedp.core.text import nfc, slug

INDENT = "  "
_CODE = re.compile(r"[a-z][a-z0-9_]*")


class ScaffoldError(Exception):
    pass


def schema_comment(target: Path, project: Path, file_name: str) -> str:
    """The first line VS Code's YAML extension reads to find the JSON Schema."""
    schema_file = project / "schema" / "json" / file_name.replace(".yaml", ".schema.json")
    relative = os.path.relpath(schema_file, target.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"


def yaml_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    text = nfc(str(value))
    if _CODE.fullmatch(text) and plain_scalar(text) == text:
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
        parts.append("Ví dụ: " + yaml_value(meta["vi_du"]).strip('"'))
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


def _write_folder(target: Path, files: dict[str, str]) -> list[Path]:
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


def new_commune(project: Path, handbook, district: str, name: str, code: str | None) -> list[Path]:
    plans = project / "plans"
    district_dir = plans / slug(district)
    if not (district_dir / "district.yaml").is_file():
        known = sorted(p.parent.name for p in plans.glob("*/district.yaml"))
        raise ScaffoldError(
            f"Không có huyện '{district}' trong plans/. Các huyện hiện có: {', '.join(known) or '(chưa có)'}.")
    name = nfc(name.strip())
    if not name or not slug(name):
        raise ScaffoldError("Tên xã không được để trống.")
    target = district_dir / slug(name)
    values = {"ten": name, "loai": "xã", "ma": code}
    text = schema_comment(target / "commune.yaml", project, "commune.yaml")
    text += render(handbook.rules["commune.yaml"], values, f"Thông tin chung của xã {name}")
    return _write_folder(target, {"commune.yaml": text})


def new_year(project: Path, handbook, commune_dir: Path, year: int) -> list[Path]:
    """A new plan year: rolled over from the latest earlier year if there is one."""
    commune_dir = commune_dir.resolve()
    commune_file = commune_dir / "commune.yaml"
    if not commune_file.is_file():
        raise ScaffoldError(f"{commune_dir} không phải thư mục xã (không có commune.yaml).")
    earlier = sorted(int(p.name) for p in commune_dir.iterdir()
                     if p.is_dir() and p.name.isdigit() and len(p.name) == 4 and int(p.name) < year)
    if earlier and not (commune_dir / str(year)).exists():
        from sedp.authoring.rollover import roll_over

        return roll_over(project, handbook, commune_dir, commune_dir / str(earlier[-1]), year)
    commune = load_file(commune_file).data
    name = commune.get("ten", commune_dir.name) if isinstance(commune, dict) else commune_dir.name
    target = commune_dir / str(year)
    files = {}
    plan_values = {
        "nam_ke_hoach": year,
        "loai_nam": "thu_thap_nhu_cau",
        "nam_thu_thap_nhu_cau": year,
        "trang_thai": handbook.statuses()[0],
        "dia_danh": name,
    }
    titles = {PLAN_FILE: f"Kế hoạch phát triển kinh tế - xã hội năm {year} của xã {name}"}
    titles.update({s.file: f"Bước {s.number}. {s.title} (năm {year}, xã {name})" for s in handbook.steps})
    for file_name in handbook.plan_files:
        values = plan_values if file_name == PLAN_FILE else {}
        text = schema_comment(target / file_name, project, file_name)
        text += render(handbook.rules[file_name], values, titles[file_name])
        files[file_name] = text
    return _write_folder(target, files)
