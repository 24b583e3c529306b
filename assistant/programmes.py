"""Numbered programme names the documents quote (“三大行动”, “六步工作法”), and whether they spell them out.

Such a name promises a list — three actions, six steps — that a document may give (基层组织选优配强、整顿建强、服务
聚强“三大行动”) or only name (落实兰考“六步工作法”). Asked what a programme consists of, the assistant may answer
only when some document gives its content; otherwise the sentence that names it would be quoted as if it were the
answer. The shapes below are how these documents spell a programme out; each is a general way of writing, not a
list of programmes. Names of practices a document only lists (党员积分管理、新时代讲习所…等好经验好做法) and never
mentions again are treated the same way: never spelled out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.chunking import is_heading, split_sentences_zh
from ingest.index import KnowledgeIndex

NUMERAL_VALUES = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}
_SEVERAL = "".join(c for c, value in NUMERAL_VALUES.items() if value >= 2)  # 一把手, 一盘棋 promise no list
# A numeral, a measure word and what is counted, in quotation marks: “三大行动”, “六步工作法”, “八个抓严抓实”.
QUOTED_PROGRAMME = re.compile(rf"[“\"‘「]([{_SEVERAL}](?:个|大|项|步|条|种|类|支|批|张|套|道)([^”\"’」]{{1,12}}))[”\"’」]")
_NUMERAL = "".join(NUMERAL_VALUES)
# Two counts joined, each of one word: “两包三到” (two 包 and three 到), “三有三带”, “三山一滩” — as much a list to spell
# out. Not lengths of time (“五天四夜”).
QUOTED_PAIR = re.compile(rf"[“\"‘「](([{_NUMERAL}])(?![天夜年月日周个])[\u4e00-\u9fff]([{_NUMERAL}])[\u4e00-\u9fff])[”\"’」]")
# A double of one thing: “双报到”, “双签” (two items).
QUOTED_DOUBLE = re.compile(r"[“\"‘「](双([\u4e00-\u9fff]{1,3}))[”\"’」]")
# A programme numbered in digits: “1+6”扶贫工程 (one and six items).
QUOTED_SUM = re.compile(r"[“\"‘「]((\d)\s*\+\s*(\d))[”\"’」]")
_CLAUSE_END = re.compile(r"[，,；;。：:！？!?\n]")
# The first item of a list, opening a sentence or a clause (not the 一要 of 统一要求).
_ENUMERATION = re.compile(r"(?:^|[，,：:；;])\s*(?:一是|一要|第一[，,、是要]|其一|首先|[（(]一[）)])")
_EXPLAINED = re.compile(r"^[”\"’」]?(?:：|:|，?即|，?就是|，?包括)")
_ORDINALS = "一二三四五六七八九十"
_ITEM_OPENING = re.compile(rf"^(?:([{_ORDINALS}])[是要]|第([{_ORDINALS}])[，,、是要]|[（(]([{_ORDINALS}])[）)])")
_FIRST_ITEM_WITHIN = 3  # sentences after the one naming the programme (its rest counts as the first)
_ITEMS_WITHIN_CHARS = 1500

# The question asks what the programme consists of: “六步工作法”是哪些步骤, ‘八个抓严抓实’的具体内容是什么, 什么是三个走遍,
# “五个一”帮扶力量责任体系是哪五个一 — not what it achieved or when (三大行动有哪些成效, 是什么时候提出的).
_ASKS_CONTENT_AFTER = re.compile(
    r"^[”\"’'」]?(?:具体|到底)?(?:是|要)?(?:怎么|如何|怎样)(?!样)[\u4e00-\u9fff]{1,2}(?:的)?[？?]?$|^[”\"’'」]?[\u4e00-\u9fff]{0,8}?(?:的)?(?:具体|主要)?(?:内容|要求|步骤|流程|做法|措施|事项)?(?:都|分别|具体|主要|到底|究竟)?"
    r"(?:(?:是|指的是|指|包括|包含|有|讲的是|说的是)(?:的)?(?:什么|啥|哪|几)(?![一些个项条]?(?:作用|意义|效果|好处|成效|影响|问题|"
    r"困难|时候|时间|年|人|部门|单位|地方))|(?<=内容|要求|步骤|流程|做法|措施|事项)[？?]?$)")
_ASKS_CONTENT_BEFORE = re.compile(r"(?:什么是|什么叫|何为|何谓)[“\"‘'「]?$")
# …or what it does: “新时代讲习所”是干什么的.
_ASKS_WHAT_IT_DOES = re.compile(r"^[”\"’'」]?(?:到底|具体)?(?:是)?(?:干|做|搞)(?:什么|啥)(?:的|用的)?[？?]?$")
# …or asks for its items by their number: “双报到”是指向哪两个地方报到, “五个一”里第一个“一”指什么.
# “1+6”扶贫工程里的“6”指的是什么 asks for the items one of its numbers stands for.
_ASKS_ITEMS_AFTER = re.compile(rf"^[”\"’'」]?[^，,。？?]{{0,8}}?(?:哪[{_SEVERAL}](?:个|项|条|种|大|方面)|第[{_NUMERAL}](?:个|项|条|种)|"
                               rf"(?:里|中)的?[“\"‘'「][\d{_NUMERAL}][”\"’'」](?:是|指|代表))")


def _listed_before(text: str, start: int, count: int = 3) -> bool:
    """基层组织选优配强、整顿建强、服务聚强“三大行动”: the clause before the name lists its items; two may be joined
    by 和 (帮扶单位和第一书记“双签”). Not when the name is itself an item of a list (党员积分管理、新时代讲习所、“三组一评”等)."""
    clause = _CLAUSE_END.split(text[max(0, start - 80):start])[-1]
    return not text[:start].endswith("、") and ("、" in clause or count == 2 and bool(re.search("[和与及]", clause)))


def _in_heading(text: str, start: int, end: int) -> bool:
    """The name stands in a heading (夯实精准扶贫“三大基础”), over the paragraphs that give its content."""
    para_end = text.find("\n", end)
    paragraph = text[text.rfind("\n", 0, start) + 1:len(text) if para_end < 0 else para_end].strip()
    return bool(paragraph) and is_heading(paragraph)


def _spelled_out_after(text: str, end: int, core: str, count: int) -> bool:
    """The rest of the name's sentence and the next two list its items (做到“三个坚持”。一是坚持…), explain it (：, 即),
    or repeat what is counted once per item (按照“三个走遍”要求，我带头走遍…要走遍…要走遍)."""
    window = text[end:end + 300]
    following = [window[s:e] for s, e in split_sentences_zh(window)]
    if _EXPLAINED.match(text[end:end + 4]):
        return True
    if any(_ENUMERATION.search(sentence) for sentence in following[:_FIRST_ITEM_WITHIN]):
        return True
    return len(core) >= 2 and "".join(following[:2]).count(core) >= max(2, count - 1)


def _spelled_out(text: str, match: re.Match, core: str, count: int) -> bool:
    """Whether the name ``match`` quotes (group 1) has its ``count`` items given around it; ``core`` is what it counts
    (行动 of 三大行动), "" for joined counts (两包三到)."""
    return (_listed_before(text, match.start(), count) or _in_heading(text, match.start(1), match.end(1))
            or _spelled_out_after(text, match.end(), core, count))


def _joined_count(match: re.Match) -> int:
    """两包三到 → 5, 1+6 → 7."""
    return sum(int(g) if g.isdigit() else NUMERAL_VALUES[g] for g in match.group(2, 3))


def programmes_in(text: str) -> dict[str, bool]:
    """The numbered programme names ``text`` quotes → whether it spells out each one's content."""
    names: dict[str, bool] = {}
    for match in QUOTED_PROGRAMME.finditer(text):
        spelled = _spelled_out(text, match, match.group(2), NUMERAL_VALUES[match.group(1)[0]])
        names[match.group(1)] = names.get(match.group(1), False) or spelled
    for match in (*QUOTED_PAIR.finditer(text), *QUOTED_SUM.finditer(text)):
        names[match.group(1)] = names.get(match.group(1), False) or _spelled_out(text, match, "", _joined_count(match))
    for match in QUOTED_DOUBLE.finditer(text):
        names[match.group(1)] = names.get(match.group(1), False) or _spelled_out(text, match, match.group(2), 2)
    return names


