"""Where each sentence came from, carried through the templates as markers.

Drafting composes text in Python and in Jinja templates, so the sources of a sentence
travel with its text: the code that writes a sentence wraps it with ``sourced(text,
paths)`` (the answers it was built from) or ``formula(text, key)`` (one of the reviewed
neutral formulas in ``FORMULAS``). The markup parser (drafting.prose.markup) turns the
markers into ``Sentence`` values on the Document; text outside any marker becomes a
sentence with neither, which the provenance test refuses. Nothing here guesses a
source from wording: a marker is written where the sentence is written.

Markers use private-use characters no clerk's text can carry (see drafting.prose.placeholders).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_OPEN, _MID, _CLOSE = "\ue020", "\ue021", "\ue022"
_FORMULA_PREFIX = "="
_MARKED = re.compile(f"{_OPEN}([^{_MID}]*){_MID}([^{_CLOSE}]*){_CLOSE}")

# The reviewed neutral formulas: sentences that state no fact, so they need no answer.
FORMULAS: dict[str, str] = {
    "opening": "把文明创建作为重点工作统筹推进（开篇，无事实）",
    "report-line": "现将……如下（开篇结句）",
    "closing": "结尾表态句（以单位名称自称，见 drafting.prose.variants）",
    "sign-off": "特此汇报/报告",
    "lead-in": "条目式「关于……：」引语（取自栏目名称）",
}


@dataclass(frozen=True)
class Segment:
    """A piece of a line: its text and what it was built from (both empty: unsourced)."""

    text: str
    sources: tuple[str, ...] = ()
    formula: str | None = None


def sourced(text: object, *paths: str | Iterable[str]) -> str:
    """``text`` marked as built from the answers at ``paths``; "" stays "" (the line vanishes)."""
    body = "" if text is None else str(text)
    if not body:
        return ""
    flat: list[str] = []
    for path in paths:
        flat.extend([path] if isinstance(path, str) else list(path))
    inner, inner_sources, _ = unwrap(body)
    sources = _unique([*flat, *inner_sources])
    return f"{_OPEN}{','.join(sources)}{_MID}{inner}{_CLOSE}"


def formula(text: str, key: str) -> str:
    """``text`` marked as the reviewed neutral formula ``key``."""
    if key not in FORMULAS:
        raise KeyError(f"unreviewed formula {key!r}")
    return f"{_OPEN}{_FORMULA_PREFIX}{key}{_MID}{text}{_CLOSE}" if text else ""


def unwrap(text: str) -> tuple[str, list[str], str | None]:
    """The text without markers, the sources of every marker in it, and a formula if it is one."""
    sources: list[str] = []
    formula_key: str | None = None
    for match in _MARKED.finditer(text):
        if match[1].startswith(_FORMULA_PREFIX):
            formula_key = match[1][1:]
        elif match[1]:
            sources.extend(match[1].split(","))
    plain = _MARKED.sub(lambda match: match[2], text)
    return plain, _unique(sources), (formula_key if not sources else None)


def strip_markers(text: str) -> str:
    return unwrap(text)[0]


def segments(line: str) -> list[Segment]:
    """A line of markup as segments in order; unmarked text is its own unsourced segment."""
    found: list[Segment] = []
    position = 0
    for match in _MARKED.finditer(line):
        if match.start() > position:
            found.append(Segment(line[position : match.start()]))
        meta, text = match[1], match[2]
        if meta.startswith(_FORMULA_PREFIX):
            found.append(Segment(text, formula=meta[1:]))
        else:
            found.append(Segment(text, tuple(path for path in meta.split(",") if path)))
        position = match.end()
    if position < len(line):
        found.append(Segment(line[position:]))
    return found


def framed(marked: str, before: str, end: str, tidy: Callable[[str], str]) -> str:
    """A run of marked sentences with ``before`` put inside its first marker and its last
    sentence ending in ``end`` (tidied by ``tidy``): each sentence keeps its own sources,
    where marking the whole run again would give every sentence all of them."""
    parts = [part for part in segments(marked) if part.text]
    if not parts:
        return ""
    rebuilt = []
    for index, part in enumerate(parts):
        text = part.text
        if index == 0:
            text = before + text
        if index == len(parts) - 1:
            text = tidy(text) + end
        rebuilt.append(formula(text, part.formula) if part.formula else sourced(text, part.sources) if part.sources else text)
    return "".join(rebuilt)


def _unique(paths: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(path for path in paths if path))


def tag_each(items: object, path: str) -> list[str]:
    """Each item of a list fact marked as coming from ``path`` (a template filter)."""
    if items is None:
        return []
    values = items if isinstance(items, (list, tuple)) else [items]
    return [sourced(item, path) for item in values if item]


TEMPLATE_GLOBALS = {"src": sourced, "formula": formula}
TEMPLATE_FILTERS = {"tag": tag_each}
