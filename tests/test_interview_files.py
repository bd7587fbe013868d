"""The interviews of tests/interviews/ (clerks' answers as typed) replay without a refusal,
reach the end (or 生成 where they stop), and every fact they name is in the draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.questionnaire import load_questionnaire
from tests.support.interview_replay import INTERVIEWS_DIR, missing_facts, read_script, replay

QUESTIONNAIRE = load_questionnaire()
FILES = sorted(INTERVIEWS_DIR.glob("*.txt"))


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_an_interview_file_replays_and_its_facts_reach_every_layout(path: Path) -> None:
    script = read_script(path)
    result = replay(QUESTIONNAIRE, script)
    assert result.refused == []
    assert result.finished or script.lines[-1] == "生成"
    assert missing_facts(QUESTIONNAIRE, script, result.state) == {}


def test_there_are_interview_files() -> None:
    assert len(FILES) >= 7
