"""Page pictures and PDF of the draft: real LibreOffice on the demo draft, plus the failure paths.

The LibreOffice tests convert the demo draft once (~2-8 s) and share the result.
They skip only when soffice is missing outside CI; in CI (env CI set) they must run.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import shutil
import stat
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from dialogs.questionnaire import load_questionnaire
from drafting.office import preview
from drafting.document import Document, Heading, Paragraph
from drafting.office.png import ppm_to_png
from drafting.office.queue import OfficeQueue
from drafting.office.soffice import OfficeWorker, office_pipe_path
from drafting.page.docx_writer import write_docx
from drafting.prose.render import render_document
from drafting.prose.samples import load_sample_state
from tests.support.tools import require, require_tools

import pypdf  # noqa: E402 - a requirement (requirements.txt)

needs_office = pytest.mark.skipif(
    (shutil.which("soffice") is None or shutil.which("pdftoppm") is None) and not os.environ.get("CI"),
    reason="LibreOffice/poppler not installed (they are required when CI is set)",
)

A4_POINTS = (595.3, 841.9)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module", autouse=True)
def _stop_offices() -> Iterator[None]:
    yield
    preview.shutdown_preview()


@pytest.fixture(scope="module")
def demo_document() -> Document:
    return render_document(load_questionnaire(), load_sample_state("reference1"))


@pytest.fixture(scope="module")
def demo_preview(demo_document: Document) -> preview.Preview:
    result = asyncio.run(convert(write_docx(demo_document), pages=2))
    assert result is not None, "the demo draft did not convert (see the log)"
    return result


async def convert(docx: bytes, pages: int = 2, timeout: float = preview.CONVERT_TIMEOUT_S) -> preview.Preview | None:
    """A conversion as the bot asks for one: in the office's line (drafting.office.queue)."""
    ticket = OfficeQueue(timeout_s=timeout).submit(docx, pages)
    assert ticket is not None
    return await ticket.result()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text_by_font(page: pypdf.PageObject) -> dict[str, str]:
    """The text drawn with each font on a page, keyed by the embedded font's name."""
    drawn: dict[str, list[str]] = {}

    def visit(text: str, cm: object, tm: object, font: dict | None, size: object) -> None:
        if font is not None and text.strip():
            drawn.setdefault(str(font.get("/BaseFont")), []).append(text)

    page.extract_text(visitor_text=visit)
    return {name: _squash("".join(parts)) for name, parts in drawn.items()}


def _font_drawing(page: pypdf.PageObject, text: str) -> str:
    fonts = [name for name, drawn in _text_by_font(page).items() if _squash(text) in drawn]
    assert fonts, f"{text!r} not found on the page"
    return fonts[0]


def _first_heading(document: Document, level: int) -> Heading:
    return next(block for block in document.blocks if isinstance(block, Heading) and block.level == level)


def _first_paragraph_after(document: Document, heading_level: int) -> tuple[Heading, Paragraph]:
    for index, block in enumerate(document.blocks):
        if isinstance(block, Heading) and block.level == heading_level:
            following = document.blocks[index + 1]
            if isinstance(following, Paragraph):
                return block, following
    raise AssertionError(f"no level-{heading_level} heading followed by a paragraph")


# --- the demo draft through LibreOffice ---------------------------------------------


@needs_office
def test_demo_pdf_page_count_agrees_with_pypdf_and_pdftoppm(demo_preview: preview.Preview) -> None:
    pages_in_pdf = len(pypdf.PdfReader(io.BytesIO(demo_preview.pdf)).pages)
    every_page = preview.pdf_to_pngs(demo_preview.pdf, pages=pages_in_pdf + 3, dpi=20)
    assert pages_in_pdf >= 2
    assert demo_preview.page_count == pages_in_pdf
    assert len(every_page) == pages_in_pdf


@needs_office
def test_demo_preview_has_two_a4_page_pictures(demo_preview: preview.Preview) -> None:
    assert len(demo_preview.pngs) == 2
    for png in demo_preview.pngs:
        assert png.startswith(PNG_SIGNATURE)
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        # 100 dpi of A4 (210 x 297 mm) is 827 x 1169 pixels.
        assert abs(width - 827) <= 2 and abs(height - 1169) <= 2
    assert demo_preview.pngs[0] != demo_preview.pngs[1]


