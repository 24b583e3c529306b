"""Vectors an unfinished ingest computed, kept so that the next run resumes instead of starting over.

A 15 MB text takes about ten minutes to embed on two cores; an ingest killed after eight of them used to lose
them all. Every batch of vectors is written as soon as it is computed, under
``<index dir>/vector-cache/<model>/``, keyed by the SHA-1 of its text: under one model the same text always
embeds to the same vector, so nothing else has to match (not the file, not the chunking). A finished ingest
empties the cache, its vectors being in the index by then.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import uuid
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
CACHE_DIR = "vector-cache"


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


class VectorCache:
    def __init__(self, index_dir: Path, model_name: str) -> None:
        self.root = Path(index_dir) / CACHE_DIR
        self.dir = self.root / hashlib.sha1(model_name.encode()).hexdigest()[:16]
        self._stored: dict[str, np.ndarray] | None = None

    @property
    def stored(self) -> dict[str, np.ndarray]:
        """Every vector the cache holds, by text key: read from disk once, then kept up to date by ``add``."""
        if self._stored is None:
            self._stored = self._load()
        return self._stored

    def _load(self) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for file in sorted(self.dir.glob("batch-*.npz")):
            try:
                with np.load(file) as batch:
                    found.update(zip(batch["keys"].tolist(), batch["vectors"]))
            except (OSError, ValueError, KeyError, EOFError) as exc:
                log.warning("vector cache: skipping %s (%s)", file.name, exc)
        return found

    def add(self, texts: list[str], vectors: np.ndarray) -> None:
        """Keep one batch, written to a temporary name and renamed, so a kill leaves no half-written batch."""
        self.dir.mkdir(parents=True, exist_ok=True)
        name = f"batch-{uuid.uuid4().hex}"
        staged = self.dir / f".{name}.tmp.npz"
        keys = [text_key(t) for t in texts]
        try:
            np.savez(staged, keys=np.array(keys), vectors=np.asarray(vectors, np.float32))
            os.replace(staged, self.dir / f"{name}.npz")
        finally:
            staged.unlink(missing_ok=True)
        self.stored.update(zip(keys, np.asarray(vectors, np.float32)))

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        self._stored = {}
