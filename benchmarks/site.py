"""Site build speed and size against a plain mkdocs build of the same Markdown.

    python benchmarks/site.py [N ...]      (default: 100 1000)

For each N it writes a synthetic province of N communes (sedp.authoring.synthetic),
then, in alternating order and each in a fresh process, times `sedp build`
(validate, render the Markdown, mkdocs-material build, swap into site/) and a
plain `mkdocs build` of the Markdown sedp generated, with the same config.
Every sedp build regenerates all pages, but the DOCX and XLSX caches are kept
(warmed by one untimed build): their cost is benchmarks/docx.py's subject, and
a province's builds mostly find its documents unchanged. It prints the median of each, their ratio (target <= 1.3), the
site's size and its bytes per commune (target: about constant from 100 to
1000). sedp's build includes the search index (Pagefind over the whole
site); the plain build has none (mkdocs.yml names no search plugin), so
Pagefind alone over the plain site is timed too, and a second ratio compares
sedp with a plain build that is searchable as well (plain mkdocs + Pagefind).
A third baseline is stock mkdocs-material, searchable its own way: the same
config with Material's search plugin (lunr's index), which is what a plain
`mkdocs build` does when mkdocs.yml lists no plugins at all, and what this
benchmark's baseline was before sedp moved to Pagefind. Rounds: 3 up to 200
communes, 1 above (a round at 1,000 takes ~9 min).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generator"))

from sedp.authoring.synthetic import synthetic_project  # noqa: E402
from sedp.publish.search import index_site  # noqa: E402

BIN = Path(sys.executable).parent


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def sedp_build(project: Path) -> float:
    for generated in ("build/docs", "build/mkdocs.yml", "build/commune-cache", "build/site-stamp.json",
                      "site"):  # every commune checked and rendered, every page built, every time
        path = project / generated
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    return timed([str(BIN / "sedp"), "build"], project)


def plain_build(project: Path) -> float:
    shutil.rmtree(project / "plain-site", ignore_errors=True)
    return timed([str(BIN / "mkdocs"), "build", "-q", "-f", "build/mkdocs.yml", "-d", str(project / "plain-site")],
                 project)


def stock_build(project: Path) -> float:
    """Plain mkdocs with Material's own search plugin, as before sedp used Pagefind."""
    config = project / "build" / "mkdocs-stock.yml"
    config.write_text("INHERIT: mkdocs.yml\nplugins:\n  - search\n", encoding="utf-8")
    shutil.rmtree(project / "stock-site", ignore_errors=True)
    return timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(project / "stock-site")], project)


def pagefind_alone(project: Path) -> float:
    start = time.perf_counter()
    index_site(project / "plain-site")
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    print(f"{'N':>6} {'pages':>6} {'rounds':>6} {'sedp build s':>13} {'plain mkdocs s':>15} {'ratio':>6} "
          f"{'pagefind s':>11} {'ratio, both searchable':>23} {'stock+search s':>15} {'ratio':>6} "
          f"{'site MB':>8} {'KB/commune':>11}", flush=True)
    for n in sizes:
        rounds = 3 if n <= 200 else 1
        with tempfile.TemporaryDirectory(prefix="sedp-bench-") as tmp:
            project = Path(tmp)
            synthetic_project(project, ROOT, communes=n, seed=n, records=True)
            sedp_build(project)  # warms the DOCX and XLSX caches; not counted
            ours, plain, search, stock = [], [], [], []
            for round_ in range(rounds):
                if round_ % 2:  # alternate the order: the second run of a pair finds warmer caches
                    plain.append(plain_build(project))  # on the Markdown of the previous round
                    search.append(pagefind_alone(project))
                    stock.append(stock_build(project))
                    ours.append(sedp_build(project))
                else:
                    ours.append(sedp_build(project))  # plain needs sedp's Markdown first
                    plain.append(plain_build(project))
                    search.append(pagefind_alone(project))
                    stock.append(stock_build(project))
            pages = len(list((project / "build" / "docs").rglob("*.md")))
            site_bytes = size(project / "site")
            o, p, f = statistics.median(ours), statistics.median(plain), statistics.median(search)
            m = statistics.median(stock)
            print(f"{n:>6} {pages:>6} {rounds:>6} {o:>13.1f} {p:>15.1f} {o / p:>6.2f} "
                  f"{f:>11.1f} {o / (p + f):>23.2f} {m:>15.1f} {o / m:>6.2f} "
                  f"{site_bytes / 1e6:>8.1f} {site_bytes / n / 1e3:>11.0f}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
