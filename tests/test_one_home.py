"""Every name and rule has one home: a pattern that reads or spells it is found
nowhere in the package but there (issue 30, "One home for every name").

Each test names one thing, its home, and the patterns that give away a copy.
A copy found is listed as "module:line: text", so the failure says where to
use the home instead. Add a thing by adding a test that calls `copies`.
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "generator" / "sedp"


def copies(patterns: list[str], home: set[str], package: Path = PACKAGE) -> list[str]:
    """Lines of the package's modules (outside home, package-relative paths)
    that match any of the patterns; comments and docstrings count too, since
    a copy's explanation is where the next copy is written from."""
    found = []
    combined = re.compile("|".join(f"(?:{p})" for p in patterns))
    for path in sorted(package.rglob("*.py")):
        module = path.relative_to(package).as_posix()
        if module in home:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if combined.search(line):
                found.append(f"{module}:{number}: {line.strip()}")
    return found


# Names sedp gives what it publishes, spelt as string literals: core/names.py names them.
OUTPUT_NAME_PATTERNS = [
    r"""["'/]du-lieu-mo(?:["'/]|\.md(?!\.j2))""",  # the open data folder and page (not its template, du-lieu-mo.md.j2)
    r"""ke-hoach-\{""",  # a commune-year's workbook or document, ke-hoach-{commune}-{year}
    r"""tong-hop-\{|tong-hop-tinh\.xlsx""",  # a district's synthesis and workbooks, the province's workbook
    r"""bao-cao-giai-doan(?:\.md|-\{)|["']bao-cao-giai-doan["']""",  # the period page, its DOCX, its outline's key
    r"""thuc-hien/""",  # a plan year's accountability page
    r"""\{year\}\.docx""",  # a document name built by hand
]
# The district-level word: core/names.middle_level reads province.yaml's cap_trung_gian.
MIDDLE_LEVEL_PATTERNS = [r"""\.get\(\s*["']cap_trung_gian["']""", r"""or\s+["']Huyện["']"""]
# The totals row's first cell: model/forms.TOTAL_LABEL. Found by key, never by this text.
TOTAL_PATTERNS = [r"Tổng cộng"]
# An activity's money read by its key typed in code: Handbook.money_field reads it from
# schema/tong-hop.yaml (hoat_dong.kinh_phi), so a province that renames the field is read right.
MONEY_FIELD_PATTERNS = [r"""\.get\(\s*["']kinh_phi["']""", r"""\[\s*["']kinh_phi["']\s*\]""",
                        r"""==\s*["']kinh_phi["']"""]
# authoring/synthetic.py writes the example province as schema/ spells it (and
# `sedp validate` checks what it writes): it is the one writer of plan keys by name.
EXAMPLE_WRITER = "authoring/synthetic.py"


def test_output_names_are_spelt_only_in_core_names():
    assert copies(OUTPUT_NAME_PATTERNS, home={"core/names.py"}) == []


def test_the_district_level_word_is_read_only_by_core_names():
    assert copies(MIDDLE_LEVEL_PATTERNS, home={"core/names.py", EXAMPLE_WRITER}) == []


def test_the_totals_label_is_written_only_in_model_forms():
    assert copies(TOTAL_PATTERNS, home={"model/forms.py"}) == []


def test_an_activitys_money_is_read_by_the_handbooks_key():
    assert copies(MONEY_FIELD_PATTERNS, home={"source/handbook.py", EXAMPLE_WRITER}) == []


def test_the_scanner_finds_each_name_as_it_was_copied_before(tmp_path):
    """Lines as they were written before core/names.py, Handbook.money_field and the
    diff's budget_total (issue 30), and lines that must pass."""
    (tmp_path / "render").mkdir()
    (tmp_path / "render/old.py").write_text(
        'files[f"{district}/{commune}/{year}/ke-hoach-{commune}-{year}.xlsx"] = book\n'
        'folder = project / GENERATED / "du-lieu-mo"\n'
        '"xlsx": Markup(f"../du-lieu-mo/{district}/tong-hop-{district}-{year}.xlsx"),\n'
        'outline = handbook.outlines["bao-cao-giai-doan"]\n'
        "link = Markup(f'<a href=\"{commune.slug}/{year}/thuc-hien/\">')\n"
        'middle = province.get("cap_trung_gian") or "Huyện"\n'
        'total = [b for b in self.budget if b[0] == "Tổng cộng"]\n'
        'money = activity.get("kinh_phi") if isinstance(activity.get("kinh_phi"), dict) else {}\n'
        'if key == "kinh_phi":\n'
        'template = environment().get_template("du-lieu-mo.md.j2")\n'
        'Field("kinh_phi", "Kinh phí (triệu đồng)", "number")\n', encoding="utf-8")
    every = OUTPUT_NAME_PATTERNS + MIDDLE_LEVEL_PATTERNS + TOTAL_PATTERNS + MONEY_FIELD_PATTERNS
    found = [line.split(":")[1] for line in copies(every, home=set(), package=tmp_path)]
    assert found == [str(n) for n in range(1, 10)]


