"""The documents of a plan year, and the district's synthesis, as pandoc AST.

Five documents per commune-year, each in the official format (Nghị định
30/2020/NĐ-CP): the plan itself, the report on how it was made, the comments
report (model/comments.py), the People's Committee's submission (Tờ trình)
and the People's Council's resolution (Nghị quyết). What each says, in which order, is its outline in
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
from sedp.core.names import COMMENTS_OUTLINE, PERIOD_OUTLINE, middle_level
from sedp.model import narrative
from sedp.model.forms import TOTAL_LABEL
from sedp.model.period import AGAIN_ROW, answered_again, carried_note, counts_again, minus
from sedp.model.period import TOTAL_ROW as PERIOD_TOTAL_ROW
from sedp.model.progress import status_label
from sedp.model.records import VERDICT_LABELS
from sedp.model.rollup import Summary
from sedp.render.docx import ast
from sedp.render.docx.redline import change_list, redline
from sedp.source.handbook import Handbook, locked_statuses
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
def outline_blocks(nodes: list | None, values: dict, texts, sections, level: int = 1) -> list:
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


def summary_section(handbook: Handbook, summary: Summary, kind: str) -> list:
    """The sections computed from a roll-up Summary alone: the same for a commune and a district."""
    if kind == "chuoi_gia_tri_khi_hau":
        return [ast.para(ast.text(narrative.chains_sentence(summary))),
                *(ast.para(ast.text(s)) for s in narrative.climate_sentences(handbook, summary))]
    if kind == "nguon_luc":  # each source's money and share, then the total (said once: §4 gives it by sector)
        return [*dash_lines(narrative.source_lines(handbook, summary)),
                ast.para([ast.strong(ast.text(f"{TOTAL_LABEL}: {fmt.number(summary.budget_total())} {narrative.MONEY}."))])]
    if kind == "tong_kinh_phi":
        return [ast.para(ast.text(narrative.total_sentence(handbook, summary)))]
    if kind == "tham_gia":
        return [ast.para(ast.text(s)) for s in narrative.participation(handbook, summary)]
    return _not_here(kind)


def comment_section(report, kind: str) -> list:
    """The comments report's parts (model/comments.py): how they were collected, the counts, the table."""
    if kind == "lay_y_kien":
        return [ast.para(ast.text(sentence)) for sentence in report.collected]
    if kind == "so_y_kien":
        blocks = []
        for table_kind in ("chu_the", "cach_xu_ly"):
            table = report.count_table(table_kind)
            blocks += [ast.para([ast.strong(ast.text(table["heading"]))]),
                       ast.table(table["headers"], table["rows"], table["totals"], numeric=[1],
                                 widths=[0.7, 0.3])]
        return blocks
    if not report.rows:
        return [ast.para(ast.text(report.words.get("khong_co", "")))]
    return [ast.table(report.headers, report.rows, widths=[0.06, 0.2, 0.25, 0.19, 0.3])]


def _not_here(kind: str) -> list:
    return [ast.para([ast.emph(ast.text(f"(Nội dung '{kind}' không dùng được trong văn bản này.)"))])]


