"""The .docx writer lays the summary out to GB/T 9704-2012 (see shared/GONGWEN.md)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from drafting.document import Document, Heading, Paragraph, Span
from drafting.page.docx_writer import write_docx
from drafting.page.fonts import OfficialFonts
from drafting.page.ooxml import PPR_ORDER, RPR_ORDER
from tests.support.tools import require_tools
from writer_sample import AUTHOR, DATE, TITLE, UNIT, sample_document

THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return write_docx(sample_document())


@pytest.fixture(scope="module")
def opened(docx_bytes: bytes) -> DocxDocument:
    return docx.Document(BytesIO(docx_bytes))


def _part_xml(docx_bytes: bytes, name: str) -> str:
    with zipfile.ZipFile(BytesIO(docx_bytes)) as package:
        return package.read(name).decode("utf-8")


def _xml_parts(docx_bytes: bytes) -> dict[str, str]:
    with zipfile.ZipFile(BytesIO(docx_bytes)) as package:
        return {n: package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml")}


def _fonts_of(element) -> dict[str, str | None]:
    rfonts = element.find(qn("w:rPr")).find(qn("w:rFonts"))
    return {name: rfonts.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "eastAsia")}


def _style_rpr_value(opened: DocxDocument, style: str, tag: str) -> str | None:
    element = opened.styles[style].element.find(qn("w:rPr")).find(qn(tag))
    return None if element is None else element.get(qn("w:val"))


def _footer_paragraphs(opened: DocxDocument):
    section = opened.sections[0]
    return {"odd": section.footer.paragraphs[0], "even": section.even_page_footer.paragraphs[0]}


def _non_empty_paragraphs(opened: DocxDocument):
    return [p for p in opened.paragraphs if p.text]


def test_page_is_a4_with_gbt9704_margins(opened: DocxDocument) -> None:
    section = opened.sections[0]
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                section.left_margin, section.right_margin]
    assert [round(length.mm, 1) for length in measured] == [210.0, 297.0, 37.0, 35.0, 28.0, 26.0]


def test_styles_name_the_chinese_faces_for_every_script(opened: DocxDocument) -> None:
    expected = {
        "Normal": "仿宋_GB2312",
        "Title": "方正小标宋简体",
        "Heading 1": "黑体",
        "Heading 2": "楷体_GB2312",
        "Heading 3": "仿宋_GB2312",
        "Heading 4": "仿宋_GB2312",
        "Footer": "宋体",
    }
    for style, face in expected.items():
        assert _fonts_of(opened.styles[style].element) == {"ascii": face, "hAnsi": face, "eastAsia": face}, style


def test_no_theme_font_attribute_is_left_anywhere(docx_bytes: bytes) -> None:
    for name, xml in _xml_parts(docx_bytes).items():
        if name.startswith("word/theme/"):
            continue
        for attribute in THEME_FONT_ATTRIBUTES:
            assert f"{attribute}=" not in xml, (name, attribute)


def test_the_template_duplicate_style_part_is_dropped(docx_bytes: bytes) -> None:
    with zipfile.ZipFile(BytesIO(docx_bytes)) as package:
        assert "word/stylesWithEffects.xml" not in package.namelist()


def test_every_run_names_its_east_asian_face(opened: DocxDocument) -> None:
    footers = _footer_paragraphs(opened).values()
    runs = [run for paragraph in [*opened.paragraphs, *footers] for run in paragraph.runs]
    assert len(runs) > 30
    for run in runs:
        fonts = run._r.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")), run.text
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:eastAsia"))


def test_sizes_are_erhao_title_sanhao_text_sihao_page_number(opened: DocxDocument) -> None:
    half_points = {s: _style_rpr_value(opened, s, "w:sz") for s in
                   ("Title", "Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Footer")}
    assert half_points == {"Title": "44", "Normal": "32", "Heading 1": "32", "Heading 2": "32",
                           "Heading 3": "32", "Heading 4": "32", "Footer": "28"}


def test_text_is_black_and_not_bold(opened: DocxDocument) -> None:
    for style in ("Title", "Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Footer"):
        assert _style_rpr_value(opened, style, "w:color") == "000000", style
        assert opened.styles[style].font.bold in (None, False), style


def test_body_indents_first_line_by_two_characters(opened: DocxDocument) -> None:
    indent = opened.styles["Normal"].element.find(qn("w:pPr")).find(qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "200"
    assert indent.get(qn("w:firstLine")) == "640"  # 2 × 16 pt fallback
    for level in range(1, 5):  # headings sit where the text starts, inherited from Normal
        assert opened.styles[f"Heading {level}"].element.find(qn("w:pPr")).find(qn("w:ind")) is None


def test_lines_are_exactly_28_95_points_on_a_line_only_grid(opened: DocxDocument, docx_bytes: bytes) -> None:
    body = opened.styles["Normal"].paragraph_format
    assert body.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.line_spacing == Pt(28.95)
    grid = opened.sections[0]._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")
    assert grid.get(qn("w:charSpace")) is None


def test_characters_are_condensed_so_28_fit_a_line(opened: DocxDocument) -> None:
    assert _style_rpr_value(opened, "Normal", "w:spacing") == "-5"  # −0.25 pt
    # 28 characters of (16 − 0.25) pt must fit the 156 mm text area.
    assert 28 * (16 - 0.25) <= opened.sections[0].page_width.pt - 28 / 25.4 * 72 - 26 / 25.4 * 72


def test_punctuation_is_declared_not_to_hang_for_libreoffice(docx_bytes: bytes) -> None:
    """LibreOffice reads w:overflowPunct inverted and leaves hung marks out of its PDF:
    val="1" (Word's default) keeps them in the line (tests/test_page_layout.py checks the PDF)."""
    styles = _part_xml(docx_bytes, "word/styles.xml")
    defaults = re.search(r"<w:pPrDefault>.*?</w:pPrDefault>", styles, flags=re.S)[0]
    assert '<w:overflowPunct w:val="1"/>' in defaults
    assert 'w:overflowPunct w:val="0"' not in styles


def test_title_is_centred_off_the_grid_followed_by_one_blank_line(opened: DocxDocument) -> None:
    title, blank, first = opened.paragraphs[:3]
    assert title.text == TITLE and title.style.name == "Title"
    title_ppr = opened.styles["Title"].element.find(qn("w:pPr"))
    assert title_ppr.find(qn("w:jc")).get(qn("w:val")) == "center"
    assert title_ppr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    assert blank.text == "" and first.text.startswith("2023年")


def test_widow_control_is_off(opened: DocxDocument) -> None:
    assert opened.styles["Normal"].paragraph_format.widow_control is False


def test_headings_use_their_level_style_and_face(opened: DocxDocument) -> None:
    faces = {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312", 4: "仿宋_GB2312"}
    headings = {p.text: p for p in opened.paragraphs if p.style.name.startswith("Heading")}
    expected = {"一、主要工作及成效": 1, "（一）健全工作机构，组织保障有力": 2, "2.深化志愿服务": 3, "（1）交通文明劝导": 4}
    for text, level in expected.items():
        paragraph = headings[text]
        assert paragraph.style.name == f"Heading {level}"
        assert paragraph.paragraph_format.keep_with_next or paragraph.style.paragraph_format.keep_with_next
        assert _fonts_of(paragraph.runs[0]._r)["eastAsia"] == faces[level]
    assert len(headings) == 8  # the run-in 「1.加大公共场所宣传。」 is a body paragraph


def test_run_in_heading_sets_heading_then_body_in_one_paragraph() -> None:
    fonts = OfficialFonts(heading3="方正楷体_GBK")
    document = Document(
        title="标题",
        blocks=[Heading(level=3, number="1.", text="加大宣传。", body=[Span(text="设置展板10块。")])],
    )
    opened = docx.Document(BytesIO(write_docx(document, fonts)))
    paragraph = next(p for p in opened.paragraphs if p.text.startswith("1."))
    assert paragraph.text == "1.加大宣传。设置展板10块。"
    assert paragraph.style.name == "Normal"  # a body paragraph: indented, not in the outline
    heading_run, body_run = paragraph.runs
    assert _fonts_of(heading_run._r)["eastAsia"] == "方正楷体_GBK"
    assert _fonts_of(body_run._r)["eastAsia"] == "仿宋_GB2312"


def test_font_names_are_configurable(docx_bytes: bytes) -> None:
    fonts = OfficialFonts(title="华文中宋", body="仿宋", heading2="楷体", page_number="Times New Roman")
    opened = docx.Document(BytesIO(write_docx(sample_document(), fonts)))
    assert _fonts_of(opened.styles["Title"].element)["eastAsia"] == "华文中宋"
    assert _fonts_of(opened.styles["Normal"].element)["eastAsia"] == "仿宋"
    assert _fonts_of(opened.styles["Heading 2"].element)["eastAsia"] == "楷体"
    assert _fonts_of(opened.sections[0].footer.paragraphs[0].runs[0]._r)["ascii"] == "Times New Roman"


def test_placeholders_and_only_placeholders_are_highlighted(opened: DocxDocument) -> None:
    runs = [run for paragraph in opened.paragraphs for run in paragraph.runs]
    highlighted = [run.text for run in runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert highlighted == ["【待补充：抽调人数】"]
    assert all(run.font.highlight_color is None for run in runs if "待补充" not in run.text)


def test_placeholder_in_signature_is_highlighted() -> None:
    unit = [Span(text="【待补充：单位名称】", placeholder=True)]
    document = Document(title="标题", blocks=[], signature_unit=unit, signature_date="2024年1月5日")
    opened = docx.Document(BytesIO(write_docx(document)))
    unit = [p for p in opened.paragraphs if "单位名称" in p.text][0]
    assert unit.runs[0].font.highlight_color == WD_COLOR_INDEX.YELLOW


def test_signature_is_unit_then_date_right_aligned_after_a_blank_line(opened: DocxDocument) -> None:
    *_, blank, unit, date = opened.paragraphs
    assert (blank.text, unit.text, date.text) == ("", UNIT, DATE)
    assert unit.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    unit_indent = unit._p.pPr.find(qn("w:ind"))
    date_indent = date._p.pPr.find(qn("w:ind"))
    # 2023年12月5日 is 7.5 characters wide as rendered (6.5, and a fifth of a character
    # at each of its 5 digit-to-Chinese boundaries), so the date keeps the 2-character
    # margin and the 7-character unit moves left until the date starts 2 characters after it.
    assert date_indent.get(qn("w:rightChars")) == "200"
    assert unit_indent.get(qn("w:rightChars")) == "450"
    assert unit_indent.get(qn("w:firstLineChars")) == "0"


def test_a_missing_signature_writes_no_signature_block() -> None:
    document = Document(title="标题", blocks=[Paragraph(spans=[Span(text="正文。")])])
    opened = docx.Document(BytesIO(write_docx(document)))
    assert [p.text for p in opened.paragraphs] == ["标题", "", "正文。"]


def test_empty_paragraphs_leave_no_blank_line() -> None:
    document = Document(title="标题", blocks=[Paragraph(spans=[]), Paragraph(spans=[Span(text="正文。")])])
    opened = docx.Document(BytesIO(write_docx(document)))
    assert [p.text for p in opened.paragraphs] == ["标题", "", "正文。"]


def test_page_number_is_a_page_field_between_dashes_odd_right_even_left(opened: DocxDocument) -> None:
    footers = _footer_paragraphs(opened)
    for side, paragraph in footers.items():
        xml = paragraph._p.xml
        kinds = re.findall(r'w:fldCharType="(\w+)"', xml)
        assert kinds == ["begin", "separate", "end"], side
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml), side
        assert paragraph.text == "— 1 —", side
        assert paragraph.style.name == "Footer"
    assert footers["odd"].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert footers["even"].alignment == WD_ALIGN_PARAGRAPH.LEFT
    odd_indent = footers["odd"]._p.pPr.find(qn("w:ind"))
    even_indent = footers["even"]._p.pPr.find(qn("w:ind"))
    assert (odd_indent.get(qn("w:rightChars")), odd_indent.get(qn("w:right"))) == ("100", "280")
    assert (even_indent.get(qn("w:leftChars")), even_indent.get(qn("w:left"))) == ("100", "280")


def test_odd_and_even_pages_have_their_own_footers(opened: DocxDocument, docx_bytes: bytes) -> None:
    assert opened.settings.odd_and_even_pages_header_footer is True
    assert "<w:evenAndOddHeaders/>" in _part_xml(docx_bytes, "word/settings.xml")
    references = opened.sections[0]._sectPr.findall(qn("w:footerReference"))
    assert sorted(r.get(qn("w:type")) for r in references) == ["default", "even"]


def test_chinese_replaces_the_japanese_theme_language(opened: DocxDocument, docx_bytes: bytes) -> None:
    language = opened.settings.element.find(qn("w:themeFontLang"))
    assert language.get(qn("w:eastAsia")) == "zh-CN"
    defaults = opened.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    for name, xml in _xml_parts(docx_bytes).items():
        if not name.startswith("word/theme/"):
            assert "ja-JP" not in xml and "ＭＳ 明朝" not in xml, name


def test_font_table_declares_chinese_faces_with_stock_alternates(docx_bytes: bytes) -> None:
    table = _part_xml(docx_bytes, "word/fontTable.xml")
    assert re.search(r'<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>', table)
    for face in ("方正小标宋简体", "黑体", "楷体_GB2312", "宋体"):
        assert f'w:name="{face}"' in table


def test_core_properties_carry_title_and_author(opened: DocxDocument) -> None:
    assert opened.core_properties.title == TITLE
    assert opened.core_properties.author == AUTHOR
    assert opened.core_properties.comments == ""


def test_property_children_follow_schema_order(docx_bytes: bytes) -> None:
    """Word rejects a file whose w:pPr / w:rPr children are out of order."""
    orders = {"pPr": PPR_ORDER, "rPr": RPR_ORDER}
    for name, xml in _xml_parts(docx_bytes).items():
        for tag, order in orders.items():
            positions = {t.removeprefix("w:"): i for i, t in enumerate(order)}
            for block in re.findall(rf"<w:{tag}>(.*?)</w:{tag}>", xml, flags=re.S):
                inner = re.sub(r"<w:rPr>.*?</w:rPr>", "<w:rPr/>", block, flags=re.S) if tag == "pPr" else block
                children = re.findall(r"<w:(\w+)[ />]", inner)
                indexes = [positions[c] for c in children if c in positions]
                assert indexes == sorted(indexes), (name, children)


def test_the_signature_keeps_with_the_last_body_line_in_the_xml(docx_bytes: bytes) -> None:
    """GB/T 9704 7.3.5.3, read from word/document.xml itself: the last body paragraph, the
    blank line and the unit line each carry <w:keepNext/>, so the signature never stands
    alone on a page; the date line, the last, does not need it."""
    xml = _part_xml(docx_bytes, "word/document.xml")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    texts = ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph)) for paragraph in paragraphs]
    assert texts[-3:] == ["", UNIT, DATE] and texts[-4]
    last_body, blank, unit, date = paragraphs[-4:]
    assert ["<w:keepNext/>" in p for p in (last_body, blank, unit, date)] == [True, True, True, False]


