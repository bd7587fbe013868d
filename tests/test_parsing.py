"""Answer parsers accept what clerks really type and refuse the rest with a Chinese example."""

from decimal import Decimal

import pytest

from dialogs.answers import ChoiceAnswer, DateAnswer, NumberAnswer, YesNoAnswer
from dialogs.parsing import (
    Rejected,
    clean_text,
    parse_choice,
    parse_date,
    parse_list_items,
    parse_multi_picks,
    parse_number,
    parse_text,
    parse_yesno,
    split_list_items,
)
from dialogs.questionnaire import Question


def number_question(unit: str = "人次", **extra: object) -> Question:
    return Question(id="n", kind="number", label="数", prompt="多少？", unit=unit, min=0, **extra)


@pytest.mark.parametrize(
    ("typed", "prefix", "value", "suffix", "unit", "display"),
    [
        ("12", "", "12", "", "人次", "12人次"),
        ("１２", "", "12", "", "人次", "12人次"),
        ("十二", "", "12", "", "人次", "12人次"),
        ("一百零五", "", "105", "", "人次", "105人次"),
        ("300余", "", "300", "余", "人次", "300余人次"),
        ("300多", "", "300", "多", "人次", "300多人次"),
        ("近60万元", "近", "60", "万", "元", "近60万元"),
        ("约40篇", "约", "40", "", "篇", "约40篇"),
        ("85%", "", "85", "", "%", "85%"),
        ("百分之八十五", "", "85", "", "%", "85%"),
        ("2.8万元", "", "2.8", "万", "元", "2.8万元"),
        ("5万多张", "", "5", "万多", "张", "5万多张"),
        ("五万多张", "", "5", "万多", "张", "5万多张"),
        ("40多万元", "", "40", "多万", "元", "40多万元"),
        ("15条以上", "", "15", "以上", "条", None),
        ("共计12次", "", "12", "", "次", "12次"),
        ("1,200", "", "1200", "", "人次", "1200人次"),
    ],
)
def test_numbers_as_clerks_write_them(typed, prefix, value, suffix, unit, display):
    answer = parse_number(typed, number_question())
    assert isinstance(answer, NumberAnswer), answer
    assert (answer.prefix, answer.value, answer.suffix, answer.unit) == (prefix, Decimal(value), suffix, unit)
    assert answer.raw == typed
    if display:
        assert answer.display() == display


def test_question_unit_wins_when_typed_so_bare_and_written_figures_share_it():
    question = number_question(unit="万元")
    typed = parse_number("40多万元", question)
    bare = parse_number("40", question)
    assert isinstance(typed, NumberAnswer) and isinstance(bare, NumberAnswer)
    assert (typed.value, typed.suffix, typed.unit) == (Decimal(40), "多", "万元")
    assert (bare.value, bare.suffix, bare.unit) == (Decimal(40), "", "万元")


@pytest.mark.parametrize("typed", ["很多", "1e9", "-5", "", "   ", "负三", "两三个", "12和13"])
def test_bad_numbers_are_refused_with_an_example(typed):
    result = parse_number(typed, number_question(example="300余人次"))
    assert isinstance(result, Rejected)
    assert "例如" in result.message


def test_integer_questions_refuse_fractions_and_range_is_checked():
    year = Question(id="year", kind="number", label="年度", prompt="哪一年？", integer=True, min=2000, max=2100)
    assert isinstance(parse_number("2019.5", year), Rejected)
    assert isinstance(parse_number("1999", year), Rejected)
    assert isinstance(parse_number("2101", year), Rejected)
    assert parse_number("二〇一九", year) == NumberAnswer(value=Decimal(2019), raw="二〇一九")
    share = number_question(unit="%", max=100)
    assert "不能大于" in parse_number("120%", share).message  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2019年12月", DateAnswer(year=2019, month=12)),
        ("2019-12", DateAnswer(year=2019, month=12)),
        ("2019.12.2", DateAnswer(year=2019, month=12, day=2)),
        ("2019年12月2日", DateAnswer(year=2019, month=12, day=2)),
        ("12月2日", DateAnswer(month=12, day=2)),
        ("二〇一九年十二月", DateAnswer(year=2019, month=12)),
        ("2020年2月29日", DateAnswer(year=2020, month=2, day=29)),
    ],
)
def test_dates_in_the_forms_clerks_use(typed, expected):
    question = Question(id="d", kind="date", label="日期", prompt="哪天？")
    assert parse_date(typed, question) == expected


