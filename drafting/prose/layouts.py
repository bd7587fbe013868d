"""The layouts a clerk can pick, in one place: name -> label (their parts: templates/layouts.yaml)."""

from __future__ import annotations

LAYOUTS: dict[str, str] = {"annual": "年度总结", "progress": "进展汇报", "itemized": "条目式"}
DEFAULT_LAYOUT = "annual"

class UnknownLayout(ValueError):
    """A layout name that is not in LAYOUTS."""


def check_layout(layout: str) -> str:
    """The layout name itself, or UnknownLayout naming the ones that exist."""
    if layout not in LAYOUTS:
        raise UnknownLayout(f"unknown layout {layout!r}; choose one of: {', '.join(LAYOUTS)}")
    return layout