def test_libreoffice_lays_out_22_lines_of_28_characters(docx_bytes: bytes, tmp_path: Path) -> None:
    """Slow (~3 s): renders the .docx to PDF and reads the lines back."""
    require_tools("soffice")
    import pypdf
    source = tmp_path / "sample.docx"
    source.write_bytes(docx_bytes)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    pages = pypdf.PdfReader(tmp_path / "sample.pdf").pages
    second_page = pages[1].extract_text().split("\n")
    text_lines, page_number = second_page[:-1], second_page[-1]
    assert len(text_lines) == 22
    assert max(len(line.replace(" ", "")) for line in text_lines) == 28
    assert page_number.replace(" ", "") == "—2—"


def test_placeholder_inside_a_heading_is_highlighted() -> None:
    title = [Span(text="【待补充：小标题】", placeholder=True)]
    document = Document(title="标题", blocks=[Heading(level=2, number="（一）", title=title)])
    opened = docx.Document(BytesIO(write_docx(document)))
    heading = next(p for p in opened.paragraphs if p.style.name == "Heading 2")
    assert [(r.text, r.font.highlight_color) for r in heading.runs] == [
        ("（一）", None),
        ("【待补充：小标题】", WD_COLOR_INDEX.YELLOW),
    ]


def test_every_style_a_draft_names_is_defined_after_unused_ones_are_dropped(docx_bytes: bytes) -> None:
    styles = _part_xml(docx_bytes, "word/styles.xml")
    defined = set(re.findall(r'w:styleId="([^"]+)"', styles))
    referenced = set(re.findall(r'<w:(?:basedOn|link|next) w:val="([^"]+)"', styles))
    for name, xml in _xml_parts(docx_bytes).items():
        if name.startswith("word/") and name != "word/styles.xml":
            referenced |= set(re.findall(r'<w:[pr]Style w:val="([^"]+)"', xml))
    assert "Heading1" in referenced and "Footer" in referenced
    assert referenced <= defined
    assert len(defined) < 30  # of 164: the template's table, list and caption styles are gone


