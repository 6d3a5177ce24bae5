"""A renovation changes no output: the example province built by the code at a
baseline commit and by the code under test gives the same site/ (pages, DOCX,
open data, search index) byte for byte, apart from the provenance footer.

Both builds read the same project (this repository's HEAD checked out with
`git worktree add`: plans/, schema/, docs/, mkdocs.yml and the history the
footers and review trails come from); only the generator differs. The baseline
is SEDP_BASELINE, by default the last commit whose output was meant to change:
the redline's list of changes and the trials' fixes (c6d8955: the redline's first line,
its list of every change, its alignment of lines; the comments report's words for a
comment on no item and a single day); before it, the merge of issue 28's redline
(edca77c: every plan year sent to the district gets its redline DOCX, linked from its
page); before it, issue 28's comments report (307a80e: a fifth DOCX per plan year, a section of
the plan-year page, the Tờ trình's list of attached papers; the commit before
it, 8898912, gave comments their commenter, item and outcome, which the step
tables show, and wrote `tham_chieu` lists and `mac_dinh` that older
generators cannot read); before it, the merge of issue 28's diff naming items
by code (0a6d393), and the commit issue 30 ("Renovate the house") started
from, 6b60bc6. Pagefind's index holds the pages' text, footers included, compressed in
files named by their hash: it compares equal because both builds read the same
commits and name the same sedp version. Two full builds: the slowest test here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import PACKAGE, ROOT

BASELINE = os.environ.get("SEDP_BASELINE", "c6d8955e67d5a53d3ce95d4099a40dc46da35fa0")
# "Tạo bởi sedp 0.1.0 từ plans/…/2027, commit 0123456789ab." on a page (and in the search index), or
# "… commit <hash> và các sửa đổi chưa ghi vào git." in a DOCX's description: which commit and which
# sedp made an output may differ between the two builds; nothing else may.
PROVENANCE = re.compile(r"Tạo bởi sedp \S+ từ [^<\"]*?(?:chưa ghi vào git\)?|commit [0-9a-f]+[^<\"]*?)\.")
DOCX_PROVENANCE = re.compile(r"(name=\"(?:sedp_version|nguon_commit)\"[^>]*><vt:lpwstr>)[^<]*")  # custom properties


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def resolve(revision: str) -> str | None:
    """The commit of revision in this repository, or None (not a git checkout, or a shallow
    clone without it: GitHub's checkout fetches one commit unless told fetch-depth: 0)."""
    found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd=ROOT,
                           capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else None


@pytest.fixture
def worktrees(tmp_path):
    """Add detached worktrees of this repository under tmp_path; removed afterwards."""
    added = []

    def add(name: str, revision: str) -> Path:
        path = tmp_path / name
        git(ROOT, "worktree", "add", "--detach", "--quiet", str(path), revision)
        added.append(path)
        return path

    yield add
    for path in added:
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, capture_output=True)


def build(project: Path, package: Path) -> None:
    """`sedp build` of project by the sedp package in folder package (its own mkdocs hook too)."""
    shutil.copy(package / "mkdocs_hooks.py", project / "generator/sedp/mkdocs_hooks.py")
    env = {**os.environ, "PYTHONPATH": str(package.parent)}
    done = subprocess.run([sys.executable, "-m", "sedp", "build", "--root", str(project)], cwd=project, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, f"the build by {package} failed:\n{done.stdout}\n{done.stderr}"


def without_provenance(path: Path) -> list[tuple[str, bytes]]:
    """The file's content (each part of a DOCX or XLSX) with the provenance text taken out."""
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            return [(name, DOCX_PROVENANCE.sub(r"\1", PROVENANCE.sub("", archive.read(name).decode("utf-8")))
                     .encode("utf-8") if name.endswith((".xml", ".rels")) else archive.read(name))
                    for name in sorted(archive.namelist())]
    content = path.read_bytes()
    if path.suffix in (".html", ".json", ".md", ".js", ".xml"):
        content = PROVENANCE.sub("", content.decode("utf-8")).encode("utf-8")
    return [("", content)]


def differences(before: Path, after: Path) -> list[str]:
    names = {p.relative_to(before).as_posix() for p in before.rglob("*") if p.is_file()}
    names |= {p.relative_to(after).as_posix() for p in after.rglob("*") if p.is_file()}
    found = []
    for name in sorted(names):
        if not (before / name).is_file() or not (after / name).is_file():
            found.append(f"{name}: only in {'after' if (after / name).is_file() else 'before'}")
            continue
        old, new = without_provenance(before / name), without_provenance(after / name)
        if old != new:
            parts = [a for (a, x), (_, y) in zip(old, new, strict=False) if x != y] or ["its parts"]
            found.append(f"{name}: {', '.join(part or 'content' for part in parts)} differ")
    return found


def test_the_example_builds_byte_identical_to_the_baseline(worktrees):
    if not (ROOT / ".git").exists():
        pytest.skip(f"{ROOT} is not a git checkout: no baseline to build")
    baseline = resolve(BASELINE)
    if baseline is None:
        pytest.skip(f"commit {BASELINE} (SEDP_BASELINE) is not in this clone (a shallow clone? "
                    "`git fetch --unshallow` or checkout with fetch-depth: 0)")
    head = git(ROOT, "rev-parse", "HEAD")
    old_code, current, previous = worktrees("code-before", baseline), worktrees("after", head), worktrees("before", head)
    build(previous, old_code / "generator/sedp")
    build(current, PACKAGE)
    found = differences(previous / "site", current / "site")
    assert not found, f"{len(found)} file(s) of site/ differ from the build at {BASELINE}:\n" + "\n".join(found[:60])
    assert any((current / "site").rglob("*.docx")) and (current / "site/index.html").is_file()
