"""Work sections sized by what they hold, under headings from what they state (issue 23).

The interview asks by section (组织领导, 宣传发动, 专项整治 …); a draft's sections are cut
by content (templates/layouts.yaml, ``sizing``):

- a section that would swallow the draft (``swallowing`` characters or more, ``kinds``
  kinds of work or more) splits by its heading rules (templates/headings.yaml): each rule's
  kinds with enough to say a section of their own (「志愿服务」 apart from 「未成年人」), the
  small kinds together under the section's own heading;
- a thin one (under ``thin`` characters) joins the first section its ``merge`` list names
  that the draft has whole, else the one before it, else the one after, but only a section
  the two of which have a heading together (headings.yaml ``joined``): an item is never
  under a heading that does not speak for its work (issue 23: 媒体报道 under 「健全机构」);
  a pair still thin joins a third the same way, under a heading for the three
  (「publicity+support」); with none, it stands alone under its own;
- each section's heading comes from the rule most of it (DOMINANT) is about, else from
  the section's default, and a joined section's from its sections' ``joined`` headings; of the rule's wordings the first its content bears
  out: {topic} only when its items are named in the clerk's words, a result only when one is
  stated (a figure, or words of templates/words.yaml ``result_words``), 迎检 only when
  inspection was said, {area} the unit's own (城乡, 城区, 社区), and never the ending of a
  heading before it.

Within a section the items are planned into paragraphs by topic (drafting.prose.paragraphs),
numbered where the layout numbers them or where a topic is too short to stand alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from dialogs.questionnaire import Section
from drafting.prose.paragraphs import Topic, plan_paragraphs
from drafting.prose.phrasing import numbered_points
from drafting.prose.provenance import Sourced
from drafting.prose.wording import Pattern, Sizing, Wording, Words

HEADING_WORD = 2  # characters: two headings ending in these say the same
TOPIC_LENGTH = 12  # characters: a longer name is no heading's topic
FRAGMENT = 30  # characters: a topic this short is no paragraph beside others: the section is numbered
DOMINANT = 0.7  # share of a section's text one heading rule's kinds need to give it its heading


@dataclass
class SectionDraft:
    """A work section as it is drafted: its heading, its paragraphs, and the questionnaire
    sections whose other answers it takes (drafting.prose.leftovers)."""

    id: str
    heading: str
    paragraphs: list[list[Sourced]] = field(default_factory=list)
    origins: list[Section] = field(default_factory=list)


@dataclass
class _Chunk:
    """Topics of one questionnaire section; ``gathered``: the small kinds of a split section."""

    section: Section
    topics: list[Topic]
    gathered: bool = False

    @property
    def length(self) -> int:
        return sum(len(item.text) for topic in self.topics for item in topic.items)


@dataclass
class _Part:
    """A section of the draft: one chunk, or several once thin ones have joined it."""

    chunks: list[_Chunk]
    split: bool = False  # one of the parts a section was split into

    @property
    def length(self) -> int:
        return sum(chunk.length for chunk in self.chunks)

    @property
    def topics(self) -> list[Topic]:
        return [topic for chunk in self.chunks for topic in chunk.topics]

    @property
    def sections(self) -> list[str]:
        """The questionnaire sections whose work the part holds, in order."""
        return list(dict.fromkeys(chunk.section.id for chunk in self.chunks))

    @property
    def lead(self) -> _Chunk:
        """The chunk the section's heading speaks for: the one with most to say."""
        return max(self.chunks, key=lambda chunk: chunk.length)


