"""The one pipeline: discover -> check -> (model -> render) per commune -> province.

`sedp validate`, `build`, `docx` and `export` all run this, so they accept and
refuse exactly the same plans. Work is split by commune (a commune and its
years are checked together, since their files refer to each other) and spread
over the cores when there are enough communes to pay for starting workers.
When rendering, the worker that checks a commune also renders its pages, DOCX
texts and open data from the model's views, into one CommuneRecord; a commune
whose inputs did not change since the last build comes from the cache.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from sedp.check.checker import Checker, CommuneResult, duplicate_codes
from sedp.core import fmt
from sedp.core.names import ACCOUNTABILITY_PAGE, OPEN_DATA, REDLINE, commune_document, middle_level
from sedp.core.parallel import run_parallel
from sedp.core.problems import Problem, Report
from sedp.core.progress import QUIET, Progress
from sedp.model.views import CommuneView, CommuneYear, Views, YearView, commune_title
from sedp.render.data.opendata import OpenData
from sedp.render.docx.documents import redline_document, year_documents
from sedp.render.docx.redline import attribution
from sedp.render.site.pages import SiteRenderer
from sedp.review.history import year_trail
from sedp.review.plandiff import change_list, compare_year
from sedp.source.drafts import Draft, offices, sent_draft
from sedp.source.handbook import PLAN_FILE, Handbook
from sedp.source.provenance import GitFacts, Source
from sedp.source.repository import discover, place_file, plan_folder

# Below this many communes, starting worker processes costs more than it saves.
PARALLEL_FROM = 24


@dataclass
class CommuneRecord:
    """One commune through the pipeline: its problems and, when rendered, its outputs."""

    district: str  # district folder name
    slug: str  # commune folder name
    problems: list[Problem]
    files: int  # YAML files read
    code: tuple | None = None  # (commune code, file shown, line): unique across the province
    view: CommuneView | None = None  # None when not rendered (check only, or invalid)
    pages: dict = field(default_factory=dict)  # docs-relative path -> Markdown
    copies: list[tuple[str, str]] = field(default_factory=list)  # (plan file from the project root, docs-relative path)
    documents: list[tuple[str, bytes]] = field(default_factory=list)  # (docs-relative .docx path, packed pandoc AST)
    data_files: dict = field(default_factory=dict)  # docs-relative path -> bytes (open data)
    data_tables: dict = field(default_factory=dict)  # its rows of the province's CSV tables (OpenData)
    xlsx_fresh: dict = field(default_factory=dict)  # XLSX cache entries made now, stored once all is valid
    xlsx_keys: list = field(default_factory=list)  # every XLSX cache entry its workbooks use


@dataclass
class Task:
    commune: Path
    years: list[Path]
    district: str
    district_name: str
    render: bool


@dataclass
class YearFacts:
    """What git says of one plan year, gathered before it is rendered."""

    source: Source  # the commit its outputs come from (the pages' and documents' footer)
    trail: list[dict]  # the review trail (review.history.year_trail)
    draft: Draft | None = None  # the draft sent to the district (source/drafts.py), for the redline


class Stage:
    """Everything a process needs to check and render communes, built once per
    process: the main process's goes back with the Province; a worker builds its own."""

    def __init__(self, checker: Checker, province: dict, xlsx_cache: Path | None, git: GitFacts):
        self.checker = checker
        self.province = province
        self.views = Views(checker.handbook, middle_level(province))
        self.site = SiteRenderer(checker.handbook, province, self.views)
        self.data = OpenData(checker.handbook, self.views.forms, xlsx_cache)
        self.git = git

    def commune(self, task: Task) -> CommuneRecord:
        result = self.checker.check_commune(task.commune, task.years)
        record = CommuneRecord(task.district, task.commune.name, result.problems, result.files, result.code)
        if task.render and not any(p.severity == "loi" for p in result.problems):
            self.render(record, result, task.district_name, self.gather(record, result))
        return record

    def gather(self, record: CommuneRecord, result: CommuneResult) -> dict[str, YearFacts]:
        """Plan year -> what git says of it: asked here, so rendering runs no git."""
        project, handbook = self.checker.project, self.checker.handbook
        return {year: YearFacts(self.git.source(plan_folder(record.district, record.slug, year)),
                                year_trail(project, record.district, record.slug, year, handbook),
                                sent_draft(project, handbook, record.district, record.slug, year))
                for year in result.years}

    def render(self, record: CommuneRecord, result: CommuneResult, district_name: str,
               facts: dict[str, YearFacts]) -> None:
        """The commune's pages, DOCX texts and open data into record; reads, runs no git."""
        handbook = self.checker.handbook
        slug, district = record.slug, record.district
        base = f"{district}/{slug}"
        view = CommuneView(district=district, slug=slug, title=commune_title(result.commune, slug))
        # Files are named from the project root, so a clone in another folder can reuse the record.
        record.copies.append((place_file(district, slug), f"{base}/nguon/commune.yaml"))
        years = []
        for year in sorted(result.years):
            steps = result.years[year]
            folder = plan_folder(district, slug, year)
            trail = [[fmt.day(e["ngay"]), e["tac_gia"], e["pr"], e["tom_tat"]] for e in facts[year].trail]
            previous = result.years.get(str(int(year) - 1)) if year.isdigit() else None
            view_of = partial(self.views.year, district, district_name, slug, result.commune, year,
                              source=facts[year].source, trail=trail, previous=previous)
            year_view = view_of(steps)
            years.append(year_view)
            redline = self.redline(record, view.title, year_view, facts[year], steps, view_of)
            record.pages[f"{base}/{year}/index.md"] = self.site.year_page(year_view, redline=redline is not None)
            if year_view.record.present:
                record.pages[f"{base}/{year}/{ACCOUNTABILITY_PAGE}"] = self.site.accountability_page(year_view)
            record.documents.extend((f"{base}/{year}/{commune_document(kind, slug, year)}", document)
                                    for kind, document in year_documents(year_view, handbook, middle_level(self.province)).items())
            if redline is not None:
                record.documents.append((f"{base}/{year}/{commune_document(REDLINE, slug, year)}", redline))
            record.copies.extend((f"{folder}/{name}", f"{base}/{year}/nguon/{name}") for name in steps)
            view.years.append(CommuneYear(year, year_view.status, year_view.summary, year_view.assessment,
                                          year_view.record.present))
            view.sources[year] = year_view.source
        record.pages[f"{base}/index.md"] = self.site.commune_page(view, result.commune, district_name, years)
        data = self.data.commune_files(district, slug, result.years, {y.year: y.record for y in years})
        record.data_files = {f"{OPEN_DATA}/{relative}": content for relative, content in data.files.items()}
        record.data_tables, record.xlsx_fresh, record.xlsx_keys = data.tables, data.fresh, data.keys
        record.view = view

    def redline(self, record: CommuneRecord, title: str, year_view: YearView, facts: YearFacts, steps: dict,
                view_of: Callable[[dict], YearView]) -> bytes | None:
        """The plan year's redline (its Kế hoạch against the draft sent), or None: never sent, or
        a draft git holds that today's handbook cannot read (said as a warning, not a crash).
        view_of: the plan year's view made of other files (the draft's)."""
        draft, handbook = facts.draft, self.checker.handbook
        if draft is None:
            return None
        try:
            draft_view = view_of(draft.steps)
            names = {code: name for kind in self.views.forms.names(steps).values() for code, name in kind.items()}
            who = attribution(draft.item_dates, offices(handbook, steps), f"UBND {title[:1].lower()}{title[1:]}",
                              draft.last_date, names)
            key = (record.district, record.slug, year_view.year)
            changes = change_list(compare_year(handbook, key, "", draft.steps, steps))
            return redline_document(draft_view, year_view, handbook, middle_level(self.province), who, changes,
                                    (draft.commit, draft.date))
        except (TypeError, ValueError, KeyError, AttributeError, IndexError, ArithmeticError):
            folder = plan_folder(record.district, record.slug, year_view.year)
            record.problems.append(self.checker.wording.problem(
                file=f"{folder}/{PLAN_FILE}", line=None, path=(), code="ban-gui-khong-doc-duoc",
                severity="canh_bao", gia_tri=draft.commit[:12]))
            return None


