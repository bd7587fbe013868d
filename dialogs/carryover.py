"""A draft started from an earlier summary: what may carry over, and what the clerk decided.

Stored in the interview state (so every storage backend keeps it with the answers): the
earlier summary itself (dialogs.earlier), the answers it offers for 核对 section by section
(figures taken out: this year's counts are always asked), the clerk's decision per section,
and last year's plans and problems as this year's checklist. Pure data; dialogs.carry
builds it and dialogs.checking asks it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from dialogs.answers import Answer
from dialogs.earlier import EarlierReport

# Where an answer came from: this year's answer (the default: not listed), carried from an
# earlier draft, or read from an imported document.
ProvenanceKind = Literal["answer", "carried", "imported"]
# The clerk's word on one section of carried facts: 没变 / 改一下 / 今年没有.
Decision = Literal["keep", "change", "drop"]
Outcome = Literal["完成", "部分完成", "未完成", "不再提"]
OUTCOMES: tuple[Outcome, ...] = ("完成", "部分完成", "未完成", "不再提")
# Where an unfinished plan or problem goes in this year's summary, if anywhere.
Into = Literal["problems", "plans", "none"]
INTO: tuple[Into, ...] = ("problems", "plans", "none")


class CheckItem(BaseModel):
    """One of last year's 下一步打算 (kind plans) or 存在问题 (kind problems), asked once."""

    kind: Literal["plans", "problems"]
    text: str
    outcome: Outcome | None = None
    words: str | None = None  # what was done, in the clerk's words (完成 / 部分完成)
    into: Into | None = None  # 部分完成 / 未完成: carried into this year's 存在问题 or 打算, or not

    @property
    def needs_words(self) -> bool:
        return self.outcome in ("完成", "部分完成") and self.words is None

    @property
    def needs_into(self) -> bool:
        return self.outcome in ("部分完成", "未完成") and self.into is None

    @property
    def settled(self) -> bool:
        return self.outcome is not None and not self.needs_words and not self.needs_into


class CarryOver(BaseModel):
    """The earlier summary a draft started from, and how far its 核对 has come."""

    report: EarlierReport
    # Top-level question id -> the answer offered for 核对 (figures removed), in interview order.
    answers: dict[str, Answer] = Field(default_factory=dict)
    # Paths the earlier draft skipped (a group answered 「没有」) and groups it closed.
    skipped: list[str] = Field(default_factory=list)
    closed_groups: list[str] = Field(default_factory=list)
    # Path -> last year's figures, shown beside this year's question (「去年：悬挂横幅50余条」).
    last_year: dict[str, str] = Field(default_factory=dict)
    # Section id -> the clerk's decision; sections with carried answers not listed are still open.
    decisions: dict[str, Decision] = Field(default_factory=dict)
    checklist: list[CheckItem] = Field(default_factory=list)
    # The year's own answers offered from the earlier draft's, together for 对 / 改一下: its
    # period and sign date a year on (2026年全年, 12月1日 -> 2027年全年, 12月1日) and its
    # 总体评价 as it was (None: it left it out, offered as left out); emptied once answered.
    a_year_on: dict[str, Answer | None] = Field(default_factory=dict)

    @property
    def provenance(self) -> ProvenanceKind:
        """What an answer taken from this earlier summary is: carried or imported."""
        return "carried" if self.report.origin.kind == "draft" else "imported"
