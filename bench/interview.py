"""Replay the conversation scripts of real documents and measure the interview.

    python -m bench.interview        (or: python bench/interview.py)

For each script in tests/scripts/ (14 dev-set documents, the reference summaries) and
tests/interviews/ (clerks' interviews, one of every genre) it prints the questions shown,
跳过 typed, facts that only a catch-all could hold (items named in the clerk's own words
under 其他), inputs refused, and facts missing from the draft; then the same per genre
(``GENRE <genre> docs=<n> shown_median=<n> skip_pct=<n> refused=<n> missing=<n>``); then the
same clerks a year later (issue 24): each starts next year's draft from the one just
replayed, a year to the day after it, keeps every section (the ones that said 「没有」 in
one answer; where a section's 核对 asks its first count, by typing this year's line for it),
answers last year's plans and problems in turn (完成 by typing what was done; 部分完成: the
button and what was done, the rest where the question says; 未完成 into this year's 打算 or
存在问题: one button; 不再提), retypes this year's other counts and the year's own facts a
year on (period, verdict, date …; 对 where the period and date a year on and the verdict
as it was are offered and are what it would type or skip, else 改一下), and skips the rest
(tests/support/interview_replay.replay_returning). Every question message shown counts.
The last line is ``RESULT shown_median=<n> skip_pct=<n> catchall_pct=<n>
returning_median=<n> returning_ratio=<r>`` (returning_ratio: questions shown to the
returning clerk over those shown to the new one, summed over the finished interviews).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dialogs.answers import ChoiceAnswer
from dialogs.questionnaire import load_questionnaire
from tests.support.interview_replay import (
    INTERVIEWS_DIR,
    all_scripts,
    catchall_facts,
    missing_facts,
    read_script,
    replay,
    replay_returning,
)


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0]).parse_args(argv or [])
    questionnaire = load_questionnaire()
    rows = []
    total_shown = total_skips = total_facts = total_catchall = 0
    shown_counts: list[int] = []
    print(f"{'document':<14}{'shown':>6}{'跳过':>6}{'facts':>7}{'catch-all':>10}{'refused':>8}{'missing':>8}")
    by_genre: dict[str, list[tuple[int, int, int, int]]] = {}
    for path in [*all_scripts(), *sorted(INTERVIEWS_DIR.glob("*.txt"))]:
        script = read_script(path)
        result = replay(questionnaire, script)
        catchall = catchall_facts(questionnaire, script, result.state)
        missing = missing_facts(questionnaire, script, result.state)
        missing_count = max((len(v) for v in missing.values()), default=0)
        rows.append((script.name, result, catchall, missing))
        print(f"{script.name:<14}{result.shown:>6}{result.skips:>7}{len(script.facts):>7}{len(catchall):>10}{len(result.refused):>8}{missing_count:>8}")
        for refused in result.refused:
            print(f"    refused: {refused}")
        for fact in catchall:
            print(f"    catch-all: {fact}")
        for layout, facts in missing.items():
            print(f"    missing in {layout}: {'；'.join(facts)}")
        total_shown += result.shown
        total_skips += result.skips
        total_facts += len(script.facts)
        total_catchall += len(catchall)
        shown_counts.append(result.shown)
        genre = result.state.answers.get("genre")
        name = genre.choice if isinstance(genre, ChoiceAnswer) else str(questionnaire.question("genre").default)
        by_genre.setdefault(name, []).append((result.shown, result.skips, len(result.refused), missing_count))
    for genre, counts in by_genre.items():
        shown = sum(c[0] for c in counts)
        print(
            f"GENRE {genre} docs={len(counts)} shown_median={round(statistics.median(c[0] for c in counts))}"
            f" skip_pct={round(100 * sum(c[1] for c in counts) / shown) if shown else 0}"
            f" refused={sum(c[2] for c in counts)} missing={sum(c[3] for c in counts)}"
        )
    print()
    print(f"{'document':<14}{'new':>6}{'next year':>10}{'checklist':>10}{'ratio':>7}")
    returning_counts: list[int] = []
    total_returning = 0
    total_new = 0
    for name, result, _, _ in rows:
        if not result.finished:
            continue  # an interview left unfinished (生成 midway) has no next year to start from
        again = replay_returning(questionnaire, result)
        assert again.finished and not again.refused, (name, again.refused[:3])
        checklist = len(again.state.carry.checklist) if again.state.carry else 0
        print(f"{name:<14}{result.shown:>6}{again.shown:>10}{checklist:>10}{again.shown / result.shown:>7.2f}")
        returning_counts.append(again.shown)
        total_returning += again.shown
        total_new += result.shown
    returning_ratio = total_returning / total_new if total_new else 0.0
    skip_pct = round(100 * total_skips / total_shown) if total_shown else 0
    catchall_pct = round(100 * total_catchall / total_facts) if total_facts else 0
    print(
        f"RESULT shown_median={round(statistics.median(shown_counts))} skip_pct={skip_pct} catchall_pct={catchall_pct}"
        f" returning_median={round(statistics.median(returning_counts))} returning_ratio={returning_ratio:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
