"""Work items -> paragraphs: one paragraph per item, each clause an answer the clerk gave.

A clause is the sub-question's ``pattern`` filled with the answer (「由党委书记任组长」)
in the unit's own words; a skipped answer takes its clause with it, and an item with no
answers leaves no paragraph. Figures are printed as the clerk wrote them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dialogs.answers import Answer, GroupAnswer, ListAnswer, MultiAnswer
from dialogs.questionnaire import Question, Section, UnitTerms
from dialogs.wording import in_unit_words
from drafting.facts import FactBook
from drafting.paragraphs import plan_paragraphs
from drafting.phrasing import fill, sentence
from drafting.provenance import sourced

# Values that already begin with the verb a pattern would add: 「依据《……》」 is not 「制定印发依据《……》」.
_OWN_VERBS = ("依据", "根据", "按照", "对照", "制定", "印发", "出台", "下发", "转发", "修订", "召开", "成立", "开展", "组织", "在")


@dataclass
class SectionDraft:
    """A work section as drafting sees it: its title, its heading per layout, its paragraphs."""

    section: Section
    heading: str
    paragraphs: list[str] = field(default_factory=list)


def work_sections(sections: list[Section], book: FactBook, terms: UnitTerms, layout: str) -> list[SectionDraft]:
    """The work sections in order, their items' sentences planned into paragraphs (drafting.paragraphs)."""
    drafts = []
    for section in sections:
        if section.role != "work":
            continue
        draft = SectionDraft(section, section.headings.get(layout, "") or section.headings.get("annual", "") or section.title)  # type: ignore[call-overload]
        for question in section.questions:
            answer = book.answers.get(question.id)
            if question.kind == "group" and isinstance(answer, GroupAnswer):
                book.used.add(question.id)
                for index, item in enumerate(answer.items):
                    paragraph = item_paragraph(question, item, book, terms, index)
                    if paragraph:
                        draft.paragraphs.append(paragraph)
            elif question.kind == "multi":
                book.used.add(question.id)  # the chosen kinds are said by their items
        draft.paragraphs = plan_paragraphs(draft.paragraphs)
        drafts.append(draft)
    return drafts


def item_paragraph(group: Question, item: Mapping[str, Answer], book: FactBook, terms: UnitTerms, index: int) -> str:
    """「5月19日下午，我街道召开动员大会，80余人参加。」 from one item's answers.

    The sentence is marked with the item and every answer it used (drafting.provenance).
    """
    front: list[str] = []
    clauses: list[str] = []
    paths: list[str] = [f"{group.id}#{index}"]
    said = _later_words(group, item, book)
    for sub in group.questions:
        answer = item.get(sub.id)
        if answer is None:
            continue
        book.used.add(f"{group.id}#{index}.{sub.id}")
        paths.append(f"{group.id}#{index}.{sub.id}")
        value = book.display(answer)
        if isinstance(answer, (ListAnswer, MultiAnswer)):
            value = "；".join(value)
        elif sub.id == "name" and isinstance(value, str):
            value = value.replace("/", "、")  # a listed kind 「交通/客运秩序」 reads 「交通、客运秩序」
            if said.startswith(value.strip("“”")):
                continue  # 「在“四上一巡”工作方面，“四上一巡”工作按计划推进」: the details name it
        clause = clause_for(sub, value, terms)
        (front if sub.front else clauses).append(clause)
    return sourced(sentence(*front, *clauses, lead=in_unit_words(group.lead, terms)), paths)


def _later_words(group: Question, item: Mapping[str, Answer], book: FactBook) -> str:
    """The first words of the item's first answer after its name, quotes aside."""
    for sub in group.questions:
        if sub.id != "name" and sub.id in item and not sub.front:
            value = book.display(item[sub.id])
            return value.lstrip("“") if isinstance(value, str) else ""
    return ""


# One-character prepositions a pattern and a clerk's answer may both begin with: 「在在县……」.
_PREPOSITIONS = ("在", "由", "对", "为", "向", "从")


def clause_for(question: Question, value: object, terms: UnitTerms) -> str:
    pattern = in_unit_words(question.pattern or "{}", terms)
    text = str(value or "")
    head, tail = pattern.split("{}", 1)
    if tail and text.endswith(tail.removeprefix("的")):
        pattern = head + "{}"  # 「针对……问题」 already says 「的问题」
    head = pattern.split("{}")[0]
    if head and text.startswith(_OWN_VERBS):
        # Keep the subject the pattern names (我乡) but not its verb: 我乡依据《……》.
        subject = terms.we if head.startswith(terms.we) else ""
        return fill(subject + "{}" + pattern.split("{}", 1)[1], value)
    if head.endswith(_PREPOSITIONS) and text.startswith(head[-1]):
        return fill(head[:-1] + "{}" + pattern.split("{}", 1)[1], value)  # the clerk said 「在」 already
    return fill(pattern, value)
