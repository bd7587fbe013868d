"""Answers -> Document: the one public entry point of drafting.

    effective answers -> facts (typed answers as text, look-ups recorded)
    -> work sections (work items planned into paragraphs) and the genre's frame
    -> the layout's parts filled (templates/layouts.yaml), answers no wording used
       under their own section -> blocks -> headings numbered -> Document

Pure: no clock and no I/O apart from reading the wording files once (cached).
"""

from __future__ import annotations

from dialogs.answers import ChoiceAnswer, PeriodAnswer
from dialogs.conditions import effective_answers
from dialogs.ledger import LedgerFigure, ledger
from dialogs.questionnaire import Questionnaire, Section as QuestionnaireSection, UnitTerms
from dialogs.state import InterviewState
from dialogs.wording import unit_terms
from dialogs.year_on_year import comparisons
from drafting.document import Block, Document, Paragraph, Placeholder
from drafting.prose import framing
from drafting.prose.blocks import drop_lone_children, number_headings, paragraph_of, spans_of
from drafting.prose.facts import FactBook, FactView
from drafting.prose.items import item_paragraph, work_sections
from drafting.prose.layout import Filled, Paragraphs, Section, layout_blocks
from drafting.prose.layouts import DEFAULT_LAYOUT, check_layout
from drafting.prose.leftovers import leftovers
from drafting.prose.plans import one_item, single_lead
from drafting.prose.phrasing import enumerate_cn, first_said, numbered_or_series, present as present_items, sentence_of
from drafting.prose.provenance import Piece, Sourced, formula, pieces_text, present, sourced
from drafting.prose.sections import SectionDraft, plan_sections
from drafting.prose.typography import tidy_paragraph
from drafting.prose.variants import unit_words
from drafting.prose.wording import ListPlace, Part, Wording, wording_for
from drafting.title_lines import title_breaks

GENRE_ID, PERIOD_ID, UNIT_TYPE_ID = "genre", "period", "unit_type"


def render_document(questionnaire: Questionnaire, state: InterviewState, layout: str = DEFAULT_LAYOUT, wording: Wording | None = None) -> Document:
    """The draft of ``state`` in ``layout``, worded by ``wording`` (the shipped
    templates/ when None); required facts not yet given are listed in ``missing`` and shown
    as 【待补充：……】 where the title, opening or signature uses them."""
    wording = wording or wording_for(questionnaire)
    answers = effective_answers([question for _, question in questionnaire.questions()], state.answers)
    book = FactBook(questionnaire, answers)
    facts = book.view()
    terms = unit_terms(questionnaire, answers)
    genre_answer = answers.get(GENRE_ID)
    frame = wording.frame(genre_answer.choice if isinstance(genre_answer, ChoiceAnswer) else wording.default_genre)
    parts = wording.layouts.parts(frame.genre, check_layout(layout))
    period_answer = answers.get(PERIOD_ID)
    period = period_answer if isinstance(period_answer, PeriodAnswer) else None
    unit: str | Placeholder = facts.unit_name or ""
    signer, sign_date = facts.signer, facts.sign_date
    facts.unit_type, facts.genre  # noqa: B018 - said by the unit's words (我乡, 全乡) and the frame
    period_fact = facts.period
    title = framing.title_words(frame, unit, period if period is not None else period_fact if isinstance(period_fact, Placeholder) else None, _Answers(facts, wording))

    numbered = any(part.work is not None and part.work.items == "numbered" for part in parts)
    figures = ledger(questionnaire, state)
    earlier = state.carry.report.figures() if state.carry is not None else []
    work = work_sections(questionnaire.sections, book, terms, wording, against_last_year=comparisons(figures, earlier))
    unit_type = answers.get(UNIT_TYPE_ID)
    area = wording.words.area(unit_type.choice) if isinstance(unit_type, ChoiceAnswer) else ""
    drafted = plan_sections(work.sections, layout, wording, area, numbered, terms.we)
    said_unit = unit_words(terms, unit)
    addressee = first_said([frame.addressee], _Answers(facts, wording)) if frame.addressee is not None else None
    byline = first_said([pattern.with_words(said_unit) for pattern in frame.byline], _Answers(facts, wording))
    in_title = frozenset(word.path for word in title if isinstance(word, Placeholder))
    opening = framing.opening(frame, facts, period, terms, unit, wording, work.achievements, work.background, in_title)
    headings = {"main_heading": frame.main_heading.with_words(said_unit).plain(), "plans_heading": frame.for_period(frame.plans_heading, period.span if period else None).plain()}
    # A list's lead does not say 下一步 again under a heading that says it (「关于下一步措施：」).
    titles = [part.heading.with_words(headings).plain() if part.heading is not None else "" for part in parts]
    filled = [Filled(part, [run for place in part.lists for run in _list_paragraphs(place, facts, book, terms, unit, wording, title)]) for part, title in zip(parts, titles)]
    # The closing follows the layout's last list (the plans, a speech's pledges): it names
    # what they are about and does not echo the paragraphs it comes after.
    last_list = [place for part in parts for place in part.lists][-1:]
    last_items = [item for place in last_list for item in _list_items(place, facts, book, terms, wording)]
    before = "".join(piece.text for one in filled for run in one.lists for piece in run)
    closing = framing.closing(frame, facts, terms, wording, unit, before=before, plans=last_items)

    # Every wording has been chosen: what is left unused goes under its own section.
    sections, rest = _place_leftovers(drafted, filled, questionnaire, book, wording)

    address = sourced(addressee[1], [slot for slot in addressee[0].slots]) if addressee else None
    salutation = formula(frame.salutation.with_words(said_unit).plain(), "salutation") if frame.salutation is not None else None
    # The addressee and a salutation stand flush left (GB/T 9704 7.3.2), each on its own line.
    blocks: list[Block] = [paragraph.model_copy(update={"flush_left": True}) for line in (address, salutation) if line and (paragraph := paragraph_of([line]))]
    blocks += [paragraph for paragraph in [paragraph_of(opening)] if paragraph]
    blocks += layout_blocks(filled, sections, rest, headings, wording.layouts.lead_in)
    blocks += [paragraph for paragraph in [paragraph_of(closing)] if paragraph]
    return Document(
        title=spans_of(title),
        title_breaks=title_breaks([pieces_text([word]) for word in title]),
        byline=spans_of(byline[1]) if byline else [],
        blocks=with_figures(number_headings(drop_lone_children(blocks)), figures),
        signature_unit=spans_of(_pieces(signer)) if frame.signature else [],
        signature_date=spans_of(_pieces(sign_date)) if frame.signature else [],
        author=pieces_text(_pieces(unit)),
        period_span=period.span if period is not None else "全年",
        missing=book.missing(),
    )


