"""A bot killed with SIGKILL leaves its standby office running; the next start stops it
and removes its profile, and leaves the offices of live processes alone.

The owner runs with TMPDIR in this test's own folder, so the office's temp root is
there: two test runs at once never see, nor sweep, each other's offices."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drafting.office.preview import find_soffice
from drafting.office.soffice import PROFILE_PREFIX, office_pipe_path, office_temp_root, offices_on, sweep_abandoned_profiles
from tests.support.tools import require

REPO = Path(__file__).resolve().parents[1]
# Owns a standby office, as the bot does after its warm-up, then waits to be killed.
OWNER = """
import time
from drafting.office.preview import find_soffice, subprocess_env
from drafting.office.soffice import OfficeWorker
worker = OfficeWorker(find_soffice(), subprocess_env())
worker.warm_up()
print(worker.profile, flush=True)
time.sleep(600)
"""


def wait_for(condition, timeout: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


def test_the_office_of_a_killed_owner_is_stopped_and_its_profile_removed_at_the_next_start(tmp_path: Path) -> None:
    require(find_soffice() is not None, "LibreOffice (soffice)")
    env = dict(os.environ, TMPDIR=str(tmp_path))
    owner = subprocess.Popen([sys.executable, "-c", OWNER], cwd=REPO, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert owner.stdout is not None
        profile = Path(owner.stdout.readline().strip())
        assert profile.name.startswith(f"{PROFILE_PREFIX}{owner.pid}.")
        assert profile.parent == tmp_path / f"cwzs-office-{os.getuid()}"  # the office's own temp root
        assert wait_for(lambda: len(offices_on(profile)) > 0), "the standby office never started"
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait()
    time.sleep(1)
    orphans = offices_on(profile)
    assert orphans, "the office died with its owner; nothing left to sweep"

    swept = sweep_abandoned_profiles(profile.parent)  # what the next start's first OfficeWorker does

    assert profile in swept
    assert wait_for(lambda: offices_on(profile) == [], timeout=10)
    assert not profile.exists() and not office_pipe_path(profile).exists()


def test_only_profiles_whose_owner_is_gone_are_removed(tmp_path: Path) -> None:
    mine = tmp_path / f"{PROFILE_PREFIX}{os.getpid()}.{_start_time()}-mine"
    gone = tmp_path / f"{PROFILE_PREFIX}{_dead_pid()}.12345-gone"
    reused = tmp_path / f"{PROFILE_PREFIX}{os.getpid()}.1-reused"  # same pid, another start time
    unnamed = tmp_path / f"{PROFILE_PREFIX}abcdef"  # an older naming: not ours to judge
    for folder in (mine, gone, reused, unnamed):
        folder.mkdir()
    assert sorted(sweep_abandoned_profiles(tmp_path)) == sorted([gone, reused])
    assert mine.exists() and unnamed.exists() and not gone.exists() and not reused.exists()


def _start_time() -> int:
    from drafting.office.soffice import process_start_time

    started = process_start_time(os.getpid())
    assert started is not None
    return started


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_office_keeps_its_files_in_a_temp_root_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    root = office_temp_root()
    assert root == tmp_path / f"cwzs-office-{os.getuid()}" and root.is_dir()
    stray = tmp_path / f"{PROFILE_PREFIX}{_dead_pid()}.1-not-in-the-root"  # loose in the system temp folder
    stray.mkdir()
    inside = root / f"{PROFILE_PREFIX}{_dead_pid()}.1-gone"
    inside.mkdir()
    assert sweep_abandoned_profiles() == [inside]  # the default sweep looks in the root only
    assert stray.exists()
