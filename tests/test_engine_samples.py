"""The console scripts of reference summaries 【一】 and 【五】 enter exactly the facts of the JSON samples."""

from pathlib import Path

import pytest

from dialogs.checklist import is_complete
from dialogs.questionnaire import load_questionnaire
from dialogs.state import InterviewState
from tests.conversation import run_script, script_lines

SAMPLES = Path(__file__).resolve().parent.parent / "dialogs" / "samples"


@pytest.mark.parametrize("name", ["reference1", "reference5"])
def test_script_enters_every_fact_of_the_reference_summary(name):
    questionnaire = load_questionnaire()
    expected = InterviewState.model_validate_json((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    talk = run_script(questionnaire, script_lines(SAMPLES / f"{name}.txt"))
    assert talk.state.answers == expected.answers
    assert sorted(talk.state.skipped) == sorted(expected.skipped)
    assert is_complete(questionnaire, talk.state)
    assert talk.replies[-1].kind == "finished"
