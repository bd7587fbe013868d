"""The drafted summary as a value: what both writers (chat text, .docx) consume.

Templates produce headings *without* numbers; the renderer fills ``number`` so a
skipped section never leaves a gap. A paragraph is a list of spans so a missing
fact can be shown as a highlighted 【待补充：……】 placeholder.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Span(BaseModel):
    text: str
    placeholder: bool = False  # 【待补充：……】, highlighted in the .docx


class Heading(BaseModel):
    kind: Literal["heading"] = "heading"
    level: int = Field(ge=1, le=4)  # 1: 一、 (黑体)  2: （一） (楷体)  3: 1. (仿宋)  4: （1） (仿宋)
    number: str = ""  # filled by the renderer: "一、", "（一）", "1.", "（1）"
    text: str
    # A run-in heading (「一是加大公共场所宣传。」 style) carries its paragraph text.
    body: list[Span] = Field(default_factory=list)

    @property
    def full_text(self) -> str:
        return f"{self.number}{self.text}"


class Paragraph(BaseModel):
    kind: Literal["paragraph"] = "paragraph"
    spans: list[Span]

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


Block = Heading | Paragraph


class Document(BaseModel):
    title: str  # e.g. 某某乡2019年创建文明城市工作总结
    blocks: list[Block] = Field(default_factory=list)
    signature_unit: str = ""  # 某某乡人民政府 / 某某乡 (may be a placeholder text)
    signature_date: str = ""  # 2019年12月28日
    author: str = ""  # docx core property
    missing: int = 0  # how many required facts are still 【待补充】

    @property
    def file_name(self) -> str:
        """「某某乡2019年创建文明城市工作总结.docx」, safe for any filesystem."""
        safe = "".join(c for c in self.title if c not in '\\/:*?"<>|\n\r\t').strip() or "工作总结"
        return f"{safe}.docx"
