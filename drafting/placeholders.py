"""Find 【待补充：……】 markers inside plain strings (title, signature lines)."""

from __future__ import annotations

import re

from drafting.document import Span

PLACEHOLDER_PATTERN = re.compile(r"【待补充[^】]*】")


def spans_of(text: str) -> list[Span]:
    """``text`` as spans, each 【待补充：……】 marker its own placeholder span."""
    spans: list[Span] = []
    position = 0
    for match in PLACEHOLDER_PATTERN.finditer(text):
        if match.start() > position:
            spans.append(Span(text=text[position : match.start()]))
        spans.append(Span(text=match.group(), placeholder=True))
        position = match.end()
    if position < len(text):
        spans.append(Span(text=text[position:]))
    return spans
