"""Plan data as loaded (dicts, lists, int and Decimal): the few questions every stage asks of it."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeGuard

NUMBER = (int, Decimal)


def is_number(value: object) -> TypeGuard[int | Decimal]:
    return isinstance(value, NUMBER) and not isinstance(value, bool)


def total(values) -> Decimal:
    """The exact sum of the figures among values (blanks and text left out)."""
    return sum((Decimal(v) for v in values if is_number(v)), Decimal(0))


def walk(data, pattern, path=()):
    """Yield (path, value) for every place the pattern (with "*" for list items) reaches."""
    if not pattern:
        yield path, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from walk(item, rest, (*path, index))
    elif isinstance(data, dict) and head in data:
        yield from walk(data[head], rest, (*path, head))


def value_at(data, path):
    for part in path:
        if isinstance(data, dict) and not isinstance(part, int):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


class _Failed:
    """A value that already broke a rule of its own: no figure, no text, no code."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "FAILED"

    def __bool__(self) -> bool:  # `value or []` then skips it like a missing value
        return False


FAILED = _Failed()


def without(data, paths: set, path=()):
    """data with the value at each of paths (tuples, list items by index) replaced
    by FAILED: rules across values then skip it instead of reporting, say,
    'women (17) exceed the total (1.058)' after '1.058' was already reported."""
    if path in paths:
        return FAILED
    if isinstance(data, dict):
        return {k: without(v, paths, (*path, k)) for k, v in data.items()}
    if isinstance(data, list):
        return [without(v, paths, (*path, i)) for i, v in enumerate(data)]
    return data


def items(data, key) -> list[dict]:
    """The groups (dicts) of a list field; [] when the data or the list is not there."""
    value = data.get(key) if isinstance(data, dict) else None
    return [item for item in value or [] if isinstance(item, dict)]
