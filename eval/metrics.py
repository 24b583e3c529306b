"""Per-question metrics, as pure functions of what the assistant returned and what the dataset expects."""

from __future__ import annotations

import re

from assistant.evidence import SUPPORT_THRESHOLD, cited_sentences, content_chars, ngram_support
from core.records import MISSING_PART, Answer

NOT_FOUND = 99  # the rank given to evidence that was not retrieved


def rank_of_evidence(spans: list[tuple[str, int, int]], holds) -> int:
    """Position of the first span that holds the evidence (``holds(doc, start, end)``), or NOT_FOUND."""
    return next((i for i, (doc, start, end) in enumerate(spans) if holds(doc, start, end)), NOT_FOUND)


def rank_of_all_evidence(spans: list[tuple[str, int, int]], holders: list) -> int:
    """How many passages holding none of the evidence are ranked above the last piece of it (NOT_FOUND if one is
    missing).

    For one piece of evidence this is its position. A two-part question's two pieces (often in two documents)
    cannot both be in the first passage; ranked first and second they are as well placed as they can be, and count
    as rank 0 — a hit at 1 — instead of never.
    """
    ranks = [rank_of_evidence(spans, holds) for holds in holders]
    if not ranks or NOT_FOUND in ranks:
        return NOT_FOUND
    return sum(not any(holds(*spans[i]) for holds in holders) for i in range(max(ranks)))


def hit_at(rank: int, k: int) -> float:
    return float(rank < k)


def reciprocal_rank(rank: int, cutoff: int = 10) -> float:
    return 1.0 / (rank + 1) if rank < cutoff else 0.0


def faithfulness(answer: Answer) -> float | None:
    """Share of answer sentences supported (character n-grams) by the passages they cite; None if refused."""
    if answer.refused:
        return None
    passages = {c.n: f"{c.header}\n{c.text}" for c in answer.citations}
    sentences = [(body, cited) for body, cited in cited_sentences(answer.answer) if not body.startswith(MISSING_PART)]
    if not sentences:
        return 0.0
    supported = sum(
        bool(cited) and ngram_support(body, [passages[n] for n in cited if n in passages]) >= SUPPORT_THRESHOLD
        for body, cited in sentences
    )
    return supported / len(sentences)


def char_f1(prediction: str, reference: str) -> float:
    """F1 over characters (multiset), punctuation and spaces ignored."""
    pred, ref = content_chars(prediction), content_chars(reference)
    if not pred or not ref:
        return float(pred == ref)
    common = sum(min(pred.count(c), ref.count(c)) for c in set(ref))
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def rouge_l(prediction: str, reference: str) -> float:
    """ROUGE-L F-measure over characters (longest common subsequence)."""
    pred, ref = content_chars(prediction), content_chars(reference)
    if not pred or not ref:
        return float(pred == ref)
    previous = [0] * (len(ref) + 1)
    for a in pred:
        current = [0]
        for j, b in enumerate(ref, start=1):
            current.append(previous[j - 1] + 1 if a == b else max(previous[j], current[j - 1]))
        previous = current
    lcs = previous[-1]
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(pred), lcs / len(ref)
    return 2 * precision * recall / (precision + recall)


_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def figure_correct(answer: Answer, reference: str) -> float | None:
    """For a reference answer holding figures: 1 if the answer states every one of them, else 0 (a refusal is 0).

    None when the reference holds no figure.
    """
    figures = _FIGURE.findall(content_chars(reference))
    if not figures:
        return None
    if answer.refused:
        return 0.0
    text = content_chars(answer_text(answer))
    return float(all(_states(text, f) for f in figures))


def short_figure_correct(answer: Answer, reference: str) -> float | None:
    """For an answer with a short answer (shown first, in bold) and a reference holding figures: 1 if the short
    answer states one of them (2494个 for 山西2018年确定软弱涣散村党组织2494个; 一个 is 0).

    None when there is no short answer or the reference holds no figure.
    """
    figures = _FIGURE.findall(content_chars(reference))
    if answer.refused or not answer.short_answer or not figures:
        return None
    shown = content_chars(answer.short_answer)
    return float(any(_states(shown, f) for f in figures))


def evidence_quoted(answer: Answer, required: list[str], alternative: str | None = None) -> float | None:
    """1 if the answer quotes every piece of required evidence whole (or the alternative evidence), else 0.

    Stricter than citation precision, which credits a cited passage that holds the evidence even when the quoted
    sentences are others of it. Compared on content characters in Simplified script, so a Traditional answer counts.
    None when refused.
    """
    if answer.refused:
        return None
    text = content_chars(answer_text(answer))
    quoted = all(content_chars(piece) in text for piece in required)
    return float(quoted or alternative is not None and content_chars(alternative) in text)


def _states(text: str, figure: str) -> bool:
    """Whether ``text`` states ``figure`` as a whole number (3654, not 36540 or 13654)."""
    return bool(re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", text))


def answer_text(answer: Answer) -> str:
    """The answer without its citation markers."""
    return "".join(body for body, _ in cited_sentences(answer.answer))
