"""One reading for every tool: unquoted values that YAML readers disagree on.

sedp reads an unquoted value by its own rules (plain_scalar, below):
`01966` and `no` stay text. VS Code's YAML extension reads YAML 1.2 (`01966`
is the number 1966) and PyYAML, like many older tools, reads YAML 1.1 (`no`
is false, `017` is 15 in octal, `2027-01-05` a date). A value all three do not
read alike must be written in quotes; every command that writes YAML does so,
and `sedp validate` asks for the quotes where a person left them out.

Separately, a value like `1.500` reads alike everywhere (one and a half) but
not to a Vietnamese reader, who writes one thousand five hundred that way:
core.fmt.thousands_reading names that case and yaml_number avoids writing it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import yaml

from sedp.core.text import nfc

MAX_DIGITS = 40
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})

def plain_scalar(value: str):
    """Type of an unquoted scalar: null, true/false, whole number, decimal or text."""
    if value in _NULLS:
        return None
    first = value[0]
    if first in "-+0123456789":
        if len(value) > MAX_DIGITS:  # int() refuses very long numbers; no plan needs them
            return Decimal(10) ** MAX_DIGITS if _DECIMAL.match(value) or _INT.match(value) else nfc(value)
        if _INT.match(value):
            return int(value)
        if _DECIMAL.match(value):
            return Decimal(value)
    elif value in _TRUE:
        return True
    elif value in _FALSE:
        return False
    return nfc(value)


# YAML 1.2 core schema (spec 1.2.2, 10.3.2): what VS Code's reader resolves.
_CORE_NULL = re.compile(r"(?:null|Null|NULL|~)?\Z")
_CORE_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_CORE_INT = re.compile(r"[-+]?[0-9]+\Z")
_CORE_OCT = re.compile(r"0o[0-7]+\Z")
_CORE_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_CORE_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_CORE_SPECIAL = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z")

_RESOLVER = yaml.resolver.Resolver()
# The readers as a technician knows them (messages name them).
VS_CODE = "trình soạn thảo VS Code"
OLDER_TOOLS = "nhiều phần mềm khác (như Python, theo chuẩn YAML cũ)"
# The words that some reader takes for something else than text (YAML 1.1 booleans, nulls).
_WORDS = frozenset(form for word in ("yes", "no", "on", "off", "true", "false", "null")
                   for form in (word, word.capitalize(), word.upper()))


def yaml_1_2(text: str):
    """The value VS Code's YAML 1.2 reader gives an unquoted scalar."""
    if _CORE_NULL.match(text):
        return None
    if _CORE_BOOL.match(text):
        return text.lower() == "true"
    if _CORE_INT.match(text):
        return int(text)
    if _CORE_OCT.match(text):
        return int(text[2:], 8)
    if _CORE_HEX.match(text):
        return int(text[2:], 16)
    if _CORE_FLOAT.match(text) or _CORE_SPECIAL.match(text):
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                     .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
    return text


def yaml_1_1(text: str):
    """The value PyYAML's safe loader (YAML 1.1) gives an unquoted scalar."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    if tag == "tag:yaml.org,2002:str":
        return text
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):  # e.g. a timestamp that is no real date
        return text


def _same(ours, theirs) -> bool:
    if isinstance(ours, bool) or isinstance(theirs, bool) or ours is None or theirs is None:
        return ours is theirs or ours == theirs and type(ours) is type(theirs)
    if isinstance(ours, (int, Decimal)) and isinstance(theirs, (int, float)):
        return Decimal(ours) == Decimal(repr(theirs)) if isinstance(theirs, float) else ours == theirs
    if isinstance(ours, str) and isinstance(theirs, str):
        return True
    return False


def shown(value) -> str:
    """A reading as a Vietnamese reader understands it."""
    if value is None:
        return "giá trị rỗng"
    if isinstance(value, bool):
        return "giá trị đúng/sai (" + ("true" if value else "false") + ")"
    if isinstance(value, datetime):
        return f"thời điểm {value.isoformat(sep=' ')}"
    if isinstance(value, date):
        return f"ngày {value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "một số đặc biệt"
        text = repr(value)
        return "số " + (text[:-2] if text.endswith(".0") else text).replace(".", ",")
    if isinstance(value, (int, Decimal)):
        return f"số {value}".replace(".", ",")
    return f"chữ '{value}'"


def other_readings(text: str) -> list[tuple[str, str]]:
    """[(tool, reading)] for each YAML reader that reads this unquoted value
    otherwise than sedp does; [] when all agree (the common case, kept cheap)."""
    if not text:
        return []
    if text[0] not in "-+.0123456789~" and text not in _WORDS:  # most text: one set lookup
        return []
    return compare_readings(text)


def compare_readings(text: str) -> list[tuple[str, str]]:
    """other_readings without the shortcut: every reader asked."""
    if len(text) > MAX_DIGITS:  # no plan value this long is a figure; int() refuses 4,300 digits
        return []
    ours = plain_scalar(text)
    found = []
    for tool, reader in ((VS_CODE, yaml_1_2), (OLDER_TOOLS, yaml_1_1)):
        theirs = reader(text)
        if not _same(ours, theirs):
            found.append((tool, shown(theirs)))
    return found


def needs_quotes(text: str) -> bool:
    """True when a string written unquoted would not read back as this string everywhere."""
    return plain_scalar(text) != text or bool(other_readings(text))


