"""The documents of a plan year, and the district's synthesis, as pandoc AST.

Four documents per commune-year, each in the official format (Nghị định
30/2020/NĐ-CP): the plan itself, the report on how it was made, the People's
Committee's submission (Tờ trình) and the People's Council's resolution
(Nghị quyết). What each says, in which order, is its outline in
schema/van-ban/; this module fills an outline from the plan: headings, the
plan's own words (`truong`), fixed paragraphs (`doan`) and the sentences
sedp computes (`noi_dung`, model/narrative.py). User text only ever lands in
Str nodes (ast.py), so nothing typed in a plan is read as markup.
"""

from __future__ import annotations

from collections import Counter

from sedp.core import fmt
from sedp.core.data import value_at
from sedp.core.fmt import parse_date
from sedp.model import narrative
from sedp.model.rollup import Summary
from sedp.render.docx import ast
from sedp.source.handbook import locked_statuses
from sedp.source.outlines import fill

DRAFT_STAMP = "DỰ THẢO"


# -- the official blocks ---------------------------------------------------------
def date_line(place: str, value) -> str:
    """'Đức Long, ngày 05 tháng 01 năm 2027': zero before days < 10 and months 1–2;
    blanks to fill by hand while the date is not known."""
    parsed = parse_date(value) if value else None
    if parsed is None:
        return f"{place}, ngày     tháng     năm"
    month = f"{parsed.month:02d}" if parsed.month < 3 else str(parsed.month)
    return f"{place}, ngày {parsed.day:02d} tháng {month} năm {parsed.year}"


def header_block(issuer_parent: str, issuer: str, number: str, place_date: str) -> dict:
    left = ([ast.para(ast.text(issuer_parent.upper()), "Giua")] if issuer_parent else []) + [
        ast.para([ast.strong(ast.text(issuer.upper()))], "Giua"), rule("Gach ngang"), ast.para(ast.text(number), "Giua")]
    right = [ast.para([ast.strong(ast.text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))], "Giua"),
             ast.para([ast.strong([ast.underline(ast.text("Độc lập - Tự do - Hạnh phúc"))])], "Giua"),
             ast.para([ast.emph(ast.text(place_date))], "Giua")]
    return ast.table(None, [[left, right]], widths=[0.4, 0.6])


def signature_block(recipients: list[str], title: str, role: str, name: str) -> dict:
    left = [ast.para(ast.text("Nơi nhận:"), "Noi nhan"),
            *(ast.para(ast.text(f"- {r};" if i < len(recipients) - 1 else f"- {r}."), "Noi nhan muc")
              for i, r in enumerate(recipients))]
    blank = ast.para([{"t": "Str", "c": "\u00a0"}], "Chu ky")  # pandoc drops an empty paragraph: the space to sign in
    right = [ast.para(ast.text(title), "Chu ky"), ast.para(ast.text(role.upper()), "Chu ky"), blank, blank, blank,
             ast.para(ast.text(name), "Chu ky") if name else blank]
    return ast.table(None, [[left, right]], widths=[0.45, 0.55])


def rule(style: str) -> dict:
    """The decree's short horizontal rule (a paragraph style with a bottom border; a
    no-break space, since pandoc drops an empty paragraph)."""
    return ast.para([{"t": "Str", "c": "\u00a0"}], style)


def title_blocks(kind_title: str, summary: str) -> list:
    return [ast.para(ast.text(kind_title), "Tieu de"), ast.para(ast.text(summary), "Trich yeu"),
            rule("Gach ngang giua")]


def form_tables(view_forms: list[dict]) -> list:
    blocks = []
    for form in view_forms:
        blocks.append(ast.header(2, ast.text(f"Biểu {form['number']}. {form['title']}")))
        if form["rows"]:
            blocks.append(ast.table(form["headers"], form["rows"], form["totals"], form["numeric"]))
        else:
            blocks.append(ast.para(ast.text("Không có số liệu.")))
    return blocks


def annex(title: str, blocks: list) -> list:
    """The annex: its heading (custom style "Phu luc", where the landscape pages begin) and its tables."""
    return [ast.para(ast.text(title), "Phu luc"), *blocks]


