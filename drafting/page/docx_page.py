"""Page set-up of the official document: A4, GB/T 9704 margins, line grid, page numbers."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.text.paragraph import Paragraph as DocxParagraph

from drafting.page.docx_metrics import (
    CHARS_UNIT,
    FOOTER_DISTANCE,
    HEADER_DISTANCE,
    LINE_PITCH_TWIPS,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_NUMBER_CHARACTER_TWIPS,
    PAGE_WIDTH,
)
from drafting.page.docx_styles import FOOTER_STYLE
from drafting.page.fonts import OfficialFonts
from drafting.page.ooxml import PPR_ORDER, SECTPR_ORDER, ensure_child, set_attributes, set_font

PAGE_NUMBER_DASH = "—"  # 一字线 on either side: 「— 1 —」


def set_up_page(section: Section) -> None:
    """A4 with the 156 × 225 mm text area and a 22-line grid."""
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = HEADER_DISTANCE, FOOTER_DISTANCE
    grid = ensure_child(section._sectPr, "w:docGrid", SECTPR_ORDER)
    # A line-only grid: "linesAndChars" squeezes Chinese to ~14 a line in LibreOffice.
    grid.attrib.pop(qn("w:charSpace"), None)
    set_attributes(grid, type="lines", linePitch=str(LINE_PITCH_TWIPS))


def add_page_numbers(document: DocxDocument, section: Section, fonts: OfficialFonts) -> None:
    """「— 1 —」: odd pages right, even pages left, each 1 character in from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph._p.style = FOOTER_STYLE
        _write_page_number(paragraph, side, fonts)


def _write_page_number(paragraph: DocxParagraph, side: str, fonts: OfficialFonts) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT
    indent = ensure_child(paragraph._p.get_or_add_pPr(), "w:ind", PPR_ORDER)
    set_attributes(indent, **{side: str(PAGE_NUMBER_CHARACTER_TWIPS), f"{side}Chars": str(CHARS_UNIT)})
    _add_text_run(paragraph, f"{PAGE_NUMBER_DASH} ", fonts)
    _add_field_char_run(paragraph, "begin", fonts)
    instruction = _add_text_run(paragraph, "", fonts)
    instruction_text = OxmlElement("w:instrText")
    instruction_text.set(qn("xml:space"), "preserve")
    instruction_text.text = " PAGE "
    instruction._r.append(instruction_text)
    _add_field_char_run(paragraph, "separate", fonts)
    _add_text_run(paragraph, "1", fonts)  # cached result until the reader updates the field
    _add_field_char_run(paragraph, "end", fonts)
    _add_text_run(paragraph, f" {PAGE_NUMBER_DASH}", fonts)


def _add_text_run(paragraph: DocxParagraph, text: str, fonts: OfficialFonts):
    run = paragraph.add_run(text)
    set_font(run._r.get_or_add_rPr(), fonts.page_number)
    return run


def _add_field_char_run(paragraph: DocxParagraph, kind: str, fonts: OfficialFonts) -> None:
    run = _add_text_run(paragraph, "", fonts)
    field_char = OxmlElement("w:fldChar")
    field_char.set(qn("w:fldCharType"), kind)
    run._r.append(field_char)
