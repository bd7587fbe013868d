"""Imports point one way: product <- tests/support <- bench.

The product (bot.py and its packages) must run without the test tree, and tests must
not depend on benchmark scripts; bench may use test support (the fake Bot API, the load
simulator). Imports are read with ast, so a module need not be importable to be checked.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ["bot.py", "app", "tgbot", "dialogs", "drafting", "importing", "storage", "templates"]


def python_files(*names: str) -> list[Path]:
    files: list[Path] = []
    for name in names:
        path = ROOT / name
        files.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return files


def imported_modules(path: Path) -> set[str]:
    """Absolute module names ``path`` imports, at any depth (inside functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def imports_from(path: Path, packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in imported_modules(path) if m.split(".")[0] in packages)


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from tests.support import loadsim\n    import bench.load\n", encoding="utf-8")
    assert imports_from(module, ("tests", "bench")) == ["bench.load", "tests.support"]


def test_the_product_tree_exists_where_this_test_looks() -> None:
    # Renaming a package must not quietly shrink what the layering tests check.
    assert len(python_files(*PRODUCT)) > 20


@pytest.mark.parametrize("path", python_files(*PRODUCT), ids=lambda p: str(p.relative_to(ROOT)))
def test_product_modules_import_nothing_from_tests_or_bench(path: Path) -> None:
    assert imports_from(path, ("tests", "bench")) == []


@pytest.mark.parametrize("path", python_files("tests"), ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_under_tests_imports_bench(path: Path) -> None:
    assert imports_from(path, ("bench",)) == []


# Reading an uploaded .docx is pure: bytes in, values out. The adapters download and store.
@pytest.mark.parametrize("path", python_files("importing"), ids=lambda p: str(p.relative_to(ROOT)))
def test_importing_reaches_no_adapter_store_or_system(path: Path) -> None:
    forbidden = ("app", "tgbot", "storage", "os", "pathlib", "socket", "subprocess", "shutil", "tempfile")
    assert [m for m in imported_modules(path) if m.split(".")[0] in forbidden] == []


# Drafting is split by reason to change (drafting/__init__.py); the Telegram adapter
# shows a Document through drafting.chat and never reaches into the words or the page.
@pytest.mark.parametrize("path", python_files("tgbot"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_telegram_adapter_imports_neither_prose_nor_page(path: Path) -> None:
    assert [m for m in imported_modules(path) if m.startswith(("drafting.prose", "drafting.page"))] == []


@pytest.mark.parametrize("package", ["page", "chat", "office"])
def test_writers_never_reach_back_into_prose(package: str) -> None:
    for path in python_files(f"drafting/{package}"):
        assert [m for m in imported_modules(path) if m.startswith("drafting.prose")] == [], path


# Structure travels as values (drafting.document: Placeholder, Sentence; drafting.prose.
# provenance: Sourced), never as private-use characters hidden in strings and parsed back.
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]|\\u(?:e[0-9a-f]{3}|f[0-8][0-9a-f]{2})|\\N\{PRIVATE USE", re.IGNORECASE)


@pytest.mark.parametrize("path", [*python_files("drafting"), *sorted((ROOT / "templates").rglob("*.*"))], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_use_marker_remains_in_drafting(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if _PRIVATE_USE.search(line)] == []
