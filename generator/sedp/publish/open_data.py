"""The open data of the whole province, put together from its communes' parts
(each made and cached with its commune by the pipeline): the province's
tables across all plan years, the district and province workbooks, the data
package and the "Dữ liệu mở" page that lists them."""

from __future__ import annotations

from sedp.core.cache import ContentCache
from sedp.model.rollup import Summary
from sedp.model.views import rollup_by_year
from sedp.publish.areas import Grouped
from sedp.publish.pipeline import OPEN_DATA, Province
from sedp.render.data.opendata import PROVINCE_WORKBOOK, OpenData
from sedp.render.site.pages import escape_text


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
            places.append({"huyen": slug, "ma_huyen": values.get("ma"), "ten_huyen": names.get(slug, slug),
                           "xa": record.slug, "ma_xa": record.code[0] if record.code else None,
                           "ten_xa": record.view.title})
            tables.append(record.data_tables)
            commune_years += [(y["year"], slug, record.slug, Summary.from_plain(y["summary"]))
                              for y in record.view.years]
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
    blobs[f"{OPEN_DATA}/datapackage.json"] = OpenData.package(outcome.province, made[0].resources)
    for key, content in entries.items():
        xlsx_cache.put(key, content)
    xlsx_cache.prune(keep=used)
    pages[f"{OPEN_DATA}.md"] = open_data_page(blobs, described, names, grouped)
    nav.append({"Dữ liệu mở": f"{OPEN_DATA}.md"})


def open_data_page(blobs: dict, tables: list, names: dict, grouped) -> str:
    """The "Dữ liệu mở" page: every table with a line on what it holds, then the workbooks."""
    lines = ["# Dữ liệu mở", "",
             "Toàn bộ số liệu kế hoạch dưới dạng dữ liệu mở: mỗi loại bảng là một tệp CSV cho cả tỉnh và mọi năm "
             "kế hoạch (mã hóa UTF-8, số thập phân dùng dấu chấm, ngày dạng năm-tháng-ngày), mỗi dòng ghi năm kế "
             "hoạch (`nam_ke_hoach`) và địa bàn (`huyen`, `xa`: mã thư mục, tên ở `dia-ban.csv`; ở các bảng tổng "
             "hợp, `cap` cho biết dòng của toàn tỉnh hay của một huyện). Các bảng và từng cột được mô tả trong "
             f"[datapackage.json]({OPEN_DATA}/datapackage.json) theo chuẩn Frictionless Data. Bảng tính Excel "
             "(XLSX) theo mẫu các biểu, cho từng xã và từng năm, ở cuối trang.", "", "## Bảng dữ liệu (CSV)", ""]
    lines += [f"- [{t.name}.csv]({OPEN_DATA}/{t.name}.csv): {escape_text(t.description)}" for t in tables]
    lines += ["", "## Bảng tính (XLSX)", "",
              f"- [Tổng hợp toàn tỉnh]({OPEN_DATA}/{PROVINCE_WORKBOOK}): ngân sách, nhu cầu và sự tham gia theo năm "
              "kế hoạch, và tổng hợp giai đoạn, mỗi loại một trang tính."]
    for slug, _, communes in grouped:
        lines += ["", f"### {escape_text(names[slug])}", ""]
        lines += [f"- Tổng hợp năm {p.split('-')[-1].removesuffix('.xlsx')}: [bảng tính XLSX]({p})"
                  for p in sorted(blobs) if p.startswith(f"{OPEN_DATA}/{slug}/tong-hop-") and p.endswith(".xlsx")]
        for commune in communes:
            for year in commune.years:
                xlsx = f"{OPEN_DATA}/{slug}/{commune.slug}/{year['year']}/ke-hoach-{commune.slug}-{year['year']}.xlsx"
                lines.append(f"- {escape_text(commune.title)} – năm {year['year']}: [bảng tính XLSX]({xlsx})")
    return "\n".join(lines) + "\n"
