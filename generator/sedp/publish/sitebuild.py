"""Build the site with mkdocs into a fresh folder and swap it in; rebuild only
the pages whose Markdown changed when that is safe.

A full build renders every page. After one, build/site-stamp.json records
what site/ was built from: the config, the mkdocs and theme versions, and
each docs file's content hash (with its size, mtime and inode only to skip
rehashing an untouched file), so a build/ and site/ restored from a CI cache,
with new inodes and dates, still match. The next build compares: when the same
files exist with the same navigation and only some changed, it hard-links the
current site into the new folder, removes the outputs of the changed files,
and runs mkdocs in its "dirty" mode with the choice of pages made by us (not
by mkdocs's timestamp guess). Pagefind then indexes the complete new site
for search (publish.search; a second or two per thousand pages). Anything
unexpected (no stamp, another tool wrote site/, a page added or removed, a
new navigation, many changes) means a full build, spread over the cores when
there are enough pages (mkdocs_run).

site/ itself is never written into: the new site is complete before the swap,
so a failed or interrupted build leaves the previous one as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import yaml

from sedp.core.cache import content_key
from sedp.core.files import UMASK, atomic_write, write_if_changed
from sedp.publish import search
from sedp.publish.mkdocs_run import IncrementalPlugin, parts_for, run_in_parts, run_mkdocs

STAMP = "site-stamp.json"
MARKER = "sedp-build.txt"  # in site/: says sedp built it, from which docs (a file no other tool writes)
STAGING = ".site-new-"  # + pid: the site being built, beside site/
FULL_FROM = 0.3  # when this share of the files changed, a full build costs about the same


@dataclass
class SiteStats:
    incremental: bool = False
    pages_built: int = 0  # Markdown pages rendered by mkdocs
    pages: int = 0
    parts: int = 1  # processes that rendered a full build
    search_seconds: float = 0.0  # Pagefind indexing the whole site


def mkdocs_config(project: Path, nav: list, docs: Path, site: Path, generated: Path) -> tuple[Path, dict]:
    """A config that inherits the repository's mkdocs.yml and adds docs and nav
    (another engine can build build/mkdocs.yml as it is; sedp itself builds
    into a staging folder given at run time, so two builds share this file)."""
    config = generated / "mkdocs.yml"
    data = {
        "INHERIT": os.path.relpath(project / "mkdocs.yml", config.parent),
        "docs_dir": os.path.relpath(docs, config.parent),
        "site_dir": os.path.relpath(site, config.parent),
        "nav": nav,
        "hooks": [],  # the repository's hook would generate the pages a second time
        "watch": [],  # paths in mkdocs.yml are relative to it, not to this file
    }
    write_if_changed(config, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8"))
    return config, data


def docs_state(docs: Path, before: dict | None = None) -> dict[str, list]:
    """docs-relative path -> [content hash, size, mtime, inode]. A file whose size,
    mtime and inode are those recorded in before keeps its recorded hash."""
    before = before or {}
    state = {}
    for root, _, files in os.walk(docs):
        for name in files:
            path = os.path.join(root, name)
            stat = os.stat(path)
            relative = os.path.relpath(path, docs).replace(os.sep, "/")
            quick = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
            known = before.get(relative)
            if isinstance(known, list) and len(known) == 4 and known[1:] == quick:
                state[relative] = known
            else:
                with open(path, "rb") as handle:
                    state[relative] = [hashlib.file_digest(handle, "blake2b").hexdigest()[:40], *quick]
    return state


def site_signature(site: Path) -> str | None:
    """What our last build left in site/: the sitemap, the search index's entry
    file (it names the hashes of the index) and our marker. Another tool's build
    (mkdocs cleans site/ first) removes the marker or rewrites the others, and
    then only a full build is safe."""
    try:
        return content_key((site / "sitemap.xml").read_bytes(), (site / search.ENTRY).read_bytes(),
                           (site / MARKER).read_bytes())
    except OSError:
        return None


def engine_signature(project: Path, data: dict) -> str:
    fixed = {k: v for k, v in data.items() if k != "site_dir"}
    parts = [json.dumps(fixed, sort_keys=True, ensure_ascii=False),
             (project / "mkdocs.yml").read_text(encoding="utf-8") if (project / "mkdocs.yml").is_file() else "",
             version("mkdocs"), version("mkdocs-material")]
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def changed_files(stamp: dict | None, engine: str, state: dict, site: Path) -> set[str] | None:
    """The docs files to rebuild, or None when only a full build is safe."""
    if not stamp or stamp.get("engine") != engine or stamp.get("site") != site_signature(site):
        return None
    before = stamp.get("docs", {})
    if before.keys() != state.keys():
        return None
    changed = {path for path, signature in state.items() if before[path][:1] != signature[:1]}
    if len(changed) > FULL_FROM * len(state):
        return None
    return changed


def build(project: Path, nav: list, docs: Path, site: Path, generated: Path, jobs: int | None = None) -> SiteStats:
    """Build the site from docs into site/, incrementally when safe."""
    stamp_path = generated / STAMP
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = None
    state = docs_state(docs, (stamp or {}).get("docs") if isinstance(stamp, dict) else None)
    site.parent.mkdir(parents=True, exist_ok=True)
    _recover(site)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=site.parent))
    config, data = mkdocs_config(project, nav, docs, site, generated)
    engine = engine_signature(project, data)
    changed = changed_files(stamp, engine, state, site)
    stats = SiteStats(pages=sum(1 for path in state if path.endswith(".md")))
    try:
        stamp_path.unlink(missing_ok=True)  # site/ is about to change
        if changed is None:
            stats.parts = parts_for(stats.pages, jobs)
            if stats.parts > 1:
                run_in_parts(config, staging, stats.parts)
            else:
                run_mkdocs(config, site_dir=staging)
            stats.pages_built = stats.pages
        else:
            _link_tree(site, staging)
            plugin = IncrementalPlugin(changed, staging)
            run_mkdocs(config, plugin=plugin, site_dir=staging)
            stats.incremental, stats.pages_built = True, plugin.pages_built
        clock = time.perf_counter()
        try:
            search.index_site(staging)  # the complete new site
        except search.SearchIndexError as exc:
            raise search.SearchIndexError(exc.reason, exc.details, kept=True) from None
        stats.search_seconds = time.perf_counter() - clock
        contents = json.dumps({path: signature[0] for path, signature in state.items()}, sort_keys=True)
        atomic_write(staging / MARKER, f"sedp {engine} {content_key(contents)}\n".encode())
        _open_up(staging)
        _swap(staging, site)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    atomic_write(stamp_path, json.dumps({"engine": engine, "site": site_signature(site), "docs": state}).encode())
    return stats


def _open_up(staging: Path) -> None:
    """mkdtemp makes the folder private (0700); a site is for everyone to read."""
    os.chmod(staging, 0o777 & ~UMASK)


def _recover(site: Path) -> None:
    """Undo what a killed build left: the previous site moved aside by a swap cut
    between its two renames, and new sites half built (their process is gone)."""
    old = _old(site)
    if not site.exists() and old.is_dir():
        os.rename(old, site)
    for path in site.parent.glob(f"{STAGING}*-*"):
        try:
            os.kill(int(path.name[len(STAGING):].split("-")[0]), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except (ValueError, OSError):  # alive, or not ours to judge
            continue


def _link_tree(source: Path, target: Path) -> None:
    """target becomes a copy of source made of hard links (nothing is copied)."""
    for root, dirs, files in os.walk(source):
        relative = os.path.relpath(root, source)
        for name in dirs:
            os.makedirs(os.path.join(target, relative, name), exist_ok=True)
        for name in files:
            os.link(os.path.join(root, name), os.path.join(target, relative, name))


def _old(site: Path) -> Path:
    return site.with_name(f".{site.name}-old")


def _swap(new: Path, current: Path) -> None:
    old = _old(current)
    shutil.rmtree(old, ignore_errors=True)
    if current.exists():
        os.rename(current, old)
    os.rename(new, current)
    shutil.rmtree(old, ignore_errors=True)
