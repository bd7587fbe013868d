"""How long reading an uploaded .docx takes: the safety checks plus the reader, in-process.

Run: python -m bench.imports [runs]   (default 10 runs per file)

Files: the five reference summaries saved as .docx (tests/support/docx_files, as the
import tests build them), the largest upload allowed (reference 【一】 with a 4.9 MB picture
of random bytes beside its text), and a zip bomb (60 MB of zeros, refused from the zip's
directory). Prints the median and the slowest run per file and ends with exactly one line
``RESULT reference_ms=<slowest reference median> largest_ms=<median> bomb_ms=<median>``.
The service reads uploads off the event loop (run_in_executor), so these are the time a
clerk waits for the 核对 message, not a stall of other clerks.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so python bench/<name>.py runs too

from dialogs.questionnaire import load_questionnaire  # noqa: E402
from drafting.prose.wording import wording_for  # noqa: E402
from importing.docx_reader import read_report  # noqa: E402
from importing.limits import LIMITS  # noqa: E402
from importing.safety import CheckedDocx, check_upload  # noqa: E402
from importing.sections import section_vocabulary  # noqa: E402
from tests.support.docx_files import docx_of_text, parts_of, zip_bomb, zip_of  # noqa: E402
from tests.support.prose_metrics import reference_texts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="?", type=int, default=10, help="runs per file (default 10)")
    runs = parser.parse_args().runs
    texts = reference_texts()
    if texts is None:
        sys.exit("the reference summaries are missing (shared/reference)")
    questionnaire = load_questionnaire()
    vocabulary = section_vocabulary(questionnaire, wording_for(questionnaire))
    files = {f"reference{number}": docx_of_text("乡镇创建文明城市工作总结", text) for number, text in texts.items()}
    padding = LIMITS.file_bytes - len(files["reference一"]) - 64 * 1024
    files["largest"] = zip_of(parts_of(files["reference一"]) | {"word/media/image1.jpeg": os.urandom(padding)})
    files["bomb"] = zip_bomb(60 * 1024 * 1024)

    def read(name: str, data: bytes) -> object:
        checked = check_upload(data, f"{name}.docx")
        return read_report(checked, vocabulary) if isinstance(checked, CheckedDocx) else checked

    medians: dict[str, float] = {}
    print(f"{'file':<14}{'KB':>8}{'median ms':>12}{'max ms':>10}")
    for name, data in files.items():
        timings = []
        for _ in range(runs):
            began = time.perf_counter()
            read(name, data)
            timings.append((time.perf_counter() - began) * 1000)
        medians[name] = statistics.median(timings)
        print(f"{name:<14}{len(data) // 1024:>8}{medians[name]:>12.1f}{max(timings):>10.1f}")
    reference = max(value for name, value in medians.items() if name.startswith("reference"))
    print(f"RESULT reference_ms={reference:.1f} largest_ms={medians['largest']:.1f} bomb_ms={medians['bomb']:.1f}")


if __name__ == "__main__":
    main()