class YearDocuments:
    """The documents of one commune-year (a model YearView)."""

    def __init__(self, view, handbook: Handbook, middle: str):
        self.view, self.handbook = view, handbook
        self.plan = view.plan
        draft, submitted = handbook.role("du-thao"), handbook.role("trinh-hdnd")
        self.draft = (view.steps.get(draft[0]) or {}) if draft else {}
        submission = (view.steps.get(submitted[0]) or {}) if submitted else {}
        self.submission = submission.get("to_trinh") or {}
        self.approval = view.steps.get(handbook.required("thong-qua")[0]) or {}
        self.place = self.plan.get("dia_danh") or view.commune_data.get("ten", "")
        self.district = f"{middle.lower()} {view.district_name}"  # "huyện Thạch An", for {huyen}
        self.commune = view.commune_title[:1].lower() + view.commune_title[1:]  # "xã Đức Long"
        session = self.approval.get("ky_hop") or {}
        resolution = self.approval.get("nghi_quyet") or {}
        votes = self.approval.get("bieu_quyet") or {}
        priority = self.approval.get("bieu_7") or {}
        session_name = str(session.get("ten") or "")
        # The resolution is dated the day the sitting passed it (lien-buoc.yaml nghi-quyet-ngay-ky-hop):
        # the header and Điều 3 read that one date; the resolution's own date field is a checked copy.
        self.passed = session.get("ngay") or resolution.get("ngay")
        self.values = {
            "nam": view.year, "nam_truoc": int(view.year) - 1 if str(view.year).isdigit() else "",
            "xa": self.commune, "huyen": self.district, "so_tay": handbook.process.get("van_ban", ""),
            "so_to_trinh": self.submission.get("so"), "ngay_to_trinh": fmt.day(self.submission.get("ngay"))
            if self.submission.get("ngay") else None,
            "ky_hop": session_name[:1].lower() + session_name[1:],
            "ngay_thong_qua": fmt.day(self.passed) if self.passed else None,
            "tan_thanh": fmt.number(votes.get("tan_thanh")), "co_mat": fmt.number(votes.get("co_mat")),
            "tong_dai_bieu": fmt.number(votes.get("tong_dai_bieu")),
            "giai_doan": priority.get("giai_doan") if isinstance(priority, dict) else None,
        }
        self.parent = f"UBND {middle} {view.district_name}"

    # the sections a commune-year's outline may name
    def sections(self, kind: str) -> list:
        handbook, view, summary = self.handbook, self.view, self.view.summary
        if kind == "danh_gia_chi_tieu":
            return [ast.para(ast.text(s)) for s in view.assessment]
        if kind == "ket_qua_nam_truoc":
            return [ast.para(ast.text(narrative.last_year_summary(view.last_year)))]
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
        if kind in ("lay_y_kien", "so_y_kien", "bang_y_kien") and view.comments is not None:
            return comment_section(view.comments, kind)
        return summary_section(handbook, summary, kind)

    def _by_sector(self, summary: Summary) -> list:
        activities_role = self.handbook.required("hoat-dong")
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

    def comments_report(self) -> list:
        """Báo cáo tổng hợp, tiếp thu, giải trình ý kiến: a record of what was said and answered."""
        outline = self.handbook.outlines[COMMENTS_OUTLINE]
        blocks = self._opening(outline, self.parent, f"Ủy ban nhân dân {self.view.commune_title}", None, None,
                               stamp=False)
        blocks += self._body(outline)
        blocks.append(self._committee_signature([fill(str(r), self.values) for r in outline.get("noi_nhan") or []]))
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
        blocks = self._opening(outline, "", council, resolution.get("so"), self.passed)
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


def year_documents(view, handbook: Handbook, middle: str) -> dict[str, bytes]:
    """kind -> the document as pandoc AST, packed (ast.pack: cheap to keep, to send
    back from a worker and to hash for the cache)."""
    documents = YearDocuments(view, handbook, middle)
    meta = view.source.docx_meta()
    built = {"ke-hoach": documents.plan_document(), "bao-cao-qua-trinh": documents.process_report(),
             "to-trinh": documents.submission_document(), "nghi-quyet": documents.resolution()}
    if COMMENTS_OUTLINE in handbook.outlines:
        built[COMMENTS_OUTLINE] = documents.comments_report()
    return {kind: ast.pack(ast.document(blocks, meta)) for kind, blocks in built.items()}


