"""Follow-up questions: resolve 那具体怎么做? against the earlier turns before retrieval."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ingest.segment import Segmenter

# Openers and endings that lean on an earlier turn: 那…, 它们…, 这些…, …呢?, 还有呢.
_DEPENDENT = re.compile(
    r"^(?:那|那么|它|它们|其|这|这些|这个|这项|该|他们|她们|此|上述|以上|还有|另外|此外|具体|分别|然后|接着|那具体)"
    r"|呢[?？!！。]?$|还有呢|具体(?:怎么|如何|是|有)|分别是|怎么做[?？]?$|如何做[?？]?$"
)
_MAX_DEPENDENT_CHARS = 16


def previous_questions(history: Sequence[Any] | None, limit: int) -> list[str]:
    """Earlier user questions, oldest first, from any of the history shapes we accept.

    Accepted: plain strings (earlier questions), ``{"question": ...}`` turns,
    ``{"role": "user", "content": ...}`` messages (Gradio's format), or (question, answer) pairs.
    """
    questions: list[str] = []
    for turn in history or []:
        if isinstance(turn, str):
            questions.append(turn)
        elif isinstance(turn, dict):
            if "question" in turn:
                questions.append(str(turn["question"]))
            elif turn.get("role") == "user" and isinstance(turn.get("content"), str):
                questions.append(turn["content"])
        elif isinstance(turn, (list, tuple)) and turn and isinstance(turn[0], str):
            questions.append(turn[0])
    return questions[-limit:] if limit else []


def is_follow_up(question: str, segmenter: Segmenter) -> bool:
    """A short question that points back (那、它们、…呢) or names nothing of its own."""
    question = question.strip()
    if len(question) > _MAX_DEPENDENT_CHARS * 2:
        return False
    if _DEPENDENT.search(question):
        return True
    return len(question) <= _MAX_DEPENDENT_CHARS and len(segmenter.tokens(question)) <= 1


def resolve_offline(question: str, history: Sequence[Any] | None, segmenter: Segmenter, limit: int = 3) -> str:
    """A standalone question: a follow-up is joined to the (itself resolved) previous question."""
    standalone = ""
    for earlier in previous_questions(history, limit):
        standalone = _combine(standalone, earlier, segmenter)
    return _combine(standalone, question, segmenter)


def _combine(previous: str, question: str, segmenter: Segmenter) -> str:
    if previous and is_follow_up(question, segmenter):
        return f"{previous.rstrip('?？。')}，{question}"
    return question
