"""`python bot.py console` saves every answer: killed with SIGKILL, it resumes where it stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from dialogs.answers import ChoiceAnswer, TextAnswer
from storage.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def console(data_dir: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "bot.py", "console"], cwd=ROOT, env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def read_until(process: subprocess.Popen[str], marker: str, timeout: float = 60) -> str:
    seen = ""
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while marker not in seen:
        assert time.monotonic() < deadline, f"no {marker!r} in:\n{seen[-2000:]}"
        line = process.stdout.readline()
        assert line, f"console ended before {marker!r}:\n{seen[-2000:]}"
        seen += line
    return seen


def test_the_console_resumes_after_being_killed(tmp_path: Path) -> None:
    first = console(tmp_path)
    assert first.stdin is not None
    read_until(first, "单位的名称")
    first.stdin.write("青山镇\n2\n1\n")  # the unit, then button [2] 镇, then [1] 工作总结
    first.stdin.flush()
    read_until(first, "以谁的名义落款")  # the answers acknowledged: the next question is shown
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)

    second = console(tmp_path)
    out, _ = second.communicate("青山镇党委\n", timeout=60)
    assert second.returncode == 0, out
    assert "欢迎回来" in out
    with open_store(tmp_path) as store:
        [draft] = store.list_by_owner(0)
        answers = draft.state.answers
    assert answers["unit_name"] == TextAnswer(text="青山镇")
    assert answers["unit_type"] == ChoiceAnswer(choice="镇")
    assert answers["genre"] == ChoiceAnswer(choice="工作总结")
    assert answers["signer"] == TextAnswer(text="青山镇党委")
