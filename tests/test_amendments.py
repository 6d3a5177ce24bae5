"""An approved plan changes only by a recorded amendment (`sedp validate --since`).

Xã Lê Lai's 2027 plan in the example is approved by the People's Council.
Each case edits it in a clone of a real repository, as a pull request would,
and runs `sedp validate plans --since HEAD` as CI does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest

from conftest import copy_project, git, init_repo
from sedp.check import crossfile
from sedp.publish.build import export_open_data, generate
from test_diff_fields import EDITS, YEAR
from test_open_data import edit_cell

# Every edit of the approved plan but the amendment record itself and publication
# (free after approval: schema/quy-trinh.yaml, sua_tu_do_sau_thong_qua).
# The resolution's date alone is not one of them: it is the sitting's, and moves only with it (below).
APPROVED_EDITS = [e for e in EDITS if e[1].startswith(YEAR) and "dieu_chinh" not in e[3]
                  and "buoc-10-cong-khai" not in e[1] and e[0] != "the resolution date"]
STEP9 = f"{YEAR}/buoc-09-hdnd-thong-qua.yaml"
HINT = ("Thêm một mục vào dieu_chinh trong buoc-09-hdnd-thong-qua.yaml (ngày, số quyết định, lý do) "
        "trong cùng thay đổi.")


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    return init_repo(copy_project(tmp_path_factory.mktemp("amend") / "origin"))


@pytest.fixture
def clone(origin, tmp_path):
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(target)], check=True)
    return target


def edit(project, file: str, old: str, new: str) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def record(project, when: date, number="05/NQ-HĐND", reason="Bổ sung vốn đối ứng theo đề nghị của các thôn",
           scope: str = "", step: str = STEP9) -> None:
    """A proper amendment: a record dated `when`, after the example's approval (04/12/2026);
    `scope`, its pham_vi as typed ("[CT01]"), when it lists what it changes."""
    path = project / step
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"dieu_chinh:\n- ngay: {when:%d/%m/%Y}\n  so_quyet_dinh: {number}\n  ly_do: {reason}\n"
                    + (f"  pham_vi: {scope}\n" if scope else ""), encoding="utf-8")


def refused(sedp, project) -> list[str]:
    """What `sedp validate --since HEAD`, which must fail, says: each line's message without its place."""
    code, lines = problems(sedp, project)
    assert code == 1, lines
    return [line.split(": ", 2)[2] for line in lines]


def problems(sedp, project) -> tuple[int, list[str]]:
    code, output = sedp(project, "validate", "plans", "--since", "HEAD")
    return code, output.splitlines()[:-1]


@pytest.mark.parametrize("what, file, old, new, said", [(*e[:4], e[4:]) for e in APPROVED_EDITS],
                         ids=[e[0] for e in APPROVED_EDITS])
def test_an_approved_plans_edit_needs_an_amendment_record(clone, sedp, what, file, old, new, said):
    edit(clone, file, old, new)
    code, lines = problems(sedp, clone)
    assert code == 1
    assert len(lines) == 1, lines
    assert re.match(rf"{re.escape(file)}:\d+: \w+: Kế hoạch đã được HĐND thông qua \(trạng thái 'HĐND thông qua'\): "
                    r".+ đã sửa mà chưa có bản ghi điều chỉnh — " + re.escape(HINT), lines[0]), lines[0]
    record(clone, date.today())
    assert problems(sedp, clone) == (0, [])


def test_the_resolutions_date_moves_with_the_sittings_and_needs_a_record(clone, sedp):
    edit(clone, STEP9, "NQ-HĐND\n  ngay: 04/12/2026", "NQ-HĐND\n  ngay: 05/12/2026")
    code, lines = problems(sedp, clone)
    assert code == 1
    assert any(line.startswith(f"{STEP9}:12: nghi_quyet.ngay: Ngày nghị quyết 05/12/2026 khác ngày kỳ họp HĐND đã "
                               "thông qua nghị quyết (04/12/2026) — ") for line in lines), lines
    edit(clone, STEP9, "ky_hop:\n  ngay: 04/12/2026", "ky_hop:\n  ngay: 05/12/2026")
    code, lines = problems(sedp, clone)
    assert code == 1 and lines and all("chưa có bản ghi điều chỉnh" in line for line in lines), lines
    record(clone, date.today())
    assert problems(sedp, clone) == (0, [])


