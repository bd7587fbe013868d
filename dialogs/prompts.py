"""How a slot is put to the clerk: the question Reply with its example, progress line and buttons."""

from __future__ import annotations

from datetime import datetime

from dialogs.answers import GroupAnswer, TextAnswer
from dialogs.checklist import Slot, answer_at, is_settled, iter_slots
from dialogs.periods import period_choices
from dialogs.questionnaire import Questionnaire, UnitTerms
from dialogs.replies import Button, Reply
from dialogs.review import describe_answer
from dialogs.state import InterviewState
from dialogs.wording import in_unit_words, signer_suggestions, unit_terms

CHOICES_PER_ROW = 2

SKIP = Button(label="跳过", action="skip")
BACK = Button(label="上一步", action="back")
PAUSE = Button(label="暂停", action="pause")
DONE = Button(label="完成", action="done")
NONE = Button(label="都没有", action="none")
YES_NO = [Button(label="是", action="yes"), Button(label="否", action="no")]
KEEP = Button(label="日期没错", action="keep")


def progress_line(questionnaire: Questionnaire, state: InterviewState, slot: Slot) -> str:
    """「宣传发动 · 已答 12 题，还剩约 8 题」: what remains of the work the clerk chose.

    A count of what is left does not jump backwards when a kind of work is chosen (a
    「第 n / total」 line would: the total grows while n stays), it only grows by the
    questions the clerk just asked for.
    """
    counted = [s for s in iter_slots(questionnaire, state) if s.counts]
    settled = sum(1 for s in counted if is_settled(state, s))
    remaining = len(counted) - settled
    return f"{slot.section.title} · 已答 {settled} 题，还剩 {remaining} 题"


def can_skip(slot: Slot, state: InterviewState) -> bool:
    """Optional questions, defaults and already-answered ones (跳过 keeps the answer)."""
    if slot.role == "more":
        return False
    if slot.role == "entry":
        return True
    return (not slot.question.required) or slot.question.default is not None or answer_at(state, slot) is not None


def item_title(slot: Slot, state: InterviewState) -> str:
    """【专项整治 第2项：占道经营】: the item's name when it has one, so the clerk knows which."""
    if slot.group is None or slot.index is None:
        return ""
    name = ""
    answer = state.answers.get(slot.group.id)
    if isinstance(answer, GroupAnswer) and slot.index < len(answer.items):
        first = answer.items[slot.index].get("name")
        if isinstance(first, TextAnswer) and slot.question.id != "name":
            name = f"：{first.text}"
    return f"【{slot.group.item_name} 第{slot.index + 1}项{name}】"


def question_text(slot: Slot, state: InterviewState, now: datetime, terms: UnitTerms | None = None, suggestions: list[str] | None = None) -> str:
    question = slot.question
    say = (lambda text: in_unit_words(text, terms)) if terms is not None else (lambda text: text)
    lines: list[str] = []
    if slot.role == "entry":
        lines.append(say(question.prompt))
    elif slot.role == "more":
        lines.append(say(question.more_prompt))
    else:
        title = item_title(slot, state)
        if title:
            lines.append(title)
        lines.append(say(question.prompt))
        if suggestions:
            lines.append("可选：" + "；".join(f"{n}. {text}" for n, text in enumerate(suggestions, start=1)))
        elif question.example:
            lines.append(f"例如：{say(question.example)}")
        # Said once: only when neither the prompt nor the hint already says what 跳过 does.
        if question.default is not None and "跳过" not in question.prompt + question.hint:
            lines.append(f"直接点「跳过」就用「{question.default}」。")
        if state.carry is not None and slot.path in state.carry.last_year:
            lines.append(f"去年：{state.carry.last_year[slot.path]}")
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
        if slot.question.kind == "list" and state.replace_path != slot.path:
            lines.append("发送的内容会加在已有各条后面，点「跳过」保持不变。")
        else:
            lines.append("发送新答案即可修改，点「跳过」保持不变。")
    if pending:
        lines.append(f"已记下 {len(pending)} 条，继续发送或回复「完成」。")
    return lines


def answer_buttons(slot: Slot, state: InterviewState, now: datetime, suggestions: list[str] | None = None) -> list[list[Button]]:
    question = slot.question
    if slot.role in ("entry", "more") or question.kind == "yesno":
        return [list(YES_NO)]
    if suggestions:
        return [[Button(label=text, action=f"g{i}")] for i, text in enumerate(suggestions)]
    if question.kind == "period":  # each button shows, and carries, its year
        return _rows([Button(label=choice.label, action=choice.action) for choice in period_choices(question, now)])
    if question.kind == "choice":
        buttons = [Button(label=c, action=f"c{i}") for i, c in enumerate(question.choices)]
        return _rows(buttons)
    if question.kind == "multi":
        picked = state.pending if state.pending_path == slot.path else []
        buttons = [
            Button(label=f"✅{c}" if c in picked else c, action=f"t{i}") for i, c in enumerate(question.choices)
        ]
        last = [DONE] if question.required else [DONE, NONE]
        return [*_rows(buttons), last]
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
    terms = unit_terms(questionnaire, state.answers)
    suggestions = suggestions_for(questionnaire, state, slot)
    return Reply(
        kind="question",
        text=question_text(slot, state, now, terms, suggestions),
        hint=in_unit_words(slot.question.hint, terms) if slot.role == "question" else "",
        progress=progress_line(questionnaire, state, slot),
        buttons=[*answer_buttons(slot, state, now, suggestions), navigation_row(slot, state, has_previous)],
    )


def confirm_reply(questionnaire: Questionnaire, state: InterviewState, slot: Slot, now: datetime, text: str, has_previous: bool) -> Reply:
    """The question again, asking once whether an answer that looks wrong is meant (「日期没错」)."""
    asked = question_reply(questionnaire, state, slot, now, has_previous)
    return asked.model_copy(update={"text": f"{text}\n{asked.text}", "buttons": [[KEEP], *asked.buttons]})


def suggestions_for(questionnaire: Questionnaire, state: InterviewState, slot: Slot) -> list[str]:
    """Answers offered as buttons, worked out from earlier answers (the signing body)."""
    if slot.role != "question" or slot.question.suggest != "signer":
        return []
    return signer_suggestions(questionnaire, state.answers)


def _rows(buttons: list[Button]) -> list[list[Button]]:
    return [buttons[i : i + CHOICES_PER_ROW] for i in range(0, len(buttons), CHOICES_PER_ROW)]
