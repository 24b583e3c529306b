"""Chinese word segmentation for BM25: jieba, taught the policy vocabulary of the corpus."""

from __future__ import annotations

import functools
import logging
import marshal
import re
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

# Terms jieba would otherwise cut apart (第一/书记, 软弱/涣散); a query must find them whole.
POLICY_TERMS = (
    "第一书记", "驻村工作队", "驻村帮扶", "工作队员", "软弱涣散", "建档立卡", "两委", "村两委", "党组织书记",
    "脱贫攻坚", "精准扶贫", "精准脱贫", "抓党建促脱贫攻坚", "党建扶贫", "集体经济", "村级集体经济",
    "基层党组织", "战斗堡垒", "先锋模范", "贫困村", "贫困户", "贫困县", "深度贫困", "扶贫攻坚", "组织部门",
    "后备干部", "挂包驻帮", "结对帮扶", "脱贫摘帽", "党政正职", "换届选举", "帮扶责任", "主题党日",
)
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,10})[”\"」』]")
_TOKEN_OK = re.compile(r"[\w\u3400-\u9fff]")
# Function words and question words: they carry no topic and would only add noise to BM25.
STOPWORDS = frozenset(
    ["的", "了", "和", "与", "及", "是", "在", "等", "对", "把", "为", "也", "都", "就", "要", "有", "被", "从", "以", "于", "而", "并", "或", "其", "之", "这", "那", "这个", "那个", "一个", "我们", "他们", "什么", "怎么", "怎样", "如何", "哪些", "哪个", "哪里", "多少", "几", "吗", "呢", "吧", "啊", "么", "请问", "请", "具体", "分别", "还有", "能", "可以", "是否", "有没有", "做", "做法", "情况", "方面", "相关", "关于", "主要", "哪", "谁", "为什么", "为何"]
)


def quoted_terms(texts: Iterable[str]) -> set[str]:
    """Short quoted slogans and names (“三三四”, “两包三到”) found in the texts."""
    terms = set()
    for text in texts:
        for m in _QUOTED.finditer(text):
            term = m.group(1).strip()
            if term and not re.search(r"[\s,，。、；]", term):
                terms.add(term)
    return terms


def load_jieba():
    """A fresh ``jieba.Tokenizer`` with the default dictionary loaded.

    jieba reads its prefix-dictionary cache with ``marshal.load`` on the open file, which takes
    1.0 s here; the same bytes through ``marshal.loads`` take 0.2 s. So the cache jieba wrote is
    read here first; without one, jieba builds it (and writes it) as usual.
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    cache = Path(tokenizer.tmp_dir or tempfile.gettempdir()) / "jieba.cache"
    try:
        tokenizer.FREQ, tokenizer.total = marshal.loads(cache.read_bytes())
        tokenizer.initialized = True
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no cache yet, or one being rewritten: jieba's own path below
    tokenizer.initialize()  # no-op once initialized
    return tokenizer


class Segmenter:
    """A jieba tokenizer of its own (no global dictionary changes) with our terms added.

    jieba's dictionary costs the same at any index size, so it loads on the first segmentation,
    not when an index is opened (``cadre docs`` never needs it; the page loads it while warming up).
    """

    def __init__(self, extra_terms: Iterable[str] = ()) -> None:
        self.terms = sorted({*POLICY_TERMS, *extra_terms})
        self._tokenizer = None
        self._tagger = None
        self._lock = threading.Lock()

    @property
    def _jieba(self):
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    tokenizer = load_jieba()
                    for term in self.terms:
                        tokenizer.add_word(term, freq=200000)
                    self._tokenizer = tokenizer
        return self._tokenizer

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech) pairs; the tagger is built on first use (it takes most of a second)."""
        return list(self._tagged(text))

    # Answering tags the same short texts again and again (a question's head for every sentence it checks).
    @functools.lru_cache(maxsize=4096)  # noqa: B019 — one segmenter per index, kept as long as the index
    def _tagged(self, text: str) -> tuple[tuple[str, str], ...]:
        if self._tagger is None:
            import jieba.posseg

            self._tagger = jieba.posseg.POSTokenizer(tokenizer=self._jieba)
        return tuple((pair.word, pair.flag) for pair in self._tagger.lcut(text))

    def in_dictionary(self, word: str) -> bool:
        """Whether ``word`` is in jieba's dictionary (or our terms), not a word its HMM made up from unknown
        characters (组织里建的 → 里建, tagged a place)."""
        return bool(self._jieba.FREQ.get(word))

    def compound_of_words(self, word: str) -> bool:
        """Whether ``word`` is two dictionary words of two or more characters joined (宣传教育 = 宣传 + 教育)."""
        parts = {p for p in self._jieba.lcut_for_search(word) if 2 <= len(p) < len(word)}
        return any(word[: len(p)] == p and word[len(p):] in parts for p in parts)

    def pieces(self, text: str) -> list[str]:
        """Plain (not search-mode) segmentation, every piece kept: 什么之家 → 什么, 之, 家."""
        return self._jieba.lcut(text)

    def tokens(self, text: str) -> list[str]:
        """BM25 tokens: search-mode segmentation (whole terms plus their parts), lower-cased, stopwords out."""
        return [
            w.lower()
            for w in self._jieba.lcut_for_search(text)
            if _TOKEN_OK.search(w) and w not in STOPWORDS
        ]
