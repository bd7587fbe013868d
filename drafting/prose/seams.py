"""Where the template's words meet the clerk's: one work item's clauses joined into prose.

An item's sentence (templates/items.yaml) is clauses in order, each a wording around an
answer: 「{we}成立{name}」「由{leader}任组长」「{details}」. Before a template word touches an
answer, the answer's shape is read (drafting.prose.fragments), and the clerk's words decide:

- a clause with its own predicate stands as typed: the wording's verb and the words after
  the answer go (「调整充实」 not 「成立」, 「任总指挥」 not 「任组长」), its subject (我镇) is
  kept only where the clause has none;
- a noun phrase gets the wording's verb when the lexicon says it fits, else the lexicon's
  verb for its head (「开设道德讲堂」, not 「开展道德讲堂」); a name that is a kind of work
  already (「……清查」) is not made one again (no 「……清查专项整治」);
- a name meets the details after it: details whose verb has no object take the name as
  its object (「6月底召开」 + 动员会 -> 「6月底召开动员会」, 「全镇均已建成」 + 文化站 ->
  「全镇均已建成文化站」, 「调整充实」 + 领导小组); details that name it already say it alone;
  details that use the name's verb again follow as a sentence of their own; a project's
  progress follows its name with no comma (「……工程上半年已完成」); a bare name before
  details of their own is their topic (「在……建设中，」), never a subject before a comma;
  so is a later item's name where the group says so (the second theme on: 「在……整治中，」);
- a group another item says was set up (「会上成立了……领导小组」) is not set up again.

Every function here is pure: strings in, strings out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafting.prose.fragments import Fragment, FragmentReader
from drafting.prose.wording import Words

NAME_ID = "name"  # the sub-question an item is named by (a picked kind, the clerk's own words)
_UNIT_PREFIX = re.compile(r"^(?:我|全)?(?:乡|镇|村|社区|街道|县|市|区)")


@dataclass
class Part:
    """One clause of an item's sentence: the wording around one answer, or a clause
    already filled (several answers, a leftover 「组长：……」)."""

    slot: str  # the answer it says ("" for a clause already filled)
    value: str  # the clerk's words
    subject: str = ""  # the wording's subject before the answer (我镇)
    frame: str = ""  # the wording's other words before the answer (成立, 由, 在, 开展)
    tail: str = ""  # the wording's words after the answer (任组长, 专项整治, 方面)
    topic: str = ""  # the item's topic wording ({} for the name), for a name before details
    filled: str = ""  # the clause as it is said, when already decided

    def said(self) -> str:
        return self.filled or f"{self.subject}{self.frame}{self.value}{self.tail}"


def split_head(head: str, subject: str, words: Words) -> tuple[str, str]:
    """A wording's words before its answer as (its subject, the rest): 「我镇成立」 ->
    (「我镇」, 「成立」)."""
    if subject and head.startswith(subject):
        return subject, head[len(subject) :]
    return "", head


class Seams:
    """The rules of one wording: its lexicon's reader and its word lists."""

    def __init__(self, reader: FragmentReader, words: Words) -> None:
        self.reader = reader
        self.words = words

    # --- one clause ------------------------------------------------------------------

    def clause(self, part: Part) -> Part:
        """``part`` said in the clerk's words' shape (see the module's docstring)."""
        if part.filled or not part.value:
            return part
        fragment = self.reader.read(part.value, name=part.slot == NAME_ID)
        frame = part.frame
        tail = "" if part.tail and part.value.endswith(part.tail.removeprefix("的")) else part.tail  # 「……的问题」 said already
        if self.reader.has_role(part.tail) and self.reader.has_role(part.value):
            return Part(part.slot, part.value, filled=part.value)  # 「镇党委书记任总指挥」: the clerk's role, not 「任组长」
        if fragment.shape == "clause":
            if frame.endswith(_PREFERRING_FRAME):
                return Part(part.slot, part.value, filled=f"{frame}{part.value}{tail}")  # 「针对……的问题」
            subject = part.subject if not fragment.subject else ""
            return Part(part.slot, part.value, filled=f"{subject}{part.value}")
        if fragment.shape == "lead" and part.value.startswith(self.words.basis_words) and frame and not self._is_preposition(frame):
            # 「我街道依据《……》。」 is half a sentence: what is done by it is the work itself.
            return Part(part.slot, part.value, filled=f"{part.subject}{part.value}{self.words.basis_done}")
        if frame and not self._is_preposition(frame):
            frame, tail = self._verb_for(frame, part.value, part.tail)
            return Part(part.slot, part.value, part.subject, frame, tail, part.topic)
        if frame.endswith(self.words.prepositions) and part.value.startswith(frame[-1]):
            return Part(part.slot, part.value, part.subject, frame[:-1], tail, part.topic)  # the clerk said 「在」 already
        return Part(part.slot, part.value, part.subject, frame, tail, part.topic)

    def alone(self, name: Part) -> Part:
        """A name with no details after it, as a whole sentence from its shape: a clause as
        typed, a noun phrase with its verb (「推进乡文化大楼建设」, not 「乡文化大楼。」 nor
        「在……方面。」)."""
        if name.filled or self.reader.read(name.value, name=True).shape == "clause":
            return name
        if name.frame and not self._is_preposition(name.frame):
            return name
        before, after = self.reader.object_frame(name.value).split("{name}")
        return Part(name.slot, name.value, name.subject, before, after)

    def _is_preposition(self, frame: str) -> bool:
        return frame in self.words.prepositions or frame.endswith(_PREFERRING_FRAME)

    def _verb_for(self, frame: str, name: str, tail: str) -> tuple[str, str]:
        """The verb a noun phrase gets, and the wording's words after it: the wording's
        own when the lexicon says it fits or knows no better, else the lexicon's."""
        if self.reader.names_its_work(name) and tail in (self.words.said_once.first, self.words.said_once.again):
            tail = ""  # 「无牌无证经营场所清查」 names its work: no 「专项整治」 after it
        if tail and name.endswith(tail):
            tail = ""
        if not self.reader.knows(name) or self.reader.fits(frame, name):
            return frame, tail
        before, after = self.reader.object_frame(name).split("{name}")
        return before, after

    # --- a name and the details after it --------------------------------------------------

    def join(self, name: Part, details: Part) -> tuple[Part | None, Part | None, list[str]]:
        """The name's clause and the details' clause once they have met: either may go
        (None), and the name may come back as a sentence said apart, before the rest."""
        if name.filled:
            return name, details, []
        said = self.reader.read(details.value)
        counted = said.wants_object and bool(said.rest)  # 「今年以来共安装270个」: the name is what was counted
        if self._status(said) and not name.frame and not counted:
            return Part(name.slot, name.value, filled=f"{name.said()}{details.value}"), None, []
        if said.shape != "clause" and not said.lead:
            return self._with_verb(name), details, []
        if self.mentions(said, name.value):
            subject = name.subject if not said.subject else ""
            return None, Part(details.slot, details.value, filled=f"{subject}{details.value}"), []
        if said.wants_object and (not said.subject or not self.reader.fits(name.frame, name.value)):
            # The name is the verb's object, unless it ends in that verb itself (「垃圾分类培训」 +
            # 「培训350人次」 is 「垃圾分类培训350人次」, not 「培训垃圾分类培训350人次」).
            verb = "" if name.value.endswith(said.verb) else said.verb
            merged = f"{name.subject if not said.subject else ''}{said.lead}{said.subject}{said.adverbs}{verb}{name.value}{self._tail_after(name, said)}{said.rest}"
            return Part(name.slot, name.value, filled=merged), _rest(details, said), []
        head = self.reader.head(name.value)
        if name.frame and said.verb and said.verb in name.frame and len(head) >= 2 and said.rest.startswith(head):
            # 「召开会议研究……」「对……开展培训」: the clerk's verb, the name for their word for it.
            merged = f"{name.subject if not said.subject else ''}{said.lead}{said.subject}{said.adverbs}{said.verb}{name.value}{said.rest[len(head):]}"
            return Part(name.slot, name.value, filled=merged), _rest(details, said), []
        if name.topic and name.frame and not self._is_preposition(name.frame):
            # A later theme of a section leads its own account as its topic: 「在……整治中，」,
            # not one more 「开展……整治，」 (items in a row opening alike read as a list).
            return Part(name.slot, name.value, filled=self._topic(name)), details, []
        name = self._with_verb(name)
        verb = self._verb_of(name)
        if verb and verb in said.clause:
            return None, details, [name.said()]  # said apart: 「开展……专项整治。上半年……集中开展……」
        return name, details, []

    def _with_verb(self, name: Part) -> Part:
        """A bare name (a project's) before the details: said as what was done (the
        lexicon's verb for its head), or as their topic — never a subject before a comma."""
        if name.frame or name.subject or self.reader.read(name.value, name=True).shape == "clause":
            return name
        if name.topic:
            return Part(name.slot, name.value, filled=self._topic(name))
        before, after = self.reader.object_frame(name.value).split("{name}")
        return Part(name.slot, name.value, frame=before, tail=after)

    def _topic(self, name: Part) -> str:
        """The name in the group's topic wording, the wording's kind of work left out when
        the name is one already (「在沟塘河道整治中」, not 「……整治整治中」)."""
        before, after = name.topic.split("{}", 1)
        if self.reader.names_its_work(name.value):
            work = next((word for word in sorted(self.reader.lexicon.work_nouns, key=len, reverse=True) if after.startswith(word)), "")
            after = after[len(work) :]
        return f"{before}{name.value}{after}"

    def _verb_of(self, name: Part) -> str:
        """The verb the name's clause says (「开展」「推进」), "" for a preposition's."""
        if name.filled or self._is_preposition(name.frame):
            return ""
        return name.frame

    def _status(self, said: Fragment) -> bool:
        """How a project's scale or progress is stated, after its name with no comma:
        「……工程上半年已完成」「……涉及12个村」「……正在建设」."""
        opening = said.text.removeprefix(said.lead) if said.lead and not said.lead.endswith("，") else said.text
        return said.text.startswith(self.words.status_times + self.words.status_words) or opening.startswith(self.words.status_words) and not said.subject

    def _tail_after(self, name: Part, said: Fragment) -> str:
        """The wording's words after the name, kept when the clerk's verb is the wording's
        own kind (「集中开展」 + 市容市貌 + 专项整治)."""
        return name.tail if name.tail and said.verb in name.frame else ""

    def mentions(self, details: Fragment, name: str) -> bool:
        """Whether the details' first statement names the item: its name without the unit's
        prefix, or the head it is a kind of, acted on by the clerk's own verb (「调整领导小组……」)."""
        core = _UNIT_PREFIX.sub("", name.split("/")[0]).strip("“”")
        opening = re.split("[；。]", details.text, maxsplit=1)[0]  # their first statement
        if len(core) >= 2 and core in opening:
            return True
        head = self.reader.head(name)
        return len(head) >= 3 and bool(details.verb) and head in details.rest


def _rest(details: Part, said: Fragment) -> Part | None:
    rest = said.after.lstrip("，；：")
    return Part(details.slot, details.value, filled=rest) if rest else None


_PREFERRING_FRAME = ("针对",)  # frames a clause may stand in as typed: 「针对……的问题」
