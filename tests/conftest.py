"""Shared helpers: real projects in tmp_path, the real CLI."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from sedp.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
YEAR = Path("plans/thach-an/duc-long/2027")


def make_project(target: Path, plans: Path = FIXTURES / "base" / "plans", overlay: Path | None = None) -> Path:
    """A project folder: the repository's schema/, a plans/ tree, an optional overlay on top."""
    shutil.copytree(ROOT / "schema", target / "schema")
    shutil.copytree(plans, target / "plans")
    if overlay is not None and (overlay / "plans").is_dir():
        shutil.copytree(overlay / "plans", target / "plans", dirs_exist_ok=True)
    return target


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