def test_drafts_built_one_after_another_do_not_share_content() -> None:
    first = docx.Document(BytesIO(write_docx(Document(title="第一份", author=AUTHOR, blocks=[Paragraph(spans=[Span(text="甲乡的内容。")])]))))
    second = docx.Document(BytesIO(write_docx(Document(title="第二份", author=AUTHOR, blocks=[Paragraph(spans=[Span(text="乙镇的内容。")])]))))
    second_text = "\n".join(p.text for p in second.paragraphs)
    assert "乙镇的内容。" in second_text
    assert "甲乡" not in second_text and "第一份" not in second_text
    assert "甲乡的内容。" in "\n".join(p.text for p in first.paragraphs)


# Parts Word needs to open the file, and those our writer relies on (styles, page numbers…).
REQUIRED_PARTS = (
    "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
    "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml",
    "word/settings.xml", "word/fontTable.xml", "word/footer1.xml", "word/footer2.xml",
)


def _relationship_targets(package: zipfile.ZipFile) -> list[str]:
    """Every internal part a .rels file points at, as a path inside the zip."""
    targets = []
    for rels in (n for n in package.namelist() if n.endswith(".rels")):
        folder = rels.split("_rels/")[0]
        for target, mode in re.findall(r'Target="([^"]+)"(?: TargetMode="(\w+)")?', package.read(rels).decode()):
            if mode != "External":
                targets.append(target.lstrip("/") if target.startswith("/") else folder + target)
    return targets


