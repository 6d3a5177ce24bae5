"""The open data of the whole province, put together from its communes' parts
(each made and cached with its commune by the pipeline): the province's
tables across all plan years, the district and province workbooks, the data
package and the "Dữ liệu mở" page that lists them."""

from __future__ import annotations

from sedp.core.cache import ContentCache
from sedp.core.names import DATA_PACKAGE, OPEN_DATA, OPEN_DATA_PAGE
from sedp.model.rollup import Summary
from sedp.model.views import rollup_by_year
from sedp.publish.areas import Grouped
from sedp.publish.pipeline import Province
from sedp.render.data.opendata import OpenData
from sedp.render.site.open_data import open_data_page


def assemble(outcome: Province, grouped: Grouped, pages: dict, blobs: dict, nav: list,
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
            view = record.view
            if view is None:
                continue  # not rendered: not on the district pages either (publish/areas.py)
            places.append({"huyen": slug, "ma_huyen": values.get("ma"), "ten_huyen": names.get(slug, slug),
                           "xa": record.slug, "ma_xa": record.code[0] if record.code else None,
                           "ten_xa": view.title})
            tables.append(record.data_tables)
            commune_years += [(y.year, slug, record.slug, y.summary) for y in view.years]
    data = outcome.stage.data
    made = [data.province_files(outcome.province, places, tables, by_area, commune_years)]
    described = made[0].described
    made += [data.district_workbook(area, names.get(area, area), year, summary)
             for (area, year), summary in sorted(by_area.items()) if area]
    for part in made:
        entries.update(part.fresh)
        used.update(part.keys)
        for relative, content in part.files.items():
            blobs[f"{OPEN_DATA}/{relative}"] = content
    blobs[f"{OPEN_DATA}/{DATA_PACKAGE}"] = OpenData.package(outcome.province, made[0].resources)
    for key, content in entries.items():
        xlsx_cache.put(key, content)
    xlsx_cache.prune(keep=used)
    pages[OPEN_DATA_PAGE] = open_data_page(outcome.handbook, blobs, described, names, grouped)
    nav.append({"Dữ liệu mở": OPEN_DATA_PAGE})

