"""Every use case of the bot, for every chat adapter: one input in, one Outcome out.

The adapters (console, Telegram) only translate: what the clerk typed, pressed or
commanded becomes a Request, and the Outcome's messages are rendered their own way.
This layer decides which draft a clerk is on, runs the pure engine, stores the new
state *before* any reply exists, recognises redelivered and stale input, and puts
together the draft delivery.

Redelivery: Telegram delivers an update again until the bot confirms it, so every
effect must be idempotent, and update ids cannot say which update is new (Telegram
restarts them at random after a week without updates). An update is known by its
Arrival key (its id with the message's chat, id and date, or the press's query id):
- once its turn has finished, the key is noted handled (storage.handled, shared by
  every instance on PostgreSQL): a redelivery gets no answer at all;
- each update that changes something writes its key into ``recent_updates`` of the draft
  that is current afterwards (the one answered, created, switched to or left current by
  a delete), with the effect, in one write: an update the bot died handling is
  recognised as applied, the clerk is shown where they are, and nothing is done twice.
  Unless a newer update of the clerk's is already in hand (``expect``): then the
  redelivered one gets no answer of its own, since the newer one's answer shows where
  the clerk is.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from app import texts
from app.actions import (
    Action,
    Answer,
    CancelDelete,
    ConfirmDelete,
    DraftsPage,
    DropImport,
    NewDraft,
    OpenDraft,
    ResumeDraft,
    SetGenre,
    SetLayout,
    StartFrom,
    UseImport,
)
from app.current_drafts import Call, CurrentDrafts
from app.delivery import DraftDelivery, build_draft
from app.draft_list import DraftSummary, draft_title, drafts_page, earlier_drafts, origin_words, start_from_offer
from app.imports import ImportDesk
from app.messages import (
    Choice,
    MarkPressed,
    Message,
    Text,
    Toast,
    reply_message,
    reply_messages,
)
from app.outcome import Arrival, Command, Outcome, Press, Request, Typed, Uploaded, stale
from dialogs import carry, engine
from dialogs.answers import ChoiceAnswer, PeriodAnswer
from dialogs.checklist import progress
from dialogs.earlier import EarlierOrigin, EarlierReport
from dialogs.questionnaire import Questionnaire
from dialogs.replies import Input
from dialogs.state import InterviewState
from drafting.prose.layouts import LAYOUTS
from drafting.prose.wording import Wording
from storage.async_store import AsyncDraftStore
from storage.errors import DraftNotFound, DraftTooLarge, NotStored
from storage.models import RECENT_UPDATES, Draft, UpdateStamp, blank_draft, first_unfinished, utc_now

log = logging.getLogger(__name__)

Deliver = Callable[[list[Message]], Awaitable[None]]
GENRE_QUESTION = "genre"  # the questionnaire's 文种, switchable like the layout
MAX_DRAFTS_PER_CLERK = 30  # a clerk writes a few a year; a cap keeps /drafts and disks sane


# --- the service ------------------------------------------------------------------------------


class InterviewService:
    """One questionnaire, one store, many clerks. One clerk's requests run one at a time."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        store: AsyncDraftStore,
        clock: Callable[[], datetime] = utc_now,
        preview_pages: int = 0,
        wording: Wording | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.store = store
        self._clock = clock
        self.drafts = CurrentDrafts(store)  # which draft each clerk is on
        self.delivery = DraftDelivery(questionnaire, preview_pages, wording=wording)
        self.imports = ImportDesk(questionnaire, self.delivery.wording)  # uploads waiting for 核对
        # owner -> keys of their updates this process has in hand, in the order they
        # arrived, until each is handled (see expect).
        self._in_hand: dict[int, dict[str, None]] = {}
        self.segmenter_warming: threading.Thread | None = None  # started by warm_up

    def warm_up(self) -> None:
        """Build an empty draft once at startup, so that the first clerk who finishes does
        not pay the first build's one-time work (the wording read, the blank official
        document made), and start reading jieba's dictionary and the lexicon (seconds) in
        a thread of their own (``segmenter_warming``): the bot opens its store and starts
        taking updates meanwhile, and a turn that reads a fragment before it is done waits
        for it, once. Stores nothing."""
        self.segmenter_warming = threading.Thread(target=self.delivery.wording.warm_reader, name="segmenter-warm", daemon=True)
        self.segmenter_warming.start()
        q = self.questionnaire
        build_draft(q, blank_draft("warmup", 0, q.id, q.version, self._clock()), self.delivery.wording)

    def expect(self, owner: int, arrival: Arrival) -> None:
        """Note that ``arrival`` of ``owner`` has come and will be handled (``settle`` when done).

        The adapter calls this for every update of a fetched batch before handling any of
        them: after a restart Telegram delivers a clerk's unconfirmed updates together,
        and a redelivered one with another in hand that arrived after it is not answered
        again. The question on screen is about to change (the newer update moves the
        interview on, or shows where the clerk is); a clerk shown it would answer it once
        more, and that answer would land on the question after it."""
        self._in_hand.setdefault(owner, {}).setdefault(arrival.key)

    def settle(self, owner: int, arrival: Arrival) -> None:
        """``arrival`` is done with (handled, or never meant for the service)."""
        keys = self._in_hand.get(owner)
        if keys is not None:
            keys.pop(arrival.key, None)
            if not keys:
                del self._in_hand[owner]  # remember only clerks at work

    def _newer_in_hand(self, owner: int, arrival: Arrival) -> bool:
        keys = self._in_hand.get(owner)
        return bool(keys) and next(reversed(keys)) != arrival.key  # type: ignore[arg-type]

    async def handle(
        self, owner: int, request: Request, arrival: Arrival | None = None, deliver: Deliver | None = None
    ) -> Outcome:
        """Apply one request of ``owner``; ``arrival`` (a Telegram update) makes redelivery harmless.

        ``deliver`` is called with the messages once the effect is stored, still in the
        clerk's turn, so the replies to two quick taps never arrive out of order. A draft
        or PDF asked for is built and delivered after the turn (see _deliver_document)."""
        if arrival is not None:
            self.expect(owner, arrival)
        try:
            async with self.store.clerk_turn(owner):  # this process; every instance when shared
                if arrival is not None and await self._answered_before(owner, arrival):
                    # Handled before: on another instance (a proxy's retry), or before a
                    # restart that came before its confirmation.
                    return Outcome([], redelivered=True)
                call = Call()
                outcome = await self._dispatch(owner, request, arrival, call)
                if call.notices:
                    notice = Text("\n".join(call.notices))
                    outcome = replace(outcome, messages=[notice, *outcome.messages])
                wants_document = (outcome.draft_requested or outcome.pdf_requested) and outcome.draft is not None
                # What is ready goes out before the build: a build takes tens of
                # milliseconds, and 「正在生成」 or the pressed button should not wait.
                if deliver is not None and (outcome.messages or not wants_document):
                    await deliver(outcome.messages)
                if arrival is not None:
                    await self._note_handled(owner, arrival, document_owed=wants_document)
        except NotStored as error:
            # A full disk, a database not answering (the turn not had, a read or the save
            # failed): nothing of this update was stored, and the clerk hears exactly that,
            # within seconds, instead of 「请再试一次」 for what trying again cannot fix.
            log.error("owner %s: update %s not stored: %s", owner, arrival.update_id if arrival else None, error)
            outcome, wants_document = Outcome([Text(error.user_message)]), False
            if deliver is not None:
                await deliver(outcome.messages)
        finally:
            if arrival is not None:
                self.settle(owner, arrival)
        if not wants_document:
            return outcome
        try:
            built = await self._deliver_document(outcome, deliver)
        finally:
            if arrival is not None:
                await self._note_handled(owner, arrival, document_owed=False)
        return replace(outcome, messages=[*outcome.messages, *built])

    async def _deliver_document(self, outcome: Outcome, deliver: Deliver | None) -> list[Message]:
        """The draft or its PDF, built and converted after the clerk's turn has ended.

        The turn (and on PostgreSQL its connection, one of a few per instance) is held only
        to read, save and answer: a build takes tens of milliseconds and a conversion waits
        in the office's line for seconds, or a minute when LibreOffice hangs, and neither
        may keep this clerk's next answer, or anyone's, waiting. The update is still
        confirmed to Telegram only once this returns, so a crash before the draft went out
        brings the update, and the draft, again (its note says the document was owed)."""
        assert outcome.draft is not None
        if outcome.pdf_requested:
            return await self.delivery.pdf(outcome.draft, deliver)
        return await self.delivery.draft(outcome.draft, deliver)

    async def tell(self, owner: int, messages: list[Message], deliver: Deliver) -> None:
        """Deliver ``messages`` in ``owner``'s turn, after the replies to what came before."""
        async with self.store.clerk_turn(owner):
            await deliver(messages)

    async def _answered_before(self, owner: int, arrival: Arrival) -> bool:
        """Whether ``arrival`` was handled before and needs no answer now: noted handled,
        and any document it brings delivered or being delivered by a live instance. A
        document owed by an instance that died is brought now (the effect, if any, is
        known from the draft: see _dispatch)."""
        note = await self.store.handled(owner, arrival.key)
        if note is None:
            return False
        return note.document_owed_by is None or await self.store.instance_alive(note.document_owed_by)

    async def _note_handled(self, owner: int, arrival: Arrival, document_owed: bool) -> None:
        """Note ``arrival`` handled (``document_owed``: its draft or PDF is still to be
        delivered, by this instance). Its effect is stored and its answer sent: if the note
        fails, a redelivery is answered again (its effect is known from the draft's
        recent_updates), so the clerk is not told of a failure."""
        try:
            await self.store.note_handled(owner, arrival.key, document_owed)
        except Exception as error:  # noqa: BLE001 - see the docstring
            log.warning("update %s of owner %s not noted handled: %s", arrival.update_id, owner, type(error).__name__)

    async def _dispatch(self, owner: int, request: Request, arrival: Arrival | None, call: Call) -> Outcome:
        current = await self.drafts.find(owner, call)
        if arrival is not None and current is not None and _applied(current, arrival):
            if self._newer_in_hand(owner, arrival):
                # Applied (and most likely answered) before a restart, and a newer update
                # of the clerk's is in hand: its answer shows where they are (a finished
                # draft says how to get the document), and a question or document shown
                # for this one would be taken for the answer to the newer one (expect).
                return Outcome([], redelivered=True, draft=current)
            finished_it = _applied_last(current, arrival) and current.status == "complete"
            shown = await self._show(current, redelivered=True)
            if finished_it:
                # This update finished the interview, and the draft it should have brought
                # may never have left (a crash between storing and sending): send it again.
                return replace(shown, draft_requested=True)
            return shown
        if arrival is not None and self._newer_in_hand(owner, arrival) and _asks_where(request):
            # 「继续」 (a clerk's nudge after a silence) with a newer update of theirs in hand:
            # that one's answer shows where they are. Shown the question for this one too,
            # a clerk who had answered it meanwhile took it for their answer lost and
            # answered again, onto the next question (the kill run on a busy machine).
            return Outcome([], draft=current)
        stamp = None if arrival is None else _stamp(current, arrival)
        match request:
            case Typed(text):
                return await self._typed(owner, current, text, stamp, call)
            case Press(action):
                return await self._pressed(owner, current, action, stamp, call)
            case Command(name):
                return await self._command(owner, current, name, stamp, call)
            case Uploaded(file_name, data):
                # Read and shown for 核对; nothing is stored until 「用这份」 (app.imports).
                read = await asyncio.get_running_loop().run_in_executor(None, self.imports.read, file_name, data)
                return Outcome([read if isinstance(read, Text) else self.imports.offer(owner, read)], draft=current)
        raise TypeError(f"not a request: {request!r}")

    # --- typed text and presses ------------------------------------------------------------------

    async def _typed(
        self, owner: int, current: Draft | None, text: str, stamp: UpdateStamp | None, call: Call
    ) -> Outcome:
        if current is None:
            return Outcome([Text(texts.NO_DRAFT)])
        if call.lost_current:
            # The text was meant for the damaged draft: recorded in another it could land
            # as the answer to an unrelated question. Show that draft's question instead.
            call.notify(texts.NOT_APPLIED)
            return await self._show(current)
        return await self._step(current, Input.typed(text), stamp, call)

    async def _pressed(
        self, owner: int, current: Draft | None, action: Action | None, stamp: UpdateStamp | None, call: Call
    ) -> Outcome:
        match action:
            case Answer(draft_id, turn, name):
                # The one place that decides staleness: a button of another (deleted,
                # damaged, forged) draft, or of a question that is no longer on screen.
                if current is None or current.id != draft_id:
                    return stale(current, texts.STALE_DRAFT)
                if turn != current.state.turn:
                    return stale(current, texts.STALE_BUTTON)
                try:
                    inp = Input.pressed(name, turn)
                except ValueError:  # an action the engine could never have produced
                    return stale(current, texts.STALE_BUTTON)
                return await self._step(current, inp, stamp, call, pressed=True)
            case OpenDraft(draft_id):
                draft, _ = await self.drafts.open_owned(owner, draft_id, call)
                if draft is None or draft.status == "archived":
                    return stale(current, texts.STALE_DRAFT)
                return await self._switch_to(draft, stamp, label=draft_title(draft))
            case ResumeDraft():
                if current is None:
                    return stale(None, texts.STALE_BUTTON)
                return await self._switch_to(current, stamp, label="继续上次")
            case NewDraft():
                outcome = await self._new(owner, stamp, call)
                return replace(outcome, messages=[MarkPressed("新建一份"), *outcome.messages])
            case StartFrom(draft_id):
                earlier, _ = await self.drafts.open_owned(owner, draft_id, call)
                if earlier is None or earlier.status == "archived":
                    return stale(current, texts.STALE_DRAFT)
                state = carry.begin_from_draft(self.questionnaire, earlier.state, _origin(earlier))
                if current is not None and _untouched(current):
                    outcome = await self._begin_again(current, state, stamp)  # the draft /new just made
                else:
                    outcome = await self._create(owner, state, stamp, call)
                return replace(outcome, messages=[MarkPressed(texts.START_FROM_BUTTON.format(title=draft_title(earlier))), *outcome.messages])
            case SetLayout(draft_id, layout):
                if current is None or current.id != draft_id:
                    return stale(current, texts.STALE_DRAFT)  # a menu shown for another draft
                return await self._set_layout(current, layout, stamp)
            case SetGenre(draft_id, index):
                if current is None or current.id != draft_id:
                    return stale(current, texts.STALE_DRAFT)
                return await self._set_genre(current, index, stamp)
            case ConfirmDelete(draft_id):
                return await self._delete(owner, draft_id, stamp, call)
            case CancelDelete():
                return Outcome([Toast(texts.CANCELLED), MarkPressed(texts.CANCELLED)], draft=current)
            case DraftsPage(page):
                return await self._drafts(owner, current, page, call, in_place=True)
            case UseImport(token):
                report = self.imports.take(owner, token)
                if report is None:
                    return stale(current, texts.IMPORT_EXPIRED)
                outcome = await self._from_report(owner, report, stamp, call)
                return replace(outcome, messages=[MarkPressed(texts.IMPORT_USE), *outcome.messages])
            case DropImport(token):
                if not self.imports.drop(owner, token):
                    return stale(current, texts.IMPORT_EXPIRED)
                return Outcome([MarkPressed(texts.IMPORT_DROP), Text(texts.IMPORT_DROPPED)], draft=current)
        return stale(current, texts.STALE_BUTTON)

    async def _step(
        self, draft: Draft, inp: Input, stamp: UpdateStamp | None, call: Call, pressed: bool = False
    ) -> Outcome:
        """Run one engine step on the freshest stored state and store it before replying."""
        before = draft.state
        state, replies = engine.step(self.questionnaire, before, inp, self._clock())
        changed = state != before
        if pressed and not changed and replies and replies[0].kind in ("stale", "error"):
            return stale(draft, texts.STALE_BUTTON)  # a press the question cannot take: leave it as it was
        if changed:
            finished = any(r.kind == "finished" for r in replies)
            update = {"state": state, "status": "complete" if finished else draft.status}
            try:
                draft = await self._save(draft, update, stamp)
            except DraftNotFound:
                return stale(None, texts.STALE_DRAFT)
            except DraftTooLarge as error:
                log.warning("draft %s not saved: %s", draft.id, error)
                return Outcome([Text(error.user_message)], draft=draft)  # the question on screen still holds
        messages: list[Message] = []
        if pressed:
            # A multi-choice toggle redraws its own question; any other press closes
            # the pressed keyboard, so the chat reads as a transcript.
            toggled = state.cursor == before.cursor and replies and replies[0].kind == "question"
            if toggled:
                messages.append(replace(reply_message(draft.id, replies[0]), in_place=True))
                replies = replies[1:]
            else:
                messages.append(MarkPressed())
        messages += reply_messages(draft.id, replies)
        if changed and before.replace_path is not None:  # an answer given after 修改 N
            messages += await self.delivery.changes(draft, before)
        wants = any(r.kind in ("draft_requested", "finished") for r in replies)  # built by handle
        return Outcome(messages, changed=changed, draft_requested=wants, draft=draft)

    async def _save(self, draft: Draft, update: dict[str, object], stamp: UpdateStamp | None) -> Draft:
        """Store ``update`` to ``draft``, stamping the update that caused it."""
        if stamp is not None:
            update = {**update, **stamp.fields()}
        return await self.store.update(draft.id, lambda stored: stored.model_copy(update=update))

    async def _show(self, draft: Draft, redelivered: bool = False) -> Outcome:
        """The draft's current question again (after a redelivery, a resume, a damaged draft).

        Showing may move the engine on (the cursor placed, a new turn for the buttons):
        that state is stored, or the buttons just shown would be stale when pressed."""
        state, replies = engine.start(self.questionnaire, draft.state, self._clock())
        changed = state != draft.state
        if changed:
            draft = await self._save(draft, {"state": state}, None)
        return Outcome(reply_messages(draft.id, replies), changed=changed, redelivered=redelivered, draft=draft)

    async def _switch_to(self, draft: Draft, stamp: UpdateStamp | None, label: str) -> Outcome:
        """Make ``draft`` the current one (stamped, so it is also the most recent) and show it."""
        self.drafts.remember(draft.owner, draft.id)
        draft = await self._save(draft, {}, stamp)
        shown = await self._show(draft)
        return replace(shown, messages=[MarkPressed(label), *shown.messages], changed=True)

    # --- commands -------------------------------------------------------------------------------

    async def _command(
        self, owner: int, current: Draft | None, name: str, stamp: UpdateStamp | None, call: Call
    ) -> Outcome:
        if name == "start":
            resumable = first_unfinished((await self.drafts.listed(owner, call))[0])
            if resumable is None:
                outcome = await self._new(owner, stamp, call)
                return replace(outcome, messages=[Text(texts.WELCOME), *outcome.messages])
            choices = ((Choice("继续上次", ResumeDraft()), Choice("新建一份", NewDraft())),)
            body = f"{texts.WELCOME}\n\n{texts.RESUME_OR_NEW.format(title=draft_title(resumable))}"
            return Outcome([Text(body, choices=choices)], draft=current)
        if name == "new":
            return await self._new(owner, stamp, call)
        if name == "help":
            return Outcome([Text(texts.HELP)], draft=current)
        if name == "drafts":
            return await self._drafts(owner, current, 0, call)
        if current is None:
            return Outcome([Text(texts.NO_DRAFT)])
        if name == "resume":
            return await self._switch_to(current, stamp, label="")
        if name in ("review", "pause"):
            return await self._step(current, Input.typed("查看" if name == "review" else "暂停"), stamp, call)
        if name == "draft":
            return Outcome([], draft_requested=True, draft=current)  # built by handle
        if name == "pdf":
            return Outcome([], pdf_requested=True, draft=current)  # converted by handle
        if name == "layout":
            choices = tuple(
                (Choice(("✅" if key == current.layout else "") + label, SetLayout(current.id, key)),)
                for key, label in LAYOUTS.items()
            )
            body = texts.LAYOUT_PROMPT.format(layout=LAYOUTS.get(current.layout, current.layout))
            return Outcome([Text(body, choices=choices)], draft=current)
        if name == "genre":
            return self._genre_menu(current)
        if name == "delete":
            title = draft_title(current)
            choices = ((Choice("确认删除", ConfirmDelete(current.id)), Choice("取消", CancelDelete())),)
            return Outcome([Text(texts.DELETE_PROMPT.format(title=title), choices=choices)], draft=current)
        return Outcome([Text(texts.HELP)], draft=current)

    async def _new(self, owner: int, stamp: UpdateStamp | None, call: Call) -> Outcome:
        """A new draft, its first question shown; a clerk who finished one before is offered,
        above it, to start from that one instead (the draft just made takes it: one /new,
        one draft)."""
        drafts, _ = await self.drafts.listed(owner, call)
        earlier = earlier_drafts([d for d in drafts if d.status != "archived"])
        outcome = await self._create(owner, InterviewState(), stamp, call)
        if earlier and outcome.changed:
            outcome = replace(outcome, messages=[start_from_offer(earlier), *outcome.messages])
        return outcome

    async def _begin_again(self, draft: Draft, state: InterviewState, stamp: UpdateStamp | None) -> Outcome:
        """``draft``, untouched since /new made it, starts over from ``state``; the buttons
        shown for it before are stale (a later turn)."""
        state = state.model_copy(update={"turn": draft.state.turn + 1})
        state, replies = engine.start(self.questionnaire, state, self._clock())
        draft = await self._save(draft, {"state": state}, stamp)
        return Outcome(reply_messages(draft.id, replies), changed=True, draft=draft)

    async def _from_report(self, owner: int, report: EarlierReport, stamp: UpdateStamp | None, call: Call) -> Outcome:
        """A new draft starting from a summary read elsewhere (an imported .docx the clerk
        confirmed), in the clerk's turn: its facts checked section by section, its plans
        asked, as for one of their drafts."""
        return await self._create(owner, carry.begin_from_report(self.questionnaire, report), stamp, call)

    async def _create(self, owner: int, state: InterviewState, stamp: UpdateStamp | None, call: Call) -> Outcome:
        """Create a draft holding ``state`` (empty, or waiting for the 核对 of an earlier summary) and show its first question."""
        drafts, _ = await self.drafts.listed(owner, call)
        kept = [d for d in drafts if d.status != "archived"]
        if len(kept) >= MAX_DRAFTS_PER_CLERK:
            return Outcome([Text(texts.TOO_MANY_DRAFTS.format(count=len(kept)))], draft=kept[0])
        q = self.questionnaire
        draft = await self.store.create(owner, q.id, q.version, self._clock(), stamp)
        self.drafts.remember(owner, draft.id)
        state, replies = engine.start(q, state, self._clock())
        draft = await self._save(draft, {"state": state}, stamp)
        return Outcome(reply_messages(draft.id, replies), changed=True, draft=draft)

    async def _drafts(self, owner: int, current: Draft | None, page: int, call: Call, in_place: bool = False) -> Outcome:
        summaries = await self.summaries(owner, call)
        if not summaries:
            return Outcome([Text(texts.NO_DRAFT)], draft=current)
        return Outcome([drafts_page(summaries, page, in_place)], draft=current)

    async def summaries(self, owner: int, call: Call | None = None) -> list[DraftSummary]:
        """The clerk's drafts as /drafts lists them, most recent first (archived ones left out)."""
        call = call or Call()
        current = await self.drafts.find(owner, call)
        drafts, _ = await self.drafts.listed(owner, call)
        result = []
        for draft in drafts:
            if draft.status == "archived":
                continue
            answered, total = progress(self.questionnaire, draft.state)
            is_current = current is not None and current.id == draft.id
            result.append(DraftSummary(draft.id, draft_title(draft), answered, total, draft.status, draft.layout, is_current, origin_words(draft)))
        return result

    async def _set_layout(self, current: Draft, layout: str, stamp: UpdateStamp | None) -> Outcome:
        if layout not in LAYOUTS:
            return stale(current, texts.STALE_BUTTON)
        draft = await self._save(current, {"layout": layout}, stamp)
        label = LAYOUTS[layout]
        return Outcome([MarkPressed(f"版式：{label}"), Text(texts.LAYOUT_SET.format(layout=label))], changed=True, draft=draft)

    def _genres(self) -> list[str]:
        return list(self.questionnaire.question(GENRE_QUESTION).choices)

    def _genre_menu(self, current: Draft) -> Outcome:
        answer = current.state.answers.get(GENRE_QUESTION)
        chosen = answer.choice if isinstance(answer, ChoiceAnswer) else None
        choices = tuple(
            (Choice(("✅" if genre == chosen else "") + genre, SetGenre(current.id, index)),) for index, genre in enumerate(self._genres())
        )
        body = texts.GENRE_PROMPT.format(genre=chosen or "未选")
        return Outcome([Text(body, choices=choices)], draft=current)

    async def _set_genre(self, current: Draft, index: int, stamp: UpdateStamp | None) -> Outcome:
        genres = self._genres()
        if not 0 <= index < len(genres):
            return stale(current, texts.STALE_BUTTON)
        state = engine.set_choice(self.questionnaire, current.state, GENRE_QUESTION, genres[index])
        draft = await self._save(current, {"state": state}, stamp)
        genre = genres[index]
        return Outcome([MarkPressed(genre), Text(texts.GENRE_SET.format(genre=genre))], changed=True, draft=draft)

    async def _delete(self, owner: int, draft_id: str, stamp: UpdateStamp | None, call: Call) -> Outcome:
        draft, _ = await self.drafts.open_owned(owner, draft_id, call)
        if draft is None:
            return stale(await self.drafts.find(owner, call), texts.STALE_DRAFT)
        try:
            await self.store.delete(draft_id)
        except DraftNotFound:
            return stale(None, texts.STALE_DRAFT)
        self.drafts.forget(owner, draft_id)
        # Stamp the draft that is now current, so a redelivered update older than the
        # delete is recognised as applied instead of landing in that draft.
        now_current = await self.drafts.find(owner, call)
        if now_current is not None and stamp is not None:
            now_current = await self._save(now_current, {}, stamp)
        return Outcome([MarkPressed("已删除"), Text(texts.DELETED)], changed=True, draft=now_current)


