"""A content cache: outputs kept in a folder by the hash of what made them.

Used for the commune results, the DOCX files and the XLSX workbooks under
build/. An entry is one file named `<key><suffix>`, written atomically, so
two builds at once never read half an entry. Each build prunes what it did
not use, so the cache stays the size of the current plans. The folder is the
cache's alone: anything else in it is removed by a prune.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sedp.core.files import atomic_write

_KEY = re.compile(r"[0-9a-f]{40}")


def content_key(*parts: bytes | str) -> str:
    """40 hex digits from the parts (each part is length-prefixed: no two lists collide)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class ContentCache:
    def __init__(self, folder: Path, suffix: str = ""):
        self.folder = folder
        self.suffix = suffix
        self.used: set[str] = set()  # keys asked for or stored by this process

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{self.suffix}"

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        try:
            return self.path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, content: bytes) -> None:
        self.used.add(key)
        atomic_write(self.path(key), content)

    def entries(self) -> list[str]:
        """The keys stored."""
        if not self.folder.is_dir():
            return []
        return [p.name[:len(p.name) - len(self.suffix)] for p in self.folder.iterdir()
                if p.name.endswith(self.suffix) and _KEY.fullmatch(p.name[:len(p.name) - len(self.suffix)])]

    def prune(self, keep: set[str] | None = None) -> int:
        """Remove every file but the entries in keep (default: those this process
        used), also files of older cache formats; the count removed. Names
        starting with '.' are writes in flight (another build's): left alone."""
        keep = self.used if keep is None else keep
        wanted = {f"{key}{self.suffix}" for key in keep}
        removed = 0
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in wanted and not path.name.startswith(".") and path.is_file():
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed
