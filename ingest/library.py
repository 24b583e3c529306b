"""Adding and removing documents of the corpus folder, as the page's knowledge-base tab does.

A file is checked (type, size, readable text) before it enters the corpus, so a bad
upload changes nothing; the index is then brought up to date incrementally.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from assistant.errors import DocumentError
from assistant.settings import Settings
from ingest.documents import load_document
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.pipeline import IngestReport, ingest

_UNSAFE = re.compile(r"[^\w.\-\u3400-\u9fff（）()]+")


def safe_filename(name: str) -> str:
    """The last path component only, without control characters, separators or leading dots."""
    base = Path(unicodedata.normalize("NFC", name).replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).lstrip("._")
    stem, suffix = Path(base).stem[:80] or "document", Path(base).suffix.lower()
    return f"{stem}{suffix}"


def check_upload(path: Path, original_name: str, settings: Settings) -> None:
    """Raise ``DocumentError`` (with a Chinese reason) if the file cannot become a document."""
    suffix = Path(original_name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"{original_name}: type {suffix}",
                            help_message=f"{original_name}：不支持的文件类型（支持 {' '.join(SUPPORTED_SUFFIXES)}）")
    try:
        load_document(path, doc_id=original_name, max_bytes=int(settings.max_file_mb * 1e6))
    except DocumentError as exc:
        raise DocumentError(str(exc), help_message=f"{original_name}：{exc.help_message}") from exc


def add_files(settings: Settings, uploads: list[tuple[Path, str]], **ingest_kwargs) -> tuple[IngestReport | None,
                                                                                              list[str]]:
    """Copy the good uploads (temporary path, original name) into the corpus and ingest; return the
    report (None if no file was good) and one error line per rejected file."""
    corpus = Path(settings.corpus_dir)
    corpus.mkdir(parents=True, exist_ok=True)
    errors, added = [], 0
    with tempfile.TemporaryDirectory(prefix=".upload-", dir=corpus.parent) as staging:
        for path, original in uploads:
            # Checked under its own (safe) name: the type comes from the name the user gave it.
            staged = Path(staging) / safe_filename(original)
            shutil.copyfile(path, staged)
            try:
                check_upload(staged, staged.name, settings)
            except DocumentError as exc:
                errors.append(exc.help_message)
                continue
            shutil.move(staged, corpus / staged.name)
            added += 1
    if not added:
        return None, errors
    return ingest(settings, **ingest_kwargs), errors


def delete_document(settings: Settings, doc_id: str, **ingest_kwargs) -> IngestReport:
    """Remove a document's file from the corpus and from both indexes."""
    corpus = Path(settings.corpus_dir).resolve()
    target = (corpus / doc_id).resolve()
    if corpus not in target.parents or not target.is_file():
        raise DocumentError(f"{doc_id} not in corpus", help_message=f"资料库中没有文档：{doc_id}")
    target.unlink()
    return ingest(settings, prune=True, **ingest_kwargs)
