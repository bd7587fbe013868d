"""`python bot.py demo` renders the built-in sample to a .docx a newcomer can open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("layout", ["annual", "progress", "itemized"])
def test_demo_writes_the_sample_summary(tmp_path: Path, layout: str) -> None:
    out = tmp_path / "demo.docx"
    env = dict(os.environ, DATA_DIR=str(tmp_path / "data"), PREVIEW_PAGES="0")
    done = subprocess.run(
        [sys.executable, "bot.py", "demo", "--out", str(out), "--layout", layout],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "某某县创建第四届某某省文明城市工作" in done.stdout  # the text preview is printed
    assert f"已生成：{out}" in done.stdout
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "某某乡" in text and "2019年12月28日" in text and "【待补充" not in text
