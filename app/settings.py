"""Settings from the environment or a .env file (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the bot reads from outside. The token is a SecretStr so it never prints."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    data_dir: Path = Path("data")
    # Telegram user ids; empty means anyone may use the bot.
    allowed_users: Annotated[frozenset[int], NoDecode] = frozenset()
    admin_users: Annotated[frozenset[int], NoDecode] = frozenset()
    # A local Bot API server (tests, self-hosted telegram-bot-api); None means api.telegram.org.
    bot_api_base_url: str | None = None
    bot_api_base_file_url: str | None = None
    # Outgoing messages per second, under Telegram's ~30/s; 0 turns throttling off
    # (a local Bot API server in tests and benchmarks has no such limit).
    send_rate_limit: float = Field(default=25, ge=0)
    # Seconds to wait for a Bot API answer before retrying (PTB's default is 5).
    bot_api_read_timeout: float = Field(default=10, gt=0)
    # Page pictures sent with /draft (needs LibreOffice); 0 sends the .docx alone.
    preview_pages: int = Field(default=2, ge=0, le=5)
    # Worker processes for long polling (app.sharding): one per CPU core is the most a
    # bot can use; 1 runs everything in one process. The webhook mode runs one process.
    workers: int = Field(default=1, ge=1, le=32)
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret_token: SecretStr | None = None
    log_level: str = "INFO"

    @field_validator("allowed_users", "admin_users", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        """Accept "123, 456" or "123 456" from the environment."""
        if isinstance(value, str):
            parts = value.replace(",", " ").split()
            return frozenset(int(p) for p in parts)
        return value

    def is_allowed(self, user_id: int) -> bool:
        return not self.allowed_users or user_id in self.allowed_users or user_id in self.admin_users