def key_values(rows: list[list], group_rows=()) -> list:
    """"Label: value" paragraphs; a sub-group's label ("Thành phần tham dự:") on a line of its own."""
    return [ast.para([ast.strong(ast.text(f"{label}:"))]) if i in group_rows
            else ast.para([ast.strong(ast.text(f"{label}:")), {"t": "Space"}, *ast.text(value)])
            for i, (label, value) in enumerate(rows) if value or i in group_rows]


def dash_lines(lines: list[str]) -> list:
    return [ast.para(ast.text(f"- {line}")) for line in lines]


# -- outlines ----------------------------------------------------------------------
def outline_blocks(nodes: list, values: dict, texts, sections, level: int = 1) -> list:
    """An outline's parts as blocks. texts(path) -> the typed text or None;
    sections(kind) -> the computed blocks."""
    blocks = []
    for node in nodes or []:
        if node.get("tieu_de"):
            blocks.append(ast.header(level, ast.text(fill(node["tieu_de"], values))))
        blocks.extend(ast.para(ast.text(fill(line, values))) for line in node.get("doan") or [])
        if node.get("truong"):
            typed = texts(node["truong"])
            lines = [line.strip() for line in str(typed or "").splitlines() if line.strip()]
            blocks.extend(ast.para(ast.text(line)) for line in lines)
            if not lines:
                blocks.append(ast.para([ast.emph(ast.text(f"(Chưa viết: điền trường {node['truong']} "
                                                          "ở bước xây dựng dự thảo kế hoạch.)"))]))
        if node.get("noi_dung"):
            blocks.extend(sections(node["noi_dung"]))
        blocks.extend(outline_blocks(node.get("muc"), values, texts, sections, level + 1))
    return blocks


def summary_section(handbook, summary: Summary, kind: str) -> list:
    """The sections computed from a roll-up Summary alone: the same for a commune and a district."""
    if kind == "chuoi_gia_tri_khi_hau":
        return [ast.para(ast.text(narrative.chains_sentence(summary))),
                *(ast.para(ast.text(s)) for s in narrative.climate_sentences(handbook, summary))]
    if kind == "nguon_luc":  # each source's money and share, then the total (said once: §4 gives it by sector)
        return [*dash_lines(narrative.source_lines(handbook, summary)),
                ast.para([ast.strong(ast.text(f"Tổng cộng: {fmt.number(summary.budget_total())} {narrative.MONEY}."))])]
    if kind == "tong_kinh_phi":
        return [ast.para(ast.text(narrative.total_sentence(handbook, summary)))]
    if kind == "tham_gia":
        return [ast.para(ast.text(s)) for s in narrative.participation(handbook, summary)]
    return _not_here(kind)


def _not_here(kind: str) -> list:
    return [ast.para([ast.emph(ast.text(f"(Nội dung '{kind}' không dùng được trong văn bản này.)"))])]