_cache: dict = {}  # index version directory → its names; a version's documents never change


# Named practices listed in a row and called such (党员积分管理、“党建+产业扶贫”、新时代讲习所、“三组一评”等好经验好
# 做法): three or more short names joined by 、 and closed by 等 and what they are.
_NAME_LIST = re.compile(r"[^、，,。；;：:！？!?\s]{2,14}(?:、[^、，,。；;：:！？!?\s]{2,14}){2,}(?=等(?:好|先进|典型|成功)?"
                        r"(?:经验|做法|模式|机制|制度|工程|活动|项目|品牌))")
# Where a sentence's own words end before the first item: 创造了党员积分管理 → 党员积分管理.
_HEAD_END = re.compile(r".*[了的是有把将对在和与]")


def listed_only(texts: list[str]) -> set[str]:
    """Names that occur once in all of ``texts``, as an item of a list of named practices: a document that only lists
    新时代讲习所 among good experiences does not say what it is."""
    corpus = "\n".join(texts)
    names = set()
    for m in _NAME_LIST.finditer(corpus):
        items = m.group(0).split("、")
        items[0] = _HEAD_END.sub("", items[0])
        for item in items:
            item = item.strip("“”\"‘’「」")
            if len(item) >= 3 and re.fullmatch(r"[\u4e00-\u9fff+]+", item) and corpus.count(item) == 1:
                names.add(item)
    return names


