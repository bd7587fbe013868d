"""Real documents entered as their clerks would type them: every fact reaches the draft.

Scripts: tests/scripts/ (14 dev-set documents, references 【二】【三】【四】) and the
samples of references 【一】【五】. ``#= `` lines name the facts the draft must hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.interview_replay import (
    all_scripts,
    catchall_facts,
    missing_facts,
    read_script,
    replay,
)
from dialogs.questionnaire import load_questionnaire
from drafting.prose.layouts import LAYOUTS
from tests.support.quality import find_glitches
from drafting.prose.render import render_document

QUESTIONNAIRE = load_questionnaire()
SCRIPTS = all_scripts()


@pytest.fixture(scope="module")
def replays() -> dict[str, tuple]:
    results = {}
    for path in SCRIPTS:
        script = read_script(path)
        results[path.stem] = (script, replay(QUESTIONNAIRE, script))
    return results


def test_there_is_a_script_for_every_document() -> None:
    names = {path.stem for path in SCRIPTS}
    assert {f"devset_{n:02d}" for n in range(1, 15)} <= names
    assert {"reference1", "reference2", "reference3", "reference4", "reference5"} <= names


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_the_script_runs_to_the_end_without_a_refused_answer(path: Path, replays) -> None:
    script, result = replays[path.stem]
    assert result.refused == []
    assert result.finished
    assert len(script.facts) >= 3


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_every_fact_of_the_document_reaches_every_layout(path: Path, replays) -> None:
    script, result = replays[path.stem]
    assert missing_facts(QUESTIONNAIRE, script, result.state) == {}
    for layout in LAYOUTS:
        document = render_document(QUESTIONNAIRE, result.state, layout)
        assert find_glitches(document) == [], layout
        assert document.missing == []


def test_the_interview_meets_its_targets(replays) -> None:
    shown = sum(result.shown for _, result in replays.values())
    skips = sum(result.skips for _, result in replays.values())
    facts = sum(len(script.facts) for script, _ in replays.values())
    caught = sum(len(catchall_facts(QUESTIONNAIRE, script, result.state)) for script, result in replays.values())
    assert skips / shown <= 0.15
    assert caught / facts <= 0.05
    assert replays["reference1"][1].shown <= 141 / 2  # questionnaire 1 showed 141 questions for 【一】
