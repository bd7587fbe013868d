"""How long drafting takes in-process: render the Document, then write the .docx.

Run: python -m bench.drafting [runs]   (default 25 runs per layout and sample)

Prints a table per layout (median and p90 over the runs, for the larger of the two
reference interviews) and ends with exactly one line
``RESULT docx_ms=<median render+docx of the slowest layout>`` (target: ≤ 100 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so python bench/<name>.py runs too

from dialogs.questionnaire import load_questionnaire  # noqa: E402
from dialogs.state import InterviewState  # noqa: E402
from drafting.document import Document  # noqa: E402
from drafting.prose.layouts import LAYOUTS  # noqa: E402
from drafting.prose.render import render_document  # noqa: E402
from drafting.prose.samples import load_sample_state  # noqa: E402

SAMPLES = ("reference1", "reference5")


def _docx_writer() -> Callable[[Document], bytes] | None:
    """write_docx if the writer exists yet (it is built in parallel with the renderer)."""
    try:
        from drafting.page.docx_writer import write_docx
    except ImportError:
        return None
    return write_docx


def _milliseconds(action: Callable[[], object], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        timings.append((time.perf_counter() - began) * 1000)
    return timings


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.9) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="?", type=int, default=25, help="runs per layout and sample (default 25)")
    runs = parser.parse_args().runs
    questionnaire = load_questionnaire()
    states: dict[str, InterviewState] = {name: load_sample_state(name) for name in SAMPLES}
    write_docx = _docx_writer()
    if write_docx is None:
        print("note: drafting/page/docx_writer.py not available yet; timing the render only")

    print(f"{'layout':<10} {'sample':<11} {'blocks':>6} {'render ms':>10} {'p90':>7} {'docx ms':>8} {'p90':>7} {'total ms':>9} {'KiB':>6}")
    totals: dict[str, float] = {}
    for layout in LAYOUTS:
        for sample, state in states.items():
            render_document(questionnaire, state, layout)  # templates load once, outside the timing
            document = render_document(questionnaire, state, layout)
            render_ms = _milliseconds(lambda: render_document(questionnaire, state, layout), runs)
            if write_docx is not None:
                write_docx(document)
                docx_ms = _milliseconds(lambda: write_docx(document), runs)
                size_kib = len(write_docx(document)) / 1024
                total_ms = _milliseconds(lambda: write_docx(render_document(questionnaire, state, layout)), runs)
            else:
                docx_ms, size_kib, total_ms = [0.0], 0.0, render_ms
            total = statistics.median(total_ms)
            totals[layout] = max(totals.get(layout, 0.0), total)
            print(
                f"{layout:<10} {sample:<11} {len(document.blocks):>6} {statistics.median(render_ms):>10.1f} {_p90(render_ms):>7.1f}"
                f" {statistics.median(docx_ms):>8.1f} {_p90(docx_ms):>7.1f} {total:>9.1f} {size_kib:>6.1f}"
            )
    slowest = max(totals, key=totals.__getitem__)
    print(f"slowest layout: {slowest} ({LAYOUTS[slowest]}); medians over {runs} runs each")
    print(f"RESULT docx_ms={totals[slowest]:.1f}")


if __name__ == "__main__":
    main()
