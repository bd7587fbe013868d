"""Run scripted conversations through the engine: (clerk says -> bot answers) without any adapter."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Iterable

from dialogs.engine import start, step
from dialogs.questionnaire import Questionnaire
from dialogs.replies import Input, Reply
from dialogs.state import InterviewState

NOW = datetime(2026, 11, 29, 10, 0)


class Conversation:
    """A clerk talking to the engine; keeps the state and the last replies."""

    def __init__(self, questionnaire: Questionnaire, state: InterviewState | None = None, now: datetime = NOW) -> None:
        self.questionnaire = questionnaire
        self.now = now
        self.state, self.replies = start(questionnaire, state or InterviewState(), now)

    def say(self, text: str) -> list[Reply]:
        return self._apply(Input.typed(text))

    def press(self, action: str, turn: int | None = None) -> list[Reply]:
        return self._apply(Input.pressed(action, self.state.turn if turn is None else turn))

    def _apply(self, inp: Input) -> list[Reply]:
        self.state, self.replies = step(self.questionnaire, self.state, inp, self.now)
        return self.replies

    @property
    def last(self) -> Reply:
        return self.replies[-1]

    @property
    def cursor(self) -> str | None:
        return self.state.cursor

    def texts(self) -> str:
        return "\n".join(reply.text for reply in self.replies)


def script_lines(path: Path) -> list[str]:
    """One clerk message per line; blank lines and lines starting with # are comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.lstrip().startswith("#")]


def run_script(questionnaire: Questionnaire, lines: Iterable[str], now: datetime = NOW) -> Conversation:
    """Play every line; fail loudly on the first rejected answer so a broken script is obvious."""
    talk = Conversation(questionnaire, now=now)
    for number, line in enumerate(lines, start=1):
        before = talk.cursor
        replies = talk.say(line)
        errors = [r.text for r in replies if r.kind == "error"]
        if errors:
            raise AssertionError(f"line {number} {line!r} at {before}: {errors}")
    return talk
