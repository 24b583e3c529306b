"""The GGUF checks of `cadre model fetch-llm`, on small files made here."""

from __future__ import annotations

import struct

import pytest

from assistant.llm_fetch import ModelFetchError, gguf_architecture, verify_gguf


def gguf_header(architecture: str) -> bytes:
    def string(s: str) -> bytes:
        data = s.encode()
        return struct.pack("<Q", len(data)) + data

    kv = string("general.architecture") + struct.pack("<I", 8) + string(architecture)
    return b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + kv


def test_architecture_is_read_from_the_header(tmp_path):
    path = tmp_path / "m.gguf"
    path.write_bytes(gguf_header("qwen2") + b"\0" * 64)
    assert gguf_architecture(path) == "qwen2"
    path.write_bytes(b"NOTGGUF" + b"\0" * 64)
    assert gguf_architecture(path) is None


def test_a_truncated_or_foreign_file_is_rejected(tmp_path):
    path = tmp_path / "m.gguf"
    path.write_bytes(gguf_header("qwen2"))
    with pytest.raises(ModelFetchError) as info:
        verify_gguf(path)
    assert "大小" in info.value.help_message
