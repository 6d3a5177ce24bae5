"""Every figure of the plan pages readable on a laptop and a phone, in Debian chromium.

On each of the example's plan-year pages, at 1280×800 and 390×844: every cell
of Biểu 5 and Biểu 6 (the totals row included) lies inside the window's width
once scrolled to, with no sideways scrolling of the page; no number breaks
over two lines; the charts' text is at least 11 px. What is read here is what
the browser lays out (bounding boxes, computed font sizes), and the figures
are checked against the plan's YAML added up in the test."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sedp.source.loader import load_file
from test_browser import CHROMIUM, browser, server  # noqa: F401  (the same served site and chromium)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed here")

SCREENS = {"laptop": (1280, 800), "phone": (390, 844)}
FORMS = ("Biểu 5.", "Biểu 6.")
PLANS = Path(__file__).resolve().parent.parent / "plans"
YEAR_PAGES = sorted(p.relative_to(PLANS).as_posix() for p in PLANS.glob("*/*/[0-9][0-9][0-9][0-9]") if p.is_dir())

# Per cell of the table after a heading: its text, its box, and whether a number
# cell's text runs over more than one line (distinct line tops of its text).
CELLS = """heading => {
  const h = [...document.querySelectorAll('article h3')].find(e => e.textContent.trim().startsWith(heading));
  let wrap = h.nextElementSibling;  // the table under this heading, not one under the next
  while (wrap && !wrap.classList.contains('sedp-table-wrap') && !wrap.matches('h2, h3')) wrap = wrap.nextElementSibling;
  if (!wrap || !wrap.classList.contains('sedp-table-wrap')) return [];
  const cells = [];
  for (const row of wrap.querySelectorAll('tbody tr')) {
    row.scrollIntoView({block: 'center'});
    for (const cell of row.querySelectorAll('td')) {
      const box = cell.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(cell);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      cells.push({text: cell.innerText.trim(), label: cell.dataset.label || '', left: box.left, right: box.right,
                  shown: getComputedStyle(cell).display !== 'none', number: cell.classList.contains('so'),
                  lines: tops.size, total: row.classList.contains('sedp-total')});
    }
  }
  return cells;
}"""


@pytest.fixture(params=list(SCREENS))
def screen(request, browser):  # noqa: F811
    width, height = SCREENS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.width, page.kind = width, request.param
    yield page
    context.close()


@pytest.mark.parametrize("year_page", YEAR_PAGES)
def test_every_cell_of_bieu_5_and_6_is_inside_the_window(screen, server, year_page, tmp_path):  # noqa: F811
    screen.goto(f"{server}/{year_page}/")
    for heading in FORMS:
        cells = screen.evaluate(CELLS, heading)
        assert cells, f"{year_page}: no rows under {heading}"
        for cell in cells:
            if not cell["shown"]:  # an empty cell of a card has nothing to read
                assert cell["text"] == ""
                continue
            where = f"{year_page} {screen.kind}: {heading} cell {cell['label'] or cell['text']!r}"
            assert cell["left"] >= 0 and cell["right"] <= screen.width + 0.5, where
            if cell["number"] and cell["text"]:
                assert cell["lines"] == 1, f"{where} wraps the number {cell['text']!r}"
        assert screen.evaluate("document.documentElement.scrollWidth") <= screen.width, year_page
    name = year_page.replace("/", "-")
    screen.locator("h3", has_text="Biểu 6.").scroll_into_view_if_needed()
    screen.screenshot(path=tmp_path / f"{name}-{screen.kind}-bieu-6.png")


def test_bieu_6_totals_read_on_a_phone_card(screen, server):  # noqa: F811
    plan = load_file(PLANS / "thach-an/le-lai/2027/buoc-04-du-thao.yaml").data["hoat_dong"]
    commune_budget = sum((a["kinh_phi"].get("ngan_sach_xa") or 0 for a in plan), Decimal(0))
    total = sum((v or 0 for a in plan for v in a["kinh_phi"].values()), Decimal(0))
    assert (commune_budget, total) == (750, 6933)  # plans/thach-an/le-lai/2027, added up here
    screen.goto(f"{server}/thach-an/le-lai/2027/")
    totals = {c["label"]: c["text"] for c in screen.evaluate(CELLS, "Biểu 6.") if c["total"]}
    assert totals["Ngân sách xã"] == "750"
    assert totals["Tổng cộng (triệu đồng)"] == "6.933"


def test_chart_text_is_at_least_11_px(screen, server, tmp_path):  # noqa: F811
    for path in ("/", "/thach-an/", "/thach-an/duc-long/2027/"):
        screen.goto(server + path)
        sizes = screen.evaluate("""() => [...document.querySelectorAll('.sedp-chart')].flatMap(chart =>
            [...chart.querySelectorAll('*')].filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
              .map(e => [e.textContent.trim(), parseFloat(getComputedStyle(e).fontSize), e.getBoundingClientRect().height]))""")
        assert len(sizes) >= 6, path  # two charts, a title and bars each
        small = [(text, size) for text, size, height in sizes if size < 11 or height < 11]
        assert small == [], f"{path} {screen.kind}: {small}"
        screen.locator(".sedp-charts").first.scroll_into_view_if_needed()
        screen.screenshot(path=tmp_path / f"bieu-do-{path.strip('/').replace('/', '-') or 'tinh'}-{screen.kind}.png")
