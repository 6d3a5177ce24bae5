"""Plans as they were at a git revision, read straight from git (no checkout)."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

from sedp.core.errors import SedpError
from sedp.source.handbook import PLAN_FILE
from sedp.source.loader import Document, load_bytes
from sedp.source.repository import PLACES, place_file, plan_folder, plan_path


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


def verify(project: Path, revision: str) -> None:
    """A revision git knows, or a GitError saying in Vietnamese which one it does not."""
    try:
        git(project, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except GitError:
        raise GitError(f"Không tìm thấy phiên bản git '{revision}' (tên nhánh, thẻ hoặc mã commit); "
                       "xem các nhánh bằng `git branch -a`.") from None


def files_at(project: Path, revision: str | None, *folders: str) -> dict[str, bytes]:
    """The YAML files under the folders (or the files named) at a revision
    (None: the working tree): path -> bytes. No folder: all of plans/."""
    folders = folders or ("plans",)
    if revision is None:
        found = {}
        for folder in folders:
            root = project / folder
            paths = [root] if root.is_file() else root.rglob("*.y*ml") if root.is_dir() else []
            found.update({p.relative_to(project).as_posix(): p.read_bytes() for p in paths
                          if p.is_file() and p.suffix in (".yaml", ".yml")})
        return found
    verify(project, revision)
    names = [n for n in git(project, "ls-tree", "-r", "-z", "--name-only", revision, "--", *folders).decode().split("\0")
             if n.endswith((".yaml", ".yml"))]
    return blobs_at(project, revision, names)[0] if names else {}


def changed_paths(project: Path, base: str, head: str | None) -> list[str]:
    """Paths under plans/ that differ between base and head (None: the working
    tree, new untracked files included). Renames count as a removal and an addition."""
    revisions = [base] if head is None else [base, head]
    try:
        names = git(project, "diff", "--no-renames", "--name-only", "-z", *revisions, "--", "plans").decode()
    except GitError:
        for revision in revisions:  # which word git does not know, said as such
            verify(project, revision)
        raise
    if head is None:
        names += git(project, "ls-files", "--others", "--exclude-standard", "-z", "--", "plans").decode()
    return sorted({n for n in names.split("\0") if n})


def touched(paths: list[str], naming: tuple = ()) -> list[str]:
    """What a diff reads for the changed paths: the changed files themselves,
    the plan file of each changed plan year and its files named in naming (those
    that define the items a change refers to), and the place files that name it
    (province, district, commune). A file equal on both sides adds nothing."""
    wanted = {place_file(), *paths}
    for path in paths:
        where = plan_path(path)
        if where.district:
            wanted.add(place_file(where.district))
        if where.commune:
            wanted.add(place_file(where.district, where.commune))
        if where.kind == "step":
            wanted.update(f"{plan_folder(*where.key)}/{name}" for name in (PLAN_FILE, *naming))
    return sorted(wanted)


def blobs_at(project: Path, revision: str | None, paths: list[str], *more: str | None) -> list[dict[str, bytes]]:
    """The named files that exist at each revision given (None: the working
    tree): one path -> bytes mapping per revision, read by one git process."""
    revisions = [revision, *more]
    found: list[dict[str, bytes]] = [{} for _ in revisions]
    asked = [(i, r, p) for i, r in enumerate(revisions) if r is not None for p in paths]
    for index, rev in enumerate(revisions):
        if rev is None:
            found[index] = {p: (project / p).read_bytes() for p in paths if (project / p).is_file()}
    if not asked:
        return found
    out = git(project, "cat-file", "--batch", data="".join(f"{r}:{p}\n" for _, r, p in asked).encode())
    position = 0
    for index, _, path in asked:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        if header[-1] == b"missing":
            position = end + 1
            continue
        size = int(header[2])
        found[index][path] = out[end + 1:end + 1 + size]
        position = end + 1 + size + 1
    return found


def load(path: str, raw: bytes) -> Document:
    return load_bytes(raw, Document(path=Path(path), display=path))


@functools.lru_cache(maxsize=4096)
def parsed(raw: bytes):
    """A file's data, parsed once for equal bytes (a file unchanged between two
    revisions is read at both). Callers must not change it."""
    return load("", raw).data


def plan_years(files: dict[str, bytes]) -> dict[tuple, dict]:
    """(district, commune, year) -> file name -> data, for every plan-year file."""
    years: dict[tuple, dict] = {}
    for path, raw in files.items():
        where = plan_path(path)
        if where.kind == "step":
            years.setdefault(where.key, {})[where.name] = parsed(raw) or {}
    return years


def place_data(files: dict[str, bytes]) -> dict[str, dict]:
    """'plans', 'plans/<district>' and 'plans/<district>/<commune>' -> the data of
    their province.yaml, district.yaml or commune.yaml (a mapping, maybe empty)."""
    places = {}
    for path, raw in files.items():
        where = plan_path(path)
        if where.kind in PLACES:
            data = parsed(raw)
            places[where.place] = data if isinstance(data, dict) else {}
    return places
