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

from dialogs.answers import Answer, GroupAnswer, ListAnswer, MultiAnswer
from dialogs.questionnaire import Question, Section, UnitTerms
from drafting.prose.facts import FactBook, item_path
from drafting.prose.paragraphs import Topic
from drafting.prose.phrasing import fill, fill_pattern, join_cn, sentence
from drafting.prose.provenance import Sourced, sourced
from drafting.prose.seams import NAME_ID, Part, Seams
from drafting.prose.wording import ItemWording, Pattern, Slot, Wording, Words


@dataclass
class WorkDraft:
    """The work sections' items by topic, and the year's results lifted out of them for the opening."""

    sections: list[tuple[Section, list[Topic]]]
    achievements: list[Sourced] = field(default_factory=list)
    # 辖区基本情况 typed as a kind of work: the facts a summary opens with, not a measure.
    background: list[Sourced] = field(default_factory=list)


def work_sections(
    sections: list[Section], book: FactBook, terms: UnitTerms, wording: Wording,
    against_last_year: Mapping[str, list[str]] | None = None,
) -> WorkDraft:
    """The work sections in order, each with its items' sentences by topic: items of one
    kind together (drafting.prose.sections sizes and heads them, drafting.prose.paragraphs
    plans their paragraphs).

    A result of the year (a 测评 ranking, an honour) is not a measure: under 「加大投入」 it
    reads as misplaced, so it leaves its section for the opening (``achievements``).
    ``against_last_year``: per work item, what its figures may say against last year's
    (dialogs.year_on_year), said after the item's own sentence.
    """
    words = wording.words
    drafted: list[tuple[Section, list[Topic]]] = []
    achievements: list[Sourced] = []
    background: list[Sourced] = []
    typed = _items_typed(sections, book)
    for section in sections:
        if section.role != "work":
            continue
        topics: list[Topic] = []
        for question in section.questions:
            answer = book.answers.get(question.id)
            if question.kind == "group" and isinstance(answer, GroupAnswer):
                book.used.add(question.id)
                said: list[tuple[Sourced, str]] = []
                for index, item in enumerate(answer.items):
                    if question.catch_all and is_background(item, book, words):
                        # Said without its name: 「辖区基本情况」 is what the facts are, not words of the draft.
                        facts = item_paragraph(question, {k: v for k, v in item.items() if k != NAME_ID}, book, terms, index, wording)
                        background.extend([facts] if facts else [])
                        continue
                    elsewhere = "\n".join(text for path, text in typed if path != f"{question.id}#{index}")
                    paragraph = item_paragraph(question, item, book, terms, index, wording, elsewhere)
                    if paragraph is None:
                        continue
                    compared = (against_last_year or {}).get(f"{question.id}#{index}")
                    if compared:
                        paragraph = Sourced((*paragraph.pieces, sentence(*compared)), paragraph.sources)
                    if section.id == words.results.section and is_result(item, book, words):
                        achievements.append(paragraph)
                        continue
                    said.append((paragraph, item_name(item, book)))
                _add_topics(topics, question, said, book, terms, wording)
            elif question.kind == "multi":
                book.used.add(question.id)  # the chosen kinds are said by their items
        drafted.append((section, topics))
    return WorkDraft(drafted, achievements, background)


def _add_topics(topics: list[Topic], group: Question, said: list[tuple[Sourced, str]], book: FactBook, terms: UnitTerms, wording: Wording) -> None:
    """A group's item sentences as topics: one for the group, one per kind for a group
    that gathers several (a catch-all: each kind picked, each name of the clerk's own)."""
    if not group.catch_all:
        gathered = gather_alike([item for item, _ in said], _subject_verb(wording.items[group.id], terms), terms.we)
        names = ["" if is_picked_alternatives(group, name, book) else name for _, name in said]
        if gathered:
            topics.append(Topic(group.id, frozenset({group.id, *(f"{group.id}:{name}" for _, name in said)}), gathered, names))
        return
    for item, name in said:
        kind = f"{group.id}:{name}"
        if topics and topics[-1].kind == kind:
            topics[-1].items.append(item)
            continue
        own = "" if is_label(group, name, book) else name
        topics.append(Topic(kind, frozenset({group.id, kind}), [item], [own]))


def _items_typed(sections: list[Section], book: FactBook) -> list[tuple[str, str]]:
    """What the clerk typed in each work item, by the item's path (campaigns#0)."""
    typed: list[tuple[str, str]] = []
    for section in sections:
        for question in section.questions:
            answer = book.answers.get(question.id)
            if section.role == "work" and isinstance(answer, GroupAnswer):
                for index, item in enumerate(answer.items):
                    typed.append((f"{question.id}#{index}", "；".join(str(_shown(value, book)) for value in item.values())))
    return typed


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


