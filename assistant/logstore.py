"""The conversation log: every question asked, its answer, and what readers said of it, on a real database.

SQLAlchemy 2 (typed ORM) over an embedded SQLite file by default (WAL, so the page's readers never wait for a
writer), or PostgreSQL for a shared server or several page replicas (``CADRE_DATABASE_URL``). The schema is
created and upgraded by Alembic migrations (assistant/migrations/). Writing never delays or breaks an answer:
rows go through one background writer, and a failing database gives one warning and is then left alone.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload

from core.errors import CadreError
from core.records import RATING_NAMES, Answer, Rating

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"


class Base(DeclarativeBase):
    pass


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user: Mapped[str | None] = mapped_column(String(100))
    turns: Mapped[list[Turn]] = relationship(back_populates="conversation")


class Turn(Base):
    __tablename__ = "turns"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # chosen by the page, so feedback can name it
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    question: Mapped[str] = mapped_column(Text)
    standalone_question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    short_answer: Mapped[str | None] = mapped_column(Text)
    refused: Mapped[bool] = mapped_column(Boolean, index=True)
    refusal_reason: Mapped[str | None] = mapped_column(String(40))
    confidence: Mapped[float] = mapped_column(Float)
    answerer: Mapped[str] = mapped_column(String(20))
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    latency_ms: Mapped[int] = mapped_column(Integer)
    index_version: Mapped[str] = mapped_column(String(200))
    user: Mapped[str | None] = mapped_column(String(100), index=True)
    conversation: Mapped[Conversation] = relationship(back_populates="turns")
    feedback: Mapped[list[Feedback]] = relationship(back_populates="turn", cascade="all, delete-orphan")


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    turn_id: Mapped[str] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"), index=True)
    rating: Mapped[str] = mapped_column(String(20), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user: Mapped[str | None] = mapped_column(String(100))
    turn: Mapped[Turn] = relationship(back_populates="feedback")


class LogStoreError(CadreError):
    default_help = "对话记录数据库不可用。"


def default_url(index_dir: Path) -> str:
    """An SQLite file beside the index, under the data directory."""
    return f"sqlite:///{Path(index_dir).resolve().parent / 'usage.sqlite3'}"


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the one writer
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def now() -> datetime:
    return datetime.now(UTC)


class LogStore:
    """Writes turns and feedback in the background; reads for the dashboard, exports and the eval loop."""

    def __init__(self, url: str, *, keep_days: int = 0) -> None:
        self.url = url
        self.keep_days = keep_days
        try:
            self.engine = create_engine(url, future=True, pool_pre_ping=True)
            if self.engine.dialect.name == "sqlite":
                Path(self.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
                _sqlite_pragmas(self.engine)
            migrate(self.engine)
        except (SQLAlchemyError, OSError) as exc:
            raise LogStoreError(f"cannot open {self._safe_url()}: {exc}",
                                help_message=f"无法打开对话记录数据库（{self._safe_url()}），回答不受影响，但不会记录。") from exc
        self._jobs: queue.Queue[Callable[[Session], None] | None] = queue.Queue()
        self._failed = False
        self._writer = threading.Thread(target=self._write_loop, name="log-writer", daemon=True)
        self._writer.start()
        if keep_days:
            self.purge(before=now() - timedelta(days=keep_days))

    def _safe_url(self) -> str:
        return self.url.split("@")[-1] if "@" in self.url else self.url  # no password in messages

    # -- writing ------------------------------------------------------------------------------------------

    def _write_loop(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                with Session(self.engine) as session, session.begin():
                    job(session)
            except Exception as exc:  # noqa: BLE001 - a logging failure must never reach an answer
                if not self._failed:
                    log.warning("conversation log not written (%s): %s", self._safe_url(), exc)
                    self._failed = True
            finally:
                self._jobs.task_done()

    def flush(self) -> None:
        """Wait until every queued row is written (tests, shutdown)."""
        self._jobs.join()

    def close(self) -> None:
        self._jobs.put(None)
        self._writer.join(timeout=10)
        self.engine.dispose()

    def log_turn(self, conversation_id: str, answer: Answer, *, latency_ms: int, index_version: str,
                 user: str | None = None) -> str:
        """Queue one answered question; returns the turn's id (chosen here so feedback can refer to it at once)."""
        turn_id = str(uuid.uuid4())
        row = {"id": turn_id, "conversation_id": conversation_id, "asked_at": now(), "question": answer.question,
               "standalone_question": answer.standalone_question, "answer": answer.answer,
               "short_answer": answer.short_answer, "refused": answer.refused, "refusal_reason": answer.refusal_reason,
               "confidence": answer.confidence, "answerer": answer.answerer,
               "citations": [c.model_dump(include={"n", "doc_id", "title", "span", "start", "end"})
                             for c in answer.citations],
               "latency_ms": latency_ms, "index_version": index_version, "user": user}

        def write(session: Session) -> None:
            if session.get(Conversation, conversation_id) is None:
                session.add(Conversation(id=conversation_id, started_at=row["asked_at"], user=user))
                session.flush()
            session.add(Turn(**row))

        self._jobs.put(write)
        return turn_id

    def add_feedback(self, turn_id: str, rating: Rating, comment: str = "", user: str | None = None) -> None:
        """Queue a reader's rating of one answer; a later rating of the same turn by the same reader replaces it."""
        if rating not in RATING_NAMES:
            raise LogStoreError(f"unknown rating {rating}", help_message="评价只能是 有用、有误 或 不完整")

        def write(session: Session) -> None:
            if session.get(Turn, turn_id) is None:
                return
            earlier = session.scalars(select(Feedback).where(Feedback.turn_id == turn_id,
                                                             Feedback.user.is_(user) if user is None
                                                             else Feedback.user == user)).all()
            for row in earlier:
                session.delete(row)
            session.add(Feedback(turn_id=turn_id, rating=rating, comment=comment.strip()[:2000], created_at=now(),
                                 user=user))

        self._jobs.put(write)

    def purge(self, before: datetime) -> int:
        """Delete the turns asked before ``before`` (with their feedback) and empty conversations; the count."""
        with Session(self.engine) as session, session.begin():
            old = session.scalars(select(Turn).where(Turn.asked_at < before)).all()
            for turn in old:
                session.delete(turn)
            session.flush()
            for conversation in session.scalars(select(Conversation)).all():
                if not conversation.turns:
                    session.delete(conversation)
            return len(old)

    # -- reading ------------------------------------------------------------------------------------------

    def turns(self, *, since: datetime | None = None, until: datetime | None = None, user: str | None = None,
              refused: bool | None = None, rated: Rating | None = None) -> list[dict[str, Any]]:
        """Logged turns, oldest first, with their latest rating and comment, filtered as asked."""
        self.flush()
        with Session(self.engine) as session:
            query = select(Turn).options(selectinload(Turn.feedback)).order_by(Turn.asked_at, Turn.id)
            if since is not None:
                query = query.where(Turn.asked_at >= since)
            if until is not None:
                query = query.where(Turn.asked_at < until)
            if user:
                query = query.where(Turn.user == user)
            if refused is not None:
                query = query.where(Turn.refused == refused)
            rows = []
            for turn in session.scalars(query).all():
                latest = max(turn.feedback, key=lambda f: f.created_at, default=None)
                if rated and (latest is None or latest.rating != rated):
                    continue
                rows.append({"id": turn.id, "conversation_id": turn.conversation_id,
                             "asked_at": _aware(turn.asked_at), "user": turn.user, "question": turn.question,
                             "standalone_question": turn.standalone_question, "answer": turn.answer,
                             "short_answer": turn.short_answer, "refused": turn.refused,
                             "refusal_reason": turn.refusal_reason, "confidence": turn.confidence,
                             "answerer": turn.answerer, "citations": turn.citations, "latency_ms": turn.latency_ms,
                             "index_version": turn.index_version, "rating": latest.rating if latest else None,
                             "comment": latest.comment if latest else ""})
            return rows

    def users(self) -> list[str]:
        self.flush()
        with Session(self.engine) as session:
            return sorted(u for u in session.scalars(select(Turn.user).distinct()) if u)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def open_log(settings) -> LogStore | None:
    """The log the settings ask for, or None when logging is off or the database cannot be opened (one warning:
    the page answers all the same)."""
    if not settings.log_questions:
        return None
    try:
        return LogStore(settings.database_url or default_url(settings.index_dir), keep_days=settings.log_keep_days)
    except LogStoreError as exc:
        log.warning("%s", exc)
        return None
