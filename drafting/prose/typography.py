"""Typography of clerk text before it enters a draft, and a last pass over paragraphs.

Clerks type on phones: half-width punctuation, straight quotes, 2019-12-02, doubled
commas, a stray full stop at the end. Official prose wants full-width punctuation
between Chinese characters, “” quotes and 2019年12月2日. Every function here is
pure and idempotent, so applying it twice never changes the text again.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_CHAR = f"[{_CJK}]"
# Chinese characters plus the full-width marks that sit among them.
_CJK_CONTEXT = f"[{_CJK}\u3000-\u303f\uff00-\uffef“”‘’]"

_HALF_TO_FULL = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！"}
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９％", "0123456789%")

# Punctuation the wording adds itself: a clause handed over must not end in it.
_TRAILING = "。，；：、,.;:!?！？ \u3000"
# Ordinal markers a clerk may type before a list item; the enumeration adds its own.
_LEADING_ORDINAL = re.compile(
    r"^\s*(?:[一二三四五六七八九十百零]+是|[一二三四五六七八九十百零]+[、.．]|\d+\s*[、.．)）](?!\d)|[（(]\s*[\d一二三四五六七八九十百零]+\s*[)）]|[①-⑳])\s*"
)

_DATE_YMD = re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)日?")
_DATE_YM = re.compile(r"(?<!\d)(\d{4})\s*[-/]\s*(\d{1,2})(?![\d.])月?")
_LEADING_ZERO = re.compile(r"(?<!\d)0(\d)(?=[月日])")


def normalize_dates(text: str) -> str:
    """2019-12-02, 2019/12/2, 2019.12.2, 2019年12月02日 -> 2019年12月2日; 2019-12 -> 2019年12月."""
    text = _DATE_YMD.sub(lambda m: f"{m[1]}年{int(m[2])}月{int(m[3])}日", text)
    text = _DATE_YM.sub(lambda m: f"{m[1]}年{int(m[2])}月" if 1 <= int(m[2]) <= 12 else m[0], text)
    return _LEADING_ZERO.sub(r"\1", text)


def _full_width_marks(text: str) -> str:
    """, . ; : ? ! next to a Chinese character become full width (2.8, 1,000 and v1.2 stay)."""
    chars = list(text)
    changed = True
    while changed:  # a converted mark makes its neighbour Chinese context too (":!传")
        changed = False
        for index, char in enumerate(chars):
            if char not in _HALF_TO_FULL:
                continue
            before = _neighbour(chars, index, -1)
            after = _neighbour(chars, index, +1)
            if char in ".," and before.isdigit() and after.isdigit():
                continue
            chinese_before = bool(re.match(_CJK_CONTEXT, before))
            chinese_after = bool(re.match(_CJK_CONTEXT, after))
            # A period only ends a sentence after Chinese text ("v1.2", "www.gov.cn" stay).
            if chinese_before or (chinese_after and char != "."):
                chars[index] = _HALF_TO_FULL[char]
                changed = True
    text = "".join(chars)
    return re.sub(r"\s*([，。；：？！])\s*", r"\1", text)


def _neighbour(chars: list[str], index: int, step: int) -> str:
    """The nearest non-space character before (step -1) or after (+1) index, or a space."""
    index += step
    while 0 <= index < len(chars):
        if not chars[index].isspace():
            return chars[index]
        index += step
    return " "


def _quotes(text: str) -> str:
    """Straight double quotes pair up as “”; 'x' becomes ‘x’ when it wraps Chinese."""
    parts = text.split('"')
    if len(parts) > 1:
        rebuilt = [parts[0]]
        for index, part in enumerate(parts[1:]):
            rebuilt.append("“" if index % 2 == 0 else "”")
            rebuilt.append(part)
        text = "".join(rebuilt)
        if len(parts) % 2 == 0:  # an odd quote has no partner: drop it rather than guess
            text = _drop_last(text, "“")
    text = re.sub(f"'([^']*{_CJK_CHAR}[^']*)'", r"‘\1’", text)
    text = re.sub(f"<([^<>]*{_CJK_CHAR}[^<>]*)>", r"〈\1〉", text)
    return text


def _drop_last(text: str, mark: str) -> str:
    index = text.rfind(mark)
    return text[:index] + text[index + 1 :]


def _parentheses(text: str) -> str:
    """(说明) next to or holding Chinese becomes （说明）."""
    pattern = re.compile(r"\(([^()]*)\)")

    def replace(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        chinese = re.search(_CJK_CHAR, match[1]) or re.match(_CJK_CHAR, before or " ") or re.match(_CJK_CHAR, after or " ")
        return f"（{match[1]}）" if chinese else match[0]

    return pattern.sub(replace, text)


def _spaces_between_chinese(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    return re.sub(f"(?<={_CJK_CONTEXT}) (?={_CJK_CONTEXT})|(?<={_CJK_CONTEXT}) (?=\\d)|(?<=\\d) (?={_CJK_CHAR})", "", text)


_MARK_RUN = re.compile(r"[，。；：、！？]{2,}")


def collapse_marks(text: str) -> str:
    """A run of marks (「，，」「；：」「，。」) becomes one: 。 wins, then ？！, else the first."""

    def strongest(match: re.Match[str]) -> str:
        run = match[0]
        for mark in "。？！":
            if mark in run:
                return mark
        return run[0]

    return _MARK_RUN.sub(strongest, text)


_ELLIPSIS = re.compile(r"\.{3,}|…+|。{3,}")


@lru_cache(maxsize=4096)  # pure, and the same answer is read many times per draft
def tidy_text(text: str) -> str:
    """Official typography for one clerk answer; trailing punctuation is left to the wording."""
    text = text.translate(_FULL_WIDTH_DIGITS).strip()
    text = _ELLIPSIS.sub("……", text)
    text = normalize_dates(text)
    text = _quotes(text)
    text = _parentheses(text)
    text = _spaces_between_chinese(text)
    text = _full_width_marks(text)
    text = collapse_marks(text)
    # The wording puts the answer after its own words: a leading mark would clash.
    text = text.lstrip(_TRAILING)
    return strip_trailing_punctuation(text)


@lru_cache(maxsize=4096)
def tidy_item(text: str) -> str:
    """A list item about to be joined or enumerated: typography, no ordinal, no end mark."""
    text = tidy_text(text)
    previous = None
    while previous != text:
        previous = text
        text = _LEADING_ORDINAL.sub("", text, count=1)
    return strip_trailing_punctuation(text)


def strip_trailing_punctuation(text: str) -> str:
    stripped = text.rstrip(_TRAILING)
    if stripped.endswith("……"):
        return stripped
    return stripped.rstrip("…")


_EMPTY_BRACKETS = re.compile(r"[（(]\s*[)）]|“\s*”|‘\s*’|《\s*》|〈\s*〉")


def tidy_paragraph(text: str) -> str:
    """Last pass over a drafted paragraph: no 「，，」「。。」「，。」 and no empty 「（）」."""
    return tidy_marks(text).strip()


def tidy_marks(text: str) -> str:
    """tidy_paragraph without trimming the ends (the words beside a missing fact)."""
    previous = None
    while previous != text:
        previous = text
        text = collapse_marks(_EMPTY_BRACKETS.sub("", text))
    return text