def redline_document(draft_view, view, handbook: Handbook, middle: str, who, changes: list, sent: tuple) -> bytes:
    """The plan document (Kế hoạch with its Biểu) of draft_view, the draft sent, against
    view's, as tracked changes (render/docx/redline.py); who: redline.attribution. Then the
    list of every change the plan diff names (changes: review.plandiff.change_list), the parts
    the Kế hoạch does not print included; sent: the draft's (commit, ISO date)."""
    old = YearDocuments(draft_view, handbook, middle).plan_document()
    new = YearDocuments(view, handbook, middle).plan_document()
    commit, date = sent
    said = {"commit": commit[:12], "ngay": fmt.day(date[:10])}
    blocks = [ast.para([ast.emph(ast.text(REDLINE_NOTE.format(**said)))]), *redline(old, new, who)]
    if changes:
        blocks += [ast.page_break(), ast.para([ast.strong(ast.text(CHANGES_TITLE))]),
                   ast.para(ast.text(CHANGES_NOTE.format(**said))), *change_list(changes, who)]
    return ast.pack(ast.document(blocks, view.source.docx_meta()))


REDLINE_NOTE = ("Bản so sánh với dự thảo gửi huyện (commit {commit}, ngày {ngay}): phần gạch ngang là nội dung "
                "của bản dự thảo đã bỏ, phần gạch chân là nội dung thêm; danh sách mọi thay đổi ở cuối văn bản.")
CHANGES_TITLE = "DANH SÁCH CÁC THAY ĐỔI SO VỚI BẢN DỰ THẢO GỬI HUYỆN"
CHANGES_NOTE = ("Mọi thay đổi giữa bản dự thảo gửi huyện (commit {commit}, ngày {ngay}) và bản hiện nay, theo "
                "từng mục, kể cả những phần Kế hoạch không in (hội nghị, ý kiến góp ý, nghị quyết, số liệu thực "
                "hiện). Phần gạch bỏ là nội dung của bản dự thảo, phần thêm là nội dung hiện nay.")


# -- the district ------------------------------------------------------------------
def district_year_document(handbook: Handbook, province: dict, name: str, year: str, communes: list,
                           summary: Summary, rollup: dict, source) -> bytes:
    """A district's synthesis for one year, following schema/van-ban/tong-hop-huyen.yaml.
    communes: [{"title", "status", "assessment"}] in reading order; rollup: the model's
    roll-up view of summary (the same tables as the district page)."""
    outline = handbook.outlines["tong-hop-huyen"]
    middle = middle_level(province)
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
    label = handbook.rollup_label
    for title, key in ((f"{label('hoat_dong', 'nhan_van_ban')} (triệu đồng)", "budget"),
                       (label("nhu_cau"), "needs"), (label("tham_du"), "participation"),
                       (label("chuoi_gia_tri"), "chains"), (label("thien_tai"), "hazards")):
        part = rollup[key]
        tables += [ast.header(2, ast.text(title)),
                   ast.table(part["headers"], part["rows"], part.get("totals"), part["numeric"])]
    blocks += annex(fill(outline.get("phu_luc") or "PHỤ LỤC", values), tables)
    return ast.pack(ast.document(blocks, source.docx_meta()))