@needs_office
def test_demo_pdf_pages_are_a4(demo_preview: preview.Preview) -> None:
    for page in pypdf.PdfReader(io.BytesIO(demo_preview.pdf)).pages:
        assert abs(float(page.mediabox.width) - A4_POINTS[0]) <= 1
        assert abs(float(page.mediabox.height) - A4_POINTS[1]) <= 1


@needs_office
def test_demo_pdf_contains_title_heading_and_figures(demo_document: Document, demo_preview: preview.Preview) -> None:
    text = _squash("".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(demo_preview.pdf)).pages))
    heading, paragraph = _first_paragraph_after(demo_document, heading_level=2)
    figure = re.search(r"\d+[个次份项名户]", paragraph.text) or re.search(r"\d+", demo_document.title)
    assert _squash(demo_document.title) in text
    assert _squash(heading.full_text) in text
    assert figure is not None and figure.group() in text


@needs_office
def test_demo_pdf_draws_each_part_with_its_free_stand_in(
    demo_document: Document, demo_preview: preview.Preview
) -> None:
    page_one = pypdf.PdfReader(io.BytesIO(demo_preview.pdf)).pages[0]
    section = _first_heading(demo_document, level=1)
    subsection, body = _first_paragraph_after(demo_document, heading_level=2)
    body_sentence = re.split(r"[，。；]", body.text)[0]

    assert "FandolFang" in _font_drawing(page_one, body_sentence)  # 仿宋, not a sans fallback
    assert "FandolKai" in _font_drawing(page_one, subsection.full_text)  # 楷体
    assert "NotoSansCJK" in _font_drawing(page_one, section.full_text)  # 黑体
    title_font = _font_drawing(page_one, demo_document.title)
    assert "NotoSerifCJK" in title_font and "Bold" in title_font  # 小标宋
    assert "—1—" in "".join(_text_by_font(page_one).values())  # page number「— 1 —」


@needs_office
def test_a_second_conversion_on_the_warm_worker_reads_a_docx_path(
    tmp_path: Path, demo_document: Document, demo_preview: preview.Preview
) -> None:
    source = tmp_path / "某某乡工作总结.docx"
    source.write_bytes(write_docx(demo_document))
    # The worker thread that made demo_preview: its profile (and standby office) is reused.
    pdf = preview.conversion_executor().submit(preview.docx_to_pdf, source, tmp_path).result()
    assert pdf.startswith(b"%PDF")
    assert preview.pdf_page_count(pdf) == demo_preview.page_count


@needs_office
def test_standby_office_opens_the_pipe_the_worker_waits_for() -> None:
    soffice = preview.find_soffice()
    assert soffice is not None
    worker = OfficeWorker(soffice, preview.subprocess_env())
    try:
        worker.warm_up()
        assert worker.processes(), "the standby office did not start"
        assert office_pipe_path(worker.profile).exists()  # our MD5 formula matches LibreOffice's
    finally:
        worker.close()
    assert not worker.processes()
    assert not office_pipe_path(worker.profile).exists()


