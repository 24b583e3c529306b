"""Logins and roles for a county deployment: readers ask and make quizzes; admins also change the knowledge base.

Users live in one file (``CADRE_USERS_FILE``, default ``data/users.json``) with argon2 password hashes (argon2-cffi,
the maintained reference binding), managed by ``cadre users add/remove/list``. Failed logins are slowed down per
user name, so guessing a password from the office network takes days, not minutes. Every change to the knowledge
base is appended to an audit log (``data/audit.jsonl``): who, when, what.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from core.errors import CadreError

Role = Literal["reader", "admin"]
ROLE_NAMES = {"reader": "读者", "admin": "管理员"}
# Seconds a login waits after each failure of that user name, doubling up to the cap (a script gets ~1 try / 30 s).
FIRST_DELAY, MAX_DELAY = 1.0, 30.0


class UserError(CadreError):
    default_help = "用户设置有误。"


@dataclass
class User:
    name: str
    role: Role
    password_hash: str


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


class UserStore:
    """The users file: read on every login (an admin's ``cadre users add`` takes effect without a restart)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._failures: dict[str, int] = {}
        self._lock = threading.Lock()

    def load(self) -> dict[str, User]:
        if not self.path.is_file():
            return {}
        try:
            rows = json.loads(self.path.read_text(encoding="utf-8"))
            return {r["name"]: User(r["name"], r["role"], r["password_hash"]) for r in rows}
        except (ValueError, KeyError, TypeError) as exc:
            raise UserError(f"bad users file {self.path}: {exc}", help_message=f"用户文件已损坏：{self.path}") from exc

    def _save(self, users: dict[str, User]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps([u.__dict__ for u in users.values()], ensure_ascii=False, indent=1),
                       encoding="utf-8")
        os.chmod(tmp, 0o600)  # hashes are not passwords, but nobody else needs to read them
        os.replace(tmp, self.path)

    def add(self, name: str, password: str, role: Role) -> None:
        name = name.strip()
        if not name or ":" in name or len(name) > 50:
            raise UserError(f"bad user name {name!r}", help_message="用户名不能为空、不能含冒号，最长 50 个字")
        if len(password) < 8:
            raise UserError("password too short", help_message="密码至少 8 位")
        if role not in ROLE_NAMES:
            raise UserError(f"bad role {role}", help_message="角色只能是 reader（读者）或 admin（管理员）")
        users = self.load()
        users[name] = User(name, role, _hasher().hash(password))
        self._save(users)

    def remove(self, name: str) -> None:
        users = self.load()
        if name not in users:
            raise UserError(f"no user {name}", help_message=f"没有这个用户：{name}")
        del users[name]
        self._save(users)

    def role(self, name: str | None) -> Role | None:
        user = self.load().get(name or "")
        return user.role if user else None

    def check(self, name: str, password: str) -> bool:
        """Whether the password is right; each failure makes the next attempt for that name wait longer."""
        from argon2.exceptions import VerificationError, VerifyMismatchError

        with self._lock:
            failures = self._failures.get(name, 0)
        if failures:
            time.sleep(min(MAX_DELAY, FIRST_DELAY * 2 ** (failures - 1)))
        user = self.load().get(name)
        try:
            ok = user is not None and _hasher().verify(user.password_hash, password)
        except (VerifyMismatchError, VerificationError):
            ok = False
        with self._lock:
            self._failures[name] = 0 if ok else failures + 1
        return ok


def audit(path: Path, user: str | None, action: str, detail: str) -> None:
    """Append one line to the audit log: when, who, which change to the knowledge base."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"time": datetime.now().isoformat(timespec="seconds"), "user": user or "(本机)",
                       "action": action, "detail": detail}, ensure_ascii=False)
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())


NOT_ADMIN = "只有管理员可以做这件事；请用管理员账号登录。"


class Access:
    """Who may do what on the page. Without logins the page has one user, at the office PC, who is its admin."""

    def __init__(self, store: UserStore, *, plain_admins: set[str] = frozenset(), admins: set[str] = frozenset()) -> None:
        self.store = store
        self.plain_admins = set(plain_admins)  # users of the older --auth user:pass option
        self.admins = set(admins)  # CADRE_ADMIN_USERS

    def role(self, request) -> Role:
        user = getattr(request, "username", None)
        if user is None or user in self.plain_admins or user in self.admins:
            return "admin"
        return self.store.role(user) or "reader"

    def require_admin(self, request) -> str | None:
        """The admin's name (None without logins), or a ``UserError`` for a reader."""
        if self.role(request) != "admin":
            raise UserError("not an admin", help_message=NOT_ADMIN)
        return getattr(request, "username", None)


class RateLimit:
    """At most ``per_minute`` events per key in any sliding minute (the page: questions per user or session)."""

    def __init__(self, per_minute: int, clock=time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._events: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            recent = [t for t in self._events.get(key, []) if now - t < 60]
            allowed = len(recent) < self.per_minute
            if allowed:
                recent.append(now)
            self._events[key] = recent
            return allowed


TOO_FAST = "提问太频繁了，请稍等一会儿再问。"
