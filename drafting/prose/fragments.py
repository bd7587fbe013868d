"""The shape of a clerk's fragment, known before a template word touches it (issue 23).

A fragment is what the clerk typed for one answer. Its first clause (up to the first
「，；：」 outside quotes and brackets) is read with jieba's parts of speech and the lexicon
of templates/lexicon.yaml (dialogs.segmenter), into:

    lead      a time, a place, a basis or a purpose before the predicate
              (「3月至6月」「在中心小学」「根据党政领导人员变化」「为争取文化站达标，」)
    subject   the clause's own subject (「乡文化站」「镇党委书记」「全镇」)
    adverbs   between the subject and the verb (「及时」「均已」「共」)
    verb      the predicate (「开展」「调整充实」「任」); "" when there is none
    rest      what follows the verb in that clause (its object, a count)

and a shape: ``clause`` (a predicate of its own), ``noun`` (a noun phrase: 「乡文化大楼」,
「学习实践科学发展观活动」), ``list`` (nouns joined by 、 or 和: 「……园区、……中心等重点工程」)
or ``lead`` (only a time or a place: 「6月底」). A name that ends in a noun the lexicon
knows (a head: 大楼, 会议, 活动; or a kind of work: 清查, 改造) is a noun phrase unless it
opens with one of this work's verbs; a verb jieba sees between nouns with one noun after it
(「地面卫星接收设备」) is part of a compound noun.

Pure: the segmenter is loaded once (at start) and remembers what it cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal

from dialogs.segmenter import Segmenter, Token, segmenter
from drafting.prose.wording import Lexicon

Shape = Literal["clause", "noun", "list", "lead"]

_OPEN, _CLOSE = "“‘《（(「【", "”’》）)」】"
_NOMINAL = ("n", "r", "j", "l", "i", "vn", "an", "m", "q", "b", "a", "eng", "nz", "ng", "s", "uj", "x", "c")
_ADVERBS = ("d", "ad", "c", "t")
_VERBS = ("v", "vd", "vi", "vg")
_PLACE = ("上", "下", "中", "里", "内", "外", "前", "后", "之际", "期间")
_JOINS = ("、", "和", "及", "与", "以及")
# A count said after a verb: 「3次」「270个」「近百次」, or masked as the websites print them (「**次」).
_COUNT = re.compile(r"^[共计约近超过达累]*(?:\d+(?:\.\d+)?|[XxＸ*＊?？]+)[余多]?[万千百]?[余多]?[\u4e00-\u9fff]{0,2}$")


@dataclass(frozen=True)
class Fragment:
    """One answer's first clause read into its parts (see the module's docstring)."""

    text: str
    shape: Shape
    lead: str = ""
    subject: str = ""
    adverbs: str = ""
    verb: str = ""
    rest: str = ""
    after: str = ""  # the text after the first clause, its separator included
    head: str = ""  # a noun phrase's last word (the lexicon's head when it knows one)

    @property
    def clause(self) -> str:
        """The first clause (lead clauses included)."""
        return self.text[: len(self.text) - len(self.after)]

    @property
    def wants_object(self) -> bool:
        """A predicate said without what it acts on (「6月底召开」「全镇均已建成」「共安装270个」):
        the item's name is its object."""
        return bool(self.verb) and (not self.rest or bool(_COUNT.match(self.rest)))


