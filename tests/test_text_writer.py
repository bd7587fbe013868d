"""The chat preview: plain text and Telegram HTML split into messages that fit."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.document import Document, Heading, Paragraph, Span
from drafting.chat.telegram_split import telegram_length
from drafting.chat.text_writer import to_plain_text, to_telegram_html
from writer_sample import DATE, TITLE, UNIT, sample_document

ALLOWED_TAGS = ("b", "u")


class _TagBalance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"unexpected <{tag}>")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unbalanced </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _check_message(message: str) -> str:
    """Assert ``message`` is well-formed Telegram HTML; return its visible text."""
    parser = _TagBalance()
    parser.feed(message)
    parser.close()
    assert parser.errors == [] and parser.stack == [], (parser.errors, parser.stack, message)
    outside_tags = re.sub(r"</?(?:b|u)>", "", message)
    assert "<" not in outside_tags and ">" not in outside_tags, message
    assert re.fullmatch(r"(?:[^&]|&(?:lt|gt|amp);)*", outside_tags, flags=re.S), message
    return html.unescape(outside_tags)


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u3000]", "", text)


def _document_text(document: Document) -> str:
    parts = [document.title]
    for block in document.blocks:
        if isinstance(block, Heading):
            parts += [block.full_text, *(s.text for s in block.body)]
        else:
            parts += [s.text for s in block.spans]
    return _squeeze("".join(parts + [document.signature_unit, document.signature_date]))


def _long_document(copies: int) -> Document:
    sample = sample_document()
    return sample.model_copy(update={"blocks": sample.blocks * copies})


def test_plain_text_has_title_blank_line_headings_and_indented_paragraphs() -> None:
    lines = to_plain_text(sample_document()).split("\n")
    assert lines[0] == TITLE and lines[1] == ""
    assert lines[2].startswith("　　2023年，青山镇")
    assert "一、主要工作及成效" in lines and "（1）交通文明劝导" in lines
    assert "　　1.加大公共场所宣传。在主要街道、集贸市场设置公益广告牌46块，悬挂标语120余条。" in lines
    assert any("【待补充：抽调人数】" in line for line in lines)


def test_plain_text_ends_with_the_signature_pushed_right() -> None:
    *_, blank, unit, date = to_plain_text(sample_document()).split("\n")
    assert blank == ""
    assert unit.strip() == UNIT and date.strip() == DATE
    assert unit.startswith("　" * 10) and date.startswith("　" * 10)
    # The date starts two characters after the unit, as in the .docx.
    assert len(date) - len(date.lstrip()) == len(unit) - len(unit.lstrip()) + 2


def test_html_escapes_what_the_clerk_typed() -> None:
    document = Document(title="A<B>标题", blocks=[Paragraph(spans=[Span(text="输入<b>粗体</b> & 1<2>0")])])
    [message] = to_telegram_html(document)
    assert "输入&lt;b&gt;粗体&lt;/b&gt; &amp; 1&lt;2&gt;0" in message
    assert "<b>A&lt;B&gt;标题</b>" in message
    assert _check_message(message).count("<b>") == 1


def test_html_bolds_title_and_upper_headings_and_underlines_placeholders() -> None:
    [message] = to_telegram_html(sample_document())
    assert message.startswith(f"<b>{TITLE}</b>\n\n")
    assert "<b>一、主要工作及成效</b>" in message
    assert "<b>（一）健全工作机构，组织保障有力</b>" in message
    assert "\n2.深化志愿服务\n" in message and "\n（1）交通文明劝导\n" in message
    assert "<u>【待补充：抽调人数】</u>" in message


def test_long_document_splits_only_between_paragraphs_within_the_limit() -> None:
    document = _long_document(4)
    messages = to_telegram_html(document)
    assert len(messages) > 2
    paragraph_starts = ("　　", "<b>", "一", "二", "三", "（", "2.")
    for message in messages:
        assert telegram_length(message) <= 4096
        assert message.startswith(paragraph_starts), message[:20]
        _check_message(message)
    assert _squeeze("".join(_check_message(m) for m in messages)) == _document_text(document)


def test_a_heading_never_ends_a_message_when_text_follows() -> None:
    document = _long_document(6)
    headings = {b.full_text for b in document.blocks if isinstance(b, Heading) and not b.body}
    for limit in (300, 700, 1500):
        for message in to_telegram_html(document, limit=limit)[:-1]:
            last_line = _check_message(message).split("\n")[-1]
            assert last_line not in headings, (limit, last_line)


def test_paragraph_longer_than_the_limit_is_cut_at_sentence_ends() -> None:
    sentence = "组织志愿者开展文明劝导<活动>；"
    document = Document(title="标题", blocks=[Paragraph(spans=[Span(text=sentence * 40)])])
    messages = to_telegram_html(document, limit=200)
    assert len(messages) > 3
    for message in messages:
        assert telegram_length(message) <= 200
        assert _check_message(message).endswith(("；", "标题"))
    assert _squeeze("".join(_check_message(m) for m in messages)) == _document_text(document)


def test_a_sentence_without_any_break_is_cut_between_characters_not_entities() -> None:
    document = Document(title="标题", blocks=[Paragraph(spans=[Span(text="&<>" * 100, placeholder=True)])])
    messages = to_telegram_html(document, limit=64)
    for message in messages:
        assert telegram_length(message) <= 64
        _check_message(message)
    assert _squeeze("".join(_check_message(m) for m in messages)) == _document_text(document)


def test_length_counts_utf16_units_like_telegram() -> None:
    rare = "𠀀"  # CJK Extension B: two UTF-16 code units
    document = Document(title="标题", blocks=[Paragraph(spans=[Span(text=rare * 100)])])
    for message in to_telegram_html(document, limit=64):
        assert len(message.encode("utf-16-le")) // 2 <= 64


def test_a_limit_too_small_for_any_text_is_refused() -> None:
    with pytest.raises(ValueError):
        to_telegram_html(sample_document(), limit=10)


_ALPHABET = st.sampled_from(list("创文明城市志愿服务abc123<>&\"' 。；，、！？") + ["𠀀"])
_TEXT = st.text(_ALPHABET, min_size=1, max_size=120)
_SPANS = st.lists(st.builds(Span, text=_TEXT, placeholder=st.booleans()), min_size=1, max_size=4)
_HEADING = st.builds(
    Heading,
    level=st.integers(1, 4),
    number=st.sampled_from(["一、", "（二）", "3.", "（4）"]),
    text=_TEXT,
    body=st.one_of(st.just([]), _SPANS),
)
_DOCUMENT = st.builds(
    Document,
    title=_TEXT,
    title_breaks=st.lists(st.integers(0, 130), max_size=3),
    blocks=st.lists(st.one_of(_HEADING, st.builds(Paragraph, spans=_SPANS)), max_size=25),
    signature_unit=st.one_of(st.just(""), _TEXT),
    signature_date=st.sampled_from(["", "2024年1月5日"]),
)


@settings(max_examples=150, deadline=None)
@given(document=_DOCUMENT, limit=st.integers(32, 500))
def test_any_document_fits_balanced_escaped_and_complete(document: Document, limit: int) -> None:
    messages = to_telegram_html(document, limit=limit)
    assert messages and all(messages)
    visible = []
    for message in messages:
        assert telegram_length(message) <= limit
        visible.append(_check_message(message))
    assert _squeeze("".join(visible)) == _document_text(document)
    assert _squeeze(to_plain_text(document)) == _document_text(document)


def test_placeholder_inside_a_heading_is_underlined_and_stays_bold() -> None:
    title = [Span(text="【待补充：小标题】", placeholder=True)]
    document = Document(title="标题", blocks=[Heading(level=1, number="一、", title=title)])
    [message] = to_telegram_html(document)
    assert "<b>一、</b><b><u>【待补充：小标题】</u></b>" in message


def _docx_title_lines(document: Document) -> list[str]:
    """The title's lines in the .docx: its paragraph's text cut at each w:br."""
    from io import BytesIO

    import docx
    from docx.oxml.ns import qn

    from drafting.page.docx_writer import write_docx

    title = docx.Document(BytesIO(write_docx(document))).paragraphs[0]._p
    lines = [""]
    for element in title.iter(qn("w:t"), qn("w:br")):
        if element.tag == qn("w:br"):
            lines.append("")
        else:
            lines[-1] += element.text or ""
    return lines


@pytest.mark.parametrize("unit", ["青山镇", "新华街道", "东城区新华街道", "经济开发区管委会"])
def test_chat_title_has_the_docx_lines_broken_between_words(unit: str) -> None:
    """A long title keeps the .docx's lines in chat, each ending between two words."""
    from dialogs.answers import ChoiceAnswer, PeriodAnswer, TextAnswer
    from dialogs.questionnaire import load_questionnaire
    from dialogs.state import InterviewState
    from drafting.prose.framing import title_words
    from drafting.prose.render import render_document
    from drafting.prose.wording import wording_for

    genre, period = "工作汇报（进展情况）", PeriodAnswer(year=2019, span="上半年")
    state = InterviewState(answers={"unit_name": TextAnswer(text=unit), "period": period, "genre": ChoiceAnswer(choice=genre)})
    questionnaire = load_questionnaire()
    document = render_document(questionnaire, state, "progress")
    docx_lines = _docx_title_lines(document)
    assert len(docx_lines) > 1, docx_lines  # the title is long enough to break
    plain = to_plain_text(document).split("\n")
    assert plain[: len(docx_lines) + 1] == [*docx_lines, ""]
    [first, *_] = to_telegram_html(document)
    assert first.startswith("".join(f"<b>{line}</b>\n" for line in docx_lines) + "\n")
    words = title_words(wording_for(questionnaire).frame(genre), unit, period)
    ends = {sum(len(w) for w in words[: i + 1]) for i in range(len(words))}
    assert {sum(len(line) for line in docx_lines[: i + 1]) for i in range(len(docx_lines))} <= ends


