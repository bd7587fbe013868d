"""The figure read-back of every line the fresh interviews and the seam fuzzer type
(issue 23, defect 11): the read-back checker of tests/support/quality.py finds nothing.
Before issue 23 it found 41 (bench/seams_before.json): 27 read-backs of no figures, 9
words read as figures (一把手), figures and what they count cut short (6个月, 涉及)."""

from __future__ import annotations

from dialogs.answering import figures_read_back
from dialogs.figures import parse_figures
from dialogs.questionnaire import load_questionnaire
from tests.support.seam_report import fresh_replays, read_back_findings

QUESTIONNAIRE = load_questionnaire()
DETAILS = QUESTIONNAIRE.question("campaigns").questions[1]


def test_no_read_back_of_the_fresh_interviews_or_the_fuzz_lines_is_wrong() -> None:
    findings = read_back_findings(QUESTIONNAIRE, fresh_replays(QUESTIONNAIRE))
    assert findings.checked > 20 and findings.found == []


def test_a_word_is_never_cut_to_make_a_figure() -> None:
    for line in ("班子成员及各部门一把手为成员", "每周五组织志愿者一起清扫街道", "实行一把手负总责"):
        answer = parse_figures(line, DETAILS)
        assert figures_read_back(answer) is None, line  # type: ignore[arg-type]
    shown = figures_read_back(parse_figures("涉及6个小区，开展为期3个月的整治", DETAILS))  # type: ignore[arg-type]
    assert shown is not None and "· 涉及：6个" in shown and "· 开展为期：3个月" in shown


def test_a_count_in_brackets_is_read_back_whole_with_what_it_counts() -> None:
    """「整改问题（1）处」 was read back as 「整改问题（：1」: the brackets belong to the figure."""
    shown = figures_read_back(parse_figures("整改问题（1）处，发放资料500份", DETAILS))  # type: ignore[arg-type]
    assert shown is not None and "· 整改问题：（1）处" in shown and "· 发放资料：500份" in shown
    unbalanced = figures_read_back(parse_figures("开展活动（共3次）", DETAILS))  # type: ignore[arg-type]
    assert unbalanced is not None and "· 开展活动：3次" in unbalanced
