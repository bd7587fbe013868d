"""The fresh interviews (tests/interviews/, written outside the team) still replay.

They are typed with the console's numbers, so a questionnaire change makes them drift:
every line must still be taken (a line that stores nothing is a number or an answer that
landed on another question), and their drafts are checked in every layout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.questionnaire import load_questionnaire
from drafting.prose.layouts import LAYOUTS
from drafting.prose.render import render_document
from tests.support.fresh_interviews import ConsoleReplay, fresh_interviews, replay_console
from tests.support.quality import doubled_words, find_glitches, fragment_glitches, typed_text, unsourced_sentences

QUESTIONNAIRE = load_questionnaire()
INTERVIEWS = fresh_interviews()


@pytest.fixture(scope="module")
def replays() -> dict[str, ConsoleReplay]:
    return {path.stem: replay_console(QUESTIONNAIRE, path) for path in INTERVIEWS}


def test_the_seven_interviews_are_here() -> None:
    assert {path.stem for path in INTERVIEWS} == {"halfyear", "mid", "minimal", "ref2_nanba", "ref3_donghu", "ref4_luzhou", "selfcheck"}


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


def test_ref3_is_corrected_to_2019(replays: dict[str, ConsoleReplay]) -> None:
    """【三】 answered the year with the 全年 button, then corrected it with 修改 5."""
    document = render_document(QUESTIONNAIRE, replays["ref3_donghu"].state, "annual")
    assert document.title.startswith("东湖镇2019年")
