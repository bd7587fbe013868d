"""Clerk text gets official typography before it enters a draft."""

from hypothesis import given, strategies as st

from drafting.prose.typography import normalize_dates, tidy_item, tidy_paragraph, tidy_text


def test_half_width_marks_between_chinese_become_full_width() -> None:
    assert tidy_text("宣传,发动;整治:完成?好!") == "宣传，发动；整治：完成？好"
    assert tidy_text("开展宣传.群众满意") == "开展宣传。群众满意"


def test_marks_inside_numbers_and_latin_text_stay() -> None:
    assert tidy_text("投入2.8万元") == "投入2.8万元"
    assert tidy_text("共1,000人") == "共1,000人"
    assert tidy_text("v1.2版本") == "v1.2版本"


def test_straight_quotes_pair_up_as_chinese_quotes() -> None:
    assert tidy_text('开展"文明交通"和"三关爱"活动') == "开展“文明交通”和“三关爱”活动"
    assert tidy_text("争当'文明'学生") == "争当‘文明’学生"


def test_an_unpaired_quote_is_dropped_rather_than_left_open() -> None:
    assert tidy_text('开展"文明交通活动') == "开展文明交通活动"


def test_parentheses_around_chinese_become_full_width() -> None:
    assert tidy_text("各村(社区)") == "各村（社区）"


def test_spaces_between_chinese_characters_go() -> None:
    assert tidy_text("我们 “文明” 创建  工作") == "我们“文明”创建工作"


def test_doubled_and_trailing_punctuation_is_removed() -> None:
    assert tidy_text("整治,,完成。。") == "整治，完成"
    assert tidy_text("已完成；") == "已完成"


def test_dates_are_normalized_without_leading_zeros() -> None:
    assert normalize_dates("2019-12-02") == "2019年12月2日"
    assert normalize_dates("2019/8/5开会") == "2019年8月5日开会"
    assert normalize_dates("2019.12.2") == "2019年12月2日"
    assert normalize_dates("2019年12月02日") == "2019年12月2日"
    assert normalize_dates("2019-08起") == "2019年8月起"
    assert tidy_text("12月06日起") == "12月6日起"


def test_decimal_numbers_are_not_mistaken_for_dates() -> None:
    assert normalize_dates("占比1.4%") == "占比1.4%"
    assert normalize_dates("2019-2020年度") == "2019-2020年度"


def test_list_items_lose_typed_ordinals_and_end_marks() -> None:
    assert tidy_item("一是加强宣传；") == "加强宣传"
    assert tidy_item("1. 设置警示标志。") == "设置警示标志"
    assert tidy_item("（2）清理乱堆放") == "清理乱堆放"
    assert tidy_item("② 劝导车辆") == "劝导车辆"
    assert tidy_item("一百零一是劝导车辆") == "劝导车辆"  # the enumeration adds its own ordinal
    assert tidy_item("（一百）清理乱堆放") == "清理乱堆放"
    assert tidy_item("2.8万元用于宣传") == "2.8万元用于宣传"


def test_full_width_digits_become_ascii() -> None:
    assert tidy_text("投放１２条") == "投放12条"


def test_final_pass_removes_clashing_punctuation_and_empty_brackets() -> None:
    assert tidy_paragraph("甲，，乙。。丙，。丁（）戊；。") == "甲，乙。丙。丁戊。"
    assert tidy_paragraph("开展“”活动，《》。") == "开展活动。"


_CLERK_TEXT = st.text(alphabet="宣传整治文明创建工作村社区,.;:!?\"'() 12-/。，", max_size=40)


@given(_CLERK_TEXT)
def test_tidy_text_is_idempotent(text: str) -> None:
    once = tidy_text(text)
    assert tidy_text(once) == once


@given(_CLERK_TEXT)
def test_tidy_text_leaves_no_half_width_mark_between_chinese(text: str) -> None:
    tidied = tidy_text(text)
    chinese = "宣传整治文明创建工作村社区"
    for index in range(1, len(tidied) - 1):
        if tidied[index] in ",.;:" and tidied[index - 1] in chinese and tidied[index + 1] in chinese:
            raise AssertionError(tidied)
