"""Small WordprocessingML helpers python-docx 1.2 has no API for.

Children of w:pPr, w:rPr and w:sectPr must appear in schema order or Word
refuses the file, so every child is inserted at its place, never appended.
"""

from __future__ import annotations

from functools import lru_cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

# Schema order (ECMA-376 CT_PPrBase / CT_RPr / CT_SectPr), shortened to what matters.
PPR_ORDER: tuple[str, ...] = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)
RPR_ORDER: tuple[str, ...] = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
    "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
SECTPR_ORDER: tuple[str, ...] = (
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
    "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)
STYLE_ORDER: tuple[str, ...] = (
    "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine",
    "w:hidden", "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat",
    "w:locked", "w:personal", "w:personalCompose", "w:personalReply", "w:rsid",
    "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
)

THEME_FONT_ATTRIBUTES: tuple[str, ...] = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
FONT_ATTRIBUTES: tuple[str, ...] = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def ensure_child(parent: BaseOxmlElement, tag: str, order: tuple[str, ...]) -> BaseOxmlElement:
    """The ``tag`` child of ``parent``, created at its schema position if absent."""
    existing = parent.find(qn(tag))
    if existing is not None:
        return existing
    child = OxmlElement(tag)
    ranks = _ranks(order)
    rank = ranks[child.tag]
    # One pass over the children (python-docx's insert_element_before searches
    # once per successor tag, which dominated the writer's run time).
    for sibling in parent:
        if ranks.get(sibling.tag, -1) > rank:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


@lru_cache(maxsize=None)
def _ranks(order: tuple[str, ...]) -> dict[str, int]:
    return {qn(tag): index for index, tag in enumerate(order)}


def set_attributes(element: BaseOxmlElement, **attributes: str) -> None:
    """Set ``w:``-namespaced attributes given as keyword arguments (``firstLineChars="200"``)."""
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)


def set_font(rpr: BaseOxmlElement, face: str) -> None:
    """Name ``face`` for every script and drop theme fonts, which would override it."""
    fonts = ensure_child(rpr, "w:rFonts", RPR_ORDER)
    for attribute in THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in FONT_ATTRIBUTES:
        fonts.set(qn(attribute), face)


def strip_theme_fonts(fonts: BaseOxmlElement, fallback_face: str) -> None:
    """Replace theme-font references by ``fallback_face`` where no face is named."""
    for attribute in THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in FONT_ATTRIBUTES:
        if fonts.get(qn(attribute)) is None:
            fonts.set(qn(attribute), fallback_face)


def set_on_off(parent: BaseOxmlElement, tag: str, order: tuple[str, ...], on: bool) -> None:
    """Write a toggle such as w:snapToGrid explicitly, so a style cannot flip it back."""
    ensure_child(parent, tag, order).set(qn("w:val"), "1" if on else "0")


def replace_child(parent: BaseOxmlElement, tag: str, order: tuple[str, ...]) -> BaseOxmlElement:
    """A fresh, empty ``tag`` child (any existing one and its settings removed)."""
    existing = parent.find(qn(tag))
    if existing is not None:
        parent.remove(existing)
    return ensure_child(parent, tag, order)
