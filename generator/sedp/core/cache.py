"""A content cache: outputs kept in a folder by the hash of what made them.

Used for the commune results, the DOCX files and the XLSX workbooks under
build/. An entry is one file named `<key><suffix>`, written atomically, so
two builds at once never read half an entry. Each build prunes what it did
not use, so the cache stays the size of the current plans.
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
        """The keys stored (other files in the folder are not the cache's)."""
        if not self.folder.is_dir():
            return []
        return [p.name[:-len(self.suffix)] if self.suffix else p.name for p in self.folder.iterdir()
                if p.name.endswith(self.suffix) and _KEY.fullmatch(p.name[:len(p.name) - len(self.suffix)])]

    def prune(self, keep: set[str] | None = None) -> int:
        """Remove every entry but keep (default: those this process used); the count removed."""
        keep = self.used if keep is None else keep
        removed = 0
        for key in self.entries():
            if key not in keep:
                self.path(key).unlink(missing_ok=True)
                removed += 1
        return removed
