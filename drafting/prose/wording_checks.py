"""The wording files checked against the questionnaire, so an edit never silently changes a draft.

Every genre the interview offers has a frame (and no frame names a genre it does not
offer); every heading rule names kinds of work that exist in its section; every group
has its item sentence and every answer of it a clause; every layout holds the work and
the remaining sections once, and lists answers that exist; every {slot} a string uses
exists for that string; the lexicon's words are words, each under one part of speech, and
its wordings say {name}. Each problem is reported with its file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dialogs.questionnaire import Question, Questionnaire, Section
from dialogs.yamlfile import Place
from drafting.prose.layouts import LAYOUTS
from drafting.prose.plans import ONE_ITEM
from drafting.prose.wording import (
    JOINED_WITH,
    UNIT_WORDS,
    HeadingChoice,
    Opening,
    Pattern,
    Wording,
    WordingError,
    WordingFiles,
)

GENRE_ID = "genre"
PERIOD_SPANS = ("全年", "上半年", "下半年", "阶段")
# Formulas drafting.prose asks for by name (the layouts may name more, as leads).
NEEDED_FORMULAS = ("closing", "closing-plans")
# Slots a formula may use beyond the unit's words: the closing after plans names their topics.
FORMULA_SLOTS = {"closing-plans": ("topics",)}
LIST_PROMISE = "以下"  # a lead saying it promises a list: one item needs the lead's single-item wording
Problem = tuple[str, Place, str]  # file, place in it, what is wrong
# In an item's sentence {name} is the item's own name (an answer), not the unit's.
ITEM_UNIT_WORDS = ("we", "whole", "sub")


def check_wording(files: WordingFiles, questionnaire: Questionnaire) -> Wording:
    """``files`` fit for ``questionnaire``, or WordingError for the first problem."""
    problems = [
        *_genre_problems(files, questionnaire),
        *_formula_problems(files),
        *_heading_problems(files, questionnaire),
        *_item_problems(files, questionnaire),
        *_layout_problems(files, questionnaire),
        *_advice_problems(files),
        *_lexicon_problems(files),
    ]
    for name, place, message in problems:
        raise WordingError(str(files.sources[name].error(place, message)))
    genre = _genre_question(questionnaire)
    default = genre.default if genre is not None and genre.default else next(iter(files.genres.genres))
    return Wording(files, _resolved_headings(files, questionnaire), default)


def _slots(name: str, place: Place, pattern: Pattern | None, allowed: Iterable[str], what: str) -> Iterator[Problem]:
    if pattern is None:
        return
    known = set(allowed)
    for slot in pattern.slots:
        if slot not in known:
            offered = "、".join(f"{{{word}}}" for word in sorted(known)) or "（不能用占位）"
            yield name, place, f"「{pattern.text}」里的 {{{slot}}} 在{what}里没有（可以用：{offered}）"


def _top_ids(questionnaire: Questionnaire) -> list[str]:
    return [question.id for _, question in questionnaire.questions()]


def _genre_question(questionnaire: Questionnaire) -> Question | None:
    return next((question for _, question in questionnaire.questions() if question.id == GENRE_ID), None)


# --- genres.yaml ---------------------------------------------------------------------


def _genre_problems(files: WordingFiles, questionnaire: Questionnaire) -> Iterator[Problem]:
    genres = files.genres
    question = _genre_question(questionnaire)
    if question is not None:
        offered = question.choices
        for genre in offered:
            if genre not in genres.genres:
                yield "genres", ("genres",), f"问卷提供文种「{genre}」，这里却没有它的写法：请在 genres 下加一段「{genre}:」"
        for genre in genres.genres:
            if genre not in offered:
                yield "genres", ("genres", genre), f"「{genre}」不是问卷提供的文种（问卷的文种有：{'、'.join(offered)}），请核对名字"
    answers = _top_ids(questionnaire)
    opening_slots = [*UNIT_WORDS, "guiding_more", *answers]
    defaults = genres.defaults
    yield from _opening_problems(("defaults", "opening"), defaults.opening, opening_slots)
    yield from _slots("genres", ("defaults", "addressee"), defaults.addressee, answers, "报送单位一行")
    yield from _slots("genres", ("defaults", "sign_off"), defaults.sign_off, UNIT_WORDS, "结束语")
    closing_slots = [*UNIT_WORDS, "closing", *answers]
    yield from _clause_problems(("defaults", "closing"), defaults.closing, closing_slots, "结尾")
    yield from _per_period_problems(("defaults", "plans_heading"), defaults.plans_heading, (), "「下一步」部分的标题")
    title_slots = ["unit", "period", "target", *answers]
    for genre, frame in genres.genres.items():
        at: Place = ("genres", genre)
        for index, word in enumerate(frame.title):
            yield from _clause_problems((*at, "title", index), word, title_slots, "标题")
        yield from _slots("genres", (*at, "main_heading"), frame.main_heading, (), "标题")
        yield from _per_period_problems((*at, "report_line"), frame.report_line, UNIT_WORDS, "开头结句")
        if frame.plans_heading is not None:
            yield from _per_period_problems((*at, "plans_heading"), frame.plans_heading, (), "「下一步」部分的标题")
        yield from _slots("genres", (*at, "sign_off"), frame.sign_off, UNIT_WORDS, "结束语")
        yield from _slots("genres", (*at, "addressee"), frame.addressee, answers, "报送单位一行")
        if frame.byline is not None:
            yield from _clause_problems((*at, "byline"), frame.byline, [*UNIT_WORDS, *answers], "标题下的一行")
        yield from _slots("genres", (*at, "salutation"), frame.salutation, UNIT_WORDS, "称呼")
        if frame.closing is not None:
            yield from _clause_problems((*at, "closing"), frame.closing, closing_slots, "结尾")
        if frame.opening is not None:
            yield from _opening_problems((*at, "opening"), frame.opening, opening_slots)


def _per_period_problems(at: Place, wording: Pattern | dict[str, Pattern], allowed: Iterable[str], what: str) -> Iterator[Problem]:
    """One wording, or one for every period span."""
    if not isinstance(wording, dict):
        yield from _slots("genres", at, wording, allowed, what)
        return
    for span in PERIOD_SPANS:
        if span not in wording:
            yield "genres", at, f"{at[-1]} 没有时间段「{span}」的写法（要么{'、'.join(PERIOD_SPANS)}都写，要么只写一句）"
    for span, line in wording.items():
        yield from _slots("genres", (*at, span), line, allowed, what)


def _clause_problems(at: Place, clause: list[Pattern], allowed: list[str], what: str) -> Iterator[Problem]:
    for index, pattern in enumerate(clause):
        yield from _slots("genres", (*at, index) if len(clause) > 1 else at, pattern, allowed, what)


def _opening_problems(at: Place, opening: Opening, allowed: list[str]) -> Iterator[Problem]:
    for index, pattern in enumerate(opening.lead):
        yield from _slots("genres", (*at, "lead", index), pattern, allowed, "开头")
    for index, clause in enumerate(opening.clauses):
        for alternative, pattern in enumerate(clause):
            yield from _slots("genres", (*at, "clauses", index, alternative) if len(clause) > 1 else (*at, "clauses", index), pattern, allowed, "开头")


# --- formulas.yaml -------------------------------------------------------------------


def _formula_problems(files: WordingFiles) -> Iterator[Problem]:
    for key in NEEDED_FORMULAS:
        if key not in files.formulas:
            yield "formulas", (), f"没有「{key}」的说法：稿子要用到它"
    for key, options in files.formulas.items():
        for index, option in enumerate(options):
            yield from _slots("formulas", (key, index), option, (*UNIT_WORDS, *FORMULA_SLOTS.get(key, ())), "套话")
    for key in FORMULA_SLOTS:
        for index, option in enumerate(files.formulas.get(key, ())):
            for slot in FORMULA_SLOTS[key]:
                if slot not in option.slots:
                    yield "formulas", (key, index), f"「{option.text}」里要有 {{{slot}}}：这句话要说出基层同志的打算"
    for key, options in files.formulas.items():
        promising = [index for index, option in enumerate(options) if LIST_PROMISE in option.text]
        one = ONE_ITEM.format(key)
        if promising and one not in files.formulas and not key.endswith(ONE_ITEM.format("")):
            yield "formulas", (key, promising[0]), f"「{options[promising[0]].text}」说了「{LIST_PROMISE}」，只有一条时不成话：请加一段「{one}:」，写只有一条时的说法"
        if key.endswith(ONE_ITEM.format("")) and promising:
            yield "formulas", (key, promising[0]), f"「{options[promising[0]].text}」是只有一条时的说法，不能说「{LIST_PROMISE}」"


# --- headings.yaml -------------------------------------------------------------------


def _heading_problems(files: WordingFiles, questionnaire: Questionnaire) -> Iterator[Problem]:
    sections = {section.id: section for section in questionnaire.sections}
    for unit_type in questionnaire.unit_terms:
        if not files.words.area(unit_type):
            yield "words", ("areas",), f"单位类型「{unit_type}」在 areas 里没有写（小标题里的 {{area}} 要用）"
    for section_id, headings in files.headings.items():
        section = sections.get(section_id)
        if section is None or section.role != "work":
            work = "、".join(s.id for s in questionnaire.sections if s.role == "work")
            yield "headings", (section_id,), f"「{section_id}」不是问卷里的工作部分（工作部分有：{work}）"
            continue
        for layout, options in headings.default.items():
            if layout not in LAYOUTS:
                yield "headings", (section_id, "default", layout), f"「{layout}」不是版式（版式有：{'、'.join(LAYOUTS)}）"
            yield from _heading_options(files, (section_id, "default", layout), options)
        kinds = _section_kinds(section)
        for index, rule in enumerate(headings.rules):
            for kind_index, kind in enumerate(rule.kinds):
                if kind not in kinds:
                    yield "headings", (section_id, "rules", index, "kinds", kind_index), (
                        f"「{kind}」不是「{section.title}」里的工作种类，这条规则永远用不上（可以写：{'、'.join(kinds)}）"
                    )
            if rule.topic is not None:
                yield from _name_only("headings", (section_id, "rules", index, "topic"), rule.topic)
            for layout, options in rule.headings.items():
                if layout not in LAYOUTS:
                    yield "headings", (section_id, "rules", index, layout), f"「{layout}」不是版式（版式有：{'、'.join(LAYOUTS)}）"
                yield from _heading_options(files, (section_id, "rules", index, layout), options)
        for other, by_layout in headings.joined.items():
            named = other.split(JOINED_WITH)
            if len(named) > 2 or len(set(named)) < len(named):
                yield "headings", (section_id, "joined", other), f"「{other}」：合并后的标题最多说三部分的工作，每部分写一次"
            for one in named:
                if one == section_id or one not in sections or sections[one].role != "work":
                    yield "headings", (section_id, "joined", other), f"「{one}」不是问卷里另一个工作部分，合并后的标题用不上"
            for layout, options in by_layout.items():
                if layout not in LAYOUTS:
                    yield "headings", (section_id, "joined", other, layout), f"「{layout}」不是版式（版式有：{'、'.join(LAYOUTS)}）"
                yield from _heading_options(files, (section_id, "joined", other, layout), options)
                if any("topic" in option.slots for option in options):
                    yield "headings", (section_id, "joined", other, layout), "合并后的标题说的是两部分的工作，不能用 {topic}"


def _heading_options(files: WordingFiles, at: Place, options: list[Pattern]) -> Iterator[Problem]:
    """A heading's wordings: {topic} and {area} only, and a last one any section fits
    (no {topic}, no result claimed, no 迎检), so every section gets a heading."""
    words = files.words
    for index, option in enumerate(options):
        yield from _slots("headings", (*at, index) if len(options) > 1 else at, option, ("topic", "area"), "小标题")
    last = options[-1]
    claims = [word for word in (*words.heading_claims, *words.inspection_claims) if word in last.text]
    if "topic" in last.slots or claims:
        why = f"说了「{'、'.join(claims)}」" if claims else "用了 {topic}"
        yield "headings", at, f"最后一种说法「{last.text}」{why}：最后一种要谁都能用（不写成效、迎检和 {{topic}}），内容说不上时用它"


def _section_kinds(section: Section) -> dict[str, frozenset[str]]:
    """What a heading rule may name in ``section``: its groups by id, and the kinds its
    multi-choice questions offer, each as the groups (or 「group:kind」 items) it leads to."""
    kinds: dict[str, set[str]] = {}
    groups = [question for question in section.questions if question.kind == "group"]
    for group in groups:
        kinds.setdefault(group.id, set()).add(group.id)
    for picker in (question for question in section.questions if question.kind == "multi"):
        for label in picker.choices:
            for group in groups:
                asked_for = any(c.question == picker.id and label in [c.equals, *(c.in_ or [])] for c in group.when)
                if asked_for:
                    kinds.setdefault(label, set()).add(group.id)
                if group.seeded_by == picker.id and group.seed_all:
                    kinds.setdefault(label, set()).add(f"{group.id}:{label}")
    return {name: frozenset(found) for name, found in kinds.items() if found}


def _resolved_headings(files: WordingFiles, questionnaire: Questionnaire) -> dict[str, tuple[HeadingChoice, ...]]:
    sections = {section.id: section for section in questionnaire.sections}
    resolved: dict[str, tuple[HeadingChoice, ...]] = {}
    for section_id, headings in files.headings.items():
        kinds = _section_kinds(sections[section_id])
        resolved[section_id] = tuple(HeadingChoice(frozenset().union(*(kinds[kind] for kind in rule.kinds)), {layout: tuple(options) for layout, options in rule.headings.items()}, rule.topic) for rule in headings.rules)
    return resolved


# --- items.yaml ----------------------------------------------------------------------


def _item_problems(files: WordingFiles, questionnaire: Questionnaire) -> Iterator[Problem]:
    groups = {question.id: question for _, question in questionnaire.questions() if question.kind == "group"}
    for group_id, group in groups.items():
        if group_id not in files.items:
            yield "items", (), f"问卷里的一组问题「{group_id}」（{group.label}）在这里没有写法：请加上 {group_id}: {{sentence: [...]}}"
    for group_id, wording in files.items.items():
        group = groups.get(group_id)
        if group is None:
            yield "items", (group_id,), f"「{group_id}」不是问卷里的一组问题"
            continue
        answers = [sub.id for sub in group.questions]
        said: set[str] = set()
        for index, clause in enumerate(wording.sentence):
            for alternative, pattern in enumerate(clause):
                at: Place = (group_id, "sentence", index, alternative) if len(clause) > 1 else (group_id, "sentence", index)
                yield from _slots("items", at, pattern, [*ITEM_UNIT_WORDS, *answers], f" {group_id} 的句子")
                named = [slot for slot in pattern.slots if slot in answers]
                if not named:
                    yield "items", at, f"「{pattern.text}」没有用到任何回答：每个分句至少要有一个 {'、'.join(f'{{{a}}}' for a in answers)}"
                said.update(named)
        for sub in group.questions:
            if sub.id not in said:
                yield "items", (group_id, "sentence"), f"{group_id} 的回答 {{{sub.id}}}（{sub.label}）不在任何分句里，写了也进不了稿子：请加到 sentence 里"
        yield from _slots("items", (group_id, "lead"), wording.lead, ITEM_UNIT_WORDS, "句首")
        if wording.topic is not None:
            if "name" not in answers:
                yield "items", (group_id, "topic"), f"{group_id} 没有名称（{{name}}），用不上 topic"
            else:
                yield from _name_only("items", (group_id, "topic"), wording.topic)


# --- layouts.yaml --------------------------------------------------------------------


def _layout_problems(files: WordingFiles, questionnaire: Questionnaire) -> Iterator[Problem]:
    layouts = files.layouts
    work = [section.id for section in questionnaire.sections if section.role == "work"]
    for section_id, targets in layouts.sizing.merge.items():
        for index, target in enumerate([section_id, *targets]):
            if target not in work:
                at: Place = ("sizing", "merge", section_id) if index == 0 else ("sizing", "merge", section_id, index - 1)
                yield "layouts", at, f"「{target}」不是问卷里的工作部分（工作部分有：{'、'.join(work)}）"
    if "title" not in layouts.lead_in.slots:
        yield "layouts", ("lead_in",), f"「{layouts.lead_in.text}」里要有 {{title}}：部分的名称写在那里"
    yield from _slots("layouts", ("lead_in",), layouts.lead_in, ("title",), "条目式引语")
    for name in LAYOUTS:
        if name not in layouts.layouts:
            yield "layouts", ("layouts",), f"版式「{name}」（{LAYOUTS[name]}）在这里没有写法"
    answers = set(_top_ids(questionnaire))
    plans = [(("layouts", name), parts) for name, parts in layouts.layouts.items()]
    genre_question = _genre_question(questionnaire)
    for genre, own in layouts.genres.items():
        if genre_question is not None and genre not in genre_question.choices:
            yield "layouts", ("genres", genre), f"「{genre}」不是问卷提供的文种（问卷的文种有：{'、'.join(genre_question.choices)}），请核对名字"
        plans += [(("genres", genre, name), parts) for name, parts in own.items()]
    for place, parts in plans:
        name = str(place[-1])
        if name not in LAYOUTS:
            yield "layouts", place, f"「{name}」不是版式（版式有：{'、'.join(LAYOUTS)}）"
            continue
        for key, what in (("work", "各项工作"), ("rest", "其余各部分")):
            holding = [index for index, part in enumerate(parts) if getattr(part, key) is not None]
            if len(holding) != 1:
                yield "layouts", place, f"版式 {name} 要有且只有一个写了 {key}: 的部分（{what}放在那里），现在有 {len(holding)} 个"
        for index, part in enumerate(parts):
            at: Place = (*place, index)
            yield from _slots("layouts", (*at, "heading"), part.heading, ("main_heading", "plans_heading"), "部分标题")
            for list_index, listed in enumerate(part.lists):
                for answer_index, answer in enumerate(listed.answers):
                    if answer not in answers:
                        yield "layouts", (*at, "lists", list_index, "answers", answer_index), f"「{answer}」不是问卷里题目的 id"
                if listed.lead is not None and listed.lead not in files.formulas:
                    yield "layouts", (*at, "lists", list_index, "lead"), f"「{listed.lead}」不是 formulas.yaml 里的套话（有：{'、'.join(files.formulas)}）"


# --- advice.yaml ---------------------------------------------------------------------


def _advice_problems(files: WordingFiles) -> Iterator[Problem]:
    thin = files.advice.thin
    yield from _slots("advice", ("thin", "intro"), thin.intro, ("length",), "这一句")
    yield from _slots("advice", ("thin", "short_part"), thin.short_part, ("title", "size"), "这一句")
    yield from _slots("advice", ("thin", "short_closing_part"), thin.short_closing_part, ("title",), "这一句")
    yield from _slots("advice", ("thin", "no_plans"), thin.no_plans, ("next",), "这一句")
    for span in PERIOD_SPANS:
        if span not in thin.next_period:
            yield "advice", ("thin", "next_period"), f"next_period 没有时间段「{span}」的写法"


# --- lexicon.yaml --------------------------------------------------------------------


def _lexicon_problems(files: WordingFiles) -> Iterator[Problem]:
    lexicon = files.lexicon
    tags: dict[str, str] = {}
    for key, tag in (("verbs", "动词"), ("nouns", "名词"), ("roles", "名词")):
        for index, word in enumerate(getattr(lexicon, key)):
            if not word.strip() or word != word.strip() or " " in word:
                yield "lexicon", (key, index), f"「{word}」不是一个词：词里不能有空格，也不能是空的"
            elif word in tags and tags[word] != tag:
                yield "lexicon", (key, index), f"「{word}」已经当{tags[word]}写过了：一个词只写在一处"
            tags.setdefault(word, tag)
    for index, frame in enumerate(lexicon.objects):
        yield from _name_only("lexicon", ("objects", index, "say"), frame.say)
    yield from _name_only("lexicon", ("default_object",), lexicon.default_object)


def _name_only(name: str, place: Place, pattern: Pattern) -> Iterator[Problem]:
    """A wording that says a name: exactly one {name}, nothing else."""
    yield from _slots(name, place, pattern, ("name",), "这一说法")
    if pattern.slots.count("name") != 1:
        yield name, place, f"「{pattern.text}」里要有一个 {{name}}：名称写在那里"
