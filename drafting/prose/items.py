"""Work items -> paragraphs: one sentence per item, each clause answers the clerk gave.

An item is said by its group's sentence in templates/items.yaml: clauses in order, each
naming answers of the item (「由{leader}任组长」), in the unit's own words; a clause whose
answers are missing vanishes, and an item with no answers leaves no sentence. The grammar
here decides how a clause meets the clerk's words (a verb they said already, a name the
details repeat), with the word lists of templates/words.yaml. Figures are printed as the
clerk wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from dialogs.answers import Answer, GroupAnswer, ListAnswer, MultiAnswer
from dialogs.questionnaire import Question, Section, UnitTerms
from drafting.prose.facts import FactBook, item_path
from drafting.prose.paragraphs import plan_paragraphs
from drafting.prose.phrasing import fill, fill_pattern, join_cn, sentence
from drafting.prose.provenance import Sourced, sourced
from drafting.prose.wording import ItemWording, Slot, Wording, Words, one_of as _any

NAME_ID = "name"  # the sub-question an item is named by (a picked kind, the clerk's own words)


@dataclass
class SectionDraft:
    """A work section as drafting sees it: its title, its heading per layout, its paragraphs."""

    section: Section
    heading: str
    # Each paragraph a run of sentences, each with its own sources (drafting.prose.paragraphs).
    paragraphs: list[list[Sourced]] = field(default_factory=list)


@dataclass
class WorkDraft:
    """The work sections, and the year's results lifted out of them for the opening."""

    sections: list[SectionDraft]
    achievements: list[Sourced] = field(default_factory=list)
    # 辖区基本情况 typed as a kind of work: the facts a summary opens with, not a measure.
    background: list[Sourced] = field(default_factory=list)


def work_sections(
    sections: list[Section], book: FactBook, terms: UnitTerms, layout: str, wording: Wording, ordinals: bool = True,
    against_last_year: Mapping[str, list[str]] | None = None,
) -> WorkDraft:
    """The work sections in order, their items' sentences planned into paragraphs
    (drafting.prose.paragraphs); ``ordinals``: an item's measures are counted 「一是……」
    (not where the layout numbers the items themselves: no series inside a series).

    A result of the year (a 测评 ranking, an honour) is not a measure: under 「加大投入」 it
    reads as misplaced, so it leaves its section for the opening (``achievements``).
    ``against_last_year``: per work item, what its figures may say against last year's
    (dialogs.year_on_year), said after the item's own sentence.
    """
    words = wording.words
    drafts = []
    achievements: list[Sourced] = []
    background: list[Sourced] = []
    for section in sections:
        if section.role != "work":
            continue
        kinds: set[str] = set()
        items: list[Sourced] = []
        for question in section.questions:
            answer = book.answers.get(question.id)
            if question.kind == "group" and isinstance(answer, GroupAnswer):
                book.used.add(question.id)
                said: list[Sourced] = []
                for index, item in enumerate(answer.items):
                    if question.catch_all and is_background(item, book, words):
                        # Said without its name: 「辖区基本情况」 is what the facts are, not words of the draft.
                        facts = item_paragraph(question, {k: v for k, v in item.items() if k != NAME_ID}, book, terms, index, wording)
                        background.extend([facts] if facts else [])
                        continue
                    paragraph = item_paragraph(question, item, book, terms, index, wording)
                    if paragraph is None:
                        continue
                    compared = (against_last_year or {}).get(f"{question.id}#{index}")
                    if compared:
                        paragraph = Sourced((*paragraph.pieces, sentence(*compared)), paragraph.sources)
                    if section.id == words.results.section and is_result(item, book, words):
                        achievements.append(paragraph)
                        continue
                    said.append(paragraph)
                    kinds.update((question.id, f"{question.id}:{item_name(item, book)}"))
                items.extend(gather_alike(said, _subject_verb(wording.items[question.id], terms), terms.we))
            elif question.kind == "multi":
                book.used.add(question.id)  # the chosen kinds are said by their items
        heading = wording.heading(section.id, kinds, layout, section.title)
        drafts.append(SectionDraft(section, heading, plan_paragraphs(items, words, ordinals=ordinals)))
    return WorkDraft(drafts, achievements, background)


