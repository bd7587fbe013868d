"""The fixed formulas (templates/formulas.yaml), each in several wordings, chosen per unit.

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
from collections.abc import Sequence

from dialogs.questionnaire import UnitTerms
from drafting.document import Placeholder
from drafting.prose.wording import Pattern


def choice(key: str, unit: str, count: int) -> int:
    """The index of the wording ``unit`` gets for ``key``: stable across runs and machines."""
    digest = hashlib.sha256(f"{key}\n{unit}".encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % count


def speaker(unit: str | Placeholder, terms: UnitTerms) -> str:
    """The unit by its name, or 我乡 while the name is missing."""
    name = unit.strip() if isinstance(unit, str) else ""
    return name or terms.we


def unit_words(terms: UnitTerms, unit: str | Placeholder) -> dict[str, str]:
    """{we} {whole} {sub} {name}: how the unit speaks of itself."""
    return {"we": terms.we, "whole": terms.whole, "sub": terms.sub, "name": speaker(unit, terms)}


def wording(key: str, options: Sequence[Pattern], unit: str | Placeholder, terms: UnitTerms, avoid: str = "") -> str:
    """The wording of formula ``key`` for ``unit``, not echoing ``avoid`` (the text just
    before it): no option ending as a sentence of it ends (「……再上新台阶。」 twice), opening
    as one of its sentences opens (「某某乡将……：……。某某乡将……」), or saying 下一步 again."""
    start = choice(key, unit if isinstance(unit, str) else "", len(options))
    words = unit_words(terms, unit)
    said = [option.with_words(words).plain() for option in options]
    openings = {part.strip()[:_OPENING] for part in re.split("[。：；]", avoid) if len(part.strip()) >= _OPENING}
    for step in range(len(said)):
        text = said[(start + step) % len(said)]
        if not avoid or _tail(text) not in avoid and text[:_OPENING] not in openings and not (text.startswith(_NEXT) and _NEXT in avoid):
            return text
    return said[start]


_OPENING = 4  # characters that make two sentences open alike
_NEXT = "下一步"  # said once: a plan led by 「下一步，」 is not followed by a closing that says it again


def _tail(text: str) -> str:
    return text.rstrip("。：，")[-5:]
