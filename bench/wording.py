"""How much of the draft's fixed Chinese wording lives in templates/ rather than in Python.

    python -m bench.wording        (or: python bench/wording.py)

Prints the CJK characters of each wording file and of the string literals of each
drafting module (tests/support/wording_share.py says what is counted), then
``RESULT outside_py=<share> counting_checks=<share>`` (issue 21 aims at 0.8 or more; the
second figure counts the messages of the wording files' checks as wording too).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.wording_share import FILE_CHECKS, wording_share  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0]).parse_args(argv or [])
    share = wording_share()
    print(f"{'wording file':<40}{'CJK':>6}")
    for name, count in share.in_files.items():
        print(f"templates/{name:<30}{count:>6}")
    print(f"{'string literals of':<40}{'CJK':>6}")
    for name, count in share.in_python.items():
        note = "  (messages of the file checks)" if name in FILE_CHECKS else ""
        print(f"{name:<40}{count:>6}{note}")
    files, python = sum(share.in_files.values()), sum(share.in_python.values())
    print(f"wording files {files}, drafting .py {python - share.in_checks} (+{share.in_checks} in the file checks' messages)")
    print(f"RESULT outside_py={share.outside:.2f} counting_checks={share.outside_counting_checks:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
