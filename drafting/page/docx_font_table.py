"""The .docx font table: declare the Chinese faces, drop the template's Japanese ones.

Word substitutes a missing face using the font table: charset 86 (GB2312) keeps
the fallback Chinese, and w:altName points 仿宋_GB2312 at the stock 仿宋.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from drafting.page.fonts import OfficialFonts

GB2312_CHARSET = "86"
SHIFT_JIS_CHARSET = "80"


def declare_fonts(document: DocxDocument, fonts: OfficialFonts) -> None:
    """Rewrite the font table so it lists every face the document uses."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    table = parse_xml(part.blob)
    for font in table.findall(qn("w:font")):
        charset = font.find(qn("w:charset"))
        if charset is not None and charset.get(qn("w:val")) == SHIFT_JIS_CHARSET:
            table.remove(font)
    declared = {font.get(qn("w:name")) for font in table.findall(qn("w:font"))}
    for face in _faces(fonts):
        if face not in declared:
            table.append(_font_entry(face, fonts.alternates.get(face)))
    # The font table has no python-docx part class; its blob is the only handle.
    part._blob = serialize_part_xml(table)


def _faces(fonts: OfficialFonts) -> list[str]:
    faces = [fonts.title, fonts.body, fonts.heading1, fonts.heading2, fonts.heading3, fonts.heading4, fonts.page_number]
    return list(dict.fromkeys(faces))


def _font_entry(face: str, alternate: str | None) -> OxmlElement:
    font = OxmlElement("w:font")
    font.set(qn("w:name"), face)
    if alternate:
        font.append(_valued("w:altName", alternate))
    font.append(_valued("w:charset", GB2312_CHARSET))
    font.append(_valued("w:family", "modern"))
    font.append(_valued("w:pitch", "fixed"))
    return font


def _valued(tag: str, value: str) -> OxmlElement:
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    return element
