"""The service's Text messages as Telegram HTML with inline keyboards, within its limits.

Pure functions: tests check what would be sent without a Bot API. Every text the bot
sends goes through here, so none can exceed Telegram's 4,096 characters: a long text
is split on line boundaries (the progress line first, the keyboard on the last part),
and a cut never falls inside an HTML entity (drafting.chat.telegram_split).
"""

from __future__ import annotations

from app.actions import encode
from app.messages import Text
from drafting.chat.telegram_split import Line, Run, pack_messages

# Telegram refuses a text over 4,096 characters; HTML tags do not count there, but
# are counted here, which only makes the parts a little shorter than they could be.
MESSAGE_LIMIT = 4096

Keyboard = dict[str, list[list[dict[str, str]]]]  # an inline keyboard as the Bot API takes it
Part = tuple[str, Keyboard | None]  # one message: HTML text and its keyboard


def keyboard_of(text: Text) -> Keyboard | None:
    if not text.choices:
        return None
    return {
        "inline_keyboard": [
            [{"text": choice.label, "callback_data": encode(choice.action)} for choice in row] for row in text.choices
        ]
    }


def text_lines(text: Text) -> list[Line]:
    """Progress in italics, the text line by line, then the hint in italics."""
    lines: list[Line] = []
    if text.progress:
        lines.append(Line((Run(text.progress, ("i",)),), keep_with_next=True))
    lines.extend(Line((Run(line),)) for line in text.body.split("\n"))
    if text.hint:
        lines.append(Line((Run(f"提示：{text.hint}", ("i",)),)))
    return lines


def text_parts(texts: list[Text], limit: int = MESSAGE_LIMIT) -> list[Part]:
    """``texts`` as messages. A text without buttons (a notice, 「已保存」) joins the
    message after it when both fit, so the clerk gets one bubble per question."""
    parts: list[Part] = []
    pending: list[Line] = []
    for text in texts:
        lines = [*pending, Line(()), *text_lines(text)] if pending else text_lines(text)
        keyboard = keyboard_of(text)
        if keyboard is None:
            pending = lines
            continue
        parts.extend(_with_keyboard(pack_messages(lines, limit), keyboard))
        pending = []
    if pending:
        parts.extend((html, None) for html in pack_messages(pending, limit))
    return parts


def _with_keyboard(htmls: list[str], keyboard: Keyboard) -> list[Part]:
    return [(html, keyboard if index == len(htmls) - 1 else None) for index, html in enumerate(htmls)]
