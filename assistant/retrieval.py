"""Hybrid retrieval: BM25 over jieba tokens and dense e5 search, fused, with neighbouring chunks merged."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import BaseModel, ConfigDict, InstanceOf

from core.records import Citation
from core.settings import Settings
from ingest.index import KnowledgeIndex
from ingest.normalize import normalize_text


class Passage(BaseModel):
    """A retrieved span of one document: one chunk, or several neighbouring chunks merged."""

    chunk_id: str
    chunk_ids: list[str]
    doc_id: str
    title: str
    section: str
    date: str | None
    source: str | None
    start: int
    end: int
    text: str
    score: float
    bm25_score: float | None = None
    dense_score: float | None = None

    def to_langchain(self) -> LCDocument:
        return LCDocument(page_content=self.text, id=self.chunk_id, metadata=self.model_dump(exclude={"text"}))

    def citation(self, n: int, start: int | None = None, end: int | None = None) -> Citation:
        """This passage cited as ``[n]``; the supporting span (document offsets) defaults to the whole passage."""
        start = self.start if start is None else start
        end = self.end if end is None else end
        return Citation(
            n=n, doc_id=self.doc_id, title=self.title, date=self.date, source=self.source,
            section=self.section, chunk_id=self.chunk_id, text=self.text,
            passage_start=self.start, passage_end=self.end,
            span=self.text[start - self.start : end - self.start], start=start, end=end,
        )


def passage_from_chunks(index: KnowledgeIndex, members: list, *, score: float = 0.0,
                        bm25_score: float | None = None, dense_score: float | None = None) -> Passage:
    """One passage spanning ``members`` (chunks of one document); the first member names it."""
    best = members[0]
    start, end = min(c.start for c in members), max(c.end for c in members)
    return Passage(chunk_id=best.chunk_id, chunk_ids=[c.chunk_id for c in sorted(members, key=lambda c: c.start)],
                   doc_id=best.doc_id, title=best.title, section=best.section, date=best.date, source=best.source,
                   start=start, end=end, text=index.documents[best.doc_id].text[start:end], score=score,
                   bm25_score=bm25_score, dense_score=dense_score)


def rrf(rankings: list[list[int]], k: int = 60) -> dict[int, float]:
    """Reciprocal rank fusion: sum of 1/(k + rank) over the rankings an item appears in."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank + 1)
    return fused


def weighted(bm25: dict[int, float], dense: dict[int, float], dense_weight: float) -> dict[int, float]:
    """Max-normalized BM25 and dense scores mixed linearly."""
    top_bm25 = max(bm25.values(), default=0.0) or 1.0
    top_dense = max(dense.values(), default=0.0) or 1.0
    items = set(bm25) | set(dense)
    return {
        i: (1 - dense_weight) * bm25.get(i, 0.0) / top_bm25 + dense_weight * dense.get(i, 0.0) / top_dense
        for i in items
    }


_DEFAULTS = Settings.model_fields


