"""Year rollover: year X+1 starts from year X, as the handbook's 3–5 year cycle wants."""

from __future__ import annotations

import json
from decimal import Decimal

from conftest import FIXTURES, ROOT, make_project, replace_in
from sedp.publish.build import generate
from sedp.render.docx.ast import unpack
from sedp.source.loader import load_file

COMMUNE = "plans/thach-an/duc-long"
APPROVED = FIXTURES / "invalid" / "disbursed-over-plan"  # the base fixture's 2027, approved (its record replaced)


def test_rollover_carries_needs_chains_and_bieu_7_and_validates(tmp_path, sedp):
    project = make_project(tmp_path / "p", plans=ROOT / "plans")
    source = project / COMMUNE / "2027" / "buoc-02-nhu-cau.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "nhu_cau:\n", "# Ghi chú của cán bộ: nhu cầu NC02 chờ vốn tỉnh\nnhu_cau:\n", 1), encoding="utf-8")

    code, output = sedp(project, "new", "year", COMMUNE, "2028")
    assert code == 0, output
    assert output.splitlines()[0] == f"Đã tạo {COMMUNE}/2028/ke-hoach.yaml"
    code, output = sedp(project, "validate", COMMUNE)
    assert (code, output.splitlines()[-1]) == (0, "Đã kiểm tra 1 xã, 4 năm kế hoạch, 49 tệp: 0 lỗi.")

    old = {p.name: load_file(p).data for p in (project / COMMUNE / "2027").glob("*.yaml")}
    new = {p.name: load_file(p).data for p in (project / COMMUNE / "2028").glob("*.yaml")}
    plan = new["ke-hoach.yaml"]
    assert (plan["nam_ke_hoach"], plan["loai_nam"], plan["trang_thai"]) == (2028, "ra_soat", "du_thao")
    assert plan["nam_thu_thap_nhu_cau"] == old["ke-hoach.yaml"]["nam_thu_thap_nhu_cau"]
    carried = [(n["ma"], n["trang_thai"], n["nam_thu_thap"]) for n in new["buoc-02-nhu-cau.yaml"]["nhu_cau"]]
    assert carried == [(n["ma"], n["trang_thai"], n["nam_thu_thap"]) for n in old["buoc-02-nhu-cau.yaml"]["nhu_cau"]]
    assert new["buoc-02-nhu-cau.yaml"]["hop_thon"] == []
    assert new["buoc-02-nhu-cau.yaml"]["hop_ra_soat"]["noi_dung"].startswith("Rà soát nhu cầu thị trường")
    assert new["buoc-01-khoi-dong.yaml"]["chuoi_gia_tri"] == old["buoc-01-khoi-dong.yaml"]["chuoi_gia_tri"]
    assert new["buoc-09-hdnd-thong-qua.yaml"]["bieu_7"] == old["buoc-09-hdnd-thong-qua.yaml"]["bieu_7"]
    assert new["buoc-09-hdnd-thong-qua.yaml"]["nghi_quyet"] == {"so": None, "ngay": None}
    # Targets and activities are redone every year, and so are the general objective and the
    # assessment; the plan's context, solutions and who does what carry over, to be revised.
    draft, last = new["buoc-04-du-thao.yaml"], old["buoc-04-du-thao.yaml"]["thuyet_minh"]
    assert (draft["chi_tieu"], draft["hoat_dong"]) == ([], [])
    assert draft["thuyet_minh"] == {
        "danh_gia_chung": None, "boi_canh": last["boi_canh"], "muc_tieu_chung": None,
        "giai_phap": last["giai_phap"], "to_chuc_thuc_hien": last["to_chuc_thuc_hien"],
        "theo_doi_giam_sat": last["theo_doi_giam_sat"]}
    assert all(last[key] for key in ("boi_canh", "giai_phap", "to_chuc_thuc_hien", "theo_doi_giam_sat"))
    assert "# Mục tiêu tổng quát." in (project / COMMUNE / "2028" / "buoc-04-du-thao.yaml").read_text(encoding="utf-8")
    text = (project / COMMUNE / "2028" / "buoc-02-nhu-cau.yaml").read_text(encoding="utf-8")
    assert "# Ghi chú của cán bộ: nhu cầu NC02 chờ vốn tỉnh" in text  # comments survive
    assert text.startswith("# yaml-language-server: $schema=../../../../schema/json/buoc-02-nhu-cau.schema.json")