def _unit(terms: UnitTerms) -> dict[str, str]:
    """The unit's words an item sentence may use ({name} is the item's name there)."""
    return {"we": terms.we, "whole": terms.whole, "sub": terms.sub}


def _subject_verb(said: ItemWording, terms: UnitTerms) -> str:
    """「我镇召开」「我镇制定印发」: how every item of a group begins when only its first
    answer (the meeting, the document) is said."""
    first = said.sentence[0]
    pattern = first[0]
    if len(first) != 1 or pattern.parts[:1] != (Slot("we"),) or len(pattern.parts) < 3 or not isinstance(pattern.parts[-1], Slot):
        return ""
    return pattern.with_words(_unit(terms)).plain().removesuffix("{}")


def gather_alike(sentences: list[Sourced], opening: str, subject: str = "") -> list[Sourced]:
    """Items that are nothing but 「我镇召开……**次。」 as one sentence where the first of them
    stood: 「我镇召开创城专题部署动员会**次、创城工作培训会**次和创城内部工作会议**次。」 (the
    clerk's items, the subject and verb said once); items saying more stay as they are,
    but three or more in a row say the unit (``subject``) only in the first."""
    if len(opening) < 2:
        return sentences
    bare: list[tuple[str, tuple[str, ...]]] = []
    kept: list[Sourced | None] = []
    for item in sentences:
        text = item.text
        rest = text.removeprefix(opening).rstrip("。")
        if text.startswith(opening) and rest and not any(mark in rest for mark in "，；：。、和"):
            if not bare:
                kept.append(None)  # where the gathered sentence goes
            bare.append((rest, item.sources))
        else:
            kept.append(item)
    if len(bare) >= 2:
        together = Sourced((f"{opening}{join_cn(rest for rest, _ in bare)}。",), tuple(dict.fromkeys(path for _, paths in bare for path in paths)))
        sentences = [together if item is None else item for item in kept]
    return _subject_once(sentences, opening, subject)


SUBJECT_RUN = 3  # item sentences in a row opening alike read as a list typed out


def _subject_once(sentences: list[Sourced], opening: str, subject: str) -> list[Sourced]:
    """「我单位成立a。我单位成立b，……。我单位成立c：……。」 -> the unit said by the first
    only: 「我单位成立a。成立b，……。成立c：……。」."""
    if not subject or not opening.startswith(subject):
        return sentences
    said = list(sentences)
    start = 0
    while start < len(said):
        end = start
        while end < len(said) and said[end].text.startswith(opening):
            end += 1
        if end - start >= SUBJECT_RUN:
            for index in range(start + 1, end):
                said[index] = said[index].said(said[index].text.removeprefix(subject))
        start = max(end, start + 1)
    return said


def item_name(item: Mapping[str, Answer], book: FactBook) -> str:
    """The item's name as the clerk gave it (a picked kind or their own words), or ""."""
    name = book.display(item[NAME_ID]) if NAME_ID in item else None
    return name if isinstance(name, str) else ""


def is_background(item: Mapping[str, Answer], book: FactBook, words: Words) -> bool:
    """An item the clerk named 「辖区基本情况」: the unit's area, people and villages."""
    return any(word in item_name(item, book) for word in words.background_names) and len(item) > 1


def is_result(item: Mapping[str, Answer], book: FactBook, words: Words) -> bool:
    """An item that reports what the year achieved rather than what was done."""
    if item_name(item, book) in words.results.kinds:
        return True
    said = "".join(str(book.display(answer)) for key, answer in item.items() if key != NAME_ID)
    return any(word in said for word in words.results.words)


def is_label(group: Question, name: str, book: FactBook) -> bool:
    """A name that is one of the questionnaire's own kinds (「评选表彰/好人/道德模范」): a
    category, not the clerk's words, so the draft says the content and not 「在……方面」."""
    seed = book.questions.get(group.seeded_by or "")
    # Only a catch-all names its item by the kind picked (「开展环境卫生专项整治」 is words, not a label).
    return group.catch_all and seed is not None and name in seed.choices


