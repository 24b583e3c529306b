"""Fit the answer-or-refuse model (assistant/assess.py) on development questions; write its parameters.

Each question of the fitting data goes through the same steps as an answer (follow-up resolution, analysis,
scoped retrieval, the hard rules of ``assess``); every passage left gets the features of ``FEATURES`` and the
label "holds the question's evidence". A logistic regression (scikit-learn) is fitted on those passages;
then, at the question level, the refusal threshold is the highest one whose false-refusal rate on the fitting
data stays within ``--max-false-refusal``, and the use threshold the one that best separates the passages
holding evidence from the rest among answered questions.

Never fit on the set you report: ``--data`` takes the fitting split (eval/dev/fit.jsonl); report on
eval/dev/heldout.jsonl and the public eval/dataset.jsonl with ``cadre eval --dataset``.

Run ``python -m eval.fit_decision --help``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assistant.answering import Assistant
from assistant.assess import (
    DECISION_MODEL_PATH,
    FEATURES,
    DecisionModel,
    TermSimilarity,
    assess,
    load_decision_model,
    passage_features,
)
from core.settings import Settings
from eval.dataset import EvalItem, load_dataset
from eval.evidence import holds, locate_evidence
from ingest.normalize import normalize_text

SOFT_GRID = [(0.92, 0.96), (0.93, 0.97), (0.94, 0.98), (0.95, 0.99)]


@dataclass
class Case:
    """One question (or one part of it) as the decision sees it."""

    item_id: str
    answerable: bool
    passages: list  # candidates after the hard rules
    labels: list[int]
    analysis: object
    query_vector: np.ndarray


def build_cases(assistant: Assistant, items: list[EvalItem]) -> list[Case]:
    index = assistant.index
    retriever = assistant.retriever
    permissive = load_decision_model().model_copy(update={"threshold": 0.0, "use_threshold": 0.0})
    cases = []
    for item in tqdm(items, desc="准备", unit="题", file=sys.stderr):
        standalone = normalize_text(assistant.standalone_question(item.question, item.history))
        evidence = [(doc, locate_evidence(index, doc, ev)) for doc, ev in item.required_evidence()]
        if (alt := item.alternative_evidence()) is not None:
            evidence.append((alt[0], locate_evidence(index, *alt)))
        for part, vector, found in assistant.retrieve_parts(item.question, standalone, index, retriever).parts:
            judged = assess(part, found, index, query_vector=vector, model=permissive)
            # With a threshold of 0 only the hard rules refuse; their passages never reach the model.
            candidates = judged.candidates if judged.answerable else []
            labels = [int(any(holds(p.doc_id, p.start, p.end, d, e) for d, e in evidence)) for p in candidates]
            cases.append(Case(item.id, item.answerable, candidates, labels, part, vector))
    return cases


def feature_matrix(cases: list[Case], assistant: Assistant, model: DecisionModel, features: list[str],
                   similarity: TermSimilarity) -> list[np.ndarray]:
    out = []
    for case in cases:
        rows = passage_features(case.analysis, case.passages, assistant.index, case.query_vector, similarity, model)
        out.append(np.array([[r[f] for f in features] for r in rows], dtype=np.float64).reshape(-1, len(features)))
    return out


def question_scores(cases: list[Case], probabilities: list[np.ndarray]) -> dict[str, tuple[bool, float]]:
    """Per item: answerable, and the confidence the decision would have (max over parts of max over passages)."""
    out: dict[str, tuple[bool, float]] = {}
    for case, probs in zip(cases, probabilities):
        best = float(probs.max()) if len(probs) else 0.0
        answerable, previous = out.get(case.item_id, (case.answerable, 0.0))
        out[case.item_id] = (answerable, max(previous, best))
    return out


def choose_threshold(scores: dict[str, tuple[bool, float]], max_false_refusal: float) -> float:
    """The highest threshold whose false-refusal rate stays within the bound."""
    answerable = sorted(s for a, s in scores.values() if a)
    allowed = int(np.floor(max_false_refusal * len(answerable)))
    return float(answerable[allowed]) - 1e-6 if answerable else 0.5


def fit(data: Path, out: Path, max_false_refusal: float, settings: Settings | None = None,
        features: list[str] | None = None) -> DecisionModel:
    from sklearn.linear_model import LogisticRegression

    assistant = Assistant(settings or Settings())
    items = load_dataset(data)
    cases = build_cases(assistant, items)
    features = list(features or FEATURES)
    similarity = TermSimilarity(assistant.index, assistant.embeddings)  # one cache of unknown words for the grid
    best: tuple[float, DecisionModel] | None = None
    for floor, ceiling in SOFT_GRID if "soft_coverage" in features else SOFT_GRID[:1]:
        base = load_decision_model().model_copy(update={"soft_floor": floor, "soft_ceiling": ceiling,
                                                        "features": features})
        matrices = feature_matrix(cases, assistant, base, features, similarity)
        x = np.concatenate([m for m in matrices if len(m)])
        y = np.concatenate([np.array(c.labels) for c in cases if c.labels])
        mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
        clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit((x - mean) / scale, y)
        probabilities = [clf.predict_proba((m - mean) / scale)[:, 1] if len(m) else np.zeros(0) for m in matrices]
        scores = question_scores(cases, probabilities)
        threshold = choose_threshold(scores, max_false_refusal)
        refused = [s < threshold for a, s in scores.values() if not a]
        refusal_rate = float(np.mean(refused)) if refused else 1.0
        positives = np.concatenate([p[np.array(c.labels) == 1] for c, p in zip(cases, probabilities) if c.labels])
        negatives = np.concatenate([p[np.array(c.labels) == 0] for c, p in zip(cases, probabilities) if c.labels])
        use = _best_split(positives, negatives, threshold)
        model = base.model_copy(update={
            "weights": [round(float(w), 5) for w in clf.coef_[0]], "intercept": round(float(clf.intercept_[0]), 5),
            "mean": [round(float(v), 5) for v in mean], "scale": [round(float(v), 5) for v in scale],
            "threshold": round(threshold, 5), "use_threshold": round(use, 5),
            "fitted_on": f"{data.parent.name}/{data.name}: "
                         f"{len(items)} questions, {len(y)} passages ({int(y.sum())} holding evidence)",
            "fitted_at": time.strftime("%Y-%m-%d"),
            "fit_report": {"unanswerable_refused": round(refusal_rate, 4),
                           "answerable_refused_max": max_false_refusal, "soft_floor": floor,
                           "soft_ceiling": ceiling},
        })
        print(f"soft {floor}-{ceiling}: refusal {refusal_rate:.3f} at threshold {threshold:.3f}", file=sys.stderr)
        if best is None or refusal_rate > best[0]:
            best = (refusal_rate, model)
    model = best[1]
    out.write_text(json.dumps(model.model_dump(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    load_decision_model.cache_clear()
    return model


def _best_split(positives: np.ndarray, negatives: np.ndarray, ceiling: float) -> float:
    """The probability cut (at most the refusal threshold) that best separates evidence passages (balanced acc.)."""
    grid = np.linspace(0.05, max(ceiling, 0.06), 40)
    accuracy = [(np.mean(positives >= t) + np.mean(negatives < t)) / 2 for t in grid]
    return float(grid[int(np.argmax(accuracy))])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval.fit_decision", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("eval/dev/fit.jsonl"), help="fitting questions (JSONL)")
    parser.add_argument("--out", type=Path, default=DECISION_MODEL_PATH, help="where the parameters go")
    parser.add_argument("--max-false-refusal", type=float, default=0.03,
                        help="false-refusal rate allowed on the fitting data when choosing the threshold")
    parser.add_argument("--features", nargs="+", choices=FEATURES, default=list(FEATURES),
                        help="features to fit on (an ablation leaves some out)")
    args = parser.parse_args(argv)
    model = fit(args.data.resolve(), args.out, args.max_false_refusal, features=args.features)
    print(json.dumps(model.model_dump(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
