"""A clerk's line of figures -> Figure values: 「清理垃圾3600余吨，硬化道路40余处约800平方」.

Rules, no guessing: the line is cut at 「，；。」 and line breaks; in each part a figure is
a number (12, 3.5, 十二, 百分之百, X masked by the website) with its qualifiers (近 约 超过 逾 /
余 多 万余 / 以上 左右) and a measure word (个月 whole, not 个), or a frequency without a
number (多次, 数次, 每天, 每周). A Chinese numeral is a figure only where jieba's words
(dialogs.segmenter, read at start) end with it: 一把手, 每周五组织 and 一起 are words, not
counts. Whatever stands between two figures is kept verbatim, so printing lead + text +
tail of every figure gives back the clerk's line.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from dialogs.answers import AFTER_UNIT_QUALIFIERS, MEASURE_WORDS, Figure, FiguresAnswer
from dialogs.parsing import Rejected, check_text, cn_number
from dialogs.questionnaire import Question
from dialogs.segmenter import segmenter

_BEFORE = ("将近", "接近", "大约", "超过", "多达", "不少于", "至少", "不足", "不到", "近", "约", "逾", "超")
_EVERY = ("每天", "每日", "每周", "每月", "每季度", "每年", "日均", "周均", "月均", "各")
_WORD_FREQUENCIES = ("多次", "数次", "屡次", "多轮", "多批", "多场", "多期")
_MASK = "Xx×*＊_＿?？"

_CN = "零〇一二两三四五六七八九十百千万亿"
# An arabic number as typed, whole: a sign (not after a digit: 3-5人 is a range),
# thousands separators (1,000), decimals, an exponent (1e309, kept as typed, no value).
_ARABIC = r"(?:(?<![\d.])[-−－])?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?"
_UNIT = "|".join(re.escape(word) for word in MEASURE_WORDS)
_AFTER = "|".join(AFTER_UNIT_QUALIFIERS)
_FIGURE = re.compile(
    rf"(?P<open>[（(])?"  # a count in brackets, 整改问题（1）处: the brackets belong to the figure
    rf"(?P<before>{'|'.join(_BEFORE)})?"
    rf"(?P<every>{'|'.join(_EVERY)})?"
    rf"(?:(?P<words>{'|'.join(_WORD_FREQUENCIES)})"
    rf"|(?P<number>百分之[{_CN}点]+|{_ARABIC}|[{_CN}]+|[{_MASK}]+)(?P<close>[）)])?"
    rf"(?P<scale>(?:[十百千万亿]|余|多|来)*)"
    rf"(?P<unit>%|{_UNIT})?"
    rf"(?P<after>{_AFTER})?)"
)
_EVERY_ALONE = re.compile("|".join(_EVERY[:6]))
# A comma between a digit and three more (1,000) separates thousands, not parts.
_PIECE_BREAK = re.compile(r"(?:[，；;。\n]|(?<!\d),|,(?!\d{3}(?!\d)))+")
# A number followed by one of these is a date or a clock time, not a figure (5月19日下午).
_DATE_CHARS = "年月日号时点周"
_LINKS = ("和", "及", "、", "，", ",", " ")
_SCALE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}


def parse_figures(text: str, question: Question) -> FiguresAnswer | Rejected:
    """All figures of one line; the line itself is kept as written."""
    checked = check_text(text, question)
    if isinstance(checked, Rejected):
        return checked
    figures: list[Figure] = []
    for number, piece in enumerate(_pieces(checked)):
        found = figures_of_piece(piece, number)
        figures.extend(found or [Figure(what=piece, lead=piece, piece=number)])
    # A line without figures is still the clerk's account of the work (全面取缔露天旱厕): kept whole.
    return FiguresAnswer(items=figures, raw=checked.replace("\n", "；"))


def figures_in(text: str) -> list[Figure]:
    """Only the figures of a text read elsewhere (a sentence of an imported summary)."""
    return [figure for number, piece in enumerate(_pieces(text)) for figure in figures_of_piece(piece, number)]


def _pieces(text: str) -> list[str]:
    return [piece.strip() for piece in _PIECE_BREAK.split(text) if piece.strip()]


def figures_of_piece(piece: str, number: int = 0) -> list[Figure]:
    """The figures of one comma-separated part; text between them stays with the next one."""
    normal = unicodedata.normalize("NFKC", piece)
    if len(normal) != len(piece):  # NFKC changed the length (rare ligatures): read the normal form
        piece = normal
    found: list[Figure] = []
    position = 0
    what = ""
    for match in _figure_matches(piece):
        lead = piece[position : match.start()]
        subject = _subject(lead)
        what = subject or what  # 硬化道路40余处约800平方: the second figure counts the same thing
        found.append(_figure(match, what, lead, number))
        position = match.end()
    if found and position < len(piece):
        last = found[-1]
        found[-1] = last.model_copy(update={"tail": piece[position:]})
    return found


def _figure_matches(piece: str) -> list[re.Match[str]]:
    matches: list[re.Match[str]] = []
    index = 0
    while index < len(piece):
        match = _FIGURE.match(piece, index)
        if match and _is_figure(match, piece) and _whole_words(match, piece):
            matches.append(match)
            index = match.end()
        else:
            index += 1
    return matches


def _is_figure(match: re.Match[str], piece: str) -> bool:
    if bool(match["open"]) != bool(match["close"]):
        return False  # a bracket opened or closed alone is the clerk's punctuation, not the figure's
    if match["words"]:
        return True
    number = match["number"]
    if not number:
        return bool(match["every"]) and match["every"] != "各" and match.end() > match.start()
    following = piece[match.end() : match.end() + 1]
    if not match["unit"] and not match["scale"] and following and following in _DATE_CHARS:
        return False  # 5月19日, 8时
    if number[-1].isdigit():
        start = match.start("number")
        return not (start > 0 and (piece[start - 1].isalpha() and piece[start - 1].isascii()))
    if number.startswith("百分之"):
        return True
    # A Chinese numeral or a mask counts only with a measure word: 两台, X余张 (not 统一, 三提三效).
    return bool(match["unit"]) and not (len(number) == 1 and number in "一" and not match["every"] and match["unit"] in ("个", "次", "项", "面", "条", "批", "组", "片", "段", "轮", "起", "把"))


def _whole_words(match: re.Match[str], piece: str) -> bool:
    """A Chinese numeral's figure ends where a word ends (「一把手」「每周五组织」: no figure
    there); an arabic number stands apart from the words around it anyway."""
    number = match["number"] or ""
    if not number or number[-1].isdigit() or number[0] in _MASK:
        return True
    return match.end() in _word_ends(piece)


def _word_ends(text: str) -> set[int]:
    ends, position = set(), 0
    for word, _ in segmenter().cut(text):
        position += len(word)
        ends.add(position)
    return ends


def _subject(lead: str) -> str:
    """What was counted, from the text before the figure: 清理垃圾 / 省、市级媒体 (link words dropped)."""
    text = lead.strip(" 、,，")
    # A link word before the figure goes (「……和」), not the end of a word (涉及, 普及).
    words = [word for word, _ in segmenter().cut(text)] if text else []
    while words and words[0] in _LINKS:
        words.pop(0)
    while words and words[-1] in _LINKS:
        words.pop()
    text = "".join(words)
    for word in ("共计", "累计", "合计", "总计", "达到", "共", "达", "计", "约"):
        if text.endswith(word):
            text = text[: -len(word)]
            break
    return text.strip(" 、（(")  # 开展活动（共3次）: the bracket opened before the figure is not what was counted


def _figure(match: re.Match[str], what: str, lead: str, piece: int) -> Figure:
    qualifier = "".join(part for part in (match["before"], match["every"], match["words"], match["scale"] and _qualifier_of(match["scale"]), match["after"]) if part)
    return Figure(
        what=what,
        lead=lead,
        text=match.group(),
        value=_value(match),
        qualifier=qualifier,
        unit="%" if (match["number"] or "").startswith("百分之") else (match["unit"] or ""),
        piece=piece,
    )


def _qualifier_of(scale: str) -> str:
    return "".join(ch for ch in scale if ch not in _SCALE)


def _value(match: re.Match[str]) -> Decimal | None:
    number = match["number"]
    if not number or number[0] in _MASK:
        return None
    number = number.removeprefix("百分之")
    if number[-1].isdigit():
        if "e" in number.lower():
            return None  # not how anyone counts: the text stands as typed
        try:
            value = Decimal(number.replace(",", "").replace("−", "-").replace("－", "-"))
        except InvalidOperation:
            return None
    else:
        converted = cn_number(number)
        if converted is None:
            return None
        value = converted
    for ch in match["scale"] or "":
        value *= _SCALE.get(ch, 1)
    return value
