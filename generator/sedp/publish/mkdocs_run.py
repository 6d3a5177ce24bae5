"""Running mkdocs: a full build, a full build split over the cores, or a
rebuild of chosen pages; strict warnings come back as one error.

mkdocs renders pages one after another. For a full build of many pages, each
of N processes renders every N-th page into a folder of its own (the others
are marked unmodified, as in mkdocs's dirty mode); the folders are then moved
together, giving the same files a single process would write. For an
incremental build the choice is the pages whose Markdown changed (see
sitebuild). The search index is not mkdocs's: Pagefind indexes the complete
site afterwards (publish.search).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import sys
from pathlib import Path

from sedp.core.errors import SedpError

REWRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz")  # on every build
PAGES_PER_PART = 60  # below this many pages per process, another process costs more than it saves


def run_mkdocs(config: Path, strict: bool = True, plugin=None, site_dir: Path | None = None) -> None:
    """Build with mkdocs; with a plugin, only the files it marks modified are written."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    cfg = load_config(config_file=str(config), strict=strict)
    if site_dir is not None:
        cfg["site_dir"] = str(site_dir)
    dirty = plugin is not None
    if dirty:
        cfg.plugins["sedp-choice"] = plugin  # registered last: runs after any other plugin
    quiet, warnings = _DirtyWarningFilter(), _Collect()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        # Plugins are told "not dirty": one a province adds (material's search, say) would
        # otherwise merge with what an earlier build in this process left.
        cfg.plugins.on_startup(command="build", dirty=False)
        mkdocs_build(cfg, dirty=dirty)
    except Abort as exc:
        raise SiteBuildError(warnings.messages or [str(exc)]) from None
    finally:
        cfg.plugins.on_shutdown()
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
        logging.getLogger("mkdocs").removeHandler(warnings)


class SiteBuildError(SedpError):
    """mkdocs refused to build (strict mode turns its warnings into failures)."""

    code = "mkdocs"

    def __init__(self, messages: list[str]):
        super().__init__("mkdocs không dựng được trang vì các cảnh báo trên (thường là liên kết hỏng trong docs/); "
                         "trang cũ trong site/ được giữ nguyên.", [f"mkdocs: {m}" for m in messages])
        self.messages = messages


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _DirtyWarningFilter(logging.Filter):
    """mkdocs warns that a dirty build may leave navigation stale (which strict
    mode turns into a failure); ours rebuilds every page whose input changed
    and falls back to a full build when the navigation did."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def parts_for(pages: int, jobs: int | None = None) -> int:
    if not sys.platform.startswith("linux"):  # needs fork: the parts share the loaded state
        return 1
    return max(1, min(jobs or os.cpu_count() or 1, pages // PAGES_PER_PART))


def run_in_parts(config: Path, staging: Path, parts: int) -> None:
    """A full build into staging, rendered by `parts` processes."""
    from concurrent.futures import ProcessPoolExecutor

    folders = [staging] + [staging.with_name(f"{staging.name}-{i}") for i in range(1, parts)]
    try:
        with ProcessPoolExecutor(parts - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            others = [pool.submit(_part, config, folders[i], i, parts) for i in range(1, parts)]
            _part(config, staging, 0, parts)
            for future in others:
                future.result()
        for folder in folders[1:]:
            for relative in REWRITTEN:  # part 0 wrote these for the whole site
                (folder / relative).unlink(missing_ok=True)
            _move_tree(folder, staging)
    finally:
        for folder in folders[1:]:
            shutil.rmtree(folder, ignore_errors=True)


def _part(config: Path, site_dir: Path, index: int, parts: int) -> None:
    run_mkdocs(config, plugin=PartPlugin(index, parts), site_dir=site_dir)


def _move_tree(source: Path, target: Path) -> None:
    for root, _, files in os.walk(source):
        destination = target / os.path.relpath(root, source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.replace(os.path.join(root, name), destination / name)


def _choose(file, modified: bool) -> None:
    file.is_modified = (lambda value: lambda: value)(modified)


class PartPlugin:
    """Part `index` of `parts`: renders its share of the pages; part 0 also copies the static files."""

    def __init__(self, index: int, parts: int):
        self.index, self.parts = index, parts

    def on_files(self, files, *, config):
        pages = [file for file in files if file.is_documentation_page()]
        mine = share(pages, self.parts, self.index)
        for file in files:
            _choose(file, file in mine if file.is_documentation_page() else self.index == 0)
        return files


def share(pages, parts: int, index: int) -> set:
    """The pages part `index` renders: largest first, each to the least loaded part
    (a year page with its tables costs ten times a commune's index page)."""
    sizes = {page: os.path.getsize(page.abs_src_path) if page.abs_src_path else 0 for page in pages}
    loads = [0] * parts
    chosen: set = set()
    for page in sorted(pages, key=lambda page: (-sizes[page], page.src_uri)):
        lightest = loads.index(min(loads))
        loads[lightest] += sizes[page] + 2000  # every page also costs its template
        if lightest == index:
            chosen.add(page)
    return chosen


class IncrementalPlugin:
    """Tells mkdocs which files to render and copy.

    The staging site is made of hard links into the current site/: every file
    mkdocs will write is unlinked first, so writing it cannot reach site/.
    """

    def __init__(self, changed: set[str], staging: Path):
        self.changed = changed
        self.staging = staging
        self.pages_built = 0
        for relative in REWRITTEN:
            (staging / relative).unlink(missing_ok=True)

    def on_files(self, files, *, config):
        for file in files:
            modified = file.src_uri in self.changed and not getattr(file, "generated_by", None)
            if modified:
                (self.staging / file.dest_uri).unlink(missing_ok=True)
                if file.is_documentation_page():
                    self.pages_built += 1
            _choose(file, modified)
        return files
