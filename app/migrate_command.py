"""``python bot.py migrate --from A --to B``: move every draft between DATA_DIR and PostgreSQL.

The source is only read: opened read-only (a folder under a shared lock, nothing swept,
restored or moved aside; a database session the server keeps read-only), so a damaged
draft stays where it is and is named. A source that is not there (a mistyped folder) and
a target that is neither a folder nor a PostgreSQL URL are refused before anything is
opened or created.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack, closing
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from storage.errors import DatabaseUnusable, DataDirLocked, DataDirUnusable
from storage.store import DraftStore, open_database, open_file_store
from storage.transfer import copy_drafts

DATABASE_SCHEMES = ("postgresql", "postgres")


def _is_database(where: str) -> bool:
    return urlsplit(where).scheme in DATABASE_SCHEMES


def _refusal(source: str, target: str) -> str | None:
    """Why these places cannot be used (printed as is), or None."""
    if source == target:
        return "来源与目标相同 / --from and --to are the same place"
    for where in (source, target):
        if "://" in where and not _is_database(where):
            return (
                f"不支持的地址 {_shown(where)}：只能是 PostgreSQL（postgresql://…）或一个文件夹。"
                f" / {_shown(where)}: only postgresql://… URLs and folders are supported"
            )
    if not _is_database(source) and not (Path(source) / "drafts").is_dir():
        what = "不是本程序的数据目录（里面没有 drafts 文件夹）" if Path(source).is_dir() else "不存在"
        return (
            f"来源文件夹 {source} {what}，请检查 --from 的路径。"
            f" / the source folder {source} is not a DATA_DIR of this bot (or does not exist): check --from"
        )
    return None


def open_source(where: str) -> DraftStore:
    """The source, opened so that nothing in it changes."""
    return open_database(where, read_only=True) if _is_database(where) else open_file_store(where, read_only=True)


def open_target(where: str) -> DraftStore:
    return open_database(where) if _is_database(where) else open_file_store(where)


def _shown(where: str) -> str:
    """Where, as it may be printed: a database URL without its password."""
    from storage.store import _without_password

    return _without_password(where) if "://" in where else where


def run_migrate(source: str, target: str, out: TextIO = sys.stdout) -> int:
    """Copy, verify, print what was done; 0 when every draft arrived equal, 1 if not, 2 for
    places that cannot be used, 3 if a store cannot be opened (the bot must be stopped: it
    holds DATA_DIR's lock)."""
    refusal = _refusal(source, target)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 2
    with ExitStack() as opened:
        try:
            origin = opened.enter_context(closing(open_source(source)))
            destination = opened.enter_context(closing(open_target(target)))
        except (DataDirLocked, DataDirUnusable, DatabaseUnusable) as error:
            print(str(error), file=sys.stderr)
            return 3
        report = copy_drafts(origin, destination)
    out.write(
        f"{_shown(source)} -> {_shown(target)}: {report.source_count} drafts in the source,"
        f" {report.copied} copied, {report.unchanged} already there and equal;"
        f" {report.target_count} in the target\n"
    )
    if report.skipped:
        out.write(f"could not be opened in the source (left as they are), not copied: {', '.join(report.skipped)}\n")
    if report.mismatched:
        out.write(f"read back different from the source: {', '.join(report.mismatched)}\n")
    if report.source_count != report.target_count:
        out.write("the target holds a different number of drafts than the source\n")
    out.write("verified: every draft equal\n" if report.ok else "NOT verified (see above)\n")
    return 0 if report.ok else 1
