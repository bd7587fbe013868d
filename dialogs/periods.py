"""The period a document covers and the day it is signed, for the year the clerk means.

Pure: the current date comes in as ``now``, never from a clock. A year's summary is
written from December to March, so until the end of the period question's
``last_year_until`` month the buttons offer last year first, and every button shows the
year it stores (「全年（2026年）」). Typed periods are read the same way: 「去年」「前年」
「2025年度」「2025年上半年」, a stage in the clerk's words (7—8月 typed in January is last
year's), 「本周」 as the week's dates. A sign date typed without a year takes the year
nearest to ``now`` that fits the period; one far from the period is questioned once.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dialogs.answers import DateAnswer, PeriodAnswer
from dialogs.parsing import Rejected, _date_part, check_text
from dialogs.questionnaire import PERIOD_SPANS, Question

_SPAN_STARTS = {"全年": 1, "上半年": 1, "下半年": 7}  # the month a span begins
_WHOLE_YEAR = ("", "全年", "年度", "一年", "全年度", "整年", "度")
_HALVES = {"上半年": "上半年", "前半年": "上半年", "1-6月": "上半年", "1—6月": "上半年", "1至6月": "上半年",
           "下半年": "下半年", "后半年": "下半年", "7-12月": "下半年", "7—12月": "下半年", "7至12月": "下半年"}
_YEAR_FIRST = re.compile(r"^(?:(\d{4})|([零〇一二三四五六七八九]{4}))年(?:度)?")
_YEARS_BACK = {"今年": 0, "本年": 0, "本年度": 0, "去年": 1, "上年": 1, "上一年": 1, "上年度": 1, "前年": 2}
_LABELLED = re.compile(r"^(全年|上半年|下半年)[（(](\d{4})年?[)）]$")  # a button's label, typed
_MONTH = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})月")
_QUARTER = re.compile(r"([一二三四1-4])季度")
_WEEKS = {"本周": 0, "这周": 0, "这一周": 0, "本星期": 0, "上周": -1, "上一周": -1}
_MONTHS = {"本月": 0, "这个月": 0, "当月": 0, "上月": -1, "上个月": -1}
YEAR_HELP = "年份不对，请写四位年份，例如「2021年上半年」「全年」「7—8月」。"


@dataclass(frozen=True)
class PeriodChoice:
    """A period button: its label (全年（2026年）), what it stores, and its action."""

    label: str
    answer: PeriodAnswer
    action: str  # y<year><span index>: the year travels with the press, not read off a clock later


def default_year(span: str, now: datetime, last_year_until: int) -> int:
    """The year a span typed without one means: last year until ``last_year_until``'s
    end, else this year once the span has begun (下半年 typed in May is last year's)."""
    if now.month <= last_year_until:
        return now.year - 1
    return now.year if now.month >= _SPAN_STARTS[span] else now.year - 1


def period_choices(question: Question, now: datetime) -> list[PeriodChoice]:
    """The buttons of a period question, each showing its year; in the first months of a
    year last year's first, then this year's 全年."""
    offered = [(span, default_year(span, now, question.last_year_until)) for span in question.choices]
    if now.month <= question.last_year_until and "全年" in question.choices:
        offered.append(("全年", now.year))
    return [_choice(span, year) for span, year in offered]


def _choice(span: str, year: int) -> PeriodChoice:
    return PeriodChoice(f"{span}（{year}年）", PeriodAnswer(year=year, span=span), f"y{year}{PERIOD_SPANS.index(span)}")  # type: ignore[arg-type]


def pressed(action: str) -> PeriodAnswer | None:
    """The period a button's action stores (None for anything a period button could not carry)."""
    match = re.fullmatch(r"y(\d{4})(\d)", action)
    if match is None or int(match[2]) >= len(PERIOD_SPANS) or not 1949 <= int(match[1]) <= 2100:
        return None
    return PeriodAnswer(year=int(match[1]), span=PERIOD_SPANS[int(match[2])])  # type: ignore[arg-type]


def parse_period(text: str, question: Question, now: datetime) -> PeriodAnswer | Rejected:
    """全年 / 上半年 / 2021年上半年 / 去年 / 2025年度 / 7—8月 / 本周 / 今年以来 / a button's number."""
    checked = check_text(text, question)
    if isinstance(checked, Rejected):
        return checked
    compact = unicodedata.normalize("NFKC", checked).replace(" ", "").replace("\n", "")
    choices = period_choices(question, now)
    if compact.isdigit() and 1 <= int(compact) <= len(choices) and len(compact) < 3:
        return choices[int(compact) - 1].answer
    labelled = _LABELLED.match(compact)
    if labelled:
        return PeriodAnswer(year=int(labelled[2]), span=labelled[1])  # type: ignore[arg-type]
    year, rest = _typed_year(compact, now)
    if year == -1:
        return Rejected(message=YEAR_HELP)
    rest = rest.removeprefix("的")
    if rest in _WHOLE_YEAR or rest in _HALVES:
        span = "全年" if rest in _WHOLE_YEAR else _HALVES[rest]
        return PeriodAnswer(year=year if year is not None else default_year(span, now, question.last_year_until), span=span)  # type: ignore[arg-type]
    return _stage(checked, compact, rest, year, now)


def _typed_year(compact: str, now: datetime) -> tuple[int | None, str]:
    """(the year typed at the start, the rest); -1 for a year that cannot be; None when
    no year was typed. 「今年以来」 keeps its 今年: it is how the stage is said."""
    match = _YEAR_FIRST.match(compact)
    if match:
        typed = match[1] or match[2]
        value = int(typed) if typed.isdigit() else _date_part(typed)
        if value is None or not 1949 <= value <= 2100:
            return -1, ""
        return value, compact[match.end():]
    for word, back in sorted(_YEARS_BACK.items(), key=lambda pair: -len(pair[0])):
        if compact.startswith(word):
            rest = compact[len(word):]
            return now.year - back, compact if rest.startswith("以来") else rest
    return None, compact


def _stage(checked: str, compact: str, rest: str, year: int | None, now: datetime) -> PeriodAnswer:
    """A stage in the clerk's words, without the year (PeriodAnswer.display adds it)."""
    for words, weeks in _WEEKS.items():
        if rest == words:
            return _week(now, weeks, words)
    for words, months in _MONTHS.items():
        if rest == words:
            month = date(now.year, now.month, 1) - timedelta(days=1) if months else now
            return PeriodAnswer(year=month.year, span="阶段", words=words, dates=f"{month.month}月")
    # The clerk's own characters (7—8月 keeps its dash), less the year typed before them.
    words = checked.replace("\n", " ").strip()
    if rest != compact:
        words = rest
    if year is None:
        first = _first_month(rest)
        year = now.year if first is None or first <= now.month else now.year - 1
    return PeriodAnswer(year=year, span="阶段", words=words)


def _first_month(words: str) -> int | None:
    """The month a stage begins (7—8月 -> 7, 第三季度 -> 7), if it names one."""
    month, quarter = _MONTH.search(words), _QUARTER.search(words)
    found: list[tuple[int, int]] = []
    if month:
        value = int(month[1]) if month[1].isdigit() else _date_part(month[1])
        if value is not None and 1 <= value <= 12:
            found.append((month.start(), value))
    if quarter:
        number = int(quarter[1]) if quarter[1].isdigit() else "一二三四".index(quarter[1]) + 1
        found.append((quarter.start(), 3 * number - 2))
    return min(found)[1] if found else None


def _week(now: datetime, weeks: int, words: str) -> PeriodAnswer:
    """本周 with its dates, Monday to Sunday: 11月23日—29日, 11月30日—12月6日."""
    monday = now.date() - timedelta(days=now.weekday()) + timedelta(weeks=weeks)
    sunday = monday + timedelta(days=6)
    end = f"{sunday.day}日" if sunday.month == monday.month else f"{sunday.month}月{sunday.day}日"
    return PeriodAnswer(year=monday.year, span="阶段", words=words, dates=f"{monday.month}月{monday.day}日—{end}")


def read_back(answer: PeriodAnswer) -> str:
    """What the clerk is told was stored, with its year as the title will say it."""
    return f"时间段记为：{with_title(answer)}。"


def with_title(answer: PeriodAnswer) -> str:
    """The period as shown, and as the title will say it where that differs: 今年以来（标题写「2027年」）."""
    shown, titled = answer.display(), answer.title_text()
    return f"{shown}（标题写「{titled}」）" if titled and titled != shown else shown


# --- the sign date ------------------------------------------------------------------------


def with_year(answer: DateAnswer, period: PeriodAnswer | None, now: datetime) -> DateAnswer:
    """A date typed without a year, with the year nearest to ``now`` that fits the period
    (its year or the next: 12月28日 for 2026 typed in January 2027 is 2026's, 1月10日 is 2027's)."""
    if answer.year is not None or answer.month is None:
        return answer
    years = [period.year, period.year + 1] if period is not None and period.year is not None else [now.year - 1, now.year, now.year + 1]
    day = answer.day or 1
    fitting = [year for year in years if day <= calendar.monthrange(year, answer.month)[1]]
    if not fitting:
        return answer  # 2月29日 in no leap year nearby: left as typed
    today = now.date()
    year = min(fitting, key=lambda y: (abs((date(y, answer.month, day) - today).days), y))
    return answer.model_copy(update={"year": year})


def doubt(answer: DateAnswer, period: PeriodAnswer | None) -> str | None:
    """Why a sign date looks wrong for the period (signed before it began, or more than a
    year after), or None."""
    if period is None or period.year is None or answer.year is None:
        return None
    if period.year <= answer.year <= period.year + 1:
        return None
    return f"落款日期是{answer.display()}，可这份材料写的是{period.display()}的工作。"
