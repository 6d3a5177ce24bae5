"""What made an output: the git commit of the plan's own files (sedp's
version and the versions that shape outputs are in publish/versions.py).

Every plan-year page and DOCX names sedp's version and the last commit that
changed its folder, so a printed plan can be traced to the exact source it
came from. Only what the plan's own files and sedp decide goes in, so an
unchanged plan keeps byte-identical outputs.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import sedp
from sedp.source.repository import plan_folder, plan_path


@dataclass(frozen=True)
class Source:
    """The source of one plan year's outputs."""

    folder: str  # "plans/<district>/<commune>/<year>"
    commit: str | None = None  # newest commit on the main line that changed the folder
    dirty: bool = False  # the folder differs from that commit in the work tree

    def sentence(self) -> str:
        """For the page footer, in Vietnamese."""
        where = f"Tạo bởi sedp {sedp.__version__} từ {self.folder}"
        if self.commit is None:
            return f"{where} (chưa ghi vào git)."
        return where + f", commit {self.commit[:12]}" + (" và các sửa đổi chưa ghi vào git." if self.dirty else ".")

    def docx_meta(self) -> dict:
        """pandoc metadata: subject and description go to the DOCX core properties, the
        other keys to its custom properties. (Not `title`: pandoc prints it on page 1.)"""
        description = f"Tạo bởi sedp {sedp.__version__} từ {self.folder}, commit {self.commit or 'chưa ghi vào git'}"
        if self.dirty:
            description += " và các sửa đổi chưa ghi vào git"
        return {"subject": self.folder, "description": description + ".",
                "sedp_version": sedp.__version__, "nguon_commit": self.commit or ""}


def last_commits(project: Path) -> dict[str, tuple[int, str]]:
    """Folder -> (age, commit): the newest commit on the main line that changed
    it, for every commune folder (plans/<district>/<commune>) and plan-year
    folder (…/<year>); age 0 is the newest commit. One git call; empty outside git."""
    if not (project / ".git").exists():
        return {}
    try:
        out = subprocess.run(["git", "log", "--first-parent", "--format=%x1e%H", "--name-only", "--", "plans"],
                             cwd=project, capture_output=True, check=True).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.CalledProcessError):
        return {}
    latest: dict[str, tuple[int, str]] = {}
    for age, block in enumerate(out.split("\x1e")[1:]):
        commit, _, names = block.partition("\n")
        for name in names.split("\n"):
            where = plan_path(name)
            if where.commune:
                latest.setdefault(plan_folder(where.district, where.commune), (age, commit))
            if where.year:
                latest.setdefault(plan_folder(*where.key), (age, commit))
    return latest


def changed_under(changes, folder: str) -> list[str]:
    """The changed paths inside folder (from working_changes)."""
    return sorted(path for path in changes if path.startswith(folder + "/"))


def working_changes(project: Path) -> frozenset[str]:
    """Paths under plans/ that differ from HEAD in the work tree (one git call)."""
    if not (project / ".git").exists():
        return frozenset()
    try:
        out = subprocess.run(["git", "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "plans"],
                             cwd=project, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return frozenset()
    changed, entries = set(), iter(out.split(b"\0"))
    for entry in entries:
        if len(entry) > 3:
            changed.add(entry[3:].decode("utf-8", "replace"))
            if entry[:1] in (b"R", b"C"):  # a rename or copy is followed by its old path
                changed.add(next(entries, b"").decode("utf-8", "replace"))
    return frozenset(changed)


class GitFacts:
    """What git says of the plan folders, asked once per build, before anything is
    rendered: the commune cache's keys and the pages' provenance share one. Built
    from known facts (facts=) in a worker process, which then asks git nothing."""

    def __init__(self, project: Path, facts: tuple[dict, frozenset] | None = None):
        self.project = project
        self._facts = facts

    def facts(self) -> tuple[dict, frozenset]:
        """(last_commits, working_changes) of the project."""
        if self._facts is None:
            self._facts = (last_commits(self.project), working_changes(self.project))
        return self._facts

    def source(self, folder: str) -> Source:
        commits, changes = self.facts()
        _, commit = commits.get(folder, (None, None))
        return Source(folder, commit, bool(changed_under(changes, folder)))

    def district_source(self, district: str, sources: list[Source]) -> Source:
        """A district document's source: the oldest of its communes' newest commits."""
        commits, _ = self.facts()
        committed = [commits[s.folder] for s in sources if s.folder in commits]
        return Source(plan_folder(district), min(committed)[1] if committed else None, any(s.dirty for s in sources))

