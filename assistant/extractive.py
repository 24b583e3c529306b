"""The offline answerer: pick the sentences of the retrieved passages that answer the question, cite each.

Every answer sentence is a verbatim slice of a cited passage, by construction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.assess import SentenceScoring, coverage, reads_with_lead
from assistant.evidence import INSTRUCTION
from assistant.programmes import enumerated_items
from assistant.question.analysis import QuestionAnalysis
from assistant.question.asked import ELEMENT_TYPES, NAME_TYPES
from assistant.question.holds import holds_answer_type
from assistant.question.text import (
    LEAD_MAX_CHARS,
    QUOTED_NAME,
    entity_in,
    matchable,
    read_with_leads,
    searchable,
    words_pattern,
)
from assistant.retrieval import Passage
from core.records import Document
from ingest.chunking import split_sentences_zh
from ingest.index import KnowledgeIndex

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# What follows an answered span within a short paragraph's reach is its continuation (the measures after it).
_NEXT_STEP_CHARS, _NEXT_STEP_BONUS = 200, 0.25
_ENUMERATION = re.compile(r"[一二三四五六七八九十]是|[一二三四五六七八九十]要|第[一二三四五六七八九十]|、.+、")
_REASON = re.compile(r"关键|基础|根本|目的|为了|因为|所以|保证|前提|重要")


@dataclass
class Sentence:
    passage: int  # position in the passage list
    start: int  # offsets in the document text
    end: int
    text: str
    score: float = 0.0
    lead: str = ""  # its paragraph's lead (``read_with_leads``) when read with it for coverage


def _sentences(passages: list[Passage], documents: list[Document] | None,
               profile: QuestionAnalysis | None = None) -> list[Sentence]:
    """The quotable sentences of ``passages``; with ``documents``, each with the lead of its paragraph when that
    lead says what ``profile`` asks (``reads_with_lead``)."""
    out = []
    for p_index, passage in enumerate(passages):
        read = (read_with_leads(documents[p_index].text, passage.start, passage.end) if documents else
                [(s, e, "", False) for s, e in split_sentences_zh(passage.text, passage.start)])
        for start, end, lead, _ in read:
            text = passage.text[start - passage.start : end - passage.start]
            if len(text) >= 4 and not INSTRUCTION.search(text):  # a planted order to a model is never quoted
                lead = lead if profile is not None and reads_with_lead(profile, lead) else ""
                out.append(Sentence(p_index, start, end, text, lead=lead))
    return out


def _chunk_similarity(sentence: Sentence, spans: list[tuple[int, int, float]]) -> float:
    return max((cos for start, end, cos in spans if start < sentence.end and end > sentence.start), default=0.0)


def _score(profile: QuestionAnalysis, sentences: list[Sentence], spans: list[list[tuple[int, int, float]]],
           scoring: SentenceScoring) -> None:
    for sentence in sentences:
        score = scoring.coverage * coverage(profile, sentence.lead + sentence.text)
        # e5 cosines sit in a narrow band (~0.75-0.92); stretch it so it can compete with coverage.
        dense = _chunk_similarity(sentence, spans[sentence.passage]) if spans else 0.0
        score += scoring.dense * float(np.clip((dense - 0.75) / 0.17, 0, 1))
        if (profile.kind == "number" and _NUMBER.search(sentence.text) or profile.answer_type in NAME_TYPES) \
                and holds_answer_type(profile, sentence.text):
            score += scoring.typed_bonus
        elif profile.kind == "list" and _ENUMERATION.search(sentence.text) or profile.kind == "why" and _REASON.search(sentence.text):
            score += scoring.shape_bonus
        score += scoring.rank_prior / (1 + sentence.passage)
        sentence.score = score


def chunk_spans(passages: list[Passage], index: KnowledgeIndex, query_vector: np.ndarray) -> list[list[tuple]]:
    """For each passage, its chunks' spans with their cosine to the question (vectors from the index)."""
    positions = index.positions
    out = []
    for passage in passages:
        rows = [positions[cid] for cid in passage.chunk_ids]
        cosines = index.embeddings[rows] @ query_vector
        out.append([(index.chunks[r].start, index.chunks[r].end, float(c)) for r, c in zip(rows, cosines)])
    return out


def _too_similar(a: str, b: str) -> bool:
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)}
    if not grams_a or not grams_b:
        return False
    return len(grams_a & grams_b) / min(len(grams_a), len(grams_b)) > 0.7


def already_said(doc_id: str, start: int, end: int, said: Sequence[tuple[str, int, int]]) -> bool:
    return any(d == doc_id and s <= start and end <= e for d, s, e in said)


