"""Text the question modules share: figures and counting units as patterns, sentences and clauses, and the
paragraph leads a sentence is read with."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from core.records import Document
from ingest.chunking import split_sentences_zh

if TYPE_CHECKING:
    from ingest.segment import Segmenter

NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A figure as the documents write it: Arabic or Chinese numerals (3654名, 两个批次, 每半年, 五天四夜).
# A Chinese figure opens with a digit's numeral: the 万 of the speech's placeholders (X万个村级脱贫责任组) is none.
FIGURE = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十半几][一二两三四五六七八九十百千万半几]*)"

# Unit nouns a count question may ask about, and the units that answer each.
# Measure words (门, 本, 台, 亩…) name what is counted as surely: 考几门 is not answered by 3个.
COUNT_UNITS = "名个人户项条次所家批位种村乡县支镇件场期届门本台辆只头亩套座张份轮篇道类口对"

# A length of time (3年, 五天四夜, 每半年) or a frequency that names its period (每季度, 每月: 多久…一次), not a
# calendar year or month (2015年8月) or a bare 每年, which these documents attach to almost every measure.
DURATION = re.compile(r"(?<![\d])(?:\d{1,2}(?:\.\d+)?|[一二两三四五六七八九十半几]+)\s*(?:年|个月|天|小时|个?星期|周|夜)(?!底|初)"
                       r"|每个?(?:季度|月|周|星期)")

# A year may stand before a quoted name without 年: 开展2018“山西最美村干部”评选活动.
NAMED_YEAR = r"(?<!\d)(?:19|20)\d{2}(?=[“\"「])"

# A share as a figure states it (20%, 14个百分点, 三成); answers to 比例 questions and rises.
SHARE_FIGURE = rf"{FIGURE}\s*(?:%|％|个百分点|成)"

CLAUSE_SPAN = re.compile(r"[^，,；;。！？!?：:]+")

# A short quoted name (“五个一”, “三大基础”): its numeral counts nothing, its words may head a section.
QUOTED_NAME = re.compile(r"[“\"‘「]([^”\"’」，,。；;]{2,12})[”\"’」]")

PLACE_SUFFIX = re.compile(r"(?:省|市|县|区|州|镇|乡|村)$")


def whole_number(figure: str) -> str:
    """A pattern of ``figure`` as a whole number, not as digits of a longer one (5 is not in 2015 or 2.5)."""
    return rf"(?<![\d.]){re.escape(figure)}(?!\d|\.\d)"


def states_figure(text: str, figure: str) -> bool:
    return bool(re.search(whole_number(figure), text))



def without_figures(text: str, figures: list[str]) -> str:
    """``text`` with each of ``figures`` blanked out."""
    for figure in figures:
        text = re.sub(whole_number(figure), "#", text)
    return text


def is_noun(word: str, flag: str) -> bool:
    """A noun by jieba's tag; the index's own vocabulary (驻村工作队) comes untagged, as x."""
    return flag.startswith("n") or flag == "vn" or flag == "x" and bool(re.fullmatch(r"[\u4e00-\u9fff]+", word))


_ORDINAL_ITEM = re.compile(r"(?:^|[。；;，,：:\s])(?:[一二三四五六七八九十]|第[一二三四五六七八九十])[是要](?=[\u4e00-\u9fff])")


def most_items(text: str) -> int:
    """The longest list ``text`` gives: items joined by 、 in one sentence, or 一是…二是… openings."""
    joined = max((s.count("、") + 1 for s in sentences_of(text)), default=0)
    return max(joined, len(_ORDINAL_ITEM.findall(text)))


def sentences_of(text: str) -> list[str]:
    """The sentences of ``text`` (the whole text when it has no sentence end)."""
    return [text[s:e] for s, e in split_sentences_zh(text)] or [text]


# These documents open a paragraph with a short lead saying what it is about (大力整顿软弱涣散村党组织。) and give
# the figures in the sentences after it, in other words (2018年,全省共确定软弱涣散村党组织2494个): the lead's
# words are those sentences' subject too. As long as the enumerated items ``section_items`` reads.
LEAD_MAX_CHARS = 30


def _paragraph_lead(document: str, start: int) -> tuple[int, int] | None:
    """The span of the short lead opening the paragraph of ``document`` that holds ``start``; None when the
    paragraph opens with a longer sentence or has no other."""
    begin = document.rfind("\n", 0, start) + 1
    end = document.find("\n", begin)
    spans = split_sentences_zh(document[begin : end if end >= 0 else len(document)], begin)
    return spans[0] if len(spans) > 1 and spans[0][1] - spans[0][0] <= LEAD_MAX_CHARS else None


def read_with_leads(document: str, start: int, end: int) -> list[tuple[int, int, str, bool]]:
    """The sentences of ``document[start:end]``, each as (start, end, the lead of its paragraph it is read with,
    whether it is that lead itself); offsets are the document's."""
    out = []
    for s, e in split_sentences_zh(document[start:end], start):
        lead = _paragraph_lead(document, s)
        is_lead = lead is not None and lead[0] == s
        out.append((s, e, "" if lead is None or is_lead else document[lead[0] : lead[1]], is_lead))
    return out


# A word written with an alternative in brackets (村(居)干部, 党组(党委), 管理办法(试行)) is also the word without it.
_BRACKETED = re.compile(r"\([^()]{1,4}\)")


@lru_cache(maxsize=4096)
def matchable(text: str) -> str:
    """``text`` for finding a question's words in: followed, when it has bracketed alternatives, by itself without
    them, so 村干部 is found in 村(居)干部."""
    return f"{text}\n{_BRACKETED.sub('', text)}" if "(" in text else text


def searchable(doc: Document) -> str:
    """Where the naming rule looks for a place, person or figure: the document's title, source and text."""
    return f"{doc.title}\n{doc.source or ''}\n{doc.text}"


def entity_in(entity: str, text: str) -> bool:
    """A place or person named in ``text``, also without its administrative suffix (昌都市 → 昌都)."""
    return entity in text or (len(stem := PLACE_SUFFIX.sub("", entity)) >= 2 and stem in text)


_PLACE_IN_A_DOCTRINE = re.compile(r"中国特色")


def named_places(segmenter: Segmenter, text: str, kind: str = "", exclude: list[str] = ()) -> list[str]:
    """Places ``text`` names (巴中市, 通江县), of the given kind (县, 乡镇…) if any; not 全省, 贫困村 or 空心村,
    which are no names, nor the places in ``exclude`` (the question's own)."""
    ends = tuple(kind) if kind == "乡镇" else (kind,) if kind else ()
    # 中国特色社会主义 names a doctrine, not where something took place.
    text = _PLACE_IN_A_DOCTRINE.sub("", text)
    return [w for w, flag in segmenter.tagged(text)
            if flag == "ns" and len(w) >= 2 and (not ends or w.endswith(ends)) and not any(entity_in(e, w) for e in exclude)]


def words_pattern(words, min_chars: int = 1) -> str:
    """A regex alternation of ``words`` (of at least ``min_chars`` characters), longest first; "" when none."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if len(w) >= min_chars)