def item_paragraph(group: Question, item: Mapping[str, Answer], book: FactBook, terms: UnitTerms, index: int, wording: Wording) -> Sourced | None:
    """「5月19日下午，我街道召开动员大会，80余人参加。」 from one item's answers, sourced
    with the item and every answer it used; None when nothing of it is left to say.

    Each clause of the group's sentence is said in the first of its wordings whose answers
    the item has; an answer no chosen wording names is said at the end as 「组长：……」, so
    no fact the clerk gave is lost.
    """
    said_as = wording.items[group.id]
    words = wording.words
    unit = _unit(terms)
    clauses: list[str] = []
    paths: list[str] = [f"{group.id}#{index}"]
    later = _later_words(said_as, item, book)
    chosen_clauses = [next((pattern for pattern in clause if all(slot in item for slot in pattern.with_words(unit).slots)), None) for clause in said_as.sentence]
    for chosen in chosen_clauses:
        if chosen is None:
            continue
        pattern = chosen.with_words(unit)
        for slot in pattern.slots:
            book.used.add(item_path(group.id, index, slot))
            paths.append(item_path(group.id, index, slot))
        if len(pattern.slots) > 1:
            filled = fill_pattern(pattern, {slot: _named(_shown(item[slot], book), slot) for slot in pattern.slots})
            clauses.append("".join(str(piece) for piece in filled or ()))
            continue
        [answer_id] = pattern.slots
        value = _shown(item[answer_id], book)
        shape = pattern.plain()
        if answer_id == NAME_ID and isinstance(value, str):
            if is_label(group, value, book):
                continue
            value = _named(value, answer_id)
            if later.startswith(value.strip("“”")):
                continue  # 「在“四上一巡”工作方面，“四上一巡”工作按计划推进」: the details name it
            if shape == "{}" and value in later:
                continue  # 「移动花木箱，摆放移动花木箱……」: a bare name the details say anyway
        campaign = words.said_once
        if index > 0 and shape.endswith(campaign.first):
            # 「专项整治」 said by the first theme of the section is not said again by every other.
            shape = shape.removesuffix(campaign.first) + campaign.again
        clause = clause_for(shape, value, terms, words)
        if clauses and answer_id != NAME_ID and isinstance(value, str):
            clauses[-1], clause = said_once(clauses[-1], clause, words)
        clauses.append(clause)
    for sub in group.questions:
        if sub.id in item and not any(chosen is not None and sub.id in chosen.slots for chosen in chosen_clauses):
            book.used.add(item_path(group.id, index, sub.id))
            paths.append(item_path(group.id, index, sub.id))
            clauses.append(fill(f"{sub.label}：{{}}", _shown(item[sub.id], book)))
    lead = said_as.lead.with_words(unit).plain() if said_as.lead is not None else ""
    return sourced(sentence(*clauses, lead=lead), paths)


def _shown(answer: Answer, book: FactBook) -> object:
    """An answer as an item clause says it: a list's items joined with 「；」."""
    value = book.display(answer)
    return "；".join(value) if isinstance(answer, (ListAnswer, MultiAnswer)) else value


def _named(value: object, answer_id: str) -> object:
    """A listed kind as a name: 「交通/客运秩序」 reads 「交通、客运秩序」."""
    return value.replace("/", "、") if answer_id == NAME_ID and isinstance(value, str) else value


