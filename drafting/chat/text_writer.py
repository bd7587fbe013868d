"""The drafted summary as chat text: plain text and Telegram HTML messages."""

from __future__ import annotations

from drafting.document import Document, Heading, Paragraph, Span, spans_text
from drafting.signature import display_width, signature_layout
from drafting.chat.telegram_split import Line, Run, pack_messages

INDENT = "　　"  # two full-width spaces, the first-line indent of the official text
LINE_CHARS = 28  # characters a line in the .docx; the signature is padded against it
TELEGRAM_LIMIT = 4096
BOLD_HEADING_LEVELS = (1, 2)


def to_plain_text(document: Document) -> str:
    """Title, blank line, numbered headings, indented paragraphs, then the signature."""
    return "\n".join("".join(run.text for run in line.runs) for line in _lines(document, bold=False))


def to_telegram_html(document: Document, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """The document as Telegram HTML messages of at most ``limit`` characters each."""
    return pack_messages(_lines(document, bold=True), limit)


def _lines(document: Document, bold: bool) -> list[Line]:
    """The document line by line, styled for HTML when ``bold`` (ignored in plain text)."""
    title_tags = ("b",) if bold else ()
    # The title keeps the .docx's lines, broken between words: one long line would be
    # wrapped by the phone anywhere, often inside a word (「…进展情况汇／报」).
    lines = [Line(_runs(spans, title_tags, bold), keep_with_next=True) for spans in document.title_lines]
    if document.byline_spans:
        lines.append(Line(_runs(document.byline_spans, (), bold), keep_with_next=True))
    lines.append(Line(()))
    for block in document.blocks:
        line = _block_line(block, bold)
        if line is not None:
            lines.append(line)
    signature = _signature_lines(document, bold)
    if signature:
        lines.append(Line(()))
        lines.extend(signature)
    return lines


def _block_line(block: Heading | Paragraph, bold: bool) -> Line | None:
    if isinstance(block, Paragraph):
        if not block.text:
            return None
        return Line((*([] if block.flush_left else [Run(INDENT)]), *_runs(block.spans, (), bold)))
    heading_tags = ("b",) if bold and block.level in BOLD_HEADING_LEVELS else ()
    heading = _runs(block.numbered_title, heading_tags, bold)
    if block.body:  # run-in heading: a paragraph opening with its heading
        return Line((Run(INDENT), *heading, *_runs(block.body, (), bold)))
    return Line(heading, keep_with_next=True)


def _runs(spans: list[Span], tags: tuple[str, ...], bold: bool) -> tuple[Run, ...]:
    """Spans as runs; placeholders underlined in HTML so the clerk sees what is missing."""
    return tuple(Run(span.text, tags + ("u",) if span.placeholder and bold else tags) for span in spans)


def _signature_lines(document: Document, bold: bool) -> list[Line]:
    layout = signature_layout(document.signature_unit, document.signature_date, display_width)
    lines: list[Line] = []
    signature = ((document.signature_unit_spans, layout.unit_right_chars), (document.signature_date_spans, layout.date_right_chars))
    for spans, right_chars in signature:
        if spans:
            padding = _padding(LINE_CHARS - right_chars - display_width(spans_text(spans)))
            # The unit keeps its date in the same message.
            lines.append(Line((Run(padding), *_runs(spans, (), bold)), keep_with_next=True))
    return lines


def _padding(width: float) -> str:
    """Full-width spaces (and a half-width one for a half character) filling ``width``."""
    if width <= 0:
        return ""
    whole = int(width)
    return "　" * whole + (" " if width - whole >= 0.5 else "")
