"""Chunk boundaries, sections and offsets on the real sample documents."""

from __future__ import annotations

import itertools

import pytest

from core.settings import Settings
from ingest.chunking import chunk_document, is_heading, split_sentences_zh
from ingest.documents import load_document
from tests.conftest import SAMPLE_CORPUS, SAMPLE_FILES

SETTINGS = Settings()
SENTENCE_ENDS = "。！？；!?;…"


def chunk_sample() -> dict:
    """Each sample document and its chunks, by file name."""
    out = {}
    for name in SAMPLE_FILES:
        doc = load_document(SAMPLE_CORPUS / name, doc_id=name)
        out[name] = (doc, chunk_document(doc, max_chars=SETTINGS.chunk_max_chars,
                                         overlap_chars=SETTINGS.chunk_overlap_chars))
    return out


@pytest.fixture(scope="module")
def chunked():
    return chunk_sample()


def test_sentences_end_at_chinese_punctuation_and_keep_closing_quotes():
    text = "“脱贫攻坚越往后,难度越大。”基层党建工作要抓实!累计投入3.1亿元;保障“有钱办事”。最后一句没有句号"
    sentences = [text[s:e] for s, e in split_sentences_zh(text)]
    assert sentences == [
        "“脱贫攻坚越往后,难度越大。”",
        "基层党建工作要抓实!",
        "累计投入3.1亿元;",
        "保障“有钱办事”。",
        "最后一句没有句号",
    ]


def test_headings():
    assert is_heading("立足组织优势")
    assert is_heading("夯实精准扶贫“三大基础”")
    assert is_heading("第一,要以更高的政治站位认清使命责任")
    assert not is_heading("坚持选最能打仗的人打硬仗,推动干部人才资源向一线流动,形成推动脱贫攻坚的强大力量。")
    assert not is_heading("一要有敢亮剑的担当精神。")


def test_offsets_point_into_the_cleaned_text(chunked):
    for doc, chunks in chunked.values():
        assert chunks, doc.doc_id
        for chunk in chunks:
            assert doc.text[chunk.start : chunk.end] == chunk.text
            assert chunk.doc_id == doc.doc_id and chunk.title == doc.title


def test_chunks_respect_the_size_limit_and_cut_only_oversized_sentences(chunked):
    cuts_inside = 0
    for doc, chunks in chunked.values():
        sentences, offset = [], 0
        for line in doc.text.split("\n"):
            sentences += split_sentences_zh(line, offset)
            offset += len(line) + 1
        ends = {end for _, end in sentences}
        starts = {start for start, _ in sentences}
        for chunk in chunks:
            assert len(chunk.text) <= SETTINGS.chunk_max_chars
            for boundary, whole in ((chunk.end, ends), (chunk.start, starts)):
                if boundary not in whole:
                    cuts_inside += 1
                    start, end = next((s, e) for s, e in sentences if s < boundary < e)
                    assert end - start > SETTINGS.chunk_max_chars, (chunk.chunk_id, doc.text[start:end])
    assert cuts_inside > 0  # the sample does have sentences longer than a chunk


def test_chunks_cover_the_whole_body(chunked):
    for doc, chunks in chunked.values():
        covered = set()
        for chunk in chunks:
            covered.update(range(chunk.start, chunk.end))
        body_start = len(doc.title) + 1
        body_chars = [i for i in range(body_start, len(doc.text)) if not doc.text[i].isspace()]
        missing = [i for i in body_chars if i not in covered]
        # Only heading lines are outside chunks: they travel in the ``section`` field instead.
        missing_text = "".join(doc.text[i] for i in missing)
        sections = "".join(c.section for c in chunks)
        assert all(ch in sections for ch in missing_text), (doc.doc_id, missing_text[:40])


def test_neighbours_overlap_only_within_a_paragraph(chunked):
    for doc, chunks in chunked.values():
        for a, b in itertools.pairwise(chunks):
            if b.start < a.end:
                assert "\n" not in doc.text[b.start : a.end]
                assert a.end - b.start <= SETTINGS.chunk_overlap_chars


def test_an_oversized_sentence_is_cut_at_clause_breaks():
    from core.records import Document

    long_sentence = "，".join(f"第{i}项工作要落实到位" for i in range(60)) + "。"
    doc = Document(doc_id="x", title="标题", content_hash="0", text="标题\n" + long_sentence)
    chunks = chunk_document(doc, max_chars=100, overlap_chars=0)
    assert len(chunks) > 1
    assert all(len(c.text) <= 100 for c in chunks)
    assert "".join(c.text for c in chunks) == long_sentence
    assert all(c.text.endswith(("，", "。")) for c in chunks)


def test_sections_follow_the_headings(chunked):
    _, chunks = chunked["002_2ab6596263cc6e8e.txt"]
    by_text = {c.text[:8]: c.section for c in chunks}
    assert by_text["健全组织体系,扩"] == "立足组织优势 夯实精准扶贫“三大基础”"
    assert by_text["建立统筹整合机制"] == "立足组织保障 构建精准扶贫“四大机制”"
    _, chunks = chunked["004_a928fa1a2d1fd905.txt"]
    assert any(c.section == "强化第一书记作用" and "10009名干部" in c.text for c in chunks)
    _, chunks = chunked["003_a4f876b9c19c779d.txt"]
    sections = {c.section for c in chunks}
    assert "第二,要以有力的政治担当推进重点任务 › (三)着力用好帮扶力量" in sections


def test_chunk_ids_are_stable(chunked):
    doc, chunks = chunked["000_60c230d7500ffaa4.txt"]
    again = chunk_document(doc, max_chars=SETTINGS.chunk_max_chars, overlap_chars=SETTINGS.chunk_overlap_chars)
    assert [c.chunk_id for c in again] == [c.chunk_id for c in chunks]
    assert len({c.chunk_id for _, cs in chunked.values() for c in cs}) == sum(len(cs) for _, cs in chunked.values())
