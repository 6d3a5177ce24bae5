"""Plans as they were at a git revision, read straight from git (no checkout)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sedp.core.errors import SedpError
from sedp.source.loader import Document, load_bytes


class GitError(SedpError):
    code = "git"


def git(project: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=project, input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("Không tìm thấy git; hãy cài git.") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args[:2])}: {message[-1] if message else 'lỗi'}")
    return result.stdout


def files_at(project: Path, revision: str | None, folder: str = "plans") -> dict[str, bytes]:
    """The YAML files under folder at a revision (None: the working tree): path -> bytes."""
    if revision is None:
        root = project / folder
        return {str(p.relative_to(project).as_posix()): p.read_bytes()
                for p in root.rglob("*.yaml") if p.is_file()}
    git(project, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    names = [n for n in git(project, "ls-tree", "-r", "-z", "--name-only", revision, "--", folder).decode().split("\0")
             if n.endswith((".yaml", ".yml"))]
    if not names:
        return {}
    # One git process for every blob: "<sha> blob <size>\n<content>\n" per file.
    out = git(project, "cat-file", "--batch", data="".join(f"{revision}:{n}\n" for n in names).encode())
    files, position = {}, 0
    for name in names:
        end = out.index(b"\n", position)
        size = int(out[position:end].split()[2])
        files[name] = out[end + 1:end + 1 + size]
        position = end + 1 + size + 1
    return files


def load(path: str, raw: bytes) -> Document:
    return load_bytes(raw, Document(path=Path(path), display=path))


def plan_years(files: dict[str, bytes]) -> dict[tuple, dict]:
    """(district, commune, year) -> file name -> data, for every plan-year file."""
    years: dict[tuple, dict] = {}
    for path, raw in files.items():
        parts = path.split("/")
        if len(parts) == 5 and parts[3].isdigit():
            years.setdefault((parts[1], parts[2], parts[3]), {})[parts[4]] = load(path, raw).data or {}
    return years


def place_data(files: dict[str, bytes]) -> dict[str, dict]:
    """'plans', 'plans/<district>' and 'plans/<district>/<commune>' -> the data of
    their province.yaml, district.yaml or commune.yaml (a mapping, maybe empty)."""
    places = {}
    for path, raw in files.items():
        if path.endswith(("/province.yaml", "/district.yaml", "/commune.yaml")):
            data = load(path, raw).data
            places[os.path.dirname(path)] = data if isinstance(data, dict) else {}
    return places
