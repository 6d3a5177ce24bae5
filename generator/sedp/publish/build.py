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
from dataclasses import dataclass, field, replace
from pathlib import Path

from filelock import FileLock, Timeout

from sedp.core.cache import ContentCache, content_key
from sedp.core.files import write_if_changed
from sedp.core.problems import Report
from sedp.core.progress import QUIET, Progress
from sedp.core.text import vi_sort_key
from sedp.model.period import period as period_of
from sedp.model.rollup import Summary
from sedp.model.views import rollup_by_year
from sedp.publish import pipeline, sitebuild
from sedp.publish.cache import CommuneCache
from sedp.publish.pipeline import OPEN_DATA
from sedp.render.data.opendata import PROVINCE_WORKBOOK, OpenData
from sedp.render.docx.documents import district_year_document, period_document
from sedp.render.docx.writer import DocxStats, DocxWriter
from sedp.render.site.open_data import open_data_page
from sedp.render.site.pages import PERIOD_PAGE, asset_names, copy_assets, district_docx_name
from sedp.source.outlines import period_document_file

PERIOD_OUTLINE = "bao-cao-giai-doan"  # schema/van-ban/: without it (an older handbook) no period DOCX

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


def generate(project: Path, jobs: int | None = None, handbook=None, use_cache: bool = True,
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
    stage = pipeline.stage_for_province(project, outcome.handbook, outcome.province, xlsx_cache.folder,
                                        cache.git if cache else None)
    site, git = stage.site, stage.git
    grouped = [(slug, data, [r.view for r in records]) for slug, data, records in outcome.by_district()]
    site.province_years = {y["year"] for _, _, communes in grouped for c in communes for y in c.years}
    province_years: dict = {}  # plan year -> the province's Summary (its districts' added up)
    for record in outcome.communes:
        generated.pages.update(record.pages)
        generated.copies.extend((project / source, relative) for source, relative in record.copies)
        generated.documents.extend(record.documents)
        generated.blobs.update(record.data_files)
    for slug, data, communes in grouped:
        years = site.years_view(communes)
        generated.pages[f"{slug}/index.md"] = site.district(slug, data, communes, years)
        name = data.get("ten", slug)
        by_year = rollup_by_year(communes)
        for year, summary in sorted(by_year.items()):
            rows = [{"title": c.title, "status": y["status"]["label"], "assessment": y.get("assessment") or []}
                    for c in sorted(communes, key=lambda c: vi_sort_key(c.title)) for y in c.years if y["year"] == year]
            source = git.district_source(slug, [c.sources[year] for c in communes if year in c.sources])
            generated.documents.append((f"{slug}/{district_docx_name(slug, year)}", district_year_document(
                outcome.handbook, outcome.province, site.middle, name, year, rows, summary,
                stage.views.rollup(summary), source)))
            province_years.setdefault(year, Summary()).add(summary)
        span = period_of(outcome.handbook, by_year, within=site.province_years)
        if span and PERIOD_OUTLINE in outcome.handbook.outlines:  # the district's report, the province's below
            source = git.district_source(slug, [c.sources[y] for c in communes for y in span.years if y in c.sources])
            generated.documents.append((f"{slug}/{period_document_file(slug, span.slug)}", period_document(
                outcome.handbook, outcome.province, site.middle, name, span, source)))
    span = period_of(outcome.handbook, province_years, within=site.province_years)
    if span and PERIOD_OUTLINE in outcome.handbook.outlines:
        source = git.district_source("", [c.sources[y] for _, _, communes in grouped for c in communes
                                          for y in span.years if y in c.sources])
        generated.documents.append((period_document_file("", span.slug), period_document(
            outcome.handbook, outcome.province, site.middle, None, span, replace(source, folder="plans"))))
    _period_pages(site, outcome.province, grouped, generated)
    generated.pages["index.md"] = site.home(grouped)
    generated.nav = site.nav(grouped)
    static = project / "docs"
    if static.is_dir():  # hand-written pages (about, user guide) after the home page
        for index, path in enumerate(sorted(static.rglob("*.md")), start=1):
            relative = path.relative_to(static).as_posix()
            text = path.read_text(encoding="utf-8")
            generated.pages[relative] = text
            title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), relative)
            generated.nav.insert(index, {title: relative})
    _open_data(stage.data, outcome, grouped, generated, xlsx_cache)
    return generated


