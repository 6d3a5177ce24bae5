"""The documents' outlines (schema/van-ban/*.yaml): what each document says, in
which order, kept as data so that a province adapts its documents without
touching code. Checked when the handbook loads, so a misspelt section kind,
placeholder or field fails there, naming the file and the line.
"""

from __future__ import annotations

import re

from sedp.core.problems import Problem

# document -> its outline in schema/van-ban/
DOCUMENTS = {"ke-hoach": "ke-hoach.yaml", "bao-cao-qua-trinh": "bao-cao-qua-trinh.yaml",
             "to-trinh": "to-trinh.yaml", "nghi-quyet": "nghi-quyet.yaml", "tong-hop-huyen": "tong-hop-huyen.yaml",
             "bao-cao-giai-doan": "bao-cao-giai-doan.yaml"}
# Outlines a province repository written before them may lack: that document is then not made.
OPTIONAL_DOCUMENTS = {"bao-cao-giai-doan"}
# The documents of a commune-year, in the order the site lists them, with the name a reader sees.
YEAR_DOCUMENTS = {"ke-hoach": "Kế hoạch", "bao-cao-qua-trinh": "Báo cáo quá trình lập kế hoạch",
                  "to-trinh": "Tờ trình HĐND xã", "nghi-quyet": "Nghị quyết HĐND xã"}


def document_file(kind: str, commune: str, year) -> str:
    """'ke-hoach-duc-long-2027.docx': a commune-year's document, beside its page."""
    return f"{kind}-{commune}-{year}.docx"


def period_document_file(area: str, period_slug: str) -> str:
    """The report over a period, beside its page: 'bao-cao-giai-doan-thach-an-2025-2027.docx'
    for a district (area = its folder), 'bao-cao-giai-doan-2025-2027.docx' for the province (area "")."""
    return f"bao-cao-giai-doan-{area + '-' if area else ''}{period_slug}.docx"

# What `noi_dung:` may name: the sentences and tables sedp computes (render/docx/sections.py).
SECTIONS = {
    "danh_gia_chi_tieu": "mỗi chỉ tiêu năm trước một câu: kế hoạch, thực hiện, đạt, vượt hay chưa đạt bao nhiêu",
    "ket_qua_nam_truoc": "số chỉ tiêu năm trước vượt, đạt và chưa đạt kế hoạch (một câu, như Phần I)",
    "chi_tieu": "các chỉ tiêu chủ yếu năm kế hoạch (Biểu 5)",
    "hoat_dong_theo_linh_vuc": "hoạt động và kinh phí theo lĩnh vực, nguồn vốn (Biểu 6), cộng lại",
    "chuoi_gia_tri_khi_hau": "chuỗi giá trị được chọn và hoạt động thích ứng với biến đổi khí hậu",
    "nguon_luc": "kinh phí theo nguồn vốn và tỷ lệ",
    "tong_kinh_phi": "tổng kinh phí, số hoạt động và nguồn vốn (một đoạn)",
    "bieu_7": "kế hoạch hoạt động theo lĩnh vực ưu tiên 3–5 năm (Biểu 7), cộng lại",
    "tham_gia": "số cuộc họp, lượt người tham dự và tỷ lệ từng nhóm",
    "cac_buoc": "từng bước lập kế hoạch: cuộc họp, thành phần, ý kiến và trả lời (trừ bảng đã có trong các biểu)",
    "danh_gia_cac_xa": "đánh giá thực hiện chỉ tiêu năm trước của từng xã (báo cáo của huyện)",
    "cac_xa": "các xã và trạng thái kế hoạch (báo cáo của huyện)",
    # the report over a period (bao-cao-giai-doan.yaml): each the sum over the plan years of the span
    "giai_doan_tong_quan": "các năm kế hoạch của giai đoạn, số kế hoạch năm và số đã có báo cáo thực hiện",
    "giai_doan_tham_gia": "cuộc họp, lượt người tham dự và tỷ lệ từng nhóm, cộng cả giai đoạn",
    "giai_doan_nguon_von": "kinh phí kế hoạch theo nguồn vốn và tỷ lệ, cộng cả giai đoạn",
    "giai_doan_linh_vuc": "hoạt động và kinh phí kế hoạch theo lĩnh vực và tỷ lệ, cộng cả giai đoạn",
    "giai_doan_giai_ngan": "giải ngân theo nguồn vốn và lĩnh vực, tỷ lệ giải ngân (các kế hoạch năm có báo cáo "
                           "thực hiện)",
    "giai_doan_tien_do": "hoạt động theo trạng thái thực hiện (các kế hoạch năm có báo cáo thực hiện)",
    "giai_doan_nhu_cau": "nhu cầu thôn, xóm thu thập và được đáp ứng",
    "giai_doan_chi_tieu": "chỉ tiêu đạt, chưa đạt, chưa có số liệu (các kế hoạch năm có báo cáo thực hiện)",
}

