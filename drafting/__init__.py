"""Drafting: a clerk's answers become a summary, split by reason to change.

    prose/   answers -> plan -> sentences with provenance -> Document (its words: templates/)
    page/    Document -> .docx laid out to GB/T 9704 (the official page)
    chat/    Document -> Telegram HTML / plain text, split within Telegram's limits
    office/  .docx -> PDF and page pictures through LibreOffice (processes, timeouts)

``document.py`` is the value between them; ``signature.py`` and ``title_lines.py`` are the
page's placement rules that the chat preview mirrors, so both show the same lines.
"""
