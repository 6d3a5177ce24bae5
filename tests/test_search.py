"""Site search (Pagefind + assets/search.js) as a person uses it, in Debian
chromium: every form a Vietnamese word is typed in finds the same pages, the
page with the word among them, excerpts cut from the page's visible text with
the match highlighted, hostile text shown literally; and the index exists
after every way of building, while a failing Pagefind leaves the old site.

What a page shows is read here by plain means (the browser's innerText of the
page's article), never through the search code."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import HOSTILE, copy_project, replace_in
from sedp.publish.build import build_all
from test_browser import CHROMIUM, browser, page, server  # noqa: F401  (the same served site and chromium)

browser_test = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed here")

# Words and phrases a reader sees on the example's pages, table cells included:
# needs ("Vấn đề"), activities, villages, hazards, communes; with đ/Đ, with a d
# that is not đ, and with neither.
WORDS = [
    "Đức Long", "đường", "đường liên thôn", "Vấn đề", "điểm trường", "gà thả đồi", "đất", "đầu tư",
    "Đã gửi huyện", "biến đổi khí hậu", "dân đóng góp", "Đồng đều", "Điện", "Dự thảo", "suy dinh dưỡng",
    "dông lốc", "doanh nghiệp", "dân tộc thiểu số", "dự kiến", "Pò Nhùng", "Nà Pàn", "Khau Giàng", "Cốc Chang",
    "Nặm Khoang", "Pác Khoang", "Khau Slam", "Bản Nhùng", "Thua Phầy", "Nặm Lìn", "Lê Lai", "Thụy Hùng",
    "Lũng Nặm", "Trường Hà", "Ca Thành", "Tam Kim", "Thành Công", "Nguyên Bình", "Hà Quảng", "sạt lở",
    "kênh mương", "mầm non", "giống ngô lai", "thủy lợi", "lũ quét", "rét đậm", "tập huấn", "nhà văn hóa",
    "tốc mái", "hợp tác xã", "chăm sóc sức khỏe", "lầy lội", "xuống cấp", "thiếu nước", "chuỗi giá trị",
    "phụ nữ", "hộ nghèo", "Tổng cộng", "trâu",
]


def without_marks(text: str) -> str:
    """As typed on a keyboard without Vietnamese marks: tones dropped, đ as d."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def forms(word: str) -> dict[str, str]:
    return {"nfc": unicodedata.normalize("NFC", word), "nfd": unicodedata.normalize("NFD", word),
            "no marks": without_marks(word), "upper": unicodedata.normalize("NFC", word).upper()}


def squeeze(text: str) -> str:
    """Text with whitespace and full stops removed: Pagefind ends table cells and
    paragraphs with '. ', the browser's innerText with tabs and new lines."""
    return re.sub(r"[\s.]+", "", unicodedata.normalize("NFC", text))


def site_pages(project: Path) -> list[str]:
    """The URL path of every page of the built site ("/", "/thach-an/", …)."""
    site = project / "site"
    return sorted("/" + "".join(f"{part}/" for part in path.parent.relative_to(site).parts)
                  for path in site.rglob("index.html"))