def test_the_communes_identity_is_part_of_its_approved_plans(clone, sedp):
    edit(clone, "plans/thach-an/le-lai/commune.yaml", "ten: Lê Lai", "ten: Lê Lợi")
    code, lines = problems(sedp, clone)
    assert code == 1 and any(line.startswith("plans/thach-an/le-lai/commune.yaml:") and "Thông tin xã › " in line
                             and "chưa có bản ghi điều chỉnh" in line for line in lines), lines


def test_publication_and_the_status_moving_on_need_no_record(clone, sedp):
    edit(clone, f"{YEAR}/ke-hoach.yaml", "trang_thai: da_thong_qua", "trang_thai: cong_khai")
    edit(clone, f"{YEAR}/buoc-10-cong-khai.yaml", "  ngay: ", f"  ngay: {date.today():%d/%m/%Y}")
    edit(clone, f"{YEAR}/buoc-10-cong-khai.yaml", "hinh_thuc: []", "hinh_thuc: [niem_yet]")
    code, lines = problems(sedp, clone)
    assert lines == [] and code == 0


def test_a_junk_record_fails_once_per_bad_field(clone, sedp):
    edit(clone, f"{YEAR}/buoc-09-hdnd-thong-qua.yaml", "tan_thanh: 26", "tan_thanh: 25")
    path = clone / STEP9
    path.write_text(path.read_text(encoding="utf-8") + "dieu_chinh:\n- ngay: 01/01/2000\n  so_quyet_dinh: x\n"
                    "  ly_do: .\n", encoding="utf-8")
    code, lines = problems(sedp, clone)
    assert code == 1
    fields = [re.match(rf"{re.escape(STEP9)}:\d+: (\S+): ", line)[1] for line in lines]
    assert sorted(fields) == ["dieu_chinh[1].ly_do", "dieu_chinh[1].ngay", "dieu_chinh[1].so_quyet_dinh"], lines
    assert any("Ngày điều chỉnh 01/01/2000 sớm hơn ngày HĐND thông qua kế hoạch (04/12/2026)" in line
               for line in lines), lines


def test_a_record_dated_in_the_future_is_refused(clone, sedp, monkeypatch):
    monkeypatch.setattr(crossfile, "today", lambda: date(2027, 1, 15))  # so that `later` is within the plan's cycle
    edit(clone, f"{YEAR}/buoc-09-hdnd-thong-qua.yaml", "tan_thanh: 26", "tan_thanh: 25")
    later = date(2027, 1, 15) + timedelta(days=400)
    record(clone, later)
    assert refused(sedp, clone) == [
        f"Ngày điều chỉnh {later:%d/%m/%Y} là một ngày chưa tới — Ghi ngày đã ra quyết định điều chỉnh; "
        "chưa có quyết định thì chưa sửa kế hoạch."]


def test_an_approved_year_is_never_deleted(clone, sedp):
    shutil.rmtree(clone / YEAR)
    code, output = sedp(clone, "validate", "plans", "--since", "HEAD")
    assert code == 1
    assert (f"{YEAR}/ke-hoach.yaml: Năm kế hoạch đã được HĐND thông qua (trạng thái 'HĐND thông qua') bị xoá — "
            f"Kế hoạch đã thông qua không được xoá; khôi phục thư mục {YEAR} (git checkout).") in output


