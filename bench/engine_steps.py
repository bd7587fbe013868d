"""How long one engine step takes: replays the reference scripts and prints a table.

Run: python -m bench.engine_steps [repeats]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so python bench/<name>.py runs too

from dialogs.engine import start, step  # noqa: E402
from dialogs.questionnaire import load_questionnaire  # noqa: E402
from dialogs.replies import Input  # noqa: E402
from dialogs.state import InterviewState  # noqa: E402
from tests.conversation import NOW, script_lines  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "dialogs" / "samples"


def replay(name: str) -> list[float]:
    """Seconds per step for one full run of a reference script."""
    questionnaire = load_questionnaire()
    state, _ = start(questionnaire, InterviewState(), NOW)
    timings: list[float] = []
    for line in script_lines(SAMPLES / f"{name}.txt"):
        began = time.perf_counter()
        state, _ = step(questionnaire, state, Input.typed(line), NOW)
        timings.append(time.perf_counter() - began)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repeats", nargs="?", type=int, default=5, help="full replays of each script (default 5)")
    repeats = parser.parse_args().repeats
    print(f"{'script':<12} {'steps':>6} {'mean ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name in ("reference1", "reference5"):
        timings = [t for _ in range(repeats) for t in replay(name)]
        ordered = sorted(timings)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        print(
            f"{name:<12} {len(timings) // repeats:>6} {statistics.mean(timings) * 1000:>8.2f} "
            f"{p95 * 1000:>8.2f} {max(timings) * 1000:>8.2f}"
        )


if __name__ == "__main__":
    main()
