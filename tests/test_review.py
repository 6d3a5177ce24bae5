"""District comments as reviewed pull requests: real git repositories in tmp_path."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, git, init_repo
from htmltables import find
from sedp.publish.build import build_site

DRAFT = Path("plans/thach-an/thuy-hung/2027")
APPROVED = Path("plans/thach-an/le-lai/2027")


run = git


@pytest.fixture
def repo(tmp_path) -> Path:
    return init_repo(copy_project(tmp_path / "repo"))


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


NEW_ACTIVITY = """- ma: HD09
  ten: Xây cầu tràn qua suối thôn Bản Mới
  linh_vuc: giao_thong
  khi_hau: giam_nhe_rui_ro
  kinh_phi:
    ngan_sach_huyen: 300
    dan_dong_gop: 45.5
"""


def test_diff_shows_an_added_activity_a_budget_change_a_removed_need_and_a_status_change(repo, sedp):
    run(repo, "checkout", "-q", "-b", "xa/sua-ke-hoach")
    activities = repo / DRAFT / "buoc-04-du-thao.yaml"
    activities.write_text(activities.read_text(encoding="utf-8").rstrip("\n") + "\n" + NEW_ACTIVITY, encoding="utf-8")
    needs = repo / DRAFT / "buoc-02-nhu-cau.yaml"
    text = needs.read_text(encoding="utf-8")
    last = text.rindex("- ma: NC")
    end = text.index("hop_doanh_nghiep:", last)
    removed_code = re.match(r"- ma: (NC\d+)", text[last:]).group(1)
    needs.write_text(text[:last] + text[end:], encoding="utf-8")
    edit(repo / DRAFT / "ke-hoach.yaml", "trang_thai: du_thao", "trang_thai: da_gui_huyen")
    run(repo, "commit", "-q", "-am", "Thêm cầu tràn, bỏ một nhu cầu, gửi huyện")

    code, output = sedp(repo, "diff", "main", "HEAD")
    assert code == 0
    lines = output.splitlines()
    assert "#### Xã Thụy Hùng (Huyện Thạch An) – năm 2027" in lines
    assert "- **Trạng thái:** Dự thảo → Đã gửi huyện" in lines
    assert ("- **Thêm hoạt động** HD09 «Xây cầu tràn qua suối thôn Bản Mới» (Giao thông): 345,5 triệu đồng"
            in lines)
    assert any(line.startswith(f"- **Bỏ nhu cầu** {removed_code}: ") for line in lines)
    budget = [line for line in lines if line.startswith("| Ngân sách huyện |") or line.startswith("| Dân đóng góp |")
              or line.startswith("| **Tổng cộng** |")]
    assert len(budget) == 3
    assert budget[-1].endswith("| +345,5 |")
    assert re.fullmatch(r"\| Ngân sách huyện \| [\d.,]+ \| [\d.,]+ \| \+300 \|", budget[0])


def test_diff_shows_field_level_changes_of_an_activity(repo, sedp):
    path = repo / DRAFT / "buoc-04-du-thao.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("hoat_dong:")
    line = re.search(r"\n  ten: (.*)\n", text[start:])
    path.write_text(text[:start] + text[start:].replace(line.group(0), "\n  ten: Tên mới của hoạt động\n", 1),
                    encoding="utf-8")
    code, output = sedp(repo, "diff", "HEAD")  # against the working tree
    assert code == 0
    assert f"Tên hoạt động: {line.group(1)} → Tên mới của hoạt động" in output


def test_review_trail_on_the_built_page(repo):
    run(repo, "checkout", "-q", "-b", "xa/gui-huyen")
    edit(repo / DRAFT / "ke-hoach.yaml", "trang_thai: du_thao", "trang_thai: da_gui_huyen")
    sent = repo / DRAFT / "buoc-06-gui-huyen.yaml"
    sent.write_text(re.sub(r"(?m)^ngay_gui:.*$", "ngay_gui: 15/10/2026", sent.read_text(encoding="utf-8")),
                    encoding="utf-8")
    run(repo, "commit", "-q", "-am", "Gửi dự thảo lên huyện")
    run(repo, "checkout", "-q", "main")
    run(repo, "merge", "-q", "--no-ff", "-m", "Merge pull request #12 from thuy-hung/gui-huyen", "xa/gui-huyen")
    assert build_site(repo).ok
    html = (repo / "site" / DRAFT.relative_to("plans") / "index.html").read_text(encoding="utf-8")
    rows = find(html, "Lịch sử góp ý và chỉnh sửa")["rows"]
    assert rows[0] == ["Ngày", "Người sửa", "Yêu cầu thay đổi", "Tóm tắt"]
    merged, first = rows[1], rows[-1]
    assert merged[1:] == ["Lương Văn Tùng", "#12", "trạng thái Dự thảo → Đã gửi huyện; sửa 1 mục (Bước 6)"]
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", merged[0])
    assert first[1:] == ["Lương Văn Tùng", "", "tạo năm kế hoạch"]


def test_an_approved_plan_cannot_change_quietly(repo, sedp):
    path = repo / APPROVED / "buoc-04-du-thao.yaml"
    text = path.read_text(encoding="utf-8")
    line = re.search(r"\n  tong_kinh_phi: (\d+)", text)
    amount = re.search(r"\n    (ngan_sach_\w+|doanh_nghiep|dan_dong_gop|chuong_trinh_\w+): (\d+)", text)
    text = text.replace(amount.group(0), f"\n    {amount.group(1)}: {int(amount.group(2)) + 10}", 1)
    text = text.replace(line.group(0), f"\n  tong_kinh_phi: {int(line.group(1)) + 10}", 1)
    path.write_text(text, encoding="utf-8")
    code, output = sedp(repo, "validate", "plans", "--since", "HEAD")
    assert code == 1
    assert (f"{APPROVED}/buoc-04-du-thao.yaml:" in output
            and "hoat_dong: Kế hoạch đã được HĐND thông qua (trạng thái 'HĐND thông qua'): Bước 4 › Hoạt động và "
                "ngân sách › HD01 – Kéo 4 km đường điện hạ thế đến thôn Cốc Chang › " in output
            and " đã sửa mà chưa có bản ghi điều chỉnh — Thêm một mục vào dieu_chinh" in output)

    # The record must date from after the approval and not from the future: the example's
    # resolution is moved to ten days ago, recorded by the same amendment, dated today.
    step9 = repo / APPROVED / "buoc-09-hdnd-thong-qua.yaml"
    today, approved = date.today(), date.today() - timedelta(days=10)
    text = re.sub(r"(nghi_quyet:\n  so: .*\n  ngay: )\S+", rf"\g<1>{approved:%d/%m/%Y}",
                  step9.read_text(encoding="utf-8"))
    text = re.sub(r"(ky_hop:\n  ngay: )\S+", rf"\g<1>{approved:%d/%m/%Y}", text)  # passed at that sitting
    step9.write_text(text + (
        f"dieu_chinh:\n- ngay: {today:%d/%m/%Y}\n  so_quyet_dinh: 05/NQ-HĐND\n"
        "  ly_do: Bổ sung vốn doanh nghiệp theo hợp đồng liên kết\n"), encoding="utf-8")
    code, output = sedp(repo, "validate", "plans", "--since", "HEAD")
    assert (code, output.splitlines()[-1]) == (0, "Đã kiểm tra 8 xã, 10 năm kế hoạch, 124 tệp: 0 lỗi.")


def test_a_bad_revision_is_a_vietnamese_error(repo, sedp):
    code, output = sedp(repo, "diff", "khong-co-nhanh-nay")
    assert (code, output) == (1, "Lỗi: Không tìm thấy phiên bản git 'khong-co-nhanh-nay' (tên nhánh, thẻ hoặc mã "
                                 "commit); xem các nhánh bằng `git branch -a`.\n")


def test_codeowners_check_passes_then_fails_after_a_new_reviewer(repo, sedp):
    (repo / ".github").mkdir(exist_ok=True)
    (repo / ".github" / "CODEOWNERS").write_text((ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    code, output = sedp(repo, "codeowners", "--check")
    assert (code, output) == (0, ".github/CODEOWNERS đã cập nhật.\n")
    district = repo / "plans/ha-quang/district.yaml"
    district.write_text(district.read_text(encoding="utf-8") + "- ho_ten: Bế Văn Mới\n  github: be-van-moi\n",
                        encoding="utf-8")
    code, output = sedp(repo, "codeowners", "--check")
    assert code == 1 and "chưa khớp với người duyệt" in output
    assert sedp(repo, "codeowners")[0] == 0
    assert "/plans/ha-quang/ @pkh-haquang @be-van-moi" in (repo / ".github/CODEOWNERS").read_text(encoding="utf-8")


def _owners(codeowners: str, path: str) -> list[str]:
    """GitHub's rule, read independently of sedp: the last matching line wins."""
    import pathspec

    owners: list[str] = []
    for line in codeowners.splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *handles = line.split()
            if pathspec.PathSpec.from_lines("gitignore", [pattern]).match_file(path):
                owners = handles
    return owners


def test_the_province_owns_every_tracked_path_outside_the_district_folders():
    codeowners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    import yaml

    province = ["@" + p["github"] for p in yaml.safe_load((ROOT / "plans/province.yaml").read_text("utf-8"))
                ["nguoi_quan_ly"]]
    districts = {d.parent.name: ["@" + p["github"] for p in yaml.safe_load(d.read_text("utf-8"))["nguoi_duyet"]]
                 for d in (ROOT / "plans").glob("*/district.yaml")}
    tracked = run(ROOT, "ls-files").splitlines()
    assert {"requirements.txt", "pyproject.toml", "Makefile", "package.json", "package-lock.json",
            "tests/conftest.py", "docs/huong-dan.md", ".github/dependabot.yml"} <= set(tracked)
    for path in tracked:
        parts = path.split("/")
        if parts[0] == "plans" and len(parts) > 2 and parts[1] in districts:
            assert _owners(codeowners, path) == districts[parts[1]], path
        else:
            assert _owners(codeowners, path) == province, path
