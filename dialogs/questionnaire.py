"""The questionnaire as data: pydantic models of the YAML file and its loader.

The interview is declared in ``dialogs/questionnaire.yaml``; nothing about a
particular question lives in code, and nothing about how the draft words an answer
(that is templates/, drafting.prose.wording). Loading validates the whole file at start
so a broken edit fails at once, naming the file, the line, the question and the reason:
a condition naming a question, a choice or a label that does not exist is refused, never
left to make a kind of work silently unreachable.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from dialogs.yamlfile import FileProblem, Place, YamlFile, read_yaml

# The spans a period question offers as buttons (dialogs.periods adds the year).
PERIOD_SPANS = ("全年", "上半年", "下半年")

QuestionKind = Literal["text", "number", "choice", "multi", "yesno", "list", "date", "group", "figures", "period"]
Suggestion = Literal["signer"]

DEFAULT_QUESTIONNAIRE = Path(__file__).with_name("questionnaire.yaml")
MAX_ANSWER_CHARS = 2000
IDENTIFIER = r"^[a-z][a-z0-9_]*$"


class QuestionnaireError(FileProblem):
    """A questionnaire file that cannot be used; the message names file, line, place and reason."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Condition(_Strict):
    """Ask a question only if an earlier answer matches.

    ``question`` names a sibling inside the same group item first, then a top-level
    question. Exactly one test is given: ``equals`` (a choice label or yes/no),
    ``in`` (one of several labels; for multi-choice, any selected), ``not_in`` (answered,
    with none of these labels: every genre but the 表态发言), ``answered``, or ``other``
    (a multi-choice answer holds a pick of the clerk's own words).
    """

    question: str = Field(pattern=IDENTIFIER)
    equals: str | bool | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    not_in: list[str] | None = None
    answered: bool | None = None
    other: bool | None = None

    @model_validator(mode="after")
    def _one_test(self) -> "Condition":
        given = [t for t in (self.equals, self.in_, self.not_in, self.answered, self.other) if t is not None]
        if len(given) != 1:
            raise ValueError("a condition needs exactly one of: equals, in, not_in, answered, other")
        return self

    @property
    def labels(self) -> list[str]:
        """The choice labels the condition compares with (none for answered/other/yes-no)."""
        if isinstance(self.equals, str):
            return [self.equals]
        return list(self.in_ or self.not_in or [])


