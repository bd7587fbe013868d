"""Upgrade stored draft documents written by older versions, one step at a time.

Each step takes the raw document of version N and returns version N+1. Steps work on
plain dicts (never on the current model) so old steps keep working as the model changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storage.errors import DraftTooNew
from storage.models import SCHEMA_VERSION

RawDraft = dict[str, Any]


def _v1_to_v2(doc: RawDraft) -> RawDraft:
    """v1 kept the layout as ``template`` and only a ``finished`` flag instead of a status."""
    upgraded = {k: v for k, v in doc.items() if k not in ("template", "finished")}
    upgraded["layout"] = doc.get("template") or "annual"
    upgraded.setdefault("status", "complete" if doc.get("finished") else "in_progress")
    return upgraded


# --- v2 -> v3: questionnaire 1 (a fixed form) -> questionnaire 2 (work items) ----------------
#
# Labels of questionnaire 1, frozen here so this step never depends on today's YAML.
_V2_LABELS: dict[str, tuple[str, str]] = {
    "unit_name": ("basic", "单位名称"),
    "unit_type": ("basic", "单位类型"),
    "parent_area": ("basic", "所属县（市、区）"),
    "year": ("basic", "总结年度"),
    "target": ("basic", "创建目标"),
    "guiding_thought": ("basic", "指导思想"),
    "verdict": ("basic", "总体评价"),
    "assessment_result": ("basic", "测评成绩"),
    "sign_date": ("basic", "落款日期"),
    "basic_other": ("basic", "基本信息·其他工作"),
    "has_leading_group": ("organization", "成立领导小组"),
    "group_leader": ("organization", "领导小组组长"),
    "group_deputies": ("organization", "领导小组副组长"),
    "group_members": ("organization", "领导小组成员"),
    "has_office": ("organization", "设立创建办公室"),
    "office_location": ("organization", "办公室设在"),
    "office_director": ("organization", "办公室主任"),
    "office_staff": ("organization", "办公室人员"),
    "work_plan": ("organization", "工作方案"),
    "special_meetings": ("organization", "专题会议次数"),
    "meetings": ("organization", "动员会议"),
    "meetings.name": ("organization", "会议名称"),
    "meetings.date": ("organization", "召开时间"),
    "meetings.attendees": ("organization", "参会人员"),
    "meetings.headcount": ("organization", "参会人数"),
    "meetings.content": ("organization", "会议内容"),
    "organization_other": ("organization", "组织领导·其他工作"),
    "assessment_docs": ("supervision", "考核文件"),
    "in_target_assessment": ("supervision", "纳入目标责任考核"),
    "supervision_mechanism": ("supervision", "督查机制"),
    "supervision_since": ("supervision", "督查起始时间"),
    "oral_notices": ("supervision", "口头督查通报"),
    "written_notices": ("supervision", "书面督查通报"),
    "supervision_letters": ("supervision", "督办函"),
    "notified_villages": ("supervision", "被通报村（社区）"),
    "notified_units": ("supervision", "被通报单位"),
    "notified_items": ("supervision", "通报事项"),
    "volunteer_supervisors": ("supervision", "义务监督员"),
    "supervisor_identity": ("supervision", "监督员身份"),
    "inspection_team": ("supervision", "督查组"),
    "supervision_other": ("supervision", "责任落实与督查考核·其他工作"),
    "slogans": ("publicity", "固定标语"),
    "slogan_topics": ("publicity", "标语内容"),
    "banners": ("publicity", "横幅"),
    "ads": ("publicity", "公益广告"),
    "ad_places": ("publicity", "公益广告位置"),
    "boards": ("publicity", "宣传栏"),
    "signboards": ("publicity", "文明宣传牌"),
    "led_screens": ("publicity", "LED显示屏"),
    "led_messages": ("publicity", "LED宣传标语"),
    "stair_posters": ("publicity", "楼道贴"),
    "moral_halls": ("publicity", "道德讲堂"),
    "moral_hall_places": ("publicity", "道德讲堂地点"),
    "lectures": ("publicity", "宣讲场次"),
    "lecture_audience": ("publicity", "受教育人数"),
    "lecture_topics": ("publicity", "宣讲内容"),
    "city_media_items": ("publicity", "市级媒体刊发"),
    "province_media_items": ("publicity", "省级媒体刊发"),
    "student_mobilization": ("publicity", "学生动员"),
    "publicity_other": ("publicity", "宣传发动·其他工作"),
    "campaigns": ("campaigns", "专项整治"),
    "campaigns.theme": ("campaigns", "整治主题"),
    "campaigns.focus": ("campaigns", "整治重点"),
    "campaigns.period": ("campaigns", "整治时间"),
    "campaigns.partners": ("campaigns", "牵头和配合单位"),
    "campaigns.mechanism": ("campaigns", "工作机制"),
    "campaigns.measures": ("campaigns", "主要措施"),
    "campaigns.vehicles_persuaded": ("campaigns", "劝导车辆"),
    "campaigns.people_persuaded": ("campaigns", "劝导群众"),
    "campaigns.streets_done": ("campaigns", "整治街巷"),
    "campaigns.estates_done": ("campaigns", "整治小区"),
    "campaigns.extinguishers": ("campaigns", "新增灭火器"),
    "campaigns.drill_people": ("campaigns", "演练人数"),
    "campaigns.stalls_removed": ("campaigns", "取缔流动摊点"),
    "campaigns.postings_removed": ("campaigns", "清除乱张贴"),
    "campaigns.signs_removed": ("campaigns", "拆除破旧店招"),
    "campaigns.signs_installed": ("campaigns", "更新店招"),
    "campaigns.no_smoking_signs": ("campaigns", "禁烟标识"),
    "campaigns.funds": ("campaigns", "投入经费"),
    "campaigns.results": ("campaigns", "整治成效"),
    "campaigns_other": ("campaigns", "专项整治·其他工作"),
    "features": ("features", "特色活动"),
    "features.name": ("features", "活动名称"),
    "features.start": ("features", "开始时间"),
    "features.purpose": ("features", "活动目的"),
    "features.actions": ("features", "主要做法"),
    "features.outcome": ("features", "活动成效"),
    "features_other": ("features", "特色活动·其他工作"),
    "volunteer_teams": ("volunteers", "志愿服务队"),
    "volunteer_count": ("volunteers", "注册志愿者"),
    "volunteer_share": ("volunteers", "志愿者占比"),
    "volunteer_activities": ("volunteers", "志愿服务人次"),
    "volunteer_hours": ("volunteers", "服务时长"),
    "volunteer_funds": ("volunteers", "志愿服务经费"),
    "volunteer_projects": ("volunteers", "志愿服务活动"),
    "volunteer_equipment": ("volunteers", "志愿服务保障"),
    "volunteers_other": ("volunteers", "志愿服务·其他工作"),
    "minors_work": ("morality", "未成年人思想道德建设"),
    "civilized_families": ("morality", "文明家庭"),
    "civilized_units": ("morality", "文明单位"),
    "civilized_villages": ("morality", "文明村（社区）"),
    "selection_level": ("morality", "评选级别"),
    "role_models": ("morality", "好人和道德模范"),
    "customs_reform": ("morality", "移风易俗"),
    "integrity_work": ("morality", "诚信建设"),
    "morality_other": ("morality", "思想道德建设·其他工作"),
    "culture_station": ("facilities", "文化站建设"),
    "facility_items": ("facilities", "设施建设"),
    "cultural_events": ("facilities", "群众文化活动"),
    "facilities_other": ("facilities", "文化阵地与基础设施·其他工作"),
    "total_funds": ("funding", "投入总额"),
    "funds_source": ("funding", "经费来源"),
    "funds_usage": ("funding", "经费用途"),
    "funding_other": ("funding", "经费投入·其他工作"),
    "common_problems": ("problems", "主要问题"),
    "problem_details": ("problems", "问题具体表现"),
    "problems_other": ("problems", "存在问题·其他工作"),
    "next_principle": ("plans", "工作原则"),
    "next_focus": ("plans", "工作重点"),
    "plans": ("plans", "工作打算"),
    "plans_other": ("plans", "今后工作打算·其他工作"),
}

# Old section -> (new work-kind group, kind label its multi-choice gets, item name or "").
_V2_SECTION_ITEMS: dict[str, tuple[str, str, str, str]] = {
    "organization": ("organization_custom", "organization_work", "organization_work", "其他组织工作"),
    "supervision": ("inspections", "organization_work", "督查考核/通报", ""),
    "publicity": ("carriers", "publicity_work", "宣传阵地与载体", ""),
    "campaigns": ("campaigns", "campaign_themes", "", "其他整治工作"),
    "features": ("civility_items", "civility_work", "", "特色活动"),
    "volunteers": ("civility_items", "civility_work", "", "志愿服务"),
    "morality": ("civility_items", "civility_work", "", "思想道德建设"),
    "facilities": ("civility_items", "civility_work", "", "文化阵地与基础设施"),
    "funding": ("support_items", "support_work", "", "经费投入"),
}
_V2_KEPT = ("unit_name", "unit_type", "guiding_thought", "verdict", "sign_date")


def _v2_text(answer: dict[str, Any]) -> str:
    """An old answer as the clerk would read it back (the same words 查看 showed)."""
    kind = answer.get("kind")
    if kind == "text":
        return str(answer.get("text", ""))
    if kind == "number":
        return str(answer.get("raw") or answer.get("value", ""))
    if kind == "choice":
        return str(answer.get("choice", ""))
    if kind in ("multi", "list"):
        return "；".join(str(item) for item in answer.get("items", []))
    if kind == "yesno":
        return "是" if answer.get("value") else "否"
    if kind == "date":
        return "".join(f"{answer[k]}{u}" for k, u in (("year", "年"), ("month", "月"), ("day", "日")) if answer.get(k) is not None)
    return ""


def _v2_details(pairs: list[tuple[str, dict[str, Any]]]) -> dict[str, Any] | None:
    text = "；".join(f"{label}：{value}" for label, answer in pairs if (value := _v2_text(answer)))
    return {"kind": "figures", "items": [], "raw": text} if text else None


def _v2_state(state: dict[str, Any], layout: str) -> dict[str, Any]:
    old: dict[str, Any] = dict(state.get("answers", {}))
    new: dict[str, Any] = {key: old.pop(key) for key in _V2_KEPT if key in old}
    year = old.pop("year", None)
    if isinstance(year, dict) and year.get("kind") == "number":
        new["period"] = {"kind": "period", "year": int(float(str(year.get("value")))), "span": "全年", "words": ""}
    target = old.pop("target", None)
    area = old.pop("parent_area", None)
    if isinstance(target, dict) and target.get("choice"):
        # The old opening said 「某某县创建……」: the county goes with the target, as printed.
        words = f"{_v2_text(area) if area else ''}{target['choice']}"
        new["targets"] = {"kind": "multi", "items": [words], "others": [words]}
    elif area:
        new["parent_area"] = area
    if isinstance(new.get("unit_name"), dict):
        # Questionnaire 1 signed every draft with the unit's name: keep signing so.
        new["signer"] = {"kind": "text", "text": new["unit_name"].get("text", "")}
    new["genre"] = {"kind": "choice", "choice": "工作汇报（进展情况）" if layout == "progress" else "工作总结", "other": False}
    picks: dict[str, list[str]] = {}
    groups: dict[str, list[dict[str, Any]]] = {}

    def add_item(group: str, multi: str, pick: str, item: dict[str, Any]) -> None:
        groups.setdefault(group, []).append(item)
        if pick and pick not in picks.setdefault(multi, []):
            picks[multi].append(pick)

    _v2_leading_group(old, add_item)
    plan = old.pop("work_plan", None)
    if plan:
        add_item("documents", "organization_work", "方案与依据文件", {"title": {"kind": "text", "text": _v2_text(plan)}})
    for meeting in (old.pop("meetings", None) or {}).get("items", []):
        name = meeting.pop("name", None)
        item = {"name": name} if name else {}
        details = _v2_details([(_V2_LABELS[f"meetings.{k}"][1], v) for k, v in meeting.items()])
        if details:
            item["details"] = details
        add_item("meetings", "organization_work", "会议", item)
    for campaign in (old.pop("campaigns", None) or {}).get("items", []):
        theme = campaign.pop("theme", None)
        item = {"name": {"kind": "text", "text": _v2_text(theme)}} if theme else {"name": {"kind": "text", "text": "专项整治"}}
        details = _v2_details([(_V2_LABELS.get(f"campaigns.{k}", ("", k))[1], v) for k, v in campaign.items()])
        if details:
            item["details"] = details
        add_item("campaigns", "campaign_themes", item["name"]["text"], item)
    for feature in (old.pop("features", None) or {}).get("items", []):
        name = feature.pop("name", None)
        text = _v2_text(name) if name else "特色活动"
        item = {"name": {"kind": "text", "text": text}}
        details = _v2_details([(_V2_LABELS.get(f"features.{k}", ("", k))[1], v) for k, v in feature.items()])
        if details:
            item["details"] = details
        add_item("features", "civility_work", "特色活动/创新载体", item)
    problems = [*_items(old.pop("common_problems", None)), *_items(old.pop("problem_details", None)), *_items(old.pop("problems_other", None))]
    if problems:
        new["problems"] = {"kind": "list", "items": problems}
    plans = [*_items(old.pop("plans", None)), *_items(old.pop("plans_other", None))]
    for key, lead in (("next_principle", "坚持"), ("next_focus", "重点抓好")):
        answer = old.pop(key, None)
        if answer:
            plans.insert(0, f"{lead}{_v2_text(answer)}")
    if plans:
        new["plans"] = {"kind": "list", "items": plans}
    # Everything else, section by section, as one work item with every answer labelled.
    by_section: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for key, answer in old.items():
        section, label = _V2_LABELS.get(key, ("organization", key))
        by_section.setdefault(section, []).append((label, answer))
    for section, pairs in by_section.items():
        group, multi, pick, name = _V2_SECTION_ITEMS.get(section, _V2_SECTION_ITEMS["organization"])
        details = _v2_details(pairs)
        if details is None:
            continue
        item: dict[str, Any] = {"details": details}
        if name:
            item = {"name": {"kind": "text", "text": name}, **item}
        add_item(group, multi, pick or name, item)
    for group, items in groups.items():
        new[group] = {"kind": "group", "items": items}
    for multi, chosen in picks.items():
        listed = _V2_CHOICES.get(multi, ())
        new[multi] = {"kind": "multi", "items": chosen, "others": [c for c in chosen if c not in listed]}
    skipped = [p for p in state.get("skipped", []) if p.split("#")[0].split(".")[0] in new and p in ("unit_name", "unit_type")]
    return {
        **state,
        "answers": new,
        "skipped": skipped,
        "cursor": None,
        "return_to": None,
        "closed_groups": [g for g in groups],  # every carried item is complete as it stands
        "pending": [],
        "pending_path": None,
        "intros_shown": [],
    }


# Listed choices of the new multi-choice questions the step fills (a pick outside them seeds 其他).
_V2_CHOICES: dict[str, tuple[str, ...]] = {
    "organization_work": ("领导小组/工作专班", "方案与依据文件", "会议", "责任清单/分解", "网格化/包联包保", "督查考核/通报", "工作机制/特色品牌", "培训/观摩学习"),
    "publicity_work": ("宣传阵地与载体", "入户宣传", "道德讲堂/文明培训", "媒体报道"),
}


def _items(answer: dict[str, Any] | None) -> list[str]:
    return [str(item) for item in (answer or {}).get("items", [])]


def _v2_leading_group(old: dict[str, Any], add_item: Callable[[str, str, str, dict[str, Any]], None]) -> None:
    has_group = old.pop("has_leading_group", None)
    has_office = old.pop("has_office", None)
    leader = old.pop("group_leader", None)
    rest = [(k, old.pop(k)) for k in ("group_deputies", "group_members", "office_location", "office_director", "office_staff") if k in old]
    if not (has_group or {}).get("value") and not (has_office or {}).get("value"):
        return  # 否 to both: its follow-ups were never asked, nothing to carry
    item: dict[str, Any] = {"name": {"kind": "text", "text": "创建文明城市工作领导小组"}}
    if leader:
        item["leader"] = leader
    details = _v2_details([(_V2_LABELS[k][1], v) for k, v in rest])
    if details:
        item["details"] = details
    add_item("leading_group", "organization_work", "领导小组/工作专班", item)


def _v2_to_v3(doc: RawDraft) -> RawDraft:
    """Questionnaire 1 asked a fixed form; questionnaire 2 asks for work items. Every answer
    is carried over: the basic facts as they are, known groups into their work items, and
    the rest of each old section as one labelled work item of the matching new section."""
    upgraded = dict(doc)
    upgraded["state"] = _v2_state(dict(doc.get("state") or {}), str(doc.get("layout", "annual")))
    upgraded["questionnaire_version"] = 2
    return upgraded


# MIGRATIONS[n] upgrades a version-n document to version n+1.
MIGRATIONS: dict[int, Callable[[RawDraft], RawDraft]] = {1: _v1_to_v2, 2: _v2_to_v3}


def upgrade(doc: RawDraft) -> RawDraft:
    """Bring a stored document to SCHEMA_VERSION; a document without a version is v1."""
    version = int(doc.get("schema_version", 1))
    if version > SCHEMA_VERSION:
        raise DraftTooNew(str(doc.get("id", "?")), version, SCHEMA_VERSION)
    while version < SCHEMA_VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
        doc["schema_version"] = version
    return doc
