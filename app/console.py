"""The console chat: the same engine as Telegram, one line per answer, scriptable through a pipe.

Buttons are printed as 「[1] 环境卫生  [2] 交通秩序」 and chosen by typing the number;
navigation buttons are typed as words (跳过 / 上一步 / 暂停 / 完成). In piped scripts a
line starting with # is a comment and a literal \\n inside a line is a line break.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Callable, TextIO

from dialogs.engine import start, step
from dialogs.questionnaire import Questionnaire, load_questionnaire
from dialogs.replies import Button, Input, Reply
from dialogs.state import InterviewState

NAVIGATION_ACTIONS = {"skip", "back", "pause", "done"}
DRAFT_KINDS = {"draft_requested", "finished"}

LoadState = Callable[[], InterviewState | None]
SaveState = Callable[[InterviewState], None]
OnDraft = Callable[[InterviewState], None]


def numbered_buttons(reply: Reply) -> list[Button]:
    """The answer buttons a clerk picks by number (navigation ones are typed as words)."""
    return [b for row in reply.buttons for b in row if b.action not in NAVIGATION_ACTIONS]


def render_reply(reply: Reply) -> str:
    """One reply as terminal text."""
    lines: list[str] = []
    if reply.progress:
        lines.append(f"—— {reply.progress} ——")
    lines.append(reply.text)
    if reply.hint:
        lines.append(f"（提示：{reply.hint}）")
    numbered = numbered_buttons(reply)
    if numbered:
        lines.append("  ".join(f"[{n}] {b.label}" for n, b in enumerate(numbered, start=1)))
    words = [b.label for row in reply.buttons for b in row if b.action in NAVIGATION_ACTIONS]
    if words:
        lines.append("可回复：" + " / ".join(words))
    return "\n".join(lines)


def to_input(line: str, shown: list[Reply]) -> Input:
    """A typed line -> engine input; a bare number picks the matching numbered button."""
    text = line.replace("\\n", "\n")
    numbered = [b for reply in shown for b in numbered_buttons(reply)]
    turn = shown[-1].turn if shown else 0
    stripped = text.strip()
    if numbered and stripped.isdigit() and 1 <= int(stripped) <= len(numbered):
        return Input.pressed(numbered[int(stripped) - 1].action, turn)
    return Input.typed(text)


def run_console(
    questionnaire: Questionnaire,
    *,
    load_state: LoadState,
    save_state: SaveState,
    on_draft: OnDraft,
    input_stream: TextIO,
    output_stream: TextIO,
    now: Callable[[], datetime] = datetime.now,
) -> InterviewState:
    """Run the interview until the input ends; save after every step; return the last state."""
    state = load_state() or InterviewState()
    state, replies = start(questionnaire, state, now())
    save_state(state)
    _print(replies, output_stream)
    shown = replies  # the replies whose numbered buttons a bare number refers to
    for raw_line in input_stream:
        line = raw_line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        state, replies = step(questionnaire, state, to_input(line, shown), now())
        save_state(state)
        _print(replies, output_stream)
        if any(reply.buttons for reply in replies):
            shown = replies
        if any(reply.kind in DRAFT_KINDS for reply in replies):
            on_draft(state)
    output_stream.write("\n已保存。下次运行会从这里接着填写。\n")
    return state


def _print(replies: list[Reply], out: TextIO) -> None:
    for reply in replies:
        out.write(render_reply(reply) + "\n\n")
    out.flush()


def main() -> None:
    """Manual try-out without storage: python -m app.console [< script.txt]."""
    questionnaire = load_questionnaire()
    memory: dict[str, InterviewState] = {}

    def announce_draft(state: InterviewState) -> None:
        sys.stdout.write(f"（此处将输出总结草稿：已有 {len(state.answers)} 项回答）\n\n")

    run_console(
        questionnaire,
        load_state=lambda: memory.get("state"),
        save_state=lambda state: memory.__setitem__("state", state),
        on_draft=announce_draft,
        input_stream=sys.stdin,
        output_stream=sys.stdout,
    )


if __name__ == "__main__":
    main()
