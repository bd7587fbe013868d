"""Every name a clerk types at the genre question is taken (issue 22 §2): the names of the
data's aliases map to their genre, any other name goes to the nearest genre and the clerk is
told so, never refused; and each genre is asked what it needs, no other genre is."""

from __future__ import annotations

import pytest

from dialogs.answers import ChoiceAnswer
from dialogs.checklist import iter_slots
from dialogs.questionnaire import load_questionnaire
from dialogs.state import InterviewState
from tests.conversation import Conversation

QUESTIONNAIRE = load_questionnaire()


def genre_of(typed: str) -> tuple[ChoiceAnswer, list[str]]:
    talk = Conversation(QUESTIONNAIRE)
    talk.say("青山镇")
    talk.say("镇")
    replies = talk.say(typed)
    assert not [reply for reply in replies if reply.kind == "error"]
    answer = talk.state.answers["genre"]
    assert isinstance(answer, ChoiceAnswer)
    return answer, [reply.text for reply in replies if reply.kind == "info"]


@pytest.mark.parametrize(
    ("typed", "genre"),
    [
        ("工作汇报", "工作汇报（进展情况）"),
        ("汇报材料", "工作汇报（进展情况）"),
        ("进展情况汇报", "工作汇报（进展情况）"),
        ("年度工作总结", "工作总结"),
        ("总结", "工作总结"),
        ("半年总结", "工作总结"),
        ("表态发言", "表态发言"),
        ("表态发言稿", "表态发言"),
        ("整改报告", "整改报告"),
        ("整改情况报告", "整改报告"),
        ("阶段小结", "阶段小结"),
        ("阶段汇报", "阶段小结"),
        ("周报", "周报"),
        ("专项行动小结", "专项行动小结"),
        ("专项整治工作汇报", "专项行动小结"),
        ("自查报告", "自查报告"),
    ],
)
def test_the_names_clerks_use_map_to_their_genre(typed: str, genre: str) -> None:
    answer, notes = genre_of(typed)
    assert answer.choice == genre
    if typed != genre:
        assert answer.named == typed and any(f"「{typed}」按「{genre}」来写" in note for note in notes)


@pytest.mark.parametrize(
    ("typed", "genre"),
    [
        ("在全镇创城推进会上的发言材料", "表态发言"),
        ("迎检问题整改落实情况", "整改报告"),
        ("三城同创工作情况汇报", "工作汇报（进展情况）"),
        ("第二季度创文工作小结", "阶段小结"),
        ("“清洁家园”行动总结", "专项行动小结"),
        ("创城工作周小结", "周报"),
        ("年终述职", "工作总结"),  # nothing in common: the default genre, and the clerk is told
    ],
)
def test_an_unknown_name_goes_to_the_nearest_genre_and_the_clerk_is_told(typed: str, genre: str) -> None:
    answer, notes = genre_of(typed)
    assert answer.choice == genre
    assert any(f"「{typed}」按「{genre}」来写" in note and "上一步" in note for note in notes)


def asked(genre: str) -> set[str]:
    """The top-level questions a clerk of ``genre`` is asked (work items aside)."""
    state = InterviewState(answers={"genre": ChoiceAnswer(choice=genre)})
    return {(slot.group or slot.question).id for slot in iter_slots(QUESTIONNAIRE, state)}


GENRE_ONLY = {
    "表态发言": {"occasion", "speaker", "standing", "causes", "pledges", "resolve"},
    "整改报告": {"addressee", "inspection", "trigger", "findings"},
    "阶段小结": {"stage"},
    "专项行动小结": {"action_name", "action_aim", "participants"},
}


@pytest.mark.parametrize("genre", QUESTIONNAIRE.question("genre").choices)
def test_each_genre_is_asked_what_it_needs_and_nothing_of_another(genre: str) -> None:
    questions = asked(genre)
    own = GENRE_ONLY.get(genre, set())
    assert own <= questions
    others = set().union(*GENRE_ONLY.values()) - own - ({"addressee"} if genre == "自查报告" else set())
    assert not questions & others, questions & others


def test_a_pledge_is_asked_about_measures_to_come_not_work_done() -> None:
    questions = asked("表态发言")
    assert {"standing", "problems", "causes", "pledges"} <= questions
    work = {question.id for section in QUESTIONNAIRE.sections if section.role == "work" for question in section.questions}
    assert not questions & work and not questions & {"period", "sign_date", "signer", "plans", "rectifications"}
    assert "准备怎么做" in QUESTIONNAIRE.question("pledges").prompt


def test_a_rectification_report_asks_per_problem_the_whole_chain() -> None:
    finding = [question.id for question in QUESTIONNAIRE.question("findings").questions]
    assert finding == ["problem", "cause", "measure", "owner", "deadline", "status", "result"]
    assert QUESTIONNAIRE.question("findings").questions[5].choices == ["已整改到位", "正在整改", "长期坚持"]
    questions = asked("整改报告")
    assert "organization_work" in questions and "publicity_work" not in questions and "problems" not in questions
    # The trigger is asked before the work it caused.
    order = [(slot.group or slot.question).id for slot in iter_slots(QUESTIONNAIRE, InterviewState(answers={"genre": ChoiceAnswer(choice="整改报告")}))]
    assert order.index("trigger") < order.index("organization_work") < order.index("findings")


def test_a_summary_clerk_is_not_asked_another_genres_questions() -> None:
    assert not asked("工作总结") & set().union(*GENRE_ONLY.values(), {"addressee"})
