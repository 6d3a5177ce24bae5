"""What the pipeline gave for a commune, kept by the hash of its inputs.

A commune's pages, DOCX texts, open data and problems depend only on its own
files, its district's name, the province, the handbook (schema/), sedp's code
and, for the review trail, the git commits that touched its folder. When none
of these changed, the next build reuses the record instead of checking and
rendering the commune again; so editing one commune re-renders one commune.
Records are JSON (readable with any editor), in build/commune-cache/.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import types
import typing
from decimal import Decimal
from pathlib import Path

import sedp
from sedp.core.cache import ContentCache, content_key
from sedp.publish.pipeline import CommuneRecord
from sedp.source.provenance import GitFacts, changed_under

FORMAT = "sedp-commune-cache-3"


def tree_digest(*folders: Path) -> str:
    """Hash of every file (path and bytes) under the folders."""
    parts: list[bytes | str] = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return content_key(*parts)


class CommuneCache:
    def __init__(self, folder: Path, project: Path, git: GitFacts | None = None):
        self.store = ContentCache(folder, ".json")
        self.project = project
        self.salt = content_key(FORMAT, sedp.__version__, tree_digest(Path(sedp.__file__).parent, project / "schema"))
        # The commit alone, not its age: a commit to another commune must not touch this key.
        self.git = git or GitFacts(project)  # the pipeline's pages reuse what git said here
        commits, self.changes = self.git.facts()  # the footer says "uncommitted edits"
        self.commits = {folder: commit for folder, (_, commit) in commits.items()}

    def key(self, commune_path: Path, context: tuple) -> str:
        """context: everything outside the folder the result depends on (district
        name, province, the path shown in messages)."""
        relative = commune_path.relative_to(self.project).as_posix()
        changed = changed_under(self.changes, relative)
        parts: list[bytes | str] = [self.salt, json.dumps([relative, self.commits.get(relative), changed], ensure_ascii=False),
                 json.dumps(context, ensure_ascii=False, sort_keys=True, default=str)]
        for root, dirs, files in os.walk(commune_path):
            dirs.sort()
            for name in sorted(files):
                path = Path(root, name)
                try:
                    content = path.read_bytes()
                except OSError:  # a dangling link (an editor's lock file): its name is enough
                    content = b"\0unreadable"
                parts += [path.relative_to(commune_path).as_posix(), content]
        return content_key(*parts)

    def get(self, key: str) -> CommuneRecord | None:
        raw = self.store.get(key)
        if raw is None:
            return None
        try:
            return record_from_json(raw)
        except (ValueError, KeyError, TypeError):
            return None  # damaged, or from another version: render again

    def put(self, key: str, record: CommuneRecord) -> None:
        self.store.put(key, record_to_json(record))

    def prune(self) -> int:
        """Forget records no commune of this build used (keeps the cache one province big)."""
        return self.store.prune()


def _plain(value):
    """JSON has no Decimal, bytes or tuple: exact amounts and file contents are tagged."""
    if isinstance(value, Decimal):
        return {"$decimal": format(value, "f")}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "to_plain"):  # a Summary: its counters, sets and money as plain values
        return _plain(value.to_plain())
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):  # a key a plan typed may start with "$": doubled, so no tag is ever forged
        return {("$" + k if isinstance(k, str) and k.startswith("$") else k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _tagged(value: dict):
    if len(value) == 1 and "$decimal" in value:
        return Decimal(value["$decimal"])
    if len(value) == 1 and "$bytes" in value:
        return base64.b64decode(value["$bytes"])
    return {(k[1:] if k.startswith("$") else k): v for k, v in value.items()}


def record_to_json(record: CommuneRecord) -> bytes:
    return json.dumps(_plain(record), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def record_from_json(raw: bytes) -> CommuneRecord:
    return _typed(CommuneRecord, json.loads(raw, object_hook=_tagged))


def _typed(kind, value):
    """Decoded JSON as the annotation kind says, so a typed field added to a record is
    read back with no edit here: a dataclass field by field, a class with from_plain
    (Summary) by it, tuples from lists, the items of lists and dicts likewise."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):  # X | None: value is not None here
        kinds = [a for a in args if a is not type(None)]
        return _typed(kinds[0], value) if len(kinds) == 1 else value
    if hasattr(kind, "from_plain"):
        return kind.from_plain(value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: _typed(hints[f.name], value[f.name]) for f in dataclasses.fields(kind)})
    if origin is list:
        return [_typed(args[0], item) for item in value]
    if kind is tuple or origin is tuple:
        return tuple(_typed(a, item) for a, item in zip(args, value, strict=True)) if args and args[-1] is not ... else tuple(value)
    if origin is dict:
        return {key: _typed(args[1], item) for key, item in value.items()}
    return value
