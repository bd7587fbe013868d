"""What an edit changed in the draft, paragraph by paragraph, found by provenance.

After 修改 N the clerk sees the paragraph that changed, before and after, instead of
hunting for it in the whole draft. Paragraphs are matched by what they were built from:
the work items and answers their sentences name (drafting.prose.provenance), not by wording,
so a paragraph whose every word changed is still recognised. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafting.document import Document, Paragraph
from drafting.prose.wording import ChangeWords

PREVIEW = 300  # characters of a paragraph shown in the chat


@dataclass(frozen=True)
class ParagraphChange:
    before: str | None  # None: the paragraph is new
    after: str | None  # None: the paragraph is gone
    sources: frozenset[str]  # the answers (item roots) both versions came from


def changed_paragraphs(before: Document, after: Document) -> list[ParagraphChange]:
    """Paragraphs whose text differs between the drafts, matched by their sources."""
    old = _by_sources(before)
    new = _by_sources(after)
    changes: list[ParagraphChange] = []
    matched: set[int] = set()
    for roots, text in new:
        partner = next((i for i, (other, _) in enumerate(old) if i not in matched and other & roots), None)
        if partner is None:
            changes.append(ParagraphChange(None, text, roots))
            continue
        matched.add(partner)
        if old[partner][1] != text:
            changes.append(ParagraphChange(old[partner][1], text, roots | old[partner][0]))
    changes.extend(ParagraphChange(text, None, roots) for i, (roots, text) in enumerate(old) if i not in matched)
    return changes


def change_lines(changes: list[ParagraphChange], words: ChangeWords) -> list[str]:
    """The changes as chat lines in Chinese (templates/advice.yaml); [] when nothing in the body changed."""
    lines: list[str] = []
    for change in changes:
        if change.before is None:
            lines.append(f"{words.added}\n{_short(change.after)}")
        elif change.after is None:
            lines.append(f"{words.removed}\n{_short(change.before)}")
        else:
            lines.append(f"{words.before}\n{_short(change.before)}\n{words.after}\n{_short(change.after)}")
    return lines


def _by_sources(document: Document) -> list[tuple[frozenset[str], str]]:
    """Each paragraph with answers behind it, as (its item roots, its text)."""
    found = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            roots = frozenset(path.split(".")[0] for sentence in block.sentences for path in sentence.sources)
            if roots:
                found.append((roots, block.text))
    return found


def _short(text: str | None) -> str:
    text = text or ""
    return text if len(text) <= PREVIEW else text[:PREVIEW] + "……"
