"""The persistent knowledge index: documents, chunks, dense vectors (FAISS) and BM25, written atomically.

Layout of ``index_dir``::

    CURRENT              name of the live version (replaced atomically)
    v-<stamp>/           one complete version
        manifest.json    model, settings, per-document hashes
        documents.jsonl  cleaned documents (citations point into their text)
        chunks.jsonl     chunks with offsets
        embeddings.npy   float32 [n_chunks, dim], reused by incremental ingests
        dense.faiss      inner-product index over the embeddings
        bm25/            bm25s index over jieba tokens
        terms.txt        extra dictionary terms used for segmentation
        term_vectors.npy float16 [n_vocabulary, dim]: each BM25 vocabulary word embedded, row = its BM25 id

A new version is written completely, then ``CURRENT`` is swapped with
``os.replace``; a crash at any point leaves the previous version loadable.
"""

from __future__ import annotations

import fcntl
import json
import logging
import math
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from core.errors import IndexStoreError
from core.records import Chunk, Document
from ingest.segment import Segmenter

if TYPE_CHECKING:  # both are imported lazily: opening the module loads neither
    import bm25s
    import faiss

FORMAT_VERSION = 1
CURRENT = "CURRENT"


@dataclass
class KnowledgeIndex:
    """A loaded, read-only index version."""

    path: Path
    manifest: dict
    documents: dict[str, Document]
    chunks: list[Chunk]
    embeddings: np.ndarray
    dense: faiss.Index
    bm25: bm25s.BM25 | None  # None for an empty knowledge base
    segmenter: Segmenter
    term_vectors: np.ndarray | None = None
    notice: str | None = None  # set when the live version was damaged and an earlier good one is served

    @property
    def term_vocabulary(self) -> dict[str, int]:
        """BM25 vocabulary word → its row in ``term_vectors``."""
        return self.bm25.vocab_dict if self.bm25 is not None else {}

    @property
    def embedding_model(self) -> str:
        return self.manifest["embedding_model"]

    def knows(self, token: str) -> bool:
        """Whether any chunk holds ``token`` (a word of the BM25 vocabulary)."""
        return self.bm25 is not None and token in self.bm25.vocab_dict

    def query_tokens(self, text: str) -> list[str]:
        """BM25 tokens of a question, plus the words the documents hold that its cut runs through: jieba cuts
        是什么之家 into 什么/之/家 (the documents' 干部之家 yields 之家) and 巴中选干部 into 巴/中选/干部 (巴中)."""
        tokens = self.segmenter.tokens(text)
        cut = self.segmenter.pieces(text)  # spaces kept: a word never runs across one
        pieces = [p for p in cut if p.strip()]
        joined = [w for a, b in pairwise(pieces) if (w := (a + b).lower()) not in tokens and self.knows(w)]
        across, cut_wrong = self._words_across_cuts(cut, tokens)
        # The pieces such a word runs into are a wrong cut when the documents never use them (中选 of 巴中选干部).
        tokens = [t for t in tokens if t not in cut_wrong or self.knows(t)]
        return tokens + list(dict.fromkeys(joined + across))

    def _words_across_cuts(self, pieces: list[str], tokens: list[str]) -> tuple[list[str], set[str]]:
        """The documents' words of two or three characters that run across a cut between pieces and take only part
        of one of them (whole pieces joined are ``query_tokens``' own), where a piece they run into is one the
        documents never use — a wrong cut —, and those pieces."""
        text, found, touched = "".join(pieces), [], set()
        ends = list(accumulate(len(p) for p in pieces))
        bounds = {0, *ends}
        for start in range(len(text)):
            for end in (start + 2, start + 3):
                if (end <= len(text) and any(start < b < end for b in bounds)
                        and not (start in bounds and end in bounds)
                        and (w := text[start:end]) not in tokens and re.fullmatch(r"[\u4e00-\u9fff]+", w)
                        and self.knows(w)):
                    pieces_cut = {p for p, e in zip(pieces, ends) if e - len(p) < end and e > start}
                    if any(not self.knows(p) for p in pieces_cut):  # 山西|省委 is no wrong cut of 山西省
                        found.append(w)
                        touched |= pieces_cut
        return found, touched

    def idf(self, token: str) -> float:
        """BM25-style inverse document frequency of a token over chunks; unseen tokens count as rarest."""
        n = len(self.chunks)
        token_id = self.bm25.vocab_dict.get(token) if self.bm25 is not None else None
        indptr = self.bm25.scores["indptr"] if self.bm25 is not None else None
        df = 0 if token_id is None else int(indptr[token_id + 1] - indptr[token_id])
        return math.log((n - df + 0.5) / (df + 0.5) + 1.0)

    @cached_property
    def positions(self) -> dict[str, int]:
        """chunk_id → row in ``chunks`` and ``embeddings``."""
        return {c.chunk_id: i for i, c in enumerate(self.chunks)}

    @cached_property
    def _by_doc(self) -> dict[str, list[int]]:
        rows: dict[str, list[int]] = {}
        for i, chunk in enumerate(self.chunks):
            rows.setdefault(chunk.doc_id, []).append(i)
        return rows

    def chunks_of(self, doc_id: str) -> list[int]:
        """Rows of the document's chunks, in document order."""
        return self._by_doc.get(doc_id, [])

    def chunks_overlapping(self, doc_id: str, start: int, end: int) -> list[Chunk]:
        """The document's chunks that share at least one character with ``[start, end)``."""
        return [self.chunks[i] for i in self.chunks_of(doc_id)
                if self.chunks[i].start < end and self.chunks[i].end > start]

    def dense_search(self, query_vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Chunk positions and cosine scores of the ``k`` nearest chunks."""
        k = min(k, len(self.chunks))
        if k == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        # Inner product equals cosine similarity on normalized vectors.
        scores, ids = self.dense.search(np.asarray(query_vector, dtype=np.float32).reshape(1, -1), k)
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    def bm25_search(self, tokens: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """Chunk positions and BM25 scores of the ``k`` best-matching chunks with a score above zero."""
        if not tokens or not self.chunks:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        scores = np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        return top, scores[top]


def _bm25s():
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import
    return bm25s


def _version_dir(index_dir: Path) -> Path | None:
    pointer = index_dir / CURRENT
    if not pointer.is_file():
        return None
    return index_dir / pointer.read_text(encoding="utf-8").strip()


def index_exists(index_dir: Path) -> bool:
    version = _version_dir(Path(index_dir))
    return version is not None and (version / "manifest.json").is_file()


def _read_jsonl(path: Path, model):
    with path.open(encoding="utf-8") as f:
        return [model.model_validate_json(line) for line in f if line.strip()]


class IndexDamagedError(IndexStoreError):
    default_help = "索引已损坏，请运行 cadre ingest --rebuild 重建。"


def _damaged(version: Path, file: str, why: str) -> IndexDamagedError:
    return IndexDamagedError(f"{version.name}/{file}: {why}",
                             help_message=f"索引文件 {file} 已损坏（{why}），请运行 cadre ingest --rebuild 重建。")


def _versions_newest_first(index_dir: Path) -> list[Path]:
    return sorted((p for p in index_dir.glob("v-*") if p.is_dir()), key=lambda p: p.name, reverse=True)


def load_index(index_dir: Path, *, expected_model: str | None = None) -> KnowledgeIndex:
    """Load the live version; refuse one built with a different embedding model.

    A damaged live version (a file missing, of the wrong size or unreadable; chunks missing for a document) is
    named in one Chinese line; an earlier complete version, if one is left, is served instead with a ``notice``.
    """
    index_dir = Path(index_dir)
    version = _version_dir(index_dir)
    if version is None or not (version / "manifest.json").is_file():
        raise IndexStoreError(
            f"no index at {index_dir}", help_message=f"还没有建立索引（{index_dir}），请先运行 cadre ingest"
        )
    try:
        return _load_version(version, expected_model)
    except IndexDamagedError as damage:
        for earlier in _versions_newest_first(index_dir):
            if earlier.name >= version.name:
                continue
            try:
                index = _load_version(earlier, expected_model)
            except IndexStoreError:
                continue
            index.notice = (f"资料库索引的最新版本已损坏（{damage.help_message.split('（')[0].removeprefix('索引文件 ')}），"
                            "暂时使用上一个完好的版本回答；请管理员运行 cadre ingest --rebuild。")
            logging.getLogger(__name__).warning("%s; serving %s", damage, earlier.name)
            return index
        raise


def _check_files(version: Path, manifest: dict) -> None:
    """Every file the manifest lists is there with its recorded size (hashes: ``verify_index``)."""
    for name, meta in manifest.get("files", {}).items():
        path = version / name
        if not path.is_file():
            raise _damaged(version, name, "文件不存在")
        if path.stat().st_size != meta["size"]:
            raise _damaged(version, name, "文件大小不符")


def verify_index(index_dir: Path) -> list[str]:
    """A full check of the live version for ``cadre doctor``: each file's SHA-256 against the manifest, then a
    load. One Chinese line per problem; empty when the version is sound."""
    import hashlib

    version = _version_dir(Path(index_dir))
    if version is None or not (version / "manifest.json").is_file():
        return [f"没有找到索引（{index_dir}），请运行 cadre ingest"]
    try:
        manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ["索引文件 manifest.json 已损坏，请运行 cadre ingest --rebuild 重建"]
    problems = []
    if "files" not in manifest:
        problems.append("这个索引版本较旧，没有记录文件校验值；运行 cadre ingest --rebuild 后可完整检查")
    for name, meta in manifest.get("files", {}).items():
        path = version / name
        if not path.is_file():
            problems.append(f"索引文件 {name} 不存在")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != meta["sha256"]:
            problems.append(f"索引文件 {name} 的内容与记录不符（校验值不同）")
    if not problems:
        try:
            _load_version(version, None)
        except IndexStoreError as exc:
            problems.append(exc.help_message)
    return problems


def _load_version(version: Path, expected_model: str | None) -> KnowledgeIndex:
    import faiss

    bm25s = _bm25s()
    try:
        manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise TypeError("not an object")
    except (OSError, ValueError, TypeError) as exc:
        raise _damaged(version, "manifest.json", "无法读取") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexStoreError(
            f"index format {manifest.get('format_version')} != {FORMAT_VERSION}",
            help_message="索引格式已过期，请运行 cadre ingest --rebuild 重建",
        )
    if expected_model is not None and manifest.get("embedding_model") != expected_model:
        raise IndexStoreError(
            f"index built with {manifest.get('embedding_model')}, configured model is {expected_model}",
            help_message=(
                f"索引是用向量模型 {manifest.get('embedding_model')} 建立的，与当前配置的 {expected_model} 不一致；"
                "请改回原模型，或运行 cadre ingest --rebuild 重建索引"
            ),
        )
    _check_files(version, manifest)
    step = "documents.jsonl"
    try:
        documents = {d.doc_id: d for d in _read_jsonl(version / "documents.jsonl", Document)}
        step = "chunks.jsonl"
        chunks = _read_jsonl(version / "chunks.jsonl", Chunk)
        step = "terms.txt"
        terms = (version / "terms.txt").read_text(encoding="utf-8").split("\n")
        step = "embeddings.npy"
        embeddings = np.load(version / "embeddings.npy")
        step = "dense.faiss"
        dense = faiss.read_index(str(version / "dense.faiss"))
        step = "bm25"
        bm25 = bm25s.BM25.load(str(version / "bm25")) if chunks else None
        step = "term_vectors.npy"
        term_vectors = version / "term_vectors.npy"
        # Indexes written before term vectors existed still load; they answer on literal term overlap.
        term_vectors = np.load(term_vectors) if term_vectors.is_file() else None
    except Exception as exc:  # any reader's failure means the same thing: this file is damaged
        raise _damaged(version, step, "无法读取") from exc
    counts: dict[str, int] = {}
    for chunk in chunks:
        counts[chunk.doc_id] = counts.get(chunk.doc_id, 0) + 1
    for doc_id, doc in documents.items():
        if doc.n_chunks and counts.get(doc_id, 0) != doc.n_chunks:
            raise _damaged(version, "chunks.jsonl", f"《{doc.title}》应有 {doc.n_chunks} 个片段，只找到 {counts.get(doc_id, 0)} 个")
    if len(embeddings) != len(chunks) or dense.ntotal != len(chunks):
        raise _damaged(version, "embeddings.npy", "向量数与片段数不符")
    return KnowledgeIndex(path=version, manifest=manifest, documents=documents, chunks=chunks, embeddings=embeddings,
                          dense=dense, bm25=bm25, segmenter=Segmenter([t for t in terms if t]),
                          term_vectors=term_vectors)


def write_index(
    index_dir: Path,
    *,
    documents: list[Document],
    chunks: list[Chunk],
    embeddings: np.ndarray,
    segmenter: Segmenter,
    manifest: dict,
    embed_terms: Callable[[list[str]], np.ndarray] | None = None,
) -> Path:
    """Write a complete new version next to the live one, then make it live.

    ``embed_terms`` embeds the BM25 vocabulary (``term_vectors.npy``); without it none is written.
    """
    import faiss

    bm25s = _bm25s()
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    name = f"v-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    staging = index_dir / f".{name}.tmp"
    staging.mkdir()
    try:
        with (staging / "documents.jsonl").open("w", encoding="utf-8") as f:
            f.writelines(d.model_dump_json() + "\n" for d in documents)
        with (staging / "chunks.jsonl").open("w", encoding="utf-8") as f:
            f.writelines(c.model_dump_json() + "\n" for c in chunks)
        embeddings = np.ascontiguousarray(embeddings, dtype=np.float32)
        np.save(staging / "embeddings.npy", embeddings)
        dense = faiss.IndexFlatIP(int(manifest["embedding_dim"]))
        if len(embeddings):
            dense.add(embeddings)
        faiss.write_index(dense, str(staging / "dense.faiss"))
        if chunks:
            bm25 = bm25s.BM25()
            bm25.index([segmenter.tokens(c.keyword_text()) for c in chunks], show_progress=False)
            bm25.save(str(staging / "bm25"))
            if embed_terms is not None:
                vocabulary = sorted(bm25.vocab_dict, key=bm25.vocab_dict.get)
                # float16: half the memory, and word cosines need no more precision.
                np.save(staging / "term_vectors.npy", np.asarray(embed_terms(vocabulary), dtype=np.float16))
        (staging / "terms.txt").write_text("\n".join(segmenter.terms), encoding="utf-8")
        manifest = {**manifest, "format_version": FORMAT_VERSION, "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "n_documents": len(documents), "n_chunks": len(chunks), "files": _file_records(staging)}
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_tree(staging)
        staging.rename(index_dir / name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = _version_dir(index_dir)
    _swap_current(index_dir, name)
    # The previous version stays one round, so a reader that has just read CURRENT can finish loading it.
    _remove_stale_versions(index_dir, keep={name, previous.name if previous else name})
    return index_dir / name


def _file_records(version: Path) -> dict[str, dict]:
    """Size and SHA-256 of every file of a version (the manifest's own entry excepted)."""
    import hashlib

    return {file.relative_to(version).as_posix(): {"size": file.stat().st_size,
                                                   "sha256": hashlib.sha256(file.read_bytes()).hexdigest()}
            for file in sorted(version.rglob("*")) if file.is_file() and file.name != "manifest.json"}


def _fsync_tree(path: Path) -> None:
    for file in path.rglob("*"):
        if file.is_file():
            with file.open("rb") as f:
                os.fsync(f.fileno())


def _swap_current(index_dir: Path, name: str) -> None:
    tmp = index_dir / f".{CURRENT}.{uuid.uuid4().hex[:6]}"
    tmp.write_text(name, encoding="utf-8")
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / CURRENT)


def _remove_stale_versions(index_dir: Path, keep: set[str]) -> None:
    """Old versions and leftovers of interrupted writes; a reader holding one open keeps its data (POSIX)."""
    for entry in index_dir.iterdir():
        if entry.name in keep or entry.name in (CURRENT, ".lock"):
            continue
        if entry.name.startswith(("v-", ".v-", f".{CURRENT}.")):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


@contextmanager
def ingest_lock(index_dir: Path) -> Iterator[None]:
    """One writer at a time per index folder."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexStoreError(
                f"{index_dir} is locked by another ingest", help_message="另一个入库任务正在进行，请稍后再试"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
