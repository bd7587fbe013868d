"""The signature names the signing body the clerk chose in the interview (GB/T 9704
7.3.5: 发文机关署名), never the bare place name, for every kind of unit (issue 15 §6)."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest

from dialogs.answers import ChoiceAnswer, TextAnswer
from dialogs.questionnaire import load_questionnaire
from dialogs.state import InterviewState
from dialogs.wording import signer_suggestions
from drafting.page.docx_writer import write_docx
from drafting.prose.render import render_document
from drafting.chat.text_writer import to_plain_text
from tests.support.interview_replay import all_scripts, read_script, replay

QUESTIONNAIRE = load_questionnaire()
# The first body the interview offers for each kind of unit, the one a clerk taps.
SIGNING_BODIES = {
    "乡": ("青山乡", "青山乡人民政府"),
    "镇": ("青山镇", "青山镇人民政府"),
    "街道": ("新华街道", "新华街道办事处"),
    "社区": ("东湖社区", "东湖社区居民委员会"),
}


def _docx_signature_unit(document_bytes: bytes) -> str:
    """The unit line of the signature: the one above the date, last of the document."""
    paragraphs = [p.text for p in docx.Document(BytesIO(document_bytes)).paragraphs if p.text]
    return paragraphs[-2]


@pytest.mark.parametrize("kind", list(SIGNING_BODIES))
def test_the_signature_is_the_signing_body_offered_for_the_unit_kind(kind: str) -> None:
    name, body = SIGNING_BODIES[kind]
    answers = {"unit_name": TextAnswer(text=name), "unit_type": ChoiceAnswer(choice=kind), "sign_date": TextAnswer(text="2019年12月28日")}
    offered = signer_suggestions(QUESTIONNAIRE, answers)
    assert offered[0] == body
    state = InterviewState(answers={**answers, "signer": TextAnswer(text=offered[0])})
    document = render_document(QUESTIONNAIRE, state)
    assert document.signature_unit == body
    assert _docx_signature_unit(write_docx(document)) == body
    *_, unit_line, _date_line = to_plain_text(document).split("\n")
    assert unit_line.strip() == body


@pytest.mark.parametrize("kind", list(SIGNING_BODIES))
def test_a_body_the_clerk_typed_is_signed_as_typed(kind: str) -> None:
    name, _ = SIGNING_BODIES[kind]
    typed = f"{name}创建文明城市工作领导小组办公室"
    state = InterviewState(answers={"unit_name": TextAnswer(text=name), "unit_type": ChoiceAnswer(choice=kind), "signer": TextAnswer(text=typed)})
    assert render_document(QUESTIONNAIRE, state).signature_unit == typed


def test_without_a_chosen_body_the_signature_asks_for_it_rather_than_signing_the_place() -> None:
    state = InterviewState(answers={"unit_name": TextAnswer(text="青山镇"), "unit_type": ChoiceAnswer(choice="镇")})
    document = render_document(QUESTIONNAIRE, state)
    assert document.signature_unit == "【待补充：落款单位】"
    assert [span.placeholder for span in document.signature_unit_spans] == [True]


def test_dev_set_drafts_of_every_unit_kind_sign_with_a_body_not_the_place() -> None:
    signed: dict[str, list[str]] = {}
    for path in all_scripts():
        state = replay(QUESTIONNAIRE, read_script(path)).state
        kind, name = state.answers["unit_type"].choice, state.answers["unit_name"].text
        unit = render_document(QUESTIONNAIRE, state).signature_unit
        assert unit.startswith(name) and unit != name, (path.stem, unit)
        signed.setdefault(kind, []).append(unit)
    assert set(signed) == set(SIGNING_BODIES)