def said_once(named: str, details: str, words: Words) -> tuple[str, str]:
    """「我镇召开动员会」 + 「召开**次」/「6月底召开，……」/「召开会议研究……」: the verb is said once.

    「我镇召开动员会**次」, 「我镇6月底召开动员会，……」, 「我镇召开……会议，研究……」: the clerk's
    words, with the verb they repeated left out.
    """
    for verb in words.clause_verbs:
        subject, found, meeting = named.partition(verb)
        if not found or not meeting:
            continue
        first, comma, rest = details.partition("，")
        if first.startswith(verb) and _count_start(words).match(first[len(verb) :]):
            return f"{named}{first[len(verb):]}", rest  # 召开**次
        if first.endswith(verb) and len(first) > len(verb) and verb not in first[: -len(verb)]:
            return f"{subject}{first[: -len(verb)]}{verb}{meeting}", rest  # 6月底召开 / 定期召开
        if first.startswith(f"{verb}会议") and len(first) > len(verb) + 2:
            return named, f"{first[len(verb) + 2:]}{comma}{rest}"  # 召开会议研究制定……
    first, comma, rest = details.partition("，")
    if named.endswith(_STATUS_ENDS):
        return named, details
    if _status(words).match(first):
        return f"{named}{first}", rest  # 「人工湖健康主题公园，正在建设」 -> 「……公园正在建设」
    built = _built(words).match(first)
    if built and not named.startswith(("我", "在", "开展", "由")):
        return f"{built[1]}{named}{built[2]}", rest  # 「垃圾分类亭，新建64个」 -> 「新建垃圾分类亭64个」
    return named, details


@cache
def _count_start(words: Words) -> re.Pattern[str]:
    """A count the clerk's details open with: 「召开**次」「共召开3次」."""
    return re.compile(f"^(?:{_any(words.count_prefixes)})?[0-9０-９XxＸ*？?]")


@cache
def _status(words: Words) -> re.Pattern[str]:
    """How a project's scale or progress is stated: it follows the project's name with no
    comma (「……工程上半年已完成」「……样板河全长1.5公里」「农村改厕涉及12个村」)."""
    times = f"{_any(words.status_times)}|\\d+月(?:{_any(words.status_months)})?"
    return re.compile(f"^(?:{times})?(?:{_any(words.status_words)})")


@cache
def _built(words: Words) -> re.Pattern[str]:
    """「新建64个」: a verb and a count with the project's name left out."""
    units = "".join(sorted({char for unit in words.built_units for char in unit}))
    return re.compile(f"^({_any(words.built_verbs)})(\\d+(?:\\.\\d+)?[余多]?[{re.escape(units)}]+)$")


_STATUS_ENDS = ("。", "，", "；", "：")


def _later_words(said_as: ItemWording, item: Mapping[str, Answer], book: FactBook) -> str:
    """The first words of the item's first answer after its name, quotes aside."""
    for clause in said_as.sentence:
        for slot in clause[0].slots:
            if slot != NAME_ID and slot in item:
                value = book.display(item[slot])
                return value.lstrip("“") if isinstance(value, str) else ""
    return ""


def clause_for(pattern: str, value: object, terms: UnitTerms, words: Words) -> str:
    """``value`` said in ``pattern`` (「我乡召开{}」, the unit's words filled in), the
    pattern's words bending to the clerk's: their own verb, their own 「在」, their own
    「的问题」, a theme that names its work."""
    text = str(value or "")
    head, tail = pattern.split("{}", 1)
    campaign = words.said_once
    if tail and text.endswith(tail.removeprefix("的")):
        pattern = head + "{}"  # 「针对……问题」 already says 「的问题」
    elif tail in (campaign.first, campaign.again) and text.endswith(words.work_nouns):
        pattern = head + "{}"  # 「街道整治专项整治」「联合检查专项整治」: the theme names the work
    head = pattern.split("{}")[0]
    if head and text.startswith(words.own_verbs):
        # Keep the subject the pattern names (我乡) but not its verb: 我乡依据《……》.
        subject = terms.we if head.startswith(terms.we) else ""
        if text.startswith(words.basis_words) and text.endswith(("》", "）")) and "，" not in text:
            text += words.basis_done  # 「我街道依据《……》。」 is half a sentence: what is done by it is the work itself
        return fill(subject + "{}" + pattern.split("{}", 1)[1], text)
    if head.endswith(words.prepositions) and text.startswith(head[-1]):
        return fill(head[:-1] + "{}" + pattern.split("{}", 1)[1], value)  # the clerk said 「在」 already
    return fill(pattern, value)
