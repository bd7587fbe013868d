"""Settings from the environment or a .env file (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the bot reads from outside. The token is a SecretStr so it never prints."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    data_dir: Path = Path("data")
    # postgresql://user:password@host:port/dbname: store drafts in PostgreSQL instead of
    # DATA_DIR, so several instances can serve one bot (README "Scale out on PostgreSQL").
    database_url: SecretStr | None = None
    # Telegram user ids allowed to use the bot, or "*" for everyone (an explicit
    # choice). Unset: the bot refuses to start (run_bot says why).
    allowed_users: Annotated[frozenset[int] | Literal["*"] | None, NoDecode] = None
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
    # Loopback by default: the webhook is meant to sit behind a reverse proxy (README); set
    # 0.0.0.0 to have Telegram reach this port directly.
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret_token: SecretStr | None = None
    log_level: str = "INFO"
    # An edited copy of templates/ (README 「改写措辞」); unset: the shipped wording.
    wording_dir: Path | None = None

    @field_validator("allowed_users", mode="before")
    @classmethod
    def _parse_allowed(cls, value: object) -> object:
        """"123, 456", "123 456" or "*". A list that names nobody (「 , 」) is a mistake,
        not an open bot: opening it to everyone must be said with "*"."""
        if isinstance(value, str):
            if not value.strip():
                return None  # as if unset
            if value.strip() == "*":
                return "*"
            ids = _parse_id_list(value)
            if not ids:
                raise ValueError("ALLOWED_USERS names no user id; list ids like 111,222, or * to open the bot to everyone")
            return ids
        return value

    @field_validator("admin_users", mode="before")
    @classmethod
    def _parse_admins(cls, value: object) -> object:
        return _parse_id_list(value) if isinstance(value, str) else value

    def database(self) -> str | None:
        """DATABASE_URL as text, None when drafts live in DATA_DIR."""
        return self.database_url.get_secret_value() if self.database_url else None

    def is_allowed(self, user_id: int) -> bool:
        if self.allowed_users == "*":
            return True
        return user_id in (self.allowed_users or ()) or user_id in self.admin_users


def _parse_id_list(value: str) -> frozenset[int]:
    """Accept "123, 456" or "123 456" from the environment."""
    return frozenset(int(part) for part in value.replace(",", " ").split())
