"""Fit Telegram HTML into messages of at most ``limit`` characters.

A line is a list of styled runs. Lines are packed into messages whole; a line
that cannot fit any message is cut at sentence ends (。；！？), then at clause
marks, then between characters. Each run is escaped and wrapped in its own tags
after cutting, so a cut never falls inside a tag or an entity.
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
    """Messages of at most ``limit`` characters, split only between lines if possible."""
    if limit < MIN_LIMIT:
        raise ValueError(f"limit must be at least {MIN_LIMIT}, got {limit}")
    messages: list[str] = []
    current: list[tuple[str, bool]] = []
    for line in lines:
        for chunk in _cut_line(line, limit):
            entry = (chunk, line.keep_with_next)
            if current and telegram_length(_join(current + [entry])) > limit:
                carried = _carry_over(current)
                _flush(current, messages)
                current = carried
                if carried and telegram_length(_join(carried + [entry])) > limit:
                    _flush(current, messages)
                    current = []
            if current or chunk:
                current.append(entry)
    _flush(current, messages)
    return messages


def _join(entries: list[tuple[str, bool]]) -> str:
    return "\n".join(text for text, _ in entries)


def _carry_over(current: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Take a trailing heading off ``current`` so it opens the next message instead."""
    if len(current) > 1 and current[-1][1]:
        return [current.pop()]
    return []


def _flush(current: list[tuple[str, bool]], messages: list[str]) -> None:
    text = _join(current).strip("\n")
    if text:
        messages.append(text)


def _cut_line(line: Line, limit: int) -> Iterator[str]:
    """``line`` as one or more HTML strings, each at most ``limit`` long."""
    whole = render_runs(line.runs)
    if telegram_length(whole) <= limit:
        yield whole
        return
    chunk: list[Run] = []
    for atom in _atoms(line.runs, limit):
        if chunk and telegram_length(render_runs(chunk + [atom])) > limit:
            yield render_runs(chunk)
            chunk = []
        chunk.append(atom)
    if chunk:
        yield render_runs(chunk)


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
