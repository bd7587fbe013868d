"""核对 of an earlier summary, asked before this year's interview goes on.

A draft that starts from an earlier one (dialogs.carry) first shows, one message per
section that carries facts, what would carry over, with 「没变」「改一下」「今年没有」; a
section's message that names its first count also takes this year's line for it, typed,
as 「没变」 and that line. The work sections that said only 「没有」 come together in one
message after them (今年也没有 / 今年有: asked as for a new draft). Then each of last
year's 下一步打算 and 存在问题 once, in one message: 完成 / 部分完成 / 未完成·转入存在问题 /
未完成·转入今年打算 / 不再提, where typing what was done answers 完成 in the clerk's words;
部分完成 asks what was done, saying where the rest goes (a plan's into this year's 打算, a
problem's into 存在问题; buttons change it before the words are sent). Last, the period and
sign date a year on from the earlier draft's and its 总体评价 as it was, offered together
(对 / 改一下). Nothing is copied before the clerk has seen it; once everything is checked
the interview asks what is still open (this year's other counts …), last year's figures
beside.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dialogs.answering import figures_read_back
from dialogs.answers import Answer, DateAnswer, GroupAnswer, PeriodAnswer, TextAnswer
from dialogs.carry import EARLIER_PLANS, apply_checklist, apply_decision, carries_facts, sections_to_check
from dialogs.carryover import INTO, OUTCOMES, CarryOver, CheckItem, Decision, Into
from dialogs.checklist import find_slot, with_answer
from dialogs.figures import parse_figures
from dialogs.parsing import Rejected, clean_text, parse_text
from dialogs.periods import with_title
from dialogs.prompts import PAUSE
from dialogs.questionnaire import Question, Questionnaire, Section
from dialogs.replies import Button, Reply
from dialogs.review import describe_answer
from dialogs.showing import error, info, show_current
from dialogs.state import InterviewState

DECISIONS: dict[str, Decision] = {"keep": "keep", "change": "change", "drop": "drop"}
DECISION_BUTTONS = [Button(label="没变", action="keep"), Button(label="改一下", action="change"), Button(label="今年没有", action="drop")]
NOTHING_BUTTONS = [Button(label="今年也没有", action="keep"), Button(label="今年有，逐项问我", action="drop")]
OUTCOME_BUTTONS = [Button(label=label, action=f"o{index}") for index, label in enumerate(OUTCOMES)]
# 未完成 and where it goes, in one press (undone<i> carries it into INTO[i]); an unfinished
# one carried nowhere is 不再提.
UNDONE_LABELS = ("未完成·转入存在问题", "未完成·转入今年打算")
UNDONE_BUTTONS = [Button(label=label, action=f"undone{index}") for index, label in enumerate(UNDONE_LABELS)]
CHECK_BUTTONS = [OUTCOME_BUTTONS[:2], UNDONE_BUTTONS[::-1], OUTCOME_BUTTONS[3:]]
INTO_LABELS = ("写进存在问题", "写进下一步打算", "不写")
INTO_BUTTONS = [Button(label=label, action=f"into{index}") for index, label in enumerate(INTO_LABELS)]
# 部分完成: where the rest goes is said with the question of what was done (a plan's rest
# into this year's 打算, a problem's into 存在问题); these change it before the words are sent.
REST_LABELS = ("余下写进存在问题", "余下写进下一步打算", "余下不写")
REST_BUTTONS = [Button(label=label, action=f"into{index}") for index, label in enumerate(REST_LABELS)]
REST_SAID = ("没做完的部分会写进今年的存在问题", "没做完的部分会写进今年的下一步打算", "没做完的部分不写进今年的总结")
# Typed where the outcome is asked, words that say it was not (all) done are no account of
# what was done: never taken as 完成.
NOT_DONE_WORDS = ("未完成", "没完成", "没有完成", "尚未", "未落实", "没落实", "没有落实", "未解决", "没解决", "没有解决", "部分完成", "还没", "没做", "没有做")
CURSOR = "核对:"  # a cursor no question path can be (paths are ASCII identifiers)
A_YEAR_ON = f"{CURSOR}a_year_on"  # the period and sign date a year on, 总体评价 (no section has this id)
A_YEAR_ON_BUTTONS = [Button(label="对", action="keep"), Button(label="改一下", action="change")]
CHECKED = "去年的内容核对完了，接下来填今年的情况。"
NOT_NOW = "正在核对去年的内容，这一步不能「{what}」。核对完后可以用「查看」「修改 N」改任何一项。"


@dataclass(frozen=True)
class _Open:
    sections: tuple[Section, ...] = ()  # a section that carries facts, or those that said 「没有」
    said_nothing: bool = False
    item: int | None = None
    a_year_on: bool = False  # the period and sign date a year on and the 总体评价, offered together


def is_open(q: Questionnaire, st: InterviewState) -> bool:
    return st.carry is not None and _next(q, st.carry) is not None


def _split(q: Questionnaire, carry: CarryOver) -> tuple[list[Section], list[Section]]:
    """The sections to check: those shown one by one, and the work sections that said only
    「没有」 (nothing of theirs to read; checked together, one answer for all)."""
    sections = sections_to_check(q, carry)
    nothing = [s for s in sections if s.role == "work" and not carries_facts(s, carry)]
    return [s for s in sections if s not in nothing], nothing


def _next(q: Questionnaire, carry: CarryOver) -> _Open | None:
    one_by_one, nothing = _split(q, carry)
    for section in one_by_one:
        if section.id not in carry.decisions:
            return _Open(sections=(section,))
    if any(section.id not in carry.decisions for section in nothing):
        return _Open(sections=tuple(nothing), said_nothing=True)
    for index, item in enumerate(carry.checklist):
        if not item.settled:
            return _Open(item=index)
    return _Open(a_year_on=True) if carry.a_year_on else None


def show(q: Questionnaire, st: InterviewState) -> list[Reply]:
    """The check on screen now (the caller knows one is open)."""
    assert st.carry is not None
    at = _next(q, st.carry)
    assert at is not None
    # The check on screen, named apart from every question's path: a new check is a new
    # message, not the last one redrawn (adapters redraw a press whose cursor did not move).
    st.cursor = _cursor(st.carry, at)
    if at.sections:
        reply = _nothing_reply if at.said_nothing else _section_reply
        return [reply(q, st.carry, at.sections)]
    if at.a_year_on:
        return [_a_year_on_reply(q, st.carry)]
    assert at.item is not None
    return [_item_reply(st.carry, at.item)]


def _cursor(carry: CarryOver, at: _Open) -> str:
    if at.sections:
        return CURSOR + "+".join(section.id for section in at.sections)
    if at.a_year_on:
        return A_YEAR_ON
    assert at.item is not None
    item = carry.checklist[at.item]
    return f"{CURSOR}{at.item}.{'outcome' if item.outcome is None else 'words' if item.needs_words else 'into'}"


def _when(carry: CarryOver) -> str:
    origin = carry.report.origin
    return "导入文件" if origin.kind == "imported" else (f"{origin.year}年" if origin.year else "上一份")


def _steps(q: Questionnaire, carry: CarryOver) -> tuple[int, int]:
    """(section checks done, section checks in all): the 「没有」 sections are one."""
    one_by_one, nothing = _split(q, carry)
    done = sum(1 for s in one_by_one if s.id in carry.decisions) + (1 if nothing and all(s.id in carry.decisions for s in nothing) else 0)
    return done, len(one_by_one) + (1 if nothing else 0)


def _progress(q: Questionnaire, carry: CarryOver) -> str:
    done, total = _steps(q, carry)
    done += sum(1 for item in carry.checklist if item.settled)
    total += len(carry.checklist) + (1 if carry.a_year_on else 0)
    return f"核对{_when(carry)}的内容 · 第 {done + 1} / {total} 项"


def _section_reply(q: Questionnaire, carry: CarryOver, sections: tuple[Section, ...]) -> Reply:
    [section] = sections
    lines = [f"【{section.title}】{_when(carry)}写过这些："]
    for question in section.questions:
        answer = carry.answers.get(question.id)
        if answer is not None:
            lines.extend(_fact_lines(question.label, question.item_name, answer))
        elif question.id in carry.skipped:
            lines.append(f"· {question.label}：没有")
    ids = {question.id for question in section.questions}
    counts = [text for path, text in carry.last_year.items() if path.split("#")[0] in ids]
    typed = typed_count(q, carry, section)
    if counts and typed is None:
        lines.append(f"数字不沿用，问到时请填今年的（{_when(carry)}：{'；'.join(counts)}）。")
    lines.append("今年还是这样吗？「改一下」会逐条给您看，发新内容就改，点「跳过」保留。")
    if typed is not None:
        rest = "；其余的数字问到时再填" if len(counts) > 1 else ""
        lines.append(f"数字不沿用。没变的话，直接发今年{_count_name(q, carry, typed)}的做法和数字就行，算作「没变」（{_when(carry)}：{carry.last_year[typed]}）{rest}。")
    buttons = DECISION_BUTTONS if section.role == "work" else DECISION_BUTTONS[:2]
    return Reply(kind="question", text="\n".join(lines), progress=_progress(q, carry), buttons=[list(buttons)])


def typed_count(q: Questionnaire, carry: CarryOver, section: Section) -> str | None:
    """The path of the section's first count asked this year, when it is a line of figures:
    its 核对 takes this year's line typed as 「没变」 and that line (one message, not two)."""
    ids = {question.id for question in section.questions}
    path = next((path for path in carry.last_year if path.split("#")[0] in ids), None)
    return path if path is not None and _question_at(q, path).kind == "figures" else None


