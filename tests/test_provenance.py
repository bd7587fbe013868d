"""Every sentence of every draft knows where it came from (issue 15 §2).

Walks the drafts of the 19 conversation scripts (dev set and references) in every
layout: each sentence names the answers it was built from, or is one of the reviewed
neutral formulas of drafting.prose.provenance.FORMULAS, and every source is an answer the
clerk gave. Words such as 「分解落实到各村」 appear only when the clerk typed them.
"""

from __future__ import annotations

import pytest

from dialogs.conditions import effective_answers
from dialogs.ledger import ledger
from dialogs.questionnaire import load_questionnaire
from drafting.prose.layouts import LAYOUTS
from drafting.prose.blocks import paragraph_of
from drafting.prose.provenance import Sourced, formula, sourced
from drafting.prose.render import render_document
from tests.support.interview_replay import all_scripts, draft_text, read_script, replay
from tests.support.quality import dangling_sources, doubled_words, find_glitches, fragment_glitches, sentences_of, typed_text, unsourced_sentences

QUESTIONNAIRE = load_questionnaire()
# Claims a template once added on its own; each may appear only in the clerk's words.
CLAIMS = ("分解落实到各村", "注册志愿者", "集中开展整治", "村（社区）", "经过一年的努力")


@pytest.fixture(scope="module")
def replays() -> dict[str, object]:
    return {path.stem: replay(QUESTIONNAIRE, read_script(path)) for path in all_scripts()}


def _answers(state) -> dict:
    return effective_answers([question for _, question in QUESTIONNAIRE.questions()], state.answers)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_sentence_of_every_script_draft_has_provenance(replays, layout: str) -> None:
    problems = []
    for name, result in replays.items():
        document = render_document(QUESTIONNAIRE, result.state, layout)
        assert sentences_of(document), name
        problems += [f"{name}: {p}" for p in unsourced_sentences(document)]
        problems += [f"{name}: {p}" for p in dangling_sources(document, _answers(result.state))]
    assert problems == []


def test_work_item_sentences_name_the_item_and_its_figures(replays) -> None:
    document = render_document(QUESTIONNAIRE, replays["reference1"].state, "annual")
    item_sentences = [s for s in sentences_of(document) if any("#" in path for path in s.sources)]
    assert item_sentences
    for sentence in item_sentences:
        items = {path.split(".")[0] for path in sentence.sources if "#" in path}
        assert all(any(p == item for p in sentence.sources) for item in items)
    # A figure the sentence carries is written in it as the clerk wrote it.
    with_figures = [s for s in item_sentences if s.figures]
    assert with_figures
    for sentence in with_figures:
        assert all(figure in sentence.text for figure in sentence.figures), sentence
    # and every figure of the ledger is carried by a sentence of its own answer.
    carried = {(path, figure) for s in item_sentences for path in s.sources for figure in s.figures}
    for entry in ledger(QUESTIONNAIRE, replays["reference1"].state):
        if entry.item:
            assert any(figure == entry.text and path == entry.path for path, figure in carried), entry


def test_invented_claims_appear_only_in_the_clerks_words(replays) -> None:
    for name, result in replays.items():
        typed = typed_text(result.state.answers)
        for layout in LAYOUTS:
            text = draft_text(render_document(QUESTIONNAIRE, result.state, layout))
            for claim in CLAIMS:
                assert claim not in text or claim in typed, (name, layout, claim)


def test_text_without_provenance_is_reported_unsourced() -> None:
    paragraph = paragraph_of([sourced("我乡召开动员大会。", "meetings#0.name"), Sourced(("凭空一句。",)), formula("现将全年工作总结如下：", "report-line")])
    assert [(s.text, s.sources, s.formula) for s in paragraph.sentences] == [
        ("我乡召开动员大会。", ["meetings#0.name"], None),
        ("凭空一句。", [], None),
        ("现将全年工作总结如下：", [], "report-line"),
    ]


def test_an_unreviewed_formula_is_refused() -> None:
    with pytest.raises(KeyError):
        formula("经过一年的努力，取得显著成效。", "achievement")


def test_sources_merge_when_sourced_text_is_sourced_again() -> None:
    inner = sourced("开展志愿服务", "volunteers#0.details")
    again = inner.said(f"一是{inner.text}。").with_sources("volunteers#0")
    assert (again.text, again.sources, again.formula) == ("一是开展志愿服务。", ("volunteers#0", "volunteers#0.details"), None)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_script_drafts_follow_the_prose_rules(replays, layout: str) -> None:
    """No seams, echoes, stray connectives, fragments or unparallel headings in real drafts."""
    problems = []
    for name, result in replays.items():
        document = render_document(QUESTIONNAIRE, result.state, layout)
        seams = doubled_words(document, typed_text(result.state.answers))
        problems += [f"{name}: {p}" for p in [*find_glitches(document), *fragment_glitches(document), *seams]]
    assert problems == []


def test_sentences_always_add_up_to_their_paragraph() -> None:
    for text in ("！丁。", "a。b！”c", "“甲。”乙。", "只有一句没有句号"):
        paragraph = paragraph_of([sourced(text, "plans")])
        assert "".join(s.text for s in paragraph.sentences) == paragraph.text == text
    assert paragraph_of([sourced("。", "projects#0.details")]) is None  # an answer tidied to nothing
