"""A period over years that carry work over counts each activity, đồng and need once.

A synthetic province (the generator of `sedp example --thuc-hien`, one year earlier
so that every record is dated before today: 2025 published with its record, 2026
approved) is rolled over with `sedp new year`: 2026 takes the unfinished activities
of 2025 (their remaining money, `chuyen_tu`), this test writes 2026's record, and
2027 takes the unfinished ones of 2026 (some of them carried twice). The period
2025–2027's page, DOCX and giai-doan.csv must give the totals this test adds up
from the YAML with plain Decimal arithmetic:

- activities: every activity without `chuyen_tu` (each carried one has its origin
  in the span, so it was counted there), and their planned money;
- disbursed: every year's record as written (different money each year);
- the disbursement rate's whole: the planned money of the activities the records
  report on, a carried one once (its origin's plan);
- needs answered: distinct (commune, need) answered by a finished activity.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from decimal import ROUND_HALF_UP, Decimal

import pytest
import yaml
from ruamel.yaml import YAML

from conftest import ROOT
from htmltables import vn
from sedp.authoring.synthetic import synthetic_province
from sedp.publish.build import generate
from sedp.render.docx.ast import unpack
from sedp.source.handbook import load_handbook

STEP4, RECORD, PLAN = "buoc-04-du-thao.yaml", "thuc-hien.yaml", "ke-hoach.yaml"
LABEL = "2025–2027"


class DecimalLoader(yaml.SafeLoader):
    """YAML as a person reads it: 120.5 is exactly 120.5."""


DecimalLoader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: Decimal(loader.construct_scalar(node)))


def read(path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=DecimalLoader) or {}


def carry_into(sedp, commune, year: int) -> None:
    """Year `year` of the synthetic commune gets the activities `sedp new year` carries from the year
    before (appended to its own, renumbered after them), the rest of the synthetic plan kept."""
    folder = commune / str(year)
    kept = commune.parent / f"{commune.name}-{year}"
    shutil.move(folder, kept)
    code, output = sedp(commune.parents[2], "new", "year", str(commune.relative_to(commune.parents[2])), str(year))
    assert code == 0, output
    rt = YAML()
    carried = rt.load((folder / STEP4).read_text(encoding="utf-8"))["hoat_dong"] or []
    shutil.rmtree(folder)
    shutil.move(kept, folder)
    own = rt.load((folder / STEP4).read_text(encoding="utf-8"))
    for activity in carried:
        activity["ma"] = f"HD{len(own['hoat_dong']) + 1:02d}"
        own["hoat_dong"].append(activity)
    out = io.StringIO()
    rt.dump(own, out)
    (folder / STEP4).write_text(out.getvalue(), encoding="utf-8")


def write_record(folder, year: int) -> None:
    """A record of every activity: finished and fully paid, half done and half paid, or moved on, in turn."""
    lines = [f"ngay_cap_nhat: 30/11/{year}", "hoat_dong:"]
    for index, activity in enumerate(read(folder / STEP4)["hoat_dong"]):
        kind = index % 3
        lines += [f"  - ma: {activity['ma']}",
                  f"    trang_thai: {('hoan_thanh', 'dang_trien_khai', 'chuyen_nam_sau')[kind]}",
                  f"    tien_do: {(100, 50, 0)[kind]}"]
        if kind < 2:
            lines += [f"    ngay_bat_dau: 01/03/{year}", "    giai_ngan:"]
            lines += [f"      {source}: {amount if kind == 0 else (Decimal(amount) / 2).quantize(Decimal('0.1'))}"
                      for source, amount in activity["kinh_phi"].items()]
        if kind == 0:
            lines.append(f"    ngay_hoan_thanh: 30/09/{year}")
    (folder / RECORD).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def rolled(tmp_path_factory):
    project = tmp_path_factory.mktemp("carry") / "project"
    for name in ("schema", "docs"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    synthetic_province(project, load_handbook(project / "schema"), communes=3, seed=7, year=2026, records=True)
    communes = sorted(p.parent for p in (project / "plans").glob("*/*/commune.yaml"))
    with pytest.MonkeyPatch.context() as patch:
        from click.testing import CliRunner

        from sedp.cli import main

        def sedp(cwd, *args):
            patch.chdir(cwd)
            result = CliRunner().invoke(main, list(args), catch_exceptions=False)
            return result.exit_code, result.output

        for commune in communes:
            assert read(commune / "2026" / PLAN)["trang_thai"] == "da_thong_qua"  # seed 7: approved, steps filled
            carry_into(sedp, commune, 2026)
            write_record(commune / "2026", 2026)
            code, output = sedp(project, "new", "year", str(commune.relative_to(project)), "2027")
            assert code == 0, output
        code, output = sedp(project, "validate")
        # (warnings: the synthetic review year closes some needs at random that activities still answer)
        assert code == 0 and ": 0 lỗi" in output.splitlines()[-1], output
    generated = generate(project, use_cache=False)
    assert generated.report.ok, [p.format() for p in generated.report.sorted()]
    return project, communes, generated


def expected(communes) -> dict:
    """The span's figures, added up from the YAML."""
    count, planned, paid, whole = 0, Decimal(0), Decimal(0), Decimal(0)
    answered, carried, carried_money = set(), 0, Decimal(0)
    for commune in communes:
        for year in ("2025", "2026", "2027"):
            activities = read(commune / year / STEP4).get("hoat_dong") or []
            record = read(commune / year / RECORD) if (commune / year / RECORD).is_file() else {}
            recorded = {r["ma"]: r for r in record.get("hoat_dong") or []}
            for activity in activities:
                money = sum(activity["kinh_phi"].values(), Decimal(0))
                if "chuyen_tu" in activity:
                    assert int(activity["chuyen_tu"]["nam"]) >= 2025  # its origin is in the span
                    carried, carried_money = carried + 1, carried_money + money
                else:
                    count, planned = count + 1, planned + money
                    whole += money if activity["ma"] in recorded else 0
                row = recorded.get(activity["ma"])
                if row is None:
                    continue
                paid += sum((row.get("giai_ngan") or {}).values(), Decimal(0))
                if row["trang_thai"] == "hoan_thanh":
                    answered |= {(commune.name, need) for need in activity.get("nhu_cau") or []}
    return {"count": count, "planned": planned, "paid": paid, "whole": whole, "answered": len(answered),
            "carried": carried, "carried_money": carried_money}


