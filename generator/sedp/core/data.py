"""Plan data as loaded (dicts, lists, int and Decimal): the few questions every stage asks of it."""

from __future__ import annotations

from decimal import Decimal

NUMBER = (int, Decimal)


def is_number(value) -> bool:
    return isinstance(value, NUMBER) and not isinstance(value, bool)


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
