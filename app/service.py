"""Use cases every chat adapter shares: a clerk's drafts, each input through the engine.

The adapters (console, Telegram) only translate; this layer decides which draft a
clerk is working on, runs the pure engine, and stores the new state *before* any
reply goes out, so a reply that fails to send never loses an answer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from app.memory import release_free_memory
from dialogs import engine
from dialogs.checklist import progress
from dialogs.questionnaire import Questionnaire
from dialogs.replies import Input, Reply
from dialogs.state import InterviewState
from drafting.document import Document
from drafting.docx_writer import write_docx
from drafting.layouts import DEFAULT_LAYOUT, LAYOUTS
from drafting.render import render_document
from storage.async_store import AsyncDraftStore
from storage.errors import DraftCorrupt, DraftNotFound
from storage.models import Draft, blank_draft, first_unfinished, utc_now

STALE_DRAFT_TEXT = "这个按钮属于另一份或已删除的总结，没有做任何改动。"
SWITCHED_TEXT = "已为您切换到另一份总结「{title}」。"
NOT_APPLIED_TEXT = "刚才发送的内容没有记入任何总结，请对照下面的问题重新回答。"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What an input led to: the draft as stored and the replies to show."""

    draft: Draft
    replies: list[Reply]


@dataclass(frozen=True)
class DraftSummary:
    """One line of the clerk's draft list (/drafts)."""

    id: str
    unit: str
    year: int | None
    answered: int
    total: int
    status: str
    layout: str
    updated_at: datetime
    current: bool

    @property
    def title(self) -> str:
        return draft_title(self.unit, self.year)


def draft_title(unit: str | None, year: int | None) -> str:
    """How a clerk recognises a draft in a list or a question: 青山镇2024年."""
    return f"{unit or '未命名单位'}{f'{year}年' if year else ''}"


@dataclass(frozen=True)
class BuiltDraft:
    document: Document
    docx: bytes


