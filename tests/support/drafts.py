"""Drafts shaped like real clerks' work, stored in bulk: shared by tests and benchmarks.

bench/storage.py and bench/load.py fill a DATA_DIR with these before timing anything;
tests/test_storage_encoding.py checks the encoder against them. They live here, under
tests/, because bench may import test support and tests must never import bench.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from unittest.mock import patch

from dialogs.answers import (
    Answer,
    ChoiceAnswer,
    DateAnswer,
    GroupAnswer,
    ListAnswer,
    MultiAnswer,
    NumberAnswer,
    TextAnswer,
    YesNoAnswer,
)
from dialogs.state import InterviewState
from storage import DraftStore
from storage.models import utc_now

ANSWERS_PER_DRAFT = 40
DRAFTS_PER_CLERK = 2
FIRST_OWNER = 100_000  # owners of the filled drafts: clear of the clerks a load run simulates


def realistic_answers(rng: random.Random, count: int = ANSWERS_PER_DRAFT) -> dict[str, Answer]:
    """``count`` answers of every kind, shaped like a clerk's year of 创文 work."""
    makers: list[Callable[[int], Answer]] = [
        lambda i: TextAnswer(text=f"成立了以党委书记为组长的创建工作领导小组，召开专题会议{i}次，明确责任分工，层层压实责任。"),
        lambda i: NumberAnswer(value=Decimal(rng.randint(2, 900)), prefix="近", suffix="万", unit="元", raw="近60万元"),
        lambda i: NumberAnswer(value=Decimal(rng.randint(10, 5000)), suffix="余", unit="人次", raw="300余人次"),
        lambda i: ChoiceAnswer(choice="创建全国文明城市"),
        lambda i: MultiAnswer(items=["背街小巷", "农贸市场", "城乡结合部", "公共厕所"]),
        lambda i: YesNoAnswer(value=bool(i % 2)),
        lambda i: ListAnswer(items=[f"组织志愿服务活动{rng.randint(5, 60)}场", "发放宣传资料5万多份", "设置公益广告牌120块"]),
        lambda i: DateAnswer(year=2024, month=rng.randint(1, 12), day=rng.randint(1, 28)),
        lambda i: GroupAnswer(
            items=[
                {
                    "name": TextAnswer(text="农贸市场环境专项整治"),
                    "count": NumberAnswer(value=Decimal(rng.randint(1, 40)), unit="次", raw="12次"),
                    "result": TextAnswer(text="清理乱堆乱放，规范摊位经营，市场秩序明显好转。"),
                }
                for _ in range(2)
            ]
        ),
    ]
    return {f"q{i:02d}": makers[i % len(makers)](i) for i in range(count)}


@contextmanager
def fsync_skipped() -> Iterator[None]:
    """Setup only: fill thousands of drafts faster (no folder or data syncs), then one
    os.sync(). Timed saves sync as always."""
    with patch("os.fsync", lambda fd: None), patch("os.fdatasync", lambda fd: None):
        yield
    os.sync()


def fill_store(store: DraftStore, target: int, rng: random.Random) -> list[str]:
    """``target`` drafts of 40 answers, two per clerk, created and saved through the store."""
    ids: list[str] = []
    with fsync_skipped():
        while len(ids) < target:
            draft = store.create(FIRST_OWNER + len(ids) // DRAFTS_PER_CLERK, "chuangwen", 1, utc_now())
            state = InterviewState(answers=realistic_answers(rng), turn=ANSWERS_PER_DRAFT)
            store.save(draft.model_copy(update={"state": state}))
            ids.append(draft.id)
    return ids
