"""A hung office never stalls an answer: previews are made after the clerk's turn, in a bounded line.

The bot runs on PostgreSQL (a throwaway cluster), where a clerk's turn holds one of the
instance's 16 turn connections. The office is a stub ``soffice`` that hangs until the
test releases it. 24 clerks ask for /draft at once while another clerk answers
questions: every clerk who asked gets the text and the .docx while the office still
hangs, the clerks far back in the line are told their place, those past its end are
told the line is full, and the other clerk's answers are all stored and answered
before the office is released (progress and order, no wall-clock thresholds).
"""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest

from app import texts
from drafting.office import preview
from drafting.office.queue import OfficeQueue
from storage.postgres import PostgresDraftStore
from tests.support.fakebotapi import FakeBotApi
from tests.support.postgres import PgCluster
from tests.telegram_harness import Clerk, bot_and_server
from tests.test_telegram_e2e import script_lines

DRAFTERS = list(range(3001, 3025))  # 24 clerks: more than the 16 turn connections
ANSWERING = 2001
LINE = 20  # the office's line in this test: longer than the turn connections, all waiting at once


def stub_office(folder: Path, started: Path, release: Path) -> Path:
    """soffice, pdftoppm and pdfinfo stand-ins: a conversion hangs until ``release`` exists."""
    folder.mkdir()
    scripts = {
        "soffice": f"""
case "$*" in *--convert-to*) ;; *) exec sleep 600 ;; esac
touch "{started}"
while [ ! -e "{release}" ]; do sleep 0.05; done
while [ $# -gt 0 ]; do [ "$1" = "--outdir" ] && out="$2"; shift; done
printf '%%PDF-1.4 stub' > "$out/draft.pdf"
""",
        "pdftoppm": """for last; do :; done; printf 'P6\\n1 1\\n255\\n\\377\\377\\377' > "$last-1.ppm" """,
        "pdfinfo": "echo 'Pages: 1'",
    }
    for name, body in scripts.items():
        tool = folder / name
        tool.write_text("#!/bin/sh\n" + body + "\n")
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    return folder


def test_a_hung_office_delays_no_answer_and_tells_clerks_their_place_in_line(
    tmp_path: Path, pg_cluster: PgCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = tmp_path / "office-started", tmp_path / "office-released"
    tools = stub_office(tmp_path / "bin", started, release)
    monkeypatch.setenv("PATH", f"{tools}:{os.environ['PATH']}")
    monkeypatch.setattr(preview, "USE_STANDBY", False)  # the stub opens no pipe to hand jobs to
    url = pg_cluster.new_database()
    answers = script_lines("reference1.txt")[:8]

    async def scenario() -> None:
        async with bot_and_server(tmp_path / "data", database_url=url, preview_pages=1) as (api, running):
            running.service.delivery.office = OfficeQueue(limit=LINE, max_wait_s=600)
            clerks = {user: Clerk(api, user) for user in [ANSWERING, *DRAFTERS]}
            await asyncio.gather(*(clerk.say("/new") for clerk in clerks.values()))

            for user in DRAFTERS:
                api.push_command(user, "draft")
            # Every clerk gets the text and the .docx while the office hangs on the first one.
            await api.wait_for(lambda: all(api.documents(user) for user in DRAFTERS), timeout=120)
            await api.wait_for(started.exists, timeout=60)

            answering = clerks[ANSWERING]
            for line in answers:
                replies = await answering.say(line)
                assert not any(texts.FAILED in (m.text or "") for m in replies), line
            assert not release.exists() and not api.calls_to("sendPhoto")  # all while the office hung

            in_line = next(user for user in DRAFTERS if "前面还有" in _said(api, user))
            replies = await clerks[in_line].say(answers[0])  # waiting for pictures, answering meanwhile
            assert not any(texts.FAILED in (m.text or "") for m in replies)
            assert not release.exists() and not api.calls_to("sendPhoto")  # all while the office hung

            said = {user: _said(api, user) for user in DRAFTERS}
            told_place = [user for user in DRAFTERS if "前面还有" in said[user]]
            told_full = [user for user in DRAFTERS if texts.PREVIEW_BUSY in said[user]]
            assert len(told_place) == LINE - 2  # two or more ahead: told their place
            assert len(told_full) == len(DRAFTERS) - LINE  # past the end of the line: told, .docx sent anyway
            assert not any(texts.FAILED in text for text in said.values())

            release.touch()
            await api.wait_for(lambda: len(api.calls_to("sendPhoto")) == LINE, timeout=120)
            assert {call.chat_id for call in api.calls_to("sendPhoto")}.isdisjoint(told_full)

    try:
        asyncio.run(scenario())
    finally:
        preview.shutdown_preview()
    with PostgresDraftStore(url) as store:
        [draft] = store.list_by_owner(ANSWERING)
        assert draft.unit_name == answers[0] and len(draft.state.answers) >= len(answers) - 1


def _said(api: FakeBotApi, user: int) -> str:
    return " ".join(m.text or "" for m in api.transcript(user) if m.sender == "bot")
