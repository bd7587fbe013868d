"""The fresh interviews (tests/interviews/, written outside the team) still replay.

They are typed with the console's numbers, so a questionnaire change makes them drift:
every line must still be taken (a line that stores nothing is a number or an answer that
landed on another question), and their drafts are checked in every layout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.questionnaire import load_questionnaire
from drafting.document import Document, Heading, Paragraph
from drafting.prose.layouts import LAYOUTS
from drafting.prose.render import render_document
from tests.support.fresh_interviews import ConsoleReplay, fresh_interviews, replay_console
from tests.support.quality import doubled_words, find_glitches, fragment_glitches, seam_glitches, typed_text, unsourced_sentences
from tests.support.seam_report import unit_type

QUESTIONNAIRE = load_questionnaire()
INTERVIEWS = fresh_interviews()


@pytest.fixture(scope="module")
def replays() -> dict[str, ConsoleReplay]:
    return {path.stem: replay_console(QUESTIONNAIRE, path) for path in INTERVIEWS}


def test_the_interviews_are_here() -> None:
    """The seven of ../shared/interviews, and issue 22's made-up 表态发言 and 整改报告."""
    assert {path.stem for path in INTERVIEWS} == {
        "halfyear", "mid", "minimal", "ref2_nanba", "ref3_donghu", "ref4_luzhou", "selfcheck", "pledge_qingshi", "rectify_liushu",
    }


@pytest.mark.parametrize("path", INTERVIEWS, ids=lambda p: p.stem)
def test_every_line_is_taken(path: Path, replays: dict[str, ConsoleReplay]) -> None:
    assert replays[path.stem].refused == []


@pytest.mark.parametrize("path", INTERVIEWS, ids=lambda p: p.stem)
def test_the_drafts_have_no_glitch_in_any_layout(path: Path, replays: dict[str, ConsoleReplay]) -> None:
    state = replays[path.stem].state
    for layout in LAYOUTS:
        document = render_document(QUESTIONNAIRE, state, layout)
        assert find_glitches(document) == [], layout
        assert fragment_glitches(document) == [], layout
        assert unsourced_sentences(document) == [], layout
        assert doubled_words(document, typed_text(state.answers)) == [], layout
        assert seam_glitches(document, state.answers, unit_type(replays[path.stem])) == [], layout  # issue 23


def test_ref3_is_corrected_to_2019(replays: dict[str, ConsoleReplay]) -> None:
    """【三】 answered the year with the 全年 button, then corrected it with 修改 5."""
    document = render_document(QUESTIONNAIRE, replays["ref3_donghu"].state, "annual")
    assert document.title.startswith("东湖镇2019年")


def test_ref3_reads_as_paragraphs_by_topic_under_headings_that_fit(replays: dict[str, ConsoleReplay]) -> None:
    """【三】 in full (issue 23): each kind of work under a heading of its own, said from
    what it states (the 市容市貌 theme by name, no 「迎检」, 城乡 for a 镇), and no
    paragraph gluing unrelated items (the seam rules above find none)."""
    document = render_document(QUESTIONNAIRE, replays["ref3_donghu"].state, "annual")
    headings = [block.text for block in document.blocks if isinstance(block, Heading) and block.level == 2]
    assert headings == [
        "加强领导，强化宣传发动",  # 媒体报道 too thin alone: joined to 组织领导 under a heading for both
        "突出重点，深化市容市貌整治",
        "完善设施，改善城乡面貌",
        "培育新风，推进文明实践",
        "立德树人，加强未成年人教育",
        "优化服务，规范窗口服务",
        "弘扬新风，推进公民道德和诚信建设",
        "创新载体，丰富实践活动",
    ]
    under = _paragraphs_under(document, "优化服务，规范窗口服务")
    assert len(under) == 1 and "政务公开" in under[0] and "秧歌" not in under[0]  # 窗口服务 alone, not with 群众文化活动


@pytest.mark.parametrize("layout", LAYOUTS)
def test_ref3_groups_each_item_under_a_heading_of_its_work_and_numbers_one_way(layout: str, replays: dict[str, ConsoleReplay]) -> None:
    """【三】's 媒体报道 is no 7th point under 「健全机构，加强组织领导」 (a thin section joins
    another only under a heading for both), and its 组织领导 series is laid out one way: a
    point of 24 characters runs the whole series in one paragraph, as 【三】 itself does."""
    state = replays["ref3_donghu"].state
    document = render_document(QUESTIONNAIRE, state, layout)
    grouping = ("item under a heading not its own", "numbered series laid out unevenly")
    assert [finding for finding in seam_glitches(document, state.answers, "镇") if finding.startswith(grouping)] == []
    series = [block.text for block in document.blocks if isinstance(block, Paragraph) and "一是根据党政领导人员变化" in block.text]
    assert len(series) == 1 and "五是组织年轻干部" in series[0] and "七是向满洲里日报" in series[0]


def test_ref3_itemized_names_each_topic_though_two_end_alike(replays: dict[str, ConsoleReplay]) -> None:
    """The 条目式's lead-ins name a topic each: 「关于未成年人思想道德建设：」 after 「关于基础设施建设：」
    (the one-ending-once rule of （一） headings would have made it 「关于文明风尚：」)."""
    document = render_document(QUESTIONNAIRE, replays["ref3_donghu"].state, "itemized")
    lead_ins = [block.text for block in document.blocks if isinstance(block, Paragraph) and block.lead_in]
    assert "关于基础设施建设：" in lead_ins and "关于未成年人思想道德建设：" in lead_ins
    assert len(set(lead_ins)) == len(lead_ins)


def _paragraphs_under(document: Document, heading: str) -> list[str]:
    found: list[str] = []
    inside = False
    for block in document.blocks:
        if isinstance(block, Heading):
            inside = block.text == heading
        elif inside and isinstance(block, Paragraph):
            found.append(block.text)
    return found
