"""The interview state: the answers plus a cursor. Round-trips through JSON."""

from __future__ import annotations

from pydantic import BaseModel, Field

from dialogs.answers import Answer
from dialogs.carryover import CarryOver, ProvenanceKind


class InterviewState(BaseModel):
    """Everything the engine needs to resume exactly where the clerk stopped.

    ``answers`` maps a top-level question id to its answer; a group's answer holds
    one dict of sub-answers per item. ``skipped`` lists question paths the clerk
    chose to skip, so they are not asked again and drafting can tell 'skipped'
    from 'not reached'.

    Paths name one place in the interview: ``unit_name`` (a question, or an
    optional group's 「有没有……？」 entry), ``campaigns#0.theme`` (a sub-question of
    item 0) and ``campaigns#more`` (「再添加一项……？」). 上一步 needs no history: it
    moves the cursor to the slot before it in interview order (dialogs.checklist).
    """

    answers: dict[str, Answer] = Field(default_factory=dict)
    skipped: list[str] = Field(default_factory=list)
    turn: int = 0
    # The path shown to the clerk now; None before the first question and after the last.
    cursor: str | None = None
    # Where to go after answering the question chosen with 修改 N.
    return_to: str | None = None
    # Groups the clerk closed with 「否」 to 「再添加一项……？」.
    closed_groups: list[str] = Field(default_factory=list)
    # List items / multi-choice picks typed so far for ``pending_path``, kept until 完成.
    pending: list[str] = Field(default_factory=list)
    pending_path: str | None = None
    # Sections whose intro line was already shown (shown once, before their first question).
    intros_shown: list[str] = Field(default_factory=list)
    # The list question the clerk went back to (上一步) or chose (修改 N), having been shown
    # its items: only there do typed items replace the list; anywhere else they are added.
    replace_path: str | None = None
    # An answer questioned once at ``questioned_path`` (a sign date years from the period):
    # the same answer sent again, or 「日期没错」, keeps it.
    questioned: Answer | None = None
    questioned_path: str | None = None
    # The earlier summary this draft started from (None: started fresh), and its 核对 so far.
    carry: CarryOver | None = None
    # Answer paths that did not come from this year's interview: carried from an earlier
    # draft or read from an imported document. An answer the clerk gives there clears it.
    sources: dict[str, ProvenanceKind] = Field(default_factory=dict)
    # Answered paths the clerk asked to go through again (改一下 of a carried section): shown
    # with the answer they hold until answered or skipped (跳过 keeps the answer).
    recheck: list[str] = Field(default_factory=list)
