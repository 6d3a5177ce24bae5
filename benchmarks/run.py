"""Every benchmark at once, each against a baseline measured in the same run.

    python benchmarks/run.py [N ...]       (default: 100 1000; ~13 min here)

For each N, on a synthetic province (`sedp example --thuc-hien`: each commune has a published
year with a year of implementation records, and the next year at a random status), one round of:
  validate   sedp's validation (in process, all cores)  vs a bare yaml.CSafeLoader parse of every file
  full       a cold `sedp build` (no caches at all)    vs plain mkdocs + bare pandoc + bare parse
  site       that build minus its DOCX stage            vs a plain `mkdocs build` of the same Markdown
  DOCX       that build's DOCX stage (pandoc, finishing, cache) vs bare pandoc on the same ASTs, same cores
             (above 200 communes on every 2nd AST, its time per document scaled to all)
  rebuild    `sedp build` after one commune's budget is edited  vs the cold build (target <= 10 %)
  memory     the largest process of the cold build (peak RSS), per commune (target: about constant)
Builds run as fresh processes. Targets: validate <= 3, site <= 1.3, DOCX <= 1.2.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/docx.py would shadow python-docx: keep this folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402

import yaml  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generator"))

from sedp.authoring.synthetic import synthetic_project  # noqa: E402
from sedp.publish.build import generate  # noqa: E402
from sedp.publish.pipeline import validate  # noqa: E402
from sedp.render.docx.ast import unpack  # noqa: E402
from sedp.render.docx.reference import build_reference, pandoc_path  # noqa: E402

BIN = Path(sys.executable).parent
JOBS = os.cpu_count() or 1
SAMPLE_EVERY = 2  # above 200 communes, bare pandoc converts every 2nd document (its rate is what counts)
# Runs a command and prints the peak resident memory (KB) of its largest process.
PEAK = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr); "
        "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def run(command: list[str], cwd: Path) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result.stdout


def bare_parse(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def bare_pandoc(documents: list[str], reference: Path, out: Path) -> None:
    out.mkdir()

    def convert(item):
        index, document = item
        subprocess.run([pandoc_path(), "-f", "json", "-t", "docx", "--reference-doc", str(reference),
                        "-o", str(out / f"{index}.docx")], input=unpack(document), check=True)

    with ThreadPoolExecutor(JOBS) as pool:
        list(pool.map(convert, enumerate(documents)))


def edit_one_commune(project: Path) -> None:
    """Raise the first activity's budget from one source by 5 (and its total) in one commune."""
    for path in sorted((project / "plans").glob("*/*/2027/buoc-04-du-thao.yaml")):
        text = path.read_text(encoding="utf-8")
        total = re.search(r"^  tong_kinh_phi: ([0-9.]+)$", text, re.M)
        source = re.search(r"^    (ngan_sach_\w+|chuong_trinh_\w+|dan_dong_gop|doanh_nghiep): ([0-9.]+)$", text, re.M)
        if total and source:  # drafts not that far yet have no activities
            text = text.replace(source[0], f"    {source[1]}: {float(source[2]) + 5:g}", 1)
            path.write_text(text.replace(total[0], f"  tong_kinh_phi: {float(total[1]) + 5:g}", 1), encoding="utf-8")
            return
    raise SystemExit("no commune with activities to edit")


def measure(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="sedp-bench-") as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        synthetic_project(project, ROOT, communes=n, seed=n, records=True)
        files = sorted((project / "plans").rglob("*.yaml"))
        row = {"n": n, "files": len(files)}

        row["parse"], _ = timed(lambda: bare_parse(files))
        row["validate"], report = timed(lambda: validate(project))
        assert report.ok

        row["full"], out = timed(lambda: run([sys.executable, "-c", PEAK, str(BIN / "sedp"), "build", "--timings"],
                                             project))
        row["docx"] = float(re.search(r"DOCX ([0-9.]+)", out)[1])  # the build's own clock for that stage
        print(f"N={n} cold build {row['full']:.1f} s; " + re.search(r"Thời gian \(giây\): (.*)", out)[1],
              file=sys.stderr, flush=True)
        row["site"] = row["full"] - row["docx"]
        row["peak_mb"] = int(re.search(r"PEAK (\d+)", out)[1]) / 1024
        row["pages"] = len(list((project / "build" / "docs").rglob("*.md")))

        shutil.rmtree(project / "plain-site", ignore_errors=True)
        row["mkdocs"], _ = timed(lambda: run([str(BIN / "mkdocs"), "build", "-q", "-f", "build/mkdocs.yml",
                                              "-d", str(project / "plain-site")], project))
        shutil.rmtree(project / "plain-site")

        generated = generate(project)  # from the commune cache: the same ASTs the build converted
        documents = [document for _, document in generated.documents]
        row["documents"] = len(documents)
        reference = build_reference(Path(tmp) / "reference.docx")
        sample = documents[::SAMPLE_EVERY if n > 200 else 1]  # keeps the whole run under 15 minutes
        row["pandoc_sample"] = len(sample)
        seconds, _ = timed(lambda: bare_pandoc(sample, reference, Path(tmp) / "bare"))
        row["pandoc"] = seconds * len(documents) / len(sample)  # per document, scaled to all of them
        del generated, documents

        edit_one_commune(project)
        row["rebuild"], out = timed(lambda: run([str(BIN / "sedp"), "build"], project))
        assert re.search(r"site/: 1/\d+ xã", out), out  # one commune rendered again
        return row


def main(sizes: list[int]) -> None:
    rows = []
    for n in sizes:
        start = time.perf_counter()
        rows.append(measure(n))
        print(f"(N={n} measured in {time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)
    print(f"{JOBS} cores, {time.strftime('%Y-%m-%d')}\n")
    print("| N | files | pages | documents | what | sedp | baseline | ratio | target |")
    print("|---:|---:|---:|---:|---|---:|---:|---:|---|")
    for r in rows:
        lines = [
            ("validate", r["validate"], r["parse"], "bare parse", "≤ 3"),
            ("site build", r["site"], r["mkdocs"], "plain mkdocs", "≤ 1.3"),
            ("DOCX", r["docx"], r["pandoc"], "bare pandoc" + (f", rate of {r['pandoc_sample']:,}"
                                                              if r["pandoc_sample"] < r["documents"] else ""), "≤ 1.2"),
            ("full build (cold)", r["full"], r["mkdocs"] + r["pandoc"] + r["parse"], "mkdocs + pandoc + parse", "–"),
            ("rebuild, one commune edited", r["rebuild"], r["full"], "full build", "≤ 0.10"),
        ]
        for what, ours, base, base_name, target in lines:
            print(f"| {r['n']:,} | {r['files']:,} | {r['pages']:,} | {r['documents']:,} | {what} | {ours:.1f} s | "
                  f"{base:.1f} s ({base_name}) | {ours / base:.2f} | {target} |")
        print(f"| {r['n']:,} | | | | peak memory (largest process) | {r['peak_mb']:.0f} MB | "
              f"| {r['peak_mb'] / r['n'] * 1024:.0f} KB per commune | about constant |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
