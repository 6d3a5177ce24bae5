"""What a phone downloads: opening a plan-year page, then running one search.

    python benchmarks/pageweight.py [N ...]      (default: 100 1000)

For each N it writes a synthetic province of N communes (`sedp example`),
builds it with `sedp build`, serves site/ on localhost and drives Debian's
chromium (Playwright) at 390x844 with a cold cache:

  page    open one commune's plan-year page (every request until the network is idle)
  search  on that page, open the search box and type one query; every request
          until the results are shown: Pagefind's script and WebAssembly (the
          same at every N), its entry and meta files and the index chunks (the
          index part, which must not grow in proportion to N), and the
          fragments of the results shown (10 at most)

Bytes are what the browser received from this server, headers included
(Python's http.server sends no compression; Pagefind's index, fragments and
WebAssembly are compressed files already), with "gz" the same responses as a
server compressing text with gzip -6 would send them (GitHub Pages does).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generator"))

from sedp.authoring.synthetic import synthetic_project  # noqa: E402

BIN = Path(sys.executable).parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
QUERIES = ["duong lien thon", "sạt lở"]  # a common phrase without marks, one with; then the commune's name
TEXT = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def kind(url: str) -> str:
    path = url.split("?")[0]
    if "/pagefind/" not in path:
        return "page"
    if path.endswith((".pf_index", ".pf_meta", "pagefind-entry.json")):
        return "index"
    if path.endswith(".pf_fragment"):
        return "fragments"
    return "engine"  # pagefind.js, its worker, the WebAssembly


class Meter:
    """Bytes per kind of file received on one page, the page's Web Workers included
    (Pagefind fetches its index from one): body and headers as received."""

    def __init__(self, page):
        self.received: dict[str, int] = {}
        self.gz: dict[str, int] = {}
        page.on("requestfinished", self._finished)

    def _finished(self, request):
        response = request.response()
        if response is None:
            return
        sizes = request.sizes()
        url = request.url
        self.received[url] = self.received.get(url, 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]
        body = response.body()
        compressible = url.split("?")[0].endswith(TEXT) or url.split("?")[0].endswith("/")
        self.gz[url] = sizes["responseHeadersSize"] + (len(gzip.compress(body, 6)) if compressible else len(body))

    def take(self) -> dict[str, dict[str, int]]:
        """Totals by kind since the last take: {'kind': {'bytes': .., 'gz': .., 'files': ..}}."""
        totals: dict[str, dict[str, int]] = {}
        for url, size in self.received.items():
            entry = totals.setdefault(kind(url), {"bytes": 0, "gz": 0, "files": 0})
            entry["bytes"] += size
            entry["gz"] += self.gz.get(url, size)
            entry["files"] += 1
        self.received, self.gz = {}, {}
        return totals


def serve(folder: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def measure(n: int, browser) -> list[tuple]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="sedp-weight-") as tmp:
        project = Path(tmp)
        synthetic_project(project, ROOT, communes=n, seed=n)
        subprocess.run([str(BIN / "sedp"), "build"], cwd=project, check=True, capture_output=True)
        site = project / "site"
        year = sorted(site.glob("*/*/2027/index.html"))[0].parent.relative_to(site).as_posix()
        index_files = sorted((site / "pagefind").glob("index/*.pf_index"))
        print(f"N={n}: {len(index_files)} index chunks, {sum(p.stat().st_size for p in index_files) / 1e3:.0f} KB "
              f"in all; {len(list((site / 'pagefind' / 'fragment').iterdir()))} fragments", file=sys.stderr)
        httpd, base = serve(site)
        try:
            title = (site / year / "index.html").read_text(encoding="utf-8").split("<h1", 1)[1]
            commune = title.split(">", 1)[1].split(" – ", 1)[0].removeprefix("Xã ")  # a name few pages carry
            for query in [*QUERIES, commune]:
                context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
                page = context.new_page()
                meter = Meter(page)
                page.goto(f"{base}/{year}/", wait_until="networkidle")
                opened = meter.take()
                page.get_by_role("button", name="Tìm kiếm").click()
                page.get_by_role("searchbox").fill(query)
                page.locator(".sedp-search__status").filter(has_text="kết quả").wait_for()
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(300)
                searched = meter.take()
                shown = page.locator(".sedp-search__item").count()
                status = page.locator(".sedp-search__status").inner_text()
                rows.append((n, query, status, shown, opened, searched))
                context.close()
        finally:
            httpd.shutdown()
            httpd.server_close()
    return rows


def kb(totals: dict, *kinds: str, key: str = "bytes") -> str:
    return f"{sum(totals.get(k, {}).get(key, 0) for k in kinds) / 1e3:,.0f}"


def main(sizes: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        raise SystemExit("needs Debian's chromium (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        rows = [row for n in sizes for row in measure(n, browser)]
        browser.close()
    print("| N | query | results | open a plan-year page KB (gz) | search KB (gz) | of which engine | index | "
          "fragments |")
    print("|---:|---|---|---:|---:|---:|---:|---:|")
    for n, query, status, shown, opened, searched in rows:
        every = ("engine", "index", "fragments")
        print(f"| {n:,} | {query} | {status.split(' kết quả')[0]} ({shown} shown) | {kb(opened, 'page')} "
              f"({kb(opened, 'page', key='gz')}) | {kb(searched, *every)} ({kb(searched, *every, key='gz')}) | "
              f"{kb(searched, 'engine')} | {kb(searched, 'index')} ({searched.get('index', {}).get('files', 0)} "
              f"files) | {kb(searched, 'fragments')} |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
