"""Every use case of the service, on the memory store: no HTTP, no Telegram."""

from __future__ import annotations

import asyncio
from pathlib import Path
from datetime import datetime, timezone
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest

from app import texts
from app.delivery import Deliver
from app.actions import Answer, CancelDelete, ConfirmDelete, DraftsPage, NewDraft, OpenDraft, ResumeDraft, SetLayout
from app.messages import DraftText, File, MarkPressed, Message, Text, Toast
from app.draft_list import DRAFTS_PER_PAGE
from app.outcome import Arrival, Command, Outcome, Press, Typed
from app.service import MAX_DRAFTS_PER_CLERK, InterviewService
from dialogs.answers import ChoiceAnswer, TextAnswer
from dialogs.questionnaire import load_questionnaire
from storage.models import Draft, UpdateStamp
from tests.conversation import run_script, script_lines
from drafting.prose.layouts import LAYOUTS
from storage.async_store import AsyncDraftStore
from storage.errors import DraftTooLarge
from storage.disk import FileDraftStore
from storage.memory import MemoryDraftStore

CLERK = 7
ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def with_service(scenario: Callable[[InterviewService, MemoryDraftStore], Awaitable[T]]) -> T:
    memory = MemoryDraftStore()

    async def main() -> T:
        return await scenario(InterviewService(load_questionnaire(), AsyncDraftStore(memory, cache_size=0)), memory)

    return asyncio.run(main())


def last_text(outcome: Outcome) -> Text:
    texts_ = [m for m in outcome.messages if isinstance(m, Text)]
    assert texts_, outcome.messages
    return texts_[-1]


def choice(outcome: Outcome, label: str) -> Answer:
    for row in last_text(outcome).choices:
        for c in row:
            if c.label.lstrip("✅") == label:
                assert isinstance(c.action, Answer)
                return c.action
    raise LookupError(label)


def test_start_opens_a_draft_and_the_answer_is_stored_before_the_reply() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        started = await service.handle(CLERK, Command("start"))
        assert isinstance(started.messages[0], Text) and texts.WELCOME in started.messages[0].body
        assert started.changed and started.draft is not None
        answered = await service.handle(CLERK, Typed("青山镇"), Arrival(10))
        assert answered.changed
        [stored] = memory.list_by_owner(CLERK)  # read from the store, not the service
        assert stored.state.answers["unit_name"] == TextAnswer(text="青山镇")
        assert stored.last_update_id == 10 and stored.recent_updates == [Arrival(10).key]

    with_service(scenario)


def test_a_redelivered_update_is_recognised_and_applied_once() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        await service.handle(CLERK, Command("new"), Arrival(1))
        await service.handle(CLERK, Typed("青山镇"), Arrival(2))
        await service.handle(CLERK, Typed("镇"), Arrival(3))
        again = await service.handle(CLERK, Typed("镇"), Arrival(3))  # Telegram delivers it again
        assert again.redelivered and not again.changed
        assert again.messages == []  # handled to the end: answered once
        [stored] = memory.list_by_owner(CLERK)
        # Applied twice, 「镇」 would have become the answer to the next question too.
        assert set(stored.state.answers) == {"unit_name", "unit_type"}
        assert stored.state.answers["unit_type"] == ChoiceAnswer(choice="镇")

    with_service(scenario)


async def died_sending(messages: list[Message]) -> None:
    raise ConnectionResetError("the bot died while sending the answer")


def test_an_update_the_bot_died_answering_is_applied_once_and_the_clerk_shown_where_they_are() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        await service.handle(CLERK, Command("new"), Arrival(1))
        await service.handle(CLERK, Typed("青山镇"), Arrival(2))
        with pytest.raises(ConnectionResetError):
            await service.handle(CLERK, Typed("镇"), Arrival(3), deliver=died_sending)  # stored, never answered
        again = await service.handle(CLERK, Typed("镇"), Arrival(3))
        assert again.redelivered and not again.changed
        assert last_text(again).choices  # the clerk sees where they are
        [stored] = memory.list_by_owner(CLERK)
        assert set(stored.state.answers) == {"unit_name", "unit_type"}

    with_service(scenario)


