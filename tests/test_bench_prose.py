"""bench.prose runs in CI: its RESULT line holds the targets of issue 15."""

from __future__ import annotations

import re

import pytest

from bench import prose
from tests.support.prose_metrics import reference_repeats_per_k


def test_bench_prose_meets_its_targets(capsys: pytest.CaptureFixture[str]) -> None:
    assert prose.main() == 0
    lines = capsys.readouterr().out.splitlines()
    result = re.fullmatch(r"RESULT unsourced=(\d+) glitches=(\d+) repeats_per_k=([\d.]+)", lines[-1])
    assert result, lines[-1]
    assert (int(result[1]), int(result[2])) == (0, 0)
    reference = reference_repeats_per_k()
    if reference is None:
        assert lines[0].startswith("reference texts missing")
    else:
        assert float(result[3]) <= reference