@pytest.mark.parametrize("typed", ["2019年13月", "2019年2月30日", "2019年2月29日", "12月32日", "昨天", "2019-00", "3日"])
def test_impossible_or_unreadable_dates_are_refused(typed):
    question = Question(id="d", kind="date", label="日期", prompt="哪天？")
    result = parse_date(typed, question)
    assert isinstance(result, Rejected)
    assert "2019年12月2日" in result.message


@pytest.mark.parametrize(("typed", "value"), [("是", True), ("有", True), ("对", True), ("yes", True), ("否", False), ("没有", False), ("不是", False), ("无", False), ("NO", False)])
def test_yes_and_no_words(typed, value):
    assert parse_yesno(typed) == YesNoAnswer(value=value)


def test_yes_no_refuses_anything_else():
    assert isinstance(parse_yesno("也许"), Rejected)


def test_choice_by_number_label_or_free_text_when_allowed():
    open_choice = Question(id="c", kind="choice", label="主题", prompt="?", choices=["环境卫生", "交通秩序"], allow_other=True)
    closed = Question(id="c", kind="choice", label="类型", prompt="?", choices=["乡", "镇"])
    assert parse_choice("2", open_choice) == ChoiceAnswer(choice="交通秩序")
    assert parse_choice("环境卫生", open_choice) == ChoiceAnswer(choice="环境卫生")
    assert parse_choice("垃圾分类", open_choice) == ChoiceAnswer(choice="垃圾分类", other=True)
    refused = parse_choice("县", closed)
    assert isinstance(refused, Rejected) and "1.乡" in refused.message
    assert isinstance(parse_choice("3", closed), Rejected)


def test_multi_picks_by_numbers_labels_and_other_text():
    question = Question(id="m", kind="multi", label="问题", prompt="?", choices=["经费不足", "阵地缺乏", "认识不到位"], allow_other=True)
    assert parse_multi_picks("3 1", question) == ["认识不到位", "经费不足"]
    assert parse_multi_picks("2、3", question) == ["阵地缺乏", "认识不到位"]
    assert parse_multi_picks("经费不足；宣传不够深入", question) == ["经费不足", "宣传不够深入"]
    assert isinstance(parse_multi_picks("7", question), Rejected)


@pytest.mark.parametrize(
    ("typed", "items"),
    [
        ("甲\n乙\n丙", ["甲", "乙", "丙"]),
        ("甲；乙;丙", ["甲", "乙", "丙"]),
        ("1. 甲 2. 乙", ["甲", "乙"]),
        ("1、甲\n2、乙", ["甲", "乙"]),
        ("（1）甲（2）乙", ["甲", "乙"]),
        ("①甲②乙③丙", ["甲", "乙", "丙"]),
        ("一是抓机关；二是抓村组。", ["抓机关", "抓村组"]),
        ("投入2.8万元；罚款1.5万元", ["投入2.8万元", "罚款1.5万元"]),
        # A count in brackets ends its item, it does not number the next one.
        ("整改问题（1）处", ["整改问题（1）处"]),
        ("发现问题(2)个，已整改；约谈（3）人次", ["发现问题(2)个，已整改", "约谈（3）人次"]),
        ("（1）项目建设（2）处理投诉", ["项目建设", "处理投诉"]),
    ],
)
def test_list_items_split_on_lines_semicolons_and_numbering(typed, items):
    assert split_list_items(typed) == items


def test_cleaning_removes_invisible_characters_but_keeps_line_breaks():
    dirty = "\u200b 某某\u202e乡\x00\u200d \r\n第二行\ufeff "
    assert clean_text(dirty) == "某某乡\n第二行"


def test_emoji_and_overlong_answers_are_refused_never_truncated():
    question = Question(id="t", kind="text", label="名称", prompt="?", example="某某乡", max_length=40)
    emoji = parse_text("某某乡👍", question)
    assert isinstance(emoji, Rejected) and "表情" in emoji.message
    long_text = parse_text("字" * 41, question)
    assert isinstance(long_text, Rejected) and "41" in long_text.message and "40" in long_text.message
    listed = Question(id="l", kind="list", label="措施", prompt="?")
    assert isinstance(parse_list_items("条" * 2001, listed), Rejected)
    assert isinstance(parse_list_items("", listed), Rejected)
