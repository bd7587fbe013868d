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


# Qualifiers that follow the unit in Chinese (15条以上, 20人左右), unlike 余/多 (300余人).
AFTER_UNIT_QUALIFIERS = ("以上", "以下", "以内", "左右", "上下")

_SCALE = {"十": Decimal(10), "百": Decimal(100), "千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}


class ChoiceAnswer(_Answer):
    kind: Literal["choice"] = "choice"
    choice: str
    other: bool = False  # True when the clerk typed their own instead of a listed choice


class MultiAnswer(_Answer):
    kind: Literal["multi"] = "multi"
    items: list[str]


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
    ],
    Field(discriminator="kind"),
]

GroupAnswer.model_rebuild()


def format_decimal(value: Decimal) -> str:
    """Print a Decimal without exponent or trailing zeros: 2.80 -> 2.8, 1E+2 -> 100."""
    text = format(value.normalize(), "f")
    return text