def _question_at(q: Questionnaire, path: str) -> Question:
    top, _, sub = path.partition("#")
    question = q.question(top)
    return next(s for s in question.questions if s.id == sub.partition(".")[2]) if sub else question


def _count_name(q: Questionnaire, carry: CarryOver, path: str) -> str:
    """督查考核1 (the item as its 核对 line names it), or the question's label."""
    top, _, sub = path.partition("#")
    return f"{q.question(top).item_name}{int(sub.partition('.')[0]) + 1}" if sub else q.question(top).label


def _nothing_reply(q: Questionnaire, carry: CarryOver, sections: tuple[Section, ...]) -> Reply:
    titles = "".join(f"【{section.title}】" for section in sections)
    all_of = "都" if len(sections) > 1 else ""
    text = f"{titles}{_when(carry)}写的{all_of}是「没有」。\n今年也{all_of}没有吗？有的话点「今年有」，按新的逐项问您。"
    return Reply(kind="question", text=text, progress=_progress(q, carry), buttons=[list(NOTHING_BUTTONS)])


def _a_year_on_reply(q: Questionnaire, carry: CarryOver) -> Reply:
    when = _when(carry)
    lines = [f"今年这份材料，照{when}的往后推一年："]
    for question_id, answer in carry.a_year_on.items():
        if answer is None:
            shown = f"不写（{when}也没写）"
        elif isinstance(answer, PeriodAnswer):
            shown = f"{answer.year}年全年" if answer.span == "全年" else with_title(answer)
        else:
            shown = describe_answer(answer) + ("" if isinstance(answer, DateAnswer) else f"（同{when}）")
        lines.append(f"· {q.question(question_id).label}：{shown}")
    lines.append("对吗？不对就点「改一下」，到时逐项问您。")
    return Reply(kind="question", text="\n".join(lines), progress=_progress(q, carry), buttons=[list(A_YEAR_ON_BUTTONS)])


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
    progress = f"核对{_when(carry)}的打算和问题 · 第 {index + 1} / {len(carry.checklist)} 项"
    if item.outcome is None:
        verb = "落实" if item.kind == "plans" else "解决"
        ask = f"今年{verb}得怎样？完成了就直接发一句话，说说今年做了什么，会写进总结。\n例如：完成12条背街小巷改造"
        return Reply(kind="question", text=f"{header}\n{ask}", progress=progress, buttons=CHECK_BUTTONS)
    if item.needs_words and item.outcome == "完成":
        ask = "今年做了什么、做到了什么程度？用一句话说说，会写进总结。"
        return Reply(kind="question", text=f"{header}（完成）\n{ask}\n例如：完成12条背街小巷改造", progress=progress, buttons=[[PAUSE]])
    if item.needs_words:
        rest = INTO.index(_rest_into(item))
        ask = f"今年做了哪些、还差什么？用一句话说说，会写进总结。\n{REST_SAID[rest]}，要改的话先点下面的按钮。"
        others = [button for index, button in enumerate(REST_BUTTONS) if index != rest]
        return Reply(kind="question", text=f"{header}（部分完成）\n{ask}\n例如：完成8条背街小巷改造", progress=progress, buttons=[others, [PAUSE]])
    return Reply(kind="question", text=f"{header}（{item.outcome}）\n没完成的部分，要写进今年的总结吗？", progress=progress, buttons=[INTO_BUTTONS])


