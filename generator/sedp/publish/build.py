"""`sedp build`: validate, render the site's Markdown, then build the site.

One pass reads each commune once: the worker that validates a commune also
renders its pages, DOCX texts, open data and roll-up summary; a commune whose
inputs did not change since the last build comes from build/commune-cache
instead. If anything is invalid nothing is written. The Markdown goes to
build/docs (only changed files are rewritten, so `mkdocs serve` does not
loop); sitebuild turns it into the site, re-rendering only changed pages when
it can, in a fresh folder swapped in at the end, so a failed or interrupted
build leaves the previous site/ as it was.
"""

from __future__ import annotations

import gc
import os
import shutil
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from sedp.publish import sitebuild
from sedp.publish.cache import CommuneCache
from sedp.render.data.opendata import Exporter
from sedp.render.docx.plan import DocxStats, DocxWriter
from sedp.core.problems import Report
from sedp.source.repository import discover
from sedp.render.site.pages import CommuneOutput, SiteRenderer, copy_assets
from sedp.check.checker import PARALLEL_FROM, Checker, duplicate_codes, run_parallel, worker_checker

GENERATED = Path("build")


@dataclass
class Generated:
    report: Report
    pages: dict = field(default_factory=dict)  # docs-relative path -> text
    copies: list = field(default_factory=list)  # (source, docs-relative path)
    nav: list = field(default_factory=list)
    documents: list = field(default_factory=list)  # (docs-relative .docx path, pandoc AST)
    blobs: dict = field(default_factory=dict)  # docs-relative path -> bytes (open data)
    rendered: int = 0  # communes checked and rendered (the others came from the cache)
    site: sitebuild.SiteStats | None = None
    timings: dict = field(default_factory=dict)  # stage -> seconds (sedp build --timings)


_RENDERER: tuple | None = None  # (checker, province, SiteRenderer) of this process
_EXPORTER: tuple | None = None  # (checker, Exporter) of this process
OPEN_DATA = "du-lieu-mo"  # folder of the site (and of build/docs) with the open data


def _exporter(checker: Checker) -> Exporter:
    global _EXPORTER
    if _EXPORTER is None or _EXPORTER[0] is not checker:
        _EXPORTER = (checker, Exporter(checker.project, None, checker, checker.project / GENERATED / "xlsx-cache"))
    return _EXPORTER[1]


def _renderer(checker: Checker, province: dict) -> SiteRenderer:
    """One renderer per process: building one compiles every template."""
    global _RENDERER
    if _RENDERER is None or _RENDERER[0] is not checker or _RENDERER[1] != province:
        _RENDERER = (checker, province, SiteRenderer(checker.handbook, province, checker.project))
    return _RENDERER[2]


def _render_task(task, checker: Checker | None = None):
    commune_path, years, district_slug, district_name, province = task
    checker = checker or worker_checker()
    result = checker.check_commune(commune_path, years)
    if any(p.severity == "loi" for p in result.problems):
        return result.problems, result.files, None
    renderer = _renderer(checker, province)
    output = renderer.commune(result, district_slug, district_name)
    exporter = _exporter(checker)
    exporter.forms = renderer.forms  # the Biểu tables just rendered are reused, not rebuilt
    known = len(exporter.resources)
    files = exporter.commune_files(district_slug, commune_path.name, result.years)
    output.data_files = {f"{OPEN_DATA}/{relative}": content for relative, content in files.items()}
    output.resources = exporter.resources[known:]
    del exporter.resources[known:]
    output.cache_entries, exporter.fresh = exporter.fresh, {}
    output.code = result.code
    return result.problems, result.files, output


