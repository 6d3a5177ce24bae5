"""The report over a period on the site and in the open data: the province's and
each district's page (bao-cao-giai-doan.md) and their rows of giai-doan.csv give
every plan year's figures and the span's totals, each the exact sum the test
adds up from the figures tests/province_span.py chose (plain Decimal
arithmetic, worded with htmltables.vn and share); frictionless accepts the
package. The period DOCX of the same province: tests/test_period.py."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT
from htmltables import find, share, vn
from province_span import write_province
from sedp.cli import main

LABEL = "2025–2027"


def vocab(name: str) -> dict:
    entries = yaml.safe_load((ROOT / "schema/danh-muc" / f"{name}.yaml").read_text(encoding="utf-8"))["muc"]
    return {code: entry["nhan"] for code, entry in entries.items()}


SOURCES, GROUPS, STATUSES = vocab("nguon-von"), vocab("nhom-tham-du"), vocab("trang-thai-thuc-hien")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project, figures = write_province(tmp_path_factory.mktemp("period-site") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        result = CliRunner().invoke(main, ["build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return project, figures


def plans(figures, year, district=None) -> list[dict]:
    return [p for key, p in figures["plans"][year].items() if district is None or key.startswith(f"{district}/")]


def add(rows: list[dict], key: str) -> dict:
    total: dict = {}
    for row in rows:
        for code, value in row[key].items():
            total[code] = total.get(code, 0) + Decimal(value)
    return total


def expected_participation(rows: list[dict]) -> list[str]:
    people = add(rows, "attendance")
    whole = people.get("tong_so", 0)
    cells = [vn(sum(r["meetings"] for r in rows)), vn(whole)]
    for group in GROUPS:
        if group != "tong_so":
            cells += [vn(people.get(group, 0)), share(people.get(group, 0), whole)]
    return cells


def money_cells(by_source: dict) -> list[str]:
    return [*(vn(by_source.get(s, 0)) for s in SOURCES), vn(sum(by_source.values(), Decimal(0)))]


@pytest.mark.parametrize("district", [None, "thach-an", "ha-quang"], ids=["province", "thach-an", "ha-quang"])
def test_period_page_gives_each_year_and_the_span_as_their_exact_sums(built, district):
    project, figures = built
    page = project / "site" / (f"{district}/" if district else "") / "bao-cao-giai-doan" / "index.html"
    html = page.read_text(encoding="utf-8")
    years = figures["years"]
    everything = [p for y in years for p in plans(figures, y, district)]

    participation = {r[0]: r[1:] for r in find(html, "Sự tham gia của người dân")["rows"]}
    for year in years:
        assert participation[year] == expected_participation(plans(figures, year, district)), year
    assert participation["Cả giai đoạn"] == expected_participation(everything)

    planned = {r[0]: r[1:] for r in find(html, "Kinh phí kế hoạch theo nguồn vốn")["rows"]}
    disbursed = {r[0]: r[1:] for r in find(html, "Kinh phí đã giải ngân theo nguồn vốn")["rows"]}
    for year in years:
        rows = plans(figures, year, district)
        assert planned[year] == money_cells(add(rows, "planned")), year
        recorded = [r for r in rows if r["recorded"]]
        if recorded:
            assert disbursed[year] == money_cells(add(recorded, "disbursed")), year
        else:  # no record that year: unknown, not 0
            assert set(disbursed[year]) == {"–"}, year
    assert planned["Cả giai đoạn"] == money_cells(add(everything, "planned"))
    assert disbursed["Cả giai đoạn"] == money_cells(add([r for r in everything if r["recorded"]], "disbursed"))

    statuses = find(html, "Hoạt động theo trạng thái thực hiện")
    header, rows = statuses["rows"][0], {r[0]: r[1:] for r in statuses["rows"][1:]}
    counted: dict = {}
    for row in everything:
        if row["recorded"]:
            for activity in row["activities"].values():
                counted[activity["status"]] = counted.get(activity["status"], 0) + 1
    for status, count in counted.items():
        label = STATUSES[status] if status else "Chưa cập nhật"
        assert rows["Cả giai đoạn"][header.index(label) - 1] == vn(count), label
    assert rows["Cả giai đoạn"][-1] == vn(sum(counted.values()))

    needs = {r[0]: r[1:] for r in find(html, "Nhu cầu thôn, xóm thu thập và được đáp ứng")["rows"]}
    for year in years:
        rows = [r for r in plans(figures, year, district) if r["recorded"]]
        assert needs[year][1] == (vn(sum(len(r["answered"]) for r in rows)) if rows else "–"), year
    # A need answered in two years is one need of the span (communes are named once in the province).
    distinct = {(r["commune"], need) for r in everything if r["recorded"] for need in r["answered"]}
    assert needs["Cả giai đoạn"][:2] == [vn(sum(r["needs_collected"] for r in everything)), vn(len(distinct))]
    twice = sum(len(r["answered"]) for r in everything if r["recorded"]) - len(distinct)
    if twice:  # the row between the years and the span's says what is not counted again
        assert needs["Trừ phần đã tính ở năm trước"][1] == vn(-twice)


def test_the_province_page_and_each_district_page_link_the_period_report(built):
    project, _ = built
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert f"Báo cáo giai đoạn {LABEL}" in home and 'href="bao-cao-giai-doan/"' in home
    district = (project / "site/thach-an/index.html").read_text(encoding="utf-8")
    assert 'href="../thach-an/bao-cao-giai-doan/"' in district or 'href="bao-cao-giai-doan/"' in district
    report = (project / "site/bao-cao-giai-doan/index.html").read_text(encoding="utf-8")
    assert 'href="../bao-cao-giai-doan-2025-2027.docx"' in report
    assert (project / "site/bao-cao-giai-doan-2025-2027.docx").is_file()
    district_report = (project / "site/thach-an/bao-cao-giai-doan/index.html").read_text(encoding="utf-8")
    assert 'href="../bao-cao-giai-doan-thach-an-2025-2027.docx"' in district_report


def csv_rows(project, name: str) -> list[dict]:
    with (project / "site/du-lieu-mo" / name).open(encoding="utf-8") as table:
        return list(csv.DictReader(table))


def plain(value) -> Decimal:
    return Decimal(value or 0)


def plain_share(part, whole) -> str:
    """A share as the open data writes it: a decimal point, the handbook's two places, half up."""
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) if whole else ""


