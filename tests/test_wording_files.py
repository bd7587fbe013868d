"""The wording files (templates/) as a 创文办 edits them: checked at start, against the questionnaire.

A broken edit stops the program with the file, the line and what is wrong, never a
silently different draft; a good edit changes the draft and nothing else. The three
silent failures of issue 21 are here as start-up errors: a genre offered without a frame,
a one-character typo in a ``when`` label, and wording the files could not express (the
county's 「成立以……为组长的……领导小组」).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dialogs.answers import ChoiceAnswer, GroupAnswer, MultiAnswer, TextAnswer
from dialogs.questionnaire import DEFAULT_QUESTIONNAIRE, Questionnaire, QuestionnaireError, load_questionnaire
from dialogs.state import InterviewState
from drafting.document import Paragraph
from drafting.prose.layouts import LAYOUTS
from drafting.prose.render import render_document
from drafting.prose.samples import load_sample_state
from drafting.prose.wording import TEMPLATES_DIR, WordingError, load_wording, wording_for
from tests.support.quality import find_glitches
from tests.support.wording_share import wording_share

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRE = load_questionnaire()
LINE = re.compile(r"\.yaml:(\d+): ")


def edited_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of templates/ with ``old`` replaced by ``new`` in file ``name``."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def edited_questionnaire(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_QUESTIONNAIRE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "questionnaire.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def line_of(message: str, path: Path, words: str) -> int:
    """The line ``message`` names, after checking it is the line of ``path`` holding ``words``."""
    found = LINE.search(message)
    assert found and str(path) in message, message
    line = int(found[1])
    assert words in path.read_text(encoding="utf-8").splitlines()[line - 1], (line, message)
    return line


def paragraphs(state: InterviewState, wording: object = None, layout: str = "annual") -> str:
    document = render_document(QUESTIONNAIRE, state, layout, wording)  # type: ignore[arg-type]
    return "\n".join(block.text for block in document.blocks if isinstance(block, Paragraph))


def test_the_shipped_wording_fits_the_questionnaire() -> None:
    wording = load_wording(QUESTIONNAIRE)
    genres = QUESTIONNAIRE.question("genre").choices
    assert set(wording.files.genres.genres) == set(genres)
    groups = {question.id for _, question in QUESTIONNAIRE.questions() if question.kind == "group"}
    assert set(wording.items) == groups
    assert set(wording.layouts.layouts) == set(LAYOUTS)


# --- the three silent failures of issue 21, now start-up errors ---------------------------


def test_a_genre_added_to_the_questionnaire_alone_stops_the_start(tmp_path: Path) -> None:
    offered = "choices: [工作总结, 工作汇报（进展情况）, 自查报告, 阶段小结, 周报, 专项行动小结, 整改报告, 表态发言]"
    path = edited_questionnaire(tmp_path, offered, offered.replace("]", ", 情况通报]"))
    with pytest.raises(WordingError) as caught:
        load_wording(load_questionnaire(path))
    message = str(caught.value)
    assert "「情况通报」" in message
    line_of(message, TEMPLATES_DIR / "genres.yaml", "genres:")


def test_a_frame_for_a_genre_the_interview_does_not_offer_stops_the_start(tmp_path: Path) -> None:
    folder = edited_copy(tmp_path, "genres.yaml", "  自查报告:\n", "  自查情况报告:\n")
    with pytest.raises(WordingError) as caught:
        load_wording(QUESTIONNAIRE, folder)
    assert "自查" in str(caught.value)
    line_of(str(caught.value), folder / "genres.yaml", "genres:" if "没有它的写法" in str(caught.value) else "自查情况报告:")


def test_a_one_character_typo_in_a_when_label_stops_the_start(tmp_path: Path) -> None:
    path = edited_questionnaire(tmp_path, "when: [{question: organization_work, in: [会议]}]", "when: [{question: organization_work, in: [会义]}]")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    message = str(caught.value)
    assert "「会义」" in message and "organization_work" in message and "meetings" in message
    line_of(message, path, "in: [会义]")


@pytest.mark.parametrize(
    ("old", "new", "wrong"),
    [
        ("when: [{question: genre, in: [自查报告, 整改报告]}]", "when: [{question: genre, in: [自查报吿, 整改报告]}]", "「自查报吿」"),
        ("when: [{question: genre, equals: 阶段小结}]", "when: [{question: genre, not_in: [阶段小节]}]", "「阶段小节」"),
        ("when: [{question: organization_work, other: true}]", "when: [{question: unit_name, other: true}]", "other"),
    ],
)
def test_other_conditions_that_can_never_hold_stop_the_start(tmp_path: Path, old: str, new: str, wrong: str) -> None:
    path = edited_questionnaire(tmp_path, old, new)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    assert wrong in str(caught.value)
    line_of(str(caught.value), path, new)


def test_the_countys_leading_group_sentence_can_be_written_in_the_files(tmp_path: Path) -> None:
    """「成立以党委书记为组长的……领导小组」: one clause naming two answers, and without the
    leader the plain wording, never 「…为组长的，创建文明城市工作领导小组。」."""
    folder = edited_copy(
        tmp_path,
        "items.yaml",
        'leading_group:\n  sentence: ["{we}成立{name}", "由{leader}任组长", "{details}"]',
        'leading_group:\n  sentence:\n    - ["{we}成立以{leader}为组长的{name}", "{we}成立{name}"]\n    - "{details}"',
    )
    wording = load_wording(QUESTIONNAIRE, folder)
    state = InterviewState(answers={
        "unit_name": TextAnswer(text="河口乡"), "unit_type": ChoiceAnswer(choice="乡"),
        "organization_work": MultiAnswer(items=["领导小组/工作专班"]),
        "leading_group": GroupAnswer(items=[{"name": TextAnswer(text="创建文明城市工作领导小组"), "leader": TextAnswer(text="党委书记")}]),
    })
    assert "我乡成立以党委书记为组长的创建文明城市工作领导小组。" in paragraphs(state, wording)
    assert "我乡成立创建文明城市工作领导小组，由党委书记任组长。" in paragraphs(state)  # the shipped wording
    without_leader = state.model_copy(update={"answers": {**state.answers, "leading_group": GroupAnswer(items=[{"name": TextAnswer(text="创建文明城市工作领导小组")}])}})
    assert "我乡成立创建文明城市工作领导小组。" in paragraphs(without_leader, wording)
    document = render_document(QUESTIONNAIRE, state, "annual", wording)
    sentence = next(s for b in document.blocks if isinstance(b, Paragraph) for s in b.sentences if "为组长的" in s.text)
    assert {"leading_group#0.leader", "leading_group#0.name"} <= set(sentence.sources)
    # A leader with no name for the group: no wording says it alone, and it is still said.
    nameless = state.model_copy(update={"answers": {**state.answers, "leading_group": GroupAnswer(items=[{"leader": TextAnswer(text="党委书记")}])}})
    assert "组长：党委书记。" in paragraphs(nameless, wording)


# --- a 创文办 edits the wording -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "old", "new", "before", "after"),
    [
        ("headings.yaml", "annual: [健全机构，加强组织领导, 统筹协调，狠抓任务落实]", "annual: [强化领导，加强组织领导, 统筹协调，狠抓任务落实]", "健全机构，加强组织领导", "强化领导，加强组织领导"),
        ("genres.yaml", "main_heading: 主要工作", "main_heading: 主要工作及成效", "一、主要工作\n", "一、主要工作及成效\n"),
        ("genres.yaml", "      全年: 现将全年工作总结如下：", "      全年: 现将一年来的工作总结如下：", "现将全年工作总结如下：", "现将一年来的工作总结如下："),
        ("formulas.yaml", '"{name}将重点从以下方面推进："', '"{name}将重点从以下几个方面推进："', "将重点从以下方面推进：", "将重点从以下几个方面推进："),
    ],
)
def test_an_edited_copy_of_the_files_changes_the_draft(tmp_path: Path, name: str, old: str, new: str, before: str, after: str) -> None:
    state = load_sample_state("reference1").model_copy(deep=True)
    state.answers["unit_name"] = TextAnswer(text="河口乡")  # whose plans lead is the one edited
    shipped = _full_text(render_document(QUESTIONNAIRE, state))
    edited = _full_text(render_document(QUESTIONNAIRE, state, "annual", load_wording(QUESTIONNAIRE, edited_copy(tmp_path, name, old, new))))
    assert before in shipped and after not in shipped
    assert after in edited and edited.replace(after, before) == shipped  # that change, and nothing else


def _full_text(document: object) -> str:
    from tests.support.interview_replay import draft_text

    return draft_text(document)  # type: ignore[arg-type]


def _run_demo(tmp_path: Path, wording_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WORDING_DIR": str(wording_dir), "DATA_DIR": str(tmp_path / "data")}
    env.pop("PYTHONPATH", None)
    return subprocess.run([sys.executable, "bot.py", "demo", "--out", str(tmp_path / "demo.docx")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_bot_runs_on_an_edited_copy_named_by_wording_dir(tmp_path: Path) -> None:
    folder = edited_copy(tmp_path, "genres.yaml", "main_heading: 主要工作", "main_heading: 主要工作和成效")
    done = _run_demo(tmp_path, folder)
    assert done.returncode == 0, done.stderr
    assert "一、主要工作和成效" in done.stdout


@pytest.mark.parametrize(
    ("name", "old", "new", "words"),
    [
        ("items.yaml", '"由{leader}任组长"', '"由{leadr}任组长"', "{leadr}"),
        ("headings.yaml", "kinds: [督查考核/通报]", "kinds: [督查考核]", "「督查考核」"),
        ("layouts.yaml", "answers: [rectifications], as: numbered_or_series", "answers: [rectification], as: numbered_or_series", "「rectification」"),
        ("formulas.yaml", "不断提升{whole}文明程度", "不断提升{whole文明程度", "大括号"),
        ("genres.yaml", "sign_off: 特此汇报。", "sign_of: 特此汇报。", "sign_of"),
        ("words.yaml", "basis_done: 开展工作", "basis_done: [开展工作]", "basis_done"),
    ],
)
def test_a_broken_edit_stops_the_bot_at_start_naming_file_and_line(tmp_path: Path, name: str, old: str, new: str, words: str) -> None:
    folder = edited_copy(tmp_path, name, old, new)
    done = _run_demo(tmp_path, folder)
    assert done.returncode == 2, done.stdout + done.stderr
    assert words in done.stderr and not (tmp_path / "demo.docx").exists()
    line_of(done.stderr, folder / name, new)


# --- what the checks refuse ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "old", "new", "words"),
    [
        ("items.yaml", 'meetings:\n  sentence: ["{we}召开{name}", "{details}"]', 'meetings:\n  sentence: ["{we}召开{name}"]', "{details}"),
        ("items.yaml", '  sentence: ["{we}制定印发{title}"]', '  sentence: ["{we}制定印发文件", "{title}"]', "没有用到任何回答"),
        ("items.yaml", "projects:\n", "project:\n", "「projects」"),
        ("genres.yaml", "      阶段: 现将有关工作总结如下：\n", "", "「阶段」"),
        ("genres.yaml", "      - 紧紧围绕{targets}目标开展创建工作", "      - 紧紧围绕{targe}目标开展创建工作", "{targe}"),
        ("layouts.yaml", "    - rest: {heading: lead-in}\n\ngenres:", "\ngenres:", "rest"),
        ("layouts.yaml", "lead: plans-lead}\n    - rest: {heading: 1}\n\n  progress", "lead: plan-lead}\n    - rest: {heading: 1}\n\n  progress", "「plan-lead」"),
        ("headings.yaml", "\nsupport:\n", "\nsupports:\n", "「supports」"),
        ("formulas.yaml", "\nclosing:\n", "\nclosings:\n", "「closing」"),
        ("advice.yaml", "只有{size}字", "只有{count}字", "{count}"),
        ("layouts.yaml", "  整改报告:\n    annual: &rectification", "  整改报吿:\n    annual: &rectification", "「整改报吿」"),
        ("genres.yaml", '"{name}将{resolve}"', '"{name}将{resolv}"', "{resolv}"),
        ("genres.yaml", '"关于{inspection}"', '"关于{inspecton}"', "{inspecton}"),
        ("genres.yaml", "    上半年: 下半年工作打算\n", "", "「上半年」"),
        ("lexicon.yaml", "  - 一把手\n", "  - 一把手\n  - 开展\n", "「开展」"),  # a verb listed as a noun too
        ("lexicon.yaml", '  - say: "开设{name}"', '  - say: "开设"', "{name}"),
        ("lexicon.yaml", "  - 调整充实\n", "  - 调整 充实\n", "「调整 充实」"),
        ("headings.yaml", "annual: [健全机构，加强组织领导, 统筹协调，狠抓任务落实]", "annual: [健全机构，加强组织领导, 统筹协调，工作保障有力]", "有力"),
        ("layouts.yaml", "    support: [organization, civility]", "    support: [organisation, civility]", "「organisation」"),
        ("headings.yaml", "  joined:\n    publicity:\n", "  joined:\n    publicty:\n", "「publicty」"),  # a joined heading for no section
        ("headings.yaml", "itemized: [组织领导和宣传发动, 组织与宣传]", "itemized: [\"{topic}和宣传发动\", 组织与宣传]", "{topic}"),
        ("headings.yaml", "    publicity+support:\n", "    publicity+suport:\n", "「suport」"),  # one of three is no section
        ("headings.yaml", "    publicity+support:\n", "    publicity+support+civility:\n", "最多说三部分"),
    ],
)
def test_the_checks_refuse_what_would_silently_change_a_draft(tmp_path: Path, name: str, old: str, new: str, words: str) -> None:
    folder = edited_copy(tmp_path, name, old, new)
    with pytest.raises(WordingError) as caught:
        load_wording(QUESTIONNAIRE, folder)
    message = str(caught.value)
    assert words in message and str(folder / name) in message and LINE.search(message), message


def test_a_field_moved_to_the_wording_files_is_named_with_where_it_went(tmp_path: Path) -> None:
    path = edited_questionnaire(tmp_path, "            example: 党委书记\n", "            example: 党委书记\n            pattern: \"由{}任组长\"\n")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    assert "templates/items.yaml" in str(caught.value)
    line_of(str(caught.value), path, "pattern:")


def test_a_questionnaire_used_directly_is_checked_too() -> None:
    import yaml

    raw = yaml.safe_load(DEFAULT_QUESTIONNAIRE.read_text(encoding="utf-8"))
    raw["sections"][1]["questions"][3]["when"] = [{"question": "organization_work", "in": ["会义"]}]
    with pytest.raises(ValueError, match="会义"):
        Questionnaire.model_validate(raw)


def test_a_draft_worded_by_a_questionnaire_with_a_section_added_later_is_clean() -> None:
    """Sections the files know nothing of fall back to their title and say their answers."""
    assert wording_for(QUESTIONNAIRE) is wording_for(QUESTIONNAIRE)  # checked once per questionnaire
    for layout in LAYOUTS:
        assert find_glitches(render_document(QUESTIONNAIRE, load_sample_state("reference5"), layout)) == []


def test_four_fifths_of_the_drafts_fixed_wording_is_outside_python() -> None:
    share = wording_share()
    assert share.outside >= 0.8, share
    assert sum(share.in_files.values()) > 1000  # the files hold the wording, not a stub
