"""A local Telegram Bot API server and clerk-side driver for tests and load runs.

Start it with ``async with FakeBotApi(tokens=[token]) as api`` and give the bot
``base_url=api.base_url`` (``http://127.0.0.1:<port>/bot``) and
``base_file_url=api.base_file_url``. See server.py for details.
"""

from tests.support.fakebotapi.chats import BotMessage, ChatMessage, SentFile
from tests.support.fakebotapi.faults import FaultKind, FaultPlan, FaultRule
from tests.support.fakebotapi.server import DEFAULT_TOKEN, REPLY_METHODS, BotCall, FakeBotApi, ReplyLatency

__all__ = [
    "DEFAULT_TOKEN",
    "REPLY_METHODS",
    "BotCall",
    "BotMessage",
    "ChatMessage",
    "FakeBotApi",
    "FaultKind",
    "FaultPlan",
    "FaultRule",
    "ReplyLatency",
    "SentFile",
]