class Question(_Strict):
    id: str = Field(pattern=IDENTIFIER)
    kind: QuestionKind
    label: str = Field(min_length=1)  # short name shown in 查看 and in placeholders
    prompt: str = Field(min_length=1)
    hint: str = ""
    example: str = ""
    required: bool = False
    why: str = ""  # for required questions: why it cannot be skipped (「单位名称会用在标题和落款里」)
    choices: list[str] = Field(default_factory=list)
    allow_other: bool = False
    # choice questions: other names a clerk types for a choice (「年度工作总结」 is 工作总结) …
    aliases: dict[str, list[str]] = Field(default_factory=dict)
    # … and words that point to a choice in a name nobody listed (「整改」 -> 整改报告), the
    # first choice from the top whose word the name holds. A question with aliases or
    # keywords takes any name: an unknown one goes to the nearest choice and the clerk is told.
    keywords: dict[str, list[str]] = Field(default_factory=dict)
    # period questions: until the end of this month, last year's periods are offered first
    # (a year's summary is written from December to March).
    last_year_until: int = Field(default=3, ge=0, le=12)
    # date questions: the id of the period question a date far from that period is
    # questioned against, once (a 2026 summary signed in 2019).
    within: str = ""
    unit: str = ""  # unit assumed when a number is typed bare (12 -> 12条)
    integer: bool = False
    min: Decimal | None = None
    max: Decimal | None = None
    default: str | None = None  # a literal answer text, used when the clerk skips
    # Buttons offering answers worked out from earlier ones ("signer": 某某乡人民政府 …).
    suggest: Suggestion | None = None
    # False: never asked, only kept (answers carried over from an older questionnaire).
    asked: bool = True
    # True: a fact of this year alone (the period, the verdict, the signing date): never
    # carried over when next year's draft starts from this one (dialogs.carry).
    yearly: bool = False
    max_length: int = Field(default=MAX_ANSWER_CHARS, ge=1, le=MAX_ANSWER_CHARS)
    when: list[Condition] = Field(default_factory=list)
    # repeatable groups only
    questions: list["Question"] = Field(default_factory=list)
    item_name: str = ""
    more_prompt: str = ""
    # False for a work-kind group: choosing the kind already said "yes", ask its item at once.
    entry: bool = True
    # False: one item says it all (the 领导小组, the 宣传载体 line); no 「再加一项？」.
    repeat: bool = True
    # A multi-choice question whose picks in the clerk's own words each become an item
    # of this group, with the pick as the item's ``name`` (其他 work kinds).
    seeded_by: str = ""
    seed_all: bool = False
    # Items named in the clerk's own words here have no kind of their own (其他工作): the
    # interview benchmark counts their facts as caught by a catch-all.
    catch_all: bool = False  # every pick seeds an item (专项整治 themes), not only the 其他 ones

    @model_validator(mode="after")
    def _fits_kind(self) -> "Question":
        if self.kind in ("choice", "multi") and not self.choices:  # a period question offers its spans as buttons
            raise ValueError(f"a {self.kind} question needs choices")
        if self.kind not in ("choice", "multi", "period") and (self.choices or self.allow_other):
            raise ValueError("only choice and multi questions take choices/allow_other")
        if len(set(self.choices)) != len(self.choices):
            raise ValueError("choices repeat")
        if (self.aliases or self.keywords) and self.kind != "choice":
            raise ValueError("only choice questions take aliases/keywords")
        for field, named in (("aliases", self.aliases), ("keywords", self.keywords)):
            for choice in named:
                if choice not in self.choices:
                    raise ValueError(f"{field}: 「{choice}」 is not one of the choices ({'、'.join(self.choices)})")
        if self.kind == "period" and any(choice not in PERIOD_SPANS for choice in self.choices):
            raise ValueError(f"a period question offers spans: {'、'.join(PERIOD_SPANS)}")
        if self.within and self.kind != "date":
            raise ValueError("only date questions take within")
        if self.kind == "group":
            if not self.questions or not self.item_name or not self.more_prompt:
                raise ValueError("a group needs questions, item_name and more_prompt")
            ids = [q.id for q in self.questions]
            if len(set(ids)) != len(ids):
                raise ValueError("question ids repeat inside the group")
            if any(q.kind == "group" for q in self.questions):
                raise ValueError("groups do not nest")
            if self.seeded_by and "name" not in ids:
                raise ValueError("a seeded group needs a sub-question called name")
        elif self.questions or self.item_name or self.more_prompt or self.seeded_by:
            raise ValueError("only group questions take questions/item_name/more_prompt/seeded_by")
        if self.kind != "number" and (self.unit or self.integer or self.min is not None or self.max is not None):
            raise ValueError("only number questions take unit/integer/min/max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self


SectionRole = Literal["info", "work", "problems", "plans"]


class Section(_Strict):
    id: str = Field(pattern=IDENTIFIER)
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)
    # What the section is in a draft: facts of the document (info), a part of 主要工作
    # (work), or the closing 存在问题 / 下一步打算. Its headings: templates/headings.yaml.
    role: SectionRole = "work"
    # Asked only when these hold (a 表态发言 is not asked about work done). Each of the
    # section's questions takes them as its own first conditions, so the interview,
    # 查看 and drafting all leave the whole section out alike.
    when: list[Condition] = Field(default_factory=list)

    @model_validator(mode="after")
    def _conditions_on_every_question(self) -> "Section":
        if self.when:
            questions = [question.model_copy(update={"when": [*self.when, *question.when]}) for question in self.questions]
            object.__setattr__(self, "questions", questions)
        return self


class UnitTerms(_Strict):
    """How one unit type speaks of itself: 我街道 / 全街道 / 各社区, and who signs for it."""

    we: str  # 我街道
    whole: str  # 全街道
    sub: str  # 各社区
    signers: list[str] = Field(min_length=1)  # 「{name}街道办事处」 …


class Questionnaire(_Strict):
    id: str = Field(pattern=IDENTIFIER)
    version: int = Field(ge=1)
    title: str
    unit_terms: dict[str, UnitTerms] = Field(default_factory=dict)
    # Shared sub-questions, merged into groups through YAML anchors; not used directly.
    x_common: dict[str, Any] = Field(default_factory=dict, alias="x-common")
    sections: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_refs(self, info: ValidationInfo) -> "Questionnaire":
        # The loader checks afterwards itself, to name the line of each problem.
        if not (info.context or {}).get("checked_by_loader"):
            for _, message in questionnaire_problems(self):
                raise ValueError(message)
        return self

    def terms(self, unit_type: str | None) -> UnitTerms:
        """The wording for a unit type; a neutral 「我单位」 before the type is known."""
        if unit_type and unit_type in self.unit_terms:
            return self.unit_terms[unit_type]
        return UnitTerms(we="我单位", whole="全辖区", sub="各基层单位", signers=["{name}"])

    def questions(self) -> Iterator[tuple[Section, Question]]:
        """Every top-level question in interview order with its section."""
        for section in self.sections:
            for question in section.questions:
                yield section, question

    def question(self, question_id: str) -> Question:
        """A top-level question by id (KeyError if absent)."""
        for _, question in self.questions():
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def section_of(self, question_id: str) -> Section:
        for section, question in self.questions():
            if question.id == question_id:
                return section
        raise KeyError(question_id)


