"""What the bot does once at startup, before the first clerk writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.service import InterviewService
from dialogs.questionnaire import load_questionnaire
from storage.async_store import AsyncDraftStore
from storage.store import open_store

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter: in this one, earlier tests have filled the caches already.
WARM_UP_PRIMES_THE_BUILD = """
import sys
from app.service import InterviewService
from dialogs.questionnaire import load_questionnaire
from drafting.page import docx_writer
from drafting.prose import wording
from storage.async_store import AsyncDraftStore
from storage.memory import MemoryDraftStore

from dialogs import segmenter

before = (docx_writer._blank_official_docx.cache_info().currsize, wording.read_wording_files.cache_info().currsize, segmenter._base is not None)
service = InterviewService(load_questionnaire(), AsyncDraftStore(MemoryDraftStore()))
service.warm_up()
assert service.segmenter_warming is not None
service.segmenter_warming.join()
after = (docx_writer._blank_official_docx.cache_info().currsize, wording.read_wording_files.cache_info().currsize, segmenter._base is not None)
# jieba's dictionary and the lexicon (seconds) are read at start, in a thread the warm-up
# starts: the first clerk's turn reads a fragment with them, it does not load them.
reader = service.delivery.wording.__dict__.get("reader")
print(before, after, reader)
sys.exit(0 if before == (0, 0, False) and after == (1, 1, True) and reader is not None else 1)
"""


def test_warm_up_builds_a_draft_without_storing_one(tmp_path: Path) -> None:
    disk = open_store(tmp_path)
    service = InterviewService(load_questionnaire(), AsyncDraftStore(disk))
    try:
        service.warm_up()
        assert disk.list_by_owner(0) == []
        assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [".lock"]
    finally:
        disk.close()


def test_warm_up_does_the_first_builds_one_time_work() -> None:
    """The blank official document and the wording are made by the warm-up, not by
    the first clerk who finishes (a warm-up that did nothing would pass the test above)."""
    result = subprocess.run([sys.executable, "-c", WARM_UP_PRIMES_THE_BUILD], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