class InterviewService:
    """One questionnaire, one store, many clerks. Inputs of one clerk run one at a time."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        store: AsyncDraftStore,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.questionnaire = questionnaire
        self.store = store
        self._clock = clock
        # owner -> id of the draft they work on; rebuilt from storage after a restart.
        self._current: dict[int, str] = {}
        self._owner_locks: dict[int, asyncio.Lock] = {}
        # owner -> what the clerk must still be told (a draft of theirs could not be
        # opened). Kept until the next Outcome for that owner, or take_notices(), so a
        # damaged draft is reported once even when the call that found it returns no Outcome.
        self._notices: dict[int, list[str]] = {}
        # Building a .docx is ~50 ms of GIL-bound CPU and some 10 MB of lxml trees. One
        # dedicated thread loses no speed and keeps memory flat: spread over the default
        # pool's threads (one malloc arena each) 30 builds grew RSS by 60 MB, here by 20.
        self._builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="draft-build")

    def warm_up(self) -> None:
        """Build an empty draft once at startup, so that the first clerk who finishes
        does not wait for the first build's one-time work (templates compiled, the
        blank official document made): 250 ms, against ~25 ms for every later build."""
        q = self.questionnaire
        build_draft(q, blank_draft("warmup", 0, q.id, q.version, self._clock()))

    def owner_lock(self, owner: int) -> asyncio.Lock:
        """Serializes one clerk's updates so a double tap is applied in order."""
        return self._owner_locks.setdefault(owner, asyncio.Lock())

    # --- which draft -------------------------------------------------------------------------

    async def current_draft(self, owner: int) -> Draft | None:
        """The draft the clerk last worked on (finished ones included, archived not)."""
        draft, _ = await self._find_current(owner)
        return draft

    async def _find_current(self, owner: int) -> tuple[Draft | None, bool]:
        """The current draft, and whether the one the clerk was on turned out damaged just now."""
        draft_id = self._current.get(owner)
        lost = False
        if draft_id is not None:
            draft, lost = await self._open_owned(owner, draft_id)
            if draft is not None and draft.status != "archived":
                return draft, False
            self._current.pop(owner, None)
        drafts, damaged = await self._listed(owner)
        lost = lost or damaged  # after a restart the damaged one may be what the clerk was on
        for draft in drafts:
            if draft.status != "archived":
                self._current[owner] = draft.id
                if lost:
                    # Say which draft the clerk now sees, or they would take it for the damaged one.
                    self._notify(owner, SWITCHED_TEXT.format(title=draft_title(draft.unit_name, draft.year)))
                return draft, lost
        return None, lost

    async def resumable_draft(self, owner: int) -> Draft | None:
        """The most recent unfinished draft, offered when the clerk comes back."""
        drafts, _ = await self._listed(owner)
        return first_unfinished(drafts)

    async def _listed(self, owner: int) -> tuple[list[Draft], bool]:
        """The clerk's readable drafts, and whether listing found one damaged. Storage
        skips (and moves aside) a damaged draft; the clerk is told here, once."""
        drafts = await self.store.list_by_owner(owner)
        damaged = await self.store.take_damaged(owner)
        for draft_id in damaged:
            log.warning("owner %s: draft %s was found damaged while listing", owner, draft_id)
            self._notify(owner, DraftCorrupt.user_message)
        return drafts, bool(damaged)

    async def _get_owned(self, owner: int, draft_id: str) -> Draft | None:
        draft, _ = await self._open_owned(owner, draft_id)
        return draft

    async def _open_owned(self, owner: int, draft_id: str) -> tuple[Draft | None, bool]:
        """The clerk's draft (None if missing or not theirs), and whether it is damaged."""
        try:
            draft = await self.store.get(draft_id)
        except DraftCorrupt as error:
            # Only ids the clerk was on or picked get here. Storage logged the damage and
            # moved the file aside; the clerk hears of it once, and later reads of this id
            # would raise again, so it stops being their current draft.
            log.warning("owner %s cannot open draft %s: %s", owner, draft_id, error)
            if self._current.get(owner) == draft_id:
                self._current.pop(owner)
            await self.store.take_damaged(owner)  # told now: a later listing must not tell again
            self._notify(owner, error.user_message)
            return None, True
        if draft is None or draft.owner != owner:
            return None, False  # another clerk's draft looks exactly like a missing one
        return draft, False

    # --- interview ---------------------------------------------------------------------------

    async def new_draft(self, owner: int) -> Outcome:
        draft = await self.store.create(owner, self.questionnaire.id, self.questionnaire.version, self._clock())
        self._current[owner] = draft.id
        # Adapters point a clerk left without drafts here, so a pending notice arrives with it.
        return self._deliver(
            owner, await self._run(draft, lambda state, now: engine.start(self.questionnaire, state, now))
        )

    async def resume(self, owner: int, draft_id: str | None = None) -> Outcome | None:
        """Show the current question of a draft (the current one unless ``draft_id`` is given)."""
        draft = await (self._get_owned(owner, draft_id) if draft_id else self.current_draft(owner))
        if draft is None or draft.status == "archived":
            return None
        self._current[owner] = draft.id
        # Touch the draft so it is the one offered on return, even if nothing changed.
        draft = await self.store.update(draft.id, lambda d: d.model_copy())
        return self._deliver(
            owner, await self._run(draft, lambda state, now: engine.start(self.questionnaire, state, now))
        )

    async def handle(
        self, owner: int, inp: Input, draft_id: str | None = None, update_id: int | None = None
    ) -> Outcome | None:
        """Apply typed text or a button press to the clerk's current draft.

        A button carries the id of the draft it was shown for: if that is not the
        clerk's current draft (another draft, a deleted one, a forged id) the press
        is stale and changes nothing. ``update_id`` makes redelivery harmless: an
        update already applied (Telegram resends unconfirmed ones after a crash) only
        shows the current question again. Returns None when the clerk has no draft.
        """
        draft, lost = await self._find_current(owner)
        if draft_id is not None and (draft is None or draft.id != draft_id):
            if draft is None:
                return None
            return self._deliver(owner, _stale(draft))
        if draft is None:
            return None
        if lost:
            # The text was meant for the damaged draft: recorded in the other one it could
            # land as the answer to an unrelated question. Show that draft's question instead.
            self._notify(owner, NOT_APPLIED_TEXT)
            return await self.resume(owner)
        return self._deliver(
            owner,
            await self._run(draft, lambda state, now: engine.step(self.questionnaire, state, inp, now), update_id),
        )

    async def _run(
        self,
        draft: Draft,
        move: Callable[[InterviewState, datetime], tuple[InterviewState, list[Reply]]],
        update_id: int | None = None,
    ) -> Outcome:
        """Run an engine move on the freshest stored state and save it before replying."""
        replies: list[Reply] = []

        def change(stored: Draft) -> Draft:
            if update_id is not None and update_id <= stored.last_update_id:
                _, replies[:] = engine.start(self.questionnaire, stored.state, self._clock())
                return stored
            state, produced = move(stored.state, self._clock())
            replies[:] = produced
            if state is stored.state:
                return stored  # nothing changed (a review, a rejected answer): no write
            finished = any(r.kind == "finished" for r in produced)
            status = "complete" if finished else stored.status
            applied = max(stored.last_update_id, update_id or 0)
            return stored.model_copy(update={"state": state, "status": status, "last_update_id": applied})

        try:
            saved = await self.store.update(draft.id, change)
        except DraftNotFound:
            return _stale(draft)
        return Outcome(saved, replies)

    # --- notices -----------------------------------------------------------------------------

    def take_notices(self, owner: int) -> list[str]:
        """What the clerk must still be told, once: for adapters when a call returned no Outcome."""
        return self._notices.pop(owner, [])

    def _notify(self, owner: int, text: str) -> None:
        pending = self._notices.setdefault(owner, [])
        if text not in pending:  # two damaged drafts need not be announced twice in one message
            pending.append(text)

    def _deliver(self, owner: int, outcome: Outcome) -> Outcome:
        """The outcome with the clerk's pending notices in front (and then forgotten)."""
        notices = self.take_notices(owner)
        if not notices:
            return outcome
        notice = Reply(kind="notice", text="\n".join(notices), turn=outcome.draft.state.turn)
        return Outcome(outcome.draft, [notice, *outcome.replies])

    # --- drafts ------------------------------------------------------------------------------

    async def summaries(self, owner: int) -> list[DraftSummary]:
        current = await self.current_draft(owner)
        result = []
        drafts, _ = await self._listed(owner)
        for draft in drafts:
            if draft.status == "archived":
                continue
            answered, total = progress(self.questionnaire, draft.state)
            result.append(
                DraftSummary(
                    id=draft.id,
                    unit=draft.unit_name or "",
                    year=draft.year,
                    answered=answered,
                    total=total,
                    status=draft.status,
                    layout=draft.layout,
                    updated_at=draft.updated_at,
                    current=current is not None and current.id == draft.id,
                )
            )
        return result

    async def set_layout(self, owner: int, layout: str) -> Draft | None:
        if layout not in LAYOUTS:
            return None
        draft = await self.current_draft(owner)
        if draft is None:
            return None
        return await self.store.update(draft.id, lambda d: d.model_copy(update={"layout": layout}))

    async def delete(self, owner: int, draft_id: str) -> bool:
        draft = await self._get_owned(owner, draft_id)
        if draft is None:
            return False
        try:
            await self.store.delete(draft_id)
        except DraftNotFound:
            return False
        if self._current.get(owner) == draft_id:
            self._current.pop(owner)
        return True

    async def build(self, owner: int) -> BuiltDraft | None:
        """Render the current draft to a Document and .docx, off the event loop."""
        draft = await self.current_draft(owner)
        if draft is None:
            return None
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._builder, _build_and_release, self.questionnaire, draft)


def _stale(draft: Draft) -> Outcome:
    """A press meant for another, deleted or forged draft: a notice, nothing changed."""
    return Outcome(draft, [Reply(kind="stale", text=STALE_DRAFT_TEXT, turn=draft.state.turn)])


def _build_and_release(questionnaire: Questionnaire, draft: Draft) -> BuiltDraft:
    built = build_draft(questionnaire, draft)
    release_free_memory()  # the template's lxml trees are garbage now (app.memory)
    return built


def build_draft(questionnaire: Questionnaire, draft: Draft) -> BuiltDraft:
    """Document and .docx bytes for a stored draft (CPU only; callers choose the thread)."""
    layout = draft.layout if draft.layout in LAYOUTS else DEFAULT_LAYOUT
    document = render_document(questionnaire, draft.state, layout)
    return BuiltDraft(document=document, docx=write_docx(document))
