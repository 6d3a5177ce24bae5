"""Writing files so that no reader ever sees half of one.

Every write goes to a temporary file with a unique name beside the target and
is renamed over it: a rename is atomic, so a crash, a full disk or a second
process writing at the same moment leaves the old file or the new one, never
a mix (two builds started at once both finish with whole files).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

UMASK = os.umask(0o022)  # read once, at import (os.umask can only be read by setting it)
os.umask(UMASK)


def atomic_write(path: Path, content: bytes) -> None:
    """Replace path with content in one step (creating its folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:  # mkstemp makes the file private (0600): give it the target's mode, or a new file's
            mode = os.stat(path).st_mode & 0o777
        except FileNotFoundError:
            mode = 0o666 & ~UMASK
        os.chmod(temporary, mode)
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def write_if_changed(path: Path, content: bytes) -> int:
    """atomic_write unless path already holds content (its date then stays, so
    tools that watch dates see nothing to redo); 1 if written, else 0."""
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return 0
    except FileNotFoundError:
        pass
    atomic_write(path, content)
    return 1
