"""A checked .docx -> the ``EarlierReport`` the carry-over interview starts from.

python-docx reads the paragraphs (and table rows) in order; ``outline`` finds the title,
the headings and the signature; each heading is mapped to a questionnaire section
(``sections``); the paragraphs under it become facts, cut at 一是/二是 (``numbering``),
with their figures read by the interview's own figure reader. Under 存在问题 and
下一步打算 the items are the problems and plans; the lead sentence before a numbered
list, and a closing paragraph after it, are not items. Text before the first heading
(the opening) and the closing (总之……) are no standing facts and are left out.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.oxml.ns import qn
from docx.styles.style import ParagraphStyle

from dialogs.earlier import EarlierFact, EarlierFigure, EarlierOrigin, EarlierReport, EarlierSection
from dialogs.figures import figures_in
from importing.numbering import SeriesPart, split_series
from importing.outline import Block, Line, Outline, is_closing, outline_of
from importing.safety import CheckedDocx
from importing.sections import SectionVocabulary

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_UNIT = re.compile(r"([\u4e00-\u9fff]{1,12}?(?:街道|社区|乡|镇))")
_NOT_UNITS = ("乡镇", "城乡", "村镇", "市镇", "集镇")
_SPANS = (("上半年", "上半年"), ("1-6月", "上半年"), ("1—6月", "上半年"), ("下半年", "下半年"), ("全年", "全年"), ("年度", "全年"), ("年终", "全年"))
_STAGE = re.compile(r"今年以来|第[一二三四]季度|\d{1,2}\s*[-—–~至]\s*\d{1,2}\s*月")
_PROBLEM_LEAD = re.compile(r"存在|差距|不足|短板|问题|薄弱|有待")
_LEAD = re.compile(r"^([^。：:]{2,50}[：:])\s*(\S.*)$", re.DOTALL)  # 「……将重点抓好以下工作：」 and its item
_SIGN_OFFS = ("特此汇报", "特此报告", "以上报告", "请批示", "请审阅")
_FINAL = "。！？!?；;：:”」』）)"


def read_report(checked: CheckedDocx, vocabulary: SectionVocabulary) -> EarlierReport:
    """What the document says, as an EarlierReport (origin imported, named by its file)."""
    document = docx.Document(io.BytesIO(checked.package()))
    outline = outline_of(list(_lines(document)))
    return report_of(outline, checked.file_name, vocabulary)


def report_of(outline: Outline, file_name: str, vocabulary: SectionVocabulary) -> EarlierReport:
    sections: dict[str, EarlierSection] = {}
    unmapped: list[EarlierSection] = []
    plans: list[str] = []
    problems: list[str] = []
    places = _places(outline.blocks, vocabulary)
    for block, (role, section_id, heading) in zip(outline.blocks, places):
        paragraphs = [p for p in block.paragraphs if not (is_closing(p) or vocabulary.is_closing(_without_sign_off(p)))]
        if role and heading is not block:
            # A heading beneath 下一步打算 (（一）加强宣传引导) is one item; what follows it explains it.
            _extend(plans if _kind(role, block.heading) == "plans" else problems, [block.heading])
            continue
        if role:
            _read_list(paragraphs, role, plans, problems)
            continue
        facts = _facts(paragraphs, label=block.heading)
        if not facts:
            continue
        figures = [
            EarlierFigure(what=f.what, text=f.text, value=f.value, qualifier=f.qualifier, unit=f.unit, item=block.heading)
            for fact in facts
            for f in figures_in(fact.text)
        ]
        if section_id:
            known = sections.get(section_id) or EarlierSection(section_id=section_id, heading=heading.heading)
            if block.heading == known.heading:
                facts = [fact.model_copy(update={"label": ""}) for fact in facts]  # said by the section's heading
            sections[section_id] = known.model_copy(update={"facts": [*known.facts, *facts], "figures": [*known.figures, *figures]})
        else:
            unmapped.append(EarlierSection(heading=block.heading, facts=[fact.model_copy(update={"label": ""}) for fact in facts], figures=figures))
    return EarlierReport(origin=_origin(outline, file_name), sections=[*sections.values(), *unmapped], plans=plans, problems=problems)


def _places(blocks: list[Block], vocabulary: SectionVocabulary) -> list[tuple[str, str, Block]]:
    """Per block: (plans/problems/both role, work section id, the heading that decided it).
    An enclosing heading that says one decides for every heading beneath it (「1、环境卫生
    整治」 under 「（四）专项整治」); a heading under one that says nothing speaks for itself."""
    places: list[tuple[str, str, Block]] = []
    for block in blocks:
        if block.parent is not None and (places[block.parent][0] or places[block.parent][1]):
            places.append(places[block.parent])
            continue
        role = vocabulary.role_of(block.heading)
        places.append((role, "" if role else vocabulary.section_of(block.heading), block))
    return places


def _facts(paragraphs: list[str], label: str) -> list[EarlierFact]:
    """Each paragraph's parts (lead, 一是, 二是 …) as facts; a paragraph Word broke in the
    middle of a sentence goes on the fact before it."""
    texts: list[str] = []
    expected = 1
    for paragraph in paragraphs:
        for part in split_series(paragraph, expected):
            expected = part.number + 1 if part.number else expected
            if part.number == 0 and texts and not texts[-1].endswith(tuple(_FINAL)):
                texts[-1] += part.text
            elif part.text:
                texts.append(part.text)
    return [EarlierFact(text=text.strip(), label=label) for text in texts if text.strip()]


def _read_list(paragraphs: list[str], role: str, plans: list[str], problems: list[str]) -> None:
    """The items of a 存在问题 / 下一步打算 block. A list (numbered 一是/二是 inline or one
    paragraph per item, or one item after a lead ending in ：) gives its items; a paragraph
    just before a numbered list is its lead, a paragraph after a list of its kind or one
    that signs off (特此汇报) is the closing; otherwise each paragraph is an item."""
    listed: set[str] = set()
    expected, kind = 1, role
    for position, paragraph in enumerate(paragraphs):
        parts = split_series(paragraph, expected)
        numbered = [part for part in parts if part.number]
        if numbered:
            if numbered[0].number == 1:
                kind = _kind(role, parts[0].text if parts[0].number == 0 else "")
            _extend(plans if kind == "plans" else problems, _items(numbered))
            listed.add(kind)
            expected = numbered[-1].number + 1
            continue
        expected, kind = 1, role
        following = split_series(paragraphs[position + 1]) if position + 1 < len(paragraphs) else []
        if (following and following[0].number == 1) or _without_sign_off(paragraph) != paragraph:
            continue  # the lead of the list that follows, or the document's last words
        lead = _LEAD.match(paragraph)
        kind = _kind(role, lead[1] if lead else paragraph) if lead or role == "both" else role
        if kind in listed:
            continue  # after the list: the closing
        _extend(plans if kind == "plans" else problems, [lead[2] if lead else paragraph])
        if lead:
            listed.add(kind)


def _without_sign_off(paragraph: str) -> str:
    """The paragraph without the genre's last words (「……再上新台阶。特此汇报。」)."""
    text = paragraph.strip().rstrip("。")
    for words in _SIGN_OFFS:
        if text.endswith(words):
            return text[: -len(words)].strip()
    return paragraph


