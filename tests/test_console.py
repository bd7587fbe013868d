"""The console chat: piped scripts, numbered buttons, a save after every step, the draft hook, EOF."""

import io
from datetime import datetime
from pathlib import Path

from app.console import render_reply, run_console, to_input
from dialogs.answers import ChoiceAnswer, TextAnswer
from dialogs.questionnaire import load_questionnaire
from dialogs.replies import Button, Reply
from dialogs.state import InterviewState

SAMPLES = Path(__file__).resolve().parent.parent / "dialogs" / "samples"
NOW = datetime(2026, 11, 29, 9, 30)


def run(script: str, state: InterviewState | None = None):
    saved: list[InterviewState] = []
    drafts: list[InterviewState] = []
    out = io.StringIO()
    final = run_console(
        load_questionnaire(),
        load_state=lambda: state,
        save_state=saved.append,
        on_draft=drafts.append,
        input_stream=io.StringIO(script),
        output_stream=out,
        now=lambda: NOW,
    )
    return final, saved, drafts, out.getvalue()


def test_buttons_print_numbered_and_navigation_as_words():
    reply = Reply(
        kind="question",
        text="您的单位是？",
        progress="基本信息 · 第 2 / 80 题",
        buttons=[[Button(label="乡", action="c0"), Button(label="镇", action="c1")], [Button(label="上一步", action="back")]],
    )
    text = render_reply(reply)
    assert "—— 基本信息 · 第 2 / 80 题 ——" in text
    assert "[1] 乡  [2] 镇" in text
    assert "可回复：上一步" in text


def test_a_bare_number_presses_the_numbered_button_of_the_current_turn():
    reply = Reply(kind="question", text="?", buttons=[[Button(label="是", action="yes"), Button(label="否", action="no")]], turn=7)
    assert to_input("2", [reply]).action == "no" and to_input("2", [reply]).turn == 7
    assert to_input("3", [reply]).text == "3"
    assert to_input("甲\\n乙", [reply]).text == "甲\n乙"


def test_piped_script_answers_saves_every_step_and_ends_cleanly_at_eof():
    final, saved, drafts, out = run("# 注释行会被忽略\n某某乡\n2\n\n某某县\n")
    assert final.answers["unit_type"] == ChoiceAnswer(choice="镇")
    assert len(saved) == 4  # start + three answers (comments and blank lines are not sent)
    assert saved[-1] == final
    assert drafts == []
    assert "[1] 乡  [2] 镇  [3] 街道  [4] 社区" in out
    assert out.rstrip().endswith("已保存。下次运行会从这里接着填写。")


def test_yes_no_by_number_after_an_error_still_uses_the_shown_buttons():
    lines = ["某某乡", "1", "1", "1", "2019年", "全国文明城市", "跳过", "跳过", "没有", "没有", "没有", "也许", "2"]
    final, *_ = run("\n".join(lines) + "\n")
    assert final.answers["signer"] == TextAnswer(text="某某乡人民政府")  # [1] was the first suggestion
    assert "projects" in final.skipped and "projects" not in final.answers  # [2] was 否


def test_resumes_from_the_loaded_state():
    first, *_ = run("某某乡\n")
    _, _, _, out = run("乡\n", state=first)
    assert "欢迎回来" in out


def test_reference_script_runs_to_the_end_and_asks_for_the_draft():
    script = (SAMPLES / "reference1.txt").read_text(encoding="utf-8")
    final, _, drafts, out = run(script + "生成\n")
    assert len(drafts) == 2  # finished, then 生成
    assert drafts[-1] == final
    assert "全部问题都回答完了" in out
    assert "错误" not in out
