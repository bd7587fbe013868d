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
from collections.abc import Mapping, Sequence

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


def wording(key: str, options: Sequence[Pattern], unit: str | Placeholder, terms: UnitTerms, avoid: str = "", ahead: Sequence[str] = (), said: Mapping[str, str] | None = None) -> str:
    """The wording of formula ``key`` for ``unit``, not echoing ``avoid`` (the text just
    before it): no option ending as a sentence of it ends (「……再上新台阶。」 twice), opening
    as one of its sentences opens (「某某乡将……：……。某某乡将……」), or saying a word of
    ``ahead`` (今后, 下一步, 接下来: one thing) when it says one already. ``said``: the
    formula's other slots ({topics} of the plans)."""
    start = choice(key, unit if isinstance(unit, str) else "", len(options))
    words = {**unit_words(terms, unit), **(said or {})}
    texts = [option.with_words(words).plain() for option in options]
    openings = {part.strip()[:_OPENING] for part in re.split("[。：；]", avoid) if len(part.strip()) >= _OPENING}
    ahead_said = any(word in avoid for word in ahead)  # then no word of them again: 今后 and 下一步 say one thing
    for step in range(len(texts)):
        text = texts[(start + step) % len(texts)]
        if not avoid or _tail(text) not in avoid and text[:_OPENING] not in openings and not (ahead_said and any(word in text for word in ahead)):
            return text
    return texts[start]


_OPENING = 4  # characters that make two sentences open alike


def _tail(text: str) -> str:
    return text.rstrip("。：，")[-5:]
