"""The public site as Markdown: province, district, commune and plan-year pages.

Pages are plain Markdown with HTML blocks (tables, figures, charts) so any
engine that reads mkdocs.yml can build them; nothing here uses mkdocs's
plugin API. Every value from a plan is escaped (finalize below), so text typed
in YAML shows literally: no HTML, no Markdown, no template syntax gets through.
"""

from __future__ import annotations

import html
from importlib.resources import files
from pathlib import Path

import yaml

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from sedp.core.files import write_if_changed
from sedp.core.names import (ACCOUNTABILITY_FOLDER, ACCOUNTABILITY_PAGE, OPEN_DATA, OPEN_DATA_PAGE, PERIOD_PAGE,
                             REDLINE, commune_document, commune_workbook, district_document, district_workbook,
                             middle_level)
from sedp.core.text import heading_id, vi_sort_key
from sedp.model.forms import TOTAL_LABEL
from sedp.model.period import Period, period, tables
from sedp.model.progress import accountability, implementation, percent_text, verdict_figure
from sedp.model.rollup import Summary
from sedp.model.values import num, share
from sedp.model.views import CommuneView, Views, YearView, rollup_by_year
from sedp.render.site import charts
from sedp.source.outlines import YEAR_DOCUMENTS
from sedp.source.handbook import Handbook

# Characters Markdown (or HTML) could read as syntax; written as numeric
# entities they render as themselves in both.
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|<>&\"'~^=:$%@"}
_ENTITIES[ord("\r")] = ""


def escape_text(value) -> Markup:
    """Any value as literal text in Markdown and HTML; line breaks kept as <br>."""
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_ENTITIES).replace("\n", "<br>"))


CARDS_FROM = 4  # a table with this many columns shows each row as a card on a phone
ALWAYS_CARDS_FROM = 17  # and with this many, on every screen (Bước 4's activities: 19 columns)
WIDE_TEXT, LONG_TEXT, SHORT_TEXT = 60, 24, 12  # characters: a column's longest cell sets its width class


def _width_class(texts) -> str:
    """Column widths from the content: long texts get room, short values never wrap."""
    longest = max((len(str(t)) for t in texts), default=0)
    if longest > WIDE_TEXT:
        return "rong"
    if longest > LONG_TEXT:
        return "vua"
    return "ngan" if longest <= SHORT_TEXT else ""


def table_html(headers, rows, totals=None, numeric=(), groups=None, numeric_rows=(), group_rows=()) -> Markup:
    """An HTML table on a few lines with no blank line, so Markdown keeps it whole.

    Each cell carries its column's header (data-label) for the phone layout,
    where a wide table shows one card per row; the first cell of a group of
    columns also carries the group's label (data-group).
    groups: [label, span] runs of columns under a shared header ("Thành phần
    tham dự" over "Tổng số", "Phụ nữ"…); group_rows: rows that are a
    sub-heading; numeric_rows: rows whose last cell is a figure (in a "Nội
    dung | Giá trị" table). Written in Python rather than as a Jinja macro:
    it is the hot loop of a site build (tens of thousands of cells)."""
    numeric = set(numeric)
    classes = []
    for i in range(len(headers)):
        if i in numeric:
            classes.append(' class="so"')
            continue
        width = _width_class(row[i] for n, row in enumerate(rows) if i < len(row) and n not in numeric_rows)
        classes.append(f' class="{width}"' if width else "")
    cards = len(headers) >= CARDS_FROM
    labels = [f' data-label="{_attribute(h)}"' if cards else "" for h in headers]
    start = 0
    for label, span in (groups or []) if cards else []:
        if label:
            labels[start] += f' data-group="{_attribute(label)}"'
        start += span

    def cells(values, first_label=True):
        # Cells apart by a space: Pagefind reads adjacent cells as one word otherwise ("MãVấn đề").
        return " ".join(
            f"<td{classes[i] if i < len(classes) else ''}"
            f"{labels[i] if i < len(labels) and (i or first_label) else ''}>{escape_text(v)}</td>"
            for i, v in enumerate(values))

    kind = "sedp-table sedp-cards" if cards else "sedp-table"
    if len(headers) >= ALWAYS_CARDS_FROM:
        kind += " sedp-cards-always"
    parts = [f'<div class="sedp-table-wrap"><table class="{kind}">', f"<thead>{_header_rows(headers, groups, classes)}</thead>",
             "<tbody>"]
    for n, row in enumerate(rows):
        if n in group_rows:
            parts.append(f'<tr class="sedp-nhom"><th colspan="{len(headers)}">{escape_text(row[0])}</th></tr>')
        elif n in numeric_rows:
            parts.append(f"<tr>{cells(row[:-1])} <td class=\"so\">{escape_text(row[-1])}</td></tr>")
        else:
            parts.append(f"<tr>{cells(row)}</tr>")
    if totals:
        parts.append(f'<tr class="sedp-total">{cells(totals, first_label=False)}</tr>')
    parts.append("</tbody></table></div>")
    return Markup("\n".join(parts))


