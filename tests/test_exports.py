"""Console 「生成」 writes its files so a failed write never spoils the previous ones."""

from __future__ import annotations

import contextlib
import resource
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

import app.exports
from app.exports import write_outputs
from drafting.document import Document, Paragraph, Span


@contextlib.contextmanager
def disk_full_after(size: int) -> Iterator[None]:
    """Any write past ``size`` bytes of a file fails (EFBIG), as a full disk cuts a file short."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_a_write_that_fails_midway_keeps_the_previous_docx_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app.exports, "preview_available", lambda: False)
    document = Document(title="标题", blocks=[Paragraph(spans=[Span(text="正文。")])])
    path = tmp_path / "exports" / document.file_name
    good = b"PK good docx " * 100
    assert write_outputs(document, good, path) == [path]
    with disk_full_after(len(good) // 2), pytest.raises(OSError):
        write_outputs(document, b"PK newer docx " * 1000, path)
    assert path.read_bytes() == good
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no half-written temp file left
