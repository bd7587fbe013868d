"""Faults between the bot and Telegram, and the bot killed mid-run: no answer lost or doubled.

Short versions of `python -m bench.load --faults KIND` and `--kills 10`: the real bot
process, the local Bot API server injecting faults, a few clerks answering whole
interviews. Each run checks storage afterwards: every answer the bot acknowledged
(by showing the next question) is stored, no list item is stored twice, and every
clerk got to the end and received the .docx.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.support.fakebotapi import FaultPlan, FaultRule
from tests.support.loadsim import LoadConfig, LoadReport, run_load

CLERKS = 3


def run(tmp_path: Path, **config: object) -> LoadReport:
    settings = LoadConfig(clerks=CLERKS, think_s=0.0, reply_timeout_s=4.0, data_dir=tmp_path / "data", seed=11)
    for name, value in config.items():
        setattr(settings, name, value)
    return asyncio.run(run_load(settings))


def assert_nothing_lost(report: LoadReport) -> None:
    assert report.finished == CLERKS, report
    assert report.lost == 0, report
    assert report.doubled == 0, report
    assert report.bot_errors == 0, report


FAULTS = {
    # Telegram took the request but the answer never came back (the bot retries).
    "timeout": [FaultRule(kind="timeout", probability=0.03, seconds=2.0, apply_side_effect=True)],
    "5xx": [FaultRule(kind="http_502", probability=0.05), FaultRule(kind="http_500", probability=0.03)],
    "429": [FaultRule(kind="retry_after", probability=0.05, seconds=1)],
    "drop": [FaultRule(kind="drop", probability=0.05)],
    "slow": [FaultRule(kind="slow", probability=0.1, seconds=0.3)],
    # A long poll cut off after Telegram handed out updates: they come again.
    "dropped poll": [FaultRule(kind="drop", methods=frozenset({"getUpdates"}), probability=0.05, apply_side_effect=True)],
}


@pytest.mark.parametrize("kind", sorted(FAULTS))
def test_bot_api_faults_lose_no_answer_and_apply_none_twice(tmp_path: Path, kind: str) -> None:
    report = run(
        tmp_path,
        faults=FaultPlan(rules=FAULTS[kind], seed=5),
        bot_env={"BOT_API_READ_TIMEOUT": "1"},
    )
    assert sum(report.faults.values()) > 0, "the plan injected nothing: the test proves nothing"
    assert_nothing_lost(report)


def test_the_bot_killed_mid_run_loses_no_acknowledged_answer_and_every_clerk_resumes(tmp_path: Path) -> None:
    # Kills at random moments only; tests/test_kills.py aims them at the gap after delivery.
    # Clerks pause so the run outlasts three kill/restart cycles (the work-item interview
    # is a third as long as the fixed form).
    report = run(tmp_path, kills=3, think_s=0.4, kill_weights=(1.0, 0.0, 0.0))
    assert report.kills == 3
    assert_nothing_lost(report)