class YearDocuments:
    """The four documents of one commune-year (a model YearView)."""

    def __init__(self, view, handbook, middle: str):
        self.view, self.handbook = view, handbook
        self.plan = view.plan
        role = handbook.role
        self.draft = (view.steps.get(role("du-thao")[0]) or {}) if role("du-thao") else {}
        submission = (view.steps.get(role("trinh-hdnd")[0]) or {}) if role("trinh-hdnd") else {}
        self.submission = submission.get("to_trinh") or {}
        self.approval = view.steps.get(role("thong-qua")[0]) or {}
        self.place = self.plan.get("dia_danh") or view.commune_data.get("ten", "")
        self.district = f"{middle.lower()} {view.district_name}"  # "huyện Thạch An", for {huyen}
        self.commune = view.commune_title[:1].lower() + view.commune_title[1:]  # "xã Đức Long"
        session = self.approval.get("ky_hop") or {}
        resolution = self.approval.get("nghi_quyet") or {}
        votes = self.approval.get("bieu_quyet") or {}
        priority = self.approval.get("bieu_7") or {}
        session_name = str(session.get("ten") or "")
        self.values = {
            "nam": view.year, "nam_truoc": int(view.year) - 1 if str(view.year).isdigit() else "",
            "xa": self.commune, "huyen": self.district, "so_tay": handbook.process.get("van_ban", ""),
            "so_to_trinh": self.submission.get("so"), "ngay_to_trinh": fmt.day(self.submission.get("ngay"))
            if self.submission.get("ngay") else None,
            "ky_hop": session_name[:1].lower() + session_name[1:],
            "ngay_thong_qua": fmt.day(session.get("ngay") or resolution.get("ngay"))  # passed at the session
            if session.get("ngay") or resolution.get("ngay") else None,
            "tan_thanh": fmt.number(votes.get("tan_thanh")), "co_mat": fmt.number(votes.get("co_mat")),
            "tong_dai_bieu": fmt.number(votes.get("tong_dai_bieu")),
            "giai_doan": priority.get("giai_doan") if isinstance(priority, dict) else None,
        }
        self.parent = f"UBND {middle} {view.district_name}"

    # the sections a commune-year's outline may name
    def sections(self, kind: str) -> list:
        handbook, view, summary = self.handbook, self.view, self.view.summary
        if kind == "danh_gia_chi_tieu":
            return [ast.para(ast.text(s)) for s in view.assessment] or [
                ast.para(ast.text("Chưa có số liệu đánh giá thực hiện chỉ tiêu năm trước."))]
        if kind == "chi_tieu":
            blocks = []
            for group, sentences in narrative.targets(handbook, view.steps, view.year):
                if group:
                    blocks.append(ast.para([ast.emph(ast.text(f"{group}:"))]))
                blocks.extend(dash_lines(sentences))
            return blocks or [ast.para(ast.text("Chưa có chỉ tiêu."))]
        if kind == "hoat_dong_theo_linh_vuc":
            return self._by_sector(summary)
        if kind == "bieu_7":
            return [ast.para(ast.text(narrative.priority_plan(handbook, view.steps)))]
        if kind == "cac_buoc":
            return self._steps()
        return summary_section(handbook, summary, kind)

    def _by_sector(self, summary: Summary) -> list:
        activities_role = self.handbook.role("hoat-dong")
        data = self.view.steps.get(activities_role[0]) or {}
        activities = [a for a in data.get(activities_role[1]) or [] if isinstance(a, dict)]
        sector_key = self.handbook.rollup["hoat_dong"]["linh_vuc"]
        blocks = []
        for sector in narrative.sectors(self.handbook, summary):
            blocks.append(ast.para(ast.text(narrative.sector_sentence(self.handbook, summary, sector))))
            blocks.extend(dash_lines([narrative.activity_line(self.handbook, a) for a in activities
                                      if a.get(sector_key) == sector]))
        blocks.append(ast.para([ast.strong(ast.text(narrative.total_sentence(self.handbook, summary)))]))
        return blocks

    def _steps(self) -> list:
        """Each step's records, without the tables the plan's Biểu already show
        and without the plan's own words (both are in the plan document)."""
        shown = {(form.get("tep"), str(form.get("dong"))): form for form in self.handbook.forms}
        draft_file = (self.handbook.role("du-thao") or (None,))[0]
        words = {str(node.get("truong")).split(".")[0] for node in _nodes(self.handbook.outlines.get("ke-hoach"))
                 if node.get("truong")}
        out = []
        for step, blocks in self.view.step_blocks:
            out.append(ast.header(2, ast.text(f"Bước {step.number}. {step.title}")))
            for block in blocks:
                form = shown.get((step.file, block.get("path")))
                if step.file == draft_file and block.get("path") in words:
                    continue
                if form:
                    out.append(ast.para([ast.emph(ast.text(
                        f"{block['heading']}: xem Biểu {form.get('so')} kèm theo Kế hoạch."))]))
                    continue
                if block["heading"]:
                    out.append(ast.header(3, ast.text(block["heading"])))
                if block["headers"] == ["Nội dung", "Giá trị"]:
                    out.extend(key_values(block["rows"], block.get("group_rows") or ()))
                elif block["headers"] == ["Nội dung"]:
                    out.extend(ast.para(ast.text(r[0])) for r in block["rows"])
                else:  # a sub-group's columns by their own names ("Phụ nữ"), as the page's grouped header shows them
                    headers = block["short"] if block.get("groups") else block["headers"]
                    out.append(ast.table(headers, block["rows"], block.get("totals"), block["numeric"]))
        return out

    def _texts(self, path: str):
        return value_at(self.draft, path.split("."))

    def _is_draft(self) -> bool:
        return self.plan.get("trang_thai") not in locked_statuses(self.handbook)

    def _opening(self, outline: dict, issuer_parent: str, issuer: str, number, date, stamp: bool = True) -> list:
        """The draft stamp while the plan is not approved, the header block, the title."""
        blocks = [ast.para([ast.strong(ast.text(DRAFT_STAMP))], "Du thao")] if stamp and self._is_draft() else []
        blocks.append(header_block(issuer_parent, issuer,
                                   f"Số: {number or '      /' + str(outline.get('ky_hieu', ''))}",
                                   date_line(self.place, date)))
        blocks += title_blocks(fill(outline["ten_van_ban"], self.values), fill(outline["trich_yeu"], self.values))
        return blocks

    def _body(self, outline: dict) -> list:
        return outline_blocks(outline.get("phan"), self.values, self._texts, self.sections)

    def _grounds(self, outline: dict, italic: bool) -> list:
        return [ast.para([ast.emph(ast.text(fill(line, self.values)))] if italic
                         else ast.text(fill(line, self.values))) for line in outline.get("can_cu") or []]

    def _committee_signature(self, recipients: list[str]) -> dict:
        signer = self.plan.get("nguoi_ky") or {}
        return signature_block(recipients, "TM. ỦY BAN NHÂN DÂN", signer.get("chuc_vu") or "Chủ tịch",
                               signer.get("ho_ten") or "")

    def plan_document(self) -> list:
        outline = self.handbook.outlines["ke-hoach"]
        blocks = self._opening(outline, self.parent, f"Ủy ban nhân dân {self.view.commune_title}",
                               self.plan.get("so_ky_hieu"), self.plan.get("ngay_ban_hanh"))
        blocks += self._body(outline)
        blocks.append(self._committee_signature([str(r) for r in self.plan.get("noi_nhan") or ["Lưu: VT"]]))
        blocks += annex(fill(outline.get("phu_luc") or "PHỤ LỤC", self.values), form_tables(self.view.forms))
        return blocks

    def process_report(self) -> list:
        outline = self.handbook.outlines["bao-cao-qua-trinh"]
        blocks = self._opening(outline, self.parent, f"Ủy ban nhân dân {self.view.commune_title}", None, None,
                               stamp=False)  # a record of what happened, not a draft of anything
        blocks += self._body(outline)
        blocks.append(self._committee_signature([str(r) for r in self.plan.get("noi_nhan") or ["Lưu: VT"]]))
        return blocks

    def submission_document(self) -> list:
        outline = self.handbook.outlines["to-trinh"]
        blocks = self._opening(outline, self.parent, f"Ủy ban nhân dân {self.view.commune_title}",
                               self.submission.get("so"), self.submission.get("ngay"))
        if outline.get("kinh_gui"):
            blocks.append(ast.para(ast.text(f"Kính gửi: {fill(outline['kinh_gui'], self.values)}"), "Giua"))
        blocks += self._grounds(outline, italic=False)
        blocks += self._body(outline)
        blocks.append(self._committee_signature([fill(str(r), self.values) for r in outline.get("noi_nhan") or []]))
        return blocks

    def resolution(self) -> list:
        outline = self.handbook.outlines["nghi-quyet"]
        resolution = self.approval.get("nghi_quyet") or {}
        council = f"Hội đồng nhân dân {self.view.commune_title}"
        blocks = self._opening(outline, "", council, resolution.get("so"), resolution.get("ngay"))
        session = str((self.approval.get("ky_hop") or {}).get("ten") or "khóa …, kỳ họp thứ …")
        blocks += [ast.para([ast.strong(ast.text(council.upper()))], "Tieu de"),
                   ast.para([ast.strong(ast.text(session.upper()))], "Tieu de")]
        blocks += self._grounds(outline, italic=True)
        blocks.append(ast.para([ast.strong(ast.text("QUYẾT NGHỊ:"))], "Tieu de"))
        blocks += self._body(outline)
        signer = self.approval.get("nguoi_ky") or {}
        blocks.append(signature_block([fill(str(r), self.values) for r in outline.get("noi_nhan") or []],
                                      "TM. HỘI ĐỒNG NHÂN DÂN", signer.get("chuc_vu") or "Chủ tịch",
                                      signer.get("ho_ten") or ""))
        numbers = set(outline.get("bieu") or [])
        forms = [form for form in self.view.forms if form["number"] in numbers]
        if forms:
            blocks += annex(fill(outline.get("phu_luc") or "PHỤ LỤC", self.values), form_tables(forms))
        return blocks


