"""Write a built draft to disk (console 「生成」 and the demo): .docx, and PDF/PNG when possible."""

from __future__ import annotations

import logging
from pathlib import Path

from drafting.document import Document
from drafting.preview import preview_available, render_preview_sync
from drafting.soffice import PreviewError

log = logging.getLogger(__name__)


def write_outputs(document: Document, docx: bytes, docx_path: Path) -> list[Path]:
    """Write the .docx at ``docx_path``; beside it the PDF and page PNGs when LibreOffice is here."""
    docx_path.parent.mkdir(parents=True, exist_ok=True)
    docx_path.write_bytes(docx)
    written = [docx_path]
    if not preview_available():
        return written
    try:
        preview = render_preview_sync(docx)
    except (PreviewError, OSError) as error:
        log.error("PDF/PNG preview failed, the .docx alone was written: %s", error)
        return written
    pdf_path = docx_path.with_suffix(".pdf")
    pdf_path.write_bytes(preview.pdf)
    written.append(pdf_path)
    for number, png in enumerate(preview.pngs, start=1):
        png_path = docx_path.with_name(f"{docx_path.stem}-第{number}页.png")
        png_path.write_bytes(png)
        written.append(png_path)
    return written
