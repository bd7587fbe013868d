"""``python bot.py migrate --from A --to B``: move every draft between DATA_DIR and PostgreSQL."""

from __future__ import annotations

import sys
from contextlib import ExitStack, closing
from typing import TextIO

from storage.errors import DatabaseUnusable, DataDirLocked, DataDirUnusable
from storage.store import DraftStore, open_store
from storage.transfer import copy_drafts


def _is_database(where: str) -> bool:
    return where.startswith(("postgresql://", "postgres://"))


def open_place(where: str) -> DraftStore:
    """A PostgreSQL URL or a DATA_DIR folder, opened as a store."""
    return open_store(database_url=where) if _is_database(where) else open_store(where)


def _shown(where: str) -> str:
    """Where, as it may be printed: a database URL without its password."""
    from storage.store import _without_password

    return _without_password(where) if _is_database(where) else where


def run_migrate(source: str, target: str, out: TextIO = sys.stdout) -> int:
    """Copy, verify, print what was done; 0 when every draft arrived equal, 1 if not, 3 if a
    store cannot be opened (the bot must be stopped: it holds DATA_DIR's lock)."""
    if source == target:
        print("来源与目标相同 / --from and --to are the same place", file=sys.stderr)
        return 2
    with ExitStack() as opened:
        try:
            stores = [opened.enter_context(closing(open_place(where))) for where in (source, target)]
        except (DataDirLocked, DataDirUnusable, DatabaseUnusable) as error:
            print(str(error), file=sys.stderr)
            return 3
        report = copy_drafts(stores[0], stores[1])
    out.write(
        f"{_shown(source)} -> {_shown(target)}: {report.source_count} drafts in the source,"
        f" {report.copied} copied, {report.unchanged} already there and equal;"
        f" {report.target_count} in the target\n"
    )
    if report.skipped:
        out.write(f"could not be opened in the source, not copied: {', '.join(report.skipped)}\n")
    if report.mismatched:
        out.write(f"read back different from the source: {', '.join(report.mismatched)}\n")
    if report.source_count != report.target_count:
        out.write("the target holds a different number of drafts than the source\n")
    out.write("verified: every draft equal\n" if report.ok else "NOT verified (see above)\n")
    return 0 if report.ok else 1
