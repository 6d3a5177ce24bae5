"""No record is not zero: where no implementation record stands behind a figure
(the example's Hà Quảng and Nguyên Bình have none; Thạch An has none for 2027),
every page and document of the example reads "–" for money disbursed, its rate,
needs answered and targets judged, never 0."""

from __future__ import annotations

import re

import pytest

from conftest import copy_project
from docx import Document
from htmltables import tables
from sedp.publish.build import generate, write_documents

UNRECORDED = ("ha-quang", "nguyen-binh")
IMPLEMENTATION = re.compile(r"giải ngân|được đáp ứng|đã đáp ứng|Chỉ tiêu (vượt|đạt|chưa)", re.IGNORECASE)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("zero") / "project")
    generated = generate(project)
    assert generated.report.ok
    write_documents(project, generated, project / "out")
    return project, generated


def figures(markdown: str) -> list[tuple[str, str]]:
    """(label, value) of every figure card: <b>value</b> label."""
    return [(label.strip(), value) for value, label in
            re.findall(r'<div class="sedp-figure"><b>(.*?)</b>(.*?)</div>', markdown)]


def test_pages_of_areas_without_a_record_never_show_0_for_implementation(example):
    _, generated = example
    checked = 0
    for path, markdown in generated.pages.items():
        if path.split("/")[0] not in UNRECORDED or path.count("/") != 1:
            continue  # the district's own pages: its roll-ups by year and its period report
        for label, value in figures(markdown):
            if IMPLEMENTATION.search(label):
                assert value != "0", (path, label)
                checked += 1
        for table in tables(markdown):
            header = table["rows"][0] if table["rows"] else []
            for row in table["rows"][1:]:
                for name, cell in zip(header, row, strict=False):
                    if IMPLEMENTATION.search(name):
                        assert cell in ("–", ""), (path, name, row)
                        checked += 1
    assert checked  # the period pages of both districts say it


def test_the_period_reports_of_areas_without_a_record_say_dash(example):
    project, _ = example
    for district in UNRECORDED:
        report = next((project / "out" / district).glob(f"bao-cao-giai-doan-{district}-*.docx"))
        doc = Document(str(report))
        text = "\n".join(p.text for p in doc.paragraphs)
        assert not re.search(r"\b0 nhu cầu (đã )?được đáp ứng|giải ngân 0\b|trên 0 triệu", text), text
        for table in doc.tables:
            header = [c.text for c in table.rows[0].cells]
            for row in table.rows[1:]:
                for name, cell in zip(header, (c.text for c in row.cells), strict=False):
                    if IMPLEMENTATION.search(name):
                        assert cell in ("–", ""), (district, name, [c.text for c in row.cells])


def test_a_review_year_does_not_say_it_collected_0_needs(example):
    # Thạch An 2025: Đức Long reviewed the needs it collected in 2023, so "needs
    # collected" that year is not known as 0 beside needs answered.
    _, generated = example
    page = generated.pages["thach-an/bao-cao-giai-doan.md"]
    needs = next(t for t in tables(page) if t["rows"] and "Nhu cầu thu thập" in t["rows"][0])
    header = needs["rows"][0]
    row = next(r for r in needs["rows"][1:] if r[0] == "2025")
    assert row[header.index("Nhu cầu thu thập")] == "–", row
