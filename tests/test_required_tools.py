"""Under CI a test that needs a missing tool fails; it never hides as a skip.

Every test that needs LibreOffice, poppler, fontconfig, chattr, nginx or PostgreSQL
asks through tests/support/tools.py (or a skipif that names CI); this file checks the
helper and that no test skips another way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.tools import require, require_tools

TESTS = Path(__file__).resolve().parent
SKIPS = re.compile(r"pytest\.skip\(|importorskip\(|skipif\(")


def test_a_missing_tool_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        require_tools("no-such-tool-cwzs")
    require_tools("sh")  # present: nothing happens


def test_a_missing_tool_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="CI=true"):
        require(False, "a tool")


def test_no_test_skips_on_a_missing_tool_except_through_the_helper() -> None:
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        if path.name in ("tools.py", Path(__file__).name):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if SKIPS.search(line) and "CI" not in " ".join(lines[number : number + 3]):
                found.append(f"{path.relative_to(TESTS)}:{number + 1}: {line.strip()}")
    assert found == []
