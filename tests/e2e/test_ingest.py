"""Ingestion end to end: incremental updates, bad files, interrupted runs, and the CLI around them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from core.errors import IndexStoreError
from ingest.index import CURRENT, load_index
from ingest.pipeline import ingest
from tests.conftest import SAMPLE_FILES, make_settings

EXTRA_PARAGRAPH = "\n\n新增段落：试点村建立了“积分超市”制度，党员带头参与环境整治，每月评比一次。\n"


def run_cli(*args: str, settings, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "CADRE_CORPUS_DIR": str(settings.corpus_dir), "CADRE_INDEX_DIR": str(settings.index_dir)}
    return subprocess.run([sys.executable, "-m", "ui.cli", *args], env=env, check=False, capture_output=True, text=True,
                          timeout=timeout)


def test_sample_index_contents(sample_index):
    assert sorted(sample_index.documents) == SAMPLE_FILES
    assert len(sample_index.chunks) == sample_index.embeddings.shape[0] == sample_index.dense.ntotal
    assert sample_index.manifest["embedding_model"].startswith("builtin:multilingual-e5-small")
    norms = np.linalg.norm(sample_index.embeddings, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-3)
    for doc in sample_index.documents.values():
        assert doc.n_chunks == len(sample_index.chunks_of(doc.doc_id)) > 0


def test_bm25_keeps_policy_terms_whole(sample_index):
    tokens = sample_index.segmenter.tokens("“两包三到”联动帮扶机制和驻村工作队")
    assert "两包三到" in tokens and "驻村工作队" in tokens
    ids, _ = sample_index.bm25_search(tokens, 3)
    assert "两包三到" in sample_index.chunks[ids[0]].text


def test_dense_search_finds_the_passage(sample_index, embeddings):
    vector = np.asarray(embeddings.embed_query("巴中选派多少名党员干部组建驻村工作队"))
    ids, scores = sample_index.dense_search(vector, 3)
    assert any("3654" in sample_index.chunks[i].text for i in ids)
    # The scores are the cosines of those chunks' stored vectors (inner product on normalized vectors).
    assert np.allclose(scores, sample_index.embeddings[ids] @ vector, atol=1e-5)


def test_incremental_reingest(corpus_copy, embeddings):
    settings = corpus_copy
    first = ingest(settings, embeddings=embeddings, show_progress=False)
    assert sorted(first.added) == SAMPLE_FILES and first.n_embedded == first.n_chunks
    assert list(first.phase_seconds) == ["read", "embed", "write"]
    assert all(v >= 0 for v in first.phase_seconds.values())
    assert abs(sum(first.phase_seconds.values()) - first.seconds) < 1e-6
    assert "计算向量" in first.summary()

    second = ingest(settings, embeddings=embeddings, show_progress=False)
    assert sorted(second.unchanged) == SAMPLE_FILES and second.n_embedded == 0
    assert second.n_chunks == first.n_chunks

    rebuilt = ingest(settings, rebuild=True, embeddings=embeddings, show_progress=False)
    assert sorted(rebuilt.added) == SAMPLE_FILES and rebuilt.n_embedded == first.n_chunks

    changed = Path(settings.corpus_dir) / "002_2ab6596263cc6e8e.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("(责任编辑", EXTRA_PARAGRAPH + "(责任编辑"),
                       encoding="utf-8")
    third = ingest(settings, embeddings=embeddings, show_progress=False)
    index = load_index(settings.index_dir)
    assert third.updated == ["002_2ab6596263cc6e8e.txt"]
    assert third.n_embedded == len(index.chunks_of("002_2ab6596263cc6e8e.txt"))
    assert any("积分超市" in c.text for c in index.chunks)
    # Every BM25 word has its vector, the changed document's new words included.
    assert index.term_vectors.shape[0] == len(index.term_vocabulary)
    row = index.term_vocabulary["积分"]
    fresh = np.asarray(embeddings.embed_documents(["积分"])[0])
    assert float(index.term_vectors[row].astype(np.float32) @ fresh) > 0.99

    (Path(settings.corpus_dir) / "000_60c230d7500ffaa4.txt").unlink()
    fourth = ingest(settings, embeddings=embeddings, show_progress=False)
    assert fourth.missing == ["000_60c230d7500ffaa4.txt"]
    before = load_index(settings.index_dir)
    removed_chunks = len(before.chunks_of("000_60c230d7500ffaa4.txt"))
    assert removed_chunks > 0

    fifth = ingest(settings, prune=True, embeddings=embeddings, show_progress=False)
    assert fifth.removed == ["000_60c230d7500ffaa4.txt"]
    index = load_index(settings.index_dir)
    assert "000_60c230d7500ffaa4.txt" not in index.documents
    assert len(index.chunks) == len(before.chunks) - removed_chunks
    assert all(c.doc_id != "000_60c230d7500ffaa4.txt" for c in index.chunks)
    assert index.dense.ntotal == len(index.chunks)
    # "699个建卡贫困村" was only in the removed document's text among the BM25-indexed chunks of 000.
    ids, _ = index.bm25_search(index.segmenter.tokens("急需紧缺人才选育计划"), 5)
    assert all(index.chunks[i].doc_id != "000_60c230d7500ffaa4.txt" for i in ids)


def test_bad_files_are_reported_and_the_rest_ingested(corpus_copy, embeddings):
    settings = corpus_copy
    corpus = Path(settings.corpus_dir)
    ingest(settings, embeddings=embeddings, show_progress=False)
    (corpus / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "photo.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "gbk.txt").write_bytes("驻村简报\n2020年05月01日 来源:县委组织部\n某县为每个贫困村配备了两名科技特派员，"
                                     "开展技术培训三十余场，带动贫困户发展特色种植。\n".encode("gbk"))
    # A file that was indexed and is now corrupt keeps its earlier version.
    (corpus / "004_a928fa1a2d1fd905.txt").write_bytes(b"\x00\x01\x02" * 100)
    report = ingest(settings, embeddings=embeddings, show_progress=False)
    reasons = {s.name: s.reason for s in report.skipped}
    assert set(reasons) == {"broken.docx", "empty.txt", "photo.txt", "004_a928fa1a2d1fd905.txt"}
    assert "Word" in reasons["broken.docx"] and "为空" in reasons["empty.txt"]
    assert "旧版本" in reasons["004_a928fa1a2d1fd905.txt"]
    assert report.added == ["gbk.txt"]
    index = load_index(settings.index_dir)
    assert "004_a928fa1a2d1fd905.txt" in index.documents
    assert any("科技特派员" in c.text for c in index.chunks)
    assert "跳过 broken.docx" in report.summary()


def test_links_out_of_the_corpus_and_odd_names_are_skipped_with_a_reason(corpus_copy, embeddings, tmp_path):
    settings = corpus_copy
    corpus = Path(settings.corpus_dir)
    secret = tmp_path / "secret.txt"
    secret.write_text("机密文件\n2020年01月01日 来源:某单位\n" + "root:x:0:0:root:/root:/bin/bash 这是资料目录之外的文件内容。" * 3,
                      encoding="utf-8")
    (corpus / "passwd.txt").symlink_to(secret)
    (corpus / "outside").symlink_to(tmp_path, target_is_directory=True)
    os.makedirs(os.fsencode(corpus), exist_ok=True)
    with open(os.path.join(os.fsencode(corpus), b"\xff\xfe-bad-name.txt"), "wb") as f:
        f.write("坏名字\n2020年01月01日 来源:某县\n这是一个文件名不是 UTF-8 编码的文档，内容本身没有问题。\n".encode())
    report = ingest(settings, embeddings=embeddings, show_progress=False)
    reasons = {s.name: s.reason for s in report.skipped}
    assert "资料目录之外" in reasons["passwd.txt"]
    assert "资料目录之外" in reasons.get("outside/secret.txt", "资料目录之外")  # skipped, or never listed
    assert "UTF-8" in reasons["\\xff\\xfe-bad-name.txt"]
    index = load_index(settings.index_dir)
    assert not any("root:x:0:0" in c.text for c in index.chunks)
    assert set(index.documents) == set(SAMPLE_FILES)
    report.summary()  # printable, nothing raises on the odd name


def test_an_empty_corpus_is_an_empty_knowledge_base(tmp_path):
    """No files at all is not an error: the index says so, and so does every command that reads it."""
    settings = make_settings(tmp_path)
    Path(settings.corpus_dir).mkdir()
    result = run_cli("ingest", "-q", settings=settings)
    assert result.returncode == 0, result.stderr
    assert "资料库现在是空的" in result.stdout
    asked = run_cli("ask", "第一书记任期多长？", settings=settings)
    assert asked.returncode == 0 and "资料库里还没有文档" in asked.stdout
    docs = run_cli("docs", settings=settings)
    assert docs.returncode == 0 and docs.stdout == "" and "资料库是空的" in docs.stderr
    quiz = run_cli("quiz", "-n", "3", settings=settings)
    assert quiz.returncode != 0 and "还没有文档" in quiz.stderr
    assert run_cli("doctor", settings=settings).returncode == 0


def test_nothing_ingestable_fails_without_touching_anything(tmp_path, embeddings):
    settings = make_settings(tmp_path)
    Path(settings.corpus_dir).mkdir()
    (Path(settings.corpus_dir) / "empty.txt").write_bytes(b"")
    report = ingest(settings, embeddings=embeddings, show_progress=False)
    assert not report.ok and len(report.skipped) == 1
    assert not (Path(settings.index_dir) / CURRENT).exists()
    result = run_cli("ingest", "-q", settings=settings)
    assert result.returncode == 1
    assert "没有任何文档可以入库" in result.stderr


def test_index_built_with_another_model_is_refused(corpus_copy, embeddings):
    settings = corpus_copy
    ingest(settings, embeddings=embeddings, model_name="/models/bge-small-zh", show_progress=False)
    with pytest.raises(IndexStoreError) as info:
        load_index(settings.index_dir, expected_model="builtin:multilingual-e5-small@v1")
    assert "bge-small-zh" in info.value.help_message and "--rebuild" in info.value.help_message
    result = run_cli("ingest", "-q", settings=settings)
    assert result.returncode == 2 and "--rebuild" in result.stderr


def test_cli_ingest_then_load_in_a_new_process(corpus_copy):
    settings = corpus_copy
    result = run_cli("ingest", settings=settings)
    assert result.returncode == 0, result.stderr
    assert "入库完成：5 篇文档" in result.stdout and "计算向量" in result.stderr

    docs = run_cli("docs", "--json", settings=settings)
    assert docs.returncode == 0
    listed = [json.loads(line) for line in docs.stdout.splitlines()]
    assert sorted(d["doc_id"] for d in listed) == SAMPLE_FILES
    assert {d["script"] for d in listed} == {"simplified", "traditional"}

    chunks = run_cli("chunks", "--json", settings=settings)
    rows = [json.loads(line) for line in chunks.stdout.splitlines()]
    assert rows and {"chunk_id", "doc_id", "title", "section", "start", "end", "text"} <= set(rows[0])


def test_killed_ingest_leaves_the_previous_index_usable(corpus_copy, embeddings):
    settings = corpus_copy
    ingest(settings, embeddings=embeddings, show_progress=False)
    before = (Path(settings.index_dir) / CURRENT).read_text()
    original = load_index(settings.index_dir)
    corpus = Path(settings.corpus_dir)
    text = (corpus / "003_a4f876b9c19c779d.txt").read_text(encoding="utf-8")
    for i in range(12):  # enough new chunks that embedding takes a while
        (corpus / f"copy-{i}.txt").write_text(text.replace("同志们", f"第{i}次会议同志们"), encoding="utf-8")

    env = {**os.environ, "CADRE_CORPUS_DIR": str(settings.corpus_dir), "CADRE_INDEX_DIR": str(settings.index_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "ui.cli", "ingest"], env=env, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    cache = Path(settings.index_dir) / "vector-cache"
    deadline = time.monotonic() + 300
    while not list(cache.glob("*/batch-*.npz")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)  # once some vectors are computed, before they are all
    proc.wait(timeout=30)
    assert list(cache.glob("*/batch-*.npz")), proc.stderr.read()[-2000:]

    assert (Path(settings.index_dir) / CURRENT).read_text() == before
    after = load_index(settings.index_dir)
    assert sorted(after.documents) == sorted(original.documents)
    assert [c.chunk_id for c in after.chunks] == [c.chunk_id for c in original.chunks]

    # The next run keeps the vectors the killed one computed, finishes the job and cleans up after it.
    report = ingest(settings, embeddings=embeddings, show_progress=False)
    assert len(report.added) == 12
    new_chunks = sum(load_index(settings.index_dir).documents[f"copy-{i}.txt"].n_chunks for i in range(12))
    assert report.n_resumed > 0 and report.n_embedded + report.n_resumed == new_chunks
    assert "沿用上次中断前算好的" in report.summary()
    leftovers = [p.name for p in Path(settings.index_dir).iterdir() if p.name.endswith(".tmp")]
    assert leftovers == [] and not cache.exists()
    # Resumed vectors are the model's own: the index matches a from-scratch build.
    fresh = embeddings.embed_documents([c.text for c in load_index(settings.index_dir).chunks[-3:]])
    assert np.allclose(load_index(settings.index_dir).embeddings[-3:], fresh, atol=1e-5)


def test_ctrl_c_is_reported_and_keeps_the_index(corpus_copy, embeddings):
    settings = corpus_copy
    ingest(settings, embeddings=embeddings, show_progress=False)
    before = (Path(settings.index_dir) / CURRENT).read_text()
    corpus = Path(settings.corpus_dir)
    text = (corpus / "003_a4f876b9c19c779d.txt").read_text(encoding="utf-8")
    for i in range(6):
        (corpus / f"copy-{i}.txt").write_text(text.replace("同志们", f"第{i}次同志们"), encoding="utf-8")
    env = {**os.environ, "CADRE_CORPUS_DIR": str(settings.corpus_dir), "CADRE_INDEX_DIR": str(settings.index_dir)}
    # A shell's background job inherits SIGINT ignored (and Python then keeps it ignored): act like a terminal.
    proc = subprocess.Popen([sys.executable, "-m", "ui.cli", "ingest"], env=env, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509 - only resets a signal
    seen = ""
    while "计算向量" not in seen:
        char = proc.stderr.read(1)
        assert char, seen
        seen += char
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    assert proc.wait(timeout=60) == 130
    assert "原有索引保持不变" in rest
    assert (Path(settings.index_dir) / CURRENT).read_text() == before


def _damage(version: Path, name: str) -> None:
    path = version / name
    if name == "terms.txt":
        path.unlink()
    elif name == "manifest.json":
        path.write_text("[]", encoding="utf-8")
    elif name == "chunks.jsonl":  # valid lines, some missing: the loss that used to be carried forward
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(lines[: len(lines) * 3 // 4]), encoding="utf-8")
    else:
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize("name", ["dense.faiss", "manifest.json", "chunks.jsonl", "bm25/data.csc.index.npy"])
def test_a_damaged_index_is_named_and_an_earlier_version_served(corpus_copy, embeddings, name):
    from ingest.index import IndexDamagedError

    settings = corpus_copy
    ingest(settings, embeddings=embeddings, show_progress=False)
    good = load_index(settings.index_dir)
    (Path(settings.corpus_dir) / "extra.txt").write_text("补充材料\n2021年01月01日 来源:某县\n" + "某县开展了驻村干部培训。" * 5,
                                                       encoding="utf-8")
    ingest(settings, embeddings=embeddings, show_progress=False)
    live = load_index(settings.index_dir)
    assert live.path != good.path and live.notice is None
    _damage(live.path, name)
    served = load_index(settings.index_dir)
    assert served.path == good.path and "已损坏" in served.notice and "--rebuild" in served.notice
    shutil.rmtree(good.path)  # no earlier version left: one line naming the file and the command
    with pytest.raises(IndexDamagedError) as error:
        load_index(settings.index_dir)
    assert "已损坏" in error.value.help_message and "cadre ingest --rebuild" in error.value.help_message
    assert (name.split("/")[0] in error.value.help_message) or name == "manifest.json"
    report = ingest(settings, embeddings=embeddings, show_progress=False)  # nothing damaged carried forward
    rebuilt = load_index(settings.index_dir)
    assert report.ok and rebuilt.notice is None and len(rebuilt.documents) == len(SAMPLE_FILES) + 1
    assert all(len(rebuilt.chunks_of(d)) == doc.n_chunks for d, doc in rebuilt.documents.items())


def test_doctor_finds_a_changed_byte_that_keeps_the_size(corpus_copy, embeddings):
    settings = corpus_copy
    ingest(settings, embeddings=embeddings, show_progress=False)
    env = {**os.environ, "CADRE_INDEX_DIR": str(settings.index_dir), "CADRE_CORPUS_DIR": str(settings.corpus_dir)}
    sound = subprocess.run([sys.executable, "-m", "ui.cli", "doctor"], env=env, capture_output=True, text=True,
                           timeout=300, check=False)
    assert sound.returncode == 0 and "索引完好" in sound.stdout
    chunks = load_index(settings.index_dir).path / "chunks.jsonl"
    data = bytearray(chunks.read_bytes())
    data[100] = ord("X") if data[100] != ord("X") else ord("Y")
    chunks.write_bytes(bytes(data))
    damaged = subprocess.run([sys.executable, "-m", "ui.cli", "doctor"], env=env, capture_output=True,
                             text=True, timeout=300, check=False)
    assert damaged.returncode == 1 and "chunks.jsonl" in damaged.stdout and "--rebuild" in damaged.stdout


def test_a_document_past_the_chunk_limit_is_skipped_with_a_reason(corpus_copy, embeddings):
    settings = corpus_copy.model_copy(update={"max_chunks_per_document": 40})
    report = ingest(settings, embeddings=embeddings, show_progress=False)
    reasons = {s.name: s.reason for s in report.skipped}
    assert "文档太长" in reasons["003_a4f876b9c19c779d.txt"]  # the speech: more than 40 pieces
    assert "003_a4f876b9c19c779d.txt" not in load_index(settings.index_dir).documents and report.ok
