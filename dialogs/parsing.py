"""Answer parsers: what a clerk typed -> a typed answer, or a Chinese message saying what to type.

Every function here is pure and total: it returns an answer or a ``Rejected`` value,
never raises on any string. Chinese numerals go through cn2an (no hand tables).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

import cn2an
from pydantic import BaseModel, ConfigDict

from dialogs.answers import (
    AFTER_UNIT_QUALIFIERS,
    MEASURE_WORDS,
    ChoiceAnswer,
    DateAnswer,
    NumberAnswer,
    TextAnswer,
    YesNoAnswer,
)
from dialogs.questionnaire import MAX_ANSWER_CHARS, Question


class Rejected(BaseModel):
    """A refused answer; ``message`` tells the clerk what to type instead, with an example."""

    model_config = ConfigDict(frozen=True)

    message: str


# --- cleaning ---------------------------------------------------------------------------

# Zero-width characters, direction marks and BOM are format characters (Cf); control
# characters (Cc) other than the line break carry no meaning in an answer either.
_KEEP_CONTROLS = {"\n"}


def clean_text(raw: str) -> str:
    """Strip, drop control/format characters (NUL, zero-width, RTL marks), unify line breaks."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    kept = [
        ch
        for ch in text
        if ch in _KEEP_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    ]
    lines = [line.strip() for line in "".join(kept).split("\n")]
    return "\n".join(line for line in lines if line).strip()


def contains_emoji(text: str) -> bool:
    """True for pictographs, dingbats and the emoji variation selector."""
    for ch in text:
        code = ord(ch)
        if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF:
            return True
        if code in (0xFE0F, 0x20E3):
            return True
    return False


def _with_example(message: str, question: Question, fallback: str = "") -> str:
    example = question.example or fallback
    return f"{message}例如：{example}" if example else message


def check_text(text: str, question: Question) -> str | Rejected:
    """Common checks for every typed answer: not empty, no emoji, not too long."""
    if not text:
        return Rejected(message=_with_example("没有收到内容，请输入文字。", question))
    if contains_emoji(text):
        return Rejected(message="请去掉表情符号后再发送，总结里只能用文字。")
    limit = min(question.max_length, MAX_ANSWER_CHARS)
    if len(text) > limit:
        return Rejected(
            message=_with_example(
                f"内容有 {len(text)} 个字，超过了 {limit} 个字的上限。请精简后再发送，或分成几条补充到「其他工作」里。",
                question,
            )
        )
    return text


def parse_text(text: str, question: Question) -> TextAnswer | Rejected:
    checked = check_text(text, question)
    if isinstance(checked, Rejected):
        return checked
    return TextAnswer(text=checked.replace("\n", " "))


# --- numbers ------------------------------------------------------------------------------

# Written before the figure and kept, because they change its meaning (近60万元).
_KEPT_PREFIXES = ("将近", "接近", "大约", "超过", "多达", "不少于", "至少", "不足", "不到", "近", "约", "逾", "超")
# Written before the figure but adding nothing the sentence will not say itself.
_DROPPED_PREFIXES = ("一共", "总共", "共计", "合计", "累计", "达到", "共", "达", "计")
_QUALIFIERS = ("以上", "左右", "上下", "余", "多", "来")
_SCALE_CHARS = "十百千万亿"
_CN_NUMERAL = re.compile(r"^[零〇一二两三四五六七八九十百千万亿点]+")
_ARABIC = re.compile(r"^\d+(?:\.\d+)?")
_NUMBER_HELP = "请填写数字，例如：{example}"


