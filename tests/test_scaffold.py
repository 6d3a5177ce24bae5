"""`sedp new`: complete, commented files that validate, never overwriting."""

from __future__ import annotations

import re

from sedp.source.loader import load_file


def test_new_commune_then_new_year_validate(base_project, sedp):
    code, output = sedp(base_project, "new", "commune", "thach-an", "Lê Lai", "--code", "01972")
    assert (code, output) == (0, "Đã tạo plans/thach-an/le-lai/commune.yaml\n")
    commune = base_project / "plans/thach-an/le-lai/commune.yaml"
    assert load_file(commune).data["ten"] == "Lê Lai"
    assert load_file(commune).data["ma"] == "01972"

    code, output = sedp(base_project, "new", "year", "plans/thach-an/le-lai", "2028")
    assert code == 0
    created = output.splitlines()
    assert created[0] == "Đã tạo plans/thach-an/le-lai/2028/ke-hoach.yaml"
    assert len(created) == 11

    code, output = sedp(base_project, "validate", "plans/thach-an/le-lai")
    assert (code, output) == (0, "Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: 0 lỗi.\n")


def test_every_field_line_has_a_vietnamese_comment(base_project, sedp):
    sedp(base_project, "new", "year", "plans/thach-an/duc-long", "2028")
    text = (base_project / "plans/thach-an/duc-long/2028/buoc-04-du-thao.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../../../schema/json/buoc-04-du-thao.schema.json"
    for index, line in enumerate(lines):
        body = line.lstrip("# ").lstrip("- ")
        if re.match(r"[a-z_0-9]+:", body):
            commented_here = " # " in line.split(":", 1)[1]
            commented_above = lines[index - 1].lstrip().startswith("#")
            assert commented_here or commented_above, line
    assert "kinh_phi:" in text and "dan_dong_gop:" in text and "Dân đóng góp" in text


def test_scaffold_never_overwrites(base_project, sedp):
    year = base_project / "plans/thach-an/duc-long/2027"
    before = {p.name: p.read_bytes() for p in year.iterdir()}
    code, output = sedp(base_project, "new", "year", "plans/thach-an/duc-long", "2027")
    assert code == 1
    assert output.startswith("Lỗi: Thư mục ")
    assert "đã có; không ghi đè" in output
    assert {p.name: p.read_bytes() for p in year.iterdir()} == before

    code, output = sedp(base_project, "new", "commune", "thach-an", "Đức Long")
    assert code == 1 and "không ghi đè" in output


def test_unknown_district_is_named_with_the_ones_that_exist(base_project, sedp):
    code, output = sedp(base_project, "new", "commune", "thach-am", "Lê Lai")
    assert code == 1
    assert output == "Lỗi: Không có huyện 'thach-am' trong plans/. Các huyện hiện có: thach-an.\n"


def test_codes_are_written_and_shown_in_quotes(base_project, sedp):
    # VS Code (YAML 1.2) reads an unquoted 01972 as the number 1972: the code, and
    # the example in the comment a technician copies, are written in quotes.
    sedp(base_project, "new", "commune", "thach-an", "Lê Lai", "--code", "01972")
    text = (base_project / "plans/thach-an/le-lai/commune.yaml").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("ma:"))
    assert line.startswith('ma: "01972" ') and 'Ví dụ: "01288".' in line, line
    assert 'Ví dụ: xã.' in text  # plain words keep reading best without quotes
