"""Cold start of the page: from ``python app.py`` to the page served, and to its first answer, index already built.

    .venv/bin/cadre ingest && .venv/bin/python bench/cold_start.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

QUESTION = "巴中选派了多少名党员干部组建驻村工作队？"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_page(url: str, process: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app.py exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(url)


def one_run() -> dict:
    from gradio_client import Client

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_for_page(url, process)
        page_s = time.perf_counter() - started
        answer = Client(url, verbose=False).predict(QUESTION, [], api_name="/ask")
        first_answer_s = time.perf_counter() - started
        assert answer["citations"], answer
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"page_served_s": round(page_s, 2), "first_answer_s": round(first_answer_s, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="fresh starts; medians are reported")
    args = parser.parse_args()
    runs = []
    for _ in range(args.runs):
        runs.append(one_run())
        print(json.dumps(runs[-1]), flush=True)
    print(json.dumps({"runs": args.runs, "median": {k: statistics.median(r[k] for r in runs) for k in runs[0]}},
                     indent=2))


if __name__ == "__main__":
    main()