def parse_number(text: str, question: Question) -> NumberAnswer | Rejected:
    """Parse 12, １２, 十二, 300余, 近60万元, 约40篇, 85%, 百分之八十五, 2.8万元, 15条以上."""
    example = question.example or ("85%" if question.unit == "%" else f"300余{question.unit or '人次'}")
    help_text = _NUMBER_HELP.format(example=example)
    checked = check_text(text, question)
    if isinstance(checked, Rejected):
        return checked
    raw = checked
    rest = unicodedata.normalize("NFKC", raw).replace(" ", "").replace(",", "")
    if rest.startswith(("-", "负")):
        return Rejected(message=f"数字不能是负数。{help_text}")
    prefix = ""
    for word in _DROPPED_PREFIXES:
        if rest.startswith(word) and len(rest) > len(word):
            rest = rest[len(word):]
            break
    for word in _KEPT_PREFIXES:
        if rest.startswith(word):
            prefix, rest = word, rest[len(word):]
            break
    percent = rest.startswith("百分之")
    if percent:
        rest = rest[len("百分之"):]
    leading = _leading_number(rest)
    if leading is None:
        return Rejected(message=f"没有看到数字。{help_text}")
    value, rest = leading
    if percent and rest not in ("", "%"):
        return Rejected(message=f"没看懂「{raw}」。{help_text}")
    suffix, unit = _suffix_and_unit(rest, "%" if percent else question.unit)
    if any(ch.isdigit() or ch in "零〇一二两三四五六七八九" for ch in unit) or "." in unit:
        return Rejected(message=f"没看懂「{raw}」，一次只写一个数字。{help_text}")
    if len(unit) > 8:
        return Rejected(message=f"数字后面的单位太长了。{help_text}")
    answer = NumberAnswer(value=value, unit=unit, prefix=prefix, suffix=suffix, raw=raw)
    return _check_range(answer, question, help_text)


def _leading_number(text: str) -> tuple[Decimal, str] | None:
    """(value, remaining text) or None; a Chinese numeral's final 万/亿 stays in the rest."""
    arabic = _ARABIC.match(text)
    if arabic:
        try:
            return Decimal(arabic.group()), text[arabic.end():]
        except InvalidOperation:
            return None
    chinese = _CN_NUMERAL.match(text)
    if not chinese:
        return None
    run, rest = chinese.group(), text[chinese.end():]
    # 五万多 -> 5 + 万多 and 五万元 -> 5 + 万元, the way 5万多 and 5万元 are read.
    if len(run) > 1 and run[-1] in "万亿":
        run, rest = run[:-1], run[-1] + rest
    if len(run) > 1 and not any(ch in "十百千万亿点〇零" for ch in run):
        return None  # 两三 / 三五 mean "two or three", not 23; 二〇一九 is read digit by digit
    value = cn_number(run)
    return None if value is None else (value, rest)


def cn_number(run: str) -> Decimal | None:
    if run[:1] in ("百", "千", "万", "亿"):
        run = "一" + run  # 百 -> 一百 (近百万元, 万余户): cn2an wants the 一 that clerks drop
    try:
        converted = cn2an.cn2an(run, "smart")
    except Exception:  # cn2an signals every unreadable numeral with its own exception types
        return None
    try:
        return Decimal(str(converted))
    except InvalidOperation:
        return None


def _suffix_and_unit(rest: str, expected_unit: str) -> tuple[str, str]:
    """Split what follows the number into (scale + qualifiers, unit).

    The question's own unit wins when the clerk typed it (40多万元 for a 万元 question ->
    多 + 万元, so bare 40 and 40多万元 share a unit); a qualifier after the unit (15条以上)
    ends the suffix, where drafting expects it.
    """
    after_unit = next((w for w in AFTER_UNIT_QUALIFIERS if rest.endswith(w) and len(rest) > len(w)), "")
    rest = rest[: len(rest) - len(after_unit)]
    qualifiers = _leading_run(rest, scale=False)
    tail = rest[len(qualifiers):]
    expected_scale = _leading_run(expected_unit, scale=True, qualifiers=False)
    if expected_unit and tail in (expected_unit, expected_scale) and tail:
        return qualifiers + after_unit, expected_unit
    suffix = _leading_run(rest, scale=True)
    return suffix + after_unit, rest[len(suffix):] or expected_unit


def _leading_run(text: str, scale: bool, qualifiers: bool = True) -> str:
    """The run of scale characters (十百千万亿) and/or qualifiers (余 多 以上) at the start of text."""
    taken = ""
    while text:
        if scale and text[0] in _SCALE_CHARS:
            taken, text = taken + text[0], text[1:]
            continue
        word = next((w for w in _QUALIFIERS if qualifiers and text.startswith(w)), "")
        if not word:
            break
        taken, text = taken + word, text[len(word):]
    return taken


def _check_range(answer: NumberAnswer, question: Question, help_text: str) -> NumberAnswer | Rejected:
    amount = answer.magnitude()
    if amount.is_nan() or amount.is_infinite() or amount >= Decimal(10) ** 15:
        return Rejected(message=f"这个数字太大了。{help_text}")
    if question.integer and amount != amount.to_integral_value():
        return Rejected(message=f"这里请填一个整数。{help_text}")
    if question.min is not None and amount < question.min:
        return Rejected(message=f"这个数字不能小于 {question.min}。{help_text}")
    if question.max is not None and amount > question.max:
        return Rejected(message=f"这个数字不能大于 {question.max}。{help_text}")
    return answer


