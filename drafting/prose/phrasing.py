"""Chinese phrasing helpers: joins, 「一是……；二是……」 series, clauses that vanish.

They carry the one rule that keeps a draft clean: a clause whose facts are missing
disappears with its words. ``fill`` returns "" when any fact is missing and
``sentence`` joins what is left with 「，」 and ends it with 「。」, or returns "" so
the sentence vanishes. Facts arrive already converted to text by drafting.prose.facts
(numbers as 300余人次, dates as 2019年12月2日, lists as lists).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Mapping, Sequence

import cn2an

from dialogs.answers import DateAnswer, NumberAnswer, format_decimal
from drafting.document import Placeholder
from drafting.prose.provenance import Piece, Sourced, sources_of
from drafting.prose.typography import strip_trailing_punctuation, tidy_item
from drafting.prose.wording import Pattern, Slot


def cn_ordinal(number: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 100 -> 一百, 101 -> 一百零一: any count a clerk can list."""
    return cn2an.an2cn(number)


def is_missing(value: Any) -> bool:
    """None, False, "" and empty lists are missing; 0 said by the clerk is a fact ("0条")."""
    if value is None or value is False:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)):
        return not any(not is_missing(item) for item in value)
    return False


def present(items: Iterable[Any] | None) -> list[str]:
    """The items that carry something, tidied for joining (no trailing punctuation)."""
    if items is None:
        return []
    return [tidied for item in items if not is_missing(item) and (tidied := tidy_item(str(item)))]


def join_cn(items: Iterable[Any]) -> str:
    """a / a和b / a、b和c."""
    kept = present(items)
    if len(kept) <= 1:
        return "".join(kept)
    return "、".join(kept[:-1]) + "和" + kept[-1]


def join_list(items: Iterable[Any], separator: str = "、") -> str:
    """Items joined with a plain separator (、 or ；), no 和."""
    return separator.join(present(items))


def enumerate_cn(items: Iterable[Any] | None, lead: str = "", end: str = "。") -> str:
    """「一是……；二是……；三是……。」; one item is written plainly, no 「一是」."""
    kept = present(items)
    if not kept:
        return ""
    if len(kept) == 1:
        return f"{lead}{kept[0]}{end}"
    return lead + "；".join(f"{cn_ordinal(index)}是{item}" for index, item in enumerate(kept, start=1)) + end


def series(items: Iterable[Sourced], lead: str = "", end: str = "。") -> Sourced | None:
    """The items as one 「一是……；二是……。」 sentence carrying the sources of all of them."""
    kept = _tidied(items)
    text = enumerate_cn([tidied for tidied, _ in kept], lead, end)
    return Sourced((text,), sources_of(item for _, item in kept)) if text else None


def numbered_paragraphs(items: Sequence[Sourced | Sequence[Sourced]], end: str = "。", subject: str = "") -> list[list[Sourced]]:
    """One paragraph per item, 「一是……。」「二是……。」; a single item has no 「一是」.

    An item is one piece or a planned paragraph of several (drafting.prose.paragraphs):
    each sentence of it keeps its own sources. After a number the job comes first: the
    unit (``subject``, 我镇) is not said again at the start of every point.
    """
    paragraphs = [[item] if isinstance(item, Sourced) else list(item) for item in items]
    kept = [(tidied, paragraph) for paragraph in paragraphs if (tidied := tidy_item(_text(paragraph)))]
    numbered: list[list[Sourced]] = []
    for index, (tidied, paragraph) in enumerate(kept, start=1):
        ordinal = f"{cn_ordinal(index)}是" if len(kept) > 1 else ""
        cut = len(subject) if ordinal and subject and paragraph[0].text.startswith(subject) and len(paragraph[0].text) > len(subject) + 4 else 0
        if len(paragraph) > 1:
            first, *middle, last = paragraph
            numbered.append([first.said(ordinal + first.text[cut:]), *middle, last.said(strip_trailing_punctuation(last.text) + end)])
        else:
            numbered.append([paragraph[0].said(f"{ordinal}{tidied[cut:]}{end}")])
    return numbered


SHORT_POINT = 40  # characters: the references' shortest numbered point that is a paragraph of its own is 41


def numbered_points(paragraphs: Sequence[Sequence[Sourced]], end: str = "。", subject: str = "") -> list[list[Sourced]]:
    """``numbered_paragraphs`` laid out one way for the whole series, as the references do:
    every number a paragraph of its own when every point is long enough to be one,
    otherwise the whole series in one paragraph 「一是……。二是……。三是……。」 (each still
    one number, one job) — never some numbers alone and some run together."""
    points = numbered_paragraphs(paragraphs, end, subject)
    if all(_length(point) >= SHORT_POINT for point in points):
        return points
    return [[sentence for point in points for sentence in point]]


def _length(point: Sequence[Sourced]) -> int:
    return sum(len(sentence.text) for sentence in point)


SERIES_ITEM = 30  # characters: a point shorter than this is not a paragraph of its own


def numbered_or_series(items: Sequence[Sourced], end: str = "。") -> list[list[Sourced]]:
    """「一是……。」 paragraphs when every point is long enough to stand as one; otherwise
    the points as one 「一是……；二是……。」 paragraph (no paragraph of four words)."""
    if all(len(tidied) >= SERIES_ITEM for tidied, _ in _tidied(items)):
        return numbered_paragraphs(items, end)
    together = series(items, end=end)
    return [[together]] if together else []


