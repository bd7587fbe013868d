"""Chinese words with their parts of speech: jieba's posseg, offline, plus a lexicon of this work.

jieba ships its dictionary and its model, so nothing is fetched; reading them takes
seconds, so they are read once per process (``warm``, called at start: never in a clerk's
turn) and shared, read-only, by every segmenter. A segmenter adds its own words with their
tags on top (``add_word``: 调整充实 as one verb, 一把手 as a noun, 任 as a verb, not jieba's
pronoun): the lexicon is what makes jieba's tags reliable on clerks' words. Each word list
gets a segmenter of its own, so an edited lexicon never leaks into another.

Tags are jieba's (ICTCLAS): n… nouns, v verbs, vn verbal nouns, d adverbs, p prepositions,
m numerals, q measure words, t time words, f places, x punctuation.
"""

from __future__ import annotations

import logging
import threading
from collections import ChainMap
from collections.abc import Iterable
from functools import lru_cache

Word = tuple[str, str]  # a word and its tag
Token = tuple[str, str]

_lock = threading.Lock()
_base: tuple[dict[str, int], int, dict[str, str]] | None = None
_segmenters: dict[frozenset[Word], "Segmenter"] = {}


def warm() -> None:
    """Read jieba's dictionary now (seconds), not in the first clerk's turn."""
    _jieba_dictionary()


def _jieba_dictionary() -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's word frequencies and tags, read once per process."""
    global _base
    with _lock:
        if _base is None:
            # Imported here: importing jieba takes a second, and jieba.posseg reads its tag
            # table (seconds more): neither at import time, where they would delay every start.
            import jieba
            import jieba.posseg

            jieba.setLogLevel(logging.WARNING)  # no 「Building prefix dict」 lines in the bot's log
            # jieba's default tokenizers: importing jieba.posseg has read the tag table
            # already (reading it again costs seconds); nothing here ever changes them.
            jieba.dt.initialize()
            _base = (jieba.dt.FREQ, jieba.dt.total, jieba.posseg.dt.word_tag_tab)
        return _base


class Segmenter:
    """jieba's dictionary with ``words`` added; ``cut`` is remembered per text."""

    def __init__(self, words: Iterable[Word]) -> None:
        import jieba
        import jieba.posseg

        frequencies, total, tags = _jieba_dictionary()
        tokenizer = jieba.Tokenizer()
        # jieba's own tables stay shared and untouched: added words go into the first map.
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = ChainMap({}, frequencies), total, True
        self._pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        self._pos.tokenizer, self._pos.word_tag_tab = tokenizer, ChainMap({}, tags)
        for word, tag in words:
            tokenizer.add_word(word, tag=tag)
        self._pos.makesure_userdict_loaded()
        self.cut = lru_cache(maxsize=8192)(self._cut)

    def _cut(self, text: str) -> tuple[Token, ...]:
        return tuple((pair.word, pair.flag) for pair in self._pos.cut(text))


def segmenter(words: Iterable[Word] = ()) -> Segmenter:
    """The segmenter of ``words`` (one per word list and process)."""
    key = frozenset(words)
    found = _segmenters.get(key)
    if found is None:
        found = _segmenters.setdefault(key, Segmenter(sorted(key)))
    return found
