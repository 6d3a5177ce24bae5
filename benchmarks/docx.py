"""DOCX speed against bare pandoc on the same documents, measured in the same run.

    python benchmarks/docx.py [N] [ROUNDS]   (defaults: 100 communes, 3 rounds)

Writes a synthetic province of N communes, renders every document's pandoc
AST (sedp feeds pandoc its JSON AST, never Markdown, so that is "the same
input" here): each plan year's plan, process report, Tờ trình and Nghị quyết,
and each district's synthesis. Then, ROUNDS times, alternating, it times:
  - bare pandoc: `pandoc -f json -t docx` with the same reference DOCX, as
    many at once as there are cores, no finishing, no cache;
  - sedp: the same conversions plus python-docx finishing and the cache
    bookkeeping, from an empty cache, on all cores.
It prints each round, then the median ratio (target <= 1.2) with the spread
(lowest and highest round), documents per second, and how many times pandoc
runs on a second build with nothing changed (target 0).
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named docx.py: keep its folder off the import path so that
# `import docx` finds python-docx, not this script.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generator"))

from sedp.authoring.synthetic import synthetic_project  # noqa: E402
from sedp.core.names import PERIOD_OUTLINE, REDLINE  # noqa: E402
from sedp.publish.build import generate, write_documents  # noqa: E402
from sedp.render.docx.ast import unpack  # noqa: E402
from sedp.render.docx.reference import build_reference, pandoc_path  # noqa: E402
from sedp.source.outlines import YEAR_DOCUMENTS  # noqa: E402


def bare_pandoc(documents, reference: Path, out: Path, jobs: int) -> float:
    def convert(item):
        index, document = item
        subprocess.run([pandoc_path(), "-f", "json", "-t", "docx", "--reference-doc", str(reference),
                        "-o", str(out / f"{index}.docx")], input=unpack(document), check=True)

    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(convert, enumerate(documents)))
    return time.perf_counter() - start


def main(n: int, rounds: int) -> None:
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="sedp-bench-") as tmp:
        project = Path(tmp)
        synthetic_project(project, ROOT, communes=n, seed=n)
        generated = generate(project)
        assert generated.report.ok
        documents = [document for _, document in generated.documents]
        kinds = Counter(next((k for k in (*YEAR_DOCUMENTS, "tong-hop", PERIOD_OUTLINE, REDLINE)
                              if path.rsplit("/", 1)[-1].startswith(k + "-")), "khác")
                        for path, _ in generated.documents)
        reference = build_reference(project / "reference.docx")
        count = len(documents)
        print(f"N={n}: {count} documents ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), "
              f"{jobs} cores, {rounds} rounds")
        print(f"{'round':>5} {'bare pandoc s':>13} {'sedp s':>7} {'sedp docs/s':>11} {'ratio':>6}")
        ratios, rates = [], []
        for number in range(1, rounds + 1):
            bare_out = project / f"bare-{number}"
            bare_out.mkdir()
            bare = bare_pandoc(documents, reference, bare_out, jobs)
            shutil.rmtree(project / "build", ignore_errors=True)  # an empty cache: every document converted
            start = time.perf_counter()
            first = write_documents(project, generated, project / f"out-{number}", jobs)
            ours = time.perf_counter() - start
            assert first.pandoc_calls == count
            ratios.append(ours / bare)
            rates.append(count / ours)
            print(f"{number:>5} {bare:>13.1f} {ours:>7.1f} {count / ours:>11.1f} {ours / bare:>6.2f}")
            shutil.rmtree(bare_out)
        again = write_documents(project, generated, project / f"out-{rounds}", jobs)
        print(f"median ratio {statistics.median(ratios):.2f} (spread {min(ratios):.2f}–{max(ratios):.2f}), "
              f"median {statistics.median(rates):.1f} documents/s; pandoc calls on a second build: "
              f"{again.pandoc_calls}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100, int(sys.argv[2]) if len(sys.argv) > 2 else 3)
