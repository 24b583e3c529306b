"""The answering chain of `Assistant`: question (and history) → standalone question → passages → cited Answer."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import zip_longest
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.assess import (
    DECISION_MODEL_PATH,
    PUBLICATION_NAMES,
    Assessment,
    DecisionModel,
    TermSimilarity,
    asked_name,
    assess,
    document_header,
    grounded_documents,
    load_decision_model,
    relative_years,
    years_missing,
)
from assistant.conversation import (
    asking_of_item,
    asks_for_more,
    contrasted,
    earlier_questions,
    is_follow_up,
    item_referred_to,
    previous_questions,
    resolve_offline,
)
from assistant.direct import list_items, short_answer
from assistant.evidence import MARKER
from assistant.extractive import Sentence, already_said, chunk_spans, section_items, select_sentences
from assistant.question.analysis import QuestionAnalysis, analyze_question, check_question
from assistant.question.asked import ELEMENT_TYPES
from assistant.question.holds import holds_answer_type
from assistant.question.text import LEAD_MAX_CHARS
from assistant.retrieval import HybridRetriever, Passage, passage_from_chunks
from core.records import MISSING_PART, NOTHING_MORE, REFUSAL, Answer, AnswerItem, Chunk
from core.settings import Settings
from ingest.index import KnowledgeIndex, load_index
from ingest.normalize import detect_script, normalize_text, to_traditional

RELATED_SHOWN = 3
WARM_UP_QUESTION = "第一书记的职责是什么？"


class Assistant:
    """Answers questions over one loaded index. Models load lazily; pass your own to share them."""

    def __init__(self, settings: Settings | None = None, *, index: KnowledgeIndex | None = None,
                 embeddings: Embeddings | None = None, llm: BaseChatModel | None = None,
                 decision_model: DecisionModel | None = None) -> None:
        self.settings = settings or Settings()
        if decision_model is not None:
            self.decision_model = decision_model  # fills the cached property below
        self._index = index
        self._embeddings = embeddings
        self._llm = llm
        # The live (index, retriever) pair, replaced in one assignment: an answer takes it once and keeps it.
        self._live: tuple[KnowledgeIndex, HybridRetriever] | None = None
        self._loading = threading.RLock()  # a question arriving during warm_up() waits instead of loading twice

    def snapshot(self) -> tuple[KnowledgeIndex, HybridRetriever]:
        """The live index and its retriever, loaded on first use; one answer uses one snapshot throughout."""
        live = self._live
        if live is None:
            with self._loading:
                if self._live is None:
                    index = self._index
                    if index is None:
                        from ingest.embeddings.model import model_identity

                        index = load_index(self.settings.index_dir, expected_model=model_identity(self.settings))
                    self._live = (index, HybridRetriever.from_settings(self.settings, index, self.embeddings))
                live = self._live
        return live

    @property
    def index(self) -> KnowledgeIndex:
        return self.snapshot()[0]

    @property
    def embeddings(self):
        with self._loading:
            if self._embeddings is None:
                from ingest.embeddings.model import load_embeddings

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

    @cached_property
    def decision_model(self) -> DecisionModel:
        return load_decision_model(Path(self.settings.decision_model or DECISION_MODEL_PATH))

    @property
    def retriever(self) -> HybridRetriever:
        return self.snapshot()[1]

    def use_index(self, index: KnowledgeIndex) -> None:
        """Switch to a newly built index (after an ingest); in-flight answers keep the old one."""
        self._live = (index, HybridRetriever.from_settings(self.settings, index, self.embeddings))

    # -- the pipeline ---------------------------------------------------------------------------

    def standalone_question(self, question: str, history: Sequence[str] | None = None) -> str:
        if self.llm is not None and previous_questions(history, self.settings.history_turns):
            from assistant.llm_answer import condense_question

            return condense_question(self.llm, question, history, self.settings, fallback=self._resolve(question,
                                                                                                        history))
        return self._resolve(question, history)

    def _resolve(self, question: str, history: Sequence[str] | None) -> str:
        return resolve_offline(normalize_text(question), [normalize_text(q) for q in
                                                          previous_questions(history, self.settings.history_turns)],
                               self.index.segmenter, self.settings.history_turns)

    def answer(self, question: str, history: Sequence[str] | None = None) -> Answer:
        """The one entry point: a cited answer, or a refusal with the closest passages as 可能相关."""
        question = check_question(question, self.settings.question_max_chars)
        standalone, usable, extractive = self._prepare(question, history)
        if self.llm is None or extractive.refused or not usable:  # a document's header needs no model
            return extractive
        from assistant.llm_answer import answer_with_llm

        answer = self._direct(answer_with_llm(self.llm, question, standalone, usable, extractive))
        return answer.model_copy(update={"retrieved": extractive.retrieved})

    def stream(self, question: str, history: Sequence[str] | None = None) -> Iterator[str | Answer]:
        """Text pieces as they are produced (LLM tokens), then the final verified ``Answer``."""
        question = check_question(question, self.settings.question_max_chars)
        standalone, usable, extractive = self._prepare(question, history)
        if self.llm is None or extractive.refused or not usable:
            yield extractive
            return
        from assistant.llm_answer import stream_with_llm

        for piece in stream_with_llm(self.llm, question, standalone, usable, extractive):
            if isinstance(piece, Answer):
                piece = self._direct(piece).model_copy(update={"retrieved": extractive.retrieved})
            yield piece

    def _direct(self, answer: Answer) -> Answer:
        """A model-written answer's short answer and items, cut from its own citations like the extractive ones."""
        if answer.refused or answer.answerer == "extractive":
            return answer
        analysis = analyze_question(normalize_text(answer.standalone_question), self.index)
        return answer if analysis.parts else with_direct_answer(answer.model_copy(update={"items": []}), analysis)

    def retrieve(self, question: str, history: Sequence[str] | None = None, k: int | None = None) -> list[Passage]:
        """The passages an answer to ``question`` draws on, best first: retrieved within the source the question
        names, without its words of reference, and for a two-part question each part's passages in turn."""
        standalone = self.standalone_question(question, history)
        found = self.retrieve_parts(question, normalize_text(standalone), *self.snapshot(), k)
        return interleave([passages for _, _, passages in found.parts])

    def retrieve_parts(self, question: str, standalone: str, index: KnowledgeIndex, retriever: HybridRetriever,
                       k: int | None = None) -> Retrieved:
        """``question`` (as asked) and ``standalone`` (resolved, normalized) taken apart and retrieved part by
        part, on the given index snapshot."""
        asked = normalize_text(question)
        # A follow-up joined to what it leans on (…，那经费呢？) asks what its own words ask; one rewritten whole (山西呢？
        # → 山西整顿了多少个软弱涣散村党组织？) asks what the rewrite does.
        analysis = analyze_question(standalone, index, asked=asked if asked != standalone and asked in standalone else None)
        # Still leaning on an earlier turn after resolution: there was none to lean on.
        analysis.dangling = standalone == asked and is_follow_up(standalone, index.segmenter)
        parts = []
        for part in analysis.parts if analysis.parts and not analysis.dangling else [analysis]:
            vector = np.asarray(self.embeddings.embed_query(part.query), dtype=np.float32)
            # Only documents naming the part's places and figures may answer it (the naming rule of ``assess``):
            # passages of others would take places in the top k. All documents when none names them: the refusal
            # then says what is missing.
            naming = grounded_documents(part, index) or None
            parts.append((part, vector, retriever.search(part.query, k=k, query_vector=vector,
                                                         restrict_to=set(part.scope) or None, eligible=naming)))
        return Retrieved(analysis, parts)

    def _prepare(self, question: str, history: Sequence[str] | None,
                 memo: dict | None = None) -> tuple[str, list[Passage], Answer]:
        """Standalone question, the passages an answer may use, and the extractive answer (or refusal).
        ``memo`` holds the earlier turns' answers already prepared for this one (see ``_said_before``)."""
        memo = {} if memo is None else memo
        # One snapshot for the whole answer: an ingest may swap the index meanwhile.
        index, retriever = self.snapshot()
        standalone = normalize_text(self._item_asked_about(question, history, index, memo)
                                    or self.standalone_question(question, history))
        found = self.retrieve_parts(question, standalone, index, retriever)
        if found.analysis.publication and len(found.parts) == 1:
            return standalone, [], self._publication(question, standalone, found, index)
        similarity = TermSimilarity(index, self.embeddings)
        answered: list[tuple[QuestionAnalysis, Answer, list[Passage]]] = []
        missing: list[QuestionAnalysis] = []
        judged: Assessment | None = None
        earlier, said = self._said_before(question, history, index, memo)
        for part, vector, passages in found.parts:
            judged = assess(part, passages, index, query_vector=vector, similarity=similarity,
                            model=self.decision_model)
            if judged.answerable:
                extracted = self._extractive(question, standalone, part, judged.usable, judged.confidence, vector,
                                             index, said)
                if said and earlier is None and not extracted.citations:
                    # A case set against the last answer's (那…的呢？) that nothing else answers: that answer again.
                    extracted = self._extractive(question, standalone, part, judged.usable, judged.confidence,
                                                 vector, index)
                if part.answer_type in ELEMENT_TYPES and not holds_answer_type(part, extracted.answer):
                    # The passages hold a figure of the asked kind, but not in what the answer would quote (培训了
                    # 多少人 answered by the sentence naming the training): no figure question is answered without one.
                    judged = replace(judged, usable=[], reason="type_absent", detail=asked_name(part))
                    missing.append(part)
                    continue
                if (years := relative_years(part)) and not all(y in extracted.answer for y in years):
                    # 山西去年选派了多少名科技副县长: the passage says 去年 of the 选调生, not of what would be quoted.
                    judged = replace(judged, usable=[], reason="type_absent", detail=years_missing(years))
                    missing.append(part)
                    continue
                answered.append((part, extracted, judged.usable))
            else:
                missing.append(part)
        ranked = interleave([passages for _, _, passages in found.parts])
        retrieved = [p.citation(n) for n, p in enumerate(ranked, start=1)]
        if not answered:
            refusal = self.refusal(question, standalone, ranked, judged)
            return standalone, [], refusal.model_copy(update={"retrieved": retrieved})
        usable = [p for _, _, used in answered for p in used]
        if len(found.parts) == 1:
            answer = answered[0][1]
            if earlier is not None and not answer.citations:  # nothing beyond what was already quoted
                answer = answer.model_copy(update={"answer": NOTHING_MORE + earlier.answer,
                                                   "citations": earlier.citations, "notes": ["nothing more"]})
            answer = with_direct_answer(answer, found.analysis)
        else:
            answer = combine_parts(question, standalone, answered, missing)
        return standalone, usable, in_questioners_script(answer).model_copy(update={"retrieved": retrieved})

    def _earlier_answer(self, earlier: list[str], memo: dict) -> Answer:
        key = (earlier[-1], tuple(earlier[:-1]))
        if key not in memo:
            memo[key] = self._prepare(earlier[-1], earlier[:-1], memo=memo)[2]
        return memo[key]

    def _item_asked_about(self, question: str, history: Sequence[str] | None, index: KnowledgeIndex,
                          memo: dict) -> str | None:
        """A follow-up pointing at an item of the earlier answer (第二个具体怎么做？ after 昌都的“三大职能”是什么？) asked of
        that item, or None."""
        n = item_referred_to(normalize_text(question))
        earlier = previous_questions(history, self.settings.history_turns)
        if n is None or not earlier:
            return None
        items = self._earlier_answer(earlier, memo).items
        return asking_of_item(normalize_text(question), items[n - 1].text) if 0 < n <= len(items) else None

    def _said_before(self, question: str, history: Sequence[str] | None, index: KnowledgeIndex,
                     memo: dict) -> tuple[Answer | None, list[tuple[str, int, int]]]:
        """For a follow-up asking for more (那具体怎么做？ 还有呢？): the answer it follows and every span the
        answers of the chain quoted, so this one goes further instead of repeating them. Each earlier turn is
        prepared once (``memo``): without it a chain of n such follow-ups would prepare its first turn 2^n times."""
        earlier = previous_questions(history, self.settings.history_turns)
        last, said = None, []
        if earlier and (new := contrasted(normalize_text(question), normalize_text(earlier[-1]), index.segmenter)):
            # 那业绩差的呢？ after …业绩突出的干部怎么办？: the sentences answering that case, which hold under half the new
            # case's characters (none of 差), were said; the case set against them usually follows (the next-step
            # preference of ``select_sentences``). 评定为不合格的呢 is answered by the sentence saying 对“不合格”的… again.
            answer = self._earlier_answer(earlier, memo)
            if not answer.refused:
                said = [(c.doc_id, c.start, c.end) for c in answer.citations
                        if 2 * sum(ch in normalize_text(c.span) for ch in new) < len(new)]
            return None, said
        while earlier and asks_for_more(normalize_text(question), index.segmenter):
            answer = self._earlier_answer(earlier, memo)
            if answer.refused:
                break
            last = last or answer
            said += [(c.doc_id, c.start, c.end) for c in answer.citations]
            question, earlier = earlier[-1], earlier[:-1]
        return last, said

    def runnable(self) -> Runnable:
        """``answer`` as a langchain Runnable taking ``{"question": ..., "history": [...]}`` (history in any shape
        ``earlier_questions`` reads, chat messages included)."""
        return RunnableLambda(lambda inputs: self.answer(inputs["question"], earlier_questions(inputs.get("history"))),
                              name="cadre_answer")

    # -- steps ----------------------------------------------------------------------------------

    def _extractive(self, question: str, standalone: str, analysis: QuestionAnalysis, usable: list[Passage],
                    confidence: float, query_vector: np.ndarray, index: KnowledgeIndex,
                    said: Sequence[tuple[str, int, int]] = ()) -> Answer:
        items_doc, items = section_items(analysis, usable, index)
        if items and all(already_said(items_doc, i.start, i.end, said) for i in items):
            items = []
        if said:  # going further: what follows the quoted spans is a candidate even if retrieval missed it
            usable = usable + [p for p in following_passages(index, said) if (p.doc_id, p.start) not in
                               {(u.doc_id, u.start) for u in usable}]
        usable = [with_what_follows_a_heading(index, p) for p in usable]
        if items:
            usable, sentences = self._cite_items(items, items_doc, index)
        else:
            sentences = select_sentences(analysis, usable, spans=chunk_spans(usable, index, query_vector),
                                         max_chars=self.settings.answer_max_chars,
                                         documents=[index.documents[p.doc_id] for p in usable], said=said,
                                         scoring=self.decision_model.sentence_scoring)
        numbers: dict[int, int] = {}
        parts = []
        for sentence in sentences:
            n = numbers.setdefault(sentence.passage, len(numbers) + 1)
            parts.append(f"{sentence.text}[{n}]")
        citations = []
        for passage_index, n in numbers.items():
            own = [s for s in sentences if s.passage == passage_index]
            citations.append(usable[passage_index].citation(n, min(s.start for s in own),
                                              max(s.end for s in own)))
        listed = [AnswerItem(text=s.text, n=numbers[s.passage]) for s in sentences] if items else []
        return Answer(question=question, standalone_question=standalone, answer="".join(parts), refused=False,
                      confidence=round(confidence, 3), citations=citations, items=listed)

    def _cite_items(self, items: list[Sentence], doc_id: str,
                    index: KnowledgeIndex) -> tuple[list[Passage], list[Sentence]]:
        """Passages for enumerated items taken from the document structure: the chunks holding each item."""
        passages: list[Passage] = []
        for item in items:
            members = index.chunks_overlapping(doc_id, item.start, item.end)
            if not passages or passages[-1].start != min(c.start for c in members):
                passages.append(passage_from_chunks(index, members))
            item.passage = len(passages) - 1
        return passages, items

    def _publication(self, question: str, standalone: str, found: Retrieved, index: KnowledgeIndex) -> Answer:
        """A fact of a document's header (那篇报道是哪家报纸发的 → 乡村干部报), for the document the question points
        at — each when it points at two (讲巴中的两篇文章), else the one its best passage comes from —,
        citing the document's header line; a refusal when no header holds it (the speech names no author)."""
        analysis, _, passages = found.parts[0]
        retrieved = [p.citation(n) for n, p in enumerate(passages, start=1)]
        ranked = list(dict.fromkeys(p.doc_id for p in passages))
        docs = [index.documents[d] for d in (ranked if 0 < len(analysis.scope) <= 2 else ranked[:1])]
        docs = [doc for doc in docs if getattr(doc, analysis.publication)]
        if not docs:
            judged = Assessment(usable=[], confidence=0.0, reason="type_absent" if passages else "no_passage",
                                detail=PUBLICATION_NAMES[analysis.publication])
            return self.refusal(question, standalone, passages, judged).model_copy(update={"retrieved": retrieved})
        citations = []
        for n, doc in enumerate(docs, start=1):
            opening = passage_from_chunks(index, [index.chunks[min(index.chunks_of(doc.doc_id),
                                                                    key=lambda i: index.chunks[i].start)]])
            # The header is what is quoted; no span of the opening passage supports it.
            citations.append(opening.citation(n, opening.start, opening.start).model_copy(
                update={"header": document_header(doc)}))
        answer = Answer(question=question, standalone_question=standalone, refused=False, confidence=1.0,
                        answer="\n".join(f"{c.header}[{c.n}]" for c in citations), citations=citations,
                        short_answer=getattr(docs[0], analysis.publication) if len(docs) == 1 else None,
                        retrieved=retrieved, notes=["document header"])
        return in_questioners_script(answer)

    def refusal(self, question: str, standalone: str, passages: list[Passage], judged: Assessment) -> Answer:
        shown = passages[:RELATED_SHOWN] if judged.close_passages() else []
        related = [p.citation(i + 1) for i, p in enumerate(shown)]
        return Answer(question=question, standalone_question=standalone, answer=REFUSAL, refused=True,
                      confidence=round(judged.confidence, 3), related=related, refusal_reason=judged.reason,
                      explanation=judged.explanation())


