"""The documents' outlines (schema/van-ban/*.yaml): what each document says, in
which order, kept as data so that a province adapts its documents without
touching code. Checked when the handbook loads, so a misspelt section kind,
placeholder or field fails there, naming the file and the line.
"""

from __future__ import annotations

import re

from sedp.core.names import COMMENTS_OUTLINE, PERIOD_OUTLINE
from sedp.core.problems import Problem

# document -> its outline in schema/van-ban/
DOCUMENTS = {"ke-hoach": "ke-hoach.yaml", "bao-cao-qua-trinh": "bao-cao-qua-trinh.yaml",
             COMMENTS_OUTLINE: f"{COMMENTS_OUTLINE}.yaml",
             "to-trinh": "to-trinh.yaml", "nghi-quyet": "nghi-quyet.yaml", "tong-hop-huyen": "tong-hop-huyen.yaml",
             PERIOD_OUTLINE: f"{PERIOD_OUTLINE}.yaml"}
# Outlines a province repository written before them may lack: that document is then not made.
OPTIONAL_DOCUMENTS = {PERIOD_OUTLINE, COMMENTS_OUTLINE}
# The documents of a commune-year, in the order the site lists them, with the name a reader sees.
YEAR_DOCUMENTS = {"ke-hoach": "Kế hoạch", "bao-cao-qua-trinh": "Báo cáo quá trình lập kế hoạch",
                  COMMENTS_OUTLINE: "Báo cáo tổng hợp, tiếp thu, giải trình ý kiến",
                  "to-trinh": "Tờ trình HĐND xã", "nghi-quyet": "Nghị quyết HĐND xã"}


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
    # the comments report (bao-cao-y-kien.yaml): the comments of its `y_kien` lists
    "lay_y_kien": "cách thức, thời gian lấy ý kiến: hội nghị xã, gửi huyện, ý kiến của huyện (câu của `cau`)",
    "so_y_kien": "số ý kiến theo chủ thể góp ý và theo cách xử lý (hai bảng)",
    "bang_y_kien": "bảng mỗi ý kiến một dòng: mục của dự thảo, nội dung, chủ thể, tiếp thu hoặc giải trình",
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
    # in the comments report's sentences (cau)
    "ngay_hoi_nghi": "ngày hội nghị xã thảo luận dự thảo (bước 5)",
    "dia_diem": "địa điểm hội nghị (bước 5)",
    "so_nguoi": "số người tham dự hội nghị (bước 5)",
    "so_y_kien": "số ý kiến (tại hội nghị, của huyện, hoặc tổng cộng)",
    "ngay_gui": "ngày gửi dự thảo lên huyện (bước 6)",
    "so_van_ban": "số công văn gửi huyện (bước 6)",
    "noi_nhan": "nơi nhận dự thảo (bước 6)",
    "tu_ngay": "ngày của ý kiến đầu tiên của huyện (bước 7)",
    "den_ngay": "ngày của ý kiến cuối cùng của huyện (bước 7)",
    # in the period report's sentences (cau)
    "so_ke_hoach": "số kế hoạch năm (của giai đoạn, hoặc đã có báo cáo thực hiện)",
    "da_thong_qua": "số kế hoạch năm đã được HĐND xã thông qua",
    "chua_thong_qua": "số kế hoạch năm chưa thông qua",
    "tung_nam": "từng năm của giai đoạn, mỗi năm một câu moi_nam (hoặc moi_nam_bao_cao), cách nhau bởi \"; \"",
    "so_xa": "số xã có kế hoạch năm đó",
    "so_bao_cao": "số xã có báo cáo thực hiện năm đó",
    "cac_nam": "các năm chưa có kế hoạch (2025, 2026 và 2027)",
    "da_bao_cao": "câu da_bao_cao: các kế hoạch năm đã có báo cáo thực hiện",
    "so_nam": "số năm kế hoạch của giai đoạn",
    "so_cuoc_hop": "số cuộc họp",
    "luot_nguoi": "lượt người tham dự (cả giai đoạn, hoặc của một nhóm)",
    "tung_nhom": "từng nhóm tham dự, mỗi nhóm một câu moi_nhom, cách nhau bởi \"; \"",
    "nhan": "tên của dòng: nhóm tham dự (chữ thường), lĩnh vực, nguồn vốn, trạng thái hoặc loại chỉ tiêu",
    "ty_le": "tỷ lệ phần trăm của dòng",
    "kinh_phi": "kinh phí kế hoạch, có chữ triệu đồng",
    "giai_ngan": "kinh phí đã giải ngân, có chữ triệu đồng",
    "so_hoat_dong": "số hoạt động",
    "so_nhu_cau": "số nhu cầu thôn, xóm (thu thập, hoặc được đáp ứng)",
    "so_chi_tieu": "số chỉ tiêu chủ yếu (tất cả, hoặc của một loại)",
    "tung_loai": "từng loại chỉ tiêu, mỗi loại một câu moi_loai, cách nhau bởi \"; \"",
}
# The period report's sentences (bao-cao-giai-doan.yaml `cau`): every one is needed, none other is read.
PERIOD_SENTENCES = {
    "tong_quan": "số kế hoạch năm của giai đoạn, từng năm ({tung_nam} từ moi_nam), đã và chưa thông qua",
    "moi_nam": "một năm của {tung_nam}: năm và số xã có kế hoạch",
    "nam_chua_co": "các năm của giai đoạn chưa có kế hoạch của xã nào",
    "co_bao_cao": "số liệu thực hiện lấy từ các kế hoạch năm đã có báo cáo ({da_bao_cao})",
    "da_bao_cao": "các kế hoạch năm đã có báo cáo thực hiện, từng năm ({tung_nam} từ moi_nam_bao_cao)",
    "moi_nam_bao_cao": "một năm của {da_bao_cao}: số xã có báo cáo trên số xã có kế hoạch",
    "chua_co_bao_cao": "chưa kế hoạch năm nào có báo cáo thực hiện",
    "tham_gia": "cuộc họp và lượt người tham dự, từng nhóm ({tung_nhom} từ moi_nhom)",
    "tham_gia_khong_nhom": "cuộc họp và lượt người tham dự, khi không nhóm nào có số",
    "moi_nhom": "một nhóm tham dự của {tung_nhom}: lượt và tỷ lệ",
    "chua_hop": "chưa có cuộc họp nào ghi số người tham dự",
    "nguon_von": "tổng kinh phí và số hoạt động, trước các dòng theo nguồn vốn",
    "nguon_von_khong_co": "tổng kinh phí và số hoạt động, khi không nguồn vốn nào có kinh phí",
    "linh_vuc": "một dòng mỗi lĩnh vực: số hoạt động, kinh phí và tỷ lệ",
    "chua_co_hoat_dong": "chưa có hoạt động nào",
    "giai_ngan": "giải ngân trên kinh phí kế hoạch và tỷ lệ",
    "theo_nguon_von": "dòng mở đầu giải ngân theo nguồn vốn",
    "theo_linh_vuc": "dòng mở đầu giải ngân theo lĩnh vực",
    "giai_ngan_dong": "một dòng mỗi nguồn vốn hoặc lĩnh vực: kế hoạch, giải ngân, tỷ lệ",
    "tien_do": "số hoạt động của các kế hoạch năm có báo cáo, trước các dòng theo trạng thái",
    "tien_do_dong": "một dòng mỗi trạng thái thực hiện: số hoạt động và tỷ lệ",
    "nhu_cau_thu_thap": "số nhu cầu thôn, xóm thu thập trong giai đoạn",
    "nhu_cau_ra_soat": "các năm của giai đoạn đều là năm rà soát",
    "nhu_cau_dap_ung": "số nhu cầu được đáp ứng (sau câu thu thập hoặc rà soát)",
    "nhu_cau_dap_ung_mot_lan": "như nhu_cau_dap_ung, khi một nhu cầu được đáp ứng ở nhiều năm",
    "chi_tieu": "số chỉ tiêu chủ yếu và từng loại ({tung_loai} từ moi_loai)",
    "moi_loai": "một loại của {tung_loai}: vượt, đạt, chưa đạt hoặc chưa có số liệu, số và tỷ lệ",
    "chua_co_chi_tieu": "các kế hoạch năm có báo cáo chưa có chỉ tiêu nào",
}
# The period report's annex (bao-cao-giai-doan.yaml `bang`): each table's heading, and the note in its place.
PERIOD_TABLES = {
    "kinh_phi": "kinh phí kế hoạch theo nguồn vốn, mỗi năm (bảng sự tham gia lấy tên ở schema/tong-hop.yaml)",
    "chua_co_bao_cao": "câu thay các bảng thực hiện khi chưa kế hoạch năm nào có báo cáo thực hiện",
    "giai_ngan": "giải ngân theo nguồn vốn, mỗi năm có báo cáo thực hiện",
    "tien_do": "hoạt động theo trạng thái thực hiện, mỗi năm có báo cáo thực hiện",
    "nhu_cau": "nhu cầu thôn, xóm thu thập, được đáp ứng, và chỉ tiêu chủ yếu, mỗi năm",
}
# The comments report's sentences (bao-cao-y-kien.yaml `cau`) and its tables' words (`bang`).
COMMENT_SENTENCES = {
    "hoi_nghi": "hội nghị xã thảo luận dự thảo: ngày, địa điểm, số người tham dự, số ý kiến",
    "chua_hoi_nghi": "hội nghị xã chưa được ghi",
    "gui_huyen": "dự thảo gửi huyện xin ý kiến: ngày, nơi nhận, số văn bản",
    "chua_gui_huyen": "dự thảo chưa gửi huyện",
    "y_kien_huyen": "ý kiến của huyện: từ ngày, đến ngày, số ý kiến",
    "y_kien_huyen_mot_ngay": "ý kiến của huyện, tất cả trong một ngày: ngày, số ý kiến",
    "chua_y_kien_huyen": "chưa có ý kiến của huyện",
    "tong": "tổng số ý kiến, trước hai bảng đếm",
}
COMMENT_TABLES = {
    "chu_the": "tên bảng đếm theo chủ thể góp ý",
    "cach_xu_ly": "tên bảng đếm theo cách xử lý",
    "so_y_kien": "tên cột số ý kiến của hai bảng đếm",
    "tt": "cột số thứ tự", "muc": "cột mục của dự thảo (mã và tên)", "noi_dung": "cột nội dung góp ý",
    "nguoi": "cột chủ thể, đơn vị góp ý", "tra_loi": "cột tiếp thu, giải trình",
    "y_kien": "tên bảng các ý kiến trên trang năm kế hoạch (văn bản dùng tiêu đề phần của nó)",
    "khong_co": "câu thay bảng khi chưa có ý kiến nào",
    "chung": "cột mục của dự thảo, cho ý kiến không nói về một mục (góp ý chung)",
}
# document -> its keys that word named sentences or headings, each with the names it must word
SENTENCES = {PERIOD_OUTLINE: {"cau": PERIOD_SENTENCES, "bang": PERIOD_TABLES},
             COMMENTS_OUTLINE: {"cau": COMMENT_SENTENCES, "bang": COMMENT_TABLES}}
