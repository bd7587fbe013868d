#!/usr/bin/env python
"""创文总结助手: the entry point.

    python bot.py                    run the Telegram bot (long polling)
    python bot.py --webhook URL      run it behind an HTTPS webhook
    python bot.py console            the same interview in a terminal, no token needed
    python bot.py demo --out F.docx  render the built-in sample (reference 【一】)
    python bot.py migrate --from DATA_DIR --to postgresql://…   move every draft (or back)

DATABASE_URL set: drafts live in PostgreSQL, and several `--webhook` instances may
share it behind a reverse proxy (README "Scale out on PostgreSQL").

The wiring, in one picture:  adapter (tgbot/ or app/console.py) -> InterviewService
(app/service.py) -> engine (dialogs/) + store (storage/) + drafting (drafting/).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path

from pydantic import ValidationError
from telegram.error import InvalidToken

from app.logging_setup import configure_logging
from app.service import InterviewService
from app.settings import Settings
from app.tuning import tune_for_serving
from dialogs.questionnaire import Questionnaire, load_questionnaire
from dialogs.yamlfile import FileProblem
from drafting.prose.layouts import LAYOUTS
from drafting.prose.wording import TEMPLATES_DIR, Wording, load_wording
from storage.async_store import AsyncDraftStore
from storage.errors import DatabaseUnusable, DataDirLocked, DataDirUnusable, StorageUnavailable
from storage.store import open_store

log = logging.getLogger("bot")

NO_TOKEN = (
    "缺少 TELEGRAM_BOT_TOKEN：请先在 BotFather 创建机器人，并把令牌写入环境变量或 .env 文件。\n"
    "TELEGRAM_BOT_TOKEN is not set. Without a token, try: python bot.py console"
)
NO_ALLOWLIST = (
    "缺少 ALLOWED_USERS：请写明允许使用本助手的 Telegram 用户 ID（如 111,222），或写 * 向所有人开放。\n"
    "ALLOWED_USERS is not set: list the Telegram user ids allowed to use the bot, or * to open it to everyone."
)
TOKEN_REJECTED = "Telegram 拒绝了这个令牌（TELEGRAM_BOT_TOKEN 无效）。请在 BotFather 核对后重试。"
BROKEN_FILE = "问卷或措辞文件有误，程序没有启动。请按提示改正（见 README「改写措辞」）：\nA questionnaire or wording file is broken:\n{error}"
POLLER_RUNNING = (
    "这个数据库上已有另一个实例在用长轮询接收消息；两个实例同时长轮询会把同一条消息回答两次，所以本实例不启动。"
    "请只运行一个长轮询实例，或让所有实例都用 --webhook 接收（见 README「Scale out on PostgreSQL」）。\n"
    "Another instance already long-polls on this database; two pollers would answer messages twice."
    " Run one polling instance, or run every instance with --webhook."
)
# A restarted bot may find the killed one's folder lock not yet released: give it a moment.
LOCK_WAIT_S = 3.0


def load_interview(settings: Settings) -> tuple[Questionnaire, Wording]:
    """The questionnaire and the wording (WORDING_DIR, else templates/) checked against it.
    Raises FileProblem naming the file, the line and what is wrong."""
    questionnaire = load_questionnaire()
    return questionnaire, load_wording(questionnaire, settings.wording_dir or TEMPLATES_DIR)


def make_service(settings: Settings, preview_pages: int, questionnaire: Questionnaire, wording: Wording) -> InterviewService:
    """The service on its store (DATABASE_URL, else DATA_DIR), warmed up. Raises
    DatabaseUnusable, DataDirLocked, DataDirUnusable."""
    store = AsyncDraftStore(open_store(settings.data_dir, LOCK_WAIT_S, settings.database()))
    service = InterviewService(questionnaire, store, preview_pages=preview_pages, wording=wording)
    service.warm_up()
    return service


def run_bot(settings: Settings, webhook_url: str | None, questionnaire: Questionnaire, wording: Wording) -> int:
    if settings.telegram_bot_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    if settings.allowed_users is None:
        print(NO_ALLOWLIST, file=sys.stderr)
        return 2
    try:
        service = make_service(settings, settings.preview_pages, questionnaire, wording)
    except (DataDirLocked, DataDirUnusable, DatabaseUnusable) as error:
        print(str(error), file=sys.stderr)
        return 3
    lease = None
    if service.store.shared and webhook_url is None:
        # getUpdates hands each update to whichever poller asks: two would race (storage.pg_lease).
        from storage.pg_lease import PollerLease

        lease = PollerLease(settings.database() or "")
        try:
            refusal = None if lease.acquire() else POLLER_RUNNING
        except StorageUnavailable as error:
            refusal = str(DatabaseUnusable(str(error)))
        if refusal is not None:
            print(refusal, file=sys.stderr)
            service.store.close()
            return 3
    tune_for_serving()

    async def serve() -> None:
        from tgbot.run import run_telegram

        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        kept = asyncio.create_task(lease.keep(stop)) if lease is not None else None
        try:
            await run_telegram(settings, service, stop, webhook_url)
        finally:
            if kept is not None:
                kept.cancel()
            await service.store.aclose()

    try:
        asyncio.run(serve())
    except InvalidToken:
        print(TOKEN_REJECTED, file=sys.stderr)
        return 2
    finally:
        service.store.close()
        if lease is not None:
            lease.release()
    return 0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bot.py", description="创文总结助手")
    parser.add_argument("--webhook", metavar="URL", help="serve an HTTPS webhook at URL instead of long polling")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("console", help="run the interview in this terminal (no token needed)")
    demo = sub.add_parser("demo", help="render the built-in sample interview to a .docx")
    demo.add_argument("--out", type=Path, default=Path("demo.docx"), help="where to write the .docx")
    demo.add_argument("--layout", choices=sorted(LAYOUTS), default="annual", help="layout of the summary")
    migrate = sub.add_parser("migrate", help="copy every draft between a DATA_DIR and a PostgreSQL database")
    migrate.add_argument("--from", dest="source", required=True, help="DATA_DIR folder or postgresql://… URL")
    migrate.add_argument("--to", dest="target", required=True, help="DATA_DIR folder or postgresql://… URL")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        settings = Settings()
    except ValidationError as error:
        for problem in error.errors():
            print(f"设置有误 / bad setting {'.'.join(map(str, problem['loc'])).upper()}: {problem['msg']}", file=sys.stderr)
        return 2
    configure_logging(settings)
    try:
        # A broken edit stops every command here, before anything is served or written.
        questionnaire, wording = load_interview(settings)
    except FileProblem as error:
        print(BROKEN_FILE.format(error=error), file=sys.stderr)
        return 2
    if args.command == "console":
        from app.console import run_console_app

        return run_console_app(settings, questionnaire=questionnaire, wording=wording)
    if args.command == "demo":
        from app.demo import run_demo

        return run_demo(args.out, args.layout, wording)
    if args.command == "migrate":
        from app.migrate_command import run_migrate

        return run_migrate(args.source, args.target)
    return run_bot(settings, args.webhook, questionnaire, wording)


if __name__ == "__main__":
    sys.exit(main())
