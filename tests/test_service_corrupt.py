"""Damaged and unreadable drafts, through the service: the clerk is told once, in the same
reply, and their other drafts keep working (after a restart too)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest

from app import texts
from app.actions import ConfirmDelete, OpenDraft
from app.messages import Text, Toast
from app.outcome import Command, Outcome, Press, Typed
from app.service import InterviewService
from dialogs.answers import ChoiceAnswer, TextAnswer
from dialogs.questionnaire import load_questionnaire
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


def notices(outcome: Outcome) -> list[str]:
    """The notice about the clerk's drafts, which comes first when there is one."""
    first = outcome.messages[0] if outcome.messages else None
    told = isinstance(first, Text) and not first.choices and (DAMAGED in first.body or DraftTooNew.user_message in first.body)
    return [first.body] if told else []  # type: ignore[union-attr]


def bodies(outcome: Outcome) -> list[str]:
    return [m.body for m in outcome.messages if isinstance(m, Text)]


async def typed(service: InterviewService, text: str, owner: int = CLERK) -> Outcome:
    return await service.handle(owner, Typed(text))


async def command(service: InterviewService, name: str, owner: int = CLERK) -> Outcome:
    return await service.handle(owner, Command(name))


async def new_draft(service: InterviewService, owner: int = CLERK) -> Outcome:
    return await command(service, "new", owner)


async def stored(service: InterviewService, owner: int = CLERK) -> list[str]:
    return [d.id for d in await service.store.list_by_owner(owner)]


