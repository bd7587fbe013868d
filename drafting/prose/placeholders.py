"""Placeholder markers (drafting.prose.facts.placeholder) as highlighted spans: the one parser.

A marker is made of private-use characters that no clerk's text can carry
(dialogs.parsing.clean_text drops the Unicode category Co), so only a fact the
renderer found missing becomes a placeholder span. Typed 「【待补充：……】」 stays text.
"""

from __future__ import annotations

from drafting.document import Span
from drafting.prose.facts import PLACEHOLDER_PATTERN, placeholder_text


def marker_spans(text: str) -> list[Span]:
    """``text`` as spans, each placeholder marker its own 【待补充：label】 placeholder span."""
    spans: list[Span] = []
    position = 0
    for match in PLACEHOLDER_PATTERN.finditer(text):
        if match.start() > position:
            spans.append(Span(text=text[position : match.start()]))
        spans.append(Span(text=placeholder_text(match[2]), placeholder=True))
        position = match.end()
    if position < len(text):
        spans.append(Span(text=text[position:]))
    return [span for span in spans if span.text]
