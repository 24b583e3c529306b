"""Logins and roles: argon2-hashed users, slowed failures, who may change the knowledge base, the audit trail."""

from __future__ import annotations

import json
import os
import stat
import time
from types import SimpleNamespace

import pytest

from assistant.users import Access, UserError, UserStore, audit


@pytest.fixture
def store(tmp_path):
    store = UserStore(tmp_path / "users.json")
    store.add("王书记", "admin-pass-1", "admin")
    store.add("村干部", "reader-pass-1", "reader")
    return store


def test_passwords_are_stored_as_argon2_hashes_in_a_private_file(store):
    text = store.path.read_text(encoding="utf-8")
    assert "admin-pass-1" not in text and "$argon2id$" in text
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert store.check("王书记", "admin-pass-1") and store.role("村干部") == "reader"
    with pytest.raises(UserError):
        store.add("短", "1234", "reader")
    with pytest.raises(UserError):
        store.add("a:b", "long-enough-1", "reader")


def test_failed_logins_are_slowed_down(store):
    assert not store.check("村干部", "wrong-guess")
    started = time.monotonic()
    assert not store.check("村干部", "wrong-again")
    assert time.monotonic() - started >= 1.0  # the second try waited
    started = time.monotonic()
    assert not store.check("村干部", "third-guess")
    assert time.monotonic() - started >= 2.0  # and the third twice as long
    assert store.check("村干部", "reader-pass-1")  # the right password still works, and resets the count
    started = time.monotonic()
    assert store.check("村干部", "reader-pass-1") and time.monotonic() - started < 1.0


def test_roles_decide_who_changes_the_knowledge_base(store):
    access = Access(store, plain_admins={"旧管理员"}, admins={"李主任"})
    assert access.role(SimpleNamespace(username=None)) == "admin"  # one office PC without logins
    assert access.role(SimpleNamespace(username="王书记")) == "admin"
    assert access.role(SimpleNamespace(username="李主任")) == "admin" and access.role(
        SimpleNamespace(username="旧管理员")) == "admin"
    assert access.role(SimpleNamespace(username="村干部")) == "reader"
    with pytest.raises(UserError) as error:
        access.require_admin(SimpleNamespace(username="村干部"))
    assert "管理员" in error.value.help_message
    assert access.require_admin(SimpleNamespace(username="王书记")) == "王书记"


def test_audit_log_is_append_only_lines(tmp_path):
    path = tmp_path / "audit.jsonl"
    audit(path, "王书记", "delete", "002.txt《昌都》")
    audit(path, None, "upload", "合作社.txt")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(r["user"], r["action"]) for r in rows] == [("王书记", "delete"), ("(本机)", "upload")]


def test_questions_per_minute_are_limited_per_user():
    from assistant.users import RateLimit

    now = [0.0]
    limit = RateLimit(3, clock=lambda: now[0])
    assert [limit.allow("村干部") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("王书记")  # another user is not slowed by the first
    now[0] = 61.0
    assert limit.allow("村干部")  # a minute later the first may ask again