def test_rollover_refuses_an_existing_year(tmp_path, sedp):
    project = make_project(tmp_path / "p", plans=ROOT / "plans")
    before = (project / COMMUNE / "2027" / "ke-hoach.yaml").read_bytes()
    code, output = sedp(project, "new", "year", COMMUNE, "2027")
    assert code == 1 and "đã có; không ghi đè" in output
    assert (project / COMMUNE / "2027" / "ke-hoach.yaml").read_bytes() == before


def test_rollover_writes_in_quotes_what_other_readers_read_otherwise(tmp_path, sedp):
    # sedp reads `no`, `on` and `1e5` as text; PyYAML reads false, true, and VS Code
    # 100000. The carried file says them in quotes, comments kept; other lines unchanged.
    project = make_project(tmp_path / "p", plans=ROOT / "plans")
    source = project / COMMUNE / "2027" / "buoc-02-nhu-cau.yaml"
    text = source.read_text(encoding="utf-8")
    for old, new in (("  dan_dong_gop: Công lao động, vật liệu tại chỗ\n", "  dan_dong_gop: no  # chưa góp\n"),
                     ("  dia_diem: Thôn Nà Pàn\n", "  dia_diem: on\n"),
                     ("  nguyen_nhan: Phòng học tạm xây từ lâu\n", "  nguyen_nhan: 1e5\n")):
        assert old in text
        text = text.replace(old, new, 1)
    source.write_text(text, encoding="utf-8")

    code, output = sedp(project, "new", "year", COMMUNE, "2028")
    assert code == 0, output
    written = (project / COMMUNE / "2028" / "buoc-02-nhu-cau.yaml").read_text(encoding="utf-8")
    assert '  dan_dong_gop: "no" # chưa góp\n' in written
    assert '  dia_diem: "on"\n' in written and '  nguyen_nhan: "1e5"\n' in written
    assert "  thon: Nà Pàn\n" in written  # what every reader reads alike stays as it was
    code, output = sedp(project, "validate", f"{COMMUNE}/2028")
    assert "can-ngoac-kep" not in output and "ngoặc kép" not in output, output
    assert code == 0, output


# The base fixture's 2027 with more needs, targets and activities, and its record: HD01 under
# way (80 %), HD02 finished, HD03 stopped, HD04 postponed with nothing paid, HD05 under way with
# all its money paid; NC04 is answered by the finished HD02 and the postponed HD04.
MORE_NEEDS = """\
  - ma: NC03
    thon: Bản Chang
    linh_vuc: giao_thong
    van_de: Cầu tràn hư hỏng
    giai_phap: Làm lại cầu tràn
    trang_thai: moi
  - ma: NC04
    thon: Nà Lẹng
    linh_vuc: thuy_loi
    van_de: Thiếu nước tưới
    giai_phap: Làm bể chứa nước
    trang_thai: moi  # chờ vốn tỉnh
"""
MORE_TARGETS = """\
  - ma: CT02
    nhom: xa_hoi
    ten: Tỷ lệ hộ nghèo
    don_vi: "%"
    ke_hoach: 18.5
    chieu: giam
  - ma: CT03
    nhom: kinh_te
    ten: Đường giao thông nông thôn được cứng hóa
    don_vi: km
    ke_hoach: 5
"""
MORE_ACTIVITIES = """\
    thoi_gian: {bat_dau: 03/2027, ket_thuc: 10/2027}
    don_vi_thuc_hien: UBND xã
  - ma: HD02
    ten: Kiên cố hóa kênh mương Bản Chang
    linh_vuc: thuy_loi
    nhu_cau: [NC02, NC04]
    thon: [Bản Chang]
    kinh_phi: {ngan_sach_tinh: 400}
  - ma: HD03
    ten: Làm lại cầu tràn Bản Chang
    linh_vuc: giao_thong
    nhu_cau: [NC03]
    kinh_phi: {ngan_sach_huyen: 300}
  - ma: HD04
    ten: Bể chứa nước Nà Lẹng
    linh_vuc: thuy_loi
    nhu_cau: [NC04]
    thon: [Nà Lẹng]
    khi_hau: thich_ung
    kinh_phi: {ngan_sach_tinh: 150.25, dan_dong_gop: 20}
  - ma: HD05
    ten: Sửa nhà văn hóa thôn Nà Lẹng
    linh_vuc: van_hoa_xa_hoi
    thon: [Nà Lẹng]
    kinh_phi: {ngan_sach_xa: 80}
"""
RECORD = """\
# Theo dõi thực hiện kế hoạch năm 2027, xã Đức Long
ngay_cap_nhat: 30/09/2027
hoat_dong:
  - ma: HD01
    trang_thai: dang_trien_khai
    tien_do: 80
    giai_ngan: {ngan_sach_huyen: 600.4, dan_dong_gop: 120.5}
    ngay_bat_dau: 15/03/2027
    don_vi_thuc_hien: Ban quản lý dự án xã
  - ma: HD02
    trang_thai: hoan_thanh
    tien_do: 100
    giai_ngan: {ngan_sach_tinh: 395}
    ngay_bat_dau: 01/03/2027
    ngay_hoan_thanh: 31/07/2027
  - ma: HD03
    trang_thai: dung
    tien_do: 10
    ghi_chu: Lũ tháng 6 cuốn trôi móng cầu; chờ khảo sát lại
  - ma: HD04
    trang_thai: chuyen_nam_sau
  - ma: HD05
    trang_thai: dang_trien_khai
    tien_do: 90
    giai_ngan: {ngan_sach_xa: 80}
chi_tieu:
  - ma: CT01
    ket_qua:
      - {ngay: 30/06/2027, gia_tri: 1200}
      - {ngay: 30/09/2027, gia_tri: 2080}
  - ma: CT02
    ket_qua:
      - {ngay: 30/09/2027, gia_tri: 17.2}
"""


