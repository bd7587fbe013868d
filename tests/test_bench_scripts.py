"""Every bench script runs as documented: ``python bench/NAME.py`` from any folder, not
only ``python -m bench.NAME`` from the repository root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize(
    ("script", "arguments", "expected"),
    [
        ("drafting.py", ["1"], "RESULT docx_ms="),
        ("prose.py", [], "RESULT unsourced="),
        ("engine_steps.py", ["1"], "reference1"),
        ("storage.py", ["--help"], "usage:"),
        ("preview.py", ["--help"], "usage:"),
    ],
)
def test_a_bench_script_runs_by_its_path_from_another_folder(
    tmp_path: Path, script: str, arguments: list[str], expected: str
) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH / script), *arguments], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