# --- dates ----------------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(r"^(\d{4})[-./](\d{1,2})(?:[-./](\d{1,2}))?$")
_WRITTEN_DATE = re.compile(r"^(?:([0-9零〇一二三四五六七八九]{4})年)?(?:([0-9一二三四五六七八九十]{1,3})月份?)?(?:([0-9一二三四五六七八九十]{1,3})[日号])?$")
_DATE_HELP = "请写成「2019年12月2日」「2019年12月」「2019-12」或「12月2日」。"


def parse_date(text: str, question: Question) -> DateAnswer | Rejected:
    """Parse 2019年12月, 2019-12, 2019.12.2, 2019年12月2日, 12月2日, 二〇一九年十二月."""
    checked = check_text(text, question)
    if isinstance(checked, Rejected):
        return checked
    compact = unicodedata.normalize("NFKC", checked).replace(" ", "")
    match = _NUMERIC_DATE.match(compact) or _WRITTEN_DATE.match(compact)
    if not match or not any(match.groups()):
        return Rejected(message=f"没看懂这个日期。{_DATE_HELP}")
    year, month, day = (_date_part(part) for part in match.groups())
    if -1 in (year, month, day):
        return Rejected(message=f"没看懂这个日期。{_DATE_HELP}")
    if day is not None and month is None:
        return Rejected(message=f"请同时写上月份。{_DATE_HELP}")
    if year is not None and not 1949 <= year <= 2100:
        return Rejected(message=f"年份不对，请写四位年份。{_DATE_HELP}")
    if month is not None and not 1 <= month <= 12:
        return Rejected(message=f"月份应在 1 到 12 之间。{_DATE_HELP}")
    if day is not None and month is not None:
        # Without a year, allow 29 February (a leap year stands in).
        last = calendar.monthrange(year if year is not None else 2000, month)[1]
        if not 1 <= day <= last:
            return Rejected(message=f"{month}月没有{day}日。{_DATE_HELP}")
    return DateAnswer(year=year, month=month, day=day)


def _date_part(part: str | None) -> int | None:
    """An int, None when absent, -1 when unreadable."""
    if part is None:
        return None
    if part.isdigit():
        return int(part)
    value = cn_number(part)  # cn2an reads 二〇一九 digit by digit and 十二 as a number
    if value is None or value != value.to_integral_value():
        return -1
    return int(value)


# --- yes/no, choices, lists ---------------------------------------------------------------------

_YES = {"是", "是的", "有", "有的", "对", "对的", "嗯", "好", "好的", "要", "需要", "成立了", "设立了", "开展了", "召开了", "确认", "yes", "y", "ok"}
_NO = {"否", "不是", "没有", "没", "无", "不", "不要", "不用", "没开", "没有开展", "no", "n"}


def parse_yesno(text: str) -> YesNoAnswer | Rejected:
    word = unicodedata.normalize("NFKC", text).strip().strip("。！!.").lower()
    if word in _YES:
        return YesNoAnswer(value=True)
    if word in _NO:
        return YesNoAnswer(value=False)
    return Rejected(message="请回答「是」或「否」，也可以点下面的按钮。")


def parse_choice(text: str, question: Question) -> ChoiceAnswer | Rejected:
    """A choice by its number (1-based), its exact label, or free text when allowed."""
    checked = check_text(text, question)
    if isinstance(checked, Rejected):
        return checked
    index = _choice_index(checked, question)
    if index is not None:
        return ChoiceAnswer(choice=question.choices[index])
    if question.aliases or question.keywords:
        return ChoiceAnswer(choice=nearest_choice(checked, question), named=checked.replace("\n", " "))
    if question.allow_other:
        return ChoiceAnswer(choice=checked.replace("\n", " "), other=True)
    listed = "、".join(f"{n}.{c}" for n, c in enumerate(question.choices, start=1))
    return Rejected(message=f"请从这些里选一个（回复序号或名称）：{listed}")