@dataclass
class Province:
    """The whole province through the pipeline, with the Stage that checked and
    rendered it here (the district and province pages are rendered with it too)."""

    report: Report
    handbook: Handbook
    province: dict  # province.yaml
    districts: dict  # district folder -> district.yaml data
    communes: list[CommuneRecord]
    stage: Stage
    rendered: int = 0  # communes checked and rendered now (the others came from the cache)

    def by_district(self) -> list[tuple[str, dict, list[CommuneRecord]]]:
        grouped: dict[str, list] = {slug: [] for slug in self.districts}
        for record in self.communes:
            grouped.setdefault(record.district, []).append(record)
        return [(slug, self.districts.get(slug, {}), records) for slug, records in grouped.items()]


_WORKER: Stage | None = None  # a worker process's own Stage, built by its initializer


def _start_worker(project: Path, handbook: Handbook, province: dict, xlsx_cache: Path | None,
                  facts: tuple[dict, frozenset] | None) -> None:
    global _WORKER
    _WORKER = Stage(Checker(project, handbook), province, xlsx_cache, GitFacts(project, facts))


def _in_worker(task: Task) -> CommuneRecord:
    assert _WORKER is not None, "a worker's initializer builds its Stage"
    return _WORKER.commune(task)


def run(project: Path, paths: list[Path] | None = None, *, render: bool = False, jobs: int | None = None,
        handbook: Handbook | None = None, cache=None, xlsx_cache: Path | None = None,
        progress: Progress = QUIET) -> Province:
    """Check the selected plans (all of plans/ when paths is empty) and, with
    render, render every valid commune. cache: a CommuneCache (publish.cache)."""
    checker = Checker(project, handbook)
    layout = discover(project, [Path(p) for p in paths] if paths else None)
    report = Report()
    province, districts = checker.check_places(layout, report)
    tasks = [Task(c.path, c.years, c.district.name, districts.get(c.district.name, {}).get("ten", c.district.name),
                  render) for c in layout.communes]
    report.communes = len(tasks)
    report.plan_years = sum(len(t.years) for t in tasks)
    records: list[CommuneRecord | None] = [None] * len(tasks)
    keys = [None] * len(tasks)
    if cache is not None:
        for index, task in enumerate(tasks):
            keys[index] = cache.key(task.commune, (task.district, task.district_name, province,
                                                   checker.display(task.commune)))
            records[index] = cache.get(keys[index])
    misses = [i for i, record in enumerate(records) if record is None]
    jobs = jobs or os.cpu_count() or 1
    stage = Stage(checker, province, xlsx_cache, cache.git if cache is not None else GitFacts(project))
    progress.start("xã", len(misses))
    if jobs > 1 and len(misses) >= PARALLEL_FROM:
        facts = stage.git.facts() if render else None  # asked once here, not in every worker
        fresh = run_parallel([tasks[i] for i in misses], jobs, _in_worker, _start_worker,
                             (project, checker.handbook, province, xlsx_cache, facts))
    else:
        fresh = (stage.commune(tasks[i]) for i in misses)
    try:
        for index, record in zip(misses, fresh, strict=True):
            records[index] = record
            progress.step()
    finally:
        progress.done()
    done = [record for record in records if record is not None]
    for record in done:
        report.extend(record.problems)
        report.files += record.files
    report.extend(duplicate_codes(checker.wording, [r.code for r in done]))
    outcome = Province(report, checker.handbook, province, districts, done, stage, rendered=len(misses))
    if cache is not None and report.ok:  # nothing is kept from an invalid province
        for index in misses:
            cache.put(keys[index], replace(done[index], xlsx_fresh={}))  # those are stored apart
        cache.prune()
    return outcome


def validate(project: Path, paths: list[Path] | None = None, jobs: int | None = None,
             progress: Progress = QUIET) -> Report:
    """`sedp validate`: every problem of the selected plans."""
    return run(project, paths, jobs=jobs, progress=progress).report
