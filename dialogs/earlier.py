"""What an earlier summary said, whatever it came from: one of the clerk's drafts or an imported .docx.

The carry-over interview (issue 24) starts from an ``EarlierReport`` and never from its source:
a draft is turned into one (dialogs.carry) and so is an imported document (importing/). It
holds what was *typed*, never what a template made of it: standing facts as text items per
section, figures as written with what they count, and the 下一步打算 / 存在问题 items that
become this year's checklist. Pure data; it round-trips through JSON with the draft that
started from it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

OriginKind = Literal["draft", "imported"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class EarlierOrigin(_Frozen):
    """Where the earlier summary came from, as /drafts says it (「由2025年的草稿接续」/「由导入的文件 X 接续」)."""

    kind: OriginKind
    draft_id: str = ""  # kind "draft": the earlier draft's id
    file_name: str = ""  # kind "imported": the file's name as the clerk sent it
    year: int | None = None  # the year the earlier summary covers, when known
    span: str = ""  # 全年 / 上半年 / 下半年 / a stage's words; "" when unknown
    unit_name: str = ""


class EarlierFact(_Frozen):
    """One standing fact as typed (「成立了以党委书记为组长的创文工作领导小组」).

    ``path`` is the answer it was typed as (``leading_group#0.leader``) when it came from a
    draft; an imported fact has none. ``label`` names what it is (组长) when known.
    """

    text: str = Field(min_length=1)
    path: str = ""
    label: str = ""


class EarlierFigure(_Frozen):
    """One figure as typed, with what it counts: what=悬挂横幅, text=50余条.

    ``value``/``qualifier``/``unit`` are the figures ledger's reading of it (dialogs.figures),
    so a year-on-year comparison sees exactly what a figure of this year's ledger sees.
    ``item`` names the work item it belongs to (``campaigns#0`` in a draft; an imported
    heading otherwise).
    """

    what: str = ""
    text: str = Field(min_length=1)
    value: Decimal | None = None
    qualifier: str = ""
    unit: str = ""
    item: str = ""
    path: str = ""

    def display(self) -> str:
        """悬挂横幅50余条 (what + the figure as written)."""
        return f"{self.what}{self.text}"


class EarlierSection(_Frozen):
    """The facts of one part of the earlier summary.

    ``section_id`` is the questionnaire section it maps to (``organization``), or "" when the
    heading maps to none; ``heading`` is the heading as written (imported) or the section's
    title (draft).
    """

    section_id: str = ""
    heading: str = ""
    facts: list[EarlierFact] = Field(default_factory=list)
    figures: list[EarlierFigure] = Field(default_factory=list)


class EarlierReport(_Frozen):
    """An earlier summary reduced to what carries over: facts to check, figures to show, plans to ask."""

    origin: EarlierOrigin
    sections: list[EarlierSection] = Field(default_factory=list)
    plans: list[str] = Field(default_factory=list)  # 下一步打算, one item each, as typed
    problems: list[str] = Field(default_factory=list)  # 存在问题, one item each, as typed

    def section(self, section_id: str) -> EarlierSection | None:
        return next((s for s in self.sections if s.section_id == section_id), None)

    def figures(self) -> list[EarlierFigure]:
        return [figure for section in self.sections for figure in section.figures]
