"""The same sentence-transformers model run by ONNX Runtime, in fp32 or with int8 weights.

sentence-transformers' own ONNX backend goes through optimum-onnx, whose only release pins
transformers < 4.58 while we run 5.x; so the model is exported here with ``torch.onnx`` and run
with ``onnxruntime`` directly. The files live where sentence-transformers keeps them
(``<model dir>/onnx/``), exported once from the local weights: nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
import warnings
from pathlib import Path
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from core.errors import EmbeddingModelError
from ingest.embeddings.sp_tokenizer import SentencePieceTokenizer

Precision = Literal["fp32", "int8"]
ONNX_FILES: dict[Precision, str] = {"fp32": "model.onnx", "int8": "model_qint8_avx2.onnx"}


def onnx_path(model_dir: Path, precision: Precision) -> Path:
    return Path(model_dir) / "onnx" / ONNX_FILES[precision]


def export_onnx(model_dir: Path, precision: Precision) -> Path:
    """Export (once) the model's transformer to ONNX, optionally int8-quantized."""
    target = onnx_path(model_dir, precision)
    if target.is_file():
        return target
    fp32 = onnx_path(model_dir, "fp32")
    if not fp32.is_file():
        print(f"正在导出 ONNX 向量模型（首次使用，约半分钟）→ {fp32.parent}", file=sys.stderr)
        _export_fp32(Path(model_dir), fp32)
    if precision == "int8":
        _quantize_int8(fp32, target)
    return target


def _export_fp32(model_dir: Path, target: Path) -> None:
    """A user's own model, traced through PyTorch (~2.2 GB peak for a 118M-parameter model; the built-in model
    is written directly, ``bert_onnx``). ONNX Runtime fuses LayerNorm, GELU and attention itself when it loads
    the graph: onnxruntime's offline BERT optimizer ran no faster (85 vs 79 ms a batch of 8 × 70 tokens) and took
    1.4 GB more."""
    import torch
    from transformers import AutoModel

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    model = LastHiddenState(AutoModel.from_pretrained(model_dir, local_files_only=True).eval())
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{uuid.uuid4().hex[:6]}.tmp.onnx")
    example = torch.tensor([[0, 6, 7, 2]])
    try:
        # The tracer warns about Python-side branches of the attention code that do not apply here.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model, (example, torch.ones_like(example)), staged, input_names=["input_ids", "attention_mask"],
                output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                dynamic_axes={name: {0: "batch", 1: "tokens"}
                              for name in ("input_ids", "attention_mask", "last_hidden_state")},
            )
        os.replace(staged, target)
    finally:
        staged.unlink(missing_ok=True)


def _quantize_int8(fp32: Path, target: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    staged = target.with_name(f".{uuid.uuid4().hex[:6]}.tmp.onnx")
    try:
        # Only the encoder's matrix products: per-channel unsigned weights, which AVX2 machines
        # (no VNNI) multiply without the int8 saturation problem of signed weights.
        quantize_dynamic(fp32, staged, weight_type=QuantType.QUInt8, per_channel=True,
                         op_types_to_quantize=["MatMul", "Attention"],
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        os.replace(staged, target)
    finally:
        staged.unlink(missing_ok=True)


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


class OnnxEmbeddings(Embeddings):
    """langchain ``Embeddings`` over an exported model, following its sentence-transformers directory:
    prompts from ``config_sentence_transformers.json``, mean pooling, normalization if configured."""

    def __init__(self, model_dir: Path, precision: Precision = "fp32", batch_size: int = 16,
                 threads: int | None = None) -> None:
        import onnxruntime

        model_dir = Path(model_dir)
        modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
        pooling = next((m for m in modules if m["type"].endswith("Pooling")), None)
        if pooling is None or _read_json(model_dir / pooling["path"] / "config.json").get("pooling_mode") != "mean":
            raise EmbeddingModelError(f"{model_dir}: the ONNX runtime supports mean pooling only",
                                      help_message="该向量模型不是均值池化，请把 CADRE_EMBEDDING_BACKEND 设为 torch")
        self.normalize = any(m["type"].endswith("Normalize") for m in modules)
        self.prompts = _read_json(model_dir / "config_sentence_transformers.json").get("prompts") or {}
        tokenizer_config = _read_json(model_dir / "tokenizer_config.json")
        max_tokens = (_read_json(model_dir / "sentence_bert_config.json").get("max_seq_length")
                      or tokenizer_config.get("model_max_length") or 512)
        pad_token = tokenizer_config.get("pad_token") or "[PAD]"
        file = export_onnx(model_dir, precision)
        if SentencePieceTokenizer.present(file.parent):  # the built-in model: the same ids in a quarter of the memory
            self.tokenizer = SentencePieceTokenizer(file.parent, int(max_tokens))
        else:
            self.tokenizer = _HuggingFaceTokenizer(model_dir / "tokenizer.json", int(max_tokens), pad_token)
        self.batch_size = batch_size
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Idle ORT threads otherwise spin for a while after each call, taking the cores from the
        # BM25 and FAISS search that follow a query embedding in the same process.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(str(file), options, providers=["CPUExecutionProvider"])

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts, self.prompts.get("document", "")).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text], self.prompts.get("query", ""))[0].tolist()

    def encode(self, texts: list[str], prompt: str = "") -> np.ndarray:
        """Vectors of ``texts`` (in order); batches hold texts of similar length to pad little."""
        out = np.zeros((len(texts), 0), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for begin in range(0, len(order), self.batch_size):
            rows = order[begin : begin + self.batch_size]
            vectors = self._encode_batch([prompt + texts[i] for i in rows])
            if out.shape[1] != vectors.shape[1]:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[rows] = vectors
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        ids, mask = self.tokenizer.encode_batch(texts)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        weights = mask[..., None].astype(np.float32)
        vectors = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        if self.normalize:
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors


class _HuggingFaceTokenizer:
    """A model directory's ``tokenizer.json``, padded and truncated like sentence-transformers does."""

    def __init__(self, file: Path, max_tokens: int, pad_token: str) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(file))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.enable_padding(pad_id=self.tokenizer.token_to_id(pad_token) or 0, pad_token=pad_token)

    def encode_batch(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        encodings = self.tokenizer.encode_batch(texts)
        return (np.array([e.ids for e in encodings], dtype=np.int64),
                np.array([e.attention_mask for e in encodings], dtype=np.int64))
