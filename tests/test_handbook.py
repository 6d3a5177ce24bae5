"""A province adapts the process by editing schema/ only."""

from __future__ import annotations

import pytest

from conftest import YEAR


def _use_sector(project, code):
    path = project / YEAR / "buoc-04-du-thao.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("linh_vuc: giao_thong", f"linh_vuc: {code}"),
                    encoding="utf-8")


def test_a_sector_added_in_schema_validates_with_no_code_change(base_project, sedp):
    _use_sector(base_project, "du_lich")
    code, output = sedp(base_project, "validate", "plans")
    assert code == 1
    assert "'du_lich' không có trong danh mục 'Lĩnh vực'" in output

    vocab = base_project / "schema" / "danh-muc" / "linh-vuc.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8") + "  du_lich: {nhan: Du lịch cộng đồng, nhom: Kinh tế}\n",
                     encoding="utf-8")
    code, output = sedp(base_project, "validate", "plans")
    assert (code, output) == (0, "Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: 0 lỗi.\n")


def test_a_budget_source_added_in_schema_becomes_a_field(base_project, sedp):
    path = base_project / YEAR / "buoc-04-du-thao.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("dan_dong_gop: 120.5", "von_vay: 120.5"),
                    encoding="utf-8")
    code, output = sedp(base_project, "validate", "plans")
    assert "hoat_dong[1].kinh_phi.von_vay: Trường 'von_vay' không có trong sổ tay" in output
    vocab = base_project / "schema" / "danh-muc" / "nguon-von.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8") + "  von_vay: {nhan: Vốn vay ưu đãi, nhom: Tín dụng}\n",
                     encoding="utf-8")
    assert sedp(base_project, "validate", "plans")[0] == 0


def test_a_reworded_message_is_shown(base_project, sedp):
    _use_sector(base_project, "du_lich")
    messages = base_project / "schema" / "thong-bao.yaml"
    text = messages.read_text(encoding="utf-8").replace(
        "\"{nhan}: '{gia_tri}' không có trong danh mục {rang_buoc}\"", "\"{nhan} '{gia_tri}' chưa có trong sổ tay\"")
    messages.write_text(text, encoding="utf-8")
    code, output = sedp(base_project, "validate", "plans")
    assert "hoat_dong[1].linh_vuc: Lĩnh vực 'du_lich' chưa có trong sổ tay — " in output


def test_a_broken_handbook_is_reported_not_crashed(base_project, sedp):
    rules = base_project / "schema" / "quy-tac" / "buoc-04-du-thao.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("danh_muc: linh-vuc", "danh_muc: linh-vuc-moi", 1),
                     encoding="utf-8")
    code, output = sedp(base_project, "validate", "plans")
    assert code == 1
    assert ("schema/quy-tac/buoc-04-du-thao.yaml: chi_tieu.*.nhom" not in output)
    assert "danh mục 'linh-vuc-moi' không có trong schema/danh-muc/" in output
    assert output.rstrip().endswith("Lỗi: Sổ tay trong schema/ có lỗi; sửa các dòng trên trước.")


def test_every_field_has_a_vietnamese_label(base_project):
    from sedp.source.handbook import load_handbook

    handbook = load_handbook(base_project / "schema")  # raises when a label is missing

    def walk(fields, path):
        for key, rules in fields.items():
            assert rules["meta"].get("nhan"), path + (key,)
            sub = rules.get("schema")
            if rules.get("type") == "dict" and isinstance(sub, dict):
                walk(sub, path + (key,))
            elif rules.get("type") == "list" and isinstance(sub, dict) and sub.get("type") == "dict":
                walk(sub["schema"], path + (key, "*"))

    for name, fields in handbook.rules.items():
        walk(fields, (name,))


def test_the_seven_forms_read_fields_the_rules_define(base_project):
    from sedp.source.handbook import load_handbook

    forms = load_handbook(base_project / "schema").forms
    assert [f["so"] for f in forms] == [1, 2, 3, 4, 5, 6, 7]
    assert forms[5]["ten"] == "Kế hoạch hoạt động và ngân sách năm X+1"


def test_a_form_column_reading_a_missing_field_is_a_handbook_error(base_project, sedp):
    form = base_project / "schema" / "bieu" / "bieu-6.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("truong: dia_diem", "truong: dia_chi"), encoding="utf-8")
    code, output = sedp(base_project, "validate", "plans")
    assert code == 1
    assert ("schema/bieu/bieu-6.yaml: Biểu sai: cột 'Địa điểm': trường 'dia_chi' không có trong hoat_dong — "
            "Sửa tệp trong schema/bieu/.") in output


