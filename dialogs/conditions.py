"""Which questions apply, given the answers so far. Shared by the engine and drafting.

An answer to a question that no longer applies (the clerk went back and changed
「是否设立办公室」 to 否) stays stored but is ignored: the engine does not ask it and
drafting does not print it.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from dialogs.answers import (
    Answer,
    ChoiceAnswer,
    GroupAnswer,
    MultiAnswer,
    TextAnswer,
    YesNoAnswer,
)
from dialogs.questionnaire import Condition, Question

Answers = Mapping[str, Answer]


def is_applicable(question: Question, answers: Answers, item: Answers | None = None) -> bool:
    """True when every ``when`` condition holds; ``item`` is the current group item's answers."""
    return all(condition_holds(c, answers, item) for c in question.when)


def condition_holds(condition: Condition, answers: Answers, item: Answers | None = None) -> bool:
    answer = _lookup(condition.question, answers, item)
    if condition.answered is not None:
        return (answer is not None) == condition.answered
    if condition.other is not None:
        return (isinstance(answer, MultiAnswer) and bool(answer.others)) == condition.other
    if condition.not_in is not None:
        # Nothing answered excludes nothing: asked unless the answer is one of these.
        return answer is None or not any(value in condition.not_in for value in _comparable_values(answer))
    if answer is None:
        return False
    if condition.equals is not None:
        return condition.equals in _comparable_values(answer)
    assert condition.in_ is not None  # Condition validates that exactly one test is set
    return any(value in condition.in_ for value in _comparable_values(answer))


def _lookup(question_id: str, answers: Answers, item: Answers | None) -> Answer | None:
    if item is not None and question_id in item:
        return item[question_id]
    return answers.get(question_id)


def _comparable_values(answer: Answer) -> list[str | bool]:
    if isinstance(answer, YesNoAnswer):
        return [answer.value]
    if isinstance(answer, ChoiceAnswer):
        return [answer.choice]
    if isinstance(answer, MultiAnswer):
        return list(answer.items)
    if isinstance(answer, TextAnswer):
        return [answer.text]
    return []


def effective_answers(questions: Iterable[Question], answers: Answers) -> dict[str, Answer]:
    """The answers that count: those of applicable questions, group items filtered likewise.

    Conditions are evaluated in questionnaire order against the answers kept so far,
    so a chain (C depends on B depends on A) collapses when A changes.
    """
    kept: dict[str, Answer] = {}
    for question in questions:
        answer = answers.get(question.id)
        if answer is None or not is_applicable(question, kept):
            continue
        if isinstance(answer, GroupAnswer):
            answer = GroupAnswer(items=[_effective_item(question, item, kept) for item in answer.items])
        kept[question.id] = answer
    return kept


def _effective_item(group: Question, item: Answers, answers: Answers) -> dict[str, Answer]:
    kept: dict[str, Answer] = {}
    for sub in group.questions:
        if sub.id in item and is_applicable(sub, answers, kept):
            kept[sub.id] = item[sub.id]
    return kept
