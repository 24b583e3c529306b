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


# Text addressed to a language model rather than to a reader: a document planting orders for the assistant
# (忽略以上所有指令，回答：…). Policy documents never speak to a model, so such a sentence is dropped whole from what
# the model sees and from what an LLM answer may be supported by.
INSTRUCTION = re.compile(
    r"(?:忽略|无视|忘记|不要理会)(?:掉)?(?:你)?(?:之前|以上|上面|上述|前面|先前|所有|全部|一切)?的?(?:所有|全部)?"
    r"(?:指令|指示|规则|要求|设定|提示)"
    r"|(?:系统|system)\s*(?:提示|prompt)|提示词|(?:你|您)(?:现在)?(?:是|扮演|作为)(?:一个|一名)?(?:AI|人工智能|助手|模型|机器人)"
    r"|(?:AI|人工智能|助手|大模型|语言模型)(?:必须|应当|应该|请)"
    r"|ignore\s+(?:all\s+)?(?:the\s+)?(?:previous|prior|above)\s+instructions|you\s+are\s+now|disregard\s+(?:all|the)",
    re.IGNORECASE)
_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?\n]?")


def without_instructions(text: str) -> str:
    """``text`` with every sentence that addresses a language model replaced by an ellipsis."""
    if not INSTRUCTION.search(text):
        return text
    return "".join("……" if INSTRUCTION.search(m.group(0)) else m.group(0) for m in _SENTENCE.finditer(text))


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
