"""A share reads the same on the site, in the DOCX and in the XLSX: rounded half up,
with the decimals schema/tong-hop.yaml sets (two by default, as reports quote them)."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import YEAR, make_project, page
from docx import Document
from sedp.publish.build import generate, write_documents

WOMEN = "Phụ nữ"
POOR = "Người thuộc hộ nghèo, cận nghèo"
SOFFICE = shutil.which("soffice")
CALC = SOFFICE and Path("/usr/lib/libreoffice/program/libsclo.so").is_file()
WORKBOOK = "site/du-lieu-mo/thach-an/tong-hop-thach-an-2027.xlsx"
# The base plan's two meetings, edited: kick-off 51 people (1 woman, 6 poor), village
# meeting 45 (5 women, 9 poor). Women 6 of 96 = 1/16; poor 15 of 96 = 15,625%.
EDITS = [("buoc-01-khoi-dong.yaml", "tong_so: 30", "tong_so: 51"), ("buoc-01-khoi-dong.yaml", "nu: 12", "nu: 1"),
         ("buoc-02-nhu-cau.yaml", "nu: 20,", "nu: 5,")]


def one_sixteenth(tmp_path, places: int | None) -> Path:
    assert (1 + 5) * 16 == 51 + 45 and (6 + 9) * 1000 == 15625 * 96 // 100  # the arithmetic behind the edits
    project = make_project(tmp_path / "p")
    for name, old, new in EDITS:
        path = project / YEAR / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if places is not None:
        settings = project / "schema" / "tong-hop.yaml"
        text = settings.read_text(encoding="utf-8")
        assert "ty_le_so_thap_phan: 2" in text
        settings.write_text(text.replace("ty_le_so_thap_phan: 2", f"ty_le_so_thap_phan: {places}"), encoding="utf-8")
    return project


def cards(html: str) -> dict:
    return {unescape(label).strip(): unescape(value).strip() for value, label in
            re.findall(r'<div class="sedp-figure"><b>([^<]*)</b>([^<]*)</div>', html)}


@pytest.mark.parametrize("places, women, poor, stored, percent_format", [
    (None, "6,25%", "15,63%", 0.0625, "0.00%"),  # half up: 15,625 -> 15,63 (half even would print 15,62)
    (1, "6,3%", "15,6%", 0.063, "0.0%"),  # the workbook holds the share as shown, like the CSV
])
def test_one_sixteenth_on_the_site_in_the_docx_and_in_the_xlsx(tmp_path, sedp, places, women, poor, stored,
                                                               percent_format):
    project = one_sixteenth(tmp_path, places)
    code, output = sedp(project, "build")
    assert code == 0, output
    for url in ("thach-an/duc-long/2027", "thach-an"):
        shown = cards(page(project, url))
        assert (shown[WOMEN], shown[POOR]) == (women, poor), url

    generated = generate(project)
    assert generated.report.ok
    write_documents(project, generated, project / "out")
    doc = Document(str(project / "out/thach-an/tong-hop-thach-an-2027.docx"))
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for table in doc.tables for row in table.rows}
    assert (rows[WOMEN], rows[POOR]) == (["6", women], ["15", poor])

    sheet = load_workbook(project / WORKBOOK)["tham-gia"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == WOMEN)
    assert (row[1].value, row[2].value, row[2].number_format) == (6, stored, percent_format)


@pytest.mark.skipif(not CALC, reason="LibreOffice Calc missing (apt-get install libreoffice-calc-nogui; "
                                     ".ci/run installs it)")
def test_libreoffice_in_vietnamese_shows_the_share_as_the_site_does(tmp_path, sedp):
    project = one_sixteenth(tmp_path, None)
    code, output = sedp(project, "build")
    assert code == 0, output
    profile = tmp_path / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">'
        '<value>vi-VN</value></prop></item></oor:items>\n', encoding="utf-8")
    # CSV of every sheet with "save cell contents as shown" (the 9th filter option)
    run = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                          "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                          "--outdir", str(tmp_path / "shown"), str(project / WORKBOOK)],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    with open(tmp_path / "shown" / "tong-hop-thach-an-2027-tham-gia.csv", encoding="utf-8") as handle:
        shown = {row[0]: row[1:] for row in csv.reader(handle)}
    assert shown[WOMEN] == ["6", "6,25%"]
    assert shown[POOR] == ["15", "15,63%"]
