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
    """A figure as clerks write it: 300余人次, 近60万元, 85%, 2.8万元.

    ``prefix`` holds qualifiers written before the number (近, 约, 超过),
    ``suffix`` those written after it (余, 多, 以上, 左右). Keeping them apart from
    the value lets drafting print the figure exactly as said and lets a later
    figures ledger add and compare values.
    """

    kind: Literal["number"] = "number"
    value: Decimal
    unit: str = ""
    prefix: str = ""
    suffix: str = ""
    raw: str = ""

    def display(self) -> str:
        """The figure as it belongs in a sentence: 近60万元, 300余人次."""
        return f"{self.prefix}{format_decimal(self.value)}{self.suffix}{self.unit}"


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