def plan_sections(drafted: list[tuple[Section, list[Topic]]], layout: str, wording: Wording, area: str, numbered: bool, subject: str) -> list[SectionDraft]:
    """The work sections of ``drafted`` (each questionnaire section with its topics, in
    order) sized, headed and planned into paragraphs; ``numbered``: the layout numbers
    each topic (「一是……。」), ``subject``: the unit (我镇), not said again after a number."""
    sizing = wording.layouts.sizing
    parts = [piece for section, topics in drafted for piece in _split(_Chunk(section, topics), sizing, wording)]
    parts = _joined(parts, sizing, wording, layout)
    # Headings (（一）……) say one ending once a draft (HEADING_WORD); the 条目式's lead-ins
    # 「关于……：」 each name a topic, so only the same one twice is avoided there (「关于基础设施建设：」
    # and 「关于未成年人思想道德建设：」 do not say the same).
    lead_ins = any(part.work is not None and part.work.heading == "lead-in" for part in wording.layouts.layouts.get(layout, []))
    alike: Callable[[str], str] = str if lead_ins else _ending
    taken: set[str] = set()
    drafts = []
    for part in parts:
        lead = part.lead
        part.chunks.sort(key=lambda chunk: chunk is not lead)  # the heading's content first
        if len(part.sections) > 1:
            heading = _first_fitting(wording.joined_headings(part.sections, layout), part, area, wording, taken, alike)
        else:
            heading = choose_heading(lead, layout, wording, area, taken, alike)
        taken.add(alike(heading))
        origins = list({chunk.section.id: chunk.section for chunk in part.chunks}.values())
        drafts.append(SectionDraft(lead.section.id, heading, topic_paragraphs(part.topics, wording.words, numbered, subject), origins))
    return drafts


def topic_paragraphs(topics: list[Topic], words: Words, numbered: bool, subject: str) -> list[list[Sourced]]:
    """A section's paragraphs by topic; numbered 「一是……。二是……。」 (one number one
    topic, short ones sharing a paragraph) where the layout numbers its items, or where a
    topic is too short to be a paragraph beside others (issue 23: unrelated items never in
    one paragraph unnumbered, and no fragment of a paragraph)."""
    plain = plan_paragraphs(topics, words, ordinals=True)
    if not numbered and (len(plain) < 2 or all(sum(len(s.text) for s in paragraph) >= FRAGMENT for paragraph in plain)):
        return plain
    return numbered_points(plan_paragraphs(topics, words, ordinals=False, gather=False), subject=subject)


def _split(chunk: _Chunk, sizing: Sizing, wording: Wording) -> list[_Part]:
    """A section that would swallow the draft, cut by its heading rules: a part per rule
    with enough to say, the small kinds together under the section's own heading."""
    if len({topic.kind for topic in chunk.topics}) < sizing.kinds or chunk.length < sizing.swallowing:
        return [_Part([chunk])]
    groups: dict[int, list[Topic]] = {}
    for topic in chunk.topics:
        groups.setdefault(wording.rule_index(chunk.section.id, topic.kinds), []).append(topic)
    rest = _Chunk(chunk.section, [], gathered=True)
    kept: list[_Chunk] = []
    for topics in groups.values():
        piece = _Chunk(chunk.section, topics)
        if piece.length >= sizing.thin:
            kept.append(piece)
            continue
        if not rest.topics:
            kept.append(rest)  # the small kinds together, where the first of them was
        rest.topics.extend(topics)
    if rest.topics and rest.length < sizing.thin and len(kept) > 1:
        at = kept.index(rest)
        kept.remove(rest)
        kept[max(0, at - 1)].topics.extend(rest.topics)
    if len(kept) < 2:
        return [_Part([chunk])]
    return [_Part([piece], split=True) for piece in kept]


def _joined(parts: list[_Part], sizing: Sizing, wording: Wording, layout: str) -> list[_Part]:
    """Thin sections joined to the first section their ``merge`` list names that was not
    split (its heading is about one kind), else to the one before, else the one after, else
    to a part of a split section in that order: the first of these that has a heading
    together with it (``Wording.joined_headings``). A thin section with none stands alone."""
    parts = list(parts)
    alone: list[_Part] = []
    while True:
        thin = next((part for part in parts if part.topics and part.length < sizing.thin and not part.split and part not in alone), None)
        if thin is None:
            return parts
        at = parts.index(thin)
        own = thin.chunks[0].section.id
        candidates: list[_Part] = []
        for split in (False, True):  # a part of a split section only when no whole one will do
            others = [other for other in parts if other is not thin and other.topics and other.split == split]
            named = [other for target in sizing.merge.get(own, []) for other in others if target in other.sections]
            candidates += [*named, *reversed([other for other in others if parts.index(other) < at]), *others]
        target = next((other for other in candidates if _headed_together(other, thin, wording, layout)), None)
        if target is None:
            alone.append(thin)
            continue
        target.chunks.extend(thin.chunks)
        parts.remove(thin)


