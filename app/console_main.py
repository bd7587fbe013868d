"""`python bot.py console`: the terminal chat, saving every answer to DATA_DIR like the bot does."""

from __future__ import annotations

import sys

from app.exports import write_outputs
from app.service import build_draft
from app.settings import Settings
from dialogs.questionnaire import load_questionnaire
from dialogs.state import InterviewState
from drafting.text_writer import to_plain_text
from storage.errors import DataDirLocked, DraftCorrupt
from storage.models import Draft, utc_now
from storage.store import open_store

CONSOLE_OWNER = 0  # the console has one clerk; Telegram owners are real user ids


def run_console_app(settings: Settings) -> int:
    from app.console import run_console

    questionnaire = load_questionnaire()
    try:
        store = open_store(settings.data_dir)
    except DataDirLocked as exc:
        sys.stderr.write(f"{exc}\n")
        return 3
    try:
        draft = store.active_for(CONSOLE_OWNER) or store.create(
            CONSOLE_OWNER, questionnaire.id, questionnaire.version, utc_now()
        )
        if store.take_damaged(CONSOLE_OWNER):  # moved aside and logged by the store
            print(DraftCorrupt.user_message)
        holder: dict[str, Draft] = {"draft": draft}

        def save_state(state: InterviewState) -> None:
            current = holder["draft"]
            if state == current.state:
                return
            holder["draft"] = current.model_copy(update={"state": state, "updated_at": utc_now()})
            store.save(holder["draft"])

        def on_draft(state: InterviewState) -> None:
            built = build_draft(questionnaire, holder["draft"].model_copy(update={"state": state}))
            path = settings.data_dir / "exports" / built.document.file_name
            written = write_outputs(built.document, built.docx, path)
            sys.stdout.write("\n" + to_plain_text(built.document) + "\n\n")
            for file in written:
                sys.stdout.write(f"已生成：{file.resolve()}\n")
            if built.document.missing:
                sys.stdout.write(f"还有 {built.document.missing} 项必填内容待补充，文中已用【待补充】标出。\n")
            sys.stdout.write("\n")

        run_console(
            questionnaire,
            load_state=lambda: holder["draft"].state,
            save_state=save_state,
            on_draft=on_draft,
            input_stream=sys.stdin,
            output_stream=sys.stdout,
        )
        return 0
    finally:
        store.close()
