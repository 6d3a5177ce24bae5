"""Step 10's implementation record: the reviewers' diff of an update, the public
accountability page and the district's roll-up, each figure computed here by
plain arithmetic from the record the test writes."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from conftest import FIXTURES, YEAR, git, init_repo, make_project, replace_in
from htmltables import find, share, vn

APPROVED = FIXTURES / "invalid" / "disbursed-over-plan"  # the base year approved (its record is replaced)
# The base fixture's one activity HD01: ngan_sach_huyen 850, dan_dong_gop 120.5; target CT01 planned 2150.5 t.
RECORD = """\
ngay_cap_nhat: 30/09/2027
hoat_dong:
  - ma: HD01
    trang_thai: dang_trien_khai
    tien_do: 60
    giai_ngan:
      ngan_sach_huyen: 510.4
      dan_dong_gop: 30
    ngay_bat_dau: 15/03/2027
    don_vi_thuc_hien: Ban quản lý xã
    giam_sat:
      - ngay: 20/06/2027
        phat_hien: "Đoạn đầu đổ bê tông mỏng <b>hơn</b> thiết kế"
        kien_nghi: Kiểm tra lại độ dày
        tra_loi: Nhà thầu đã đổ bù
        ngay_tra_loi: 01/07/2027
chi_tieu:
  - ma: CT01
    ket_qua:
      - {ngay: 30/06/2027, gia_tri: 1100}
      - {ngay: 30/09/2027, gia_tri: 2200}
