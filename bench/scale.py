"""Retrieval and answer latency, and index load time, at 1k / 10k / 100k chunks.

The larger indexes come from a synthetic corpus: chunks of one or two sentences drawn (seeded)
from the cleaned sample corpus, grouped 20 to a document. Embeddings are reused across repeated
sentences (a chunk's vector is the normalized mean of its sentences' vectors), so the 100k index
builds in minutes; latencies do not depend on what the vectors say.

    .venv/bin/python bench/scale.py [--sizes 1000 10000 100000] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
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
    from assistant.types import Chunk, Document
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="chunk counts")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from assistant.chain import Assistant
    from assistant.embeddings.model import load_embeddings, model_identity
    from assistant.settings import Settings
    from eval.dataset import load_dataset

    settings = Settings()
    sentences = sample_sentences(settings)
    vectors = np.asarray(load_embeddings(settings).embed_documents(sentences), dtype=np.float32)
    questions = [i.question for i in load_dataset(Path("eval/dataset.jsonl"))]
    results = {"unique_sentences": len(sentences)}
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "index"
            build_s = build(size, sentences, vectors, out, args.seed, model_identity(settings))
            load = subprocess.run([sys.executable, "-c", (
                "import time; t = time.perf_counter(); from ingest.index import load_index; "
                f"load_index({str(out)!r}); print(time.perf_counter() - t)")], capture_output=True, text=True,
                check=True)
            assistant = Assistant(settings.model_copy(update={"index_dir": out}))
            assistant.answer(questions[0])  # warm-up: model, index, tagger
            retrieve, ask = [], []
            for question in questions * 2:
                t = time.perf_counter()
                assistant.retrieve(question)
                retrieve.append(time.perf_counter() - t)
                t = time.perf_counter()
                assistant.answer(question)
                ask.append(time.perf_counter() - t)
            results[str(size)] = {"build_s": round(build_s, 1), "load_s": round(float(load.stdout.strip()), 2),
                                  "retrieve": percentiles(retrieve), "ask": percentiles(ask)}
            print(json.dumps({str(size): results[str(size)]}), flush=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
