"""The year is the clerk's, never the clock's (issue 22 §1): every rule with a fixed ``now``.

A summary finished in January is last year's: the period buttons show the year they store and
offer last year first until the end of March; 「去年」「前年」「2025年度」「2025年上半年」 are read
for the year they name; a sign date years from the period is questioned once; the title and the
opening say the year the clerk was shown.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from dialogs.answers import DateAnswer, PeriodAnswer
from dialogs.questionnaire import load_questionnaire
from drafting.prose.render import render_document
from tests.conversation import Conversation

QUESTIONNAIRE = load_questionnaire()
JANUARY = datetime(2027, 1, 15, 9, 0)
NOVEMBER = datetime(2026, 11, 29, 9, 0)
# unit, type, genre, signer: the period question is next
TO_PERIOD = ["青山镇", "镇", "工作总结", "1"]
# the period answered: targets, leadership, guiding thought, verdict, then 「没有」 for every
# work section, problems, rectifications and plans: the sign date is next
TO_DATE = ["全国文明城市", "跳过", "跳过", "跳过", "没有", "没有", "没有", "否", "没有", "没有", "没有", "否", "没有"]


def talk(lines: list[str], now: datetime = JANUARY) -> Conversation:
    conversation = Conversation(QUESTIONNAIRE, now=now)
    for line in lines:
        replies = conversation.say(line)
        assert not [reply for reply in replies if reply.kind == "error"], (line, [reply.text for reply in replies])
    return conversation


def labels(conversation: Conversation) -> list[str]:
    return [button.label for row in conversation.last.buttons for button in row if button.action.startswith("y")]


def test_in_january_the_buttons_offer_last_year_first_and_show_the_year() -> None:
    january = talk(TO_PERIOD)
    assert january.cursor == "period"
    assert labels(january) == ["全年（2026年）", "上半年（2026年）", "下半年（2026年）", "全年（2027年）"]
    assert labels(talk(TO_PERIOD, NOVEMBER)) == ["全年（2026年）", "上半年（2026年）", "下半年（2026年）"]
    assert labels(talk(TO_PERIOD, datetime(2027, 5, 6))) == ["全年（2027年）", "上半年（2027年）", "下半年（2026年）"]


def test_a_pressed_button_stores_the_year_it_showed_and_says_it() -> None:
    january = talk(TO_PERIOD)
    [first] = [button for row in january.last.buttons for button in row if button.label == "全年（2026年）"]
    replies = january.press(first.action)
    assert january.state.answers["period"] == PeriodAnswer(year=2026, span="全年")
    assert "时间段记为：2026年。" in [reply.text for reply in replies]


@pytest.mark.parametrize(
    ("typed", "year", "span", "words"),
    [
        ("全年", 2026, "全年", ""),  # typed in January: last year's, as its button says
        ("1", 2026, "全年", ""),  # the first button's number
        ("去年", 2026, "全年", ""),
        ("前年", 2025, "全年", ""),
        ("今年", 2027, "全年", ""),
        ("2025年度", 2025, "全年", ""),
        ("2025年上半年", 2025, "上半年", ""),
        ("2025年", 2025, "全年", ""),
        ("去年下半年", 2026, "下半年", ""),
        ("7—8月", 2026, "阶段", "7—8月"),  # July typed in January has passed last year
        ("1月", 2027, "阶段", "1月"),
        ("冲刺阶段", 2027, "阶段", "冲刺阶段"),
        ("今年以来", 2027, "阶段", "今年以来"),
    ],
)
def test_typed_periods_are_read_for_the_year_they_mean(typed: str, year: int, span: str, words: str) -> None:
    period = talk([*TO_PERIOD, typed]).state.answers["period"]
    assert isinstance(period, PeriodAnswer) and (period.year, period.span, period.words) == (year, span, words)


def test_this_week_is_kept_as_said_and_titled_by_its_dates() -> None:
    week = talk([*TO_PERIOD, "本周"]).state.answers["period"]
    assert isinstance(week, PeriodAnswer) and week.display() == "本周"
    assert week.title_text() == "2027年1月11日—17日"


def test_a_sign_date_years_from_the_period_is_questioned_once_then_kept() -> None:
    clerk = talk([*TO_PERIOD, "全年", *TO_DATE])
    assert clerk.cursor == "sign_date"
    asked = clerk.say("2019年12月25日")
    assert "sign_date" not in clerk.state.answers and clerk.cursor == "sign_date"
    assert "落款日期是2019年12月25日，可这份材料写的是2026年的工作。" in asked[-1].text
    assert [button.label for button in asked[-1].buttons[0]] == ["日期没错"]
    clerk.say("2019年12月25日")  # the clerk insists: kept, not asked a third time
    assert clerk.state.answers["sign_date"] == DateAnswer(year=2019, month=12, day=25)
    assert clerk.state.cursor is None


def test_the_date_questioned_is_kept_by_its_button_and_another_date_is_checked_again() -> None:
    clerk = talk([*TO_PERIOD, "全年", *TO_DATE])
    clerk.say("2019年12月25日")
    clerk.say("2020年1月5日")  # another date, as far off: asked again
    assert "sign_date" not in clerk.state.answers
    clerk.press("keep")
    assert clerk.state.answers["sign_date"] == DateAnswer(year=2020, month=1, day=5)
    fitting = talk([*TO_PERIOD, "全年", *TO_DATE])
    fitting.say("2027年1月10日")  # the next year's January: how a year's summary is signed
    assert fitting.state.answers["sign_date"] == DateAnswer(year=2027, month=1, day=10)


@pytest.mark.parametrize(("typed", "year"), [("12月28日", 2026), ("1月10日", 2027)])
def test_a_date_without_a_year_takes_the_nearest_year_that_fits_the_period(typed: str, year: int) -> None:
    clerk = talk([*TO_PERIOD, "全年", *TO_DATE])
    replies = clerk.say(typed)
    assert clerk.state.answers["sign_date"] == DateAnswer(year=year, month=int(typed.split("月")[0]), day=int(typed.split("月")[1][:-1]))
    assert f"落款日期记为：{year}年{typed}。" in [reply.text for reply in replies]


def test_the_title_and_opening_say_the_year_the_clerk_was_shown() -> None:
    clerk = talk([*TO_PERIOD, "全年", *TO_DATE, "1月10日"])
    document = render_document(QUESTIONNAIRE, clerk.state)
    assert document.title.startswith("青山镇2026年") and "2027" not in document.title
    assert document.blocks[0].text.startswith("2026年，")  # type: ignore[union-attr]
    assert document.signature_date == "2027年1月10日"


def test_a_stage_is_titled_with_its_year() -> None:
    clerk = talk([*TO_PERIOD, "7—8月"])
    assert "2026年7—8月" in render_document(QUESTIONNAIRE, clerk.state).title


def test_a_stage_said_relative_to_its_day_is_titled_by_its_year_and_opened_as_said() -> None:
    clerk = talk([*TO_PERIOD, "今年以来"])
    document = render_document(QUESTIONNAIRE, clerk.state)
    assert document.title.startswith("青山镇2027年") and document.blocks[0].text.startswith("今年以来，")  # type: ignore[union-attr]