def questionnaire_problems(questionnaire: Questionnaire) -> list[tuple[Place, str]]:
    """What refers to nothing, each with its place in the file: an id used twice, a
    condition on a later or unknown question, a label a condition names that the question
    does not offer, a group seeded by a later question."""
    problems: list[tuple[Place, str]] = []
    seen: dict[str, Question] = {}
    for s_index, section in enumerate(questionnaire.sections):
        # A section's conditions are its questions' first ones (Section): checked once, at the section.
        shared = len(section.when)
        if shared:
            problems += _condition_problems(section.questions[0], ("sections", s_index), seen, {}, section.id, section.when)
        for q_index, question in enumerate(section.questions):
            place: Place = ("sections", s_index, "questions", q_index)
            if question.id in seen:
                problems.append(((*place, "id"), f"question {question.id!r}: id used twice"))
            problems += _condition_problems(question, place, seen, {}, question.id, question.when[shared:])
            if question.kind == "group":
                siblings: dict[str, Question] = {}
                for sub_index, sub in enumerate(question.questions):
                    problems += _condition_problems(sub, (*place, "questions", sub_index), seen, siblings, f"{question.id}.{sub.id}")
                    siblings[sub.id] = sub
            if question.seeded_by and question.seeded_by not in seen:
                problems.append(((*place, "seeded_by"), f"question {question.id!r}: seeded_by {question.seeded_by!r} is not an earlier question"))
            seen[question.id] = question
    return problems


def _condition_problems(
    question: Question, place: Place, earlier: dict[str, Question], siblings: dict[str, Question], where: str,
    conditions: list[Condition] | None = None,
) -> list[tuple[Place, str]]:
    problems: list[tuple[Place, str]] = []
    for index, condition in enumerate(question.when if conditions is None else conditions):
        at: Place = (*place, "when", index)
        target = siblings.get(condition.question) or earlier.get(condition.question)
        if target is None:
            problems.append(((*at, "question"), f"question {where!r}: condition refers to {condition.question!r}, which is not an earlier question"))
            continue
        problems += [((*at, *step), f"题目 {where}：{message}") for step, message in _label_problems(condition, target)]
    return problems


def _label_problems(condition: Condition, target: Question) -> list[tuple[Place, str]]:
    """Labels a condition compares that ``target`` can never answer with (a one-character
    typo would make the question unreachable for good)."""
    if condition.other is not None:
        return [] if target.kind == "multi" and target.allow_other else [(("other",), f"条件 other 只能用于可以自己填写「其他」的多选题，{target.id} 不是")]
    if condition.answered is not None:
        return []
    if target.kind == "yesno":
        if isinstance(condition.equals, bool):
            return []
        return [(("equals" if condition.equals is not None else "in",), f"{target.id} 是「是/否」题，条件要写 equals: true 或 equals: false")]
    if target.kind == "text":
        return []
    if target.kind not in ("choice", "multi"):
        return [((), f"{target.id} 的回答不能这样比较，请改用 answered: true")]
    field = "equals" if condition.equals is not None else "in" if condition.in_ is not None else "not_in"
    labels = [((field,), condition.equals)] if condition.equals is not None else [((field, i), label) for i, label in enumerate(condition.labels)]
    offered = "、".join(target.choices)
    return [(step, f"条件里的「{label}」不是 {target.id} 的选项（选项有：{offered}），这道题将永远不会被问到") for step, label in labels if label not in target.choices]


# Fields that moved to the wording files (templates/), with where they went.
_MOVED = {
    "pattern": "templates/items.yaml (how each work item is said)",
    "lead": "templates/items.yaml (how each work item is said)",
    "front": "templates/items.yaml (the order of an item's clauses)",
    "headings": "templates/headings.yaml",
}


def load_questionnaire(path: Path | str = DEFAULT_QUESTIONNAIRE) -> Questionnaire:
    """Read and validate a questionnaire file; raise QuestionnaireError naming the file,
    the line and what is wrong."""
    try:
        source = read_yaml(path)
    except FileProblem as exc:
        raise QuestionnaireError(str(exc)) from exc
    raw = source.data
    try:
        questionnaire = Questionnaire.model_validate(raw, context={"checked_by_loader": True})
    except ValidationError as exc:
        first = exc.errors()[0]
        place = _describe_location(raw, first["loc"])
        reason = first["msg"].removeprefix("Value error, ")
        field = str(first["loc"][-1]) if first["loc"] else ""
        if first["type"] == "extra_forbidden" and field in _MOVED:
            reason = f"{field} now lives in {_MOVED[field]}"
        raise _error(source, first["loc"], f"{place}: {reason}") from exc
    for where, message in questionnaire_problems(questionnaire):
        raise _error(source, where, message)
    return questionnaire


def _error(source: YamlFile, place: Place, message: str) -> QuestionnaireError:
    return QuestionnaireError(str(source.error(place, message)))


def _describe_location(raw: Any, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into 'question campaigns.theme, field choices'."""
    names: list[str] = []
    node = raw
    field = ""
    for step in loc:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            field = str(step)
            break
        if isinstance(node, dict) and "id" in node and isinstance(step, int):
            names.append(str(node["id"]))
        elif isinstance(step, str):
            field = step
    kind = "question" if len(names) > 1 else "section" if names else "file"
    where = f"{kind} {'.'.join(names[1:] if len(names) > 1 else names)}" if names else "top level"
    return f"{where}, field {field}" if field else where
