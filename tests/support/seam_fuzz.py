"""The seam fuzzer's corpus: clerk fragments in every shape, for every kind of work item.

Each case is one interview state holding one work item (or two that overlap), drafted in
every layout; the genre and the unit's type go round the cases, so every kind meets every
genre. A fragment comes in the shapes clerks type (issue 23): a clause with its own
predicate, a noun phrase, a list, a name that names its own work, a menu label, with and
without figures, with a time lead, with the template's own verb, with no object, details
skipped, a leader typed with a role word, two kinds saying one fact. The fragments are
taken from the fresh interviews and the dev set, or written the way those clerks write.

``seam_cases()`` is deterministic: the same corpus every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import cycle

from dialogs.answers import Answer, ChoiceAnswer, DateAnswer, GroupAnswer, MultiAnswer, PeriodAnswer, TextAnswer
from dialogs.figures import parse_figures
from dialogs.questionnaire import Question, Questionnaire
from dialogs.state import InterviewState

UNITS = (("河口乡", "乡"), ("东湖镇", "镇"), ("新开河街道", "街道"), ("幸福里社区", "社区"))

# Names by shape. A 「/」 label is one of the questionnaire's own kinds (picked, not typed).
NAMES: dict[str, dict[str, str]] = {
    "meetings": {"noun": "精神文明建设专题会议", "noun2": "创建全国文明城市动员会", "short": "推进会"},
    "lectures": {"noun": "道德讲堂", "noun2": "文明礼仪培训", "work": "垃圾分类宣讲活动"},
    "campaigns": {"label": "环境卫生", "slash": "交通/客运秩序", "noun": "市容市貌", "work": "无牌无证经营场所清查", "activity": "“周末大扫除”活动"},
    "projects": {"noun": "乡文化大楼", "list": "二卡创汇农业科技园区、生态农业科技服务中心、文体馆等重点工程", "compound": "新开河道北地面卫星接收设备", "work": "老旧小区改造"},
    "features": {"noun": "“四抓四带四促”活动", "noun2": "“天天行动，月月提升”、“四进社区”主题实践活动"},
    "organization_custom": {"clause": "确定专人负责创建工作", "figures": "组织广场舞活动6次", "noun": "学习实践科学发展观活动"},
    "publicity_custom": {"noun": "创建文明城市宣传月", "clause": "组织志愿者开展文明宣传"},
    "civility_items": {"slash": "志愿服务/文明劝导", "slash2": "窗口服务/投诉处理", "label": "群众文化活动", "label2": "未成年人思想道德建设", "noun": "公民道德和诚信建设"},
    "support_items": {"label": "经费投入", "slash": "测评对标/迎检", "noun": "网格员队伍建设"},
}
# Details by shape; {name} is the item's name (without its 「/」 alternatives' second half).
DETAILS: dict[str, str] = {
    "clause": "乡文化站联合工商、派出所、综治办对全乡进行清查，责令停止3家无牌无证经营的小型游戏机室，消除了安全隐患",
    "clause without figures": "建立长效保洁机制，对主次干道、公共场所保洁任务细化分解，实行全天候保洁",
    "time lead naming it": "3月至6月开展{name}集中行动，清理卫生死角312处，清运垃圾560余吨",
    "the template's verb": "开展集中整治行动，清理卫生死角126处，清运垃圾80多车",
    "no object": "今年以来共安装270个，解决了群众看电视难的问题",
    "verb last": "在落实《满洲里市开展文明镇创建竞赛活动实施方案》的基础上开展，从行为文明、语言文明入手",
    "purpose": "为争取文化站达标，抢抓工作组进驻的机遇，确定了兴建计划，完善办公场所和文娱活动场所",
    "noun phrase": "志愿者共计65人，参加县乡村三级志愿服务活动90人次",
    "status": "全镇均已建成，正在完善配套设施",
}
# Kinds whose details say more in their own words (the verb of the kind).
KIND_DETAILS: dict[str, dict[str, str]] = {
    "meetings": {"same verb with a count": "先后召开3次，班子成员和各村负责人参加", "time and verb": "6月底召开，各单位负责人参加，对创建工作进行动员部署"},
    "lectures": {"naming it with its own verb": "在党政机关、学校和社区开设{name}3个，围绕文明礼仪开展宣讲10余场，受教育群众500余人次"},
    "leading_group": {
        "the clerk's verb": "根据党政领导人员变化及时调整充实，一把手负总责，分管领导负责抓",
        "members": "乡长任副组长，班子成员和各村书记为成员，下设办公室",
    },
}
# Last year's plans and problems as dialogs.checking keeps them (issue 24): each with what
# the clerk said became of it, done or partly, in a clause or a noun phrase.
EARLIER: dict[str, dict[str, str]] = {
    "plan/done clause": {"plan": "建立背街小巷长效保洁机制", "done": "建立长效保洁机制，对主次干道实行全天候保洁"},
    "plan/partly figures": {"plan": "加大宣传力度，提高居民知晓率", "partly": "新建宣传栏7个，刊发创文信息27篇"},
    "problem/done clause": {"problem": "农贸市场周边秩序混乱", "done": "开展集中整治，取缔流动摊点180余个"},
    "problem/partly noun": {"problem": "老旧小区设施陈旧", "partly": "6个小区的管网改造"},
}
LEADERS = {"noun": "镇党委书记", "role": "镇党委书记任总指挥", "role2": "党委书记为第一责任人"}
DOCUMENTS = {
    "title": "《东湖镇创建全国文明城市工作实施方案》，明确了目标任务和责任分工",
    "basis": "依据《关于印发创建文明城市考核办法的通知》，将创建工作纳入年度目标考核",
    "clause": "根据县委确定的创建目标，制定了《南坝乡创建工作责任落实方案》，明确了创建内容",
}
# Themes picked together, each said at length: six paragraphs in a row.
SIX_THEMES = ("环境卫生", "背街小巷", "校园周边", "农贸市场", "店招店牌", "消防安全")
# Lines whose figures the chat reads back (defect 11): words that look like counts, a
# unit longer than its first character, thousands written with a comma, no figure at all.
READ_BACK_LINES = (
    "乡长任副组长，班子成员及各部门一把手为成员",
    "3月起每周五组织志愿者一起清扫街道，清运垃圾80多车",
    "开展为期6个月的集中整治，清理卫生死角1,000处",
    "涉及6个小区1280户，已完成管网改造",
    "定期召开，研究部署精神文明建设和创建工作",
    "清理垃圾3600余吨，清理牛皮癣20000余处，投入经费近百万元",
    "在省、市级媒体共刊发信息40篇，每周一次更新宣传栏",
    "组建志愿服务队12支，注册志愿者1860人，服务群众3000余人次",
)
# The one fact two kinds both say: the group set up at the kick-off meeting.
OVERLAP_MEETING = ("创建文明城市动员大会", "3月召开，会上成立了创建文明城市工作领导小组，由党委书记任组长")


@dataclass(frozen=True)
class SeamCase:
    name: str  # kind / name shape / details shape
    state: InterviewState
    unit_type: str


def seam_cases(questionnaire: Questionnaire) -> list[SeamCase]:
    genres = cycle(questionnaire.question("genre").choices)
    units = cycle(UNITS)
    cases = []
    for name, items in _items(questionnaire):
        unit, unit_type = next(units)
        cases.append(SeamCase(name, state_of(questionnaire, items, unit, unit_type, next(genres)), unit_type))
    return cases


def _items(questionnaire: Questionnaire) -> Iterator[tuple[str, dict[str, list[dict[str, Answer]]]]]:
    """(case name, group id -> items) for every case of the corpus."""
    groups = [q for section in questionnaire.sections if section.role == "work" for q in section.questions if q.kind == "group"]
    for group in groups:
        subs = {sub.id: sub for sub in group.questions}
        details = {**DETAILS, **KIND_DETAILS.get(group.id, {})}
        if group.id == "documents":
            for shape, title in DOCUMENTS.items():
                yield f"documents/{shape}", {"documents": [{"title": TextAnswer(text=title)}]}
        elif group.id == "leading_group":
            for (leader_shape, leader), (shape, said) in zip(cycle(LEADERS.items()), [*details.items(), ("skipped", "")]):
                item: dict[str, Answer] = {"name": TextAnswer(text="精神文明建设领导小组"), "leader": TextAnswer(text=leader)}
                if said:
                    item["details"] = parse_figures(said.format(name="领导小组"), subs["details"])
                yield f"leading_group/{leader_shape}/{shape}", {"leading_group": [item]}
            group_item = {"name": TextAnswer(text="创建文明城市工作领导小组"), "leader": TextAnswer(text="党委书记")}
            meeting = {"name": TextAnswer(text=OVERLAP_MEETING[0]), "details": parse_figures(OVERLAP_MEETING[1], subs["details"])}
            yield "leading_group+meetings/overlap", {"leading_group": [group_item], "meetings": [meeting]}
        elif group.id == "earlier_plans":
            for shape, said in EARLIER.items():
                yield f"earlier_plans/{shape}", {"earlier_plans": [_earlier(said)]}
        elif "name" in subs:
            names = NAMES.get(group.id) or {"noun": group.label}
            for (name_shape, name), (shape, said) in zip(cycle(names.items()), details.items()):
                yield f"{group.id}/{name_shape}/{shape}", {group.id: [_named(subs, name, said)]}
            for name_shape, name in names.items():
                yield f"{group.id}/{name_shape}/skipped", {group.id: [_named(subs, name, "")]}
        else:
            for shape, said in details.items():
                yield f"{group.id}/{shape}", {group.id: [{"details": parse_figures(said.format(name=group.label), subs["details"])}]}
    for section in questionnaire.sections:
        if section.role == "work":
            yield f"{section.id}/every kind", _every_kind(section.questions)
    themes = questionnaire.question("campaigns")
    long = [said for said in DETAILS.values() if len(said) > 30]
    items = [_named({sub.id: sub for sub in themes.questions}, label, said) for label, said in zip(SIX_THEMES, cycle(long))]
    yield "campaigns/six themes", {"campaigns": items}


def _named(subs: dict[str, Question], name: str, said: str) -> dict[str, Answer]:
    item: dict[str, Answer] = {"name": TextAnswer(text=name)}
    if said:
        item["details"] = parse_figures(said.format(name=name.split("/")[0]), subs["details"])
    return item


def _earlier(said: dict[str, str]) -> dict[str, Answer]:
    return {key: TextAnswer(text=text) for key, text in said.items()}


def _every_kind(questions: list[Question]) -> dict[str, list[dict[str, Answer]]]:
    """A section where every kind was picked, each item said in a clause of its own."""
    items: dict[str, list[dict[str, Answer]]] = {}
    said = cycle(DETAILS.values())
    for group in (q for q in questions if q.kind == "group"):
        subs = {sub.id: sub for sub in group.questions}
        names = list((NAMES.get(group.id) or {"noun": group.label}).values())
        if group.id == "documents":
            items[group.id] = [{"title": TextAnswer(text=DOCUMENTS["title"])}]
        elif group.id == "earlier_plans":
            items[group.id] = [_earlier(said) for said in EARLIER.values()]
        elif "name" in subs:
            items[group.id] = [_named(subs, name, next(said)) for name in names[: 1 if group.repeat is False else None]]
            if group.id == "leading_group":
                items[group.id][0]["leader"] = TextAnswer(text="党委书记")
        else:
            items[group.id] = [{"details": parse_figures(next(said).format(name=group.label), subs["details"])}]
    return items


def state_of(questionnaire: Questionnaire, items: dict[str, list[dict[str, Answer]]], unit: str, unit_type: str, genre: str) -> InterviewState:
    answers: dict[str, Answer] = {
        "unit_name": TextAnswer(text=unit),
        "unit_type": ChoiceAnswer(choice=unit_type),
        "signer": TextAnswer(text=f"{unit}人民政府"),
        "genre": ChoiceAnswer(choice=genre),
        "period": PeriodAnswer(year=2026, span="全年"),
        "targets": MultiAnswer(items=["全国文明城市"]),
        "sign_date": DateAnswer(year=2026, month=12, day=28),
    }
    if genre == "自查报告":
        answers["addressee"] = TextAnswer(text="县创建文明城市工作指挥部办公室")
    for group_id, group_items in items.items():
        group = questionnaire.question(group_id)
        answers[group_id] = GroupAnswer(items=group_items)
        picker = _picker(questionnaire, group)
        if picker is None:
            continue
        picked = list(answers[picker.id].items) if isinstance(answers.get(picker.id), MultiAnswer) else []
        others = list(answers[picker.id].others) if isinstance(answers.get(picker.id), MultiAnswer) else []
        for label in _labels(group, picker, group_items):
            if label not in picked:
                picked.append(label)
                if label not in picker.choices:
                    others.append(label)
        answers[picker.id] = MultiAnswer(items=picked, others=others)
    return InterviewState(answers=answers)


def _picker(questionnaire: Questionnaire, group: Question) -> Question | None:
    """The multi-choice question whose pick asks for ``group``."""
    ids = {condition.question for condition in group.when}
    return next((q for _, q in questionnaire.questions() if q.id in ids and q.kind == "multi"), None)


def _labels(group: Question, picker: Question, items: list[dict[str, Answer]]) -> list[str]:
    """What the clerk picked for these items: the kind's own label, or the items' names
    (a theme or a catch-all's kind, the clerk's own words when not offered)."""
    if group.seeded_by == picker.id:
        return [item["name"].text for item in items if isinstance(item.get("name"), TextAnswer)]  # type: ignore[union-attr]
    return [label for condition in group.when for label in (condition.in_ or [])]