def handle(q: Questionnaire, st: InterviewState, command: str, argument: str, now: datetime) -> list[Reply]:
    """One press or message while a check is open: recorded, then the next check (or the interview)."""
    assert st.carry is not None
    at = _next(q, st.carry)
    assert at is not None
    if st.cursor != _cursor(st.carry, at):
        # The check on screen was drawn before an update that asks it otherwise (one
        # message for sections once asked one by one): show the one open now, take nothing.
        return show(q, st)
    if command == "done":  # 「完成」 typed is the outcome's label, not the list command
        command, argument = "answer", "完成"
    if command == "none" and at.said_nothing:  # 「都没有」 typed: still none this year
        command = "keep"
    if command in ("back", "edit", "yes", "no", "none"):
        return [error(NOT_NOW.format(what=_COMMAND_WORDS.get(command, command))), *show(q, st)]
    if at.sections:
        said = _decide(q, st, at, command, argument)
    elif at.a_year_on:
        said = _take_a_year_on(st, command, argument)
    else:
        assert at.item is not None
        said = _answer_item(q, st.carry, st.carry.checklist[at.item], command, argument)
    if said is not None and said.kind == "error":
        return [said, *show(q, st)]
    noted = [said] if said is not None else []
    if is_open(q, st):
        return [*noted, *show(q, st)]
    apply_checklist(st)
    return [*noted, info(CHECKED), *show_current(q, st, now)]


