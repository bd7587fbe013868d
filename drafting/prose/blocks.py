"""Sourced pieces -> the Document's blocks: paragraphs cut into sentences, headings numbered.

A paragraph is planned as a run of ``Sourced`` pieces (drafting.prose.provenance); here
each piece is tidied on its own and cut into sentences that keep its sources, and its
words become the paragraph's spans (a missing fact a placeholder span). Headings are
planned without numbers and numbered last, so a skipped section never leaves a gap such
as 一、 三、.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from drafting.document import Block, Heading, Paragraph, Placeholder, Sentence, Span
from drafting.prose.phrasing import cn_ordinal
from drafting.prose.provenance import Piece, Sourced, pieces_text
from drafting.prose.typography import tidy_marks

_MARKS_ONLY = "。！？，；：、 "
# A sentence ends at a run of 。！？ (and a closing quote or bracket right after it).
_SENTENCE_END = re.compile(r"[。！？]+[”’」）]*")


def paragraph_of(run: Iterable[Sourced], lead_in: bool = False) -> Paragraph | None:
    """One paragraph of ``run``: each piece tidied on its own and cut into sentences that
    keep its sources (or formula); None when nothing is left to say."""
    pieces: list[Piece] = []
    sentences: list[Sentence] = []
    for part in run:
        tidied = tidy_pieces(part.pieces)
        if not pieces_text(tidied).strip(_MARKS_ONLY):
            continue  # an answer tidied away to nothing (「()」) leaves no lone 「。」
        pieces.extend(tidied)
        for cut in cut_sentences(tidied):
            shown = pieces_text(cut)
            if shown.strip():
                sentences.append(Sentence(text=shown, sources=list(part.sources), formula=part.formula))
    if not pieces:
        return None
    return Paragraph(spans=spans_of(pieces), sentences=sentences, lead_in=lead_in)


def tidy_pieces(pieces: Iterable[Piece]) -> list[Piece]:
    """drafting.prose.typography.tidy_paragraph over words that may hold missing facts: no
    「，，」 or empty 「（）」 in the words, no space at either end."""
    tidied: list[Piece] = [tidy_marks(piece) if isinstance(piece, str) else piece for piece in _merged(pieces)]
    if tidied and isinstance(tidied[0], str):
        tidied[0] = tidied[0].lstrip()
    if tidied and isinstance(tidied[-1], str):
        tidied[-1] = tidied[-1].rstrip()
    return [piece for piece in tidied if piece]


def cut_sentences(pieces: list[Piece]) -> list[list[Piece]]:
    """The pieces sentence by sentence; a missing fact stays inside its sentence."""
    sentences: list[list[Piece]] = []
    current: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, Placeholder):
            current.append(piece)
            continue
        start = 0
        for end in _SENTENCE_END.finditer(piece):
            current.append(piece[start : end.end()])
            sentences.append(current)
            current, start = [], end.end()
        if start < len(piece):
            current.append(piece[start:])
    if current:
        sentences.append(current)
    return sentences


def spans_of(pieces: Iterable[Piece]) -> list[Span]:
    """Words as one plain span between missing facts, each missing fact a placeholder span."""
    return [Span(text=piece) if isinstance(piece, str) else Span.missing(piece) for piece in _merged(pieces) if piece]


def _merged(pieces: Iterable[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def drop_lone_children(blocks: list[Block]) -> list[Block]:
    """A heading with a single child heading loses that child: 「一、自查情况」 over one
    「（一）……」 reads as a list of one. The child's content stays, under the parent."""
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and _parent_of_only(blocks, index) is not None:
            continue
        kept.append(block)
    return kept


def _parent_of_only(blocks: list[Block], index: int) -> int | None:
    """The index of the heading whose one and only child heading is ``blocks[index]``."""
    child = blocks[index]
    assert isinstance(child, Heading)
    parent = next((i for i in range(index - 1, -1, -1) if isinstance(blocks[i], Heading) and blocks[i].level < child.level), None)  # type: ignore[union-attr]
    if parent is None or blocks[parent].level != child.level - 1:  # type: ignore[union-attr]
        return None
    siblings = 0
    for later in blocks[parent + 1 :]:
        if isinstance(later, Heading) and later.level <= child.level - 1:
            break
        siblings += isinstance(later, Heading) and later.level == child.level
    return parent if siblings == 1 else None


def number_headings(blocks: list[Block]) -> list[Block]:
    """一、 （一） 1. （1）, restarting each level under a new heading of a higher level."""
    counters = [0, 0, 0, 0, 0]
    numbered: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            counters[block.level] += 1
            for deeper in range(block.level + 1, 5):
                counters[deeper] = 0
            block = block.model_copy(update={"number": heading_number(block.level, counters[block.level])})
        numbered.append(block)
    return numbered


def heading_number(level: int, count: int) -> str:
    if level == 1:
        return f"{cn_ordinal(count)}、"
    if level == 2:
        return f"（{cn_ordinal(count)}）"
    if level == 3:
        return f"{count}."
    return f"（{count}）"
