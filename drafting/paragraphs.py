"""A section's work-item sentences planned into paragraphs that read as a whole.

Each work item arrives as one marked sentence (drafting.items): its lead, who, measures
and figures joined with 「，」/「；」. Laid out one per paragraph they read as a list of
fragments, so a section's items are planned into paragraphs here:

- a long item whose clauses are whole statements separated by 「；」 is cut into
  sentences at those 「；」 (each part long enough to stand alone, no 「一是」 series
  broken), so its paragraph has a beginning and a body;
- an item long enough to stand alone is a paragraph of its own; short items are
  gathered into one paragraph until it is long enough, and a short one left at the end
  joins the paragraph before it.

Every sentence keeps the sources of the item it came from (drafting.provenance).
"""

from __future__ import annotations

import re

from drafting.provenance import sourced, unwrap

PARAGRAPH_TARGET = 120  # characters: a paragraph shorter than this takes the next item in
_STANDALONE = 18  # characters a 「；」 part needs to be a sentence of its own
_SERIES = re.compile(r"[一二三四五六七八九十]是")


def plan_paragraphs(items: list[str]) -> list[str]:
    """Marked item sentences -> marked paragraphs (each a run of marked sentences)."""
    paragraphs: list[list[str]] = []
    length = 0
    for item in items:
        sentences = split_statements(item)
        if not sentences:
            continue
        size = sum(len(unwrap(s)[0]) for s in sentences)
        # A short paragraph takes the next item in even when that one is long: alone it is a fragment.
        if paragraphs and length < PARAGRAPH_TARGET and (size < PARAGRAPH_TARGET or length < PARAGRAPH_TARGET / 2):
            paragraphs[-1].extend(sentences)
            length += size
        else:
            paragraphs.append(list(sentences))
            length = size
    if len(paragraphs) > 1 and length < PARAGRAPH_TARGET / 2 and len(paragraphs[-1]) == 1:
        paragraphs[-2].extend(paragraphs.pop())
    return ["".join(paragraph) for paragraph in paragraphs]


def split_statements(item: str) -> list[str]:
    """One marked item sentence as its statements, each marked with the item's sources."""
    text, sources, _ = unwrap(item)
    if not text:
        return []
    if _SERIES.search(text):
        return [item]
    body = text.rstrip("。")
    parts = _top_level_parts(body)
    if len(parts) < 2 or any(len(part) < _STANDALONE for part in parts):
        return [item]
    return [sourced(f"{part}。", sources) for part in parts]


def _top_level_parts(text: str) -> list[str]:
    """``text`` cut at 「；」 outside brackets and quotes."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in "（(《“‘「【":
            depth += 1
        elif char in "）)》”’」】":
            depth = max(0, depth - 1)
        elif char == "；" and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part for part in parts if part]
