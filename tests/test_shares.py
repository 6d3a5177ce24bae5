"""A share reads the same on the site, in the DOCX and in the XLSX: rounded half up,
with the decimals schema/tong-hop.yaml sets (two by default, as reports quote them)."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest

from conftest import YEAR, make_project, page
from docx import Document
from sedp.publish.build import generate, write_documents

CLIMATE = "Kinh phí liên quan BĐKH, thiên tai"
# The base plan's one activity costs 970,5 (not climate-related); a climate-related
# one of 64,7 makes the climate share 64,7 / 1.035,2 = 1/16 exactly.
SECOND_ACTIVITY = """  - ma: HD02
    ten: Kè chống sạt lở bờ suối Nà Lẹng
    linh_vuc: thuy_loi
    khi_hau: thich_ung
    kinh_phi:
      ngan_sach_xa: 64.7
"""


def one_sixteenth(tmp_path, places: int | None):
    assert Decimal("64.7") * 16 == Decimal("970.5") + Decimal("64.7")  # the arithmetic behind the fixture
    project = make_project(tmp_path / "p")
    draft = project / YEAR / "buoc-04-du-thao.yaml"
    draft.write_text(draft.read_text(encoding="utf-8") + SECOND_ACTIVITY, encoding="utf-8")
    if places is not None:
        settings = project / "schema" / "tong-hop.yaml"
        text = settings.read_text(encoding="utf-8")
        assert "ty_le_so_thap_phan: 2" in text
        settings.write_text(text.replace("ty_le_so_thap_phan: 2", f"ty_le_so_thap_phan: {places}"), encoding="utf-8")
    return project


@pytest.mark.parametrize("places, shown", [(None, "6,25%"), (1, "6,3%")])
def test_one_sixteenth_on_the_site_and_in_the_docx(tmp_path, sedp, places, shown):
    project = one_sixteenth(tmp_path, places)
    code, output = sedp(project, "build")
    assert code == 0, output
    html = page(project, "thach-an/duc-long/2027")
    cards = {unescape(label).strip(): unescape(value).strip() for value, label in
             re.findall(r'<div class="sedp-figure"><b>([^<]*)</b>([^<]*)</div>', html)}
    assert cards[CLIMATE] == shown
    district = page(project, "thach-an")
    assert f"<b>{shown}</b>{CLIMATE}" in district.replace("\n", "")

    generated = generate(project)
    assert generated.report.ok
    write_documents(project, generated, project / "out")
    doc = Document(str(project / "out/thach-an/tong-hop-thach-an-2027.docx"))
    assert f"{CLIMATE}: {shown}" in [p.text for p in doc.paragraphs]
