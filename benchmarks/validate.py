"""Validation speed against a bare parse of the same files, measured in the same run.

    python benchmarks/validate.py [N ...]      (default: 100 1000)

For each N it writes a synthetic province of N communes (sedp.authoring.synthetic),
then times (a) reading and parsing every YAML file with PyYAML's C loader,
the baseline, and (b) `sedp validate` on the whole province (per-file rules,
cross-file rules, all cores). It prints the time per commune and the ratio
b/a; the target is a ratio of at most 3. Each figure is the median of 3 runs.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# benchmarks/docx.py would shadow python-docx: this folder goes last on the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"] + [str(ROOT / "benchmarks")]
sys.path.insert(0, str(ROOT / "generator"))

import timing  # noqa: E402
from sedp.authoring.synthetic import synthetic_project  # noqa: E402
from sedp.publish.pipeline import validate  # noqa: E402

RUNS = 3


def median_time(action) -> float:
    return timing.median_time(action, RUNS)


def bare_parse(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def main(sizes: list[int]) -> None:
    print(f"{'N':>6} {'files':>7} {'parse s':>9} {'validate s':>11} {'ms/commune':>11} {'ratio':>6}  serial ratio")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="sedp-bench-") as tmp:
            project = Path(tmp)
            synthetic_project(project, ROOT, communes=n, seed=n, records=True)
            files = sorted((project / "plans").rglob("*.yaml"))
            parse = median_time(lambda files=files: bare_parse(files))
            report = None

            def run(jobs=None, project=project):
                nonlocal report
                report = validate(project, jobs=jobs)

            full = median_time(run)
            assert report.ok, report.sorted()[:3]
            serial = median_time(lambda: run(jobs=1))
            print(f"{n:>6} {len(files):>7} {parse:>9.3f} {full:>11.3f} {1000 * full / n:>11.2f} "
                  f"{full / parse:>6.2f}  {serial / parse:.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