def approved_year_with_record(tmp_path):
    project = make_project(tmp_path / "p", overlay=APPROVED)
    year = project / COMMUNE / "2027"
    for name, text in (("buoc-02-nhu-cau.yaml", MORE_NEEDS), ("buoc-04-du-thao.yaml", MORE_ACTIVITIES)):
        with (year / name).open("a", encoding="utf-8") as file:
            file.write(text)  # both files end with the list the lines extend
    replace_in(year / "buoc-04-du-thao.yaml", "hoat_dong:\n", MORE_TARGETS + "hoat_dong:\n")
    (year / "thuc-hien.yaml").write_text(RECORD, encoding="utf-8")
    return project


def test_rollover_takes_over_the_implementation_record(tmp_path, sedp):
    project = approved_year_with_record(tmp_path)
    code, output = sedp(project, "validate", COMMUNE)
    assert code == 0, output  # last year and its record are valid as written

    code, output = sedp(project, "new", "year", COMMUNE, "2028")
    assert code == 0, output
    assert output.splitlines()[-5:] == [
        "Từ thuc-hien.yaml năm 2027 (cập nhật ngày 30/09/2027), năm 2028 đã nhận:",
        "- 1 nhu cầu đóng vì hoạt động đã hoàn thành (NC02); 2 nhu cầu chuyển sang đang thực hiện (NC01, NC04);",
        "- 2 hoạt động chưa xong đề xuất chuyển sang năm 2028 với kinh phí còn lại (HD01, HD04); không chuyển "
        "HD05: chưa xong nhưng đã giải ngân hết kinh phí;",
        "- kết quả thực hiện của 2/3 chỉ tiêu năm 2027 vào phần đánh giá (bước 3).",
        "Cán bộ cần xem lại từng thay đổi này (git diff) trước khi commit."]
    code, output = sedp(project, "validate", COMMUNE)
    assert (code, output.splitlines()[-1]) == (0, "Đã kiểm tra 1 xã, 2 năm kế hoạch, 26 tệp: 0 lỗi."), output

    new = project / COMMUNE / "2028"
    needs = {n["ma"]: n.get("trang_thai") for n in load_file(new / "buoc-02-nhu-cau.yaml").data["nhu_cau"]}
    assert needs == {"NC01": "dang_thuc_hien", "NC02": "hoan_thanh", "NC03": "moi", "NC04": "dang_thuc_hien"}
    step2 = (new / "buoc-02-nhu-cau.yaml").read_text(encoding="utf-8")
    assert "trang_thai: hoan_thanh  # Hoàn thành: HD02 năm 2027 (thuc-hien.yaml)\n" in step2
    said = [" ".join(line.split()) for line in step2.splitlines()]  # as aligned as ruamel leaves it
    assert "trang_thai: dang_thuc_hien # Đang thực hiện: HD04 năm 2027 chưa xong (thuc-hien.yaml); chờ vốn tỉnh" \
        in said  # the technician's comment stays

    # Unfinished activities come back with what is left of their money, each source's.
    step4 = (new / "buoc-04-du-thao.yaml").read_text(encoding="utf-8")
    activities = load_file(new / "buoc-04-du-thao.yaml").data["hoat_dong"]
    assert [a["ma"] for a in activities] == ["HD01", "HD04"]
    first, second = activities
    assert first == {"ma": "HD01", "ten": "Bê tông hóa đường thôn Nà Lẹng", "linh_vuc": "giao_thong",
                     "nhu_cau": ["NC01"], "thon": ["Nà Lẹng"], "khi_hau": "khong",
                     "chuyen_tu": {"nam": 2027, "ma": "HD01"},  # said in data, for validate and the periods
                     "kinh_phi": {"ngan_sach_huyen": Decimal("850") - Decimal("600.4")},  # dân góp: all paid
                     "tong_kinh_phi": Decimal("249.6"), "don_vi_thuc_hien": "Ban quản lý dự án xã"}
    assert second["kinh_phi"] == {"ngan_sach_tinh": Decimal("150.25"), "dan_dong_gop": 20}  # nothing paid
    assert "thoi_gian" not in first and "tong_kinh_phi" not in second
    assert ("# Chuyển từ kế hoạch năm 2027 (HD01, Đang triển khai 80%): kinh phí còn lại; xem lại trước khi commit\n"
            "- ma: HD01\n") in step4
    assert "# Chuyển từ kế hoạch năm 2027 (HD04, Chuyển năm sau): kinh phí còn lại; xem lại trước khi commit\n" in step4
    assert "  chuyen_tu: {nam: 2027, ma: HD04}\n" in step4

    # Last year's targets, with their latest results, are this year's Part I.
    rows = load_file(new / "buoc-03-xep-hang.yaml").data["danh_gia_nam_truoc"]
    assert rows == [
        {"chi_tieu": "Tổng sản lượng lương thực có hạt", "don_vi": "tấn", "ke_hoach": Decimal("2150.5"),
         "thuc_hien": 2080},
        {"chi_tieu": "Tỷ lệ hộ nghèo", "don_vi": "%", "ke_hoach": Decimal("18.5"), "thuc_hien": Decimal("17.2"),
         "chieu": "giam"},
        {"chi_tieu": "Đường giao thông nông thôn được cứng hóa", "don_vi": "km", "ke_hoach": 5, "thuc_hien": None}]
    step3 = (new / "buoc-03-xep-hang.yaml").read_text(encoding="utf-8")
    assert "thuc_hien: 2080  # thuc-hien.yaml năm 2027, số liệu ngày 30/09/2027\n" in step3
    assert "thuc_hien:  # thuc-hien.yaml năm 2027: chưa có số liệu\n" in step3
    assert "xoá '[]'" not in step3.split("danh_gia_nam_truoc:")[1]  # the list has items now
    # 2080 of 2150.5 is 96.72 %; 17.2 is 1.3 points under 18.5, and lower is better here.
    assert plan_sentences(project, "2028") >= {
        "Tổng sản lượng lương thực có hạt: kế hoạch 2.150,5 tấn, thực hiện 2.080 tấn (bằng 96,72% kế hoạch): "
        "chưa đạt kế hoạch, còn thiếu 70,5 tấn.",
        "Tỷ lệ hộ nghèo: kế hoạch 18,5%, thực hiện 17,2% (bằng 92,97% kế hoạch, thấp hơn kế hoạch 1,3 điểm "
        "phần trăm): vượt kế hoạch.",  # 17.2 / 18.5 = 0.92972…
        "Năm 2027 có 3 chỉ tiêu chủ yếu, theo báo cáo thực hiện (số liệu đến 30/09/2027): vượt kế hoạch 1, "
        "đạt kế hoạch 0, chưa đạt kế hoạch 1, chưa có số liệu 1.",
        "Đường giao thông nông thôn được cứng hóa: kế hoạch 5 km, chưa có số liệu thực hiện."}


