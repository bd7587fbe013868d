"""Title, opening, main heading and closing, worded for the document's genre and period.

The words are the genre's frame (templates/genres.yaml); here is how they are filled: a
half-year draft says 上半年 and never 全年; a 自查报告 opens with its addressee and
「现将自查情况报告如下」; a weekly report takes the clerk's own 「本周」.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dialogs.answers import PeriodAnswer
from dialogs.questionnaire import UnitTerms
from drafting.document import Placeholder
from drafting.prose.facts import FactView
from drafting.prose.phrasing import first_said, join_cn, sentence_of
from drafting.prose.provenance import Piece, Sourced, formula, present, sourced
from drafting.prose.typography import tidy_paragraph
from drafting.prose.variants import unit_words, wording
from drafting.prose.wording import Pattern, ResolvedFrame, Wording

UNIT_NAME_ID, TARGETS_ID = "unit_name", "targets"


def title_words(frame: ResolvedFrame, unit: str | Placeholder, period: PeriodAnswer | Placeholder | None) -> list[Piece]:
    """The title as the words a long title may break between (drafting.title_lines):
    [unit, period, 创建文明城市, 工作总结]; a missing unit or period is its placeholder."""
    # A name typed as 「某某乡()」 leaves no empty brackets in the title.
    values = {"unit": unit if isinstance(unit, Placeholder) else tidy_paragraph(unit), "period": _title_period(period)}
    words: list[Piece] = []
    for word in frame.title:
        said = first_said([word], values)
        words.extend(said[1] if said else ())
    return [word for word in words if word]


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
    values = _OpeningValues(facts, wording, said_unit, wording_text(wording, "opening", unit, terms), shown)
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
    """The values an opening's slots take: the unit's words, the per-unit formula, and
    answers looked up as they are named (so only those count as used)."""

    def __init__(self, facts: FactView, wording: Wording, said_unit: dict[str, str], formula_text: str, shown: frozenset[str]) -> None:
        super().__init__(said_unit, opening=formula_text)
        self._facts = facts
        self._wording = wording
        self._shown = shown
        self.answers_said: set[str] = set()

    def get(self, key: str, default: object = None) -> object:
        if key in self:
            return self[key]
        value = getattr(self._facts, key)
        if isinstance(value, Placeholder) and value.path in self._shown:
            return None
        if key == TARGETS_ID and isinstance(value, list) and value and not any(isinstance(item, Placeholder) for item in value):
            value = targets_phrase(value, self._wording)
        self.answers_said.add(key)
        return value


def wording_text(wording_: Wording, key: str, unit: str | Placeholder, terms: UnitTerms, avoid: str = "") -> str:
    """The unit's wording of formula ``key`` (drafting.prose.variants)."""
    return wording(key, wording_.formulas[key], unit, terms, avoid)


def report_line(frame: ResolvedFrame, period: PeriodAnswer | None, said_unit: dict[str, str]) -> str:
    line = frame.report_line
    if not isinstance(line, Pattern):
        line = line[period.span if period is not None else "全年"]
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


def closing(frame: ResolvedFrame, terms: UnitTerms, wording: Wording, unit: str | Placeholder = "", before: str = "") -> list[Sourced]:
    """The closing pledge in the unit's wording (drafting.prose.variants), not echoing ``before``."""
    pledge = formula(wording_text(wording, "closing", unit, terms, avoid=before), "closing")
    sign_off = frame.sign_off.with_words(unit_words(terms, unit)).plain() if frame.sign_off is not None else ""
    return present([pledge, formula(sign_off, "sign-off") if sign_off else None])
