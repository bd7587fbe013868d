"""Write a built draft to disk (console 「生成」 and the demo): .docx, and PDF/PNG when possible."""

from __future__ import annotations

import logging
from pathlib import Path

from drafting.document import Document
from drafting.office.preview import preview_available, render_preview_sync
from drafting.office.soffice import PreviewError
from storage.atomic import atomic_write_bytes

log = logging.getLogger(__name__)


def write_outputs(document: Document, docx: bytes, docx_path: Path) -> list[Path]:
    """Write the .docx at ``docx_path``; beside it the PDF and page PNGs when LibreOffice is here.

    Each file is replaced atomically: a write cut short (a full disk) leaves the previous
    file whole, never a truncated one.
    """
    docx_path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(docx_path, docx)
    written = [docx_path]
    if not preview_available():
        return written
    try:
        preview = render_preview_sync(docx)
    except (PreviewError, OSError) as error:
        log.error("PDF/PNG preview failed, the .docx alone was written: %s", error)
        return written
    pdf_path = docx_path.with_suffix(".pdf")
    atomic_write_bytes(pdf_path, preview.pdf)
    written.append(pdf_path)
    for number, png in enumerate(preview.pngs, start=1):
        png_path = docx_path.with_name(f"{docx_path.stem}-第{number}页.png")
        atomic_write_bytes(png_path, png)
        written.append(png_path)
    return written
