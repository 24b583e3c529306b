"""Warm latency of hybrid retrieval and extractive answers on the current index, over the public eval questions.

    .venv/bin/python bench/answer_latency.py [--rounds 5]

The index is the configured one (data/index by default; run `cadre ingest` first).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from common import percentiles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the question set")
    args = parser.parse_args()

    from assistant.answering import Assistant
    from eval.dataset import load_dataset

    items = load_dataset(Path("eval/dataset.jsonl"))
    assistant = Assistant()
    assistant.answer(items[0].question)  # load models and index
    retrieve, ask = [], []
    for _ in range(args.rounds):
        for item in items:
            start = time.perf_counter()
            assistant.retrieve(item.question, item.history)
            retrieve.append(time.perf_counter() - start)
            start = time.perf_counter()
            assistant.answer(item.question, item.history)
            ask.append(time.perf_counter() - start)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ui.cli", "ask", "巴中选派了多少名党员干部组建驻村工作队？"],
                   check=True, capture_output=True)
    cold = time.perf_counter() - start
    print(json.dumps({
        "chunks": len(assistant.index.chunks),
        "questions_timed": len(ask),
        "retrieve_hybrid": percentiles(retrieve),
        "ask_extractive": percentiles(ask),
        "cold_cadre_ask_process_s": round(cold, 2),
    }, indent=2))


if __name__ == "__main__":
    main()
