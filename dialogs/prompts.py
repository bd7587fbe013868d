"""How a slot is put to the clerk: the question Reply with its example, progress line and buttons."""

from __future__ import annotations

from datetime import datetime

from dialogs.checklist import Slot, answer_at, is_settled, iter_slots
from dialogs.questionnaire import Questionnaire
from dialogs.replies import Button, Reply
from dialogs.review import describe_answer
from dialogs.state import InterviewState

CURRENT_YEAR = "current_year"
CHOICES_PER_ROW = 2

SKIP = Button(label="跳过", action="skip")
BACK = Button(label="上一步", action="back")
PAUSE = Button(label="暂停", action="pause")
DONE = Button(label="完成", action="done")
YES_NO = [Button(label="是", action="yes"), Button(label="否", action="no")]


def progress_line(questionnaire: Questionnaire, state: InterviewState, slot: Slot) -> str:
    """「宣传发动 · 第 23 / 92 题」: the slot's place among the questions that apply now."""
    counted = [s for s in iter_slots(questionnaire, state) if s.counts]
    paths = [s.path for s in counted]
    if slot.path in paths:
        number = paths.index(slot.path) + 1
    else:  # 「再添加一项？」 sits after the questions already settled
        number = min(sum(1 for s in counted if is_settled(state, s)) + 1, len(counted))
    return f"{slot.section.title} · 第 {number} / {len(counted)} 题"


def can_skip(slot: Slot, state: InterviewState) -> bool:
    """Optional questions, defaults and already-answered ones (跳过 keeps the answer)."""
    if slot.role == "more":
        return False
    if slot.role == "entry":
        return True
    return (not slot.question.required) or slot.question.default is not None or answer_at(state, slot) is not None


def question_text(slot: Slot, state: InterviewState, now: datetime) -> str:
    question = slot.question
    lines: list[str] = []
    if slot.role == "entry":
        lines.append(question.prompt)
    elif slot.role == "more":
        lines.append(question.more_prompt)
    else:
        if slot.group is not None and slot.index is not None:
            lines.append(f"【{slot.group.item_name} 第{slot.index + 1}项】")
        lines.append(question.prompt)
        if question.example:
            lines.append(f"例如：{question.example}")
        if question.default == CURRENT_YEAR:
            lines.append(f"直接点「跳过」则为 {now.year} 年。")
        lines.extend(_state_lines(slot, state))
    return "\n".join(lines)


def _state_lines(slot: Slot, state: InterviewState) -> list[str]:
    """What is already there: the stored answer, items typed so far, picks made so far."""
    lines: list[str] = []
    answer = answer_at(state, slot)
    pending = state.pending if state.pending_path == slot.path else []
    if slot.question.kind == "multi":
        if pending:
            lines.append(f"已选：{'、'.join(pending)}。选好后点「完成」。")
        return lines
    if answer is not None:
        lines.append(f"当前答案：{describe_answer(answer)}")
        lines.append("发送新答案即可修改，点「跳过」保持不变。")
    if pending:
        lines.append(f"已记下 {len(pending)} 条，继续发送或回复「完成」。")
    return lines


def answer_buttons(slot: Slot, state: InterviewState) -> list[list[Button]]:
    question = slot.question
    if slot.role in ("entry", "more") or question.kind == "yesno":
        return [list(YES_NO)]
    if question.kind == "choice":
        buttons = [Button(label=c, action=f"c{i}") for i, c in enumerate(question.choices)]
        return _rows(buttons)
    if question.kind == "multi":
        picked = state.pending if state.pending_path == slot.path else []
        buttons = [
            Button(label=f"✅{c}" if c in picked else c, action=f"t{i}") for i, c in enumerate(question.choices)
        ]
        return [*_rows(buttons), [DONE]]
    if question.kind == "list":
        return [[DONE]]
    return []


def navigation_row(slot: Slot, state: InterviewState, has_previous: bool) -> list[Button]:
    row: list[Button] = []
    if can_skip(slot, state):
        row.append(SKIP)
    if has_previous:
        row.append(BACK)
    row.append(PAUSE)
    return row


def question_reply(
    questionnaire: Questionnaire, state: InterviewState, slot: Slot, now: datetime, has_previous: bool
) -> Reply:
    return Reply(
        kind="question",
        text=question_text(slot, state, now),
        hint=slot.question.hint if slot.role == "question" else "",
        progress=progress_line(questionnaire, state, slot),
        buttons=[*answer_buttons(slot, state), navigation_row(slot, state, has_previous)],
    )


def _rows(buttons: list[Button]) -> list[list[Button]]:
    return [buttons[i : i + CHOICES_PER_ROW] for i in range(0, len(buttons), CHOICES_PER_ROW)]
