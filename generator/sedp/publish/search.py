"""The site's search index: Pagefind run over a complete built site.

Pagefind (its binary, shipped in the `pagefind_bin` wheel) reads every
`<dir>/index.html` of the site, indexes the text of the page's `<article>`
only (Material's navigation, header and footer are left out) and writes
`pagefind/` beside the pages: a small entry file, index chunks by word and
one fragment per page, which the browser fetches only as a query needs them
(assets/search.js). It needs no network. Every way of building runs it last,
on the whole site: `sedp build` in the staging folder before the swap, and
`mkdocs build`/`serve` from the repository root in the hook's on_post_build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sedp.core.errors import SedpError

OUTPUT = "pagefind"  # the folder in the site; search.js loads OUTPUT/pagefind.js
ENTRY = f"{OUTPUT}/pagefind-entry.json"  # written last by Pagefind: names the index of this build
ROOT_SELECTOR = "article"  # Material's content column; the sidebars, header and footer stay out
PAGES = "**/index.html"  # every page (use_directory_urls), not 404.html
# Inside the article, a plan-year page's collapsible contents carry
# data-pagefind-ignore (its headings are indexed where they stand; while closed
# it shows nothing, so an excerpt of it would show text the page does not).
TIMEOUT = 1800  # seconds; 2,000 pages take a few


class SearchIndexError(SedpError):
    """Pagefind could not index the site."""

    code = "pagefind"

    def __init__(self, reason: str, details: list[str] | None = None, kept: bool = False):
        kept_text = "; trang cũ trong site/ được giữ nguyên" if kept else ""
        super().__init__(f"Không tạo được chỉ mục tìm kiếm (Pagefind): {reason}{kept_text}. "
                         "Cài lại môi trường (make setup) rồi dựng lại.", details or [])
        self.reason = reason


def pagefind_binary() -> Path:
    try:
        from pagefind_bin import get_executable

        return get_executable()
    except (ImportError, OSError) as exc:  # not installed, or no binary for this platform
        raise SearchIndexError(f"không tìm thấy chương trình pagefind ({exc})") from None


def index_site(site: Path) -> None:
    """Write site/pagefind/ from the pages in site (any earlier index is removed first:
    in an incremental build its files are hard links into the current site/)."""
    shutil.rmtree(site / OUTPUT, ignore_errors=True)
    command = [str(pagefind_binary()), "--site", ".", "--root-selector", ROOT_SELECTOR, "--glob", PAGES,
               "--force-language", "vi", "--quiet"]
    # Only our options: a PAGEFIND_* variable or a pagefind.yml in the caller's folder must not change the index.
    env = {name: value for name, value in os.environ.items() if not name.upper().startswith("PAGEFIND_")}
    try:
        result = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, encoding="utf-8",
                                errors="replace", timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"quá {TIMEOUT} giây") from None
    except OSError as exc:
        raise SearchIndexError(f"không chạy được {command[0]} ({exc.strerror or exc})") from None
    output = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    if result.returncode != 0:
        raise SearchIndexError(f"pagefind dừng với mã {result.returncode}", [f"pagefind: {line}" for line in output])
    if not (site / ENTRY).is_file():
        raise SearchIndexError("pagefind không ghi tệp chỉ mục", [f"pagefind: {line}" for line in output])
