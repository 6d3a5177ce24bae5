"""`sedp build` (and `docx`, `export`): the pipeline's records assembled into
the site's Markdown, documents and open data, then the site.

publish.pipeline checks and renders each commune once (or takes it from
build/commune-cache); here the district and province pages, the syntheses
and the roll-up data are added. If anything is invalid nothing is written.
The Markdown goes to build/docs (only changed files are rewritten, so
`mkdocs serve` does not loop); sitebuild turns it into the site, re-rendering
only changed pages when it can, in a fresh folder swapped in at the end, so a
failed or interrupted build leaves the previous site/ as it was. One build
at a time per tree (a lock file in the system's temporary folder).
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from sedp.core.cache import ContentCache, content_key
from sedp.core.errors import SedpError
from sedp.core.files import write_if_changed
from sedp.core.messages import Wording
from sedp.core.names import OPEN_DATA, REDLINE, commune_document
from sedp.core.problems import Report, refuse_on_errors
from sedp.core.progress import QUIET, Progress
from sedp.publish import areas as province_areas
from sedp.publish import open_data, pipeline, sitebuild
from sedp.publish.cache import CommuneCache
from sedp.render.docx.writer import DocxStats, DocxWriter
from sedp.render.site.pages import asset_names, copy_assets
from sedp.source.drafts import RULE as DRAFT_RULE
from sedp.source.handbook import PLAN_FILE, Handbook
from sedp.source.repository import output_folder, plan_path

GENERATED = Path("build")


@dataclass
class Generated:
    report: Report
    pages: dict = field(default_factory=dict)  # docs-relative path -> text
    copies: list = field(default_factory=list)  # (plan file, docs-relative path)
    nav: list = field(default_factory=list)
    documents: list = field(default_factory=list)  # (docs-relative .docx path, pandoc AST)
    blobs: dict = field(default_factory=dict)  # docs-relative path -> bytes (open data)
    rendered: int = 0  # communes checked and rendered (the others came from the cache)
    site: sitebuild.SiteStats | None = None
    timings: dict = field(default_factory=dict)  # stage -> seconds (sedp build --timings)


def generate(project: Path, jobs: int | None = None, handbook: Handbook | None = None, use_cache: bool = True,
             progress: Progress = QUIET) -> Generated:
    """Validate everything and render every page, document and data file in
    memory; communes whose inputs are unchanged since an earlier build come
    from the cache. Nothing at all when a plan is invalid."""
    cache = CommuneCache(project / GENERATED / "commune-cache", project) if use_cache else None
    xlsx_cache = ContentCache(project / GENERATED / "xlsx-cache", ".xlsx")
    outcome = pipeline.run(project, render=True, jobs=jobs, handbook=handbook, cache=cache,
                           xlsx_cache=xlsx_cache.folder, progress=progress)
    generated = Generated(report=outcome.report, rendered=outcome.rendered)
    if not outcome.report.ok:
        return generated
    for record in outcome.communes:
        generated.pages.update(record.pages)
        generated.copies.extend((project / source, relative) for source, relative in record.copies)
        generated.documents.extend(record.documents)
        generated.blobs.update(record.data_files)
    areas = province_areas.grouped(outcome)
    generated.nav = province_areas.assemble(outcome, areas, generated.pages, generated.documents)
    province_areas.hand_written(project / "docs", generated.pages, generated.nav)
    open_data.assemble(outcome, areas, generated.pages, generated.blobs, generated.nav, xlsx_cache)
    return generated


def write_docs(generated: Generated, docs: Path) -> int:
    """Bring docs/ in line with the generated pages, touching only what changed."""
    docs.mkdir(parents=True, exist_ok=True)
    wanted = (set(generated.pages) | {dest for _, dest in generated.copies} | set(asset_names())
              | {dest for dest, _ in generated.documents} | set(generated.blobs))
    written = 0
    for relative, text in generated.pages.items():
        written += write_if_changed(docs / relative, text.encode("utf-8"))
    for source, relative in generated.copies:
        written += _link_or_copy(Path(source), docs / relative)
    for relative, content in generated.blobs.items():
        written += write_if_changed(docs / relative, content)
    copy_assets(docs)
    for path in sorted(docs.rglob("*"), reverse=True):
        relative = path.relative_to(docs).as_posix()
        if path.is_file() and relative not in wanted:
            path.unlink()
            written += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written


def export_open_data(generated: Generated, folder: Path) -> int:
    """`sedp export`: the site's du-lieu-mo/ files into folder, nothing else
    there (files of earlier exports that no longer exist are removed); the
    number of CSV tables."""
    prefix = f"{OPEN_DATA}/"
    wanted = {path.removeprefix(prefix): content for path, content in generated.blobs.items()
              if path.startswith(prefix)}
    for relative, content in wanted.items():
        write_if_changed(folder / relative, content)
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in wanted and path.suffix in (".csv", ".json", ".xlsx"):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return sum(1 for relative in wanted if relative.endswith(".csv"))


def write_documents(project: Path, generated: Generated, folder: Path, jobs: int | None = None,
                    progress: Progress = QUIET) -> DocxStats:
    """Every DOCX into folder (pandoc only for documents not in the cache)."""
    writer = DocxWriter(project / GENERATED / "docx-cache", jobs)
    writer.write_all([(document, folder / relative) for relative, document in generated.documents], progress)
    writer.prune()  # every document of the province was just written: the others are of no plan now
    return writer.stats


def write_redline(project: Path, handbook: Handbook, year_folder: Path, out: str | None = None) -> Path:
    """`sedp redline`: one plan year's redline (the plan against the draft sent to the district,
    as tracked changes) into out (a folder; default build/docx/<district>/<commune>/<year>/).
    Refused, saying why, when the plan has an error or was never sent (no draft in git)."""
    folder = year_folder.resolve().relative_to(project.resolve()).as_posix()
    where = plan_path(f"{folder}/{PLAN_FILE}")
    if where.kind != "step":
        raise SedpError(f"{folder} không phải thư mục một năm kế hoạch; ví dụ: plans/thach-an/duc-long/2027.")
    outcome = pipeline.run(project, [year_folder.parent], render=True, handbook=handbook, jobs=1)  # years read each other
    refuse_on_errors(outcome.report, "Kế hoạch có lỗi nên chưa ghi bản so sánh.")
    district, commune, year = where.key
    name = commune_document(REDLINE, commune, year)
    found = [document for record in outcome.communes for relative, document in record.documents
             if relative == f"{district}/{commune}/{year}/{name}"]
    if not found:
        rule = handbook.story_rule(DRAFT_RULE) or {}
        status = handbook.vocab("trang-thai").label(rule.get("ban_gui")) if rule.get("ban_gui") else ""
        said = Wording(handbook).problem(file=folder, line=None, path=(), code="chua-co-ban-gui", gia_tri=folder,
                                         rang_buoc=status or DRAFT_RULE)
        raise SedpError(f"{said.message} — {said.hint}")
    target = output_folder(project, out, GENERATED / "docx" / district / commune / year, "bản so sánh") / name
    DocxWriter(project / GENERATED / "docx-cache", 1).write(found[0], target)
    return target


def _link_or_copy(source: Path, target: Path) -> int:
    """Put a plan's YAML into the docs as a download. A hard link costs a tenth of
    a copy; nothing ever writes into the linked file (pages are replaced, not
    rewritten), so plans/ cannot be touched through it."""
    try:
        if os.path.samefile(source, target):
            return 0
        target.unlink()
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)
    return 1


def build_site(project: Path, site: Path | None = None, jobs: int | None = None, handbook: Handbook | None = None) -> Report:
    """Validate, generate and build; site/ is replaced only by a complete new site."""
    return build_all(project, site, jobs, handbook).report


@contextmanager
def one_build_at_a_time(project: Path, on_wait=None):
    """A second build of the same tree waits for the first (calling on_wait once),
    then finds its caches and site up to date. The lock file lives in the system's
    temporary folder, named after the tree, so a refused build leaves nothing."""
    name = f"sedp-{content_key(str(project.resolve()))[:20]}.lock"
    lock = FileLock(Path(tempfile.gettempdir()) / name)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait:
            on_wait()
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def build_all(project: Path, site: Path | None = None, jobs: int | None = None, handbook: Handbook | None = None,
              site_jobs: int | None = None, on_wait=None, progress: Progress = QUIET) -> Generated:
    """build_site, keeping what was rebuilt for the user to see."""
    with one_build_at_a_time(project, on_wait):
        return _build_all(project, site, jobs, handbook, site_jobs, progress)


def _build_all(project: Path, site: Path | None, jobs: int | None, handbook: Handbook | None, site_jobs: int | None,
               progress: Progress) -> Generated:
    clock = time.perf_counter()
    generated = generate(project, jobs, handbook, progress=progress)
    if not generated.report.ok:
        return generated
    generated.timings["generate"], clock = time.perf_counter() - clock, time.perf_counter()
    docs = project / GENERATED / "docs"
    write_docs(generated, docs)
    generated.pages.clear()  # on disk now; mkdocs needs the memory more
    generated.blobs.clear()
    gc.collect()
    gc.freeze()  # what is left lives until the end: keep it out of later collections
    generated.timings["write"], clock = time.perf_counter() - clock, time.perf_counter()
    write_documents(project, generated, docs, jobs, progress)
    generated.documents.clear()
    generated.timings["docx"], clock = time.perf_counter() - clock, time.perf_counter()
    generated.site = sitebuild.build(project, generated.nav, docs, site or project / "site", project / GENERATED,
                                     site_jobs or jobs)
    generated.timings["site"] = time.perf_counter() - clock - generated.site.search_seconds
    generated.timings["search"] = generated.site.search_seconds
    return generated
