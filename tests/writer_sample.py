"""A hand-built, realistic drafted summary for the writer tests (several pages long)."""

from __future__ import annotations

from drafting.document import Document, Heading, Paragraph, Span

TITLE = "青山镇2023年创建文明城市工作总结"
UNIT = "青山镇人民政府"
DATE = "2023年12月5日"
AUTHOR = "青山镇党政办"

_OPENING = (
    "2023年，青山镇在县委、县政府的坚强领导下，紧扣全县创建全国文明城市总体部署，"
    "把创文工作作为改善人居环境、提升群众生活品质的重要抓手，坚持问题导向，"
    "聚焦薄弱环节，各项工作取得了阶段性成效。现将全年工作总结如下。"
)
_FILLER = (
    "镇村干部分片包干，逐户上门宣传创文知识，发放倡议书和明白纸，"
    "引导群众主动参与环境整治；同时依托新时代文明实践站开展志愿服务，"
    "组织党员、青年和退休干部参与交通劝导、垃圾分类指导等活动。"
)


def _paragraph(text: str) -> Paragraph:
    return Paragraph(spans=[Span(text=text)])


def sample_document() -> Document:
    """All four heading levels, a run-in heading, placeholders, about four pages of text."""
    blocks: list[Heading | Paragraph] = [
        _paragraph(_OPENING),
        Heading(level=1, number="一、", text="主要工作及成效"),
        Heading(level=2, number="（一）", text="健全工作机构，组织保障有力"),
        Paragraph(
            spans=[
                Span(text="镇里成立了由党委书记任组长的创文工作领导小组，下设办公室，抽调"),
                Span(text="【待补充：抽调人数】", placeholder=True),
                Span(text="名干部集中办公，全年召开专题会议12次。"),
            ]
        ),
        Heading(level=2, number="（二）", text="强化宣传引导，营造浓厚氛围"),
        Heading(
            level=3,
            number="1.",
            text="加大公共场所宣传。",
            body=[Span(text="在主要街道、集贸市场设置公益广告牌46块，悬挂标语120余条。")],
        ),
        Heading(level=3, number="2.", text="深化志愿服务"),
        Heading(level=4, number="（1）", text="交通文明劝导"),
        _paragraph(_FILLER * 3),
        Heading(level=4, number="（2）", text="垃圾分类指导"),
        _paragraph(_FILLER * 3),
        Heading(level=1, number="二、", text="存在的问题"),
        _paragraph("一是部分群众参与意识不强；二是背街小巷保洁不够到位；三是长效管理机制尚不健全。" * 2),
        Heading(level=1, number="三、", text="下一步工作打算"),
    ]
    blocks += [_paragraph(_FILLER * 4) for _ in range(5)]
    return Document(
        title=TITLE,
        blocks=blocks,
        signature_unit=UNIT,
        signature_date=DATE,
        author=AUTHOR,
    )
