"""The console chat on the service: piped scripts, numbered choices, commands, the draft, EOF."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from app.actions import Answer
from app.console import CONSOLE_OWNER, ConsoleScreen, run_console
from app.messages import Choice, Text
from app.outcome import Command, Press, Typed
from app.service import InterviewService
from dialogs.answers import ChoiceAnswer, TextAnswer
from dialogs.questionnaire import load_questionnaire
from drafting.prose.layouts import LAYOUTS
from storage.async_store import AsyncDraftStore
from storage.memory import MemoryDraftStore
from storage.models import Draft

SAMPLES = Path(__file__).resolve().parent.parent / "dialogs" / "samples"


def run(script: str, store: MemoryDraftStore | None = None, exports: Path | None = None) -> tuple[Draft, str]:
    """Run the console over ``script``; the stored draft afterwards and everything printed."""
    memory = store or MemoryDraftStore()
    service = InterviewService(load_questionnaire(), AsyncDraftStore(memory))
    out = io.StringIO()
    screen = ConsoleScreen(out, exports or Path("/nonexistent"))
    asyncio.run(run_console(service, screen, io.StringIO(script)))
    drafts = memory.list_by_owner(CONSOLE_OWNER)
    assert len(drafts) == 1
    return drafts[0], out.getvalue()


def test_choices_print_numbered_and_navigation_as_words() -> None:
    screen = ConsoleScreen(io.StringIO(), Path("."))
    text = Text(
        "您的单位是？",
        progress="基本信息 · 第 2 / 80 题",
        choices=(
            (Choice("乡", Answer("abc", 3, "c0")), Choice("镇", Answer("abc", 3, "c1"))),
            (Choice("上一步", Answer("abc", 3, "back"), navigation=True),),
        ),
    )
    shown = screen.render_text(text)
    assert "—— 基本信息 · 第 2 / 80 题 ——" in shown
    assert "[1] 乡  [2] 镇" in shown
    assert "可回复：上一步" in shown
    assert screen.request_of("2") == Press(Answer("abc", 3, "c1"))
    assert screen.request_of("3") == Typed("3")  # no third choice: it is an answer
    assert screen.request_of("２") == Typed("２")  # a full-width digit is text, not a pick
    assert screen.request_of("甲\\n乙") == Typed("甲\n乙")
    assert screen.request_of("/layout") == Command("layout")


def test_piped_script_answers_stores_every_step_and_ends_cleanly_at_eof() -> None:
    draft, out = run("# 注释行会被忽略\n某某乡\n2\n\n某某县\n")
    assert draft.state.answers["unit_type"] == ChoiceAnswer(choice="镇")
    assert "[1] 乡  [2] 镇  [3] 街道  [4] 社区" in out
    assert out.rstrip().endswith("已保存。下次运行会从这里接着填写。")


def test_yes_no_by_number_after_an_error_still_uses_the_shown_choices() -> None:
    lines = ["某某乡", "1", "1", "1", "2019年", "全国文明城市", "跳过", "跳过", "跳过", "没有", "没有", "没有", "也许", "2"]
    draft, _ = run("\n".join(lines) + "\n")
    assert draft.state.answers["signer"] == TextAnswer(text="某某乡人民政府")  # [1] was the first suggestion
    assert "projects" in draft.state.skipped and "projects" not in draft.state.answers  # [2] was 否


def test_a_second_run_resumes_the_stored_draft() -> None:
    store = MemoryDraftStore()
    run("某某乡\n", store)
    draft, out = run("乡\n", store)
    assert "欢迎回来" in out
    assert draft.state.answers["unit_type"] == ChoiceAnswer(choice="乡")


def test_reference_script_finishes_the_draft_and_writes_it_once(tmp_path: Path) -> None:
    script = (SAMPLES / "reference1.txt").read_text(encoding="utf-8")
    draft, out = run(script, exports=tmp_path)
    assert draft.status == "complete"  # the console's status is the service's
    assert "全部问题都回答完了" in out
    assert out.count("已生成：") >= 1 and (tmp_path / "某某乡2019年某某县创建第四届某某省文明城市工作总结.docx").is_file()
    assert "错误" not in out


def test_layout_can_be_switched_from_the_console() -> None:
    draft, out = run("某某乡\n/layout\n2\n")
    assert "当前版式" in out and "已改为" in out
    assert draft.layout == list(LAYOUTS)[1]
    assert "unit_name" in draft.state.answers  # switching layout kept the answers


def test_new_in_the_console_offers_to_start_from_a_finished_draft() -> None:
    """Issue 24: the console's /new offers the clerk's finished draft; picking it starts the 核对."""
    memory = MemoryDraftStore()
    script = (SAMPLES / "reference1.txt").read_text(encoding="utf-8")
    service = InterviewService(load_questionnaire(), AsyncDraftStore(memory))
    out = io.StringIO()
    asyncio.run(run_console(service, ConsoleScreen(out, Path("/nonexistent")), io.StringIO(script + "\n/new\n1\n1\n")))
    printed = out.getvalue()
    assert "[1] 从「某某乡2019年」接着写" in printed
    assert "【基本信息】2019年写过这些" in printed
    first, second = sorted(memory.list_by_owner(CONSOLE_OWNER), key=lambda d: d.created_at)  # one /new, one draft
    assert second.state.carry is not None and second.state.carry.report.origin.draft_id == first.id
    assert second.state.answers["unit_name"] == TextAnswer(text="某某乡")  # [1] 没变
    assert second.state.sources["unit_name"] == "carried"