def _headed_together(part: _Part, thin: _Part, wording: Wording, layout: str) -> bool:
    """``thin`` can join ``part`` under one heading: the two hold one section's work, or
    two or three sections' with a ``joined`` heading for all of them (a thin pair joins a
    third only under a heading that speaks for the three)."""
    held = list(dict.fromkeys([*part.sections, *thin.sections]))
    return len(held) == 1 or bool(wording.joined_headings(held, layout))


def _ending(heading: str) -> str:
    return heading[-HEADING_WORD:]


def _first_new(fitting: list[str], taken: set[str], alike: Callable[[str], str], fallback: str) -> str:
    """The first of ``fitting`` that says nothing ``taken`` says (``alike``), else the first."""
    return next((heading for heading in fitting if alike(heading) not in taken), fitting[0] if fitting else fallback)


def _first_fitting(options: tuple[Pattern, ...], part: _Part, area: str, wording: Wording, taken: set[str], alike: Callable[[str], str] = _ending) -> str:
    """The first of a joined part's headings its content bears out, one ending once a draft."""
    text = "".join(item.text for topic in part.topics for item in topic.items)
    fitting = [heading for option in options if (heading := _heading(option, "", area, text, wording.words)) is not None]
    return _first_new(fitting, taken, alike, options[0].plain())


def choose_heading(lead: _Chunk, layout: str, wording: Wording, area: str, taken: set[str], alike: Callable[[str], str] = _ending) -> str:
    """The first heading the content bears out (see the module's docstring)."""
    section = lead.section.id
    kinds = frozenset() if lead.gathered else _dominant(lead, wording)
    options, topic_wording = wording.heading_options(section, kinds, layout, lead.section.title)
    general, _ = wording.heading_options(section, frozenset(), layout, lead.section.title)
    text = "".join(item.text for topic in lead.topics for item in topic.items)
    topic = _topic(lead, topic_wording, wording)
    # The rule's wordings first, then the section's own; one ending only once in a draft.
    fitting = [heading for option in (*options, *general) if (heading := _heading(option, topic, area, text, wording.words)) is not None]
    return _first_new(fitting, taken, alike, lead.section.title)


def _dominant(lead: _Chunk, wording: Wording) -> frozenset[str]:
    """The kinds of the heading rule that most of the section's text is about (DOMINANT of
    it), or none: several kinds at par get the section's own heading."""
    by_rule: dict[int, tuple[int, frozenset[str]]] = {}
    for topic in lead.topics:
        rule = wording.rule_index(lead.section.id, topic.kinds)
        length, kinds = by_rule.get(rule, (0, topic.kinds))
        by_rule[rule] = (length + sum(len(item.text) for item in topic.items), kinds)
    rule, (length, kinds) = max(by_rule.items(), key=lambda pair: pair[1][0]) if by_rule else (-1, (0, frozenset()))
    return kinds if rule >= 0 and length >= DOMINANT * lead.length else frozenset()


def _heading(option: Pattern, topic: str, area: str, text: str, words: Words) -> str | None:
    """``option`` filled, or None when the section's content does not bear it out."""
    if "topic" in option.slots and not topic:
        return None
    said = option.with_words({"topic": topic, "area": area}).plain()
    if any(word in said for word in words.heading_claims) and not states_result(text, words):
        return None
    if any(word in said for word in words.inspection_claims) and not any(word in text for word in words.inspection_words):
        return None
    return said


def states_result(text: str, words: Words) -> bool:
    """A result is stated: a figure of what was done, or a word of ``result_words``."""
    return any(word in text for word in words.result_words) or bool(_figure(words).search(text))


@cache
def _figure(words: Words) -> re.Pattern[str]:
    units = "".join(sorted({char for unit in words.count_units for char in unit}))
    return re.compile(f"\\d+(?:\\.\\d+)?[余多]?万?[{re.escape(units)}]")


def _topic(lead: _Chunk, topic_wording: Pattern | None, wording: Wording) -> str:
    """The section's work in the clerk's words, for a heading's {topic}: when every item is
    named in the clerk's words, the first name (「等」 when there are more), made a work by
    the rule's wording (「{name}整治」) unless it names its work already."""
    if topic_wording is None:
        return ""
    names = [name for topic in lead.topics for name in topic.names]
    if not names or not all(names):
        return ""
    name = names[0] + ("等" if len(names) > 1 else "")
    said = name if wording.reader.names_its_work(names[0]) else topic_wording.with_words({"name": name}).plain()
    return said if len(said) <= TOPIC_LENGTH else ""