def test_update_ids_that_restart_lower_never_lock_a_clerk_out() -> None:
    """After a week without updates Telegram picks the next update_id at random: a clerk
    coming back must be answered, although the id is below every id seen before."""

    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        await service.handle(CLERK, Command("new"), Arrival(900_001, "m7.1.1700000000"))
        await service.handle(CLERK, Typed("青山镇"), Arrival(900_002, "m7.2.1700000010"))
        back = await service.handle(CLERK, Typed("镇"), Arrival(12, "m7.3.1700700000"))
        assert back.changed and not back.redelivered
        help_ = await service.handle(CLERK, Command("help"), Arrival(13, "m7.4.1700700005"))
        assert texts.HELP in last_text(help_).body
        created = await service.handle(CLERK, Command("new"), Arrival(14, "m7.5.1700700009"))
        assert created.changed and len(memory.list_by_owner(CLERK)) == 2
        # An id used before the restart, now carried by another message, is new too.
        reused = await service.handle(CLERK, Typed("青山镇"), Arrival(900_002, "m7.6.1700700020"))
        assert reused.changed and not reused.redelivered
        assert memory.list_by_owner(CLERK)[0].state.answers["unit_name"] == TextAnswer(text="青山镇")

    with_service(scenario)


def test_a_redelivered_new_creates_no_second_draft() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        await service.handle(CLERK, Command("new"), Arrival(5))
        await service.handle(CLERK, Command("new"), Arrival(5))
        await service.handle(CLERK, Command("start"), Arrival(5))
        assert len(memory.list_by_owner(CLERK)) == 1
        await service.handle(CLERK, Command("new"), Arrival(6))
        assert len(memory.list_by_owner(CLERK)) == 2

    with_service(scenario)


def test_an_update_older_than_a_delete_does_not_land_in_the_draft_left_current() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        kept = (await service.handle(CLERK, Command("new"), Arrival(1))).draft
        doomed = (await service.handle(CLERK, Command("new"), Arrival(2))).draft
        assert kept and doomed
        await service.handle(CLERK, Typed("青山镇"), Arrival(3))
        await service.handle(CLERK, Press(ConfirmDelete(doomed.id)), Arrival(4))
        # A crash before the offset moved: updates 3 and 4 come again.
        await service.handle(CLERK, Typed("青山镇"), Arrival(3))
        await service.handle(CLERK, Press(ConfirmDelete(doomed.id)), Arrival(4))
        [left] = memory.list_by_owner(CLERK)
        assert left.id == kept.id and left.state.answers == {}

    with_service(scenario)


def test_a_button_of_an_old_question_or_another_draft_is_stale_and_changes_nothing() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        await service.handle(CLERK, Command("new"))
        shown = await service.handle(CLERK, Typed("青山镇"))
        town = choice(shown, "镇")
        await service.handle(CLERK, Press(town))
        before = memory.list_by_owner(CLERK)[0]
        for pressed in (town, Answer("zzzzzzzzzz", town.turn, town.action), Answer(town.draft_id, town.turn + 5, "c0"), None):
            outcome = await service.handle(CLERK, Press(pressed))
            assert outcome.stale and not outcome.changed
            assert len(outcome.messages) == 1 and isinstance(outcome.messages[0], Toast)
        assert memory.list_by_owner(CLERK)[0].state == before.state

    with_service(scenario)


def test_a_press_the_question_cannot_take_leaves_its_keyboard() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        await service.handle(CLERK, Command("new"))
        shown = await service.handle(CLERK, Typed("青山镇"))
        town = choice(shown, "镇")
        forged = await service.handle(CLERK, Press(Answer(town.draft_id, town.turn, "c99")))
        assert forged.stale and not any(isinstance(m, MarkPressed) for m in forged.messages)
        real = await service.handle(CLERK, Press(town))
        assert isinstance(real.messages[0], MarkPressed)  # closes the answered question
        assert memory.list_by_owner(CLERK)[0].state.answers["unit_type"] == ChoiceAnswer(choice="镇")

    with_service(scenario)


def test_the_acknowledgement_goes_out_before_the_draft_is_built() -> None:
    lines = script_lines(ROOT / "dialogs" / "samples" / "reference1.txt")

    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        await service.handle(CLERK, Command("new"))
        [draft] = memory.list_by_owner(CLERK)
        almost = run_script(service.questionnaire, lines[:-1]).state  # one answer short of the end
        memory.save(draft.model_copy(update={"state": almost}))
        events: list[str] = []
        build = service.delivery.draft

        async def timed_build(d: Draft, deliver: Deliver | None = None) -> list[Message]:
            events.append("build")
            return await build(d, deliver)

        async def deliver(messages: list[Message]) -> None:
            events.append("draft" if any(isinstance(m, DraftText) for m in messages) else "reply")

        service.delivery.draft = timed_build  # type: ignore[method-assign]
        outcome = await service.handle(CLERK, Typed(lines[-1]), Arrival(30), deliver=deliver)
        assert events == ["reply", "build", "draft"]  # 「正在生成」 does not wait for the build
        assert "正在生成" in next(m.body for m in outcome.messages if isinstance(m, Text))
        assert memory.list_by_owner(CLERK)[0].status == "complete"
        events.clear()
        await service.handle(CLERK, Command("draft"), Arrival(31), deliver=deliver)
        assert events == ["build", "draft"]  # nothing to say first: one delivery

    with_service(scenario)


