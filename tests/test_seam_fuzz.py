"""The seam fuzzer's corpus (tests/support/seam_fuzz.py) drafts with no seam (issue 23).

Every kind of work item x every layout x every genre, the clerk's fragments in every
shape: what an editor marked in drafts of interviews the team did not write (a verb or a
fact said twice, a template verb against the clerk's, a sentence without a predicate, a
noun phrase as a subject, a menu label as a claim, unrelated items together, sections
too big or too thin, headings that claim what is not said, a numbered series repeating
the unit) is found by the rules of tests/support/quality.py in none of the drafts. Before
issue 23 the same corpus had 203 (bench/seams_before.json).
"""

from __future__ import annotations

from dialogs.questionnaire import load_questionnaire
from drafting.prose.layouts import LAYOUTS
from tests.support.seam_fuzz import seam_cases
from tests.support.seam_report import fuzz_findings

QUESTIONNAIRE = load_questionnaire()


def test_the_corpus_covers_every_kind_layout_and_genre() -> None:
    cases = seam_cases(QUESTIONNAIRE)
    groups = {q.id for section in QUESTIONNAIRE.sections if section.role == "work" for q in section.questions if q.kind == "group"}
    assert {case.name.split("/")[0].split("+")[0] for case in cases} >= groups
    genres = {case.state.answers["genre"].choice for case in cases}  # type: ignore[union-attr]
    assert genres == set(QUESTIONNAIRE.question("genre").choices)
    assert len(LAYOUTS) == 3


def test_no_draft_of_the_corpus_has_a_seam() -> None:
    findings = fuzz_findings(QUESTIONNAIRE)
    assert findings.checked == len(seam_cases(QUESTIONNAIRE)) * len(LAYOUTS)
    assert findings.found == []
