"""The draft as the clerk receives it: built off the event loop, delivered in one sequence."""

from __future__ import annotations

import asyncio
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
from drafting.office.preview import preview_available, render_preview
from drafting.prose.render import render_document
from drafting.prose.thin import thin_advice
from storage.models import Draft


@dataclass(frozen=True)
class BuiltDraft:
    document: Document
    docx: bytes


def build_draft(questionnaire: Questionnaire, draft: Draft) -> BuiltDraft:
    """Document and .docx bytes for a stored draft (CPU only; callers choose the thread)."""
    layout = draft.layout if draft.layout in LAYOUTS else DEFAULT_LAYOUT
    document = render_document(questionnaire, draft.state, layout)
    return BuiltDraft(document=document, docx=write_docx(document))


class DraftDelivery:
    """Builds drafts on one thread and turns them into the messages a clerk receives."""

    def __init__(self, questionnaire: Questionnaire, preview_pages: int = 0) -> None:
        self.questionnaire = questionnaire
        self.preview_pages = preview_pages
        # One build thread: a build is CPU-bound, and spread over many threads (one
        # malloc arena each) 30 builds grew RSS by 60 MB, on one thread by 20.
        self._builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="draft-build")

    async def build(self, draft: Draft) -> BuiltDraft:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._builder, self._build_and_release, draft)

    def _build_and_release(self, draft: Draft) -> BuiltDraft:
        built = build_draft(self.questionnaire, draft)
        release_free_memory()  # the template's lxml trees are garbage now (app.memory)
        return built

    async def draft(self, draft: Draft) -> list[Message]:
        """The text preview, page pictures when LibreOffice is here, the .docx, and what
        is still missing (said once, last)."""
        built = await self.build(draft)
        messages: list[Message] = [DraftText(built.document)]
        if self.preview_pages and preview_available():
            preview = await render_preview(built.docx, pages=self.preview_pages)
            if preview is not None and preview.pngs:
                messages.append(Pictures(tuple(preview.pngs)))
        messages.append(File(built.document.file_name, built.docx))
        if built.document.missing:
            messages.append(Text(texts.MISSING.format(count=built.document.missing)))
        messages.extend(thin_messages(built.document))
        return messages

    async def changes(self, draft: Draft, before: InterviewState) -> list[Message]:
        """After 修改 N: the paragraphs the edit changed, before and after ([] for none)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._builder, change_messages, self.questionnaire, draft, before)

    async def pdf(self, draft: Draft) -> list[Message]:
        if not preview_available():
            return [Text(texts.NO_PDF_TOOL)]
        built = await self.build(draft)
        preview = await render_preview(built.docx, pages=1)
        if preview is None:
            return [Text(texts.PDF_FAILED)]
        return [File(built.document.file_name.removesuffix(".docx") + ".pdf", preview.pdf)]


def thin_messages(document: Document) -> list[Message]:
    """A draft far shorter than a real summary says which parts are thin (drafting.prose.thin)."""
    advice = thin_advice(document)
    return [Text("\n".join(advice))] if advice else []


def change_messages(questionnaire: Questionnaire, draft: Draft, before: InterviewState) -> list[Message]:
    """The paragraphs that differ between the draft of ``before`` and the stored draft."""
    layout = draft.layout if draft.layout in LAYOUTS else DEFAULT_LAYOUT
    lines = change_lines(changed_paragraphs(render_document(questionnaire, before, layout), render_document(questionnaire, draft.state, layout)))
    return [Text("\n\n".join(["这一处修改后，稿子里变了的段落：", *lines]))] if lines else []
