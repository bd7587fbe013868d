"""GB/T 9704 numbers in the units WordprocessingML wants (see shared/GONGWEN.md)."""

from __future__ import annotations

from docx.shared import Mm

TWIPS_PER_POINT = 20

TITLE_SIZE_PT = 22  # 二号
BODY_SIZE_PT = 16  # 三号, also every heading level
PAGE_NUMBER_SIZE_PT = 14  # 四号

# 22 lines in the 225 mm text area: 28.95 pt. Exact spacing plus a line-only grid
# of the same pitch gives 22 lines a page in Word and LibreOffice alike.
LINE_PITCH_TWIPS = 579
# 28 characters of 16 pt need 448 pt but the text area is 442 pt wide: condense
# each character by 0.25 pt (w:spacing is in twentieths of a point).
CHARACTER_CONDENSE_TWIPS = -5
BODY_CHARACTER_TWIPS = BODY_SIZE_PT * TWIPS_PER_POINT
PAGE_NUMBER_CHARACTER_TWIPS = PAGE_NUMBER_SIZE_PT * TWIPS_PER_POINT

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(37)
MARGIN_BOTTOM = Mm(35)
MARGIN_LEFT = Mm(28)
MARGIN_RIGHT = Mm(26)
HEADER_DISTANCE = Mm(15)
# The page number sits ~7 mm below the text area (35 mm from the edge), so the top
# of its 14 pt line is at ~28 mm and the bottom of the footer at ~23 mm.
FOOTER_DISTANCE = Mm(23)

# Indents are given in hundredths of a character (w:firstLineChars="200") with a
# twips fallback for readers that ignore character units.
CHARS_UNIT = 100
