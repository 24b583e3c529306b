"""From a file on disk to a cleaned ``Document``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.errors import DocumentError
from core.records import Document
from ingest.clean import clean_text
from ingest.loaders import SUPPORTED_SUFFIXES, load_text
from ingest.normalize import detect_script, strip_pinyin_annotations


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def list_corpus_files(corpus_dir: Path) -> list[Path]:
    """Every file below ``corpus_dir`` that is not hidden, sorted; unsupported types included so they get reported."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise DocumentError(f"{corpus_dir} is not a directory", help_message=f"资料目录不存在：{corpus_dir}")
    return sorted(
        p for p in corpus_dir.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts)
    )


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def load_document(path: Path, *, doc_id: str, max_bytes: int | None = None) -> Document:
    """Load, clean and describe one file; raises ``DocumentError`` with the reason if it cannot be used."""
    raw = load_text(path, max_bytes=max_bytes)
    cleaned = clean_text(raw)
    if len(cleaned.text) - len(cleaned.title) < 10:
        raise DocumentError(f"{path.name}: no body text after cleaning", help_message="清洗后没有正文内容")
    return Document(
        doc_id=doc_id,
        title=cleaned.title,
        date=cleaned.date,
        source=cleaned.source,
        author=cleaned.author,
        script=detect_script(strip_pinyin_annotations(raw)),
        content_hash=file_hash(path),
        n_chars=len(cleaned.text),
        text=cleaned.text,
    )
