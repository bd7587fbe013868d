"""Title, opening, main heading and closing, worded for the document's genre and period.

The words are the genre's frame (templates/genres.yaml); here is how they are filled: a
half-year draft says 上半年 and never 全年; a 自查报告 opens with its addressee and
「现将自查情况报告如下」; a weekly report takes the clerk's own 「本周」.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from dialogs.answers import PeriodAnswer
from dialogs.questionnaire import UnitTerms
from drafting.document import Placeholder
from drafting.prose.facts import FactView
from drafting.prose.phrasing import missing_fact, first_said, join_cn, sentence_of
from drafting.prose.plans import read_plans
from drafting.prose.provenance import Piece, Sourced, formula, pieces_text, present, sourced, sources_of
from drafting.prose.typography import tidy_paragraph
from drafting.prose.variants import unit_words, wording
from drafting.prose.wording import Pattern, ResolvedFrame, Wording

UNIT_NAME_ID, TARGETS_ID = "unit_name", "targets"
GUIDING_ID, GUIDING_MORE = "guiding_thought", "guiding_more"
TARGET_SLOT = "target"  # the title's {target}: the targets as a phrase (创建省级文明城市)


def title_words(frame: ResolvedFrame, unit: str | Placeholder, period: PeriodAnswer | Placeholder | None, answers: Mapping[str, Any] | None = None) -> list[Piece]:
    """The title as the words a long title may break between (drafting.title_lines):
    [unit, period, 创建省级文明城市, 工作总结]; a missing unit or period is its placeholder;
    each word is its first wording whose answers are given. ``answers`` looks answers up by id."""
    # A name typed as 「某某乡()」 leaves no empty brackets in the title.
    values = _TitleValues(answers if answers is not None else {}, unit=unit if isinstance(unit, Placeholder) else tidy_paragraph(unit), period=_title_period(period))
    words: list[Piece] = []
    for word in frame.title:
        said = first_said(word, values)
        words.extend(said[1] if said else ())
    return [word for word in words if word]


class _TitleValues(dict):  # type: ignore[type-arg]
    """The unit and period as the title says them, {target} as the clerk chose it, other
    slots by answer id. Only the unit and period stand as placeholders in a title: a word
    whose answer is still missing gives way to its next wording (创建文明城市)."""

    def __init__(self, answers: Mapping[str, Any], **words: Piece) -> None:
        super().__init__(words)
        self._answers = answers

    def get(self, key: str, default: object = None) -> object:
        if key in self:
            return self[key]
        value = self._answers.get(TARGETS_ID if key == TARGET_SLOT else key)
        return None if missing_fact(value) is not None else value


def _title_period(period: PeriodAnswer | Placeholder | None) -> Piece:
    """2026年, 2026年上半年, 2026年7—8月; a stage said relative to its day (今年以来) by its year."""
    if period is None or isinstance(period, Placeholder):
        return period or ""
    shown = period.title_text()
    return shown if shown[:1].isdigit() else ""


def targets_phrase(targets: list[str], wording: Wording) -> str:
    """创建全国文明城市和巩固省级文明城市创建成果 (a target without a verb gets 创建)."""
    words = wording.words
    return join_cn(t if any(verb in t for verb in words.target_verbs) else f"{words.target_verb}{t}" for t in targets)


def opening(
    frame: ResolvedFrame,
    facts: FactView,
    period: PeriodAnswer | None,
    terms: UnitTerms,
    unit: str | Placeholder,
    wording: Wording,
    achievements: Sequence[Sourced] = (),
    background: Sequence[Sourced] = (),
    shown: frozenset[str] = frozenset(),
) -> list[Sourced]:
    """The unit's basic facts if the clerk gave them, the opening sentence (sourced with the
    answers it states), the year's results (drafting.prose.items.is_result), then the report line.

    A missing fact the title ``shown`` already is left out, not highlighted twice."""
    said_unit = unit_words(terms, unit)
    values = _OpeningValues(facts, wording, said_unit, shown)
    lead = first_said([pattern.with_words(said_unit) for pattern in frame.opening.lead], values)
    clauses = [first_said([pattern.with_words(said_unit) for pattern in clause], values) for clause in frame.opening.clauses]
    body = sentence_of([pieces for _, pieces in filter(None, clauses)], lead=lead[1] if lead else ())
    # The unit by its name: the one sentence two units of a county, answering alike, share most.
    named = said_unit["name"] != terms.we
    paths = [UNIT_NAME_ID] if named else []
    for chosen in [lead, *clauses]:
        if chosen is not None:
            paths += [slot for slot in chosen[0].slots if slot in values.answers_said]
    stated = sourced(body, paths) if paths else formula(body, "opening")
    results = results_sentences(achievements, terms, period.year if period is not None else None, wording, unit)
    return present([*background, stated, *results, formula(report_line(frame, period, said_unit), "report-line")])


class _OpeningValues(dict):  # type: ignore[type-arg]
    """The values an opening's slots take: the unit's words, and answers looked up as
    they are named (so only those count as used); {guiding_more} is what the guiding
    thought says after its first comma (guiding_parts)."""

    def __init__(self, facts: FactView, wording: Wording, said_unit: dict[str, str], shown: frozenset[str]) -> None:
        super().__init__(said_unit)
        self._facts = facts
        self._wording = wording
        self._shown = shown
        self.answers_said: set[str] = set()

    def get(self, key: str, default: object = None) -> object:
        if key in self:
            return self[key]
        value = getattr(self._facts, GUIDING_ID if key == GUIDING_MORE else key)
        if isinstance(value, Placeholder) and value.path in self._shown:
            return None
        if key == TARGETS_ID and isinstance(value, list) and value and not any(isinstance(item, Placeholder) for item in value):
            value = targets_phrase(value, self._wording)
        if key in (GUIDING_ID, GUIDING_MORE) and isinstance(value, str):
            value = guiding_parts(value)[key == GUIDING_MORE] or None
        self.answers_said.add(GUIDING_ID if key == GUIDING_MORE else key)
        return value


def guiding_parts(thought: str) -> tuple[str, str]:
    """A guiding thought typed with what the unit carried out after it
    (「“三个代表”重要思想，全面落实科学发展观」) as the thought and the rest, so the opening
    says 「坚持以“三个代表”重要思想为指导，全面落实科学发展观」, never 「以……，全面落实……为指导」."""
    thought = thought.strip().removesuffix("为指导").strip("，, ")
    head, comma, rest = thought.partition("，")
    return (head, rest) if comma and rest else (thought, "")


def wording_text(wording_: Wording, key: str, unit: str | Placeholder, terms: UnitTerms, avoid: str = "", said: Mapping[str, str] | None = None) -> str:
    """The unit's wording of formula ``key`` (drafting.prose.variants), not echoing ``avoid``
    nor saying 今后 / 下一步 again; ``said``: its other slots."""
    return wording(key, wording_.formulas[key], unit, terms, avoid, wording_.words.plans.ahead, said)


def report_line(frame: ResolvedFrame, period: PeriodAnswer | None, said_unit: dict[str, str]) -> str:
    line = frame.for_period(frame.report_line, period.span if period is not None else None)
    return line.with_words(said_unit).plain()


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


def results_sentences(achievements: Sequence[Sourced], terms: UnitTerms, year: int | None, wording: Wording, unit: str | Placeholder = "") -> list[Sourced]:
    """Each result as a sentence of the unit (「我乡在……测评中排位提升。」), this year's first.

    A result dated before the draft's year (a 2011 honour in a 2019 summary) keeps its own
    date and comes last, after the year's results, so it never reads as this year's.
    """
    current: list[Sourced] = []
    earlier: list[Sourced] = []
    name = unit.strip() if isinstance(unit, str) else ""
    for result in achievements:
        text = result.text
        if not text:
            continue
        named = (terms.we, terms.whole, *([name] if name else []))
        said = text if text.startswith(named) else terms.we + text  # 「我乡某某乡荣获……」 never
        years = [int(found) for found in _YEAR.findall(text)]
        (earlier if year is not None and years and max(years) < year else current).append(result.said(said))
    return [*current, *earlier]


def closing(frame: ResolvedFrame, facts: FactView, terms: UnitTerms, wording: Wording, unit: str | Placeholder = "", before: str = "", plans: Sequence[Sourced] = ()) -> list[Sourced]:
    """The genre's closing sentence: the first wording whose answers are given (a speech's
    own pledge), else the closing formula in the unit's wording (drafting.prose.variants),
    not echoing ``before``; then the sign-off. After ``plans`` (the items the draft's last
    list holds) the formula names what they are about, or there is none when the last plan
    closes the draft itself (drafting.prose.plans)."""
    said_unit = unit_words(terms, unit)
    values = _OpeningValues(facts, wording, said_unit, frozenset())
    read = read_plans([plan.text for plan in plans], wording.reader, wording.words.plans)
    if read.closes:
        values["closing"] = ""
    elif read.topics:
        values["closing"] = wording_text(wording, "closing-plans", unit, terms, avoid=before, said={"topics": read.phrase()})
    else:
        values["closing"] = wording_text(wording, "closing", unit, terms, avoid=before)
    chosen = first_said([pattern.with_words(said_unit) for pattern in frame.closing], values)
    pledge: Sourced | None = None
    if chosen is not None:
        pattern, pieces = chosen
        said = [slot for slot in pattern.slots if slot in values.answers_said]
        text = sentence_of([pieces])
        # A formula naming the plans' topics quotes them: the plans are its sources.
        pledge = sourced(text, said) if said else formula(text, "closing", sources_of(plans) if read.topics else ())
    sign_off = frame.sign_off.with_words(said_unit).plain() if frame.sign_off is not None else ""
    return present([pledge, formula(sign_off, "sign-off") if sign_off else None])