def select_sentences(
    profile: QuestionAnalysis,
    passages: list[Passage],
    *,
    spans: list[list[tuple[int, int, float]]] | None = None,
    max_chars: int = 240,
    documents: list[Document] | None = None,
    said: Sequence[tuple[str, int, int]] = (),
    scoring: SentenceScoring | None = None,
) -> list[Sentence]:
    """The best-scoring sentences within the length budget, diverse: the best first, the others in reading order.

    ``spans`` (from ``chunk_spans``) adds each sentence's dense similarity to the score;
    ``documents`` (each passage's document) lets a sentence be read with its paragraph's lead and a question
    naming several places (巴中和山西…) get the best sentence about each. ``said`` (document spans an earlier
    answer quoted) are left out, and the sentences right after them come first: a follow-up
    asking 那具体怎么做 wants the next step, not the same sentence again. Empty when nothing new is left.
    ``scoring`` holds the weights (the decision model's, fitted on development questions).
    """
    # A figure, a date or a name is given in the sentences after a paragraph's lead, in other words than the lead's.
    sentences = _sentences(passages, documents if profile.answer_type in ELEMENT_TYPES else None, profile)
    if not sentences:
        return []
    scoring = scoring or SentenceScoring()
    _score(profile, sentences, spans or [], scoring)
    if said:
        sentences = [s for s in sentences if not already_said(passages[s.passage].doc_id, s.start, s.end, said)]
        for sentence in sentences:
            doc_id = passages[sentence.passage].doc_id
            if any(d == doc_id and 0 <= sentence.start - e <= _NEXT_STEP_CHARS for d, _, e in said):
                sentence.score += _NEXT_STEP_BONUS
        if not sentences:
            return []
    ranked = sorted(sentences, key=lambda s: -s.score)
    best = ranked[0]
    budget = max_chars * (2 if profile.kind in ("list", "how") else 1)
    chosen = [best]
    used = len(best.text)
    for sentence in ranked[1:]:
        if sentence.score < scoring.keep_ratio * best.score:
            break
        if used + len(sentence.text) > budget or any(_too_similar(sentence.text, c.text) for c in chosen):
            continue
        chosen.append(sentence)
        used += len(sentence.text)
    if documents and len(profile.entities) > 1:
        named = [searchable(d) for d in documents]
        for entity in profile.entities:
            if not any(entity_in(entity, named[c.passage]) for c in chosen):
                about = [s for s in ranked if entity_in(entity, named[s.passage])]
                if about:
                    chosen.append(about[0])
    if profile.kind in ("list", "how"):
        chosen = _continue_enumeration(chosen, sentences, budget)
    if profile.answer_type not in ELEMENT_TYPES and documents:
        chosen = _continue_after_a_bare_lead(profile, chosen, sentences, documents, budget)
    chosen = _holding_the_asked_type(profile, chosen, ranked)
    chosen = _mentioning_what_is_checked(profile, chosen, ranked)
    # The answer opens with its best sentence (党建扶贫的核心,就是要…, not the sentence before it in the same passage);
    # the others follow in reading order, passage by passage.
    first = max(chosen, key=lambda s: s.score)
    return sorted(chosen, key=lambda s: (s is not first, s.passage, s.start))


def _holding_the_asked_type(profile: QuestionAnalysis, chosen: list[Sentence],
                            ranked: list[Sentence]) -> list[Sentence]:
    """For a figure question, keep the chosen sentences that hold a figure of the asked kind (3654名, 2.5万元), for a
    who or where question those naming who is responsible or the place; if none does, the best sentence that does
    (when it scores at least half the best)."""
    if profile.answer_type not in ELEMENT_TYPES:
        return chosen
    holding = [s for s in chosen if holds_answer_type(profile, s.text)]
    if holding:
        return holding
    fallback = _best_holding(ranked, lambda text: holds_answer_type(profile, text))
    return [fallback] if fallback is not None else chosen


def _mentioning_what_is_checked(profile: QuestionAnalysis, chosen: list[Sentence],
                                ranked: list[Sentence]) -> list[Sentence]:
    """For a question whose asked thing must be mentioned (定了什么刚性纪律, 会被处分吗: ``QuestionAnalysis.checked``):
    when no chosen sentence mentions it, the best sentence that does (at least half the best score) instead: the
    sentences scoring on the subject's words (保持贫困县乡党政正职稳定) say nothing of the 纪律 asked about."""
    if not profile.checked or profile.answer_type in ELEMENT_TYPES \
            or any(profile.checked in matchable(s.text) for s in chosen):
        return chosen
    fallback = _best_holding(ranked, lambda text: profile.checked in matchable(text))
    return [fallback] if fallback is not None else chosen


def _best_holding(ranked: list[Sentence], holds) -> Sentence | None:
    """The best-ranked sentence for which ``holds(text)``, if it scores at least half the best sentence."""
    fallback = next((s for s in ranked if holds(s.text)), None)
    return fallback if fallback is not None and fallback.score >= 0.5 * ranked[0].score else None


def _continue_enumeration(chosen: list[Sentence], sentences: list[Sentence], budget: int) -> list[Sentence]:
    """If the best sentence opens an enumeration (一是…), keep the following items of the same passage."""
    head = chosen[0]
    if not re.search(r"[一1][是要、]|以下|如下|包括|主要有|[:：]$", head.text):
        return chosen
    return _add_in_order(chosen, [s for s in sentences if s.passage == head.passage and s.start > head.start], budget)