def test_draft_delivery_is_one_sequence_saying_what_is_missing_once() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        await service.handle(CLERK, Command("new"))
        await service.handle(CLERK, Typed("青山镇"))
        for outcome in (await service.handle(CLERK, Command("draft")), await service.handle(CLERK, Typed("生成"))):
            assert outcome.draft_requested
            kinds = [type(m) for m in outcome.messages if not isinstance(m, Text) or "必填" in m.body]
            assert kinds[-3:] == [DraftText, File, Text]
            missing = [m for m in outcome.messages if isinstance(m, Text) and "必填" in m.body]
            assert len(missing) == 1  # said once, after the .docx
            [file] = [m for m in outcome.messages if isinstance(m, File)]
            assert file.name.endswith(".docx") and file.data[:2] == b"PK"

    with_service(scenario)


def test_layout_changes_without_answering_again() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        older = (await service.handle(CLERK, Command("new"))).draft
        draft = (await service.handle(CLERK, Command("new"))).draft
        assert older is not None and draft is not None
        await service.handle(CLERK, Typed("青山镇"))
        offered = await service.handle(CLERK, Command("layout"))
        layouts = [c.action for row in last_text(offered).choices for c in row]
        assert layouts == [SetLayout(draft.id, name) for name in LAYOUTS]
        chosen = await service.handle(CLERK, Press(SetLayout(draft.id, "progress")))
        assert chosen.changed and isinstance(chosen.messages[0], MarkPressed)
        stored = memory.get(draft.id)
        assert stored is not None and stored.layout == "progress" and stored.unit_name == "青山镇"
        assert (await service.handle(CLERK, Press(SetLayout(draft.id, "nonsense")))).stale
        # A menu left open from another draft changes nothing: it was not offered for this one.
        assert (await service.handle(CLERK, Press(SetLayout(older.id, "itemized")))).stale
        assert memory.get(draft.id).layout == "progress" and memory.get(older.id).layout == "annual"  # type: ignore[union-attr]

    with_service(scenario)


def test_delete_asks_first_and_cancel_changes_nothing() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        draft = (await service.handle(CLERK, Command("new"))).draft
        assert draft is not None
        asked = await service.handle(CLERK, Command("delete"))
        actions = [c.action for row in last_text(asked).choices for c in row]
        assert actions == [ConfirmDelete(draft.id), CancelDelete()]
        assert not (await service.handle(CLERK, Press(CancelDelete()))).changed
        assert len(memory.list_by_owner(CLERK)) == 1
        deleted = await service.handle(CLERK, Press(ConfirmDelete(draft.id)))
        assert deleted.changed and memory.list_by_owner(CLERK) == []
        assert (await service.handle(CLERK, Press(ConfirmDelete(draft.id)))).stale
        assert last_text(await service.handle(CLERK, Typed("x"))).body == texts.NO_DRAFT

    with_service(scenario)


def test_a_clerk_cannot_touch_another_clerks_draft() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        theirs = (await service.handle(99, Command("new"))).draft
        assert theirs is not None
        await service.handle(CLERK, Command("new"))
        for action in (OpenDraft(theirs.id), ConfirmDelete(theirs.id), Answer(theirs.id, 1, "c0")):
            assert (await service.handle(CLERK, Press(action))).stale
        assert [d.id for d in memory.list_by_owner(99)] == [theirs.id]

    with_service(scenario)


