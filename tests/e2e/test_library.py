"""Adding and deleting documents as the knowledge-base tab does: names, types, sizes, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import DocumentError
from ingest.index import load_index
from ingest.library import add_files, delete_document
from tests.conftest import SAMPLE_FILES

GOOD = "合作社简报\n2021年07月01日 来源:某乡党委\n青山村党支部领办的茶叶专业合作社吸纳了86户脱贫户入社，户均年增收4200元。\n"


def test_uploads_are_checked_before_they_enter_the_corpus(corpus_copy, embeddings, tmp_path):
    settings = corpus_copy.model_copy(update={"max_file_mb": 0.03})
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "a").write_text(GOOD, encoding="utf-8")
    (uploads / "b").write_bytes(b"PK\x03\x04 broken")
    (uploads / "c").write_text(GOOD * 200, encoding="utf-8")
    (uploads / "d").write_text("whatever", encoding="utf-8")
    report, errors = add_files(settings, [(uploads / "a", "../../合作社.txt"), (uploads / "b", "坏.docx"),
                                          (uploads / "c", "太大.txt"), (uploads / "d", "脚本.exe")],
                               embeddings=embeddings, show_progress=False)
    corpus = Path(settings.corpus_dir)
    assert (corpus / "合作社.txt").is_file() and not (corpus.parent / "合作社.txt").exists()
    assert sorted(p.name for p in corpus.iterdir()) == sorted([*SAMPLE_FILES, "合作社.txt"])  # only the good one
    assert "合作社.txt" in report.added and not report.skipped and len(errors) == 3
    assert any("坏.docx" in e and "Word" in e for e in errors)
    assert any("太大.txt" in e and "文件过大" in e for e in errors)
    assert any("脚本.exe" in e and "不支持" in e for e in errors)

    index = load_index(settings.index_dir)
    assert "合作社.txt" in index.documents
    delete_document(settings, "合作社.txt", embeddings=embeddings, show_progress=False)
    assert "合作社.txt" not in load_index(settings.index_dir).documents
    with pytest.raises(DocumentError):
        delete_document(settings, "../../etc/passwd", embeddings=embeddings, show_progress=False)


def test_a_name_clash_is_renamed_never_an_overwrite(corpus_copy, embeddings, tmp_path):
    settings = corpus_copy
    corpus = Path(settings.corpus_dir)
    existing = corpus / "004_a928fa1a2d1fd905.txt"
    before = existing.read_bytes()
    (tmp_path / "a").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b").write_text(GOOD.replace("86户", "87户"), encoding="utf-8")
    (tmp_path / "c").write_text(GOOD.replace("86户", "88户"), encoding="utf-8")
    report, errors = add_files(settings, [(tmp_path / "a", "004_a928fa1a2d1fd905.txt"), (tmp_path / "b", "政策 文件.txt"),
                                          (tmp_path / "c", "政策_文件.txt")], embeddings=embeddings, show_progress=False)
    assert not errors and existing.read_bytes() == before  # the existing document is untouched
    assert {"004_a928fa1a2d1fd905(2).txt", "政策_文件.txt", "政策_文件(2).txt"} <= {p.name for p in corpus.iterdir()}
    assert "88户" in (corpus / "政策_文件(2).txt").read_text(encoding="utf-8")
    assert sum("已另存为" in n for n in report.notes) == 2 and "已另存为" in report.summary()


def test_delete_goes_to_the_recycle_folder_and_comes_back(corpus_copy, embeddings):
    from ingest.library import recycled, restore_document

    settings = corpus_copy
    delete_document(settings, "002_2ab6596263cc6e8e.txt", title="昌都", embeddings=embeddings, show_progress=False)
    assert "002_2ab6596263cc6e8e.txt" not in load_index(settings.index_dir).documents
    (entry,) = recycled(settings)
    assert entry.doc_id == "002_2ab6596263cc6e8e.txt" and entry.title == "昌都"
    _, name = restore_document(settings, entry.entry, embeddings=embeddings, show_progress=False)
    assert name == "002_2ab6596263cc6e8e.txt" and name in load_index(settings.index_dir).documents
    assert recycled(settings) == []


def test_deleting_the_last_document_leaves_an_empty_knowledge_base_that_says_so(tmp_path, embeddings):
    """An empty knowledge base is a valid state: the index follows the corpus, questions and quizzes get a clear
    message, the next upload fills it again."""
    from assistant.answering import Assistant
    from assistant.quiz import generate_quiz
    from core.errors import CadreError
    from ingest.library import recycled, restore_document
    from tests.conftest import assistant_over

    settings, _ = assistant_over(tmp_path, {"only.txt": GOOD}, embeddings)
    report = delete_document(settings, "only.txt", embeddings=embeddings, show_progress=False)
    assert report.ok and report.n_documents == 0 and "资料库现在是空的" in report.summary()
    assert not (Path(settings.corpus_dir) / "only.txt").exists()
    index = load_index(settings.index_dir)
    assert index.documents == {} and index.chunks == [] and index.embeddings.shape == (0, 384)

    assistant = Assistant(settings, embeddings=embeddings)
    answer = assistant.answer("青山村合作社户均年增收多少？")
    assert answer.refused and answer.citations == [] and answer.related == []
    assert answer.refusal_reason == "empty_index" and "还没有文档" in answer.explanation
    with pytest.raises(CadreError) as error:
        generate_quiz(assistant, n=3)
    assert "还没有文档" in error.value.help_message

    (entry,) = recycled(settings)
    restore_document(settings, entry.entry, embeddings=embeddings, show_progress=False)
    assert "only.txt" in load_index(settings.index_dir).documents
