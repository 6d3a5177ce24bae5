"""Site build speed and size against a plain mkdocs build of the same Markdown.

    python benchmarks/site.py [N ...]      (default: 100 1000)

For each N it writes a synthetic province of N communes (sedp.synthetic),
times `sedp build` (validate, render the Markdown, mkdocs-material build,
swap into site/) and then, in the same run, a plain `mkdocs build` of the
Markdown that sedp generated, with the same config. It prints both times,
their ratio (target <= 1.3), the site's size and its bytes per commune
(target: roughly constant from 100 to 1000).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generator"))

from sedp.build import build_site, run_mkdocs  # noqa: E402
from sedp.handbook import load_handbook  # noqa: E402
from sedp.synthetic import synthetic_province  # noqa: E402


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def warm_up() -> None:
    """Import mkdocs and the theme's plugins once, so neither timed run pays for it."""
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401


def main(sizes: list[int]) -> None:
    warm_up()
    print(f"{'N':>6} {'pages':>6} {'sedp build s':>13} {'plain mkdocs s':>15} {'ratio':>6} "
          f"{'site MB':>8} {'KB/commune':>11}")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="sedp-bench-") as tmp:
            project = Path(tmp)
            for name in ("schema", "docs"):
                shutil.copytree(ROOT / name, project / name)
            shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
            synthetic_province(project, load_handbook(project / "schema"), communes=n, seed=n)

            start = time.perf_counter()
            report = build_site(project)
            ours = time.perf_counter() - start
            assert report.ok, report.sorted()[:3]

            config = project / "build" / "mkdocs.yml"
            plain_site = project / "plain-site"
            text = config.read_text(encoding="utf-8").splitlines()
            text = [f"site_dir: {plain_site}" if line.startswith("site_dir:") else line for line in text]
            config.write_text("\n".join(text) + "\n", encoding="utf-8")
            start = time.perf_counter()
            run_mkdocs(config)
            plain = time.perf_counter() - start

            pages = len(list((project / "build" / "docs").rglob("*.md")))
            site_bytes = size(project / "site")
            print(f"{n:>6} {pages:>6} {ours:>13.1f} {plain:>15.1f} {ours / plain:>6.2f} "
                  f"{site_bytes / 1e6:>8.1f} {site_bytes / n / 1e3:>11.0f}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