def test_an_amendment_record_is_never_edited_or_deleted(clone, sedp):
    edit(clone, f"{YEAR}/buoc-09-hdnd-thong-qua.yaml", "tan_thanh: 26", "tan_thanh: 25")
    record(clone, date.today())
    git(clone, "commit", "-qam", "Điều chỉnh đã ghi")
    path = clone / STEP9
    path.write_text(re.sub(r"dieu_chinh:\n(.*\n)*", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    code, lines = problems(sedp, clone)
    assert code == 1
    assert any(line.startswith(f"{STEP9}:") and "Bản ghi điều chỉnh của kế hoạch đã thông qua bị sửa hoặc xoá "
               "(1 → 0 bản ghi)" in line for line in lines), lines


def test_the_reviewers_checklist_says_what_changed_and_what_is_missing(clone, sedp):
    edit(clone, f"{YEAR}/buoc-09-hdnd-thong-qua.yaml", "tan_thanh: 26", "tan_thanh: 25")
    edit(clone, f"{YEAR}/buoc-04-du-thao.yaml", "ke_hoach: 2374", "ke_hoach: 2400")
    code, comment = sedp(clone, "diff", "HEAD", "--checklist")
    assert code == 0
    assert comment.startswith("### Danh sách kiểm tra cho người duyệt\n\n"
                              "- [x] Kiểm tra kế hoạch (`sedp validate`): Đã kiểm tra 8 xã, 10 năm kế hoạch, 124 tệp: "
                              "0 lỗi.\n"
                              f"- [ ] Kế hoạch đã thông qua bị sửa mà chưa có bản ghi điều chỉnh: {YEAR}\n"
                              "- [x] Mọi ý kiến góp ý của các năm kế hoạch đã sửa đều có cách xử lý\n"
                              "- Xã Lê Lai (Huyện Thạch An) – năm 2027: Bước 4, Bước 9\n\n"
                              "### Thay đổi nội dung kế hoạch (1 năm kế hoạch)\n")
    record(clone, date.today())
    code, comment = sedp(clone, "diff", "HEAD", "--checklist")
    assert ("- [x] Kế hoạch đã thông qua được sửa, có bản ghi điều chỉnh: Xã Lê Lai (Huyện Thạch An) – năm 2027\n"
            in comment)
    edit(clone, f"{YEAR}/buoc-09-hdnd-thong-qua.yaml", "tan_thanh: 25", "tan_thanh: nhiều")
    code, comment = sedp(clone, "diff", "HEAD", "--checklist")
    assert "- [ ] Kiểm tra kế hoạch (`sedp validate`): Đã kiểm tra 8 xã, 10 năm kế hoạch, 124 tệp: 1 lỗi.\n" in comment


def test_a_needs_status_in_an_approved_plan_needs_a_record(clone, sedp):
    """The diff says a need's status in its summary above the field list; it is a change all the same."""
    edit(clone, f"{YEAR}/buoc-02-nhu-cau.yaml", "trang_thai: moi", "trang_thai: dang_thuc_hien")
    code, lines = problems(sedp, clone)
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith(f"{YEAR}/buoc-02-nhu-cau.yaml:") and "NC01 – Thôn Nà Pàn thiếu nước sinh hoạt vào mùa khô › Trạng thái" in lines[0], lines
    record(clone, date.today())
    assert problems(sedp, clone) == (0, [])


def test_moving_an_approved_plan_back_to_draft_needs_a_record(clone, sedp):
    edit(clone, f"{YEAR}/ke-hoach.yaml", "trang_thai: da_thong_qua", "trang_thai: du_thao")
    code, lines = problems(sedp, clone)
    assert code == 1
    assert lines == [f"{YEAR}/ke-hoach.yaml:7: trang_thai: Kế hoạch đã được HĐND thông qua (trạng thái 'HĐND thông "
                     "qua'): Kế hoạch › Trạng thái kế hoạch đã sửa mà chưa có bản ghi điều chỉnh — " + HINT]


def test_a_plan_file_written_as_a_list_is_reported_not_crashed(clone, sedp):
    (clone / STEP9).write_text("- a\n", encoding="utf-8")
    code, output = sedp(clone, "validate", "plans", "--since", "HEAD")
    assert code == 1 and "Traceback" not in output and output.splitlines()[-1].endswith("lỗi.")


RECORDED = "plans/thach-an/duc-long/2026"  # published, with its implementation record (step 10)


def test_an_approved_years_implementation_record_is_not_deleted_without_a_record(clone, sedp):
    (clone / RECORDED / "thuc-hien.yaml").unlink()
    code, lines = problems(sedp, clone)
    assert code == 1
    assert lines == [f"{RECORDED}/thuc-hien.yaml: Bản ghi thực hiện của năm kế hoạch đã được HĐND thông qua "
                     "(trạng thái 'Công khai') bị xoá mà chưa có bản ghi điều chỉnh — Khôi phục tệp (git checkout) "
                     "hoặc thêm một mục vào dieu_chinh trong buoc-09-hdnd-thong-qua.yaml (ngày, số quyết định, lý do) "
                     "nói vì sao bỏ bản ghi thực hiện."], lines
    code, comment = sedp(clone, "diff", "HEAD", "--checklist")
    assert f"- [ ] Kế hoạch đã thông qua bị sửa mà chưa có bản ghi điều chỉnh: {RECORDED}\n" in comment, comment
    record(clone, date(2026, 12, 1), "12/NQ-HĐND", "Bỏ bản ghi thực hiện nhập nhầm",
           step=f"{RECORDED}/buoc-09-hdnd-thong-qua.yaml")
    assert problems(sedp, clone) == (0, [])


@pytest.fixture(scope="module")
def exported_workbook(origin, tmp_path_factory):
    """Xã Lê Lai's 2027 workbook as `sedp export` writes it."""
    out = tmp_path_factory.mktemp("du-lieu")
    generated = generate(origin)
    assert generated.report.ok
    export_open_data(generated, out)
    return out / "thach-an/le-lai/2027/ke-hoach-le-lai-2027.xlsx"


def test_a_workbook_imported_into_an_approved_plan_needs_a_new_record(clone, sedp, exported_workbook, tmp_path):
    workbook = tmp_path / "ke-hoach.xlsx"
    shutil.copyfile(exported_workbook, workbook)
    code, output = sedp(clone, "import", "xlsx", str(workbook), "plans/thach-an/le-lai", "2027", "--write")
    assert code == 0 and output.startswith("**Không có thay đổi nội dung kế hoạch**"), output  # nothing to amend
    edit_cell(workbook, "Biểu 6", "Dân đóng góp", 2, lambda old: (old or 0) + 25)
    plan = clone / YEAR / "buoc-04-du-thao.yaml"
    original = plan.read_bytes()
    for write in ((), ("--write",)):
        code, output = sedp(clone, "import", "xlsx", str(workbook), "plans/thach-an/le-lai", "2027", *write)
        assert code == 1
        assert "| +25 |" in output  # the change is shown all the same
        assert output.splitlines()[-2:] == [
            f"{STEP9}: Kế hoạch đã được HĐND thông qua (trạng thái 'HĐND thông qua'): nhập tệp Excel sẽ sửa "
            "buoc-04-du-thao.yaml mà chưa có bản ghi điều chỉnh mới — Thêm một mục vào dieu_chinh trong "
            "buoc-09-hdnd-thong-qua.yaml (ngày, số quyết định, lý do) rồi nhập lại.",
            "Lỗi: Kế hoạch đã thông qua chỉ được sửa kèm bản ghi điều chỉnh; chưa ghi gì."]
        assert plan.read_bytes() == original
    record(clone, date.today())
    code, output = sedp(clone, "import", "xlsx", str(workbook), "plans/thach-an/le-lai", "2027", "--write")
    assert code == 0, output
    assert plan.read_bytes() != original
    assert problems(sedp, clone) == (0, [])


def test_an_edit_outside_what_the_record_lists_is_refused_naming_the_field(clone, sedp):
    edit(clone, f"{YEAR}/buoc-04-du-thao.yaml", "ke_hoach: 2374", "ke_hoach: 2400")
    edit(clone, STEP9, "tan_thanh: 26", "tan_thanh: 25")
    text = (clone / STEP9).read_text(encoding="utf-8")
    record(clone, date.today(), reason="Điều chỉnh chỉ tiêu sản lượng lương thực", scope="[CT01]")
    code, lines = problems(sedp, clone)
    assert code == 1
    assert lines == [f"{STEP9}:14: bieu_quyet: Kế hoạch đã được HĐND thông qua (trạng thái 'HĐND thông qua'): "
                     "Bước 9 › Kết quả biểu quyết › Tán thành đã sửa nhưng không có trong phạm vi của "
                     "bản ghi điều chỉnh (CT01) — Thêm vào pham_vi của bản ghi điều chỉnh mã mục hoặc phần đã sửa "
                     "(ở đây: bieu_quyet), hoặc bỏ sửa đổi này."], lines
    code, comment = sedp(clone, "diff", "HEAD", "--checklist")
    assert (f"- [ ] Kế hoạch đã thông qua bị sửa ngoài phạm vi (pham_vi) của bản ghi điều chỉnh: {YEAR}\n"
            in comment), comment
    assert "- [x] Kế hoạch đã thông qua được sửa" not in comment
    (clone / STEP9).write_text(text, encoding="utf-8")
    record(clone, date.today(), reason="Điều chỉnh chỉ tiêu và sửa số phiếu ghi nhầm", scope="[CT01, bieu_quyet]")
    assert problems(sedp, clone) == (0, [])


def test_a_past_result_in_an_approved_years_record_is_not_rewritten_without_a_record(clone, sedp):
    record_file = f"{RECORDED}/thuc-hien.yaml"
    edit(clone, record_file, "ngay_cap_nhat: 30/11/2026", "ngay_cap_nhat: 05/12/2026")
    edit(clone, record_file, "    ngay_tra_loi: 21/10/2026\n", "    ngay_tra_loi: 21/10/2026\n  - ngay: 05/12/2026\n"
         "    phat_hien: Thân kè chưa thi công tiếp\n")
    edit(clone, record_file, "tien_do: 45", "tien_do: 50")
    assert problems(sedp, clone) == (0, [])  # the record grows through the year: new visits, progress
    edit(clone, record_file, "gia_tri: 960", "gia_tri: 990")
    edit(clone, record_file, "    phat_hien: Đoạn kè 15 m", "    phat_hien: Đoạn kè 10 m")
    assert refused(sedp, clone) == [
        "Kế hoạch đã được HĐND thông qua (trạng thái 'Công khai'): Thực hiện kế hoạch › Tiến độ thực hiện hoạt động › "
        "mục HD02 › Giám sát đầu tư của cộng đồng › ngày 14/10/2026 › Phát hiện đã ghi trước đây bị sửa hoặc xoá "
        "mà chưa có bản ghi điều chỉnh — Số liệu đã ghi chỉ được thêm, không sửa: ghi số liệu mới thành một dòng "
        "mới với ngày của nó; phải sửa số đã ghi thì thêm một mục vào dieu_chinh trong buoc-09-hdnd-thong-qua.yaml "
        "(ngày, số quyết định, lý do).",
        "Kế hoạch đã được HĐND thông qua (trạng thái 'Công khai'): Thực hiện kế hoạch › Kết quả thực hiện chỉ tiêu › "
        "mục CT01 › Kết quả đạt được theo ngày › ngày 30/06/2026 › Giá trị đạt được đã ghi trước đây bị sửa hoặc xoá "
        "mà chưa có bản ghi điều chỉnh — Số liệu đã ghi chỉ được thêm, không sửa: ghi số liệu mới thành một dòng "
        "mới với ngày của nó; phải sửa số đã ghi thì thêm một mục vào dieu_chinh trong buoc-09-hdnd-thong-qua.yaml "
        "(ngày, số quyết định, lý do)."]
    assert all(line.startswith(f"{record_file}:") for line in problems(sedp, clone)[1])
    code, comment = sedp(clone, "diff", "HEAD", "--checklist")
    assert f"- [ ] Kế hoạch đã thông qua bị sửa mà chưa có bản ghi điều chỉnh: {RECORDED}\n" in comment, comment
    record(clone, date(2026, 12, 5), "12/NQ-HĐND", "Sửa số liệu sản lượng quý hai ghi nhầm",
           step=f"{RECORDED}/buoc-09-hdnd-thong-qua.yaml")
    assert problems(sedp, clone) == (0, [])


def test_what_the_record_keeps_as_recorded_is_the_handbooks_word(clone, sedp):
    """so_da_ghi in schema/quy-trinh.yaml, not sedp's code, says which entries are only added to:
    a province that lets results be rewritten drops their line, and the same edit passes."""
    edit(clone, f"{RECORDED}/thuc-hien.yaml", "gia_tri: 960", "gia_tri: 990")
    assert len(refused(sedp, clone)) == 1
    edit(clone, "schema/quy-trinh.yaml", "  - {danh_sach: chi_tieu, muc: ket_qua, truong: gia_tri}", "")
    assert problems(sedp, clone) == (0, [])


def test_a_past_result_rewritten_outside_what_the_record_lists_is_refused(clone, sedp):
    record_file = f"{RECORDED}/thuc-hien.yaml"
    edit(clone, record_file, "gia_tri: 960", "gia_tri: 990")
    text = (clone / RECORDED / "buoc-09-hdnd-thong-qua.yaml").read_text(encoding="utf-8")
    record(clone, date(2026, 12, 5), "12/NQ-HĐND", "Sửa số liệu giám sát ghi nhầm", scope="[HD02]",
           step=f"{RECORDED}/buoc-09-hdnd-thong-qua.yaml")
    assert refused(sedp, clone) == [
        "Kế hoạch đã được HĐND thông qua (trạng thái 'Công khai'): Thực hiện kế hoạch › Kết quả thực hiện chỉ tiêu › "
        "mục CT01 › Kết quả đạt được theo ngày › ngày 30/06/2026 › Giá trị đạt được đã sửa nhưng không có trong "
        "phạm vi của bản ghi điều chỉnh (HD02) — Thêm vào pham_vi của bản ghi điều chỉnh mã mục hoặc phần đã sửa "
        "(ở đây: CT01), hoặc bỏ sửa đổi này."]
    (clone / RECORDED / "buoc-09-hdnd-thong-qua.yaml").write_text(text, encoding="utf-8")
    record(clone, date(2026, 12, 5), "12/NQ-HĐND", "Sửa số liệu sản lượng quý hai ghi nhầm", scope="[CT01]",
           step=f"{RECORDED}/buoc-09-hdnd-thong-qua.yaml")
    assert problems(sedp, clone) == (0, [])


def test_a_plan_approved_before_comments_were_classified_gains_the_fields_without_an_amendment(clone, sedp):
    """A plan approved under an older handbook: step 7 named the activity `hoat_dong` and no
    comment said who made it. Bringing it up to today's fields (the rename in doi_ten, the
    classifying fields in sua_tu_do_sau_thong_qua) is no amendment; the comment's words are."""
    step7, step5 = f"{YEAR}/buoc-07-y-kien-huyen.yaml", f"{YEAR}/buoc-05-tham-van.yaml"
    edit(clone, step7, "  muc: HD01\n", "  hoat_dong: HD01\n")
    text = (clone / step5).read_text(encoding="utf-8")
    (clone / step5).write_text(re.sub(r"  (chu_the|muc|cach_xu_ly): .*\n", "", text), encoding="utf-8")
    git(clone, "commit", "-qam", "Kế hoạch như khi HĐND thông qua, theo sổ tay cũ")
    edit(clone, step7, "  hoat_dong: HD01\n", "  muc: HD01\n")
    (clone / step5).write_text(text, encoding="utf-8")
    assert problems(sedp, clone) == (0, [])
    edit(clone, step7, "theo khả năng bố trí vốn", "theo khả năng bố trí vốn năm 2027")
    assert refused(sedp, clone) == [
        "Kế hoạch đã được HĐND thông qua (trạng thái 'HĐND thông qua'): Bước 7 › Ý kiến của huyện › "
        "YK01 – Phòng Tài chính – Kế hoạch › Nội dung góp ý đã sửa mà chưa có bản ghi điều chỉnh — " + HINT]
