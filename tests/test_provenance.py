"""Outputs say what made them: `sedp --version`, and each plan's page footer and
DOCX name sedp's version and the last commit that changed that plan's files."""

from __future__ import annotations

import html
import re
import subprocess
from importlib import metadata
from pathlib import Path

import pytest

import docx
import sedp
from conftest import copy_project, init_repo
from conftest import git as run_git
from sedp.publish.build import build_site
from sedp.render.docx.reference import pandoc_path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
YEAR = "plans/thach-an/duc-long/2027"
OTHER = "plans/ha-quang/truong-ha/2027"
PAGE = "site/thach-an/duc-long/2027/index.html"
DOCX = "site/thach-an/duc-long/2027/ke-hoach-duc-long-2027.docx"


def git(project: Path, *args: str) -> str:
    return run_git(project, *args).strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    return init_repo(copy_project(tmp_path / "repo"))


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def footer(project: Path, page: str = PAGE) -> str:
    text = (project / page).read_text(encoding="utf-8")
    found = re.search(r'<p class="sedp-nguon">(.*?)</p>', text, re.S)
    assert found, "no source footer on the page"
    return html.unescape(found.group(1))


def test_version_lists_what_shapes_the_output(sedp, tmp_path):
    code, output = sedp(tmp_path, "--version")
    assert code == 0
    lines = output.splitlines()
    assert lines[0] == f"sedp, phiên bản {sedp_version()}"
    pandoc = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True).stdout.split()[1]
    import yaml

    for expected in (f"  pandoc {pandoc}", f"  libyaml {yaml._yaml.get_version_string()}",
                     f"  PyYAML {metadata.version('PyYAML')}", f"  mkdocs-material {metadata.version('mkdocs-material')}",
                     f"  Jinja2 {metadata.version('Jinja2')}", f"  Python {'.'.join(map(str, __import__('sys').version_info[:3]))}"):
        assert expected in lines


def sedp_version() -> str:
    return metadata.version("sedp")


def test_page_footer_and_docx_name_version_and_the_plans_last_commit(repo):
    git(repo, "commit", "-q", "--allow-empty", "-m", "Một commit không đụng tới kế hoạch")
    append(repo / OTHER / "buoc-05-tham-van.yaml", "# ghi chú\n")
    git(repo, "commit", "-qam", "Sửa kế hoạch xã khác")
    plan_commit = git(repo, "log", "-1", "--format=%H", "--", YEAR)
    assert plan_commit != git(repo, "rev-parse", "HEAD")  # the plan's own commit, not the newest one
    assert build_site(repo).ok
    assert footer(repo) == f"Tạo bởi sedp {sedp.__version__} từ {YEAR}, commit {plan_commit[:12]}."
    assert sedp_version() == sedp.__version__
    properties = docx.Document(repo / DOCX).core_properties
    assert properties.subject == YEAR
    assert properties.comments == f"Tạo bởi sedp {sedp.__version__} từ {YEAR}, commit {plan_commit}."
    body = docx.Document(repo / DOCX).element.body
    # page 1 starts with the official header block, only the draft stamp above it (this plan is not approved)
    assert body[0].tag.endswith("}p") and "".join(t.text for t in body[0].iter(f"{{{W}}}t")) == "DỰ THẢO"
    assert body[1].tag.endswith("}tbl")
    # the district synthesis names the newest commit among its communes' plans
    district = docx.Document(repo / "site/ha-quang/tong-hop-ha-quang-2027.docx").core_properties
    assert district.comments == f"Tạo bởi sedp {sedp.__version__} từ plans/ha-quang, commit {git(repo, 'rev-parse', 'HEAD')}."


def test_uncommitted_edits_are_said_and_a_folder_outside_git_too(repo, tmp_path):
    append(repo / YEAR / "buoc-05-tham-van.yaml", "# chưa ghi\n")
    assert build_site(repo).ok
    commit = git(repo, "log", "-1", "--format=%H", "--", YEAR)
    assert footer(repo) == f"Tạo bởi sedp {sedp.__version__} từ {YEAR}, commit {commit[:12]} và các sửa đổi chưa ghi vào git."
    assert "và các sửa đổi chưa ghi vào git" in docx.Document(repo / DOCX).core_properties.comments
    loose = copy_project(tmp_path / "loose")
    assert build_site(loose).ok
    assert footer(loose) == f"Tạo bởi sedp {sedp.__version__} từ {YEAR} (chưa ghi vào git)."


def test_an_unchanged_plan_keeps_identical_outputs_when_another_changes(repo):
    assert build_site(repo).ok
    before = {p: (repo / p).read_bytes() for p in (PAGE, DOCX)}
    append(repo / OTHER / "buoc-05-tham-van.yaml", "# ghi chú\n")
    git(repo, "commit", "-qam", "Sửa kế hoạch xã khác")
    assert build_site(repo).ok
    assert {p: (repo / p).read_bytes() for p in (PAGE, DOCX)} == before


def test_a_change_only_git_sees_still_marks_the_page(repo):
    assert build_site(repo).ok
    assert footer(repo).endswith(".") and "chưa ghi" not in footer(repo)
    (repo / YEAR / "buoc-05-tham-van.yaml").chmod(0o755)  # same bytes, a new mode: the cached page is not reused
    assert build_site(repo).ok
    assert footer(repo).endswith("và các sửa đổi chưa ghi vào git.")


def test_a_commit_to_one_commune_renders_only_that_commune_again(repo):
    from sedp.publish.build import build_all

    assert build_all(repo).report.ok
    append(repo / OTHER / "buoc-05-tham-van.yaml", "# ghi chú\n")
    git(repo, "commit", "-qam", "Sửa kế hoạch xã khác")  # every other commune's history stays as it was
    assert build_all(repo).rendered == 1
