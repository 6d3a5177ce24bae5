"""The handbook's words come from the handbook: a province that rewords a roll-up table's
heading in schema/tong-hop.yaml, a sentence or heading of the period report in
schema/van-ban/bao-cao-giai-doan.yaml, or the open data page's introduction, sees its
own words on the pages and in the DOCX, and the old words nowhere.

One build of the base fixture (one commune, Đức Long 2027, a draft with no
implementation record) with those words changed in its copy of schema/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import make_project, replace_in
from docx import Document
from sedp.publish.build import build_site

PARTICIPATION = "Người dân cùng bàn kế hoạch"  # tham_du, was "Sự tham gia của người dân"
HAZARDS = "Thiên tai (trong 5 năm qua)"  # thien_tai, was "Thiên tai đã xảy ra (5 năm gần đây)"
OPEN_DATA_INTRO = "Mọi số liệu của tỉnh, mỗi loại một tệp CSV; các cột ở [gói dữ liệu]({datapackage})."


@pytest.fixture(scope="module")
def reworded(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("words") / "project")
    rollup = project / "schema/tong-hop.yaml"
    replace_in(rollup, "nhan: Sự tham gia của người dân", f"nhan: {PARTICIPATION}")
    replace_in(rollup, "nhan: Thiên tai đã xảy ra (5 năm gần đây)", f'nhan: "{HAZARDS}"')
    text = rollup.read_text(encoding="utf-8")
    start = text.index("  gioi_thieu: >-")
    end = text.index("  tong_hop_tinh:")
    rollup.write_text(text[:start] + f'  gioi_thieu: "{OPEN_DATA_INTRO}"\n' + text[end:], encoding="utf-8")
    outline = project / "schema/van-ban/bao-cao-giai-doan.yaml"
    text = outline.read_text(encoding="utf-8")
    start = text.index("  tong_quan: >-")
    end = text.index("  moi_nam:")
    outline.write_text(text[:start] + '  tong_quan: "Trong giai đoạn {giai_doan_bao_cao}, các xã lập {so_ke_hoach} '
                       'kế hoạch năm ({tung_nam}); {da_thong_qua} đã thông qua, {chua_thong_qua} chưa."\n'
                       + text[end:], encoding="utf-8")
    replace_in(outline, 'moi_nam: "năm {nam}: {so_xa} xã"', 'moi_nam: "{nam} có {so_xa} xã"')
    replace_in(outline, "kinh_phi: Kinh phí kế hoạch theo nguồn vốn (triệu đồng)",
               "kinh_phi: Tiền kế hoạch từng nguồn (triệu đồng)")
    report = build_site(project)
    assert report.ok, [p.format() for p in report.sorted()]
    return project


def html(project: Path, url: str) -> str:
    return (project / "site" / url / "index.html").read_text(encoding="utf-8")


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a written DOCX, one per line."""
    document = Document(str(path))
    lines = [p.text for p in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def test_a_roll_up_heading_reworded_in_tong_hop_yaml_is_on_the_pages_and_in_the_documents(reworded):
    year, district, period = (html(reworded, url) for url in ("thach-an/duc-long/2027", "thach-an",
                                                               "bao-cao-giai-doan"))
    for page in (year, district, period):
        assert f">{PARTICIPATION}<" in page
        assert "Sự tham gia của người dân" not in page
    for page in (year, district):  # parentheses typed in the handbook stay parentheses
        assert f">{HAZARDS}<" in page
        assert "Thiên tai đã xảy ra" not in page
    synthesis = docx_text(reworded / "site/thach-an/tong-hop-thach-an-2027.docx")
    assert f"\n{PARTICIPATION}\n" in synthesis and f"\n{HAZARDS}\n" in synthesis
    # (the outline's own heading and the plan's sentence on hazards are other words, left as they are)
    assert "\nSự tham gia của người dân\n" not in synthesis
    assert "\nThiên tai đã xảy ra (5 năm gần đây)\n" not in synthesis
    report = docx_text(reworded / "site/bao-cao-giai-doan-2025-2027.docx")
    assert f"\n{PARTICIPATION}\n" in report and "\nSự tham gia của người dân\n" not in report
    package = json.loads((reworded / "site/du-lieu-mo/datapackage.json").read_text(encoding="utf-8"))
    titles = {resource["name"]: resource.get("title") for resource in package["resources"]}
    assert titles["tham-gia"] == PARTICIPATION
    assert titles["tham-gia-xa"] == f"{PARTICIPATION} ở từng xã"


def test_a_period_report_sentence_and_heading_reworded_in_its_outline_are_in_the_docx(reworded):
    for name in ("bao-cao-giai-doan-2025-2027.docx", "thach-an/bao-cao-giai-doan-thach-an-2025-2027.docx"):
        report = docx_text(reworded / "site" / name)
        assert "\nTrong giai đoạn 2025–2027, các xã lập 1 kế hoạch năm (2027 có 1 xã); 0 đã thông qua, 1 chưa.\n" \
            in report
        assert "Giai đoạn 2025–2027 có" not in report and "năm 2027: 1 xã" not in report
        assert "\nTiền kế hoạch từng nguồn (triệu đồng)\n" in report
        assert "Kinh phí kế hoạch theo nguồn vốn" not in report
        # the sentences left as they were still read as before
        assert "\nNăm 2025 và 2026 chưa có kế hoạch của xã nào.\n" in report


def test_the_open_data_pages_introduction_is_the_handbooks(reworded):
    page = html(reworded, "du-lieu-mo")
    assert 'Mọi số liệu của tỉnh, mỗi loại một tệp CSV; các cột ở <a href="datapackage.json">gói dữ liệu</a>.' \
        in page
    assert "Toàn bộ số liệu kế hoạch dưới dạng dữ liệu mở" not in page


def test_a_period_sentence_missing_from_the_outline_is_a_handbook_error_naming_it(tmp_path, sedp):
    project = make_project(tmp_path / "p")
    outline = project / "schema/van-ban/bao-cao-giai-doan.yaml"
    replace_in(outline, '  moi_nam: "năm {nam}: {so_xa} xã"\n', "")
    replace_in(outline, "  chua_hop: ", "  chua_hop_x: ")
    lines = outline.read_text(encoding="utf-8").splitlines()
    code, output = sedp(project, "validate", "plans")
    assert code == 1
    out = output.splitlines()
    sentences = lines.index("cau:") + 1  # a missing sentence is told at the first line of the others
    sentences = next(n for n in range(sentences, len(lines)) if not lines[n].lstrip().startswith("#")) + 1
    unknown = lines.index(next(line for line in lines if line.startswith("  chua_hop_x:"))) + 1
    assert any(line.startswith(f"schema/van-ban/bao-cao-giai-doan.yaml:{sentences}: ") and "'moi_nam'" in line
               for line in out), output
    assert any(line.startswith(f"schema/van-ban/bao-cao-giai-doan.yaml:{unknown}: ") and "'chua_hop_x'" in line
               for line in out), output
    assert out[-1] == "Lỗi: Sổ tay trong schema/ có lỗi; sửa các dòng trên trước."
