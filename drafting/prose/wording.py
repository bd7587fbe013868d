"""The draft's fixed wording, read from the files in templates/ into typed models.

Code keeps the logic (planning, provenance, grammar); these files keep the words.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

Level = Literal[1, 2, "lead-in"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class WorkPlace(_Strict):
    """Where the work sections go in a layout, and how each is headed and written."""

    heading: Level  # each work section's heading: 「（一）……」 or 「关于……：」
    items: Literal["paragraphs", "numbered"]  # numbered: 「一是……。」 paragraph by paragraph


class RestPlace(_Strict):
    """Where the sections no other part holds go (answers of 基本信息 no wording used),
    each under its own heading."""

    heading: Level


class ListPlace(_Strict):
    """Answers written in a part: a list (problems, plans) or a group (rectifications)."""

    answers: list[str] = Field(min_length=1)
    as_: Literal["series", "paragraphs", "numbered_or_series"] = Field(alias="as")
    lead: str | None = None  # a formula of formulas.yaml opening the series


class Part(_Strict):
    """One part of a layout, in order: its heading, and the work or the lists it holds."""

    heading: str = ""  # "{main_heading}": the genre's
    level: Level = 1
    work: WorkPlace | None = None
    lists: list[ListPlace] = Field(default_factory=list)
    rest: RestPlace | None = None


class Layouts(_Strict):
    lead_in: str  # 「关于{title}：」
    layouts: dict[str, list[Part]]


@cache
def layouts(directory: Path = TEMPLATES_DIR) -> Layouts:
    return Layouts.model_validate(yaml.safe_load((directory / "layouts.yaml").read_text(encoding="utf-8")))
