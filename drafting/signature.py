"""Where the signature block sits: GB/T 9704 rule for a document without a seal.

The unit name is set 2 characters in from the right; the date goes on the next
line with its first character 2 characters right of the unit's first character.
When the date is too long for that, the date keeps the 2-character margin and
the unit moves left instead. Both writers (.docx and chat text) use this.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

RIGHT_MARGIN_CHARS = 2.0
DATE_SHIFT_CHARS = 2.0


class SignatureLayout(NamedTuple):
    unit_right_chars: float  # right indent of the unit line, in 16 pt characters
    date_right_chars: float


def display_width(text: str) -> float:
    """Width in full-width characters: Chinese 1, half-width digits and Latin ½."""
    return sum(0.5 if unicodedata.east_asian_width(c) in ("Na", "H", "N") else 1.0 for c in text)


def signature_layout(unit: str, date: str) -> SignatureLayout:
    """Right indents of the unit line and the date line."""
    unit_width, date_width = display_width(unit), display_width(date)
    if not unit or not date:
        return SignatureLayout(RIGHT_MARGIN_CHARS, RIGHT_MARGIN_CHARS)
    date_right = RIGHT_MARGIN_CHARS + unit_width - DATE_SHIFT_CHARS - date_width
    if date_right >= RIGHT_MARGIN_CHARS:
        return SignatureLayout(RIGHT_MARGIN_CHARS, date_right)
    unit_right = RIGHT_MARGIN_CHARS + date_width + DATE_SHIFT_CHARS - unit_width
    return SignatureLayout(unit_right, RIGHT_MARGIN_CHARS)