_COMMAND_WORDS = {"back": "上一步", "edit": "修改", "yes": "是", "no": "否", "none": "都没有"}
_TYPED_DECISIONS: dict[str, str] = {"没变": "keep", "改一下": "change", "今年没有": "drop"}
_TYPED_NOTHING: dict[str, str] = {"今年也没有": "keep", "没有": "keep", "都没有": "keep", "没变": "keep", "今年有，逐项问我": "drop", "今年有": "drop", "有": "drop"}


def _decide(q: Questionnaire, st: InterviewState, at: _Open, command: str, argument: str) -> Reply | None:
    typed = _TYPED_NOTHING if at.said_nothing else _TYPED_DECISIONS
    if command == "skip":
        command = "drop"  # 跳过 carries nothing: the section is asked as for a new draft
    elif command == "answer":
        command = typed.get(clean_text(argument).strip("。！!"), "")
        if not command and not at.said_nothing:
            return _kept_with_count(q, st, at.sections[0], argument)
    decision = DECISIONS.get(command)
    if at.said_nothing and decision not in ("keep", "drop"):
        return error("请点「今年也没有」或「今年有，逐项问我」。")
    if decision is None or (decision == "drop" and at.sections[0].role != "work" and command != "drop"):
        return error("请点「没变」「改一下」或「今年没有」。")
    for section in at.sections:
        apply_decision(q, st, section, decision)
    return None


def _kept_with_count(q: Questionnaire, st: InterviewState, section: Section, argument: str) -> Reply | None:
    """This year's line for the count the section's 核对 asks: the section 没变 and the line
    kept; words that are neither a decision nor a line of figures are refused, nothing taken."""
    assert st.carry is not None
    path = typed_count(q, st.carry, section)
    if path is None:
        return error("请点「没变」「改一下」或「今年没有」。")
    parsed = parse_figures(argument, _question_at(q, path))
    if isinstance(parsed, Rejected):
        return error(parsed.message)
    said = figures_read_back(parsed, fix="不对的话，核对完后用「查看」「修改 N」改。")
    if said is None:  # no figure in it: not this year's line (「差不多吧」), so no 「没变」 either
        return error(f"请点「没变」「改一下」或「今年没有」；没变的话也可以直接发今年{_count_name(q, st.carry, path)}的做法和数字。")
    apply_decision(q, st, section, "keep")
    slot = find_slot(q, st, path)
    if slot is None:  # not asked after all (its item is gone): the line has nowhere to go
        return info(f"「{section.title}」没变。")
    st.answers = with_answer(st, slot, parsed)
    return info(f"「{section.title}」没变。{said}")


