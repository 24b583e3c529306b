"""The conversation log on real databases: an SQLite file and a PostgreSQL server started for the run."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from assistant.logstore import LogStore, LogStoreError, open_log
from core.records import Answer, Citation
from core.settings import Settings


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'usage.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    store = LogStore(url)
    with store.engine.begin() as connection:  # the PostgreSQL database is shared by the run: start empty
        for table in ("feedback", "turns", "conversations"):
            connection.execute(text(f"DELETE FROM {table}"))
    yield store
    store.close()


def answer(question: str, refused: bool = False) -> Answer:
    citation = Citation(n=1, doc_id="004.txt", title="山西推动党的建设与脱贫攻坚深度融合", chunk_id="004.txt#3",
                        text="省财政每年为省派农村第一书记安排1万元的工作经费。", passage_start=0, passage_end=25,
                        span="省财政每年为省派农村第一书记安排1万元的工作经费。", start=0, end=25)
    return Answer(question=question, standalone_question=question, answer="资料中没有找到相关内容" if refused else
                  "省财政每年为省派农村第一书记安排1万元的工作经费。[1]", refused=refused, confidence=0.3 if refused else 0.9,
                  citations=[] if refused else [citation], short_answer=None if refused else "1万元")


def test_turns_and_feedback_are_stored_and_filtered(store):
    first = store.log_turn("c-1", answer("第一书记的工作经费有多少？"), latency_ms=40, index_version="v1", user="张三")
    store.log_turn("c-1", answer("贵州选派了多少名第一书记？", refused=True), latency_ms=30, index_version="v1",
                   user="张三")
    store.log_turn("c-2", answer("村里的路怎么修？", refused=True), latency_ms=25, index_version="v1", user="李四")
    store.add_feedback(first, "useful")
    store.add_feedback(first, "wrong", "金额是市里的")  # a second rating by the same reader replaces the first
    rows = store.turns()
    assert [r["question"] for r in rows] == ["第一书记的工作经费有多少？", "贵州选派了多少名第一书记？", "村里的路怎么修？"]
    assert rows[0]["citations"][0]["title"].startswith("山西") and rows[0]["short_answer"] == "1万元"
    assert rows[0]["asked_at"].tzinfo is not None and rows[0]["latency_ms"] == 40
    assert [r["question"] for r in store.turns(rated="wrong")] == ["第一书记的工作经费有多少？"]
    assert store.turns(rated="wrong")[0]["comment"] == "金额是市里的"
    assert len(store.turns(refused=True)) == 2 and len(store.turns(user="李四")) == 1
    assert store.users() == sorted(["张三", "李四"])
    assert store.turns(since=datetime.now(UTC) + timedelta(minutes=1)) == []


def test_purge_removes_old_turns_with_their_feedback(store):
    kept = store.log_turn("c-1", answer("新问题"), latency_ms=1, index_version="v1")
    old = store.log_turn("c-2", answer("旧问题"), latency_ms=1, index_version="v1")
    store.add_feedback(old, "incomplete")
    store.flush()
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE turns SET asked_at = :t WHERE id = :id"),
                           {"t": datetime.now(UTC) - timedelta(days=400), "id": old})
    assert store.purge(before=datetime.now(UTC) - timedelta(days=365)) == 1
    assert [r["id"] for r in store.turns()] == [kept]
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM feedback")).scalar() == 0
        assert connection.execute(text("SELECT COUNT(*) FROM conversations")).scalar() == 1


def test_sqlite_runs_in_wal_mode_and_migrations_are_idempotent(tmp_path):
    url = f"sqlite:///{tmp_path / 'usage.sqlite3'}"
    LogStore(url).close()
    again = LogStore(url)
    with again.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    again.close()


def test_a_failing_database_never_breaks_an_answer(tmp_path, caplog):
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("x", encoding="utf-8")
    with pytest.raises(LogStoreError) as error:
        LogStore(f"sqlite:///{blocked / 'usage.sqlite3'}")
    assert "回答不受影响" in error.value.help_message
    with caplog.at_level(logging.WARNING):
        assert open_log(Settings(index_dir=blocked / "index")) is None  # the page goes on without a log
    assert "usage.sqlite3" in caplog.text

    store = LogStore(f"sqlite:///{tmp_path / 'usage.sqlite3'}")
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE feedback"))
        connection.execute(text("DROP TABLE turns"))
    with caplog.at_level(logging.WARNING):
        for i in range(3):
            store.log_turn("c", answer(f"问题{i}"), latency_ms=1, index_version="v1")  # returns at once
        store.flush()
    assert caplog.text.count("conversation log not written") == 1  # one warning, not one per question
    store.close()


def test_cli_exports_turns_to_eval_rows_and_purges(tmp_path, sample_index):
    from eval.dataset import load_dataset

    url = f"sqlite:///{tmp_path / 'usage.sqlite3'}"
    store = LogStore(url)
    wrong = store.log_turn("c", answer("第一书记的工作经费有多少？"), latency_ms=1, index_version="v1")
    store.log_turn("c", answer("贵州选派了多少名第一书记？", refused=True), latency_ms=1, index_version="v1")
    store.log_turn("c", answer("山西选派了多少名干部担任农村第一书记？", refused=True), latency_ms=1, index_version="v1")
    store.add_feedback(wrong, "wrong", "应为市里的标准")
    store.close()
    env = {"CADRE_DATABASE_URL": url, "CADRE_INDEX_DIR": str(sample_index.path.parent)}
    out = tmp_path / "from-logs.jsonl"
    run = subprocess.run([sys.executable, "-m", "ui.cli", "logs", "to-eval", "--refused", "--rated", "wrong",
                          "--out", str(out)], env={**os.environ, **env}, capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3 and all(r["type"] == "unanswerable" and r["review"] for r in rows)
    assert len(load_dataset(out)) == 3  # cadre eval --dataset accepts it as it is
    # The knowledge base answers one of the formerly refused questions: the command says which.
    assert "山西选派了多少名干部担任农村第一书记？ → 10009名" in run.stdout

    xlsx = tmp_path / "log.xlsx"
    export = subprocess.run([sys.executable, "-m", "ui.cli", "logs", "export", "--out", str(xlsx)],
                            env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
                            check=False)
    assert export.returncode == 0 and "3 条" in export.stdout
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet["C1"].value == "问题" and sheet.max_row == 4
    purge = subprocess.run([sys.executable, "-m", "ui.cli", "logs", "purge", "--before", "2999-01-01"],
                           env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
                           check=False)
    assert purge.returncode == 0 and "3 条" in purge.stdout


def test_dashboard_figures_from_the_log(embeddings):
    """Per day, topics, and the refused questions grouped by meaning: two wordings of one gap form one group."""
    from assistant.usage import knowledge_gaps, per_day, to_csv, topics

    day = datetime(2026, 11, 20, 9, tzinfo=UTC)
    rows = []
    for i, (question, refused) in enumerate([("贵州选派了多少名第一书记？", True), ("贵州省派了多少个第一书记？", True),
                                             ("村里修路的钱从哪里来？", True), ("第一书记的工作经费有多少？", False)]):
        rows.append({"id": str(i), "asked_at": day + timedelta(days=i // 2), "question": question,
                     "standalone_question": question, "refused": refused, "rating": None, "comment": "",
                     "citations": [], "user": None, "answer": "", "short_answer": None, "refusal_reason": None,
                     "confidence": 0.1, "answerer": "extractive", "latency_ms": 5, "index_version": "v1"})
    assert [(d.isoformat(), n, r) for d, n, r in per_day(rows)] == [("2026-11-20", 2, 1.0), ("2026-11-21", 2, 0.5)]
    assert topics(rows)[0][0] == "第一书记"
    groups = knowledge_gaps(rows, embeddings.embed_documents)
    assert [len(g) for g in groups] == [2, 1]
    assert {r["question"] for r in groups[0]} == {"贵州选派了多少名第一书记？", "贵州省派了多少个第一书记？"}
    assert to_csv(rows).splitlines()[0].startswith("时间,用户,问题")

