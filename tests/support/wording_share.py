"""How much of the draft's fixed Chinese wording lives outside the .py files (issue 21).

Counts the CJK characters of every string literal in drafting/**/*.py (docstrings and
comments are not literals and are not counted) against those of every string — keys and
values, not comments — of the wording files templates/*.yaml. The two modules that read
and check the wording files (drafting/prose/wording.py, wording_checks.py) speak to the
person editing those files, not in the draft: their messages are counted apart.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Messages to the person who edits the wording files, not words of the draft.
FILE_CHECKS = ("drafting/prose/wording.py", "drafting/prose/wording_checks.py")


@dataclass(frozen=True)
class Share:
    in_files: dict[str, int]  # wording file -> CJK characters
    in_python: dict[str, int]  # drafting module -> CJK characters of its string literals
    in_checks: int  # of those, the file checks' messages

    @property
    def outside(self) -> float:
        """The draft's fixed wording outside .py files, as a share."""
        files = sum(self.in_files.values())
        return files / (files + sum(self.in_python.values()) - self.in_checks)

    @property
    def outside_counting_checks(self) -> float:
        files = sum(self.in_files.values())
        return files / (files + sum(self.in_python.values()))


def wording_share(root: Path = ROOT) -> Share:
    in_python = {str(path.relative_to(root)): count for path in sorted((root / "drafting").rglob("*.py")) if (count := _literal_cjk(path))}
    in_files = {path.name: sum(len(CJK.findall(text)) for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))) for path in sorted((root / "templates").glob("*.yaml"))}
    return Share(in_files, in_python, sum(in_python.get(name, 0) for name in FILE_CHECKS))


def _literal_cjk(path: Path) -> int:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return sum(
        len(CJK.findall(node.value))
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    )


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif isinstance(data, str):
        yield data
