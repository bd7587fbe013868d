"""The interview as a checklist: every place a question can be asked, and which are still open.

The next question is the first applicable slot that is neither answered nor skipped
(docassemble's "checklist, not a flowchart"), so going back never erases later answers.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterator, Literal

from dialogs import conditions
from dialogs.answers import Answer, GroupAnswer
from dialogs.conditions import is_applicable
from dialogs.questionnaire import Question, Questionnaire, Section
from dialogs.state import InterviewState

SlotRole = Literal["question", "entry", "more"]
MORE = "more"


@dataclass(frozen=True)
class Slot:
    """One place in the interview: a question, a group's entry yes/no, or its 「再添加一项？」."""

    path: str
    role: SlotRole
    section: Section
    question: Question  # the question asked; the group itself for entry/more
    group: Question | None = None
    index: int | None = None  # group item number (0-based) for sub-questions

    @property
    def counts(self) -> bool:
        """Whether the slot is a question of its own in the progress count."""
        return self.role != "more"


def sub_path(group_id: str, index: int, sub_id: str) -> str:
    return f"{group_id}#{index}.{sub_id}"


def more_path(group_id: str) -> str:
    return f"{group_id}#{MORE}"


def iter_slots(questionnaire: Questionnaire, state: InterviewState) -> Iterator[Slot]:
    """Every applicable slot in interview order, settled or not."""
    return iter(_applicable_slots(questionnaire, state.answers))


def _applicable_slots(questionnaire: Questionnaire, answers: dict[str, Answer]) -> list[Slot]:
    """The walk depends only on the answers, and a bot serving many clerks walks each
    clerk's answers several times across a step and the next one: remember recent walks.

    Answers are frozen, and a step copies the answers dict but not the answers in it,
    so the key is the answers' ids. An id is only unique while its object lives, so each
    entry keeps its answers alive: while an entry exists no other object can take its ids.
    """
    key = (id(questionnaire), tuple([(question_id, id(answer)) for question_id, answer in answers.items()]))
    remembered = _WALKS.get(key)
    if remembered is not None:
        _WALKS.move_to_end(key)
        return remembered[2]
    slots = list(_walk(questionnaire, answers))
    _WALKS[key] = (questionnaire, tuple(answers.values()), slots)
    if len(_WALKS) > _WALKS_KEPT:
        _WALKS.popitem(last=False)
    return slots


_WalkKey = tuple[int, tuple[tuple[str, int], ...]]
_WALKS: OrderedDict[_WalkKey, tuple[Questionnaire, tuple[Answer, ...], list[Slot]]] = OrderedDict()
_WALKS_KEPT = 512  # a few walks for each of a few hundred clerks active at once


def _walk(questionnaire: Questionnaire, answers: dict[str, Answer]) -> Iterator[Slot]:
    slots = _slot_cache(questionnaire)
    for section, question in questionnaire.questions():
        if not question.asked or (question.when and not is_applicable(question, answers)):
            continue
        if question.kind != "group":
            yield slots.top(section, question)
            continue
        answer = answers.get(question.id)
        items = answer.items if isinstance(answer, GroupAnswer) else []
        if question.seeded_by and not question.entry and not items:
            continue  # its items come from the picks; none picked, nothing to ask
        if question.entry and not question.required:
            yield slots.entry(section, question)
            if not items:
                continue
        for index, item in enumerate(items or [{}]):
            for sub in question.questions:
                if not sub.when or is_applicable(sub, answers, item):
                    yield slots.sub(section, question, index, sub)
        if items and question.repeat and not question.seeded_by:
            # Seeded items are the clerk's picks; 「再加一项？」 only where one kind recurs.
            yield Slot(more_path(question.id), "more", section, question, question, len(items) - 1)


class _SlotCache:
    """Slots are immutable values; building them anew on every walk was most of a step's cost."""

    def __init__(self) -> None:
        self._slots: dict[tuple[str, str], Slot] = {}

    def top(self, section: Section, question: Question) -> Slot:
        return self._get(question.id, "question", section, question)

    def entry(self, section: Section, question: Question) -> Slot:
        return self._get(question.id, "entry", section, question)

    def sub(self, section: Section, group: Question, index: int, sub: Question) -> Slot:
        return self._get(sub_path(group.id, index, sub.id), "question", section, sub, group, index)

    def _get(
        self, path: str, role: SlotRole, section: Section, question: Question,
        group: Question | None = None, index: int | None = None,
    ) -> Slot:
        # Plain arguments, no factory closure: this runs for every slot of every walk.
        slot = self._slots.get((path, role))
        if slot is None:
            slot = self._slots[(path, role)] = Slot(path, role, section, question, group, index)
        return slot


