"""Example questions drawn from the knowledge base itself, each checked to be answered.

A county that loads its own documents must not see examples about the sample corpus that its knowledge base
cannot answer. The questions come from the same structure the quizzes use (assistant/quiz_facts.py): a named
set (“三大基础”包括哪些？), a figure with its subject (选派多少名党员干部…？), a named measure (什么是“两包三到”联动帮扶机制？),
who does what; each is asked of the assistant and kept only if it is answered, one per document first.
"""

from __future__ import annotations

import random
import re
import threading

from assistant.answering import Assistant
from assistant.quiz import asked_figure, corpus_facts
from assistant.quiz_facts import Fact

_CACHE: dict[str, list[str]] = {}
_LOCK = threading.Lock()
_MAX_CHARS = 30
_PREFERENCE = ("enumeration", "place", "duty", "figure")


def _candidate(fact: Fact) -> str | None:
    """A question a village secretary could ask about ``fact``, in plain words, or None."""
    if fact.kind == "enumeration" and fact.name.startswith("“"):
        return f"{fact.name}包括哪些？"
    if fact.kind == "place":
        return f"什么是{fact.text}？"
    if fact.kind == "duty":
        return fact.name if len(fact.name) <= _MAX_CHARS else None
    if fact.kind == "figure":
        asked = re.sub(r"^[,，、;；\s]+", "", asked_figure(fact))
        return asked if 8 <= len(asked) <= _MAX_CHARS and not asked.startswith(("X", "x")) else None
    return None


def example_questions(assistant: Assistant, k: int = 4, seed: int = 0) -> list[str]:
    """Up to ``k`` questions about the current index that the assistant answers; computed once per index."""
    index = assistant.index
    with _LOCK:
        if str(index.path) in _CACHE:
            return _CACHE[str(index.path)][:k]
    by_doc = corpus_facts(index)
    rng = random.Random(seed)
    queues = []
    for facts in by_doc.values():
        facts = list(facts)
        rng.shuffle(facts)
        # Sets and named measures make the best first questions; figures come last (popped from the end).
        facts.sort(key=lambda f: -_PREFERENCE.index(f.kind) if f.kind in _PREFERENCE else -99)
        queues.append(list(dict.fromkeys(q for f in facts if (q := _candidate(f)))))
    chosen: list[str] = []
    while len(chosen) < k and any(queues):
        for queue in queues:  # documents in turn, so the examples span the knowledge base
            while queue:
                question = queue.pop()
                answer = assistant.answer(question)
                if not answer.refused and (answer.short_answer or answer.items or "多少" not in question):
                    chosen.append(question)
                    break
            if len(chosen) >= k:
                break
    with _LOCK:
        _CACHE.clear()  # one index at a time: the previous one's examples are stale after an ingest
        _CACHE[str(index.path)] = chosen
    return chosen