def test_drafts_are_listed_a_page_at_a_time_and_switching_keeps_both() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        count = DRAFTS_PER_PAGE * 2 + 3
        for number in range(count):
            await service.handle(CLERK, Command("new"))
            await service.handle(CLERK, Typed(f"第{number}镇"))
        listed = await service.handle(CLERK, Command("drafts"))
        first_page = last_text(listed)
        rows = first_page.choices
        assert len([r for r in rows if isinstance(r[0].action, OpenDraft)]) == DRAFTS_PER_PAGE
        assert rows[-2] == tuple(c for c in rows[-2]) and [c.action for c in rows[-2]] == [DraftsPage(1)]
        assert f"共 {count} 份" in first_page.body and "第 1/3 页" in first_page.body
        last_page = last_text(await service.handle(CLERK, Press(DraftsPage(2))))
        opened = [r[0].action for r in last_page.choices if isinstance(r[0].action, OpenDraft)]
        assert len(opened) == 3 and last_page.in_place
        switched = await service.handle(CLERK, Press(opened[-1]))  # the oldest draft
        assert switched.draft is not None and switched.draft.unit_name == "第0镇"
        answered = await service.handle(CLERK, Press(choice(switched, "镇")))
        assert answered.draft is not None and answered.draft.id == opened[-1].draft_id
        assert len(memory.list_by_owner(CLERK)) == count

    with_service(scenario)


def test_new_drafts_are_capped_with_a_clear_reply() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        for _ in range(MAX_DRAFTS_PER_CLERK):
            await service.handle(CLERK, Command("new"))
        refused = await service.handle(CLERK, Command("new"))
        assert not refused.changed and "达到上限" in last_text(refused).body
        assert len(memory.list_by_owner(CLERK)) == MAX_DRAFTS_PER_CLERK

    with_service(scenario)


def test_start_offers_to_resume_an_unfinished_draft() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        await service.handle(CLERK, Command("new"))
        await service.handle(CLERK, Typed("青山镇"))
        offered = await service.handle(CLERK, Command("start"))
        actions = [c.action for row in last_text(offered).choices for c in row]
        assert actions == [ResumeDraft(), NewDraft()] and "青山镇" in last_text(offered).body
        resumed = await service.handle(CLERK, Press(ResumeDraft()))
        assert "欢迎回来" in " ".join(m.body for m in resumed.messages if isinstance(m, Text))
        assert len(memory.list_by_owner(CLERK)) == 1

    with_service(scenario)


def test_idle_clerks_leave_no_locks_behind() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> int:
        await asyncio.gather(*(service.handle(owner, Command("new")) for owner in range(50)))
        return len(service.store._clerks)

    assert with_service(scenario) == 0


def test_an_answer_that_would_make_the_draft_too_large_is_refused_and_nothing_is_lost() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        from storage import limits

        await service.handle(CLERK, Command("new"))
        await service.handle(CLERK, Typed("青山镇"))
        before = memory.list_by_owner(CLERK)[0]
        original = limits.MAX_DRAFT_BYTES
        limits.MAX_DRAFT_BYTES = len(before.model_dump_json()) + 10
        try:
            refused = await service.handle(CLERK, Typed("镇"))
        finally:
            limits.MAX_DRAFT_BYTES = original
        assert not refused.changed and DraftTooLarge.user_message in last_text_of_all(refused)
        assert memory.list_by_owner(CLERK)[0].state == before.state
        assert (await service.handle(CLERK, Typed("镇"))).changed  # under the limit it goes through

    with_service(scenario)


def last_text_of_all(outcome: Outcome) -> str:
    return "\n".join(m.body for m in outcome.messages if isinstance(m, Text))


def test_the_buttons_shown_after_a_redelivery_can_be_pressed() -> None:
    """A /new whose draft was created just before a crash comes again: the bot shows the
    first question, and its buttons must work (the turn they carry is the stored one)."""

    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        q = service.questionnaire
        crashed = UpdateStamp(41, (Arrival(41).key,))
        memory.create(CLERK, q.id, q.version, datetime.now(timezone.utc), crashed)  # the bot died here
        shown = await service.handle(CLERK, Command("new"), Arrival(41))
        assert shown.redelivered and len(memory.list_by_owner(CLERK)) == 1
        pause = choice(shown, "暂停")
        paused = await service.handle(CLERK, Press(pause), Arrival(42))
        assert not paused.stale

    with_service(scenario)


def test_the_update_that_finished_the_interview_brings_the_draft_again_when_redelivered() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        draft = (await service.handle(CLERK, Command("new"), Arrival(1))).draft
        assert draft is not None
        stamp = UpdateStamp(9, (Arrival(8).key, Arrival(9).key))
        finishing = draft.model_copy(update={"status": "complete", **stamp.fields()})
        memory.save(finishing)  # 8 and 9 stored, then the bot died before the draft was sent
        again = await service.handle(CLERK, Typed("2026年12月28日"), Arrival(9))
        assert again.redelivered and again.draft_requested
        assert any(isinstance(m, File) for m in again.messages)
        older = await service.handle(CLERK, Typed("x"), Arrival(8))
        assert older.redelivered and not any(isinstance(m, File) for m in older.messages)

    with_service(scenario)