def generate(project: Path, jobs: int | None = None, handbook=None, use_cache: bool = True) -> Generated:
    """Validate everything and render every page in memory; communes whose
    inputs are unchanged since an earlier build come from the cache."""
    checker = Checker(project, handbook)
    layout = discover(project)
    report = Report()
    generated = Generated(report=report)
    province, districts = checker.check_places(layout, report)
    tasks = [(c.path, c.years, c.district.name, districts.get(c.district.name, {}).get("ten", c.district.name),
              province) for c in layout.communes]
    report.communes = len(tasks)
    report.plan_years = sum(len(t[1]) for t in tasks)
    cache = CommuneCache(project / GENERATED / "commune-cache", project) if use_cache else None
    results, misses = [], []
    for task in tasks:
        key = cache.key(task[0], (task[2:], checker.display(task[0]), str(project.resolve()))) if cache else None
        cached = cache.get(key) if cache else None
        results.append(cached)
        if cached is None:
            misses.append((len(results) - 1, key, task))
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(misses) >= PARALLEL_FROM:
        fresh = run_parallel(checker, [task for _, _, task in misses], jobs, work=_render_task)
    else:
        fresh = (_render_task(task, checker) for _, _, task in misses)
    for (index, _, _), result in zip(misses, fresh):
        results[index] = result
    generated.rendered = len(misses)
    outputs: dict[str, list[CommuneOutput]] = {slug: [] for slug in districts}
    for problems, files, output in results:
        report.extend(problems)
        report.files += files
        if output is not None:
            outputs[output.district].append(output)
    report.extend(duplicate_codes(checker.wording, [c.code for communes in outputs.values() for c in communes]))
    if not report.ok:
        return generated  # nothing written, not even the cache
    if cache:
        for index, key, _ in misses:
            problems, files, output = results[index]
            cache.put(key, (problems, files, replace(output, cache_entries={})))
        cache.prune()
    renderer = _renderer(checker, province)
    grouped = [(slug, districts[slug], outputs[slug]) for slug in districts]
    for slug, data, communes in grouped:
        page, documents = renderer.district(slug, data, communes)
        generated.pages[f"{slug}/index.md"] = page
        generated.documents.extend(documents)
        for commune in communes:
            generated.pages.update(commune.pages)
            generated.copies.extend(commune.copies)
            generated.documents.extend(commune.documents)
            generated.blobs.update(commune.data_files)
    generated.pages["index.md"] = renderer.home(grouped)
    generated.nav = renderer.nav(grouped)
    static = project / "docs"
    if static.is_dir():  # hand-written pages (about, user guide) after the home page
        for index, path in enumerate(sorted(static.rglob("*.md")), start=1):
            relative = path.relative_to(static).as_posix()
            text = path.read_text(encoding="utf-8")
            generated.pages[relative] = text
            title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), relative)
            generated.nav.insert(index, {title: relative})
    _open_data(checker, province, grouped, generated)
    return generated


def _open_data(checker: Checker, province: dict, grouped, generated: Generated) -> None:
    """Roll-up tables for each district and the province, the data package and its page."""
    from sedp.model.rollup import Summary

    exporter = _exporter(checker)
    exporter.save_cache({k: v for _, _, communes in grouped for c in communes for k, v in c.cache_entries.items()})
    exporter.resources = [r for _, _, communes in grouped for c in communes for r in c.resources]
    by_area: dict = {}
    for slug, data, communes in grouped:
        for commune in communes:
            for year in commune.years:
                for area in (slug, ""):
                    by_area.setdefault((area, year["year"]), Summary()).add(Summary.from_plain(year["summary"]))
    names = {slug: data.get("ten", slug) for slug, data, _ in grouped}
    for (area, year), summary in sorted(by_area.items()):
        label = names.get(area, area) if area else province.get("ten", "")
        for relative, content in exporter.rollup_files(area, label, year, summary).items():
            generated.blobs[f"{OPEN_DATA}/{relative}"] = content
    generated.blobs[f"{OPEN_DATA}/datapackage.json"] = exporter.package(province)
    exporter.save_cache(exporter.fresh)
    exporter.fresh = {}
    generated.pages[f"{OPEN_DATA}.md"] = _open_data_page(generated.blobs, names, grouped)
    generated.nav.append({"Dữ liệu mở": f"{OPEN_DATA}.md"})
    exporter.resources = []


