"""A title too long for one line breaks between words, in a 梯形 or 菱形 shape.

GB/T 9704-2012 7.3.3: a title of several lines is broken where the meaning allows, the
lines arranged as a trapezoid or diamond. The title is composed from words (unit name,
period, 创建文明城市, 工作总结 …, see drafting.prose.framing.title_words), so the break points
are known, not guessed: the best break keeps every line within the 22 pt line and
makes the lines as even as possible, never leaving a line of one character.
"""

from __future__ import annotations

from itertools import combinations

from drafting.signature import display_width

# 二号 (22 pt) characters in the 156 mm text area: 20, less a margin for the title
# face's digits, wider than half a character (「2019」 took 2.3 in LibreOffice).
TITLE_LINE_CHARS = 19.0


def title_breaks(words: list[str], width: float = TITLE_LINE_CHARS) -> list[int]:
    """Character offsets where the title's lines break ([] for one line)."""
    title = "".join(words)
    if display_width(title) <= width or len(words) < 2:
        return []
    ends = [sum(len(w) for w in words[: i + 1]) for i in range(len(words) - 1)]
    best: tuple[float, list[int]] | None = None
    for count in range(1, len(ends) + 1):
        for cut in combinations(ends, count):
            lines = [title[a:b] for a, b in zip((0, *cut), (*cut, len(title)))]
            widths = [display_width(line) for line in lines]
            if max(widths) > width or min(len(line) for line in lines) < 2:
                continue
            score = max(widths) - min(widths) + 100 * count  # fewest lines, then most even
            if best is None or score < best[0]:
                best = (score, list(cut))
        if best is not None:
            return best[1]
    return []
