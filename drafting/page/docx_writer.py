"""Write a drafted ``Document`` as an official .docx laid out to GB/T 9704-2012."""

from __future__ import annotations

import functools
from datetime import datetime, timezone
from io import BytesIO

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.text.paragraph import Paragraph as DocxParagraph

from drafting.page.docx_font_table import declare_fonts
from drafting.page.docx_metrics import BODY_CHARACTER_TWIPS, CHARS_UNIT
from drafting.page.docx_page import add_page_numbers, set_up_page
from drafting.page.docx_styles import (
    BODY_STYLE,
    EAST_ASIAN_LANGUAGE,
    HEADING_STYLES,
    TITLE_STYLE,
    configure_styles,
    write_first_line_indent,
)
from drafting.document import Document, Heading, Paragraph, Span
from drafting.page.fonts import OfficialFonts
from drafting.page.ooxml import PPR_ORDER, ensure_child, set_attributes, set_font
from drafting.signature import signature_layout


def write_docx(document: Document, fonts: OfficialFonts | None = None) -> bytes:
    """The .docx file of ``document`` as bytes."""
    fonts = fonts or OfficialFonts()
    output = docx.Document(BytesIO(_blank_official_docx(fonts.model_dump_json())))
    _write_title(output, document.title_lines, fonts)
    if document.byline_spans:
        _write_byline(output, document.byline_spans, fonts)
    _new_paragraph(output, BODY_STYLE)  # GB/T 9704: one blank line under the title
    for block in document.blocks:
        if isinstance(block, Heading):
            _write_heading(output, block, fonts)
        elif isinstance(block, Paragraph) and block.lead_in:
            # 条目式 「关于……：」 items are headings: 黑体, in the outline, kept with their text.
            _write_spans(_new_paragraph(output, HEADING_STYLES[1]), block.spans, fonts.heading(1))
        elif isinstance(block, Paragraph) and block.text:
            paragraph = _new_paragraph(output, BODY_STYLE)
            if block.flush_left:  # 主送机关 and salutation: GB/T 9704 7.3.2, 顶格
                write_first_line_indent(paragraph._p.get_or_add_pPr(), 0)
            _write_spans(paragraph, block.spans, fonts.body)
    _write_signature(output, document, fonts)
    _set_core_properties(output, document)
    buffer = BytesIO()
    output.save(buffer)
    return buffer.getvalue()


@functools.lru_cache(maxsize=4)
def _blank_official_docx(fonts_json: str) -> bytes:
    """An empty document with the official styles, fonts, page and page numbers, made
    once per set of fonts: rebuilding it from python-docx's template was a third of
    every build (keyed by the fonts' JSON because OfficialFonts holds a dict)."""
    fonts = OfficialFonts.model_validate_json(fonts_json)
    output = docx.Document()
    configure_styles(output, fonts)
    declare_fonts(output, fonts)
    section = output.sections[0]
    set_up_page(section)
    add_page_numbers(output, section, fonts)
    _remove_template_paragraphs(output)
    _drop_leftover_parts(output)
    buffer = BytesIO()
    output.save(buffer)
    return buffer.getvalue()


# python-docx's template carries a thumbnail of its own blank page and a bibliography
# sources part (customXml); neither belongs to an official document.
_LEFTOVER_RELATIONSHIPS = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
)


def _drop_leftover_parts(output: DocxDocument) -> None:
    """Unlink the template's thumbnail and customXml parts: unreachable parts are not saved."""
    for rels in (output.part.package.rels, output.part.rels):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype in _LEFTOVER_RELATIONSHIPS]:
            del rels[r_id]


def _new_paragraph(output: DocxDocument, style_id: str) -> DocxParagraph:
    paragraph = output.add_paragraph()
    if style_id != BODY_STYLE:  # the body style is the default; no w:pStyle needed
        paragraph._p.style = style_id
    return paragraph


def _remove_template_paragraphs(output: DocxDocument) -> None:
    for paragraph in list(output.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)


