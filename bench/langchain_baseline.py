"""The plain LangChain recipe next to ours, same run, same embedding model, same public eval set.

Baseline: raw files → RecursiveCharacterTextSplitter (default separators and sizes) → FAISS,
dense only, no cleaning, no history. Ours: the configured index (run `cadre ingest` first).

    .venv/bin/python bench/langchain_baseline.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

K = 10


def evidence_rank(hits: list[tuple[str, int, int]], doc: str, start: int, end: int) -> int:
    """Rank of the first hit covering at least 80% of the evidence span (raw-file offsets)."""
    for rank, (source, s, e) in enumerate(hits):
        if source == doc and min(e, end) - max(s, start) >= 0.8 * (end - start):
            return rank
    return 99


def summarize(ranks: list[int], latencies: list[float]) -> dict:
    n = len(ranks)
    return {"hit1": round(sum(r < 1 for r in ranks) / n, 3), "hit5": round(sum(r < 5 for r in ranks) / n, 3),
            "mrr": round(sum(1 / (r + 1) for r in ranks if r < K) / n, 3),
            "query_ms_p50": round(statistics.median(latencies) * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="passes over the questions; latency is the median")
    args = parser.parse_args()
    from langchain_community.vectorstores import FAISS
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from assistant.answering import Assistant
    from core.settings import Settings
    from eval.dataset import load_dataset
    from eval.evidence import holds, locate_evidence
    from ingest.embeddings.model import load_embeddings

    settings = Settings()
    items = [i for i in load_dataset(Path("eval/dataset.jsonl")) if i.answerable]
    embeddings = load_embeddings(settings)

    raw = {p.name: p.read_text(encoding="utf-8") for p in sorted(Path(settings.corpus_dir).glob("*.txt"))}
    splitter = RecursiveCharacterTextSplitter(add_start_index=True)
    chunks = splitter.split_documents([Document(page_content=t, metadata={"source": n}) for n, t in raw.items()])
    started = time.perf_counter()
    store = FAISS.from_documents(chunks, embeddings)
    build_s = time.perf_counter() - started

    def baseline_hits(question: str) -> list[tuple[str, int, int]]:
        docs = store.similarity_search(question, k=K)
        return [(d.metadata["source"], d.metadata["start_index"], d.metadata["start_index"] + len(d.page_content))
                for d in docs]

    assistant = Assistant(settings)
    assistant.answer(items[0].question)  # warm-up
    results: dict = {}
    runs: dict[str, list[dict]] = {"baseline": [], "ours": []}
    for name in [name for _ in range(args.runs) for name in ("baseline", "ours")]:  # interleaved passes
        ranks, latencies = [], []
        for item in items:
            begin = time.perf_counter()
            if name == "baseline":
                hits = baseline_hits(item.question)
                latencies.append(time.perf_counter() - begin)
                need = [(d, raw[d].find(e)) for d, e in item.required_evidence()]
                ranks.append(max(evidence_rank(hits, d, s, s + len(e))
                                 for (d, s), (_, e) in zip(need, item.required_evidence(), strict=True)))
            else:
                passages = assistant.retrieve(item.question, item.history, k=K)
                latencies.append(time.perf_counter() - begin)
                spans = [(p.doc_id, p.start, p.end) for p in passages]
                per_evidence = []
                for doc, evidence in item.required_evidence():
                    located = locate_evidence(assistant.index, doc, evidence)
                    per_evidence.append(next((r for r, (d, s, e) in enumerate(spans)
                                              if holds(d, s, e, doc, located)), 99))
                ranks.append(max(per_evidence))
        runs[name].append(summarize(ranks, latencies))
    for name, summaries in runs.items():
        # Ranks do not change between passes; the latency is the median of the passes' medians.
        results[name] = {**summaries[0], "query_ms_p50": statistics.median(r["query_ms_p50"] for r in summaries)}
    results["baseline"].update({"chunks": len(chunks), "mean_chunk_chars": round(
        statistics.fmean(len(c.page_content) for c in chunks)), "build_s": round(build_s, 1)})
    results["ours"].update({"chunks": len(assistant.index.chunks), "mean_chunk_chars": round(
        statistics.fmean(len(c.text) for c in assistant.index.chunks))})
    print(json.dumps({"questions": len(items), **results}, indent=2))


if __name__ == "__main__":
    main()
