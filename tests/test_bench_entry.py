"""Every benchmark starts both ways the README names: `python -m bench.NAME` and `python bench/NAME.py`.

`--help` is enough to prove the imports resolve: run as a file, Python puts bench/ (not
the repository) first on sys.path, where bench/storage.py and bench/drafting.py would
shadow the storage and drafting packages without the path line each script starts with.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted(path.stem for path in (ROOT / "bench").glob("*.py") if path.stem != "__init__")


def run_help(command: list[str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # no help from outside
    return subprocess.run([*command, "--help"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_there_are_benchmarks_to_check() -> None:
    assert {"load", "storage", "drafting"} <= set(SCRIPTS)


@pytest.mark.parametrize("name", SCRIPTS)
def test_runs_as_a_module(name: str) -> None:
    done = run_help([sys.executable, "-m", f"bench.{name}"])
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout


@pytest.mark.parametrize("name", SCRIPTS)
def test_runs_as_a_file_path(name: str) -> None:
    done = run_help([sys.executable, f"bench/{name}.py"])
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout
