"""Retrieval and answer latency, and index load time, at 1k / 10k / 100k chunks.

The larger indexes come from a synthetic corpus: chunks of one or two sentences drawn (seeded)
from the cleaned sample corpus, grouped 20 to a document. Embeddings are reused across repeated
sentences (a chunk's vector is the normalized mean of its sentences' vectors), so the 100k index
builds in minutes; latencies do not depend on what the vectors say.

    .venv/bin/python bench/scale.py [--sizes 1000 10000 100000] [--seed 0] [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import percentiles

CHUNKS_PER_DOC = 20


def sample_sentences(settings) -> list[str]:
    from ingest.chunking import split_sentences_zh
    from ingest.index import load_index

    index = load_index(settings.index_dir)
    sentences = []
    for doc in index.documents.values():
        for line in doc.text.split("\n")[1:]:
            sentences += [line[s:e] for s, e in split_sentences_zh(line) if 8 <= e - s <= 110]
    return sorted(set(sentences))


def build(size: int, sentences: list[str], vectors: np.ndarray, out: Path, seed: int, model: str) -> float:
    from core.records import Chunk, Document
    from ingest.index import write_index
    from ingest.segment import Segmenter

    rng = random.Random(seed)
    documents, chunks, rows = [], [], []
    for d in range(size // CHUNKS_PER_DOC):
        picks = [[rng.randrange(len(sentences)) for _ in range(rng.choice((1, 2)))] for _ in range(CHUNKS_PER_DOC)]
        title = f"合成文档{d}"
        text, spans = title, []
        for pick in picks:
            body = "".join(sentences[i] for i in pick)
            spans.append((len(text) + 1, len(text) + 1 + len(body), body, pick))
            text += "\n" + body
        doc_id = f"synthetic/{d:06d}.txt"
        documents.append(Document(doc_id=doc_id, title=title, content_hash=str(d), text=text,
                                  n_chunks=CHUNKS_PER_DOC, n_chars=len(text)))
        for n, (start, end, body, pick) in enumerate(spans):
            chunks.append(Chunk(chunk_id=f"{doc_id}#{n}", doc_id=doc_id, title=title, start=start, end=end, text=body))
            mean = vectors[pick].mean(axis=0)
            rows.append(mean / np.linalg.norm(mean))
    started = time.perf_counter()
    write_index(out, documents=documents, chunks=chunks, embeddings=np.asarray(rows, dtype=np.float32),
                segmenter=Segmenter(), manifest={"embedding_model": model, "embedding_dim": vectors.shape[1],
                                                 "chunking": {}, "documents": {}})
    return time.perf_counter() - started


def load_seconds(index_dir: Path) -> tuple[float, float]:
    """In a fresh process: seconds to import the index module and load ``index_dir``, and seconds until
    it can also segment a question (jieba's dictionary loads on first use)."""
    out = subprocess.run([sys.executable, "-c", (
        "import time; t = time.perf_counter(); from ingest.index import load_index; "
        f"index = load_index({str(index_dir)!r}); loaded = time.perf_counter() - t; "
        "index.segmenter.tokens('第一书记'); print(loaded, time.perf_counter() - t)")],
        capture_output=True, text=True, check=True)
    loaded, ready = map(float, out.stdout.split())
    return loaded, ready


def latencies(assistant, questions: list[str]) -> tuple[list[float], list[float]]:
    """Per-question seconds of ``retrieve`` and of ``answer`` (extractive), warm."""
    retrieve, ask = [], []
    for question in questions:
        t = time.perf_counter()
        assistant.retrieve(question)
        retrieve.append(time.perf_counter() - t)
        t = time.perf_counter()
        assistant.answer(question)
        ask.append(time.perf_counter() - t)
    return retrieve, ask


def components(assistant, questions: list[str]) -> dict[str, list[float]]:
    """Per-question seconds of the parts of a retrieval: query embedding, BM25, dense search."""
    index, parts = assistant.index, {"embed_query": [], "bm25": [], "dense": []}
    for question in questions:
        t = time.perf_counter()
        vector = np.asarray(assistant.embeddings.embed_query(question), dtype=np.float32)
        parts["embed_query"].append(time.perf_counter() - t)
        tokens = index.segmenter.tokens(question)
        t = time.perf_counter()
        index.bm25_search(tokens, assistant.settings.retrieval_candidates)
        parts["bm25"].append(time.perf_counter() - t)
        t = time.perf_counter()
        index.dense_search(vector, assistant.settings.retrieval_candidates)
        parts["dense"].append(time.perf_counter() - t)
    return parts


def measure(out: Path, settings, questions: list[str], runs: int) -> dict:
    """Medians over ``runs`` of: load time (fresh process), retrieve and ask p50/p95 over all questions,
    and the p50 of each part of a retrieval."""
    from assistant.answering import Assistant

    assistant = Assistant(settings.model_copy(update={"index_dir": out}))
    assistant.answer(questions[0])  # warm-up: model, index, tagger
    loads, readies, per_run = [], [], []
    for _ in range(runs):
        loaded, ready = load_seconds(out)
        loads.append(loaded)
        readies.append(ready)
        retrieve, ask = latencies(assistant, questions)
        parts = components(assistant, questions)
        per_run.append({"retrieve": percentiles(retrieve), "ask": percentiles(ask),
                        **{name: percentiles(samples) for name, samples in parts.items()}})

    def median_of(kind: str, key: str) -> float:
        return round(statistics.median(r[kind][key] for r in per_run), 1)

    return {"load_s": round(statistics.median(loads), 2), "load_s_runs": [round(x, 2) for x in loads],
            "load_and_segmenter_s": round(statistics.median(readies), 2),
            **{kind: {key: median_of(kind, key) for key in ("p50_ms", "p95_ms")} for kind in ("retrieve", "ask")},
            "parts_p50_ms": {name: median_of(name, "p50_ms") for name in ("embed_query", "bm25", "dense")}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="chunk counts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3, help="measurement passes per size; medians are reported")
    parser.add_argument("--keep", type=Path, help="write the indexes under this folder and keep them (for profiling)")
    args = parser.parse_args()

    from core.settings import Settings
    from eval.dataset import load_dataset
    from ingest.embeddings.model import load_embeddings, model_identity

    settings = Settings()
    sentences = sample_sentences(settings)
    vectors = np.asarray(load_embeddings(settings).embed_documents(sentences), dtype=np.float32)
    questions = [i.question for i in load_dataset(Path("eval/dataset.jsonl"))]
    results: dict = {"unique_sentences": len(sentences), "runs": args.runs,
                     "embedding_backend": settings.embedding_backend}
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            out = (args.keep or Path(tmp)) / f"index-{size}"
            build_s = build(size, sentences, vectors, out, args.seed, model_identity(settings))
            results[str(size)] = {"build_s": round(build_s, 1), **measure(out, settings, questions, args.runs)}
            print(json.dumps({str(size): results[str(size)]}), flush=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
