"""Figures as clerks write them: several in one line, qualifiers, frequencies, masks; one ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.answers import (
    AFTER_UNIT_QUALIFIERS,
    FiguresAnswer,
    GroupAnswer,
    MultiAnswer,
    NumberAnswer,
    TextAnswer,
)
from dialogs.figures import figures_of_piece, parse_figures
from dialogs.ledger import ledger
from dialogs.parsing import parse_number
from dialogs.questionnaire import Question, load_questionnaire
from dialogs.state import InterviewState

QUESTIONNAIRE = load_questionnaire()
DETAILS = QUESTIONNAIRE.question("campaigns").questions[1]
NUMBER = Question(id="n", kind="number", label="数", prompt="多少？", unit="人")


def figures(text: str) -> list[tuple[str, str, Decimal | None, str, str]]:
    answer = parse_figures(text, DETAILS)
    assert isinstance(answer, FiguresAnswer)
    return [(f.what, f.text, f.value, f.qualifier, f.unit) for f in answer.items if f.text]


def test_one_line_carries_several_figures_each_with_what_value_qualifier_unit() -> None:
    assert figures("清理垃圾3600余吨，清理牛皮癣20000余处，硬化道路40余处约800平方") == [
        ("清理垃圾", "3600余吨", Decimal(3600), "余", "吨"),
        ("清理牛皮癣", "20000余处", Decimal(20000), "余", "处"),
        ("硬化道路", "40余处", Decimal(40), "余", "处"),
        ("硬化道路", "约800平方", Decimal(800), "约", "平方"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("召开专题会议多次", ("召开专题会议", "多次", None, "多次", "")),
        ("数次", ("", "数次", None, "数次", "")),
        ("每周一次", ("", "每周一次", Decimal(1), "每周", "次")),
        ("百分之百", ("", "百分之百", Decimal(100), "", "%")),
        ("投入近百万元", ("投入", "近百万元", Decimal(1_000_000), "近", "元")),
        ("入户万余户", ("入户", "万余户", Decimal(10_000), "余", "户")),
        ("参与群众超过500人", ("参与群众", "超过500人", Decimal(500), "超过", "人")),
        ("志愿者逾千人", ("志愿者", "逾千人", Decimal(1000), "逾", "人")),
        ("在省、市级媒体共刊发40篇", ("在省、市级媒体共刊发", "40篇", Decimal(40), "", "篇")),
        ("张贴海报X余张", ("张贴海报", "X余张", None, "余", "张")),
        ("劝导群众20人上下", ("劝导群众", "20人上下", Decimal(20), "上下", "人")),
    ],
)
def test_figures_are_read_the_way_clerks_write_them(text: str, expected: tuple) -> None:
    assert figures(text) == [expected]


def test_dates_and_times_are_not_figures_but_stay_in_the_line() -> None:
    answer = parse_figures("5月19日下午召开动员会，5月中旬、9月底各检查一次，今年以来清运垃圾80多车", DETAILS)
    assert isinstance(answer, FiguresAnswer)
    assert [(f.what, f.text) for f in answer.items if f.text] == [("今年以来清运垃圾", "80多车")]
    assert answer.display() == "5月19日下午召开动员会，5月中旬、9月底各检查一次，今年以来清运垃圾80多车"


@pytest.mark.parametrize(
    ("line", "value"),
    [("清理垃圾1,000处", Decimal(1000)), ("志愿服务-5人次", Decimal(-5)), ("清运1e309吨", None)],
)
def test_a_number_is_one_figure_as_typed_whole(line: str, value: Decimal | None) -> None:
    """Thousands separators, a sign, an exponent stay in the figure's text (1e309: no value made up)."""
    [(_, text, read, _, _)] = figures(line)
    assert line.endswith(text) and read == value


def test_a_line_without_figures_is_kept_as_the_clerks_account() -> None:
    answer = parse_figures("全面取缔露天旱厕", DETAILS)
    assert isinstance(answer, FiguresAnswer) and answer.display() == "全面取缔露天旱厕"
    assert [f.text for f in answer.items] == [""]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="清运垃圾车处多余约近万每周次X、，；0123456789两三个", max_size=40))
def test_printing_the_figures_gives_back_the_clerks_words(text: str) -> None:
    for piece in [p for p in text.replace("；", "，").split("，") if p.strip()]:
        found = figures_of_piece(piece.strip())
        if found:
            assert "".join(f.display() for f in found) == piece.strip()


def test_one_table_of_after_unit_qualifiers_is_used_by_every_parser() -> None:
    for qualifier in AFTER_UNIT_QUALIFIERS:
        number = parse_number(f"20人{qualifier}", NUMBER)
        assert isinstance(number, NumberAnswer) and (number.unit, number.suffix) == ("人", qualifier)
        assert number.display() == f"20人{qualifier}"
        assert figures(f"参加20人{qualifier}")[0][3:] == (qualifier, "人")


def test_the_ledger_holds_every_figure_with_its_work_item() -> None:
    line = parse_figures("清运垃圾80多车，拆除违章搭建20余处", DETAILS)
    assert isinstance(line, FiguresAnswer)
    state = InterviewState(answers={
        "campaign_themes": MultiAnswer(items=["环境卫生"]),
        "campaigns": GroupAnswer(items=[{"name": TextAnswer(text="环境卫生"), "details": line}]),
    })
    rows = ledger(QUESTIONNAIRE, state)
    assert [(r.item, r.kind, r.item_name, r.what, r.value, r.qualifier, r.unit, r.text) for r in rows] == [
        ("campaigns#0", "专项整治", "环境卫生", "清运垃圾", Decimal(80), "多", "车", "80多车"),
        ("campaigns#0", "专项整治", "环境卫生", "拆除违章搭建", Decimal(20), "余", "处", "20余处"),
    ]


def test_the_ledger_leaves_out_work_the_clerk_took_back() -> None:
    line = parse_figures("清运垃圾80多车", DETAILS)
    assert isinstance(line, FiguresAnswer)
    state = InterviewState(answers={
        "organization_work": MultiAnswer(items=["会议"]),
        "inspections": GroupAnswer(items=[{"details": line}]),  # 督查考核 no longer chosen
    })
    assert ledger(QUESTIONNAIRE, state) == []
