"""How the drafts read, in numbers: the prose figures of issue 15 and the seams of issue 23.

    python -m bench.prose [--verbose] [--json]      (or: python bench/prose.py)

For each script in tests/scripts/ and the samples (the 19 dev-set and reference
interviews) and each layout it prints characters, paragraphs, one-sentence paragraphs,
repeated 4-character phrases per 1,000 characters (the reference summaries' own figure
is computed from /work/shared/reference and printed first), connective openings with
nothing before them, sentences without provenance, the quality checker's findings and
the seam checker's (tests/support/quality.py, seam_glitches).

Then the seams per rule over three corpora: the seam fuzzer's cases in every layout
(tests/support/seam_fuzz.py), the fresh interviews (tests/interviews/, replayed through
the console) in every layout, and the 19 scripts; the figure read-backs of the fresh
interviews and of the fuzzer's lines; beside each, the figure measured before issue 23
changed anything (bench/seams_before.json). Last the headings of the fresh interviews'
annual drafts, by how many drafts use each. ``--verbose`` prints every seam found,
``--json`` the counts as JSON (how seams_before.json was written).

The last line is ``RESULT unsourced=<n> glitches=<n> repeats_per_k=<n> seams_fuzz=<n>
seams_fresh=<n> seams_scripts=<n> readback=<n>`` (repeats: the mean over all drafts).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
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
    READ_BACK_RULES,
    SEAM_RULES,
    doubled_words,
    find_glitches,
    fragment_glitches,
    seam_glitches,
    typed_text,
    unsourced_sentences,
)
from tests.support.seam_report import Findings, annual_headings, fresh_findings, fresh_replays, fuzz_findings, read_back_findings

BEFORE = Path(__file__).resolve().parent / "seams_before.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every seam found")
    parser.add_argument("--json", action="store_true", help="print the seam counts as JSON only")
    args = parser.parse_args(argv or [])
    questionnaire = load_questionnaire()
    corpora: dict[str, Findings] = {}
    if not args.json:
        print_references()
    scripts_total, unsourced_total, glitches_total, mean = scripts_table(questionnaire, quiet=args.json)
    corpora["scripts"] = scripts_total
    corpora["fuzz"] = fuzz_findings(questionnaire)
    replays = fresh_replays(questionnaire)
    corpora["fresh"] = fresh_findings(questionnaire, replays)
    corpora["readback"] = read_back_findings(questionnaire, replays)
    headings = annual_headings(questionnaire, replays)
    counts = {name: dict(findings.per_rule()) for name, findings in corpora.items()}
    if args.json:
        print(json.dumps({**counts, "headings": headings}, ensure_ascii=False, indent=1))
        return 0
    before = json.loads(BEFORE.read_text(encoding="utf-8")) if BEFORE.exists() else {}
    print_seams(corpora, before, args.verbose)
    print(f"headings of the fresh interviews' {len(replays)} annual drafts, by drafts using each:")
    for title, used in headings.items():
        print(f"    {used}  {title}")
    if before.get("headings"):
        print(f"  before: {'；'.join(f'{title} {used}' for title, used in before['headings'].items())}")
    print(
        f"RESULT unsourced={unsourced_total} glitches={glitches_total} repeats_per_k={mean:.1f}"
        f" seams_fuzz={len(corpora['fuzz'].found)} seams_fresh={len(corpora['fresh'].found)}"
        f" seams_scripts={len(corpora['scripts'].found)} readback={len(corpora['readback'].found)}"
    )
    return 0


def print_references() -> None:
    references = reference_texts()
    if references is None:
        print(f"reference texts missing ({REFERENCE_FILE}): no reference figure")
        return
    figures = {name: repeats_per_k(text) for name, text in references.items()}
    shown = " ".join(f"【{name}】{value:.1f}" for name, value in figures.items())
    print(f"reference repeats_per_k={sum(figures.values()) / len(figures):.1f} (mean of {shown})")


def scripts_table(questionnaire, quiet: bool) -> tuple[Findings, int, int, float]:  # type: ignore[no-untyped-def]
    """The per-draft table of the 19 scripts; their seams, unsourced and glitch totals, mean repeats."""
    say = (lambda *_: None) if quiet else print
    say(f"{'document':<13}{'layout':<10}{'chars':>6}{'paras':>6}{'1-sent':>7}{'rep/k':>7}{'orphan':>7}{'unsrc':>6}{'glitch':>7}{'seams':>6}")
    seams = Findings()
    unsourced_total = glitches_total = 0
    repeats: list[float] = []
    for path in all_scripts():
        result = replay(questionnaire, read_script(path))
        kind = result.state.answers.get("unit_type")
        for layout in LAYOUTS:
            document = render_document(questionnaire, result.state, layout)
            text = draft_text(document)
            body = "".join(p.text for p in body_paragraphs(document))
            unsourced = unsourced_sentences(document)
            glitches = [*find_glitches(document), *fragment_glitches(document), *doubled_words(document, typed_text(result.state.answers))]
            found = seam_glitches(document, result.state.answers, getattr(kind, "choice", ""))
            seams.checked += 1
            seams.found.extend(f"{finding} [{path.stem} {layout}]" for finding in found)
            repeat = repeats_per_k(text)
            repeats.append(repeat)
            unsourced_total += len(unsourced)
            glitches_total += len(glitches)
            say(
                f"{path.stem:<13}{layout:<10}{len(body):>6}{len(body_paragraphs(document)):>6}{len(one_sentence_paragraphs(document)):>7}"
                f"{repeat:>7.1f}{len(orphan_connectives(document)):>7}{len(unsourced):>6}{len(glitches):>7}{len(found):>6}"
            )
            for finding in [*unsourced, *glitches]:
                say(f"    {finding}")
    mean = sum(repeats) / len(repeats) if repeats else 0.0
    reference = reference_texts()
    if reference:
        figure = sum(repeats_per_k(text) for text in reference.values()) / len(reference)
        say(f"drafts' mean repeats_per_k {mean:.1f} is {'within' if mean <= figure else 'above'} the references' {figure:.1f}")
    return seams, unsourced_total, glitches_total, mean


def print_seams(corpora: dict[str, Findings], before: dict[str, dict[str, int]], verbose: bool) -> None:
    names = ("fuzz", "fresh", "scripts")
    shown = ", ".join(f"{name} {corpora[name].checked} drafts" for name in names)
    print(f"seams per rule ({shown}); before: {before.get('measured', 'not recorded')}")
    print(f"{'rule':<36}" + "".join(f"{name:>8}" for name in names) + "   before:" + "".join(f"{name:>8}" for name in names))
    for rule in SEAM_RULES:
        now = "".join(f"{corpora[name].per_rule()[rule]:>8}" for name in names)
        then = "".join(f"{before.get(name, {}).get(rule, 0):>8}" for name in names)
        print(f"{rule:<36}{now}   {'':>7}{then}")
    totals = "".join(f"{len(corpora[name].found):>8}" for name in names)
    then_totals = "".join(f"{sum(before.get(name, {}).values()):>8}" for name in names)
    print(f"{'all seams':<36}{totals}   {'':>7}{then_totals}")
    readback: Counter[str] = corpora["readback"].per_rule()
    print(f"figure read-backs ({corpora['readback'].checked}: the fresh interviews' and the fuzzer's lines)")
    for rule in READ_BACK_RULES:
        print(f"{rule:<36}{readback[rule]:>8}   before:{before.get('readback', {}).get(rule, 0):>8}")
    if verbose:
        for name, findings in corpora.items():
            for finding in findings.found:
                print(f"    {name}: {finding}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
