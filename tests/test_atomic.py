"""A build that fails or is killed leaves the previous site as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_project
from sedp.publish.build import build_all
from sedp.publish.mkdocs_run import SiteBuildError
from test_incremental import differences


@pytest.fixture
def project(tmp_path) -> Path:
    project = copy_project(tmp_path / "project")
    assert build_all(project).report.ok
    return project


def snapshot(project: Path, target: Path) -> Path:
    """A real copy of site/ to compare with later."""
    import shutil

    shutil.copytree(project / "site", target)
    return target


def edit_budget(project: Path) -> None:
    path = project / "plans/thach-an/duc-long/2027/buoc-04-du-thao.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    ngan_sach_tinh: 665\n", "    ngan_sach_tinh: 700\n", 1)
                    .replace("  tong_kinh_phi: 1095\n", "  tong_kinh_phi: 1130\n", 1), encoding="utf-8")


@pytest.mark.parametrize("incremental", [True, False], ids=["incremental", "full"])
def test_a_build_killed_midway_leaves_the_old_site_intact(project, tmp_path, incremental):
    before = snapshot(project, tmp_path / "before")
    edit_budget(project)
    if not incremental:
        (project / "build/site-stamp.json").unlink()
    build = subprocess.Popen([str(Path(sys.executable).parent / "sedp"), "build"], cwd=project,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    staging = []
    while not staging and build.poll() is None and time.monotonic() < deadline:
        staging = [p for p in project.iterdir() if p.name.startswith(".site-new-") and any(p.iterdir())]
        time.sleep(0.005)
    assert staging, "the build never started writing a new site"
    # Killed as soon as the new site has its first files: mkdocs is writing it
    # now. (A pause here let the example's build finish first on a fast machine.)
    os.killpg(build.pid, signal.SIGKILL)
    assert build.wait() == -signal.SIGKILL, "the build finished before it was killed: nothing was tested"

    assert differences(project / "site", before) == []
    # the next build recovers: abandoned half-built sites are removed, the edit shows
    built = build_all(project)
    assert built.report.ok
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]
    assert "1.130" in (project / "site/thach-an/duc-long/2027/index.html").read_text(encoding="utf-8")


def test_a_build_that_fails_in_mkdocs_leaves_the_old_site_intact(project, tmp_path):
    before = snapshot(project, tmp_path / "before")
    guide = project / "docs/huong-dan.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n[hỏng](khong-co-trang-nay.md)\n", encoding="utf-8")
    with pytest.raises(SiteBuildError) as refused:  # strict: a broken link aborts
        build_all(project)
    assert any("'huong-dan.md' contains a link 'khong-co-trang-nay.md'" in line for line in refused.value.details)
    assert differences(project / "site", before) == []
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]


def test_a_swap_cut_between_its_renames_is_undone(project, tmp_path):
    before = snapshot(project, tmp_path / "before")
    os.rename(project / "site", project / ".site-old")  # killed after the first rename
    assert build_all(project).report.ok
    assert differences(project / "site", before) == []


def tree_state(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_reading_commands_never_write_inside_plans_or_schema(project, tmp_path, sedp):
    before = {name: tree_state(project / name) for name in ("plans", "schema")}
    edit_budget(project)  # so the next build has something to rebuild
    edited = tree_state(project / "plans")
    for command in (["validate", "plans"], ["validate", "--json", "plans"], ["build"], ["build", "--timings"],
                    ["docx", "--out", str(tmp_path / "docx")], ["export", "--out", str(tmp_path / "data")],
                    ["schema", "json", "--check"]):
        code, output = sedp(project, *command)
        assert code == 0, (command, output)
    assert tree_state(project / "plans") == edited
    assert tree_state(project / "schema") == before["schema"]
    changed = [path for path in edited if edited[path] != before["plans"][path]]
    assert changed == ["thach-an/duc-long/2027/buoc-04-du-thao.yaml"]