# What `{...}` may name in a text of an outline, filled from the plan; "…" while unknown.
PLACEHOLDERS = {
    "nam": "năm kế hoạch (2027)",
    "nam_truoc": "năm trước năm kế hoạch (2026)",
    "xa": "tên xã có chữ xã (xã Đức Long)",
    "huyen": "tên huyện có chữ huyện (huyện Thạch An)",
    "so_tay": "văn bản hướng dẫn lập kế hoạch (quy-trinh.yaml van_ban)",
    "so_to_trinh": "số tờ trình (bước 8)",
    "ngay_to_trinh": "ngày tờ trình (bước 8)",
    "ky_hop": "tên kỳ họp HĐND (bước 9)",
    "ngay_thong_qua": "ngày HĐND thông qua (bước 9)",
    "tan_thanh": "số đại biểu tán thành (bước 9)",
    "co_mat": "số đại biểu có mặt (bước 9)",
    "tong_dai_bieu": "tổng số đại biểu (bước 9)",
    "giai_doan": "giai đoạn của Biểu 7 (bước 9)",
    "giai_doan_bao_cao": "giai đoạn của báo cáo (2025–2027, schema/tong-hop.yaml bao_cao_giai_doan)",
    "so_hoat_dong_chuyen_tiep": "số hoạt động chuyển từ một năm trước trong giai đoạn (cach_tinh của báo cáo giai đoạn)",
    "kinh_phi_chuyen_tiep": "kinh phí còn lại chuyển theo các hoạt động đó, triệu đồng, không tính lại",
    "nhu_cau_tinh_lai": "số nhu cầu được đáp ứng ở hơn một năm của giai đoạn, tính một lần",
    "dia_ban": "địa bàn của báo cáo giai đoạn có chữ huyện hoặc tỉnh (huyện Thạch An, tỉnh Cao Bằng)",
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_TEXT_KEYS = ("ky_hieu", "ten_van_ban", "trich_yeu", "kinh_gui", "phu_luc", "cach_tinh")
_NODE_KEYS = {"tieu_de", "truong", "noi_dung", "doan", "muc"}


def fill(template: str, values: dict) -> str:
    """The template with each {name} replaced by its value ("…" while unknown)."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1)) or "…"), template)


def check_outline(name: str, data, doc, draft_rules: dict, problems: list) -> None:
    """Problems of one outline file; doc is its loaded Document (for line numbers)."""
    where = doc.display

    def fail(path: tuple, what: str, hint: str) -> None:
        problems.append(Problem(where, doc.line_of(path) if path else None, ".".join(map(str, path)), "so-tay",
                                f"Đề cương văn bản sai: {what}", hint))

    def text(value, path: tuple) -> None:
        if not isinstance(value, str):
            fail(path, f"cần một dòng chữ, không phải {value!r}", "Viết nội dung trong ngoặc kép nếu cần.")
            return
        for placeholder in _PLACEHOLDER.findall(value):
            if placeholder not in PLACEHOLDERS:
                fail(path, f"không có chỗ điền {{{placeholder}}}",
                     f"Dùng một trong: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}.")

    def node(value, path: tuple) -> None:
        if not isinstance(value, dict):
            fail(path, "mỗi phần, mục cần dạng {tieu_de: …, truong | noi_dung | doan | muc: …}",
                 "Xem schema/van-ban/README.md.")
            return
        for key in value:
            if key not in _NODE_KEYS:
                fail((*path, key), f"khoá '{key}' không được hỗ trợ", f"Dùng: {', '.join(sorted(_NODE_KEYS))}.")
        if "tieu_de" in value:
            text(value["tieu_de"], (*path, "tieu_de"))
        if "truong" in value:
            field = value["truong"]
            rules = _field(draft_rules, str(field).split(".")) if isinstance(field, str) else None
            if not rules or rules.get("type") != "string":
                fail((*path, "truong"), f"bước dự thảo không có trường chữ '{field}'",
                     "Ghi đường dẫn một trường chữ của bước dự thảo, ví dụ thuyet_minh.giai_phap.")
        if "noi_dung" in value and value["noi_dung"] not in SECTIONS:
            fail((*path, "noi_dung"), f"không có nội dung '{value['noi_dung']}'",
                 f"Dùng một trong: {', '.join(SECTIONS)}.")
        for index, paragraph in enumerate(value.get("doan") or []):
            text(paragraph, (*path, "doan", index))
        for index, child in enumerate(value.get("muc") or []):
            node(child, (*path, "muc", index))

    if not isinstance(data, dict):
        fail((), "tệp cần các khoá ky_hieu, ten_van_ban, trich_yeu, phan", "Khôi phục tệp từ bản gốc của tỉnh.")
        return
    for key in _TEXT_KEYS:
        if key in data:
            text(data[key], (key,))
    for key in ("ky_hieu", "ten_van_ban", "trich_yeu"):
        if key not in data:
            fail((), f"thiếu khoá {key}", "Khôi phục khoá này từ bản gốc của tỉnh.")
    for index, item in enumerate(data.get("phan") or []):
        node(item, ("phan", index))
    for key in ("can_cu", "noi_nhan", "noi_nhan_tinh"):
        for index, line in enumerate(data.get(key) or []):
            text(line, (key, index))
    if "bieu" in data and not (isinstance(data["bieu"], list) and all(isinstance(n, int) for n in data["bieu"])):
        fail(("bieu",), "bieu cần danh sách số biểu, ví dụ [5, 6, 7]", "Sửa khoá bieu.")


def _field(fields: dict, parts: list) -> dict | None:
    rules = {"type": "dict", "schema": fields}
    for part in parts:
        schema = rules.get("schema") if rules.get("type") == "dict" else None
        if not isinstance(schema, dict) or part not in schema:
            return None
        rules = schema[part]
    return rules
