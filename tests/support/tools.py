"""Tests that need an outside tool (LibreOffice, poppler, fontconfig, chattr …) say so in one way.

Outside CI a missing tool skips the test, with the reason. Under CI (CI set, as .ci/run
and the CI service set it) the tools are installed on purpose (.ci/apt-packages.txt),
so a missing one is a broken setup and fails the test instead of hiding it as a skip.
"""

from __future__ import annotations

import os
import shutil

import pytest


def require(present: bool, what: str) -> None:
    """Skip the calling test unless ``present``; under CI fail it instead."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {what} is missing: see .ci/apt-packages.txt")
    pytest.skip(f"{what} is missing; set CI=true to make this a failure")


def require_tools(*names: str) -> None:
    """``require`` for programs on PATH."""
    missing = [name for name in names if shutil.which(name) is None]
    require(not missing, ", ".join(missing) + " (not on PATH)")