# One cache per questionnaire object (kept alive here so its id is never reused).
_CACHES: dict[int, tuple[Questionnaire, _SlotCache]] = {}


def _slot_cache(questionnaire: Questionnaire) -> _SlotCache:
    entry = _CACHES.get(id(questionnaire))
    if entry is None or entry[0] is not questionnaire:
        entry = _CACHES[id(questionnaire)] = (questionnaire, _SlotCache())
    return entry[1]


def answer_at(state: InterviewState, slot: Slot) -> Answer | None:
    """The stored answer of a slot (None for entry/more slots and unanswered ones)."""
    if slot.role != "question":
        return None
    if slot.group is None:
        return state.answers.get(slot.question.id)
    group_answer = state.answers.get(slot.group.id)
    if not isinstance(group_answer, GroupAnswer) or slot.index is None or slot.index >= len(group_answer.items):
        return None
    return group_answer.items[slot.index].get(slot.question.id)


def is_settled(state: InterviewState, slot: Slot) -> bool:
    """Answered, skipped, or (for 「再添加一项？」) closed."""
    if slot.role == "more":
        return slot.question.id in state.closed_groups
    if slot.path in state.recheck:
        return False  # carried, and the clerk asked to see it again (改一下)
    if slot.path in state.skipped:
        return True
    if slot.role == "entry":
        return slot.question.id in state.answers
    return answer_at(state, slot) is not None


def find_slot(questionnaire: Questionnaire, state: InterviewState, path: str | None) -> Slot | None:
    if path is None:
        return None
    return next((slot for slot in iter_slots(questionnaire, state) if slot.path == path), None)


def next_open(questionnaire: Questionnaire, state: InterviewState) -> Slot | None:
    return next((slot for slot in iter_slots(questionnaire, state) if not is_settled(state, slot)), None)


def with_answer(state: InterviewState, slot: Slot, answer: Answer) -> dict[str, Answer]:
    """The answers with ``answer`` stored at ``slot`` (a new dict; group items are copied)."""
    answers = dict(state.answers)
    if slot.group is None:
        answers[slot.question.id] = answer
        return answers
    existing = answers.get(slot.group.id)
    items = [dict(item) for item in existing.items] if isinstance(existing, GroupAnswer) else []
    index = slot.index or 0
    while len(items) <= index:
        items.append({})
    items[index][slot.question.id] = answer
    answers[slot.group.id] = GroupAnswer(items=items)
    return answers


def with_new_item(state: InterviewState, group: Question) -> dict[str, Answer]:
    """The answers with an empty item appended to ``group``: its sub-questions open next."""
    answers = dict(state.answers)
    existing = answers.get(group.id)
    items = [dict(item) for item in existing.items] if isinstance(existing, GroupAnswer) else []
    answers[group.id] = GroupAnswer(items=[*items, {}])
    return answers


def progress(questionnaire: Questionnaire, state: InterviewState) -> tuple[int, int]:
    """(settled applicable questions, all applicable questions); skipped ones count as settled."""
    slots = [slot for slot in iter_slots(questionnaire, state) if slot.counts]
    return sum(1 for slot in slots if is_settled(state, slot)), len(slots)


def is_complete(questionnaire: Questionnaire, state: InterviewState) -> bool:
    return next_open(questionnaire, state) is None


def missing_required(questionnaire: Questionnaire, state: InterviewState) -> list[str]:
    """Labels of applicable required questions that have no answer yet."""
    missing: list[str] = []
    for slot in iter_slots(questionnaire, state):
        if slot.role == "question" and slot.question.required and answer_at(state, slot) is None:
            label = slot.question.label
            if slot.group is not None and slot.index is not None:
                label = f"{slot.group.item_name}第{slot.index + 1}项·{label}"
            missing.append(label)
    return missing


def effective_answers(questionnaire: Questionnaire, state: InterviewState) -> dict[str, Answer]:
    """The answers drafting should use: those of questions that apply."""
    return conditions.effective_answers((q for _, q in questionnaire.questions()), state.answers)
