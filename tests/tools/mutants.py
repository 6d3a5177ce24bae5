"""`make mutants`: mutmut on the modules that compute, format or compare figures.

Lays the package out as src/sedp in build/mutation (mutmut names modules from
src/ only), runs mutmut there, then prints the score per module, counting as
equivalent only the mutants listed with a reason in tests/equivalent-mutants.txt.
The report is written to build/mutation/report.md (the weekly workflow uploads it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STAGE = ROOT / "build" / "mutation"
EQUIVALENT = ROOT / "tests" / "equivalent-mutants.txt"
RESULT = re.compile(r"^\s*(sedp\.[\w.]+?)\.(x\S+__mutmut_\d+): (\w[\w ]*)$")


def stage() -> None:
    shutil.rmtree(STAGE, ignore_errors=True)
    STAGE.mkdir(parents=True)
    shutil.copytree(ROOT / "generator", STAGE / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("tests", "schema", "plans", "docs"):
        shutil.copytree(ROOT / name, STAGE / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, STAGE / name)


def equivalents() -> dict[str, str]:
    listed = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            listed[name] = reason.strip()
    return listed


def main() -> int:
    started = time.monotonic()
    stage()
    mutmut = Path(sys.executable).parent / "mutmut"
    run = subprocess.run([str(mutmut), "run", "--max-children", str(os.cpu_count() or 1)], cwd=STAGE,
                         stdout=subprocess.DEVNULL)
    results = subprocess.run([str(mutmut), "results", "--all", "true"], cwd=STAGE, capture_output=True,
                             text=True).stdout
    elapsed = time.monotonic() - started
    listed = equivalents()
    counts: dict[str, Counter] = defaultdict(Counter)
    survivors, seen, stale = [], set(), []
    for line in results.splitlines():
        match = RESULT.match(line)
        if not match:
            continue
        module, mutant, status = match.groups()
        name = f"{module}.{mutant}"
        seen.add(name)
        if name in listed and status in ("killed", "timeout"):
            stale.append(f"{name}: listed as equivalent, but a test kills it")
        if name in listed:
            counts[module]["equivalent"] += 1
        elif status == "killed" or status == "timeout":
            counts[module]["killed"] += 1
        else:
            counts[module]["survived" if status == "survived" else status.replace(" ", "_")] += 1
            survivors.append(f"{name}: {status}")
    lines = [f"# Mutation score, {date.today().isoformat()}, {elapsed / 60:.0f} min on {os.cpu_count()} cores", "",
             "| module | mutants | equivalent | killed | not killed | score |", "|---|---:|---:|---:|---:|---:|"]
    total_killed = total_counted = 0
    for module in sorted(counts):
        c = counts[module]
        counted = sum(c.values()) - c["equivalent"]
        total_killed += c["killed"]
        total_counted += counted
        score = f"{100 * c['killed'] / counted:.1f} %" if counted else "–"
        lines.append(f"| {module} | {sum(c.values())} | {c['equivalent']} | {c['killed']} | "
                     f"{counted - c['killed']} | {score} |")
    if total_counted:
        lines.append(f"| all | | | {total_killed} | {total_counted - total_killed} | "
                     f"{100 * total_killed / total_counted:.1f} % |")
    stale += [f"{name}: listed as equivalent, but there is no such mutant" for name in sorted(set(listed) - seen)]
    lines += ["", "Not killed (kill with a test, or list in tests/equivalent-mutants.txt with the reason):", "",
              *(f"- {s}" for s in survivors)]
    if stale:
        lines += ["", "Out of date in tests/equivalent-mutants.txt:", "", *(f"- {s}" for s in stale)]
    report = "\n".join(lines) + "\n"
    (STAGE / "report.md").write_text(report, encoding="utf-8")
    print(report)
    return 0 if run.returncode == 0 else run.returncode


if __name__ == "__main__":
    sys.exit(main())