# --- fonts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("official", "stand_in"),
    [
        ("仿宋_GB2312", "FandolFang:Regular"),
        ("仿宋", "FandolFang:Regular"),
        ("FangSong", "FandolFang:Regular"),
        ("楷体_GB2312", "FandolKai:Regular"),
        ("楷体", "FandolKai:Regular"),
        ("KaiTi", "FandolKai:Regular"),
        ("黑体", "Noto Sans CJK SC:Regular"),
        ("SimHei", "Noto Sans CJK SC:Regular"),
        ("方正小标宋简体", "Noto Serif CJK SC:Bold"),
        ("宋体", "Noto Serif CJK SC:Regular"),
        ("SimSun", "Noto Serif CJK SC:Regular"),
    ],
)
def test_fonts_conf_maps_official_names_to_free_stand_ins(official: str, stand_in: str) -> None:
    require_tools("fc-match", "fc-list")
    installed = subprocess.run(["fc-list", "FandolFang"], env=preview.subprocess_env(), capture_output=True)
    require(bool(installed.stdout.strip()), "the stand-in fonts (texlive-lang-chinese, fonts-noto-cjk)")
    matched = subprocess.run(
        ["fc-match", "--format", "%{family[0]}:%{style[0]}", official],
        env=preview.subprocess_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert matched == stand_in


# --- PPM -> PNG ---------------------------------------------------------------------


def _decode_png_rgb(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and unfiltered RGB pixels of a filter-0, single-IDAT PNG."""
    assert png.startswith(PNG_SIGNATURE)
    chunks: dict[bytes, bytes] = {}
    offset = len(PNG_SIGNATURE)
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind, body = png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks[kind] = body
        offset += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 2) and b"IEND" in chunks
    rows = zlib.decompress(chunks[b"IDAT"])
    stride = width * 3 + 1
    assert all(rows[row * stride] == 0 for row in range(height))
    return width, height, b"".join(rows[row * stride + 1 : (row + 1) * stride] for row in range(height))


def test_ppm_to_png_keeps_every_pixel() -> None:
    pixels = bytes((x * 40 + y * 7 + c) % 256 for y in range(3) for x in range(5) for c in range(3))
    ppm = b"P6\n5 3\n255\n" + pixels
    assert _decode_png_rgb(ppm_to_png(ppm)) == (5, 3, pixels)


@pytest.mark.parametrize("bad", [b"P5\n1 1\n255\n\x00", b"P6\n2 2\n255\n\x00\x00", b"P6\n1 1\n65535\n\x00" * 6])
def test_ppm_to_png_rejects_what_it_cannot_read(bad: bytes) -> None:
    with pytest.raises(ValueError):
        ppm_to_png(bad)


# --- graceful paths (no LibreOffice needed) ------------------------------------------


def _fake_tool_dir(tmp_path: Path, script: str) -> Path:
    """A directory whose `soffice` is ``script``, to put first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text("#!/bin/sh\n" + script + "\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return bin_dir


def test_without_libreoffice_preview_is_none_and_logged_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing to find
    monkeypatch.setattr(preview, "_absence_logged", False)
    caplog.set_level(logging.INFO, logger="drafting.office.preview")

    results = [preview.preview_available() for _ in range(3)]

    assert results == [False, False, False]
    assert [record.levelno for record in caplog.records] == [logging.WARNING]
    assert "soffice" in caplog.records[0].getMessage()


def test_failed_conversion_returns_none_and_logs_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    require_tools("pdftoppm")
    bin_dir = _fake_tool_dir(tmp_path, 'echo "source file could not be loaded" >&2; exit 1')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    caplog.set_level(logging.INFO, logger="drafting.office.preview")

    result = asyncio.run(convert(b"PK broken docx", timeout=20))

    assert result is None
    errors = [record.getMessage() for record in caplog.records if record.levelno == logging.ERROR]
    assert len(errors) == 1 and "could not be loaded" in errors[0]


def _running(pid: int) -> bool:
    """Alive and not a zombie (a killed grandchild waits for init to reap it)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_hung_conversion_is_killed_at_timeout_without_blocking_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    require_tools("pdftoppm")
    pid_file = tmp_path / "pids"
    # Like a wedged soffice -> soffice.bin: a grandchild and a child that never end.
    bin_dir = _fake_tool_dir(tmp_path, f'sleep 600 &\necho $! >> "{pid_file}"\necho $$ >> "{pid_file}"\nexec sleep 600')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    caplog.set_level(logging.INFO, logger="drafting.office.preview")

    async def convert_while_ticking() -> tuple[preview.Preview | None, int]:
        ticks = 0
        conversion = asyncio.ensure_future(convert(b"PK docx", timeout=1.0))
        while not conversion.done():
            await asyncio.sleep(0.01)
            ticks += 1
        return conversion.result(), ticks

    result, ticks = asyncio.run(convert_while_ticking())

    assert result is None
    assert ticks > 10  # the event loop kept running while LibreOffice hung
    assert any("timed out after 1 s" in record.getMessage() for record in caplog.records)
    pids = [int(line) for line in pid_file.read_text().split()]
    assert pids, "the fake soffice never ran"
    for pid in pids:
        assert not _running(pid)


def test_missing_stand_in_fonts_are_logged_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    require_tools("fc-list")
    bin_dir = _fake_tool_dir(tmp_path, "exit 0")
    shutil.copy(bin_dir / "soffice", bin_dir / "pdftoppm")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(preview, "STAND_IN_FAMILIES", ("No Such Face 仿宋",))
    monkeypatch.setattr(preview, "_fonts_checked", False)
    caplog.set_level(logging.INFO, logger="drafting.office.preview")

    assert preview.preview_available() and preview.preview_available()

    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1 and "No Such Face 仿宋" in warnings[0]
