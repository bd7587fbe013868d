"""Replay the conversation scripts of real documents through the engine.

Used by tests/test_interview_scripts.py (every fact reaches the draft) and by
bench/interview.py (questions shown, 跳过, catch-all facts, refused inputs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from dialogs.answers import Answer, GroupAnswer, MultiAnswer, TextAnswer
from dialogs.engine import start, step
from dialogs.questionnaire import Questionnaire
from dialogs.replies import Input
from dialogs.review import describe_answer
from dialogs.state import InterviewState
from drafting.document import Document
from drafting.prose.layouts import LAYOUTS
from drafting.prose.render import render_document
from drafting.prose.typography import tidy_text

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPTS_DIR = ROOT / "tests" / "scripts"
SAMPLES_DIR = ROOT / "dialogs" / "samples"
INTERVIEWS_DIR = ROOT / "tests" / "interviews"  # clerks' interviews typed as at the console
NOW_YEAR = 2026
DEFAULT_NOW = datetime(NOW_YEAR, 11, 29, 10, 0)
FACT_MARK = "#= "
NOW_MARK = "#@ now:"
SKIP_WORDS = {"跳过"}


@dataclass
class Script:
    """A clerk's messages and the facts the draft must then contain; ``now`` is the day
    the clerk typed them (``#@ now: 2019-08-05``; the periods and dates are read for it)."""

    name: str
    lines: list[str]
    facts: list[str]
    now: datetime = DEFAULT_NOW


@dataclass
class Replay:
    name: str
    state: InterviewState
    shown: int = 0
    skips: int = 0
    refused: list[str] = field(default_factory=list)
    finished: bool = False
    now: datetime = DEFAULT_NOW  # the day the clerk typed it


def read_script(path: Path) -> Script:
    """Messages are the lines that are not comments; ``#= `` lines name a fact of the draft."""
    lines: list[str] = []
    facts: list[str] = []
    now = DEFAULT_NOW
    for raw in path.read_text(encoding="utf-8").splitlines():
        stripped = raw.strip()
        if stripped.startswith(NOW_MARK):
            now = datetime.fromisoformat(stripped.removeprefix(NOW_MARK).strip()).replace(hour=10)
        elif stripped.startswith(FACT_MARK.strip()) and stripped[2:3] == " ":
            facts.append(stripped[3:].strip())
        elif stripped and not stripped.startswith("#"):
            lines.append(raw.replace("\\n", "\n"))
    return Script(path.stem, lines, facts, now)


def all_scripts() -> list[Path]:
    return [*sorted(SCRIPTS_DIR.glob("*.txt")), SAMPLES_DIR / "reference1.txt", SAMPLES_DIR / "reference5.txt"]


def replay(questionnaire: Questionnaire, script: Script) -> Replay:
    now = script.now
    state, replies = start(questionnaire, InterviewState(), now)
    result = Replay(script.name, state, shown=sum(1 for r in replies if r.kind == "question"), now=now)
    for line in script.lines:
        state, replies = step(questionnaire, state, Input.typed(line), now)
        result.shown += sum(1 for r in replies if r.kind == "question")
        result.skips += line.strip() in SKIP_WORDS
        result.refused.extend(f"{line[:20]}：{r.text[:40]}" for r in replies if r.kind == "error")
        result.finished = any(r.kind == "finished" for r in replies) or result.finished
    result.state = state
    return result


def draft_text(document: Document) -> str:
    from tests.support.quality import block_text

    return "\n".join([document.title, document.byline, *(block_text(b) for b in document.blocks), document.signature_unit, document.signature_date])


def missing_facts(questionnaire: Questionnaire, script: Script, state: InterviewState) -> dict[str, list[str]]:
    """Per layout, the facts of the script the draft does not contain."""
    missing: dict[str, list[str]] = {}
    for layout in LAYOUTS:
        text = draft_text(render_document(questionnaire, state, layout))
        absent = [fact for fact in script.facts if tidy_text(fact) not in text and fact not in text]
        if absent:
            missing[layout] = absent
    return missing


def catchall_facts(questionnaire: Questionnaire, script: Script, state: InterviewState) -> list[str]:
    """Facts typed only into an item the clerk had to name (a 其他 pick: no kind of its own)."""
    texts = _catchall_texts(questionnaire, state.answers)
    return [fact for fact in script.facts if any(fact in text for text in texts)]


def _catchall_texts(questionnaire: Questionnaire, answers: dict[str, Answer]) -> list[str]:
    texts: list[str] = []
    for _, question in questionnaire.questions():
        answer = answers.get(question.id)
        if question.kind != "group" or not question.catch_all or not isinstance(answer, GroupAnswer):
            continue
        picks = answers.get(question.seeded_by)
        others = set(picks.others) if isinstance(picks, MultiAnswer) else set()
        for item in answer.items:
            name = item.get("name")
            if isinstance(name, TextAnswer) and name.text in others:
                texts.append("；".join(describe_answer(sub) for sub in item.values()))
    return texts




# --- the same clerk a year later (issue 24) ------------------------------------------------------

# How the returning clerk answers last year's plans and problems, in turn: every path of the
# checklist is taken, and each costs what it costs (完成: what was done, typed; 部分完成: the
# press, what was done and where the rest goes; 未完成: the press that says where it goes).
RETURNING_OUTCOMES = ("完成", "部分完成", "未完成", "不再提")
RETURNING_WORDS = "按计划完成"


def replay_returning(questionnaire: Questionnaire, year_one: Replay) -> Replay:
    """Next year's interview of the clerk of ``year_one``, a year to the day after it, started
    from it: every section kept (没变, or 今年也没有 where it said 「没有」), last year's plans
    and problems answered in turn (RETURNING_OUTCOMES), this year's counts typed as last
    year's lines, the year's own facts (``yearly``: period, verdict, date, an action's name …)
    retyped a year on (2019年上半年 -> 2020年上半年), and whatever else is open skipped.
    Counts the questions shown, as ``replay`` does."""
    from dialogs.carry import begin_from_draft
    from dialogs.checking import A_YEAR_ON, CURSOR, typed_count
    from dialogs.earlier import EarlierOrigin

    now = year_one.now.replace(year=year_one.now.year + 1, day=min(year_one.now.day, 28))
    earlier = year_one.state
    state, replies = start(questionnaire, begin_from_draft(questionnaire, earlier, EarlierOrigin(kind="draft")), now)
    result = Replay(f"{year_one.name} (next year)", state, shown=sum(1 for r in replies if r.kind == "question"), now=now)
    yearly = {question.id for _, question in questionnaire.questions() if question.yearly}
    retyped = {path: _a_year_on(describe_answer(answer)) for path, answer in earlier.answers.items() if path in yearly}
    for _ in range(1000):
        cursor = state.cursor or ""
        carry = state.carry
        assert carry is not None
        if cursor == A_YEAR_ON:  # 对 when it offers what the clerk would type (or skip), else 改一下
            offered = {path: describe_answer(answer) if answer is not None else None for path, answer in carry.a_year_on.items()}
            inp = Input.pressed("keep" if all(retyped.get(path) == text for path, text in offered.items()) else "change", state.turn)
        elif cursor.startswith(CURSOR):
            check = cursor.removeprefix(CURSOR)
            index, _, stage = check.partition(".")
            section = next((s for s in questionnaire.sections if s.id == index), None) if not stage else None
            typed = typed_count(questionnaire, carry, section) if section is not None else None
            if typed is not None:  # 没变, said by typing this year's line of the count it asks
                inp = Input.typed(carry.last_year[typed])
            elif not stage:
                inp = Input.pressed("keep", state.turn)
            elif stage == "outcome":
                inp = _outcome_input(RETURNING_OUTCOMES[int(index) % len(RETURNING_OUTCOMES)], carry.checklist[int(index)].kind, state.turn)
            elif stage == "words":
                inp = Input.typed(RETURNING_WORDS)
            else:
                inp = Input.pressed("into1" if carry.checklist[int(index)].kind == "plans" else "into0", state.turn)
        elif cursor in carry.last_year:
            inp = Input.typed(carry.last_year[cursor])
        elif cursor in retyped:
            inp = Input.typed(retyped[cursor])
        else:
            inp = Input.typed("跳过")
        state, replies = step(questionnaire, state, inp, now)
        result.shown += sum(1 for r in replies if r.kind == "question")
        result.refused.extend(r.text[:40] for r in replies if r.kind == "error")
        if any(r.kind == "finished" for r in replies):
            result.finished = True
            break
    result.state = state
    return result


def _outcome_input(outcome: str, kind: str, turn: int) -> Input:
    """The clerk's answer to one of last year's plans (kind plans) or problems: what was done
    typed for 完成, else the button; an unfinished one stays a plan or a problem this year."""
    if outcome == "完成":
        return Input.typed(RETURNING_WORDS)
    if outcome == "未完成":
        return Input.pressed("undone1" if kind == "plans" else "undone0", turn)
    return Input.pressed("o1" if outcome == "部分完成" else "o3", turn)


def _a_year_on(text: str) -> str:
    """A yearly answer as the same clerk gives it a year later: each year named one on."""
    return re.sub(r"(?<!\d)(19|20)(\d\d)(?=年)", lambda m: str(int(m.group(0)) + 1), text)
