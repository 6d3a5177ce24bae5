"""A test of the tests: expected figures never come from the code under test.

Only the unit tests of the formatter, the roll-up, the Biểu and the diff
(tests/test_figures.py, tests/test_rules.py, tests/test_diff_fields.py, whose expectations are literals
or plain arithmetic) may import them; anywhere else a wrong
formula would produce the same wrong expectation and pass.
"""

from __future__ import annotations

import re
from pathlib import Path

MODULES = r"(fmt|rollup|forms|plandiff|values)"
FIGURE_CODE = re.compile(rf"^\s*(from sedp(\.\w+)* import .*\b({MODULES[1:-1]}|Summary|summarize|Forms|compare_year|number|percent|value_text)\b"
                         rf"|from sedp(\.\w+)*\.{MODULES} import|import sedp(\.\w+)*\.{MODULES})|\bsedp(\.\w+)*\.{MODULES}\.", re.M)
UNIT_TESTS = {"test_figures.py", "test_rules.py", "test_diff_fields.py", "test_independence.py"}


def test_no_test_computes_an_expected_figure_with_sedps_own_code():
    offenders = [f"{path.name}:{text[:match.start()].count(chr(10)) + 1}: {match.group(0).strip()}"
                 for path in sorted(Path(__file__).parent.glob("*.py")) if path.name not in UNIT_TESTS
                 for text in [path.read_text(encoding="utf-8")] for match in FIGURE_CODE.finditer(text)]
    assert offenders == []


def test_the_check_would_see_an_offender():
    assert FIGURE_CODE.search("from sedp import fmt\n")
    assert FIGURE_CODE.search("    from sedp.model.rollup import Summary\n")
    assert FIGURE_CODE.search("from sedp.core.fmt import number\n")
    assert FIGURE_CODE.search("import sedp\nexpected = sedp.core.fmt.number(total)\n")
    assert FIGURE_CODE.search("from sedp.review.plandiff import compare_year\n")
    assert FIGURE_CODE.search("from sedp.model.values import num\n")
    assert not FIGURE_CODE.search("from sedp.publish.build import build_site\n")