class HybridRetriever(BaseRetriever):
    """Rank chunks of a ``KnowledgeIndex`` for a question; a langchain retriever returning merged passages."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    # Defaults are the settings' own (one source): a retriever built without settings ranks as production does.
    index: InstanceOf[KnowledgeIndex]  # checked as an instance: its fields (a FAISS index…) are not pydantic types
    embeddings: Any
    mode: Literal["hybrid", "bm25", "dense"] = _DEFAULTS["retriever"].default
    fusion: Literal["rrf", "weighted"] = _DEFAULTS["fusion"].default
    dense_weight: float = _DEFAULTS["fusion_dense_weight"].default
    k: int = _DEFAULTS["top_k"].default
    candidates: int = _DEFAULTS["retrieval_candidates"].default

    @classmethod
    def from_settings(cls, settings: Settings, index: KnowledgeIndex, embeddings: Embeddings) -> HybridRetriever:
        return cls(index=index, embeddings=embeddings, mode=settings.retriever, fusion=settings.fusion,
                   dense_weight=settings.fusion_dense_weight, k=settings.top_k,
                   candidates=settings.retrieval_candidates)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        return [p.to_langchain() for p in self.search(query)]

    def search(self, question: str, k: int | None = None, query_vector: np.ndarray | None = None,
               restrict_to: set[str] | None = None, eligible: set[str] | None = None) -> list[Passage]:
        """The ``k`` best passages for ``question`` (normalized like the documents first).

        ``query_vector`` saves embedding the question again when the caller already has it;
        ``restrict_to`` searches only those documents (a question that names its source): scores are relative to
        the best chunk among them (1.0). ``eligible`` then keeps only passages of those documents (the ones naming
        the place asked about), with scores relative to the best of them: 巴中的驻村工作经费是多少 is not weak because
        Shanxi's report, which cannot answer it, says 驻村 and 经费 more often.
        """
        k = k or self.k
        question = normalize_text(question)
        # A restricted search looks deeper so the named documents still fill k passages.
        candidates = self.candidates * 4 if restrict_to or eligible else self.candidates
        bm25_scores: dict[int, float] = {}
        dense_scores: dict[int, float] = {}
        if self.mode in ("hybrid", "bm25"):
            ids, scores = self.index.bm25_search(self.index.query_tokens(question), candidates)
            bm25_scores = dict(zip(ids.tolist(), scores.tolist()))
        if self.mode in ("hybrid", "dense"):
            if query_vector is None:
                query_vector = np.asarray(self.embeddings.embed_query(question), dtype=np.float32)
            ids, scores = self.index.dense_search(query_vector, candidates)
            dense_scores = dict(zip(ids.tolist(), scores.tolist()))
        chunks = self.index.chunks
        if restrict_to:
            bm25_scores = {i: v for i, v in bm25_scores.items() if chunks[i].doc_id in restrict_to}
            dense_scores = {i: v for i, v in dense_scores.items() if chunks[i].doc_id in restrict_to}
        if self.mode == "bm25":
            fused = bm25_scores
        elif self.mode == "dense":
            fused = dense_scores
        elif self.fusion == "rrf":
            fused = rrf([list(bm25_scores), list(dense_scores)])
        else:
            fused = weighted(bm25_scores, dense_scores, self.dense_weight)
        top = max(fused.values(), default=0.0) or 1.0
        fused = {i: v / top for i, v in fused.items()}
        ranked = sorted(fused, key=lambda i: -fused[i])
        # Merge within the same pool whatever k is: a passage is as long for the answer's top 5 as for an
        # evaluation's top 10 (with a pool of 3k, a quotation crossing a chunk boundary lost its second half at k=5).
        pool = max(3 * k, self.candidates)
        if eligible:
            # The eligible chunks of the same pool, topped up to 3k: a pool of 30 chunks of one document would merge
            # most of it into a few long passages.
            kept = [i for i in ranked if chunks[i].doc_id in eligible]
            ranked = kept[:max(3 * k, sum(chunks[i].doc_id in eligible for i in ranked[:pool]))]
            if ranked:
                top_eligible = fused[ranked[0]] or 1.0
                fused = {i: v / top_eligible for i, v in fused.items()}
        return self._merge(ranked[:pool], fused, bm25_scores, dense_scores)[:k]

    def _merge(self, ranked: list[int], fused: dict[int, float], bm25: dict[int, float],
               dense: dict[int, float]) -> list[Passage]:
        """Merge overlapping or adjacent chunks of one document; the group ranks as its best member."""
        chunks = self.index.chunks
        groups: list[list[int]] = []
        for i in sorted(ranked, key=lambda i: (chunks[i].doc_id, chunks[i].start)):
            last = groups[-1] if groups else None
            if last and chunks[last[0]].doc_id == chunks[i].doc_id and chunks[i].start <= max(
                    chunks[j].end for j in last) + 1:
                last.append(i)
            else:
                groups.append([i])
        for group in groups:
            group.sort(key=lambda i: -fused[i])
        groups.sort(key=lambda group: -fused[group[0]])
        passages = []
        for group in groups:
            passages.append(passage_from_chunks(
                self.index, [chunks[j] for j in group], score=float(fused[group[0]]),
                bm25_score=max((bm25[j] for j in group if j in bm25), default=None),
                dense_score=max((dense[j] for j in group if j in dense), default=None),
            ))
        return passages
