"""Fuzz the answer parsers: any text gives an answer or a Chinese message, never an exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.answers import DateAnswer, NumberAnswer
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
)
from dialogs.questionnaire import load_questionnaire

# The fixed-form questionnaire 1: the engine still runs it, and its long form exercises
# navigation (上一步, 修改 N, groups, conditions) more than the short interview does.
V1_FIXTURE = Path(__file__).with_name("fixtures") / "questionnaire_v1.yaml"

QUESTIONNAIRE = load_questionnaire(V1_FIXTURE)
BY_KIND = {}
for _, question in QUESTIONNAIRE.questions():
    BY_KIND.setdefault(question.kind, question)
    for sub in question.questions:
        BY_KIND.setdefault(sub.kind, sub)

# Text as clerks (and fuzzers) type it: digits of every width, Chinese numerals,
# qualifiers, units, punctuation, emoji, control and invisible characters.
PIECES = st.sampled_from(
    list("0123456789０１２３４５６７８９一二三四五六七八九十百千万亿两零〇.．-+eE%％年月日号余多近约超过以上左右个条人次万元")
    + ["\x00", "\u200b", "\u202e", "😀", " ", "\n", "；", "、", "1.", "（1）", "①", "<b>", "&amp;"]
)
TEXTS = st.one_of(st.text(max_size=60), st.lists(PIECES, max_size=25).map("".join))


def is_chinese_message(rejected: Rejected) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in rejected.message)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_number_parser_answers_or_explains(text: str) -> None:
    result = parse_number(text, BY_KIND["number"])
    if isinstance(result, Rejected):
        assert is_chinese_message(result)
    else:
        assert isinstance(result, NumberAnswer)
        assert result.value >= 0 and result.value.is_finite()
        assert any(ch.isdigit() for ch in result.display())


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_date_parser_answers_or_explains(text: str) -> None:
    result = parse_date(text, BY_KIND["date"])
    if isinstance(result, Rejected):
        assert is_chinese_message(result)
    else:
        assert isinstance(result, DateAnswer)
        assert result.month is None or 1 <= result.month <= 12
        assert result.day is None or 1 <= result.day <= 31


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_other_parsers_never_raise(text: str) -> None:
    cleaned = clean_text(text)
    assert "\x00" not in cleaned and "\u200b" not in cleaned
    for result in (
        parse_text(cleaned, BY_KIND["text"]),
        parse_yesno(cleaned),
        parse_choice(cleaned, BY_KIND["choice"]),
        parse_multi_picks(cleaned, BY_KIND["multi"]),
        parse_list_items(cleaned, BY_KIND["list"]),
    ):
        if isinstance(result, Rejected):
            assert is_chinese_message(result)