def _add_in_order(chosen: list[Sentence], following: list[Sentence], budget: int) -> list[Sentence]:
    """``chosen`` with the sentences of ``following`` not in it yet, in order, until the length budget is spent."""
    used = sum(len(s.text) for s in chosen)
    picked = {(s.passage, s.start) for s in chosen}
    for sentence in following:
        if (sentence.passage, sentence.start) in picked:
            continue
        if used + len(sentence.text) > budget:
            break
        chosen.append(sentence)
        used += len(sentence.text)
    return chosen


_ITEM_LEAD = re.compile(r"[一二三四五六七八九十][是要]")
_RESTATES_MAX_NEW_CHARS = 2
_LEADS_LOOKED_AT = 2  # the best sentence, or the next when the best is no lead (从攻坚任务看,难度更大。 second)
_LEAD_FOLLOWS = 2  # sentences after a bare lead: 这是一项基础性战略性工作…这次换届中…村干部年龄老化…问题。


def _continue_after_a_bare_lead(profile: QuestionAnalysis, chosen: list[Sentence], sentences: list[Sentence],
                                documents: list[Document], budget: int) -> list[Sentence]:
    """For a question answered by a bare lead — a paragraph's opening or an item (二要加强后备干部队伍建设。 发挥组织帮扶
    职能,实施“党员联户帮扶”工程。 充分发挥组织部门示范表率作用。), or a short sentence saying nothing but the question's
    words (基础不牢,地动山摇。) — add the sentences after it in its passage: these documents give the reason, the
    measures, the content there. Not for a figure, date or name asked (the sentence holding it is the answer), not when
    the lead gives a reason of its own beyond the question's words (打赢扶贫攻坚战,关键在干部…), nor when a sentence after
    it is already chosen."""
    own_words = words_pattern(profile.terms)
    for head in chosen[:_LEADS_LOOKED_AT]:
        text = documents[head.passage].text
        beyond_question = re.sub(own_words, "", head.text) if own_words else head.text
        # A lead opens its paragraph or an item; a sentence of the question's own words (基础不牢,地动山摇。) is as bare.
        bare = (_ITEM_LEAD.match(head.text) or text[:head.start].rstrip(" \u3000")[-1:] in ("", "\n")
                or len(re.sub(r"\W", "", beyond_question)) <= _RESTATES_MAX_NEW_CHARS)
        if (not bare or len(head.text) > LEAD_MAX_CHARS or profile.kind == "why" and _REASON.search(beyond_question)
                or any(s.passage == head.passage and s.start > head.start for s in chosen)):
            continue
        following = [s for s in sentences if s.passage == head.passage and s.start > head.start][:_LEAD_FOLLOWS]
        return _add_in_order(chosen, following, budget)
    return chosen


# A heading's items answer a question asking for its measures (山西强化基层组织建设采取了哪些措施), not one asking for
# something in particular under it (山西的第一书记是从哪几级选派的).
_ASKS_MEASURES = re.compile(r"(?:哪些|哪几[个项条方]?|什么)[\u4e00-\u9fff]{0,2}(?:措施|做法|举措|办法|方面|内容|机制|要求|经验|行动|工程)")


def section_items(profile: QuestionAnalysis, passages: list[Passage],
                  index: KnowledgeIndex) -> tuple[str, list[Sentence]]:
    """For 包括哪些-style questions about a heading (夯实精准扶贫“三大基础”): the lead sentence of each
    paragraph under that heading, which is how these documents enumerate, with their document id; for one about a
    programme listed item by item after its name (“三个坚持”。一是…二是…), the opening sentence of each item.
    Empty if neither is found."""
    if profile.programme:
        for passage in passages:
            text = index.documents[passage.doc_id].text
            if spans := enumerated_items(text, profile.programme):
                return passage.doc_id, [Sentence(passage=-1, start=s, end=e, text=text[s:e]) for s, e in spans]
    if profile.kind != "list":
        return "", []
    # The heading's name, quoted or not (昌都的三大基础是什么 as 昌都的“三大基础”是什么).
    names = QUOTED_NAME.findall(profile.text) or ([profile.programme] if profile.programme else [])
    if not names and _ASKS_MEASURES.search(profile.text):
        names = [t for t in profile.terms if len(t) >= 3]
    for passage in passages:
        heading = re.split(r" › | ", passage.section)[-1] if passage.section else ""
        if not heading or not any(name in heading for name in names):
            continue
        doc = index.documents[passage.doc_id]
        members = [index.chunks[i] for i in index.chunks_of(passage.doc_id)
                   if index.chunks[i].section == passage.section]
        lo, hi = min(c.start for c in members), max(c.end for c in members)
        items = []
        offset = 0
        for line in doc.text.split("\n"):
            if lo <= offset < hi and (first := split_sentences_zh(line, offset)):
                s, e = first[0]
                # Enumerated items are short lead sentences (健全组织体系,扩大覆盖面。); a paragraph that
                # continues the previous one (与此同时,…) is not an item.
                if e - s <= LEAD_MAX_CHARS:
                    items.append(Sentence(passage=-1, start=s, end=e, text=doc.text[s:e]))
            offset += len(line) + 1
        if len(items) >= 2:
            return passage.doc_id, items
    return "", []