def front_title(text) -> Markup:
    """A page's title for its front matter. The theme prints it (in <title> and
    the header) unescaped, and would otherwise take the H1's decoded text; so
    it is HTML-escaped, then written as a double-quoted YAML scalar by the YAML
    library itself (it escapes what YAML may not hold raw, such as U+FFFE: mkdocs
    silently drops a front matter it cannot read). It also names the commune in
    a plan year's browser tab, not only "Năm 2027"."""
    scalar = yaml.safe_dump(html.escape(str(text)), default_style='"', allow_unicode=True, width=1_000_000)
    return Markup(scalar.removesuffix("\n...\n").rstrip("\n"))


def _attribute(text) -> Markup:
    return escape_text(str(text).replace("\n", " "))


def block_table(block: dict) -> Markup:
    """A step's table (views.step_blocks), or its note when the step holds nothing yet."""
    if block.get("note"):
        return Markup(f"<p>{escape_text(block['note'])}</p>")
    return table_html(block.get("short") or block["headers"], block["rows"], block.get("totals"), block["numeric"],
                      block.get("groups"), block.get("numeric_rows") or (),
                      block.get("group_rows") or ())


def _header_rows(headers, groups, classes) -> str:
    """One header row, or two when runs of columns share a group label."""
    if not groups:
        return "<tr>" + " ".join(f"<th{classes[i]}>{escape_text(h)}</th>" for i, h in enumerate(headers)) + "</tr>"
    top: list[str] = []
    below: list[str] = []
    start = 0
    for label, span in groups:
        columns = range(start, start + span)
        if label:
            top.append(f'<th colspan="{span}" class="nhom">{escape_text(label)}</th>')
            below.extend(f"<th{classes[i]}>{escape_text(headers[i])}</th>" for i in columns)
        else:
            top.extend(f'<th rowspan="2"{classes[i]}>{escape_text(headers[i])}</th>' for i in columns)
        start += span
    return f"<tr>{' '.join(top)}</tr><tr>{' '.join(below)}</tr>"


COMMENTS_SECTION = "Tổng hợp, tiếp thu, giải trình ý kiến góp ý"  # the plan-year page's comments report
ROLLUP_PARTS = ("tham_du", "nhu_cau", "hoat_dong", "chuoi_gia_tri", "thien_tai")  # schema/tong-hop.yaml


def handbook_labels(handbook: Handbook) -> dict[str, Markup]:
    """The roll-up tables' headings (schema/tong-hop.yaml `nhan`), for every template. The
    province's own words, not a plan's: HTML-escaped only, so "(5 năm gần đây)" stays as typed."""
    return {part: Markup.escape(handbook.rollup_label(part)) for part in ROLLUP_PARTS}


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sedp.render.site", "templates"),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=escape_text,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["table"] = table_html
    env.globals["block_table"] = block_table
    env.filters["front_title"] = front_title
    return env


