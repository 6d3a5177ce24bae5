"""Problems worded from the templates in schema/thong-bao.yaml."""

from __future__ import annotations

import difflib
from decimal import Decimal

from sedp.core.fmt import yaml_number
from sedp.core.problems import Problem
from sedp.core.text import fold


def format_path(path) -> str:
    """Key path as the user reads it: `hoat_dong[2].kinh_phi` (items counted from 1)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def show(value) -> str:
    """A value as Vietnamese readers write it back in YAML (no Decimal('…'))."""
    if isinstance(value, Decimal):
        return yaml_number(value)  # a computed 122.000 is shown as 122, typable as it stands
    if value is None:
        return "(trống)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return str(value)


class Wording:
    """Problems worded from templates: code -> {thong_bao, goi_y} (or variant -> those).
    source: a Handbook (its schema/thong-bao.yaml) or the templates themselves."""

    def __init__(self, source):
        self.templates = source if isinstance(source, dict) else source.messages

    def problem(self, *, file: str, line, path, code: str, variant: str | None = None,
                severity: str = "loi", **values) -> Problem:
        entry = self.templates.get(code, {})
        if variant is not None:
            entry = entry.get(variant, {})
        values = {k: show(v) if not isinstance(v, str) else v for k, v in values.items()}
        values.setdefault("goi_y", "")
        # No template (thong-bao.yaml is itself being read, or is broken): the code and the values.
        shown = ", ".join(v for v in values.values() if v)
        fallback = f"Lỗi {code}" + (f" ({shown})" if shown else "")
        message = fill(entry.get("thong_bao", fallback.replace("{", "{{").replace("}", "}}")), values)
        hint = fill(entry.get("goi_y", ""), values)
        return Problem(file=file, line=line, field=format_path(path), code=code,
                       message=message, hint=hint, severity=severity)


class _Defaults(dict):
    def __missing__(self, key):
        return ""


def fill(template: str, values: dict) -> str:
    """The template with its {names} replaced ('' for a name not given)."""
    return template.format_map(_Defaults(values)).strip()


def closest(word: str, choices, labels: dict | None = None) -> str | None:
    """The choice a typo most likely meant, comparing without diacritics."""
    folded = {fold(c).replace(" ", "_"): c for c in choices}
    if labels:
        folded.update({fold(label).replace(" ", "_"): code for code, label in labels.items()})
    match = difflib.get_close_matches(fold(str(word)).replace(" ", "_"), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


UNWORDED = Wording({})  # for the files read before the templates (thong-bao.yaml itself)