def test_the_template_thumbnail_and_bibliography_parts_are_dropped() -> None:
    """python-docx's template thumbnail and bibliography (customXml) are gone; what Word
    needs stays, and no relationship or content type names a part that is not there."""
    from dialogs.questionnaire import load_questionnaire
    from drafting.prose.render import render_document
    from drafting.prose.samples import load_sample_state

    data = write_docx(render_document(load_questionnaire(), load_sample_state("reference1")))
    with zipfile.ZipFile(BytesIO(data)) as package:
        names = package.namelist()
        assert [n for n in names if n.startswith("docProps/thumbnail") or n.startswith("customXml/")] == []
        assert [part for part in REQUIRED_PARTS if part not in names] == []
        assert [target for target in _relationship_targets(package) if target not in names] == []
        content_types = package.read("[Content_Types].xml").decode()
    overrides = re.findall(r'PartName="/([^"]+)"', content_types)
    assert [part for part in overrides if part not in names] == []
    assert "thumbnail" not in content_types and "customXml" not in content_types


def test_itemized_lead_ins_are_headings_in_the_outline() -> None:
    from dialogs.questionnaire import load_questionnaire
    from drafting.page.docx_styles import HEADING_STYLES
    from drafting.prose.render import render_document
    from drafting.prose.samples import load_sample_state

    document = render_document(load_questionnaire(), load_sample_state("reference5"), "itemized")
    output = docx.Document(BytesIO(write_docx(document)))
    leads = [p for p in output.paragraphs if p.text.startswith("关于") and p.text.endswith("：")]
    assert leads and all(p._p.style == HEADING_STYLES[1] for p in leads)
    body = [p for p in output.paragraphs if p.text.startswith("抽调镇纪委")]
    assert body and all(p._p.style != HEADING_STYLES[1] for p in body)


