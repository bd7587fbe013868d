"""Chinese phrasing helpers, registered as Jinja filters and globals.

They carry the one rule that keeps a draft clean: a clause whose facts are missing
disappears with its words. ``fill`` returns "" when any fact is missing and
``sentence`` joins what is left with 「，」 and ends it with 「。」, or returns "" so
the template line vanishes. Facts arrive already converted to text by
drafting.prose.facts (numbers as 300余人次, dates as 2019年12月2日, lists as lists).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Sequence

import cn2an

from dialogs.answers import DateAnswer, NumberAnswer, format_decimal
from drafting.prose.provenance import framed, segments, sourced, unwrap
from drafting.prose.typography import strip_trailing_punctuation, tidy_item


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
    """The items that carry something, tidied for joining (no trailing punctuation).

    An item marked with its sources (drafting.prose.provenance) is tidied inside its marker.
    """
    return [sourced(text, paths) if paths else text for text, paths in _present_sourced(items)]


def _present_sourced(items: Iterable[Any] | None) -> list[tuple[str, list[str]]]:
    """Each item that carries something as (tidied plain text, the sources it was marked with)."""
    if items is None:
        return []
    kept: list[tuple[str, list[str]]] = []
    for item in items:
        if is_missing(item):
            continue
        plain, paths, _ = unwrap(str(item))
        tidied = tidy_item(plain)
        if tidied:
            kept.append((tidied, paths))
    return kept


def _all_sources(kept: list[tuple[str, list[str]]]) -> list[str]:
    return [path for _, paths in kept for path in paths]


def join_cn(items: Iterable[Any]) -> str:
    """a / a和b / a、b和c."""
    kept = present(items)
    if len(kept) <= 1:
        return "".join(kept)
    return "、".join(kept[:-1]) + "和" + kept[-1]


def join_list(items: Iterable[Any], separator: str = "、") -> str:
    """Items joined with a plain separator (、 or ；), no 和."""
    return separator.join(present(items))


def enumerate_cn(items: Iterable[Any], lead: str = "", end: str = "。") -> str:
    """「一是……；二是……；三是……。」; one item is written plainly, no 「一是」.

    The result is one sentence: it carries the sources of every item that had any.
    """
    pairs = _present_sourced(items)
    kept = [text for text, _ in pairs]
    if not kept:
        return ""
    if len(kept) == 1:
        text = f"{lead}{kept[0]}{end}"
    else:
        body = "；".join(f"{cn_ordinal(index)}是{item}" for index, item in enumerate(kept, start=1))
        text = f"{lead}{body}{end}"
    sources = _all_sources(pairs)
    return sourced(text, sources) if sources else text


def numbered_paragraphs(items: Iterable[Any], end: str = "。") -> list[str]:
    """One paragraph per item, 「一是……。」「二是……。」; a single item has no 「一是」.

    Each paragraph keeps the sources its item was marked with.
    """
    pairs = _present_sourced(items)
    kept = [str(item) for item in items or [] if not is_missing(item) and tidy_item(unwrap(str(item))[0])]
    numbered: list[str] = []
    for index, ((text, paths), item) in enumerate(zip(pairs, kept), start=1):
        ordinal = f"{cn_ordinal(index)}是" if len(pairs) > 1 else ""
        if len(segments(item)) > 1:  # a planned paragraph of several sentences: each keeps its sources
            numbered.append(framed(item, ordinal, end, strip_trailing_punctuation))
        else:
            numbered.append(sourced(f"{ordinal}{text}{end}", paths) if paths else f"{ordinal}{text}{end}")
    return numbered


SERIES_ITEM = 30  # characters: a point shorter than this is not a paragraph of its own


def numbered_or_series(items: Iterable[Any], end: str = "。") -> list[str]:
    """「一是……。」 paragraphs when every point is long enough to stand as one; otherwise
    the points as one 「一是……；二是……。」 paragraph (no paragraph of four words)."""
    pairs = _present_sourced(items)
    if all(len(text) >= SERIES_ITEM for text, _ in pairs):
        return numbered_paragraphs(items, end)
    series = enumerate_cn(items, end=end)
    return [series] if series else []


def points(pairs: Sequence[Sequence[str]]) -> list[str]:
    """Titled points as paragraphs: 「一是加大阵地宣传。……」; points without a body vanish."""
    kept = [(str(title), str(body)) for title, body in pairs if not is_missing(body)]
    if len(kept) == 1:
        return [kept[0][1]]
    return [f"{cn_ordinal(index)}是{title}。{body}" for index, (title, body) in enumerate(kept, start=1)]


def fill(pattern: str, *facts: Any) -> str:
    """Put facts into ``pattern``'s {} slots, or "" when any fact is missing."""
    if any(is_missing(fact) for fact in facts):
        return ""
    if len(facts) == 1 and pattern.count("{}") == 1:
        return _fill_one(pattern, _as_text(facts[0]))
    return pattern.format(*(_as_text(fact) for fact in facts))


def _fill_one(pattern: str, text: str) -> str:
    """One slot; the words around it are not said twice when the clerk's text has them:
    「以{}为指导」 with 「以……为指导」 is the clerk's text alone, 「{}为指导」 with 「……为指导」
    keeps one 「为指导」 (words of two or more characters only: 「以」 alone may start anything)."""
    head, tail = pattern.split("{}")
    if head and tail and text.startswith(head) and text.endswith(tail):
        return text
    if len(tail) >= 2 and text.endswith(tail):
        tail = ""
    if len(head) >= 2 and text.startswith(head):
        head = ""
    return f"{head}{text}{tail}"


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


def quoted(text: Any) -> str:
    """“text”, unless the clerk already quoted it."""
    if is_missing(text):
        return ""
    text = str(text)
    if text.startswith(("“", "「", "《")) and text.endswith(("”", "」", "》")):
        return text
    return f"“{text}”"


def book_title(text: Any) -> str:
    """《方案名称》, unless already in 书名号."""
    if is_missing(text):
        return ""
    text = str(text)
    return text if text.startswith("《") else f"《{text}》"


def with_ending(text: Any, endings: Sequence[str], added: str) -> str:
    """text + added unless text already ends with one of ``endings`` (兼任/担任, 机制/办法)."""
    if is_missing(text):
        return ""
    text = str(text)
    return text if text.endswith(tuple(endings)) else f"{text}{added}"


def without_prefix(text: Any, prefixes: Sequence[str]) -> str:
    """text minus a leading word the template already says (为了提高… -> 提高…)."""
    if is_missing(text):
        return ""
    text = str(text)
    for prefix in prefixes:
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :]
    return text


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


def next_year(year: Any) -> str:
    """The year after the summary's, or "" when the year is unknown or a placeholder."""
    text = str(year or "")
    return str(int(text) + 1) if text.isdigit() else ""


def _as_text(fact: Any) -> str:
    if isinstance(fact, (list, tuple)):
        return join_cn(fact)
    if isinstance(fact, Decimal):
        return format_decimal(fact)
    return str(fact)


FILTERS = {
    "join_cn": join_cn,
    "join_list": join_list,
    "enumerate_cn": enumerate_cn,
    "numbered": numbered_paragraphs,
    "numbered_or_series": numbered_or_series,
    "quoted": quoted,
    "book_title": book_title,
    "with_ending": with_ending,
    "without_prefix": without_prefix,
    "cn_ordinal": cn_ordinal,
    "next_year": next_year,
}
GLOBALS = {"fill": fill, "sentence": sentence, "points": points, "enumerate_cn": enumerate_cn}
