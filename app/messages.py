"""What the bot says, as plain values: the service builds them, each adapter renders them.

The service never formats for a transport. Telegram turns a Text into HTML with an
inline keyboard (split at its length limit); the console prints it with numbered
choices. Tests read these values directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.actions import Action, Answer
from dialogs.replies import Reply
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


# The engine's navigation buttons: the console types them as words, not numbers.
NAVIGATION_ACTIONS = frozenset({"skip", "back", "pause", "done"})


def reply_message(draft_id: str, reply: Reply) -> Text:
    """One engine reply as a message; its buttons answer the question shown at its turn."""
    choices = tuple(
        tuple(
            Choice(b.label, Answer(draft_id, reply.turn, b.action), navigation=b.action in NAVIGATION_ACTIONS)
            for b in row
        )
        for row in reply.buttons
    )
    return Text(reply.text, progress=reply.progress, hint=reply.hint, choices=choices)


def reply_messages(draft_id: str, replies: list[Reply]) -> list[Message]:
    """Engine replies as messages. 「正在生成」 and a bare 「已完成」 only signal the draft
    delivery that follows (which says what is missing, once)."""
    return [
        reply_message(draft_id, reply)
        for reply in replies
        if reply.kind != "draft_requested" and not (reply.kind == "finished" and not reply.text)
    ]
