"""DOCX speed against bare pandoc on the same documents, measured in the same run.

    python benchmarks/docx.py [N]          (default: 100)

Writes a synthetic province of N communes, renders every document's pandoc
AST (sedp feeds pandoc its JSON AST, never Markdown, so that is "the same
input" here), then times:
  - bare pandoc: `pandoc -f json -t docx` with the same reference DOCX, as
    many at once as there are cores, no finishing, no cache;
  - sedp: the same conversions plus python-docx finishing and the cache
    bookkeeping, from an empty cache, on all cores.
It prints documents per second, the ratio per document (target <= 1.2) and
how many times pandoc runs on a second build with nothing changed (target 0).
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named docx.py: keep its folder off the import path so that
# `import docx` finds python-docx, not this script.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import os  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generator"))

from sedp.authoring.synthetic import synthetic_project  # noqa: E402
from sedp.publish.build import generate, write_documents  # noqa: E402
from sedp.render.docx.reference import build_reference, pandoc_path  # noqa: E402


def bare_pandoc(documents, reference: Path, out: Path, jobs: int) -> float:
    def convert(item):
        index, document = item
        subprocess.run([pandoc_path(), "-f", "json", "-t", "docx", "--reference-doc", str(reference),
                        "-o", str(out / f"{index}.docx")], input=document.encode("utf-8"), check=True)

    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(convert, enumerate(documents)))
    return time.perf_counter() - start


def main(n: int) -> None:
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="sedp-bench-") as tmp:
        project = Path(tmp)
        synthetic_project(project, ROOT, communes=n, seed=n)
        generated = generate(project)
        assert generated.report.ok
        documents = [document for _, document in generated.documents]
        reference = build_reference(project / "reference.docx")
        (project / "bare").mkdir()
        bare = bare_pandoc(documents, reference, project / "bare", jobs)

        start = time.perf_counter()
        first = write_documents(project, generated, project / "out", jobs)
        ours = time.perf_counter() - start
        again = write_documents(project, generated, project / "out", jobs)

        count = len(documents)
        print(f"{'N':>5} {'documents':>9} {'cores':>5} {'bare pandoc s':>13} {'sedp s':>7} {'sedp docs/s':>11} "
              f"{'ratio':>6} {'pandoc calls, 2nd build':>24}")
        print(f"{n:>5} {count:>9} {jobs:>5} {bare:>13.1f} {ours:>7.1f} {count / ours:>11.1f} "
              f"{ours / bare:>6.2f} {again.pandoc_calls:>24}")
        assert first.pandoc_calls == count


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
