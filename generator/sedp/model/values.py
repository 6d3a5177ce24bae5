"""Plan values as a reader sees them: the one formatter every output uses.

Vocabulary codes become their labels, dates dd/mm/yyyy, amounts 1.234,5,
years stay years, lists are joined. The site, the DOCX and the reviewers'
diff all word a value through value_text, so a figure reads the same in each.
"""

from __future__ import annotations

from markupsafe import Markup

from sedp.core import fmt
from sedp.core.data import is_number
from sedp.source.handbook import Handbook


def value_text(handbook: Handbook, value, rules) -> str:
    """A plan value as a reader sees it: vocabulary labels, dd/mm/yyyy dates,
    1.234,5 amounts, years as years, lists joined; '' for nothing."""
    if value is None:
        return ""
    rules = rules or {}
    item_rules = rules.get("schema") if rules.get("type") == "list" else rules
    vocab = (item_rules or {}).get("meta", {}).get("danh_muc") if isinstance(item_rules, dict) else None
    texts = []
    for v in value if isinstance(value, list) else [value]:
        if vocab:
            texts.append(handbook.vocab(vocab).label(v))
        elif rules.get("type") == "ngay":
            texts.append(fmt.day(v))
        elif is_number(v):
            texts.append(str(v) if is_year(item_rules) else fmt.number(v))
        else:
            texts.append(str(v))
    return ", ".join(texts)


def num(value, places=None) -> Markup:
    """A figure as Vietnamese write it. Marked safe: digits, '.', ',' and '-' only,
    so the page templates print it as it is instead of as character entities."""
    return Markup(fmt.number(value, places))


def share(part, whole, places: int = 2) -> Markup:
    """part of whole as a Vietnamese percentage ("12,50%"); marked safe like num."""
    return Markup(fmt.percent(part, whole, places))


def leaves(fields: dict, prefix=(), label_prefix="") -> list[tuple]:
    """(path, label, rules) for every value a table cell can show, groups flattened."""
    found = []
    for key, rules in fields.items():
        label = rules.get("meta", {}).get("nhan", key)
        if rules.get("type") == "dict" and isinstance(rules.get("schema"), dict):
            found.extend(leaves(rules["schema"], (*prefix, key), f"{label_prefix}{label}: "))
        elif rules.get("type") == "list" and isinstance(rules.get("schema"), dict) \
                and rules["schema"].get("type") == "dict":
            continue  # nested lists of groups have no cell of their own
        else:
            found.append(((*prefix, key), f"{label_prefix}{label}", rules))
    return found


def is_year(rules) -> bool:
    return isinstance(rules, dict) and rules.get("type") == "so_nguyen" and (rules.get("min") or 0) >= 1900


def is_amount(rules) -> bool:
    return rules.get("type") in ("so", "so_nguyen") and not is_year(rules)