@dataclass
class Retrieved:
    """A question taken apart and, for each of its parts (the question itself when it has none), the part, its
    query vector and its passages."""

    analysis: QuestionAnalysis
    parts: list[tuple[QuestionAnalysis, np.ndarray, list[Passage]]]


def interleave(rankings: list[list[Passage]]) -> list[Passage]:
    """Several rankings taken in turn (first of each, then second of each…), each passage once."""
    out, seen = [], set()
    for group in zip_longest(*rankings):
        for passage in group:
            if passage is not None and (passage.doc_id, passage.start) not in seen:
                seen.add((passage.doc_id, passage.start))
                out.append(passage)
    return out


def combine_parts(question: str, standalone: str, answered: list[tuple[QuestionAnalysis, Answer, list[Passage]]],
                  missing: list[QuestionAnalysis]) -> Answer:
    """One answer from the answers of a question's parts, citations renumbered, missing parts named."""
    pieces, citations, seen = [], [], set()
    for part, answer, _ in answered:
        if answer.answer in seen:
            continue  # two parts answered by the same sentences: say them once
        seen.add(answer.answer)
        offset = len(citations)
        text = MARKER.sub(lambda m, offset=offset: f"[{int(m.group(1)) + offset}]", answer.answer)
        citations += [c.model_copy(update={"n": c.n + offset}) for c in answer.citations]
        # Places label their answers (巴中：…); a clause's answer stands on its own line.
        pieces.append(f"{part.part_label}：{text}" if part.part_label in part.entities else text)
    if missing:
        pieces.append(MISSING_PART + "、".join(f"“{p.part_label.rstrip('？?')}”" for p in missing) + "的相关内容。")
    return Answer(question=question, standalone_question=standalone, answer="\n".join(pieces), refused=False,
                  confidence=round(min(a.confidence for _, a, _ in answered), 3), citations=citations,
                  notes=[f"part not found: {p.part_label}" for p in missing])


