"""Prose: the clerk's answers -> a planned, sourced Document, worded by templates/ (read once; no clock)."""
