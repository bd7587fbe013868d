"""`python bot.py migrate`: every draft moves between DATA_DIR and PostgreSQL, verified, idempotent."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

from app.migrate_command import run_migrate
from dialogs.answers import TextAnswer
from storage import FileDraftStore
from storage.models import Draft, UpdateStamp
from storage.postgres import PostgresDraftStore
from tests.support.postgres import PgCluster

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=timezone.utc)


def _fill(store: FileDraftStore | PostgresDraftStore, clerks: int, per_clerk: int) -> dict[str, str]:
    """Drafts with answers, statuses and layouts that differ; their JSON by id."""
    written: dict[str, str] = {}
    for owner in range(1, clerks + 1):
        for n in range(per_clerk):
            draft = store.create(owner, "chuangwen", 2, T0 + timedelta(minutes=n), stamp=UpdateStamp(owner * 100 + n, (f"{owner * 100 + n}:",)))
            state = draft.state.model_copy(update={"answers": {"unit_name": TextAnswer(text=f"第{owner}镇「{n}」&<>")}, "turn": n})
            changed = draft.model_copy(
                update={"state": state, "layout": ["annual", "progress"][n % 2], "status": ["in_progress", "complete", "archived"][n % 3]}
            )
            store.save(changed)
            written[changed.id] = changed.model_dump_json()
    return written


def _contents(store: FileDraftStore | PostgresDraftStore) -> dict[str, str]:
    found: dict[str, str] = {}
    for draft_id in store.all_ids():
        draft = store.get(draft_id)
        assert isinstance(draft, Draft)
        found[draft_id] = draft.model_dump_json()
    return found


def test_files_to_postgres_and_back_keeps_every_draft_equal_and_twice_changes_nothing(
    tmp_path: Path, pg_cluster: PgCluster
) -> None:
    source = tmp_path / "data"
    with FileDraftStore(source) as files:
        written = _fill(files, clerks=4, per_clerk=3)
    url = pg_cluster.new_database()

    first, second = io.StringIO(), io.StringIO()
    assert run_migrate(str(source), url, first) == 0
    assert "12 copied" in first.getvalue() and "verified" in first.getvalue()
    assert run_migrate(str(source), url, second) == 0
    assert "0 copied, 12 already there and equal" in second.getvalue()
    with PostgresDraftStore(url) as database, FileDraftStore(source) as files:
        assert _contents(database) == written
        assert [d.id for d in database.list_by_owner(2)] == [d.id for d in files.list_by_owner(2)]

    back = tmp_path / "back"
    assert run_migrate(url, str(back), io.StringIO()) == 0
    assert run_migrate(url, str(back), io.StringIO()) == 0
    with FileDraftStore(back) as files:
        assert _contents(files) == written


def test_a_changed_draft_is_copied_again_and_a_draft_only_in_the_target_fails_the_check(
    tmp_path: Path, pg_cluster: PgCluster
) -> None:
    source = tmp_path / "data"
    with FileDraftStore(source) as files:
        written = _fill(files, clerks=1, per_clerk=2)
    url = pg_cluster.new_database()
    assert run_migrate(str(source), url, io.StringIO()) == 0

    with FileDraftStore(source) as files:
        changed = files.get(sorted(written)[0])
        assert changed is not None
        files.save(changed.model_copy(update={"layout": "thematic"}))
    again = io.StringIO()
    assert run_migrate(str(source), url, again) == 0
    assert "1 copied, 1 already there" in again.getvalue()

    with PostgresDraftStore(url) as database:
        database.create(99, "chuangwen", 2, T0)  # written to the database only
    extra = io.StringIO()
    assert run_migrate(str(source), url, extra) == 1
    assert "different number" in extra.getvalue() and "NOT verified" in extra.getvalue()


def test_an_unreachable_database_is_said_in_chinese_without_the_password(tmp_path: Path) -> None:
    import contextlib

    from tests.support.postgres import free_port

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = run_migrate(str(tmp_path / "data"), f"postgresql://u:sekrit@127.0.0.1:{free_port()}/x", io.StringIO())
    assert code == 3
    assert "无法使用 DATABASE_URL" in err.getvalue() and "sekrit" not in err.getvalue()
