"""The stored shape of a draft: one clerk's interview, with its position and status."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from dialogs.answers import NumberAnswer, PeriodAnswer, TextAnswer
from dialogs.state import InterviewState

# Bump together with a new step in storage/migrations.py.
SCHEMA_VERSION = 3
# How many of a clerk's applied updates a draft remembers. One suffices for the update
# a crash cut short (a clerk's updates run one at a time and each is then noted
# handled, storage.handled); the rest cover updates whose note failed to be written.
RECENT_UPDATES = 16

DraftStatus = Literal["in_progress", "complete", "archived"]

# Lowercase letters and digits only: the id goes into Telegram callback_data and
# into file names, and must not collide on case-insensitive file systems.
_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_ID_LENGTH = 10  # 36**10 ≈ 3.7e15 ids; collisions are still checked on create
DRAFT_ID_PATTERN = r"^[a-z0-9]{1,12}$"


def new_draft_id() -> str:
    """A fresh random draft id, short enough for callback_data."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(_ID_LENGTH))


class Draft(BaseModel):
    """One summary in the making. ``state`` is the engine's, stored as opaque JSON."""

    model_config = ConfigDict(validate_assignment=True)

    id: str = Field(pattern=DRAFT_ID_PATTERN)
    owner: int  # Telegram user id; the console adapter uses 0
    questionnaire_id: str
    questionnaire_version: int
    state: InterviewState = Field(default_factory=InterviewState)
    layout: str = "annual"
    status: DraftStatus = "in_progress"
    created_at: AwareDatetime
    updated_at: AwareDatetime
    schema_version: int = SCHEMA_VERSION
    # The update_id of the clerk's latest Telegram update applied (for whoever reads the
    # store; redelivery is recognised by ``recent_updates``, since update ids restart).
    last_update_id: int = 0
    # The keys (app.outcome.Arrival.key) of the clerk's latest updates that changed
    # something, newest last, at most RECENT_UPDATES: written in the same write as
    # their effect, on the draft that is current afterwards, so a redelivered update
    # is recognised as applied even if the bot died before noting it handled.
    recent_updates: list[str] = Field(default_factory=list)

    @field_validator("created_at", "updated_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.astimezone(timezone.utc)

    @property
    def unfinished(self) -> bool:
        return self.status == "in_progress"

    @property
    def unit_name(self) -> str | None:
        """The unit named in the interview, derived from the answers (not stored twice)."""
        answer = self.state.answers.get("unit_name")
        return answer.text if isinstance(answer, TextAnswer) else None

    @property
    def year(self) -> int | None:
        """The summary's year, derived from the answers (not stored twice)."""
        period = self.state.answers.get("period")
        if isinstance(period, PeriodAnswer):
            return period.year
        answer = self.state.answers.get("year")  # a draft of questionnaire 1 not yet upgraded
        return int(answer.value) if isinstance(answer, NumberAnswer) else None


def utc_now() -> datetime:
    """The default clock for adapters; the store itself never reads the clock."""
    return datetime.now(timezone.utc)


def blank_draft(
    draft_id: str,
    owner: int,
    questionnaire_id: str,
    questionnaire_version: int,
    now: datetime,
    stamp: UpdateStamp | None = None,
) -> Draft:
    """A new, empty draft as every store creates it. ``stamp``: the update that asked for
    it, stored with its first write, so a /new delivered again after a crash finds it
    instead of creating a second one."""
    return Draft(
        id=draft_id,
        owner=owner,
        questionnaire_id=questionnaire_id,
        questionnaire_version=questionnaire_version,
        created_at=now,
        updated_at=now,
        **(stamp.fields() if stamp is not None else {}),
    )


@dataclass(frozen=True)
class UpdateStamp:
    """What a draft records of the update that changed it (see Draft.recent_updates)."""

    update_id: int
    recent_updates: tuple[str, ...]

    def fields(self) -> dict[str, Any]:
        return {"last_update_id": self.update_id, "recent_updates": list(self.recent_updates)}


def most_recent_first(drafts: list[Draft]) -> list[Draft]:
    """Order drafts as a clerk picks among them: last touched first."""
    return sorted(drafts, key=lambda d: (d.updated_at, d.created_at, d.id), reverse=True)


def first_unfinished(drafts: list[Draft]) -> Draft | None:
    """The draft to offer on return: the most recently updated one still in progress."""
    return next((d for d in most_recent_first(drafts) if d.unfinished), None)
