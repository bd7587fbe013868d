"""Built-in sample interviews: the facts of reference summaries 【一】 and 【五】.

Used by the demo command, the benchmark and the tests, so everyone sees the
product's output without answering a single question.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from dialogs.state import InterviewState

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "dialogs" / "samples"
SampleName = Literal["reference1", "reference5"]


@cache
def _sample_json(name: str) -> str:
    return (SAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8")


def load_sample_state(name: SampleName) -> InterviewState:
    """A fresh InterviewState holding every fact of the named reference summary."""
    return InterviewState.model_validate_json(_sample_json(name))
