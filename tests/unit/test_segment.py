"""jieba loaded from its cache the fast way must be jieba loaded its own way."""

from __future__ import annotations

import jieba

from ingest.segment import Segmenter, load_jieba


def test_fast_cache_load_gives_jieba_its_own_dictionary():
    reference = jieba.Tokenizer()
    reference.initialize()  # writes the cache if this machine has none yet
    fast = load_jieba()
    assert fast.initialized and fast.total == reference.total and fast.FREQ == reference.FREQ
    text = "驻村第一书记要抓党建促脱贫攻坚，整顿软弱涣散村党组织。"
    assert fast.lcut_for_search(text) == reference.lcut_for_search(text)


def test_segmenter_loads_jieba_on_first_use_only_once():
    segmenter = Segmenter(["两包三到"])
    assert segmenter._tokenizer is None  # opening an index does not pay for the dictionary
    assert "两包三到" in segmenter.tokens("什么是“两包三到”？")
    first = segmenter._tokenizer
    segmenter.tokens("第一书记")
    assert segmenter._tokenizer is first
