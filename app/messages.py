"""What the bot says, as plain values: the service builds them, each adapter renders them.

The service never formats for a transport. Telegram turns a Text into HTML with an
inline keyboard (split at its length limit); the console prints it with numbered
choices. Tests read these values directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.actions import Action
from drafting.document import Document


@dataclass(frozen=True)
class Choice:
    """One button: what it says and what pressing it does."""

    label: str
    action: Action
    navigation: bool = False  # 跳过 / 上一步 / 暂停 / 完成: the console types these as words


@dataclass(frozen=True)
class Text:
    """A chat message: an optional progress line, the text, an optional hint, buttons."""

    body: str
    progress: str = ""
    hint: str = ""
    choices: tuple[tuple[Choice, ...], ...] = ()
    # Redraw the message whose button was pressed instead of sending a new one
    # (a multi-choice toggle updates its own checkmarks).
    in_place: bool = False


@dataclass(frozen=True)
class MarkPressed:
    """Close the keyboard of the pressed message, noting what was chosen (a transcript)."""

    label: str = ""


@dataclass(frozen=True)
class Toast:
    """A short notice tied to a button press (Telegram shows it over the chat)."""

    text: str


@dataclass(frozen=True)
class DraftText:
    """The draft as text in the chat: the preview every clerk sees first."""

    document: Document


@dataclass(frozen=True)
class File:
    name: str
    data: bytes


@dataclass(frozen=True)
class Pictures:
    """Page pictures of the draft (PNG), in page order."""

    pngs: tuple[bytes, ...] = field(default_factory=tuple)


Message = Text | MarkPressed | Toast | DraftText | File | Pictures
