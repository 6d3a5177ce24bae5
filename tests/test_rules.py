"""Cross-file rules at their edges, through `sedp validate` on a tiny province.

Fast, so `make mutants` runs them against every mutant of the rule code.
"""

from __future__ import annotations

import pytest

from conftest import YEAR, make_project, replace_in
from sedp.core.data import value_at


@pytest.mark.parametrize("data, path, found", [
    ({"a": [{"b": 1}, {"b": 2}]}, ("a", 1, "b"), 2),
    ({"a": [{"b": 1}]}, ("a", 1, "b"), None),  # past the end
    ({"a": [{"b": 1}]}, ("a", -1, "b"), None),  # no counting from the end
    ({"a": [1, 2]}, ("a", "0"), None),  # a list is read by position only
    ({0: "x"}, (0,), None),  # a mapping is read by name only
    (None, ("a",), None), ({"a": None}, ("a", "b"), None), ({"a": 5}, (), {"a": 5}),
])
def test_value_at(data, path, found):
    assert value_at(data, path) == found


def edit(project, name: str, old: str, new: str) -> None:
    replace_in(project / YEAR / name, old, new)


@pytest.fixture
def valid(tmp_path):
    """The base province with a filled Biểu 2 and two needs, all valid."""
    from conftest import FIXTURES

    return make_project(tmp_path / "p", overlay=FIXTURES / "warnings" / "needs-lifecycle")


def lines(sedp, project) -> list[str]:
    code, output = sedp(project, "validate", "plans")
    return output.splitlines()


def test_an_open_need_warns_from_exactly_five_years_and_a_closed_one_never(valid, sedp):
    edit(valid, "buoc-02-nhu-cau.yaml", "nam_thu_thap: 2021", "nam_thu_thap: 2022")  # 2027 - 2022 = 5
    assert any("Nhu cầu NC02 thu thập năm 2022 đã quá 5 năm" in line for line in lines(sedp, valid))
    edit(valid, "buoc-02-nhu-cau.yaml", "nam_thu_thap: 2022", "nam_thu_thap: 2023")  # 4 years
    assert not any("thu thập năm 2023" in line for line in lines(sedp, valid))
    edit(valid, "buoc-02-nhu-cau.yaml", "nam_thu_thap: 2024", "nam_thu_thap: 2015")  # NC01 is closed: never
    assert not any("NC01 thu thập" in line for line in lines(sedp, valid))


def test_needs_are_still_checked_after_an_item_that_is_not_a_need(valid, sedp):
    edit(valid, "buoc-02-nhu-cau.yaml", "nhu_cau:\n", "nhu_cau:\n  - một dòng viết nhầm\n")
    assert any("Nhu cầu NC02 thu thập năm 2021" in line for line in lines(sedp, valid))


def test_a_missing_activities_file_is_reported_not_a_crash(valid, sedp):
    # (a missing buoc-02: test_validate_fixtures.test_a_missing_step_file_is_reported_once_without_echoes)
    missing = "buoc-04-du-thao.yaml"
    (valid / YEAR / missing).unlink()
    assert lines(sedp, valid) == [
        f"{YEAR.as_posix()}/{missing}: Thiếu tệp {missing} — Mỗi năm kế hoạch có đủ tệp các bước; "
        "tạo lại bằng `sedp new year`.",
        "Đã kiểm tra 1 xã, 1 năm kế hoạch, 13 tệp: 1 lỗi.",
    ]


def test_a_plan_year_that_is_not_a_number_is_reported_and_ages_nothing(valid, sedp):
    edit(valid, "ke-hoach.yaml", "nam_ke_hoach: 2027", "nam_ke_hoach: hai nghìn")
    assert lines(sedp, valid) == [
        f"{YEAR.as_posix()}/ke-hoach.yaml:5: nam_ke_hoach: Năm kế hoạch phải là số nguyên ('hai nghìn') — "
        "Viết số không có dấu chấm, dấu phẩy, ví dụ 120.",
        "Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: 1 lỗi.",
    ]


def test_an_empty_plan_file_is_reported_not_a_crash(valid, sedp):
    (valid / YEAR / "ke-hoach.yaml").write_text("# trống\n", encoding="utf-8")
    output = lines(sedp, valid)
    assert [line.split(": ", 2)[1] for line in output[:-1]] == ["loai_nam", "nam_ke_hoach", "trang_thai"]
    assert output[-1] == "Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: 3 lỗi."


def test_a_reference_when_nothing_is_declared_says_so(valid, sedp):
    path = valid / YEAR / "buoc-02-nhu-cau.yaml"  # the village meeting stays, every need goes
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("nhu_cau:\n", 1)[0] + "nhu_cau: []\n", encoding="utf-8")
    ranking = valid / YEAR / "buoc-03-xep-hang.yaml"
    ranking.write_text("xep_hang:\n  - nhu_cau: NC01\n    thu_hang: 1\n", encoding="utf-8")
    output = lines(sedp, valid)
    assert any("xep_hang[1].nhu_cau: Mã nhu cầu: 'NC01' không có trong" in line
               and line.endswith("— Chưa khai báo mục nào; hãy khai báo trước khi dùng.") for line in output), output


