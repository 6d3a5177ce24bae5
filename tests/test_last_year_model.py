"""Fast checks of last year's results (model/lastyear.py, model/narrative.py,
check/lastyear.py) on the example's files: no site, no DOCX, so mutation
testing can run them for every mutant. Expected sentences are worked out in
tests/lastyear_expected.py by plain arithmetic."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import ROOT
from lastyear_expected import count_words, expected, sentence
from sedp.model.lastyear import last_year, with_last_year
from sedp.model.narrative import assessment
from sedp.source.handbook import load_handbook
from sedp.source.loader import load_file

HANDBOOK = load_handbook(ROOT / "schema")
YEARS = sorted(p for p in (ROOT / "plans").glob("*/*/[0-9][0-9][0-9][0-9]"))


def files(folder):
    return {p.name: load_file(p).data for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else None


@pytest.mark.parametrize("folder", YEARS, ids=[str(p.relative_to(ROOT / "plans")) for p in YEARS])
def test_part_one_says_each_target_and_the_count(folder):
    targets, recorded = expected(folder)
    last = last_year(HANDBOOK, folder.name, files(folder), files(folder.parent / str(int(folder.name) - 1)))
    said = assessment(HANDBOOK, last)
    assert last.recorded == recorded
    assert said[:-1] == [sentence(t, recorded) for t in targets]
    if targets:
        source = "theo báo cáo thực hiện" if recorded else "theo số liệu ước thực hiện"
        assert said[-1].startswith(f"Năm {int(folder.name) - 1} có {len(targets)} chỉ tiêu chủ yếu, {source}")
        assert said[-1].endswith(f": {count_words(targets)}.")
    else:
        assert said == [f"Chưa có số liệu đánh giá thực hiện chỉ tiêu năm {int(folder.name) - 1}."]


def test_each_verdict_and_a_target_without_a_result():
    # Cases the example does not hold: met exactly, a rate meant to fall that rose,
    # a target with no result, one with no plan; counted apart.
    steps = {"buoc-03-xep-hang.yaml": {"danh_gia_nam_truoc": [
        {"chi_tieu": "Số hộ có nước sạch", "don_vi": "hộ", "ke_hoach": 120, "thuc_hien": 120},
        {"chi_tieu": "Tỷ lệ hộ nghèo", "don_vi": "%", "ke_hoach": 20, "thuc_hien": Decimal("21.5"), "chieu": "giam"},
        {"chi_tieu": "Số lớp tập huấn", "don_vi": "lớp", "ke_hoach": 4},
        {"chi_tieu": "Diện tích ngô", "don_vi": "ha", "thuc_hien": 35},
    ]}}
    last = last_year(HANDBOOK, "2027", steps, None)
    assert assessment(HANDBOOK, last) == [
        "Số hộ có nước sạch: kế hoạch 120 hộ, ước thực hiện 120 hộ (bằng 100,00% kế hoạch): đạt kế hoạch.",
        "Tỷ lệ hộ nghèo: kế hoạch 20%, ước thực hiện 21,5% (bằng 107,50% kế hoạch, cao hơn kế hoạch "
        "1,5 điểm phần trăm): chưa đạt kế hoạch.",
        "Số lớp tập huấn: kế hoạch 4 lớp, chưa có số liệu thực hiện.",
        "Diện tích ngô: chưa ghi kế hoạch, ước thực hiện 35 ha.",
        "Năm 2026 có 4 chỉ tiêu chủ yếu, theo số liệu ước thực hiện: vượt kế hoạch 0, đạt kế hoạch 1, "
        "chưa đạt kế hoạch 1, chưa có số liệu 2.",
    ]


def test_a_typed_assessment_is_shown_as_typed_and_an_empty_one_from_the_record():
    folder = ROOT / "plans/thach-an/duc-long/2027"
    steps, previous = files(folder), files(folder.parent / "2026")
    last = last_year(HANDBOOK, "2027", steps, previous)
    shown = with_last_year(HANDBOOK, steps, last)
    assert shown["buoc-03-xep-hang.yaml"]["danh_gia_nam_truoc"] == steps["buoc-03-xep-hang.yaml"]["danh_gia_nam_truoc"]
    emptied = {**steps, "buoc-03-xep-hang.yaml": {**steps["buoc-03-xep-hang.yaml"], "danh_gia_nam_truoc": []},
               "buoc-04-du-thao.yaml": {**steps["buoc-04-du-thao.yaml"], "chi_tieu": [
                   {**t, "uoc_thuc_hien": None} for t in steps["buoc-04-du-thao.yaml"]["chi_tieu"]]}}
    shown = with_last_year(HANDBOOK, emptied, last_year(HANDBOOK, "2027", emptied, previous))
    rows = shown["buoc-03-xep-hang.yaml"]["danh_gia_nam_truoc"]
    assert [(r["chi_tieu"], str(r["ke_hoach"]), str(r["thuc_hien"])) for r in rows][:2] == [
        ("Tổng sản lượng lương thực có hạt", "2390", "2215"), ("Thu nhập bình quân đầu người", "20", "20.1")]
    assert rows[0]["ghi_chu"] == "Theo báo cáo thực hiện, số liệu đến 30/11/2026"
    assert [str(t["uoc_thuc_hien"]) for t in shown["buoc-04-du-thao.yaml"]["chi_tieu"]] == \
        ["2215", "20.1", "23.2", "15.5", "57.7"]
    assert emptied["buoc-04-du-thao.yaml"]["chi_tieu"][0]["uoc_thuc_hien"] is None  # the data read is not changed
