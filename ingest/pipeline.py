"""Ingest a corpus folder into the index: incremental, reported, and safe to interrupt."""

from __future__ import annotations

import functools
import logging
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from core.errors import CadreError
from core.records import Chunk, Document
from core.settings import Settings
from ingest.chunking import chunk_document
from ingest.documents import file_hash, is_supported, list_corpus_files, load_document
from ingest.index import IndexDamagedError, index_exists, ingest_lock, load_index, write_index
from ingest.segment import Segmenter, quoted_terms
from ingest.vector_cache import VectorCache, text_key

log = logging.getLogger(__name__)
# Bump when cleaning or chunking rules change: chunks of an older version are not reused.
CHUNKER_VERSION = 3  # 3: a newspaper name cut by a mangled reading (人民日) is restored


@dataclass
class SkippedFile:
    name: str
    reason: str


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    n_documents: int = 0
    n_chunks: int = 0
    n_embedded: int = 0
    n_resumed: int = 0  # vectors an interrupted run had computed (ingest/vector_cache.py)
    seconds: float = 0.0
    # read (load, clean, chunk), embed (model load included), write (BM25, FAISS, files)
    phase_seconds: dict[str, float] = field(default_factory=dict)
    index_path: str = ""
    notes: list[str] = field(default_factory=list)  # said to the user as they are (an upload renamed…)

    @property
    def ok(self) -> bool:
        """A failure only when there were files and none of them could be ingested; an empty corpus gives
        an empty knowledge base, a valid state (after the last document is deleted, for one)."""
        return self.n_documents > 0 or not self.skipped

    def summary(self) -> str:
        if self.ok and not self.n_documents:
            return "资料库现在是空的：资料目录里没有文档。请放入或上传文档后再入库。"
        lines = [
            f"入库完成：{self.n_documents} 篇文档，{self.n_chunks} 个片段，用时 {self.seconds:.1f} 秒",
            f"  新增 {len(self.added)}，更新 {len(self.updated)}，未变 {len(self.unchanged)}，"
            f"删除 {len(self.removed)}，新计算向量 {self.n_embedded} 个"
            + (f"（另有 {self.n_resumed} 个沿用上次中断前算好的）" if self.n_resumed else ""),
        ]
        if self.phase_seconds:
            names = {"read": "读取与切分", "embed": "计算向量", "write": "写入索引"}
            lines.append("  " + "，".join(f"{names[k]} {v:.1f} 秒" for k, v in self.phase_seconds.items()))
        if self.missing:
            lines.append(f"  {len(self.missing)} 篇文档的文件已不存在，仍保留在索引中（使用 --prune 删除）："
                         + "、".join(self.missing))
        for skipped in self.skipped:
            lines.append(f"  跳过 {skipped.name}：{skipped.reason}")
        lines += [f"  {note}" for note in self.notes]
        lines.append(f"  索引位置：{self.index_path}")
        return "\n".join(lines)


def _chunking_settings(settings: Settings) -> dict:
    return {"max_chars": settings.chunk_max_chars, "overlap_chars": settings.chunk_overlap_chars,
            "chunker_version": CHUNKER_VERSION}


def _previous(settings: Settings, model_name: str, rebuild: bool):
    """The live index if it can be reused for this run, else None."""
    if rebuild or not index_exists(settings.index_dir):
        return None
    try:
        return load_index(settings.index_dir, expected_model=model_name)
    except IndexDamagedError as exc:  # nothing damaged is carried into the new version: start from the files
        log.warning("%s: the next version is built from the corpus alone", exc)
        return None