def _period_pages(site, province: dict, grouped, generated: Generated) -> None:
    """The period report's page for the province and for each district."""
    areas = [("", f"Tỉnh {province.get('ten', '')}", [c for _, _, cs in grouped for c in cs], "")]
    areas += [(slug, f"{site.middle} {data.get('ten', slug)}", communes, "../")
              for slug, data, communes in grouped]
    for slug, area, communes, up in areas:
        found = site.period_of(communes)
        if found is not None:  # links from the page's Markdown file, beside the report's DOCX
            generated.pages[f"{slug}/{PERIOD_PAGE}".lstrip("/")] = site.period_page(
                area, found, open_data=f"{up}{OPEN_DATA}.md",
                docx=period_document_file(slug, found.slug) if PERIOD_OUTLINE in site.handbook.outlines else "")


def _open_data(data: OpenData, outcome: pipeline.Province, grouped, generated: Generated,
               xlsx_cache: ContentCache) -> None:
    """The province's tables, each across all plan years (the communes' rows, made and cached with each
    commune, put together; the roll-ups and the period from the Summaries), the district and province
    workbooks, the data package and its page."""
    entries = {k: v for record in outcome.communes for k, v in record.xlsx_fresh.items()}
    used = {k for record in outcome.communes for k in record.xlsx_keys}
    by_area: dict = {}
    for slug, _, communes in grouped:
        for year, summary in rollup_by_year(communes).items():
            by_area.setdefault((slug, year), Summary()).add(summary)
            by_area.setdefault(("", year), Summary()).add(summary)
    names = {slug: values.get("ten", slug) for slug, values, _ in grouped}
    places, tables, commune_years = [], [], []
    for slug, values, records in outcome.by_district():
        for record in records:
            places.append({"huyen": slug, "ma_huyen": values.get("ma"), "ten_huyen": names.get(slug, slug),
                           "xa": record.slug, "ma_xa": record.code[0] if record.code else None,
                           "ten_xa": record.view.title})
            tables.append(record.data_tables)
            commune_years += [(y["year"], slug, record.slug, Summary.from_plain(y["summary"]))
                              for y in record.view.years]
    made = [data.province_files(outcome.province, places, tables, by_area, commune_years)]
    described = made[0].described
    made += [data.district_workbook(area, names.get(area, area), year, summary)
             for (area, year), summary in sorted(by_area.items()) if area]
    for part in made:
        entries.update(part.fresh)
        used.update(part.keys)
        for relative, content in part.files.items():
            generated.blobs[f"{OPEN_DATA}/{relative}"] = content
    generated.blobs[f"{OPEN_DATA}/datapackage.json"] = OpenData.package(outcome.province, made[0].resources)
    for key, content in entries.items():
        xlsx_cache.put(key, content)
    xlsx_cache.prune(keep=used)
    generated.pages[f"{OPEN_DATA}.md"] = _open_data_page(data.handbook, generated.blobs, described, names, grouped)
    generated.nav.append({"Dữ liệu mở": f"{OPEN_DATA}.md"})


def _open_data_page(handbook, blobs: dict, tables: list, names: dict, grouped) -> str:
    """The "Dữ liệu mở" page: every table with a line on what it holds, then the workbooks."""
    return open_data_page(handbook, OPEN_DATA, PROVINCE_WORKBOOK, blobs, tables, names, grouped)


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


def build_site(project: Path, site: Path | None = None, jobs: int | None = None, handbook=None) -> Report:
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


def build_all(project: Path, site: Path | None = None, jobs: int | None = None, handbook=None,
              site_jobs: int | None = None, on_wait=None, progress: Progress = QUIET) -> Generated:
    """build_site, keeping what was rebuilt for the user to see."""
    with one_build_at_a_time(project, on_wait):
        return _build_all(project, site, jobs, handbook, site_jobs, progress)


def _build_all(project: Path, site: Path | None, jobs: int | None, handbook, site_jobs: int | None,
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
