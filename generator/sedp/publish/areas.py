"""The district and province levels of a build: each district's page and its
plan-year synthesis DOCX, the period reports (page and DOCX) of every district
and of the province, the home page and the navigation; all from the
pipeline's Province (its communes' views) and rendered by its Stage.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sedp.core.names import OPEN_DATA_PAGE, PERIOD_OUTLINE, PERIOD_PAGE, district_document, period_document
from sedp.core.text import vi_sort_key
from sedp.model.period import period as period_of
from sedp.model.rollup import Summary
from sedp.model.views import CommuneView, rollup_by_year
from sedp.publish.pipeline import Province
from sedp.render.docx import documents as docx

Grouped = list[tuple[str, dict, list[CommuneView]]]  # district folder, district.yaml, its communes


def grouped(outcome: Province) -> Grouped:
    """The communes' views by district, in the province's order."""
    return [(slug, data, [r.view for r in records if r.view is not None])
            for slug, data, records in outcome.by_district()]


def assemble(outcome: Province, areas: Grouped, pages: dict, documents: list) -> list:
    """Every district's and the province's pages into pages, their DOCX into
    documents; the site's navigation."""
    stage, handbook = outcome.stage, outcome.handbook
    site, git = stage.site, stage.git
    site.province_years = {y.year for _, _, communes in areas for c in communes for y in c.years}
    province_years: dict = {}  # plan year -> the province's Summary (its districts' added up)
    with_period = PERIOD_OUTLINE in handbook.outlines
    for slug, data, communes in areas:
        pages[f"{slug}/index.md"] = site.district(slug, data, communes, site.years_view(communes))
        name = data.get("ten", slug)
        by_year = rollup_by_year(communes)
        for year, summary in sorted(by_year.items()):
            rows = [{"title": c.title, "status": y.status["label"], "assessment": y.assessment}
                    for c in sorted(communes, key=lambda c: vi_sort_key(c.title)) for y in c.years if y.year == year]
            source = git.district_source(slug, [c.sources[year] for c in communes if year in c.sources])
            documents.append((f"{slug}/{district_document(slug, year)}", docx.district_year_document(
                handbook, outcome.province, name, year, rows, summary, stage.views.rollup(summary),
                source)))
            province_years.setdefault(year, Summary()).add(summary)
        span = period_of(handbook, by_year, within=site.province_years)
        if span and with_period:  # the district's report, the province's below
            source = git.district_source(slug, [c.sources[y] for c in communes for y in span.years if y in c.sources])
            documents.append((f"{slug}/{period_document(slug, span.slug)}", docx.period_document(
                handbook, outcome.province, name, span, source)))
    span = period_of(handbook, province_years, within=site.province_years)
    if span and with_period:
        source = git.district_source("", [c.sources[y] for _, _, communes in areas for c in communes
                                          for y in span.years if y in c.sources])
        documents.append((period_document("", span.slug), docx.period_document(
            handbook, outcome.province, None, span, replace(source, folder="plans"))))
    _period_pages(outcome, areas, pages)
    pages["index.md"] = site.home(areas)
    return site.nav(areas)


def _period_pages(outcome: Province, areas: Grouped, pages: dict) -> None:
    """The period report's page for the province and for each district."""
    site = outcome.stage.site
    places = [("", f"Tỉnh {outcome.province.get('ten', '')}", [c for _, _, cs in areas for c in cs], "")]
    places += [(slug, f"{site.middle} {data.get('ten', slug)}", communes, "../") for slug, data, communes in areas]
    for slug, area, communes, up in places:
        found = site.period_of(communes)
        if found is not None:  # links from the page's Markdown file, beside the report's DOCX
            pages[f"{slug}/{PERIOD_PAGE}".lstrip("/")] = site.period_page(
                area, found, open_data=f"{up}{OPEN_DATA_PAGE}",
                docx=period_document(slug, found.slug) if PERIOD_OUTLINE in outcome.handbook.outlines else "")


def hand_written(static: Path, pages: dict, nav: list) -> None:
    """The project's own pages (docs/: about, user guide) after the home page."""
    if not static.is_dir():
        return
    for index, path in enumerate(sorted(static.rglob("*.md")), start=1):
        relative = path.relative_to(static).as_posix()
        text = path.read_text(encoding="utf-8")
        pages[relative] = text
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), relative)
        nav.insert(index, {title: relative})
