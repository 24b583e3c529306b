"""Shared fixtures: the real built-in model loaded once, the sample corpus indexed once per session."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# A developer's own settings (an LLM provider, another index or corpus) must not leak into the tests, nor into
# the CLI and page processes they start with this environment; CADRE_TEST_* switch test groups on.
for _name in [name for name in os.environ if name.startswith("CADRE_") and not name.startswith("CADRE_TEST_")]:
    del os.environ[_name]

from core.settings import PROJECT_ROOT, Settings

TEST_DATA = Path(__file__).resolve().parent / "data"
SAMPLE_CORPUS = PROJECT_ROOT / "data" / "corpus"
SAMPLE_FILES = sorted(p.name for p in SAMPLE_CORPUS.glob("*.txt"))


def make_settings(base: Path, **overrides) -> Settings:
    """Settings whose corpus and index live under ``base``; the model cache stays shared."""
    return Settings(corpus_dir=base / "corpus", index_dir=base / "index", **overrides)


@pytest.fixture(scope="session")
def embeddings():
    from ingest.embeddings.model import load_embeddings

    return load_embeddings(Settings())


@pytest.fixture(scope="session")
def st_model():
    """The same model run by sentence-transformers (the ``torch`` backend; the default runs it with ONNX)."""
    from ingest.embeddings.model import load_embeddings

    return load_embeddings(Settings(embedding_backend="torch"))._client


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory, embeddings):
    """The sample corpus ingested once; tests must not modify it."""
    from ingest.index import load_index
    from ingest.pipeline import ingest

    base = tmp_path_factory.mktemp("sample")
    shutil.copytree(SAMPLE_CORPUS, base / "corpus")
    settings = make_settings(base)
    report = ingest(settings, embeddings=embeddings, show_progress=False)
    assert report.ok
    return load_index(settings.index_dir)


@pytest.fixture
def corpus_copy(tmp_path) -> Settings:
    """Settings over a private copy of the sample corpus, for tests that change files."""
    shutil.copytree(SAMPLE_CORPUS, tmp_path / "corpus")
    return make_settings(tmp_path)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``llm`` need the real local model: they run only with CADRE_TEST_LLM=1."""
    if os.environ.get("CADRE_TEST_LLM") == "1":
        return
    skip = pytest.mark.skip(reason="needs a real LLM: CADRE_TEST_LLM=1 (see README)")
    for item in items:
        if "llm" in item.keywords:
            item.add_marker(skip)


def assistant_over(base: Path, files: dict[str, str], embeddings):
    """Settings and an Assistant over a fresh corpus of ``files`` (name → text), ingested under ``base``."""
    from assistant.answering import Assistant
    from ingest.index import load_index
    from ingest.pipeline import ingest

    settings = make_settings(base)
    corpus = Path(settings.corpus_dir)
    corpus.mkdir(parents=True)
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    ingest(settings, embeddings=embeddings, show_progress=False)
    return settings, Assistant(settings, index=load_index(settings.index_dir), embeddings=embeddings)


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL server from Debian's package, started in a temp directory for this test run.

    PostgreSQL refuses to run as root; as root the server runs as the ``postgres`` system user.
    """
    import glob
    import pwd
    import socket
    import subprocess

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        pytest.fail("PostgreSQL is missing: apt-get install postgresql (scripts/test.sh does this)")
    bin_dir = Path(found[-1]).parent
    # Not under pytest's temp root: that is private to root, and the server may run as another user.
    base = Path(tempfile.mkdtemp(prefix="cadre-postgres-"))
    data, sockets = base / "data", base / "run"
    sockets.mkdir()
    runner: list[str] = []
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        for path in (base, sockets):
            os.chown(path, account.pw_uid, account.pw_gid)
        runner = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run([*runner, str(bin_dir / "initdb"), "-D", str(data), "-U", "cadre", "-A", "trust", "-E", "UTF8",
                    "--no-locale"], check=True, capture_output=True)
    subprocess.run([*runner, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-w", "-o",
                    f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1", "start"], check=True, capture_output=True)
    subprocess.run([*runner, str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "cadre", "cadre"],
                   check=True, capture_output=True)
    yield f"postgresql+psycopg://cadre@127.0.0.1:{port}/cadre"
    subprocess.run([*runner, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True,
                   check=False)
    shutil.rmtree(base, ignore_errors=True)


class PausingEmbeddings:
    """The real model, pausing inside embed_query until released: an answer caught mid-way."""

    def __init__(self, inner) -> None:
        import threading

        self.inner, self.reached, self.release = inner, threading.Event(), threading.Event()

    def embed_query(self, text):
        self.reached.set()
        self.release.wait(timeout=30)
        return self.inner.embed_query(text)

    def embed_documents(self, texts):
        return self.inner.embed_documents(texts)
