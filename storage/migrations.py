"""Upgrade stored draft documents written by older versions, one step at a time.

Each step takes the raw document of version N and returns version N+1. Steps work on
plain dicts (never on the current model) so old steps keep working as the model changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storage.errors import DraftTooNew
from storage.models import SCHEMA_VERSION

RawDraft = dict[str, Any]


def _v1_to_v2(doc: RawDraft) -> RawDraft:
    """v1 kept the layout as ``template`` and only a ``finished`` flag instead of a status."""
    upgraded = {k: v for k, v in doc.items() if k not in ("template", "finished")}
    upgraded["layout"] = doc.get("template") or "annual"
    upgraded.setdefault("status", "complete" if doc.get("finished") else "in_progress")
    return upgraded


# MIGRATIONS[n] upgrades a version-n document to version n+1.
MIGRATIONS: dict[int, Callable[[RawDraft], RawDraft]] = {1: _v1_to_v2}


def upgrade(doc: RawDraft) -> RawDraft:
    """Bring a stored document to SCHEMA_VERSION; a document without a version is v1."""
    version = int(doc.get("schema_version", 1))
    if version > SCHEMA_VERSION:
        raise DraftTooNew(str(doc.get("id", "?")), version, SCHEMA_VERSION)
    while version < SCHEMA_VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
        doc["schema_version"] = version
    return doc
