"""What a clerk can press, as values, and the one codec that writes them into buttons.

Every button the bot shows carries one Action. Telegram needs it as callback_data (a
short ASCII string, at most 64 bytes); the console keeps the value itself. Decoding is
total: anything the bot could not have written (forged, truncated, from an older
version) decodes to None and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage.models import DRAFT_ID_PATTERN


@dataclass(frozen=True)
class Answer:
    """An engine button (a choice, 跳过, 完成 …) of the question shown at ``turn``."""

    draft_id: str
    turn: int
    action: str  # a dialogs.replies.Button.action


@dataclass(frozen=True)
class OpenDraft:
    draft_id: str


@dataclass(frozen=True)
class NewDraft:
    pass


@dataclass(frozen=True)
class StartFrom:
    draft_id: str  # the earlier draft a new one starts from (its facts checked, its plans asked)


@dataclass(frozen=True)
class ResumeDraft:
    pass


@dataclass(frozen=True)
class SetLayout:
    draft_id: str  # the draft the menu was shown for: a menu left from another draft is stale
    layout: str


@dataclass(frozen=True)
class SetGenre:
    draft_id: str  # as for SetLayout
    choice: int  # the index of the genre among the questionnaire's choices


@dataclass(frozen=True)
class ConfirmDelete:
    draft_id: str


@dataclass(frozen=True)
class CancelDelete:
    pass


@dataclass(frozen=True)
class DraftsPage:
    page: int


@dataclass(frozen=True)
class UseImport:
    """「用这份」: start a new draft from the document read for 核对 under ``token``."""

    token: str


@dataclass(frozen=True)
class DropImport:
    """「不用」: forget the document read under ``token``."""

    token: str


Action = Answer | OpenDraft | NewDraft | StartFrom | ResumeDraft | SetLayout | SetGenre | ConfirmDelete | CancelDelete | DraftsPage
Action = Action | UseImport | DropImport
IMPORT_TOKEN = r"[a-z0-9]{8}"

_ID = DRAFT_ID_PATTERN.strip("^$")
_PATTERNS: list[tuple[re.Pattern[str], type]] = [
    (re.compile(rf"q:({_ID}):(0|[1-9][0-9]{{0,8}}):([a-z]+[0-9]*)"), Answer),
    (re.compile(rf"d:({_ID})"), OpenDraft),
    (re.compile(r"n"), NewDraft),
    (re.compile(rf"s:({_ID})"), StartFrom),
    (re.compile(r"r"), ResumeDraft),
    (re.compile(rf"l:({_ID}):([a-z]{{1,16}})"), SetLayout),
    (re.compile(rf"x:({_ID})"), ConfirmDelete),
    (re.compile(r"xn"), CancelDelete),
    (re.compile(r"p:(0|[1-9][0-9]{0,3})"), DraftsPage),
    (re.compile(rf"k:({_ID}):([0-9])"), SetGenre),
    (re.compile(rf"iu:({IMPORT_TOKEN})"), UseImport),
    (re.compile(rf"ix:({IMPORT_TOKEN})"), DropImport),
]


def encode(action: Action) -> str:
    """callback_data for ``action``: ASCII, at most ~40 bytes (Telegram allows 64)."""
    match action:
        case Answer(draft_id, turn, name):
            return f"q:{draft_id}:{turn}:{name}"
        case OpenDraft(draft_id):
            return f"d:{draft_id}"
        case NewDraft():
            return "n"
        case StartFrom(draft_id):
            return f"s:{draft_id}"
        case ResumeDraft():
            return "r"
        case SetLayout(draft_id, layout):
            return f"l:{draft_id}:{layout}"
        case ConfirmDelete(draft_id):
            return f"x:{draft_id}"
        case CancelDelete():
            return "xn"
        case DraftsPage(page):
            return f"p:{page}"
        case SetGenre(draft_id, choice):
            return f"k:{draft_id}:{choice}"
        case UseImport(token):
            return f"iu:{token}"
        case DropImport(token):
            return f"ix:{token}"
    raise TypeError(f"not an action: {action!r}")


def decode(data: str) -> Action | None:
    """The action ``data`` encodes, or None for anything ``encode`` could not have written."""
    for pattern, kind in _PATTERNS:
        match = pattern.fullmatch(data)
        if match is None:
            continue
        if kind is Answer:
            draft_id, turn, name = match.groups()
            if len(name) > 16:
                return None
            return Answer(draft_id, int(turn), name)
        if kind is DraftsPage:
            return DraftsPage(int(match.group(1)))
        if kind is SetGenre:
            return SetGenre(match.group(1), int(match.group(2)))
        return kind(*match.groups())
    return None
