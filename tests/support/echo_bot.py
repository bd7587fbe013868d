"""A bare python-telegram-bot echo bot: the yardstick for our bot's CPU per update.

    TELEGRAM_BOT_TOKEN=... BOT_API_BASE_URL=http://127.0.0.1:<port>/bot python tests/support/echo_bot.py

Long polling with PTB's own Updater (run_polling) and defaults everywhere; it reads
the same TELEGRAM_BOT_TOKEN / BOT_API_BASE_URL / BOT_API_BASE_FILE_URL as bot.py, so
the load harness starts it exactly as it starts ours. A text comes back as it was; a
button press is answered and followed by one message, as our bot answers a press.
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    await update.effective_message.reply_text(update.effective_message.text)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    await query.answer()
    await context.bot.send_message(update.effective_chat.id, f"按下了 {query.data}")


def build() -> Application:
    builder = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
    if base_url := os.environ.get("BOT_API_BASE_URL"):
        builder = builder.base_url(base_url).base_file_url(
            os.environ.get("BOT_API_BASE_FILE_URL") or base_url.replace("/bot", "/file/bot")
        )
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.add_handler(CallbackQueryHandler(pressed))
    return application


if __name__ == "__main__":
    build().run_polling(allowed_updates=Update.ALL_TYPES)
