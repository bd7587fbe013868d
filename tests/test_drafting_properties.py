"""Property: no answer set, however partial or oddly typed, produces a glitch in any layout."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st

from dialogs.answers import (
    Answer,
    ChoiceAnswer,
    DateAnswer,
    GroupAnswer,
    ListAnswer,
    MultiAnswer,
    NumberAnswer,
    TextAnswer,
    YesNoAnswer,
)
from dialogs.questionnaire import Question, load_questionnaire
from dialogs.state import InterviewState
from drafting.layouts import LAYOUTS
from tests.support.quality import find_glitches, placeholder_count
from drafting.render import render_document

QUESTIONNAIRE = load_questionnaire()
# Chinese without counting units or ordinals (so a clerk's words cannot fake a glitch),
# plus the ASCII punctuation clerks type on phones.
_ALPHABET = "宣传整治文明创建村社区甲乙丙丁街道环境卫生志愿服务交通秩序abc,.;:!?\"'() -"
clerk_text = st.text(alphabet=_ALPHABET, min_size=0, max_size=24)


def number_for(question: Question) -> st.SearchStrategy[NumberAnswer]:
    return st.builds(
        NumberAnswer,
        value=st.sampled_from([Decimal(0), Decimal(1), Decimal(12), Decimal("2.8"), Decimal(300), Decimal(2019)]),
        prefix=st.sampled_from(["", "近", "约", "超过"]),
        suffix=st.sampled_from(["", "余", "多", "万", "万多", "以上"]),
        unit=st.just(question.unit),
    )


def answer_for(question: Question) -> st.SearchStrategy[Answer]:
    if question.kind == "text":
        return st.builds(TextAnswer, text=clerk_text)
    if question.kind == "number":
        return number_for(question)
    if question.kind == "choice":
        picked = st.builds(ChoiceAnswer, choice=st.sampled_from(question.choices))
        typed = st.builds(ChoiceAnswer, choice=clerk_text, other=st.just(True))
        return picked | typed if question.allow_other else picked
    if question.kind == "multi":
        return st.builds(MultiAnswer, items=st.lists(st.sampled_from(question.choices) | clerk_text, min_size=1, max_size=4))
    if question.kind == "yesno":
        return st.builds(YesNoAnswer, value=st.booleans())
    if question.kind == "list":
        return st.builds(ListAnswer, items=st.lists(clerk_text, min_size=1, max_size=4))
    if question.kind == "date":
        return st.builds(
            DateAnswer,
            year=st.none() | st.just(2019),
            month=st.integers(1, 12),
            day=st.none() | st.integers(1, 28),
        )
    assert question.kind == "group"
    item = st.fixed_dictionaries({}, optional={sub.id: answer_for(sub) for sub in question.questions})
    return st.builds(GroupAnswer, items=st.lists(item, max_size=3))


@st.composite
def interview_states(draw: st.DrawFn) -> InterviewState:
    """A random subset of questions answered with random valid answers; the rest unanswered."""
    answers: dict[str, Answer] = {}
    for _, question in QUESTIONNAIRE.questions():
        if draw(st.booleans()):
            answers[question.id] = draw(answer_for(question))
    return InterviewState(answers=answers)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(state=interview_states(), layout=st.sampled_from(list(LAYOUTS)))
def test_random_answer_sets_never_produce_a_glitch(state: InterviewState, layout: str) -> None:
    document = render_document(QUESTIONNAIRE, state, layout)
    assert find_glitches(document) == []
    assert (document.missing == 0) == (placeholder_count(document) == 0)