def test_a_vocabulary_entry_without_a_label_is_a_handbook_error(base_project, sedp):
    vocab = base_project / "schema" / "danh-muc" / "linh-vuc.yaml"
    lines = vocab.read_text(encoding="utf-8").splitlines()
    vocab.write_text("\n".join([*lines, "  du_lich: {nhom: Kinh tế}"]) + "\n", encoding="utf-8")
    code, output = sedp(base_project, "validate", "plans")
    assert output.splitlines() == [
        f"schema/danh-muc/linh-vuc.yaml:{len(lines) + 1}: muc.du_lich: Mục 'du_lich' thiếu nhãn tiếng Việt (nhan)"
        " — Viết dạng `du_lich: {nhan: Tên hiển thị}`.",
        "Lỗi: Sổ tay trong schema/ có lỗi; sửa các dòng trên trước.",
    ]
    assert code == 1


def test_a_reference_to_a_kind_nobody_declares_is_a_handbook_error(base_project, sedp):
    rules = base_project / "schema" / "quy-tac" / "buoc-07-y-kien-huyen.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "tham_chieu: [nhu_cau, chi_tieu, hoat_dong]" in text  # one of a list of kinds
    rules.write_text(text.replace("chi_tieu, hoat_dong]", "chi_tieu, hoat-dong]", 1), encoding="utf-8")
    code, output = sedp(base_project, "validate", "plans")
    assert output.splitlines() == [
        "schema/quy-tac/buoc-07-y-kien-huyen.yaml: y_kien.*.muc: Sổ tay (schema) sai: tham chiếu tới 'hoat-dong' "
        "nhưng không trường nào khai báo dinh_danh: hoat-dong — Sửa tệp trong thư mục schema/.",
        "Lỗi: Sổ tay trong schema/ có lỗi; sửa các dòng trên trước.",
    ]
    assert code == 1


def test_step_files_renamed_in_schema_only_still_validate_and_publish(base_project, sedp):
    """sedp's code asks for roles (needs, activities…), not file names: a province
    may rename step files by editing schema/ (and renaming the plans' files)."""
    renames = {"buoc-02-nhu-cau.yaml": "buoc-02-thu-thap-nhu-cau.yaml",
               "buoc-04-du-thao.yaml": "buoc-04-du-thao-ke-hoach.yaml"}
    for path in sorted(base_project.rglob("*")):
        if path.is_file() and path.suffix in (".yaml", ".json"):
            text = path.read_text(encoding="utf-8")
            for old, new in renames.items():
                text = text.replace(old, new).replace(old.replace(".yaml", ".schema.json"),
                                                      new.replace(".yaml", ".schema.json"))
            path.write_text(text, encoding="utf-8")
    for path in sorted(base_project.rglob("*")):
        for old, new in renames.items():
            if path.name == old:
                path.rename(path.with_name(new))
    assert not list(base_project.rglob("buoc-04-du-thao.yaml"))

    code, output = sedp(base_project, "validate", "plans")
    assert (code, output) == (0, "Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: 0 lỗi.\n")
    code, output = sedp(base_project, "build")
    assert code == 0, output
    year_page = (base_project / "site/thach-an/duc-long/2027/index.html").read_text(encoding="utf-8")
    assert "Bê tông hóa đường" in year_page and "970,5" in year_page  # Biểu 6, from the renamed activities file
    commune_page = (base_project / "site/thach-an/duc-long/index.html").read_text(encoding="utf-8")
    assert "NC01" in commune_page  # the needs across years, from the renamed needs file


def _edit_process(project, old: str, new: str) -> None:
    path = project / "schema" / "quy-trinh.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_handbook_written_before_roles_uses_the_standard_step_files(base_project, sedp):
    path = base_project / "schema" / "quy-trinh.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("vai_tro:\n"), text.index("buoc:\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    code, output = sedp(base_project, "validate", "plans")
    assert (code, output) == (0, "Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: 0 lỗi.\n")


