"""The repository's .pre-commit-hooks.yaml run by the real pre-commit, as in a
technician's clone of a province repository: `pre-commit install`, then
`git commit` is stopped by sedp's file:line messages when a plan is wrong.

pre-commit clones the hook repository at `rev`, makes a virtualenv and runs
`pip install .` in it. The hook repository here is this working tree committed
in tmp_path (the tracked files and the new ones not ignored: what a clone of the
next commit has). The install stays offline, quick and pinned: PIP_NO_DEPS has
pip install sedp alone, its build backend comes from the setuptools wheel that
virtualenv ships (PIP_NO_INDEX, PIP_FIND_LINKS), and a .pth file then shows the
hook's virtualenv the packages this test runs with (requirements.txt's pins),
after its own, so the sedp that runs is the one pre-commit installed. A
province's real install downloads them from PyPI instead (the newest that
pyproject.toml allows, as pre-commit reads no lock).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import ROOT, git, init_repo, make_project, replace_in

pytest.importorskip("pre_commit", reason="pre-commit is installed by make test")

HOOKS = ROOT / ".pre-commit-hooks.yaml"
GUIDE = ROOT / "docs" / "huong-dan.md"  # its section for technicians shows this test's blocked commit
DRAFT = Path("plans/thach-an/duc-long/2027/buoc-04-du-thao.yaml")
BROKEN = f"{DRAFT.as_posix()}:19: hoat_dong[1].tong_kinh_phi: Tổng kinh phí (triệu đồng) ghi 971 nhưng tổng các phần là 970.5"
COUNTS = re.compile(r"Đã kiểm tra (\d+) xã, (\d+) năm kế hoạch")


def _embedded_setuptools() -> Path:
    """The folder of wheels virtualenv seeds environments from (it has setuptools)."""
    from virtualenv.seed.wheels.embed import BUNDLE_FOLDER

    if not any(Path(BUNDLE_FOLDER).glob("setuptools-*.whl")):
        pytest.skip(f"virtualenv ships no setuptools wheel in {BUNDLE_FOLDER}: sedp cannot be built offline")
    return Path(BUNDLE_FOLDER)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This working tree as a hook repository at one commit: (path, commit)."""
    repo = tmp_path_factory.mktemp("sedp-hooks")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():  # not a file deleted in the working tree
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, repo / name)
    assert (repo / HOOKS.name).is_file()
    init_repo(repo)
    return repo, git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """PRE_COMMIT_HOME: the hook repository's clone and virtualenv, made once for the module."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "PRE_COMMIT", "VIRTUALENV_", "PYTHONPATH", "PYTHONHOME"))}
    return {**env, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", **extra}


def _run(cwd: Path, home: Path, *args: str, **extra: str) -> tuple[int, str]:
    done = subprocess.run(args, cwd=cwd, env=_env(home, **extra), capture_output=True, encoding="utf-8")
    return done.returncode, done.stdout + done.stderr


def _province(target: Path, hook_repo: tuple[Path, str], home: Path) -> Path:
    """A province repository whose .pre-commit-config.yaml names the hook, with
    `pre-commit install --install-hooks` run in it as the user guide says."""
    project = make_project(target)
    repo, rev = hook_repo
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: sedp-validate\n",
        encoding="utf-8")
    init_repo(project)
    code, output = _run(project, home, sys.executable, "-m", "pre_commit", "install", "--install-hooks",
                        PIP_NO_INDEX="1", PIP_FIND_LINKS=str(_embedded_setuptools()), PIP_NO_DEPS="1",
                        PIP_CONFIG_FILE=os.devnull)
    assert code == 0, output
    environment = next(home.glob("repo*/py_env-*"))
    python = environment / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    assert list(Path(site).glob("sedp-*.dist-info")), "pre-commit did not pip-install sedp into the hook's env"
    ours = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (Path(site) / "zz-sedp-test-dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return project


def _commit(project: Path, home: Path, message: str) -> tuple[int, str]:
    return _run(project, home, "git", "commit", "-m", message)


def test_commit_passes_when_valid_and_is_stopped_with_file_and_line_when_not(tmp_path, hook_repo, home):
    project = _province(tmp_path / "tinh", hook_repo, home)
    draft = project / DRAFT

    replace_in(draft, "dan_dong_gop: 120.5\n    tong_kinh_phi: 970.5", "dan_dong_gop: 130.5\n    tong_kinh_phi: 980.5")
    git(project, "add", DRAFT.as_posix())
    code, output = _commit(project, home, "Dân đóng góp thêm 10 triệu cho HD01")
    assert code == 0, output
    assert re.search(r"^Kiểm tra kế hoạch \(sedp validate\)\.+Passed$", output, flags=re.M), output
    assert git(project, "log", "-1", "--format=%s").strip() == "Dân đóng góp thêm 10 triệu cho HD01"

    head = git(project, "rev-parse", "HEAD")
    replace_in(draft, "tong_kinh_phi: 980.5", "tong_kinh_phi: 971")
    replace_in(draft, "dan_dong_gop: 130.5", "dan_dong_gop: 120.5")
    git(project, "add", DRAFT.as_posix())
    code, output = _commit(project, home, "Sửa kinh phí HD01")
    assert code == 1, output
    assert re.search(r"^Kiểm tra kế hoạch \(sedp validate\)\.+Failed$", output, flags=re.M), output
    assert BROKEN in output
    assert "Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: 1 lỗi." in output  # the year, its commune.yaml and above
    assert git(project, "rev-parse", "HEAD") == head  # no commit
    assert git(project, "diff", "--cached", "--name-only").split() == [DRAFT.as_posix()]  # still staged
    shown = GUIDE.read_text(encoding="utf-8").split("```text\n", 1)[1].split("```", 1)[0]
    assert set(filter(None, shown.splitlines())) <= set(output.splitlines()), "the user guide shows another output"

    # by hand, on every file, as the user guide says
    code, output = _run(project, home, sys.executable, "-m", "pre_commit", "run", "--all-files")
    assert code == 1 and BROKEN in output, output


def test_a_new_commune_is_checked_against_every_other_commune(tmp_path, hook_repo, home):
    project = _province(tmp_path / "tinh", hook_repo, home)
    # a new commune started from a copy whose code was not changed: only the
    # other communes show the duplicate, so a change outside a year checks them all
    shutil.copytree(project / "plans/thach-an/duc-long", project / "plans/thach-an/le-lai")
    replace_in(project / "plans/thach-an/le-lai/commune.yaml", "ten: Đức Long", "ten: Lê Lai")
    git(project, "add", "plans")
    head = git(project, "rev-parse", "HEAD")
    code, output = _commit(project, home, "Thêm xã Lê Lai")
    assert code == 1, output
    assert ("plans/thach-an/le-lai/commune.yaml:4: ma: Mã xã '01966' trùng với mã của xã ở "
            "plans/thach-an/duc-long/commune.yaml:4") in output
    assert "Đã kiểm tra 2 xã, 2 năm kế hoạch" in output
    assert git(project, "rev-parse", "HEAD") == head

    # files outside plans/ and schema/ are not the hook's: it is skipped
    git(project, "reset", "-q")
    (project / "ghi-chu.txt").write_text("Họp ngày 05/01/2027\n", encoding="utf-8")
    git(project, "add", "ghi-chu.txt")
    code, output = _commit(project, home, "Ghi chú")
    assert code == 0 and re.search(r"\(no files to check\)Skipped", output), output


def _counts(output: str) -> tuple[int, int]:
    xa, nam = COUNTS.search(output).groups()
    return int(xa), int(nam)


@pytest.mark.parametrize(("changed", "scope"), [
    (["plans/thach-an/duc-long/2026/buoc-04-du-thao.yaml", "plans/thach-an/duc-long/2026/ke-hoach.yaml"], (1, 1)),
    (["plans/thach-an/duc-long/2026/ke-hoach.yaml", "plans/thach-an/duc-long/2027/buoc-01-khoi-dong.yaml"], (1, 2)),
    (["plans/thach-an/duc-long/2026/ke-hoach.yaml", "plans/ha-quang/lung-nam/2027/ke-hoach.yaml"], (2, 2)),
    (["plans/thach-an/duc-long/2026/ke-hoach.yaml", "plans/thach-an/duc-long/commune.yaml"], "all"),
    (["plans/thach-an/district.yaml"], "all"),
    (["plans/province.yaml"], "all"),
    (["schema/quy-tac/buoc-04-du-thao.yaml"], "all"),
], ids=["one-year", "two-years", "two-communes", "commune.yaml", "district.yaml", "province.yaml", "schema"])
def test_changed_checks_each_files_year_or_everything(example_project, sedp, changed, scope):
    everything = _counts(sedp(example_project, "validate", "plans")[1])
    assert everything[0] > 2
    code, output = sedp(example_project, "validate", "--changed", *changed)
    assert _counts(output) == (everything if scope == "all" else scope), output

