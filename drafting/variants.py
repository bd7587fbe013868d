"""The fixed formulas, each in several wordings, chosen per unit.

Every township of a county answering alike would otherwise send its 创文办 the same
opening and closing sentences. The wording is chosen by a hash of the unit's name and
the formula's key: the same unit always gets the same draft (deterministic, no
randomness), two units most likely differ. All wordings state no fact.
"""

from __future__ import annotations

import hashlib

from dialogs.questionnaire import UnitTerms

# {we}: 我乡 / 我街道; {whole}: 全乡 / 全街道.
WORDINGS: dict[str, tuple[str, ...]] = {
    "opening": (
        "把文明创建作为{whole}重点工作统筹推进",
        "把创建工作摆上{whole}工作的重要位置",
        "将创建工作作为{whole}的一项重点任务来抓",
        "坚持把文明创建融入{whole}中心工作",
        "全力推进{whole}文明创建各项工作",
    ),
    "closing": (
        "{we}将以更加务实的作风、更加有力的举措，持续巩固创建成果，推动文明创建工作再上新台阶。",
        "{we}将坚持问题导向，补齐短板，常态长效抓好创建工作，不断提升{whole}文明程度。",
        "下一步，{we}将继续对标对表，压实责任，推动创建工作常态化、长效化。",
        "{we}将进一步凝聚合力、狠抓落实，确保创建各项任务落地见效。",
        "{we}将保持创建工作力度不减，久久为功，努力把创建成果转化为群众的获得感。",
    ),
    "problems-lead": (
        "对照文明城市测评标准和群众期盼，工作中仍存在一些不足：",
        "对照测评体系，工作中还存在一些问题和不足：",
        "在取得一定成效的同时，工作中仍存在一些薄弱环节：",
        "创建工作中也还存在一些不容忽视的问题：",
        "对照创建要求，工作中仍有一些短板：",
    ),
    "plans-lead": (
        "{we}将重点抓好以下工作：",
        "下一步，{we}将着力做好以下工作：",
        "{we}将从以下几个方面抓好落实：",
        "下一步，{we}重点做好以下工作：",
        "{we}将突出抓好以下几项工作：",
    ),
}


def choice(key: str, unit: str, count: int) -> int:
    """The index of the wording ``unit`` gets for ``key``: stable across runs and machines."""
    digest = hashlib.sha256(f"{key}\n{unit}".encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % count


def wording(key: str, unit: str, terms: UnitTerms, avoid: str = "") -> str:
    """The wording of formula ``key`` for ``unit``; one ending as ``avoid`` does is skipped,
    so a closing never echoes the plan just before it (「……再上新台阶。」 twice)."""
    options = WORDINGS[key]
    start = choice(key, unit, len(options))
    for step in range(len(options)):
        text = options[(start + step) % len(options)].format(we=terms.we, whole=terms.whole)
        if not avoid or _tail(text) not in avoid:
            return text
    return options[start].format(we=terms.we, whole=terms.whole)


def _tail(text: str) -> str:
    return text.rstrip("。：，")[-5:]