def _open_data_page(blobs: dict, names: dict, grouped) -> str:
    from sedp.render.site.pages import escape_text

    lines = ["# Dữ liệu mở", "",
             "Toàn bộ số liệu kế hoạch dưới dạng dữ liệu mở: bảng CSV (mã hóa UTF-8, số thập phân dùng dấu chấm) "
             "mô tả trong [datapackage.json](du-lieu-mo/datapackage.json) theo chuẩn Frictionless Data, "
             "và bảng tính Excel (XLSX) theo mẫu các biểu.", "", "## Toàn tỉnh", ""]
    for path in sorted(p for p in blobs if p.count("/") == 1 and p.endswith(".csv")):
        lines.append(f"- [{path.split('/')[-1]}]({path})")
    for slug, _, communes in grouped:
        lines += ["", f"## {escape_text(names[slug])}", ""]
        lines += [f"- [{p.split('/')[-1]}]({p})" for p in sorted(blobs) if p.startswith(f"{OPEN_DATA}/{slug}/tong-hop")]
        for commune in communes:
            for year in commune.years:
                xlsx = f"{OPEN_DATA}/{slug}/{commune.slug}/{year['year']}/ke-hoach-{commune.slug}-{year['year']}.xlsx"
                lines.append(f"- {escape_text(commune.title)} – năm {year['year']}: [bảng tính XLSX]({xlsx}), "
                             f"[Biểu 6 (CSV)]({OPEN_DATA}/{slug}/{commune.slug}/{year['year']}/bieu-6.csv)")
    return "\n".join(lines) + "\n"


def write_docs(generated: Generated, docs: Path) -> int:
    """Bring docs/ in line with the generated pages, touching only what changed."""
    docs.mkdir(parents=True, exist_ok=True)
    wanted = (set(generated.pages) | {dest for _, dest in generated.copies} | {"assets/sedp.css"}
              | {dest for dest, _ in generated.documents} | set(generated.blobs))
    written = 0
    for relative, text in generated.pages.items():
        written += _write_if_changed(docs / relative, text.encode("utf-8"))
    for source, relative in generated.copies:
        written += _link_or_copy(Path(source), docs / relative)
    for relative, content in generated.blobs.items():
        written += _write_if_changed(docs / relative, content)
    copy_assets(docs)
    for path in sorted(docs.rglob("*"), reverse=True):
        relative = path.relative_to(docs).as_posix()
        if path.is_file() and relative not in wanted:
            path.unlink()
            written += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written


def _write_if_changed(path: Path, content: bytes) -> int:
    try:
        if path.read_bytes() == content:
            return 0
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(content)
    temporary.replace(path)
    return 1


def write_documents(project: Path, generated: Generated, folder: Path, jobs: int | None = None) -> DocxStats:
    """Every DOCX into folder (pandoc only for documents not in the cache)."""
    writer = DocxWriter(project / GENERATED / "docx-cache", jobs)
    writer.write_all([(document, folder / relative) for relative, document in generated.documents])
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


def build_all(project: Path, site: Path | None = None, jobs: int | None = None, handbook=None,
              site_jobs: int | None = None) -> Generated:
    """build_site, keeping what was rebuilt for the user to see."""
    clock = time.perf_counter()
    generated = generate(project, jobs, handbook)
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
    write_documents(project, generated, docs, jobs)
    generated.documents.clear()
    generated.timings["docx"], clock = time.perf_counter() - clock, time.perf_counter()
    generated.site = sitebuild.build(project, generated.nav, docs, site or project / "site", project / GENERATED,
                                     site_jobs or jobs)
    generated.timings["site"] = time.perf_counter() - clock
    return generated
