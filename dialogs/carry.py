"""Next year starts from this year: an earlier summary -> a new interview state that checks it.

- ``report_of_draft`` reads an earlier draft's answers as an ``EarlierReport`` (the shape an
  imported document is read into as well): standing facts per section, figures as typed
  (the figures ledger's reading), 下一步打算 and 存在问题.
- ``begin_from_draft`` / ``begin_from_report`` make the state a new draft starts from
  (from one of the clerk's drafts / an imported document): nothing is answered yet; what may carry
  over waits in ``state.carry`` for the clerk's 核对 (dialogs.checking), never copied
  silently. Figures never carry: a figures answer that holds a count stays open and is
  asked with last year's beside it; the year's own facts (``yearly``: period, verdict,
  signing date) are asked anew, the period and sign date a year on (and the 总体评价 as
  it was) offered for one 对 (``a_year_on``).
- ``apply_decision`` and ``apply_checklist`` put what the clerk confirmed into the answers,
  each answer marked with where it came from (``state.sources``).

Pure: no I/O, no clock.
"""

from __future__ import annotations

import calendar
import re

from dialogs.answers import (
    Answer,
    DateAnswer,
    FiguresAnswer,
    Figure,
    GroupAnswer,
    ListAnswer,
    MultiAnswer,
    NumberAnswer,
    PeriodAnswer,
    TextAnswer,
)
from dialogs.carryover import CarryOver, CheckItem, Decision
from dialogs.checklist import effective_answers, is_settled, iter_slots, sub_path
from dialogs.earlier import EarlierFact, EarlierFigure, EarlierOrigin, EarlierReport, EarlierSection
from dialogs.figures import figures_of_piece
from dialogs.ledger import ledger
from dialogs.periods import doubt
from dialogs.questionnaire import Question, Questionnaire, Section
from dialogs.review import describe_answer
from dialogs.state import InterviewState

EARLIER_PLANS = "earlier_plans"  # the group that keeps what became of last year's plans
PROBLEMS, PLANS = "problems", "plans"
PROBLEM_GROUPS = ("rectifications", "findings")  # groups whose items name a problem (sub-question problem)
CARRIED_ROLES = ("info", "work")  # sections whose answers are standing facts
VERDICT = "verdict"  # 总体评价: offered as it was with the period and sign date a year on


def carried_sections(questionnaire: Questionnaire) -> list[Section]:
    """Sections whose facts may carry over: 基本信息 and the work sections that are asked."""
    return [s for s in questionnaire.sections if s.role in CARRIED_ROLES and any(q.asked for q in s.questions)]


def _carries(question: Question) -> bool:
    return question.asked and not question.yearly


def _has_count(answer: Answer) -> bool:
    """A figure of this year: a number, or a figures line holding at least one figure."""
    if isinstance(answer, NumberAnswer):
        return True
    return isinstance(answer, FiguresAnswer) and any(figure.text for figure in answer.items)


# --- an earlier draft, read --------------------------------------------------------------------


def report_of_draft(questionnaire: Questionnaire, state: InterviewState, origin: EarlierOrigin) -> EarlierReport:
    """What the draft said: facts as typed (with the path each was typed at), figures, plans, problems."""
    answers = effective_answers(questionnaire, state)
    figures = ledger(questionnaire, state)
    sections = []
    for section in carried_sections(questionnaire):
        facts = [
            EarlierFact(text=text, path=path, label=label)
            for question in section.questions
            if _carries(question) and question.id in answers
            for path, label, text in _facts(question, answers[question.id])
        ]
        ids = {q.id for q in section.questions}
        counted = [
            EarlierFigure(what=f.what, text=f.text, value=f.value, qualifier=f.qualifier, unit=f.unit, item=f.item, path=f.path)
            for f in figures
            if f.path.split("#")[0] in ids
        ]
        if facts or counted:
            sections.append(EarlierSection(section_id=section.id, heading=section.title, facts=facts, figures=counted))
    return EarlierReport(origin=origin, sections=sections, plans=_items(answers.get(PLANS)), problems=_problems(answers))


def _facts(question: Question, answer: Answer) -> list[tuple[str, str, str]]:
    """(path, label, text) of each fact of an answer that is not a count."""
    if isinstance(answer, GroupAnswer):
        return [
            (sub_path(question.id, index, sub_id), _label(question, sub_id), describe_answer(sub))
            for index, item in enumerate(answer.items)
            for sub_id, sub in item.items()
            if not _has_count(sub) and describe_answer(sub)
        ]
    if _has_count(answer) or not describe_answer(answer):
        return []
    return [(question.id, question.label, describe_answer(answer))]


def _label(group: Question, sub_id: str) -> str:
    return next((f"{group.item_name}·{q.label}" for q in group.questions if q.id == sub_id), group.item_name)


def _items(answer: Answer | None) -> list[str]:
    return list(answer.items) if isinstance(answer, ListAnswer) else []


def _problems(answers: dict[str, Answer]) -> list[str]:
    """存在问题 as listed, then those of 问题整改 (or 整改报告) items not listed already."""
    problems = _items(answers.get(PROBLEMS))
    for group_id in PROBLEM_GROUPS:
        group = answers.get(group_id)
        for item in group.items if isinstance(group, GroupAnswer) else []:
            problem = item.get("problem")
            if isinstance(problem, TextAnswer) and problem.text not in problems:
                problems.append(problem.text)
    return problems


# --- a new draft that starts from it -----------------------------------------------------------


def begin_from_draft(questionnaire: Questionnaire, earlier: InterviewState, origin: EarlierOrigin) -> InterviewState:
    """The state of a new draft starting from an earlier draft's ``earlier`` state."""
    report = report_of_draft(questionnaire, earlier, origin)
    answers = effective_answers(questionnaire, earlier)
    carried: dict[str, Answer] = {}
    last_year: dict[str, str] = {}
    kept_ids: set[str] = set()
    for section in carried_sections(questionnaire):
        for question in section.questions:
            answer = answers.get(question.id)
            if not _carries(question):
                continue
            kept_ids.add(question.id)
            if answer is None:
                continue
            without, counts = _without_counts(question, answer)
            last_year.update(counts)
            if without is not None:
                carried[question.id] = without
    skipped = [path for path in earlier.skipped if path.split("#")[0] in kept_ids and path not in last_year]
    closed = [group for group in earlier.closed_groups if group in kept_ids]
    carry = CarryOver(
        report=report, answers=carried, skipped=skipped, closed_groups=closed, last_year=last_year,
        checklist=_checklist(report), a_year_on=a_year_on(questionnaire, answers, earlier.skipped),
    )
    return InterviewState(carry=carry)


def a_year_on(questionnaire: Questionnaire, answers: dict[str, Answer], skipped: list[str]) -> dict[str, Answer | None]:
    """The period and sign date a year on from an earlier draft's (2026年全年, 2026年12月1日 ->
    2027年全年, 2027年12月1日; a stage keeps its words: 2027年今年以来) and its 总体评价 as it
    was (None where it was left out), to offer for one 对; nothing when the period names no
    year of its own to move (its year typed in its words, or dates worked out from the day
    it was typed: 本周) or the date would be questioned for it.

    The 总体评价 (领导重视、措施有力) sums up the work in a few words a unit keeps saying;
    the other yearly answers (an inspection, an action's name) name the year's own events."""
    dated = next((q for _, q in questionnaire.questions() if q.kind == "date" and q.within and q.yearly), None)
    period, signed = answers.get(dated.within) if dated else None, answers.get(dated.id) if dated else None
    if dated is None or not isinstance(period, PeriodAnswer) or not isinstance(signed, DateAnswer):
        return {}
    if period.year is None or period.dates or re.match(r"\d{4}年", period.words) or signed.year is None or signed.month is None or signed.day is None:
        return {}
    year = signed.year + 1
    next_period = period.model_copy(update={"year": period.year + 1})
    next_signed = DateAnswer(year=year, month=signed.month, day=min(signed.day, calendar.monthrange(year, signed.month)[1]))
    if doubt(next_signed, next_period):
        return {}
    offered: dict[str, Answer | None] = {dated.within: next_period, dated.id: next_signed}
    if VERDICT in answers or VERDICT in skipped:
        offered[VERDICT] = answers.get(VERDICT)
    return offered