def plan_sentences(project, year: str) -> set:
    """Every text of the plan document of one year, as its AST holds them (pandoc not run)."""
    generated = generate(project, use_cache=False)
    assert generated.report.ok, [p.format() for p in generated.report.sorted()]
    ast = next(ast for path, ast in generated.documents if path.endswith(f"ke-hoach-duc-long-{year}.docx"))
    found = set()

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Str":
                found.add(node["c"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(unpack(ast)))
    return found


def test_rollover_without_a_record_starts_targets_activities_and_assessment_blank(tmp_path, sedp):
    project = approved_year_with_record(tmp_path)
    (project / COMMUNE / "2027" / "thuc-hien.yaml").unlink()
    code, output = sedp(project, "new", "year", COMMUNE, "2028")
    assert code == 0, output
    assert all(line.startswith("Đã tạo ") for line in output.splitlines()), output
    new = {p.name: load_file(p).data for p in (project / COMMUNE / "2028").glob("*.yaml")}
    old = load_file(project / COMMUNE / "2027" / "buoc-02-nhu-cau.yaml").data
    assert new["buoc-02-nhu-cau.yaml"]["nhu_cau"] == old["nhu_cau"]
    assert (new["buoc-04-du-thao.yaml"]["hoat_dong"], new["buoc-04-du-thao.yaml"]["chi_tieu"]) == ([], [])
    assert new["buoc-03-xep-hang.yaml"]["danh_gia_nam_truoc"] == []
    code, output = sedp(project, "validate", f"{COMMUNE}/2028")
    assert code == 0, output


def test_rollover_stops_on_a_record_it_cannot_read(tmp_path, sedp):
    project = approved_year_with_record(tmp_path)
    (project / COMMUNE / "2027" / "thuc-hien.yaml").write_text("ngay_cap_nhat: [30/09/2027\n", encoding="utf-8")
    code, output = sedp(project, "new", "year", COMMUNE, "2028")
    assert code == 1 and "Năm 2027: thuc-hien.yaml có lỗi, chưa chuyển năm; không tệp nào được ghi." in output, output
    assert output.startswith(f"{COMMUNE}/2027/thuc-hien.yaml:1: "), output  # as `sedp validate` says it
    assert not (project / COMMUNE / "2028").exists()


def test_a_carried_activity_names_an_unfinished_activity_and_at_most_its_money_left(tmp_path, sedp):
    project = approved_year_with_record(tmp_path)
    code, output = sedp(project, "new", "year", COMMUNE, "2028")
    assert code == 0, output
    step4 = project / COMMUNE / "2028" / "buoc-04-du-thao.yaml"
    # HD02 of 2027 is finished in its record; HD04 had 150,25 of the province's budget left; and a
    # year that is not before this one cannot be where work comes from (a case the issue does not list).
    replace_in(step4, "chuyen_tu: {nam: 2027, ma: HD01}", "chuyen_tu: {nam: 2027, ma: HD02}")
    replace_in(step4, "ngan_sach_tinh: 150.25", "ngan_sach_tinh: 200")
    code, output = sedp(project, "validate", COMMUNE)
    file = f"{COMMUNE}/2028/buoc-04-du-thao.yaml"
    lines = output.splitlines()
    assert code == 1
    assert any(line.startswith(f"{file}:") and "hoat_dong[1].chuyen_tu: Chuyển từ kế hoạch năm trước ghi năm 2027, "
               "HD02, nhưng thuc-hien.yaml năm đó ghi hoạt động này 'Hoàn thành'" in line for line in lines), output
    assert any("cảnh báo: hoat_dong[2].kinh_phi.ngan_sach_tinh: Ngân sách tỉnh của hoạt động chuyển từ năm 2027, "
               "HD04 là 200 triệu đồng, nhiều hơn phần chưa giải ngân năm đó (150.25 triệu đồng) — Ghi "
               "ngan_sach_tinh: 150.25" in line for line in lines), output
    replace_in(step4, "chuyen_tu: {nam: 2027, ma: HD02}", "chuyen_tu: {nam: 2028, ma: HD04}")
    code, output = sedp(project, "validate", COMMUNE)
    assert "hoat_dong[1].chuyen_tu: Chuyển từ kế hoạch năm trước ghi năm 2028, HD04, nhưng không có hoạt động này " \
           "trong kế hoạch năm đó của xã (các năm trước có kế hoạch: 2027)" in output, output


def test_rollover_refuses_a_record_that_fails_validation_and_writes_nothing(tmp_path, sedp):
    # 999 paid from the people's contribution that planned 120.5: carried over, the
    # remainder would be negative and that source silently dropped.
    project = approved_year_with_record(tmp_path)
    replace_in(project / COMMUNE / "2027" / "thuc-hien.yaml", "dan_dong_gop: 120.5}", "dan_dong_gop: 999}")
    code, output = sedp(project, "new", "year", COMMUNE, "2028")
    assert code == 1
    assert output.splitlines() == [
        f"{COMMUNE}/2027/thuc-hien.yaml:7: hoat_dong[1].giai_ngan.dan_dong_gop: Hoạt động HD01: giải ngân Dân đóng "
        "góp 999 triệu đồng, vượt kế hoạch của nguồn này (120.5 triệu đồng) — Kiểm tra lại số tiền (đơn vị triệu "
        "đồng, lũy kế). Nếu HĐND đã điều chỉnh kế hoạch, sửa kinh phí của hoạt động ở bước 4 và thêm bản ghi điều "
        "chỉnh (dieu_chinh) ở bước 9 trong cùng thay đổi.",
        "Lỗi: Năm 2027: thuc-hien.yaml có lỗi, chưa chuyển năm; không tệp nào được ghi. Sửa các lỗi trên rồi chạy "
        "lại (`sedp validate` kiểm tra lại)."]
    assert not (project / COMMUNE / "2028").exists()


def test_rollover_refuses_a_record_whose_status_contradicts_its_money(tmp_path, sedp):
    # Not started, yet money paid: which of the two is carried over? The technician says.
    project = approved_year_with_record(tmp_path)
    replace_in(project / COMMUNE / "2027" / "thuc-hien.yaml", "trang_thai: chuyen_nam_sau",
               "trang_thai: chua_trien_khai\n    giai_ngan: {ngan_sach_tinh: 50}")
    code, output = sedp(project, "new", "year", COMMUNE, "2028")
    assert code == 1
    assert output.splitlines()[0].startswith(
        f"{COMMUNE}/2027/thuc-hien.yaml:22: hoat_dong[4].giai_ngan.ngan_sach_tinh: Hoạt động HD04 ghi trạng thái "
        "'Chưa triển khai' nhưng đã giải ngân Ngân sách tỉnh 50 triệu đồng — "), output
    assert not (project / COMMUNE / "2028").exists()


def test_rollover_says_which_activities_the_record_does_not_mention(tmp_path, sedp):
    project = approved_year_with_record(tmp_path)
    record = project / COMMUNE / "2027" / "thuc-hien.yaml"
    text = record.read_text(encoding="utf-8")
    start, end = text.index("  - ma: HD04\n"), text.index("  - ma: HD05\n")
    record.write_text(text[:start] + text[end:], encoding="utf-8")  # HD04 (150.25 + 20) left out
    code, output = sedp(project, "new", "year", COMMUNE, "2028")
    assert code == 0, output
    assert output.splitlines()[-2:] == [
        "Chú ý: 1 hoạt động của kế hoạch năm 2027 không có trong thuc-hien.yaml: HD04 (170,25 triệu đồng). Không "
        "biết đã làm đến đâu, nên đã coi là chưa làm và đề xuất chuyển sang năm 2028 với toàn bộ kinh phí. Nếu đã "
        "làm, ghi tiến độ và giải ngân của hoạt động đó vào thuc-hien.yaml năm 2027, xoá thư mục năm 2028 rồi "
        "chuyển năm lại.",
        "Cán bộ cần xem lại từng thay đổi này (git diff) trước khi commit."]
    carried = {a["ma"]: a["kinh_phi"] for a in load_file(project / COMMUNE / "2028" / "buoc-04-du-thao.yaml")
               .data["hoat_dong"]}
    assert carried["HD04"] == {"ngan_sach_tinh": Decimal("150.25"), "dan_dong_gop": 20}


def test_rollover_across_a_gap_of_years_warns_naming_the_last_year(tmp_path, sedp):
    project = make_project(tmp_path / "p")  # the base province: Đức Long 2027 only
    code, output = sedp(project, "new", "year", COMMUNE, "2030")
    assert code == 0, output
    assert output.splitlines()[-1] == (
        "Cảnh báo: năm gần nhất của xã có kế hoạch là 2027, không phải 2029: năm 2030 được chuyển từ năm 2027, và "
        f"năm 2028–2029 không có kế hoạch. Nếu gõ nhầm năm, xoá thư mục {COMMUNE}/2030 vừa tạo rồi chạy lại với "
        "năm 2028.")
    code, output = sedp(project, "new", "year", COMMUNE, "2031")  # straight after 2030: nothing to say
    assert code == 0 and "Cảnh báo" not in output, output
