"""The chain with a real model: in-process llama.cpp and llama.cpp's OpenAI-compatible server.

Run with:  CADRE_TEST_LLM=1 bash scripts/test.sh -m llm   (after `pip install -e '.[llm]'` and
`cadre model fetch-llm`). Skipped otherwise.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from assistant.answering import Assistant
from assistant.evidence import SUPPORT_THRESHOLD, cited_sentences, ngram_support
from assistant.llm_fetch import gguf_path
from assistant.quiz import generate_quiz
from core.records import REFUSAL
from core.settings import Settings

pytestmark = pytest.mark.llm
QUESTION = "巴中选派了多少名党员干部组建驻村工作队？"


@pytest.fixture(scope="module")
def model_path():
    path = gguf_path(Settings())
    if not path.is_file():
        pytest.fail("run `cadre model fetch-llm` first")
    return path


@pytest.fixture(scope="module")
def local_llm(model_path):
    from assistant.llm import make_chat_model

    return make_chat_model(Settings(llm_provider="llamacpp", llm_model=str(model_path)))


def assert_verified(answer) -> None:
    by_number = {c.n: c.text for c in answer.citations}
    for body, cited in cited_sentences(answer.answer):
        assert cited and ngram_support(body, [by_number[n] for n in cited]) >= SUPPORT_THRESHOLD, body


def test_in_process_cited_answer(sample_index, embeddings, local_llm):
    answer = Assistant(Settings(), index=sample_index, embeddings=embeddings, llm=local_llm).answer(QUESTION)
    assert not answer.refused and "3654" in answer.answer
    assert answer.answerer == "llm", answer.notes
    assert_verified(answer)


def test_in_process_unanswerable_is_refused(sample_index, embeddings, local_llm):
    answer = Assistant(Settings(), index=sample_index, embeddings=embeddings, llm=local_llm).answer(
        "贵州省选派了多少名第一书记？")
    assert answer.refused and answer.answer == REFUSAL


def test_in_process_quiz_json(sample_index, embeddings, local_llm):
    assistant = Assistant(Settings(), index=sample_index, embeddings=embeddings, llm=local_llm)
    result = generate_quiz(assistant, n=4, seed=5)
    assert len(result.questions) == 4, result.quality()
    for q in result.questions:  # the model's items pass the same checks as the offline ones
        assert q.evidence and all(e in q.citation.span for e in q.evidence), q


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_openai_backend_against_llama_cpp_server_then_server_dies(sample_index, embeddings, model_path):
    from assistant.llm import make_chat_model

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(model_path), "--host",
                               "127.0.0.1", "--port", str(port), "--n_ctx", "4096"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2)
                break
            except OSError:
                time.sleep(1)
        settings = Settings(llm_provider="openai", llm_base_url=f"http://127.0.0.1:{port}/v1", llm_model="local",
                            llm_timeout=120, llm_max_retries=0)
        assistant = Assistant(settings, index=sample_index, embeddings=embeddings, llm=make_chat_model(settings))
        first = assistant.answer(QUESTION)
        assert first.answerer == "llm" and "3654" in first.answer, first.notes
        assert_verified(first)
    finally:
        server.kill()
        server.wait(timeout=30)
    started = time.monotonic()
    second = assistant.answer("那对口帮扶了多少个贫困村？", history=[QUESTION])
    assert time.monotonic() - started < 30  # a clear failure, not a hang
    assert second.answerer == "extractive" and second.notice and "699" in second.answer


def test_eval_with_the_llm_answerer(sample_index, model_path, tmp_path):
    env = {**os.environ, "CADRE_INDEX_DIR": str(sample_index.path.parent), "CADRE_LLM_PROVIDER": "llamacpp",
           "CADRE_LLM_MODEL": str(model_path)}
    result = subprocess.run([sys.executable, "-m", "ui.cli", "eval", "-q", "--answerer", "llm",
                             "--out", str(tmp_path)], env=env, check=False, capture_output=True, text=True, timeout=7200)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "faithfulness=" in result.stdout and "faithfulness_llm=" in result.stdout