def with_what_follows_a_heading(index: KnowledgeIndex, passage: Passage) -> Passage:
    """A passage that is only a heading or a lead (充分发挥组织部门示范表率作用。), with the chunk after it: the answer
    is in what follows, which retrieval may not have found."""
    if len(passage.text) > LEAD_MAX_CHARS or (after := _chunk_after(index, passage.doc_id, passage.end)) is None:
        return passage
    members = index.chunks_overlapping(passage.doc_id, passage.start, passage.end) + [after]
    return passage_from_chunks(index, members, score=passage.score, bm25_score=passage.bm25_score,
                               dense_score=passage.dense_score)


def _chunk_after(index: KnowledgeIndex, doc_id: str, end: int, section: str | None = None) -> Chunk | None:
    """The first chunk of the document starting at ``end`` or later (within ``section`` when given)."""
    after = [index.chunks[i] for i in index.chunks_of(doc_id)
             if index.chunks[i].start >= end - 1 and (section is None or index.chunks[i].section == section)]
    return min(after, key=lambda c: c.start, default=None)


def following_passages(index: KnowledgeIndex, said: Sequence[tuple[str, int, int]]) -> list[Passage]:
    """The chunk right after each quoted span, within the same section: where 那具体怎么做 finds the next step."""
    out = []
    for doc_id, start, end in said:
        holding = index.chunks_overlapping(doc_id, start, end)
        if (after := _chunk_after(index, doc_id, end, holding[0].section if holding else None)) is not None:
            out.append(passage_from_chunks(index, [after]))
    return out


def with_direct_answer(answer: Answer, analysis: QuestionAnalysis) -> Answer:
    """The answer with its short answer and list items (assistant/direct.py), both verbatim from its citations."""
    return answer.model_copy(update={"short_answer": short_answer(analysis, answer),
                                     "items": answer.items or list_items(analysis, answer)})


def in_questioners_script(answer: Answer) -> Answer:
    """A question in Traditional characters gets its quotations in Traditional (the index holds Simplified)."""
    if detect_script(answer.question) != "traditional":
        return answer
    return answer.model_copy(update={
        "answer": to_traditional(answer.answer),
        "short_answer": to_traditional(answer.short_answer) if answer.short_answer else None,
        "items": [i.model_copy(update={"text": to_traditional(i.text)}) for i in answer.items],
        "citations": [c.model_copy(update={"text": to_traditional(c.text), "span": to_traditional(c.span)})
                      for c in answer.citations],
    })
