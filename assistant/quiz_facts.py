"""What a quiz can test, found in the documents' structure: enumerations, roles, figures, places, wording.

A trainer tests policy substance — which measures make up a named set, what a measure is for, how many
cadres were sent, which place did what — more than the memory of a quoted slogan. Each finder here returns
``Fact`` records that point into a document's cleaned text, so every question can cite its source span.
Quoted slogans are still found (``wording``), and the paper composer uses them last.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from assistant.programmes import NUMERAL_VALUES
from ingest.chunking import is_heading, split_sentences_zh

FactKind = Literal["enumeration", "role", "duty", "figure", "place", "wording"]
SUBSTANCE: frozenset[str] = frozenset({"enumeration", "role", "duty", "figure", "place"})

# A figure with its unit; a four-digit number before 年 is a year, not a figure to test.
FIGURE = re.compile(r"(?<![\d.X])(\d+(?:\.\d+)?)(万|亿)?(名|个|元|人|户|项|条|次|天|%|年)(?!\d)")
_SLOGAN = re.compile(r"“([^”“]{2,10})”")
_ORDINAL = re.compile(r"(?<![\u4e00-\u9fff])([一二三四五六七八九])(是|要)(?=[^，,。；;：:])")
_PAREN_ORDINAL = re.compile(r"[（(]([一二三四五六七八九])[)）]")
_NUMERAL = "一两二三四五六七八九十"
_COUNT_NAME = re.compile(rf"“?([{_NUMERAL}])(个|大|项|条|种|方面)([\u4e00-\u9fff]{{1,4}})”?")
# A list of parallel items followed by its count: 整顿…、扶贫能力弱、…、集体经济薄弱四个短板.
_COUNTED_LIST = re.compile(
    rf"((?:[^、，,。；;：:“”()（）]{{2,16}}、)+[^、，,。；;：:“”()（）]{{2,16}})([{_NUMERAL}])(个|项|大|条|种)"
    r"([\u4e00-\u9fff]{2})")
_ROLE = re.compile(r"把([^，,。；;把]{2,20}?)作为([^，,。；;]{4,24})(?=[，,。；;])")
# Who does what: 党组织由所在村党组织领导 / 组织部门负责统筹协调 / 县委组织部长要亲自抓.
_LED_BY = re.compile(r"由([^，,。；;由的]{2,12}?)(领导|负责|确定|牵头)")
_ACTOR = re.compile(r"((?:省委|市委|县委|市县|乡镇|县级|省级|市级|村级|各级|所在村)?(?:组织部门|组织部长|组织部|党委|党组织))"
                    r"(要)?(负责|牵头抓总|亲自抓)([^，,。；;]{0,12})")
LEVEL_ACTOR = re.compile(r"(?:省委|市委|县委|市县|乡镇|县级|省级|市级|各级|所在村)(?:组织部门|组织部|党委|党组织)")
_MEASURE_NOUN = re.compile(r"“([^”“]{2,12})”([\u4e00-\u9fff]{0,8}?(?:工程|模式|机制|行动|计划|制度|培训|工作法|体系))")
_CONTINUATION = ("与此同时", "此外", "为此", "同时", "工作中", "推行中", "在此基础上")
_LEAD_MAX = 24
_ITEM_MAX = 24
_ENUM_MIN, _ENUM_MAX = 3, 8
_MEMBER_MIN = 3
_SENTENCE_MIN = 12


@dataclass
class Fact:
    """A testable element of a document: its kind, the tested text and where it stands.

    ``start``/``end`` delimit the source span in the document (one sentence, or the whole enumeration);
    ``element_start`` is the element's offset inside ``sentence`` for sentence-level facts.
    """

    kind: FactKind
    text: str
    doc_id: str
    title: str
    sentence: str
    start: int
    end: int
    element_start: int = 0
    value: float | None = None
    unit: str = ""
    name: str = ""  # enumeration: what the set is called; role: what the element is made (…的基础)
    lead: str = ""  # role: the words before 把 in its clause (巴中市始终); place: the place
    members: list[str] = field(default_factory=list)
    section: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """Two facts with one key test the same thing (one enumeration, one figure of one document)."""
        return (self.doc_id, self.name if self.kind == "enumeration" else self.text)


@dataclass
class Line:
    text: str
    start: int
    heading: bool


def document_lines(text: str, title: str) -> list[Line]:
    """The document's non-empty lines after its title, with offsets and whether each is a heading."""
    lines, offset = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped and offset >= len(title):
            lead = len(raw) - len(raw.lstrip())
            lines.append(Line(stripped, offset + lead, is_heading(stripped)))
        offset += len(raw) + 1
    return lines


