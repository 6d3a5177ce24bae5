"""Arbitrary Unicode in every free-text field shows literally on the site and in
the DOCX: never as markup, never dropped, never cut.

Every free-text field of Đức Long (commune.yaml and both plan years) gets the
same text. A render with a plain marker word counts how often the fields show
up; the arbitrary text must show up at least as often in the page text (and in
the DOCX text), and the HTML must have exactly the marker render's elements.
"""

from __future__ import annotations

import html.parser
import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from copy import deepcopy
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from mkdocs.utils.meta import get_data

from conftest import ROOT, make_project
from sedp.authoring.synthetic import dump
from sedp.check.checker import Checker
from sedp.core.text import heading_id, nfc
from sedp.publish.pipeline import Stage, Task
from sedp.render.docx.ast import unpack
from sedp.render.docx.reference import pandoc_path
from sedp.source.handbook import load_handbook
from sedp.source.loader import load_file
from sedp.source.provenance import GitFacts

COMMUNE = Path("plans/thach-an/duc-long")
MARKER = "QqMarkQq"
# What the validator rightly refuses (invisible controls, bidi overrides) and
# what YAML itself reads as line breaks; everything else must pass through.
REFUSED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30).filter(
    lambda t: not REFUSED.search(t) and squash(t))
HOSTILE = ['<script>alert(1)</script>', '**đậm** _nghiêng_ `mã`', '[bấm](javascript:alert(1))', 'a | b | c',
           '{{ 7*7 }} {% if x %}', '# Tiêu đề', '- mục\n- mục', '&amp; &lt;b&gt;', '\\*không\\*', '<!-- x -->',
           '```{=openxml}\n<w:p/>\n```', '1. một', '> trích', '![ảnh](x.png)', '$$x$$', '<https://x.vn>']


def occurrences(shown: str, text: str) -> int:
    """How often text shows, as written or in capitals (the official header
    writes the commune's name in capitals)."""
    upper = text.upper()
    return shown.count(text) + (shown.count(upper) if upper != text else 0)


def squash(text: str) -> str:
    """Whitespace as a reader sees it: runs become one space."""
    return " ".join(text.split())


def free_text_paths(rules: dict, data, path=()):
    """Key paths of the string values that are free text: no vocabulary, pattern,
    identifier or reference behind them."""
    if isinstance(data, dict):
        for key, value in data.items():
            rule = rules.get(key) if isinstance(rules, dict) else None
            if isinstance(rule, dict):
                yield from _paths_in(rule, value, (*path, key))
    return


def _paths_in(rule: dict, value, path):
    meta = rule.get("meta") or {}
    if isinstance(value, str):
        if (rule.get("type") == "string" and not rule.get("allowed") and not rule.get("regex")
                and not any(k in meta for k in ("danh_muc", "dinh_danh", "tham_chieu"))):
            yield path
    elif isinstance(value, list) and isinstance(rule.get("schema"), dict):
        for index, item in enumerate(value):
            yield from _paths_in(rule["schema"], item, (*path, index))
    elif isinstance(value, dict) and isinstance(rule.get("schema"), dict):
        yield from free_text_paths(rule["schema"], value, path)


def set_at(data, path, value) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