def test_a_placeholder_unit_name_stays_underlined_on_its_title_line() -> None:
    title = [Span(text="【待补充：单位名称】", placeholder=True), Span(text="2019年创建文明城市工作总结")]
    document = Document(title=title, title_breaks=[15], blocks=[Paragraph(spans=[Span(text="正文。")])])
    [message] = to_telegram_html(document)
    assert message.startswith("<b><u>【待补充：单位名称】</u></b><b>2019年</b>\n<b>创建文明城市工作总结</b>\n\n　　正文。")


@settings(max_examples=200, deadline=None)
@given(spans=_SPANS, breaks=st.lists(st.integers(-2, 130), max_size=4))
def test_title_lines_cut_the_spans_exactly_at_the_breaks(spans: list[Span], breaks: list[int]) -> None:
    """Lines put together give the title back, each ends at a break inside the title, and
    every piece keeps its span's kind (a placeholder stays one on either line)."""
    document = Document(title=spans, title_breaks=breaks)
    lines = document.title_lines
    assert "".join(span.text for line in lines for span in line) == document.title
    ends = [sum(len(span.text) for line in lines[: i + 1] for span in line) for i in range(len(lines) - 1)]
    assert set(ends) <= {b for b in breaks if 0 < b < len(document.title)}
    assert len(lines) == len({b for b in breaks if 0 < b < len(document.title)}) + 1
    pieces = [(c, span.placeholder) for line in lines for span in line for c in span.text]
    assert pieces == [(c, span.placeholder) for span in spans for c in span.text]
