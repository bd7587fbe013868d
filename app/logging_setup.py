"""Logging that never shows the bot token, whatever library logs a URL or an exception."""

from __future__ import annotations

import logging
import re

from app.settings import Settings

# Bot API URLs and PTB's InvalidToken message carry the token: .../bot123456:ABC-def/getMe
_TOKEN_PATTERN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    """Format as usual, then mask anything shaped like a bot token (and the configured one).

    Redacting the *formatted* line, not record.msg, also covers tracebacks and
    exception messages, where PTB repeats a rejected token.
    """

    def __init__(self, token: str | None = None) -> None:
        super().__init__(FORMAT)
        self.token = token

    def format(self, record: logging.LogRecord) -> str:
        text = _TOKEN_PATTERN.sub("***", super().format(record))
        return text.replace(self.token, "***") if self.token else text


def configure_logging(settings: Settings) -> None:
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else None
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    # httpx logs every request URL (with the token) at INFO; keep it to warnings.
    # PTB and httpcore log whole updates (the clerks' answers) at DEBUG; clerks'
    # words stay out of the log whatever LOG_LEVEL says.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("telegram").setLevel(max(root.level, logging.INFO))
