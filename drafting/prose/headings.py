"""A work section's heading, chosen from what the section holds.

The questionnaire gives each section one stock heading (「健全机构，组织保障有力」), which
misleads when the clerk did other work there: a section holding only a 督查组 has no
机构 to 健全, and 保障与成效 left with its 经费 alone is no 「保障成效明显」. So each section
has headings per kind of work, first match wins, the questionnaire's own as the fallback.

Within a layout every heading has one shape (annual 4+6, progress 4+4, the references'
stock forms) and no two headings of a draft end in the same word, whichever of them a
draft gets: tests/test_prose_rules.py walks every combination. The 条目式 layout names
the topic in its 「关于……：」 line (「关于督查考核：」), the section's title where no rule
says more.
"""

from __future__ import annotations

from collections.abc import Collection

# A kind of work a section holds: a group id, or 「group:item name」 for a catch-all's kind.
Kind = str
# section id -> [(kinds, {layout: heading})], first rule with a kind the section holds wins.
HEADINGS: dict[str, list[tuple[tuple[Kind, ...], dict[str, str]]]] = {
    "organization": [
        (("leading_group",), {"annual": "健全机构，组织保障有力", "progress": "加强领导，完善机构", "itemized": "组织领导"}),
        (("documents", "meetings"), {"annual": "精心部署，推动任务落实", "progress": "精心组织，分步实施", "itemized": "部署推进"}),
        (("inspections",), {"annual": "严格督查，压实工作责任", "progress": "严格督查，压实责任", "itemized": "督查考核"}),
        (("responsibilities", "grid", "mechanisms", "study", "organization_custom"), {"annual": "健全机制，形成工作合力", "progress": "健全机制，形成合力", "itemized": "工作机制"}),
    ],
    "publicity": [
        (("carriers", "door_to_door", "media", "publicity_custom"), {"annual": "强化宣传，营造浓厚氛围", "progress": "全面动员，宣传到位", "itemized": "宣传发动"}),
        (("lectures",), {"annual": "开展宣讲，提升文明素养", "progress": "宣讲培训，素养提升", "itemized": "宣讲培训"}),
    ],
    "campaigns": [
        (("campaigns",), {"annual": "突出重点，深化专项整治", "progress": "突出重点，整治见效"}),
    ],
    "construction": [
        (("projects",), {"annual": "完善设施，改善城乡面貌", "progress": "夯实基础，设施改善"}),
    ],
    "civility": [
        (("civility_items", "features"), {"annual": "培育新风，推进文明实践", "progress": "崇德向善，实践深入"}),
    ],
    "support": [
        (("support_items:经费投入",), {"annual": "加大投入，经费保障到位", "progress": "强化保障，经费落实", "itemized": "经费保障"}),
        (("support_items",), {"annual": "对标测评，做好迎检准备", "progress": "对标测评，迎检有序", "itemized": "测评迎检"}),
    ],
}


def heading_for(section_id: str, kinds: Collection[Kind], layout: str, fallback: str) -> str:
    """The heading of the first rule matching a kind the section holds, else ``fallback``."""
    for rule_kinds, headings in HEADINGS.get(section_id, []):
        if any(kind in kinds for kind in rule_kinds) and layout in headings:
            return headings[layout]
    return fallback
