"""The draft encoder writes the same JSON as pydantic, remembering unchanged answers."""

from __future__ import annotations

import json
import random

import pytest

from tests.support.drafts import realistic_answers
from dialogs.answers import GroupAnswer, TextAnswer
from dialogs.state import InterviewState
from drafting.samples import load_sample_state
from storage.encoding import DraftEncoder
from storage.models import Draft, blank_draft, utc_now


def draft_with(state: InterviewState, draft_id: str = "abc123") -> Draft:
    return blank_draft(draft_id, 7, "chuangwen", 1, utc_now()).model_copy(update={"state": state})


def same_document(encoder: DraftEncoder, draft: Draft) -> bool:
    return json.loads(encoder.encode(draft)) == json.loads(draft.model_dump_json())


@pytest.mark.parametrize("sample", ["reference1", "reference5"])
def test_a_whole_sample_draft_encodes_as_pydantic_does(sample: str) -> None:
    assert same_document(DraftEncoder(), draft_with(load_sample_state(sample)))


def test_an_empty_draft_encodes_as_pydantic_does() -> None:
    assert same_document(DraftEncoder(), draft_with(InterviewState()))


def test_each_change_shows_up_and_remembered_answers_stay_right() -> None:
    rng = random.Random(3)
    encoder = DraftEncoder()
    state = InterviewState(answers=realistic_answers(rng), skipped=["x#0.y"], cursor="unit_name", turn=4)
    draft = draft_with(state)
    assert same_document(encoder, draft)
    for turn in range(30):
        answers = dict(draft.state.answers)
        question_id = rng.choice(sorted(answers))
        if turn % 3 == 0:
            answers[question_id] = TextAnswer(text=f"第{turn}次修改「引号」\n换行")
        elif turn % 3 == 1:
            answers[f"新题{turn}"] = GroupAnswer(items=[{"theme": TextAnswer(text="整治")}])
        else:
            del answers[question_id]
        state = draft.state.model_copy(update={"answers": answers, "turn": turn})
        draft = draft.model_copy(update={"state": state})
        assert same_document(encoder, draft)


def test_drafts_do_not_borrow_each_others_answers() -> None:
    encoder = DraftEncoder(drafts_kept=1)
    first = draft_with(InterviewState(answers={"unit_name": TextAnswer(text="甲乡")}), "first")
    second = draft_with(InterviewState(answers={"unit_name": TextAnswer(text="乙镇")}), "second")
    for draft in (first, second, first, second):
        assert same_document(encoder, draft)