def figure_value(number: str, multiplier: str | None) -> float:
    return float(number) * {"万": 1e4, "亿": 1e8}.get(multiplier or "", 1)


def _sentences(line: Line) -> list[tuple[str, int]]:
    return [(line.text[s - line.start : e - line.start], s) for s, e in split_sentences_zh(line.text, line.start)]


def sentence_facts(line: Line, doc_id: str, title: str, section: str) -> list[Fact]:
    """Figures, roles (把…作为…) and quoted wording in the sentences of one line."""
    facts = []
    for sentence, start in _sentences(line):
        if len(sentence) < _SENTENCE_MIN:
            continue
        end = start + len(sentence)
        common = {"doc_id": doc_id, "title": title, "sentence": sentence, "start": start, "end": end, "section": section}
        for m in FIGURE.finditer(sentence):
            number, multiplier, unit = m.groups()
            if unit == "年" and (len(number) == 4 or "." in number):
                continue
            facts.append(Fact("figure", m.group(0), element_start=m.start(), value=figure_value(number, multiplier),
                              unit=(multiplier or "") + unit, **common))
        for m in _ROLE.finditer(sentence):
            clause_start = max(sentence.rfind(p, 0, m.start()) for p in "，,；;：:") + 1
            if m.start() - clause_start < 4 and clause_start > 0:  # 要把… needs the clause before it: 在考核中,要把…
                clause_start = max(sentence.rfind(p, 0, clause_start - 1) for p in "，,；;：:") + 1
            lead = sentence[clause_start : m.start()].strip()
            facts.append(Fact("role", m.group(1), element_start=m.start(1), name=m.group(2).strip(), lead=lead,
                              **common))
        facts += duty_facts(sentence, common)
        for m in _SLOGAN.finditer(sentence):
            facts.append(Fact("wording", m.group(1), element_start=m.start(1), **common))
    return facts


def duty_facts(sentence: str, common: dict) -> list[Fact]:
    """Who leads or is responsible for what, asked as 由谁…？ with the words before it as context."""
    facts = []
    for m in _LED_BY.finditer(sentence):
        clause_start = max(sentence.rfind(p, 0, m.start()) for p in "，,；;：:") + 1
        subject = sentence[clause_start : m.start()].strip()
        if len(subject) >= 4:
            facts.append(Fact("duty", m.group(1), element_start=m.start(1), name=f"{subject}由谁{m.group(2)}？",
                              **common))
    for m in _ACTOR.finditer(sentence):
        clause_start = max(sentence.rfind(p, 0, m.start()) for p in "，,；;：:") + 1
        before = sentence[:clause_start].rstrip("，,；;：: ")
        if clause_start != m.start() or len(before) < 4:
            continue  # the actor must open its clause, and the question needs the words before it
        asked = ("谁要" if m.group(2) else "由谁") + m.group(3) + m.group(4)
        facts.append(Fact("duty", m.group(1), element_start=m.start(1), name=f"{before},{asked}？", **common))
    return facts


def _item(text: str) -> str | None:
    """An enumeration item: the text up to its first full stop, or None when it is too long to be an option."""
    item = re.split(r"[。；;！!？?]", text, maxsplit=1)[0].strip()
    if len(item) > _ITEM_MAX:
        head = re.split(r"[，,]", item, maxsplit=1)[0]
        item = head if 4 <= len(head) <= _ITEM_MAX and head != item else ""
    return item if len(item) >= 4 else None


def _enumeration(members: list[str], name: str, doc_id: str, title: str, text: str, start: int, end: int,
                 section: str) -> Fact | None:
    if not _ENUM_MIN <= len(members) <= _ENUM_MAX or len(set(members)) < len(members):
        return None
    if min(len(m) for m in members) < _MEMBER_MIN:  # 干部、组织、人才: too bare to be told apart from a guess
        return None
    return Fact("enumeration", members[0], doc_id, title, sentence=text[start:end], start=start, end=end,
                name=name, members=members, section=section)


