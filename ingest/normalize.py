"""Character-level normalization shared by documents and questions.

Ingestion applies it to every document and retrieval to every question, so that a
Traditional question, a full-width digit or a stray pinyin annotation matches
the indexed text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from core.records import Script

_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = rf"[a-zü{_TONE_VOWELS}]*[{_TONE_VOWELS}][a-zü{_TONE_VOWELS}]*"
# Scraped pages annotate characters with their reading: 評(píng), 準（zhǔn）. Only a
# tone-marked syllable right after a Han character counts, so (居) or (试行) survive.
_PINYIN_AFTER_HAN = re.compile(rf"(?<=[\u3400-\u9fff])[(（]{_PINYIN}[)）]")
# A mangled variant where the Han character and the opening bracket became '?': 日?qǐng)?bào)
_PINYIN_MANGLED = re.compile(rf"\?{_PINYIN}[)）]")
# A mangled annotation stands for a lost character. The one loss a reader sees is a newspaper's name in the source
# line (來源:人民日?qǐng)?bào) → 人民日): after 日/晚/时/周/商/导 the reading bào is the 报 of a paper's name.
_LOST_PAPER = re.compile(rf"(?<=[日晚时時周商导導])(?:\?{_PINYIN}[)）])*\?bào[)）]")
_HAN = re.compile(r"[\u3400-\u9fff]")
# Full-width digits, Latin letters and the ideographic space; Chinese punctuation is kept as it is.
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_WIDTH_TABLE[0x3000] = 0x20
_WIDTH_TABLE[0xA0] = 0x20


@lru_cache(maxsize=2)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def strip_pinyin_annotations(text: str) -> str:
    """Remove reading annotations such as ``(píng)`` that follow Han characters."""
    return _PINYIN_MANGLED.sub("", _LOST_PAPER.sub("报", _PINYIN_AFTER_HAN.sub("", text)))


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese with OpenCC's ``t2s`` conversion."""
    return _opencc("t2s").convert(text)


# Phrases OpenCC's s2t gets wrong in these documents, each with what they mean. Its dictionary holds 好干 → 好乾 (as in
# 好乾淨), and its longest-match segmentation takes it before 干部: 选好干部 comes out 選好乾部, and 乾部 is no Traditional
# word. It writes 双签 (both sign a pledge) as 雙籤 (drawn lots); the Shanxi report itself writes 雙簽.
_S2T_MISMATCHES = (("乾部", "幹部"), ("雙籤", "雙簽"))


def to_traditional(text: str) -> str:
    """Simplified → Traditional Chinese with OpenCC's ``s2t`` conversion (for answering in the asker's script)."""
    converted = _opencc("s2t").convert(text)
    for wrong, right in _S2T_MISMATCHES:
        converted = converted.replace(wrong, right)
    return converted


def normalize_width(text: str) -> str:
    """Full-width digits and letters to ASCII, ideographic and no-break spaces to plain spaces."""
    return text.translate(_WIDTH_TABLE)


def normalize_text(text: str) -> str:
    """The full normalization applied to documents and questions alike."""
    return to_simplified(normalize_width(strip_pinyin_annotations(text)))


def detect_script(text: str) -> Script:
    """Tell Traditional from Simplified by how many characters each OpenCC direction would change."""
    han = _HAN.findall(text)
    if not han:
        return "none"
    sample = "".join(han[:20000])
    traditional = sum(a != b for a, b in zip(sample, to_simplified(sample)))
    simplified = sum(a != b for a, b in zip(sample, _opencc("s2t").convert(sample)))
    if traditional > 3 * simplified:
        return "traditional"
    if simplified > 3 * traditional or traditional == simplified == 0:
        return "simplified"
    return "mixed"
