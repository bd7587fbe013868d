"""The draft as the clerk receives it: built off the event loop, delivered in one sequence.

The service calls this after the clerk's turn has ended (app.service): building and
converting never hold the clerk's turn, nor, on PostgreSQL, one of its connections.
Page pictures and PDFs wait in the office's bounded line (drafting.office.queue);
everything the clerk can use — the text, the .docx — goes out before that wait.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from app import texts
from app.memory import release_free_memory
from app.messages import DraftText, File, Message, Pictures, Text
from dialogs.questionnaire import Questionnaire
from dialogs.state import InterviewState
from drafting.prose.changes import change_lines, changed_paragraphs
from drafting.document import Document
from drafting.page.docx_writer import write_docx
from drafting.prose.layouts import DEFAULT_LAYOUT, LAYOUTS
from drafting.office.preview import preview_available
from drafting.office.queue import OfficeQueue, Ticket
from drafting.prose.render import render_document
from drafting.prose.thin import thin_advice
from drafting.prose.wording import Wording, wording_for
from storage.models import Draft

Deliver = Callable[[list[Message]], Awaitable[None]]
# A clerk with this many conversions ahead is told their place (about a second each).
TELL_PLACE_FROM = 2


@dataclass(frozen=True)
class BuiltDraft:
    document: Document
    docx: bytes


def build_draft(questionnaire: Questionnaire, draft: Draft, wording: Wording | None = None) -> BuiltDraft:
    """Document and .docx bytes for a stored draft (CPU only; callers choose the thread)."""
    layout = draft.layout if draft.layout in LAYOUTS else DEFAULT_LAYOUT
    document = render_document(questionnaire, draft.state, layout, wording)
    return BuiltDraft(document=document, docx=write_docx(document))


class DraftDelivery:
    """Builds drafts on one thread and turns them into the messages a clerk receives."""

    def __init__(self, questionnaire: Questionnaire, preview_pages: int = 0, office: OfficeQueue | None = None, wording: Wording | None = None) -> None:
        self.questionnaire = questionnaire
        self.wording = wording or wording_for(questionnaire)  # templates/, or an edited copy (WORDING_DIR)
        self.preview_pages = preview_pages
        self.office = office or OfficeQueue()
        # One build thread: a build is CPU-bound, and spread over many threads (one
        # malloc arena each) 30 builds grew RSS by 60 MB, on one thread by 20.
        self._builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="draft-build")

    async def build(self, draft: Draft) -> BuiltDraft:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._builder, self._build_and_release, draft)

    def _build_and_release(self, draft: Draft) -> BuiltDraft:
        built = build_draft(self.questionnaire, draft, self.wording)
        release_free_memory()  # the template's lxml trees are garbage now (app.memory)
        return built

    async def draft(self, draft: Draft, deliver: Deliver | None = None) -> list[Message]:
        """The text preview, the .docx, what is still missing (said once), then the page
        pictures when LibreOffice is here: they wait in the office's line, so they come
        last and nothing the clerk can use waits for them. ``deliver`` gets each part as
        it is ready; all of them are returned."""
        built = await self.build(draft)
        ticket, place = (
            self._in_line(built.docx, self.preview_pages, texts.PREVIEW_QUEUED, texts.PREVIEW_BUSY)
            if self.preview_pages
            else (None, [])
        )
        ready: list[Message] = [DraftText(built.document), *place, File(built.document.file_name, built.docx)]
        if built.document.missing:
            missing = built.document.missing
            ready.append(Text(texts.MISSING.format(count=len(missing), labels="、".join(fact.label for fact in missing))))
        ready.extend(thin_messages(built.document, self.wording))
        await _send(deliver, ready)
        if ticket is None:
            return ready
        preview = await ticket.result()
        pictures: list[Message] = (
            [Pictures(tuple(preview.pngs))] if preview is not None and preview.pngs else [Text(texts.PREVIEW_FAILED)]
        )
        await _send(deliver, pictures)
        return [*ready, *pictures]

    async def pdf(self, draft: Draft, deliver: Deliver | None = None) -> list[Message]:
        """The draft as a PDF, made in the office's line (a clerk far back is told first)."""
        if not preview_available():
            return await _send(deliver, [Text(texts.NO_PDF_TOOL)])
        built = await self.build(draft)
        ticket, place = self._in_line(built.docx, 0, texts.PDF_QUEUED, texts.PDF_BUSY)
        await _send(deliver, place)
        if ticket is None:
            return place
        preview = await ticket.result()
        if preview is None:
            made: list[Message] = [Text(texts.PDF_FAILED)]
        else:
            made = [File(built.document.file_name.removesuffix(".docx") + ".pdf", preview.pdf)]
        return [*place, *await _send(deliver, made)]

    def _in_line(self, docx: bytes, pages: int, queued: str, busy: str) -> tuple[Ticket | None, list[Message]]:
        """A place in the office's line for ``docx`` (none without LibreOffice), and what
        to tell the clerk about it: their place when it is far back, or that the line is full."""
        if not preview_available():
            return None, []
        ticket = self.office.submit(docx, pages)
        if ticket is None:
            return None, [Text(busy)]
        if ticket.ahead >= TELL_PLACE_FROM:
            return ticket, [Text(queued.format(ahead=ticket.ahead))]
        return ticket, []

    async def changes(self, draft: Draft, before: InterviewState) -> list[Message]:
        """After 修改 N: the paragraphs the edit changed, before and after ([] for none)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._builder, change_messages, self.questionnaire, draft, before, self.wording)


async def _send(deliver: Deliver | None, messages: list[Message]) -> list[Message]:
    """Hand ``messages`` to ``deliver`` (when there are any and someone to deliver to); return them."""
    if deliver is not None and messages:
        await deliver(messages)
    return messages


def thin_messages(document: Document, wording: Wording) -> list[Message]:
    """A draft far shorter than a real summary says which parts are thin (drafting.prose.thin)."""
    advice = thin_advice(document, wording)
    return [Text("\n".join(advice))] if advice else []


def change_messages(questionnaire: Questionnaire, draft: Draft, before: InterviewState, wording: Wording | None = None) -> list[Message]:
    """The paragraphs that differ between the draft of ``before`` and the stored draft."""
    wording = wording or wording_for(questionnaire)
    layout = draft.layout if draft.layout in LAYOUTS else DEFAULT_LAYOUT
    changes = changed_paragraphs(render_document(questionnaire, before, layout, wording), render_document(questionnaire, draft.state, layout, wording))
    lines = change_lines(changes, wording.advice.changes)
    return [Text("\n\n".join(["这一处修改后，稿子里变了的段落：", *lines]))] if lines else []
