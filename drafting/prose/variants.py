"""The fixed formulas, each in several wordings, chosen per unit.

Every township of a county answering alike would otherwise send its 创文办 the same
opening and closing sentences. The wording is chosen by a hash of the unit's name and
the formula's key: the same unit always gets the same draft (deterministic, no
randomness), two units most likely word it differently. A hash over a handful of
wordings cannot keep every pair of a county's units apart, so each formula also speaks
as the unit by its name ({name}: 河口乡将……), which two units never share. All
wordings state no fact beyond the unit's own name.
"""

from __future__ import annotations

import hashlib
import re

from dialogs.questionnaire import UnitTerms
from drafting.document import Placeholder

# {we}: 我乡 / 我街道; {whole}: 全乡 / 全街道; {name}: the unit's name (我乡 until it is given).
WORDINGS: dict[str, tuple[str, ...]] = {
    "opening": (
        "把文明创建作为{whole}重点工作统筹推进",
        "把创建工作摆上{whole}工作的重要位置",
        "将创建工作作为{whole}的一项重点任务来抓",
        "坚持把文明创建融入{whole}中心工作",
        "全力推进{whole}文明创建各项工作",
    ),
    "closing": (
        "{name}将以更加务实的作风、更加有力的举措，持续巩固创建成果，推动文明创建工作再上新台阶。",
        "今后，{name}将坚持问题导向，补齐短板，常态长效抓好创建工作，不断提升{whole}文明程度。",
        "下一步，{name}将继续对标对表，压实责任，推动创建工作常态化、长效化。",
        "在今后的工作中，{name}将进一步凝聚合力、狠抓落实，确保创建各项任务落地见效。",
        "{name}将保持创建工作力度不减，久久为功，努力把创建成果转化为群众的获得感。",
    ),
    "problems-lead": (
        "对照文明城市测评标准和群众期盼，{name}的工作中仍存在一些不足：",
        "对照测评体系，{name}的创建工作还存在一些问题和不足：",
        "在推进创建的过程中，{name}仍有一些薄弱环节：",
        "{name}的创建工作中也还存在一些不容忽视的问题：",
        "对照创建要求，{name}的工作仍有一些短板：",
    ),
    "plans-lead": (  # under the heading 「下一步工作打算」: no 「下一步，」 again
        "{name}将重点抓好以下工作：",
        "{name}将着力做好以下工作：",
        "{name}将从以下几个方面抓好落实：",
        "{name}将重点从以下方面推进：",
        "{name}将突出抓好以下几项工作：",
    ),
}


def choice(key: str, unit: str, count: int) -> int:
    """The index of the wording ``unit`` gets for ``key``: stable across runs and machines."""
    digest = hashlib.sha256(f"{key}\n{unit}".encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % count


def speaker(unit: str | Placeholder, terms: UnitTerms) -> str:
    """The unit by its name, or 我乡 while the name is missing."""
    name = unit.strip() if isinstance(unit, str) else ""
    return name or terms.we


def wording(key: str, unit: str | Placeholder, terms: UnitTerms, avoid: str = "") -> str:
    """The wording of formula ``key`` for ``unit``, not echoing ``avoid`` (the text just
    before it): no option ending as a sentence of it ends (「……再上新台阶。」 twice), opening
    as one of its sentences opens (「某某乡将……：……。某某乡将……」), or saying 下一步 again."""
    options = WORDINGS[key]
    start = choice(key, unit if isinstance(unit, str) else "", len(options))
    words = {"we": terms.we, "whole": terms.whole, "name": speaker(unit, terms)}
    openings = {part.strip()[:_OPENING] for part in re.split("[。：；]", avoid) if len(part.strip()) >= _OPENING}
    for step in range(len(options)):
        text = options[(start + step) % len(options)].format(**words)
        if not avoid or _tail(text) not in avoid and text[:_OPENING] not in openings and not (text.startswith(_NEXT) and _NEXT in avoid):
            return text
    return options[start].format(**words)


_OPENING = 4  # characters that make two sentences open alike
_NEXT = "下一步"  # said once: a plan led by 「下一步，」 is not followed by a closing that says it again


def _tail(text: str) -> str:
    return text.rstrip("。：，")[-5:]

