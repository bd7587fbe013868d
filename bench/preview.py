"""Benchmark: the demo draft's preview (.docx -> PDF -> 2 PNG pages) with LibreOffice.

    python bench/preview.py [--runs 5] [--gap 3] [--compare]

Each run converts the demo draft the way the bot does (render_preview_sync) and
prints the time of each step and the peak RSS of the subprocess tree
(LibreOffice and poppler), polled every 20 ms with psutil.

Runs are ``--gap`` seconds apart, as a clerk's requests are: the worker starts
its next standby office in that gap. The first run comes after warm-up (as at
bot start). ``--compare`` also measures back-to-back runs and runs without a
standby office (a fresh LibreOffice each time, warm profile only).
Last line: ``RESULT preview_ms=<median of the main series>``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so python bench/<name>.py runs too

from dialogs.questionnaire import load_questionnaire  # noqa: E402
from drafting.office import preview  # noqa: E402
from drafting.page.docx_writer import write_docx  # noqa: E402
from drafting.prose.render import render_document  # noqa: E402
from drafting.prose.samples import load_sample_state  # noqa: E402


@dataclass
class Run:
    convert_ms: float
    pictures_ms: float
    total_ms: float
    peak_rss_mb: float


class TreeRssSampler:
    """Peak summed RSS of this process's descendants while running."""

    def __init__(self, interval_s: float = 0.02) -> None:
        self.interval_s = interval_s
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> TreeRssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass  # ended between listing and reading
            self.peak_bytes = max(self.peak_bytes, total)
            self._stop.wait(self.interval_s)


def measure_once(docx: bytes) -> Run:
    with TreeRssSampler() as sampler, tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        pdf = preview.docx_to_pdf(docx, Path(tmp))
        converted = time.perf_counter()
        pngs = preview.pdf_to_pngs(pdf, pages=2)
        preview.pdf_page_count(pdf)
        finished = time.perf_counter()
    assert len(pngs) == 2
    return Run(
        convert_ms=(converted - started) * 1000,
        pictures_ms=(finished - converted) * 1000,
        total_ms=(finished - started) * 1000,
        peak_rss_mb=sampler.peak_bytes / 2**20,
    )


def series(name: str, docx: bytes, runs: int, gap_s: float, standby: bool) -> list[Run]:
    preview.shutdown_preview()
    preview.USE_STANDBY = standby
    soffice = preview.find_soffice()
    assert soffice is not None
    worker = preview._current_worker(soffice)
    if standby:
        worker.warm_up()  # what warm_up_preview() does at bot start
    else:
        measure_once(docx)  # not measured: creates the profile once
    time.sleep(max(gap_s, 3.0))
    print(f"\n{name}  (standby office: {'yes' if standby else 'no'}, gap between runs: {gap_s:g} s)")
    print(f"{'run':>4} {'convert ms':>11} {'PNG+info ms':>12} {'total ms':>9} {'peak RSS MB':>12}")
    results = []
    for index in range(1, runs + 1):
        run = measure_once(docx)
        results.append(run)
        print(f"{index:>4} {run.convert_ms:>11.0f} {run.pictures_ms:>12.0f} {run.total_ms:>9.0f} {run.peak_rss_mb:>12.0f}")
        if index < runs:
            time.sleep(gap_s)
    median = statistics.median(run.total_ms for run in results)
    peak = max(run.peak_rss_mb for run in results)
    print(f"median total {median:.0f} ms, peak RSS of the subprocess tree {peak:.0f} MB")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--gap", type=float, default=3.0, help="seconds between runs")
    parser.add_argument("--compare", action="store_true", help="also back-to-back and no-standby series")
    args = parser.parse_args()
    if not preview.preview_available():
        print("LibreOffice or pdftoppm missing: nothing to measure", file=sys.stderr)
        return 1
    docx = write_docx(render_document(load_questionnaire(), load_sample_state("reference1")))
    print(f"demo draft: {len(docx)} bytes, cpus: {psutil.cpu_count()}, load: {psutil.getloadavg()[0]:.2f}")
    try:
        if args.compare:
            series("back-to-back", docx, args.runs, 0.0, standby=True)
            series("fresh LibreOffice per run (warm profile only)", docx, args.runs, args.gap, standby=False)
        main_series = series("as the bot runs", docx, args.runs, args.gap, standby=True)
    finally:
        preview.shutdown_preview()
    print(f"RESULT preview_ms={statistics.median(run.total_ms for run in main_series):.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