# -- the report over a period ------------------------------------------------------
class PeriodReport:
    """The report over a period of plan years (schema/van-ban/bao-cao-giai-doan.yaml) of a
    district or the province: every figure is the exact sum over the span's plan years
    (model/period.py), the annex gives each year's row and the period's totals. Its
    sentences are the outline's `cau`, filled here."""

    TOTAL_ROW = PERIOD_TOTAL_ROW

    def __init__(self, handbook: Handbook, period):
        self.handbook, self.period, self.total = handbook, period, period.total
        self.places = handbook.share_places
        self.sources = handbook.vocab("nguon-von")
        outline = handbook.outlines[PERIOD_OUTLINE]
        self.words: dict = outline["cau"]
        self.tables: dict = outline["bang"]

    # -- wording helpers
    def _say(self, sentence: str, **values) -> str:
        """One of the outline's sentences (cau), filled; the span is always known."""
        return fill(self.words[sentence], {"giai_doan_bao_cao": self.period.label, **values})

    def _table(self, name: str) -> str:
        """An annex table's heading, or the note in its place (the outline's `bang`)."""
        return fill(self.tables[name], {"giai_doan_bao_cao": self.period.label})

    def _each(self, sentence: str, items: list[dict]) -> str:
        """A list inside a sentence: each item's sentence, joined by "; "."""
        return "; ".join(self._say(sentence, **item) for item in items)

    def _said(self, sentence: str, **values) -> list:
        return [ast.para(ast.text(self._say(sentence, **values)))]

    def _pct(self, part, whole) -> str:
        return fmt.percent(part, whole, self.places)

    @staticmethod
    def _money(value) -> str:
        return f"{fmt.number(value)} {narrative.MONEY}"

    @staticmethod
    def _joined(items: list[str]) -> str:
        """'2025, 2026 và 2027'."""
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} và {items[-1]}"

    def _recorded_years(self) -> list[str]:
        return [y for y in self.period.years if self.period.by_year[y].recorded]

    def _recorded_text(self) -> str:
        """'5 kế hoạch năm đã có báo cáo thực hiện (năm 2025: 3/3 xã; năm 2026: 2/3 xã)'."""
        by_year = self.period.by_year
        years = [{"nam": y, "so_bao_cao": fmt.number(by_year[y].recorded), "so_xa": fmt.number(by_year[y].plan_years)}
                 for y in self._recorded_years()]
        return self._say("da_bao_cao", so_ke_hoach=fmt.number(self.total.recorded),
                         tung_nam=self._each("moi_nam_bao_cao", years))

    def _no_record(self) -> list:
        return self._said("chua_co_bao_cao")

    def _source_order(self, *names: str) -> list:
        """Sources with money under any of names (budget, planned, disbursed), in the vocabulary's order."""
        used = {s for name in names for s, v in self.total.budget_by_source(name).items() if v}
        return [code for code in self.sources.entries if code in used] + sorted(
            (str(c) for c in used if c not in self.sources.entries))

    def _sector_order(self, codes) -> list:
        order = list(self.handbook.vocab("linh-vuc").entries)
        return sorted(set(codes), key=lambda s: (order.index(s) if s in order else len(order), str(s)))

    def _statuses(self, progress) -> list:
        """Status codes in the vocabulary's order, "" (not updated) and unknown codes after."""
        vocab = self.handbook.vocabularies.get("trang-thai-thuc-hien")
        order = list(vocab.entries) if vocab else []
        return sorted((s for s in progress if progress[s]),
                      key=lambda s: (s == "", order.index(s) if s in order else len(order), str(s)))

    def _status_label(self, code) -> str:
        return status_label(self.handbook, code)

    # -- the sections
    def sections(self, kind: str) -> list:
        method = getattr(self, f"_{kind}", None) if kind.startswith("giai_doan_") else None
        return method() if method else summary_section(self.handbook, self.total, kind)

    def _giai_doan_tong_quan(self) -> list:
        period, total = self.period, self.total
        approved = sum(n for s, n in total.statuses.items() if s in locked_statuses(self.handbook))
        years = [{"nam": y, "so_xa": fmt.number(period.by_year[y].plan_years)} for y in period.years]
        blocks = self._said("tong_quan", so_ke_hoach=fmt.number(total.plan_years),
                            tung_nam=self._each("moi_nam", years), da_thong_qua=fmt.number(approved),
                            chua_thong_qua=fmt.number(total.plan_years - approved))
        carried = carried_note(self.handbook, period)
        if carried:
            blocks.append(ast.para(ast.text(carried)))
        missing = [str(y) for y in range(int(period.first), int(period.last) + 1) if str(y) not in period.years] \
            if period.first.isdigit() and period.last.isdigit() else []
        if missing:
            blocks += self._said("nam_chua_co", cac_nam=self._joined(missing))
        if total.recorded:
            blocks += self._said("co_bao_cao", da_bao_cao=self._recorded_text())
        else:
            blocks += self._no_record()
        return blocks

    def _giai_doan_tham_gia(self) -> list:
        total, handbook = self.total, self.handbook
        if not total.meetings:
            return self._said("chua_hop")
        total_key = handbook.attendance_total()
        people = total.attendance.get(total_key, 0)
        groups = [{"nhan": e.get("nhan", code).lower(), "luot_nguoi": fmt.number(total.attendance[code]),
                   "ty_le": self._pct(total.attendance[code], people)}
                  for code, e in handbook.vocab("nhom-tham-du").entries.items()
                  if code != total_key and code in total.attendance]
        said = {"so_nam": fmt.number(len(self.period.years)), "luot_nguoi": fmt.number(people),
                "so_cuoc_hop": fmt.number(total.meetings)}
        if not groups:
            return self._said("tham_gia_khong_nhom", **said)
        return self._said("tham_gia", **said, tung_nhom=self._each("moi_nhom", groups))

    def _giai_doan_nguon_von(self) -> list:
        total = self.total
        lines = narrative.source_lines(self.handbook, total)
        said = {"kinh_phi": self._money(total.budget_total()),
                "so_hoat_dong": fmt.number(sum(total.activities_by_sector.values()))}
        return [*self._said("nguon_von" if lines else "nguon_von_khong_co", **said), *dash_lines(lines)]

    def _giai_doan_linh_vuc(self) -> list:
        total, sectors = self.total, self.handbook.vocab("linh-vuc")
        whole = total.budget_total()
        codes = [s for s in self._sector_order([*total.activities_by_sector, *total.budget])
                 if total.activities_by_sector.get(s) or total.sector_total(s)]
        if not codes:
            return self._said("chua_co_hoat_dong")
        return dash_lines([self._say("linh_vuc", nhan=sectors.label(s),
                                     so_hoat_dong=fmt.number(total.activities_by_sector.get(s, 0)),
                                     kinh_phi=self._money(total.sector_total(s)),
                                     ty_le=self._pct(total.sector_total(s), whole)) for s in codes])

    def _giai_doan_giai_ngan(self) -> list:
        total = self.total
        if not total.recorded:
            return self._no_record()
        planned, disbursed = total.budget_total("planned"), total.budget_total("disbursed")
        blocks = self._said("giai_ngan", da_bao_cao=self._recorded_text(), giai_ngan=self._money(disbursed),
                            kinh_phi=self._money(planned), ty_le=self._pct(disbursed, planned))
        by_planned, by_disbursed = total.budget_by_source("planned"), total.budget_by_source("disbursed")
        sources = self._source_order("planned", "disbursed")
        if sources:
            blocks.append(ast.para([ast.emph(ast.text(self._say("theo_nguon_von")))]))
            blocks += dash_lines([self._rate_line(self.sources.label(s), by_planned.get(s, 0),
                                                  by_disbursed.get(s, 0)) for s in sources])
        sectors = [s for s in self._sector_order([*total.planned, *total.disbursed])
                   if total.sector_total(s, "planned") or total.sector_total(s, "disbursed")]
        if sectors:
            labels = self.handbook.vocab("linh-vuc")
            blocks.append(ast.para([ast.emph(ast.text(self._say("theo_linh_vuc")))]))
            blocks += dash_lines([self._rate_line(labels.label(s), total.sector_total(s, "planned"),
                                                  total.sector_total(s, "disbursed")) for s in sectors])
        return blocks

    def _rate_line(self, label: str, planned, disbursed) -> str:
        return self._say("giai_ngan_dong", nhan=label, kinh_phi=self._money(planned),
                         giai_ngan=self._money(disbursed), ty_le=self._pct(disbursed, planned))

    def _giai_doan_tien_do(self) -> list:
        progress = self.total.progress
        if not self.total.recorded:
            return self._no_record()
        count = sum(progress.values())
        return [*self._said("tien_do", so_hoat_dong=fmt.number(count)),
                *dash_lines([self._say("tien_do_dong", nhan=self._status_label(s), so_hoat_dong=fmt.number(progress[s]),
                                       ty_le=self._pct(progress[s], count)) for s in self._statuses(progress)])]

    def _giai_doan_nhu_cau(self) -> list:
        total = self.total
        text = self._say("nhu_cau_thu_thap", so_nhu_cau=fmt.number(total.needs_collected)) if total.collecting \
            else self._say("nhu_cau_ra_soat")
        if total.recorded:
            answered = "nhu_cau_dap_ung_mot_lan" if answered_again(self.period) else "nhu_cau_dap_ung"
            text += " " + self._say(answered, so_nhu_cau=fmt.number(total.needs_answered))
        return [ast.para(ast.text(text))]

    def _giai_doan_chi_tieu(self) -> list:
        targets = self.total.targets
        if not self.total.recorded:
            return self._no_record()
        count = sum(targets.values())
        if not count:
            return self._said("chua_co_chi_tieu")
        kinds = [{"nhan": label, "so_chi_tieu": fmt.number(targets.get(code, 0)),
                  "ty_le": self._pct(targets.get(code, 0), count)} for code, label in VERDICT_LABELS.items()]
        return self._said("chi_tieu", so_chi_tieu=fmt.number(count), tung_loai=self._each("moi_loai", kinds))

    # -- the annex: a row per plan year, then the period's
    def _rows(self, row, again=None) -> tuple[list, list]:
        """A row per plan year, what the span's row takes off (when it does), the span's row."""
        taken = [again(self.period.again)] if again and counts_again(self.period) else []
        taken = [row for row in taken if any(row[1:])]  # this table counts nothing twice
        return ([row(y, self.period.by_year[y]) for y in self.period.years] + taken, row(self.TOTAL_ROW, self.total))

    def annex_tables(self) -> list:
        handbook, total = self.handbook, self.total
        tables = []

        def add(title: str, headers: list, row, again=None) -> None:
            rows, totals = self._rows(row, again)
            tables.extend([ast.header(2, ast.text(title)),
                           ast.table(headers, rows, totals, numeric=range(1, len(headers)))])

        total_key = handbook.attendance_total()
        groups = [(c, e.get("nhan", c)) for c, e in handbook.vocab("nhom-tham-du").entries.items()
                  if c != total_key and c in total.attendance]

        def attendance(label, s):
            people = s.attendance.get(total_key, 0)
            cells = [c for code, _ in groups  # "–": no meeting of that year counted the group
                     for c in ((fmt.number(s.attendance[code]), self._pct(s.attendance[code], people))
                               if code in s.attendance else ("–", "–"))]
            return [label, fmt.number(s.plan_years), fmt.number(s.meetings), fmt.number(people), *cells]
        add(handbook.rollup_label("tham_du"),
            ["Năm kế hoạch", "Số kế hoạch năm", "Số cuộc họp", "Lượt người tham dự",
             *(h for _, name in groups for h in (name, "Tỷ lệ"))], attendance)

        sources = self._source_order("budget")

        def budget(label, s):
            by_source = s.budget_by_source()
            return [label, fmt.number(sum(s.activities_by_sector.values())),
                    *(fmt.number(by_source.get(c, 0)) for c in sources), fmt.number(s.budget_total())]
        def budget_again(a):
            by_source = a.budget_by_source()
            return [AGAIN_ROW, minus(sum(a.activities_by_sector.values())),
                    *(minus(by_source.get(c, 0)) for c in sources), minus(a.budget_total())]
        add(self._table("kinh_phi"),
            ["Năm kế hoạch", "Số hoạt động", *(self.sources.label(c) for c in sources), TOTAL_LABEL], budget,
            budget_again)

        if not total.recorded:  # no implementation record in the span: no table of "–" only
            tables.append(ast.para([ast.emph(ast.text(self._table("chua_co_bao_cao")))]))
        recorded = self._source_order("planned", "disbursed")

        def disbursed(label, s):
            share = f"{fmt.number(s.recorded)}/{fmt.number(s.plan_years)}"
            if not s.recorded:
                return [label, share, *("–" for _ in range(len(recorded) + 3))]
            by_source = s.budget_by_source("disbursed")
            planned, paid = s.budget_total("planned"), s.budget_total("disbursed")
            return [label, share, *(fmt.number(by_source.get(c, 0)) for c in recorded), fmt.number(paid),
                    fmt.number(planned), self._pct(paid, planned)]
        if total.recorded:
            add(self._table("giai_ngan"),
                ["Năm kế hoạch", "Kế hoạch năm có báo cáo", *(self.sources.label(c) for c in recorded),
                 "Tổng giải ngân", "Kinh phí kế hoạch", "Tỷ lệ giải ngân"], disbursed,
                lambda a: [AGAIN_ROW, "", *("" for _ in recorded), "", minus(a.budget_total("planned")), ""])

        statuses = self._statuses(total.progress + self.period.again.progress)

        def progress(label, s):
            share = f"{fmt.number(s.recorded)}/{fmt.number(s.plan_years)}"
            if not s.recorded:
                return [label, share, *("–" for _ in range(len(statuses) + 1))]
            return [label, share, *(fmt.number(s.progress.get(c, 0)) for c in statuses),
                    fmt.number(sum(s.progress.values()))]
        if total.recorded:
            add(self._table("tien_do"),
                ["Năm kế hoạch", "Kế hoạch năm có báo cáo", *(self._status_label(c) for c in statuses),
                 "Tổng số hoạt động"], progress,
                lambda a: [AGAIN_ROW, "", *(minus(a.progress.get(c, 0)) for c in statuses),
                           minus(sum(a.progress.values()))])

        def needs(label, s):
            judged = [fmt.number(s.targets.get(c, 0)) for c in VERDICT_LABELS] if s.recorded \
                else ["–"] * len(VERDICT_LABELS)
            return [label, fmt.number(s.needs_collected) if s.collecting else "–",
                    fmt.number(s.needs_answered) if s.recorded else "–", *judged]
        add(self._table("nhu_cau"),
            ["Năm kế hoạch", "Nhu cầu thu thập", "Nhu cầu được đáp ứng",
             *(f"Chỉ tiêu {label}" for label in VERDICT_LABELS.values())], needs,
            lambda a: [AGAIN_ROW, "", minus(answered_again(self.period)), *("" for _ in VERDICT_LABELS)])
        return tables


