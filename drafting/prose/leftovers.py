"""Facts nobody foresaw still reach the draft, under their own section.

Only after the whole draft is worded do we know which answers the wording used
(drafting.prose.facts records every look-up). The answers left over — a question added to
the YAML later, a ``<section>_other`` list — are said plainly, 「标签：答案」, each group
item as 「会议1：……」, and placed by the layout under the part of their own section
(drafting.prose.layout). A required fact still missing is not said here: the draft shows
it where its wording uses it, and the chat lists it (Document.missing).
"""

from __future__ import annotations

from typing import Any

from dialogs.answers import Answer, GroupAnswer
from dialogs.questionnaire import Question, Section
from drafting.prose.facts import FactBook, item_path
from drafting.prose.phrasing import join_list
from drafting.prose.provenance import Sourced, sourced
from drafting.prose.wording import Words


def leftovers(section: Section, book: FactBook, words: Words) -> list[Sourced]:
    """The section's answers no wording used, one paragraph each: a line per group item,
    then the other answers together as 「标签：答案；标签：答案。」."""
    lines: list[Sourced] = []
    labelled: list[str] = []
    paths: list[str] = []
    for question in section.questions:
        answer = book.answers.get(question.id)
        if answer is None or question.id in book.used:
            continue
        if isinstance(answer, GroupAnswer):
            lines.extend(_group_lines(question, answer, book, words))
        elif part := _labelled(question, answer, book, words):
            labelled.append(part)
            paths.append(question.id)
    together = sourced("；".join(labelled) + "。", paths) if labelled else None
    return [*lines, *([together] if together else [])]


def _group_lines(question: Question, answer: GroupAnswer, book: FactBook, words: Words) -> list[Sourced]:
    lines = []
    for number, item in enumerate(answer.items, start=1):
        said = [(item_path(question.id, number - 1, sub.id), part) for sub in question.questions if sub.id in item and (part := _labelled(sub, item[sub.id], book, words))]
        if said and (line := sourced(f"{question.item_name}{number}：" + "；".join(part for _, part in said) + "。", [path for path, _ in said])):
            lines.append(line)
    return lines


def _labelled(question: Question, answer: Answer, book: FactBook, words: Words) -> str:
    """「标签：答案」, or "" when nothing is left of the answer after tidying."""
    value = _plain(book.display(answer), words)
    return f"{question.label}：{value}" if value else ""


def _plain(value: Any, words: Words) -> str:
    if isinstance(value, bool):
        return words.answered_yes if value else words.answered_no
    if isinstance(value, list):
        return join_list(value)
    return "" if value is None else str(value)
