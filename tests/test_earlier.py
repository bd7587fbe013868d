"""The shared shape of an earlier summary (dialogs.earlier): round-trips through JSON whole."""

from __future__ import annotations

from decimal import Decimal

from dialogs.earlier import EarlierFact, EarlierFigure, EarlierOrigin, EarlierReport, EarlierSection


def _report() -> EarlierReport:
    return EarlierReport(
        origin=EarlierOrigin(kind="imported", file_name="青山镇2025年创文工作总结.docx", year=2025, span="全年", unit_name="青山镇"),
        sections=[
            EarlierSection(
                section_id="organization",
                heading="一、加强组织领导",
                facts=[EarlierFact(text="成立创文工作领导小组", path="leading_group#0.name", label="名称")],
                figures=[EarlierFigure(what="悬挂横幅", text="50余条", value=Decimal(50), qualifier="余", unit="条")],
            ),
            EarlierSection(heading="五、其他工作", facts=[EarlierFact(text="开展文明家庭评选")]),
        ],
        plans=["持续开展环境卫生整治"],
        problems=["部分群众参与意识不强"],
    )


def test_an_earlier_report_round_trips_through_json() -> None:
    report = _report()
    assert EarlierReport.model_validate_json(report.model_dump_json()) == report


def test_figures_are_shown_as_typed_with_what_they_count() -> None:
    report = _report()
    assert [f.display() for f in report.figures()] == ["悬挂横幅50余条"]
    assert report.section("organization") is not None and report.section("plans") is None
