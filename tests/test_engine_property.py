"""Property: any input at any point never raises, and never changes an answer other than the one asked.

The only answer a step may change is the one under the cursor before the step (the
question being answered, reached by walking, 上一步 or 修改 N). Slow-ish: max_examples is
kept moderate so the file stays well under 30 s.
"""

from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs.answers import Answer, GroupAnswer
from dialogs.engine import start, step
from dialogs.questionnaire import load_questionnaire
from dialogs.replies import Input
from dialogs.state import InterviewState

# The fixed-form questionnaire 1: the engine still runs it, and its long form exercises
# navigation (上一步, 修改 N, groups, conditions) more than the short interview does.
V1_FIXTURE = Path(__file__).with_name("fixtures") / "questionnaire_v1.yaml"

QUESTIONNAIRE = load_questionnaire(V1_FIXTURE)
NOW = datetime(2026, 11, 29)
WORDS = ["跳过", "上一步", "暂停", "继续", "查看", "修改 1", "修改 3", "修改 99", "完成", "生成", "帮助", "是", "否",
         "1", "3", "12", "300余人次", "近60万元", "2019年12月", "很多", "-5", "1e9", "某某乡", "甲；乙\n丙", "👍", "",
         "\u200b\u202e", "x" * 2100]
ACTIONS = ["skip", "back", "pause", "done", "yes", "no", "c0", "c3", "c11", "c99", "t0", "t2", "t9", "more", "zz"]

SAMPLES = Path(__file__).resolve().parent.parent / "dialogs" / "samples"


def sample_state(name: str, cursor: str | None) -> InterviewState:
    state = InterviewState.model_validate_json((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return state.model_copy(update={"cursor": cursor})


# Start fresh, inside a group item, at a multi-choice, and after the last question.
STARTS = [
    InterviewState(),
    sample_state("reference1", "campaigns#1.measures"),
    sample_state("reference1", "campaigns#more").model_copy(update={"closed_groups": []}),
    sample_state("reference5", "common_problems"),
    sample_state("reference5", None),
]

inputs = st.one_of(
    st.sampled_from(WORDS).map(Input.typed),
    st.text(max_size=30).map(Input.typed),
    st.tuples(st.sampled_from(ACTIONS), st.integers(min_value=-1, max_value=2)).map(lambda a: ("press",) + a),
)


def flatten(answers: dict[str, Answer]) -> dict[str, Answer]:
    """Answers by path: group sub-answers become campaigns#0.theme."""
    flat: dict[str, Answer] = {}
    for key, answer in answers.items():
        if isinstance(answer, GroupAnswer):
            for index, item in enumerate(answer.items):
                for sub, value in item.items():
                    flat[f"{key}#{index}.{sub}"] = value
        else:
            flat[key] = answer
    return flat


def allowed_to_change(path: str, cursor: str | None) -> bool:
    if cursor is None:
        return False
    # Answering 「否」 to a group's entry question removes the items of that group.
    return path == cursor or path.startswith(f"{cursor}#")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(STARTS), st.lists(inputs, min_size=1, max_size=40))
def test_random_input_never_raises_and_only_changes_the_asked_answer(initial, moves):
    state, _ = start(QUESTIONNAIRE, initial, NOW)
    for move in moves:
        if isinstance(move, tuple):
            _, action, offset = move
            inp = Input.pressed(action, state.turn + offset)
        else:
            inp = move
        before = flatten(state.answers)
        cursor = state.cursor
        new_state, replies = step(QUESTIONNAIRE, state, inp, NOW)
        assert replies, "every input gets an answer"
        assert all(reply.turn == new_state.turn for reply in replies)
        after = flatten(new_state.answers)
        for path in set(before) | set(after):
            if before.get(path) != after.get(path):
                assert allowed_to_change(path, cursor), (path, cursor, inp)
        if new_state is not state:
            assert new_state.turn == state.turn + 1
        if isinstance(move, tuple) and move[2] != 0:
            assert new_state == state and replies[0].kind == "stale"
        assert InterviewState.model_validate_json(new_state.model_dump_json()) == new_state
        state = new_state
