"""A clerk's damaged draft is reported to them once; their other drafts and other clerks go on.

Real on-disk store and questionnaire. The AsyncDraftStore keeps no cache here
(cache_size=0), so every read goes to disk, as it does for a draft that has left the
cache or after a restart: that is when a damaged file is noticed.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from app.console import render_reply
from app.service import NOT_APPLIED_TEXT, InterviewService, Outcome
from dialogs.answers import ChoiceAnswer, TextAnswer
from dialogs.questionnaire import load_questionnaire
from dialogs.replies import Input, Reply
from storage import (
    SCHEMA_VERSION,
    AsyncDraftStore,
    DraftCorrupt,
    DraftTooNew,
    FileDraftStore,
)

CLERK = 11
OTHER_CLERK = 22
DAMAGED = DraftCorrupt.user_message
T = TypeVar("T")


def draft_file(data_dir: Path, draft_id: str) -> Path:
    return data_dir / "drafts" / draft_id[:2] / f"{draft_id}.json"


def damage(data_dir: Path, draft_id: str) -> None:
    draft_file(data_dir, draft_id).write_bytes(b"garbage")


def run_with_service(data_dir: Path, scenario: Callable[[InterviewService], Awaitable[T]]) -> T:
    async def main() -> T:
        store = AsyncDraftStore(FileDraftStore(data_dir), cache_size=0)
        try:
            return await scenario(InterviewService(load_questionnaire(), store))
        finally:
            store.close()

    return asyncio.run(main())


def kinds(outcome: Outcome | None) -> list[str]:
    assert outcome is not None
    return [reply.kind for reply in outcome.replies]


def notices(outcome: Outcome | None) -> list[str]:
    assert outcome is not None
    return [reply.text for reply in outcome.replies if reply.kind == "notice"]


async def typed(service: InterviewService, text: str) -> Outcome:
    outcome = await service.handle(CLERK, Input.typed(text))
    assert outcome is not None
    return outcome


def test_damaged_current_draft_is_reported_once_and_the_other_draft_keeps_working(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario(service: InterviewService) -> str:
        first = (await service.new_draft(CLERK)).draft
        await typed(service, "青山镇")
        second = (await service.new_draft(CLERK)).draft
        await typed(service, "白石乡")
        neighbour = (await service.new_draft(OTHER_CLERK)).draft
        await service.resume(CLERK, first.id)  # back on the first draft
        damage(tmp_path, first.id)

        with caplog.at_level(logging.WARNING):
            told = await typed(service, "镇")  # meant for the damaged draft's second question

        # Told once, up front, naming the draft now shown; then that draft's question.
        assert kinds(told)[0] == "notice" and kinds(told)[-1] == "question"
        [notice] = notices(told)
        assert DAMAGED in notice and "白石乡" in notice and NOT_APPLIED_TEXT in notice
        assert told.draft.id == second.id
        # The text meant for the damaged draft was not recorded in the other one.
        assert told.draft.state.answers == {"unit_name": TextAnswer(text="白石乡")}
        assert first.id in caplog.text and "corrupt" in caplog.text  # logged with the draft id

        # Not told twice; the other draft takes answers as before.
        answered = await typed(service, "乡")
        assert notices(answered) == [] and service.take_notices(CLERK) == []
        assert answered.draft.id == second.id
        assert answered.draft.state.answers["unit_type"] == ChoiceAnswer(choice="乡")
        assert notices(await service.resume(CLERK)) == []
        assert [d.id for d in await service.store.list_by_owner(CLERK)] == [second.id]

        # Another clerk is neither told nor affected.
        theirs = await service.handle(OTHER_CLERK, Input.typed("河东街道"))
        assert theirs is not None and notices(theirs) == [] and theirs.draft.id == neighbour.id
        assert theirs.draft.unit_name == "河东街道"
        return first.id

    broken_id = run_with_service(tmp_path, scenario)
    assert not draft_file(tmp_path, broken_id).exists()
    assert (tmp_path / "corrupt" / f"{broken_id}.json").read_bytes() == b"garbage"  # moved aside, nothing lost


def test_damaged_last_draft_gives_no_outcome_and_the_notice_comes_with_the_new_draft(tmp_path: Path) -> None:
    async def scenario(service: InterviewService) -> str:
        only = (await service.new_draft(CLERK)).draft
        await typed(service, "青山镇")
        damage(tmp_path, only.id)

        assert await service.handle(CLERK, Input.typed("镇")) is None  # the adapter says "no draft"
        assert await service.resume(CLERK) is None

        fresh = await service.new_draft(CLERK)  # where the adapters point the clerk
        assert kinds(fresh)[0] == "notice" and notices(fresh) == [DAMAGED]  # once, despite two calls
        assert fresh.draft.id != only.id and fresh.draft.state.answers == {}
        again = await typed(service, "白石乡")
        assert notices(again) == [] and again.draft.unit_name == "白石乡"
        return only.id

    broken_id = run_with_service(tmp_path, scenario)
    assert not draft_file(tmp_path, broken_id).exists()
    assert (tmp_path / "corrupt" / f"{broken_id}.json").read_bytes() == b"garbage"


def test_take_notices_hands_the_notice_to_an_adapter_once(tmp_path: Path) -> None:
    async def scenario(service: InterviewService) -> None:
        only = (await service.new_draft(CLERK)).draft
        damage(tmp_path, only.id)
        assert await service.handle(CLERK, Input.typed("青山镇")) is None
        assert service.take_notices(CLERK) == [DAMAGED]
        assert service.take_notices(CLERK) == []
        assert notices(await service.new_draft(CLERK)) == []  # already shown by the adapter

    run_with_service(tmp_path, scenario)


def test_picking_a_damaged_draft_reports_it_and_keeps_the_current_one(tmp_path: Path) -> None:
    async def scenario(service: InterviewService) -> None:
        picked = (await service.new_draft(CLERK)).draft
        current = (await service.new_draft(CLERK)).draft
        damage(tmp_path, picked.id)

        assert await service.resume(CLERK, picked.id) is None  # chosen from an old /drafts list
        outcome = await typed(service, "青山镇")  # still goes to the current draft
        assert kinds(outcome)[0] == "notice" and notices(outcome) == [DAMAGED]
        assert outcome.draft.id == current.id and outcome.draft.unit_name == "青山镇"
        assert notices(await typed(service, "镇")) == []

    run_with_service(tmp_path, scenario)


def test_deleting_a_damaged_draft_reports_it(tmp_path: Path) -> None:
    async def scenario(service: InterviewService) -> None:
        doomed = (await service.new_draft(CLERK)).draft
        kept = (await service.new_draft(CLERK)).draft
        damage(tmp_path, doomed.id)
        assert await service.delete(CLERK, doomed.id) is False
        assert service.take_notices(CLERK) == [DAMAGED]
        assert (await service.current_draft(CLERK)) == kept

    run_with_service(tmp_path, scenario)
    assert len(list((tmp_path / "corrupt").iterdir())) == 1


def test_a_button_of_the_damaged_draft_is_refused_with_the_notice(tmp_path: Path) -> None:
    async def scenario(service: InterviewService) -> None:
        other = (await service.new_draft(CLERK)).draft
        first = await service.new_draft(CLERK)
        await typed(service, "青山镇")
        question = (await service.resume(CLERK)).replies[-1]  # type: ignore[union-attr]
        damage(tmp_path, first.draft.id)

        [town] = [b for row in question.buttons for b in row if b.label == "镇"]
        pressed = Input.pressed(town.action, question.turn)
        outcome = await service.handle(CLERK, pressed, draft_id=first.draft.id)
        assert kinds(outcome) == ["notice", "stale"]
        assert outcome is not None and outcome.draft.id == other.id and outcome.draft.state.answers == {}
        assert DAMAGED in outcome.replies[0].text
        assert service.take_notices(CLERK) == []

    run_with_service(tmp_path, scenario)


def test_draft_from_a_newer_version_is_reported_with_its_own_message_and_left_in_place(tmp_path: Path) -> None:
    async def scenario(service: InterviewService) -> str:
        only = (await service.new_draft(CLERK)).draft
        future = {**json.loads(only.model_dump_json()), "schema_version": SCHEMA_VERSION + 1}
        draft_file(tmp_path, only.id).write_text(json.dumps({"draft": {"1": future}}))
        assert await service.handle(CLERK, Input.typed("青山镇")) is None
        assert notices(await service.new_draft(CLERK)) == [DraftTooNew.user_message]
        return only.id

    kept_id = run_with_service(tmp_path, scenario)
    assert draft_file(tmp_path, kept_id).exists() and not (tmp_path / "corrupt").exists()


def test_both_adapters_show_a_notice_as_plain_text() -> None:
    from bot import chat_messages  # the Telegram adapter's rendering, unchanged

    notice = Reply(kind="notice", text=DAMAGED)
    assert render_reply(notice) == DAMAGED  # the console prints it as is
    question = Reply(kind="question", text="您的单位是？", buttons=[], turn=1)
    messages, wants_draft = chat_messages("abc", [notice, question])
    assert messages == [(f"{DAMAGED}\n\n您的单位是？", None)] and not wants_draft


def test_after_a_restart_a_draft_found_damaged_while_listing_is_reported_once(tmp_path: Path) -> None:
    """A fresh service (a restarted bot) knows no current draft: it lists the clerk's
    drafts, storage skips and moves aside the damaged one, and the clerk is still told."""

    async def before_restart(service: InterviewService) -> tuple[str, str]:
        older = (await service.new_draft(CLERK)).draft
        await typed(service, "白石乡")
        newer = (await service.new_draft(CLERK)).draft
        await typed(service, "青山镇")
        return older.id, newer.id

    older_id, newer_id = run_with_service(tmp_path, before_restart)
    damage(tmp_path, newer_id)

    async def after_restart(service: InterviewService) -> None:
        resumed = await service.resume(CLERK)
        assert resumed is not None and resumed.draft.id == older_id
        assert notices(resumed)[0].startswith(DAMAGED) and "白石乡" in notices(resumed)[0]
        assert notices(await service.resume(CLERK)) == []  # told once
        summaries = await service.summaries(CLERK)
        assert [s.id for s in summaries] == [older_id]
        assert service.take_notices(CLERK) == []  # listing again does not tell again

    run_with_service(tmp_path, after_restart)
    assert (tmp_path / "corrupt" / f"{newer_id}.json").read_bytes() == b"garbage"


def test_an_intact_draft_that_cannot_be_read_mid_interview_is_called_unreadable_not_damaged(tmp_path: Path) -> None:
    from storage import DraftUnreadable

    async def scenario(service: InterviewService) -> str:
        first = (await service.new_draft(CLERK)).draft
        await typed(service, "青山镇")
        await service.new_draft(CLERK)
        await typed(service, "白石乡")
        await service.resume(CLERK, first.id)
        path = draft_file(tmp_path, first.id)
        path.rename(path.with_suffix(".away"))
        path.mkdir()  # a folder where the file should be: unreadable, not damaged
        told = await typed(service, "镇")
        [notice] = notices(told)
        assert DraftUnreadable.user_message in notice and DAMAGED not in notice
        path.rmdir()
        path.with_suffix(".away").rename(path)  # the administrator fixes it: nothing was lost
        return first.id

    first_id = run_with_service(tmp_path, scenario)
    with FileDraftStore(tmp_path) as store:
        restored = store.get(first_id)
    assert restored is not None and restored.state.answers["unit_name"] == TextAnswer(text="青山镇")
