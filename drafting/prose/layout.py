"""A layout's parts (templates/layouts.yaml) filled with the worded content, as blocks.

A part is a heading and what it holds: the work sections, each under its own heading
one level down (or a 「关于……：」 lead-in), or lists of answers. A part with nothing in it
is left out, heading and all; headings are numbered afterwards (drafting.prose.blocks).
Answers no wording used go under the part of their own section: a work section's after
its paragraphs, continuing the last one; a section no part holds (基本信息) under its own
heading where the layout's ``rest`` part is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from drafting.document import Block, Heading, Span
from drafting.prose.blocks import paragraph_of
from drafting.prose.provenance import Sourced, formula
from drafting.prose.typography import tidy_paragraph
from drafting.prose.wording import Level, Part, Pattern

Paragraphs = list[list[Sourced]]


@dataclass
class Section:
    """A section as the layout places it: heading words, planned paragraphs, leftovers."""

    id: str
    heading: str
    paragraphs: Paragraphs = field(default_factory=list)
    leftovers: list[Sourced] = field(default_factory=list)


@dataclass
class Filled:
    """One part of the layout with what it holds, worded by drafting.prose.render."""

    part: Part
    lists: Paragraphs = field(default_factory=list)  # the paragraphs of its lists, in order
    # Answers no wording used, of the sections whose answers its lists are the first to name.
    leftovers: list[Sourced] = field(default_factory=list)


def layout_blocks(parts: Sequence[Filled], work: Sequence[Section], rest: Sequence[Section], headings: Mapping[str, str], lead_in: Pattern) -> list[Block]:
    """The blocks of every part in order, empty parts left out; ``work``: the work sections
    (numbered by drafting.prose.sections where the layout says so), ``rest``: the sections
    no part holds; ``headings``: the genre's words for the parts' {main_heading} and
    {plans_heading}."""
    blocks: list[Block] = []
    for filled in parts:
        part = filled.part
        # A part's lists come before its work: the 整改报告's inspection before the work it caused.
        inside: list[Block] = [paragraph for run in filled.lists if (paragraph := paragraph_of(run))]
        inside.extend(paragraph for line in filled.leftovers if (paragraph := paragraph_of([line])))
        if part.work is not None:
            for section in work:
                inside.extend(_section_blocks(section, part.work.heading, lead_in))
        if part.rest is not None:
            for section in rest:
                inside.extend(_section_blocks(section, part.rest.heading, lead_in))
        if inside:
            title = part.heading.with_words(headings).plain() if part.heading is not None else ""
            blocks.extend([*_heading(title, part.level, lead_in), *inside])
    return blocks


def _section_blocks(section: Section, level: Level, lead_in: Pattern) -> list[Block]:
    paragraphs: Paragraphs = [list(p) for p in section.paragraphs]
    leftovers = list(section.leftovers)
    if paragraphs and leftovers:
        paragraphs[-1].append(leftovers.pop(0))  # the section's other answers continue its last paragraph
    paragraphs.extend([line] for line in leftovers)
    inside = [paragraph for run in paragraphs if (paragraph := paragraph_of(run))]
    return [*_heading(section.heading, level, lead_in), *inside] if inside else []


def _heading(title: str, level: Level, lead_in: Pattern) -> list[Block]:
    """A heading at ``level``, or the 条目式 lead-in 「关于{title}：」 (a paragraph, unnumbered)."""
    if not title:
        return []
    if level == "lead-in":
        line = formula(lead_in.with_words({"title": title}).plain(), "lead-in")
        paragraph = paragraph_of([line] if line else [], lead_in=True)
        return [paragraph] if paragraph else []
    title = tidy_paragraph(title)
    return [Heading(level=level, title=[Span(text=title)])] if title else []
