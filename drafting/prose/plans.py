"""The plans the draft ends with, and the closing that follows them (issue 22 §3).

- A lead that promises a list (「将重点抓好以下工作：」) stands only before two items or
  more; one item is a sentence of its own, with the lead's single-item wording
  (formulas.yaml: 「plans-lead-one」 beside 「plans-lead」): 「东湖镇将在今后的工作中……」.
- The closing names what the plans are about, in the clerk's words: a plan's first
  clause without the words that say what will be done to it (「巩固环境卫生整治成果」 ->
  「环境卫生整治」, templates/words.yaml ``plans``), so it claims nothing the clerk did not say.
- The closing after a single plan names nothing: the plan is its own sentence just before.
- A last plan that is a closing already (「力争……提升到一个更高的水平」) gets no other.
- 今后 / 下一步 are said once: closings never say them, and a lead that says one gives way
  to a wording that does not when the items say one.

Pure: strings in, strings out (the reader's segmenter is loaded at start).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from drafting.prose.fragments import FragmentReader
from drafting.prose.phrasing import join_cn
from drafting.prose.wording import Pattern, PlanWords

ONE_ITEM = "{}-one"  # the formula a list lead uses before a single item: plans-lead -> plans-lead-one
_NUMBER = re.compile(r"^(?:\d+|[一二两三四五六七八九十百千]+)")


def single_lead(lead: str, count: int, formulas: Mapping[str, Sequence[Pattern]]) -> str:
    """The formula leading ``count`` items: the lead's single-item wording for one item
    when the files have one (a list lead, 「以下……：」, must: drafting.prose.wording_checks)."""
    one = ONE_ITEM.format(lead)
    return one if count == 1 and one in formulas else lead


def one_item(lead: str, item: str, reader: FragmentReader, words: PlanWords) -> str:
    """One item after its single-item lead, as one sentence without its end: 「东湖镇将」 +
    「在今后的工作中积极探索……」. An item that has its own speaker, or that is no predicate a
    「将」 can take (「班子成员每人包保……」, a noun phrase), stands alone as the clerk typed it."""
    if not lead.endswith(words.wants_predicate):
        return f"{lead}{item}"  # 「究其原因，主要是」 takes any words
    fragment = reader.read(item)
    takes_it = fragment.shape == "clause" and (not fragment.subject or bool(fragment.lead))
    return f"{lead}{item}" if takes_it and not item.startswith(words.own_speaker) else item


@dataclass(frozen=True)
class PlansRead:
    """What the closing needs to know of the plans it follows."""

    topics: tuple[str, ...]  # what they are about, in the clerk's words, at most words.topics
    every_one: bool  # every plan is named among the topics (else the closing says 等)
    closes: bool  # the last plan is a closing itself

    def phrase(self) -> str:
        """「环境卫生整治、宣传力度和老旧小区改造」, with 等 when some plan is not named."""
        return f"{join_cn(self.topics)}{'' if self.every_one else '等'}" if self.topics else ""


def read_plans(plans: Sequence[str], reader: FragmentReader, words: PlanWords) -> PlansRead:
    kept = [plan.strip() for plan in plans if plan.strip()]
    found: list[str] = []
    for plan in kept:
        said = topic(plan, reader, words)
        if said and not any(said in other or other in said for other in found):
            found.append(said)
    # One plan is a sentence of its own just before (「柳树街道将建立……」): naming it again only echoes it.
    named = found[: words.topics] if len(kept) > 1 else []
    closes = bool(kept) and any(word in kept[-1] for word in words.closing)
    return PlansRead(tuple(named), len(named) == len(kept), closes)


def topic(plan: str, reader: FragmentReader, words: PlanWords) -> str:
    """What one plan is about: its first clause after its time, its adverbs and its verbs
    (this work's and words.yaml's), a count, the words before a last 的 and a last word of
    ``topic_ends`` (keeping three characters); "" for a plan with a subject of its own or
    none that fits ``topic_length``."""
    fragment = reader.read(plan)
    if fragment.subject and not fragment.lead or plan.startswith(words.own_speaker):
        return ""
    rest = fragment.clause[len(fragment.lead) :].strip("，, ")
    verbs = sorted({*words.verbs, *reader.lexicon.verbs}, key=len, reverse=True)
    stripped = False
    while True:
        opening = next((verb for verb in verbs if rest.startswith(verb)), None) or next((word for word in words.complements if stripped and rest.startswith(word)), None)
        number = _NUMBER.match(rest)
        count = number.group() + rest[number.end()] if number and rest[number.end() : number.end() + 1] in words.counts else ""
        if not opening and not count:
            break
        rest = rest[len(opening or count) :]
        stripped = True
    if not stripped and fragment.shape == "clause":
        return ""  # 「明确奖惩措施」 is read above; a clause whose verb is unknown here says no topic
    rest = rest.rpartition("的")[2]
    end = next((word for word in words.topic_ends if rest.endswith(word) and len(rest) - len(word) >= words.topic_length[0]), "")
    rest = rest[: len(rest) - len(end)] if end else rest
    shortest, longest = words.topic_length
    return rest if shortest <= len(rest) <= longest else ""