def item_paragraph(group: Question, item: Mapping[str, Answer], book: FactBook, terms: UnitTerms, index: int, wording: Wording, elsewhere: str = "") -> Sourced | None:
    """「5月19日下午，我街道召开动员大会，80余人参加。」 from one item's answers, sourced
    with the item and every answer it used; None when nothing of it is left to say.

    Each clause of the group's sentence is said in the first of its wordings whose answers
    the item has, in the shape of the clerk's words (drafting.prose.seams); an answer no
    chosen wording names is said at the end as 「组长：……」, so no fact the clerk gave is
    lost. ``elsewhere``: what the clerk said in the draft's other items (a group they say
    was set up there is not set up again here).
    """
    said_as = wording.items[group.id]
    seams = Seams(wording.reader, wording.words)
    unit = _unit(terms)
    paths: list[str] = [f"{group.id}#{index}"]
    chosen_clauses = [next((pattern for pattern in clause if all(slot in item for slot in pattern.with_words(unit).slots)), None) for clause in said_as.sentence]
    parts: list[Part] = []
    for chosen in chosen_clauses:
        if chosen is None:
            continue
        pattern = chosen.with_words(unit)
        for slot in pattern.slots:
            book.used.add(item_path(group.id, index, slot))
            paths.append(item_path(group.id, index, slot))
        if len(pattern.slots) > 1:
            filled = fill_pattern(pattern, {slot: _named(_shown(item[slot], book), slot) for slot in pattern.slots})
            parts.append(Part("", "", filled="".join(str(piece) for piece in filled or ())))
            continue
        [answer_id] = pattern.slots
        value = _shown(item[answer_id], book)
        if not isinstance(value, str) or not value:
            continue
        if answer_id == NAME_ID and (is_label(group, value, book) or is_picked_alternatives(group, value, book)):
            continue  # a kind picked from the menu: the details say what was done
        parts.append(_part(chosen, answer_id, value, terms, said_as, index, wording))
    for sub in group.questions:
        if sub.id in item and not any(chosen is not None and sub.id in chosen.slots for chosen in chosen_clauses):
            book.used.add(item_path(group.id, index, sub.id))
            paths.append(item_path(group.id, index, sub.id))
            parts.append(Part("", "", filled=fill(f"{sub.label}：{{}}", _shown(item[sub.id], book))))
    apart, clauses = _composed(parts, seams, elsewhere)
    lead = said_as.lead.with_words(unit).plain() if said_as.lead is not None else ""
    text = "".join(sentence(line) for line in apart) + sentence(*clauses, lead=lead)
    return sourced(text, paths)


def _part(chosen: Pattern, answer_id: str, value: str, terms: UnitTerms, said_as: ItemWording, index: int, wording: Wording) -> Part:
    """One wording around one answer, as words before it (its subject, the rest) and after."""
    parts = chosen.parts
    at = next(position for position, piece in enumerate(parts) if piece == Slot(answer_id))
    words = _unit(terms)
    before = "".join(words.get(piece.name, "") if isinstance(piece, Slot) else piece for piece in parts[:at])
    after = "".join(words.get(piece.name, "") if isinstance(piece, Slot) else piece for piece in parts[at + 1 :])
    subject = terms.we if parts[:1] == (Slot("we"),) else ""
    campaign = wording.words.said_once
    if index > 0 and after.endswith(campaign.first):
        # 「专项整治」 said by the first theme of the section is not said again by every other.
        after = after.removesuffix(campaign.first) + campaign.again
    # The group's topic wording leads the details from its second item on (the first says the work).
    topic = said_as.topic.with_words({**words, NAME_ID: "{}"}).plain() if said_as.topic is not None and answer_id == NAME_ID and index > 0 else ""
    return Part(answer_id, _named(value, answer_id), subject, before.removeprefix(subject) if subject else before, after, topic)  # type: ignore[arg-type]


def _composed(parts: list[Part], seams: Seams, elsewhere: str) -> tuple[list[str], list[str]]:
    """The item's clauses once each has met the clerk's words and the name its details;
    first the sentences said apart (a name whose details use its verb again)."""
    said = [seams.clause(part) for part in parts]
    apart: list[str] = []
    name_at = next((position for position, part in enumerate(said) if part.slot == NAME_ID and not part.filled), None)
    if name_at is not None and _set_up_elsewhere(said[name_at], elsewhere):
        said[name_at] = Part(NAME_ID, said[name_at].value, filled=said[name_at].value)  # 「……领导小组由……任组长」
    details_at = next((position for position, part in enumerate(said) if name_at is not None and position > name_at and part.slot in ACCOUNTS), None)
    if name_at is not None and details_at is not None:
        name, details, apart = seams.join(said[name_at], said[details_at])
        said[name_at], said[details_at] = name, details  # type: ignore[call-overload]
    elif name_at is not None:
        said[name_at] = seams.alone(said[name_at])
    clauses: list[str] = []
    for part in said:
        if part is None:
            continue
        text = part.said()
        if clauses and text.startswith("由") and clauses[-1] and part.slot != NAME_ID and clauses[-1] == (said[name_at].value if name_at is not None and said[name_at] else None):
            clauses[-1] += text  # the group as the subject: 「……领导小组由党委书记任组长」
        else:
            clauses.append(text)
    return apart, clauses


ACCOUNTS = ("details", "measure")  # the answers that tell what was done, in the clerk's words


def _set_up_elsewhere(name: Part, elsewhere: str) -> bool:
    """Whether another item says this one's group was set up (「会上成立了……领导小组」)."""
    verb = name.frame
    if not verb or not elsewhere:
        return False
    core = name.value[-4:]
    return bool(re.search(f"{re.escape(verb)}了?[^，。；]{{0,20}}{re.escape(core)}", elsewhere))


def is_picked_alternatives(group: Question, name: str, book: FactBook) -> bool:
    """A theme picked from the menu that offers alternatives (「交通/客运秩序」): which of
    them was done only the details say, so the label is never printed as a claim."""
    seed = book.questions.get(group.seeded_by or "")
    return seed is not None and "/" in name and name in seed.choices


def _shown(answer: Answer, book: FactBook) -> object:
    """An answer as an item clause says it: a list's items joined with 「；」."""
    value = book.display(answer)
    return "；".join(value) if isinstance(answer, (ListAnswer, MultiAnswer)) else value


def _named(value: object, answer_id: str) -> object:
    """A listed kind as a name: 「交通/客运秩序」 reads 「交通、客运秩序」."""
    return value.replace("/", "、") if answer_id == NAME_ID and isinstance(value, str) else value
