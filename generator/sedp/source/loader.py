"""Safe YAML loading: C-speed parsing, our own typing, line numbers on demand.

PyYAML's C parser builds the node tree (every node keeps its line); we turn
nodes into Python values ourselves so that YAML 1.1 surprises cannot happen:
`no` stays a string, `00028` stays a code, numbers with a fraction become
exact Decimals and every string is NFC-normalised. Problems are returned, not
raised, so one pass reports everything wrong with a file.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from sedp.core.data import without
from sedp.core.fmt import thousands_reading
from sedp.core.messages import UNWORDED, Wording
from sedp.core.problems import Problem
from sedp.core.text import nfc
from sedp.source.readings import other_readings, plain_scalar

MAX_FILE_BYTES = 1024 * 1024
# A 60-line plan file holds a few hundred values; far above that is an alias bomb.
MAX_VALUES = 200_000
MAX_DEPTH = 40
MAX_NUMBER = 10 ** 15  # a million billion: more than any commune's figure in any unit
# Invisible characters that change what a reader sees: C0/C1 controls (not tab or
# line breaks) and bidirectional overrides ("Trojan Source").
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")  # YAML refuses these
_HIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

STR_TAG = BaseResolver.DEFAULT_SCALAR_TAG
SEQ_TAG = BaseResolver.DEFAULT_SEQUENCE_TAG
MAP_TAG = BaseResolver.DEFAULT_MAPPING_TAG


try:  # the C parser; the pure-Python one is ~8x slower but behaves the same
    from yaml._yaml import CParser as _Parser  # where yaml.cyaml takes it from (it exports only loaders)
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class _NodeLoader(_Parser, BaseResolver):
    """Parses to nodes and tags every untagged scalar as a plain string."""

    def __init__(self, stream):
        _Parser.__init__(self, stream)
        BaseResolver.__init__(self)


@dataclass(frozen=True)
class Unclear:
    """One unquoted value that does not read the same to every reader."""

    line: int
    path: tuple
    text: str  # as typed
    kind: str  # "hang-nghin" (1.500), "cong-cu" (01966, no, 2027-01-05) or "chu-thich" (text cut at ' #')
    readings: tuple = ()  # (tool, what it reads) for "cong-cu"; the comment for "chu-thich"


@dataclass
class Document:
    """One loaded YAML file: its data and the node tree that knows the lines."""

    path: Path
    display: str
    data: object = None
    root: Node | None = None
    problems: list[Problem] = field(default_factory=list)
    wording: Wording | None = None  # the handbook's messages; None while reading the handbook itself
    # Unquoted values a reader could take otherwise than sedp does; the rules
    # (check/files.py) word them, knowing what kind of value each field holds.
    unclear: list[Unclear] = field(default_factory=list)
    failed: set = field(default_factory=set)  # key paths whose value broke a rule of its own
    typed: object = None  # for_rules' copy: the data as typed, failed values included

    def for_rules(self) -> "Document":
        """This document as rules across values see it: failed values are FAILED."""
        if not self.failed:
            return self
        return dataclasses.replace(self, data=without(self.data, self.failed), typed=self.data)

    def line_of(self, key_path) -> int | None:
        """Line of the value at key_path, or of its nearest existing parent."""
        node = self.root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in key_path:
            child = None
            if isinstance(node, MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, ScalarNode) and nfc(key_node.value) == str(part):
                        child = value_node
                        break
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    child = node.value[part]
            if child is None:
                return line
            node = child
            line = node.start_mark.line + 1
        return line

    def key_line(self, key_path) -> int | None:
        """Line where the last key of key_path is written (for unknown keys)."""
        if not key_path:
            return self.line_of(key_path)
        parent = self.line_of(key_path[:-1])
        node = self._node_at(key_path[:-1])
        if isinstance(node, MappingNode):
            for key_node, _ in node.value:
                if isinstance(key_node, ScalarNode) and nfc(key_node.value) == str(key_path[-1]):
                    return key_node.start_mark.line + 1
        return parent

    def path_at_line(self, line: int) -> tuple:
        """Key path of the innermost value written on a line (or spanning it):
        what a comment on that line of the file is about; () for none."""
        target = line - 1
        node = self.root
        path: tuple = ()
        while isinstance(node, (MappingNode, SequenceNode)):
            pairs = (node.value if isinstance(node, MappingNode)
                     else [(item, item) for item in node.value])
            # an entry runs from its first line to the next entry's (a block ends where the next begins)
            starts = [first.start_mark.line for first, _ in pairs]
            index = bisect.bisect_right(starts, target) - 1
            if index < 0 or (index == len(pairs) - 1 and _last_line(pairs[index][1]) < target):
                return path
            first, node = pairs[index]
            key = nfc(first.value) if isinstance(first, ScalarNode) and first is not node else index
            path = (*path, key)
        return path

    def _node_at(self, key_path):
        node = self.root
        for part in key_path:
            if isinstance(node, MappingNode):
                node = next(
                    (v for k, v in node.value
                     if isinstance(k, ScalarNode) and nfc(k.value) == str(part)),
                    None,
                )
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return None
        return node


def load_file(path: Path, display: str | None = None, wording: Wording | None = None) -> Document:
    doc = Document(path=path, display=display or str(path), wording=wording)
    try:
        size = path.stat().st_size
    except OSError as exc:
        doc.problems.append(_problem(doc, None, "khong-doc-duoc", gia_tri=exc.strerror))
        return doc
    if size > MAX_FILE_BYTES:
        doc.problems.append(_problem(doc, None, "tep-qua-lon", gia_tri=f"{size:,}".replace(",", "."),
                                     rang_buoc=f"{MAX_FILE_BYTES:,}".replace(",", ".")))
        return doc
    return load_bytes(path.read_bytes(), doc)


def load_bytes(raw: bytes, doc: Document) -> Document:
    if raw.startswith(b"\xef\xbb\xbf"):  # Notepad's UTF-8 signature is harmless
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        doc.problems.append(_problem(doc, line, "ma-hoa", gia_tri=f"0x{raw[exc.start]:02X}"))
        return doc
    refused = _UNREADABLE.search(text)
    if refused:  # libyaml would stop with an English message and no line
        doc.problems.append(_problem(doc, text.count("\n", 0, refused.start()) + 1, "ky-tu-an", variant="tep",
                                     gia_tri=f"U+{ord(refused[0]):04X}"))
        return doc
    if _may_nest_deeply(raw):
        too_deep = _too_deep_line(text)
        if too_deep:
            doc.problems.append(_deep_problem(doc, too_deep))
            return doc
    loader = _NodeLoader(text)
    try:
        doc.root = loader.get_single_node()
    except yaml.YAMLError as exc:
        # libyaml may stop at a nesting limit of its own (0.2.6: 1,000 flow
        # levels) before our builder sees the depth: ask our own measure first.
        too_deep = _too_deep_line(text)
        if too_deep:
            doc.problems.append(_deep_problem(doc, too_deep))
        elif isinstance(exc, yaml.MarkedYAMLError):
            doc.problems.append(_syntax_problem(doc, exc, text))
        else:  # pragma: no cover - unmarked errors are rare
            doc.problems.append(_problem(doc, None, "cu-phap", variant="chung", gia_tri=str(exc)))
        return doc
    finally:
        loader.dispose()
    if doc.root is not None:
        builder = _Builder(doc, text)
        try:
            doc.data = builder.build(doc.root, 0)
            for key_node, key, line, first in builder.duplicates:
                where = _path_to(doc.root, key_node) or (key,)
                doc.problems.append(_problem(doc, line, "trung-khoa", path=where, khoa=key, rang_buoc=first))
        except _TooBig as exc:
            doc.data = None
            if exc.deep:
                doc.problems.append(_deep_problem(doc, exc.line))
            else:
                doc.problems.append(_problem(doc, exc.line, "bom-tham-chieu"))
    return doc


# libyaml's composer recurses in C and overflows the stack on tens of thousands
# of nested brackets (a crash, not an error). A cheap upper bound on the depth
# lets ordinary files through; the rare file over it is measured with parser
# events first, which need no recursion.
SAFE_NESTING = 200
_LEADING = re.compile(rb"^(?:[ \t?-]|[&!][^ \n]*)*", re.M)


def _may_nest_deeply(raw: bytes) -> bool:
    flow = raw.count(b"[") + raw.count(b"{")
    if flow > SAFE_NESTING:
        return True
    # a block level needs more indentation or an indicator ('- ', '? ') in front;
    # a sequence under a key may share the key's indentation: at most 2 levels per column
    return flow + 2 * max(map(len, _LEADING.findall(raw)), default=0) + 2 > SAFE_NESTING


def _too_deep_line(text: str) -> int | None:
    """Line where nesting first passes MAX_DEPTH, or None.

    PyYAML's pure-Python parser: slower, but used only on suspect files, and
    it has no nesting limit of its own, so the answer does not depend on which
    libyaml is installed.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    assert event.start_mark is not None  # the parser marks every event it yields
                    return event.start_mark.line + 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # the composer reports the syntax error with its hint
    return None


