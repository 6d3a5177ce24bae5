"""Rendering reads, it does not fetch (issue 30): what git says of a plan (the
last commit in the footers, the review trail) is gathered first, by
publish.pipeline.Stage.gather, and handed to the renderers as data. With a `git`
on PATH that only records its calls and fails, everything after the gathering
(the communes' pages, DOCX texts and open data, the district, period and home
pages, the province's open data) comes out the same as with git."""

from __future__ import annotations

import os
import stat
import zlib
from pathlib import Path

from conftest import YEAR, git, init_repo, make_project, replace_in
from sedp.publish import pipeline
from sedp.publish.build import generate

AUTHOR = "Nông Thị Hoa"


def shim(folder: Path, calls: Path) -> str:
    """A PATH whose only `git` writes its arguments to calls and fails; the folders of any other
    git are left out, so a git found by another name would not be found either."""
    folder.mkdir()
    script = folder / "git"
    script.write_text(f'#!/bin/sh\necho "git $*" >> "{calls}"\necho "git is not to be run here" >&2\nexit 1\n',
                      encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    others = [d for d in os.environ["PATH"].split(os.pathsep) if d and not (Path(d) / "git").exists()]
    return os.pathsep.join([str(folder), *others])


def test_pages_documents_and_open_data_render_with_no_git_to_run(tmp_path, monkeypatch):
    project = init_repo(make_project(tmp_path / "project"))
    replace_in(project / YEAR / "ke-hoach.yaml", "so_ky_hieu:    ", 'so_ky_hieu: "45/KH-UBND"')
    git(project, "-c", f"user.name={AUTHOR}", "commit", "-qam", "Ghi số ký hiệu (#12)")
    commit = git(project, "rev-parse", "HEAD").strip()
    with_git = generate(project, jobs=1, use_cache=False)
    assert with_git.report.ok
    year_page = with_git.pages["thach-an/duc-long/2027/index.md"]
    assert f"{AUTHOR}</td>" in year_page and "sửa 1 mục" in year_page  # the review trail, from git
    assert commit[:12] in year_page  # the footer's commit, from git
    assert any(commit.encode() in zlib.decompress(document) for _, document in with_git.documents)  # DOCX properties

    calls = tmp_path / "git-calls.txt"
    no_git, real = shim(tmp_path / "bin", calls), os.environ["PATH"]
    gather = pipeline.Stage.gather

    def gather_with_git(stage, record, result):
        """The one step that may ask git: with the real PATH while it runs."""
        with monkeypatch.context() as inside:
            inside.setenv("PATH", real)
            return gather(stage, record, result)

    monkeypatch.setattr(pipeline.Stage, "gather", gather_with_git)
    monkeypatch.setenv("PATH", no_git)
    without_git = generate(project, jobs=1, use_cache=False)

    ran = calls.read_text(encoding="utf-8") if calls.exists() else ""
    assert ran == "", f"rendering ran git (the facts should be gathered before, in Stage.gather):\n{ran}"
    assert without_git.report.ok
    assert without_git.pages == with_git.pages
    assert without_git.documents == with_git.documents
    assert without_git.blobs == with_git.blobs
    assert without_git.nav == with_git.nav
    assert os.environ["PATH"] == no_git  # the gathering gave the PATH back
