"""Chat: a Document as Telegram HTML or plain text, and Telegram's message-length rule."""
