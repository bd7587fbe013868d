"""Storing an answer and moving on: the answer kept, the work items a multi-choice
names seeded, and the cursor sent to the next open question (or back where 修改 began).

Shared by answering (every accepted answer ends here) and navigation (上一步 and 修改
keep the items typed so far without moving on).
"""

from __future__ import annotations

from datetime import datetime

from dialogs.answers import Answer, GroupAnswer, MultiAnswer, TextAnswer
from dialogs.checklist import (
    Slot,
    answer_at,
    find_slot,
    is_settled,
    iter_slots,
    next_open,
    with_answer,
)
from dialogs.questionnaire import Question, Questionnaire
from dialogs.replies import Reply
from dialogs.showing import show
from dialogs.state import InterviewState


def store(q: Questionnaire, st: InterviewState, slot: Slot, answer: Answer, now: datetime) -> list[Reply]:
    st.answers = with_answer(st, slot, answer)
    if st.questioned_path == slot.path:
        st.questioned = st.questioned_path = None
    st.sources.pop(slot.path, None)  # this year's answer now, whatever it replaced
    seed_groups(q, st, slot)
    unskip(st, slot.path)
    return advance(q, st, slot, now)


def multi_answer(question: Question, picks: list[str]) -> MultiAnswer:
    return MultiAnswer(items=picks, others=[pick for pick in picks if pick not in question.choices])


def _picks_with_own_group(q: Questionnaire, multi_id: str) -> set[str]:
    """Kinds asked by a group of their own (特色活动 has its name question): not seeded elsewhere."""
    return {
        pick
        for _, group in q.questions()
        for condition in group.when
        if condition.question == multi_id and condition.in_
        for pick in condition.in_
    }


def seed_groups(q: Questionnaire, st: InterviewState, slot: Slot) -> None:
    """Each newly chosen kind named by the clerk (or each 专项整治 theme) becomes a work item
    with its name filled in. Items are only ever added: a pick taken back keeps its item."""
    answer = answer_at(st, slot)
    if slot.group is not None or not isinstance(answer, MultiAnswer):
        return
    own_groups = _picks_with_own_group(q, slot.question.id)
    for _, group in q.questions():
        if group.kind != "group" or group.seeded_by != slot.question.id:
            continue
        picks = [p for p in answer.items if p not in own_groups] if group.seed_all else answer.others
        existing = st.answers.get(group.id)
        items = [dict(item) for item in existing.items] if isinstance(existing, GroupAnswer) else []
        named = {item["name"].text for item in items if isinstance(item.get("name"), TextAnswer)}
        added = [{"name": TextAnswer(text=pick)} for pick in picks if pick not in named]
        if added:
            # An item started without a name (the clerk answered its questions first) takes the first pick.
            if items and "name" not in items[0] and len(items) == 1:
                items[0]["name"] = added.pop(0)["name"]
            st.answers = {**st.answers, group.id: GroupAnswer(items=[*items, *added])}


def unskip(st: InterviewState, path: str) -> None:
    if path in st.skipped:
        st.skipped.remove(path)


def advance(q: Questionnaire, st: InterviewState, settled: Slot, now: datetime) -> list[Reply]:
    """Move on: first open question of the same group item, then back where the clerk was (修改),
    else the first open question of the checklist."""
    if st.pending_path == settled.path:
        st.pending, st.pending_path = [], None
    if settled.path in st.recheck:  # seen again: kept (跳过) or answered anew
        st.recheck.remove(settled.path)
    if st.replace_path == settled.path:
        st.replace_path = None
    target: Slot | None = None
    if st.return_to == settled.path:  # 修改 of the very question the clerk was at
        st.return_to = None
    if st.return_to is not None:
        target = _open_in_same_item(q, st, settled)
        if target is None:
            target = find_slot(q, st, st.return_to)
            st.return_to = None
    target = target or next_open(q, st)
    if target is None:
        st.cursor = None
        return [
            Reply(
                kind="finished",
                text="全部问题都回答完了，辛苦了！正在生成总结草稿。之后也可以回复「查看」检查，或「修改 N」修改某一项。",
            )
        ]
    return show(q, st, target, now)


def _open_in_same_item(q: Questionnaire, st: InterviewState, settled: Slot) -> Slot | None:
    group = settled.group if settled.group is not None else (settled.question if settled.role != "question" else None)
    if group is None:
        return None
    answer = st.answers.get(group.id)
    index = settled.index if settled.role == "question" else (len(answer.items) - 1 if isinstance(answer, GroupAnswer) else None)
    for slot in iter_slots(q, st):
        if slot.group is not None and slot.group.id == group.id and slot.index == index and slot.role == "question" and not is_settled(st, slot):
            return slot
    return None
