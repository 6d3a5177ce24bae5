"""`sedp diff` between two revisions against what git and a parse cost, in the same run.

    python benchmarks/diff.py [N ...]      (default: 1000)

For each N it writes a synthetic province of N communes in a git repository,
commits it, edits one figure in each of 10 communes' plans (one file each)
and commits again. Then it times (a) the baseline: `git diff --stat` between
the two commits plus reading (one git process) and parsing, at both commits,
every file that changed, and (b) `sedp diff HEAD~1 HEAD` in this process (the plan diff and
its Markdown, as the pull-request comment is made). Target: b/a ≤ 2. Each
figure is the median of 5 runs.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# benchmarks/docx.py would shadow python-docx: this folder goes last on the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"] + [str(ROOT / "benchmarks")]
sys.path.insert(0, str(ROOT / "generator"))

from sedp.authoring.synthetic import synthetic_project  # noqa: E402
from sedp.review.plandiff import diff_revisions, to_markdown  # noqa: E402
from sedp.source.handbook import load_handbook  # noqa: E402
from timing import median_time  # noqa: E402

RUNS = 5
EDITED = 10


def git(project: Path, *args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=project, check=True, capture_output=True).stdout


def baseline(project: Path) -> None:
    """git's own summary, then every changed file at both commits read in one
    git process and parsed with PyYAML's C loader: the least any diff costs."""
    git(project, "diff", "--stat", "HEAD~1", "HEAD")
    names = git(project, "diff", "--name-only", "HEAD~1", "HEAD").decode().split()
    request = "".join(f"{revision}:{name}\n" for revision in ("HEAD~1", "HEAD") for name in names).encode()
    out = subprocess.run(["git", "cat-file", "--batch"], cwd=project, input=request, check=True,
                         capture_output=True).stdout
    position = 0
    while position < len(out):
        end = out.index(b"\n", position)
        size = int(out[position:end].split()[2])
        yaml.load(out[end + 1:end + 1 + size], Loader=yaml.CSafeLoader)
        position = end + 1 + size + 1


def main(sizes: list[int]) -> None:
    print(f"{'N':>6} {'changed':>8} {'git + parse s':>14} {'sedp diff s':>12} {'ratio':>6}")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="sedp-bench-") as tmp:
            project = Path(tmp)
            synthetic_project(project, ROOT, communes=n, seed=n)
            git(project, "init", "-q", "-b", "main")
            git(project, "-c", "user.name=b", "-c", "user.email=b@b", "add", "-A")
            git(project, "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "base")
            plans = sorted(project.glob("plans/*/*/[0-9][0-9][0-9][0-9]/buoc-05-tham-van.yaml"))[:EDITED]
            for path in plans:
                text = path.read_text(encoding="utf-8")
                line = next(line for line in text.splitlines() if "tong_so:" in line)
                path.write_text(text.replace(line, line.split(":")[0] + ": 999", 1), encoding="utf-8")
            git(project, "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qam", "ten communes")
            handbook = load_handbook(project / "schema")
            diffs = diff_revisions(project, handbook, "HEAD~1", "HEAD")
            assert len(diffs) == EDITED, len(diffs)
            bare = median_time(lambda project=project: baseline(project), RUNS)
            ours = median_time(lambda project=project, handbook=handbook: to_markdown(
                diff_revisions(project, handbook, "HEAD~1", "HEAD")), RUNS)
            print(f"{n:>6} {len(plans):>8} {bare:>14.3f} {ours:>12.3f} {ours / bare:>6.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000])
