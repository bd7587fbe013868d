"""A YAML file read with the line of every value, so a broken edit is reported where it is.

``read_yaml`` returns the data and a map from each value's place (the keys and indexes
that lead to it) to its line. A problem found later — by pydantic or by a check against
the questionnaire — is given as such a place, and ``YamlFile.error`` names the file and
the nearest line: 「templates/headings.yaml:14: ……」.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

Place = tuple[str | int, ...]


class FileProblem(ValueError):
    """A file the program cannot start with; the message names the file, the line and why."""


@dataclass(frozen=True)
class YamlFile:
    path: Path
    data: Any
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)

    def line(self, place: Sequence[str | int]) -> int | None:
        """The line of ``place``, or of the nearest value around it that has one."""
        key = tuple(str(step) for step in place)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)

    def error(self, place: Sequence[str | int], message: str) -> FileProblem:
        line = self.line(place)
        return FileProblem(f"{self.path}:{line}: {message}" if line else f"{self.path}: {message}")

    def validation_error(self, error: ValidationError) -> FileProblem:
        """pydantic's first complaint, in Chinese where it is a common one, at the line of
        the value it names."""
        first = error.errors()[0]
        place = tuple(step for step in first["loc"] if not (isinstance(step, str) and step.startswith(("function-", "union["))))
        where = ".".join(str(step) for step in place)
        reason = _SAID.get(first["type"], first["msg"].removeprefix("Value error, "))
        return self.error(place, f"{where}：{reason}" if where else reason)


# pydantic's complaints a person editing a file meets most, said in Chinese.
_SAID = {
    "missing": "缺少这一项",
    "extra_forbidden": "多了这一项：名字拼写对吗？",
    "literal_error": "只能写规定的几种值之一",
    "string_type": "这里要写文字",
    "list_type": "这里要写成列表 [甲, 乙]",
    "dict_type": "这里要写成「名称: 内容」的几行",
    "too_short": "不能是空的",
    "int_type": "这里要写数字",
}


def read_yaml(path: Path | str) -> YamlFile:
    """The file's data and the line of each value; FileProblem when it cannot be read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FileProblem(f"{path}: cannot read the file: {exc}") from exc
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise FileProblem(f"{where}: not valid YAML: {exc}") from exc
    finally:
        loader.dispose()
    lines: dict[tuple[str, ...], int] = {}
    if node is not None:
        _record(node, (), lines)
    return YamlFile(path, data, lines)


def _record(node: yaml.Node, place: tuple[str, ...], lines: dict[tuple[str, ...], int]) -> None:
    """Each value's line, walking the nodes the data was built from (merged keys included:
    constructing the data flattened ``<<:`` into the mapping's own pairs)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            inner = (*place, str(key.value))
            lines[inner] = key.start_mark.line + 1
            _record(value, inner, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            inner = (*place, str(index))
            lines[inner] = item.start_mark.line + 1
            _record(item, inner, lines)
    if place not in lines:
        lines[place] = node.start_mark.line + 1
