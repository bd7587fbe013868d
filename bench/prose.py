"""How the drafts read: per document and layout, the prose figures of issue 15.

    python -m bench.prose        (or: python bench/prose.py)

For each script in tests/scripts/ and the samples (the 19 dev-set and reference
interviews) and each layout it prints characters, paragraphs, one-sentence paragraphs,
repeated 4-character phrases per 1,000 characters (the reference summaries' own figure
is computed from /work/shared/reference and printed first), connective openings with
nothing before them, sentences without provenance and the quality checker's findings.
The last line is ``RESULT unsourced=<n> glitches=<n> repeats_per_k=<n>`` (repeats: the
mean over all drafts).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dialogs.questionnaire import load_questionnaire
from drafting.prose.layouts import LAYOUTS
from drafting.prose.render import render_document
from tests.support.interview_replay import all_scripts, draft_text, read_script, replay
from tests.support.prose_metrics import (
    REFERENCE_FILE,
    body_paragraphs,
    one_sentence_paragraphs,
    orphan_connectives,
    reference_texts,
    repeats_per_k,
)
from tests.support.quality import (
    doubled_words,
    find_glitches,
    fragment_glitches,
    typed_text,
    unsourced_sentences,
)


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0]).parse_args(argv or [])
    questionnaire = load_questionnaire()
    references = reference_texts()
    if references is None:
        print(f"reference texts missing ({REFERENCE_FILE}): no reference figure")
        reference_figure = None
    else:
        figures = {name: repeats_per_k(text) for name, text in references.items()}
        reference_figure = sum(figures.values()) / len(figures)
        shown = " ".join(f"【{name}】{value:.1f}" for name, value in figures.items())
        print(f"reference repeats_per_k={reference_figure:.1f} (mean of {shown})")
    print(f"{'document':<13}{'layout':<10}{'chars':>6}{'paras':>6}{'1-sent':>7}{'rep/k':>7}{'orphan':>7}{'unsrc':>6}{'glitch':>7}")
    unsourced_total = glitches_total = 0
    repeats: list[float] = []
    for path in all_scripts():
        result = replay(questionnaire, read_script(path))
        for layout in LAYOUTS:
            document = render_document(questionnaire, result.state, layout)
            text = draft_text(document)
            body = "".join(p.text for p in body_paragraphs(document))
            unsourced = unsourced_sentences(document)
            glitches = [*find_glitches(document), *fragment_glitches(document), *doubled_words(document, typed_text(result.state.answers))]
            repeat = repeats_per_k(text)
            repeats.append(repeat)
            unsourced_total += len(unsourced)
            glitches_total += len(glitches)
            print(
                f"{path.stem:<13}{layout:<10}{len(body):>6}{len(body_paragraphs(document)):>6}{len(one_sentence_paragraphs(document)):>7}"
                f"{repeat:>7.1f}{len(orphan_connectives(document)):>7}{len(unsourced):>6}{len(glitches):>7}"
            )
            for finding in [*unsourced, *glitches]:
                print(f"    {finding}")
    mean = sum(repeats) / len(repeats) if repeats else 0.0
    if reference_figure is not None:
        verdict = "within" if mean <= reference_figure else "above"
        print(f"drafts' mean repeats_per_k {mean:.1f} is {verdict} the references' {reference_figure:.1f}")
    print(f"RESULT unsourced={unsourced_total} glitches={glitches_total} repeats_per_k={mean:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
