"""Facts nobody foresaw still reach the draft.

A template marks where each section's leftovers go (``{{ extras("publicity") }}``,
``{{ item_extras(c) }}``, ``{{ rest_extras("##") }}``). Only after the whole template
has rendered do we know what it used, so the marks are markers first and are
filled in afterwards with:

- the section's ``<section>_other`` list (「此外，一是……；二是……。」),
- answers the template never looked at, as 「标签：答案」 (a question added later),
- required facts still missing whose placeholder the template did not print.

Sections without a marker of their own (a section added to the YAML later) go to
the ``rest`` marker, each under its own heading.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from dialogs.answers import Answer, GroupAnswer
from dialogs.conditions import is_applicable
from dialogs.questionnaire import Question, Section
from drafting.prose.facts import PLACEHOLDER_PATTERN, FactBook, item_path, placeholder
from drafting.prose.phrasing import join_list
from drafting.prose.provenance import formula, sourced

_OPEN, _CLOSE = "\ue010", "\ue011"
_MARKER = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}")


def section_marker(section_id: str) -> str:
    return f"{_OPEN}section:{section_id}{_CLOSE}"


def item_marker(path: str) -> str:
    return f"{_OPEN}item:{path}{_CLOSE}"


def rest_marker(style: str) -> str:
    """``style`` is a heading prefix such as "##", or "@" for 「关于……：」 lead-ins."""
    return f"{_OPEN}rest:{style}{_CLOSE}"


def fill_extras(text: str, book: FactBook, shown_elsewhere: str = "") -> str:
    """Replace every marker in the rendered template with the leftovers it stands for.

    ``shown_elsewhere`` is the title and signature: a placeholder there is not repeated.
    """
    printed = {match[1] for match in PLACEHOLDER_PATTERN.finditer(text + shown_elsewhere)}
    placed = {m[1].removeprefix("section:") for m in _MARKER.finditer(text) if m[1].startswith("section:")}
    sections = {section.id: section for section in book.questionnaire.sections}
    done: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        kind, _, argument = match[1].partition(":")
        if match[1] in done:
            return ""
        done.add(match[1])
        if kind == "section" and argument in sections:
            return "\n".join(_section_lines(sections[argument], book, printed))
        if kind == "item":
            return "\n".join(_item_lines(argument, book, printed))
        if kind == "rest":
            return "\n".join(_rest_lines(argument, [s for s in sections.values() if s.id not in placed], book, printed))
        return ""

    return _MARKER.sub(replace, text)


def _rest_lines(style: str, sections: list[Section], book: FactBook, printed: set[str]) -> list[str]:
    lines: list[str] = []
    for section in sections:
        body = _section_lines(section, book, printed)
        if body:
            lines.append(f"@ {formula(f'关于{section.title}：', 'lead-in')}" if style == "@" else f"{style} {section.title}")
            lines.extend(body)
    return lines


def _section_lines(section: Section, book: FactBook, printed: set[str]) -> list[str]:
    lines: list[str] = []
    labelled: list[str] = []
    paths: list[str] = []
    for question in section.questions:
        answer = book.answers.get(question.id)
        if answer is None:
            if _missing_required(question, book, None) and question.id not in printed:
                labelled.append(placeholder(question.id, question.label))
                paths.append(question.id)
            continue
        if question.id in book.used:
            continue
        if isinstance(answer, GroupAnswer):
            lines.extend(_group_lines(question, answer, book))
        elif part := _labelled(question, answer, book):
            labelled.append(part)
            paths.append(question.id)
    if labelled:
        lines.append(sourced("；".join(labelled) + "。", paths))
    return [line for line in lines if line]


def _item_lines(path: str, book: FactBook, printed: set[str]) -> list[str]:
    group_id, _, index_text = path.partition("#")
    answer = book.answers.get(group_id)
    question = book.questions.get(group_id)
    if not isinstance(answer, GroupAnswer) or question is None or not index_text.isdigit():
        return []
    index = int(index_text)
    if index >= len(answer.items):
        return []
    item = answer.items[index]
    labelled: list[str] = []
    paths: list[str] = []
    for sub in question.questions:
        sub_path = item_path(group_id, index, sub.id)
        if sub.id not in item:
            if _missing_required(sub, book, item) and sub_path not in printed:
                labelled.append(placeholder(sub_path, sub.label))
                paths.append(sub_path)
        elif sub_path not in book.used and (part := _labelled(sub, item[sub.id], book)):
            labelled.append(part)
            paths.append(sub_path)
    return [sourced("；".join(labelled) + "。", paths)] if labelled else []


def _group_lines(question: Question, answer: GroupAnswer, book: FactBook) -> list[str]:
    lines = []
    for number, item in enumerate(answer.items, start=1):
        said = [(item_path(question.id, number - 1, sub.id), part) for sub in question.questions if sub.id in item and (part := _labelled(sub, item[sub.id], book))]
        if said:
            text = f"{question.item_name}{number}：" + "；".join(part for _, part in said) + "。"
            lines.append(sourced(text, [path for path, _ in said]))
    return lines


def _labelled(question: Question, answer: Answer, book: FactBook) -> str:
    """「标签：答案」, or "" when nothing is left of the answer after tidying."""
    value = _plain(book.display(answer))
    return f"{question.label}：{value}" if value else ""


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return join_list(value)
    return "" if value is None else str(value)


def _missing_required(question: Question, book: FactBook, item: dict[str, Answer] | None) -> bool:
    return question.required and is_applicable(question, book.answers, item)


TemplateHelper = Callable[..., str]
HELPERS: dict[str, TemplateHelper] = {
    "extras": section_marker,
    "item_extras": lambda view: item_marker(view.path),
    "rest_extras": rest_marker,
}
