"""`python bot.py demo`: the product's output from the built-in sample interview (reference 【一】)."""

from __future__ import annotations

import sys
from pathlib import Path

from app.exports import write_outputs
from dialogs.questionnaire import load_questionnaire
from drafting.page.docx_writer import write_docx
from drafting.prose.render import render_document
from drafting.prose.samples import load_sample_state
from drafting.chat.text_writer import to_plain_text
from drafting.prose.wording import Wording


def run_demo(out: Path, layout: str, wording: Wording | None = None) -> int:
    document = render_document(load_questionnaire(), load_sample_state("reference1"), layout, wording)
    written = write_outputs(document, write_docx(document), out)
    sys.stdout.write(to_plain_text(document) + "\n\n")
    for path in written:
        sys.stdout.write(f"已生成：{path}\n")
    return 0
