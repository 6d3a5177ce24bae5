"""Last year's results tell one story: Part I of the plan, Biểu 5's estimate, the
Tờ trình, the Nghị quyết and the district's synthesis of every example plan year
give the same results, equal to last year's implementation record where it
exists. Expected figures are worked out in tests/lastyear_expected.py from the
YAML by plain arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project
from docx import Document
from htmltables import tables, vn
from lastyear_expected import count_words, counts, expected, recorded_targets, sentence
from sedp.publish.build import generate, write_documents


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("lastyear") / "project")
    generated = generate(project)
    assert generated.report.ok, [p.format() for p in generated.report.sorted()]
    out = project / "out"
    write_documents(project, generated, out)
    return project, out


def plan_years(project: Path) -> list[Path]:
    return sorted(p.relative_to(project / "plans") for p in (project / "plans").glob("*/*/[0-9][0-9][0-9][0-9]"))


def text_of(path: Path) -> str:
    doc = Document(str(path))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def biểu_5_estimates(path: Path) -> dict:
    """Target name -> its 'Ước thực hiện năm X' cell, from the Biểu 5 table of a DOCX."""
    for table in Document(str(path)).tables:
        header = [c.text for c in table.rows[0].cells]
        if any(h.startswith("Ước thực hiện năm") for h in header) and "Chỉ tiêu" in header:
            name, estimate = header.index("Chỉ tiêu"), next(i for i, h in enumerate(header) if h.startswith("Ước"))
            return {row.cells[name].text: row.cells[estimate].text for row in table.rows[1:]}
    return {}


def test_every_document_gives_last_years_results_from_one_source(written):
    project, out = written
    checked = 0
    for year in plan_years(project):
        targets, recorded = expected(project / "plans" / year)
        commune, district = year.parent.name, year.parent.parent.name
        words = count_words(targets)
        plan = text_of(out / year / f"ke-hoach-{commune}-{year.name}.docx")
        part_one = plan[plan.index("I. ĐÁNH GIÁ"):plan.index("II. KẾ HOẠCH")]
        if not targets:
            assert f"Chưa có số liệu đánh giá thực hiện chỉ tiêu năm {int(year.name) - 1}." in part_one
            continue
        for target in targets:
            assert sentence(target, recorded) in part_one, (year, sentence(target, recorded), part_one)
        said = f"Năm {int(year.name) - 1} có {len(targets)} chỉ tiêu chủ yếu"
        for kind in ("ke-hoach", "to-trinh", "nghi-quyet"):
            body = text_of(out / year / f"{kind}-{commune}-{year.name}.docx")
            assert said in body and words in body, (year, kind, words)
        synthesis = text_of(out / district / f"tong-hop-{district}-{year.name}.docx")
        assert said in synthesis and words in synthesis, (year, words)
        if recorded:  # Biểu 5's estimate of each of this year's targets kept from last year is the record's
            for kind in ("ke-hoach", "nghi-quyet"):
                estimates = biểu_5_estimates(out / year / f"{kind}-{commune}-{year.name}.docx")
                for target in targets:
                    if target.name in estimates and target.achieved is not None:
                        assert estimates[target.name] == vn(target.achieved), (year, kind, target.name)
                        checked += 1
    assert checked >= 10  # Đức Long 2026 and 2027 each keep five targets from the year before


def test_a_province_that_deletes_the_rule_gets_no_such_error(tmp_path, sedp):
    # The rule is data: without its entry in schema/quy-tac/lien-buoc.yaml the typed
    # figures are not checked (and the documents still read the record).
    from conftest import FIXTURES, make_project

    project = make_project(tmp_path / "p", overlay=FIXTURES / "invalid" / "last-year-results-differ")
    rules = project / "schema/quy-tac/lien-buoc.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text[:text.index("ket-qua-nam-truoc:")], encoding="utf-8")
    code, output = sedp(project, "validate", "plans")
    assert "khác báo cáo thực hiện" not in output and "khác kế hoạch năm 2026" not in output
    assert output.endswith("0 lỗi.\n") and code == 0, output


def test_an_estimate_left_blank_is_read_from_last_years_record(tmp_path, sedp):
    # A case the fixture does not show: Biểu 5's estimate left blank on the site
    # page and in the plan's annex shows the record's latest result (2.210 tấn).
    from conftest import FIXTURES, YEAR, make_project, replace_in
    from sedp.publish.build import build_site

    project = make_project(tmp_path / "p", overlay=FIXTURES / "invalid" / "last-year-results-differ")
    (project / YEAR / "buoc-03-xep-hang.yaml").unlink()
    import shutil
    shutil.copy(FIXTURES / "base" / YEAR / "buoc-03-xep-hang.yaml", project / YEAR / "buoc-03-xep-hang.yaml")
    replace_in(project / YEAR / "buoc-04-du-thao.yaml", "uoc_thuc_hien: 2100", "uoc_thuc_hien:")
    code, output = sedp(project, "validate", "plans")
    assert code == 0, output
    assert build_site(project).ok
    html = (project / "site/thach-an/duc-long/2027/index.html").read_text(encoding="utf-8")
    biểu_5 = next(t for t in tables(html) if any(h.startswith("Ước thực hiện năm 2026") for h in t["rows"][0]))
    row = next(r for r in biểu_5["rows"] if "Tổng sản lượng lương thực có hạt" in r)
    header = biểu_5["rows"][0]
    estimate = header.index(next(h for h in header if h.startswith("Ước thực hiện năm 2026")))
    assert row[estimate] == "2.210", (header, row)
    # step 3's assessment shows last year's row from the record, with its date
    assert "Theo báo cáo thực hiện, số liệu đến 30/11/2026" in html


def test_the_period_report_counts_each_years_targets_as_the_next_plan_does(written):
    # The district's report over the period gives, for each plan year with a record,
    # the targets exceeded, met and missed: the sum over its communes of what each
    # commune's next plan (Part I) says of that year, worked out here from the YAML.
    project, out = written
    for district in ("thach-an", "ha-quang", "nguyen-binh"):
        report = next((out / district).glob(f"bao-cao-giai-doan-{district}-*.docx"))
        table = next(t for t in Document(str(report)).tables
                     if [c.text for c in t.rows[0].cells][:1] == ["Năm kế hoạch"]
                     and any(c.text == "Chỉ tiêu vượt kế hoạch" for c in t.rows[0].cells))
        header = [c.text for c in table.rows[0].cells]
        rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
        for year in sorted({p.name for p in (project / "plans" / district).glob("*/[0-9][0-9][0-9][0-9]")}):
            found = {"vượt kế hoạch": 0, "đạt kế hoạch": 0, "chưa đạt kế hoạch": 0, None: 0}
            recorded = False
            for folder in (project / "plans" / district).glob(f"*/{year}"):
                if (folder / "thuc-hien.yaml").is_file():
                    recorded = True
                    targets = recorded_targets(folder)  # what the next plan's Part I reads of it
                    for key, n in counts(targets).items():
                        found[key] += n
            row = rows[year]
            said = [row[header.index(f"Chỉ tiêu {word}")] for word in
                    ("vượt kế hoạch", "đạt kế hoạch", "chưa đạt kế hoạch", "chưa có số liệu")]
            wanted = [str(found[k]) for k in ("vượt kế hoạch", "đạt kế hoạch", "chưa đạt kế hoạch", None)]
            assert said == (wanted if recorded else ["–"] * 4), (district, year, said, wanted)
