"""`python bot.py console`: the interview in a terminal, on the same service as Telegram.

Choices are printed as 「[1] 环境卫生  [2] 交通秩序」 and picked by typing the number;
navigation buttons are typed as words (跳过 / 上一步 / 暂停 / 完成); commands work as in
Telegram (/layout, /draft, /drafts …), and 「/import 文件.docx」 reads an earlier summary
(as a .docx sent in Telegram does). In piped scripts a line starting with # is a
comment and a literal \\n inside a line is a line break. The draft is written to
DATA_DIR/exports/.
"""

from __future__ import annotations

import asyncio
import errno
import sys
from pathlib import Path
from typing import TextIO

from app import texts
from app.exports import write_outputs
from app.messages import Choice, DraftText, File, Message, Pictures, Text, Toast
from app.outcome import Command, Press, Request, Typed, Uploaded
from app.service import InterviewService
from app.settings import Settings
from dialogs.questionnaire import Questionnaire, load_questionnaire
from drafting.document import Document
from drafting.chat.text_writer import to_plain_text
from drafting.prose.wording import Wording
from importing.limits import LIMITS
from importing.safety import too_large
from storage.async_store import AsyncDraftStore
from storage.atomic import atomic_write_bytes
from storage.errors import DatabaseUnusable, DataDirLocked, DataDirUnusable
from storage.store import open_store

CONSOLE_OWNER = 0  # the console has one clerk; Telegram owners are real user ids
GOODBYE = "\n已保存。下次运行会从这里接着填写。\n"


class ConsoleScreen:
    """Prints messages and remembers the numbered choices a bare number refers to."""

    def __init__(self, out: TextIO, exports: Path) -> None:
        self.out = out
        self.exports = exports
        self.numbered: list[Choice] = []
        self._document: Document | None = None

    def show(self, messages: list[Message]) -> None:
        for message in messages:
            if isinstance(message, Text):
                self.out.write(self.render_text(message) + "\n\n")
            elif isinstance(message, Toast):
                self.out.write(f"（{message.text}）\n\n")
            elif isinstance(message, DraftText):
                self._document = message.document
                self.out.write("\n" + to_plain_text(message.document) + "\n\n")
            elif isinstance(message, File):
                self._write_file(message)
            elif isinstance(message, Pictures):
                pass  # the console writes the pictures beside the .docx (app.exports)
        self.out.flush()

    def render_text(self, text: Text) -> str:
        lines: list[str] = []
        if text.progress:
            lines.append(f"—— {text.progress} ——")
        lines.append(text.body)
        if text.hint:
            lines.append(f"（提示：{text.hint}）")
        choices = [choice for row in text.choices for choice in row]
        numbered = [choice for choice in choices if not choice.navigation]
        if numbered:
            self.numbered = numbered
            lines.append("  ".join(f"[{n}] {choice.label}" for n, choice in enumerate(numbered, start=1)))
        words = [choice.label for choice in choices if choice.navigation]
        if words:
            lines.append("可回复：" + " / ".join(words))
        return "\n".join(lines)

    def request_of(self, line: str) -> Request | Text:
        """A typed line as a request: a bare number picks a numbered choice, /x is a command,
        /import PATH the file at PATH (or, when it cannot be read, the Text saying why)."""
        text = line.replace("\\n", "\n")
        stripped = text.strip()
        if stripped.split(maxsplit=1)[0:1] == ["/import"]:
            return upload_of(stripped.removeprefix("/import").strip())
        if stripped.isascii() and stripped.isdigit() and 1 <= int(stripped) <= len(self.numbered):
            return Press(self.numbered[int(stripped) - 1].action)
        if stripped.startswith("/") and len(stripped) > 1:
            return Command(stripped[1:].split()[0].lower())
        return Typed(text)

    def _write_file(self, file: File) -> None:
        path = self.exports / file.name
        try:
            if file.name.endswith(".docx") and self._document is not None:
                written = write_outputs(self._document, file.data, path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(path, file.data)
                written = [path]
        except OSError as error:
            # A full disk, no permission: say what was not written; the answers are stored.
            full = error.errno in (errno.ENOSPC, errno.EDQUOT)
            why = texts.DISK_FULL if full else (error.strerror or type(error).__name__)
            self.out.write(texts.EXPORT_NOT_WRITTEN.format(path=path, why=why) + "\n\n")
            return
        for item in written:
            self.out.write(f"已生成：{item.resolve()}\n")
        self.out.write("\n")


def upload_of(name: str) -> Uploaded | Text:
    """The file at ``name`` as an upload, read only when it is within the upload limit."""
    if not name:
        return Text(texts.IMPORT_HOW)
    path = Path(name).expanduser()
    try:
        size = path.stat().st_size
        if size > LIMITS.file_bytes:
            return Text(too_large(size))
        return Uploaded(path.name, path.read_bytes())
    except OSError as error:
        return Text(texts.IMPORT_UNREADABLE.format(path=path, why=error.strerror or type(error).__name__))


async def run_console(service: InterviewService, screen: ConsoleScreen, lines: TextIO) -> None:
    """Run the interview until the input ends; every answer is stored as it is given."""
    current = await service.handle(CONSOLE_OWNER, Command("resume"))
    if current.draft is None:  # nothing to resume: keep any notice, start a new draft
        notices = [m for m in current.messages if not (isinstance(m, Text) and m.body == texts.NO_DRAFT)]
        current = await service.handle(CONSOLE_OWNER, Command("new"))
        screen.show(notices)
    screen.show(current.messages)
    loop = asyncio.get_running_loop()
    while True:
        raw = await loop.run_in_executor(None, lines.readline)
        if not raw:
            break
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        request = screen.request_of(line)
        if isinstance(request, Text):
            screen.show([request])
            continue
        outcome = await service.handle(CONSOLE_OWNER, request)
        screen.show(outcome.messages)
    screen.out.write(GOODBYE)


def run_console_app(
    settings: Settings,
    lines: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    questionnaire: Questionnaire | None = None,
    wording: Wording | None = None,
) -> int:
    try:
        store = AsyncDraftStore(open_store(settings.data_dir, database_url=settings.database()))
    except (DataDirLocked, DataDirUnusable, DatabaseUnusable) as error:
        sys.stderr.write(f"{error}\n")
        return 3
    service = InterviewService(questionnaire or load_questionnaire(), store, wording=wording)
    screen = ConsoleScreen(out, settings.data_dir / "exports")
    try:
        asyncio.run(run_console(service, screen, lines))
    finally:
        store.close()
    return 0
