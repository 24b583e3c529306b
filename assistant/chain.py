"""The answering chain: question (and history) → standalone question → passages → cited Answer."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.conversation import is_follow_up, previous_questions, resolve_offline
from assistant.extractive import (
    QuestionProfile,
    Sentence,
    answerability,
    chunk_spans,
    document_text,
    grounded,
    names_covered,
    profile_question,
    section_items,
    select_sentences,
)
from assistant.retrieval import HybridRetriever, Passage, passage_from_chunks
from assistant.settings import Settings
from assistant.types import REFUSAL, Answer, Citation
from ingest.index import KnowledgeIndex, load_index
from ingest.normalize import normalize_text

RELATED_SHOWN = 3
WARM_UP_QUESTION = "第一书记的职责是什么？"


def passage_citation(n: int, passage: Passage, start: int | None = None, end: int | None = None) -> Citation:
    """A citation of ``passage``; the supporting span defaults to the whole passage."""
    start = passage.start if start is None else start
    end = passage.end if end is None else end
    return Citation(
        n=n, doc_id=passage.doc_id, title=passage.title, date=passage.date, source=passage.source,
        section=passage.section, chunk_id=passage.chunk_id, text=passage.text,
        passage_start=passage.start, passage_end=passage.end,
        span=passage.text[start - passage.start : end - passage.start], start=start, end=end,
    )


class Assistant:
    """Answers questions over one loaded index. Models load lazily; pass your own to share them."""

    def __init__(self, settings: Settings | None = None, *, index: KnowledgeIndex | None = None, embeddings=None,
                 llm=None) -> None:
        self.settings = settings or Settings()
        self._index = index
        self._embeddings = embeddings
        self._llm = llm
        self._retriever: HybridRetriever | None = None
        self._loading = threading.RLock()  # a question arriving during warm_up() waits instead of loading twice

    @property
    def index(self) -> KnowledgeIndex:
        with self._loading:
            if self._index is None:
                from assistant.embeddings.model import model_identity

                self._index = load_index(self.settings.index_dir, expected_model=model_identity(self.settings))
        return self._index

    @property
    def embeddings(self):
        with self._loading:
            if self._embeddings is None:
                from assistant.embeddings.model import load_embeddings

                self._embeddings = load_embeddings(self.settings)
        return self._embeddings

    def warm_up(self) -> None:
        """Load the index and the models and prepare one answer, so the first real question is fast."""
        with self._loading:
            self._prepare(WARM_UP_QUESTION, None)
            _ = self.llm  # a local GGUF loads here; a server model costs nothing

    @property
    def llm(self):
        with self._loading:
            if self._llm is None and self.settings.llm_provider != "none":
                from assistant.llm import make_chat_model

                self._llm = make_chat_model(self.settings)
        return self._llm

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:
            self._retriever = HybridRetriever.from_settings(self.settings, self.index, self.embeddings)
        return self._retriever

    def use_index(self, index: KnowledgeIndex) -> None:
        """Switch to a newly built index (after an ingest); in-flight answers keep the old one."""
        self._index = index
        self._retriever = None

    # -- the pipeline ---------------------------------------------------------------------------

    def standalone_question(self, question: str, history: Sequence[Any] | None = None) -> str:
        if self.llm is not None and previous_questions(history, self.settings.history_turns):
            from assistant.llm_answer import condense_question

            return condense_question(self.llm, question, history, self.settings, fallback=self._resolve(question,
                                                                                                        history))
        return self._resolve(question, history)

    def _resolve(self, question: str, history: Sequence[Any] | None) -> str:
        return resolve_offline(normalize_text(question), [normalize_text(q) for q in
                                                          previous_questions(history, self.settings.history_turns)],
                               self.index.segmenter, self.settings.history_turns)

    def retrieve(self, question: str, history: Sequence[Any] | None = None, k: int | None = None) -> list[Passage]:
        return self.retriever.search(self.standalone_question(question, history), k=k)

    def answer(self, question: str, history: Sequence[Any] | None = None, *, standalone: str | None = None) -> Answer:
        """The one entry point: a cited answer, or a refusal with the closest passages as 可能相关.

        ``standalone`` is the question already resolved against ``history`` (saves rewriting it again).
        """
        standalone, usable, extractive = self._prepare(question, history, standalone)
        if self.llm is None or extractive.refused:
            return extractive
        from assistant.llm_answer import answer_with_llm

        return answer_with_llm(self.llm, question, standalone, usable, extractive)

    def stream(self, question: str, history: Sequence[Any] | None = None) -> Iterator[str | Answer]:
        """Text pieces as they are produced (LLM tokens), then the final verified ``Answer``."""
        standalone, usable, extractive = self._prepare(question, history)
        if self.llm is None or extractive.refused:
            yield extractive
            return
        from assistant.llm_answer import stream_with_llm

        yield from stream_with_llm(self.llm, question, standalone, usable, extractive)

    def _prepare(self, question: str, history: Sequence[Any] | None,
                 standalone: str | None = None) -> tuple[str, list[Passage], Answer]:
        """Standalone question, the passages an answer may use, and the extractive answer (or refusal)."""
        if standalone is None:
            standalone = self.standalone_question(question, history)
        standalone = normalize_text(standalone)
        query_vector = np.asarray(self.embeddings.embed_query(standalone), dtype=np.float32)
        passages = self.retriever.search(standalone, query_vector=query_vector)
        profile = profile_question(standalone, self.index)
        usable, confidence = self._usable(profile, passages)
        if standalone == normalize_text(question) and is_follow_up(standalone, self.index.segmenter):
            # Still leaning on an earlier turn after resolution: there was none to lean on.
            usable, confidence = [], 0.0
        if not usable or confidence < self.settings.refusal_threshold:
            return standalone, [], self.refusal(question, standalone, passages, confidence)
        return standalone, usable, self._extractive(question, standalone, profile, usable, confidence, query_vector)

    def runnable(self) -> Runnable:
        """``answer`` as a langchain Runnable taking ``{"question": ..., "history": [...]}``."""
        return RunnableLambda(lambda inputs: self.answer(inputs["question"], inputs.get("history")),
                              name="cadre_answer")

    # -- steps ----------------------------------------------------------------------------------

    def _usable(self, profile: QuestionProfile, passages: list[Passage]) -> tuple[list[Passage], float]:
        """Passages grounded in the question's names and figures, and the best coverage among them."""
        scored = [(answerability(profile, p), p) for p in passages if grounded(profile, p, self.index)]
        if not scored or not names_covered(profile, [p for _, p in scored], self.index):
            return [], 0.0
        best = max(score for score, _ in scored)
        return [p for score, p in scored if score >= 0.5 * best], best

    def _extractive(self, question: str, standalone: str, profile: QuestionProfile, usable: list[Passage],
                    confidence: float, query_vector: np.ndarray) -> Answer:
        items_doc, items = section_items(profile, usable, self.index)
        if items:
            usable, sentences = self._cite_items(items, items_doc)
        else:
            sentences = select_sentences(profile, usable, spans=chunk_spans(usable, self.index, query_vector),
                                         max_chars=self.settings.answer_max_chars,
                                         documents=[document_text(p, self.index) for p in usable])
        numbers: dict[int, int] = {}
        parts = []
        for sentence in sentences:
            n = numbers.setdefault(sentence.passage, len(numbers) + 1)
            parts.append(f"{sentence.text}[{n}]")
        citations = []
        for passage_index, n in numbers.items():
            own = [s for s in sentences if s.passage == passage_index]
            citations.append(passage_citation(n, usable[passage_index], min(s.start for s in own),
                                              max(s.end for s in own)))
        return Answer(question=question, standalone_question=standalone, answer="".join(parts), refused=False,
                      confidence=round(confidence, 3), citations=citations)

    def _cite_items(self, items: list[Sentence], doc_id: str) -> tuple[list[Passage], list[Sentence]]:
        """Passages for enumerated items taken from the document structure: the chunks holding each item."""
        passages: list[Passage] = []
        for item in items:
            members = self.index.chunks_overlapping(doc_id, item.start, item.end)
            if not passages or passages[-1].start != min(c.start for c in members):
                passages.append(passage_from_chunks(self.index, members))
            item.passage = len(passages) - 1
        return passages, items

    def refusal(self, question: str, standalone: str, passages: list[Passage], confidence: float) -> Answer:
        related = [passage_citation(i + 1, p) for i, p in enumerate(passages[:RELATED_SHOWN])]
        return Answer(question=question, standalone_question=standalone, answer=REFUSAL, refused=True,
                      confidence=round(confidence, 3), related=related)