def quoted_programmes(index: KnowledgeIndex) -> dict[str, bool]:
    """Every numbered programme name the documents quote → whether some document spells out its content; and every
    name they only list (``listed_only``) → False."""
    if (cached := _cache.get(index.path)) is not None:
        return cached
    names: dict[str, bool] = dict.fromkeys(listed_only([doc.text for doc in index.documents.values()]), False)
    for doc in index.documents.values():
        for name, spelled in programmes_in(doc.text).items():
            names[name] = names.get(name, False) or spelled
    if len(_cache) >= 8:
        _cache.clear()
    _cache[index.path] = names
    return names


def enumerated_items(text: str, name: str) -> list[tuple[int, int]]:
    """The opening sentence of each item listed after a mention of ``name`` (做到“三个坚持”…。一是坚持“带头抓”以上率下。
    …二是坚持“抓书记”传导压力。…), as spans of ``text``; empty unless at least two items follow in order."""
    for m in re.finditer(re.escape(name), text):
        items: list[tuple[int, int]] = []
        for i, (start, end) in enumerate(split_sentences_zh(text[m.end():m.end() + _ITEMS_WITHIN_CHARS], m.end())):
            if not items and i >= _FIRST_ITEM_WITHIN:
                break  # a list further on is another one
            opening = _ITEM_OPENING.match(text[start:end])
            if opening and _ORDINALS.index(next(g for g in opening.groups() if g)) == len(items):
                items.append((start, end))
        if len(items) >= 2:
            return items
    return []


def programme_asked(question: str, names: Iterable[str]) -> str:
    """The programme of ``names`` whose content ``question`` asks for (兰考“六步工作法”是哪些步骤 → 六步工作法), or ""."""
    for name in names:
        for m in re.finditer(re.escape(name), question):
            after = question[m.end():]
            if (_ASKS_CONTENT_AFTER.match(after) or _ASKS_ITEMS_AFTER.match(after) or _ASKS_WHAT_IT_DOES.match(after)
                    or _ASKS_CONTENT_BEFORE.search(question[:m.start()])):
                return name
    return ""