def test_a_reference_lists_at_most_twelve_declared_codes(valid, sedp):
    extra = "".join(f"  - ma: NC{n:02d}\n    thon: Nà Lẹng\n    linh_vuc: giao_thong\n    van_de: Vấn đề {n}\n"
                    f"    giai_phap: Giải pháp {n}\n    trang_thai: moi\n    nam_thu_thap: 2026\n" for n in range(3, 15))
    edit(valid, "buoc-02-nhu-cau.yaml", "nhu_cau:\n", "nhu_cau:\n" + extra)
    (valid / YEAR / "buoc-03-xep-hang.yaml").write_text("xep_hang:\n  - nhu_cau: ZZZZZZ\n    thu_hang: 1\n",
                                                        encoding="utf-8")
    hint = next(line for line in lines(sedp, valid) if "ZZZZZZ" in line).split(" — ", 1)[1]
    listed = hint.removeprefix("Các giá trị đã khai báo: ").rstrip(".").split(", ")
    assert len(listed) == 12 and listed[0] == "NC03"


def test_votes_with_one_group_left_blank_still_add_up(tmp_path, sedp):
    from conftest import FIXTURES

    project = make_project(tmp_path / "p", overlay=FIXTURES / "invalid" / "votes-exceed-present")
    edit(project, "buoc-09-hdnd-thong-qua.yaml", "  khong_bieu_quyet: 1 ", "  khong_bieu_quyet:   ")
    edit(project, "buoc-09-hdnd-thong-qua.yaml", "  khong_tan_thanh: 2 ", "  khong_tan_thanh: 3 ")
    code, output = sedp(project, "validate", "plans")  # 20 + 3 > 22 present
    assert "Tán thành + Không tán thành + Không biểu quyết (23) lớn hơn Số đại biểu có mặt (22)" in output
    assert code == 1


def test_money_written_as_one_number_gets_one_error_not_a_wrong_total_too(tmp_path, sedp):
    project = make_project(tmp_path / "p")
    edit(project, "buoc-04-du-thao.yaml", "    kinh_phi:\n      ngan_sach_huyen: 850\n      dan_dong_gop: 120.5\n",
         "    kinh_phi: 970.5\n")
    assert lines(sedp, project) == [
        f"{YEAR.as_posix()}/buoc-04-du-thao.yaml:16: hoat_dong[1].kinh_phi: Kinh phí theo nguồn vốn (triệu đồng) "
        "phải là một nhóm trường — Viết các trường con ở các dòng dưới, thụt vào 2 dấu cách.",
        "Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: 1 lỗi.",
    ]


@pytest.mark.parametrize("name", ["buoc-02-nhu-cau.yaml", "buoc-04-du-thao.yaml"])
def test_a_step_file_written_as_a_list_is_reported_not_a_crash(valid, sedp, name):
    (valid / YEAR / name).write_text("- một dòng\n", encoding="utf-8")
    output = lines(sedp, valid)
    assert any(line.startswith(f"{YEAR.as_posix()}/{name}:1: ") for line in output), output
    assert output[-1].startswith("Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: ")


def test_a_field_the_status_needs_is_not_reported_missing_when_its_file_has_errors(tmp_path, sedp):
    project = make_project(tmp_path / "p")
    edit(project, "ke-hoach.yaml", 'trang_thai: "du_thao"', 'trang_thai: "da_gui_huyen"')
    # steps 3 and 5 done, so the sending date (step 6) is the first item the status misses
    edit(project, "buoc-03-xep-hang.yaml", "xep_hang: []", "xep_hang:\n  - {nhu_cau: NC01, thu_hang: 1, diem: 80}")
    edit(project, "buoc-05-tham-van.yaml", "  ngay: ", "  ngay: 15/09/2026")
    assert any("ngay_gui: Kế hoạch ở trạng thái 'Đã gửi huyện' phải có" in line for line in lines(sedp, project))
    edit(project, "buoc-06-gui-huyen.yaml", "so_van_ban:", "so_van_ban: 5")  # a type error in the same file
    output = lines(sedp, project)
    assert not any("ngay_gui" in line for line in output), output
    assert any("so_van_ban" in line for line in output), output


def test_a_plan_file_that_is_a_list_is_reported_and_other_files_still_checked(valid, sedp):
    (valid / YEAR / "ke-hoach.yaml").write_text("- nam_ke_hoach: 2027\n", encoding="utf-8")
    (valid / YEAR / "buoc-03-xep-hang.yaml").write_text("xep_hang:\n  - nhu_cau: NC99\n    thu_hang: 1\n",
                                                        encoding="utf-8")
    output = lines(sedp, valid)
    assert output[0].startswith(f"{YEAR.as_posix()}/buoc-03-xep-hang.yaml:2: xep_hang[1].nhu_cau: Mã nhu cầu: 'NC99' "
                                "không có trong"), output
    assert any(line.startswith(f"{YEAR.as_posix()}/ke-hoach.yaml:1: ") for line in output), output


def test_a_total_over_a_list_of_items_is_checked(example_project, sedp):
    import yaml

    plan = yaml.safe_load((example_project / "plans/thach-an/duc-long/2026/buoc-01-khoi-dong.yaml").read_text("utf-8"))
    assert sum(item["kinh_phi"] for item in plan["nguon_luc_5_nam"]["nguon"]) == 27050
    replace_in(example_project / "plans/thach-an/duc-long/2026/buoc-01-khoi-dong.yaml",
               "  tong_cong: 27050", "  tong_cong: 27051")
    code, output = sedp(example_project, "validate", "plans/thach-an/duc-long")
    assert [line for line in output.splitlines() if "tong_cong" in line] == [
        "plans/thach-an/duc-long/2026/buoc-01-khoi-dong.yaml:45: nguon_luc_5_nam.tong_cong: Tổng cộng (triệu đồng) "
        "ghi 27051 nhưng tổng các phần là 27050 — Sửa thành 27050, hoặc xoá dòng này để phần mềm tự cộng."]
    assert code == 1
