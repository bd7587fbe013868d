"""After a load run: is everything the clerks said stored, once, in the drafts they meant?

Three promises, checked on the disk (a fresh store, no cache of the bot's):
- lost: an answer the bot acknowledged (it asked the next question) is missing from the
  draft it was given in; or a text the clerk typed is stored nowhere although Telegram
  had it confirmed (getUpdates passed its offset, so it will never be sent again); or a
  /new the clerk sent made no draft; or an answer Telegram had confirmed was dropped: the
  clerk heard nothing, nudged the bot, and was asked the same question again.
- doubled: a typed text or list item is stored in more than one place (a redelivered
  update applied a second time, for example to the next question).
- duplicate drafts: more drafts than the clerk sent /new (a redelivered /new).
Typed texts carry the clerk's serial number, so each one is unique within a clerk.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dialogs.answers import Answer, GroupAnswer, ListAnswer, TextAnswer
from storage.models import Draft
from storage.store import open_store


@dataclass
class Acknowledged:
    """An answer the bot acknowledged by asking the next question: it must be stored."""

    question_id: str
    group_id: str | None
    typed: str | None  # the text typed, for text answers that must be stored verbatim
    items: list[str] | None = None  # list items typed, which must be stored once each
    draft_id: str | None = None  # the draft whose question was answered (None: the newest)


@dataclass
class Typed:
    """A text or list the clerk sent as one update: each piece must be stored exactly once."""

    update_id: int
    pieces: list[str]


@dataclass
class ClerkRecord:
    """What one clerk said during a run, to check against storage."""

    user_id: int
    acknowledged: list[Acknowledged] = field(default_factory=list)
    typed: list[Typed] = field(default_factory=list)
    news: int = 0  # /new commands sent
    dropped: list[int] = field(default_factory=list)  # answers the bot asked again after a nudge


@dataclass
class StorageCheck:
    lost_acknowledged: int = 0
    lost_messages: int = 0  # confirmed texts stored nowhere
    lost_news: int = 0  # /new that made no draft
    lost_dropped: int = 0  # confirmed answers asked again after a nudge (texts counted above excepted)
    doubled: int = 0
    duplicate_drafts: int = 0
    missing: list[str] = field(default_factory=list)  # a line per problem, for the report
    lost_message_ids: set[int] = field(default_factory=set)  # update_ids behind lost_messages

    @property
    def lost(self) -> int:
        return self.lost_acknowledged + self.lost_messages + self.lost_news + self.lost_dropped


def check_storage(
    data_dir: Path, clerks: list[ClerkRecord], confirmed: set[int], database_url: str | None = None
) -> StorageCheck:
    """Check every clerk's drafts on disk (or in PostgreSQL when ``database_url``);
    ``confirmed`` holds the update_ids Telegram confirmed."""
    check = StorageCheck()
    store = open_store(data_dir, database_url=database_url)
    try:
        for clerk in clerks:
            _check_clerk(check, store.list_by_owner(clerk.user_id), clerk, confirmed)
    finally:
        store.close()
    return check


def _check_clerk(check: StorageCheck, drafts: list[Draft], clerk: ClerkRecord, confirmed: set[int]) -> None:
    who = f"clerk {clerk.user_id}"
    if len(drafts) > clerk.news:
        check.duplicate_drafts += len(drafts) - clerk.news
        check.missing.append(f"{who}: {len(drafts)} drafts from {clerk.news} /new")
    elif len(drafts) < clerk.news:
        check.lost_news += clerk.news - len(drafts)
        check.missing.append(f"{who}: {len(drafts)} drafts from {clerk.news} /new")
    by_id = {draft.id: draft for draft in drafts}
    newest_wins: dict[str, Answer] = {}
    for draft in reversed(drafts):
        newest_wins.update(draft.state.answers)
    for ack in clerk.acknowledged:
        draft = by_id.get(ack.draft_id) if ack.draft_id else None
        answers = draft.state.answers if draft is not None else ({} if ack.draft_id else newest_wins)
        stored = _stored(answers, ack)
        if not stored:
            check.lost_acknowledged += 1
            check.missing.append(f"{who}: {ack.question_id} not stored in draft {ack.draft_id}")
        elif ack.typed is not None and not any(isinstance(a, TextAnswer) and a.text == ack.typed for a in stored):
            check.lost_acknowledged += 1
            check.missing.append(f"{who}: {ack.question_id} typed {ack.typed!r}, stored {stored}")
    # List items typed but not yet closed with 完成 are stored too (the draft's pending
    # items, shown with its question when the clerk comes back to it).
    pieces = Counter(piece for draft in drafts for answer in draft.state.answers.values() for piece in _pieces(answer))
    pieces.update(piece for draft in drafts for piece in draft.state.pending)
    for typed in clerk.typed:
        for piece in typed.pieces:
            if pieces[piece] > 1:
                check.doubled += pieces[piece] - 1
                check.missing.append(f"{who}: {piece!r} stored {pieces[piece]} times")
        if typed.update_id in confirmed and not any(pieces[piece] for piece in typed.pieces):
            check.lost_messages += 1
            check.lost_message_ids.add(typed.update_id)
            check.missing.append(f"{who}: update {typed.update_id} confirmed, {typed.pieces} stored nowhere")
    for update_id in clerk.dropped:
        if update_id in confirmed and update_id not in check.lost_message_ids:
            check.lost_dropped += 1
            check.missing.append(f"{who}: update {update_id} confirmed, then its question was asked again")


def _stored(answers: dict[str, Answer], ack: Acknowledged) -> list[Answer]:
    if ack.group_id is None:
        answer = answers.get(ack.question_id)
        return [answer] if answer is not None else []
    group = answers.get(ack.group_id)
    if not isinstance(group, GroupAnswer):
        return []
    return [item[ack.question_id] for item in group.items if ack.question_id in item]


def _pieces(answer: Answer) -> Iterator[str]:
    """Every text and list item inside an answer, group entries included."""
    if isinstance(answer, TextAnswer):
        yield answer.text
    elif isinstance(answer, ListAnswer):
        yield from answer.items
    elif isinstance(answer, GroupAnswer):
        for item in answer.items:
            for inner in item.values():
                yield from _pieces(inner)
