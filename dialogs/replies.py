"""Transport-neutral values the engine speaks in and listens to.

Adapters (console, Telegram) render a Reply their own way and turn what the clerk
typed or pressed into an Input. Nothing here knows about either transport.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ReplyKind = Literal[
    "question",  # the next question to answer (one message, with buttons)
    "info",  # a short notice (saved, section intro, welcome back)
    "error",  # the answer was rejected; says what is expected, with an example
    "review",  # all answers grouped by section (查看)
    "paused",  # state kept; the clerk can come back any time
    "draft_requested",  # the adapter should render and send the draft now
    "finished",  # every question answered; the adapter sends the draft
    "stale",  # a button from an earlier question / turn was pressed; nothing changed
    "notice",  # something happened to the clerk's drafts (one could not be opened); plain text
]


class Button(BaseModel):
    """An inline choice. ``action`` is short ASCII (fits Telegram's 64-byte callback_data)."""

    model_config = ConfigDict(frozen=True)

    label: str
    action: str = Field(pattern=r"^[a-z]+[0-9]*$", max_length=16)


class Reply(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: ReplyKind
    text: str
    progress: str = ""  # e.g. 「宣传发动 · 第 23 / 92 题」
    hint: str = ""
    buttons: list[list[Button]] = Field(default_factory=list)
    turn: int = 0  # the state's turn when this reply was made; buttons carry it back


class Input(BaseModel):
    """What the clerk did: typed text, or pressed a button shown at ``turn``."""

    model_config = ConfigDict(frozen=True)

    text: str = ""
    action: str = ""  # a Button.action, when a button was pressed
    turn: int | None = None  # the turn the pressed button was shown at

    @classmethod
    def typed(cls, text: str) -> "Input":
        return cls(text=text)

    @classmethod
    def pressed(cls, action: str, turn: int) -> "Input":
        return cls(action=action, turn=turn)