def _deep_problem(doc, line: int) -> Problem:
    return _problem(doc, line, "long-qua-sau", rang_buoc=MAX_DEPTH)


def _path_to(node, target, path=()):
    """Key path of a key node, searched only when a problem must name it."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            key = nfc(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            if key_node is target or value_node is target:
                return (*path, key)
            found = _path_to(value_node, target, (*path, key))
            if found:
                return found
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            if item is target:
                return (*path, index)
            found = _path_to(item, target, (*path, index))
            if found:
                return found
    return None


class _TooBig(Exception):
    def __init__(self, line: int, deep: bool = False):
        self.line = line
        self.deep = deep


class _Builder:
    """Turns nodes into values, counting them so alias bombs fail fast."""

    def __init__(self, doc: Document, text: str):
        self.doc = doc
        self.text = text
        self._lines: list[str] | None = None
        self.budget = MAX_VALUES
        self.active: set[int] = set()
        self.duplicates: list = []

    def build(self, node, depth: int, path: tuple = ()):
        self.budget -= 1
        if self.budget < 0 or id(node) in self.active:
            raise _TooBig(node.start_mark.line + 1)
        if isinstance(node, ScalarNode):
            if node.tag != STR_TAG:
                return self._bad_tag(node)
            hidden = _HIDDEN.search(node.value)
            if hidden:
                self._hidden(node, path, hidden[0])
            if not node.style:  # plain: None from the Python parser, '' from libyaml
                return self._plain(node, path)
            return nfc(node.value)
        if node.tag not in (SEQ_TAG, MAP_TAG):
            return self._bad_tag(node)
        if depth >= MAX_DEPTH:  # containers only, counted as _too_deep_line counts them
            raise _TooBig(node.start_mark.line + 1, deep=True)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(item, depth + 1, (*path, index)) for index, item in enumerate(node.value)]
            return self._mapping(node, depth, path)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: MappingNode, depth: int, path: tuple) -> dict:
        result: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                self.doc.problems.append(_problem(self.doc, line, "khoa-khong-hop-le"))
                continue
            key = nfc(key_node.value)
            if key in result:
                self.duplicates.append((key_node, key, line, first_line[key]))
                continue
            first_line[key] = line
            try:
                result[key] = self.build(value_node, depth + 1, (*path, key))
            except _TooBig as exc:
                if depth or exc.deep:
                    raise
                raise _TooBig(line, exc.deep) from None  # point at the top-level key that exploded
        return result

    def _plain(self, node, path: tuple):
        text = node.value
        value = plain_scalar(text)
        if isinstance(value, str):
            readings = other_readings(text)
            if readings:
                self._unclear(node, path, "cong-cu", tuple(readings))
            else:
                self._cut_by_comment(node, path)
            return value
        if isinstance(value, bool) or value is None:
            return value
        if abs(value) >= MAX_NUMBER:
            return self._too_large(node, path)
        if isinstance(value, Decimal) and thousands_reading(text) is not None:
            self._unclear(node, path, "hang-nghin")
            return text  # not a figure until the writer says which one was meant
        return value

    def _cut_by_comment(self, node, path: tuple) -> None:
        """A text followed on its line by ' #...': YAML drops the rest as a comment,
        which a person pasting '... thôn Nà Pò #2' did not mean."""
        end = node.end_mark
        if self._lines is None:
            self._lines = self.text.splitlines()
        if end.line >= len(self._lines):
            return
        rest = self._lines[end.line][end.column:]
        # One space before '#': part of the text to whoever typed it. Two or more
        # (how sedp's own templates set their comments apart): a comment.
        if rest[:2] in (" #", "\t#"):
            self._unclear(node, path, "chu-thich", (rest[1:].rstrip(),))

    def _unclear(self, node, path: tuple, kind: str, readings: tuple = ()) -> None:
        self.doc.unclear.append(Unclear(node.start_mark.line + 1, path, node.value, kind, readings))

    def _hidden(self, node, path: tuple, character: str) -> None:
        self.doc.problems.append(_problem(self.doc, node.start_mark.line + 1, "ky-tu-an",
                                          path=path, variant="noi_dung",
                                          gia_tri=f"U+{ord(character):04X}"))

    def _too_large(self, node, path: tuple):
        self.doc.problems.append(_problem(self.doc, node.start_mark.line + 1, "so-qua-lon",
                                          path=path,
                                          gia_tri=len(node.value.lstrip('+-'))))
        return node.value

    def _bad_tag(self, node):
        self.doc.problems.append(_problem(self.doc, node.start_mark.line + 1, "the-yaml", gia_tri=node.tag))
        return None


# The codes of what reading a file can find; each has its template in
# schema/thong-bao.yaml (the handbook refuses a thong-bao.yaml without one).
CODES = ("khong-doc-duoc", "tep-qua-lon", "ma-hoa", "ky-tu-an", "long-qua-sau", "cu-phap", "trung-khoa",
         "bom-tham-chieu", "khoa-khong-hop-le", "so-qua-lon", "the-yaml")

# libyaml's English reason -> the variant of `cu-phap` in schema/thong-bao.yaml.
_SYNTAX_VARIANTS = [
    ("could not find expected ':'", "thieu-hai-cham"),
    ("mapping values are not allowed", "hai-cham-sai-cho"),
    ("that cannot start any token", "ky-tu-dau"),
    ("expected <block end>", "thut-le"),
    ("expected ',' or ']'", "ngoac-vuong"),
    ("expected ',' or '}'", "ngoac-nhon"),
    ("did not find expected key", "thut-le"),
    ("did not find expected '-' indicator", "thut-le-danh-sach"),
    ("found undefined alias", "neo"),
    ("found unexpected end of stream", "het-tep"),
    ("expected a single document", "nhieu-tai-lieu"),
    ("found special characters", "ky-tu-la"),
    ("did not find expected node content", "thieu-gia-tri"),
    ("did not find expected <document start>", "thut-le"),  # the first key indented
]


# 'tong_so:45': a key glued to its value, which YAML reads as one text.
_GLUED = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*):([^\s/:][^#]*?)\s*(?:#.*)?$")


def _syntax_problem(doc: Document, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    problem = exc.problem or ""
    mark = exc.problem_mark or exc.context_mark
    # libyaml reports a missing ':' where it gave up, not where the key started.
    if exc.context_mark is not None and (
        "could not find expected ':'" in problem or "expected ',' or" in problem
    ):
        mark = exc.context_mark
    line = mark.line + 1 if mark is not None else None
    glued = _glued_key(text, exc)
    if glued is not None:
        number, key, value = glued
        return _problem(doc, number, "cu-phap", variant="thieu-dau-cach", gia_tri=f"{key}:{value}",
                        rang_buoc=f"{key}: {value}")
    character = _character_at(text, exc.problem_mark)
    if character == "\t" or "tab character" in problem:  # libyaml names no character in the first case
        return _problem(doc, line, "cu-phap", variant="tab", gia_tri=_line_at(text, mark).rstrip().lstrip(" "))
    if "cannot start any token" in problem and character:
        key, _, value = _line_at(text, exc.problem_mark).strip().partition(": ")
        value = value.strip()
        if _KEY.fullmatch(key.lstrip("- ")) and value and value[0] not in "[{":
            quoted = f"{key}: {_quoted(value)}"
        else:  # the character is in a key or inside a [list]: no literal line to offer
            quoted = f'"{character}..."'
        return _problem(doc, line, "cu-phap", variant="ky-tu-dau", gia_tri=character, rang_buoc=quoted)
    after_quote = _AFTER_QUOTE.match(_line_at(text, exc.problem_mark)) if "did not find expected key" in problem else None
    if after_quote:
        key, quoted, after = after_quote.groups()
        return _problem(doc, line, "cu-phap", variant="sau-ngoac-kep", gia_tri=after.strip(),
                        rang_buoc=f"{key}: {_quoted(quoted + ' ' + after.strip())}")
    if "mapping values are not allowed" in problem:
        _, _, value = _line_at(text, exc.problem_mark).partition(": ")
        # 'ten: Ghi chú: abc' needs quotes; a key at the wrong indentation reads the same way to libyaml
        return _problem(doc, line, "cu-phap", variant="hai-cham-sai-cho" if ": " in value else "thut-le",
                        gia_tri=problem)
    for needle, variant in _SYNTAX_VARIANTS:
        if needle in problem or needle in (exc.context or ""):
            return _problem(doc, line, "cu-phap", variant=variant, gia_tri=problem)
    return _problem(doc, line, "cu-phap", variant="chung", gia_tri=problem)


_AFTER_QUOTE = re.compile(r'^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*):\s*"([^"]*)"\s*([^\s#].*)$')


_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _quoted(value: str) -> str:
    """value as a YAML double-quoted scalar, its own quotes and backslashes escaped."""
    return json.dumps(value, ensure_ascii=False)


def _line_at(text: str, mark) -> str:
    lines = text.splitlines()
    return lines[mark.line] if mark is not None and mark.line < len(lines) else ""


def _character_at(text: str, mark) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


def _glued_key(text: str, exc) -> tuple | None:
    """(line, key, value) of a 'key:value' line near where the reader gave up, if any:
    the likeliest cause of the error, whatever libyaml says."""
    marks = [m.line for m in (exc.context_mark, exc.problem_mark) if m is not None]
    if not marks:
        return None
    lines = text.splitlines()
    for index in range(max(0, min(marks) - 1), min(len(lines), max(marks) + 1)):
        found = _GLUED.match(lines[index])
        if found and "://" not in lines[index]:
            return index + 1, found[1], found[2]
    return None


def _problem(doc: Document, line, code: str, path=(), variant: str | None = None, **values) -> Problem:
    """Worded from schema/thong-bao.yaml when the reader has it (doc.wording)."""
    return (doc.wording or UNWORDED).problem(file=doc.display, line=line, path=path, code=code,
                                            variant=variant, **values)


def is_inside(path: Path, root: Path) -> bool:
    """True when path, after following links, stays inside root."""
    real = Path(os.path.realpath(path))
    real_root = Path(os.path.realpath(root))
    return real == real_root or real_root in real.parents


def _last_line(node) -> int:
    """The last line (0-based) a node's text is on: a block ends at the start of
    the line after it."""
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
