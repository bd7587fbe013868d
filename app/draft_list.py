"""/drafts: a clerk's drafts, a page at a time (Telegram refuses large keyboards)."""

from __future__ import annotations

from dataclasses import dataclass

from app import texts
from app.actions import DraftsPage, NewDraft, OpenDraft, StartFrom
from app.messages import Choice, Text
from drafting.prose.layouts import LAYOUTS
from storage.models import Draft, most_recent_first

DRAFTS_PER_PAGE = 8
EARLIER_OFFERED = 5  # a clerk starts from one of their last few summaries, not a year long gone


@dataclass(frozen=True)
class DraftSummary:
    """One line of the list."""

    id: str
    title: str
    answered: int
    total: int
    status: str
    layout: str
    current: bool
    origin: str = ""  # 「由2025年的草稿接续」 when it started from an earlier summary


def draft_title(draft: Draft) -> str:
    """How a clerk recognises a draft in a list or a question: 青山镇2024年."""
    unit, year = draft.unit_name, draft.year
    return f"{unit or '未命名单位'}{f'{year}年' if year else ''}"


def origin_words(draft: Draft) -> str:
    """Where a draft started from, as /drafts says it: 「由2025年的草稿接续」「由导入的文件 X 接续」."""
    carry = draft.state.carry
    if carry is None:
        return ""
    origin = carry.report.origin
    if origin.kind == "imported":
        return texts.FROM_IMPORTED.format(name=origin.file_name or "（未命名）")
    title = f"{origin.year}年" if origin.year else origin.unit_name or "以前"
    return texts.FROM_DRAFT.format(title=title)


def earlier_drafts(drafts: list[Draft]) -> list[Draft]:
    """The finished drafts a new one may start from, most recent first."""
    finished = [d for d in most_recent_first(drafts) if d.status == "complete" and d.unit_name]
    return finished[:EARLIER_OFFERED]


def start_from_offer(earlier: list[Draft]) -> Text:
    """Said above a new draft's first question to a clerk who finished a summary before."""
    rows = tuple((Choice(texts.START_FROM_BUTTON.format(title=draft_title(d)), StartFrom(d.id)),) for d in earlier)
    return Text(texts.START_FROM_PROMPT, choices=rows)


def drafts_page(summaries: list[DraftSummary], page: int, in_place: bool = False) -> Text:
    """Page ``page`` (from 0, clamped) of the list, with one button per draft on it."""
    pages = max(1, (len(summaries) + DRAFTS_PER_PAGE - 1) // DRAFTS_PER_PAGE)
    page = min(max(page, 0), pages - 1)
    first = page * DRAFTS_PER_PAGE
    shown = list(enumerate(summaries[first : first + DRAFTS_PER_PAGE], first + 1))
    of_pages = f"，第 {page + 1}/{pages} 页" if pages > 1 else ""
    lines = [texts.DRAFTS_HEADER.format(count=len(summaries), page=of_pages)]
    for number, s in shown:
        status = "已完成" if s.status == "complete" else f"已填 {s.answered}/{s.total}"
        mark = "（当前）" if s.current else ""
        origin = f" · {s.origin}" if s.origin else ""
        lines.append(f"{number}. {s.title}{mark} · {status} · {LAYOUTS.get(s.layout, s.layout)}{origin}")
    lines.append(texts.DRAFTS_FOOTER)
    rows: list[tuple[Choice, ...]] = [(Choice(f"{number}. {s.title}", OpenDraft(s.id)),) for number, s in shown]
    turns = []
    if page > 0:
        turns.append(Choice("上一页", DraftsPage(page - 1)))
    if page < pages - 1:
        turns.append(Choice("下一页", DraftsPage(page + 1)))
    if turns:
        rows.append(tuple(turns))
    rows.append((Choice("新建一份", NewDraft()),))
    return Text("\n".join(lines), choices=tuple(rows), in_place=in_place)
