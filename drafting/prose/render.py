"""Answers -> Document: the one public entry point of drafting.

    effective answers -> facts (typed answers as text, look-ups recorded)
    -> work sections (one paragraph per work item) and the genre's framing
    -> Jinja template of the layout (line markup, headings without numbers)
    -> leftovers filled in (section extras) -> blocks -> empty headings dropped
    -> headings numbered -> Document

Pure: no clock and no I/O apart from reading the templates once (cached).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from dialogs.answers import ChoiceAnswer, PeriodAnswer
from dialogs.conditions import effective_answers
from dialogs.questionnaire import Questionnaire
from dialogs.state import InterviewState
from dialogs.wording import unit_terms
from dialogs.ledger import LedgerFigure, ledger
from drafting.prose import extras, framing, phrasing, provenance, variants
from drafting.document import Block, Document, Paragraph, spans_text
from drafting.prose.facts import PLACEHOLDER_PATTERN, FactBook, FactView, markers_as_text
from drafting.prose.items import item_paragraph, work_sections
from drafting.prose.layouts import DEFAULT_LAYOUT, template_name
from drafting.prose.markup import drop_empty_headings, drop_lone_children, number_headings, parse_blocks
from drafting.prose.placeholders import marker_spans
from drafting.title_lines import title_breaks

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


def render_document(questionnaire: Questionnaire, state: InterviewState, layout: str = DEFAULT_LAYOUT) -> Document:
    """The draft of ``state`` in ``layout``; required facts not yet given become 【待补充：……】."""
    template = _environment().get_template(template_name(layout))
    answers = effective_answers([question for _, question in questionnaire.questions()], state.answers)
    book = FactBook(questionnaire, answers)
    facts = book.view()
    terms = unit_terms(questionnaire, answers)
    genre_answer = answers.get("genre")
    genre = genre_answer.choice if isinstance(genre_answer, ChoiceAnswer) else framing.DEFAULT_GENRE
    period_answer = answers.get("period")
    period = period_answer if isinstance(period_answer, PeriodAnswer) else None
    # Read before rendering so the title and signature facts count as used.
    unit_name = str(facts.unit_name or "")
    signer = str(facts.signer or "")
    sign_date = str(facts.sign_date or "")
    facts.period, facts.genre, facts.unit_type  # noqa: B018 - said by the title and the wording
    title_words = framing.title_words(genre, unit_name, period)
    title_markup = "".join(title_words)
    context = _context(facts, book, questionnaire, terms, genre, period, layout, unit_name)
    body = template.render(context)
    body = extras.fill_extras(body, book, shown_elsewhere=title_markup + sign_date + signer)
    blocks = with_figures(number_headings(drop_lone_children(drop_empty_headings(parse_blocks(body)))), ledger(questionnaire, state))
    missing = {match[1] for text in (body, title_markup, sign_date, signer) for match in PLACEHOLDER_PATTERN.finditer(text)}
    return Document(
        title=marker_spans(title_markup),
        title_breaks=shown_breaks(title_words),
        blocks=blocks,
        signature_unit=marker_spans(signer),
        signature_date=marker_spans(sign_date),
        author=markers_as_text(unit_name),
        missing=len(missing),
    )


def shown_breaks(words: list[str]) -> list[int]:
    """Title line breaks as offsets into the title as shown (a placeholder marker in the
    unit name is shown as 【待补充：……】, of another length)."""
    shown = [spans_text(marker_spans(word)) for word in words]
    return title_breaks(shown)


def with_figures(blocks: list[Block], figures: list[LedgerFigure]) -> list[Block]:
    """Each sentence names the ledger figures of its answers that it prints.

    An answer cut into several sentences (drafting.prose.paragraphs) has its figures shared
    out: a figure belongs to the sentence of that answer where it is written.
    """
    by_path: dict[str, list[str]] = {}
    for figure in figures:
        by_path.setdefault(figure.path, []).append(figure.text)
    for block in blocks:
        if isinstance(block, Paragraph):
            for item in block.sentences:
                item.figures = [text for path in item.sources for text in by_path.get(path, []) if text in item.text]
    return blocks


def _context(facts: FactView, book: FactBook, questionnaire: Questionnaire, terms: Any, genre: str, period: PeriodAnswer | None, layout: str, unit: str) -> dict[str, Any]:
    targets = facts.targets
    plans = facts.plans
    target_list = targets if isinstance(targets, list) else ([targets] if targets else [])
    work = work_sections(questionnaire.sections, book, terms, layout)
    plans_lead = variants.wording("plans-lead", unit, terms)
    return {
        "a": facts,
        "we": terms.we,  # 我乡 / 我街道
        "whole": terms.whole,  # 全乡 / 全街道
        "genre": genre,
        "addressee": facts.addressee,
        "opening": framing.opening(genre, period, terms, facts.guiding_thought, target_list, facts.verdict, unit, work.achievements, work.background),
        "main_heading": framing.main_heading(genre),
        # After a 下一步 part (its heading says 下一步) the closing neither says it again nor opens as its lead.
        "closing": framing.closing(genre, terms, unit, before=f"下一步。{plans_lead}{''.join(concat(plans))}" if plans else ""),
        "problems_lead": variants.wording("problems-lead", unit, terms),
        "plans_lead": plans_lead,
        "work": work.sections,
        "rectifications": _rectifications(book),
        "concat": concat,
    }


def _rectifications(book: FactBook) -> list[str]:
    """「针对……的问题，……」 per 整改事项 (the 问题→措施→时限 chain)."""
    question = book.questions.get("rectifications")
    answer = book.answers.get("rectifications")
    if question is None or answer is None:
        return []
    book.used.add("rectifications")
    terms = unit_terms(book.questionnaire, book.answers)
    return [p for i, item in enumerate(answer.items) if (p := item_paragraph(question, item, book, terms, i))]  # type: ignore[union-attr]


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
    environment.globals.update(provenance.TEMPLATE_GLOBALS)
    environment.filters.update(provenance.TEMPLATE_FILTERS)
    return environment


def _blank_for_none(value: Any) -> Any:
    return "" if value is None else value