class _Answers(dict):  # type: ignore[type-arg]
    """Answers looked up by id as a frame's slots name them (recorded as used); the
    targets as one phrase (创建省级文明城市和巩固……成果)."""

    def __init__(self, facts: FactView, wording: Wording) -> None:
        super().__init__()
        self._facts = facts
        self._wording = wording

    def get(self, key: str, default: object = None) -> object:
        value = getattr(self._facts, key)
        if key == framing.TARGETS_ID and isinstance(value, list) and value and not any(isinstance(item, Placeholder) for item in value):
            said = [tidied for target in value if (tidied := tidy_paragraph(target))]  # 「()」 names no target
            return framing.targets_phrase(said, self._wording) if said else None
        return tidy_paragraph(value) if isinstance(value, str) else value


def _place_leftovers(drafts: list[SectionDraft], filled: list[Filled], questionnaire: Questionnaire, book: FactBook, wording: Wording) -> tuple[list[Section], list[Section]]:
    """Each section's unused answers where its part is: a work section's after its
    paragraphs, a section a part's lists name in that part (``filled`` updated), the
    others (基本信息) as the sections the layout's ``rest`` part holds."""
    sections = [Section(s.id, s.heading, s.paragraphs, [line for origin in s.origins for line in leftovers(origin, book, wording.words)]) for s in drafts]
    placed = {origin.id for s in drafts for origin in s.origins}
    for one in filled:
        held = [section for section in _held_sections(one.part, questionnaire) if section.id not in placed]
        placed.update(section.id for section in held)
        one.leftovers = [line for section in held for line in leftovers(section, book, wording.words)]
    rest = [Section(s.id, s.title, leftovers=leftovers(s, book, wording.words)) for s in questionnaire.sections if s.id not in placed]
    return sections, rest


def _list_paragraphs(place: ListPlace, facts: FactView, book: FactBook, terms: UnitTerms, unit: str | Placeholder, wording: Wording, heading: str = "") -> Paragraphs:
    """The paragraphs of the answers a part lists, written as the layout says: a series
    after its lead (not saying 今后 / 下一步 when the part's ``heading`` or the items do),
    one item after the lead's single-item wording (drafting.prose.plans)."""
    items = _list_items(place, facts, book, terms, wording)
    if place.as_ == "series":
        texts = present_items(item.text for item in items)
        key = single_lead(place.lead, len(texts), wording.formulas) if place.lead else ""
        lead = framing.wording_text(wording, key, unit, terms, avoid="。".join([heading, *texts])) if key else ""
        said = f"{one_item(lead, texts[0], wording.reader, wording.words.plans)}。" if len(texts) == 1 and key != place.lead else enumerate_cn(texts, lead=lead)
        together = sourced(said, place.answers)
        return [[together]] if together else []
    if place.as_ == "numbered_or_series":
        return numbered_or_series(items)
    return [[item] for item in items]


def _list_items(place: ListPlace, facts: FactView, book: FactBook, terms: UnitTerms, wording: Wording) -> list[Sourced]:
    """The items of the answers a part lists, each with its sources."""
    items: list[Sourced] = []
    for answer_id in place.answers:
        question = book.questions.get(answer_id)
        if question is not None and question.kind == "group":
            items.extend(_group_items(answer_id, book, terms, wording))
        else:
            # An answer standing as a paragraph of its own (the 整改报告's inspection) is a sentence.
            said = [sentence_of([_pieces(item)]) if place.as_ == "paragraphs" else _pieces(item) for item in _as_list(getattr(facts, answer_id))]
            items.extend(present(sourced(pieces, answer_id) for pieces in said))
    return items


def _group_items(group_id: str, book: FactBook, terms: UnitTerms, wording: Wording) -> list[Sourced]:
    """「针对……的问题，……」 per 整改事项: each item of a group as its sentence (drafting.prose.items)."""
    question = book.questions.get(group_id)
    answer = book.answers.get(group_id)
    if question is None or answer is None:
        return []
    book.used.add(group_id)
    return present(item_paragraph(question, item, book, terms, index, wording) for index, item in enumerate(answer.items))  # type: ignore[union-attr]


def _held_sections(part: Part, questionnaire: Questionnaire) -> list[QuestionnaireSection]:
    """The sections whose answers the part lists."""
    named = {answer_id for place in part.lists for answer_id in place.answers}
    return [section for section in questionnaire.sections if any(question.id in named for question in section.questions)]


def _as_list(value: object) -> list:  # type: ignore[type-arg]
    if isinstance(value, list):
        return value
    return [value] if value else []


def _pieces(value: str | Placeholder | None) -> tuple[Piece, ...]:
    return (value,) if value else ()


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
