"""Styles of the official document: body, title, four heading levels, footer.

python-docx's default template is an English/Japanese Word 2010 document: theme
fonts everywhere, coloured headings and a ja-JP East Asian theme language. Each
style we use is rebuilt from scratch, every other style loses its theme fonts,
and the language is set to zh-CN, so Word and WPS show the intended faces.
"""

from __future__ import annotations

import copy

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from drafting.page.docx_metrics import (
    BODY_CHARACTER_TWIPS,
    BODY_SIZE_PT,
    CHARACTER_CONDENSE_TWIPS,
    CHARS_UNIT,
    LINE_PITCH_TWIPS,
    PAGE_NUMBER_SIZE_PT,
    TITLE_SIZE_PT,
)
from drafting.page.fonts import OfficialFonts
from drafting.page.ooxml import (
    PPR_ORDER,
    RPR_ORDER,
    STYLE_ORDER,
    ensure_child,
    replace_child,
    set_attributes,
    set_font,
    set_on_off,
    strip_theme_fonts,
)

# Style IDs of the template's built-in styles (Word shows them as 正文, 标题, 标题 1…).
# IDs, not names: python-docx resolves a name by scanning every style, per paragraph.
BODY_STYLE = "Normal"
TITLE_STYLE = "Title"
FOOTER_STYLE = "Footer"
HEADING_STYLES: dict[int, str] = {level: f"Heading{level}" for level in range(1, 5)}
EAST_ASIAN_LANGUAGE = "zh-CN"
BLACK = "000000"
STYLES_WITH_EFFECTS_RELATIONSHIP = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def configure_styles(document: DocxDocument, fonts: OfficialFonts) -> None:
    """Make the template's styles those of a GB/T 9704 document."""
    _set_document_defaults(document, fonts)
    _set_body_style(_style(document, BODY_STYLE), fonts)
    _set_title_style(_style(document, TITLE_STYLE), fonts)
    for level, name in HEADING_STYLES.items():
        _set_heading_style(_style(document, name), level, fonts)
    _set_footer_style(_style(document, FOOTER_STYLE), fonts)
    for name in (TITLE_STYLE, FOOTER_STYLE, *HEADING_STYLES.values()):
        _mirror_linked_character_style(document, _style(document, name))
    _drop_unused_styles(document)
    _strip_theme_fonts_everywhere(document, fonts)
    _set_theme_font_language(document)
    _drop_styles_with_effects(document)


def write_run_look(rpr: BaseOxmlElement, face: str, size_pt: float, condensed: bool) -> None:
    """Face, size, black colour and character spacing of runs (style or direct)."""
    set_font(rpr, face)
    ensure_child(rpr, "w:color", RPR_ORDER).set(qn("w:val"), BLACK)
    spacing = CHARACTER_CONDENSE_TWIPS if condensed else 0
    ensure_child(rpr, "w:spacing", RPR_ORDER).set(qn("w:val"), str(spacing))
    _write_size(rpr, size_pt)


def _write_size(rpr: BaseOxmlElement, size_pt: float) -> None:
    half_points = str(round(size_pt * 2))
    ensure_child(rpr, "w:sz", RPR_ORDER).set(qn("w:val"), half_points)
    ensure_child(rpr, "w:szCs", RPR_ORDER).set(qn("w:val"), half_points)


def write_first_line_indent(ppr: BaseOxmlElement, chars: float) -> None:
    """First-line indent in characters, with the twips fallback of 16 pt characters."""
    indent = ensure_child(ppr, "w:ind", PPR_ORDER)
    set_attributes(
        indent,
        firstLineChars=str(round(chars * CHARS_UNIT)),
        firstLine=str(round(chars * BODY_CHARACTER_TWIPS)),
    )


def write_exact_line_spacing(ppr: BaseOxmlElement) -> None:
    """Fixed 28.95 pt lines with no space between paragraphs."""
    spacing = ensure_child(ppr, "w:spacing", PPR_ORDER)
    set_attributes(spacing, before="0", after="0", line=str(LINE_PITCH_TWIPS), lineRule="exact")


def _style(document: DocxDocument, style_id: str) -> BaseOxmlElement:
    style = document.styles.element.get_by_id(style_id)
    if style is None:
        raise LookupError(f"the .docx template has no style {style_id!r}")
    return style


def _fresh_properties(style: BaseOxmlElement) -> tuple[BaseOxmlElement, BaseOxmlElement]:
    """Empty w:pPr and w:rPr for ``style``: the template's borders, colours and spacing go."""
    return replace_child(style, "w:pPr", STYLE_ORDER), replace_child(style, "w:rPr", STYLE_ORDER)


def _set_document_defaults(document: DocxDocument, fonts: OfficialFonts) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_font(rpr, fonts.body)
    _write_size(rpr, BODY_SIZE_PT)
    language = ensure_child(rpr, "w:lang", RPR_ORDER)
    set_attributes(language, val="en-US", eastAsia=EAST_ASIAN_LANGUAGE, bidi="ar-SA")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    set_on_off(ppr, "w:widowControl", PPR_ORDER, on=False)
    write_no_hanging_punctuation(ppr)
    write_exact_line_spacing(ppr)


