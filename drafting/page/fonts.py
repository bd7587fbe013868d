"""Font names of the official document, configurable per deployment.

The defaults are the names GB/T 9704 templates use in Word/WPS. Stock Windows
ships 仿宋 and 楷体 rather than the *_GB2312 faces, so ``alternates`` tells Word
which installed face to substitute (written to the .docx font table).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class OfficialFonts(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str = "方正小标宋简体"  # 二号, centred
    body: str = "仿宋_GB2312"  # 三号 body text
    heading1: str = "黑体"  # 一、
    heading2: str = "楷体_GB2312"  # （一）
    heading3: str = "仿宋_GB2312"  # 1.
    heading4: str = "仿宋_GB2312"  # （1）
    page_number: str = "宋体"  # 四号 「— 1 —」
    alternates: dict[str, str] = Field(
        default_factory=lambda: {
            "仿宋_GB2312": "仿宋",
            "楷体_GB2312": "楷体",
            "方正小标宋简体": "宋体",
        }
    )

    def heading(self, level: int) -> str:
        """The face of a heading of ``level`` (1-4)."""
        return (self.heading1, self.heading2, self.heading3, self.heading4)[level - 1]
