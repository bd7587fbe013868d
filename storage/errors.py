"""What can go wrong with stored drafts, as exceptions the service layer can catch by name."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Base of every storage failure."""


class DraftNotFound(StorageError, KeyError):
    """The draft does not exist (never created, or deleted)."""

    def __init__(self, draft_id: str) -> None:
        super().__init__(draft_id)
        self.draft_id = draft_id

    def __str__(self) -> str:
        return f"draft {self.draft_id!r} not found"


class DraftCorrupt(StorageError):
    """A stored draft cannot be read back; its file was moved aside, never emptied.

    ``user_message`` is what the clerk should see.
    """

    user_message = "抱歉，这份草稿的存档已损坏，无法继续。其他草稿不受影响，您可以新建一份。"

    def __init__(self, draft_id: str, reason: str, moved_to: Path | None = None) -> None:
        super().__init__(draft_id, reason)
        self.draft_id = draft_id
        self.reason = reason
        self.moved_to = moved_to

    def __str__(self) -> str:
        where = f"; moved to {self.moved_to}" if self.moved_to else ""
        return f"draft {self.draft_id!r} is corrupt ({self.reason}){where}"


class DraftTooNew(DraftCorrupt):
    """Written by a newer program version: unreadable here, but not damaged, so it stays
    where it is. A DraftCorrupt so that callers handle "cannot open this draft" once."""

    user_message = "这份草稿是由更新版本的程序保存的，当前版本无法打开，请联系管理员升级。"

    def __init__(self, draft_id: str, found: int, supported: int) -> None:
        super().__init__(draft_id, f"schema_version {found}; this program reads up to {supported}")
        self.found = found

    def __str__(self) -> str:
        return f"draft {self.draft_id!r} was written by a newer version ({self.reason})"


class DraftUnreadable(DraftCorrupt):
    """The draft's file is there but cannot be read now (permissions, a folder in its
    place, an I/O error): not known to be damaged, so it stays where it is and stays in
    the owner's index. A DraftCorrupt so that callers handle "cannot open this draft" once."""

    user_message = "这份总结暂时无法读取（文件权限或位置有误），请联系管理员；其他总结不受影响。"


class DraftTooLarge(StorageError):
    """A save would store more than a draft may hold (storage.limits); nothing was written,
    the stored version is the previous one."""

    user_message = "这份总结的内容太多，超过了单份存档的上限，这次的修改没有保存。请删减一些较长的回答，或新建一份。"

    def __init__(self, draft_id: str, size: int, limit: int) -> None:
        super().__init__(draft_id, size, limit)
        self.draft_id = draft_id
        self.size = size
        self.limit = limit

    def __str__(self) -> str:
        return f"draft {self.draft_id!r} would take {self.size} bytes; a draft may take {self.limit}"


class NotStored(StorageError):
    """The store could not take this write now; nothing of it was stored, what was stored
    before is intact. ``user_message`` tells the clerk so (the service sends it)."""

    user_message = "刚才这条没有保存，之前保存的内容都还在。请稍后再发一次。"


class StorageFull(NotStored):
    """The disk under the store (DATA_DIR, or the database server's) is full."""

    user_message = "服务器的磁盘已满，刚才这条没有保存；之前保存的内容都还在。请联系管理员清理磁盘后再发一次。"


class StorageUnavailable(NotStored):
    """The database did not answer in time (stopped, unreachable, restarting) or refused."""

    user_message = "存档数据库暂时没有响应，刚才这条没有保存；之前保存的内容都还在。请过一会儿再发一次。"


class DataDirUnusable(StorageError):
    """DATA_DIR cannot be created or written (read-only, a file in its place, no permission)."""

    def __init__(self, data_dir: Path, reason: str) -> None:
        super().__init__(data_dir, reason)
        self.data_dir = data_dir
        self.reason = reason

    def __str__(self) -> str:
        return (
            f"数据目录 {self.data_dir} 无法使用（{self.reason}）。请把 DATA_DIR 设为本程序可以写入的文件夹"
            f"（检查该路径是否为只读、是否被同名文件占用、权限是否足够），然后重新启动。"
            f" / DATA_DIR {self.data_dir} is unusable ({self.reason}): point DATA_DIR at a folder"
            f" this program can write (not read-only, not a file, with write permission) and start again."
        )


class DataDirLocked(StorageError):
    """Another process owns DATA_DIR; running two would corrupt it."""

    def __init__(self, data_dir: Path, holder: str) -> None:
        super().__init__(data_dir, holder)
        self.data_dir = data_dir
        self.holder = holder

    def __str__(self) -> str:
        holder = f"（进程 {self.holder}）" if self.holder else ""
        return (
            f"数据目录 {self.data_dir} 已被另一个机器人进程占用{holder}，请先停止它，或换一个 DATA_DIR。"
            f" / DATA_DIR {self.data_dir} is locked by another process"
            f"{' (pid ' + self.holder + ')' if self.holder else ''}."
        )


class DatabaseUnusable(StorageError):
    """DATABASE_URL names a PostgreSQL database this program cannot reach or set up."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return (
            f"无法使用 DATABASE_URL 指定的 PostgreSQL 数据库（{self.reason}）。请检查地址、用户名、密码和数据库是否存在，"
            f"以及数据库服务是否已启动，然后重新启动。 / The PostgreSQL database in DATABASE_URL is unusable"
            f" ({self.reason}): check the address, user, password and database name, and that the server is running."
        )


class DatabaseTooNew(DatabaseUnusable):
    """The database's tables were laid out by a newer version of this program: running on
    them could fail every write (a column it does not know), so the program refuses to start."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(f"schema step {found}; this program knows up to {known}")
        self.found = found
        self.known = known

    def __str__(self) -> str:
        return (
            f"数据库已由更新版本的程序升级（表结构第 {self.found} 步，本程序只认识到第 {self.known} 步），"
            f"本程序无法安全使用它。请把本程序升级到与其他实例相同的版本后再启动。"
            f" / The database was migrated by a newer version of this program (schema step {self.found};"
            f" this one knows up to {self.known}): upgrade this program to the version the other instances run."
        )
