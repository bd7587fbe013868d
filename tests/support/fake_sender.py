"""A sender that records what the bot would send, for adapter tests without HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.messages import Message, Text
from tgbot.render import Part, text_parts
from tgbot.sender import PressedMessage


@dataclass
class Delivery:
    chat_id: int
    messages: list[Message]
    pressed: PressedMessage | None = None


@dataclass
class FakeSender:
    """Implements tgbot.sender.Sender; ``deliveries``, ``said`` and ``answers`` in order."""

    deliveries: list[Delivery] = field(default_factory=list)
    said: list[tuple[int, str]] = field(default_factory=list)
    answers: list[tuple[str, str | None]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # file_id -> what download gives

    async def deliver(self, chat_id: int, messages: list[Message], pressed: PressedMessage | None = None) -> None:
        self.deliveries.append(Delivery(chat_id, list(messages), pressed))

    async def say(self, chat_id: int, text: str) -> None:
        self.said.append((chat_id, text))

    async def answer_query(self, query_id: str, text: str | None = None, alert: bool = False) -> None:
        self.answers.append((query_id, text))

    async def refuse(self, chat_id: int, query_id: str | None, text: str) -> None:
        self.refused.append((chat_id, text))

    async def dismiss(self, query_id: str) -> None:
        self.answers.append((query_id, None))

    async def download(self, file_id: str, limit: int) -> bytes | None:
        data = self.files[file_id]
        return data if len(data) <= limit else None

    def parts(self) -> list[Part]:
        """Every delivered Text as the Telegram messages it would become."""
        texts = [m for d in self.deliveries for m in d.messages if isinstance(m, Text)]
        return text_parts(texts)
