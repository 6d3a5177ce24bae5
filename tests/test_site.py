"""The built site, read as a person would: navigation, roll-ups, forms, escaping."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import HOSTILE, PLANTED, ROOT, copy_project, page, replace_in  # noqa: F401
from htmltables import find, is_grouped, number, share
from sedp.source.loader import load_file


def plan_years(project: Path):
    """(district, commune, year, {file: data}) for every plan year, read from YAML."""
    for year_dir in sorted((project / "plans").glob("*/*/[0-9][0-9][0-9][0-9]")):
        steps = {p.name: load_file(p).data or {} for p in year_dir.glob("*.yaml")}
        yield year_dir.parent.parent.name, year_dir.parent.name, year_dir.name, steps


def expected_rollup(project: Path, district: str | None, year: str) -> dict:
    sums = {"budget": defaultdict(Decimal), "needs": 0, "people": defaultdict(int), "communes": 0,
            "sector_budget": defaultdict(Decimal), "sector_needs": defaultdict(int), "chains": defaultdict(int),
            "hazards": defaultdict(int), "climate": Decimal(0), "activities": defaultdict(int)}
    for d, _, y, steps in plan_years(project):
        if y != year or (district and d != district):
            continue
        sums["communes"] += 1
        for activity in steps["buoc-04-du-thao.yaml"].get("hoat_dong") or []:
            sums["activities"][activity["linh_vuc"]] += 1
            for source, amount in (activity.get("kinh_phi") or {}).items():
                sums["budget"][source] += amount or 0
                sums["sector_budget"][activity["linh_vuc"]] += amount or 0
                if activity.get("khi_hau") in ("thich_ung", "giam_nhe_rui_ro"):
                    sums["climate"] += amount or 0
        sums["needs"] += len(steps["buoc-02-nhu-cau.yaml"].get("nhu_cau") or [])
        for need in steps["buoc-02-nhu-cau.yaml"].get("nhu_cau") or []:
            sums["sector_needs"][need["linh_vuc"]] += 1
        for chain in steps["buoc-01-khoi-dong.yaml"].get("chuoi_gia_tri") or []:
            sums["chains"][chain["san_pham"]] += 1
        for hazard in steps["buoc-01-khoi-dong.yaml"].get("thien_tai") or []:
            sums["hazards"][hazard["loai"]] += 1
        meetings = [steps["buoc-01-khoi-dong.yaml"].get("hoi_nghi", {}).get("tham_du"),
                    (steps["buoc-02-nhu-cau.yaml"].get("hop_ra_soat") or {}).get("tham_du"),
                    (steps["buoc-05-tham-van.yaml"].get("hoi_nghi") or {}).get("tham_du"),
                    *[m.get("tham_du") for m in steps["buoc-02-nhu-cau.yaml"].get("hop_thon") or []]]
        for counts in meetings:
            if counts and counts.get("tong_so") is not None:
                for group, value in counts.items():
                    sums["people"][group] += value or 0
    return sums


def chart_labels(html: str, section: str, title: str) -> dict:
    """The bar chart under a heading: bar label -> value, as drawn."""
    import re
    from html import unescape

    part = html.split("<article", 1)[1].split(section, 1)[1].split("<h2", 1)[0]
    chart = part.split(f"<figcaption>{title}", 1)[1].split("</figure>", 1)[0]
    return {unescape(label): unescape(value) for label, value in re.findall(
        r'<span class="sedp-bar-label">([^<]*)</span>.*?<span class="sedp-bar-value">([^<]*)</span>', chart)}


def figure_cards(html: str, section: str) -> dict:
    """The figure cards under a heading: label -> value, as shown."""
    import re

    part = html.split("<article", 1)[1].split(section, 1)[1].split("<h2", 1)[0]
    from html import unescape

    return {unescape(label).strip(): unescape(value).strip() for value, label in
            re.findall(r'<div class="sedp-figure"><b>([^<]*)</b>([^<]*)</div>', part)}


def test_navigation_titles_are_vietnamese_names_not_folder_slugs(built):
    html = page(built, "thach-an/duc-long")
    for title in ("Tỉnh Cao Bằng", "Huyện Thạch An", "Huyện Hà Quảng", "Xã Đức Long", "Năm 2027"):
        assert f"{title}" in html
    nav = html.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    for slug in ("thach-an", "duc-long", "ha-quang"):
        assert f">{slug}<" not in nav and f"> {slug} " not in nav


@pytest.mark.parametrize("district", [None, "thach-an", "ha-quang", "nguyen-binh"])
def test_every_rollup_figure_is_the_sum_of_its_communes(built, district):
    html = page(built, district or ".")
    years = sorted({y for _, _, y, _ in plan_years(built)})
    checked = 0
    for year in years:
        sums = expected_rollup(built, district, year)
        if not sums["communes"]:
            continue
        section = f"Tổng hợp năm kế hoạch {year}"
        budget = find(html, section, "Hoạt động và ngân sách")
        header, totals = budget["rows"][0], budget["rows"][-1]
        assert totals[0] == "Tổng cộng"
        from sedp.source.handbook import load_handbook
        sources = load_handbook(built / "schema").vocab("nguon-von")
        for code, entry in sources.entries.items():
            column = header.index(entry["nhan"])
            assert number(totals[column]) == sums["budget"].get(code, 0), (year, code)
        assert number(totals[-1]) == sum(sums["budget"].values())
        needs = find(html, section, "Nhu cầu thôn, xóm theo lĩnh vực")
        assert number(needs["rows"][-1][1]) == sums["needs"]
        people = find(html, section, "Sự tham gia")
        shown = {row[0]: number(row[1]) for row in people["rows"][1:]}
        handbook = load_handbook(built / "schema")
        groups = handbook.vocab("nhom-tham-du").entries
        for code, entry in groups.items():
            assert shown[entry["nhan"]] == sums["people"][code], (year, code)
        sectors = handbook.vocab("linh-vuc")
        assert {r[0]: number(r[-1]) for r in budget["rows"][1:-1]} == {
            sectors.label(c): v for c, v in sums["sector_budget"].items()}
        assert {r[0]: number(r[1]) for r in needs["rows"][1:-1]} == {
            sectors.label(c): v for c, v in sums["sector_needs"].items()}
        chains = find(html, section, "Chuỗi giá trị")
        assert {r[0]: number(r[1]) for r in chains["rows"][1:]} == dict(sums["chains"])  # no total: it counts nothing
        assert chains["rows"][-1][0] != "Tổng cộng"
        hazards = find(html, section, "Thiên tai")
        assert {r[0]: number(r[1]) for r in hazards["rows"][1:-1]} == {
            handbook.vocab("thien-tai").label(c): v for c, v in sums["hazards"].items()}
        cards = figure_cards(html, section)
        total = sum(sums["budget"].values())
        for label, value in (("Tổng kinh phí (triệu đồng)", total), ("Lượt người tham dự họp", sums["people"]["tong_so"])):
            assert is_grouped(cards[label]) and number(cards[label]) == value, (label, cards[label])
        assert cards["Kinh phí liên quan biến đổi khí hậu (BĐKH), thiên tai"] == share(sums["climate"], total)
        assert cards["Phụ nữ"] == share(sums["people"]["nu"], sums["people"]["tong_so"])
        assert cards["xã"] == str(sums["communes"])
        people_total = sums["people"]["tong_so"]
        for code in ("nu", "ngheo_can_ngheo", "dan_toc_thieu_so"):  # the groups with a card of their own
            assert cards[groups[code]["nhan"]] == share(sums["people"][code], people_total), (year, code)
        assert groups["doanh_nghiep"]["nhan"] not in cards and groups["tong_so"]["nhan"] not in cards
        # activity counts per sector and their total
        assert {r[0]: int(r[1]) for r in budget["rows"][1:-1]} == {
            sectors.label(c): n for c, n in sums["activities"].items()}
        assert int(totals[1]) == sum(sums["activities"].values())
        # each group's share of the attendances, and the total as 100%
        for row in people["rows"][1:]:
            code = next(c for c, e in groups.items() if e["nhan"] == row[0])
            assert row[2] == share(sums["people"][code], people_total), (year, row)
        # the hazards' totals row
        assert number(hazards["rows"][-1][1]) == sum(sums["hazards"].values())
        # the chart of money by source: each label the exact amount, as in the table (990,5, not 991)
        chart = chart_labels(html, section, "Kinh phí theo nguồn vốn")
        for code, entry in sources.entries.items():
            amount = sums["budget"].get(code, Decimal(0))
            if amount:
                assert number(chart[entry["nhan"]]) == amount, (year, code, chart[entry["nhan"]])
        checked += 1
    assert checked


def test_bieu_6_totals_row_equals_the_yaml(built):
    for district, commune, year, steps in plan_years(built):
        html = page(built, f"{district}/{commune}/{year}")
        table = find(html, "Các biểu", "Biểu 6.")
        total = sum((sum((v or 0 for v in (a.get("kinh_phi") or {}).values()), Decimal(0))
                     for a in steps["buoc-04-du-thao.yaml"].get("hoat_dong") or []), Decimal(0))
        assert table["rows"][-1][0] == "Tổng cộng"
        assert number(table["rows"][-1][-1]) == total
        assert len(table["rows"]) == 2 + len(steps["buoc-04-du-thao.yaml"].get("hoat_dong") or [])


def test_text_from_yaml_is_shown_literally(built):
    html = page(built, "thach-an/duc-long/2027")
    rows = find(html, "Các biểu", "Biểu 6.")["rows"]
    assert rows[1][1] == HOSTILE  # the whole string, line break included, nothing interpreted
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html
    assert "<strong>đậm</strong>" not in html
    assert ">49<" not in html and " 49 " not in html.split("<article", 1)[1]


def test_site_works_without_internet(built):
    for path in (built / "site").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, path
        assert '<script src="http' not in html and '<link rel="stylesheet" href="http' not in html, path


def test_a_failed_build_writes_nothing_and_keeps_the_old_site(built, tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("trang cũ", encoding="utf-8")
    path = project / "plans/thach-an/le-lai/2027/buoc-04-du-thao.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("linh_vuc: ", "linh_vuc: sai_", 1), encoding="utf-8")
    sedp_bin = Path(sys.executable).with_name("sedp")
    result = subprocess.run([str(sedp_bin), "build"], cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "plans/thach-an/le-lai/2027/buoc-04-du-thao.yaml:" in result.stdout
    assert "Lỗi: Kế hoạch có lỗi nên chưa dựng trang; trang cũ trong site/ được giữ nguyên." in result.stderr
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "trang cũ"
    assert not (project / "build").exists()


def test_mkdocs_build_strict_from_the_repository_root(tmp_path):
    project = copy_project(tmp_path / "p")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (project / "site" / "thach-an" / "duc-long" / "2027" / "index.html").read_text(encoding="utf-8")
    assert find(html, "Các biểu", "Biểu 6. Kế hoạch hoạt động và ngân sách năm 2027")["rows"]


def test_mkdocs_serve_reloads_when_a_plan_changes(tmp_path):
    import socket
    import time
    import urllib.request

    project = copy_project(tmp_path / "p")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/thach-an/le-lai/2027/"

    def fetch():
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def wait_for(text, seconds=180):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in fetch():
                return True
            time.sleep(1)
        return False

    try:
        assert wait_for("Biểu 6."), "mkdocs serve did not come up"
        path = project / "plans/thach-an/le-lai/2027/buoc-04-du-thao.yaml"
        lines = path.read_text(encoding="utf-8").splitlines()
        index = next(i for i in range(lines.index("hoat_dong:"), len(lines)) if lines[i].startswith("  ten: "))
        lines[index] = "  ten: Hoạt động vừa sửa trong YAML"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert wait_for("Hoạt động vừa sửa trong YAML"), "the page did not change after the YAML did"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_navigation_groups_many_districts_so_pages_stay_small():
    from sedp.model.views import CommuneView
    from sedp.render.site.pages import NAV_GROUP, SiteRenderer
    from sedp.source.handbook import load_handbook

    renderer = SiteRenderer(load_handbook(ROOT / "schema"), {"ten": "Mẫu"})
    districts = [(f"h{i:02d}", {"ten": f"Số {i:02d}"},
                  [CommuneView(district=f"h{i:02d}", slug="x", title="Xã X", years=[])]) for i in range(30)]
    nav = renderer.nav(districts)
    assert nav[0] == {"Tỉnh Mẫu": "index.md"}
    groups = nav[1:]
    assert [list(g)[0] for g in groups] == ["Huyện Số 00 – Số 11", "Huyện Số 12 – Số 23", "Huyện Số 24 – Số 29"]
    assert all(len(list(g.values())[0]) <= NAV_GROUP for g in groups)
    few = renderer.nav(districts[:3])
    assert [list(e)[0] for e in few] == ["Tỉnh Mẫu", "Huyện Số 00", "Huyện Số 01", "Huyện Số 02"]


def test_commune_page_shows_its_needs_across_years(built):
    html = page(built, "thach-an/duc-long")
    table = find(html, "Nhu cầu thôn, xóm qua các năm")
    assert table["rows"][0][-2:] == ["Trạng thái năm 2026", "Trạng thái năm 2027"]
    needs_2027 = load_file(built / "plans/thach-an/duc-long/2027/buoc-02-nhu-cau.yaml").data["nhu_cau"]
    labels = {"moi": "Mới", "dang_thuc_hien": "Đang thực hiện", "hoan_thanh": "Hoàn thành",
              "khong_thuc_hien": "Không thực hiện"}
    shown = {row[0]: row for row in table["rows"][1:]}
    for need in needs_2027:
        assert shown[need["ma"]][-1] == labels[need["trang_thai"]]
        assert shown[need["ma"]][3] == str(need["nam_thu_thap"])


def test_open_data_page_and_downloads_are_linked(built):
    site = built / "site"
    open_data = (site / "du-lieu-mo" / "index.html").read_text(encoding="utf-8")
    assert 'href="datapackage.json"' in open_data or 'href="../du-lieu-mo/datapackage.json"' in open_data \
        or "du-lieu-mo/datapackage.json" in open_data
    assert (site / "du-lieu-mo" / "datapackage.json").is_file()
    year = page(built, "thach-an/duc-long/2027")
    assert "../../../du-lieu-mo/thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx" in year
    assert (site / "du-lieu-mo/thach-an/duc-long/2027/ke-hoach-duc-long-2027.xlsx").is_file()
    district = page(built, "thach-an")
    assert "../du-lieu-mo/thach-an/tong-hop-thach-an-2027.xlsx" in district
    assert (site / "du-lieu-mo/thach-an/tong-hop-thach-an-2027.xlsx").is_file()
    assert "ke-hoach-duc-long-2027.docx" in year and (site / "thach-an/duc-long/2027/ke-hoach-duc-long-2027.docx").is_file()


def test_district_and_province_pages_list_every_commune_year_with_its_status(built):
    import re
    from html import unescape

    import yaml

    labels = {code: e["nhan"] for code, e in
              yaml.safe_load((built / "schema/danh-muc/trang-thai.yaml").read_text("utf-8"))["muc"].items()}
    province = page(built, ".")
    for district in sorted(p.parent for p in (built / "plans").glob("*/district.yaml")):
        html = page(built, district.name)
        listed = html.split('<h2 id="cac-xa">', 1)[1].split("</ul>", 1)[0]
        communes = sorted(p.parent for p in district.glob("*/commune.yaml"))
        name = yaml.safe_load((district / "district.yaml").read_text("utf-8"))["ten"]
        assert f"Huyện {name} — {len(communes)} xã" in unescape(re.sub(r"<[^>]+>", "", province))
        for commune in communes:
            line = next(li for li in listed.split("<li>")[1:] if f'href="{commune.name}/"' in li)
            years = sorted(p.name for p in commune.glob("[0-9][0-9][0-9][0-9]"))
            shown = re.findall(r'href="[^"]+/(\d{4})/">\d{4}</a> <span class="sedp-badge[^"]*">([^<]+)</span>', line)
            expected = [(y, labels[yaml.safe_load((commune / y / "ke-hoach.yaml").read_text("utf-8"))["trang_thai"]])
                        for y in years]
            assert shown == expected, (commune.name, shown)


def test_province_figures_for_2027_as_a_reader_reads_them(built):
    # Eight communes in 2027: 9.798,5 + 9.832,5 + 8.178 + 8.306,5 + 7.280,5 + 6.130 + 6.933 + 7.152
    sums = expected_rollup(built, None, "2027")
    assert sums["communes"] == 8 and sum(sums["budget"].values()) == Decimal("63611")
    cards = figure_cards(page(built, "."), "Tổng hợp năm kế hoạch 2027")
    assert cards["xã"] == "8"
    assert cards["Tổng kinh phí (triệu đồng)"] == "63.611"


def test_plan_year_contents_list_reaches_every_section(built):
    import re

    for path in sorted((built / "site").glob("*/*/[0-9][0-9][0-9][0-9]/index.html")):
        html = path.read_text(encoding="utf-8")
        contents = html.split('class="sedp-muc-luc"', 1)[1].split("</details>", 1)[0]
        anchors = re.findall(r'href="#([^"]+)"', contents)
        ids = set(re.findall(r'<h[23] id="([^"]+)"', html))
        assert "bieu-6-ke-hoach-hoat-dong-va-ngan-sach-nam-" + path.parent.name in anchors, path
        assert len(anchors) >= 18 and set(anchors) <= ids, (path, set(anchors) - ids)


def test_codes_show_their_names_and_lists_add_up_their_money(built):
    steps = {name: load_file(built / "plans/thach-an/duc-long/2027" / name).data
             for name in ("buoc-01-khoi-dong.yaml", "buoc-02-nhu-cau.yaml", "buoc-03-xep-hang.yaml",
                          "buoc-04-du-thao.yaml")}
    problems = {n["ma"]: n["van_de"] for n in steps["buoc-02-nhu-cau.yaml"]["nhu_cau"]}
    html = page(built, "thach-an/duc-long/2027")
    ranking = find(html, "Bước 3.", "Xếp hạng nhu cầu ưu tiên")["rows"]
    first = steps["buoc-03-xep-hang.yaml"]["xep_hang"][0]["nhu_cau"]
    assert ranking[1][0] == f"{first} – {problems[first]}"
    # the 5-year resources by source, each source with its amount
    resources = steps["buoc-01-khoi-dong.yaml"]["nguon_luc_5_nam"]["nguon"]
    table = find(html, "Bước 1.", "Dự kiến nguồn lực của xã 5 năm tới: Nguồn lực theo nguồn vốn")["rows"]
    assert [number(r[1]) for r in table[1:-1]] == [Decimal(str(r["kinh_phi"])) for r in resources]
    assert table[-1][0] == "Tổng cộng" and number(table[-1][1]) == sum(Decimal(str(r["kinh_phi"])) for r in resources)
    # Bước 4's activities end with a totals row: the sum of every activity's money
    activities = find(html, "Bước 4.", "Hoạt động và ngân sách")["rows"]
    money = sum(Decimal(str(v)) for a in steps["buoc-04-du-thao.yaml"]["hoat_dong"] for v in a["kinh_phi"].values())
    assert activities[-1][0] == "Tổng cộng" and number(activities[-1][-1]) == money
    # targets named in step 10 (Đức Long 2026)
    targets = {t["ma"]: t["ten"] for t in load_file(built / "plans/thach-an/duc-long/2026/buoc-04-du-thao.yaml").data["chi_tieu"]}
    follow_up = find(page(built, "thach-an/duc-long/2026"), "Bước 10.", "Theo dõi thực hiện")["rows"]
    assert follow_up[1][0] == f"CT01 – {targets['CT01']}"


def test_share_bars_are_drawn_against_the_whole(built):
    import re

    html = page(built, "thach-an/duc-long/2027")
    chart = html.split("<figcaption>Tỷ lệ tham gia theo nhóm", 1)[1].split("</figure>", 1)[0]
    bars = re.findall(r"\* ([0-9.]+)\)\"></span> <span class=\"sedp-bar-value\">([^<]+)<", chart)
    assert len(bars) == 4  # women, poor or near-poor, ethnic minorities, businesses (2 at the review)
    for fraction, value in bars:
        assert abs(Decimal(fraction) * 100 - number(value.rstrip("%"))) < Decimal("0.1"), (fraction, value)


def test_a_hostile_place_name_is_shown_literally_in_navigation_and_titles(tmp_path):
    from sedp.publish.build import build_all

    project = copy_project(tmp_path / "p")
    name = '<img src=x onerror=alert(1)> "Lê" & Lai'
    replace_in(project / "plans/thach-an/le-lai/commune.yaml", "ten: Lê Lai", f"ten: '{name}'")
    build_all(project)
    pages = list((project / "site").rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "<img src=x" not in html, path  # never markup, on any page (navigation, breadcrumbs, <title>)
    year = (project / "site/thach-an/le-lai/2027/index.html").read_text(encoding="utf-8")
    title = year.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title == ("Xã &lt;img src=x onerror=alert(1)&gt; &quot;Lê&quot; &amp; Lai – kế hoạch năm 2027"
                     " - Kế hoạch phát triển kinh tế - xã hội cấp xã")  # escaped once: the tab reads the name as typed
