"""Adding and removing documents of the corpus folder, as the page's knowledge-base tab does.

A file is checked (type, size, readable text) before it enters the corpus, so a bad
upload changes nothing; the index is then brought up to date incrementally.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.errors import DocumentError
from core.settings import Settings
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
    errors, notes, added = [], [], 0
    taken: set[str] = set()
    with tempfile.TemporaryDirectory(prefix=".upload-", dir=corpus.parent) as staging:
        for path, original in uploads:
            # Checked under its own (safe) name: the type comes from the name the user gave it.
            name = safe_filename(original)
            staged = Path(staging) / f"{len(taken)}-{name}"
            shutil.copyfile(path, staged)
            try:
                check_upload(staged, name, settings)
            except DocumentError as exc:
                errors.append(exc.help_message)
                continue
            free = free_name(corpus, name, taken)
            if free != name:
                notes.append(f"{original}：资料库里已有同名文件，已另存为 {free}")
            taken.add(free)
            shutil.move(staged, corpus / free)
            added += 1
    if not added:
        return None, errors
    report = ingest(settings, **ingest_kwargs)
    report.notes.extend(notes)
    return report, errors


def free_name(corpus: Path, name: str, taken: set[str]) -> str:
    """``name``, or ``stem(2).txt``, ``stem(3).txt``…: a name neither in the corpus nor used by this upload.
    An upload never overwrites a document (two files can clean to one name: 政策 文件.txt, 政策_文件.txt)."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = name, 1
    while (corpus / candidate).exists() or candidate in taken:
        n += 1
        candidate = f"{stem}({n}){suffix}"
    return candidate


RECYCLE_NOTE = "deleted.json"


@dataclass
class Recycled:
    """A deleted document waiting in the recycle folder: its entry (folder name), file name, title and time."""

    entry: str
    doc_id: str
    title: str
    deleted_at: str
    user: str | None = None


def recycle_dir(settings: Settings) -> Path:
    """Beside the corpus, never inside it (what lies there is not ingested)."""
    return Path(settings.corpus_dir).resolve().parent / "recycle"


def delete_document(settings: Settings, doc_id: str, *, title: str = "", user: str | None = None,
                    **ingest_kwargs) -> IngestReport:
    """Move a document's file to the recycle folder and bring the index up to date; ``restore_document`` brings it
    back. Deleting the last document leaves an empty knowledge base. If the index cannot be updated, the file goes
    back and nothing changes."""
    corpus = Path(settings.corpus_dir).resolve()
    target = (corpus / doc_id).resolve()
    if corpus not in target.parents or not target.is_file():
        raise DocumentError(f"{doc_id} not in corpus", help_message=f"资料库中没有文档：{doc_id}")
    entry = recycle_dir(settings) / f"{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
    entry.mkdir(parents=True)
    kept = entry / target.name
    shutil.move(target, kept)
    (entry / RECYCLE_NOTE).write_text(json.dumps({"doc_id": doc_id, "title": title or target.stem, "user": user,
                                                  "deleted_at": datetime.now().isoformat(timespec="seconds")},
                                                 ensure_ascii=False), encoding="utf-8")
    try:
        report = ingest(settings, prune=True, **ingest_kwargs)
        if not report.ok:
            raise DocumentError("index not updated", help_message="删除后无法更新索引（其余文件都读不出来），已撤销删除："
                                                                + "；".join(s.reason for s in report.skipped[:3]))
    except BaseException:
        shutil.move(kept, target)
        shutil.rmtree(entry, ignore_errors=True)
        raise
    return report


def recycled(settings: Settings) -> list[Recycled]:
    """The recycle folder's documents, newest first."""
    out = []
    folder = recycle_dir(settings)
    for entry in sorted(folder.iterdir(), reverse=True) if folder.is_dir() else []:
        note = entry / RECYCLE_NOTE
        if note.is_file():
            meta = json.loads(note.read_text(encoding="utf-8"))
            out.append(Recycled(entry.name, meta["doc_id"], meta.get("title", ""), meta["deleted_at"], meta.get("user")))
    return out


def restore_document(settings: Settings, entry: str, **ingest_kwargs) -> tuple[IngestReport, str]:
    """Put a recycled document back into the corpus (under a free name if its name was taken meanwhile) and
    ingest; returns the report and the name it has now."""
    folder = recycle_dir(settings) / Path(entry).name
    found = next((r for r in recycled(settings) if r.entry == folder.name), None)
    if found is None:
        raise DocumentError(f"{entry} not in the recycle folder", help_message=f"回收站里没有：{entry}")
    corpus = Path(settings.corpus_dir)
    name = free_name(corpus, Path(found.doc_id).name, set())
    (corpus / name).parent.mkdir(parents=True, exist_ok=True)
    shutil.move(folder / Path(found.doc_id).name, corpus / name)
    shutil.rmtree(folder)
    return ingest(settings, **ingest_kwargs), name
