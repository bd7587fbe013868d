"""Title, opening, main heading and closing, worded for the document's genre and period.

A half-year draft says 上半年 and never 全年; a 自查报告 opens with its addressee and
「现将自查情况报告如下」; a weekly report takes the clerk's own 「本周」.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dialogs.answers import PeriodAnswer
from dialogs.questionnaire import UnitTerms
from drafting.document import Placeholder
from drafting.prose.phrasing import fill, join_cn
from drafting.prose.provenance import Piece, Sourced, formula, present, sourced
from drafting.prose.typography import strip_trailing_punctuation, tidy_paragraph
from drafting.prose.variants import speaker, wording

DEFAULT_GENRE = "工作总结"
_TITLE_ENDINGS = {
    "工作总结": "创建文明城市工作总结",
    "工作汇报（进展情况）": "创建文明城市工作进展情况汇报",
    "自查报告": "创建文明城市工作自查报告",
    "专项行动小结": "创建文明城市专项行动小结",
}
_MAIN_HEADINGS = {
    "工作总结": "主要工作",
    "工作汇报（进展情况）": "创建工作进展情况",
    "自查报告": "自查情况",
    "专项行动小结": "主要做法",
}
_SIGN_OFFS = {"工作汇报（进展情况）": "特此汇报。", "自查报告": "特此报告。"}
_TARGET_VERBS = ("创建", "巩固", "争创", "迎接", "冲刺", "复审", "通过", "确保")


_TITLE_SUBJECT = "创建文明城市"


def title_words(genre: str, unit: str | Placeholder, period: PeriodAnswer | Placeholder | None) -> list[Piece]:
    """The title as the words a long title may break between (drafting.title_lines):
    [unit, period, 创建文明城市, 工作总结]; a missing unit or period is its placeholder."""
    ending = _TITLE_ENDINGS.get(genre, _TITLE_ENDINGS[DEFAULT_GENRE])
    rest = ending.removeprefix(_TITLE_SUBJECT)
    # A name typed as 「某某乡()」 leaves no empty brackets in the title.
    words = [unit if isinstance(unit, Placeholder) else tidy_paragraph(unit), _title_period(period), _TITLE_SUBJECT if rest != ending else "", rest]
    return [word for word in words if word]


def _title_period(period: PeriodAnswer | Placeholder | None) -> Piece:
    if period is None or isinstance(period, Placeholder):
        return period or ""
    if period.span != "阶段":
        return period.display()
    shown = period.display()
    return shown if shown[:1].isdigit() else ""


def period_lead(period: PeriodAnswer | None) -> str:
    """「2021年上半年」「本周」「今年以来」: how the opening sentence starts."""
    return period.display() if period is not None else ""


def targets_phrase(targets: list[str]) -> str:
    """创建全国文明城市和巩固省级文明城市创建成果 (a target without a verb gets 创建)."""
    return join_cn(t if any(verb in t for verb in _TARGET_VERBS) else f"创建{t}" for t in targets)


def opening(
    genre: str,
    period: PeriodAnswer | None,
    terms: UnitTerms,
    guiding: str | None,
    targets: list[str | Placeholder],
    verdict: str | None,
    unit: str | Placeholder = "",
    achievements: Sequence[Sourced] = (),
    background: Sequence[Sourced] = (),
) -> list[Sourced]:
    """The unit's basic facts if the clerk gave them, the opening sentence (sourced with the
    answers it states), the year's results (drafting.prose.items.is_result), then the report line."""
    lead = period_lead(period)
    named = speaker(unit, terms) != terms.we  # the sentence states the unit's name
    said = {"unit_name": named, "period": lead, "guiding_thought": guiding, "targets": targets, "verdict": verdict}
    paths = [path for path, value in said.items() if value]
    missing_target = [target for target in targets if isinstance(target, Placeholder)]
    aim: tuple[Piece, ...] = ("紧紧围绕", *missing_target, "目标") if missing_target else (fill("紧紧围绕{}目标", targets_phrase(targets)),)  # type: ignore[arg-type]
    body = _sentence(
        [
            (fill("以{}为指导", guiding),),
            aim if targets else (),
            (wording("opening", unit, terms),),
            (fill("创建工作呈现{}的态势", verdict),),
        ],
        # The unit by its name: the one sentence two units of a county, answering alike, share most.
        lead=f"{lead}，{speaker(unit, terms)}" if lead else speaker(unit, terms),
    )
    stated = sourced(body, paths) if paths else formula(body, "opening")
    results = results_sentences(achievements, terms, period.year if period is not None else None, unit)
    return present([*background, stated, *results, formula(_report_line(genre, period), "report-line")])


def _sentence(clauses: list[tuple[Piece, ...]], lead: str) -> tuple[Piece, ...]:
    """drafting.prose.phrasing.sentence over pieces: a missing fact may stand in a clause."""
    kept: list[tuple[Piece, ...]] = []
    for clause in clauses:
        pieces = [piece for piece in clause if piece]
        if pieces and isinstance(pieces[-1], str):
            pieces[-1] = strip_trailing_punctuation(pieces[-1])
        if any(pieces):
            kept.append(tuple(piece for piece in pieces if piece))
    if not kept:
        return ()
    joined: list[Piece] = [lead]
    for index, clause in enumerate(kept):
        joined.extend(["，", *clause] if index else clause)
    return tuple(piece for piece in (*joined, "。") if piece)


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


def results_sentences(achievements: Sequence[Sourced], terms: UnitTerms, year: int | None, unit: str | Placeholder = "") -> list[Sourced]:
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


def _report_line(genre: str, period: PeriodAnswer | None) -> str:
    if genre == "工作汇报（进展情况）":
        return "现将有关情况汇报如下："
    if genre == "自查报告":
        return "现将自查情况报告如下："
    if genre == "专项行动小结":
        return "现将专项行动开展情况小结如下："
    span = period.span if period is not None else "全年"
    what = {"全年": "全年", "上半年": "上半年", "下半年": "下半年"}.get(span, "有关")
    return f"现将{what}工作总结如下："


def main_heading(genre: str) -> str:
    return _MAIN_HEADINGS.get(genre, _MAIN_HEADINGS[DEFAULT_GENRE])


def closing(genre: str, terms: UnitTerms, unit: str | Placeholder = "", before: str = "") -> list[Sourced]:
    """The closing pledge in the unit's wording (drafting.prose.variants), not echoing ``before``."""
    pledge = formula(wording("closing", unit, terms, avoid=before), "closing")
    return present([pledge, formula(_SIGN_OFFS.get(genre, ""), "sign-off")])