def percent(part, whole) -> str:
    return vn((part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) + "%"


def test_the_rollover_says_where_each_carried_activity_comes_from(rolled):
    _, communes, _ = rolled
    twice = 0
    for commune in communes:
        for year in (2026, 2027):
            before = {a["ma"]: a for a in read(commune / str(year - 1) / STEP4)["hoat_dong"]}
            for activity in read(commune / str(year) / STEP4)["hoat_dong"]:
                origin = activity.get("chuyen_tu")
                if origin:
                    assert origin["nam"] == year - 1 and before[origin["ma"]]["ten"] == activity["ten"]
                    twice += "chuyen_tu" in before[origin["ma"]]
    assert twice  # some work carried twice (2025 → 2026 → 2027): counted once all the same


def test_the_period_page_docx_and_open_data_count_carried_work_once(rolled):
    _, communes, generated = rolled
    figures = expected(communes)
    assert figures["carried"] and figures["carried_money"]  # the test means something

    page = html.unescape(re.sub(r"<[^>]+>", " ", generated.pages["bao-cao-giai-doan.md"]))  # as it reads
    page = re.sub(r"\s+", " ", page)
    assert f" {vn(figures['planned'])} Tổng kinh phí kế hoạch (triệu đồng)" in page
    assert f" {vn(figures['count'])} hoạt động " in page
    assert f" {figures['answered']} nhu cầu được đáp ứng" in page
    assert f" {percent(figures['paid'], figures['whole'])} Tỷ lệ giải ngân (trên {vn(figures['whole'])} " in page
    # how, in the handbook's words, with this span's figures
    assert (f"({figures['carried']} hoạt động trong giai đoạn {LABEL}) được tính một lần" in page
            and f"{vn(figures['carried_money'])} triệu đồng kinh phí còn lại chuyển sang năm sau" in page)

    ast = next(ast for path, ast in generated.documents if path == "bao-cao-giai-doan-2025-2027.docx")
    text = docx_text(ast)
    assert (f"Tổng kinh phí kế hoạch giai đoạn {LABEL} là {vn(figures['planned'])} triệu đồng cho "
            f"{vn(figures['count'])} hoạt động") in text
    assert f"đã giải ngân {vn(figures['paid'])} triệu đồng trên tổng kinh phí kế hoạch {vn(figures['whole'])}" in text
    assert f"{figures['answered']} nhu cầu đã được đáp ứng" in text
    assert f"({figures['carried']} hoạt động trong giai đoạn {LABEL}) được tính một lần" in text

    table = next(blob for path, blob in generated.blobs.items() if path.endswith("giai-doan.csv"))
    rows = list(csv.DictReader(io.StringIO(table.decode("utf-8"))))
    span = next(r for r in rows if r["cap"] == "tinh" and r["nam_ke_hoach"] == "")
    assert (Decimal(span["so_hoat_dong"]), Decimal(span["kinh_phi_tong"]), Decimal(span["giai_ngan_tong"]),
            Decimal(span["kinh_phi_theo_doi"]), int(span["nhu_cau_dap_ung"])) == (
        figures["count"], figures["planned"], figures["paid"], figures["whole"], figures["answered"])
    years = [r for r in rows if r["cap"] == "tinh" and r["nam_ke_hoach"]]
    # the yearly rows are each year's plan as approved: they add up to more than the span's
    assert sum(Decimal(r["kinh_phi_tong"]) for r in years) == figures["planned"] + figures["carried_money"]


def docx_text(ast) -> str:
    """Every text of a document's AST (pandoc not run), paragraphs joined by newlines."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Para":
                found.append("".join(inline_text(i) for i in node["c"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    def inline_text(node) -> str:
        kind = node.get("t")
        if kind == "Str":
            return node["c"]
        if kind in ("Space", "SoftBreak"):
            return " "
        if kind in ("Emph", "Strong"):
            return "".join(inline_text(i) for i in node["c"])
        return ""

    walk(json.loads(unpack(ast)))
    return "\n".join(found)