@pytest.mark.parametrize("district", [None, "thach-an", "ha-quang"], ids=["province", "thach-an", "ha-quang"])
def test_the_open_data_gives_the_same_period_sums_and_frictionless_accepts_it(built, district):
    project, figures = built
    years = figures["years"]
    rows = {r["nam_ke_hoach"]: r for r in csv_rows(project, "giai-doan.csv")
            if r["cap"] == ("huyen" if district else "tinh") and r["huyen"] == (district or "")}
    assert set(rows) == {*years, ""}  # a row per plan year and the span's row (no year)
    for year, chosen in [*((y, plans(figures, y, district)) for y in years),
                         ("", [p for y in years for p in plans(figures, y, district)])]:
        row = rows[year]
        people = add(chosen, "attendance")
        assert plain(row["so_cuoc_hop"]) == sum(p["meetings"] for p in chosen), year
        for group in GROUPS:
            assert plain(row[f"tham_du_{group}"]) == people.get(group, 0), (year, group)
            if group != "tong_so":
                assert row[f"ty_le_{group}"] == plain_share(people.get(group, 0), people["tong_so"]), (year, group)
        planned = add(chosen, "planned")
        for source in SOURCES:
            assert plain(row[f"kinh_phi_{source}"]) == planned.get(source, 0), (year, source)
        recorded = [p for p in chosen if p["recorded"]]
        paid = add(recorded, "disbursed")
        if recorded:
            assert plain(row["giai_ngan_tong"]) == sum(paid.values(), Decimal(0)), year
        else:
            assert row["giai_ngan_tong"] == "", year  # no record that year: unknown, not 0
    # participation per commune-year adds up to the period's rows
    per_commune = [r for r in csv_rows(project, "tham-gia-xa.csv") if district in (None, r["huyen"])]
    assert sum(plain(r["tham_du_tong_so"]) for r in per_commune) == plain(rows[""]["tham_du_tong_so"])
    frictionless = pytest.importorskip("frictionless", reason="frictionless is installed by make test")
    report = frictionless.validate(str(project / "site/du-lieu-mo/datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