@pytest.mark.parametrize("old, new, said", [
    ("khoi-dong: {tep: buoc-01-khoi-dong.yaml}", "khoi-dong: {tep: [buoc-01-khoi-dong.yaml]}",
     "vai_tro.khoi-dong: Sổ tay (schema) sai: vai trò 'khoi-dong' cần `tep:` là một tệp bước trong `buoc`"),
    ("khoi-dong: {tep: buoc-01-khoi-dong.yaml}", "khoi-dong: {tep: commune.yaml}",
     "vai_tro.khoi-dong: Sổ tay (schema) sai: vai trò 'khoi-dong' cần `tep:` là một tệp bước trong `buoc`"),
    ("danh_sach: nhu_cau}", "danh_sach: [nhu_cau]}",
     "vai_tro.nhu-cau: Sổ tay (schema) sai: vai trò 'nhu-cau' cần `danh_sach:` là tên một danh sách của "
     "buoc-02-nhu-cau.yaml"),
    ("danh_sach: hoat_dong}", "danh_sach: chi_tieu_khac}",
     "vai_tro.hoat-dong: Sổ tay (schema) sai: vai trò 'hoat-dong' cần `danh_sach:` là tên một danh sách của "
     "buoc-04-du-thao.yaml"),
])
def test_a_role_played_by_no_step_list_is_a_handbook_error(base_project, sedp, old, new, said):
    _edit_process(base_project, old, new)
    code, output = sedp(base_project, "validate", "plans")
    assert output.splitlines() == [f"schema/quy-trinh.yaml: {said} — Sửa mục vai_tro trong schema/quy-trinh.yaml.",
                                   "Lỗi: Sổ tay trong schema/ có lỗi; sửa các dòng trên trước."]
    assert code == 1


@pytest.mark.parametrize("old, new, said", [
    ('thong_bao: "Tệp quá lớn ({gia_tri} byte', 'thong_bao: "Tệp quá lớn ({} byte',
     "tep-qua-lon.thong_bao: Sổ tay (schema) sai: mẫu thông báo không điền được: Tệp quá lớn ({} byte, tối đa "
     "{rang_buoc} byte) — Tên giá trị đặt trong { } là một trong {nhan}, {khoa}, {gia_tri}, {rang_buoc}, {vi_du}, "
     "{goi_y}; dấu ngoặc thường viết hai lần: {{ }}."),
    ('thong_bao: "Tệp quá lớn ({gia_tri} byte', 'thong_bao: "Tệp quá lớn ({ten_la} byte',
     "tep-qua-lon.thong_bao: Sổ tay (schema) sai: mẫu thông báo không điền được: Tệp quá lớn ({ten_la} byte, tối đa "
     "{rang_buoc} byte) — Tên giá trị đặt trong { } là một trong {nhan}, {khoa}, {gia_tri}, {rang_buoc}, {vi_du}, "
     "{goi_y}; dấu ngoặc thường viết hai lần: {{ }}."),
    ('thong_bao: "Không đọc được tệp ({gia_tri})"\n  goi_y: "Kiểm tra tên tệp và quyền đọc."',
     '"Không đọc được tệp"',
     "khong-doc-duoc: Sổ tay (schema) sai: mỗi mã cần `thong_bao:` và `goi_y:` (hoặc các biến thể, mỗi biến thể "
     "có hai mục đó) — Xem các mục khác trong schema/thong-bao.yaml."),
])
def test_a_message_template_that_cannot_be_filled_is_a_handbook_error(base_project, sedp, old, new, said):
    path = base_project / "schema" / "thong-bao.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, output = sedp(base_project, "validate", "plans")
    assert output.splitlines() == [f"schema/thong-bao.yaml: {said}",
                                   "Lỗi: Sổ tay trong schema/ có lỗi; sửa các dòng trên trước."]
    assert code == 1


def test_a_message_list_without_the_readers_codes_says_what_to_copy(base_project, sedp):
    path = base_project / "schema" / "thong-bao.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("# Reading the file itself")], encoding="utf-8")
    code, output = sedp(base_project, "validate", "plans")
    assert output.splitlines() == [
        "schema/thong-bao.yaml: Sổ tay (schema) sai: thiếu mẫu thông báo cho khong-doc-duoc, tep-qua-lon, ma-hoa, "
        "ky-tu-an, long-qua-sau, cu-phap, trung-khoa, bom-tham-chieu, khoa-khong-hop-le, so-qua-lon, the-yaml — "
        "Chép các mục này từ schema/thong-bao.yaml của kho mẫu sedp rồi sửa lời nếu cần.",
        "Lỗi: Sổ tay trong schema/ có lỗi; sửa các dòng trên trước."]
    assert code == 1