def _take_a_year_on(st: InterviewState, command: str, argument: str) -> Reply | None:
    """对: the answers offered are this year's (one left out is left out); 改一下 (or 跳过): asked as new."""
    assert st.carry is not None
    typed = {"对": "keep", "是": "keep", "对的": "keep", "改一下": "change", "不对": "change"}
    if command == "answer":
        command = typed.get(clean_text(argument).strip("。！!"), "")
    if command not in ("keep", "change", "skip"):
        return error("请点「对」或「改一下」。")
    if command == "keep":
        for question_id, answer in st.carry.a_year_on.items():
            if answer is not None:
                st.answers[question_id] = answer
            elif question_id not in st.skipped:
                st.skipped.append(question_id)  # left out again, as shown
    st.carry.a_year_on = {}
    return None


def _answer_item(q: Questionnaire, carry: CarryOver, item: CheckItem, command: str, argument: str) -> Reply | None:
    text = clean_text(argument).strip("。！!") if command == "answer" else ""
    if item.outcome is None:
        return _outcome(q, item, command, text, argument)
    if item.needs_words:
        rest = _pick(command, "into", INTO, text, labels=REST_LABELS) if item.outcome == "部分完成" else None
        if rest is not None:
            item.into = rest
            return None
        if command != "answer":
            return error("请用一句话说说今年做了什么，这句话会写进总结。")
        words = _words(q, item.outcome, argument)
        if isinstance(words, Rejected):
            return error(words.message)
        item.words = words
        if item.outcome == "部分完成":
            item.into = _rest_into(item)  # as the question said, where the clerk saw it
        return None
    into = _pick(command, "into", INTO, text, labels=INTO_LABELS)
    if command == "skip":
        into = "none"
    if into is None:
        return error("请点「写进存在问题」「写进下一步打算」或「不写」。")
    item.into = into
    return None


def _outcome(q: Questionnaire, item: CheckItem, command: str, text: str, argument: str) -> Reply | None:
    """完成 / 部分完成 / 未完成 (with where it goes) / 不再提 pressed or typed; any other
    words typed are what was done: 完成, in the clerk's words."""
    into = _pick(command, "undone", INTO, text, labels=UNDONE_LABELS)
    if into is not None:
        item.outcome, item.into = "未完成", into
        return None
    # 「完成了」「已完成」 are the label said in a sentence: the label's answer.
    outcome = "不再提" if command == "skip" else _pick(command, "o", OUTCOMES, text.removeprefix("已").removesuffix("了"))
    if outcome is not None:
        item.outcome = outcome
        return None
    if command != "answer" or not text:
        return error("请点「完成」「部分完成」「未完成」或「不再提」，完成了也可以直接发一句话说说做了什么。")
    if any(word in text for word in NOT_DONE_WORDS):
        return error("没有全部完成的话，请点「部分完成」或「未完成」；完成了就用一句话说说今年做了什么。")
    words = _words(q, "完成", argument)
    if isinstance(words, Rejected):
        return error(words.message)
    item.outcome, item.words = "完成", words
    return info(f"记下了：完成，今年已{words}。")


def _rest_into(item: CheckItem) -> Into:
    """Where the rest of a 部分完成 goes: as chosen, else where it was (a plan's into 打算)."""
    return item.into if item.into is not None else item.kind


def _words(q: Questionnaire, outcome: str, argument: str) -> str | Rejected:
    """What was done (完成) or done so far (部分完成), as the clerk typed it."""
    question = q.question(EARLIER_PLANS).questions[2 if outcome == "完成" else 3]
    parsed = parse_text(argument, question)
    return parsed if isinstance(parsed, Rejected) else _without_already(parsed)


def _pick(command: str, prefix: str, values: tuple[str, ...], text: str, labels: tuple[str, ...] | None = None) -> str | None:
    if command.startswith(prefix) and command[len(prefix):].isdigit():
        index = int(command[len(prefix):])
        return values[index] if index < len(values) else None
    shown = labels or values
    return values[shown.index(text)] if text in shown else None


def _without_already(answer: TextAnswer) -> str:
    """The clerk's words as the sentence 「今年已……」 takes them: a leading 今年/已 said once."""
    return answer.text.removeprefix("今年").removeprefix("已") or answer.text