@pytest.fixture(scope="module")
def visible(built, server, browser):  # noqa: F811
    """URL path -> the text a reader sees in the page's article, read by the browser."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    texts = {}
    for url in site_pages(built):
        tab.goto(server + url)
        texts[url] = tab.locator("article").first.inner_text()
    context.close()
    return texts


RUN_MATRIX = """async (queries) => {
  const out = {};
  for (const query of queries) {
    const found = await window.sedpSearch.search(query);
    const views = await Promise.all(found.results.map(entry => window.sedpSearch.view(entry)));
    out[query] = views.map(view => ({
      url: view.url.split("#")[0],
      excerpt: view.excerpt.map(word => word.text).join(" "),
      marked: view.excerpt.filter(word => word.mark).map(word => word.text),
    }));
  }
  return out;
}"""


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@browser_test
def test_every_form_of_a_word_finds_the_same_pages_with_the_word_and_real_excerpts(page, server, visible):  # noqa: F811
    assert len(WORDS) >= 40
    for word in WORDS:  # the list is the example's own words: each is on some page
        assert any(word.lower() in text.lower() for text in visible.values()), word
    page.goto(server + "/")
    queries = sorted({query for word in WORDS for query in forms(word).values()})
    found = page.evaluate(RUN_MATRIX, queries)
    problems = []
    for word in WORDS:
        by_form = {name: found[query] for name, query in forms(word).items()}
        sets = {name: sorted({path_of(r["url"]) for r in results}) for name, results in by_form.items()}
        if len({tuple(s) for s in sets.values()}) != 1:
            problems.append(f"{word}: forms differ {sets}")
        having = {url for url, text in visible.items() if word.lower() in text.lower()}
        if not having & set(sets["nfc"]):
            problems.append(f"{word}: none of {sorted(having)} among {sets['nfc']}")
        first = by_form["nfc"][0]
        if word.lower() not in visible[path_of(first["url"])].lower():
            problems.append(f"{word}: first result {first['url']} lacks the exact form")
        for results in by_form.values():
            for result in results:
                text = visible[path_of(result["url"])]
                shown = squeeze(text)
                for block in re.split(r"(?<=\.) ", result["excerpt"]):  # a cell, a paragraph, a heading…
                    if squeeze(block) not in shown:
                        problems.append(f"{word}: {block!r} of an excerpt is not on {result['url']}")
                if not result["marked"]:
                    problems.append(f"{word}: nothing highlighted on {result['url']}")
    assert not problems, "\n".join(problems)


@browser_test
def test_each_d_is_searched_as_d_and_as_đ(page, server):  # noqa: F811
    page.goto(server + "/")
    variants = page.evaluate("q => window.sedpSearch.variants(window.sedpSearch.normalise(q))", "ĐƯỜNG ĐI")
    assert sorted(variants) == ["dường di", "dường đi", "đường di", "đường đi"]
    assert variants[0] == "đường đi"  # the typed form first
    assert page.evaluate("q => window.sedpSearch.normalise(q)", unicodedata.normalize("NFD", "Ðức  LONG ")) \
        == "đức long"  # decomposed, the look-alike Ð (U+00D0), extra spaces


def open_search_and_type(page, query: str, by_keyboard: bool) -> None:  # noqa: F811
    if by_keyboard:
        page.keyboard.press("/")
    else:
        page.get_by_role("button", name="Tìm kiếm").click()
    field = page.get_by_role("searchbox")
    assert field.evaluate("node => node === document.activeElement")
    page.keyboard.type(query, delay=20)
    # the results of the whole query, not of a prefix typed on the way (each key starts a search)
    whole = re.compile("kết quả cho «" + re.escape(unicodedata.normalize("NFC", query)) + "»", re.IGNORECASE)
    page.locator(".sedp-search__status").filter(has_text=whole).wait_for()


@browser_test
def test_typing_duc_long_in_the_header_box_reaches_xa_duc_long_by_keyboard(page, server):  # noqa: F811
    page.goto(server + "/ha-quang/")
    open_search_and_type(page, "duc long", by_keyboard=True)
    status = page.locator(".sedp-search__status").inner_text()
    assert re.fullmatch(r"\d+ kết quả cho «duc long»", status), status
    first = page.locator(".sedp-search__item").first
    assert first.locator(".sedp-search__title").inner_text() == "Xã Đức Long"
    assert [m.inner_text() for m in first.locator("mark").all()][:2] == ["Đức", "Long."]
    page.screenshot(path=page.shots / "tim-kiem-1280.png")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('sedp-search__link')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thach-an/duc-long/")
    assert page.locator("h1").inner_text() == "Xã Đức Long"
    assert page.dialogs == []


@browser_test
def test_the_search_box_on_a_phone_and_nothing_found(browser, server, tmp_path):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", has_touch=True)
    phone = context.new_page()
    phone.goto(server + "/thach-an/le-lai/2027/")
    opener = phone.get_by_role("button", name="Tìm kiếm")
    box = opener.bounding_box()
    assert box and box["x"] + box["width"] <= 390 and box["height"] >= 24
    open_search_and_type(phone, "NÀ PÀN", by_keyboard=False)
    dialog = phone.locator("dialog.sedp-search").bounding_box()
    assert dialog["x"] >= 0 and dialog["x"] + dialog["width"] <= 390
    item = phone.locator(".sedp-search__item").first
    item.locator("mark").first.wait_for()  # the excerpt arrives after the title (its fragment is fetched)
    assert "Nà" in [m.inner_text() for m in item.locator("mark").all()]
    phone.screenshot(path=tmp_path / "tim-kiem-390.png")
    item.locator("a").click()
    phone.wait_for_load_state()
    assert "nà pàn" in phone.locator("article").inner_text().lower()
    phone.get_by_role("button", name="Tìm kiếm").click()
    phone.get_by_role("searchbox").fill("xyzzyq")
    phone.locator(".sedp-search__status").filter(has_text="Không tìm thấy").wait_for()
    assert phone.locator(".sedp-search__status").inner_text() == "Không tìm thấy kết quả nào cho «xyzzyq»."
    assert phone.locator(".sedp-search__item").count() == 0
    phone.keyboard.press("Escape")
    assert not phone.locator("dialog.sedp-search").is_visible()
    context.close()


@browser_test
def test_hostile_text_in_a_table_cell_is_shown_literally_in_results(page, server):  # noqa: F811
    page.goto(server + "/")
    scripts = page.locator("script").count()
    for query in ("alert", "javascript", "đậm"):
        page.get_by_role("button", name="Tìm kiếm").click()
        page.get_by_role("searchbox").fill(query)
        page.locator(".sedp-search__status").filter(has_text="kết quả").wait_for()
        item = page.locator(".sedp-search__item", has_text="alert").first
        excerpt = item.locator(".sedp-search__excerpt").inner_text()
        for literal in ('<script>alert("x")</script>', "**đậm**", "[bấm](javascript:alert(1))",
                        *re.findall(r"<img [^>]*>", HOSTILE)):
            assert literal in excerpt, (literal, excerpt)
        assert item.locator(".sedp-search__excerpt *:not(mark)").count() == 0  # only our own <mark>s
        page.keyboard.press("Escape")
    page.screenshot(path=page.shots / "tim-kiem-chu-nguy-hiem.png")
    assert page.dialogs == []
    assert page.locator("script").count() == scripts
    assert page.locator("dialog.sedp-search img, dialog.sedp-search script").count() == 0


# --- Without a browser: the index after every way of building -------------------------

def fragments(site: Path) -> dict[str, dict]:
    """URL -> Pagefind's stored page (its fragment files are gzipped JSON after a marker)."""
    pages = {}
    for path in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        pages[fragment["url"]] = fragment
    return pages