def test_a_document_owed_by_a_bot_that_died_is_brought_when_its_update_comes_again(tmp_path: Path) -> None:
    """/draft was noted handled, its draft still to be built after the turn, and the bot
    died: the redelivered /draft brings it. Being built by a live instance (a proxy's retry
    meanwhile), or delivered, it brings nothing."""

    async def scenario() -> None:
        first = AsyncDraftStore(FileDraftStore(tmp_path))
        try:
            await InterviewService(load_questionnaire(), first).handle(CLERK, Command("new"), Arrival(1))
            await first.note_handled(CLERK, Arrival(2).key, document_owed=True)  # the turn of /draft, then death
        finally:
            first.close()
        second = AsyncDraftStore(FileDraftStore(tmp_path))
        try:
            service = InterviewService(load_questionnaire(), second)
            again = await service.handle(CLERK, Command("draft"), Arrival(2))
            assert any(isinstance(m, File) for m in again.messages)
            assert (await service.handle(CLERK, Command("draft"), Arrival(2))).messages == []  # delivered now
            await second.note_handled(CLERK, Arrival(3).key, document_owed=True)  # being built right here
            assert (await service.handle(CLERK, Command("draft"), Arrival(3))).messages == []
        finally:
            second.close()

    asyncio.run(scenario())


def test_a_redelivered_update_behind_a_newer_one_in_hand_gets_no_answer_of_its_own() -> None:
    """After a restart: the killed bot had finished the interview with update 9 (the
    document sent) and the clerk sent /new (10); both come again in one batch. A document
    or question shown for 9 would be taken for the answer to 10."""

    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        draft = (await service.handle(CLERK, Command("new"), Arrival(1))).draft
        assert draft is not None
        stamp = UpdateStamp(9, (Arrival(1).key, Arrival(9).key))
        memory.save(draft.model_copy(update={"status": "complete", **stamp.fields()}))
        service.expect(CLERK, Arrival(9))
        service.expect(CLERK, Arrival(10))  # the batch, told before any of it is handled
        again = await service.handle(CLERK, Typed("2026年12月28日"), Arrival(9))
        assert again.redelivered and again.messages == []
        fresh = await service.handle(CLERK, Command("new"), Arrival(10))
        assert fresh.changed and len(memory.list_by_owner(CLERK)) == 2

    with_service(scenario)


def test_a_nudge_behind_the_clerks_answer_in_hand_shows_nothing() -> None:
    """The clerk nudged (「继续」) a bot that was down, then saw the question and answered
    it; after the restart both come together. Showing the question for the nudge made
    clerks answer it again, the second answer landing on the next question."""

    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        await service.handle(CLERK, Command("new"), Arrival(1))
        service.expect(CLERK, Arrival(2))
        service.expect(CLERK, Arrival(3))
        nudge = await service.handle(CLERK, Typed("继续"), Arrival(2))
        assert nudge.messages == [] and not nudge.changed
        answered = await service.handle(CLERK, Typed("青山镇"), Arrival(3))
        assert answered.changed and "乡、镇、街道还是社区" in last_text(answered).body
        alone = await service.handle(CLERK, Typed("继续"), Arrival(4))  # nothing newer in hand: shown
        assert "乡、镇、街道还是社区" in last_text(alone).body

    with_service(scenario)


def test_the_genre_can_be_switched_like_the_layout_without_moving_the_clerk() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        await service.handle(CLERK, Command("new"))
        await service.handle(CLERK, Typed("青山镇"))
        before = memory.list_by_owner(CLERK)[0]
        menu = await service.handle(CLERK, Command("genre"))
        genres = [c for row in last_text(menu).choices for c in row]
        self_check = next(c for c in genres if c.label.endswith("自查报告"))
        chosen = await service.handle(CLERK, Press(self_check.action))
        assert chosen.changed
        after = memory.list_by_owner(CLERK)[0]
        assert after.state.answers["genre"] == ChoiceAnswer(choice="自查报告")
        assert after.state.cursor == before.state.cursor  # the interview goes on where it was
        built = await service.delivery.build(after)
        assert "自查" in built.document.title

    with_service(scenario)
