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
from decimal import Decimal
from pathlib import Path

import sedp
from sedp.core.cache import ContentCache, content_key
from sedp.core.problems import Problem
from sedp.model.views import CommuneView
from sedp.publish.pipeline import CommuneRecord
from sedp.source.provenance import GitFacts, Source, changed_under

FORMAT = "sedp-commune-cache-2"


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
    data = json.loads(raw, object_hook=_tagged)
    view = data["view"]
    if view is not None:
        view = CommuneView(**{**view, "sources": {y: Source(**s) for y, s in view["sources"].items()}})
    return CommuneRecord(**{
        **data, "view": view, "problems": [Problem(**p) for p in data["problems"]],
        "code": tuple(data["code"]) if data["code"] else None,
        "copies": [tuple(c) for c in data["copies"]], "documents": [tuple(d) for d in data["documents"]]})
