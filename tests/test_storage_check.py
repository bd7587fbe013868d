"""The load runs' storage check finds what it exists to find: lost, doubled, duplicate drafts."""

from __future__ import annotations

from pathlib import Path

from dialogs.answers import ListAnswer, TextAnswer
from storage.models import utc_now
from storage.store import open_store
from tests.support.storage_check import Acknowledged, ClerkRecord, Typed, check_storage

CLERK = 50_001


def store_drafts(data_dir: Path, *answer_sets: dict[str, TextAnswer | ListAnswer]) -> list[str]:
    store = open_store(data_dir)
    ids = []
    try:
        for answers in answer_sets:
            draft = store.create(CLERK, "chuangwen", 1, utc_now())
            store.save(draft.model_copy(update={"state": draft.state.model_copy(update={"answers": answers})}))
            ids.append(draft.id)
    finally:
        store.close()
    return ids


def test_everything_stored_once_in_its_draft_passes(tmp_path: Path) -> None:
    [draft] = store_drafts(tmp_path, {"unit": TextAnswer(text="红旗镇1"), "acts": ListAnswer(items=["甲2", "乙2"])})
    record = ClerkRecord(CLERK, [Acknowledged("unit", None, "红旗镇1", draft_id=draft)], [Typed(7, ["红旗镇1"]), Typed(8, ["甲2", "乙2"])], news=1)
    check = check_storage(tmp_path, [record], confirmed={7, 8})
    assert (check.lost, check.doubled, check.duplicate_drafts) == (0, 0, 0), check.missing


def test_a_confirmed_text_stored_nowhere_is_lost_and_an_unconfirmed_one_is_not(tmp_path: Path) -> None:
    store_drafts(tmp_path, {"unit": TextAnswer(text="红旗镇1")})
    record = ClerkRecord(CLERK, typed=[Typed(7, ["没存下2"]), Typed(9, ["还在路上3"])], news=1)
    check = check_storage(tmp_path, [record], confirmed={7})
    assert (check.lost_messages, check.lost) == (1, 1)


def test_an_acknowledged_answer_missing_from_its_draft_is_lost(tmp_path: Path) -> None:
    first, second = store_drafts(tmp_path, {"unit": TextAnswer(text="红旗镇1")}, {})
    record = ClerkRecord(CLERK, [Acknowledged("unit", None, "红旗镇1", draft_id=second)], news=2)
    assert check_storage(tmp_path, [record], confirmed=set()).lost_acknowledged == 1
    record.acknowledged[0].draft_id = first
    assert check_storage(tmp_path, [record], confirmed=set()).lost == 0


def test_a_text_applied_twice_is_doubled(tmp_path: Path) -> None:
    store_drafts(tmp_path, {"unit": TextAnswer(text="红旗镇1"), "head": TextAnswer(text="红旗镇1")})
    record = ClerkRecord(CLERK, typed=[Typed(7, ["红旗镇1"])], news=1)
    assert check_storage(tmp_path, [record], confirmed={7}).doubled == 1


def test_more_drafts_than_new_commands_are_duplicates_and_fewer_are_lost(tmp_path: Path) -> None:
    store_drafts(tmp_path, {}, {})
    assert check_storage(tmp_path, [ClerkRecord(CLERK, news=1)], confirmed=set()).duplicate_drafts == 1
    check = check_storage(tmp_path, [ClerkRecord(CLERK, news=3)], confirmed=set())
    assert (check.lost_news, check.duplicate_drafts) == (1, 0)
