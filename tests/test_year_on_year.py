"""Issue 24 §3: year on year, only as far as the figures allow (dialogs.year_on_year)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.answers import GroupAnswer
from dialogs.carry import report_of_draft
from dialogs.carryover import CarryOver
from dialogs.earlier import EarlierFigure, EarlierOrigin
from dialogs.figures import parse_figures
from dialogs.ledger import LedgerFigure
from dialogs.questionnaire import load_questionnaire
from dialogs.year_on_year import compare
from drafting.prose.render import render_document
from tests.support.interview_replay import SAMPLES_DIR, draft_text, read_script, replay

Q = load_questionnaire()


def _now(value: int | None, qualifier: str = "", unit: str = "条", what: str = "悬挂横幅") -> LedgerFigure:
    return LedgerFigure("carriers#0.details", "carriers#0", "宣传载体", "", what, None if value is None else Decimal(value), qualifier, unit, "")


def _then(value: int | None, qualifier: str = "", unit: str = "条", what: str = "悬挂横幅") -> EarlierFigure:
    return EarlierFigure(what=what, text="x", value=None if value is None else Decimal(value), qualifier=qualifier, unit=unit, path="carriers#0.details")


@pytest.mark.parametrize(
    ("now", "then", "said"),
    [
        (_now(60), _then(50), "悬挂横幅较去年增加10条"),
        (_now(40), _then(50), "悬挂横幅较去年减少10条"),
        (_now(50), _then(50), ""),  # unchanged: nothing said
        (_now(9, what="2019年8月以来共发出口头督查通报", unit="次"), _then(6, what="2019年8月以来共发出口头督查通报", unit="次"), "发出口头督查通报较去年增加3次"),
        (_now(5, what="聘请", unit="名"), _then(3, what="聘请", unit="名"), ""),  # what was counted follows the number
        (_now(3, what="在全乡", unit="个"), _then(2, what="在全乡", unit="个"), ""),  # a place, not a thing
        (_now(60, "余"), _then(60), "悬挂横幅较去年有所增加"),  # more than 60 against 60
        (_now(60), _then(60, "余"), "悬挂横幅较去年有所减少"),
        (_now(60), _then(60, "近"), "悬挂横幅较去年有所增加"),  # 60 against less than 60
        (_now(60, "余"), _then(50, "余"), ""),  # 50余 may be 59 or more: no direction is sure
        (_now(80, "多"), _then(50), "悬挂横幅较去年有所增加"),  # and never 「增加30条」 from a lower bound
        (_now(50, "约"), _then(40), ""),  # 约 bounds nothing
        (_now(None, "多次"), _then(3), ""),
        (_now(50, unit="幅"), _then(40), ""),  # another unit
        (_now(50, what="张贴标语"), _then(40), ""),  # another thing
    ],
)
def test_figures_are_compared_only_as_far_as_they_allow(now: LedgerFigure, then: EarlierFigure, said: str) -> None:
    assert compare(now, then) == said
    assert "%" not in said and "百分" not in said


def test_the_draft_compares_this_years_figures_with_last_years() -> None:
    year_one = replay(Q, read_script(SAMPLES_DIR / "reference1.txt")).state
    report = report_of_draft(Q, year_one, EarlierOrigin(kind="draft", draft_id="abc123", year=2019))
    inspections = year_one.answers["inspections"]
    assert isinstance(inspections, GroupAnswer)
    line = "2019年8月以来共发出口头督查通报9次，印发书面督查通报2份，聘请5名人大代表担任义务监督员"
    details = parse_figures(line, Q.question("inspections").questions[0])
    this_year = year_one.model_copy(update={
        "answers": {**year_one.answers, "inspections": GroupAnswer(items=[{**inspections.items[0], "details": details}])},
        "carry": CarryOver(report=report),
    })
    text = draft_text(render_document(Q, this_year, "annual"))
    assert "发出口头督查通报较去年增加3次" in text
    assert text.count("较去年") == 1  # the unchanged figures (书面督查通报2份, the slogans …) say nothing
    # Without the earlier summary nothing is compared.
    assert "较去年" not in draft_text(render_document(Q, this_year.model_copy(update={"carry": None}), "annual"))
