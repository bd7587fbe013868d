"""Navigation: 上一步 and 修改 N move the cursor without erasing anything.

Items typed for a list or multi-choice are kept before leaving it, and 修改 remembers
where the clerk was so that answering returns there (dialogs.storing.advance).
"""

from __future__ import annotations

from datetime import datetime

from dialogs.answers import Answer, ListAnswer
from dialogs.checklist import Slot, answer_at, find_slot, with_answer
from dialogs.questionnaire import Questionnaire
from dialogs.replies import Reply
from dialogs.review import review_entries
from dialogs.showing import current, error, info, previous, show
from dialogs.state import InterviewState
from dialogs.storing import multi_answer, seed_groups, unskip


def back(q: Questionnaire, st: InterviewState, slot: Slot, now: datetime) -> list[Reply]:
    earlier = previous(q, st, slot)
    if earlier is None:
        return [info("已经是第一题了。"), *show(q, st, slot, now)]
    saved = _commit_pending(q, st, slot)
    # Committing may have changed which slots apply; look the previous one up again.
    earlier = find_slot(q, st, earlier.path) or earlier
    st.replace_path = earlier.path
    return [*saved, *show(q, st, earlier, now)]


def edit(q: Questionnaire, st: InterviewState, number: int, now: datetime) -> list[Reply]:
    entries = review_entries(q, st)
    if not 1 <= number <= len(entries):
        return [error(f"没有第 {number} 项。请先回复「查看」，再按序号修改，例如「修改 1」。")]
    target = entries[number - 1].slot
    here = current(q, st)
    saved = _commit_pending(q, st, here) if here is not None else []
    if st.return_to is None:
        st.return_to = st.cursor
    target = find_slot(q, st, target.path) or target
    st.replace_path = target.path
    return [*saved, info(f"好的，请重新回答第 {number} 项。"), *show(q, st, target, now)]


def _commit_pending(q: Questionnaire, st: InterviewState, slot: Slot) -> list[Reply]:
    """Keep items typed for a list/multi before leaving it (上一步, 修改): nothing is lost."""
    if st.pending_path != slot.path or not st.pending or slot.role != "question":
        return []
    pending = list(st.pending)
    answer: Answer = ListAnswer(items=pending) if slot.question.kind == "list" else multi_answer(slot.question, pending)
    changed = answer_at(st, slot) != answer
    st.answers = with_answer(st, slot, answer)
    seed_groups(q, st, slot)
    unskip(st, slot.path)
    st.pending, st.pending_path = [], None
    return [info(f"已保存刚才的 {len(pending)} 条。")] if changed else []