def _quoted_count_name(text: str) -> tuple[str, int] | None:
    """The last quoted count name in ``text`` (做到“三个坚持”) and its count."""
    found = list(re.finditer(rf"“([{_NUMERAL}])(个|大|项|条|种)([^”]{{1,4}})”", text))
    if not found:
        return None
    m = found[-1]
    return m.group(0), NUMERAL_VALUES[m.group(1)]


def _intro_name(before: str, heading: str) -> str:
    """What an ordinal list is about: a quoted count name or the clause before its colon, else its heading."""
    sentences = [s for s in re.split(r"[。！？]", before) if s.strip()]
    last = sentences[-1].strip() if sentences else ""
    named = _quoted_count_name(last)
    if named:
        return named[0]
    subheading = re.findall(r"[（(][一二三四五六七八九十][)）]([^。]{2,20})。", before)
    if subheading:
        return subheading[-1]
    if last.endswith((":", "：")):
        clause = re.split(r"[，,；;]", last.rstrip(":："))[-1].strip()
        if 4 <= len(clause) <= 30:
            return clause
    return heading


def _strip_numbering(heading: str) -> str:
    return re.sub(r"^(?:第[一二三四五六七八九十]+[,，、]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])", "",
                  heading).strip()


def ordinal_enumerations(lines: list[Line], text: str, doc_id: str, title: str) -> list[Fact]:
    """一是…二是…三是… / 一要…二要… / (一)…(二)… lists, inside a paragraph or across paragraphs."""
    facts: list[Fact] = []
    heading = ""
    run: list[tuple[str, int, int]] = []  # (item, item start, item end) of the list being read
    run_name, run_kind = "", ""

    def close():
        nonlocal run
        if run:
            members = [m for m, _, _ in run]
            fact = _enumeration(members, run_name, doc_id, title, text, run[0][1], run[-1][2], heading)
            if fact:
                facts.append(fact)
        run = []

    for line in lines:
        if line.heading:
            close()
            heading = _strip_numbering(line.text)
            continue
        for pattern, kind in ((_ORDINAL, "ordinal"), (_PAREN_ORDINAL, "paren")):
            for m in pattern.finditer(line.text):
                number = NUMERAL_VALUES[m.group(1)]
                suffix = m.group(2) if kind == "ordinal" else "()"
                if number == 1:
                    close()
                    run_kind = suffix
                    run_name = _intro_name(line.text[: m.start()], heading) if m.start() else heading
                elif not run or number != len(run) + 1 or suffix != run_kind:
                    continue
                item = _item(line.text[m.end():])
                if item is None:
                    run = []
                    continue
                at = line.start + m.end()
                run.append((item, at, at + len(item)))
    close()
    return facts


def headed_series(lines: list[Line], text: str, doc_id: str, title: str) -> list[Fact]:
    """Paragraphs under one heading whose first sentence is a short measure (健全组织体系,扩大覆盖面。)."""
    facts: list[Fact] = []
    heading, leads = "", []

    def close():
        nonlocal leads
        if len(leads) >= _ENUM_MIN:
            named = _quoted_count_name(heading)
            if named and named[1] != len(leads):
                named = None
            name = named[0] if named else heading
            members = [lead for lead, _ in leads]
            fact = _enumeration(members, name or title, doc_id, title, text, leads[0][1],
                                leads[-1][1] + len(leads[-1][0]), heading)
            if fact:
                facts.append(fact)
        leads = []

    for line in lines:
        if line.heading:
            close()
            heading = _strip_numbering(line.text)
            continue
        first = re.split(r"[。！？]", line.text, maxsplit=1)[0]
        headless = not heading
        if (len(first) <= _LEAD_MAX and len(first) < len(line.text) and not first.startswith(_CONTINUATION)
                and not re.search(r"[:：]", first) and not _ORDINAL.match(first)
                and not (headless and re.search(r"[，,]", first))):
            leads.append((first, line.start))
    close()
    return facts


def trim_list_head(items: list[str]) -> list[str]:
    """Drop the leading words of the first item that belong to the sentence, not the list (坚持组织 → 组织)."""
    import jieba.posseg as pseg

    longest_other = max(len(i) for i in items[1:])
    words = list(pseg.cut(items[0]))
    while (len(words) > 1 and len("".join(w.word for w in words)) > longest_other + 1
           and words[0].flag[:1] in ("v", "d", "p", "c")):
        words.pop(0)
    return ["".join(w.word for w in words), *items[1:]]


