"""Page pictures and a PDF of a drafted .docx, made by LibreOffice and poppler.

Optional: without ``soffice`` or ``pdftoppm`` on PATH, :func:`preview_available` says
so (logged once) and the caller sends the .docx alone.

Why it looks like this:
- LibreOffice runs as a subprocess in its own process group, so a hung
  conversion is killed whole (soffice is a shell script -> oosplash -> soffice.bin).
- Two conversions on one LibreOffice profile fail, so every thread gets its own
  worker (drafting/office/soffice.py): a profile created once and reused, and a standby
  office started between conversions, which makes a conversion ~4x faster.
- Async callers go through a bounded line (drafting/office/queue.py) in front of a
  small dedicated thread pool: the event loop never waits, the pool size is the
  number of conversions that may run at once.
- The official font names stay in the .docx; ``fontconfig/fonts.conf``, given to
  the subprocess only, maps them to installed free stand-ins.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from drafting.office.png import ppm_to_png
from drafting.office.soffice import OfficeWorker, PreviewError, office_temp_root, run_killable

__all__ = [
    "Preview",
    "PreviewError",
    "conversion_executor",
    "docx_to_pdf",
    "pdf_page_count",
    "pdf_to_pngs",
    "preview_available",
    "render_preview_sync",
    "shutdown_preview",
    "warm_up_preview",
]

log = logging.getLogger(__name__)

FONTS_CONF = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"
SOFFICE_NAMES = ("soffice", "libreoffice")
# Conversions at once. Each LibreOffice takes ~210 MB and a CPU core for over a second.
MAX_PARALLEL_CONVERSIONS = 1
# Keep an office started between conversions: a preview in ~0.55 s instead of ~1.6 s (python
# bench/preview.py --compare); the idle office costs ~180 MB.
USE_STANDBY = True
CONVERT_TIMEOUT_S = 60.0
RASTERIZE_TIMEOUT_S = 30.0
INSTALL_HINT = (
    "apt-get install libreoffice-writer-nogui poppler-utils "
    "fonts-noto-cjk fonts-liberation2 texlive-lang-chinese"
)


@dataclass(frozen=True)
class Preview:
    pdf: bytes
    pngs: list[bytes]  # the first pages, in order
    page_count: int  # pages of the whole PDF, not only the pictured ones


# --- tools ---------------------------------------------------------------------

_absence_logged = False


def find_soffice() -> str | None:
    for name in SOFFICE_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def preview_available() -> bool:
    """True when LibreOffice and pdftoppm are installed; says once in the log when not."""
    global _absence_logged
    missing = [tool for tool, found in (("soffice", find_soffice()), ("pdftoppm", shutil.which("pdftoppm"))) if not found]
    if missing and not _absence_logged:
        _absence_logged = True
        log.warning(
            "Draft preview off: %s not found; drafts are sent as .docx only. To enable: %s",
            ", ".join(missing),
            INSTALL_HINT,
        )
    if not missing:
        _check_stand_in_fonts_once()
    return not missing


STAND_IN_FAMILIES = ("FandolFang", "FandolKai", "Noto Sans CJK SC", "Noto Serif CJK SC")
_fonts_checked = False


def _check_stand_in_fonts_once() -> None:
    """Say in the log when the free faces are missing: pages would render in one fallback face."""
    global _fonts_checked
    if _fonts_checked:
        return
    _fonts_checked = True
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return
    listed = subprocess.run([fc_list, ":", "family"], env=subprocess_env(), capture_output=True, timeout=30).stdout
    families = {name.strip() for line in listed.decode("utf-8", "replace").splitlines() for name in line.split(",")}
    absent = [family for family in STAND_IN_FAMILIES if family not in families]
    if absent:
        log.warning("Draft preview fonts missing (%s): pages render in a fallback face. To fix: %s", ", ".join(absent), INSTALL_HINT)


def subprocess_env() -> dict[str, str]:
    """The environment for LibreOffice: ours plus the font substitutions."""
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env


# --- LibreOffice workers (one per thread: a profile can serve one conversion at a time) ---

_thread_worker = threading.local()
_all_workers: list[OfficeWorker] = []
_workers_lock = threading.Lock()


def _current_worker(soffice: str) -> OfficeWorker:
    worker: OfficeWorker | None = getattr(_thread_worker, "worker", None)
    if worker is None or worker.closed or worker.soffice != soffice:
        if worker is not None:
            worker.close()  # LibreOffice moved (PATH changed): stop the old standby
        worker = OfficeWorker(soffice, subprocess_env(), standby=USE_STANDBY)
        _thread_worker.worker = worker
        with _workers_lock:
            _all_workers.append(worker)
    return worker


@atexit.register
def shutdown_preview() -> None:
    """Stop every standby office and remove the profiles (also runs at exit)."""
    with _workers_lock:
        workers = list(_all_workers)
        _all_workers.clear()
    for worker in workers:
        worker.close()


def office_pids() -> list[int]:
    """Pids of the standby offices alive now (the benchmark measures their memory)."""
    with _workers_lock:
        return [pid for worker in _all_workers for pid in worker.processes()]


# --- conversions ---------------------------------------------------------------


def _as_file(data: bytes | Path, directory: Path, name: str) -> Path:
    """A file holding ``data``: the path itself, or bytes written into ``directory``."""
    if isinstance(data, Path):
        return data
    path = directory / name
    path.write_bytes(data)
    return path


def docx_to_pdf(docx: bytes | Path, workdir: Path, timeout: float = CONVERT_TIMEOUT_S) -> bytes:
    """Convert a .docx to PDF with headless LibreOffice; raise PreviewError on failure.

    Uses the calling thread's LibreOffice profile (and its standby office).
    """
    soffice = find_soffice()
    if soffice is None:
        raise PreviewError("soffice not found")
    workdir = Path(workdir)
    # An ASCII copy: LibreOffice names the PDF after the input, and we must find it.
    source = workdir / "draft.docx"
    source.write_bytes(docx.read_bytes() if isinstance(docx, Path) else docx)
    target = workdir / "draft.pdf"
    target.unlink(missing_ok=True)
    result = _current_worker(soffice).convert_to_pdf(source, workdir, timeout)
    if result.returncode != 0 or not target.is_file():
        detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()[-500:]
        raise PreviewError(f"LibreOffice exited {result.returncode} without a PDF: {detail}")
    return target.read_bytes()


def pdf_to_pngs(
    pdf: bytes | Path, pages: int = 2, dpi: int = 100, timeout: float = RASTERIZE_TIMEOUT_S
) -> list[bytes]:
    """The first ``pages`` pages of a PDF as PNG images (fewer if the PDF is shorter)."""
    if pages < 1:
        return []
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise PreviewError("pdftoppm not found")
    with tempfile.TemporaryDirectory(prefix="cwzj-png-", dir=office_temp_root()) as tmp:
        source = _as_file(pdf, Path(tmp), "draft.pdf")
        # PPM, not -png: encoding the PNG ourselves at zlib level 1 is ~10x cheaper (see drafting/office/png.py).
        command = [pdftoppm, "-r", str(dpi), "-f", "1", "-l", str(pages), str(source), str(Path(tmp) / "page")]
        result = run_killable(command, timeout, "pdftoppm", subprocess_env())
        if result.returncode != 0:
            raise PreviewError(f"pdftoppm exited {result.returncode}: {result.stderr.decode('utf-8', 'replace')[-300:]}")
        # pdftoppm pads the page number to the width of the last page: page-1.ppm or page-01.ppm.
        images = sorted(Path(tmp).glob("page-*.ppm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [ppm_to_png(image.read_bytes()) for image in images]


def pdf_page_count(pdf: bytes | Path, timeout: float = RASTERIZE_TIMEOUT_S) -> int:
    """Pages in a PDF, as poppler's pdfinfo reads them."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        raise PreviewError("pdfinfo not found")
    with tempfile.TemporaryDirectory(prefix="cwzj-info-", dir=office_temp_root()) as tmp:
        source = _as_file(pdf, Path(tmp), "draft.pdf")
        result = run_killable([pdfinfo, str(source)], timeout, "pdfinfo", subprocess_env())
    match = re.search(rb"^Pages:\s+(\d+)", result.stdout, re.MULTILINE)
    if result.returncode != 0 or match is None:
        raise PreviewError(f"pdfinfo could not read the PDF (exit {result.returncode})")
    return int(match.group(1))


def render_preview_sync(docx_bytes: bytes, pages: int = 2, timeout: float = CONVERT_TIMEOUT_S) -> Preview:
    """PDF and first-page pictures of a .docx; raise PreviewError on failure."""
    with tempfile.TemporaryDirectory(prefix="cwzj-preview-", dir=office_temp_root()) as tmp:
        workdir = Path(tmp)
        pdf = docx_to_pdf(docx_bytes, workdir, timeout=timeout)
        pdf_path = workdir / "draft.pdf"
        return Preview(pdf=pdf, pngs=pdf_to_pngs(pdf_path, pages=pages), page_count=pdf_page_count(pdf_path))


# --- the conversion thread -------------------------------------------------------

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def conversion_executor() -> ThreadPoolExecutor:
    """The thread(s) conversions run on (drafting.office.queue puts them in line)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=MAX_PARALLEL_CONVERSIONS, thread_name_prefix="preview")
        return _executor


async def warm_up_preview() -> None:
    """Start the conversion worker's standby office now (call once at bot start; optional)."""
    if not preview_available():
        return
    soffice = find_soffice()
    assert soffice is not None
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(conversion_executor(), lambda: _current_worker(soffice).warm_up())
