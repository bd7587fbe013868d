"""The interview engine: a pure step (questionnaire, state, input, now) -> (state, replies).

No I/O, no clock, no randomness: adapters pass ``now`` in and render the Reply values.
The next question is the first open slot of the checklist (dialogs.checklist), so 上一步
moves the cursor without erasing anything and 修改 N returns to where the clerk was.

This module reads a message or button into a command and dispatches it; the work is
done by dialogs.answering (answers, 跳过, 完成), dialogs.navigation (上一步, 修改 N),
dialogs.storing (keeping an answer and moving on) and dialogs.showing (the question
on screen and the plain replies).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from dialogs import checking
from dialogs.answering import done, keep, picked, picked_period, skip, typed, yes_no
from dialogs.answers import ChoiceAnswer
from dialogs.checklist import next_open
from dialogs.navigation import back, edit
from dialogs.parsing import clean_text
from dialogs.periods import pressed
from dialogs.questionnaire import Questionnaire
from dialogs.replies import Input, Reply
from dialogs.review import render_review
from dialogs.showing import (
    ALL_ANSWERED,
    current,
    draft_requested,
    error,
    info,
    show_current,
)
from dialogs.state import InterviewState

STALE_TEXT = "这个按钮已过期，请回答最新的问题。"
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


def start(questionnaire: Questionnaire, state: InterviewState, now: datetime) -> tuple[InterviewState, list[Reply]]:
    """Show the current question: for a new draft, and when the clerk comes back."""
    work = _working_copy(state)
    replies: list[Reply] = []
    if state.answers and next_open(questionnaire, state) is not None:
        replies.append(info("欢迎回来，我们接着上次的地方继续。"))
    if checking.is_open(questionnaire, work):
        replies.extend(checking.show(questionnaire, work))
    else:
        replies.extend(show_current(questionnaire, work, now))
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
            "sources": dict(state.sources),
            "recheck": list(state.recheck),
            # The 核对 records its decisions in place: only a draft that started from an
            # earlier one pays for this copy.
            "carry": state.carry.model_copy(deep=True) if state.carry is not None else None,
        }
    )


def _finish(before: InterviewState, after: InterviewState, replies: list[Reply]) -> tuple[InterviewState, list[Reply]]:
    """Count a turn when anything changed, so buttons shown before it become stale."""
    if after != before:  # the turn is still equal here, so this compares everything else
        after.turn = before.turn + 1
    else:
        after = before
    return after, [reply.model_copy(update={"turn": after.turn}) for reply in replies]


def asks_where(text: str) -> bool:
    """Whether ``text`` only asks to be shown where the clerk is (「继续」): it stores nothing."""
    return _parse_command(clean_text(text))[0] == "resume"


def _parse_command(text: str) -> tuple[str, str]:
    normal = unicodedata.normalize("NFKC", text).strip().strip("。！!")
    if normal in _COMMANDS:
        return _COMMANDS[normal], ""
    number = _EDIT.match(normal)
    if number:
        return "edit", number.group(1)
    return "", ""


def _dispatch(q: Questionnaire, st: InterviewState, command: str, argument: str, now: datetime) -> list[Reply]:
    if command == "pause":
        return [Reply(kind="paused", text="已为您保存。随时回来，回复「继续」就能接着填写。")]
    if command == "help":
        return [info(HELP_TEXT)]
    if command == "review":
        return [Reply(kind="review", text=render_review(q, st))]
    if command == "draft":
        return [draft_requested(q, st)]
    if checking.is_open(q, st):
        if command == "resume":
            return checking.show(q, st)
        return checking.handle(q, st, command, argument, now)
    if command == "resume":
        return show_current(q, st, now)
    if command == "edit":
        return edit(q, st, int(argument), now)
    slot = current(q, st)
    if slot is None:
        return [info(ALL_ANSWERED)]
    if command == "back":
        return back(q, st, slot, now)
    if command == "skip":
        return skip(q, st, slot, now)
    if command == "done":
        return done(q, st, slot, now)
    if command == "none":
        return typed(q, st, slot, "没有", now)
    if command in ("yes", "no"):
        return yes_no(q, st, slot, command == "yes", now)
    if command == "answer":
        return typed(q, st, slot, argument, now)
    if command == "keep":
        return keep(q, st, slot, now)
    period = pressed(command)
    if period is not None:
        return picked_period(q, st, slot, period, now)
    pick = _PICK.match(command)
    if pick:
        return picked(q, st, slot, pick.group(1), int(pick.group(2)), now)
    return [error("这个按钮用不了了，请回答最新的问题。")]


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