def write_no_hanging_punctuation(ppr: BaseOxmlElement) -> None:
    """Line-end 、，。 stay inside the line in LibreOffice, so its PDF keeps them.

    LibreOffice hangs a mark that does not fit into the margin and then leaves it out
    of the PDF (2–4 a draft: the 29th character of a full line). Its .docx import reads
    w:overflowPunct inverted (ParaIsHangingPunctuation = val == 0, and hanging when
    absent), so val="1" — Word's own default, Word is unchanged — makes LibreOffice
    carry the mark's character to the next line instead (中文避头尾) on the same grid."""
    set_on_off(ppr, "w:overflowPunct", PPR_ORDER, on=True)


def _set_body_style(style: BaseOxmlElement, fonts: OfficialFonts) -> None:
    ppr, rpr = _fresh_properties(style)
    # Widow control off keeps every page at its full 22 lines.
    set_on_off(ppr, "w:widowControl", PPR_ORDER, on=False)
    write_exact_line_spacing(ppr)
    write_first_line_indent(ppr, 2)
    ensure_child(ppr, "w:jc", PPR_ORDER).set(qn("w:val"), "both")
    write_run_look(rpr, fonts.body, BODY_SIZE_PT, condensed=True)


def _set_title_style(style: BaseOxmlElement, fonts: OfficialFonts) -> None:
    ppr, rpr = _fresh_properties(style)
    ensure_child(ppr, "w:keepNext", PPR_ORDER)
    # On the grid a 22 pt line would take two grid rows.
    set_on_off(ppr, "w:snapToGrid", PPR_ORDER, on=False)
    write_exact_line_spacing(ppr)
    write_first_line_indent(ppr, 0)
    ensure_child(ppr, "w:jc", PPR_ORDER).set(qn("w:val"), "center")
    write_run_look(rpr, fonts.title, TITLE_SIZE_PT, condensed=False)


def _set_heading_style(style: BaseOxmlElement, level: int, fonts: OfficialFonts) -> None:
    ppr, rpr = _fresh_properties(style)
    ensure_child(ppr, "w:keepNext", PPR_ORDER)
    ensure_child(ppr, "w:outlineLvl", PPR_ORDER).set(qn("w:val"), str(level - 1))
    write_run_look(rpr, fonts.heading(level), BODY_SIZE_PT, condensed=True)


def _set_footer_style(style: BaseOxmlElement, fonts: OfficialFonts) -> None:
    ppr, rpr = _fresh_properties(style)
    set_on_off(ppr, "w:snapToGrid", PPR_ORDER, on=False)
    set_attributes(ensure_child(ppr, "w:spacing", PPR_ORDER), before="0", after="0", line="240", lineRule="auto")
    set_attributes(ensure_child(ppr, "w:ind", PPR_ORDER), firstLineChars="0", firstLine="0")
    write_run_look(rpr, fonts.page_number, PAGE_NUMBER_SIZE_PT, condensed=False)


def _mirror_linked_character_style(document: DocxDocument, style: BaseOxmlElement) -> None:
    """Give 「Heading 1 Char」 and friends the run look of their paragraph style."""
    link = style.find(qn("w:link"))
    if link is None:
        return
    linked = document.styles.element.get_by_id(link.get(qn("w:val")))
    if linked is None:
        return
    placeholder = replace_child(linked, "w:rPr", STYLE_ORDER)
    linked.replace(placeholder, copy.deepcopy(style.find(qn("w:rPr"))))


def _drop_unused_styles(document: DocxDocument) -> None:
    """Keep the styles a draft uses, the defaults, and what they are based on or linked to.

    The template defines 164 styles (tables, lists, captions…) in 350 KB of XML that
    every build parsed, rewrote and zipped again. Word and WPS know their built-in
    styles without a definition and add one when the clerk applies it."""
    element = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in element.findall(qn("w:style"))}
    wanted = [BODY_STYLE, TITLE_STYLE, FOOTER_STYLE, *HEADING_STYLES.values()]
    wanted += [style_id for style_id, style in by_id.items() if style.get(qn("w:default")) == "1"]
    # The template's list numbering names its list styles: keep them, no reference dangles.
    wanted += [p.get(qn("w:val")) for p in document.part.numbering_part.element.iter(qn("w:pStyle"))]
    kept: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in kept or style_id not in by_id:
            continue
        kept.add(style_id)
        for reference in ("w:basedOn", "w:link", "w:next"):
            child = by_id[style_id].find(qn(reference))
            if child is not None:
                wanted.append(child.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in kept:
            element.remove(style)


def _strip_theme_fonts_everywhere(document: DocxDocument, fonts: OfficialFonts) -> None:
    for rfonts in document.styles.element.iter(qn("w:rFonts")):
        strip_theme_fonts(rfonts, fonts.body)


def _set_theme_font_language(document: DocxDocument) -> None:
    """Resolve East Asian theme fonts through the zh-CN (Hans) slot, not ja-JP."""
    settings = document.settings.element
    language = settings.find(qn("w:themeFontLang"))
    if language is None:
        return
    set_attributes(language, val="en-US", eastAsia=EAST_ASIAN_LANGUAGE)


def _drop_styles_with_effects(document: DocxDocument) -> None:
    """Word 2010's duplicate style part still names theme fonts; styles.xml is enough."""
    for rid, relationship in list(document.part.rels.items()):
        if relationship.reltype == STYLES_WITH_EFFECTS_RELATIONSHIP:
            document.part.drop_rel(rid)