class FragmentReader:
    """Reads fragments with one lexicon (templates/lexicon.yaml)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.segmenter: Segmenter = segmenter(lexicon.words())
        self._heads = tuple(sorted({head for frame in lexicon.objects for head in frame.heads} | set(lexicon.work_nouns), key=len, reverse=True))
        self._read = lru_cache(maxsize=8192)(self._read_uncached)

    def read(self, text: str, name: bool = False) -> Fragment:
        """``text`` read as an answer; ``name``: the answer names the item (a name that ends
        in a head the lexicon knows is a noun phrase whatever verbs it holds)."""
        return self._read(text.strip(), name)

    def _read_uncached(self, text: str, name: bool) -> Fragment:
        first, after = split_first(text)
        leads = ""
        while after and self._is_lead_clause(first):
            leads += first + after[:1]
            first, after = split_first(after[1:])
        tokens = self._tokens(first)
        if not tokens:
            return Fragment(text, "lead" if leads else "noun", lead=leads, after=after)
        start = self._lead_end(tokens)
        # A name's verb is one of this work's: 「无物业小区」「禁烟」 name things, 「确定专人……」 does.
        verb_at = self._predicate(tokens, start, lexical=name)
        lead = leads + _join(tokens[:start])
        if verb_at is None or name and self._is_name(tokens, start):
            shape: Shape = "lead" if start == len(tokens) else "list" if self._is_list(tokens[start:]) else "noun"
            return Fragment(text, shape, lead=lead if shape == "lead" else leads, after=after, head=self._head(first))
        subject_end = verb_at
        while subject_end > start and tokens[subject_end - 1][1] in _ADVERBS:
            subject_end -= 1
        return Fragment(
            text,
            "clause",
            lead=lead,
            subject=_join(tokens[start:subject_end]),
            adverbs=_join(tokens[subject_end:verb_at]),
            verb=tokens[verb_at][0],
            rest=_join(tokens[verb_at + 1 :]),
            after=after,
        )

    def _tokens(self, clause: str) -> list[Token]:
        """jieba's words, a quoted title or name (《……》「……」) kept as one noun."""
        tokens: list[Token] = []
        for piece in re.split(r"(《[^》]*》|“[^”]*”|‘[^’]*’)", clause):
            if not piece:
                continue
            if piece[0] in "《“‘":
                tokens.append((piece, "nz"))
            else:
                tokens.extend(self.segmenter.cut(piece))
        return tokens

    def _is_verb(self, token: Token) -> bool:
        word, flag = token
        return word in self.lexicon.verbs or (flag in _VERBS and word not in self.lexicon.nouns)

    def _is_time(self, token: Token) -> bool:
        word, flag = token
        return flag in ("t", "m", "q") or word in self.lexicon.time_words or word.startswith("每") or word.isdigit() or word in ("至", "到", "—", "-", "月", "日", "年", "号")

    def _lead_end(self, tokens: list[Token]) -> int:
        """Where the time and place before the predicate end."""
        index = 0
        while index < len(tokens) and self._is_time(tokens[index]) and (tokens[index][0] in self.lexicon.time_words or not self._is_verb(tokens[index])):
            index += 1  # 「6月起」: 起 is a time word here, whatever its tag
        if index < len(tokens) and tokens[index][1] == "p":
            return self._preposition_end(tokens, index)
        return index

    def _preposition_end(self, tokens: list[Token], start: int) -> int:
        """The end of 「在中心小学」「根据……变化」「在落实《……》的基础上」「由……牵头」's object:
        up to a place word after 的 (基础上, 配合下), else up to the first verb."""
        for index in range(start + 1, len(tokens) - 1):
            if tokens[index][0] == "的" and any(word.endswith(_PLACE) for word, _ in tokens[index + 1 : index + 3]):
                end = index + 1
                while end < len(tokens) and not tokens[end][0].endswith(_PLACE):
                    end += 1
                return min(end + 1, len(tokens))
        index = start + 1
        while index < len(tokens) and not self._is_verb(tokens[index]):
            index += 1
        while index > start + 1 and tokens[index - 1][1] in _ADVERBS:
            index -= 1  # 「根据……变化及时调整充实」: 及时 goes with the verb
        return index

    def _predicate(self, tokens: list[Token], start: int, lexical: bool = False) -> int | None:
        """The index of the predicate's verb, or None for a noun phrase: the first verb
        after the subject that is not inside an attribute (「缺乏的现状」) or a compound
        noun (「卫星接收设备」); ``lexical``: only this work's verbs (the lexicon's) count."""
        for index in range(start, len(tokens)):
            if not self._is_verb(tokens[index]) or lexical and tokens[index][0] not in self.lexicon.verbs:
                continue
            following = tokens[index + 1 :]
            if any(word == "的" for word, _ in following[:4]) and all(not self._is_verb(token) for token in following):
                return None  # 「针对……缺乏的现状」: the verb describes a noun
            lexical = tokens[index][0] in self.lexicon.verbs
            if not lexical and index > start and len(following) == 1 and following[0][1].startswith(("n", "vn")):
                return None  # a compound noun
            return index
        return None

    def _is_name(self, tokens: list[Token], start: int) -> bool:
        """A noun phrase that names something (its last word a head the lexicon knows),
        unless it opens with one of this work's verbs (「开展文明单位创建」)."""
        if start < len(tokens) and tokens[start][0] in self.lexicon.verbs:
            # 「推进会」「表彰大会」: the verb names the meeting, nothing was done to it.
            return _join(tokens[start + 1 :]) in self._heads
        text = _join(tokens[start:]).rstrip("等")
        return bool(text) and text.endswith(self._heads) and not _COUNT.search(text[-4:])

    def _is_list(self, tokens: list[Token]) -> bool:
        depth = 0
        for word, _ in tokens:
            depth += word in _OPEN
            depth -= word in _CLOSE and depth > 0
            if depth == 0 and word in _JOINS:
                return True
        return False

    def _is_lead_clause(self, clause: str) -> bool:
        """A clause that only leads to the next: a purpose (「为争取文化站达标」) or a
        prepositional phrase with no predicate of its own (「针对……缺乏的现状」)."""
        tokens = self._tokens(clause)
        if len(tokens) < 2 or tokens[0][1] != "p":
            return False
        if tokens[0][0] == "以" and tokens[-1][0].startswith("为"):
            return True  # 「以社区为主」「以治理乱扔垃圾为重点」: the approach, not the work
        if clause.startswith(self.lexicon.purpose_words):
            return any(self._is_verb(token) for token in tokens[1:])
        return self._predicate(tokens, self._preposition_end(tokens, 0)) is None

    def _head(self, text: str) -> str:
        """A noun phrase's head: the longest lexicon head it ends with, else its last word."""
        text = text.rstrip("等")
        found = next((head for head in self._heads if text.endswith(head)), "")
        return found or (self._tokens(text)[-1][0] if text else "")

    def _frame(self, name: str) -> str | None:
        """The lexicon's wording for ``name`` as what was done, by its head; None when no
        head of the lexicon ends it."""
        bare = name.rstrip("等”’」》")
        return next((frame.say.text for frame in self.lexicon.objects if bare.endswith(frame.heads)), None)

    def knows(self, name: str) -> bool:
        return self._frame(name) is not None

    def object_frame(self, name: str) -> str:
        """The lexicon's wording for ``name`` as what was done (「推进{name}建设」), the
        default (「开展{name}」) when its head is not in the lexicon."""
        return self._frame(name) or self.lexicon.default_object.text

    def fits(self, verb: str, name: str) -> bool:
        """Whether ``verb`` is the lexicon's verb for ``name`` (「召开」 a 会, 「制定印发」 a 方案)."""
        said = self._frame(name)
        own = said.split("{name}")[0] if said else ""
        return bool(verb and own) and (own in verb or verb in own)

    def head(self, name: str) -> str:
        return self._head(name)

    @cached_property
    def roles(self) -> re.Pattern[str]:
        return re.compile("|".join(sorted(map(re.escape, self.lexicon.roles), key=len, reverse=True)))

    def has_role(self, text: str) -> bool:
        """「镇党委书记任总指挥」「党委书记为第一责任人」: the answer says its own role."""
        return bool(self.roles.search(text))

    def names_its_work(self, name: str) -> bool:
        """「无牌无证经营场所清查」「“周末大扫除”活动」: a name that is a kind of work already."""
        return name.rstrip("”’」").endswith(tuple(self.lexicon.work_nouns))


def split_first(text: str) -> tuple[str, str]:
    """``text`` cut before its first 「，；：。」 outside quotes and brackets: (first, after)."""
    depth = 0
    for index, char in enumerate(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char in "，；：。,;" and depth == 0:
            return text[:index], text[index:]
    return text, ""


def _join(tokens: list[Token]) -> str:
    return "".join(word for word, _ in tokens)
