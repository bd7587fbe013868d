"""What the bot does once at startup, before the first clerk writes."""

from __future__ import annotations

from pathlib import Path

from app.service import InterviewService
from dialogs.questionnaire import load_questionnaire
from storage.async_store import AsyncDraftStore
from storage.disk import FileDraftStore


def test_warm_up_builds_a_draft_without_storing_one(tmp_path: Path) -> None:
    disk = FileDraftStore(tmp_path)
    service = InterviewService(load_questionnaire(), AsyncDraftStore(disk))
    try:
        service.warm_up()
        assert disk.list_by_owner(0) == []
        assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [".lock"]
    finally:
        disk.close()
