"""The contract between the adapters and the service: a request in, an Outcome out."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.actions import Action
from app.messages import Message, Toast
from storage.models import Draft


@dataclass(frozen=True)
class Typed:
    text: str


@dataclass(frozen=True)
class Press:
    """A button press; ``action`` is None when its data was not ours (forged, too old)."""

    action: Action | None


@dataclass(frozen=True)
class Command:
    name: str  # without the slash: "start", "new", "drafts" …


@dataclass(frozen=True)
class Uploaded:
    """A file the clerk sent (an earlier summary as .docx), as downloaded: unchecked bytes."""

    file_name: str
    data: bytes = field(repr=False)


Request = Typed | Press | Command | Uploaded


@dataclass(frozen=True)
class Arrival:
    """One Telegram update as redelivery detection knows it (storage.handled).

    ``origin`` is what the update carries: "m<chat>.<message id>.<date>" for a message,
    "q<query id>" for a press. A redelivered update has the same id and the same origin;
    a new one after Telegram restarted its ids may reuse an id, never an origin."""

    update_id: int
    origin: str = ""

    @property
    def key(self) -> str:
        return f"{self.update_id}:{self.origin}"


@dataclass(frozen=True)
class Outcome:
    """What one request led to. ``changed``: something was stored. ``stale``: the input
    belonged to an old question or another draft and changed nothing. ``redelivered``:
    the update had been applied before. ``draft_requested`` / ``pdf_requested``: the
    draft (or its PDF) is among the messages (InterviewService.handle builds it after
    the clerk's turn, once the rest is delivered). ``draft``: the clerk's current draft
    afterwards."""

    messages: list[Message] = field(default_factory=list)
    changed: bool = False
    stale: bool = False
    redelivered: bool = False
    draft_requested: bool = False
    pdf_requested: bool = False
    draft: Draft | None = None


def stale(draft: Draft | None, text: str) -> Outcome:
    """Input meant for another, deleted or forged draft or an old question: nothing changed."""
    return Outcome([Toast(text)], stale=True, draft=draft)
