"""`python bot.py migrate`: every draft moves between DATA_DIR and PostgreSQL, verified, idempotent."""

from __future__ import annotations

import contextlib
import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest

from app.migrate_command import run_migrate
from dialogs.answers import TextAnswer
from dialogs.questionnaire import load_questionnaire
from storage import FileDraftStore
from storage.models import Draft, UpdateStamp
from storage.postgres import PostgresDraftStore
from tests.conversation import run_script, script_lines
from tests.support.postgres import PgCluster

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parent.parent


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
    from tests.support.postgres import free_port

    FileDraftStore(tmp_path / "data").close()
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = run_migrate(str(tmp_path / "data"), f"postgresql://u:sekrit@127.0.0.1:{free_port()}/x", io.StringIO())
    assert code == 3
    assert "无法使用 DATABASE_URL" in err.getvalue() and "sekrit" not in err.getvalue()


def _interviews(store: FileDraftStore, count: int) -> dict[str, Draft]:
    """Real drafts: the reference interview answered a little further for each one."""
    questionnaire = load_questionnaire()
    lines = script_lines(ROOT / "dialogs" / "samples" / "reference1.txt")
    drafts = {}
    for n in range(count):
        draft = store.create(n + 1, questionnaire.id, questionnaire.version, T0, stamp=UpdateStamp(n, (f"{n}:",)))
        answered = draft.model_copy(update={"state": run_script(questionnaire, lines[: 10 + 15 * n]).state})
        store.save(answered)
        drafts[draft.id] = answered
    return drafts


def test_real_drafts_past_their_third_answer_verify_both_ways_and_a_rerun_copies_nothing(
    tmp_path: Path, pg_cluster: PgCluster
) -> None:
    source = tmp_path / "data"
    with FileDraftStore(source) as files:
        drafts = _interviews(files, 3)
    assert all(len(d.state.answers) > 3 for d in drafts.values())
    url = pg_cluster.new_database()
    for origin, target in ((str(source), url), (url, str(tmp_path / "back"))):
        first, again = io.StringIO(), io.StringIO()
        assert run_migrate(origin, target, first) == 0, first.getvalue()
        assert "3 copied" in first.getvalue() and "verified: every draft equal" in first.getvalue()
        assert run_migrate(origin, target, again) == 0
        assert "0 copied, 3 already there and equal" in again.getvalue()
    with FileDraftStore(tmp_path / "back") as back:
        assert {draft_id: back.get(draft_id) for draft_id in drafts} == drafts


def test_a_mistyped_source_folder_and_a_target_that_is_no_database_are_refused_and_nothing_is_created(
    tmp_path: Path, pg_cluster: PgCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    FileDraftStore(tmp_path / "data").close()
    (tmp_path / "photos").mkdir()
    url = pg_cluster.new_database()
    for origin, target, says in (
        ("dta", url, "不存在"),  # mistyped
        ("photos", url, "不是本程序的数据目录"),  # a folder, but not a DATA_DIR
        ("data", "mysql://u:p@db/cwzs", "只能是 PostgreSQL"),
        ("mysql://u:p@db/cwzs", "back", "只能是 PostgreSQL"),
    ):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            assert run_migrate(origin, target, io.StringIO()) == 2
        assert says in err.getvalue() and "p@db" not in err.getvalue()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "photos"]  # no "dta", "mysql:", "back"


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() if path.is_file() else b"/" for path in sorted(folder.rglob("*"))}


def _rows(url: str) -> list[object]:
    with psycopg.connect(url) as conn:
        return [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()  # type: ignore[arg-type]
            for table in ("drafts", "damaged_drafts", "schema_migrations", "told")
        ]


def test_migrate_never_changes_its_source_not_even_a_damaged_draft(tmp_path: Path, pg_cluster: PgCluster) -> None:
    source = tmp_path / "data"
    with FileDraftStore(source) as files:
        kept = _fill(files, clerks=2, per_clerk=1)
        broken = files.create(3, "chuangwen", 2, T0)
    (source / "drafts" / broken.id[:2] / f"{broken.id}.json").write_bytes(b"garbage")
    before = _tree(source)
    url = pg_cluster.new_database()
    out = io.StringIO()
    assert run_migrate(str(source), url, out) == 1  # the damaged one is named, not copied
    assert broken.id in out.getvalue() and "NOT verified" in out.getvalue()
    assert _tree(source) == before  # not moved to corrupt/, no marker touched, no lock file written

    with PostgresDraftStore(url) as database:
        newer = database.create(4, "chuangwen", 2, T0)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("""UPDATE drafts SET document = '{"id": 5}' WHERE id = %s""", (sorted(kept)[0],))
        conn.execute("UPDATE drafts SET document = jsonb_set(document, '{schema_version}', '99') WHERE id = %s", (newer.id,))
    rows = _rows(url)
    out = io.StringIO()
    assert run_migrate(url, str(tmp_path / "export"), out) == 1
    assert sorted(kept)[0] in out.getvalue() and newer.id in out.getvalue()
    assert _rows(url) == rows  # no row moved to damaged_drafts, no column corrected
