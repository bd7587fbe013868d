"""The numbering of a 公文: heading numbers (一、 （一） 1. （1）) and 一是/二是 series.

A number only counts where the sequence expects it: 「四、我镇两个居委会……」 after
「二、存在问题」 is the fourth item of a 一是/二是/三是 list, not heading 四. So both the
heading reader and the series splitter ask for the next number, never any number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = "一二三四五六七八九"
_CN = f"[{_CN_DIGITS}十]{{1,3}}"
# Heading numbers by level: 一、 / （一） / 1. 1、 / （1）. The level is the 公文's own order.
HEADING_NUMBERS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"^\s*({_CN})\s*[、.．]\s*"),
    re.compile(rf"^\s*[（(]\s*({_CN})\s*[）)]\s*[、.．]?\s*"),
    re.compile(r"^\s*(\d{1,2})\s*(?:[、．]|\.(?!\d))\s*"),
    re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[）)]\s*[、.．]?\s*"),
)
# 一是 / 二是 … (and a 一、 that is no heading) after a sentence's end or at the start.
_SERIES = re.compile(rf"(?:^|(?<=[。；;！!？?：:，,]))\s*({_CN})(?:是|、)\s*[，,]?")


def number_value(numeral: str) -> int:
    """12 for 「12」 and for 「十二」; 0 for anything else."""
    if numeral.isdigit():
        return int(numeral)
    if numeral == "十":
        return 10
    tens, _, ones = numeral.partition("十")
    if "十" not in numeral:
        return _CN_DIGITS.index(numeral) + 1 if len(numeral) == 1 and numeral in _CN_DIGITS else 0
    high = _CN_DIGITS.index(tens) + 1 if tens else 1
    low = _CN_DIGITS.index(ones) + 1 if ones else 0
    return high * 10 + low


@dataclass(frozen=True)
class Numbered:
    level: int  # 1 for 一、 … 4 for （1）
    number: int
    rest: str  # the text after the number


def heading_number(text: str) -> Numbered | None:
    """The heading number ``text`` opens with, whatever its place in the sequence."""
    for level, pattern in enumerate(HEADING_NUMBERS, start=1):
        match = pattern.match(text)
        if match:
            return Numbered(level, number_value(match[1]), text[match.end() :])
    return None


@dataclass(frozen=True)
class SeriesPart:
    number: int  # 1 for 一是 …; 0 for the text before the series (its lead)
    text: str


def split_series(text: str, expected: int = 1) -> list[SeriesPart]:
    """``text`` cut at 一是 / 二是 … where each is the next in order, starting at ``expected``
    (a series may go on from the paragraph before) or, failing that, at 一是 (a new series).
    The markers are dropped."""
    parts = _split(text, expected)
    if expected != 1 and not any(part.number for part in parts):
        parts = _split(text, 1)
    return parts


def _split(text: str, expected: int) -> list[SeriesPart]:
    parts: list[SeriesPart] = []
    start, number = 0, 0
    for match in _SERIES.finditer(text):
        value = number_value(match[1])
        if value != expected:
            continue
        parts.append(SeriesPart(number, text[start : match.start()]))
        start, number, expected = match.end(), value, value + 1
    parts.append(SeriesPart(number, text[start:]))
    return [SeriesPart(part.number, part.text.strip()) for part in parts if part.text.strip() or part.number]
