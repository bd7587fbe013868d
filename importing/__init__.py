"""Reading an earlier summary a clerk sends as a .docx (issue 24, item 4).

Pure: every function takes the file's bytes (or what was read from them) and returns
values; nothing here opens a path, a socket or the clock. ``safety`` checks the bytes
before anything parses them and is the only way to a ``CheckedDocx``; ``docx_reader``
reads a checked file into a ``dialogs.earlier.EarlierReport`` (origin "imported").
"""
