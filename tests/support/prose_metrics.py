"""How a draft reads, in numbers (issue 15): shared by bench/prose.py and the tests.

- ``repeats_per_k``: repeated 4-character phrases per 1,000 characters, i.e. for every
  run of four Chinese characters, each occurrence after its first, divided by the
  text's length in thousands of characters. Computed the same way for the reference
  summaries so a draft is compared with what real clerks write.
- ``one_sentence_paragraphs``: body paragraphs of a single sentence (a fragment).
- ``orphan_connectives``: paragraphs opening with 此外/同时/另外 with no paragraph before
  them under the same heading: a continuation of nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from drafting.document import Document, Heading, Paragraph

_REFERENCE_NAME = "shared/reference/000_b59d1b4c035da2cd.txt"
# shared/ lies beside the checkout (as in CI), or at the workspace's usual place.
REFERENCE_FILE = next(
    (path for path in (Path(__file__).resolve().parents[3] / _REFERENCE_NAME, Path("/work") / _REFERENCE_NAME) if path.exists()),
    Path("/work") / _REFERENCE_NAME,
)
CONNECTIVES = ("此外", "同时", "另外")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_REFERENCE_HEAD = re.compile(r"乡镇创建文明城市工作总结【([一二三四五])】")


def repeats_per_k(text: str) -> float:
    grams: Counter[str] = Counter()
    for run in _CJK_RUN.findall(text):
        grams.update(run[i : i + 4] for i in range(len(run) - 3))
    repeated = sum(count - 1 for count in grams.values() if count > 1)
    length = len(re.sub(r"\s", "", text))
    return 1000 * repeated / length if length else 0.0


def reference_texts(path: Path = REFERENCE_FILE) -> dict[str, str] | None:
    """The five reference summaries 【一】…【五】 by their number, or None without the file."""
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    heads = list(_REFERENCE_HEAD.finditer(text))
    found: dict[str, str] = {}
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(text)
        body = text[head.end() : end]
        body = body.split("相关文章")[0]  # the page's links to other articles
        found[head[1]] = "\n".join(line.strip() for line in body.splitlines() if line.strip())
    return found


def reference_repeats_per_k(path: Path = REFERENCE_FILE) -> float | None:
    """The references' own figure: the mean of the five, or None without the file."""
    texts = reference_texts(path)
    if not texts:
        return None
    return sum(repeats_per_k(text) for text in texts.values()) / len(texts)


def body_paragraphs(document: Document) -> list[Paragraph]:
    return [block for block in document.blocks if isinstance(block, Paragraph)]


def one_sentence_paragraphs(document: Document) -> list[str]:
    """Body paragraphs of one sentence, the addressee line, lead-ins and formulas aside."""
    found = []
    for paragraph in body_paragraphs(document):
        facts = [s for s in paragraph.sentences if s.formula is None]
        if len(paragraph.sentences) == 1 and facts and not paragraph.text.endswith("："):
            found.append(paragraph.text)
    return found


def orphan_connectives(document: Document) -> list[str]:
    found = []
    previous_is_paragraph = False
    for block in document.blocks:
        if isinstance(block, Heading):
            previous_is_paragraph = False
            continue
        if block.text.startswith(CONNECTIVES) and not previous_is_paragraph:
            found.append(block.text)
        previous_is_paragraph = not block.text.endswith("：")
    return found
