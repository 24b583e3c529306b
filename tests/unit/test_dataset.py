"""The public eval set: schema, coverage, and every evidence string verbatim in its file on disk."""

from __future__ import annotations

import json
from collections import Counter

from core.settings import PROJECT_ROOT
from tests.conftest import SAMPLE_FILES

DATASET = PROJECT_ROOT / "eval" / "dataset.jsonl"
TYPES = {"fact", "list", "why", "multi", "followup", "unanswerable", "traditional", "paraphrase"}


def rows() -> list[dict]:
    return [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_schema_and_coverage():
    data = rows()
    assert len(data) >= 60
    assert len({r["id"] for r in data}) == len(data)
    assert {r["type"] for r in data} == TYPES
    assert {r["doc"] for r in data if r["doc"]} == set(SAMPLE_FILES)
    for r in data:
        assert {"id", "question", "answer", "doc", "evidence", "type"} <= set(r), r
        if r["type"] == "unanswerable":
            assert r["doc"] is None and r["evidence"] is None and r["answer"] == "资料中没有相关内容"
        if r["type"] == "followup":
            assert r["history"] and all(isinstance(q, str) for q in r["history"])
        if r["type"] == "multi":
            assert r["doc2"] and r["evidence2"]
    assert min(Counter(r["type"] for r in data).values()) >= 4