def _tidied(items: Iterable[Sourced]) -> list[tuple[str, Sourced]]:
    return [(tidied, item) for item in items if (tidied := tidy_item(item.text))]


def _text(paragraph: Sequence[Sourced]) -> str:
    return "".join(piece.text for piece in paragraph)


def fill(pattern: str, *facts: Any) -> str:
    """Put facts into ``pattern``'s {} slots, or "" when any fact is missing."""
    if any(is_missing(fact) for fact in facts):
        return ""
    if len(facts) == 1 and pattern.count("{}") == 1:
        return fill_one(pattern, as_text(facts[0]))
    return pattern.format(*(as_text(fact) for fact in facts))


def fill_one(pattern: str, text: str) -> str:
    """One slot; the words around it are not said twice when the clerk's text has them:
    「以{}为指导」 with 「以……为指导」 is the clerk's text alone, 「{}为指导」 with 「……为指导」
    keeps one 「为指导」 (words of two or more characters only: 「以」 alone may start anything)."""
    head, tail = pattern.split("{}")
    head, tail = around_slot(head, text, tail)
    return f"{head}{text}{tail}"


def fill_pattern(pattern: Pattern, values: Mapping[str, Any]) -> tuple[Piece, ...] | None:
    """``pattern``'s slots filled from ``values`` (words, or a missing fact's Placeholder);
    None when a slot has nothing, so its clause vanishes. One slot filled with words says
    the words around it once (fill_one)."""
    shown = {slot: values.get(slot) for slot in pattern.slots}
    if any(is_missing(value) for value in shown.values()):
        return None
    texts = {slot: missing_fact(value) or as_text(value) for slot, value in shown.items()}
    if len(texts) == 1 and len(pattern.slots) == 1 and isinstance(text := next(iter(texts.values())), str):
        return (fill_one(pattern.plain(), text),)
    pieces: list[Piece] = []
    for part in pattern.parts:
        piece = texts[part.name] if isinstance(part, Slot) else part
        if isinstance(piece, str) and pieces and isinstance(pieces[-1], str):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return tuple(piece for piece in pieces if piece)


def missing_fact(value: Any) -> Placeholder | None:
    """The missing fact a value is (a required list still empty is [its Placeholder])."""
    values = value if isinstance(value, (list, tuple)) else [value]
    return next((item for item in values if isinstance(item, Placeholder)), None)


def first_said(alternatives: Sequence[Pattern], values: Mapping[str, Any]) -> tuple[Pattern, tuple[Piece, ...]] | None:
    """The first wording whose slots all have values, filled; None when none has."""
    for pattern in alternatives:
        filled = fill_pattern(pattern, values)
        if filled is not None:
            return pattern, filled
    return None


def around_slot(head: str, text: str, tail: str) -> tuple[str, str]:
    """The words before and after a slot that ``text`` does not say itself (see fill_one)."""
    if head and tail and text.startswith(head) and text.endswith(tail):
        return "", ""
    if len(tail) >= 2 and text.endswith(tail):
        tail = ""
    if len(head) >= 2 and text.startswith(head):
        head = ""
    return head, tail


def sentence(*clauses: Any, lead: str = "", tail: str = "", end: str = "。") -> str:
    """Clauses that survived, joined with 「，」, with ``lead``/``tail`` only around real content.

    A list argument counts as that many clauses (the clerk's list of results).
    """
    flat: list[Any] = []
    for clause in clauses:
        flat.extend(clause if isinstance(clause, (list, tuple)) else [clause])
    kept = [strip_trailing_punctuation(str(clause)) for clause in flat if not is_missing(clause)]
    kept = [clause for clause in kept if clause]
    if not kept:
        return ""
    body = "，".join(kept)
    if tail:
        body = f"{body}，{tail}"
    return f"{lead}{body}{end}"


def sentence_of(clauses: Sequence[Sequence[Piece]], lead: Sequence[Piece] = ()) -> tuple[Piece, ...]:
    """``sentence`` over pieces: a missing fact may stand in a clause (the opening's targets)."""
    kept: list[list[Piece]] = []
    for clause in clauses:
        pieces = [piece for piece in clause if piece]
        if pieces and isinstance(pieces[-1], str):
            pieces[-1] = strip_trailing_punctuation(pieces[-1])
        pieces = [piece for piece in pieces if piece]
        if pieces:
            kept.append(pieces)
    if not kept:
        return ()
    joined: list[Piece] = list(lead)
    for index, clause in enumerate(kept):
        joined.extend(["，", *clause] if index else clause)
    return tuple(piece for piece in (*joined, "。") if piece)


def figure(answer: NumberAnswer | None) -> str:
    """A number as the clerk said it: 15条以上, 近60万元 (see NumberAnswer.display)."""
    return "" if answer is None else answer.display()


def year_text(answer: NumberAnswer | None) -> str:
    """2019 (a year never gets a unit or qualifier)."""
    return "" if answer is None else format_decimal(answer.value)


def date_text(answer: DateAnswer | None, year: int | None = None) -> str:
    """2019年12月2日; a date given without a year takes the summary's year."""
    if answer is None:
        return ""
    if answer.year is None and year is not None and answer.month is not None:
        answer = answer.model_copy(update={"year": year})
    return answer.display()


def as_text(fact: Any) -> str:
    if isinstance(fact, (list, tuple)):
        return join_cn(fact)
    if isinstance(fact, Decimal):
        return format_decimal(fact)
    return str(fact)