def _counted_items(m: re.Match) -> list[str] | None:
    """The items of a ``_COUNTED_LIST`` match, their first one's head trimmed, when there are as many as its count
    name counts."""
    items = [i.strip() for i in m.group(1).split("、")]
    return trim_list_head(items) if NUMERAL_VALUES[m.group(2)] == len(items) else None


def counted_list_in(text: str, numeral: str, noun: str) -> list[str] | None:
    """The items of the list ``text`` gives right before its count name (…、强化第一书记管理服务三个关键 for 三, 关键),
    when there are as many as the name counts."""
    for m in _COUNTED_LIST.finditer(text):
        if m.group(2) == numeral and m.group(4).startswith(noun[:2]) and (items := _counted_items(m)):
            return items
    return None


def counted_lists(lines: list[Line], doc_id: str, title: str, section_of) -> list[Fact]:
    """Inline lists whose count follows them: …、扶贫能力弱、干部人才缺、集体经济薄弱四个短板."""
    facts = []
    for line in lines:
        if line.heading:
            continue
        for sentence, start in _sentences(line):
            for m in _COUNTED_LIST.finditer(sentence):
                items = _counted_items(m)
                if not items or min(len(i) for i in items) < 2:
                    continue
                list_start = start + m.start(1) + m.group(1).index(items[0])
                name = m.group(2) + m.group(3) + m.group(4)
                fact = _enumeration(items, f"“{name}”", doc_id, title, line.text, list_start - line.start,
                                    start + m.end(1) - line.start, section_of(start))
                if fact:
                    fact.start, fact.end = list_start, start + m.end(1)
                    facts.append(fact)
    return facts


def document_place(text: str) -> str | None:
    """The place a document reports on: the place name it mentions most, at least three times."""
    import jieba.posseg as pseg

    counts = Counter(w.word for w in pseg.cut(text) if w.flag == "ns" and len(w.word) >= 2)
    for word, n in counts.most_common(3):
        base = word.rstrip("市省县")
        total = sum(c for w, c in counts.items() if w.rstrip("市省县") == base)
        if total >= 3:
            for suffix in ("市", "省", "县"):
                if base + suffix in text:
                    return base + suffix
            return word
    return None


def place_measures(text: str, lines: list[Line], doc_id: str, title: str, place: str, section_of) -> list[Fact]:
    """Named measures of a document about one place (“红色引擎”工程), each tested as that place's measure."""
    facts, seen = [], set()
    for line in lines:
        for sentence, start in _sentences(line):
            for m in _MEASURE_NOUN.finditer(sentence):
                measure = m.group(0)
                if measure in seen or "等" in m.group(2):
                    continue
                seen.add(measure)
                facts.append(Fact("place", measure, doc_id, title, sentence=sentence, start=start,
                                  end=start + len(sentence), element_start=m.start(), lead=place,
                                  section=section_of(start)))
    return facts


def _without_repeated_enumerations(facts: list[Fact]) -> list[Fact]:
    """One enumeration per member set (三项工作 and 三个轮子 list the same 干部、组织、人才)."""
    seen, kept = set(), []
    for fact in facts:
        if fact.kind == "enumeration":
            members = frozenset(fact.members)
            if members in seen:
                continue
            seen.add(members)
        kept.append(fact)
    return kept


def document_facts(doc_id: str, title: str, text: str) -> list[Fact]:
    """Every testable fact of one document, in document order within each kind."""
    lines = document_lines(text, title)
    headings = [(line.start, _strip_numbering(line.text)) for line in lines if line.heading]

    def section_of(offset: int) -> str:
        before = [h for s, h in headings if s <= offset]
        return before[-1] if before else ""

    facts: list[Fact] = []
    for line in lines:
        if not line.heading:
            facts += sentence_facts(line, doc_id, title, section_of(line.start))
    facts += ordinal_enumerations(lines, text, doc_id, title)
    facts += headed_series(lines, text, doc_id, title)
    facts += counted_lists(lines, doc_id, title, section_of)
    facts = _without_repeated_enumerations(facts)
    place = document_place(text)
    if place:
        facts += place_measures(text, lines, doc_id, title, place, section_of)
    return facts
