"""Where each piece of the draft came from, carried as a value beside its words.

The code that writes a piece of prose says what it was built from: ``sourced(text,
paths)`` (the answers at those paths) or ``formula(text, key)`` (one of the reviewed
neutral formulas in ``FORMULAS``). The pieces travel as ``Sourced`` values through
planning and layout; drafting.prose.blocks cuts them into the Document's sentences,
each keeping its piece's sources. Nothing here guesses a source from wording: the
provenance is set where the words are written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from drafting.document import Placeholder

# Words of the draft, or a required fact that is missing (shown as 【待补充：……】).
Piece = str | Placeholder

# The reviewed neutral formulas: sentences that state no fact, so they need no answer.
FORMULAS: dict[str, str] = {
    "opening": "the opening's commitment to the work (no fact; drafting.prose.variants)",
    "report-line": "the genre's 「现将……如下：」 line",
    "closing": "the closing pledge, spoken as the unit by its name, naming the plans' topics (drafting.prose.variants, plans)",
    "sign-off": "the genre's 「特此汇报。」",
    "lead-in": "the 条目式 「关于……：」 line, named after the part",
    "salutation": "a speech's 「尊敬的各位领导、同志们：」",
}


@dataclass(frozen=True)
class Sourced:
    """A piece of prose and what it was built from: the answers at ``sources``, or the
    reviewed ``formula`` it is; with neither it is unaccounted for (the provenance test
    reports it)."""

    pieces: tuple[Piece, ...]
    sources: tuple[str, ...] = ()
    formula: str | None = None

    @property
    def text(self) -> str:
        """The words as shown, a missing fact as 【待补充：……】."""
        return pieces_text(self.pieces)

    def said(self, text: str) -> "Sourced":
        """Other words with the same provenance."""
        return Sourced((text,), self.sources, self.formula)

    def with_sources(self, *paths: str | Iterable[str]) -> "Sourced":
        return Sourced(self.pieces, _unique([*_flat(paths), *self.sources]), None)


def pieces_text(pieces: Iterable[Piece]) -> str:
    return "".join(piece if isinstance(piece, str) else piece.text for piece in pieces)


def sourced(text: str | tuple[Piece, ...] | None, *paths: str | Iterable[str]) -> Sourced | None:
    """``text`` built from the answers at ``paths``; None for no text (the piece vanishes)."""
    pieces = (text,) if isinstance(text, str) else tuple(text or ())
    if not pieces_text(pieces):
        return None
    return Sourced(pieces, _unique(_flat(paths)))


def formula(text: str | tuple[Piece, ...], key: str, *paths: str | Iterable[str]) -> Sourced | None:
    """``text`` as the reviewed neutral formula ``key``, naming the answers at ``paths``
    when it quotes some (the closing names the plans' topics); None for no text."""
    if key not in FORMULAS:
        raise KeyError(f"unreviewed formula {key!r}")
    pieces = (text,) if isinstance(text, str) else tuple(text)
    return Sourced(pieces, _unique(_flat(paths)), formula=key) if pieces_text(pieces) else None


def present(pieces: Iterable[Sourced | None]) -> list[Sourced]:
    """The pieces that carry words."""
    return [piece for piece in pieces if piece is not None and piece.text]


def sources_of(pieces: Iterable[Sourced]) -> tuple[str, ...]:
    return _unique(path for piece in pieces for path in piece.sources)


def _flat(paths: Iterable[str | Iterable[str]]) -> list[str]:
    flat: list[str] = []
    for path in paths:
        flat.extend([path] if isinstance(path, str) else list(path))
    return flat


def _unique(paths: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(path for path in paths if path))
