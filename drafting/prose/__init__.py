"""Prose: the clerk's answers -> a planned, sourced Document (no I/O, no clock)."""
