"""The comments report (Báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý dự thảo kế
hoạch): on the plan-year page, and as a DOCX that LibreOffice prints with every comment
of steps 5 and 7 and the counts the YAML holds (issue 28's "Done when")."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project, page  # noqa: F401
from htmltables import find

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
DUC_LONG = Path("plans/thach-an/duc-long")
SECTION = "Tổng hợp, tiếp thu, giải trình ý kiến góp ý"


# -- the plan-year page ---------------------------------------------------------------
def test_the_page_counts_and_lists_duc_long_2026s_comments(built):
    html = page(built, "thach-an/duc-long/2026")
    # buoc-05: Trưởng thôn Phja Hoi (nguoi_dan), Hội Phụ nữ xã (doan_the), both tiep_thu;
    # buoc-07: YK01, YK02 without chu_the (the district's offices), tiep_thu and giai_trinh
    assert find(html, SECTION, "Số ý kiến theo chủ thể góp ý")["rows"] == [
        ["Chủ thể góp ý", "Số ý kiến"],
        ["Thôn, người dân", "1"],
        ["Đoàn thể (Hội Phụ nữ, Nông dân, Cựu chiến binh, Đoàn Thanh niên)", "1"],
        ["Phòng, ban chuyên môn huyện", "2"],
        ["Tổng cộng", "4"]]
    assert find(html, SECTION, "Số ý kiến theo cách xử lý")["rows"] == [
        ["Cách xử lý ý kiến", "Số ý kiến"],
        ["Tiếp thu, đã chỉnh sửa", "3"],
        ["Giải trình, giữ nguyên", "1"],
        ["Tổng cộng", "4"]]
    assert find(html, SECTION, "Nội dung góp ý và tiếp thu, giải trình")["rows"] == [
        ["TT", "Nội dung dự thảo", "Nội dung góp ý", "Chủ thể/Đơn vị góp ý", "Ý kiến tiếp thu, giải trình"],
        ["1", "HD02 – Xây kè chống sạt lở đường vào thôn Pác Pàn (40 m)", "Đề nghị ưu tiên làm đường trước mùa mưa",
         "Trưởng thôn Phja Hoi – Thôn, người dân",
         "Tiếp thu, đã chỉnh sửa: Tiếp thu, điều chỉnh thời gian khởi công sang tháng 3"],
        ["2", "CT04 – Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng", "Đề nghị tăng số buổi truyền thông dinh dưỡng",
         "Hội Phụ nữ xã – Đoàn thể (Hội Phụ nữ, Nông dân, Cựu chiến binh, Đoàn Thanh niên)",
         "Tiếp thu, đã chỉnh sửa: Tiếp thu trong phạm vi nguồn vốn"],
        ["3", "HD01 – Sửa chữa nhà văn hóa thôn Nặm Khoang",
         "Cân đối lại nguồn ngân sách huyện cho hoạt động HD01 theo khả năng bố trí vốn",
         "Phòng Tài chính – Kế hoạch – Phòng, ban chuyên môn huyện",
         "Tiếp thu, đã chỉnh sửa: Đã bỏ vốn ngân sách huyện, tăng phần doanh nghiệp đối ứng"],
        ["4", "Chung (toàn bộ dự thảo)", "Bổ sung giải pháp thích ứng rét đậm, rét hại cho chăn nuôi",
         "Phòng Nông nghiệp và Phát triển nông thôn – Phòng, ban chuyên môn huyện",
         "Giải trình, giữ nguyên: Nội dung đã có trong hoạt động hỗ trợ chuồng trại của Biểu 7"]]
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert ("Ngày 13/09/2025, tại Hội trường UBND xã, Ủy ban nhân dân xã Đức Long tổ chức hội nghị thảo luận dự "
            "thảo Kế hoạch phát triển kinh tế - xã hội năm 2026, có 50 người tham dự; hội nghị có 2 ý kiến góp ý.") in text
    assert "Từ ngày 26/10/2025 đến ngày 29/10/2025, huyện Thạch An có 2 ý kiến góp ý." in text
    assert 'bao-cao-y-kien-duc-long-2026.docx">Báo cáo tổng hợp, tiếp thu, giải trình ý kiến</a>' in html
    # 2027's one district comment (YK01, 30/10/2026): one day, not "from 30/10 to 30/10"
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", page(built, "thach-an/duc-long/2027"))).split())
    assert "Ngày 30/10/2026, huyện Thạch An có 1 ý kiến góp ý." in text
    assert "Từ ngày 30/10/2026" not in text


# -- the DOCX as LibreOffice prints it -----------------------------------------------
def _yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _labels(vocabulary: str) -> dict:
    return {code: entry["nhan"] for code, entry in _yaml(ROOT / "schema/danh-muc" / vocabulary)["muc"].items()}


def _comments(year: str) -> list[dict]:
    """Each comment of steps 5 and 7 by plain reading: its text, who (a step-7 comment without
    chu_the is the district's offices) and its outcome (none written: chua_xu_ly)."""
    folder = ROOT / DUC_LONG / year
    found = [{"noi_dung": c["noi_dung"], "chu_the": c["chu_the"], "cach_xu_ly": c.get("cach_xu_ly") or "chua_xu_ly"}
             for c in _yaml(folder / "buoc-05-tham-van.yaml").get("y_kien") or []]
    found += [{"noi_dung": c["noi_dung"], "chu_the": c.get("chu_the") or "phong_ban_huyen",
               "cach_xu_ly": (c.get("tra_loi") or {}).get("cach_xu_ly") or "chua_xu_ly"}
              for c in _yaml(folder / "buoc-07-y-kien-huyen.yaml").get("y_kien") or []]
    return found


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Đức Long 2026's and 2027's comments reports, written by `sedp docx` and printed to PDF."""
    if SOFFICE is None or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice or poppler-utils missing (apt-get install libreoffice-writer-nogui "
                    "poppler-utils; .ci/run does)")
    folder = tmp_path_factory.mktemp("comments-report")
    project = copy_project(folder / "project")
    done = subprocess.run([sys.executable, "-m", "sedp", "docx", "--out", str(folder / "docx"), "--root",
                           str(project)], cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    reports = [folder / "docx/thach-an/duc-long" / y / f"bao-cao-y-kien-duc-long-{y}.docx" for y in ("2026", "2027")]
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", "pdf",
                    "--outdir", str(folder / "pdf"), *map(str, reports)], check=True, capture_output=True,
                   timeout=600)
    return folder / "pdf"


def _text(pdf: Path, layout: bool) -> str:
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.mark.parametrize("year", ["2026", "2027"])
def test_the_printed_report_holds_every_comment_and_the_yamls_counts(printed, year):
    comments = _comments(year)
    assert comments, "the example year has comments to report"
    pdf = printed / f"bao-cao-y-kien-duc-long-{year}.pdf"
    cells = " ".join(_text(pdf, layout=False).split())  # a table cell's lines read together
    lines = [" ".join(line.split()) for line in _text(pdf, layout=True).splitlines()]
    table = cells[cells.index("III. NỘI DUNG GÓP Ý"):cells.index("Trên đây là báo cáo")]
    for comment in comments:
        assert table.count(comment["noi_dung"]) == 1, comment["noi_dung"]  # its row, once
    assert f"Tổng cộng có {len(comments)} ý kiến góp ý" in cells
    for vocabulary, key in (("chu-the-gop-y.yaml", "chu_the"), ("cach-xu-ly.yaml", "cach_xu_ly")):
        labels = _labels(vocabulary)
        counted = Counter(c[key] for c in comments)
        for code, label in labels.items():
            printed_counts = [line for line in lines if line.startswith(label + " ") and line[len(label) + 1:].isdigit()]
            if counted[code]:
                assert printed_counts == [f"{label} {counted[code]}"], (label, printed_counts)
            else:
                assert printed_counts == [], label
    assert lines.count(f"Tổng cộng {len(comments)}") == 2  # both count tables add up to every comment


# -- the outline's fields are checked ---------------------------------------------------
def test_a_misspelt_field_in_the_comments_outline_is_a_handbook_error_at_its_line(tmp_path, sedp):
    from conftest import make_project

    project = make_project(tmp_path / "p")
    outline = project / "schema/van-ban/bao-cao-y-kien.yaml"
    text = outline.read_text(encoding="utf-8").replace("nguoi: co_quan", "nguoi: co_quan_gop_y", 1)
    outline.write_text(text, encoding="utf-8")
    line = next(i + 1 for i, row in enumerate(text.splitlines()) if "co_quan_gop_y" in row)
    code, output = sedp(project, "validate", "plans")
    assert code == 1
    assert output.splitlines()[0] == (
        f"schema/van-ban/bao-cao-y-kien.yaml:{line}: y_kien.1.nguoi: Đề cương văn bản sai: không có trường "
        "'y_kien.*.co_quan_gop_y' trong tệp buoc-07-y-kien-huyen.yaml — Ghi {tep: tệp bước, danh_sach: …, "
        "tên: đường dẫn trường} của một trường có trong schema/quy-tac/.")
