"""Answering with an LLM, then verifying: every kept sentence cites passages that support it.

The model sees numbered passages and must cite after each sentence. We drop citation
numbers that do not exist, drop sentences whose characters are not found in the
passages they cite, and fall back to the extractive answer when nothing survives or
the model fails.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from langchain_core.messages import HumanMessage

from assistant.assess import LLM_REFUSAL_TRUSTED_BELOW
from assistant.conversation import previous_questions
from assistant.evidence import (
    INSTRUCTION,
    MARKER,
    SUPPORT_THRESHOLD,
    content_chars,
    ngram_support,
    without_instructions,
)
from assistant.prompts import render_prompt
from assistant.retrieval import Passage
from core.records import LLM_UNAVAILABLE_NOTE, REFUSAL, Answer
from core.settings import Settings
from ingest.chunking import split_sentences_zh

log = logging.getLogger(__name__)
def format_passages(passages: list[Passage]) -> str:
    """The numbered passages the model reads, without sentences that address a model (a planted instruction)."""
    return "\n\n".join(f"[{i}] 《{p.title}》{p.section and ' ' + p.section}\n{without_instructions(p.text)}"
                       for i, p in enumerate(passages, start=1))


def answer_prompt(question: str, passages: list[Passage]) -> str:
    return render_prompt("answer", question=question, passages=format_passages(passages),
                         valid_ids="、".join(f"[{i}]" for i in range(1, len(passages) + 1)), refusal=REFUSAL)


def verify(raw: str, question: str, standalone: str, passages: list[Passage], fallback: Answer) -> Answer:
    """Turn the model's text into an ``Answer`` whose every sentence is supported by what it cites."""
    notes: list[str] = []
    text = raw.strip()
    if REFUSAL in text or not text:
        # The model declined; only trust that if our own retrieval was also unsure.
        if fallback.confidence < LLM_REFUSAL_TRUSTED_BELOW:
            return Answer(question=question, standalone_question=standalone, answer=REFUSAL, refused=True,
                          confidence=fallback.confidence, related=fallback.citations or fallback.related,
                          answerer="llm", notes=["llm refused"])
        notes.append("llm refused although retrieval was confident; extractive answer used")
        return fallback.model_copy(update={"notes": notes})
    kept: list[tuple[str, list[int]]] = []
    for start, end in split_sentences_zh(text):
        sentence = text[start:end]
        cited = [int(m) for m in MARKER.findall(sentence)]
        valid = [n for n in cited if 1 <= n <= len(passages)]
        if len(valid) < len(cited):
            notes.append(f"dropped citation numbers {sorted(set(cited) - set(valid))}")
        body = MARKER.sub("", sentence).strip()
        if not body or not content_chars(body):
            continue
        if INSTRUCTION.search(body):
            notes.append(f"dropped a sentence addressing a model: {body[:30]}")
            continue
        if not valid:
            # Small models often state a supported fact and forget the marker: cite the passage
            # that supports it best, if it passes the same support test as a cited sentence.
            supports = {n: ngram_support(body, [without_instructions(p.text)]) for n, p in enumerate(passages, start=1)}
            best = max(supports, key=supports.get, default=None)
            if best is None or supports[best] < SUPPORT_THRESHOLD:
                notes.append(f"dropped uncited sentence: {body[:30]}")
                continue
            notes.append(f"attributed citation [{best}] to an uncited sentence")
            valid = [best]
        support = ngram_support(body, [without_instructions(passages[n - 1].text) for n in valid])
        if support < SUPPORT_THRESHOLD:
            notes.append(f"dropped unsupported sentence ({support:.2f}): {body[:30]}")
            continue
        kept.append((body, sorted(set(valid))))
    if not kept:
        notes.append("nothing survived verification; extractive answer used")
        return fallback.model_copy(update={"notes": notes})
    renumber: dict[int, int] = {}
    parts = []
    for body, cited in kept:
        marks = "".join(f"[{renumber.setdefault(n, len(renumber) + 1)}]" for n in cited)
        parts.append(body + marks)
    citations = [passages[old - 1].citation(new) for old, new in renumber.items()]
    return Answer(question=question, standalone_question=standalone, answer="".join(parts), refused=False,
                  confidence=fallback.confidence, citations=citations, answerer="llm", notes=notes)


def answer_with_llm(llm, question: str, standalone: str, passages: list[Passage], fallback: Answer) -> Answer:
    try:
        message = llm.invoke([HumanMessage(answer_prompt(standalone, passages))])
    except Exception as exc:  # noqa: BLE001 - any transport or server failure: the extractive answer stands
        log.warning("LLM call failed: %s", exc)
        return fallback.model_copy(update={"degraded": "llm_unavailable", "notes": [
            f"{LLM_UNAVAILABLE_NOTE} ({type(exc).__name__}: {str(exc)[:120]}); extractive answer"]})
    return verify(str(message.content), question, standalone, passages, fallback)


def stream_with_llm(llm, question: str, standalone: str, passages: list[Passage],
                    fallback: Answer) -> Iterator[str | Answer]:
    """Yield the model's tokens as they come, then the verified ``Answer``."""
    pieces: list[str] = []
    try:
        for chunk in llm.stream([HumanMessage(answer_prompt(standalone, passages))]):
            piece = str(chunk.content)
            pieces.append(piece)
            yield piece
    except Exception as exc:  # noqa: BLE001 - same policy as answer_with_llm
        log.warning("LLM stream failed: %s", exc)
        yield fallback.model_copy(update={"degraded": "llm_unavailable", "notes": [
            f"{LLM_UNAVAILABLE_NOTE} ({type(exc).__name__}: {str(exc)[:120]}); extractive answer"]})
        return
    yield verify("".join(pieces), question, standalone, passages, fallback)


def condense_question(llm, question: str, history: Sequence[str] | None, settings: Settings, fallback: str) -> str:
    """Rewrite a follow-up into a standalone question; the offline rewrite if the model fails."""
    earlier = previous_questions(history, settings.history_turns)
    prompt = render_prompt("condense", history="\n".join(f"- {q}" for q in earlier), question=question)
    try:
        rewritten = str(llm.invoke([HumanMessage(prompt)]).content).strip().splitlines()
    except Exception as exc:  # noqa: BLE001
        log.warning("LLM condense failed: %s", exc)
        return fallback
    rewritten = [line.strip() for line in rewritten if line.strip()]
    return rewritten[0] if rewritten and len(rewritten[0]) <= 200 else fallback