def test_itemized_lead_ins_are_level_1_outline_headings_in_heiti_in_the_xml() -> None:
    """Read from the XML itself: each 「关于……：」 paragraph names a style with
    w:outlineLvl 0 (Word's navigation pane, LibreOffice's navigator) set in 黑体, and
    its runs name 黑体 too; the item's text has no outline level."""
    from lxml import etree

    from dialogs.questionnaire import load_questionnaire
    from drafting.prose.render import render_document
    from drafting.prose.samples import load_sample_state

    data = write_docx(render_document(load_questionnaire(), load_sample_state("reference5"), "itemized"))
    body = etree.fromstring(_part_xml(data, "word/document.xml").encode())
    styles = etree.fromstring(_part_xml(data, "word/styles.xml").encode())
    by_id = {style.get(qn("w:styleId")): style for style in styles.iter(qn("w:style"))}

    def outline_level(paragraph) -> str | None:
        """The paragraph's own w:outlineLvl, else its style's (the body style has none)."""
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        owners = [paragraph] + ([by_id[style.get(qn("w:val"))]] if style is not None else [])
        levels = [owner.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") for owner in owners]
        return next((level.get(qn("w:val")) for level in levels if level is not None), None)

    paragraphs = list(body.iter(qn("w:p")))
    text = {id(p): "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs}
    leads = [p for p in paragraphs if text[id(p)].startswith("关于") and text[id(p)].endswith("：")]
    assert len(leads) >= 3
    for lead in leads:
        assert outline_level(lead) == "0", text[id(lead)]
        style = by_id[lead.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))]
        assert style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == "黑体"
        assert {run.get(qn("w:eastAsia")) for run in lead.iter(qn("w:rFonts"))} == {"黑体"}
    items = [p for p in paragraphs if text[id(p)].startswith("抽调镇纪委")]
    assert items and all(outline_level(p) is None for p in items)
