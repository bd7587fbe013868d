"""The draft's fixed wording, read from the files in templates/ into typed models.

Code keeps the logic (planning, provenance, grammar); these files keep the words:

    genres.yaml    each genre's frame: title, main heading, opening, report line, sign-off
    formulas.yaml  the neutral formulas, several wordings each, chosen per unit
    headings.yaml  each work section's heading, chosen by the kinds of work it holds
    items.yaml     how a work item's answers are said: its clauses, in order
    layouts.yaml   each layout's parts: order, heading levels, how items are numbered
    words.yaml     the word lists the grammar reads the clerk's words with
    advice.yaml    what the chat says about a thin draft or an edit
    lexicon.yaml   the words (verbs, nouns, roles, heads) clerks' fragments are read with

A string may hold {slots}: the unit's words ({we} {whole} {sub} {name}) and answer ids.
``load_wording`` reads the files once and checks them against the questionnaire
(drafting.prose.wording_checks): a broken edit stops the program at start, naming the
file, the line and what is wrong.
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, RootModel, ValidationError, model_validator

from dialogs.questionnaire import Questionnaire
from dialogs.yamlfile import FileProblem, YamlFile, read_yaml

if TYPE_CHECKING:
    from drafting.prose.fragments import FragmentReader

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
UNIT_WORDS = ("we", "whole", "sub", "name")  # 我乡 全乡 各村 某某乡 (dialogs.wording)
JOINED_WITH = "+"  # between the other sections of a joined heading for three (headings.yaml)

Level = Literal[1, 2, "lead-in"]
PeriodSpan = Literal["全年", "上半年", "下半年", "阶段"]


class WordingError(FileProblem):
    """A wording file the program cannot start with (file, line and what is wrong)."""


@dataclass(frozen=True)
class Slot:
    name: str


@dataclass(frozen=True)
class Pattern:
    """A wording string: its words and {slots} in order, as written in the file."""

    text: str
    parts: tuple[str | Slot, ...]

    @classmethod
    def parse(cls, value: Any) -> "Pattern":
        if isinstance(value, Pattern):
            return value
        if not isinstance(value, str):
            raise ValueError(f"这里要写一句话，不是 {value!r}")
        parts: list[str | Slot] = []
        try:
            pieces = list(string.Formatter().parse(value))
        except ValueError:
            raise ValueError(f"「{value}」里的大括号不成对：占位写成 {{we}}、{{name}} 这样") from None
        for literal, name, spec, conversion in pieces:
            if literal:
                parts.append(literal)
            if name is None:
                continue
            if not name or spec or conversion or not name.replace("_", "").isalnum():
                raise ValueError(f"「{value}」里的 {{{name}}} 不是占位：占位写成 {{we}}、{{name}} 或题目的 id")
            parts.append(Slot(name))
        return cls(value, tuple(parts))

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(part.name for part in self.parts if isinstance(part, Slot))

    def with_words(self, words: Mapping[str, str]) -> "Pattern":
        """The slots named in ``words`` filled with them (the unit's words); others kept."""
        parts: list[str | Slot] = []
        for part in self.parts:
            shown = words.get(part.name) if isinstance(part, Slot) else part
            if shown is None:
                parts.append(part)
            elif parts and isinstance(parts[-1], str):
                parts[-1] += shown
            else:
                parts.append(shown)
        return Pattern(self.text, tuple(part for part in parts if part != ""))

    def plain(self) -> str:
        """The words with every slot as {} (the form drafting.prose.phrasing.fill takes)."""
        return "".join(part if isinstance(part, str) else "{}" for part in self.parts)


Phrase = Annotated[Pattern, BeforeValidator(Pattern.parse)]


def _alternatives(value: Any) -> Any:
    """One wording, or several of which the first whose answers are all given is said."""
    return value if isinstance(value, list) else [value]


Clause = Annotated[list[Phrase], BeforeValidator(_alternatives), Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, arbitrary_types_allowed=True)


# --- genres.yaml ---------------------------------------------------------------------


class Opening(_Strict):
    lead: Clause  # 「{period}，{name}」, or 「{name}」 without a period
    clauses: list[Clause] = Field(default_factory=list)


PerPeriod = Phrase | dict[PeriodSpan, Phrase]  # one wording, or one per period span


class FrameDefaults(_Strict):
    addressee: Phrase | None = None
    opening: Opening
    closing: Clause
    plans_heading: PerPeriod
    sign_off: Phrase | None = None


class Frame(_Strict):
    """A genre's frame; what it leaves out comes from the defaults."""

    title: list[Clause] = Field(min_length=1)  # words a long title may break between, each with alternatives
    main_heading: Phrase
    report_line: PerPeriod
    sign_off: Phrase | None = None
    opening: Opening | None = None
    addressee: Phrase | None = None
    byline: Clause | None = None  # a line under the title: who speaks (表态发言)
    salutation: Phrase | None = None  # 「尊敬的各位领导、同志们：」, flush left before the opening
    closing: Clause | None = None  # the closing sentence: the first wording whose answers are given
    plans_heading: PerPeriod | None = None  # 下一步工作打算 / 下半年工作打算
    signature: bool = True  # False: no 落款 and no date (a speech)


class GenresFile(_Strict):
    defaults: FrameDefaults
    genres: dict[str, Frame] = Field(min_length=1)


# --- headings.yaml -------------------------------------------------------------------


def _options(value: Any) -> Any:
    """A heading, or several of which the first the section's content bears out is used."""
    if isinstance(value, dict):
        return {key: item if isinstance(item, list) else [item] for key, item in value.items()}
    return value


Options = Annotated[list[Phrase], Field(min_length=1)]


class HeadingRule(_Strict):
    """Headings per layout for a section holding any of ``kinds``."""

    kinds: list[str] = Field(min_length=1)
    topic: Phrase | None = None  # {topic} from an item's name: 「{name}整治」
    headings: Annotated[dict[str, Options], BeforeValidator(_options)] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _layouts_beside_kinds(cls, data: Any) -> Any:
        if isinstance(data, dict) and "headings" not in data:
            own = ("kinds", "topic")
            data = {**{key: data[key] for key in own if key in data}, "headings": {key: value for key, value in data.items() if key not in own}}
        return data


class SectionHeadings(_Strict):
    default: Annotated[dict[str, Options], BeforeValidator(_options)] = Field(default_factory=dict)
    rules: list[HeadingRule] = Field(default_factory=list)
    # Per other section: the headings of a part holding both (a thin one joined to the
    # other, drafting.prose.sections): a heading that speaks for the work of the two.
    joined: dict[str, Annotated[dict[str, Options], BeforeValidator(_options)]] = Field(default_factory=dict)


# --- items.yaml ----------------------------------------------------------------------


class ItemWording(_Strict):
    """How one work item is said: its clauses in order, joined with 「，」."""

    sentence: list[Clause] = Field(min_length=1)
    lead: Phrase | None = None
    # How the item's name leads details that say what was done in their own words
    # (「在{name}方面」); without one, the name is said with the lexicon's verb for it.
    topic: Phrase | None = None


# --- layouts.yaml --------------------------------------------------------------------


class WorkPlace(_Strict):
    """Where the work sections go in a layout, and how each is headed and written."""

    heading: Level  # each work section's heading: 「（一）……」 or 「关于……：」
    items: Literal["paragraphs", "numbered"]  # numbered: 「一是……。」 paragraph by paragraph


class RestPlace(_Strict):
    """Where the sections no other part holds go (answers of 基本信息 no wording used),
    each under its own heading."""

    heading: Level


class ListPlace(_Strict):
    """Answers written in a part: a list (problems, plans) or a group (rectifications)."""

    answers: list[str] = Field(min_length=1)
    as_: Literal["series", "paragraphs", "numbered_or_series"] = Field(alias="as")
    lead: str | None = None  # a formula of formulas.yaml opening the series


class Part(_Strict):
    """One part of a layout, in order: its heading, and what it holds."""

    heading: Phrase | None = None  # "{main_heading}": the genre's
    level: Level = 1
    work: WorkPlace | None = None
    lists: list[ListPlace] = Field(default_factory=list)
    rest: RestPlace | None = None


class Sizing(_Strict):
    """How work sections are sized by what they hold (drafting.prose.sections)."""

    thin: int = Field(ge=0)  # characters: a section shorter than this joins another
    swallowing: int = Field(ge=1)  # characters: a section this long, of ``kinds`` kinds or more, splits
    kinds: int = Field(ge=2)
    merge: dict[str, list[str]] = Field(default_factory=dict)  # a thin section joins the first of these it finds


class LayoutsFile(_Strict):
    lead_in: Phrase  # 「关于{title}：」
    sizing: Sizing
    layouts: dict[str, list[Part]]
    # A genre's own plan per layout (整改报告: 基本情况, 问题整改情况, 下一步); the others use ``layouts``.
    genres: dict[str, dict[str, list[Part]]] = Field(default_factory=dict)

    def parts(self, genre: str, layout: str) -> list[Part]:
        return self.genres.get(genre, {}).get(layout) or self.layouts[layout]


# --- words.yaml, advice.yaml ---------------------------------------------------------


class SaidOnce(_Strict):
    first: str = Field(min_length=1)
    again: str = Field(min_length=1)


class NamedWork(_Strict):
    verb: str = Field(min_length=1)
    ends: tuple[str, ...] = Field(min_length=1)
    measures: int = Field(ge=1)


class Results(_Strict):
    section: str
    kinds: tuple[str, ...]
    words: tuple[str, ...]


def _pairs(value: Any) -> Any:
    """A mapping as its pairs, so the word lists stay hashable (they key caches)."""
    return tuple(value.items()) if isinstance(value, dict) else value


class PlanWords(_Strict):
    """How the plans are read for the closing after them (drafting.prose.plans)."""

    verbs: tuple[str, ...] = Field(min_length=1)  # opening a plan: what to do, not what about
    counts: tuple[str, ...]  # measure words of a count opening the object (开展一次……)
    complements: tuple[str, ...]  # said right after a verb (清理完……, 加大对……)
    own_speaker: tuple[str, ...] = Field(min_length=1)  # a plan opening so speaks for itself (我镇将……)
    wants_predicate: tuple[str, ...] = Field(min_length=1)  # a single-item lead ending so needs a verb after it
    topic_ends: tuple[str, ...]  # 「成果」「力度」: a topic says its work without them
    topic_length: tuple[int, int]  # characters a topic has, at least and at most
    topics: int = Field(ge=1)  # topics a closing names at most
    ahead: tuple[str, ...] = Field(min_length=1)  # 今后, 下一步: said once in the plans and the closing
    closing: tuple[str, ...] = Field(min_length=1)  # a last plan saying these is a closing itself


class Words(_Strict):
    """The word lists the grammar reads the clerk's words with (templates/words.yaml)."""

    own_verbs: tuple[str, ...]
    basis_words: tuple[str, ...]
    basis_done: str
    prepositions: tuple[str, ...]
    said_once: SaidOnce
    clause_verbs: tuple[str, ...]
    count_prefixes: tuple[str, ...]
    status_times: tuple[str, ...]
    status_months: tuple[str, ...]
    status_words: tuple[str, ...] = Field(min_length=1)
    built_verbs: tuple[str, ...] = Field(min_length=1)
    built_units: tuple[str, ...] = Field(min_length=1)
    purpose_aims: tuple[str, ...] = Field(min_length=1)
    purpose_openers: tuple[str, ...] = Field(min_length=1)
    result_words: tuple[str, ...] = Field(min_length=1)
    count_units: tuple[str, ...] = Field(min_length=1)
    named_work: NamedWork
    results: Results
    background_names: tuple[str, ...]
    target_verbs: tuple[str, ...]
    target_verb: str
    answered_yes: str
    answered_no: str
    heading_claims: tuple[str, ...] = Field(min_length=1)
    inspection_claims: tuple[str, ...]
    inspection_words: tuple[str, ...] = Field(min_length=1)
    areas: Annotated[tuple[tuple[str, str], ...], BeforeValidator(_pairs)] = Field(min_length=1)  # unit type -> 城乡, 城区 …
    plans: PlanWords

    def area(self, unit_type: str) -> str:
        return dict(self.areas).get(unit_type, "")


class ThinAdvice(_Strict):
    intro: Phrase
    short_part: Phrase
    short_closing_part: Phrase
    problems_parts: tuple[str, ...]
    plans_parts: tuple[str, ...]
    no_problems: str
    no_plans: Phrase  # {next}: the period after the draft's (next_period)
    next_period: dict[PeriodSpan, str]
    outro: str


class ChangeWords(_Strict):
    added: str
    removed: str
    before: str
    after: str


class Advice(_Strict):
    thin: ThinAdvice
    changes: ChangeWords


# --- lexicon.yaml ----------------------------------------------------------------------


class ObjectFrame(_Strict):
    """How a noun phrase ending in one of ``heads`` is said as what was done: 「召开{name}」."""

    say: Phrase
    heads: tuple[str, ...] = Field(min_length=1)


class Lexicon(_Strict):
    """The words the fragments of clerks' answers are read with (drafting.prose.fragments),
    added to jieba with their parts of speech."""

    verbs: tuple[str, ...] = Field(min_length=1)
    nouns: tuple[str, ...]
    work_nouns: tuple[str, ...] = Field(min_length=1)
    roles: tuple[str, ...] = Field(min_length=1)
    objects: tuple[ObjectFrame, ...] = Field(min_length=1)
    default_object: Phrase
    time_words: tuple[str, ...]
    purpose_words: tuple[str, ...]

    def words(self) -> tuple[tuple[str, str], ...]:
        """What jieba is given: this work's verbs as verbs, the nouns and roles as nouns."""
        return (*((word, "v") for word in self.verbs), *((word, "n") for word in (*self.nouns, *self.roles)))


def one_of(words: tuple[str, ...]) -> str:
    """A word list as a regular-expression alternative, the longest word first."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# --- the whole wording -----------------------------------------------------------------


@dataclass(frozen=True)
class HeadingChoice:
    """A heading rule with its kinds as drafting.prose.items records them
    (group ids, 「group:kind picked」), and its headings per layout, in order of preference."""

    kinds: frozenset[str]
    headings: Mapping[str, tuple[Pattern, ...]]
    topic: Pattern | None = None


@dataclass(frozen=True)
class WordingFiles:
    """The files as read, before they are checked against a questionnaire."""

    directory: Path
    sources: Mapping[str, YamlFile]
    genres: GenresFile
    formulas: Mapping[str, tuple[Pattern, ...]]
    headings: Mapping[str, SectionHeadings]
    items: Mapping[str, ItemWording]
    layouts: LayoutsFile
    words: Words
    advice: Advice
    lexicon: Lexicon


@dataclass(frozen=True)
class Wording:
    """The wording files checked against one questionnaire, ready for drafting."""

    files: WordingFiles
    # Per work section: the heading rules with their kinds resolved, then the fallback.
    heading_rules: Mapping[str, tuple[HeadingChoice, ...]]
    default_genre: str  # the genre question's default: the frame while it is unanswered

    @property
    def formulas(self) -> Mapping[str, tuple[Pattern, ...]]:
        return self.files.formulas

    @property
    def items(self) -> Mapping[str, ItemWording]:
        return self.files.items

    @property
    def layouts(self) -> LayoutsFile:
        return self.files.layouts

    @property
    def words(self) -> Words:
        return self.files.words

    @property
    def advice(self) -> Advice:
        return self.files.advice

    @cached_property
    def reader(self) -> "FragmentReader":
        """The clerk's fragments read with this wording's lexicon (jieba loaded once)."""
        from drafting.prose.fragments import FragmentReader

        return FragmentReader(self.files.lexicon)

    def warm_reader(self) -> None:
        """Load jieba, the lexicon and the figures' segmenter now (seconds): the bot calls
        this at start, beside its other start-up work, not in a clerk's turn."""
        from dialogs.segmenter import segmenter

        self.reader.read("根据党政领导人员变化及时调整充实")
        segmenter().cut("开展为期6个月的整治")

    def frame(self, genre: str) -> "ResolvedFrame":
        """The genre's frame with the defaults filled in; the default genre's for a genre
        the files do not know (an answer kept from an older questionnaire)."""
        genres = self.files.genres
        frame = genres.genres.get(genre) or genres.genres[self.default_genre]
        defaults = genres.defaults
        return ResolvedFrame(
            genre=genre if genre in genres.genres else self.default_genre,
            title=tuple(tuple(word) for word in frame.title),
            main_heading=frame.main_heading,
            report_line=frame.report_line,
            sign_off=frame.sign_off if frame.sign_off is not None else defaults.sign_off,
            opening=frame.opening or defaults.opening,
            addressee=frame.addressee if frame.addressee is not None else defaults.addressee,
            byline=tuple(frame.byline or ()),
            salutation=frame.salutation,
            closing=tuple(frame.closing or defaults.closing),
            plans_heading=frame.plans_heading or defaults.plans_heading,
            signature=frame.signature,
        )

    def heading_options(self, section_id: str, kinds: frozenset[str] | set[str], layout: str, title: str) -> tuple[tuple[Pattern, ...], Pattern | None]:
        """The headings of the first rule with a kind the section holds (and how its
        {topic} is made), else the section's default for the layout, else its title; in
        order of preference (drafting.prose.sections uses the first the content bears out)."""
        for rule in self.heading_rules.get(section_id, ()):
            if rule.kinds & kinds and layout in rule.headings:
                return tuple(rule.headings[layout]), rule.topic
        default = self.files.headings[section_id].default.get(layout) if section_id in self.files.headings else None
        return (tuple(default) if default else (Pattern.parse(title),)), None

    def joined_headings(self, sections: Collection[str], layout: str) -> tuple[Pattern, ...]:
        """The headings of a part holding the work of all ``sections`` (two or three), in
        order of preference; () when the wording files give none (they are never one part).
        headings.yaml writes them under one of the sections, keyed by the others
        (「publicity」, 「publicity+support」: JOINED_WITH between them)."""
        wanted = frozenset(sections)
        for one in dict.fromkeys(sections):
            entry = self.files.headings.get(one)
            for others, by_layout in entry.joined.items() if entry is not None else ():
                if frozenset({one, *others.split(JOINED_WITH)}) == wanted and layout in by_layout:
                    return tuple(by_layout[layout])
        return ()

    def rule_index(self, section_id: str, kinds: frozenset[str] | set[str]) -> int:
        """Which of the section's heading rules ``kinds`` fall under first (-1: none)."""
        return next((index for index, rule in enumerate(self.heading_rules.get(section_id, ())) if rule.kinds & kinds), -1)


@dataclass(frozen=True)
class ResolvedFrame:
    genre: str
    title: tuple[tuple[Pattern, ...], ...]
    main_heading: Pattern
    report_line: Pattern | Mapping[str, Pattern]
    sign_off: Pattern | None
    opening: Opening
    addressee: Pattern | None
    byline: tuple[Pattern, ...]
    salutation: Pattern | None
    closing: tuple[Pattern, ...]
    plans_heading: Pattern | Mapping[str, Pattern]
    signature: bool

    def for_period(self, wording: Pattern | Mapping[str, Pattern], span: str | None) -> Pattern:
        """A per-period wording for ``span`` (全年 while the period is not yet given)."""
        return wording if isinstance(wording, Pattern) else wording[span or "全年"]


class _Formulas(RootModel[dict[str, Annotated[list[Phrase], Field(min_length=1)]]]):
    model_config = ConfigDict(arbitrary_types_allowed=True)


class _Headings(RootModel[dict[str, SectionHeadings]]):
    pass


class _Items(RootModel[dict[str, ItemWording]]):
    model_config = ConfigDict(arbitrary_types_allowed=True)


FILES = ("genres", "formulas", "headings", "items", "layouts", "words", "advice", "lexicon")


@cache
def read_wording_files(directory: Path = TEMPLATES_DIR) -> WordingFiles:
    """The wording files of ``directory`` parsed into models (once per directory);
    WordingError naming the file and the line when one is broken."""
    sources = {name: _read(directory / f"{name}.yaml") for name in FILES}

    def model(name: str, kind: type[BaseModel]) -> Any:
        source = sources[name]
        try:
            return kind.model_validate(source.data)
        except ValidationError as error:
            raise WordingError(str(source.validation_error(error))) from error

    return WordingFiles(
        directory=directory,
        sources=sources,
        genres=model("genres", GenresFile),
        formulas={key: tuple(options) for key, options in model("formulas", _Formulas).root.items()},
        headings=model("headings", _Headings).root,
        items=model("items", _Items).root,
        layouts=model("layouts", LayoutsFile),
        words=model("words", Words),
        advice=model("advice", Advice),
        lexicon=model("lexicon", Lexicon),
    )


def load_wording(questionnaire: Questionnaire, directory: Path | str = TEMPLATES_DIR) -> Wording:
    """The wording of ``directory`` checked against ``questionnaire``; WordingError (file,
    line, what is wrong) for the first problem found."""
    from drafting.prose.wording_checks import check_wording

    return check_wording(read_wording_files(Path(directory)), questionnaire)


_checked: dict[int, tuple[Questionnaire, Wording]] = {}


def wording_for(questionnaire: Questionnaire) -> Wording:
    """The shipped wording (templates/) checked against ``questionnaire``, once per
    questionnaire object (kept alive here so its id is never reused)."""
    found = _checked.get(id(questionnaire))
    if found is None or found[0] is not questionnaire:
        found = (questionnaire, load_wording(questionnaire))
        _checked[id(questionnaire)] = found
    return found[1]


def _read(path: Path) -> YamlFile:
    try:
        return read_yaml(path)
    except FileProblem as error:
        raise WordingError(str(error)) from error