def test_damaged_current_draft_is_reported_once_and_the_other_draft_keeps_working(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario(service: InterviewService) -> str:
        first = (await new_draft(service)).draft
        await typed(service, "青山镇")
        second = (await new_draft(service)).draft
        await typed(service, "白石乡")
        neighbour = (await new_draft(service, OTHER_CLERK)).draft
        assert first and second and neighbour
        await service.handle(CLERK, Press(OpenDraft(first.id)))  # back on the first draft
        damage(tmp_path, first.id)

        with caplog.at_level(logging.WARNING):
            told = await typed(service, "镇")  # meant for the damaged draft's second question

        # Told once, up front, naming the draft now shown; then that draft's question.
        [notice] = notices(told)
        assert DAMAGED in notice and "白石乡" in notice and texts.NOT_APPLIED in notice
        last = told.messages[-1]
        assert isinstance(last, Text) and last.choices  # the other draft's question
        assert told.draft is not None and told.draft.id == second.id and not told.changed
        # The text meant for the damaged draft was not recorded in the other one.
        assert told.draft.state.answers == {"unit_name": TextAnswer(text="白石乡")}
        assert first.id in caplog.text and "corrupt" in caplog.text  # logged with the draft id

        # Not told twice; the other draft takes answers as before.
        answered = await typed(service, "乡")
        assert notices(answered) == [] and answered.changed
        assert answered.draft is not None and answered.draft.id == second.id
        assert answered.draft.state.answers["unit_type"] == ChoiceAnswer(choice="乡")
        assert notices(await command(service, "resume")) == []
        assert await stored(service) == [second.id]

        # Another clerk is neither told nor affected.
        theirs = await typed(service, "河东街道", OTHER_CLERK)
        assert notices(theirs) == [] and theirs.draft is not None and theirs.draft.id == neighbour.id
        assert theirs.draft.unit_name == "河东街道"
        return first.id

    broken_id = run_with_service(tmp_path, scenario)
    assert not draft_file(tmp_path, broken_id).exists()
    assert (tmp_path / "corrupt" / f"{broken_id}.json").read_bytes() == b"garbage"  # moved aside, nothing lost


def test_damaged_last_draft_is_reported_in_the_same_reply_that_says_there_is_no_draft(tmp_path: Path) -> None:
    async def scenario(service: InterviewService) -> str:
        only = (await new_draft(service)).draft
        assert only is not None
        await typed(service, "青山镇")
        damage(tmp_path, only.id)

        told = await typed(service, "镇")
        assert notices(told) == [DAMAGED] and bodies(told)[-1] == texts.NO_DRAFT and told.draft is None
        again = await command(service, "resume")
        assert notices(again) == [] and bodies(again) == [texts.NO_DRAFT]  # told once

        fresh = await new_draft(service)
        assert notices(fresh) == [] and fresh.draft is not None
        assert fresh.draft.id != only.id and fresh.draft.state.answers == {}
        answered = await typed(service, "白石乡")
        assert notices(answered) == [] and answered.draft is not None and answered.draft.unit_name == "白石乡"
        return only.id

    broken_id = run_with_service(tmp_path, scenario)
    assert not draft_file(tmp_path, broken_id).exists()
    assert (tmp_path / "corrupt" / f"{broken_id}.json").read_bytes() == b"garbage"


def test_picking_a_damaged_draft_reports_it_and_keeps_the_current_one(tmp_path: Path) -> None:
    async def scenario(service: InterviewService) -> None:
        picked = (await new_draft(service)).draft
        current = (await new_draft(service)).draft
        assert picked and current
        damage(tmp_path, picked.id)

        outcome = await service.handle(CLERK, Press(OpenDraft(picked.id)))  # from an old /drafts list
        assert notices(outcome) == [DAMAGED] and outcome.stale
        answered = await typed(service, "青山镇")  # still goes to the current draft
        assert notices(answered) == []
        assert answered.draft is not None and answered.draft.id == current.id and answered.draft.unit_name == "青山镇"

    run_with_service(tmp_path, scenario)


def test_deleting_a_damaged_draft_reports_it(tmp_path: Path) -> None:
    async def scenario(service: InterviewService) -> None:
        doomed = (await new_draft(service)).draft
        kept = (await new_draft(service)).draft
        assert doomed and kept
        damage(tmp_path, doomed.id)
        outcome = await service.handle(CLERK, Press(ConfirmDelete(doomed.id)))
        assert notices(outcome) == [DAMAGED] and outcome.stale
        assert outcome.draft is not None and outcome.draft.id == kept.id

    run_with_service(tmp_path, scenario)
    assert len(list((tmp_path / "corrupt").iterdir())) == 1


def test_a_button_of_the_damaged_draft_is_refused_with_the_notice(tmp_path: Path) -> None:
    async def scenario(service: InterviewService) -> None:
        other = (await new_draft(service)).draft
        first = (await new_draft(service)).draft
        assert other and first
        shown = await typed(service, "青山镇")
        question = shown.messages[-1]
        assert isinstance(question, Text)
        damage(tmp_path, first.id)

        [town] = [c for row in question.choices for c in row if c.label == "镇"]
        outcome = await service.handle(CLERK, Press(town.action))
        assert DAMAGED in notices(outcome)[0]
        assert outcome.stale and isinstance(outcome.messages[-1], Toast)
        assert outcome.draft is not None and outcome.draft.id == other.id and outcome.draft.state.answers == {}

    run_with_service(tmp_path, scenario)


def test_draft_from_a_newer_version_is_reported_with_its_own_message_and_left_in_place(tmp_path: Path) -> None:
    async def scenario(service: InterviewService) -> str:
        only = (await new_draft(service)).draft
        assert only is not None
        future = {**json.loads(only.model_dump_json()), "schema_version": SCHEMA_VERSION + 1}
        draft_file(tmp_path, only.id).write_text(json.dumps({"draft": {"1": future}}))
        told = await typed(service, "青山镇")
        assert notices(told) == [DraftTooNew.user_message] and bodies(told)[-1] == texts.NO_DRAFT
        return only.id

    kept_id = run_with_service(tmp_path, scenario)
    assert draft_file(tmp_path, kept_id).exists() and not (tmp_path / "corrupt").exists()


def test_after_a_restart_a_draft_found_damaged_while_listing_is_reported_once(tmp_path: Path) -> None:
    """A fresh service (a restarted bot) knows no current draft: it lists the clerk's
    drafts, storage skips and moves aside the damaged one, and the clerk is still told."""

    async def before_restart(service: InterviewService) -> tuple[str, str]:
        older = (await new_draft(service)).draft
        await typed(service, "白石乡")
        newer = (await new_draft(service)).draft
        await typed(service, "青山镇")
        assert older and newer
        return older.id, newer.id

    older_id, newer_id = run_with_service(tmp_path, before_restart)
    damage(tmp_path, newer_id)

    async def after_restart(service: InterviewService) -> None:
        resumed = await command(service, "resume")
        assert resumed.draft is not None and resumed.draft.id == older_id
        assert notices(resumed)[0].startswith(DAMAGED) and "白石乡" in notices(resumed)[0]
        assert notices(await command(service, "resume")) == []  # told once
        assert [s.id for s in await service.summaries(CLERK)] == [older_id]
        assert notices(await command(service, "drafts")) == []  # listing again does not tell again

    run_with_service(tmp_path, after_restart)
    assert (tmp_path / "corrupt" / f"{newer_id}.json").read_bytes() == b"garbage"


def test_an_intact_draft_that_cannot_be_read_mid_interview_is_called_unreadable_not_damaged(tmp_path: Path) -> None:
    from storage import DraftUnreadable

    async def scenario(service: InterviewService) -> str:
        first = (await new_draft(service)).draft
        assert first is not None
        await typed(service, "青山镇")
        await new_draft(service)
        await typed(service, "白石乡")
        await service.handle(CLERK, Press(OpenDraft(first.id)))
        path = draft_file(tmp_path, first.id)
        path.rename(path.with_suffix(".away"))
        path.mkdir()  # a folder where the file should be: unreadable, not damaged
        told = await typed(service, "镇")
        notice = told.messages[0]
        assert isinstance(notice, Text) and DraftUnreadable.user_message in notice.body and DAMAGED not in notice.body
        assert told.draft is not None and told.draft.unit_name == "白石乡"  # the other draft
        again = await typed(service, "乡")
        assert DraftUnreadable.user_message not in " ".join(bodies(again))  # told once
        path.rmdir()
        path.with_suffix(".away").rename(path)  # the administrator fixes it: nothing was lost
        return first.id

    first_id = run_with_service(tmp_path, scenario)
    with FileDraftStore(tmp_path) as store:
        restored = store.get(first_id)
    assert restored is not None and restored.state.answers["unit_name"] == TextAnswer(text="青山镇")
