"""The Bot API methods the fake server implements, with Telegram's validation and errors.

Each handler takes the bot's world, the decoded parameters and the uploaded files and
returns the JSON ``result`` Telegram would return, or raises :class:`ApiError`.
Method names are matched case-insensitively, as Telegram does.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from tests.support.fakebotapi.chats import Chat, ChatMessage, SentFile
from tests.support.fakebotapi.params import Upload
from tests.support.fakebotapi.telegram_html import HtmlParseError, parse_telegram_html
from tests.support.fakebotapi.updates import PollConflict
from tests.support.fakebotapi.utf16 import utf16_len
from tests.support.fakebotapi.world import ApiError, BotWorld, bad_request, file_dict

Params = dict[str, Any]
Uploads = dict[str, Upload]
Handler = Callable[[BotWorld, Params, Uploads], Awaitable[Any]]

MESSAGE_LIMIT = 4096  # characters (code points) after entity parsing
CAPTION_LIMIT = 1024
CALLBACK_DATA_MAX_BYTES = 64
CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    }
)
_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"

METHODS: dict[str, Handler] = {}  # lower-cased method name -> handler
CANONICAL_NAMES: dict[str, str] = {}  # lower-cased method name -> Bot API spelling, for the call log


def bot_method(name: str) -> Callable[[Handler], Handler]:
    """Register a handler under the lower-cased Bot API method name."""

    def register(handler: Handler) -> Handler:
        METHODS[name.lower()] = handler
        CANONICAL_NAMES[name.lower()] = name
        return handler

    return register


# --- parameter helpers -------------------------------------------------------------------


def _required(params: Params, name: str) -> Any:
    value = params.get(name)
    if value is None or value == "":
        raise bad_request(f"{name} is empty")
    return value


def _as_int(params: Params, name: str, default: int | None = None) -> int:
    value = params.get(name, default)
    if isinstance(value, bool) or value is None:
        raise bad_request(f"{name} is empty")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {name} specified") from None


def _as_bool(params: Params, name: str) -> bool:
    value = params.get(name, False)
    return value in (True, 1, "true", "True", "1")


def _chat(world: BotWorld, params: Params) -> Chat:
    """The chat named by chat_id (an id or @username) that the bot may write to."""
    raw = _required(params, "chat_id")
    chat: Chat | None = None
    if isinstance(raw, str) and raw.startswith("@"):
        chat = world.chats.find_by_username(raw[1:])
    else:
        try:
            chat = world.chats.get(int(raw))
        except (TypeError, ValueError):
            chat = None
    if chat is None:
        raise bad_request("chat not found")
    if chat.info["type"] == "private" and chat.info["id"] in world.blocked_by:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    return chat


def _message(chat: Chat, params: Params, missing: str) -> ChatMessage:
    message = chat.messages.get(_as_int(params, "message_id"))
    if message is None or message.deleted:
        raise bad_request(missing)
    return message


def formatted_text(text: Any, parse_mode: Any, entities: Any, limit: int, too_long: str) -> tuple[str, list[dict[str, Any]]]:
    """Apply parse_mode like Telegram: parse, strip surrounding whitespace, check length.

    Only HTML is validated; Markdown/MarkdownV2 text is kept as sent (the project uses HTML).
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if parse_mode in (None, ""):
        plain, found = text, list(entities) if isinstance(entities, list) else []
    elif str(parse_mode).lower() == "html":
        try:
            parsed = parse_telegram_html(text)
        except HtmlParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
        plain, found = parsed.text, parsed.entities
    elif str(parse_mode).lower() in ("markdown", "markdownv2"):
        plain, found = text, []
    else:
        raise bad_request("unsupported parse_mode")
    stripped = plain.strip()
    if stripped and stripped != plain:
        shift = utf16_len(plain[: len(plain) - len(plain.lstrip())])
        size = utf16_len(stripped)
        found = [
            entity | {"offset": max(0, entity["offset"] - shift), "length": min(entity["length"], size - max(0, entity["offset"] - shift))}
            for entity in found
            if entity["offset"] - shift < size and entity["offset"] + entity["length"] - shift > 0
        ]
    if len(stripped) > limit:
        raise bad_request(too_long)
    return stripped, found


def validate_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Check reply_markup like Telegram and return it, or None when absent."""
    if markup is None or markup == "":
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
        for row in rows:
            for button in row:
                _validate_inline_button(button)
        return markup
    if any(key in markup for key in ("keyboard", "remove_keyboard", "force_reply")):
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text must be a String")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_MAX_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    elif "url" in button:
        if not str(button["url"]).startswith(("http://", "https://", "tg://")):
            raise bad_request("BUTTON_URL_INVALID")
    elif not any(key in button for key in ("web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay")):
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")


def _inline_markup_only(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a sent message keeps: only inline keyboards belong to the message itself."""
    return markup if markup is not None and "inline_keyboard" in markup else None


