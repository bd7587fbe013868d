"""Process settings for serving Telegram, in one place, each with the reason it pays.

Called once at startup, after the service is built and warmed up; the console and
the tests run without them.
"""

from __future__ import annotations

import asyncio
import gc
import sys

import uvloop


def tune_for_serving() -> None:
    # uvloop runs sockets and callbacks in C; the event loop is most of what a clerk
    # waits for (back-to-back bench.load runs: 3.9 -> 3.2 ms of CPU per update).
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    # A .docx build holds the GIL in its thread; with Python's default 5 ms switch
    # interval the event loop waited up to 5 ms at each hand-over meanwhile (at
    # bench.load --think 1.0, p50 went from 49 to 23 ms with 1 ms; at --rate 100,
    # p99 from 21.3 to 18.7 ms with 0.5 ms, in back-to-back runs).
    sys.setswitchinterval(0.0005)
    # Everything alive now (modules, the questionnaire, compiled templates, the blank
    # official document) lives as long as the process: a full collection walked all
    # of it, ~100 ms without replies (seen with gc.callbacks under bench.load).
    gc.collect()
    gc.freeze()
