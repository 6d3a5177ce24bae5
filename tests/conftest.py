"""Shared helpers: real projects in tmp_path, the real CLI, the example site
built once per run (the `built` fixture; the summary line says how often)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from sedp.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
YEAR = Path("plans/thach-an/duc-long/2027")
PACKAGE = Path(importlib.util.find_spec("sedp").origin).parent  # the sedp under test
# The day every test reads the plans on (sedp.check.crossfile.today): the plans' dates of what
# happened (meetings, resolutions, records) must not be after it, so a test must not depend on
# the calendar. Late enough for every example and synthetic year; a test that needs another day
# (a date still to come) sets its own with `monkeypatch.setattr(crossfile, "today", ...)`.
TODAY = date(2029, 12, 31)


@pytest.fixture(autouse=True, scope="session")
def fixed_today():
    from sedp.check import crossfile

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(crossfile, "today", lambda: TODAY)
        yield


def make_project(target: Path, plans: Path = FIXTURES / "base" / "plans", overlay: Path | None = None) -> Path:
    """A project folder as a province repository has it: the repository's schema/,
    docs/, mkdocs.yml and its hook, a plans/ tree, an optional overlay on top."""
    shutil.copytree(ROOT / "schema", target / "schema")
    shutil.copytree(plans, target / "plans")
    if overlay is not None and (overlay / "plans").is_dir():
        shutil.copytree(overlay / "plans", target / "plans", dirs_exist_ok=True)
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    (target / "generator/sedp").mkdir(parents=True)
    # the hook from the package under test (the mutation run lays it out elsewhere)
    shutil.copy(PACKAGE / "mkdocs_hooks.py", target / "generator/sedp/mkdocs_hooks.py")
    return target


def copy_project(target: Path) -> Path:
    """The example province (the repository's plans/) as a project in target."""
    return make_project(target, plans=ROOT / "plans")


HOSTILE = ('<script>alert("x")</script> <img src=x onerror=alert(2)> **đậm** [bấm](javascript:alert(1)) {{ 7*7 }} '
           '{% if true %}có{% endif %} a | b\nhai dòng')
PLANTED = Path("plans/thach-an/duc-long/2027/buoc-04-du-thao.yaml")
EXAMPLE_BUILDS = []  # one entry per build of the session's example site


def plant(project: Path) -> None:
    """Put hostile text in the first activity's name of one plan."""
    path = project / PLANTED
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("hoat_dong:")
    index = next(i for i in range(start, len(lines)) if lines[i].startswith("  ten: "))
    lines[index] = "  ten: " + json.dumps(HOSTILE, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The example site with hostile text planted, built once for the whole run."""
    from sedp.publish.build import build_site

    project = copy_project(tmp_path_factory.mktemp("site") / "project")
    plant(project)
    report = build_site(project)
    EXAMPLE_BUILDS.append(project)
    assert report.ok, [p.format() for p in report.sorted()]
    return project


def page(project: Path, url: str) -> str:
    return (project / "site" / url / "index.html").read_text(encoding="utf-8")


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(f"sedp: the example site was built {len(EXAMPLE_BUILDS)} time(s) for the shared "
                                "fixture in this run")


@pytest.fixture
def base_project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def example_project(tmp_path) -> Path:
    return make_project(tmp_path / "example", plans=ROOT / "plans")


@pytest.fixture
def sedp(monkeypatch):
    """Run the CLI in a folder and return (exit code, output)."""

    def run(cwd: Path, *args: str):
        monkeypatch.chdir(cwd)
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        return result.exit_code, result.output

    return run


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, text=True).stdout


def init_repo(project: Path) -> Path:
    """Make project a git repository with everything in one first commit."""
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "Lương Văn Tùng")
    git(project, "config", "user.email", "tung@example.org")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Kế hoạch ban đầu")
    return project


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a file as a technician would: the first occurrence of old, which must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