"""


@pytest.fixture
def recorded(tmp_path):
    project = make_project(tmp_path / "p", overlay=APPROVED)
    (project / YEAR / "thuc-hien.yaml").write_text(RECORD, encoding="utf-8")
    return project


def test_an_update_of_the_record_is_a_change_the_reviewers_read(recorded, sedp):
    init_repo(recorded)
    replace_in(recorded / YEAR / "thuc-hien.yaml", "tien_do: 60", "tien_do: 85")
    replace_in(recorded / YEAR / "thuc-hien.yaml", "ngan_sach_huyen: 510.4", "ngan_sach_huyen: 700")
    git(recorded, "commit", "-qam", "Cập nhật tiến độ quý III (#12)")
    code, output = sedp(recorded, "diff", "HEAD~1", "HEAD")
    assert code == 0, output
    assert ("Thực hiện kế hoạch › Tiến độ thực hiện hoạt động › HD01 – Bê tông hóa đường thôn Nà Lẹng › Tiến độ khối "
            "lượng (%): 60 → 85") in output
    assert ("Thực hiện kế hoạch › Tiến độ thực hiện hoạt động › HD01 – Bê tông hóa đường thôn Nà Lẹng › Kinh phí đã "
            "giải ngân theo nguồn vốn "
            "(triệu đồng) › Ngân sách huyện: 510,4 → 700") in output
    # and the approved plan's amendment control lets the record change without an amendment
    code, output = sedp(recorded, "validate", "--since", "HEAD~1")
    assert code == 0, output


def test_accountability_page_and_district_rollup_show_the_records_figures(recorded, sedp):
    # planned to end in June; still under way on the update of 30/09: behind the plan
    replace_in(recorded / YEAR / "buoc-04-du-thao.yaml", "    khi_hau: khong\n",
               "    khi_hau: khong\n    thoi_gian: {bat_dau: 03/2027, ket_thuc: 06/2027}\n")
    replace_in(recorded / YEAR / "thuc-hien.yaml", "    ngay_bat_dau: 15/03/2027\n",
               "    ngay_bat_dau: 15/03/2027\n    ghi_chu: Mưa lũ tháng 7 làm ngừng thi công\n")
    code, output = sedp(recorded, "build")
    assert code == 0, output
    page = (recorded / "site/thach-an/duc-long/2027/thuc-hien/index.html").read_text(encoding="utf-8")
    planned = Decimal("850") + Decimal("120.5")
    paid = Decimal("510.4") + Decimal("30")
    rows = find(page, "Tiến độ các hoạt động")["rows"]
    assert rows[1] == ["HD01", "Bê tông hóa đường thôn Nà Lẹng", "Giao thông", "Đang triển khai – chậm tiến độ",
                       "60%", vn(planned), vn(paid), share(paid, planned), "Ban quản lý xã", "03/2027 – 06/2027",
                       "15/03/2027", ""]
    assert find(page, "Tiến độ các hoạt động", "Ghi chú về tiến độ")["rows"][1] == [
        "HD01 – Bê tông hóa đường thôn Nà Lẹng", "Đang triển khai", "Mưa lũ tháng 7 làm ngừng thi công"]
    assert rows[-1][5:8] == [vn(planned), vn(paid), share(paid, planned)]  # the totals row
    by_source = {r[0]: r[1:] for r in find(page, "Kinh phí theo nguồn vốn")["rows"][1:]}
    assert by_source["Ngân sách huyện"] == ["850", "510,4", share(Decimal("510.4"), 850)]
    assert by_source["Dân đóng góp"] == ["120,5", "30", share(30, Decimal("120.5"))]
    visits = find(page, "Giám sát đầu tư của cộng đồng")["rows"]
    assert visits[1] == ["HD01 – Bê tông hóa đường thôn Nà Lẹng", "20/06/2027",
                         "Đoạn đầu đổ bê tông mỏng <b>hơn</b> thiết kế", "Kiểm tra lại độ dày", "Nhà thầu đã đổ bù",
                         "01/07/2027"]
    assert "<b>hơn</b>" not in page  # typed text stays text
    targets = find(page, "Kết quả thực hiện chỉ tiêu")["rows"]
    assert targets[1] == ["CT01", "Tổng sản lượng lương thực có hạt", "tấn", "2.150,5", "2.200", "30/09/2027", "Vượt kế hoạch"]  # 2.200 > 2.150,5

    district = (recorded / "site/thach-an/index.html").read_text(encoding="utf-8")
    statuses = find(district, "Tổng hợp năm kế hoạch 2027", "Thực hiện kế hoạch", "Hoạt động theo trạng thái")["rows"]
    assert statuses[1] == ["Đang triển khai", "1", "100,00%"]
    sources = {r[0]: r[1:] for r in find(district, "Tổng hợp năm kế hoạch 2027", "Thực hiện kế hoạch", "Giải ngân theo nguồn vốn")["rows"]}
    assert sources["Tổng cộng"] == [vn(planned), vn(paid), share(paid, planned)]
    by_commune = find(district, "Tổng hợp năm kế hoạch 2027", "Thực hiện kế hoạch", "Thực hiện kế hoạch của từng xã")
    assert by_commune["rows"][1] == ["Xã Đức Long", "1", "0", vn(planned), vn(paid), share(paid, planned), "1 / 0 / 0 (của 1)"]  # exceeded / met / missed
    assert 'href="duc-long/2027/thuc-hien/"' in district
    year_page = (recorded / "site/thach-an/duc-long/2027/index.html").read_text(encoding="utf-8")
    assert 'href="thuc-hien/"' in year_page


def test_a_plan_year_without_a_record_has_no_accountability_page(tmp_path, sedp):
    project = make_project(tmp_path / "p")
    code, output = sedp(project, "build")
    assert code == 0, output
    assert not (project / "site/thach-an/duc-long/2027/thuc-hien").exists()
    assert "Thực hiện kế hoạch" not in (project / "site/thach-an/index.html").read_text(encoding="utf-8")


def test_an_activity_the_record_does_not_mention_is_unknown_not_zero(recorded, sedp):
    replace_in(recorded / YEAR / "thuc-hien.yaml", "hoat_dong:\n  - ma: HD01\n", "hoat_dong: []\nchua_dung:\n  - ma: HD01\n")
    text = (recorded / YEAR / "thuc-hien.yaml").read_text(encoding="utf-8")
    (recorded / YEAR / "thuc-hien.yaml").write_text(text[:text.index("chua_dung:")] + text[text.index("chi_tieu:"):],
                                                    encoding="utf-8")
    code, output = sedp(recorded, "build")
    assert code == 0, output
    page = (recorded / "site/thach-an/duc-long/2027/thuc-hien/index.html").read_text(encoding="utf-8")
    row = find(page, "Tiến độ các hoạt động")["rows"][1]
    assert row[3:8] == ["Chưa cập nhật", "", "970,5", "", ""]  # planned known; paid and its rate unknown
    assert "1 hoạt động chưa được cập nhật trong tệp thực hiện" in page
    sources = find(page, "Kinh phí theo nguồn vốn")["rows"]
    assert sources[1:] == [["Tổng cộng", "0", "0", "–"]]  # no source claims a 0 paid
    district = (recorded / "site/thach-an/index.html").read_text(encoding="utf-8")
    statuses = find(district, "Tổng hợp năm kế hoạch 2027", "Thực hiện kế hoạch", "Hoạt động theo trạng thái")
    assert statuses["rows"][1] == ["Chưa cập nhật", "1", "100,00%"]
    with (recorded / "site/du-lieu-mo/thuc-hien-hoat-dong.csv").open(encoding="utf-8") as table:
        (row,) = list(csv.DictReader(table))
    assert (row["trang_thai"], row["kinh_phi_tong"]) == ("Chưa cập nhật", "970.5")
    assert [row["giai_ngan_ngan_sach_huyen"], row["giai_ngan_tong"], row["ty_le_giai_ngan"]] == ["", "", ""]


def test_open_data_says_0_paid_only_where_the_record_speaks_of_the_activity(recorded, sedp):
    replace_in(recorded / YEAR / "thuc-hien.yaml", "      dan_dong_gop: 30\n", "")
    code, output = sedp(recorded, "build")
    assert code == 0, output
    with (recorded / "site/du-lieu-mo/thuc-hien-hoat-dong.csv").open(encoding="utf-8") as table:
        (row,) = list(csv.DictReader(table))
    assert [row["giai_ngan_ngan_sach_huyen"], row["giai_ngan_dan_dong_gop"], row["giai_ngan_ngan_sach_tinh"]] == [
        "510.4", "0", ""]  # planned and none paid yet: 0; not in the plan: empty


def test_a_handbook_written_before_step_10_still_validates_and_builds(tmp_path, sedp):
    # a province repository that has not taken the record's rules, its statuses or the period outline
    project = make_project(tmp_path / "p")
    schema = project / "schema"
    for name in ("danh-muc/trang-thai-thuc-hien.yaml", "quy-tac/thuc-hien.yaml", "van-ban/bao-cao-giai-doan.yaml"):
        (schema / name).unlink()
    replace_in(schema / "quy-trinh.yaml", "thuc_hien: {tep: thuc-hien.yaml, buoc: 10}\n", "")
    replace_in(schema / "quy-trinh.yaml", "  thuc-hien.yaml: tat_ca\n", "")
    replace_in(schema / "tong-hop.yaml", "bao_cao_giai_doan: {so_nam: 3}\n", "")
    code, output = sedp(project, "build")
    assert code == 0, output
    assert (project / "site/thach-an/bao-cao-giai-doan/index.html").is_file()  # pages need no outline
    assert not list((project / "site").rglob("bao-cao-giai-doan*.docx"))  # the document does
    assert "Thực hiện kế hoạch" not in (project / "site/thach-an/index.html").read_text(encoding="utf-8")


def test_a_result_without_a_planned_figure_is_not_called_missing(recorded, sedp):
    replace_in(recorded / YEAR / "buoc-04-du-thao.yaml", "    ke_hoach: 2150.5\n", "")
    code, output = sedp(recorded, "build")
    assert code == 0, output
    page = (recorded / "site/thach-an/duc-long/2027/thuc-hien/index.html").read_text(encoding="utf-8")
    targets = find(page, "Kết quả thực hiện chỉ tiêu")["rows"]
    assert targets[1] == ["CT01", "Tổng sản lượng lương thực có hạt", "tấn", "", "2.200", "30/09/2027",
                          "Chưa ghi kế hoạch để so sánh"]
