"""Typed answer values: what a clerk said, kept in a form drafting can reason about.

Every answer is a pydantic model tagged by ``kind`` so a whole interview state
round-trips through JSON (storage persists it) without losing types.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field


class _Answer(BaseModel):
    model_config = ConfigDict(frozen=True)


class TextAnswer(_Answer):
    kind: Literal["text"] = "text"
    text: str


class NumberAnswer(_Answer):
    """A figure as clerks write it: 300余人次, 近60万元, 5万多张, 85%, 2.8万元.

    ``prefix`` holds what stood before the number (近, 约, 超过); ``suffix`` holds
    scale characters and qualifiers after it, in the clerk's order (余, 多, 万, 万多,
    多万); ``unit`` is the counting unit (人次, 元, 万元, %). ``display()`` reproduces
    the clerk's figure exactly, and ``magnitude()`` gives the plain quantity so a
    later figures ledger can add and compare values.
    """

    kind: Literal["number"] = "number"
    value: Decimal
    unit: str = ""
    prefix: str = ""
    suffix: str = ""
    raw: str = ""

    def display(self) -> str:
        """The figure as it belongs in a sentence: 近60万元, 300余人次, 5万多张, 15条以上."""
        number = f"{self.prefix}{format_decimal(self.value)}"
        for qualifier in AFTER_UNIT_QUALIFIERS:
            if self.suffix.endswith(qualifier) and self.unit:
                return f"{number}{self.suffix[: -len(qualifier)]}{self.unit}{qualifier}"
        return f"{number}{self.suffix}{self.unit}"

    def magnitude(self) -> Decimal:
        """The quantity in the counting unit: 5万多张 -> 50000 (qualifiers ignored)."""
        scale = Decimal(1)
        for char in self.suffix:
            scale *= _SCALE.get(char, Decimal(1))
        return self.value * scale


# Measure words of figures, longest first, so 人次 wins over 人 and 平方米 over 平方 (the
# figures parser reads them; the list splitter keeps a bracketed count like （1）处 whole).
MEASURE_WORDS = sorted(
    ["人次", "场次", "条次", "车次", "户次", "批次", "架次", "平方米", "平方公里", "平方", "公里", "千米", "米", "万元", "元", "吨", "公斤", "斤", "人", "名", "位", "户", "家", "个", "处", "条", "幅", "块", "面", "张", "份", "册", "本", "篇", "期", "场", "次", "起", "件", "辆", "台", "具", "支", "套", "所", "座", "栋", "间", "棵", "株", "盏", "组", "批", "项", "天", "小时", "趟", "轮", "车", "箱", "袋", "桶", "根", "副", "把", "片", "段", "封", "轮次", "点位", "个次", "亩", "立方米", "方", "棚", "个月", "个工作日", "个小时", "个百分点"],
    key=len,
    reverse=True,
)
# Qualifiers that follow the unit in Chinese (15条以上, 20人左右), unlike 余/多 (300余人).
# The one table: the number parser, the figures parser and display() all read it.
AFTER_UNIT_QUALIFIERS = ("以上", "以下", "以内", "左右", "上下")

_SCALE = {"十": Decimal(10), "百": Decimal(100), "千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}


class ChoiceAnswer(_Answer):
    kind: Literal["choice"] = "choice"
    choice: str
    other: bool = False  # True when the clerk typed their own instead of a listed choice
    # The name the clerk typed when it was taken as this choice (「年度工作总结」 as 工作总结).
    named: str = ""


class MultiAnswer(_Answer):
    kind: Literal["multi"] = "multi"
    items: list[str]
    others: list[str] = Field(default_factory=list)  # the picks typed in the clerk's own words


class YesNoAnswer(_Answer):
    kind: Literal["yesno"] = "yesno"
    value: bool


class ListAnswer(_Answer):
    kind: Literal["list"] = "list"
    items: list[str]


class DateAnswer(_Answer):
    """A date as precise as the clerk gave it (2019年12月, 12月2日, 2019-12-02)."""

    kind: Literal["date"] = "date"
    year: int | None = None
    month: int | None = None
    day: int | None = None

    def display(self) -> str:
        """Official form without leading zeros: 2019年12月2日."""
        parts = []
        if self.year is not None:
            parts.append(f"{self.year}年")
        if self.month is not None:
            parts.append(f"{self.month}月")
        if self.day is not None:
            parts.append(f"{self.day}日")
        return "".join(parts)


class Figure(_Answer):
    """One figure of a clerk's line, kept as written: 清理垃圾 | 3600余吨.

    ``lead`` + ``text`` + ``tail`` is exactly what the clerk typed for this figure, so a
    draft prints it unchanged (近百万元, 百分之百, 每周一次, X余张, 省、市级媒体共40篇).
    ``what`` (what was counted), ``value`` (the quantity: 3600, 1000000; None for 多次
    or a number masked as X), ``qualifier`` (近 约 余 多 以上 每周 …) and ``unit`` are what
    the figures ledger reads. ``piece`` numbers the comma-separated parts of the line:
    figures of one part (硬化道路40余处约800平方) are printed together.
    """

    what: str = ""
    lead: str = ""
    text: str = ""
    tail: str = ""
    value: Decimal | None = None
    qualifier: str = ""
    unit: str = ""
    piece: int = 0

    def display(self) -> str:
        return f"{self.lead}{self.text}{self.tail}"


class FiguresAnswer(_Answer):
    """A line of figures (清理垃圾3600余吨，清理牛皮癣20000余处); ``raw`` is the whole line."""

    kind: Literal["figures"] = "figures"
    items: list[Figure]
    raw: str = ""

    def display(self) -> str:
        """The line as the clerk wrote it (its figures are in ``items`` for the ledger)."""
        if self.raw:
            return self.raw
        parts: dict[int, str] = {}
        for figure in self.items:
            parts[figure.piece] = parts.get(figure.piece, "") + figure.display()
        return "，".join(part for part in parts.values() if part)


PeriodSpan = Literal["全年", "上半年", "下半年", "阶段"]


class PeriodAnswer(_Answer):
    """The period a document covers: the year, its span, and the clerk's own words for a stage.

    ``words`` is what the clerk typed for a stage (7—8月, 冲刺阶段, 今年以来), without the
    year, and is printed as is; ``本周`` was turned into the week's dates when typed
    (dialogs.periods). For 全年 / 上半年 / 下半年 it is empty. The year is always the one
    the clerk was shown when answering (「记下了：2026年7—8月」).
    """

    kind: Literal["period"] = "period"
    year: int | None = None
    span: PeriodSpan = "全年"
    words: str = ""
    # The dates a stage said relative to the day it was typed stands for: 本周 -> 11月23日—29日.
    dates: str = ""

    def display(self) -> str:
        """2021年, 2021年上半年, 2022年7—8月, 2026年冲刺阶段; a stage said relative to the
        day it was written (今年以来, 近期) stays as the clerk said it."""
        year = f"{self.year}年" if self.year is not None else ""
        if self.span == "全年":
            return year or "全年"
        if self.span in ("上半年", "下半年"):
            return f"{year}{self.span}"
        if not year or _has_year(self.words) or is_relative_stage(self.words):
            return self.words  # a stage kept from older drafts carries its typed year in its words
        return f"{year}{self.words}"

    def title_text(self) -> str:
        """The period as a title names it: the year of a relative stage (「今年以来」 -> 2026年)."""
        if self.span == "阶段" and is_relative_stage(self.words) and not _has_year(self.words):
            return f"{self.year}年{self.dates}" if self.year is not None else self.dates
        return self.display()


# Stages said relative to the day of writing: the opening says them, a title says the year.
_RELATIVE_STARTS = ("今年", "本年", "本周", "本月", "本季", "上周", "上一周", "上月", "上个月", "当月", "近", "目前", "截至", "截止", "当前", "前期", "这", "至今", "年初")


def is_relative_stage(words: str) -> bool:
    return words.startswith(_RELATIVE_STARTS) or "以来" in words


def _has_year(words: str) -> bool:
    return len(words) >= 5 and words[:4].isdigit() and words[4] == "年"


class GroupAnswer(_Answer):
    """A repeatable group (专项整治, 特色活动): one dict of sub-answers per item."""

    kind: Literal["group"] = "group"
    items: list[dict[str, "Answer"]] = Field(default_factory=list)


Answer = Annotated[
    Union[
        TextAnswer,
        NumberAnswer,
        ChoiceAnswer,
        MultiAnswer,
        YesNoAnswer,
        ListAnswer,
        DateAnswer,
        GroupAnswer,
        FiguresAnswer,
        PeriodAnswer,
    ],
    Field(discriminator="kind"),
]

GroupAnswer.model_rebuild()


def format_decimal(value: Decimal) -> str:
    """Print a Decimal without exponent or trailing zeros: 2.80 -> 2.8, 1E+2 -> 100."""
    text = format(value.normalize(), "f")
    return text
