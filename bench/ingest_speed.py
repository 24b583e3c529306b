"""Ingestion of the sample corpus from scratch, phase by phase, with peak memory; each run in a fresh process.

    .venv/bin/python bench/ingest_speed.py [--runs 3] [--backend onnx]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

CHILD = """
import json, resource, sys, tempfile, time
from pathlib import Path
started = time.perf_counter()
from ingest.embeddings.model import load_embeddings
from core.settings import Settings
from ingest.pipeline import ingest
with tempfile.TemporaryDirectory() as tmp:
    settings = Settings(index_dir=Path(tmp) / "index", embedding_backend=sys.argv[1])
    imported = time.perf_counter()
    load_embeddings(settings)
    model_s = time.perf_counter() - imported
    report = ingest(settings, rebuild=True, show_progress=False)
print(json.dumps({"documents": report.n_documents, "chunks": report.n_chunks, "imports_s": imported - started,
                  "model_load_s": model_s, **{f"{k}_s": v for k, v in report.phase_seconds.items()},
                  "ingest_s": report.seconds,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="fresh-process runs; medians are reported")
    parser.add_argument("--backend", default="onnx", choices=["torch", "onnx", "onnx-int8"], help="embedding runtime")
    args = parser.parse_args()

    runs = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", CHILD, args.backend], capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(runs[-1]), flush=True)
    median = {key: round(statistics.median(r[key] for r in runs), 2) for key in runs[0]}
    median["documents_per_s"] = round(median["documents"] / median["ingest_s"], 2)
    median["chunks_per_s"] = round(median["chunks"] / median["ingest_s"], 1)
    median["chunks_per_s_embedding"] = round(median["chunks"] / median["embed_s"], 1)
    print(json.dumps({"backend": args.backend, "runs": args.runs, "median": median}, indent=2))


if __name__ == "__main__":
    main()
