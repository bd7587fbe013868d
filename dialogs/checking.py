"""核对 of an earlier summary, asked before this year's interview goes on.

A draft that starts from an earlier one (dialogs.carry) first shows, one message per
section, what would carry over, with 「没变」「改一下」「今年没有」; then each of last year's
下一步打算 and 存在问题 once: 完成 / 部分完成 / 未完成 / 不再提, what was done in the clerk's
words, and whether an unfinished one goes into this year's 存在问题 or 打算. Nothing is
copied before the clerk has seen it; once everything is checked the interview asks what
is still open (this year's counts, the period …), last year's figures beside.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dialogs.answers import Answer, GroupAnswer, TextAnswer
from dialogs.carry import EARLIER_PLANS, apply_checklist, apply_decision, sections_to_check
from dialogs.carryover import INTO, OUTCOMES, CarryOver, CheckItem, Decision
from dialogs.parsing import Rejected, clean_text, parse_text
from dialogs.prompts import PAUSE
from dialogs.questionnaire import Questionnaire, Section
from dialogs.replies import Button, Reply
from dialogs.review import describe_answer
from dialogs.showing import error, info, show_current
from dialogs.state import InterviewState

DECISIONS: dict[str, Decision] = {"keep": "keep", "change": "change", "drop": "drop"}
DECISION_BUTTONS = [Button(label="没变", action="keep"), Button(label="改一下", action="change"), Button(label="今年没有", action="drop")]
OUTCOME_BUTTONS = [Button(label=label, action=f"o{index}") for index, label in enumerate(OUTCOMES)]
INTO_LABELS = ("写进存在问题", "写进下一步打算", "不写")
INTO_BUTTONS = [Button(label=label, action=f"into{index}") for index, label in enumerate(INTO_LABELS)]
CURSOR = "核对:"  # a cursor no question path can be (paths are ASCII identifiers)
CHECKED = "去年的内容核对完了，接下来填今年的情况。"
NOT_NOW = "正在核对去年的内容，这一步不能「{what}」。核对完后可以用「查看」「修改 N」改任何一项。"


@dataclass(frozen=True)
class _Open:
    section: Section | None = None
    item: int | None = None


def is_open(q: Questionnaire, st: InterviewState) -> bool:
    return st.carry is not None and _next(q, st.carry) is not None


def _next(q: Questionnaire, carry: CarryOver) -> _Open | None:
    for section in sections_to_check(q, carry):
        if section.id not in carry.decisions:
            return _Open(section=section)
    for index, item in enumerate(carry.checklist):
        if not item.settled:
            return _Open(item=index)
    return None


def show(q: Questionnaire, st: InterviewState) -> list[Reply]:
    """The check on screen now (the caller knows one is open)."""
    assert st.carry is not None
    at = _next(q, st.carry)
    assert at is not None
    # The check on screen, named apart from every question's path: a new check is a new
    # message, not the last one redrawn (adapters redraw a press whose cursor did not move).
    if at.section is not None:
        st.cursor = f"{CURSOR}{at.section.id}"
        return [_section_reply(q, st.carry, at.section)]
    assert at.item is not None
    item = st.carry.checklist[at.item]
    st.cursor = f"{CURSOR}{at.item}.{'outcome' if item.outcome is None else 'words' if item.needs_words else 'into'}"
    return [_item_reply(st.carry, at.item)]


def _progress(carry: CarryOver, done: int, total: int) -> str:
    return f"核对{_when(carry)}的内容 · 第 {done + 1} / {total} 项"


def _when(carry: CarryOver) -> str:
    origin = carry.report.origin
    return "导入文件" if origin.kind == "imported" else (f"{origin.year}年" if origin.year else "上一份")


def _count(q: Questionnaire, carry: CarryOver) -> tuple[int, int]:
    sections = sections_to_check(q, carry)
    done = sum(1 for s in sections if s.id in carry.decisions) + sum(1 for item in carry.checklist if item.settled)
    return done, len(sections) + len(carry.checklist)


def _section_reply(q: Questionnaire, carry: CarryOver, section: Section) -> Reply:
    lines = [f"【{section.title}】{_when(carry)}写过这些："]
    for question in section.questions:
        answer = carry.answers.get(question.id)
        if answer is not None:
            lines.extend(_fact_lines(question.label, question.item_name, answer))
        elif question.id in carry.skipped:
            lines.append(f"· {question.label}：没有")
    ids = {question.id for question in section.questions}
    counts = [text for path, text in carry.last_year.items() if path.split("#")[0] in ids]
    if counts:
        lines.append(f"数字不沿用，问到时请填今年的（{_when(carry)}：{'；'.join(counts)}）。")
    lines.append("今年还是这样吗？「改一下」会逐条给您看，发新内容就改，点「跳过」保留。")
    buttons = DECISION_BUTTONS if section.role == "work" else DECISION_BUTTONS[:2]
    return Reply(kind="question", text="\n".join(lines), progress=_progress(carry, *_count(q, carry)), buttons=[list(buttons)])


def _fact_lines(label: str, item_name: str, answer: Answer) -> list[str]:
    if isinstance(answer, GroupAnswer):
        lines = []
        for index, item in enumerate(answer.items, start=1):
            said = "；".join(describe_answer(sub) for sub in item.values() if describe_answer(sub))
            lines.append(f"· {item_name}{index}：{said or '（数字待填）'}")
        return lines
    return [f"· {label}：{describe_answer(answer)}"]  # an empty choice reads 「没有」: checked too


def _item_reply(carry: CarryOver, index: int) -> Reply:
    item = carry.checklist[index]
    what = "打算" if item.kind == "plans" else "问题"
    header = f"{_when(carry)}提出的{what}：{item.text}"
    done, total = index + len(carry.decisions), len(carry.checklist) + len(carry.decisions)
    progress = f"核对{_when(carry)}的打算和问题 · 第 {done + 1} / {total} 项"
    if item.outcome is None:
        verb = "落实" if item.kind == "plans" else "解决"
        return Reply(kind="question", text=f"{header}\n今年{verb}得怎样？", progress=progress, buttons=[OUTCOME_BUTTONS[:2], OUTCOME_BUTTONS[2:]])
    if item.needs_words:
        ask = "今年做了什么、做到了什么程度？用一句话说说，会写进总结。" if item.outcome == "完成" else "今年做了哪些、还差什么？用一句话说说，会写进总结。"
        return Reply(kind="question", text=f"{header}（{item.outcome}）\n{ask}\n例如：完成12条背街小巷改造", progress=progress, buttons=[[PAUSE]])
    return Reply(kind="question", text=f"{header}（{item.outcome}）\n没完成的部分，要写进今年的总结吗？", progress=progress, buttons=[INTO_BUTTONS])


def handle(q: Questionnaire, st: InterviewState, command: str, argument: str, now: datetime) -> list[Reply]:
    """One press or message while a check is open: recorded, then the next check (or the interview)."""
    assert st.carry is not None
    at = _next(q, st.carry)
    assert at is not None
    if command == "done":  # 「完成」 typed is the outcome's label, not the list command
        command, argument = "answer", "完成"
    if command in ("back", "edit", "yes", "no", "none"):
        return [error(NOT_NOW.format(what=_COMMAND_WORDS.get(command, command))), *show(q, st)]
    if at.section is not None:
        problem = _decide(q, st, at.section, command, argument)
    else:
        assert at.item is not None
        problem = _answer_item(q, st.carry, st.carry.checklist[at.item], command, argument)
    if problem:
        return [error(problem), *show(q, st)]
    if is_open(q, st):
        return show(q, st)
    apply_checklist(st)
    return [info(CHECKED), *show_current(q, st, now)]


_COMMAND_WORDS = {"back": "上一步", "edit": "修改", "yes": "是", "no": "否", "none": "都没有"}


def _decide(q: Questionnaire, st: InterviewState, section: Section, command: str, argument: str) -> str:
    typed = {"没变": "keep", "改一下": "change", "今年没有": "drop", "跳过": "drop"}
    if command == "skip":
        command = "drop"  # 跳过 carries nothing: the section is asked as for a new draft
    elif command == "answer":
        command = typed.get(clean_text(argument).strip("。！!"), "")
    decision = DECISIONS.get(command)
    if decision is None or (decision == "drop" and section.role != "work" and command != "drop"):
        return "请点「没变」「改一下」或「今年没有」。"
    apply_decision(q, st, section, decision)
    return ""


def _answer_item(q: Questionnaire, carry: CarryOver, item: CheckItem, command: str, argument: str) -> str:
    text = clean_text(argument).strip("。！!") if command == "answer" else ""
    if item.outcome is None:
        outcome = _pick(command, "o", OUTCOMES, text)
        if command == "skip":
            outcome = "不再提"
        if outcome is None:
            return "请点「完成」「部分完成」「未完成」或「不再提」。"
        item.outcome = outcome
        return ""
    if item.needs_words:
        if command != "answer":
            return "请用一句话说说今年做了什么，这句话会写进总结。"
        question = q.question(EARLIER_PLANS).questions[2 if item.outcome == "完成" else 3]
        parsed = parse_text(argument, question)
        if isinstance(parsed, Rejected):
            return parsed.message
        item.words = _without_already(parsed)
        return ""
    into = _pick(command, "into", INTO, text, labels=INTO_LABELS)
    if command == "skip":
        into = "none"
    if into is None:
        return "请点「写进存在问题」「写进下一步打算」或「不写」。"
    item.into = into
    return ""


def _pick(command: str, prefix: str, values: tuple[str, ...], text: str, labels: tuple[str, ...] | None = None) -> str | None:
    if command.startswith(prefix) and command[len(prefix):].isdigit():
        index = int(command[len(prefix):])
        return values[index] if index < len(values) else None
    shown = labels or values
    return values[shown.index(text)] if text in shown else None


def _without_already(answer: TextAnswer) -> str:
    """The clerk's words as the sentence 「今年已……」 takes them: a leading 今年/已 said once."""
    return answer.text.removeprefix("今年").removeprefix("已") or answer.text
