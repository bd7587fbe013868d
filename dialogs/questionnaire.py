"""The questionnaire as data: pydantic models of the YAML file and its loader.

The interview is declared in ``dialogs/questionnaire.yaml``; nothing about a
particular question lives in code. Loading validates the whole file at start so a
broken edit fails at once, naming the file, the question and the reason.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

QuestionKind = Literal["text", "number", "choice", "multi", "yesno", "list", "date", "group"]

DEFAULT_QUESTIONNAIRE = Path(__file__).with_name("questionnaire.yaml")
OTHER_WORK_SUFFIX = "_other"
MAX_ANSWER_CHARS = 2000
IDENTIFIER = r"^[a-z][a-z0-9_]*$"


class QuestionnaireError(ValueError):
    """A questionnaire file that cannot be used; the message names file, place and reason."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Condition(_Strict):
    """Ask a question only if an earlier answer matches.

    ``question`` names a sibling inside the same group item first, then a top-level
    question. Exactly one test is given: ``equals`` (a choice label or yes/no),
    ``in`` (one of several labels; for multi-choice, any selected), or ``answered``.
    """

    question: str = Field(pattern=IDENTIFIER)
    equals: str | bool | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    answered: bool | None = None

    @model_validator(mode="after")
    def _one_test(self) -> "Condition":
        given = [t for t in (self.equals, self.in_, self.answered) if t is not None]
        if len(given) != 1:
            raise ValueError("a condition needs exactly one of: equals, in, answered")
        return self


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
    unit: str = ""  # unit assumed when a number is typed bare (12 -> 12条)
    integer: bool = False
    min: Decimal | None = None
    max: Decimal | None = None
    default: str | None = None  # "current_year" or a literal answer text
    max_length: int = Field(default=MAX_ANSWER_CHARS, ge=1, le=MAX_ANSWER_CHARS)
    when: list[Condition] = Field(default_factory=list)
    # repeatable groups only
    questions: list["Question"] = Field(default_factory=list)
    item_name: str = ""
    more_prompt: str = ""

    @model_validator(mode="after")
    def _fits_kind(self) -> "Question":
        if self.kind in ("choice", "multi") and not self.choices:
            raise ValueError(f"a {self.kind} question needs choices")
        if self.kind not in ("choice", "multi") and (self.choices or self.allow_other):
            raise ValueError("only choice and multi questions take choices/allow_other")
        if len(set(self.choices)) != len(self.choices):
            raise ValueError("choices repeat")
        if self.kind == "group":
            if not self.questions or not self.item_name or not self.more_prompt:
                raise ValueError("a group needs questions, item_name and more_prompt")
            ids = [q.id for q in self.questions]
            if len(set(ids)) != len(ids):
                raise ValueError("question ids repeat inside the group")
            if any(q.kind == "group" for q in self.questions):
                raise ValueError("groups do not nest")
        elif self.questions or self.item_name or self.more_prompt:
            raise ValueError("only group questions take questions/item_name/more_prompt")
        if self.kind != "number" and (self.unit or self.integer or self.min is not None or self.max is not None):
            raise ValueError("only number questions take unit/integer/min/max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self


class Section(_Strict):
    id: str = Field(pattern=IDENTIFIER)
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)
    other_prompt: str = ""  # wording of the closing 「其他工作」 question

    def other_work_question(self) -> Question:
        """The optional free list every section ends with, so no fact is left out."""
        return Question(
            id=f"{self.id}{OTHER_WORK_SUFFIX}",
            kind="list",
            label=f"{self.title}·其他工作",
            prompt=self.other_prompt or f"关于「{self.title}」，还有别的工作要写进总结吗？",
            hint="没有就点「跳过」；有的话一条一行，或分几次发送，发完回复「完成」。",
            example="组织机关干部开展周末义务清扫活动12次",
        )


class Questionnaire(_Strict):
    id: str = Field(pattern=IDENTIFIER)
    version: int = Field(ge=1)
    title: str
    sections: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def _append_other_work_and_check_refs(self) -> "Questionnaire":
        sections = [
            s.model_copy(update={"questions": [*s.questions, s.other_work_question()]})
            for s in self.sections
        ]
        object.__setattr__(self, "sections", sections)
        _check_ids_and_conditions(sections)
        return self

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


def _check_ids_and_conditions(sections: list[Section]) -> None:
    seen: set[str] = set()
    for section in sections:
        for question in section.questions:
            if question.id in seen:
                raise ValueError(f"question {question.id!r}: id used twice")
            _check_conditions(question, seen, set())
            if question.kind == "group":
                siblings: set[str] = set()
                for sub in question.questions:
                    _check_conditions(sub, seen, siblings, where=f"{question.id}.{sub.id}")
                    siblings.add(sub.id)
            seen.add(question.id)


def _check_conditions(question: Question, earlier: set[str], siblings: set[str], where: str = "") -> None:
    for condition in question.when:
        if condition.question not in earlier and condition.question not in siblings:
            raise ValueError(
                f"question {where or question.id!r}: condition refers to {condition.question!r}, "
                "which is not an earlier question"
            )


def load_questionnaire(path: Path | str = DEFAULT_QUESTIONNAIRE) -> Questionnaire:
    """Read and validate a questionnaire file; raise QuestionnaireError naming what is wrong."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QuestionnaireError(f"{path}: cannot read the file: {exc}") from exc
    except yaml.YAMLError as exc:
        raise QuestionnaireError(f"{path}: not valid YAML: {exc}") from exc
    try:
        return Questionnaire.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        place = _describe_location(raw, first["loc"])
        reason = first["msg"].removeprefix("Value error, ")
        raise QuestionnaireError(f"{path}: {place}: {reason}") from exc


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