def _write_title(output: DocxDocument, title_lines: list[list[Span]], fonts: OfficialFonts) -> None:
    """The title, its lines broken between words (drafting.title_lines) with w:br."""
    paragraph = _new_paragraph(output, TITLE_STYLE)
    for index, line in enumerate(title_lines):
        if index:
            paragraph.add_run().add_break()
        _write_spans(paragraph, line, fonts.title)


def _write_byline(output: DocxDocument, spans: list[Span], fonts: OfficialFonts) -> None:
    """The speaker under a speech's title: centred, in the 楷体 of the second heading level."""
    paragraph = _new_paragraph(output, BODY_STYLE)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    write_first_line_indent(paragraph._p.get_or_add_pPr(), 0)
    _write_spans(paragraph, spans, fonts.heading(2))


def _write_heading(output: DocxDocument, heading: Heading, fonts: OfficialFonts) -> None:
    heading_spans = heading.numbered_title
    face = fonts.heading(heading.level)
    if not heading.body:
        _write_spans(_new_paragraph(output, HEADING_STYLES[heading.level]), heading_spans, face)
        return
    # Run-in heading (「1.加大公共场所宣传。」 + its text): a body paragraph whose
    # first run is set in the heading face.
    paragraph = _new_paragraph(output, BODY_STYLE)
    _write_spans(paragraph, heading_spans, face)
    _write_spans(paragraph, heading.body, fonts.body)


def _write_spans(paragraph: DocxParagraph, spans: list[Span], face: str) -> None:
    for span in spans:
        run = paragraph.add_run(span.text)
        # Every run names its East Asian face: a run without one falls back to
        # whatever the reader thinks the theme says.
        set_font(run._r.get_or_add_rPr(), face)
        if span.placeholder:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _write_signature(output: DocxDocument, document: Document, fonts: OfficialFonts) -> None:
    unit, date = document.signature_unit, document.signature_date
    if not unit and not date:
        return
    layout = signature_layout(unit, date)
    # GB/T 9704 7.3.5.3: the signature never stands alone on a page. The last body
    # paragraph, the blank line and the unit line each keep with the next, so the last
    # lines of the body move over with the signature (widow control is off: the body
    # paragraph's own lines may still split, only its last line must come along).
    last_body = output.paragraphs[-1] if output.paragraphs else None
    if last_body is not None:
        _keep_with_next(last_body)
    blank = _new_paragraph(output, BODY_STYLE)  # one blank line after the body
    _keep_with_next(blank)
    lines = [(spans, right) for spans, right in ((document.signature_unit_spans, layout.unit_right_chars), (document.signature_date_spans, layout.date_right_chars)) if spans]
    for index, (spans, right_chars) in enumerate(lines):
        paragraph = _new_paragraph(output, BODY_STYLE)
        _align_right(paragraph, right_chars)
        _write_spans(paragraph, spans, fonts.body)
        if index < len(lines) - 1:
            _keep_with_next(paragraph)


def _keep_with_next(paragraph: DocxParagraph) -> None:
    ensure_child(paragraph._p.get_or_add_pPr(), "w:keepNext", PPR_ORDER)


def _align_right(paragraph: DocxParagraph, right_chars: float) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    ppr = paragraph._p.get_or_add_pPr()
    write_first_line_indent(ppr, 0)
    set_attributes(
        ensure_child(ppr, "w:ind", PPR_ORDER),
        rightChars=str(round(right_chars * CHARS_UNIT)),
        right=str(round(right_chars * BODY_CHARACTER_TWIPS)),
    )


def _set_core_properties(output: DocxDocument, document: Document) -> None:
    properties = output.core_properties
    now = datetime.now(timezone.utc).replace(microsecond=0)
    properties.title = document.title
    properties.author = document.author
    properties.last_modified_by = document.author
    properties.comments = ""
    properties.language = EAST_ASIAN_LANGUAGE
    properties.created = properties.modified = now
    properties.revision = 1