@pytest.mark.parametrize("file, old, new, said", [
    ("quy-trinh.yaml", "chu_ky_ngay: {nam_truoc: 1, nam_sau: 1}", "chu_ky_ngay: {nam_truoc: 1, nam_sau: 9000}",
     "schema/quy-trinh.yaml: chu_ky_ngay: Sổ tay (schema) sai: chu_ky_ngay phải là {nam_truoc: số năm, nam_sau: số "
     "năm} (0 đến 10), không phải {'nam_truoc': 1, 'nam_sau': 9000} — Ví dụ: chu_ky_ngay: {nam_truoc: 1, nam_sau: 1}"),
    ("quy-trinh.yaml", "{y_kien.*.hoat_dong: muc}", "{y_kien.*.hoat_dong: muc_du_thao}",
     "schema/quy-trinh.yaml: doi_ten.buoc-07-y-kien-huyen.yaml: Sổ tay (schema) sai: doi_ten 'y_kien.*.hoat_dong: "
     "muc_du_thao' phải nêu tên mới là một trường có trong quy tắc của buoc-07-y-kien-huyen.yaml — "
     "Ví dụ: doi_ten: {tệp_bước.yaml: {danh_sach.*.ten_cu: ten_moi}}"),
    ("quy-trinh.yaml", "[y_kien.*.chu_the, y_kien.*.muc]", "[y_kien.*.chu_the, y_kien.*.muc_du_thao]",
     "schema/quy-trinh.yaml: sua_tu_do_sau_thong_qua.buoc-07-y-kien-huyen.yaml: Sổ tay (schema) sai: "
     "'buoc-07-y-kien-huyen.yaml: ['y_kien.*.chu_the', 'y_kien.*.muc_du_thao']' phải là một tệp của năm kế hoạch "
     "với tat_ca hoặc danh sách các trường của tệp đó (trường trong mục của danh sách: y_kien.*.chu_the) — "
     "Sửa mục sua_tu_do_sau_thong_qua trong schema/quy-trinh.yaml."),
    ("quy-trinh.yaml", "muc: giam_sat, truong: phat_hien}", "muc: giam_sat, truong: phat_hien_ra}",
     "schema/quy-trinh.yaml: so_da_ghi[1]: Sổ tay (schema) sai: so_da_ghi '{'danh_sach': 'hoat_dong', 'muc': "
     "'giam_sat', 'truong': 'phat_hien_ra'}' phải nêu danh_sach, muc, truong có trong quy tắc của thuc-hien.yaml — "
     "Ví dụ: - {danh_sach: chi_tieu, muc: ket_qua, truong: gia_tri}"),
    ("tong-hop.yaml", "ty_le_so_thap_phan: 2", "ty_le_so_thap_phan: hai",
     "schema/tong-hop.yaml: ty_le_so_thap_phan: Sổ tay (schema) sai: ty_le_so_thap_phan phải là số nguyên từ 0 "
     "đến 4, không phải 'hai' — Ví dụ: ty_le_so_thap_phan: 2"),
    ("quy-tac/buoc-05-tham-van.yaml", "ten_muc: nguoi_neu}", "ten_muc: nguoi_nei}",
     "schema/quy-tac/buoc-05-tham-van.yaml: y_kien: Sổ tay (schema) sai: ten_muc 'nguoi_nei' không phải trường nào "
     "của mục — Các trường: nguoi_neu, chu_the, muc, noi_dung, tra_loi, cach_xu_ly."),
    ("quy-tac/buoc-04-du-thao.yaml", "dinh_danh: hoat_dong, ten_muc: ten,", "dinh_danh: hoat_dong, ten_muc: tenn,",
     "schema/quy-tac/buoc-04-du-thao.yaml: hoat_dong.*.ma: Sổ tay (schema) sai: ten_muc 'tenn' không phải trường "
     "nào của mục — Các trường: ma, ten, linh_vuc, nhu_cau, chuoi_gia_tri, dia_diem, thon, khi_hau, thoi_gian, "
     "don_vi_thuc_hien, chuyen_tu, kinh_phi, tong_kinh_phi."),
    ("quy-tac/_chung.yaml", "canh_bao_tren: 20000", 'canh_bao_tren: "20.000"',
     "schema/quy-tac/buoc-04-du-thao.yaml: hoat_dong.*.kinh_phi.ngan_sach_xa: Sổ tay (schema) sai: meta canh_bao_tren "
     "phải là một số dương, ví dụ 20000, không phải '20.000' — Sửa tệp trong thư mục schema/."),
])
def test_a_setting_of_the_wrong_kind_is_a_handbook_error_not_a_crash(base_project, sedp, file, old, new, said):
    path = base_project / "schema" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, output = sedp(base_project, "validate", "plans")
    assert output.splitlines()[0] == said
    assert output.splitlines()[-1] == "Lỗi: Sổ tay trong schema/ có lỗi; sửa các dòng trên trước."
    assert code == 1
