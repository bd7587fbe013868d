"""Year on year, honestly: what this year's figures may say against last year's.

Two figures are compared only when they count the same thing (same ``what``) in the same
unit, and only as far as they allow:
- both exact (no 余/多/约/近 …): the difference as a number, 「较去年增加3次」 / 「减少」;
- a bound on either side (300余 is more than 300, 近60 less than 60): only a direction
  that holds for every value the bounds allow, 「较去年有所增加」; otherwise nothing;
- 约 / 左右 / a frequency (每周) bound nothing: no comparison at all;
- never a percentage (a share of a lower bound is no figure at all).

Pure: reads the figures ledger of this year and the earlier summary's figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dialogs.answers import format_decimal
from dialogs.earlier import EarlierFigure
from dialogs.ledger import LedgerFigure

# Qualifiers that make a figure a lower bound (more than it) or an upper bound (less than it).
LOWER_BOUND = ("余", "多", "来", "以上", "超过", "逾", "超", "多达", "不少于", "至少")
UPPER_BOUND = ("近", "将近", "接近", "不足", "不到", "以下", "以内")


@dataclass(frozen=True)
class Bounds:
    """What a figure says of the quantity: at least ``low`` / at most ``high`` (None: open)."""

    low: Decimal | None
    high: Decimal | None
    exact: bool


def bounds(value: Decimal | None, qualifier: str) -> Bounds | None:
    """None when the figure bounds nothing (no value, 约, 左右, 每周 …)."""
    if value is None:
        return None
    if not qualifier:
        return Bounds(value, value, exact=True)
    parts = _qualifier_parts(qualifier)
    if parts and all(part in LOWER_BOUND for part in parts):
        return Bounds(value, None, exact=False)
    if parts and all(part in UPPER_BOUND for part in parts):
        return Bounds(None, value, exact=False)
    return None


def _qualifier_parts(qualifier: str) -> list[str]:
    """「近」「余」「多以上」 -> the known qualifiers it is made of ([] if any part is unknown)."""
    parts: list[str] = []
    known = sorted((*LOWER_BOUND, *UPPER_BOUND), key=len, reverse=True)
    rest = qualifier
    while rest:
        word = next((k for k in known if rest.startswith(k)), None)
        if word is None:
            return []
        parts.append(word)
        rest = rest[len(word):]
    return parts


# Words before a figure that say when or how it was summed, not what was counted.
_COUNTED_FROM = ("以来", "累计", "合计", "共计", "全年", "今年", "共")
# What a figure counts is said only when it reads as a thing done: not a place (在全乡两个),
# not a verb whose object follows the number (聘请5名……, 开展为期5个月).
_NOT_A_THING_START = ("在", "为", "于", "从", "对", "向", "由")
_NOT_A_THING_END = ("为期", "聘请", "组织", "开展", "开设", "达到", "超过")


def counted_thing(what: str) -> str:
    """「2019年8月以来共发出口头督查通报」 -> 发出口头督查通报; "" when it names no thing."""
    for word in _COUNTED_FROM:
        if word in what:
            what = what.rsplit(word, 1)[1]
    plain = len(what) >= 3 and all("\u4e00" <= ch <= "\u9fff" for ch in what)
    return what if plain and not what.startswith(_NOT_A_THING_START) and not what.endswith(_NOT_A_THING_END) else ""


def compare(this: LedgerFigure, last: EarlierFigure) -> str:
    """「发出督查通报较去年增加3次」, or "" when the two figures allow no honest comparison
    (an unchanged figure says nothing: 「与去年持平」 after every line retyped alike is noise)."""
    thing = counted_thing(this.what)
    if not thing or this.what != last.what or this.unit != last.unit:
        return ""
    now, before = bounds(this.value, this.qualifier), bounds(last.value, last.qualifier)
    if now is None or before is None:
        return ""
    if now.exact and before.exact:
        assert now.low is not None and before.low is not None
        difference = now.low - before.low
        if difference == 0:
            return ""
        change = "增加" if difference > 0 else "减少"
        return f"{thing}较去年{change}{format_decimal(abs(difference))}{this.unit}"
    if now.low is not None and before.high is not None and now.low >= before.high:
        return f"{thing}较去年有所增加"  # more than last year's most (300余 against 近300 or 300)
    if now.high is not None and before.low is not None and now.high <= before.low:
        return f"{thing}较去年有所减少"
    return ""


def comparisons(figures: list[LedgerFigure], earlier: list[EarlierFigure]) -> dict[str, list[str]]:
    """Work item (``inspections#0``) -> what its figures may say against last year's.

    A figure of this year is set against last year's figure of the same answer path, or,
    for an earlier summary read from a document (no paths), the one figure of the same
    thing and unit.
    """
    said: dict[str, list[str]] = {}
    for figure in figures:
        same_path = [f for f in earlier if f.path and f.path == figure.path and f.what == figure.what]
        candidates = same_path or [f for f in earlier if not f.path and f.what == figure.what and f.unit == figure.unit]
        if len(candidates) != 1:
            continue  # none, or several: which one it is would be a guess
        phrase = compare(figure, candidates[0])
        if phrase and figure.item:
            said.setdefault(figure.item, []).append(phrase)
    return said