def test_sedp_build_indexes_every_page_and_only_the_article(built):
    site = built / "site"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    stored = fragments(site)
    assert sorted(stored) == site_pages(built)
    assert entry["languages"]["vi"]["page_count"] == len(stored)
    year = stored["/thach-an/duc-long/2027/"]
    assert year["meta"]["title"] == "Xã Đức Long – kế hoạch năm 2027"
    assert HOSTILE.split("\n")[0] in year["content"]  # a table cell, as text
    html = (site / "thach-an/duc-long/2027/index.html").read_text(encoding="utf-8")
    outside = {"Kế hoạch phát triển kinh tế - xã hội cấp xã": "the header's site name",
               "Hướng dẫn góp ý và chỉnh sửa": "a navigation entry"}
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    for text in outside:
        assert text in html and text not in article
        assert text not in year["content"], outside[text]
    # adjacent cells stay apart as words (Pagefind adds no space between cells), and the contents box is left out
    district = stored["/thach-an/"]["content"]
    assert "Lĩnh vực Số nhu cầu" in district and "Số nhu cầuTrồng" not in district
    assert "Mục lục trang" not in year["content"]


def test_plain_mkdocs_build_from_the_repository_root_writes_the_index(tmp_path):
    project = copy_project(tmp_path / "p")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=project,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "/thach-an/duc-long/2027/" in fragments(project / "site")
    assert sorted(fragments(project / "site")) == site_pages(project)


def test_a_failing_pagefind_leaves_the_old_site(tmp_path, monkeypatch, sedp):
    project = copy_project(tmp_path / "p")
    assert build_all(project).report.ok
    before = {path: path.read_bytes() for path in (project / "site").rglob("*") if path.is_file()}
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: không đọc được trang' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setattr("sedp.publish.search.pagefind_binary", lambda: broken)
    replace_in(project / "plans/thach-an/duc-long/2027/buoc-04-du-thao.yaml", "ngan_sach_tinh: 665",
               "ngan_sach_tinh: 700")
    replace_in(project / "plans/thach-an/duc-long/2027/buoc-04-du-thao.yaml", "tong_kinh_phi: 1095",
               "tong_kinh_phi: 1130")
    code, output = sedp(project, "build")
    assert code == 1
    assert "pagefind: Error: không đọc được trang" in output
    assert ("Lỗi: Không tạo được chỉ mục tìm kiếm (Pagefind): pagefind dừng với mã 3; trang cũ trong site/ "
            "được giữ nguyên.") in output
    assert "Traceback" not in output
    after = {path: path.read_bytes() for path in (project / "site").rglob("*") if path.is_file()}
    assert after == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []
    monkeypatch.undo()
    assert build_all(project).report.ok
    assert "1.130" in (project / "site/thach-an/duc-long/2027/index.html").read_text(encoding="utf-8")
    assert "1.130" in fragments(project / "site")["/thach-an/duc-long/2027/"]["content"]
