"""The Chinese phrasing helpers the wording is said with."""

from decimal import Decimal

from dialogs.answers import DateAnswer, NumberAnswer
from drafting.prose.phrasing import (
    cn_ordinal,
    date_text,
    enumerate_cn,
    figure,
    fill,
    join_cn,
    numbered_paragraphs,
    sentence,
)
from drafting.prose.provenance import sourced


def test_ordinals_read_as_chinese_numerals() -> None:
    assert [cn_ordinal(n) for n in (1, 2, 9, 10, 11, 12, 20, 21, 99)] == [
        "一", "二", "九", "十", "十一", "十二", "二十", "二十一", "九十九"
    ]


def test_ordinals_go_past_ninety_nine() -> None:
    # A pasted list of 100 lines made every later draft fail with IndexError.
    assert [cn_ordinal(n) for n in (100, 101, 110, 111, 120, 999, 1000, 1001, 10000)] == [
        "一百", "一百零一", "一百一十", "一百一十一", "一百二十", "九百九十九", "一千", "一千零一", "一万"
    ]


def test_enumerate_of_a_hundred_and_one_items_counts_to_yi_bai_ling_yi() -> None:
    text = enumerate_cn([f"第{n}项" for n in range(1, 102)])
    assert text.startswith("一是第1项；二是第2项；")
    assert text.endswith("；九十九是第99项；一百是第100项；一百零一是第101项。")


def test_enumerate_writes_yi_shi_er_shi_with_semicolons() -> None:
    assert enumerate_cn(["加强宣传", "整治环境", "完善设施"]) == "一是加强宣传；二是整治环境；三是完善设施。"


def test_enumerate_of_one_item_has_no_yi_shi() -> None:
    assert enumerate_cn(["加强宣传"]) == "加强宣传。"


def test_enumerate_of_nothing_is_nothing_even_with_a_lead() -> None:
    assert enumerate_cn([], lead="重点抓好以下工作：") == ""
    assert enumerate_cn(None, lead="重点抓好以下工作：") == ""
    assert enumerate_cn(["", "  "], lead="重点：") == ""


def test_enumerate_strips_the_clerks_own_ordinals_and_end_marks() -> None:
    assert enumerate_cn(["一是加强宣传。", "2、整治环境；"], lead="重点：") == "重点：一是加强宣传；二是整治环境。"


def test_numbered_paragraphs_one_per_item() -> None:
    def texts(items: list[str]) -> list[str]:
        return ["".join(piece.text for piece in paragraph) for paragraph in numbered_paragraphs([sourced(item, "plans") for item in items])]

    assert texts(["甲", "乙"]) == ["一是甲。", "二是乙。"]
    assert texts(["甲"]) == ["甲。"]
    assert texts([]) == []


def test_join_uses_dun_hao_and_he() -> None:
    assert join_cn(["甲"]) == "甲"
    assert join_cn(["甲", "乙"]) == "甲和乙"
    assert join_cn(["甲", "乙", "丙"]) == "甲、乙和丙"
    assert join_cn(["甲", None, "", "丙"]) == "甲和丙"
    assert join_cn([]) == ""


def test_fill_vanishes_when_any_fact_is_missing() -> None:
    assert fill("制作固定标语{}", "12条") == "制作固定标语12条"
    assert fill("制作固定标语{}", None) == ""
    assert fill("在{}投放公益广告{}", None, "10幅") == ""
    assert fill("依据{}", []) == ""
    assert fill("依据{}", ["《甲》", "《乙》"]) == "依据《甲》和《乙》"


def test_fill_keeps_a_zero_the_clerk_said() -> None:
    zero = figure(NumberAnswer(value=Decimal(0), unit="条"))
    assert fill("制作固定标语{}", zero) == "制作固定标语0条"


def test_sentence_joins_surviving_clauses_and_ends_with_a_full_stop() -> None:
    assert sentence("甲", "", None, "乙。") == "甲，乙。"
    assert sentence("", None) == ""


def test_sentence_lead_and_tail_only_around_real_content() -> None:
    assert sentence("制作标语12条", lead="我乡", tail="扩大影响") == "我乡制作标语12条，扩大影响。"
    assert sentence("", lead="我乡", tail="扩大影响") == ""


def test_sentence_takes_a_list_as_that_many_clauses() -> None:
    assert sentence(["罚款2.8万元", "清理乱堆放500多处"], lead="累计") == "累计罚款2.8万元，清理乱堆放500多处。"


def test_sentence_can_end_with_a_colon() -> None:
    assert sentence("坚持原则", lead="针对以上问题，我乡将", tail="重点抓好以下工作", end="：") == (
        "针对以上问题，我乡将坚持原则，重点抓好以下工作："
    )


def test_figures_keep_qualifiers_scale_and_unit() -> None:
    assert figure(NumberAnswer(value=Decimal(300), suffix="余", unit="人次")) == "300余人次"
    assert figure(NumberAnswer(value=Decimal(60), prefix="近", unit="万元")) == "近60万元"
    assert figure(NumberAnswer(value=Decimal(5), suffix="万多", unit="张")) == "5万多张"
    assert figure(NumberAnswer(value=Decimal(85), unit="%")) == "85%"
    assert figure(NumberAnswer(value=Decimal("2.8"), unit="万元")) == "2.8万元"
    assert figure(None) == ""


def test_figures_put_yi_shang_after_the_unit() -> None:
    assert figure(NumberAnswer(value=Decimal(15), suffix="以上", unit="条")) == "15条以上"
    assert figure(NumberAnswer(value=Decimal(2), suffix="万左右", unit="人")) == "2万人左右"


def test_dates_take_the_summary_year_when_the_clerk_gave_none() -> None:
    assert date_text(DateAnswer(month=12, day=2), year=2019) == "2019年12月2日"
    assert date_text(DateAnswer(year=2018, month=12), year=2019) == "2018年12月"
    assert date_text(DateAnswer(month=8), year=None) == "8月"
    assert date_text(None, year=2019) == ""
