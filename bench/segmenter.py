"""What jieba costs, and where: at start (once per process) and in a clerk's turn.

    python -m bench.segmenter [runs]      (default 5 fresh processes)

Each run is a fresh interpreter that times: importing jieba, reading its dictionary
(dialogs.segmenter.warm), loading the wording with the lexicon's segmenter (the bot does
both at start, drafting.prose.wording_checks), then reading fragments the way a clerk's
turn does: each of the fresh interviews' answers once (first cut, nothing remembered)
and again (remembered). Prints the medians and ends with
``RESULT start_ms=<import + dictionary + lexicon> turn_first_us=<per fragment, first
read> turn_again_us=<per fragment, read again>``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE_RUN = r"""
import json, time
t0 = time.perf_counter()
import jieba, jieba.posseg
t1 = time.perf_counter()
from dialogs import segmenter
segmenter.warm()
t2 = time.perf_counter()
from dialogs.questionnaire import load_questionnaire
from drafting.prose.wording import wording_for
questionnaire = load_questionnaire()
t3 = time.perf_counter()
reader = wording_for(questionnaire).reader
t4 = time.perf_counter()
from tests.support.fresh_interviews import fresh_interviews
from tests.support.interview_replay import read_script
lines = sorted({line for path in fresh_interviews() for line in read_script(path).lines if len(line) > 4})
t5 = time.perf_counter()
for line in lines:
    reader.read(line)
t6 = time.perf_counter()
for line in lines:
    reader.read(line)
t7 = time.perf_counter()
print(json.dumps({"import_ms": (t1 - t0) * 1e3, "dictionary_ms": (t2 - t1) * 1e3, "lexicon_ms": (t4 - t3) * 1e3,
                  "fragments": len(lines), "first_us": (t6 - t5) * 1e6 / len(lines), "again_us": (t7 - t6) * 1e6 / len(lines)}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=5, help="fresh processes to time")
    runs = parser.parse_args(argv or []).runs
    results = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", ONE_RUN], cwd=ROOT, capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    median = {key: statistics.median(run[key] for run in results) for key in results[0]}
    print(f"{runs} fresh processes, medians; {median['fragments']:.0f} fragments of the fresh interviews")
    for key in ("import_ms", "dictionary_ms", "lexicon_ms", "first_us", "again_us"):
        print(f"  {key:<15}{median[key]:>10.1f}")
    start = median["import_ms"] + median["dictionary_ms"] + median["lexicon_ms"]
    print(f"RESULT start_ms={start:.0f} turn_first_us={median['first_us']:.0f} turn_again_us={median['again_us']:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
