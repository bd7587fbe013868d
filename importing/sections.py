"""Which questionnaire section a heading written elsewhere speaks of.

The vocabulary is the product's own: each work section's title, the headings the wording
files give it (templates/headings.yaml, every layout) and the kinds of work the
questionnaire offers there (领导小组/工作专班, 环境卫生 …). A heading maps to the
section whose vocabulary shares the most two-character words with it, counting only
words that belong to one or two sections (创建, 工作, 推进 say nothing about which);
a tie, or nothing shared, maps to no section. 存在问题 and 下一步打算 are found by their
own words, since every office names them alike.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from dialogs.questionnaire import Questionnaire
from drafting.prose.wording import Wording

_CJK = re.compile(r"[\u4e00-\u9fff]+")
_PLAN_WORDS = re.compile(r"下一步|打算|今后|计划|整改措施|工作思路|工作重点|下半年|明年|努力方向|工作安排")
_PROBLEM_WORDS = re.compile(r"存在|不足|差距|短板|困难|问题")
# The heading formulas' own verbs and praise (强化……，提升……到位) say nothing of the subject.
_GENERIC = frozenset(
    "工作 创建 文明 城市 开展 加强 推进 深入 扎实 全面 持续 切实 大力 不断 积极 取得 成效 有序 情况 "
    "提升 提高 到位 夯实 有力 强化 突出 重点 完善 健全 保障 落实 形成".split()
)
_SHARED_BY_AT_MOST = 2  # a word in more sections' vocabularies than this is generic


def bigrams(text: str) -> set[str]:
    return {run[i : i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)}


@dataclass(frozen=True)
class SectionVocabulary:
    words: Mapping[str, frozenset[str]]  # section id -> its telling two-character words
    exact: Mapping[str, str]  # a heading exactly as the wording files write it -> section id
    plans_section: str
    problems_section: str
    closings: tuple[re.Pattern[str], ...] = ()  # the product's own closing words (formulas.yaml closing)

    def is_closing(self, paragraph: str) -> bool:
        """A closing sentence as our drafts write it (「今后，某某乡将坚持……」): no plan."""
        text = paragraph.strip()
        return any(pattern.fullmatch(text) for pattern in self.closings)

    def role_of(self, heading: str) -> str:
        """"plans", "problems", "both" or "" for a work heading."""
        plans = bool(_PLAN_WORDS.search(heading))
        problems = bool(_PROBLEM_WORDS.search(heading))
        return "both" if plans and problems else "plans" if plans else "problems" if problems else ""

    def section_of(self, heading: str) -> str:
        """The work section ``heading`` speaks of, or "" when it cannot tell."""
        key = _normal(heading)
        if key in self.exact:
            return self.exact[key]
        found = bigrams(heading)
        scores = Counter({section: len(found & words) for section, words in self.words.items()})
        ranked = scores.most_common(2)
        if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return ""
        return ranked[0][0]


def section_vocabulary(questionnaire: Questionnaire, wording: Wording) -> SectionVocabulary:
    headings = wording.files.headings
    texts: dict[str, list[str]] = {}
    exact: dict[str, str] = {}
    plans = problems = ""
    for section in questionnaire.sections:
        if section.role == "plans":
            plans = plans or section.id
        elif section.role == "problems":
            problems = problems or section.id
        if section.role != "work":
            continue
        words = [section.title]
        rules = headings.get(section.id)
        if rules is not None:
            options = [option for said in (rules.default, *(rule.headings for rule in rules.rules)) for layout in said.values() for option in layout]
            words.extend(option.text for option in options)
            # A heading the product writes, as written: {area} as each unit type's (城乡, 城区 …);
            # one naming the clerk's own work ({topic}) is matched by its words alone.
            areas = {area for _, area in wording.words.areas}
            written = {option.with_words({"area": area}).plain() for option in options if "topic" not in option.slots for area in areas}
            exact.update({_normal(text): section.id for text in written})
        for question in section.questions:
            words.extend([*question.choices, question.item_name] if question.kind in ("multi", "group") else [])
        texts[section.id] = words
    # A genre's own heading over all the work (「阶段工作开展情况」) speaks of no one section,
    # though a bigram across its words may be a section's (作开 of 「确保工作开展」).
    exact.update({_normal(frame.main_heading.text): "" for frame in wording.files.genres.genres.values()})
    grams = {section: set().union(*(bigrams(text) for text in words)) for section, words in texts.items()}
    spread = Counter(gram for found in grams.values() for gram in found)
    telling = {section: frozenset(g for g in found if spread[g] <= _SHARED_BY_AT_MOST and g not in _GENERIC) for section, found in grams.items()}
    closings = tuple(
        re.compile("".join(re.escape(part) if isinstance(part, str) else r".{1,30}?" for part in pattern.parts).rstrip("。") + r"[。.]?")
        for pattern in wording.formulas.get("closing", ())
    )
    return SectionVocabulary(telling, exact, plans, problems, closings)


def _normal(heading: str) -> str:
    return "".join(_CJK.findall(heading))
