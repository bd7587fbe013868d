"""Moving every draft from one store to another (files -> PostgreSQL, or back), verified.

Each draft is written under its own id (``put``: created or replaced), so running the
copy twice changes nothing, and a copy cut short is finished by running it again. After
copying, every draft is read back from the target and compared with the source as data
(``same``), not as text: PostgreSQL's jsonb keeps an object's keys in its own order, so a
draft read back from it writes its answers in another order than the file it came from,
and a comparison of texts called every draft past its third answer different (and
copied it again on every run). The counts must match too (the target may not hold drafts
the source lacks).
Drafts the source cannot open (damaged, too new) are not copied; they are counted and
named, and make the copy fail its check, so nothing is left behind unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.errors import DraftCorrupt
from storage.models import Draft
from storage.store import DraftStore


def same(one: Draft, other: Draft) -> bool:
    """Whether two drafts hold the same data (objects compared whatever their key order)."""
    return one.model_dump(mode="json") == other.model_dump(mode="json")


@dataclass
class TransferReport:
    copied: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # ids the source could not open
    mismatched: list[str] = field(default_factory=list)  # read back different, or missing
    source_count: int = 0
    target_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.skipped and not self.mismatched and self.source_count == self.target_count


def copy_drafts(source: DraftStore, target: DraftStore) -> TransferReport:
    """Copy every draft of ``source`` into ``target`` and verify count and content."""
    report = TransferReport()
    ids = source.all_ids()
    report.source_count = len(ids)
    for draft_id in ids:
        try:
            draft = source.get(draft_id)
        except DraftCorrupt:
            report.skipped.append(draft_id)
            continue
        if draft is None:  # deleted while we copied
            report.source_count -= 1
            continue
        try:
            there = target.get(draft_id)
        except DraftCorrupt:
            there = None
        if there is not None and same(there, draft):
            report.unchanged += 1
            continue
        target.put(draft)
        report.copied += 1
    for draft_id in ids:
        if draft_id in report.skipped:
            continue
        original = source.get(draft_id)
        copy = target.get(draft_id)
        if original is not None and (copy is None or not same(copy, original)):
            report.mismatched.append(draft_id)
    report.target_count = len(target.all_ids())
    return report
