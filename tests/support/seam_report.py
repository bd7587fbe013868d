"""The seam checker over its three corpora, counted per rule (bench.prose and the tests).

- the fuzz corpus (tests/support/seam_fuzz.py), every case in every layout;
- the fresh interviews (tests/interviews/), replayed through the console, every layout,
  and every figure read-back they got in the chat;
- the read-back of the fuzz corpus's lines of figures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from dialogs.answering import figures_read_back
from dialogs.answers import ChoiceAnswer, FiguresAnswer
from dialogs.figures import parse_figures
from dialogs.questionnaire import Questionnaire
from drafting.document import Document
from drafting.prose.layouts import LAYOUTS
from drafting.prose.render import render_document
from tests.support.fresh_interviews import ConsoleReplay, fresh_interviews, replay_console
from tests.support.quality import heading_counts, readback_glitches, seam_glitches
from tests.support.seam_fuzz import READ_BACK_LINES, seam_cases


@dataclass
class Findings:
    """Findings of one corpus, and how many drafts (or read-backs) were checked."""

    checked: int = 0
    found: list[str] = field(default_factory=list)

    def per_rule(self) -> Counter[str]:
        return Counter(finding.split(":")[0] for finding in self.found)


def fuzz_findings(questionnaire: Questionnaire) -> Findings:
    result = Findings()
    for case in seam_cases(questionnaire):
        for layout in LAYOUTS:
            document = render_document(questionnaire, case.state, layout)
            result.checked += 1
            result.found.extend(f"{finding} [{case.name} {layout}]" for finding in seam_glitches(document, case.state.answers, case.unit_type))
    return result


def fresh_replays(questionnaire: Questionnaire) -> list[ConsoleReplay]:
    return [replay_console(questionnaire, path) for path in fresh_interviews()]


def unit_type(replay: ConsoleReplay) -> str:
    answer = replay.state.answers.get("unit_type")
    return answer.choice if isinstance(answer, ChoiceAnswer) else ""


def fresh_findings(questionnaire: Questionnaire, replays: list[ConsoleReplay]) -> Findings:
    result = Findings()
    for replay in replays:
        for layout in LAYOUTS:
            document = render_document(questionnaire, replay.state, layout)
            result.checked += 1
            result.found.extend(f"{finding} [{replay.name} {layout}]" for finding in seam_glitches(document, replay.state.answers, unit_type(replay)))
    return result


def read_back_findings(questionnaire: Questionnaire, replays: list[ConsoleReplay]) -> Findings:
    """Every read-back the fresh interviews got, and the read-back of the fuzz lines."""
    result = Findings()
    for replay in replays:
        for line, said in replay.read_backs:
            result.checked += 1
            result.found.extend(f"{finding} [{replay.name}]" for finding in readback_glitches(line, said))
    details = questionnaire.question("campaigns").questions[1]
    for line in READ_BACK_LINES:
        answer = parse_figures(line, details)
        assert isinstance(answer, FiguresAnswer)
        result.checked += 1
        result.found.extend(f"{finding} [fuzz]" for finding in readback_glitches(line, figures_read_back(answer) or ""))
    return result


def annual_drafts(questionnaire: Questionnaire, replays: list[ConsoleReplay]) -> list[Document]:
    return [render_document(questionnaire, replay.state, "annual") for replay in replays]


def annual_headings(questionnaire: Questionnaire, replays: list[ConsoleReplay]) -> dict[str, int]:
    """How many of the fresh interviews' annual drafts use each work-section heading."""
    return heading_counts(annual_drafts(questionnaire, replays))
