"""The unit's own words (我街道 / 全街道 / 各社区) and the signing bodies offered for it.

Shared by the prompts and by drafting, so a 街道 is never asked about 各村 nor told so.
"""

from __future__ import annotations

from collections.abc import Mapping

from dialogs.answers import Answer, ChoiceAnswer, TextAnswer
from dialogs.questionnaire import Questionnaire, UnitTerms

UNIT_NAME_ID = "unit_name"
UNIT_TYPE_ID = "unit_type"


def unit_terms(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> UnitTerms:
    answer = answers.get(UNIT_TYPE_ID)
    return questionnaire.terms(answer.choice if isinstance(answer, ChoiceAnswer) else None)


def in_unit_words(text: str, terms: UnitTerms) -> str:
    """{we} {whole} {sub} in a prompt, example or sentence pattern -> 我街道 / 全街道 / 各社区."""
    if "{" not in text:
        return text
    return text.replace("{we}", terms.we).replace("{whole}", terms.whole).replace("{sub}", terms.sub)


def signer_suggestions(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> list[str]:
    """某某街道办事处, 某某街道党工委 … from the unit's name and type (none before the name)."""
    name = answers.get(UNIT_NAME_ID)
    if not isinstance(name, TextAnswer) or not name.text.strip():
        return []
    unit = name.text.strip()
    return [signer.replace("{name}", unit) for signer in unit_terms(questionnaire, answers).signers]