def begin_from_report(questionnaire: Questionnaire, report: EarlierReport) -> InterviewState:
    """The state of a new draft starting from a summary read elsewhere (an imported document).

    Its facts have no question of the questionnaire to go back to: under a heading that
    maps to a section whose opening choice seeds a group of items named in the clerk's
    words (「其他」 work, the 专项整治 themes), each run of facts under one label (the item's
    heading in the document, else the section's) is offered as an item of that group, named
    so, its facts as its account. An account holding figures is asked this year, last
    year's shown beside. A section with no such group (基础设施) carries nothing.
    """
    carried: dict[str, Answer] = {}
    last_year: dict[str, str] = {}
    for part in report.sections:
        group, multi = _seeded_group(questionnaire, part.section_id)
        if group is None or multi is None or not part.facts:
            continue
        runs: dict[str, list[str]] = {}
        for fact in part.facts:
            runs.setdefault(_heading_words(fact.label) or _heading_words(part.heading) or group.item_name, []).append(fact.text)
        items: list[dict[str, Answer]] = []
        for index, (name, texts) in enumerate(runs.items()):
            account = "；".join(texts)
            item: dict[str, Answer] = {"name": TextAnswer(text=name)}
            if any(figures_of_piece(text) for text in texts):
                last_year[sub_path(group.id, index, "details")] = account
            else:
                item["details"] = FiguresAnswer(items=[Figure(what=account, lead=account)], raw=account)
            items.append(item)
        names = list(runs)
        carried[multi.id] = MultiAnswer(items=names, others=[name for name in names if name not in multi.choices])
        carried[group.id] = GroupAnswer(items=items)
    carry = CarryOver(report=report, answers=carried, last_year=last_year, checklist=_checklist(report))
    return InterviewState(carry=carry)


def _seeded_group(questionnaire: Questionnaire, section_id: str) -> tuple[Question | None, Question | None]:
    """A section's group whose items the section's opening choice names (its catch-all
    first), and that choice question."""
    section = next((s for s in questionnaire.sections if s.id == section_id), None)
    if section is None:
        return None, None
    seeded = [q for q in section.questions if q.kind == "group" and q.seeded_by and q.asked and "name" in {sub.id for sub in q.questions}]
    group = next((q for q in seeded if q.catch_all), seeded[0] if seeded else None)
    multi = next((q for q in section.questions if group is not None and q.id == group.seeded_by), None)
    return group, multi


def _heading_words(heading: str) -> str:
    """「一、加强组织领导，」 -> 加强组织领导 (the numbering and closing marks dropped)."""
    return re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*", "", heading).strip("，。：:；; ")


def _without_counts(question: Question, answer: Answer) -> tuple[Answer | None, dict[str, str]]:
    """The answer without its counts, and each count's path with last year's figures."""
    if isinstance(answer, GroupAnswer):
        items: list[dict[str, Answer]] = []
        counts: dict[str, str] = {}
        for index, item in enumerate(answer.items):
            kept = {}
            for sub_id, sub in item.items():
                if _has_count(sub):
                    counts[sub_path(question.id, index, sub_id)] = describe_answer(sub)
                else:
                    kept[sub_id] = sub
            items.append(kept)
        return GroupAnswer(items=items), counts
    if _has_count(answer):
        return None, {question.id: describe_answer(answer)}
    return answer, {}