def _nodes(outline) -> list:
    """Every node of an outline, depth first."""
    found, stack = [], list(reversed((outline or {}).get("phan") or []))
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(reversed(node.get("muc") or []))
    return found


def year_documents(view, handbook, middle: str) -> dict[str, bytes]:
    """kind -> the document as pandoc AST, packed (ast.pack: cheap to keep, to send
    back from a worker and to hash for the cache)."""
    documents = YearDocuments(view, handbook, middle)
    meta = view.source.docx_meta()
    built = {"ke-hoach": documents.plan_document(), "bao-cao-qua-trinh": documents.process_report(),
             "to-trinh": documents.submission_document(), "nghi-quyet": documents.resolution()}
    return {kind: ast.pack(ast.document(blocks, meta)) for kind, blocks in built.items()}


# -- the district ------------------------------------------------------------------
def district_year_document(handbook, province: dict, middle: str, name: str, year: str, communes: list,
                           summary: Summary, rollup: dict, source) -> bytes:
    """A district's synthesis for one year, following schema/van-ban/tong-hop-huyen.yaml.
    communes: [{"title", "status", "assessment"}] in reading order; rollup: the model's
    roll-up view of summary (the same tables as the district page)."""
    outline = handbook.outlines["tong-hop-huyen"]
    values = {"nam": year, "nam_truoc": int(year) - 1 if str(year).isdigit() else "",
              "huyen": f"{middle.lower()} {name}", "so_tay": handbook.process.get("van_ban", "")}

    def sections(kind: str) -> list:
        if kind == "danh_gia_cac_xa":
            blocks = []
            for commune in communes:
                blocks.append(ast.para([ast.strong(ast.text(commune["title"]))]))
                blocks.extend(dash_lines(commune["assessment"]) or [
                    ast.para(ast.text("Chưa có số liệu đánh giá thực hiện chỉ tiêu năm trước."))])
            return blocks
        if kind == "cac_xa":
            counts = Counter(c["status"] for c in communes)
            said = "; ".join(f"{status.lower()}: {fmt.number(n)} xã" for status, n in counts.items())
            return [ast.para(ast.text(f"Tổng hợp kế hoạch của {fmt.number(len(communes))} xã ({said}); các số "
                                      "liệu dưới đây cộng kế hoạch của tất cả các xã, kể cả kế hoạch còn dự thảo.")),
                    ast.table(["Xã", "Trạng thái kế hoạch"], [[c["title"], c["status"]] for c in communes])]
        if kind == "hoat_dong_theo_linh_vuc":
            return [*(ast.para(ast.text(narrative.sector_sentence(handbook, summary, sector)))
                      for sector in narrative.sectors(handbook, summary)),
                    ast.para([ast.strong(ast.text(narrative.total_sentence(handbook, summary)))])]
        return summary_section(handbook, summary, kind)

    blocks = [header_block(f"UBND tỉnh {province.get('ten', '')}", f"Ủy ban nhân dân {middle.lower()} {name}",
                           f"Số:      /{outline.get('ky_hieu', '')}", date_line(name, None)),
              *title_blocks(fill(outline["ten_van_ban"], values), fill(outline["trich_yeu"], values)),
              *outline_blocks(outline.get("phan"), values, lambda path: None, sections),
              signature_block([fill(str(r), values) for r in outline.get("noi_nhan") or ["Lưu: VT"]],
                              "TM. ỦY BAN NHÂN DÂN", "Chủ tịch", "")]
    tables = []
    for title, key in (("Kinh phí theo lĩnh vực, nguồn vốn (triệu đồng)", "budget"),
                       ("Nhu cầu thôn, xóm theo lĩnh vực", "needs"), ("Sự tham gia của người dân", "participation"),
                       ("Chuỗi giá trị được chọn", "chains"), ("Thiên tai đã xảy ra (5 năm gần đây)", "hazards")):
        part = rollup[key]
        tables += [ast.header(2, ast.text(title)),
                   ast.table(part["headers"], part["rows"], part.get("totals"), part["numeric"])]
    blocks += annex(fill(outline.get("phu_luc") or "PHỤ LỤC", values), tables)
    return ast.pack(ast.document(blocks, source.docx_meta()))
