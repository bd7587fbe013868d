"""A draft as the JSON bytes a draft file stores, re-encoding only the answers that changed.

pydantic encoded the whole draft at every save: ~0.2 ms of CPU per save under
load, all of it holding the GIL (py-spy on bench.load). A step changes one answer and
keeps the other answer objects (answers are frozen, the engine copies only the
dict), so the encoder remembers each answer's JSON per draft, tied to the answer
object it was made from, and encodes only answers it has not seen.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict

from pydantic import TypeAdapter

from dialogs.answers import Answer
from storage.models import Draft

_ANSWER = TypeAdapter(Answer)

# question id -> (the answer object, its JSON member "id":{…}). Holding the object
# keeps its id from being reused, so an identity check proves the JSON still right.
_Fragments = dict[str, tuple[Answer, bytes]]


class DraftEncoder:
    """Thread-safe: saves of different drafts may run at once (AsyncDraftStore threads)."""

    def __init__(self, drafts_kept: int = 256) -> None:
        # ~6 KB per draft; a few hundred clerks at work at once fit.
        self._fragments: OrderedDict[str, _Fragments] = OrderedDict()
        self._drafts_kept = drafts_kept
        self._lock = threading.Lock()

    def encode(self, draft: Draft) -> bytes:
        """The same JSON document as ``draft.model_dump_json()`` (keys in another order)."""
        with self._lock:
            known = self._fragments.pop(draft.id, {})
        fragments: _Fragments = {}
        members = []
        for question_id, answer in draft.state.answers.items():
            remembered = known.get(question_id)
            if remembered is not None and remembered[0] is answer:
                member = remembered[1]
            else:
                member = b"%s:%s" % (json.dumps(question_id, ensure_ascii=False).encode(), _ANSWER.dump_json(answer))
            fragments[question_id] = (answer, member)
            members.append(member)
        with self._lock:
            self._fragments[draft.id] = fragments
            while len(self._fragments) > self._drafts_kept:
                self._fragments.popitem(last=False)
        state_rest = draft.state.model_dump_json(exclude={"answers"}).encode()  # {"skipped":…}
        state = b'{"answers":{%s},%s' % (b",".join(members), state_rest[1:])
        draft_rest = draft.model_dump_json(exclude={"state"}).encode()  # {"id":…}
        return b'%s,"state":%s}' % (draft_rest[:-1], state)

    def forget(self, draft_id: str) -> None:
        with self._lock:
            self._fragments.pop(draft_id, None)
