"""Showing the interview: which slot is on screen, putting a question there, and the
plain replies every step speaks in.

Split from the engine so that answering, storing and navigating (which all end by
showing something) can share it without importing each other.
"""

from __future__ import annotations

from datetime import datetime

from dialogs.answers import MultiAnswer
from dialogs.checklist import (
    Slot,
    answer_at,
    find_slot,
    iter_slots,
    missing_required,
    next_open,
)
from dialogs.prompts import question_reply
from dialogs.questionnaire import Questionnaire
from dialogs.replies import Reply
from dialogs.state import InterviewState

ALL_ANSWERED = "所有问题都已回答。回复「生成」获取总结草稿，「查看」检查答案，「修改 N」修改某一项。"


def current(q: Questionnaire, st: InterviewState) -> Slot | None:
    """The slot under the cursor if it still applies, else the first open one."""
    return find_slot(q, st, st.cursor) or next_open(q, st)


def show_current(q: Questionnaire, st: InterviewState, now: datetime) -> list[Reply]:
    slot = current(q, st)
    if slot is None:
        st.cursor = None
        return [info(ALL_ANSWERED)]
    return show(q, st, slot, now)


def show(q: Questionnaire, st: InterviewState, slot: Slot, now: datetime) -> list[Reply]:
    st.cursor = slot.path
    replies: list[Reply] = []
    if slot.section.id not in st.intros_shown:
        st.intros_shown.append(slot.section.id)
        replies.append(info(slot.section.intro))
    if slot.question.kind == "multi" and slot.role == "question" and st.pending_path != slot.path:
        existing = answer_at(st, slot)
        st.pending = list(existing.items) if isinstance(existing, MultiAnswer) else []
        st.pending_path = slot.path
    replies.append(question_reply(q, st, slot, now, previous(q, st, slot) is not None))
    return replies


def previous(q: Questionnaire, st: InterviewState, slot: Slot | None) -> Slot | None:
    slots = list(iter_slots(q, st))
    paths = [s.path for s in slots]
    index = paths.index(slot.path) if slot is not None and slot.path in paths else len(slots)
    return slots[index - 1] if index > 0 else None


def draft_requested(q: Questionnaire, st: InterviewState) -> Reply:
    missing = missing_required(q, st)
    text = "好的，正在生成总结草稿。"
    if missing:
        text += f"还有 {len(missing)} 个必填项没写（{'、'.join(missing[:5])}），草稿里会先留出空位。"
    return Reply(kind="draft_requested", text=text)


def info(text: str) -> Reply:
    return Reply(kind="info", text=text)


def error(text: str) -> Reply:
    return Reply(kind="error", text=text)
