"""Split a cleaned document into chunks at paragraph and sentence ends, each knowing its section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.records import Chunk, Document

# A sentence ends at 。！？；!?; (or an ellipsis) plus any closing quotes or brackets right after it.
# ASCII '.' is not an end: it is the decimal point of 3.1亿元.
_SENTENCE = re.compile(r".*?(?:[。！？；!?;]|…+)[”’」』\"')）]*|.+?$", re.DOTALL)
_CLAUSE_BREAK = re.compile(r"(?<=[，,、：:])")
_NUMBERED_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+[,，、]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")
_SUB_HEADING = re.compile(r"^[（(][一二三四五六七八九十]+[)）][^。！？；]{2,30}")
_HEADING_MAX_CHARS = 40


@dataclass
class _Sentence:
    start: int
    end: int
    paragraph: int
    section: str


def split_sentences_zh(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text``, whitespace excluded; closing quotes stay with their sentence."""
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((offset + start, offset + end))
    return spans


def is_heading(paragraph: str) -> bool:
    """Short lines without sentence-final punctuation, such as 立足组织优势 or 第一,要以…认清使命责任."""
    if len(paragraph) > _HEADING_MAX_CHARS:
        return False
    if paragraph[-1] in "。！？!?；;…:：,，、":
        return False
    return True if _NUMBERED_HEADING.match(paragraph) else len(paragraph) <= 25


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _split_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than ``max_chars`` at clause breaks, or hard as a last resort."""
    pieces, piece_start = [], start
    breaks = [start + m.start() for m in _CLAUSE_BREAK.finditer(text[start:end])] + [end]
    last = start
    for b in breaks:
        if b - piece_start > max_chars and last > piece_start:
            pieces.append((piece_start, last))
            piece_start = last
        last = b
    pieces.append((piece_start, end))
    out = []
    for s, e in pieces:
        while e - s > max_chars:
            out.append((s, s + max_chars))
            s += max_chars
        out.append((s, e))
    return out


def _sentences(doc_text: str, max_chars: int) -> list[_Sentence]:
    sentences: list[_Sentence] = []
    paragraphs = _paragraph_spans(doc_text)
    body = paragraphs[1:] if len(paragraphs) > 1 else paragraphs  # paragraph 0 is the title
    section = sub_section = ""
    previous_was_heading = False
    for index, (p_start, p_end) in enumerate(body):
        paragraph = doc_text[p_start:p_end]
        if not paragraph:
            continue
        if is_heading(paragraph) and len(body) > 1:
            section = f"{section} {paragraph}" if previous_was_heading else paragraph
            sub_section = ""
            previous_was_heading = True
            continue
        previous_was_heading = False
        for s_start, s_end in split_sentences_zh(paragraph, p_start):
            if m := _SUB_HEADING.match(doc_text[s_start:s_end]):
                sub_section = m.group(0)
            label = " › ".join(part for part in (section, sub_section) if part)
            for start, end in _split_long(doc_text, s_start, s_end, max_chars):
                sentences.append(_Sentence(start, end, index, label))
    return sentences


def chunk_document(doc: Document, *, max_chars: int, overlap_chars: int) -> list[Chunk]:
    """Group sentences into chunks of at most ``max_chars``, never across a section change.

    A chunk prefers to end at a paragraph end once it is half full; when a paragraph
    has to be cut, the next chunk repeats its trailing sentences up to
    ``overlap_chars`` so that a fact split across the cut is still whole somewhere.
    """
    sentences = _sentences(doc.text, max_chars)
    groups: list[list[_Sentence]] = []
    current: list[_Sentence] = []
    for sentence in sentences:
        if current:
            size = sentence.end - current[0].start
            new_section = sentence.section != current[-1].section
            new_paragraph = sentence.paragraph != current[-1].paragraph
            if new_section or size > max_chars or (new_paragraph and current[-1].end - current[0].start >= max_chars // 2):
                groups.append(current)
                carry = [] if new_section or new_paragraph else _overlap(current, overlap_chars)
                current = carry if sentence.end - (carry[0].start if carry else sentence.start) <= max_chars else []
        current.append(sentence)
    if current:
        groups.append(current)
    return [
        Chunk(
            chunk_id=f"{doc.doc_id}#{i}",
            doc_id=doc.doc_id,
            title=doc.title,
            section=group[0].section,
            start=group[0].start,
            end=group[-1].end,
            text=doc.text[group[0].start : group[-1].end],
            date=doc.date,
            source=doc.source,
        )
        for i, group in enumerate(groups)
    ]


def _overlap(group: list[_Sentence], overlap_chars: int) -> list[_Sentence]:
    carry: list[_Sentence] = []
    for sentence in reversed(group[1:]):
        if group[-1].end - sentence.start > overlap_chars:
            break
        carry.insert(0, sentence)
    return carry
