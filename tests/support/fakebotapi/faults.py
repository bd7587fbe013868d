"""Declarative fault plans for the fake Bot API server.

A plan is an ordered list of rules; for each bot call the first rule that matches the
method and fires (by seeded probability or on every Nth matching call) decides the
fault. Example::

    FaultPlan(seed=7, rules=[
        FaultRule(kind="retry_after", methods={"sendMessage"}, every=10, seconds=1),
        FaultRule(kind="http_502", probability=0.02),
        FaultRule(kind="timeout", probability=0.01, seconds=3, apply_side_effect=True),
    ])

Rules without ``methods`` match every method except getUpdates: long polling is the
bot's lifeline and a test usually wants faults on replies only. Name getUpdates
explicitly (``methods={"getUpdates"}``) or set ``include_get_updates=True`` to hit it.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

FaultKind = Literal["timeout", "http_500", "http_502", "retry_after", "drop", "slow"]

GET_UPDATES = "getUpdates"


class FaultRule(BaseModel):
    """One kind of fault, where it applies and how often.

    - ``timeout``: hold the request ``seconds`` (choose more than the client's read
      timeout) or until the client hangs up, then close the connection without an answer.
    - ``drop``: close the connection at once without an answer.
    - ``http_500`` / ``http_502``: answer with that status (500 as Bot API JSON, 502 as
      the HTML page Telegram's front end serves).
    - ``retry_after``: 429 with ``parameters.retry_after = seconds`` (whole seconds).
    - ``slow``: wait ``seconds`` and then answer normally.

    ``apply_side_effect`` (timeout and drop only): Telegram may or may not have carried
    out a request whose answer was lost; True runs the method before the connection is
    cut (the message is sent, the client never learns it), False cuts it first.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: FaultKind
    methods: frozenset[str] | None = None
    probability: float | None = Field(default=None, ge=0.0, le=1.0)
    every: int | None = Field(default=None, ge=1)
    seconds: float = Field(default=1.0, ge=0.0)
    apply_side_effect: bool = False
    include_get_updates: bool = False
    max_injections: int | None = Field(default=None, ge=1)  # stop firing after this many (e.g. "fail the first call")

    @model_validator(mode="after")
    def _exactly_one_trigger(self) -> "FaultRule":
        if (self.probability is None) == (self.every is None):
            raise ValueError("give exactly one of probability or every")
        return self

    def matches(self, method: str) -> bool:
        """True when this rule is about ``method`` at all (before counting or rolling)."""
        if self.methods is not None:
            return method in self.methods
        return method != GET_UPDATES or self.include_get_updates


class FaultPlan(BaseModel):
    """Ordered fault rules plus a seeded RNG, so a run is reproducible call for call."""

    model_config = ConfigDict(extra="forbid")

    rules: list[FaultRule] = Field(default_factory=list)
    seed: int = 0

    _rng: random.Random = PrivateAttr()
    _matched_calls: list[int] = PrivateAttr()
    _fired: list[int] = PrivateAttr()
    _injected: Counter[str] = PrivateAttr(default_factory=Counter)

    def model_post_init(self, __context: object) -> None:
        self._rng = random.Random(self.seed)
        self._matched_calls = [0] * len(self.rules)
        self._fired = [0] * len(self.rules)
        self._injected = Counter()

    def pick(self, method: str) -> FaultRule | None:
        """Return the fault to inject into this call of ``method``, counting it, or None."""
        for index, rule in enumerate(self.rules):
            if not rule.matches(method):
                continue
            if rule.max_injections is not None and self._fired[index] >= rule.max_injections:
                continue
            self._matched_calls[index] += 1
            if rule.every is not None:
                fires = self._matched_calls[index] % rule.every == 0
            else:
                fires = self._rng.random() < (rule.probability or 0.0)
            if fires:
                self._fired[index] += 1
                self._injected[rule.kind] += 1
                return rule
        return None

    @property
    def injected(self) -> dict[str, int]:
        """How many faults of each kind were injected so far."""
        return dict(self._injected)
