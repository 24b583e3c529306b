"""The public eval set's evidence found in the sample index."""

from __future__ import annotations

from eval.evidence import locate_evidence
from tests.conftest import SAMPLE_CORPUS
from tests.unit.test_dataset import rows


def test_evidence_is_verbatim_on_disk_and_found_in_the_index(sample_index):
    for r in rows():
        for doc_key, ev_key in (("doc", "evidence"), ("doc2", "evidence2"), ("doc_alt", "evidence_alt")):
            if not r.get(doc_key):
                continue
            evidence = r[ev_key]
            assert 15 <= len(evidence) <= 80, r["id"]
            assert evidence in (SAMPLE_CORPUS / r[doc_key]).read_text(encoding="utf-8"), r["id"]
            assert locate_evidence(sample_index, r[doc_key], evidence) is not None, r["id"]
