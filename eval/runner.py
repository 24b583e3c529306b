"""Run a dataset through retrieval and answering; collect per-question results and aggregates."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from tqdm import tqdm

from assistant.answering import Assistant
from core.records import Answerer
from eval.dataset import EvalItem
from eval.evidence import holds, locate_evidence
from eval.metrics import (
    answer_text,
    char_f1,
    evidence_quoted,
    faithfulness,
    figure_correct,
    hit_at,
    rank_of_all_evidence,
    reciprocal_rank,
    rouge_l,
    short_figure_correct,
)


@dataclass
class QuestionResult:
    id: str
    type: str
    question: str
    reference: str
    answer: str
    refused: bool
    confidence: float
    seconds: float
    retrieval_rank: int | None = None
    hit1: float | None = None
    hit3: float | None = None
    hit5: float | None = None
    mrr: float | None = None
    faithfulness: float | None = None
    faithfulness_llm: float | None = None
    citation_precision: float | None = None
    citation_recall: float | None = None
    evidence_quoted: float | None = None
    char_f1: float | None = None
    rouge_l: float | None = None
    refusal_correct: float | None = None
    false_refusal: float | None = None
    figure_correct: float | None = None
    short_figure_correct: float | None = None
    short_answer: str | None = None
    kinds: list[str] = field(default_factory=list)
    refusal_reason: str | None = None
    retrieved: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


METRICS = ("hit1", "hit3", "hit5", "mrr", "faithfulness", "faithfulness_llm", "citation_precision",
           "citation_recall", "evidence_quoted", "char_f1", "rouge_l", "refusal_correct", "false_refusal", "figure_correct",
           "short_figure_correct")


@dataclass
class EvalRun:
    results: list[QuestionResult]
    settings: dict
    retriever: str
    answerer: Answerer
    embedding_model: str
    seconds: float

    def summary(self, results: list[QuestionResult] | None = None) -> dict:
        """Mean of each metric over the questions it applies to (None where it applies to none)."""
        results = self.results if results is None else results
        out: dict = {"questions": len(results)}
        for metric in METRICS:
            values = [getattr(r, metric) for r in results if getattr(r, metric) is not None]
            out[metric] = round(statistics.fmean(values), 4) if values else None
        out["seconds_per_question"] = round(statistics.fmean(r.seconds for r in results), 4) if results else None
        return out

    def by_type(self) -> dict[str, dict]:
        types = sorted({r.type for r in self.results})
        return {t: self.summary([r for r in self.results if r.type == t]) for t in types}

    def by_kind(self) -> dict[str, dict]:
        """Rows for the cross-cutting tags (source_scoped, spoken, everyday, two_part, absent_fact, off_topic)."""
        kinds = sorted({k for r in self.results for k in r.kinds})
        return {k: self.summary([r for r in self.results if k in r.kinds]) for k in kinds}

    def to_dict(self) -> dict:
        return {"retriever": self.retriever, "answerer": self.answerer, "embedding_model": self.embedding_model,
                "settings": self.settings, "seconds": round(self.seconds, 2), "overall": self.summary(),
                "by_type": self.by_type(), "by_kind": self.by_kind(), "questions": [asdict(r) for r in self.results]}


def _evidence_rank(assistant: Assistant, item: EvalItem, spans: list[tuple[str, int, int]]) -> int:
    index = assistant.index

    def holder(doc: str, evidence: str):
        located = locate_evidence(index, doc, evidence)
        return lambda d, s, e: holds(d, s, e, doc, located)

    best = rank_of_all_evidence(spans, [holder(doc, ev) for doc, ev in item.required_evidence()])
    if (alternative := item.alternative_evidence()) is not None:
        best = min(best, rank_of_all_evidence(spans, [holder(*alternative)]))
    return best


def _citation_scores(assistant: Assistant, item: EvalItem, answer) -> tuple[float | None, float | None]:
    if answer.refused or not answer.citations:
        return None, None
    index = assistant.index
    evidence = [(doc, locate_evidence(index, doc, ev)) for doc, ev in item.required_evidence()]
    if (alternative := item.alternative_evidence()) is not None:
        evidence.append((alternative[0], locate_evidence(index, *alternative)))

    def cited_holds(c, doc, located) -> bool:
        return holds(c.doc_id, c.passage_start, c.passage_end, doc, located)

    precision = sum(any(cited_holds(c, d, e) for d, e in evidence) for c in answer.citations) / len(answer.citations)
    required = evidence[: len(item.required_evidence())]
    recall = sum(any(cited_holds(c, d, e) for c in answer.citations) for d, e in required) / len(required)
    if alternative is not None and any(cited_holds(c, *evidence[-1]) for c in answer.citations):
        recall = 1.0
    return precision, recall


def evaluate_item(assistant: Assistant, item: EvalItem, judge: Callable | None = None) -> QuestionResult:
    started = time.perf_counter()
    answer = assistant.answer(item.question, item.history)
    passages = answer.retrieved  # ranked as the answer saw them: no second retrieval that could differ
    seconds = time.perf_counter() - started
    result = QuestionResult(
        id=item.id, type=item.type, question=item.question, reference=item.answer, answer=answer.answer,
        refused=answer.refused, confidence=answer.confidence, seconds=round(seconds, 4),
        retrieved=[f"{p.chunk_id} {p.text[:60]}" for p in passages[:5]], notes=answer.notes,
        kinds=list(item.kinds), refusal_reason=answer.refusal_reason,
    )
    if not item.answerable:
        result.refusal_correct = float(answer.refused)
        return result
    rank = _evidence_rank(assistant, item, [(p.doc_id, p.passage_start, p.passage_end) for p in passages])
    result.retrieval_rank = rank
    result.hit1, result.hit3, result.hit5 = hit_at(rank, 1), hit_at(rank, 3), hit_at(rank, 5)
    result.mrr = reciprocal_rank(rank, len(passages))
    result.false_refusal = float(answer.refused)
    result.figure_correct = figure_correct(answer, item.answer)
    result.short_figure_correct = short_figure_correct(answer, item.answer)
    result.short_answer = answer.short_answer
    if not answer.refused:
        result.faithfulness = faithfulness(answer)
        result.citation_precision, result.citation_recall = _citation_scores(assistant, item, answer)
        alternative = item.alternative_evidence()
        result.evidence_quoted = evidence_quoted(answer, [ev for _, ev in item.required_evidence()],
                                                 alternative[1] if alternative else None)
        text = answer_text(answer)
        result.char_f1, result.rouge_l = char_f1(text, item.answer), rouge_l(text, item.answer)
        if judge is not None:
            result.faithfulness_llm = judge(answer)
    return result


def run_eval(items: list[EvalItem], assistant: Assistant, *, judge: Callable | None = None,
             show_progress: bool = True) -> EvalRun:
    """Evaluate every item with ``assistant`` (its settings decide retriever, answerer and models)."""
    from ingest.embeddings.model import model_identity

    answerer: Answerer = "llm" if assistant.llm is not None else "extractive"
    started = time.monotonic()
    results = [evaluate_item(assistant, item, judge)
               for item in tqdm(items, desc="评测", unit="题", disable=not show_progress, file=sys.stderr)]
    settings = assistant.settings.model_dump(mode="json", exclude={"llm_api_key"})
    return EvalRun(results=results, settings=settings, retriever=assistant.settings.retriever, answerer=answerer,
                   embedding_model=model_identity(assistant.settings), seconds=time.monotonic() - started)