class SiteRenderer:
    """Markdown pages from views; one per process (building one compiles every template)."""

    def __init__(self, handbook: Handbook, province: dict, views: Views | None = None):
        self.handbook = handbook
        self.province = province or {}
        self.views = views or Views(handbook)
        self.env = environment()
        self.env.globals["labels"] = handbook_labels(handbook)
        self.middle = middle_level(self.province)
        self.province_years: set | None = None  # every plan year of the province (the period's span)

    # -- commune and plan-year pages ------------------------------------------
    def commune_page(self, commune: CommuneView, data: object, district_name: str, years: list[YearView]) -> str:
        """The commune page: its plan years, its villages and its needs across the years."""
        data = data if isinstance(data, dict) else {}
        years_view = [{"year": v.year, "status": v.status, "link": Markup(f"{v.year}/index.md"),
                       "record": Markup(f"{v.year}/{ACCOUNTABILITY_PAGE}") if v.record.present else "",
                       "docx": Markup(f"{v.year}/{commune_document('ke-hoach', commune.slug, v.year)}"),
                       "xlsx": Markup(f"../../{OPEN_DATA}/{commune_workbook(commune.district, commune.slug, v.year)}")}
                      for v in years]
        villages = data.get("thon") or []
        numeric = (1, 2, 3)
        rows = [[v.get("ten"), num(v.get("so_ho")), num(v.get("ho_ngheo")), num(v.get("ho_can_ngheo")),
                 ", ".join(v.get("dan_toc") or [])] for v in villages if isinstance(v, dict)]
        totals = [TOTAL_LABEL, *(num(sum(v.get(k) or 0 for v in villages if isinstance(v, dict)))
                                 for k in ("so_ho", "ho_ngheo", "ho_can_ngheo")), ""]
        return self.env.get_template("commune.md.j2").render(
            title=commune.title,
            district_label=self.middle, district_name=district_name,
            province_name=self.province.get("ten", ""), code=data.get("ma", ""),
            years=years_view, source=Markup("nguon/commune.yaml"), needs=self._needs_across_years(years),
            villages={"headers": ["Thôn, xóm", "Số hộ", "Hộ nghèo", "Hộ cận nghèo", "Dân tộc"],
                      "rows": rows, "totals": totals, "numeric": numeric},
        )

    def _needs_across_years(self, years: list[YearView]) -> dict:
        """Each village need once, with its status in every plan year that lists it."""
        statuses = self.handbook.vocab("trang-thai-nhu-cau")
        needs_file, needs_key = self.handbook.required("nhu-cau")
        order = [v.year for v in years]
        rows: dict = {}
        for view in years:
            for need in (view.steps.get(needs_file) or {}).get(needs_key) or []:
                if not isinstance(need, dict):
                    continue
                row = rows.setdefault(need.get("ma"), {"need": need, "by_year": {}})
                row["need"] = need
                row["by_year"][view.year] = statuses.label(need.get("trang_thai")) if need.get("trang_thai") else "–"
        return {
            "headers": ["Mã", "Vấn đề", "Thôn", "Năm thu thập", *(f"Trạng thái năm {y}" for y in order)],
            "rows": [[code, r["need"].get("van_de"), r["need"].get("thon"), str(r["need"].get("nam_thu_thap") or ""),
                      *(r["by_year"].get(y, "") for y in order)] for code, r in rows.items()],
        }

    def year_page(self, view: YearView, redline: bool = False) -> str:
        """redline: the plan year has a redline (a draft sent to the district, in git), linked with its documents."""
        steps_view = [{"number": step.number, "title": step.title, "blocks": blocks}
                      for step, blocks in view.step_blocks]
        sources = [{"name": name, "link": Markup(f"nguon/{name}")} for name in self.handbook.year_files
                   if name in view.steps or name in self.handbook.plan_files]
        # The page has no sidebars (its tables take the width): its own contents list instead.
        comments = view.comments
        sections = ["Tóm tắt", *(f"Bước {s['number']}. {s['title']}" for s in steps_view),
                    *([COMMENTS_SECTION] if comments is not None else []), "Lịch sử góp ý và chỉnh sửa", "Các biểu"]
        contents = [{"text": t, "anchor": Markup(heading_id(t)), "sub": False} for t in sections]
        contents += [{"text": f"Biểu {t['number']}. {t['title']}", "anchor": Markup(heading_id(f"Biểu {t['number']}. {t['title']}")),
                      "sub": True} for t in view.forms]
        contents.append({"text": "Tệp nguồn", "anchor": Markup(heading_id("Tệp nguồn")), "sub": False})
        return self.env.get_template("year.md.j2").render(
            contents=contents, trail=view.trail, made_by=view.source.sentence(),
            title=f"{view.commune_title} – kế hoạch năm {view.year}",
            status=view.status, kind=view.kind, rollup=self.rollup_view(view.summary, communes=False),
            steps=steps_view, forms=view.forms, sources=sources,
            documents=[{"title": title, "file": Markup(commune_document(kind, view.commune, view.year))}
                       for kind, title in YEAR_DOCUMENTS.items() if kind in self.handbook.outlines],
            comments=comments, comments_heading=COMMENTS_SECTION,
            comment_counts=[comments.count_table(k) for k in ("chu_the", "cach_xu_ly")] if comments else [],
            redline=Markup(commune_document(REDLINE, view.commune, view.year)) if redline else "",
            record=Markup(ACCOUNTABILITY_PAGE) if view.record.present else "",
            xlsx=Markup(f"../../../{OPEN_DATA}/{commune_workbook(view.district, view.commune, view.year)}"))

    def accountability_page(self, view: YearView) -> str:
        """The public record of a plan year's implementation: each activity's status,
        progress and money by source, the community's supervision, the targets."""
        record = accountability(self.handbook, view.record, view.summary)
        record["activities"]["rows"] = [[*row[:4], progress_bar(row[4]), *row[5:]]
                                        for row in record["activities"]["rows"]]
        done = record["implementation"]  # the same figures a district adds up
        status_chart = charts.bars("Hoạt động theo trạng thái thực hiện", done["progress"])
        paid_chart = charts.bars("Đã giải ngân theo nguồn vốn (triệu đồng)", done["paid_by_source"])
        return self.env.get_template("thuc-hien.md.j2").render(
            title=f"{view.commune_title} – thực hiện kế hoạch năm {view.year}",
            plan_title=f"Kế hoạch năm {view.year}", status=view.status, r=record, trail=view.trail,
            charts=Markup(f'<div class="sedp-charts">{status_chart}{paid_chart}</div>'),
            source_name=self.handbook.records_file)

    # -- roll-ups ---------------------------------------------------------------
    def rollup_view(self, summary: Summary, communes: bool = True) -> dict:
        """The roll-up's figures and tables (model), with its two charts."""
        view = self.views.rollup(summary, communes)
        sources = self.handbook.vocab("nguon-von")
        groups = self.handbook.vocab("nhom-tham-du")
        total_key = self.handbook.attendance_total()
        by_source = summary.budget_by_source()
        people = summary.attendance.get(total_key, 0)
        budget_chart = charts.bars("Kinh phí theo nguồn vốn (triệu đồng)",
                                   [(sources.label(s), by_source.get(s, 0)) for s in sources.entries])
        share_chart = charts.bars("Tỷ lệ tham gia theo nhóm",
                                  [(e.get("nhan", c), summary.attendance.get(c, 0))
                                   for c, e in groups.entries.items() if c != total_key],
                                  as_percent_of=people, places=self.handbook.share_places)
        view["charts"] = Markup(f'<div class="sedp-charts">{budget_chart}{share_chart}</div>')
        view["implementation"] = implementation(self.handbook, summary)
        if view["implementation"]:
            done = view["implementation"]
            status_chart = charts.bars("Hoạt động theo trạng thái thực hiện", done["progress"])
            paid_chart = charts.bars("Đã giải ngân theo nguồn vốn (triệu đồng)", done["paid_by_source"])
            done["charts"] = Markup(f'<div class="sedp-charts">{status_chart}{paid_chart}</div>')
        return view

    def district(self, slug: str, data: dict, communes: list[CommuneView], years: list[dict]) -> str:
        """The district page; years: years_view of its communes."""
        name = data.get("ten", slug)
        communes = sorted(communes, key=lambda c: vi_sort_key(c.title))
        reviewers = ", ".join(r.get("ho_ten", "") for r in data.get("nguoi_duyet") or [] if isinstance(r, dict))
        return self.env.get_template("district.md.j2").render(
            title=f"{self.middle} {name}",
            reviewers=reviewers, reviewer_office=data.get("co_quan_duyet") or "",
            communes=[{"title": c.title, "link": Markup(f"{c.slug}/index.md"),
                       "years": [{"year": y.year, "status": y.status,
                                  "link": Markup(f"{c.slug}/{y.year}/index.md")} for y in c.years]}
                      for c in communes],
            years=years, open_data=Markup(f"../{OPEN_DATA_PAGE}"), **self._period_link(communes))

    def _period_link(self, communes: list[CommuneView]) -> dict:
        found = self.period_of(communes)
        return {"period": found.label if found else "", "period_link": Markup(PERIOD_PAGE)}

    def home(self, districts: list[tuple[str, dict, list[CommuneView]]]) -> str:
        name = self.province.get("ten", "")
        all_communes = [c for _, _, cs in districts for c in cs]
        view = [{"title": f"{self.middle} {data.get('ten', slug)}", "link": Markup(f"{slug}/index.md"),
                 "communes": len(cs)} for slug, data, cs in districts]
        view.sort(key=lambda d: vi_sort_key(str(d["title"])))
        return self.env.get_template("province.md.j2").render(
            title=f"Tỉnh {name}",
            note=self.province.get("ghi_chu") or "", handbook_name=self.handbook.process.get("van_ban", "sổ tay"),
            middle_level_plural=self.middle.lower(), districts=view, years=self.years_view(all_communes, by_commune=False),
            **self._period_link(all_communes))

    def years_view(self, communes: list[CommuneView], by_commune: bool = True) -> list[dict]:
        """Per plan year, newest first: the roll-up of the communes, and links to its documents
        (and, for a district, each commune's implementation side by side)."""
        by_year = rollup_by_year(communes)
        district = communes[0].district if communes else ""
        return [{"year": year, "rollup": self.rollup_view(by_year[year]),
                 "docx": Markup(district_document(district, year)) if communes else "",
                 "xlsx": Markup(f"../{OPEN_DATA}/{district_workbook(district, year)}"),
                 "by_commune": self._progress_by_commune(communes, year) if by_commune else None}
                for year in sorted(by_year, reverse=True)]

    def _progress_by_commune(self, communes: list[CommuneView], year: str) -> dict | None:
        """A district's communes side by side for a year's implementation, each linked to
        its accountability page, so a reviewer sees which commune is behind."""
        finished = {c for c, e in self.handbook.vocab("trang-thai-thuc-hien").entries.items() if e.get("xong")}
        places = self.handbook.share_places
        rows = []
        for commune in sorted(communes, key=lambda c: vi_sort_key(c.title)):
            found = next((y for y in commune.years if y.year == year and y.recorded), None)
            if found is None:
                continue
            s = found.summary
            planned, paid = s.budget_total("planned"), s.budget_total("disbursed")
            link = Markup(f'<a href="{commune.slug}/{year}/{ACCOUNTABILITY_FOLDER}/">{escape_text(commune.title)}</a>')
            rows.append([link, num(sum(s.progress.values())), num(sum(n for c, n in s.progress.items() if c in finished)),
                         num(planned), num(paid), share(paid, planned, places),
                         verdict_figure(s.targets)[1]])
        if not rows:
            return None
        return {"headers": ["Xã", "Số hoạt động", "Hoàn thành", "Kế hoạch (triệu đồng, hoạt động đã cập nhật)",
                            "Đã giải ngân (triệu đồng)", "Tỷ lệ giải ngân", "Chỉ tiêu vượt / đạt / chưa đạt"],
                "rows": rows, "numeric": (1, 2, 3, 4, 5)}

    def period_of(self, communes: list[CommuneView]) -> Period | None:
        """The period report's span over these communes' plan years (schema/tong-hop.yaml)."""
        return period(self.handbook, rollup_by_year(communes), within=self.province_years)

    def period_page(self, area: str, found: Period, docx: str = "", open_data: str = "") -> str:
        """Totals and shares over a span of plan years, a row per year and the span's row."""
        return self.env.get_template("giai-doan.md.j2").render(
            title=f"Báo cáo giai đoạn {found.label} – {area}", area=area, label=found.label,
            years=", ".join(found.years), t=tables(self.handbook, found), docx=Markup(docx),
            open_data=Markup(open_data))

    def nav(self, districts: list[tuple[str, dict, list[CommuneView]]]) -> list:
        """mkdocs `nav`: Vietnamese titles in Vietnamese order, never folder slugs.

        Titles are HTML-escaped here: the theme prints navigation titles (in the
        sidebar, the breadcrumbs, the footer and <title>) without escaping, and
        place names are text typed in YAML."""
        home = _nav_title(f"Tỉnh {self.province.get('ten', '')}")
        ordered = sorted(districts, key=lambda d: vi_sort_key(str(d[1].get("ten", d[0]))))
        sections: list[tuple[str | None, dict]] = []  # (district name, its nav entry); None names a group
        for slug, data, communes in ordered:
            children: list = [f"{slug}/index.md"]
            span = self.period_of(communes)
            if span is not None:
                children.append({f"Báo cáo giai đoạn {span.label}": f"{slug}/{PERIOD_PAGE}"})
            for c in sorted(communes, key=lambda c: vi_sort_key(c.title)):
                years = []
                for y in c.years:
                    years.append({f"Năm {y.year}": f"{slug}/{c.slug}/{y.year}/index.md"})
                    if y.recorded:
                        years.append({f"Thực hiện năm {y.year}": f"{slug}/{c.slug}/{y.year}/{ACCOUNTABILITY_PAGE}"})
                children.append({_nav_title(c.title): [f"{slug}/{c.slug}/index.md", *years]})
            sections.append((str(data.get("ten", slug)), {_nav_title(f"{self.middle} {data.get('ten', slug)}"): children}))
        if len(sections) > NAV_GROUP:
            # Every page lists the siblings of each level it sits in; grouping
            # many districts keeps that list, and so each page, small.
            groups = [sections[i:i + NAV_GROUP] for i in range(0, len(sections), NAV_GROUP)]
            sections = [(None, {_nav_title(f"{self.middle} {g[0][0]} – {g[-1][0]}"): [entry for _, entry in g]})
                        for g in groups]
        span = self.period_of([c for _, _, cs in districts for c in cs])
        report = [{f"Báo cáo giai đoạn {span.label}": PERIOD_PAGE}] if span is not None else []
        return [{home: "index.md"}, *report, *(entry for _, entry in sections)]


def progress_bar(value) -> Markup:
    """Physical progress as a bar with its figure (text, so search and phones read it)."""
    if value is None:
        return Markup("")
    width = max(0, min(100, int(value)))
    return Markup(f'<span class="sedp-tien-do"><span class="sedp-tien-do-thanh" style="width:{width}%"></span>'
                  f'</span> {escape_text(percent_text(value))}')


def _nav_title(text: str) -> str:
    return html.escape(str(text))


NAV_GROUP = 12  # at most this many districts side by side in the navigation


def asset_names() -> list[str]:
    """docs-relative paths of the site's own static files (CSS, the search script)."""
    return sorted(f"assets/{entry.name}" for entry in files("sedp.render.site").joinpath("assets").iterdir()
                  if entry.is_file())


def copy_assets(docs: Path) -> None:
    for relative in asset_names():
        write_if_changed(docs / relative, files("sedp.render.site").joinpath(relative).read_bytes())
