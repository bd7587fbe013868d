"""The fresh interviews (tests/interviews/, written outside the team) replayed through the console.

Each file is what a clerk typed into `python bot.py console`, choices as the console's
numbers, so it runs on the console's screen and the service exactly as typed (a bare
number picks the numbered choice shown last). A replay keeps the interview's state, what
the chat said, every figure read-back, and the lines the bot did not take (a line that
stored nothing: a number where the question had moved, an answer refused).
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass, field
from datetime import timezone
from pathlib import Path

from app.console import CONSOLE_OWNER, ConsoleScreen
from app.messages import Text
from app.outcome import Command, Outcome
from app.service import InterviewService
from dialogs.questionnaire import Questionnaire
from dialogs.state import InterviewState
from storage.async_store import AsyncDraftStore
from storage.memory import MemoryDraftStore
from tests.support.interview_replay import INTERVIEWS_DIR, read_script

READ_BACK = "记下了"
# Lines that store nothing by design: words that show or draft.
_SHOWING = ("生成", "查看", "暂停", "继续")


@dataclass
class ConsoleReplay:
    name: str
    state: InterviewState
    said: list[str] = field(default_factory=list)  # every message body, in order
    read_backs: list[tuple[str, str]] = field(default_factory=list)  # (the line typed, the read-back)
    refused: list[str] = field(default_factory=list)  # typed lines that stored nothing


def fresh_interviews() -> list[Path]:
    return sorted(INTERVIEWS_DIR.glob("*.txt"))


def replay_console(questionnaire: Questionnaire, path: Path) -> ConsoleReplay:
    """``path`` typed into the console, line by line, on a service over a memory store."""
    return asyncio.run(_replay(questionnaire, path))


async def _replay(questionnaire: Questionnaire, path: Path) -> ConsoleReplay:
    script = read_script(path)  # the lines typed, on the day the file says (``#@ now:``)
    typed_at = script.now.replace(tzinfo=timezone.utc)
    store = AsyncDraftStore(MemoryDraftStore())
    service = InterviewService(questionnaire, store, clock=lambda: typed_at)
    screen = ConsoleScreen(io.StringIO(), Path("/nonexistent"))
    result = ConsoleReplay(path.stem, InterviewState())
    outcome = await service.handle(CONSOLE_OWNER, Command("new"))
    _note(result, screen, outcome, "")
    for line in script.lines:
        outcome = await service.handle(CONSOLE_OWNER, screen.request_of(line))
        _note(result, screen, outcome, line)
        if not outcome.changed and line.strip() not in _SHOWING:
            result.refused.append(line)
    draft = outcome.draft
    assert draft is not None, f"{path.name}: no draft after the replay"
    result.state = draft.state
    store.close()
    return result


def _note(result: ConsoleReplay, screen: ConsoleScreen, outcome: Outcome, line: str) -> None:
    for message in outcome.messages:
        if isinstance(message, Text):
            screen.render_text(message)  # remembers the numbered choices a bare number picks
            result.said.append(message.body)
            if message.body.startswith(READ_BACK):
                result.read_backs.append((line, message.body))
