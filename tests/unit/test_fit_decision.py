"""The fitting procedure of the answer-or-refuse model on synthetic passages (no model, no index)."""

from __future__ import annotations

import numpy as np

from eval.fit_decision import Case, choose_threshold, cross_validate, fit_cases, question_group


def _case(item_id: str, answerable: bool, rows: list[list[float]], labels: list[int]) -> Case:
    return Case(item_id, answerable, [None] * len(rows), labels, None, np.zeros(1))


def _separable(n: int, noise: float, seed: int = 0) -> tuple[list[Case], list[np.ndarray]]:
    """Answerable questions have one passage scoring high on feature 0; unanswerable ones only low passages."""
    rng = np.random.default_rng(seed)
    cases, matrices = [], []
    for i in range(n):
        answerable = i % 3 != 0
        rows = [[rng.normal(0.2, noise), rng.normal(0.5, 0.1)] for _ in range(3)]
        labels = [0, 0, 0]
        if answerable:
            rows[0][0], labels[0] = rng.normal(0.8, noise), 1
        for suffix in ("", "s"):  # a question and its variant: one group
            cases.append(_case(f"d{i:03d}{suffix}", answerable, rows, labels))
            matrices.append(np.array(rows))
    return cases, matrices


def test_a_question_and_its_variants_form_one_group():
    assert {question_group(x) for x in ("d013", "d013s", "d013p", "d013q", "d013w")} == {"d013"}
    assert question_group("t008") == "t008" and question_group("zq19") == "zq19"


def test_threshold_allows_the_bounded_share_of_false_refusals():
    scores = {f"a{i}": (True, s) for i, s in enumerate([0.1, 0.5, 0.6, 0.7, 0.8, 0.9, 0.9, 0.9, 0.95, 0.99])}
    scores["u"] = (False, 0.3)
    assert choose_threshold(scores, 0.0) < 0.1  # no false refusal allowed: below the lowest answerable
    # One in ten may be refused: the unanswerable 0.3 is refused, halfway to the next answerable score.
    assert choose_threshold(scores, 0.1) == 0.4
    scores["u2"] = (False, 0.55)  # refusing it too would cost a second answerable question
    assert choose_threshold(scores, 0.1) == 0.4
    scores["u3"] = (False, 0.05)  # refused without refusing any answerable question: then none is refused
    assert choose_threshold(scores, 0.0) == 0.075


def test_separable_questions_are_told_apart_out_of_fold():
    cases, matrices = _separable(60, noise=0.05)
    fitted = fit_cases(cases, matrices, max_false_refusal=0.03)
    assert fitted.refusal_rate == 1.0 and fitted.weights[0] > 0
    cv = cross_validate(cases, matrices, 0.0, folds=5)
    # Out of fold an answerable question may score just below the lowest one a fold was fitted on.
    assert cv["questions"] == 120 and cv["unanswerable_refused"] == 1.0 and cv["false_refusal"] <= 0.05


def test_cross_validation_is_worse_than_in_sample_on_noise():
    """With labels unrelated to the features, in-sample thresholds look better than they are; out of fold
    the procedure refuses the unanswerable ones no better than it refuses answerable ones."""
    cases, matrices = _separable(90, noise=0.6, seed=1)
    cv = cross_validate(cases, matrices, 0.03, folds=5)
    assert cv["unanswerable_refused"] < 0.6
