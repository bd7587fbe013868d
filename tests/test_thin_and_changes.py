"""Thin drafts say so (issue 15 §5); after 修改 N the chat shows the paragraph that changed (§2)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from app.delivery import change_messages, thin_messages
from app.messages import DraftText, Text
from app.outcome import Command, Typed
from app.service import InterviewService
from dialogs.answers import GroupAnswer, TextAnswer
from dialogs.questionnaire import load_questionnaire
from dialogs.review import review_entries
from dialogs.state import InterviewState
from drafting.prose.changes import change_lines, changed_paragraphs
from drafting.prose.render import render_document
from drafting.prose.samples import load_sample_state
from drafting.prose.thin import THIN_BELOW, body_length, thin_advice
from drafting.prose.wording import wording_for
from storage.async_store import AsyncDraftStore
from storage.memory import MemoryDraftStore
from storage.models import Draft
from tests.support.interview_replay import all_scripts, read_script, replay

QUESTIONNAIRE = load_questionnaire()
WORDING = wording_for(QUESTIONNAIRE)


def test_a_draft_of_required_answers_only_names_its_thin_parts() -> None:
    state = InterviewState(answers={"unit_name": TextAnswer(text="青山镇")})
    document = render_document(QUESTIONNAIRE, state)
    assert body_length(document) < THIN_BELOW
    advice = thin_advice(document, WORDING)
    assert advice[0].startswith("这份稿子正文只有约") and f"{body_length(document)}字" in advice[0]
    assert any("存在问题" in line for line in advice) and any("下一步" in line for line in advice)
    assert advice[-1].startswith("回复「查看」")


def test_a_real_summary_gets_no_advice() -> None:
    document = render_document(QUESTIONNAIRE, load_sample_state("reference1"))
    assert body_length(document) >= THIN_BELOW
    assert thin_advice(document, WORDING) == [] and thin_messages(document, WORDING) == []


def test_thin_parts_of_a_short_dev_set_draft_are_named() -> None:
    result = replay(QUESTIONNAIRE, read_script(next(p for p in all_scripts() if p.stem == "devset_14")))
    document = render_document(QUESTIONNAIRE, result.state, "annual")
    advice = thin_advice(document, WORDING)
    assert body_length(document) < THIN_BELOW and advice
    headings = [b.text for b in document.blocks if hasattr(b, "level")]
    assert all(line.split("「")[1].split("」")[0] in headings for line in advice if line.startswith("· 「"))
    # Its three short sections are one part now (issue 23: a thin section joins another), so
    # what is thin is the part that holds them all: one short item alone is named.
    one = result.state.model_copy(update={"answers": {key: answer for key, answer in result.state.answers.items() if key not in ("carriers", "campaigns")}})
    thin = render_document(QUESTIONNAIRE, one, "annual")
    named = [line for line in thin_advice(thin, WORDING) if line.startswith("· 「")]
    assert named and all(line.split("「")[1].split("」")[0] in [b.text for b in thin.blocks if hasattr(b, "level")] for line in named)


def _edited(state: InterviewState, group: str, index: int, sub: str, text: str) -> InterviewState:
    answer = state.answers[group]
    assert isinstance(answer, GroupAnswer)
    items = [dict(item) for item in answer.items]
    items[index][sub] = TextAnswer(text=text)
    return state.model_copy(update={"answers": {**state.answers, group: answer.model_copy(update={"items": items})}})


def test_an_edit_shows_only_the_paragraph_it_changed() -> None:
    before = load_sample_state("reference1")
    after = _edited(before, "leading_group", 0, "leader", "乡长")
    changes = changed_paragraphs(render_document(QUESTIONNAIRE, before), render_document(QUESTIONNAIRE, after))
    assert len(changes) == 1
    [change] = changes
    assert "由乡党委政府主要领导任组长" in change.before and "由乡长任组长" in change.after
    assert "leading_group#0" in change.sources
    [line] = change_lines(changes, WORDING.advice.changes)
    assert line.startswith("修改前：") and "修改后：" in line
    assert changed_paragraphs(render_document(QUESTIONNAIRE, before), render_document(QUESTIONNAIRE, before)) == []


def test_change_messages_compare_the_stored_draft_with_the_state_before() -> None:
    before = load_sample_state("reference1")
    now = datetime(2026, 11, 29, tzinfo=timezone.utc)
    draft = Draft(id="d1", owner=7, questionnaire_id=QUESTIONNAIRE.id, questionnaire_version=QUESTIONNAIRE.version, created_at=now, updated_at=now, state=_edited(before, "leading_group", 0, "leader", "乡长"))
    [message] = change_messages(QUESTIONNAIRE, draft, before)
    assert isinstance(message, Text) and "由乡长任组长" in message.body
    assert change_messages(QUESTIONNAIRE, draft, draft.state) == []


def test_the_service_shows_the_changed_paragraph_after_an_edit_and_thin_advice_with_the_draft() -> None:
    async def main() -> None:
        memory = MemoryDraftStore()
        service = InterviewService(QUESTIONNAIRE, AsyncDraftStore(memory, cache_size=0))
        await service.handle(7, Command("new"))
        await service.handle(7, Typed("青山镇"))
        drafted = await service.handle(7, Command("draft"))
        assert any(isinstance(m, DraftText) for m in drafted.messages)
        assert any(isinstance(m, Text) and m.body.startswith("这份稿子正文只有约") for m in drafted.messages)
        # An answer typed outside 修改 N shows no diff.
        assert not any(isinstance(m, Text) and m.body.startswith("这一处修改后") for m in drafted.messages)
        # A finished interview, then 修改 N on the leader of the leading group.
        [stored] = memory.list_by_owner(7)
        sample = load_sample_state("reference1")
        memory.save(stored.model_copy(update={"state": sample}))
        number = next(e.number for e in review_entries(QUESTIONNAIRE, sample) if e.slot.path == "leading_group#0.leader")
        await service.handle(7, Typed(f"修改 {number}"))
        edited = await service.handle(7, Typed("乡长"))
        [shown] = [m.body for m in edited.messages if isinstance(m, Text) and m.body.startswith("这一处修改后")]
        assert "修改前：" in shown and "由乡党委政府主要领导任组长" in shown and "由乡长任组长" in shown

    asyncio.run(main())