def _file(world: BotWorld, params: Params, uploads: Uploads, name: str, kind: str) -> SentFile:
    """The file a send* call carries: an upload, an attach:// reference or a known file_id."""
    value = params.get(name)
    upload = uploads.get(name)
    if upload is None and isinstance(value, str) and value.startswith("attach://"):
        upload = uploads.get(value.removeprefix("attach://"))
        if upload is None:
            raise bad_request(f"can't find attached file \"{value.removeprefix('attach://')}\"")
    if upload is not None:
        if not upload.data:
            raise bad_request("file must be non-empty")
        return world.new_file(upload.filename, upload.data, upload.content_type, kind)
    if isinstance(value, str) and value in world.files:
        return world.files[value]
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        raise bad_request("failed to get HTTP URL content")  # the fake has no internet, like the tests
    if value in (None, ""):
        raise bad_request(f"there is no {name} in the request")
    raise bad_request("wrong file identifier/HTTP URL specified")


def _notify(world: BotWorld, chat: Chat, method: str, message: ChatMessage) -> None:
    world.chats.record_bot_event(chat, method, message, time.perf_counter())


# --- identity, polling, webhook, commands ------------------------------------------------------


@bot_method("getMe")
async def get_me(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    return world.bot_user()


@bot_method("getUpdates")
async def get_updates(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    if world.webhook.get("url"):
        raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
    offset = params.get("offset")
    limit = min(100, max(1, _as_int(params, "limit", 100)))
    timeout = float(params.get("timeout") or 0)
    allowed = params.get("allowed_updates")
    try:
        ready = await world.feed.get_updates(
            int(offset) if offset not in (None, "") else None, limit, timeout, allowed if isinstance(allowed, list) else None
        )
    except PollConflict:
        raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running") from None
    return [{"update_id": update.update_id, update.kind: update.body} for update in ready]


@bot_method("deleteWebhook")
async def delete_webhook(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    world.webhook.clear()
    if _as_bool(params, "drop_pending_updates"):
        world.feed.drop_pending()
    return True


@bot_method("setWebhook")
async def set_webhook(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    url = params.get("url") or ""
    if url and not str(url).startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if _as_bool(params, "drop_pending_updates"):
        world.feed.drop_pending()
    world.webhook.clear()
    if url:
        world.webhook.update(url=url, secret_token=params.get("secret_token"), allowed_updates=params.get("allowed_updates"))
    return True


@bot_method("getWebhookInfo")
async def get_webhook_info(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    info: dict[str, Any] = {
        "url": world.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": world.feed.pending_count,
    }
    if world.webhook.get("url"):
        info["max_connections"] = 40
    return info


def _commands_key(params: Params) -> tuple[str, str]:
    scope = params.get("scope")
    scope_type = scope.get("type", "default") if isinstance(scope, dict) else "default"
    return scope_type, str(params.get("language_code") or "")


@bot_method("setMyCommands")
async def set_my_commands(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    commands = params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        name = command.get("command", "") if isinstance(command, dict) else ""
        if not (1 <= len(name) <= 32 and all(c.islower() or c.isdigit() or c == "_" for c in name) and name.isascii()):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    world.commands[_commands_key(params)] = [{"command": c["command"], "description": c["description"]} for c in commands]
    return True


@bot_method("getMyCommands")
async def get_my_commands(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    return world.commands.get(_commands_key(params), [])


@bot_method("deleteMyCommands")
async def delete_my_commands(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    world.commands.pop(_commands_key(params), None)
    return True


# --- messages ----------------------------------------------------------------------------------


@bot_method("sendMessage")
async def send_message(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    chat = _chat(world, params)
    text, entities = formatted_text(params.get("text"), params.get("parse_mode"), params.get("entities"), MESSAGE_LIMIT, "message is too long")
    if not text:
        raise bad_request("message text is empty")
    markup = _inline_markup_only(validate_reply_markup(params.get("reply_markup")))
    message = world.chats.add_message(chat, "bot", text=text, entities=entities, reply_markup=markup)
    _notify(world, chat, "sendMessage", message)
    return world.message_dict(message)


_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)


def _editable_message(world: BotWorld, params: Params) -> tuple[Chat, ChatMessage]:
    """The bot's own message that an edit* call names, or Telegram's error."""
    if params.get("inline_message_id"):
        raise bad_request("inline messages are not supported by this fake server")
    chat = _chat(world, params)
    message = _message(chat, params, "message to edit not found")
    if message.sender != "bot":
        raise bad_request("message can't be edited")
    return chat, message


def _apply_edit(world: BotWorld, chat: Chat, message: ChatMessage, method: str, changes: dict[str, Any]) -> Any:
    """Change the message's fields, refusing an edit that changes nothing (as Telegram does)."""
    if all(getattr(message, name) == value for name, value in changes.items()):
        raise bad_request(_NOT_MODIFIED)
    for name, value in changes.items():
        setattr(message, name, value)
    message.edit_count += 1
    _notify(world, chat, method, message)
    return world.message_dict(message)


@bot_method("editMessageText")
async def edit_message_text(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    chat, message = _editable_message(world, params)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    text, entities = formatted_text(params.get("text"), params.get("parse_mode"), params.get("entities"), MESSAGE_LIMIT, "MESSAGE_TOO_LONG")
    if not text:
        raise bad_request("message text is empty")
    # Like Telegram: an edit without reply_markup removes the inline keyboard.
    markup = _inline_markup_only(validate_reply_markup(params.get("reply_markup")))
    return _apply_edit(world, chat, message, "editMessageText", {"text": text, "entities": entities, "reply_markup": markup})


@bot_method("editMessageReplyMarkup")
async def edit_message_reply_markup(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    chat, message = _editable_message(world, params)
    markup = _inline_markup_only(validate_reply_markup(params.get("reply_markup")))
    return _apply_edit(world, chat, message, "editMessageReplyMarkup", {"reply_markup": markup})


@bot_method("deleteMessage")
async def delete_message(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    chat = _chat(world, params)
    message = _message(chat, params, "message to delete not found")
    message.deleted = True
    return True


@bot_method("answerCallbackQuery")
async def answer_callback_query(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    query = world.callback_queries.get(str(_required(params, "callback_query_id")))
    if query is None or query.answered:
        raise bad_request(_QUERY_INVALID)
    query.answered = True
    query.answer_text = params.get("text")
    return True


@bot_method("sendChatAction")
async def send_chat_action(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    _chat(world, params)
    if params.get("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def _attach(message: ChatMessage, field_name: str, stored: SentFile) -> None:
    """Put the file on the message, remembering which message carried it."""
    setattr(message, field_name, SentFile(stored.file_id, stored.filename, stored.data, stored.mime_type, message.message_id))


# --- files ------------------------------------------------------------------------------------


async def _send_file(world: BotWorld, params: Params, uploads: Uploads, kind: str, method: str) -> Any:
    chat = _chat(world, params)
    stored = _file(world, params, uploads, kind, kind)
    caption, entities = formatted_text(
        params.get("caption"), params.get("parse_mode"), params.get("caption_entities"), CAPTION_LIMIT, "message caption is too long"
    )
    markup = _inline_markup_only(validate_reply_markup(params.get("reply_markup")))
    message = world.chats.add_message(chat, "bot", caption=caption or None, entities=entities, reply_markup=markup)
    _attach(message, kind, stored)
    _notify(world, chat, method, message)
    return world.message_dict(message)


@bot_method("sendDocument")
async def send_document(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    return await _send_file(world, params, uploads, "document", "sendDocument")


@bot_method("sendPhoto")
async def send_photo(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    return await _send_file(world, params, uploads, "photo", "sendPhoto")


@bot_method("sendMediaGroup")
async def send_media_group(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    chat = _chat(world, params)
    media = params.get("media")
    if not isinstance(media, list):
        raise bad_request("can't parse media JSON object")
    if not 2 <= len(media) <= 10:
        raise bad_request("wrong number of messages in the media group")
    prepared: list[tuple[str, SentFile, str, list[dict[str, Any]]]] = []
    for item in media:
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in ("photo", "document", "video", "audio"):
            raise bad_request("can't parse InputMedia: unsupported media type")
        stored = _file(world, {"media": item.get("media")}, uploads, "media", kind)
        caption, entities = formatted_text(
            item.get("caption"), item.get("parse_mode"), item.get("caption_entities"), CAPTION_LIMIT, "message caption is too long"
        )
        prepared.append((kind if kind in ("photo", "document") else "document", stored, caption, entities))
    group_id = uuid.uuid4().hex[:16]
    results = []
    for field_name, stored, caption, entities in prepared:
        message = world.chats.add_message(chat, "bot", caption=caption or None, entities=entities, media_group_id=group_id)
        _attach(message, field_name, stored)
        _notify(world, chat, "sendMediaGroup", message)
        results.append(world.message_dict(message))
    return results


@bot_method("getFile")
async def get_file(world: BotWorld, params: Params, uploads: Uploads) -> Any:
    stored = world.files.get(str(_required(params, "file_id")))
    if stored is None:
        raise bad_request("invalid file_id")
    return file_dict(stored) | {"file_path": f"{stored.file_id}/{stored.filename}"}