# The comments report's sources (bao-cao-y-kien.yaml): key -> (a list of places?, the fields a place names)
COMMENT_SOURCES = {
    "y_kien": (True, ("ma", "ngay", "nguoi", "chu_the", "muc", "noi_dung", "tra_loi", "cach_xu_ly")),
    "hoi_nghi": (False, ("ngay", "dia_diem", "tham_du")),
    "gui_huyen": (False, ("ngay", "so", "noi_nhan")),
}


def comment_fields(outline: dict) -> list[tuple[tuple, str, tuple]]:
    """(where in the outline, step file, field path) of every field the comments report reads:
    the handbook checks each is a field of its step (a slip would print nothing)."""
    found = []
    for key, (listed, fields) in COMMENT_SOURCES.items():
        places = outline.get(key) if listed else [outline.get(key)]
        for index, place in enumerate(places if isinstance(places, list) else []):
            where = (key, index) if listed else (key,)
            if not isinstance(place, dict) or not isinstance(place.get("tep"), str):
                found.append((where, "", ()))
                continue
            inner = (str(place.get("danh_sach", "")), 0) if listed else ()
            found.extend(((*where, name), place["tep"], (*inner, *str(place[name]).split(".")))
                         for name in fields if name in place)
    return found
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

    def sentences(section: str, value, names: dict) -> None:
        if not isinstance(value, dict):
            fail((section,) if value is not None else (), f"thiếu khoá {section} ({section}: {{tên: lời, …}})",
                 f"Chép khoá {section} từ tệp này trong kho mẫu sedp rồi sửa lời nếu cần.")
            return
        for key in value:
            if key not in names:
                fail((section, key), f"không có '{key}' trong {section}", f"Dùng: {', '.join(names)}.")
        for key in names:
            if key in value:
                text(value[key], (section, key))
            else:
                fail((section,), f"thiếu '{key}' trong {section} ({names[key]})",
                     "Chép dòng này từ tệp này trong kho mẫu sedp rồi sửa lời nếu cần.")

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
    for section, names in SENTENCES.get(name, {}).items():
        sentences(section, data.get(section), names)
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
