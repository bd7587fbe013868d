"""The drafted summary as a value: what both writers (chat text, .docx) consume.

Headings are planned *without* numbers; the renderer fills ``number`` so a skipped
section never leaves a gap. Every piece of text that may hold a missing fact (title,
headings, paragraphs, signature) is a list of spans, and a missing fact is a span
carrying its ``Placeholder`` (the question's path and label), set by the renderer alone:
a clerk who types 「【待补充：……】」 gets plain text, never a highlight. Plain strings
given for these fields are taken as one plain span each.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Placeholder(BaseModel):
    """A required fact not given yet: the answer's path and the question's label."""

    model_config = ConfigDict(frozen=True)

    path: str  # unit_name, targets …
    label: str  # 单位名称

    @property
    def text(self) -> str:
        return f"【待补充：{self.label}】"


class Span(BaseModel):
    text: str
    placeholder: bool = False  # 【待补充：……】, highlighted in the .docx, underlined in chat
    fact: Placeholder | None = None  # the missing fact a placeholder span stands for

    @model_validator(mode="before")
    @classmethod
    def _fact_is_a_placeholder(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("fact") is not None:
            fact = data["fact"]
            text = fact.text if isinstance(fact, Placeholder) else Placeholder.model_validate(fact).text
            data = {**data, "placeholder": True, "text": data.get("text") or text}
        return data

    @classmethod
    def missing(cls, fact: Placeholder) -> "Span":
        """The highlighted 【待补充：label】 span of a missing fact."""
        return cls(text=fact.text, placeholder=True, fact=fact)


def plain_spans(value: Any) -> Any:
    """A plain string as one plain span (never a placeholder); spans pass through."""
    if isinstance(value, str):
        return [Span(text=value)] if value else []
    return value


def spans_text(spans: list[Span]) -> str:
    return "".join(span.text for span in spans)


def split_spans(spans: list[Span], offsets: list[int]) -> list[list[Span]]:
    """``spans`` cut into lines at character ``offsets`` (a span cut in two keeps its kind)."""
    lines: list[list[Span]] = [[]]
    start = 0  # offset of the span's remaining text in the whole
    cuts = sorted(offsets)
    for span in spans:
        text = span.text
        while cuts and cuts[0] <= start + len(text):
            head = max(0, cuts.pop(0) - start)
            if head:
                lines[-1].append(span.model_copy(update={"text": text[:head]}))
            lines.append([])
            text, start = text[head:], start + head
        if text:
            lines[-1].append(span.model_copy(update={"text": text}))
        start += len(text)
    return [line for line in lines if line]


class Heading(BaseModel):
    kind: Literal["heading"] = "heading"
    level: int = Field(ge=1, le=4)  # 1: 一、 (黑体)  2: （一） (楷体)  3: 1. (仿宋)  4: （1） (仿宋)
    number: str = ""  # filled by the renderer: "一、", "（一）", "1.", "（1）"
    title: list[Span]
    # A run-in heading (「一是加大公共场所宣传。」 style) carries its paragraph text.
    body: list[Span] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _text_as_title(cls, data: Any) -> Any:
        if isinstance(data, dict) and "text" in data:
            data = {**data, "title": plain_spans(data["text"])}
            del data["text"]
        return data

    @property
    def text(self) -> str:
        return spans_text(self.title)

    @property
    def full_text(self) -> str:
        return f"{self.number}{self.text}"

    @property
    def numbered_title(self) -> list[Span]:
        """The title's spans with the number in front, joined to a plain first span (one run)."""
        if not self.number:
            return list(self.title)
        if self.title and not self.title[0].placeholder:
            return [Span(text=self.number + self.title[0].text), *self.title[1:]]
        return [Span(text=self.number), *self.title]


class Sentence(BaseModel):
    """One sentence of a paragraph and what it was built from (drafting.prose.provenance).

    ``sources`` are answer paths (``campaigns#0.details``), ``figures`` the ledger figures
    of those answers as the clerk wrote them; a sentence that states no fact names the
    reviewed ``formula`` it is instead. A sentence with neither was never accounted for.
    """

    text: str
    sources: list[str] = Field(default_factory=list)
    figures: list[str] = Field(default_factory=list)
    formula: str | None = None


class Paragraph(BaseModel):
    kind: Literal["paragraph"] = "paragraph"
    spans: list[Span]
    # The same text sentence by sentence, with provenance; empty for paragraphs made by hand.
    sentences: list[Sentence] = Field(default_factory=list)
    # 条目式 「关于……：」: a heading in all but number (黑体 and in the outline in the .docx).
    lead_in: bool = False
    # The addressee (主送机关) and a speech's salutation: flush left, no first-line indent (GB/T 9704 7.3.2).
    flush_left: bool = False

    @property
    def text(self) -> str:
        return spans_text(self.spans)


Block = Heading | Paragraph

# Document fields that hold spans, by alias and by name; a plain string given is one plain span.
_SPAN_FIELDS = {"title", "title_spans", "byline", "byline_spans", "signature_unit", "signature_unit_spans", "signature_date", "signature_date_spans"}


class Document(BaseModel):
    title_spans: list[Span] = Field(alias="title")  # e.g. 某某乡2019年创建文明城市工作总结
    # A line centred under the title: who speaks (表态发言); [] for none.
    byline_spans: list[Span] = Field(default_factory=list, alias="byline")
    blocks: list[Block] = Field(default_factory=list)
    signature_unit_spans: list[Span] = Field(default_factory=list, alias="signature_unit")  # 某某乡人民政府
    signature_date_spans: list[Span] = Field(default_factory=list, alias="signature_date")  # 2019年12月28日
    # Offsets in the title where its lines break (drafting.title_lines); [] for one line.
    title_breaks: list[int] = Field(default_factory=list)
    author: str = ""  # docx core property
    period_span: Literal["全年", "上半年", "下半年", "阶段"] = "全年"  # the span the draft covers (the chat's advice)
    # Required facts still missing: shown as placeholder spans where the draft uses them
    # (title, opening, signature), and listed by the chat (「还有 N 项必填内容……」).
    missing: list[Placeholder] = Field(default_factory=list)

    model_config = {"populate_by_name": True}

    @model_validator(mode="before")
    @classmethod
    def _strings_as_spans(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = {key: plain_spans(value) if key in _SPAN_FIELDS else value for key, value in data.items()}
        return data

    @property
    def title(self) -> str:
        return spans_text(self.title_spans)

    @property
    def title_lines(self) -> list[list[Span]]:
        """The title's spans line by line, broken where drafting.title_lines planned it:
        the .docx and the chat preview show the same lines."""
        return split_spans(self.title_spans, self.title_breaks)

    @property
    def byline(self) -> str:
        return spans_text(self.byline_spans)

    @property
    def signature_unit(self) -> str:
        return spans_text(self.signature_unit_spans)

    @property
    def signature_date(self) -> str:
        return spans_text(self.signature_date_spans)

    @property
    def file_name(self) -> str:
        """「某某乡2019年创建文明城市工作总结.docx」, safe for any filesystem."""
        safe = "".join(c for c in self.title if c not in '\\/:*?"<>|\n\r\t').strip() or "工作总结"
        return f"{safe}.docx"
