"""Fit Telegram HTML into messages of at most ``limit`` characters.

A line (title, heading, paragraph) is a list of styled runs. Lines go into
messages whole, and a heading is carried over to open the next message rather
than end one. Only a line too long for any message is cut: it fills the current
message and goes on in the next ones, cut at sentence ends (。；！？), failing
that at clause marks, failing that between characters. Runs are escaped and
wrapped in their own tags after cutting, so no cut falls inside a tag or entity.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Iterator

MIN_LIMIT = 32  # room for the tags and indent around at least one character

_SENTENCE_END = re.compile(r"(?<=[。；！？])(?![。；！？”’」』）])")
_CLAUSE_END = re.compile(r"(?<=[，、：,])")


@dataclass(frozen=True)
class Run:
    text: str
    tags: tuple[str, ...] = ()  # e.g. ("b",), ("u",), ("b", "u")


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    keep_with_next: bool = False  # a heading should not end a message


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (astral characters count 2)."""
    return len(text.encode("utf-16-le")) // 2


def render_runs(runs: list[Run] | tuple[Run, ...]) -> str:
    """HTML of ``runs``, neighbouring runs of the same style sharing their tags."""
    parts: list[str] = []
    for tags, text in _merge_same_style(runs):
        opening = "".join(f"<{tag}>" for tag in tags)
        closing = "".join(f"</{tag}>" for tag in reversed(tags))
        parts.append(f"{opening}{html.escape(text, quote=False)}{closing}")
    return "".join(parts)


def pack_messages(lines: list[Line], limit: int) -> list[str]:
    """Messages of at most ``limit`` characters, split between lines wherever possible."""
    if limit < MIN_LIMIT:
        raise ValueError(f"limit must be at least {MIN_LIMIT}, got {limit}")
    messages: list[str] = []
    current: list[_Entry] = []
    for line in lines:
        whole = render_runs(line.runs)
        if not current and not whole:
            continue  # no message opens with a blank line
        if telegram_length(_join(current + [(whole, False)])) <= limit:
            current.append((whole, line.keep_with_next))
        elif telegram_length(whole) <= limit:
            current = _next_message(current, messages)
            if telegram_length(_join(current + [(whole, False)])) > limit:
                current = _flushed(current, messages)
            current.append((whole, line.keep_with_next))
        else:
            current = _append_cut_line(line, current, messages, limit)
    _flushed(current, messages)
    return messages


_Entry = tuple[str, bool]  # rendered line, keep it with the next line


def _append_cut_line(line: Line, current: list[_Entry], messages: list[str], limit: int) -> list[_Entry]:
    """Cut a line too long for any message: fill the current message, then whole ones."""
    first, rest = _cut_line(line, _room(current, limit), limit)
    if not first:
        current = _next_message(current, messages)
        first, rest = _cut_line(line, _room(current, limit), limit)
    if not first:
        current = _flushed(current, messages)
        first, rest = _cut_line(line, limit, limit)
    current.append((first, False))
    for chunk in rest:
        current = _flushed(current, messages)
        current.append((chunk, False))
    return current


def _room(current: list[_Entry], limit: int) -> int:
    if not current:
        return limit
    return limit - telegram_length(_join(current)) - 1  # 1 for the joining newline


def _join(entries: list[_Entry]) -> str:
    return "\n".join(text for text, _ in entries)


def _next_message(current: list[_Entry], messages: list[str]) -> list[_Entry]:
    """Close ``current`` but carry its trailing headings over to open the next message."""
    last_kept = max((i for i, (_, keep) in enumerate(current) if not keep), default=-1)
    if last_kept < 0:
        return _flushed(current, messages)
    _flushed(current[: last_kept + 1], messages)
    return current[last_kept + 1 :]


def _flushed(current: list[_Entry], messages: list[str]) -> list[_Entry]:
    """Close ``current`` as a message (if it has text); return a fresh, empty one."""
    text = _join(current).strip("\n")
    if text:
        messages.append(text)
    return []


def _cut_line(line: Line, first_budget: int, limit: int) -> tuple[str, list[str]]:
    """``line`` cut into a first piece of at most ``first_budget`` (may be empty) and
    further pieces of at most ``limit``."""
    chunks: list[str] = []
    chunk: list[Run] = []
    for atom in _atoms(line.runs, limit):
        budget = limit if chunks else first_budget
        if telegram_length(render_runs(chunk + [atom])) > budget:
            chunks.append(render_runs(chunk))
            chunk = []
        chunk.append(atom)
    chunks.append(render_runs(chunk))
    return chunks[0], chunks[1:]


def _atoms(runs: tuple[Run, ...], limit: int) -> Iterator[Run]:
    """The smallest pieces a line may be cut into, each short enough on its own."""
    for run in runs:
        for sentence in _split_keep(run.text, _SENTENCE_END):
            yield from _fit(Run(sentence, run.tags), limit)


def _fit(run: Run, limit: int) -> Iterator[Run]:
    if telegram_length(render_runs([run])) <= limit:
        yield run
        return
    clauses = _split_keep(run.text, _CLAUSE_END)
    if len(clauses) > 1:
        for clause in clauses:
            yield from _fit(Run(clause, run.tags), limit)
        return
    yield from _cut_characters(run, limit)


def _cut_characters(run: Run, limit: int) -> Iterator[Run]:
    budget = limit - _tag_overhead(run.tags)
    piece, used = "", 0
    for character in run.text:
        size = telegram_length(html.escape(character, quote=False))
        if piece and used + size > budget:
            yield Run(piece, run.tags)
            piece, used = "", 0
        piece, used = piece + character, used + size
    if piece:
        yield Run(piece, run.tags)


def _tag_overhead(tags: tuple[str, ...]) -> int:
    return sum(len(f"<{tag}></{tag}>") for tag in tags)


def _split_keep(text: str, boundary: re.Pattern[str]) -> list[str]:
    return [piece for piece in boundary.split(text) if piece]


def _merge_same_style(runs: list[Run] | tuple[Run, ...]) -> list[tuple[tuple[str, ...], str]]:
    merged: list[tuple[tuple[str, ...], str]] = []
    for run in runs:
        if not run.text:
            continue
        if merged and merged[-1][0] == run.tags:
            merged[-1] = (run.tags, merged[-1][1] + run.text)
        else:
            merged.append((run.tags, run.text))
    return merged
