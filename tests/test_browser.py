"""The site in a real browser (Debian chromium, driven by Playwright), served on localhost."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from decimal import Decimal

import pytest

from conftest import HOSTILE
from sedp.source.loader import load_file

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (make test installs it)")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian chromium is not installed here (apt-get install chromium; .ci/run does)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(built):  # noqa: F811
    handler = functools.partial(_Quiet, directory=str(built / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    page.shots = tmp_path
    yield page
    context.close()


def content_link(page, text):
    return page.locator("article a", has_text=text).first


def test_province_to_district_to_commune_by_clicking(page, server):
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Tỉnh Cao Bằng"
    page.screenshot(path=page.shots / "1-tinh.png")
    content_link(page, "Huyện Thạch An").click()
    page.wait_for_url("**/thach-an/")
    assert page.locator("h1").inner_text() == "Huyện Thạch An"
    page.screenshot(path=page.shots / "2-huyen.png")
    content_link(page, "Xã Đức Long").click()
    page.wait_for_url("**/thach-an/duc-long/")
    assert page.locator("h1").inner_text() == "Xã Đức Long"
    page.screenshot(path=page.shots / "3-xa.png")
    content_link(page, "Kế hoạch năm 2027").click()
    page.wait_for_url("**/thach-an/duc-long/2027/")
    assert "Đã gửi huyện" in page.locator("article .sedp-badge").first.inner_text()
    breadcrumbs = page.locator(".md-path").inner_text()
    assert "Huyện Thạch An" in breadcrumbs and "Xã Đức Long" in breadcrumbs
    page.screenshot(path=page.shots / "4-nam.png", full_page=True)
    assert (page.shots / "4-nam.png").stat().st_size > 10_000


def test_bieu_6_totals_row_shows_the_right_figure(page, server, built):  # noqa: F811
    activities = load_file(built / "plans/thach-an/le-lai/2027/buoc-04-du-thao.yaml").data["hoat_dong"]
    total = sum((sum((v or 0 for v in a["kinh_phi"].values()), Decimal(0)) for a in activities), Decimal(0))
    page.goto(server + "/thach-an/le-lai/2027/")
    heading = page.locator("h3", has_text="Biểu 6.")
    heading.scroll_into_view_if_needed()
    table = page.locator("xpath=//h3[starts-with(normalize-space(.), 'Biểu 6.')]/following::table[1]")
    row = table.locator("tr.sedp-total")
    assert row.locator("td").first.inner_text() == "Tổng cộng"
    assert total == 6933  # plans/thach-an/le-lai/2027, added up here
    assert row.locator("td").last.inner_text() == "6.933"
    page.screenshot(path=page.shots / "bieu-6.png")


def test_planted_script_is_shown_as_text(page, server):
    page.goto(server + "/thach-an/duc-long/2027/")
    table = page.locator("xpath=//h3[starts-with(normalize-space(.), 'Biểu 6.')]/following::table[1]")
    cell = table.locator("tbody tr").first.locator("td").nth(1)
    assert cell.inner_text() == HOSTILE
    page.wait_for_timeout(300)  # an <img onerror> would fire after its failed load
    assert page.dialogs == []
    assert page.locator("article script").count() == 0
    assert page.locator("article img").count() == 0
    assert page.locator("article a[href^='javascript']").count() == 0
    assert cell.locator("strong").count() == 0  # **đậm** stays two asterisks, not bold
    cell.scroll_into_view_if_needed()
    page.screenshot(path=page.shots / "chu-nguy-hiem.png")


# -- step 10: the public accountability page -----------------------------------
RECORDED = "plans/thach-an/duc-long/2026"


def _recorded_activity(root):
    """From the example's YAML itself: an activity with money disbursed, its plan row,
    and the status label from the vocabulary file."""
    record = load_file(root / RECORDED / "thuc-hien.yaml").data
    plan = {a["ma"]: a for a in load_file(root / RECORDED / "buoc-04-du-thao.yaml").data["hoat_dong"]}
    labels = load_file(root / "schema/danh-muc/trang-thai-thuc-hien.yaml").data["muc"]
    sources = load_file(root / "schema/danh-muc/nguon-von.yaml").data["muc"]
    item = next(i for i in record["hoat_dong"] if i.get("giai_ngan") and i.get("tien_do") not in (None, 100))
    # behind the plan: still open on the update day although its planned last month is over
    month, year = map(int, plan[item["ma"]]["thoi_gian"]["ket_thuc"].split("/"))
    _, updated_month, updated_year = map(int, record["ngay_cap_nhat"].split("/"))
    late = (updated_year, updated_month) > (year, month) and item["trang_thai"] not in ("hoan_thanh", "dung")
    return item, plan[item["ma"]], labels[item["trang_thai"]]["nhan"] + (" – chậm tiến độ" if late else ""), sources


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)], ids=["laptop", "phone"])
def test_accountability_page_shows_an_activitys_status_progress_and_money(browser, server, built, width, height,
                                                                           tmp_path):
    from htmltables import share, vn

    item, planned, status, sources = _recorded_activity(built)
    planned_total = sum(Decimal(str(v)) for v in planned["kinh_phi"].values() if v is not None)
    paid_total = sum(Decimal(str(v)) for v in item["giai_ngan"].values() if v is not None)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    page.goto(server + "/thach-an/duc-long/2026/")
    page.locator("article a", has_text="tiến độ, giải ngân").first.click()
    page.wait_for_url("**/thach-an/duc-long/2026/thuc-hien/")
    assert page.locator("h1").inner_text() == "Xã Đức Long – thực hiện kế hoạch năm 2026"
    row = page.locator("table.sedp-table tbody tr", has=page.locator("td", has_text=item["ma"])).first
    row.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / f"thuc-hien-{width}.png", full_page=True)
    cells = {c.get_attribute("data-label"): c.inner_text().strip() for c in row.locator("td").all()}
    assert cells["Trạng thái"] == status
    assert cells["Tiến độ"] == f"{vn(item['tien_do'])}%"
    assert cells["Kế hoạch (triệu đồng)"] == vn(planned_total)
    assert cells["Đã giải ngân (triệu đồng)"] == vn(paid_total)
    assert cells["Tỷ lệ giải ngân"] == share(paid_total, planned_total)
    bar = row.locator(".sedp-tien-do-thanh")
    track = row.locator(".sedp-tien-do")
    assert bar.is_visible()
    ratio = bar.bounding_box()["width"] / track.bounding_box()["width"]
    assert abs(ratio - float(item["tien_do"]) / 100) < 0.03
    # every cell of the row is on screen, whole: laptop as a table row, phone as a card
    for cell in row.locator("td").all():
        if not cell.inner_text().strip():
            continue  # an empty cell has no line in a phone's card
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, cell.inner_text()
    # money by source of the same activity
    money = page.locator("xpath=//h3[contains(., 'Kinh phí từng hoạt động')]/following-sibling::div[1]//tbody/tr",
                         has=page.locator("td", has_text=f"{item['ma']} – "))
    shown = {r.locator("td").nth(1).inner_text().strip(): r.locator("td").nth(3).inner_text().strip()
             for r in money.all()}
    for source, amount in item["giai_ngan"].items():
        if amount is not None:
            assert shown[sources[source]["nhan"]] == vn(amount)
    context.close()
