"""The "Dữ liệu mở" page: every open data table with a line on what it holds, then the
workbooks. Its words are the template's, and what a province may reword is
schema/tong-hop.yaml `du_lieu_mo`."""

from __future__ import annotations

from markupsafe import Markup
from sedp.core.names import (DATA_PACKAGE, OPEN_DATA, PROVINCE_WORKBOOK, commune_workbook, is_district_workbook,
                             workbook_year)

from sedp.render.site.pages import environment
from sedp.source.outlines import fill
from sedp.source.handbook import Handbook


PAGE_WORDS = ("gioi_thieu", "tong_hop_tinh", "tong_hop_tinh_mo_ta")  # schema/tong-hop.yaml du_lieu_mo


def open_data_page(handbook: Handbook, blobs: dict, tables: list, names: dict, grouped) -> str:
    """blobs: the site's files (the district workbooks are listed from them); tables: the
    province's DataTables; grouped: (district, data, communes)."""
    said = handbook.rollup.get("du_lieu_mo") or {}  # a handbook written before it: no intro, the file's name
    words = {key: Markup.escape(fill(str(said.get(key) or ""), {"datapackage": f"{OPEN_DATA}/{DATA_PACKAGE}"}))
             for key in PAGE_WORDS}  # the province's own Markdown: HTML-escaped only
    districts = [{
        "name": names[slug],
        "workbooks": [{"year": workbook_year(path), "link": Markup(path)} for path in sorted(blobs)
                      if is_district_workbook(path, slug)],
        "communes": [{"title": commune.title, "year": year.year,
                      "link": Markup(f"{OPEN_DATA}/{commune_workbook(slug, commune.slug, year.year)}")}
                     for commune in communes for year in commune.years],
    } for slug, _, communes in grouped]
    return environment().get_template("du-lieu-mo.md.j2").render(
        words=words, province_workbook=PROVINCE_WORKBOOK,
        province_link=Markup(f"{OPEN_DATA}/{PROVINCE_WORKBOOK}"), districts=districts,
        tables=[{"file": Markup(f"{t.name}.csv"), "link": Markup(f"{OPEN_DATA}/{t.name}.csv"),
                 "description": t.description} for t in tables])
