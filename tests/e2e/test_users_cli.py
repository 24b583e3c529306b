"""The users CLI and the audit of knowledge-base changes, end to end (real index, subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_cli_users_and_audited_deletes(corpus_copy, embeddings, tmp_path):
    from ingest.pipeline import ingest

    ingest(corpus_copy, embeddings=embeddings, show_progress=False)
    env = {**os.environ, "CADRE_INDEX_DIR": str(corpus_copy.index_dir), "CADRE_CORPUS_DIR": str(corpus_copy.corpus_dir)}

    def cadre(*args, stdin: str = ""):
        return subprocess.run([sys.executable, "-m", "ui.cli", *args], env=env, input=stdin,
                              capture_output=True, text=True, timeout=300, check=False)

    added = cadre("users", "add", "王书记", "--role", "admin", "--password-stdin", stdin="admin-pass-1\n")
    assert added.returncode == 0 and "管理员" in added.stdout
    assert "王书记\t管理员" in cadre("users", "list").stdout
    assert cadre("users", "add", "短", "--password-stdin", stdin="1234\n").returncode == 2
    deleted = cadre("docs", "delete", "002_2ab6596263cc6e8e.txt", "-q")
    assert deleted.returncode == 0, deleted.stderr
    entry = cadre("docs", "restore").stdout.split("\t")[0]
    assert cadre("docs", "restore", entry, "-q").returncode == 0
    audit_lines = (corpus_copy.index_dir.parent / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["action"] for line in audit_lines] == ["delete", "restore"]
    assert cadre("users", "remove", "王书记").returncode == 0 and "还没有用户" in cadre("users", "list").stdout