def nearest_choice(text: str, question: Question) -> str:
    """The choice a name nobody listed means: one of its aliases, else the first choice
    (top to bottom) one of whose keywords the name holds, else the choice whose names share
    the most characters with it, else the default. Never a refusal: the clerk is told."""
    name = _normal_name(text)
    for choice, aliases in question.aliases.items():
        if name in {_normal_name(alias) for alias in aliases}:
            return choice
    for choice, words in question.keywords.items():
        if any(word in name for word in words):
            return choice
    names = [(choice, _normal_name(said)) for choice in question.choices for said in (choice, *question.aliases.get(choice, ()))]
    score, choice = max(((SequenceMatcher(None, name, said).ratio(), choice) for choice, said in names), key=lambda pair: pair[0])
    return choice if score > 0 else question.default or question.choices[0]


def _normal_name(text: str) -> str:
    return re.sub(r"[\s。.，,、“”\"《》]", "", unicodedata.normalize("NFKC", text))


def _choice_index(text: str, question: Question) -> int | None:
    normal = unicodedata.normalize("NFKC", text).strip()
    if normal.isdigit() and 1 <= int(normal) <= len(question.choices):
        return int(normal) - 1
    for index, choice in enumerate(question.choices):
        if normal == unicodedata.normalize("NFKC", choice):
            return index
    # 「道德讲堂」 for 「道德讲堂/文明培训」: one name of a two-name choice.
    for index, choice in enumerate(question.choices):
        if "/" in choice and normal in unicodedata.normalize("NFKC", choice).split("/"):
            return index
    return None


def parse_multi_picks(text: str, question: Question) -> list[str] | Rejected:
    """Labels picked by typing: numbers (1 3、5), labels, or free text when 其他 is allowed."""
    checked = check_text(text, question)
    if isinstance(checked, Rejected):
        return checked
    whole = _choice_index(checked, question)
    if whole is not None:
        return [question.choices[whole]]
    parts = [p for p in re.split(r"[\s、,，;；]+", unicodedata.normalize("NFKC", checked)) if p]
    if parts and all(p.isdigit() for p in parts):
        if all(1 <= int(p) <= len(question.choices) for p in parts):
            return [question.choices[int(p) - 1] for p in parts]
        return Rejected(message=f"序号应在 1 到 {len(question.choices)} 之间。")
    pieces = [p.strip() for p in re.split(r"[、，,；;\n]+", checked) if p.strip()]
    if len(pieces) > 1 and any(_choice_index(piece, question) is not None for piece in pieces):
        # 「会议、督查考核/通报、河长制」: listed kinds and the clerk's own, in one line.
        items = pieces
    else:
        items = split_list_items(checked)
    picks: list[str] = []
    for item in items:
        index = _choice_index(item, question)
        if index is not None:
            picks.append(question.choices[index])
        elif question.allow_other:
            picks.append(item)
        else:
            listed = "、".join(question.choices)
            return Rejected(message=f"「{item}」不在选项里，请从这些里选：{listed}")
    return picks


# Numbering a clerk puts in front of items: 1. 2、 （1） (1) ① 一、 一是; a bracketed
# number whose measure word ends the clause is a count inside the item (整改问题（1）处),
# not numbering (（2）项目建设 is).
_COUNTED = "|".join(re.escape(word) for word in MEASURE_WORDS)
_BRACKETED = rf"[（(]\d{{1,2}}[)）](?!\s*(?:{_COUNTED})(?:$|[\s，,。；;、]))"
_NUMBERING = rf"(?:\d{{1,2}}[.、．)）](?!\d)|{_BRACKETED}|[①-⑳]|[一二三四五六七八九十]{{1,3}}[、是](?:[，,])?)"
_BREAK_BEFORE_NUMBER = re.compile(rf"(?:(?<=\s)|(?<=[。；;]))(?={_NUMBERING})|(?={_BRACKETED}|[①-⑳])")
_LEADING_NUMBER = re.compile(rf"^{_NUMBERING}\s*")


def split_list_items(text: str) -> list[str]:
    """Split one message into items: new lines, ；/;, or numbering (1. 2、 （1） ① 一是)."""
    broken = _BREAK_BEFORE_NUMBER.sub("\n", text)
    items: list[str] = []
    for piece in re.split(r"[\n；;]+", broken):
        item = _LEADING_NUMBER.sub("", piece.strip()).strip().strip("。；;，,").strip()
        if item:
            items.append(item)
    return items


def parse_list_items(text: str, question: Question) -> list[str] | Rejected:
    """The items of one message for a list question; each item must pass the text checks."""
    checked = check_text(text, question)
    if isinstance(checked, Rejected):
        return checked
    items = split_list_items(checked)
    if not items:
        return Rejected(message=_with_example("没有看到内容，请一行写一条。", question))
    return items
