"""Answers as the draft's facts: typed answers become text, and every look-up is recorded.

The wording reads ``facts.targets`` and gets 「全国文明城市」; it never sees an answer model.
What was looked up is recorded so that answers no wording used (a question added to the
YAML later, the ``<section>_other`` lists) can still be printed under their own section
(see drafting.prose.leftovers). A required fact not answered yet comes back as a
``Placeholder`` (its path and label); optional missing facts come back as None.
"""

from __future__ import annotations

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
from drafting.document import Placeholder
from drafting.prose.phrasing import date_text, figure, is_missing, year_text
from drafting.prose.typography import tidy_item, tidy_text

YEAR_ID = "year"  # questionnaire 1
PERIOD_ID = "period"
def item_path(group_id: str, index: int, sub_id: str | None = None) -> str:
    """Paths as the engine writes them: campaigns#0, campaigns#0.theme."""
    base = f"{group_id}#{index}"
    return f"{base}.{sub_id}" if sub_id else base


@dataclass
class FactBook:
    """The effective answers of one interview and the record of what the wording used."""

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
        """The wording-facing value of one answer (or a Placeholder / None when absent)."""
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
        if self.is_required(question, scope, item):
            fact = Placeholder(path=path, label=question.label)
            return [fact] if question.kind in ("list", "multi") else fact
        return [] if question.kind == "group" else None

    @staticmethod
    def is_required(question: Question, scope: Mapping[str, Answer], item: Mapping[str, Answer] | None = None) -> bool:
        """A fact the document cannot do without, asked here (yes/no and groups never are)."""
        return question.required and question.kind not in ("yesno", "group") and is_applicable(question, scope, item)

    def missing(self) -> list[Placeholder]:
        """Every required fact not given (or typed as nothing, 「。」), in interview order."""
        found = []
        for question in self.questions.values():
            if self.is_required(question, self.answers) and _nothing(self.display(self.answers[question.id]) if question.id in self.answers else None):
                found.append(Placeholder(path=question.id, label=question.label))
        return found

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
    """``facts.<question id>``: the top level, or one group item (``item.theme``)."""

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


def _nothing(shown: Any) -> bool:
    return not isinstance(shown, bool) and is_missing(shown)