def _untouched(draft: Draft) -> bool:
    """Nothing answered, skipped or carried yet: a draft /new has just made."""
    state = draft.state
    return draft.unfinished and not state.answers and not state.skipped and state.carry is None


def _origin(draft: Draft) -> EarlierOrigin:
    """What a draft is, as the origin of one that starts from it."""
    period = draft.state.answers.get("period")
    span = (period.words or period.span) if isinstance(period, PeriodAnswer) else ""
    return EarlierOrigin(kind="draft", draft_id=draft.id, year=draft.year, span=span, unit_name=draft.unit_name or "")


# --- redelivery ---------------------------------------------------------------------------------


def _asks_where(request: Request) -> bool:
    """A request that only shows the clerk where they are (「继续」, /resume)."""
    match request:
        case Typed(text):
            return engine.asks_where(text)
        case Command(name):
            return name == "resume"
    return False


def _stamp(current: Draft | None, arrival: Arrival) -> UpdateStamp:
    """What this update's effect records on the draft current afterwards: the clerk's
    recent updates so far (carried from the draft current before), and this one."""
    recent = current.recent_updates if current is not None else []
    return UpdateStamp(arrival.update_id, (*recent, arrival.key)[-RECENT_UPDATES:])


def _applied(draft: Draft, arrival: Arrival) -> bool:
    """Whether ``arrival`` changed something already (``draft``: the clerk's current one)."""
    if arrival.key in draft.recent_updates:
        return True
    # A draft last stamped by a version without recent_updates knows its last update's id.
    return not draft.recent_updates and draft.last_update_id == arrival.update_id


def _applied_last(draft: Draft, arrival: Arrival) -> bool:
    """Whether ``arrival`` is the last update that changed ``draft``."""
    if draft.recent_updates:
        return draft.recent_updates[-1] == arrival.key
    return draft.last_update_id == arrival.update_id
