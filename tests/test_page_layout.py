"""The page through LibreOffice (issue 15 §6): the signature never stands alone on the
last page, whatever the body's length (GB/T 9704-2012 7.3.5.3); titles break between
words; every 、，。 of the .docx is in the PDF, and no line starts with one."""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from drafting.office import preview
from drafting.document import Document, Paragraph
from drafting.page.docx_writer import write_docx

import pypdf  # noqa: E402 - a requirement (requirements.txt)

needs_office = pytest.mark.skipif(
    (shutil.which("soffice") is None or shutil.which("pdftoppm") is None) and not os.environ.get("CI"),
    reason="LibreOffice/poppler not installed (they are required when CI is set)",
)
UNIT, DATE = "青山镇人民政府", "2019年12月28日"
# One sentence of 50 characters; paragraphs are built from it so any length can be had.
SENTENCE = "我镇组织机关干部和各村负责人开展文明交通引导，劝导群众三百余人次，批评教育一百余人次。"
LENGTHS = range(380, 380 + 24 * 57, 57)  # 24 body lengths, the end falling all over a page


@pytest.fixture(scope="module", autouse=True)
def _stop_offices() -> Iterator[None]:
    yield
    preview.shutdown_preview()


def body_of(length: int) -> list[Paragraph]:
    """Paragraphs of about 150 characters adding up to ``length`` characters."""
    text = (SENTENCE * (length // len(SENTENCE) + 1))[:length - 1] + "。"
    return [Paragraph(spans=[{"text": text[i : i + 150]}]) for i in range(0, len(text), 150)]


def pdf_pages(docx_bytes: bytes) -> list[str]:
    """The text of each page LibreOffice made of ``docx_bytes``."""
    with tempfile.TemporaryDirectory() as work:
        pdf = preview.docx_to_pdf(docx_bytes, Path(work))
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def last_page_text(document: Document) -> str:
    return re.sub(r"\s|—\s*\d+\s*—", "", pdf_pages(write_docx(document))[-1])


@needs_office
def test_the_signature_never_stands_alone_on_the_last_page() -> None:
    alone = []
    for length in LENGTHS:
        document = Document(title="青山镇2019年创建文明城市工作总结", blocks=body_of(length), signature_unit=UNIT, signature_date=DATE)
        left = last_page_text(document)
        for part in (UNIT, DATE, "—", "-"):
            left = left.replace(part, "")
        if not re.search(r"[\u4e00-\u9fff]", left):
            alone.append(length)
    assert alone == []


NAMES = ["青山镇", "新华街道", "河口新区镇", "东城区城关镇", "东城区新华街道", "经济开发区管委会"]  # 3 to 8 characters
GENRES = {"annual": "工作总结", "progress": "工作汇报（进展情况）", "itemized": "自查报告"}


def title_lines_on_page(document: Document) -> list[str]:
    """The title's lines as LibreOffice set them: page 1's lines before the first body line."""
    with tempfile.TemporaryDirectory() as work:
        pdf = preview.docx_to_pdf(write_docx(document), Path(work))
    lines = [line.strip() for line in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines() if line.strip()]
    shown: list[str] = []
    for line in lines:
        if "".join(shown) == document.title:
            break
        shown.append(line.replace(" ", ""))
    return shown


@needs_office
@pytest.mark.parametrize("layout", list(GENRES))
def test_long_titles_break_between_words_in_every_layout(layout: str) -> None:
    from dialogs.answers import ChoiceAnswer, PeriodAnswer, TextAnswer
    from dialogs.questionnaire import load_questionnaire
    from dialogs.state import InterviewState
    from drafting.prose.framing import title_words
    from drafting.prose.render import render_document
    from drafting.prose.wording import wording_for

    questionnaire = load_questionnaire()
    wrong = []
    for name in NAMES:
        period = PeriodAnswer(year=2019, span="上半年")
        state = InterviewState(answers={"unit_name": TextAnswer(text=name), "period": period, "genre": ChoiceAnswer(choice=GENRES[layout])})
        document = render_document(questionnaire, state, layout)
        words = title_words(wording_for(questionnaire).frame(GENRES[layout]), name, period)
        boundaries = {sum(len(w) for w in words[: i + 1]) for i in range(len(words))}
        lines = title_lines_on_page(document)
        assert "".join(lines) == document.title, (name, lines)
        ends = {sum(len(line) for line in lines[: i + 1]) for i in range(len(lines))}
        if not ends <= boundaries or min(len(line) for line in lines) < 2:
            wrong.append(lines)
    assert wrong == []


MARKS = "、，。"
LINE_START_FORBIDDEN = "、，。；：！？"


def lost_marks(docx_bytes: bytes) -> tuple[dict[str, int], list[str]]:
    """Marks of the .docx text missing from its PDF, and PDF lines opening with a mark."""
    import docx

    text = "".join(paragraph.text for paragraph in docx.Document(io.BytesIO(docx_bytes)).paragraphs)
    pages = pdf_pages(docx_bytes)
    shown = "".join(pages)
    lost = {mark: text.count(mark) - shown.count(mark) for mark in MARKS if text.count(mark) != shown.count(mark)}
    lines = [line.strip() for page in pages for line in page.splitlines()]
    return lost, [line for line in lines if line[:1] in LINE_START_FORBIDDEN]


def full_line_ends() -> Document:
    """A paragraph whose marks fall exactly after the 28th character of full lines:
    where LibreOffice hung them in the margin and left them out of the PDF."""
    first = "我" * 26 + "、"  # the first line is indented 2 characters
    lines = [first] + [f"{'镇' * 28}{mark}" for mark in MARKS * 3]
    return Document(title="标点测试", blocks=[Paragraph(spans=[{"text": "".join(lines) + "完。"}])])


@needs_office
def test_marks_after_a_full_line_stay_in_the_pdf() -> None:
    assert lost_marks(write_docx(full_line_ends())) == ({}, [])


@needs_office
def test_every_mark_of_dev_set_drafts_is_in_the_pdf() -> None:
    """Every 、，。 of a dev-set draft's .docx is in LibreOffice's PDF (and so in the page
    pictures drawn from it), and no line of the PDF starts with a mark."""
    from dialogs.questionnaire import load_questionnaire
    from drafting.prose.render import render_document
    from tests.support.interview_replay import all_scripts, read_script, replay

    questionnaire = load_questionnaire()
    wrong = {}
    for path in all_scripts():
        if not path.stem.startswith("devset_"):
            continue
        document = render_document(questionnaire, replay(questionnaire, read_script(path)).state, "annual")
        lost, opening = lost_marks(write_docx(document))
        if lost or opening:
            wrong[path.stem] = (lost, opening)
    assert wrong == {}


@needs_office
def test_itemized_lead_ins_make_the_pdf_outline() -> None:
    """LibreOffice takes the 「关于……：」 items into the PDF's bookmarks: they are headings."""
    from dialogs.questionnaire import load_questionnaire
    from drafting.prose.render import render_document
    from drafting.prose.samples import load_sample_state

    document = render_document(load_questionnaire(), load_sample_state("reference5"), "itemized")
    leads = [block.text for block in document.blocks if isinstance(block, Paragraph) and block.lead_in]
    with tempfile.TemporaryDirectory() as work:
        pdf = preview.docx_to_pdf(write_docx(document), Path(work))
    outline = [entry.title for entry in pypdf.PdfReader(io.BytesIO(pdf)).outline if not isinstance(entry, list)]
    assert leads and [title for title in outline if title in leads] == leads


def first_glyph_x(docx_bytes: bytes, starts: tuple[str, ...]) -> dict[str, float]:
    """Where on the last page of LibreOffice's PDF the first text run starting with each
    of ``starts`` begins (x in points)."""
    with tempfile.TemporaryDirectory() as work:
        pdf = preview.docx_to_pdf(docx_bytes, Path(work))
    found: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        for start in starts:
            if text.strip().startswith(start) and start not in found:
                found[start] = tm[4]

    pypdf.PdfReader(io.BytesIO(pdf)).pages[-1].extract_text(visitor_text=visit)
    return found


CHARACTER_PT = (210 - 28 - 26) / 25.4 * 72 / 28  # the type area holds 28 characters a line


@needs_office
@pytest.mark.parametrize(
    ("unit", "date"),
    [("青山镇人民政府", "2019年12月28日"), ("某某社区居民委员会", "2026年11月30日"), ("新开河街道创建文明城市工作领导小组办公室", "2026年7月10日")],
)
def test_the_date_starts_two_characters_right_of_the_signer_as_rendered(unit: str, date: str) -> None:
    """GB/T 9704 7.3.5.2, measured in the PDF: the digits of a date take more room than
    half a character each (LibreOffice spaces them from the Chinese characters), and a
    date placed by counting them as halves started only one character right of the unit."""
    document = Document(title="创建文明城市工作总结", blocks=body_of(200), signature_unit=unit, signature_date=date)
    x = first_glyph_x(write_docx(document), (unit, date[:4]))
    shift = (x[date[:4]] - x[unit]) / CHARACTER_PT
    assert abs(shift - 2) <= 0.35, shift
