"""The interview engine: a pure step (questionnaire, state, input, now) -> (state, replies).

No I/O, no clock, no randomness: adapters pass ``now`` in and render the Reply values.
The next question is the first open slot of the checklist (dialogs.checklist), so 上一步
moves the cursor without erasing anything and 修改 N returns to where the clerk was.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from dialogs.answers import (
    Answer,
    ChoiceAnswer,
    FiguresAnswer,
    GroupAnswer,
    ListAnswer,
    MultiAnswer,
    TextAnswer,
    YesNoAnswer,
)
from dialogs.checklist import (
    Slot,
    answer_at,
    find_slot,
    is_settled,
    iter_slots,
    missing_required,
    next_open,
    with_answer,
    with_new_item,
)
from dialogs.figures import parse_figures
from dialogs.parsing import (
    Rejected,
    clean_text,
    parse_choice,
    parse_date,
    parse_list_items,
    parse_multi_picks,
    parse_number,
    parse_period,
    parse_text,
    parse_yesno,
)
from dialogs.prompts import DONE, can_skip, question_reply, suggestions_for
from dialogs.questionnaire import Question, Questionnaire
from dialogs.replies import Input, Reply
from dialogs.review import render_review, review_entries
from dialogs.state import InterviewState

STALE_TEXT = "这个按钮已过期，请回答最新的问题。"
DEFAULT_WHY = "这一项总结里一定会用到，请填写后再继续。"
HELP_TEXT = (
    "可以随时回复这些词：\n"
    "跳过 — 跳过这一题（必填题不能跳过）\n"
    "上一步 — 回到上一题，已填的内容不会丢\n"
    "暂停 — 先保存，下次回复「继续」接着填\n"
    "查看 — 看看已经填了什么\n"
    "修改 N — 修改「查看」里第 N 项\n"
    "完成 — 多条内容写完了\n"
    "生成 — 现在就生成总结草稿"
)
_COMMANDS = {
    "跳过": "skip",
    "上一步": "back",
    "返回": "back",
    "暂停": "pause",
    "继续": "resume",
    "查看": "review",
    "完成": "done",
    "生成": "draft",
    "帮助": "help",
}
_EDIT = re.compile(r"^修改\s*第?\s*(\d{1,4})\s*[项条题]?$")
_PICK = re.compile(r"^([ctg])(\d{1,3})$")


# --- entry points ---------------------------------------------------------------------------


def start(questionnaire: Questionnaire, state: InterviewState, now: datetime) -> tuple[InterviewState, list[Reply]]:
    """Show the current question: for a new draft, and when the clerk comes back."""
    work = _working_copy(state)
    replies: list[Reply] = []
    if state.answers and next_open(questionnaire, state) is not None:
        replies.append(_info("欢迎回来，我们接着上次的地方继续。"))
    replies.extend(_show_current(questionnaire, work, now))
    return _finish(state, work, replies)


def step(
    questionnaire: Questionnaire, state: InterviewState, inp: Input, now: datetime
) -> tuple[InterviewState, list[Reply]]:
    """Apply one message or button press; never raises, never loses a stored answer."""
    if inp.action:
        if inp.turn != state.turn:
            return state, [Reply(kind="stale", text=STALE_TEXT, turn=state.turn)]
        command, argument = inp.action, ""
    else:
        text = clean_text(inp.text)
        command, argument = _parse_command(text)
        if not command:
            command, argument = "answer", text
    work = _working_copy(state)
    replies = _dispatch(questionnaire, work, command, argument, now)
    return _finish(state, work, replies)


def _working_copy(state: InterviewState) -> InterviewState:
    """A copy the step may change freely. Answers are frozen models, so copying the
    containers is enough (a deep copy cost more than the rest of the step)."""
    return state.model_copy(
        update={
            "answers": dict(state.answers),
            "skipped": list(state.skipped),
            "closed_groups": list(state.closed_groups),
            "pending": list(state.pending),
            "intros_shown": list(state.intros_shown),
        }
    )


def _finish(before: InterviewState, after: InterviewState, replies: list[Reply]) -> tuple[InterviewState, list[Reply]]:
    """Count a turn when anything changed, so buttons shown before it become stale."""
    if after != before:  # the turn is still equal here, so this compares everything else
        after.turn = before.turn + 1
    else:
        after = before
    return after, [reply.model_copy(update={"turn": after.turn}) for reply in replies]


def _parse_command(text: str) -> tuple[str, str]:
    normal = unicodedata.normalize("NFKC", text).strip().strip("。！!")
    if normal in _COMMANDS:
        return _COMMANDS[normal], ""
    edit = _EDIT.match(normal)
    if edit:
        return "edit", edit.group(1)
    return "", ""


def _dispatch(q: Questionnaire, st: InterviewState, command: str, argument: str, now: datetime) -> list[Reply]:
    if command == "pause":
        return [Reply(kind="paused", text="已为您保存。随时回来，回复「继续」就能接着填写。")]
    if command == "help":
        return [_info(HELP_TEXT)]
    if command == "review":
        return [Reply(kind="review", text=render_review(q, st))]
    if command == "draft":
        return [_draft_requested(q, st)]
    if command == "resume":
        return _show_current(q, st, now)
    if command == "edit":
        return _edit(q, st, int(argument), now)
    slot = _current(q, st)
    if slot is None:
        return [_info("所有问题都已回答。回复「生成」获取总结草稿，「查看」检查答案，「修改 N」修改某一项。")]
    if command == "back":
        return _back(q, st, slot, now)
    if command == "skip":
        return _skip(q, st, slot, now)
    if command == "done":
        return _done(q, st, slot, now)
    if command == "none":
        return _typed(q, st, slot, "没有", now)
    if command in ("yes", "no"):
        return _yes_no(q, st, slot, command == "yes", now)
    if command == "answer":
        return _typed(q, st, slot, argument, now)
    pick = _PICK.match(command)
    if pick:
        return _picked(q, st, slot, pick.group(1), int(pick.group(2)), now)
    return [_error("这个按钮用不了了，请回答最新的问题。")]


# --- showing ---------------------------------------------------------------------------------


def _current(q: Questionnaire, st: InterviewState) -> Slot | None:
    """The slot under the cursor if it still applies, else the first open one."""
    return find_slot(q, st, st.cursor) or next_open(q, st)


def _show_current(q: Questionnaire, st: InterviewState, now: datetime) -> list[Reply]:
    slot = _current(q, st)
    if slot is None:
        st.cursor = None
        return [_info("所有问题都已回答。回复「生成」获取总结草稿，「查看」检查答案，「修改 N」修改某一项。")]
    return _show(q, st, slot, now)


def _show(q: Questionnaire, st: InterviewState, slot: Slot, now: datetime) -> list[Reply]:
    st.cursor = slot.path
    replies: list[Reply] = []
    if slot.section.id not in st.intros_shown:
        st.intros_shown.append(slot.section.id)
        replies.append(_info(slot.section.intro))
    if slot.question.kind == "multi" and slot.role == "question" and st.pending_path != slot.path:
        existing = answer_at(st, slot)
        st.pending = list(existing.items) if isinstance(existing, MultiAnswer) else []
        st.pending_path = slot.path
    replies.append(question_reply(q, st, slot, now, _previous(q, st, slot) is not None))
    return replies


def _previous(q: Questionnaire, st: InterviewState, slot: Slot | None) -> Slot | None:
    slots = list(iter_slots(q, st))
    paths = [s.path for s in slots]
    index = paths.index(slot.path) if slot is not None and slot.path in paths else len(slots)
    return slots[index - 1] if index > 0 else None


# --- navigation --------------------------------------------------------------------------------


def _back(q: Questionnaire, st: InterviewState, slot: Slot, now: datetime) -> list[Reply]:
    previous = _previous(q, st, slot)
    if previous is None:
        return [_info("已经是第一题了。"), *_show(q, st, slot, now)]
    saved = _commit_pending(q, st, slot)
    # Committing may have changed which slots apply; look the previous one up again.
    previous = find_slot(q, st, previous.path) or previous
    st.replace_path = previous.path
    return [*saved, *_show(q, st, previous, now)]


def _edit(q: Questionnaire, st: InterviewState, number: int, now: datetime) -> list[Reply]:
    entries = review_entries(q, st)
    if not 1 <= number <= len(entries):
        return [_error(f"没有第 {number} 项。请先回复「查看」，再按序号修改，例如「修改 1」。")]
    target = entries[number - 1].slot
    current = _current(q, st)
    saved = _commit_pending(q, st, current) if current is not None else []
    if st.return_to is None:
        st.return_to = st.cursor
    target = find_slot(q, st, target.path) or target
    st.replace_path = target.path
    return [*saved, _info(f"好的，请重新回答第 {number} 项。"), *_show(q, st, target, now)]


def _skip(q: Questionnaire, st: InterviewState, slot: Slot, now: datetime) -> list[Reply]:
    if slot.role == "more":
        return _yes_no(q, st, slot, False, now)
    if slot.role == "entry":
        if slot.question.id in st.answers:  # already started: keep it
            return _advance(q, st, slot, now)
        return _yes_no(q, st, slot, False, now)
    if st.pending_path == slot.path and st.pending:
        return _done(q, st, slot, now)
    if answer_at(st, slot) is not None:
        return _advance(q, st, slot, now)
    if slot.question.default is not None:
        return _typed(q, st, slot, slot.question.default, now)
    if not can_skip(slot, st):
        why = slot.question.why or DEFAULT_WHY
        return [_error(f"这一题不能跳过：{why}")]
    if slot.path not in st.skipped:
        st.skipped.append(slot.path)
    return _advance(q, st, slot, now)


def _done(q: Questionnaire, st: InterviewState, slot: Slot, now: datetime) -> list[Reply]:
    if slot.role == "more":
        return _yes_no(q, st, slot, False, now)
    kind = slot.question.kind
    if slot.role != "question" or kind not in ("list", "multi"):
        return [_error("这一题不需要「完成」，请直接回答，或点「跳过」。")]
    pending = st.pending if st.pending_path == slot.path else []
    if pending:
        answer: Answer = ListAnswer(items=pending) if kind == "list" else _multi_answer(slot.question, pending)
        return [_info(f"已保存 {len(pending)} 条。"), *_store(q, st, slot, answer, now)]
    if answer_at(st, slot) is not None:
        return _advance(q, st, slot, now)
    if slot.question.required:
        what = "写一条" if kind == "list" else "选一项"
        return [_error(f"这一题至少要{what}。{slot.question.why or DEFAULT_WHY}")]
    return _skip(q, st, slot, now)


def _commit_pending(q: Questionnaire, st: InterviewState, slot: Slot) -> list[Reply]:
    """Keep items typed for a list/multi before leaving it (上一步, 修改): nothing is lost."""
    if st.pending_path != slot.path or not st.pending or slot.role != "question":
        return []
    pending = list(st.pending)
    answer: Answer = ListAnswer(items=pending) if slot.question.kind == "list" else _multi_answer(slot.question, pending)
    changed = answer_at(st, slot) != answer
    st.answers = with_answer(st, slot, answer)
    _seed_groups(q, st, slot)
    _unskip(st, slot.path)
    st.pending, st.pending_path = [], None
    return [_info(f"已保存刚才的 {len(pending)} 条。")] if changed else []


# --- answering -----------------------------------------------------------------------------------


def _typed(q: Questionnaire, st: InterviewState, slot: Slot, text: str, now: datetime) -> list[Reply]:
    if slot.role in ("entry", "more") or slot.question.kind == "yesno":
        verdict = parse_yesno(text)
        if isinstance(verdict, Rejected):
            return [_error(verdict.message)]
        return _yes_no(q, st, slot, verdict.value, now)
    question = slot.question
    if question.kind in ("list", "multi") and _says_none(text) and not question.required:
        # 「没有」 is an answer (none of these), not a skip: the section is simply left out.
        empty: Answer = ListAnswer(items=[]) if question.kind == "list" else MultiAnswer(items=[])
        return _store(q, st, slot, empty, now)
    if question.kind == "list":
        items = parse_list_items(text, question)
        if isinstance(items, Rejected):
            return [_error(items.message)]
        return _add_pending(q, st, slot, items, now)
    if question.kind == "multi":
        picks = parse_multi_picks(text, question)
        if isinstance(picks, Rejected):
            return [_error(picks.message)]
        return _add_pending(q, st, slot, picks, now)
    suggestions = suggestions_for(q, st, slot)
    if suggestions and text.isdigit() and 1 <= int(text) <= len(suggestions):
        text = suggestions[int(text) - 1]
    parsed: Answer | Rejected
    if question.kind == "figures":
        parsed = parse_figures(text, question)
    elif question.kind == "period":
        parsed = parse_period(text, question, now.year)
    elif question.kind == "number":
        parsed = parse_number(text, question)
    elif question.kind == "date":
        parsed = parse_date(text, question)
    elif question.kind == "choice":
        parsed = parse_choice(text, question)
    else:
        parsed = parse_text(text, question)
    if isinstance(parsed, Rejected):
        return [_error(parsed.message)]
    if isinstance(parsed, FiguresAnswer):
        return [_info(_figures_read_back(parsed)), *_store(q, st, slot, parsed, now)]
    return _store(q, st, slot, parsed, now)


_NONE_WORDS = {"没有", "无", "都没有", "没有了", "暂无", "没", "均无"}


def _says_none(text: str) -> bool:
    return unicodedata.normalize("NFKC", text).strip().strip("。！!") in _NONE_WORDS


def _figures_read_back(answer: FiguresAnswer) -> str:
    """Show the clerk how the line was read, figure by figure, so a misreading is caught now."""
    lines = [f"记下了 {sum(1 for f in answer.items if f.text)} 个数字："]
    for figure in answer.items:
        if figure.text:
            lines.append(f"· {figure.what or '（同上）'}：{figure.text}")
    lines.append("不对的话回复「上一步」重新写。")
    return "\n".join(lines)


def _picked(q: Questionnaire, st: InterviewState, slot: Slot, kind: str, index: int, now: datetime) -> list[Reply]:
    question = slot.question
    if slot.role != "question" or (kind != "g" and index >= len(question.choices)):
        return [_error("这个按钮用不了了，请回答最新的问题。")]
    if kind == "g":
        suggestions = suggestions_for(q, st, slot)
        if index < len(suggestions):
            return _store(q, st, slot, TextAnswer(text=suggestions[index]), now)
        return [_error("这个按钮用不了了，请回答最新的问题。")]
    if kind == "c" and question.kind == "choice":
        return _store(q, st, slot, ChoiceAnswer(choice=question.choices[index]), now)
    if kind == "c" and question.kind == "period":
        return _typed(q, st, slot, question.choices[index], now)
    if kind == "t" and question.kind == "multi":
        choice = question.choices[index]
        picked = list(st.pending) if st.pending_path == slot.path else []
        picked = [p for p in picked if p != choice] if choice in picked else [*picked, choice]
        st.pending, st.pending_path = picked, slot.path
        return [question_reply(q, st, slot, now, _previous(q, st, slot) is not None)]
    return [_error("这个按钮用不了了，请回答最新的问题。")]


def _add_pending(q: Questionnaire, st: InterviewState, slot: Slot, items: list[str], now: datetime) -> list[Reply]:
    pending = list(st.pending) if st.pending_path == slot.path else []
    if slot.question.kind == "multi":
        # Typed picks are the clerk's answer (with any buttons pressed before): save them now.
        pending.extend(item for item in dict.fromkeys(items) if item not in pending)
        st.pending, st.pending_path = pending, slot.path
        return _done(q, st, slot, now)
    existing = answer_at(st, slot)
    if not pending and isinstance(existing, ListAnswer) and existing.items and st.replace_path != slot.path:
        # Never replace items the clerk was not just shown (issue 13: one line typed at a
        # list reached without 上一步 / 修改 replaced 450 items): add to them instead.
        pending = list(existing.items)
    pending.extend(items)
    st.pending, st.pending_path = pending, slot.path
    return [
        Reply(
            kind="info",
            text=f"已记下 {len(items)} 条（这一题共 {len(pending)} 条）。还有就继续发送，写完了请回复「完成」。",
            buttons=[[DONE]],
        )
    ]


def _yes_no(q: Questionnaire, st: InterviewState, slot: Slot, yes: bool, now: datetime) -> list[Reply]:
    if slot.role == "question":
        if slot.question.kind != "yesno":
            return [_error("这一题不是「是/否」题，请直接回答。")]
        return _store(q, st, slot, YesNoAnswer(value=yes), now)
    group = slot.question
    notes: list[Reply] = []
    if slot.role == "entry":
        existing = st.answers.get(group.id)
        if yes and existing is None:
            st.answers = with_new_item(st, group)
            _unskip(st, slot.path)
        elif not yes:
            if isinstance(existing, GroupAnswer) and existing.items:
                notes.append(_info(f"已删除已填的 {len(existing.items)} 项{group.item_name}。"))
            _drop_group(st, group.id)
            if slot.path not in st.skipped:
                st.skipped.append(slot.path)
    elif yes:
        st.answers = with_new_item(st, group)
        if group.id in st.closed_groups:
            st.closed_groups.remove(group.id)
    elif group.id not in st.closed_groups:
        st.closed_groups.append(group.id)
    return [*notes, *_advance(q, st, slot, now)]


def _drop_group(st: InterviewState, group_id: str) -> None:
    st.answers.pop(group_id, None)
    st.skipped = [p for p in st.skipped if not p.startswith(f"{group_id}#")]
    if group_id in st.closed_groups:
        st.closed_groups.remove(group_id)


def _store(q: Questionnaire, st: InterviewState, slot: Slot, answer: Answer, now: datetime) -> list[Reply]:
    st.answers = with_answer(st, slot, answer)
    _seed_groups(q, st, slot)
    _unskip(st, slot.path)
    return _advance(q, st, slot, now)


def _multi_answer(question: Question, picks: list[str]) -> MultiAnswer:
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


def _seed_groups(q: Questionnaire, st: InterviewState, slot: Slot) -> None:
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


def _unskip(st: InterviewState, path: str) -> None:
    if path in st.skipped:
        st.skipped.remove(path)


def _advance(q: Questionnaire, st: InterviewState, settled: Slot, now: datetime) -> list[Reply]:
    """Move on: first open question of the same group item, then back where the clerk was (修改),
    else the first open question of the checklist."""
    if st.pending_path == settled.path:
        st.pending, st.pending_path = [], None
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
    return _show(q, st, target, now)


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


# --- replies -------------------------------------------------------------------------------------


def _draft_requested(q: Questionnaire, st: InterviewState) -> Reply:
    missing = missing_required(q, st)
    text = "好的，正在生成总结草稿。"
    if missing:
        text += f"还有 {len(missing)} 个必填项没写（{'、'.join(missing[:5])}），草稿里会先留出空位。"
    return Reply(kind="draft_requested", text=text)


def _info(text: str) -> Reply:
    return Reply(kind="info", text=text)


def _error(text: str) -> Reply:
    return Reply(kind="error", text=text)


def set_choice(questionnaire: Questionnaire, state: InterviewState, question_id: str, choice: str) -> InterviewState:
    """The state with a top-level choice answered directly: the adapters' /genre, like /layout.

    The choice must be one of the question's listed choices (ValueError otherwise); the
    cursor stays where the clerk was, so the interview goes on as before.
    """
    question = questionnaire.question(question_id)
    if question.kind != "choice" or choice not in question.choices:
        raise ValueError(f"{choice!r} is not a choice of {question_id!r}: {question.choices}")
    answers = {**state.answers, question_id: ChoiceAnswer(choice=choice)}
    skipped = [path for path in state.skipped if path != question_id]
    return state.model_copy(update={"answers": answers, "skipped": skipped, "turn": state.turn + 1})
