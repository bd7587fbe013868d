"""The bot SIGKILLed at random moments, in the gap after delivery, and on slow disks: nothing lost.

A short version of `python -m bench.load --kills 100 --clerks 50`: the real bot process,
the local Bot API server, clerks answering interviews (and now and then starting a fresh
/new) for as long as the kills go on. About half of the kills fall 0-20 ms after a
getUpdates answer carried updates, a fifth right after one carried a /new, the rest at
random moments; about half of the bot's starts run with every fsync slowed by 30 ms. Afterwards the drafts on
disk must hold every answer the bot acknowledged and every text Telegram confirmed,
each exactly once, and exactly one draft per /new sent; and no update Telegram confirmed
may have gone unanswered.

A SIGKILL keeps what the bot wrote before it (the page cache survives the process), so
slowed fsyncs widen the gap between an effect being written and being acknowledged:
there a redelivered update finds its effect already stored and must be answered once
more, not applied again.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.support.loadsim import LoadConfig, LoadReport, run_load

CLERKS = 10
KILLS = 15


@pytest.fixture(scope="module")
def killed_run(tmp_path_factory: pytest.TempPathFactory) -> LoadReport:
    config = LoadConfig(
        # A clerk waits long enough for a killed bot to restart and answer (on a busy
        # machine that takes several seconds) before nudging it.
        clerks=CLERKS, think_s=0.1, reply_timeout_s=15.0, data_dir=tmp_path_factory.mktemp("kills") / "data", seed=13,
        kills=KILLS, new_rate=0.01, slow_fsync_ms=30, slowed_starts=0.5,
    )
    return asyncio.run(run_load(config))


def test_killed_bot_loses_no_confirmed_message_applies_nothing_twice_and_makes_no_duplicate_draft(
    killed_run: LoadReport,
) -> None:
    report = killed_run
    assert report.kills == KILLS, report.kill_moments
    assert report.kill_moments["after delivery"] > 0 and report.slowed_starts > 0  # the run tested the gap
    check = report.storage
    # What Telegram confirmed is stored (the gap between confirmation and storage is
    # closed), nothing twice, one draft per /new.
    assert (check.lost_messages, check.lost_news, check.doubled, check.duplicate_drafts) == (0, 0, 0, 0), check.missing


def test_killed_bot_keeps_every_acknowledged_answer_and_answers_every_confirmed_update(killed_run: LoadReport) -> None:
    report = killed_run
    check = report.storage
    assert (check.lost_acknowledged, check.lost_dropped) == (0, 0), check.missing
    # Every update Telegram confirmed got an answer: a redelivered update whose effect was
    # already stored is answered again, not swallowed (unless a newer update of the same
    # clerk came with it: that one's answer shows where the clerk is, and showing the
    # question again for the older one made clerks answer it twice, the second answer
    # landing on the next question: tests/test_redelivery_batch.py).
    assert report.silent == 0
    assert report.finished == CLERKS, report.error_samples
