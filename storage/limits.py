"""How much one stored draft may hold, for every backend alike.

The sample interviews (dialogs/samples, a full year of work each) take ~9 KB as JSON;
the cap is over a hundred times that, so no clerk meets it by typing answers, and a
file cannot grow to where reading it (a draft is read whole when opened) stalls the bot.
"""

from __future__ import annotations

from storage.errors import DraftTooLarge

MAX_DRAFT_BYTES = 1 << 20  # the JSON of one draft


def check_draft_size(draft_id: str, encoded: bytes) -> None:
    """Raise DraftTooLarge if ``encoded`` (a draft's JSON) is over the cap."""
    if len(encoded) > MAX_DRAFT_BYTES:
        raise DraftTooLarge(draft_id, len(encoded), MAX_DRAFT_BYTES)
