"""Answers -> Document: the one public entry point of drafting.

    effective answers -> facts (typed answers as text, look-ups recorded)
    -> Jinja template of the layout (line markup, headings without numbers)
    -> leftovers filled in (section extras) -> blocks -> empty headings dropped
    -> headings numbered -> Document

Pure: no clock and no I/O apart from reading the templates once (cached).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from dialogs.conditions import effective_answers
from dialogs.questionnaire import Questionnaire
from dialogs.state import InterviewState
from drafting import extras, phrasing
from drafting.document import Document
from drafting.facts import PLACEHOLDER_PATTERN, FactBook, FactView, markers_as_text
from drafting.layouts import DEFAULT_LAYOUT, template_name, title_for
from drafting.markup import drop_empty_headings, number_headings, parse_blocks
from drafting.placeholders import marker_spans

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
PROBLEM_SENTENCES_FILE = TEMPLATES_DIR / "problems.yaml"


def render_document(questionnaire: Questionnaire, state: InterviewState, layout: str = DEFAULT_LAYOUT) -> Document:
    """The draft of ``state`` in ``layout``; required facts not yet given become 【待补充：……】."""
    template = _environment().get_template(template_name(layout))
    answers = effective_answers([question for _, question in questionnaire.questions()], state.answers)
    book = FactBook(questionnaire, answers)
    facts = book.view()
    # Read before rendering so the title and signature facts count as used.
    unit_name = str(facts.unit_name or "")
    year = str(facts.year or "")
    sign_date = str(facts.sign_date or "")
    title_markup = title_for(layout, unit_name, year)
    body = template.render(_context(facts))
    body = extras.fill_extras(body, book, shown_elsewhere=title_markup + sign_date)
    blocks = number_headings(drop_empty_headings(parse_blocks(body)))
    missing = {match[1] for text in (body, title_markup, sign_date) for match in PLACEHOLDER_PATTERN.finditer(text)}
    return Document(
        title=marker_spans(title_markup),
        blocks=blocks,
        signature_unit=marker_spans(unit_name),
        signature_date=marker_spans(sign_date),
        author=markers_as_text(unit_name),
        missing=len(missing),
    )


def _context(facts: FactView) -> dict[str, Any]:
    unit_type = facts.unit_type
    kind = unit_type if isinstance(unit_type, str) and not PLACEHOLDER_PATTERN.search(unit_type) else "单位"
    return {
        "a": facts,
        "we": f"我{kind}",  # 我乡 / 我镇 / 我街道
        "whole": f"全{kind}",  # 全乡 / 全镇
        "problem_list": problem_list,
        "concat": concat,
    }


def problem_list(*groups: Any) -> list[str]:
    """Chosen problem labels as their standard sentences, then the clerk's own lines."""
    sentences = _problem_sentences()
    return [sentences.get(item, item) for item in concat(*groups)]


def concat(*groups: Any) -> list[str]:
    """Several list facts (any of them missing) as one list."""
    joined: list[str] = []
    for group in groups:
        if isinstance(group, (list, tuple)):
            joined.extend(str(item) for item in group)
        elif group:
            joined.append(str(group))
    return joined


@cache
def _problem_sentences() -> dict[str, str]:
    loaded = yaml.safe_load(PROBLEM_SENTENCES_FILE.read_text(encoding="utf-8"))
    return {str(label): str(text) for label, text in loaded.items()}


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        undefined=StrictUndefined,  # a typo in a template fails loudly in the tests
        finalize=_blank_for_none,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # the writers escape for HTML; .docx needs raw text
    )
    environment.filters.update(phrasing.FILTERS)
    environment.globals.update(phrasing.GLOBALS)
    environment.globals.update(extras.HELPERS)
    return environment


def _blank_for_none(value: Any) -> Any:
    return "" if value is None else value
