"""Two units of one county answering alike never send the same fixed-formula sentence (issue 15 §3).

Every dev-set and reference interview is drafted, in every layout, for several units of
one county (same answers, another unit name and signing body). A sentence that is a
reviewed formula, or holds a formula's wording inside the clerk's facts (the opening's
「把文明创建作为……统筹推进」, the leads of 存在问题 and 下一步), must differ between any two of
them; the same unit always gets the same draft.

Left out on purpose: the report line 「现将……如下：」 and the sign-off 「特此汇报。」, which the
genre prescribes word for word like the title's shape, and the 条目式 lead-ins 「关于……：」,
which are headings.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from dialogs.answers import ChoiceAnswer, TextAnswer
from dialogs.questionnaire import load_questionnaire
from dialogs.state import InterviewState
from drafting.document import Document
from drafting.prose.layouts import LAYOUTS
from drafting.prose.plans import read_plans
from drafting.prose.render import render_document
from drafting.prose.wording import wording_for
from tests.support.interview_replay import all_scripts, read_script, replay
from tests.support.quality import sentences_of, typed_text

QUESTIONNAIRE = load_questionnaire()
WORDING = wording_for(QUESTIONNAIRE)
FORMULAS = WORDING.formulas
# Units of one county, by type: any two of them must read differently.
COUNTY = {
    "乡": ("河口乡", "青山乡", "石门乡"),
    "镇": ("城关镇", "白水镇", "龙泉镇"),
    "街道": ("新华街道", "东城街道", "西关街道"),
    "社区": ("幸福社区", "和平社区", "建设社区"),
}
PRESCRIBED = ("report-line", "sign-off", "lead-in")


@pytest.fixture(scope="module")
def states() -> dict[str, InterviewState]:
    return {path.stem: replay(QUESTIONNAIRE, read_script(path)).state for path in all_scripts()}


def as_unit(state: InterviewState, name: str) -> InterviewState:
    """The same answers from another unit: its name, and its name in the signing body."""
    answers = dict(state.answers)
    old = answers.get("unit_name")
    old_name = old.text if isinstance(old, TextAnswer) else ""
    answers["unit_name"] = TextAnswer(text=name)
    signer = answers.get("signer")
    if isinstance(signer, TextAnswer) and old_name and old_name in signer.text:
        answers["signer"] = TextAnswer(text=signer.text.replace(old_name, name))
    return state.model_copy(update={"answers": answers})


def formula_sentences(document: Document, typed: str) -> list[str]:
    """Sentences that are a formula, or carry a formula's wording among the clerk's facts
    (a wording's words the clerk typed, 「对照测评体系，」, are the clerk's)."""
    pieces = [piece for options in FORMULAS.values() for option in options for piece in _fixed_pieces(option.text) if piece not in typed]
    found = []
    for item in sentences_of(document):
        if item.formula in PRESCRIBED:
            continue
        if item.formula is not None or any(piece in item.text for piece in pieces):
            found.append(item.text)
    return found


def _fixed_pieces(option: str) -> list[str]:
    """The words of a wording between its {slots}, long enough to be recognised."""
    for slot in ("{we}", "{whole}", "{name}"):
        option = option.replace(slot, "\n")
    return [piece for piece in option.split("\n") if len(piece) >= 7]


def _plans_close(state: InterviewState) -> bool:
    plans = state.answers.get("plans")
    items = list(getattr(plans, "items", []))
    return read_plans(items, WORDING.reader, WORDING.words.plans).closes


def unit_type(state: InterviewState) -> str:
    answer = state.answers.get("unit_type")
    return answer.choice if isinstance(answer, ChoiceAnswer) and answer.choice in COUNTY else "乡"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_two_units_of_a_county_never_share_a_formula_sentence(states: dict[str, InterviewState], layout: str) -> None:
    shared = []
    for name, state in states.items():
        typed = typed_text(state.answers)
        drafts = {unit: formula_sentences(render_document(QUESTIONNAIRE, as_unit(state, unit), layout), typed) for unit in COUNTY[unit_type(state)]}
        # Every draft has formulas to compare, unless the clerk's last plan closes it (reference3's
        # 「……力争把……提升到一个更高的水平」) and its opening and leads are the clerk's own.
        assert all(drafts.values()) or _plans_close(state), name
        for first, second in combinations(drafts, 2):
            shared += [f"{name} {first}/{second}: {text}" for text in set(drafts[first]) & set(drafts[second])]
    assert shared == []


def test_the_same_unit_always_gets_the_same_draft(states: dict[str, InterviewState]) -> None:
    state = as_unit(states["reference1"], "河口乡")
    for layout in LAYOUTS:
        first = render_document(QUESTIONNAIRE, state, layout)
        again = render_document(QUESTIONNAIRE, state.model_copy(deep=True), layout)
        assert first == again
