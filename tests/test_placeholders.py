"""Only facts the renderer found missing are placeholders; text a clerk typed never is,
even when it reads 「【待补充：……】」 (in the title, headings, body or signature)."""

from __future__ import annotations

import re
from io import BytesIO

import docx
from docx.enum.text import WD_COLOR_INDEX

from dialogs.answers import TextAnswer
from dialogs.questionnaire import load_questionnaire
from drafting.document import Placeholder
from drafting.page.docx_writer import write_docx
from drafting.prose.blocks import paragraph_of
from drafting.prose.provenance import sourced
from drafting.prose.render import render_document
from drafting.prose.samples import load_sample_state
from drafting.chat.text_writer import to_telegram_html

QUESTIONNAIRE = load_questionnaire()


def draft_with_typed_markers():  # type: ignore[no-untyped-def]
    """reference1 with 「【待补充：……】」 typed into the unit name and the guiding thought,
    and the signing date (a required fact) not given."""
    state = load_sample_state("reference1")
    answers = {key: value for key, value in state.answers.items() if key != "sign_date"}
    answers["unit_name"] = TextAnswer(text="【待补充：甲】乡")
    answers["guiding_thought"] = TextAnswer(text="以【待补充：乙】为指导")
    return render_document(QUESTIONNAIRE, state.model_copy(update={"answers": answers}))


def test_typed_markers_are_not_highlighted_in_the_docx_but_the_missing_date_is() -> None:
    document = draft_with_typed_markers()
    opened = docx.Document(BytesIO(write_docx(document)))
    runs = [run for paragraph in opened.paragraphs for run in paragraph.runs]
    assert [run.text for run in runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW] == ["【待补充：落款日期】"]
    text = "\n".join(paragraph.text for paragraph in opened.paragraphs)
    title = opened.paragraphs[0].text  # broken between words: 「【待补充：甲】乡2019年」 / 「创建文明城市工作总结」
    assert title.replace("\n", "") == "【待补充：甲】乡2019年某某县创建第四届某某省文明城市工作总结" and "【待补充：乙】" in text
    assert document.missing == [Placeholder(path="sign_date", label="落款日期")]


def test_typed_markers_are_not_underlined_in_the_chat_preview_but_the_missing_date_is() -> None:
    html = "".join(to_telegram_html(draft_with_typed_markers()))
    assert re.findall(r"<u>(.*?)</u>", html) == ["【待补充：落款日期】"]
    assert "【待补充：甲】" in html and "【待补充：乙】" in html


def test_text_is_a_placeholder_only_where_the_renderer_put_a_missing_fact() -> None:
    typed = paragraph_of([sourced("【待补充：丙】工作", "x")])
    missing = paragraph_of([sourced(("围绕", Placeholder(path="x", label="小标题")), "x")])
    assert [(s.text, s.placeholder, s.fact) for s in typed.spans] == [("【待补充：丙】工作", False, None)]  # type: ignore[union-attr]
    assert [(s.text, s.placeholder, s.fact) for s in missing.spans] == [("围绕", False, None), ("【待补充：小标题】", True, Placeholder(path="x", label="小标题"))]  # type: ignore[union-attr]
