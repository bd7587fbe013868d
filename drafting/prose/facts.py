"""Answers as template facts: typed answers become text, and every look-up is recorded.

A template reads ``a.slogans`` and gets 「12条」; it never sees an answer model.
What the template looked up is recorded so that answers it never used (a question
added to the YAML later, the ``<section>_other`` lists) can still be printed at the
end of their section (see drafting.prose.extras). A required fact not answered yet comes
back as a placeholder marker; optional missing facts come back as None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

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
from dialogs.conditions import is_applicable
from dialogs.questionnaire import Question, Questionnaire
from drafting.prose.phrasing import date_text, figure, is_missing, year_text
from drafting.prose.typography import tidy_item, tidy_text

YEAR_ID = "year"  # questionnaire 1
PERIOD_ID = "period"
PLACEHOLDER_OPEN, PLACEHOLDER_SEP, PLACEHOLDER_CLOSE = "\ue000", "\ue001", "\ue002"
PLACEHOLDER_PATTERN = re.compile(f"{PLACEHOLDER_OPEN}([^{PLACEHOLDER_SEP}]*){PLACEHOLDER_SEP}([^{PLACEHOLDER_CLOSE}]*){PLACEHOLDER_CLOSE}")


def placeholder(path: str, label: str) -> str:
    """A marker the renderer turns into a highlighted 【待补充：label】 span."""
    return f"{PLACEHOLDER_OPEN}{path}{PLACEHOLDER_SEP}{label}{PLACEHOLDER_CLOSE}"


def placeholder_text(label: str) -> str:
    return f"【待补充：{label}】"


def markers_as_text(text: str) -> str:
    """Placeholder markers written out as 【待补充：……】 (for plain strings such as the title)."""
    return PLACEHOLDER_PATTERN.sub(lambda match: placeholder_text(match[2]), text)


def item_path(group_id: str, index: int, sub_id: str | None = None) -> str:
    """Paths as the engine writes them: campaigns#0, campaigns#0.theme."""
    base = f"{group_id}#{index}"
    return f"{base}.{sub_id}" if sub_id else base


@dataclass
class FactBook:
    """The effective answers of one interview and the record of what a template used."""

    questionnaire: Questionnaire
    answers: Mapping[str, Answer]
    used: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.questions: dict[str, Question] = {q.id: q for _, q in self.questionnaire.questions()}
        period = self.answers.get(PERIOD_ID)
        self.year: int | None = period.year if isinstance(period, PeriodAnswer) else _year_of(self.answers.get(YEAR_ID))

    def view(self) -> "FactView":
        return FactView(self, self.questions, self.answers, prefix="")

    def value(self, question: Question, answer: Answer | None, path: str, scope: Mapping[str, Answer], item: Mapping[str, Answer] | None) -> Any:
        """The template-facing value of one answer (or placeholder / None when absent)."""
        if isinstance(answer, GroupAnswer):
            return [
                FactView(self, {q.id: q for q in question.questions}, item_answers, prefix=item_path(question.id, index), item=item_answers)
                for index, item_answers in enumerate(answer.items)
            ]
        if answer is not None:
            shown = year_text(answer) if isinstance(answer, NumberAnswer) and question.id == YEAR_ID else self.display(answer)
            if isinstance(shown, bool) or not is_missing(shown):
                return shown
            # Typed but nothing left after tidying (「。」): as good as unanswered.
        required = question.required and is_applicable(question, scope, item)
        if required and question.kind not in ("yesno", "group"):
            marker = placeholder(path, question.label)
            return [marker] if question.kind in ("list", "multi") else marker
        return [] if question.kind == "group" else None

    def display(self, answer: Answer) -> Any:
        """Text for scalars, a list of tidy items for lists, a bool for yes/no."""
        if isinstance(answer, TextAnswer):
            return tidy_text(answer.text) or None
        if isinstance(answer, NumberAnswer):
            return figure(answer)
        if isinstance(answer, ChoiceAnswer):
            return tidy_text(answer.choice) or None
        if isinstance(answer, (ListAnswer, MultiAnswer)):
            return [item for item in (tidy_item(text) for text in answer.items) if item]
        if isinstance(answer, YesNoAnswer):
            return answer.value
        if isinstance(answer, DateAnswer):
            return date_text(answer, self.year) or None
        if isinstance(answer, FiguresAnswer):
            return tidy_text(answer.display()) or None
        if isinstance(answer, PeriodAnswer):
            return answer.display() or None
        raise TypeError(f"no display for {type(answer).__name__}")


class FactView:
    """``a.<question id>`` in templates: the top level, or one group item (``c.theme``)."""

    def __init__(self, book: FactBook, questions: Mapping[str, Question], answers: Mapping[str, Answer], prefix: str, item: Mapping[str, Answer] | None = None) -> None:
        self._book = book
        self._questions = questions
        self._answers = answers
        self._prefix = prefix
        self._item = item

    @property
    def path(self) -> str:
        """campaigns#0 for an item view; "" at the top level."""
        return self._prefix

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        question = self._questions.get(name)
        if question is None:
            return None  # a question removed from the YAML: its sentence simply vanishes
        path = f"{self._prefix}.{name}" if self._prefix else name
        self._book.used.add(path)
        scope = self._book.answers
        return self._book.value(question, self._answers.get(name), path, scope, self._item)


def _year_of(answer: Answer | None) -> int | None:
    if isinstance(answer, NumberAnswer) and answer.value == answer.value.to_integral_value():
        return int(answer.value)
    return None