def printable(name: str) -> str:
    """A file name that can be shown and stored: undecodable bytes as \\xNN, line breaks as spaces."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace").replace("\n", " ")


def unusable_path(path: Path, corpus_dir: Path, doc_id: str) -> str | None:
    """Why a corpus file must be skipped before it is read, or None: a link that leads outside the corpus
    (a symlink to /etc/passwd would be indexed and quoted), or a name that is not valid UTF-8 or holds a line
    break (it cannot be stored in the manifest or shown on the page)."""
    if not path.resolve().is_relative_to(corpus_dir.resolve()):
        return "这是指向资料目录之外的链接，为安全起见已跳过"
    try:
        doc_id.encode("utf-8")
    except UnicodeEncodeError:
        return "文件名不是有效的 UTF-8 编码，请改名后再放入资料目录"
    if "\n" in doc_id or "\r" in doc_id:
        return "文件名里有换行符，请改名后再放入资料目录"
    return None


def ingest(
    settings: Settings,
    *,
    rebuild: bool = False,
    prune: bool = False,
    embeddings: Embeddings | None = None,
    model_name: str | None = None,
    show_progress: bool = True,
) -> IngestReport:
    """Bring the index in line with ``settings.corpus_dir``.

    Unchanged files keep their chunks and vectors; changed files are re-chunked and
    re-embedded; files that cannot be read are reported and, if an earlier version
    of them was indexed, that version is kept. Files gone from disk stay unless
    ``prune``. ``embeddings`` (a langchain ``Embeddings``) defaults to the configured model.
    """
    from ingest.embeddings.model import load_embeddings, model_identity

    started = time.monotonic()
    model_name = model_name or model_identity(settings)
    report = IngestReport()

    @functools.cache
    def embedder():
        return embeddings if embeddings is not None else load_embeddings(settings)

    with ingest_lock(settings.index_dir):
        previous = _previous(settings, model_name, rebuild)
        reusable = previous is not None and previous.manifest.get("chunking") == _chunking_settings(settings)
        old_docs = previous.documents if previous else {}

        documents: list[Document] = []
        chunks_by_doc: dict[str, list[Chunk]] = {}
        vectors_by_doc: dict[str, np.ndarray] = {}

        def keep_previous(doc_id: str) -> None:
            documents.append(old_docs[doc_id])
            positions = previous.chunks_of(doc_id)
            chunks_by_doc[doc_id] = [previous.chunks[i] for i in positions]
            vectors_by_doc[doc_id] = previous.embeddings[positions]

        corpus_dir = Path(settings.corpus_dir)
        files = list_corpus_files(corpus_dir)
        seen: set[str] = set()
        for path in tqdm(files, desc="读取文档", unit="篇", disable=not show_progress, file=sys.stderr):
            doc_id = path.relative_to(corpus_dir).as_posix()
            problem = unusable_path(path, corpus_dir, doc_id)
            if problem:
                report.skipped.append(SkippedFile(printable(doc_id), problem))
                continue
            seen.add(doc_id)
            old = old_docs.get(doc_id)
            if not is_supported(path):
                report.skipped.append(SkippedFile(doc_id, f"不支持的文件类型 {path.suffix or '(无扩展名)'}"))
                continue
            if reusable and old is not None and old.content_hash == file_hash(path):
                keep_previous(doc_id)
                report.unchanged.append(doc_id)
                continue
            try:
                doc = load_document(path, doc_id=doc_id, max_bytes=int(settings.max_file_mb * 1e6))
            except CadreError as exc:
                kept = "（保留索引中的旧版本）" if old is not None else ""
                report.skipped.append(SkippedFile(doc_id, exc.help_message + kept))
                if old is not None:
                    keep_previous(doc_id)
                continue
            chunks = chunk_document(doc, max_chars=settings.chunk_max_chars, overlap_chars=settings.chunk_overlap_chars)
            if len(chunks) > settings.max_chunks_per_document:
                report.skipped.append(SkippedFile(doc_id, f"文档太长（{len(chunks)} 个片段，上限 "
                                                          f"{settings.max_chunks_per_document}），请拆分后再入库"))
                if old is not None:
                    keep_previous(doc_id)
                continue
            documents.append(doc.model_copy(update={"n_chunks": len(chunks)}))
            chunks_by_doc[doc_id] = chunks
            (report.updated if old is not None else report.added).append(doc_id)

        for doc_id in old_docs:
            if doc_id in seen:
                continue
            if prune:
                report.removed.append(doc_id)
                continue
            report.missing.append(doc_id)
            keep_previous(doc_id)

        report.phase_seconds["read"] = time.monotonic() - started
        to_embed = [c for d in documents if d.doc_id not in vectors_by_doc for c in chunks_by_doc[d.doc_id]]
        cache = VectorCache(settings.index_dir, model_name)
        if to_embed:
            fresh, report.n_resumed = _embed_texts(embedder, [c.text for c in to_embed], settings.embedding_batch_size,
                                                   show_progress, "计算向量", "块", cache)
            report.n_embedded = len(to_embed) - report.n_resumed
            pos = 0
            for d in documents:
                if d.doc_id not in vectors_by_doc:
                    n = len(chunks_by_doc[d.doc_id])
                    vectors_by_doc[d.doc_id] = fresh[pos : pos + n]
                    pos += n

        report.phase_seconds["embed"] = time.monotonic() - started - report.phase_seconds["read"]
        report.n_documents = len(documents)
        report.n_chunks = sum(len(chunks_by_doc[d.doc_id]) for d in documents)
        if not report.ok:
            report.seconds = time.monotonic() - started
            return report
        all_chunks = [c for d in documents for c in chunks_by_doc[d.doc_id]]
        dim = next((v.shape[1] for v in vectors_by_doc.values() if v.ndim == 2 and v.shape[0]), None)
        if dim is None:  # an empty knowledge base still records its model's dimension
            dim = int(previous.manifest["embedding_dim"]) if previous else len(embedder().embed_query("维度"))
        matrix = np.concatenate([vectors_by_doc[d.doc_id].reshape(-1, dim) for d in documents] or
                                [np.zeros((0, dim), dtype=np.float32)])
        segmenter = Segmenter(quoted_terms(d.text for d in documents))
        path = write_index(
            settings.index_dir,
            documents=documents,
            chunks=all_chunks,
            embeddings=matrix,
            segmenter=segmenter,
            embed_terms=lambda words: _embed_terms(words, previous, embedder, settings, show_progress, cache),
            manifest={"embedding_model": model_name, "embedding_dim": dim, "chunking": _chunking_settings(settings),
                      "documents": {d.doc_id: d.content_hash for d in documents}},
        )
        cache.clear()  # its vectors are in the index now
    report.index_path = str(path)
    report.seconds = time.monotonic() - started
    report.phase_seconds["write"] = report.seconds - sum(report.phase_seconds.values())
    return report


def _embed_texts(embedder, texts: list[str], batch_size: int, show_progress: bool, desc: str, unit: str,
                 cache: VectorCache) -> tuple[np.ndarray, int]:
    """Vectors of ``texts`` in order, and how many of them an interrupted run had already computed.
    Each new batch goes to ``cache`` as soon as it is computed. ``embedder()`` gives the model, loaded
    only if something is left to compute."""
    stored = cache.stored
    keys = [text_key(t) for t in texts]
    todo = [i for i, key in enumerate(keys) if key not in stored]
    found = {i: stored[keys[i]] for i in range(len(texts)) if keys[i] in stored}
    step = batch_size * 4
    with tqdm(total=len(texts), initial=len(found), desc=desc, unit=unit, disable=not show_progress,
              file=sys.stderr) as bar:
        for start in range(0, len(todo), step):
            rows = todo[start : start + step]
            batch = [texts[i] for i in rows]
            vectors = np.asarray(embedder().embed_documents(batch), dtype=np.float32)
            cache.add(batch, vectors)
            found.update(zip(rows, vectors))
            bar.update(len(batch))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.stack([found[i] for i in range(len(texts))]).astype(np.float32), len(texts) - len(todo)


def _embed_terms(words: list[str], previous, embedder, settings: Settings, show_progress: bool,
                 cache: VectorCache) -> np.ndarray:
    """Vectors of the BM25 vocabulary (for matching village wording to the documents' terms, assistant/assess.py);
    words the previous version already embedded keep their vectors. ``embedder()`` gives the model."""
    known: dict[str, np.ndarray] = {}
    if previous is not None and previous.term_vectors is not None:
        known = {w: previous.term_vectors[i].astype(np.float32) for w, i in previous.term_vocabulary.items()}
    todo = [w for w in words if w not in known]
    if todo:
        # Short words: bigger batches cost little padding.
        fresh, _ = _embed_texts(embedder, todo, settings.embedding_batch_size * 8, show_progress, "词向量", "词", cache)
        known.update(zip(todo, fresh))
    return np.stack([known[w] for w in words]) if words else np.zeros((0, 0), dtype=np.float32)
