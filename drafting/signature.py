"""Where the signature block sits: GB/T 9704 rule for a document without a seal.

The unit name is set 2 characters in from the right; the date goes on the next
line with its first character 2 characters right of the unit's first character
(GB/T 9704 7.3.5.2). When the date is too long for that, the date keeps the
2-character margin and the unit moves left instead. Both writers (.docx and chat
text) use this. Widths are taken as the page renders them: LibreOffice and Word put
about a fifth of a character between a digit and a Chinese character, so
「2019年12月28日」 is 8 characters wide, not the 7 its characters add up to
(tests/test_page_layout.py measures it in the PDF).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import NamedTuple

RIGHT_MARGIN_CHARS = 2.0
DATE_SHIFT_CHARS = 2.0


class SignatureLayout(NamedTuple):
    unit_right_chars: float  # right indent of the unit line, in 16 pt characters
    date_right_chars: float


def display_width(text: str) -> float:
    """Width in full-width characters: Chinese 1, half-width digits and Latin ½."""
    return sum(0.5 if unicodedata.east_asian_width(c) in ("Na", "H", "N") else 1.0 for c in text)


AUTOSPACE_CHARS = 0.2  # the space a renderer puts between half-width and Chinese characters


def rendered_width(text: str) -> float:
    """``display_width`` plus the space put between half-width and Chinese neighbours."""
    halves = [display_width(c) == 0.5 for c in text if not c.isspace()]
    return display_width(text) + AUTOSPACE_CHARS * sum(a != b for a, b in zip(halves, halves[1:]))


def signature_layout(unit: str, date: str, width: Callable[[str], float] = rendered_width) -> SignatureLayout:
    """Right indents of the unit line and the date line, the texts measured by ``width``
    (the chat, which puts no space around digits, measures with display_width)."""
    unit_width, date_width = width(unit), width(date)
    if not unit or not date:
        return SignatureLayout(RIGHT_MARGIN_CHARS, RIGHT_MARGIN_CHARS)
    date_right = RIGHT_MARGIN_CHARS + unit_width - DATE_SHIFT_CHARS - date_width
    if date_right >= RIGHT_MARGIN_CHARS:
        return SignatureLayout(RIGHT_MARGIN_CHARS, date_right)
    unit_right = RIGHT_MARGIN_CHARS + date_width + DATE_SHIFT_CHARS - unit_width
    return SignatureLayout(unit_right, RIGHT_MARGIN_CHARS)