def _checklist(report: EarlierReport) -> list[CheckItem]:
    return [CheckItem(kind="plans", text=text) for text in report.plans] + [CheckItem(kind="problems", text=text) for text in report.problems]


# --- what the clerk confirmed --------------------------------------------------------------------


def sections_to_check(questionnaire: Questionnaire, carry: CarryOver) -> list[Section]:
    """The sections with something carried (an answer, or a group said 「没有」), in interview order."""
    skipped = {path.split("#")[0] for path in carry.skipped}
    return [s for s in carried_sections(questionnaire) if any(q.id in carry.answers or q.id in skipped for q in s.questions)]


def says_nothing(answer: Answer) -> bool:
    """An answer that only says there was none: a pick, list or group left empty (「没有」)."""
    return isinstance(answer, (MultiAnswer, ListAnswer, GroupAnswer)) and not answer.items


def carries_facts(section: Section, carry: CarryOver) -> bool:
    """Whether the section carries anything but 「没有」 (an empty pick, a group said 「没有」)."""
    return any(q.id in carry.answers and not says_nothing(carry.answers[q.id]) for q in section.questions)


def apply_decision(questionnaire: Questionnaire, st: InterviewState, section: Section, decision: Decision) -> None:
    """没变: the section's carried answers become this draft's; 改一下: the same, each shown
    again with its answer to keep or change; 今年没有: nothing of it is carried."""
    assert st.carry is not None
    carry = st.carry
    carry.decisions[section.id] = decision
    if decision == "drop":
        return
    ids = [q.id for q in section.questions]
    for question_id in (i for i in ids if i in carry.answers):
        answer = carry.answers[question_id]
        st.answers[question_id] = answer
        for path in _leaf_paths(question_id, answer):
            st.sources[path] = carry.provenance
    st.skipped.extend(p for p in carry.skipped if p.split("#")[0] in ids and p not in st.skipped)
    if decision == "keep":
        st.closed_groups.extend(g for g in carry.closed_groups if g in ids and g not in st.closed_groups)
        return
    for slot in iter_slots(questionnaire, st):
        if slot.section.id == section.id and slot.role == "question" and slot.question.kind != "multi" and is_settled(st, slot):
            st.recheck.append(slot.path)


def _leaf_paths(question_id: str, answer: Answer) -> list[str]:
    if isinstance(answer, GroupAnswer):
        return [sub_path(question_id, index, sub_id) for index, item in enumerate(answer.items) for sub_id in item]
    return [question_id]


def apply_checklist(st: InterviewState) -> None:
    """Last year's plans and problems, answered, into this year's answers: what was done
    into 去年打算落实 (said 「去年提出……，今年已……」), what is unfinished into this year's
    存在问题 or 下一步打算 where the clerk said so (shown there again to add to)."""
    assert st.carry is not None
    carry = st.carry
    done: list[dict[str, Answer]] = []
    added: dict[str, list[str]] = {PROBLEMS: [], PLANS: []}
    for item in carry.checklist:
        if item.words and item.outcome in ("完成", "部分完成"):
            said = "plan" if item.kind == "plans" else "problem"
            how = "done" if item.outcome == "完成" else "partly"
            done.append({said: TextAnswer(text=item.text), how: TextAnswer(text=item.words)})
        if item.into in (PROBLEMS, PLANS):
            added[item.into].append(item.text)
    if done:
        st.answers[EARLIER_PLANS] = GroupAnswer(items=done)
        for path in _leaf_paths(EARLIER_PLANS, st.answers[EARLIER_PLANS]):
            st.sources[path] = carry.provenance
    for question_id, texts in added.items():
        if texts:
            before = _items(st.answers.get(question_id))
            st.answers[question_id] = ListAnswer(items=[*before, *(t for t in texts if t not in before)])
            if question_id not in st.recheck:
                st.recheck.append(question_id)