class Plan:
    """Đức Long in a project of its own, rewritten with a text and rendered."""

    def __init__(self, folder: Path):
        self.project = make_project(folder, plans=ROOT / "plans")
        self.handbook = load_handbook(self.project / "schema")
        self.checker = Checker(self.project, self.handbook)
        self.originals = {}
        for path in sorted((self.project / COMMUNE).rglob("*.yaml")):
            rules = self.handbook.rules["commune.yaml" if path.name == "commune.yaml" else path.name]
            data = load_file(path).data
            self.originals[path] = (data, list(free_text_paths(rules, data)))
        self.fields = sum(len(paths) for _, paths in self.originals.values())

    def render(self, text: str) -> tuple[str, str]:
        """(HTML of every page of the commune, text of its DOCX documents)."""
        for path, (data, paths) in self.originals.items():
            copy = deepcopy(data)
            for field in paths:
                set_at(copy, field, text)
            path.write_text(dump(copy), encoding="utf-8")
        folder = self.project / COMMUNE
        province = load_file(self.project / "plans/province.yaml").data
        task = Task(folder, sorted(p for p in folder.iterdir() if p.is_dir()), "thach-an", "Thạch An", True)
        output = Stage(self.checker, province, None, GitFacts(self.project)).commune(task)
        errors = [p.format() for p in output.problems if p.severity == "loi"]
        assert not errors, errors
        # as mkdocs reads a page: its front matter (the page's title, for <title>) apart from the Markdown
        read = [get_data(page) for page in output.pages.values()]
        assert all(meta.get("title") for _, meta in read)  # mkdocs drops front matter it cannot read, silently
        pages = "".join(markdown.markdown(content, extensions=["toc", "tables", "fenced_code"],
                                          extension_configs={"toc": {"slugify": heading_id}})
                        for content, _ in read)
        return pages, output.documents


class PageText(html.parser.HTMLParser):
    """The text a reader sees, and the elements and link targets of the page."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: Counter = Counter()
        self.targets: list[str] = []
        self.feed(page)
        self.close()
        self.text = squash(" ".join(self.parts))

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")
        if tag != "br":  # a line break in a cell is the text's own
            self.tags[tag] += 1
        self.targets += [value or "" for name, value in attrs if name in ("href", "src")]

    def handle_endtag(self, tag):
        self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(documents) -> str:
    parts = []
    for _, ast in documents:
        data = subprocess.run([pandoc_path(), "-f", "json", "-t", "docx", "-o", "-"], input=unpack(ast),
                              capture_output=True, check=True).stdout
        body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
        for element in body.iter(f"{W}t", f"{W}br", f"{W}tab", f"{W}p"):
            parts.append(element.text or "" if element.tag == f"{W}t" else " ")
    return squash("".join(parts))


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Plan:
    return Plan(tmp_path_factory.mktemp("properties") / "project")


@pytest.fixture(scope="module")
def baseline(plan):
    pages, documents = plan.render(MARKER)
    seen = PageText(pages)
    return seen, occurrences(seen.text, MARKER), documents


@pytest.fixture(scope="module")
def docx_baseline(baseline) -> int:
    count = occurrences(docx_text(baseline[2]), MARKER)
    assert count >= 20
    return count


def test_the_marker_reaches_many_fields(plan, baseline):
    seen, count, _ = baseline
    assert plan.fields >= 40, plan.fields  # names, problems, causes, solutions, places, people, notes…
    words = [path for _, paths in plan.originals.values() for path in paths if path[0] == "thuyet_minh"]
    assert len(words) >= 2 * 9, words  # the plan's own words, both years: they reach all four documents
    assert count >= plan.fields // 2, (count, plan.fields)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=TEXT)
@example(text=HOSTILE[0])
@example(text="\n".join(HOSTILE))
@example(text=" ".join(HOSTILE))
def test_any_text_shows_literally_on_the_site(plan, baseline, text):
    marked, count, _ = baseline
    pages, _ = plan.render(text)
    seen = PageText(pages)
    shown = squash(nfc(text))
    assert occurrences(seen.text, shown) >= count, (text, occurrences(seen.text, shown), count)
    assert seen.tags == marked.tags  # no element added or lost: the text is never markup
    assert seen.targets == marked.targets  # and never a link


@pytest.mark.skipif(not shutil.which(pandoc_path()), reason="pandoc (pypandoc-binary) is not installed")
@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=TEXT)
@example(text=" ".join(HOSTILE))
def test_any_text_shows_literally_in_the_docx(plan, docx_baseline, text):
    expected = docx_baseline
    _, documents = plan.render(text)
    assert occurrences(docx_text(documents), squash(nfc(text))) >= expected, text
