"""Is a sentence supported by passages? Character n-gram overlap after normalization.

Used by the LLM answer verifier and by the evaluation's faithfulness metric, so both
judge support the same way.
"""

from __future__ import annotations

import re

from ingest.normalize import normalize_text

_NON_CONTENT = re.compile(r"[\s\W_]+")
MARKER = re.compile(r"\[(\d+)\]")
SUPPORT_NGRAM = 2
# Share of a sentence's character bigrams that must occur in its cited passages.
SUPPORT_THRESHOLD = 0.6


def content_chars(text: str) -> str:
    """Normalized text with whitespace and punctuation removed."""
    return _NON_CONTENT.sub("", normalize_text(text))


def ngram_support(sentence: str, sources: list[str], n: int = SUPPORT_NGRAM) -> float:
    """Share of the sentence's character n-grams found in the sources."""
    text = content_chars(sentence)
    grams = {text[i : i + n] for i in range(len(text) - n + 1)}
    if not grams:
        return 0.0
    source = "".join(content_chars(s) for s in sources)
    return sum(g in source for g in grams) / len(grams)


def cited_sentences(answer_text: str) -> list[tuple[str, list[int]]]:
    """Split an answer into (sentence, cited numbers); markers follow the sentence they support."""
    out = []
    for m in re.finditer(r"(.+?)((?:\[\d+\])+|$)", answer_text, re.DOTALL):
        body = m.group(1).strip()
        if body and not _NON_CONTENT.fullmatch(body):
            out.append((body, [int(n) for n in MARKER.findall(m.group(2))]))
    return out
