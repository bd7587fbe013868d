"""The layouts a clerk can pick, in one place: name -> label, template and title."""

from __future__ import annotations

LAYOUTS: dict[str, str] = {"annual": "年度总结", "progress": "进展汇报", "itemized": "条目式"}
DEFAULT_LAYOUT = "annual"

_TITLE_ENDINGS: dict[str, str] = {
    "annual": "创建文明城市工作总结",
    "progress": "创建文明城市工作进展情况汇报",
    "itemized": "创建文明城市工作总结",
}


class UnknownLayout(ValueError):
    """A layout name that is not in LAYOUTS."""


def check_layout(layout: str) -> str:
    """The layout name itself, or UnknownLayout naming the ones that exist."""
    if layout not in LAYOUTS:
        raise UnknownLayout(f"unknown layout {layout!r}; choose one of: {', '.join(LAYOUTS)}")
    return layout


def template_name(layout: str) -> str:
    return f"{check_layout(layout)}.j2"


def title_for(layout: str, unit_name: str, year: str) -> str:
    """某某乡2019年创建文明城市工作总结 (进展汇报: …工作进展情况汇报)."""
    return f"{unit_name}{year}年{_TITLE_ENDINGS[check_layout(layout)]}"
