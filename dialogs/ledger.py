"""Every figure of a draft, in one ledger: which work item, what was counted, value, qualifier, unit.

A pure function of the questionnaire and the state, so drafting, a consistency check or a
later feature (last year's figures as this year's checklist) read the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dialogs.answers import Answer, FiguresAnswer, GroupAnswer, NumberAnswer, TextAnswer
from dialogs.checklist import effective_answers
from dialogs.questionnaire import Questionnaire
from dialogs.state import InterviewState


@dataclass(frozen=True)
class LedgerFigure:
    path: str  # the answer it came from: campaigns#0.details
    item: str  # the work item: campaigns#0 ("" for a figure outside a work item)
    kind: str  # the kind of work: 专项整治
    item_name: str  # the item's own name when it has one: 环境卫生
    what: str  # what was counted: 清运垃圾
    value: Decimal | None  # 80 (None: 多次, or a number the clerk masked as X)
    qualifier: str  # 多 / 余 / 近 / 以上 / 每周 …
    unit: str  # 车
    text: str  # as the clerk wrote it: 80多车


def ledger(questionnaire: Questionnaire, state: InterviewState) -> list[LedgerFigure]:
    """The figures of the answers that apply, in interview order."""
    answers = effective_answers(questionnaire, state)
    figures: list[LedgerFigure] = []
    for _, question in questionnaire.questions():
        answer = answers.get(question.id)
        if isinstance(answer, GroupAnswer):
            for index, item in enumerate(answer.items):
                name = item.get("name")
                item_name = name.text if isinstance(name, TextAnswer) else ""
                for sub_id, sub in item.items():
                    figures.extend(_figures(sub, f"{question.id}#{index}.{sub_id}", f"{question.id}#{index}", question.label, item_name))
        elif answer is not None:
            figures.extend(_figures(answer, question.id, "", question.label, ""))
    return figures


def _figures(answer: Answer, path: str, item: str, kind: str, item_name: str) -> list[LedgerFigure]:
    if isinstance(answer, FiguresAnswer):
        return [
            LedgerFigure(path, item, kind, item_name, f.what, f.value, f.qualifier, f.unit, f.text)
            for f in answer.items
            if f.text
        ]
    if isinstance(answer, NumberAnswer):
        qualifier = answer.prefix + "".join(ch for ch in answer.suffix if ch not in "十百千万亿")
        return [LedgerFigure(path, item, kind, item_name, kind, answer.magnitude(), qualifier, answer.unit, answer.display())]
    return []
