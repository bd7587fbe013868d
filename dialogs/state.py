"""The interview state: the answers plus a cursor. Round-trips through JSON."""

from __future__ import annotations

from pydantic import BaseModel, Field

from dialogs.answers import Answer


class InterviewState(BaseModel):
    """Everything the engine needs to resume exactly where the clerk stopped.

    ``answers`` maps a top-level question id to its answer; a group's answer holds
    one dict of sub-answers per item. ``skipped`` lists question paths the clerk
    chose to skip, so they are not asked again and drafting can tell 'skipped'
    from 'not reached'.
    """

    answers: dict[str, Answer] = Field(default_factory=dict)
    skipped: list[str] = Field(default_factory=list)
    turn: int = 0
