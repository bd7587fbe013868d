"""Parse Bot API ``parse_mode=HTML`` text the way Telegram does.

Telegram accepts only a handful of tags and four named entities; anything else is a
400 "can't parse entities". Modelled on tdlib's ``parse_html`` so a bot that passes
here passes on Telegram: tag names are case-insensitive, unknown attributes are
ignored, an ``&`` that starts no known entity stays literal text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tests.support.fakebotapi.utf16 import utf16_len

# tag name -> MessageEntity type; span / a / tg-emoji / pre / code get extra handling.
_SIMPLE_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "span": "spoiler",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES: dict[str, str] = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_NAME = re.compile(r"[A-Za-z0-9-]*")
_ATTRIBUTE = re.compile(r"""\s*([A-Za-z0-9_-]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>"']+))?""")
_ENTITY = re.compile(r"&(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z]{2,6};)")


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; ``str(error)`` is Telegram's wording."""


@dataclass
class ParsedText:
    """Plain text after entity parsing plus Telegram-shaped MessageEntity dicts."""

    text: str
    entities: list[dict[str, object]] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    offset_utf16: int
    attributes: dict[str, str]


def parse_telegram_html(source: str) -> ParsedText:
    """Return the plain text and entities of ``source`` or raise :class:`HtmlParseError`."""
    pieces: list[str] = []
    length_utf16 = 0
    stack: list[_OpenTag] = []
    entities: list[dict[str, object]] = []
    position = 0
    while position < len(source):
        char = source[position]
        if char == "&":
            decoded, consumed = _decode_entity(source, position)
            pieces.append(decoded)
            length_utf16 += utf16_len(decoded)
            position += consumed
        elif char == "<":
            if source.startswith("</", position):
                position = _close_tag(source, position, stack, entities, length_utf16)
            else:
                position = _open_tag(source, position, stack, length_utf16)
        else:
            next_special = _next_special(source, position)
            chunk = source[position:next_special]
            pieces.append(chunk)
            length_utf16 += utf16_len(chunk)
            position = next_special
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda entity: (entity["offset"], -int(entity["length"])))  # type: ignore[call-overload]
    return ParsedText("".join(pieces), entities)


def _next_special(source: str, start: int) -> int:
    """Index of the next '<' or '&' at or after ``start`` (or the end of the text)."""
    candidates = [index for index in (source.find("<", start), source.find("&", start)) if index >= 0]
    return min(candidates) if candidates else len(source)


def _decode_entity(source: str, position: int) -> tuple[str, int]:
    """Decode one HTML entity at ``position``; unknown ones stay a literal '&'."""
    match = _ENTITY.match(source, position)
    if match is None:
        return "&", 1
    body = match.group(1)[:-1]
    if body.startswith("#"):
        codepoint = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
        if 0 < codepoint <= 0x10FFFF and not 0xD800 <= codepoint <= 0xDFFF:
            return chr(codepoint), match.end() - position
        return "&", 1
    named = _NAMED_ENTITIES.get(body.lower())
    return (named, match.end() - position) if named is not None else ("&", 1)


def _byte_offset(source: str, position: int) -> int:
    return len(source[:position].encode("utf-8"))


def _open_tag(source: str, position: int, stack: list[_OpenTag], offset_utf16: int) -> int:
    name_match = _TAG_NAME.match(source, position + 1)
    assert name_match is not None  # the pattern matches the empty string
    name = name_match.group(0).lower()
    if name not in _SIMPLE_TAGS:
        raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, position)}')
    attributes: dict[str, str] = {}
    cursor = name_match.end()
    while True:
        if cursor >= len(source):
            raise HtmlParseError(f"Unclosed start tag at byte offset {_byte_offset(source, position)}")
        if source[cursor] == ">":
            break
        if source.startswith("/>", cursor):
            cursor += 1
            break
        attribute = _ATTRIBUTE.match(source, cursor)
        if attribute is None or attribute.end() == cursor:
            raise HtmlParseError(f"Unclosed start tag at byte offset {_byte_offset(source, position)}")
        value = attribute.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attributes[attribute.group(1).lower()] = value
        cursor = attribute.end()
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise HtmlParseError('Tag "span" must have class "tg-spoiler"')
    if name == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
        raise HtmlParseError('Custom emoji entity must contain a tg://emoji URL')
    stack.append(_OpenTag(name, offset_utf16, attributes))
    return cursor + 1


def _close_tag(
    source: str,
    position: int,
    stack: list[_OpenTag],
    entities: list[dict[str, object]],
    offset_utf16: int,
) -> int:
    name_match = _TAG_NAME.match(source, position + 2)
    assert name_match is not None
    name = name_match.group(0).lower()
    end = source.find(">", name_match.end())
    if end < 0 or source[name_match.end():end].strip():
        raise HtmlParseError(f"Unclosed end tag at byte offset {_byte_offset(source, position)}")
    if not stack:
        raise HtmlParseError(f'Unexpected end tag at byte offset {_byte_offset(source, position)}')
    opened = stack.pop()
    if opened.name != name:
        raise HtmlParseError(
            f'Unmatched end tag at byte offset {_byte_offset(source, position)}, '
            f'expected "</{opened.name}>", found "</{name}>"'
        )
    length = offset_utf16 - opened.offset_utf16
    if length > 0:
        entities.append(_entity_for(opened, length))
    return end + 1


def _entity_for(opened: _OpenTag, length: int) -> dict[str, object]:
    entity: dict[str, object] = {"type": _SIMPLE_TAGS[opened.name], "offset": opened.offset_utf16, "length": length}
    if opened.name == "a":
        href = opened.attributes.get("href", "")
        entity["url"] = href
    elif opened.name == "tg-emoji":
        entity["custom_emoji_id"] = opened.attributes["emoji-id"]
    elif opened.name == "pre" and "class" in opened.attributes:
        entity["language"] = opened.attributes["class"].removeprefix("language-")
    elif opened.name == "blockquote" and "expandable" in opened.attributes:
        entity["type"] = "expandable_blockquote"
    return entity