def _kind(role: str, lead: str) -> str:
    """plans or problems: a list led by 存在……差距 lists problems wherever it stands (「今后工作打算」
    often opens with them); otherwise the block's role (plans for a block of both)."""
    if role == "problems":
        return role
    return "problems" if _PROBLEM_LEAD.search(lead) else "plans"


def _items(parts: list[SeriesPart]) -> list[str]:
    """A series written inline (一是……；二是……；三是……。 and a closing sentence): the last
    item ends at its sentence's end, like the others at their ；."""
    texts = [part.text for part in parts]
    if len(texts) > 1 and all(part.text.endswith(("；", ";")) for part in parts[:-1]):
        last = texts[-1]
        end = last.find("。")
        texts[-1] = last[: end + 1] if end >= 0 else last
    return texts


def _extend(items: list[str], new: list[str]) -> None:
    for text in new:
        item = text.strip().rstrip("。；;，,").strip()
        if item and item not in items:
            items.append(item)


def _origin(outline: Outline, file_name: str) -> EarlierOrigin:
    year = _first_year(outline.title) or _first_year(" ".join(outline.opening[:1])) or _first_year(outline.date)
    return EarlierOrigin(kind="imported", file_name=file_name, year=year, span=_span(outline), unit_name=_unit(outline))


def _first_year(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match[1]) if match and 1949 <= int(match[1]) <= 2100 else None


def _span(outline: Outline) -> str:
    for word, span in _SPANS:
        if word in outline.title:
            return span
    stage = _STAGE.search(outline.title)
    if stage:
        return stage.group()
    opening = " ".join(outline.opening)
    said = re.search(r"现将(全年|上半年|下半年)", opening)
    return said[1] if said else ""


def _unit(outline: Outline) -> str:
    for text in (outline.title.removeprefix("关于"), outline.signer):
        for match in _UNIT.finditer(text):
            name = _without_county(match[1])
            if len(name) >= 2 and not name.endswith(_NOT_UNITS):
                return name
    return ""


def _without_county(name: str) -> str:
    """某某县某某镇 -> 某某镇 (the 区 of 社区 stays)."""
    for index in range(len(name) - 4, 0, -1):
        if name[index] in "省市县区":
            return name[index + 1 :]
    return name


def _lines(document: docx.document.Document) -> Iterator[Line]:
    styles: dict[str | None, _Style] = {}  # python-docx looks a style up by scanning them all
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            style_id = block._p.style
            if style_id not in styles:
                styles[style_id] = _style(block.style)
            yield _line(block, styles[style_id])
        elif isinstance(block, Table):
            for row in block.rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells if cell.text.strip()))
                if cells:
                    yield Line("，".join(cells))


@dataclass(frozen=True)
class _Style:
    name: str
    bold: bool
    outline: int | None  # the outline level the style gives (Heading 1 carries 0)


def _style(style: ParagraphStyle | None) -> _Style:
    if style is None:
        return _Style("", False, None)
    outline = None
    current: ParagraphStyle | None = style
    while current is not None and outline is None:
        outline = _outline(current.element.pPr)
        current = current.base_style
    return _Style(style.name or "", bool(style.font.bold), outline)


def _line(paragraph: Paragraph, style: _Style) -> Line:
    runs = [run for run in paragraph.runs if run.text.strip()]
    own = _outline(paragraph._p.pPr)
    return Line(
        text=paragraph.text,
        style=style.name,
        outline=own if own is not None else style.outline,
        bold=bool(runs) and all(run.bold if run.bold is not None else style.bold for run in runs),
        centered=paragraph.alignment is not None and int(paragraph.alignment) == 1,
    )


def _outline(ppr: object) -> int | None:
    """The outline level a paragraph's (or a style's) properties set, if any."""
    level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None  # type: ignore[attr-defined]
    if level is None:
        return None
    value = level.get(qn("w:val"))
    return int(value) if value and value.isdigit() else None
