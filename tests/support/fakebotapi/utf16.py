"""UTF-16 lengths: Telegram measures entity offsets and lengths in UTF-16 code units."""


def utf16_len(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units (astral characters count twice)."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
