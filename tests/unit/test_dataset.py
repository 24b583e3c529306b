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


def test_everyday_wording_variants_keep_quoted_names():
    from eval.make_dev_set import in_everyday_words

    assert in_everyday_words("群众的经费由哪个部门负责？") == "老百姓的钱由哪个部门管？"
    assert in_everyday_words("什么时候开展“三三四”党建扶贫模式？") == "啥时候搞“三三四”党建扶贫模式？"
    # A quoted title or programme is a name, not wording: it stays as the documents write it.
    assert in_everyday_words("《选派干部负责办法》规定了什么？") == "《选派干部负责办法》规定了啥？"


def test_development_sets_tag_their_everyday_variants():
    for name in ("fit", "heldout", "fresh"):
        data = [json.loads(line) for line in (PROJECT_ROOT / "eval" / "dev" / f"{name}.jsonl")
                .read_text(encoding="utf-8").splitlines() if line.strip()]
        by_id = {r["id"]: r for r in data}
        variants = [r for r in data if "everyday" in r["kinds"]]
        assert len(variants) >= 20
        for variant in variants:  # asked of the same evidence, on the same side of the split, as the question it varies
            original = by_id[variant["id"][:-1]]
            assert variant["question"] != original["question"]
            assert (variant["type"], variant["evidence"], variant["split"]) == (
                original["type"], original["evidence"], original["split"])
