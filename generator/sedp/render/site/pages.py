"""The public site as Markdown: province, district, commune and plan-year pages.

Pages are plain Markdown with HTML blocks (tables, figures, charts) so any
engine that reads mkdocs.yml can build them; nothing here uses mkdocs's
plugin API. Every value from a plan is escaped (finalize below), so text typed
in YAML shows literally: no HTML, no Markdown, no template syntax gets through.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from sedp.render.site import charts
from sedp.core import fmt
from sedp.render.docx import plan as plan_docx
from sedp.check.crossfile import is_number
from sedp.model.forms import Forms
from sedp.source.handbook import PLAN_FILE
from sedp.source.provenance import Source, changed_under, last_commits, working_changes
from sedp.model.rollup import Summary, summarize
from sedp.core.text import fold, vi_sort_key

# Characters Markdown (or HTML) could read as syntax; written as numeric
# entities they render as themselves in both.
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|<>&\"'~^=:$%@"}
_ENTITIES[ord("\r")] = ""


def escape_text(value) -> Markup:
    """Any value as literal text in Markdown and HTML; line breaks kept as <br>."""
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_ENTITIES).replace("\n", "<br>"))


def table_html(headers, rows, totals=None, numeric=()) -> Markup:
    """An HTML table on a few lines with no blank line, so Markdown keeps it whole.

    Written in Python rather than as a Jinja macro: it is the hot loop of a
    site build (tens of thousands of cells)."""
    numeric = set(numeric)

    def cells(tag, values):
        return "".join(
            f'<{tag} class="so">{escape_text(v)}</{tag}>' if i in numeric else f"<{tag}>{escape_text(v)}</{tag}>"
            for i, v in enumerate(values))

    parts = ['<div class="sedp-table-wrap" data-search-exclude=""><table class="sedp-table">',
             f"<thead><tr>{cells('th', headers)}</tr></thead>", "<tbody>"]
    parts.extend(f"<tr>{cells('td', row)}</tr>" for row in rows)
    if totals:
        parts.append(f'<tr class="sedp-total">{cells("td", totals)}</tr>')
    parts.append("</tbody></table></div>")
    return Markup("\n".join(parts))


def _environment() -> Environment:
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
    return env


def num(value, places=None) -> Markup:
    return Markup(fmt.number(value, places))


@dataclass
class CommuneOutput:
    """What rendering one commune gives back (small and picklable)."""

    district: str
    slug: str
    title: str
    pages: dict = field(default_factory=dict)  # docs-relative path -> Markdown
    copies: list = field(default_factory=list)  # (source file, docs-relative path)
    years: list = field(default_factory=list)  # {"year", "status", "summary"}
    documents: list = field(default_factory=list)  # (docs-relative .docx path, pandoc AST)
    data_files: dict = field(default_factory=dict)  # docs-relative path -> bytes (open data)
    resources: list = field(default_factory=list)  # their data-package descriptions
    cache_entries: dict = field(default_factory=dict)  # new XLSX cache entries, stored after validation
    code: tuple | None = None  # (commune code, file, line), for the province-wide uniqueness check
    sources: dict = field(default_factory=dict)  # year -> provenance.Source of its outputs


class SiteRenderer:
    def __init__(self, handbook, province: dict, project: Path | None = None):
        self.handbook = handbook
        self.project = project
        self.province = province or {}
        self.forms = Forms(handbook)
        self.env = _environment()
        self.middle = self.province.get("cap_trung_gian") or "Huyện"
        self._provenance: tuple | None = None
        statuses = handbook.vocab("trang-thai")
        self.statuses = {code: {"code": code, "label": e.get("nhan", code)} for code, e in statuses.entries.items()}

    # -- commune and plan-year pages ------------------------------------------
    def commune(self, result, district_slug: str, district_name: str) -> CommuneOutput:
        data = result.commune if isinstance(result.commune, dict) else {}
        kind = str(data.get("loai") or "xã")
        title = f"{kind[:1].upper()}{kind[1:]} {data.get('ten', result.path.name)}"
        slug = result.path.name
        base = f"{district_slug}/{slug}"
        out = CommuneOutput(district=district_slug, slug=slug, title=title)
        out.copies.append((result.path / "commune.yaml", f"{base}/nguon/commune.yaml"))
        years_view = []
        for year_name in sorted(result.years):
            steps = result.years[year_name]
            plan = steps.get(PLAN_FILE) or {}
            summary = summarize(self.handbook, plan, steps)
            status = self.statuses.get(plan.get("trang_thai"), {"code": "", "label": ""})
            docx_name = f"ke-hoach-{slug}-{year_name}.docx"
            page, document, source = self._year_page(
                title, year_name, plan, steps, summary, status, district_name,
                {**data, "_district": district_slug, "_slug": slug}, docx_name)
            out.sources[year_name] = source
            out.pages[f"{base}/{year_name}/index.md"] = page
            # JSON text, not the nested AST: cheap to send back from a worker and to hash.
            out.documents.append((f"{base}/{year_name}/{docx_name}", json.dumps(document, ensure_ascii=False)))
            for file_name in steps:
                out.copies.append((result.path / year_name / file_name, f"{base}/{year_name}/nguon/{file_name}"))
            out.years.append({"year": year_name, "status": status, "summary": summary.to_plain()})
            years_view.append({"year": year_name, "status": status, "link": Markup(f"{year_name}/index.md"),
                               "docx": Markup(f"{year_name}/{docx_name}"),
                               "xlsx": Markup(f"../../du-lieu-mo/{base}/{year_name}/ke-hoach-{slug}-{year_name}.xlsx")})
        needs_table = self._needs_across_years(result.years)
        villages = data.get("thon") or []
        numeric = (1, 2, 3)
        rows = [[v.get("ten"), num(v.get("so_ho")), num(v.get("ho_ngheo")), num(v.get("ho_can_ngheo")),
                 ", ".join(v.get("dan_toc") or [])] for v in villages if isinstance(v, dict)]
        totals = ["Tổng cộng", *(num(sum(v.get(k) or 0 for v in villages if isinstance(v, dict)))
                                 for k in ("so_ho", "ho_ngheo", "ho_can_ngheo")), ""]
        out.pages[f"{base}/index.md"] = self.env.get_template("commune.md.j2").render(
            title=title, folded=fold(f"{title} {district_name} " + " ".join(str(r[0]) for r in rows)),
            district_label=self.middle, district_name=district_name,
            province_name=self.province.get("ten", ""), code=data.get("ma", ""),
            years=years_view, source=Markup("nguon/commune.yaml"), needs=needs_table,
            villages={"headers": ["Thôn, xóm", "Số hộ", "Hộ nghèo", "Hộ cận nghèo", "Dân tộc"],
                      "rows": rows, "totals": totals, "numeric": numeric},
        )
        return out

    def _needs_across_years(self, years: dict) -> dict:
        """Each village need once, with its status in every plan year that lists it."""
        statuses = self.handbook.vocab("trang-thai-nhu-cau")
        order = sorted(years)
        rows: dict = {}
        for year in order:
            for need in (years[year].get("buoc-02-nhu-cau.yaml") or {}).get("nhu_cau") or []:
                if not isinstance(need, dict):
                    continue
                row = rows.setdefault(need.get("ma"), {"need": need, "by_year": {}})
                row["need"] = need
                row["by_year"][year] = statuses.label(need.get("trang_thai")) if need.get("trang_thai") else "–"
        return {
            "headers": ["Mã", "Vấn đề", "Thôn", "Năm thu thập", *(f"Năm {y}" for y in order)],
            "rows": [[code, r["need"].get("van_de"), r["need"].get("thon"), str(r["need"].get("nam_thu_thap") or ""),
                      *(r["by_year"].get(y, "") for y in order)] for code, r in rows.items()],
        }

    def _year_page(self, commune_title, year, plan, steps, summary, status, district_name, commune,
                   docx_name) -> tuple[str, dict]:
        tables = self.forms.tables(steps)
        forms_view = []
        keywords = [commune_title, district_name, f"năm {year}"]
        for table in tables:
            numeric = [i for i, c in enumerate(table.columns) if c.add_up or c.sum_of]
            rows = [[table.text(v, c, self.handbook) for v, c in zip(row, table.columns)] for row in table.rows]
            totals = None
            if any(t is not None for t in table.totals):
                totals = [num(t) if t is not None else "" for t in table.totals]
                totals[0] = totals[0] or "Tổng cộng"
            forms_view.append({"number": table.number, "title": table.title,
                               "headers": [c.label for c in table.columns], "rows": rows,
                               "totals": totals, "numeric": numeric})
            if table.number in (1, 6):
                keywords.extend(str(r[1]) for r in rows)
        steps_view = []
        for step in self.handbook.steps:
            blocks = self.step_blocks(step.file, steps.get(step.file) or {})
            steps_view.append({"number": step.number, "title": step.title, "blocks": blocks})
        kind = self.handbook.vocab("loai-nam").label(plan.get("loai_nam"))
        sources = [{"name": name, "link": Markup(f"nguon/{name}")} for name in self.handbook.plan_files]
        trail = []
        folder = f"plans/{commune.get('_district', '')}/{commune.get('_slug', '')}/{year}"
        source = Source(folder)
        if self.project is not None:
            from sedp.review.history import year_trail

            district_slug, commune_slug = commune.get("_district", ""), commune.get("_slug", "")
            trail = [[fmt.day(e["ngay"]), e["tac_gia"], e["pr"], e["tom_tat"]]
                     for e in year_trail(self.project, district_slug, commune_slug, year, self.handbook)]
            _, commit = self._git()[0].get(folder, (None, None))
            source = Source(folder, commit, bool(changed_under(self._git()[1], folder)))
        page = self.env.get_template("year.md.j2").render(
            trail=trail, made_by=source.sentence(),
            title=f"{commune_title} – kế hoạch năm {year}", folded=fold(" ".join(keywords)),
            status=status, kind=kind, rollup=self.rollup_view(summary, communes=False),
            steps=steps_view, forms=forms_view, sources=sources, docx=Markup(docx_name),
            xlsx=Markup(f"../../../du-lieu-mo/{commune['_district']}/{commune['_slug']}/{year}/"
                        f"ke-hoach-{commune['_slug']}-{year}.xlsx"))
        signer = plan.get("nguoi_ky") or {}
        document = plan_docx.plan_document({
            "parent": f"UBND {self.middle} {district_name}",
            "issuer": f"Ủy ban nhân dân {commune_title}",
            "number": f"Số: {plan.get('so_ky_hieu') or '      /KH-UBND'}",
            "date_line": plan_docx.date_line(plan.get("dia_danh") or commune.get("ten", ""), plan.get("ngay_ban_hanh")),
            "year": year, "status": status["label"], "kind": kind,
            "steps": [(step, view["blocks"]) for step, view in zip(self.handbook.steps, steps_view)],
            "budget_sentence": plan_docx.budget_sentence(summary, self.handbook.vocab("nguon-von")),
            "recipients": [str(r) for r in plan.get("noi_nhan") or ["Lưu: VT"]],
            "signer_title": "TM. ỦY BAN NHÂN DÂN", "signer_role": signer.get("chuc_vu") or "Chủ tịch",
            "signer_name": signer.get("ho_ten") or "",
            "forms": forms_view,
        }, source.docx_meta())
        return page, document, source

    def _git(self) -> tuple[dict, frozenset]:
        """Each plan folder's last commit, and the plan files edited but not
        committed: asked of git once per renderer."""
        if self._provenance is None:
            self._provenance = ((last_commits(self.project), working_changes(self.project))
                                if self.project is not None else ({}, frozenset()))
        return self._provenance

    def step_blocks(self, file_name: str, data: dict) -> list[dict]:
        """Each step as tables: loose fields in one table, each group or list in its own."""
        rules = self.handbook.rules[file_name]
        loose, blocks = [], []
        for key, field_rules in rules.items():
            value = data.get(key)
            label = field_rules.get("meta", {}).get("nhan", key)
            kind = field_rules.get("type")
            item = field_rules.get("schema") if kind == "list" else None
            if kind == "dict" and isinstance(field_rules.get("schema"), dict):
                if isinstance(value, dict) and any(v not in (None, [], {}) for v in value.values()):
                    rows = [[lab, self._value_text(value, path, r)] for path, lab, r in _leaves(field_rules["schema"])]
                    rows = [r for r in rows if r[1] != ""]
                    blocks.append({"heading": label, "headers": ["Nội dung", "Giá trị"], "rows": rows, "numeric": ()})
            elif isinstance(item, dict) and item.get("type") == "dict":
                items = [v for v in value or [] if isinstance(v, dict)]
                if items:
                    leaves = _leaves(item["schema"])
                    numeric = [i for i, (_, _, r) in enumerate(leaves) if _is_amount(r)]
                    rows = [[self._value_text(v, path, r) for path, _, r in leaves] for v in items]
                    blocks.append({"heading": label, "headers": [lab for _, lab, _ in leaves],
                                   "rows": rows, "numeric": numeric})
            elif value not in (None, [], ""):
                loose.append([label, self._value_text(data, (key,), field_rules)])
        if loose:
            blocks.insert(0, {"heading": None, "headers": ["Nội dung", "Giá trị"], "rows": loose, "numeric": ()})
        if not blocks:
            blocks.append({"heading": None, "headers": ["Nội dung"], "rows": [["Chưa thực hiện bước này."]],
                           "numeric": ()})
        return blocks

    def _value_text(self, data, path, rules):
        value = data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        return value_text(self.handbook, value, rules)

    # -- roll-ups ---------------------------------------------------------------
    def rollup_view(self, summary: Summary, communes: bool = True) -> dict:
        sectors = self.handbook.vocab("linh-vuc")
        sources = self.handbook.vocab("nguon-von")
        groups = self.handbook.vocab("nhom-tham-du")
        total_key = next((k for k, e in groups.entries.items() if e.get("tong")), "tong_so")
        by_source = summary.budget_by_source()
        total = summary.budget_total()
        people = summary.attendance.get(total_key, 0)
        figures = []
        if communes:
            figures.append(("xã", num(summary.communes)))
        figures += [
            ("Tổng kinh phí (triệu đồng)", num(total)),
            ("Kinh phí liên quan BĐKH, thiên tai", Markup(fmt.percent(summary.climate_budget, total))),
            ("Lượt người tham dự họp", num(people)),
        ]
        for code, entry in groups.entries.items():
            if code != total_key and code != "doanh_nghiep":
                figures.append((entry.get("nhan", code), Markup(fmt.percent(summary.attendance.get(code, 0), people))))

        order = list(sectors.entries)
        sector_codes = sorted(set(summary.needs_by_sector) | set(summary.budget),
                              key=lambda c: order.index(c) if c in order else len(order))
        needs_rows = [[sectors.label(c), num(summary.needs_by_sector.get(c, 0))]
                      for c in sector_codes if summary.needs_by_sector.get(c)]
        source_codes = list(sources.entries)
        budget_rows = []
        for code in sector_codes:
            if code not in summary.budget:
                continue
            amounts = summary.budget[code]
            budget_rows.append([sectors.label(code), num(summary.activities_by_sector.get(code, 0)),
                                *(num(amounts.get(s, 0)) for s in source_codes), num(summary.sector_total(code))])
        budget_totals = ["Tổng cộng", num(sum(summary.activities_by_sector.values())),
                         *(num(by_source.get(s, 0)) for s in source_codes), num(total)]
        participation_rows = [[e.get("nhan", c), num(summary.attendance.get(c, 0)),
                               Markup(fmt.percent(summary.attendance.get(c, 0), people))]
                              for c, e in groups.entries.items()]
        chains = sorted(summary.value_chains.items(), key=lambda kv: vi_sort_key(str(kv[0])))
        hazards = sorted(summary.hazards.items(), key=lambda kv: -kv[1])
        thien_tai = self.handbook.vocab("thien-tai")
        budget_chart = charts.bars("Kinh phí theo nguồn vốn (triệu đồng)",
                                   [(sources.label(s), by_source.get(s, 0)) for s in source_codes])
        share_chart = charts.bars("Tỷ lệ tham gia theo nhóm",
                                  [(e.get("nhan", c), summary.attendance.get(c, 0))
                                   for c, e in groups.entries.items() if c != total_key],
                                  as_percent_of=people)
        return {
            "figures": figures,
            "charts": Markup(f'<div class="sedp-charts">{budget_chart}{share_chart}</div>'),
            "needs": {"headers": ["Lĩnh vực", "Số nhu cầu"], "rows": needs_rows, "numeric": (1,),
                      "totals": ["Tổng cộng", num(sum(summary.needs_by_sector.values()))]},
            "budget": {"headers": ["Lĩnh vực", "Số hoạt động", *(sources.label(s) for s in source_codes), "Tổng cộng"],
                       "rows": budget_rows, "totals": budget_totals,
                       "numeric": tuple(range(1, len(source_codes) + 3))},
            "participation": {"headers": ["Nhóm", "Số lượt người", "Tỷ lệ"], "rows": participation_rows,
                              "numeric": (1, 2)},
            "chains": {"headers": ["Sản phẩm", "Số xã chọn"], "rows": [[k, num(v)] for k, v in chains],
                       "totals": ["Tổng cộng", num(sum(summary.value_chains.values()))], "numeric": (1,)},
            "hazards": {"headers": ["Loại thiên tai", "Số đợt"],
                        "rows": [[thien_tai.label(k), num(v)] for k, v in hazards],
                        "totals": ["Tổng cộng", num(sum(summary.hazards.values()))], "numeric": (1,)},
        }

    def _district_documents(self, slug: str, name: str, communes: list[CommuneOutput],
                            years: list[dict]) -> list[tuple[str, str]]:
        """The district synthesis DOCX for each plan year: (docs-relative path, AST as JSON)."""
        documents = []
        for view in years:
            year = view["year"]
            rows = [[c.title, y["status"]["label"]] for c in communes for y in c.years if y["year"] == year]
            sources = [c.sources[year] for c in communes if year in c.sources]
            committed = [self._git()[0][s.folder] for s in sources if s.folder in self._git()[0]]
            source = Source(f"plans/{slug}", min(committed)[1] if committed else None, any(s.dirty for s in sources))
            documents.append((f"{slug}/{self._district_docx(slug, year)}", json.dumps(plan_docx.district_document({
                "parent": f"UBND tỉnh {self.province.get('ten', '')}",
                "issuer": f"Ủy ban nhân dân {self.middle.lower()} {name}",
                "date_line": plan_docx.date_line(name, None), "year": year,
                "communes": rows, "rollup": view["rollup"]}, source.docx_meta()), ensure_ascii=False)))
        return documents

    @staticmethod
    def _district_docx(slug: str, year: str) -> str:
        return f"tong-hop-{slug}-{year}.docx"

    def district(self, slug: str, data: dict, communes: list[CommuneOutput]) -> tuple[str, list]:
        """The district page and its synthesis documents, from one roll-up per year."""
        name = data.get("ten", slug)
        communes = sorted(communes, key=lambda c: vi_sort_key(c.title))
        years = self._years_view(communes)
        reviewers = ", ".join(r.get("ho_ten", "") for r in data.get("nguoi_duyet") or [] if isinstance(r, dict))
        page = self.env.get_template("district.md.j2").render(
            title=f"{self.middle} {name}", folded=fold(f"{self.middle} {name} " + " ".join(c.title for c in communes)),
            reviewers=reviewers, reviewer_office=data.get("co_quan_duyet") or "",
            communes=[{"title": c.title, "link": Markup(f"{c.slug}/index.md"),
                       "years": [{"year": y["year"], "status": y["status"],
                                  "link": Markup(f"{c.slug}/{y['year']}/index.md")} for y in c.years]}
                      for c in communes],
            years=years)
        return page, self._district_documents(slug, name, communes, years)

    def home(self, districts: list[tuple[str, dict, list[CommuneOutput]]]) -> str:
        name = self.province.get("ten", "")
        all_communes = [c for _, _, cs in districts for c in cs]
        view = [{"title": f"{self.middle} {data.get('ten', slug)}", "link": Markup(f"{slug}/index.md"),
                 "communes": len(cs)} for slug, data, cs in districts]
        view.sort(key=lambda d: vi_sort_key(str(d["title"])))
        return self.env.get_template("province.md.j2").render(
            title=f"Tỉnh {name}", folded=fold(f"tỉnh {name} " + " ".join(d["title"] for d in view)),
            note=self.province.get("ghi_chu") or "", handbook_name=self.handbook.process.get("van_ban", "sổ tay"),
            middle_level_plural=self.middle.lower(), districts=view, years=self._years_view(all_communes))

    def _years_view(self, communes: list[CommuneOutput]) -> list[dict]:
        by_year: dict[str, Summary] = {}
        for commune in communes:
            for y in commune.years:
                by_year.setdefault(y["year"], Summary()).add(Summary.from_plain(y["summary"]))
        district = communes[0].district if communes else ""
        return [{"year": year, "rollup": self.rollup_view(by_year[year]),
                 "docx": Markup(self._district_docx(district, year)) if communes else "",
                 "xlsx": Markup(f"../du-lieu-mo/{district}/tong-hop-{district}-{year}.xlsx")}
                for year in sorted(by_year, reverse=True)]

    def nav(self, districts: list[tuple[str, dict, list[CommuneOutput]]]) -> list:
        """mkdocs `nav`: Vietnamese titles in Vietnamese order, never folder slugs."""
        home = f"Tỉnh {self.province.get('ten', '')}"
        ordered = sorted(districts, key=lambda d: vi_sort_key(str(d[1].get("ten", d[0]))))
        sections = []
        for slug, data, communes in ordered:
            children: list = [f"{slug}/index.md"]
            for c in sorted(communes, key=lambda c: vi_sort_key(c.title)):
                years = [{f"Năm {y['year']}": f"{slug}/{c.slug}/{y['year']}/index.md"} for y in c.years]
                children.append({c.title: [f"{slug}/{c.slug}/index.md", *years]})
            sections.append((str(data.get("ten", slug)), {f"{self.middle} {data.get('ten', slug)}": children}))
        if len(sections) > NAV_GROUP:
            # Every page lists the siblings of each level it sits in; grouping
            # many districts keeps that list, and so each page, small.
            groups = [sections[i:i + NAV_GROUP] for i in range(0, len(sections), NAV_GROUP)]
            sections = [(None, {f"{self.middle} {g[0][0]} – {g[-1][0]}": [entry for _, entry in g]})
                        for g in groups]
        return [{home: "index.md"}, *(entry for _, entry in sections)]


NAV_GROUP = 12  # at most this many districts side by side in the navigation


def value_text(handbook, value, rules) -> str:
    """A plan value as a reader sees it: vocabulary labels, dd/mm/yyyy dates,
    1.234,5 amounts, years as years, lists joined; '' for nothing."""
    if value is None:
        return ""
    rules = rules or {}
    item_rules = rules.get("schema") if rules.get("type") == "list" else rules
    vocab = (item_rules or {}).get("meta", {}).get("danh_muc") if isinstance(item_rules, dict) else None
    texts = []
    for v in value if isinstance(value, list) else [value]:
        if vocab:
            texts.append(handbook.vocab(vocab).label(v))
        elif rules.get("type") == "ngay":
            texts.append(fmt.day(v))
        elif is_number(v):
            texts.append(str(v) if _is_year(item_rules) else fmt.number(v))
        else:
            texts.append(str(v))
    return ", ".join(texts)


def _leaves(fields: dict, prefix=(), label_prefix="") -> list[tuple]:
    """(path, label, rules) for every value a table cell can show, groups flattened."""
    leaves = []
    for key, rules in fields.items():
        label = rules.get("meta", {}).get("nhan", key)
        if rules.get("type") == "dict" and isinstance(rules.get("schema"), dict):
            leaves.extend(_leaves(rules["schema"], (*prefix, key), f"{label_prefix}{label}: "))
        elif rules.get("type") == "list" and isinstance(rules.get("schema"), dict) \
                and rules["schema"].get("type") == "dict":
            continue  # nested lists of groups have no cell of their own
        else:
            leaves.append(((*prefix, key), f"{label_prefix}{label}", rules))
    return leaves


def _is_year(rules) -> bool:
    return isinstance(rules, dict) and rules.get("type") == "so_nguyen" and (rules.get("min") or 0) >= 1900


def _is_amount(rules) -> bool:
    return rules.get("type") in ("so", "so_nguyen") and not _is_year(rules)


def copy_assets(docs: Path) -> None:
    from importlib.resources import files

    target = docs / "assets"
    target.mkdir(parents=True, exist_ok=True)
    content = files("sedp.render.site").joinpath("assets/sedp.css").read_bytes()
    path = target / "sedp.css"
    if not path.is_file() or path.read_bytes() != content:  # rewritten only when changed
        path.write_bytes(content)
