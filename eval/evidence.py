"""Where a dataset's evidence lies in the index, and whether a retrieved span holds it.

Evidence strings are verbatim from the files on disk (Traditional script, pinyin
annotations, PDF page numbers and all); they are normalized the way ingestion
normalizes documents before being looked up in the cleaned text.
"""

from __future__ import annotations

from ingest.clean import remove_page_numbers
from ingest.index import KnowledgeIndex
from ingest.normalize import normalize_text

# A span "contains" evidence when it covers at least this share of the evidence's characters.
MIN_OVERLAP = 0.8


def locate_evidence(index: KnowledgeIndex, doc_id: str, evidence: str) -> tuple[int, int] | None:
    """Offsets of the evidence in the cleaned text of ``doc_id``, or None if it cannot be found."""
    doc = index.documents.get(doc_id)
    if doc is None:
        return None
    needle = remove_page_numbers(normalize_text(evidence)).strip()
    start = doc.text.find(needle)
    if start < 0:
        return None
    return start, start + len(needle)


def holds(span_doc: str, start: int, end: int, evidence_doc: str, evidence: tuple[int, int] | None) -> bool:
    """True if the span ``[start, end)`` of ``span_doc`` covers at least 80% of the evidence."""
    if evidence is None or span_doc != evidence_doc:
        return False
    ev_start, ev_end = evidence
    overlap = min(end, ev_end) - max(start, ev_start)
    return overlap >= MIN_OVERLAP * (ev_end - ev_start)
