"""Fitting the answer-or-refuse model and the sentence scoring on development questions, end to end."""

from __future__ import annotations

import json

from assistant.answering import Assistant
from assistant.assess import DecisionModel, load_decision_model
from core.settings import PROJECT_ROOT, Settings
from eval.fit_decision import fit, fit_selection


def test_fit_writes_a_model_with_its_data_and_out_of_fold_figures(tmp_path, sample_index, embeddings):
    rows = (PROJECT_ROOT / "eval" / "dev" / "fit.jsonl").read_text(encoding="utf-8").splitlines()
    data = tmp_path / "dev" / "small.jsonl"
    data.parent.mkdir()
    data.write_text("\n".join(rows[:30]) + "\n", encoding="utf-8")
    assistant = Assistant(Settings(), index=sample_index, embeddings=embeddings)
    out = tmp_path / "model.json"
    model = fit(data, out, 0.05, assistant=assistant, folds=3)
    stored = DecisionModel.model_validate(json.loads(out.read_text(encoding="utf-8")))
    assert stored == model and stored.fitted_on.startswith("dev/small.jsonl: 30 questions")
    cv = stored.fit_report["cross_validated_3_fold"]
    assert cv["questions"] == 30 and 0.0 <= cv["false_refusal"] <= 1.0
    assert stored.weights != load_decision_model().weights  # fitted here, not copied from the shipped model

    grid = {"coverage_dense": [(0.55, 0.35), (0.75, 0.15)], "typed_bonus": [0.15], "keep_ratio": [0.7, 0.9]}
    tuned = fit_selection(data, stored, assistant=assistant, grid=grid)
    scoring = tuned.sentence_scoring
    assert (scoring.coverage, scoring.dense) in grid["coverage_dense"] and scoring.keep_ratio in (0.7, 0.9)
    assert scoring.fitted_on.startswith("dev/small.jsonl:") and "in-sample" in scoring.fitted_on
    answer = Assistant(Settings(), index=sample_index, embeddings=embeddings, decision_model=tuned).answer(
        "巴中选派了多少名党员干部组建驻村工作队？")
    assert "3654" in answer.answer
