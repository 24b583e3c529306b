"""Fit the answer-or-refuse model (assistant/assess.py) on development questions; write its parameters.

Each question of the fitting data goes through the same steps as an answer (follow-up resolution, analysis,
scoped retrieval, the hard rules of ``assess``); every passage left gets the features of ``FEATURES`` and the
label "holds the question's evidence". A logistic regression (scikit-learn) is fitted on those passages;
then, at the question level, the refusal threshold refuses as many unanswerable questions as any threshold whose
false-refusal rate on the fitting data stays within ``--max-false-refusal``, in the middle of its gap, and the use
threshold is the one that best separates the passages holding evidence from the rest among answered questions.
The soft band (and, with ``--features``, which features) is chosen by grouped k-fold cross-validation on the
fitting data: a question and its variants stay in one fold, and each fold's figures come from a model and
threshold fitted without it.

Then the sentence-scoring weights of the offline answerer (``SentenceScoring``) are chosen on the same fitting
questions from a small grid, by how well the answers quote the evidence sentences and state the reference's
figures.

Never fit on the set you report: ``--data`` takes the fitting split (eval/dev/fit.jsonl); report on
eval/dev/heldout.jsonl, eval/dev/fresh.jsonl and the public eval/dataset.jsonl with ``cadre eval --dataset``.

Run ``python -m eval.fit_decision --help``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assistant.answering import Assistant
from assistant.assess import (
    CANDIDATE_FEATURES,
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
from eval.metrics import answer_text, char_f1, figure_correct
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
    """The threshold refusing the most unanswerable questions while the false-refusal rate stays within the bound,
    and of those the fewest answerable ones; placed in the middle of the gap between the scores around it, so a new
    question scoring a little off either side is still decided the same way."""
    answerable = [s for a, s in scores.values() if a]
    unanswerable = [s for a, s in scores.values() if not a]
    if not answerable:
        return 0.5
    points = sorted({s for _, s in scores.values()})
    # Candidate thresholds: below every score, in each gap between neighbouring scores, above every score.
    candidates = [points[0] - 1e-3] + [(a + b) / 2 for a, b in pairwise(points)] + [points[-1] + 1e-3]
    allowed = max_false_refusal * len(answerable) + 1e-9
    best = max((t for t in candidates if sum(s < t for s in answerable) <= allowed),
               key=lambda t: (sum(s < t for s in unanswerable), -sum(s < t for s in answerable), -t))
    # Floored to the 5 decimals it is stored with: rounding up could refuse the question it was set below.
    return math.floor(best * 1e5) / 1e5


@dataclass
class Fitted:
    """One logistic fit and the thresholds chosen on the same data."""

    weights: np.ndarray
    intercept: float
    mean: np.ndarray
    scale: np.ndarray
    threshold: float
    use_threshold: float
    refusal_rate: float  # unanswerable questions of the fitting data refused (in-sample)

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        if not len(matrix):
            return np.zeros(0)
        return 1.0 / (1.0 + np.exp(-(self.intercept + ((matrix - self.mean) / self.scale) @ self.weights)))


def fit_cases(cases: list[Case], matrices: list[np.ndarray], max_false_refusal: float) -> Fitted:
    """Logistic regression on the passages of ``cases``; thresholds chosen on the same questions."""
    from sklearn.linear_model import LogisticRegression

    x = np.concatenate([m for m in matrices if len(m)])
    y = np.concatenate([np.array(c.labels) for c in cases if c.labels])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit((x - mean) / scale, y)
    # Thresholds are chosen on the probabilities of the parameters as stored (5 decimals), not as fitted.
    fitted = Fitted(np.round(clf.coef_[0], 5), round(float(clf.intercept_[0]), 5), np.round(mean, 5),
                    np.maximum(np.round(scale, 5), 1e-5), 0.5, 0.5, 0.0)
    probabilities = [fitted.probabilities(m) for m in matrices]
    scores = question_scores(cases, probabilities)
    fitted.threshold = choose_threshold(scores, max_false_refusal)
    refused = [s < fitted.threshold for a, s in scores.values() if not a]
    fitted.refusal_rate = float(np.mean(refused)) if refused else 1.0
    positives = np.concatenate([p[np.array(c.labels) == 1] for c, p in zip(cases, probabilities) if c.labels])
    negatives = np.concatenate([p[np.array(c.labels) == 0] for c, p in zip(cases, probabilities) if c.labels])
    fitted.use_threshold = _best_split(positives, negatives, fitted.threshold)
    return fitted


def question_group(item_id: str) -> str:
    """A development question and its variants (d013, d013s, d013p, d013e) share a group: they never straddle folds."""
    return item_id.rstrip("spqwe")


def cross_validate(cases: list[Case], matrices: list[np.ndarray], max_false_refusal: float,
                   folds: int = 5, seed: int = 0) -> dict[str, float]:
    """Out-of-fold figures of the whole procedure (fit + thresholds), for choosing features and the soft band on
    the fitting data without touching what the figures are reported on."""
    groups = sorted({question_group(c.item_id) for c in cases})
    rng = np.random.default_rng(seed)
    fold_of = dict(zip(groups, rng.permutation(len(groups)) % folds))
    scores: dict[str, tuple[bool, float]] = {}
    for k in range(folds):
        train = [i for i, c in enumerate(cases) if fold_of[question_group(c.item_id)] != k]
        test = [i for i, c in enumerate(cases) if fold_of[question_group(c.item_id)] == k]
        fitted = fit_cases([cases[i] for i in train], [matrices[i] for i in train], max_false_refusal)
        fold_scores = question_scores([cases[i] for i in test], [fitted.probabilities(matrices[i]) for i in test])
        scores.update({item: (answerable, score - fitted.threshold) for item, (answerable, score)
                       in fold_scores.items()})
    answerable = [s for a, s in scores.values() if a]
    unanswerable = [s for a, s in scores.values() if not a]
    return {"false_refusal": round(float(np.mean([s < 0 for s in answerable])), 4),
            "unanswerable_refused": round(float(np.mean([s < 0 for s in unanswerable])), 4),
            "questions": len(scores)}


def fit(data: Path, out: Path, max_false_refusal: float, assistant: Assistant | None = None,
        features: list[str] | None = None, folds: int = 5) -> DecisionModel:
    """Fit on ``data``; the soft band is the one whose cross-validated figures on ``data`` are best."""
    assistant = assistant or Assistant(Settings())
    items = load_dataset(data)
    cases = build_cases(assistant, items)
    features = list(features or FEATURES)
    similarity = TermSimilarity(assistant.index, assistant.embeddings)  # one cache of unknown words for the grid
    n_passages = sum(len(c.labels) for c in cases)
    n_evidence = sum(sum(c.labels) for c in cases)
    best: tuple[float, DecisionModel] | None = None
    for floor, ceiling in SOFT_GRID if {"soft_coverage", "strongest_missing"} & set(features) else SOFT_GRID[:1]:
        base = load_decision_model().model_copy(update={"soft_floor": floor, "soft_ceiling": ceiling,
                                                        "features": features})
        matrices = feature_matrix(cases, assistant, base, features, similarity)
        cv = cross_validate(cases, matrices, max_false_refusal, folds)
        fitted = fit_cases(cases, matrices, max_false_refusal)
        model = base.model_copy(update={
            "weights": [round(float(w), 5) for w in fitted.weights], "intercept": round(fitted.intercept, 5),
            "mean": [round(float(v), 5) for v in fitted.mean], "scale": [round(float(v), 5) for v in fitted.scale],
            "threshold": fitted.threshold, "use_threshold": round(fitted.use_threshold, 5),
            "fitted_on": f"{data.parent.name}/{data.name}: "
                         f"{len(items)} questions, {n_passages} passages ({n_evidence} holding evidence)",
            "fitted_at": time.strftime("%Y-%m-%d"),
            "fit_report": {"unanswerable_refused": round(fitted.refusal_rate, 4),
                           "answerable_refused_max": max_false_refusal, "soft_floor": floor,
                           "soft_ceiling": ceiling, f"cross_validated_{folds}_fold": cv},
        })
        print(f"soft {floor}-{ceiling}: in-sample refusal {fitted.refusal_rate:.3f} at threshold "
              f"{fitted.threshold:.3f}; {folds}-fold: false refusals {cv['false_refusal']:.3f}, "
              f"unanswerable refused {cv['unanswerable_refused']:.3f}", file=sys.stderr)
        # Out of fold, refusing the unanswerable and answering the answerable count alike.
        merit = cv["unanswerable_refused"] - cv["false_refusal"]
        if best is None or merit > best[0]:
            best = (merit, model)
    model = best[1]
    out.write_text(json.dumps(model.model_dump(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    load_decision_model.cache_clear()
    return model


# The sentence-scoring grid: how coverage and dense similarity share the score, the bonus for a sentence holding
# the asked figure, and how close to the best a sentence must score to be kept.
SELECTION_GRID = {"coverage_dense": [(0.45, 0.45), (0.55, 0.35), (0.65, 0.25), (0.75, 0.15)],
                  "typed_bonus": [0.05, 0.15, 0.3], "keep_ratio": [0.6, 0.7, 0.8, 0.9]}


def selection_merit(assistant: Assistant, items: list[EvalItem]) -> dict[str, float]:
    """How well the answers to the answerable ``items`` quote their evidence: character F1 of the answer against
    the evidence sentences, and for references holding figures whether the answer states them."""
    f1s, figures = [], []
    for item in items:
        if not item.answerable:
            continue
        answer = assistant.answer(item.question, item.history)
        evidence = "".join(ev for _, ev in item.required_evidence())
        f1s.append(0.0 if answer.refused else char_f1(answer_text(answer), evidence))
        if (figure := figure_correct(answer, item.answer)) is not None:
            figures.append(figure)
    return {"evidence_f1": float(np.mean(f1s)) if f1s else 0.0,
            "figure_correct": float(np.mean(figures)) if figures else 0.0}


def fit_selection(data: Path, model: DecisionModel, assistant: Assistant | None = None,
                  grid: dict[str, list] | None = None) -> DecisionModel:
    """The sentence-scoring weights (``SentenceScoring``) that quote the evidence best on ``data``: the grid's
    point with the highest evidence F1 + figure share; ties keep the current weights."""
    shared = assistant or Assistant(Settings())
    items = load_dataset(data)
    current = model.sentence_scoring
    grid = grid or SELECTION_GRID
    points = [(c, d, t, k) for c, d in grid["coverage_dense"] for t in grid["typed_bonus"] for k in grid["keep_ratio"]]
    results = []
    for c, d, t, k in tqdm(points, desc="句子打分", unit="组", file=sys.stderr):
        scoring = current.model_copy(update={"coverage": c, "dense": d, "typed_bonus": t, "keep_ratio": k})
        candidate = model.model_copy(update={"sentence_scoring": scoring})
        trial = Assistant(shared.settings, index=shared.index, embeddings=shared.embeddings, decision_model=candidate)
        merit = selection_merit(trial, items)
        results.append((merit["evidence_f1"] + merit["figure_correct"], (c, d, t, k) == (
            current.coverage, current.dense, current.typed_bonus, current.keep_ratio), scoring, merit))
    _, _, best, merit = max(results, key=lambda r: (round(r[0], 6), r[1]))
    n = sum(item.answerable for item in items)
    best = best.model_copy(update={"fitted_on": f"{data.parent.name}/{data.name}: {n} answerable questions; "
                                                f"evidence F1 {merit['evidence_f1']:.3f}, "
                                                f"figures {merit['figure_correct']:.3f} (in-sample)"})
    print(f"sentence scoring: {best.model_dump(exclude={'fitted_on'})} -> {merit}", file=sys.stderr)
    return model.model_copy(update={"sentence_scoring": best})


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
    parser.add_argument("--features", nargs="+", choices=CANDIDATE_FEATURES, default=list(FEATURES),
                        help="features to fit on (an ablation leaves some out)")
    parser.add_argument("--folds", type=int, default=5,
                        help="cross-validation folds on the fitting data (choose features and the soft band by them)")
    parser.add_argument("--step", choices=["all", "decision", "selection"], default="all",
                        help="fit the answer-or-refuse model, the sentence-scoring weights, or both (in that order)")
    args = parser.parse_args(argv)
    if args.step in ("all", "decision"):
        model = fit(args.data.resolve(), args.out, args.max_false_refusal, features=args.features, folds=args.folds)
    if args.step in ("all", "selection"):
        model = fit_selection(args.data.resolve(), load_decision_model(args.out))
        args.out.write_text(json.dumps(model.model_dump(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        load_decision_model.cache_clear()
    print(json.dumps(model.model_dump(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
