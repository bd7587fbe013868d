"""查看: every answer grouped by section, numbered so 「修改 N」 points at exactly one of them."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.answers import (
    Answer,
    ChoiceAnswer,
    DateAnswer,
    FiguresAnswer,
    GroupAnswer,
    ListAnswer,
    MultiAnswer,
    NumberAnswer,
    PeriodAnswer,
    TextAnswer,
    YesNoAnswer,
)
from dialogs.checklist import Slot, answer_at, iter_slots
from dialogs.questionnaire import Questionnaire
from dialogs.state import InterviewState

SKIPPED_MARK = "（已跳过）"
# Where an answer came from when it is not this year's (state.sources): said after it in 查看.
SOURCE_MARKS = {"carried": "（沿用去年）", "imported": "（取自导入的文件）"}


@dataclass(frozen=True)
class ReviewEntry:
    number: int
    slot: Slot
    text: str  # the answer as the clerk will read it


def describe_answer(answer: Answer) -> str:
    """An answer as one short line of Chinese."""
    if isinstance(answer, TextAnswer):
        return answer.text
    if isinstance(answer, (NumberAnswer, DateAnswer, FiguresAnswer, PeriodAnswer)):
        return answer.display()
    if isinstance(answer, ChoiceAnswer):
        return answer.choice
    if isinstance(answer, YesNoAnswer):
        return "是" if answer.value else "否"
    if isinstance(answer, (MultiAnswer, ListAnswer)):
        return "；".join(answer.items) or "没有"
    if isinstance(answer, GroupAnswer):
        return f"共 {len(answer.items)} 项"
    return ""


def review_entries(questionnaire: Questionnaire, state: InterviewState) -> list[ReviewEntry]:
    """Answered or skipped slots that apply, numbered from 1 in interview order."""
    entries: list[ReviewEntry] = []
    for slot in iter_slots(questionnaire, state):
        if slot.role == "more":
            continue
        if slot.role == "entry":
            # A group the clerk said 「没有」 to stays editable; a started one is edited item by item.
            if slot.path in state.skipped:
                entries.append(ReviewEntry(len(entries) + 1, slot, SKIPPED_MARK))
            continue
        answer = answer_at(state, slot)
        if answer is not None:
            came_from = SOURCE_MARKS.get(state.sources.get(slot.path, "answer"), "")
            entries.append(ReviewEntry(len(entries) + 1, slot, describe_answer(answer) + came_from))
        elif slot.path in state.skipped:
            entries.append(ReviewEntry(len(entries) + 1, slot, SKIPPED_MARK))
    return entries


def _item_name(state: InterviewState, slot: Slot) -> str:
    """「：环境卫生」 when the work item has a name, so 查看 groups by work item."""
    group = state.answers.get(slot.group.id) if slot.group is not None else None
    if not isinstance(group, GroupAnswer) or slot.index is None or slot.index >= len(group.items):
        return ""
    name = group.items[slot.index].get("name")
    return f"：{name.text}" if isinstance(name, TextAnswer) else ""


def render_review(questionnaire: Questionnaire, state: InterviewState) -> str:
    """The 查看 message: section titles, group items, numbered answers, how to edit."""
    entries = review_entries(questionnaire, state)
    if not entries:
        return "还没有填写任何内容。"
    lines: list[str] = ["目前填写的内容如下："]
    current_section = ""
    current_item = ""
    for entry in entries:
        slot = entry.slot
        if slot.section.id != current_section:
            current_section, current_item = slot.section.id, ""
            lines.append(f"\n【{slot.section.title}】")
        if slot.group is not None and slot.index is not None:
            item_title = f"{slot.group.item_name} 第{slot.index + 1}项{_item_name(state, slot)}"
            if item_title != current_item:
                current_item = item_title
                lines.append(f"  {item_title}：")
            lines.append(f"    {entry.number}. {slot.question.label}：{entry.text}")
        else:
            lines.append(f"{entry.number}. {slot.question.label}：{entry.text}")
    lines.append("\n要改哪一项，就回复「修改 序号」，例如「修改 3」。")
    return "\n".join(lines)
