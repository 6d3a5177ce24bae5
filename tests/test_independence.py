"""A test of the tests: expected figures never come from the code under test.

Only the unit tests of the formatter and the roll-up (tests/test_figures.py,
whose expectations are literals) may import them; anywhere else a wrong
formula would produce the same wrong expectation and pass.
"""

from __future__ import annotations

import re
from pathlib import Path

FIGURE_CODE = re.compile(r"^\s*(from sedp(\.\w+)* import .*\b(fmt|rollup|Summary|summarize|number|percent)\b"
                         r"|from sedp\.(fmt|rollup) import|import sedp\.(fmt|rollup))", re.M)
UNIT_TESTS = {"test_figures.py"}


def test_no_test_computes_an_expected_figure_with_sedps_own_code():
    offenders = [f"{path.name}:{text[:match.start()].count(chr(10)) + 1}: {match.group(0).strip()}"
                 for path in sorted(Path(__file__).parent.glob("*.py")) if path.name not in UNIT_TESTS
                 for text in [path.read_text(encoding="utf-8")] for match in FIGURE_CODE.finditer(text)]
    assert offenders == []


def test_the_check_would_see_an_offender():
    assert FIGURE_CODE.search("from sedp import fmt\n")
    assert FIGURE_CODE.search("    from sedp.rollup import Summary\n")
    assert FIGURE_CODE.search("from sedp.fmt import number\n")
    assert not FIGURE_CODE.search("from sedp.build import build_site\n")
