"""What a commune's validation and rendering gave, kept by the hash of its inputs.

A commune's pages, DOCX texts, open data and problems depend only on its own
files, its district's name, the province, the handbook (schema/), sedp's code
and, for the review trail, the git commits that touched its folder. When none
of these changed, the next build reuses the result instead of checking and
rendering the commune again; so editing one commune re-renders one commune.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import sedp
from sedp.source.provenance import changed_under, last_commits, working_changes

FORMAT = b"sedp-commune-cache-1"


def tree_digest(*folders: Path) -> bytes:
    """Hash of every file (path and bytes) under the folders."""
    digest = hashlib.blake2b(digest_size=20)
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.digest()


class CommuneCache:
    def __init__(self, folder: Path, project: Path):
        self.folder = folder
        self.project = project
        self.salt = FORMAT + sedp.__version__.encode() + tree_digest(Path(sedp.__file__).parent, project / "schema")
        # The commit alone, not its age: a commit to another commune must not touch this key.
        self.commits = {folder: commit for folder, (_, commit) in last_commits(project).items()}
        self.changes = working_changes(project)  # the footer says "uncommitted edits"
        self.used: set[str] = set()

    def key(self, commune_path: Path, context: tuple) -> str:
        """context: everything outside the folder the result depends on (district
        name, province, the path shown in messages)."""
        digest = hashlib.blake2b(self.salt, digest_size=20)
        relative = commune_path.relative_to(self.project).as_posix()
        changed = changed_under(self.changes, relative)
        digest.update(repr((relative, context, self.commits.get(relative), changed)).encode())
        for root, dirs, files in os.walk(commune_path):
            dirs.sort()
            for name in sorted(files):
                path = Path(root, name)
                digest.update(path.relative_to(commune_path).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
        key = digest.hexdigest()
        self.used.add(key)
        return key

    def get(self, key: str):
        try:
            return pickle.loads((self.folder / key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # absent or from another version: render again

    def put(self, key: str, value) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f".{key}.tmp"
        temporary.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(self.folder / key)

    def prune(self) -> None:
        """Forget results no commune of this build uses (keeps the cache one province big)."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in self.used:
                    path.unlink(missing_ok=True)