# How the plans/<district>/<commune>/<year>/<file> layout was read by hand: a path
# cut at its slashes or counted in parts, a year folder told by its digits, a
# place file told by the end of its path. source/repository.plan_path reads it.
PLAN_PATH_PATTERNS = [
    r"""\.r?split\(\s*["']/["']""",  # "plans/d/c/2027/x.yaml".split("/")
    r"""\.r?partition\(\s*["']/["']""",
    r"""\.parts\s*\[|len\(.*\.parts\)""",  # len(folder.relative_to(plans).parts) == 3
    r"""\.isdigit\(\)\s+and\s+len\(|parts\[\d+\]\.isdigit""",  # parts[3].isdigit(), name.isdigit() and len(name) == 4
    r"""\[0-9\]\{4\}\\Z""",  # the year folder's pattern
    r"""["']/(province|district|commune)\.yaml["']""",  # path.endswith("/commune.yaml")
    r"""f["']plans/\{""",  # f"plans/{district}/{commune}/{year}": repository.plan_folder builds it
]


def test_plans_paths_are_read_only_by_the_repository_module():
    assert copies(PLAN_PATH_PATTERNS, home={"source/repository.py"}) == []


def test_the_scanner_finds_each_way_a_plans_path_was_read_by_hand(tmp_path):
    """The four copies the classifier replaced, as they were written."""
    (tmp_path / "review").mkdir()
    (tmp_path / "review/old.py").write_text(
        'parts = path.split("/")\n'
        "return (len(parts) == 5 and parts[3].isdigit()) or path.endswith(\n"
        '    ("/province.yaml", "/district.yaml", "/commune.yaml"))\n'
        "in_a_year = all(plans in f.parents and len(f.relative_to(plans).parts) == 3 for f in folders)\n"
        "if p.is_dir() and p.name.isdigit() and len(p.name) == 4\n"
        'folder = f"plans/{base}/{year}"\n'
        "fine = Path(a) / b\n", encoding="utf-8")
    (tmp_path / "home.py").write_text('YEAR_FOLDER = re.compile(r"[0-9]{4}\\Z")\n', encoding="utf-8")
    assert copies(PLAN_PATH_PATTERNS, home={"home.py"}, package=tmp_path) == [
        'review/old.py:1: parts = path.split("/")',
        "review/old.py:2: return (len(parts) == 5 and parts[3].isdigit()) or path.endswith(",
        'review/old.py:3: ("/province.yaml", "/district.yaml", "/commune.yaml"))',
        "review/old.py:4: in_a_year = all(plans in f.parents and len(f.relative_to(plans).parts) == 3 for f in folders)",
        "review/old.py:5: if p.is_dir() and p.name.isdigit() and len(p.name) == 4",
        'review/old.py:6: folder = f"plans/{base}/{year}"',
    ]
    assert copies(PLAN_PATH_PATTERNS, home=set(), package=tmp_path)[0] == \
        'home.py:1: YEAR_FOLDER = re.compile(r"[0-9]{4}\\Z")'


def test_the_repository_module_reads_each_kind_of_plans_path():
    from sedp.source.repository import PlanPath, plan_path

    assert plan_path("plans/province.yaml") == PlanPath("province", name="province.yaml")
    assert plan_path("plans/thach-an/district.yaml") == PlanPath("district", "thach-an", name="district.yaml")
    assert plan_path("plans/thach-an/duc-long/commune.yaml") == PlanPath(
        "commune", "thach-an", "duc-long", name="commune.yaml")
    step = plan_path("plans/thach-an/duc-long/2027/ke-hoach.yaml")
    assert step == PlanPath("step", "thach-an", "duc-long", "2027", "ke-hoach.yaml")
    assert (step.place, step.key) == ("plans/thach-an/duc-long", ("thach-an", "duc-long", "2027"))
    assert plan_path("plans/thach-an/duc-long/ghi-chu.yaml") == PlanPath(
        "other", "thach-an", "duc-long", name="ghi-chu.yaml")
    assert plan_path("plans/thach-an/duc-long/27/ke-hoach.yaml").kind == "other"  # not a year folder
    assert plan_path("plans/thach-an/commune.yaml").kind == "other"  # a place file out of its place
    assert plan_path("schema/quy-trinh.yaml") == PlanPath("other", name="quy-trinh.yaml")
