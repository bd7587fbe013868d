"""Answering the question on screen: a typed text, a button, 是/否, 跳过 and 完成.

Typed text is read by the question's kind (dialogs.parsing, dialogs.figures); what is
accepted goes to dialogs.storing, which moves on. 跳过 and 完成 live here, not with
上一步 and 修改, because they settle the question and call back into answering
(跳过 takes the question's default as if typed, 完成 saves what was picked or typed,
and typed multi-choice picks are saved through 完成).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from dialogs.answers import (
    Answer,
    ChoiceAnswer,
    DateAnswer,
    FiguresAnswer,
    GroupAnswer,
    ListAnswer,
    MultiAnswer,
    PeriodAnswer,
    TextAnswer,
    YesNoAnswer,
)
from dialogs.checklist import Slot, answer_at, with_new_item
from dialogs.figures import parse_figures
from dialogs.parsing import (
    Rejected,
    parse_choice,
    parse_date,
    parse_list_items,
    parse_multi_picks,
    parse_number,
    parse_text,
    parse_yesno,
)
from dialogs.periods import doubt, parse_period, read_back, with_year
from dialogs.prompts import DONE, can_skip, confirm_reply, question_reply, suggestions_for
from dialogs.questionnaire import Questionnaire
from dialogs.replies import Reply
from dialogs.showing import error, info, previous
from dialogs.state import InterviewState
from dialogs.storing import advance, multi_answer, store, unskip

DEFAULT_WHY = "这一项总结里一定会用到，请填写后再继续。"


def typed(q: Questionnaire, st: InterviewState, slot: Slot, text: str, now: datetime) -> list[Reply]:
    if slot.role in ("entry", "more") or slot.question.kind == "yesno":
        verdict = parse_yesno(text)
        if isinstance(verdict, Rejected):
            return [error(verdict.message)]
        return yes_no(q, st, slot, verdict.value, now)
    question = slot.question
    if question.kind in ("list", "multi") and _says_none(text) and not question.required:
        # 「没有」 is an answer (none of these), not a skip: the section is simply left out.
        empty: Answer = ListAnswer(items=[]) if question.kind == "list" else MultiAnswer(items=[])
        return store(q, st, slot, empty, now)
    if question.kind == "list":
        items = parse_list_items(text, question)
        if isinstance(items, Rejected):
            return [error(items.message)]
        return _add_pending(q, st, slot, items, now)
    if question.kind == "multi":
        picks = parse_multi_picks(text, question)
        if isinstance(picks, Rejected):
            return [error(picks.message)]
        return _add_pending(q, st, slot, picks, now)
    suggestions = suggestions_for(q, st, slot)
    if suggestions and text.isdigit() and 1 <= int(text) <= len(suggestions):
        text = suggestions[int(text) - 1]
    parsed: Answer | Rejected
    if question.kind == "figures":
        parsed = parse_figures(text, question)
    elif question.kind == "period":
        parsed = parse_period(text, question, now)
    elif question.kind == "number":
        parsed = parse_number(text, question)
    elif question.kind == "date":
        parsed = parse_date(text, question)
    elif question.kind == "choice":
        parsed = parse_choice(text, question)
    else:
        parsed = parse_text(text, question)
    if isinstance(parsed, Rejected):
        return [error(parsed.message)]
    if isinstance(parsed, FiguresAnswer):
        said = figures_read_back(parsed)
        return [*([info(said)] if said else []), *store(q, st, slot, parsed, now)]
    if isinstance(parsed, PeriodAnswer):
        return [info(read_back(parsed)), *store(q, st, slot, parsed, now)]
    if isinstance(parsed, DateAnswer) and question.within:
        return _dated(q, st, slot, parsed, now)
    if isinstance(parsed, ChoiceAnswer) and parsed.named:
        note = f"「{parsed.named}」按「{parsed.choice}」来写（标题、开头和结尾照它的格式）。不合适的话回复「上一步」重新选。"
        return [info(note), *store(q, st, slot, parsed, now)]
    return store(q, st, slot, parsed, now)


KEEP_DATE = "日期没错的话点「日期没错」或再发一次这个日期；不对就发正确的日期。"


def _dated(q: Questionnaire, st: InterviewState, slot: Slot, typed_date: DateAnswer, now: datetime) -> list[Reply]:
    """A sign date with its year (the one nearest ``now`` that fits the period, when none
    was typed); one far from the period is questioned once, then kept if sent again."""
    period = st.answers.get(slot.question.within)
    period = period if isinstance(period, PeriodAnswer) else None
    answer = with_year(typed_date, period, now)
    why = doubt(answer, period)
    if why is not None and not (st.questioned_path == slot.path and st.questioned == answer):
        st.questioned, st.questioned_path = answer, slot.path
        return [confirm_reply(q, st, slot, now, f"{why}{KEEP_DATE}", previous(q, st, slot) is not None)]
    notes = [info(f"落款日期记为：{answer.display()}。")] if typed_date.year is None and answer.year is not None else []
    return [*notes, *store(q, st, slot, answer, now)]


def keep(q: Questionnaire, st: InterviewState, slot: Slot, now: datetime) -> list[Reply]:
    """「日期没错」: the answer questioned at this question, kept as it is."""
    if st.questioned is None or st.questioned_path != slot.path:
        return [error("这个按钮用不了了，请回答最新的问题。")]
    return store(q, st, slot, st.questioned, now)


def picked_period(q: Questionnaire, st: InterviewState, slot: Slot, period: PeriodAnswer, now: datetime) -> list[Reply]:
    """A period button: the year and span it showed."""
    if slot.role != "question" or slot.question.kind != "period":
        return [error("这个按钮用不了了，请回答最新的问题。")]
    return [info(read_back(period)), *store(q, st, slot, period, now)]


_NONE_WORDS = {"没有", "无", "都没有", "没有了", "暂无", "没", "均无"}


def _says_none(text: str) -> bool:
    return unicodedata.normalize("NFKC", text).strip().strip("。！!") in _NONE_WORDS


def figures_read_back(answer: FiguresAnswer, fix: str = "不对的话回复「上一步」重新写。") -> str | None:
    """Show the clerk how the line was read, figure by figure, so a misreading is caught now
    (``fix`` says how to put it right); None for a line without figures (「记下了 0 个数字：」
    and nothing after it tells nothing)."""
    if not any(figure.text for figure in answer.items):
        return None
    lines = [f"记下了 {sum(1 for f in answer.items if f.text)} 个数字："]
    for figure in answer.items:
        if figure.text:
            lines.append(f"· {figure.what or '（同上）'}：{figure.text}")
    lines.append(fix)
    return "\n".join(lines)


def picked(q: Questionnaire, st: InterviewState, slot: Slot, kind: str, index: int, now: datetime) -> list[Reply]:
    question = slot.question
    if slot.role != "question" or (kind != "g" and index >= len(question.choices)):
        return [error("这个按钮用不了了，请回答最新的问题。")]
    if kind == "g":
        suggestions = suggestions_for(q, st, slot)
        if index < len(suggestions):
            return store(q, st, slot, TextAnswer(text=suggestions[index]), now)
        return [error("这个按钮用不了了，请回答最新的问题。")]
    if kind == "c" and question.kind == "choice":
        return store(q, st, slot, ChoiceAnswer(choice=question.choices[index]), now)
    if kind == "c" and question.kind == "period":
        return typed(q, st, slot, question.choices[index], now)
    if kind == "t" and question.kind == "multi":
        choice = question.choices[index]
        chosen = list(st.pending) if st.pending_path == slot.path else []
        chosen = [p for p in chosen if p != choice] if choice in chosen else [*chosen, choice]
        st.pending, st.pending_path = chosen, slot.path
        return [question_reply(q, st, slot, now, previous(q, st, slot) is not None)]
    return [error("这个按钮用不了了，请回答最新的问题。")]


def _add_pending(q: Questionnaire, st: InterviewState, slot: Slot, items: list[str], now: datetime) -> list[Reply]:
    pending = list(st.pending) if st.pending_path == slot.path else []
    if slot.question.kind == "multi":
        # Typed picks are the clerk's answer (with any buttons pressed before): save them now.
        pending.extend(item for item in dict.fromkeys(items) if item not in pending)
        st.pending, st.pending_path = pending, slot.path
        return done(q, st, slot, now)
    existing = answer_at(st, slot)
    if not pending and isinstance(existing, ListAnswer) and existing.items and st.replace_path != slot.path:
        # Never replace items the clerk was not just shown (issue 13: one line typed at a
        # list reached without 上一步 / 修改 replaced 450 items): add to them instead.
        pending = list(existing.items)
    pending.extend(items)
    st.pending, st.pending_path = pending, slot.path
    return [
        Reply(
            kind="info",
            text=f"已记下 {len(items)} 条（这一题共 {len(pending)} 条）。还有就继续发送，写完了请回复「完成」。",
            buttons=[[DONE]],
        )
    ]


def yes_no(q: Questionnaire, st: InterviewState, slot: Slot, yes: bool, now: datetime) -> list[Reply]:
    if slot.role == "question":
        if slot.question.kind != "yesno":
            return [error("这一题不是「是/否」题，请直接回答。")]
        return store(q, st, slot, YesNoAnswer(value=yes), now)
    group = slot.question
    notes: list[Reply] = []
    if slot.role == "entry":
        existing = st.answers.get(group.id)
        if yes and existing is None:
            st.answers = with_new_item(st, group)
            unskip(st, slot.path)
        elif not yes:
            if isinstance(existing, GroupAnswer) and existing.items:
                notes.append(info(f"已删除已填的 {len(existing.items)} 项{group.item_name}。"))
            _drop_group(st, group.id)
            if slot.path not in st.skipped:
                st.skipped.append(slot.path)
    elif yes:
        st.answers = with_new_item(st, group)
        if group.id in st.closed_groups:
            st.closed_groups.remove(group.id)
    elif group.id not in st.closed_groups:
        st.closed_groups.append(group.id)
    return [*notes, *advance(q, st, slot, now)]


def _drop_group(st: InterviewState, group_id: str) -> None:
    st.answers.pop(group_id, None)
    st.skipped = [p for p in st.skipped if not p.startswith(f"{group_id}#")]
    st.sources = {p: kind for p, kind in st.sources.items() if not p.startswith(f"{group_id}#")}
    if group_id in st.closed_groups:
        st.closed_groups.remove(group_id)


def skip(q: Questionnaire, st: InterviewState, slot: Slot, now: datetime) -> list[Reply]:
    if slot.role == "more":
        return yes_no(q, st, slot, False, now)
    if slot.role == "entry":
        if slot.question.id in st.answers:  # already started: keep it
            return advance(q, st, slot, now)
        return yes_no(q, st, slot, False, now)
    if st.pending_path == slot.path and st.pending:
        return done(q, st, slot, now)
    if answer_at(st, slot) is not None:
        return advance(q, st, slot, now)
    if slot.question.default is not None:
        return typed(q, st, slot, slot.question.default, now)
    if not can_skip(slot, st):
        why = slot.question.why or DEFAULT_WHY
        return [error(f"这一题不能跳过：{why}")]
    if slot.path not in st.skipped:
        st.skipped.append(slot.path)
    return advance(q, st, slot, now)


def done(q: Questionnaire, st: InterviewState, slot: Slot, now: datetime) -> list[Reply]:
    if slot.role == "more":
        return yes_no(q, st, slot, False, now)
    kind = slot.question.kind
    if slot.role != "question" or kind not in ("list", "multi"):
        return [error("这一题不需要「完成」，请直接回答，或点「跳过」。")]
    pending = st.pending if st.pending_path == slot.path else []
    if pending:
        answer: Answer = ListAnswer(items=pending) if kind == "list" else multi_answer(slot.question, pending)
        return [info(f"已保存 {len(pending)} 条。"), *store(q, st, slot, answer, now)]
    if answer_at(st, slot) is not None:
        return advance(q, st, slot, now)
    if slot.question.required:
        what = "写一条" if kind == "list" else "选一项"
        return [error(f"这一题至少要{what}。{slot.question.why or DEFAULT_WHY}")]
    return skip(q, st, slot, now)