def period_document(handbook: Handbook, province: dict, district: str | None, period, source) -> bytes:
    """The report over a period (Báo cáo kết quả thực hiện kế hoạch giai đoạn 2025–2027) of a
    district (district: its name) or of the province (district None), following
    schema/van-ban/bao-cao-giai-doan.yaml. period: model.period.Period with at least one plan year."""
    outline = handbook.outlines[PERIOD_OUTLINE]
    report = PeriodReport(handbook, period)
    middle = middle_level(province)
    province_name = str(province.get("ten", ""))
    if district is None:
        parent, issuer, place = "", f"Ủy ban nhân dân tỉnh {province_name}", province_name
        area = f"tỉnh {province_name}"
        recipients = outline.get("noi_nhan_tinh") or outline.get("noi_nhan")
    else:
        parent, issuer, place = f"UBND tỉnh {province_name}", f"Ủy ban nhân dân {middle.lower()} {district}", district
        area = f"{middle.lower()} {district}"
        recipients = outline.get("noi_nhan")
    values = {"giai_doan_bao_cao": period.label, "dia_ban": area, "so_tay": handbook.process.get("van_ban", ""),
              "huyen": area if district is not None else None}
    blocks = [header_block(parent, issuer, f"Số:      /{outline.get('ky_hieu', '')}", date_line(place, None)),
              *title_blocks(fill(outline["ten_van_ban"], values), fill(outline["trich_yeu"], values)),
              *outline_blocks(outline.get("phan"), values, lambda path: None, report.sections),
              signature_block([fill(str(r), values) for r in recipients or ["Lưu: VT"]],
                              "TM. ỦY BAN NHÂN DÂN", "Chủ tịch", "")]
    blocks += annex(fill(outline.get("phu_luc") or "PHỤ LỤC", values), report.annex_tables())
    return ast.pack(ast.document(blocks, source.docx_meta()))
