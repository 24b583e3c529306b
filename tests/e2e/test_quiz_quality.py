"""The quiz rubric (eval/quiz_quality.py): it must fail a paper of blanked slogans and pass the trainer's bar."""

from __future__ import annotations

import json

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.quiz_export import read_json
from core.settings import PROJECT_ROOT
from eval.quiz_quality import PaperReport, judge_items, report, score_paper

BEFORE = PROJECT_ROOT / "docs" / "quiz_before.json"


@pytest.fixture(scope="module")
def documents(sample_index):
    return {d: doc.text for d, doc in sample_index.documents.items()}


@pytest.fixture(scope="module")
def before():
    return read_json(BEFORE.read_text(encoding="utf-8"))


def test_the_rubric_catches_what_trainers_threw_away(before, documents):
    """The paper the old generator made (kept as docs/quiz_before.json): mostly blanked slogans, items that
    give each other's answers away, two items from one sentence."""
    score = score_paper(before, documents)
    assert score.share("substance") < 0.6
    assert score.pairs["gives_away"] and score.pairs["same_sentence"]
    assert score.share("independent") < 1.0
    assert score.share("complete_stem") < 1.0  # stems that stop at a comma


def test_made_up_and_mixed_options_are_flagged(before, documents):
    choice = next(q for q in before if q.type == "single_choice" and not q.options[0][0].isdigit())
    wrong_at = next(i for i in range(4) if "ABCD"[i] != choice.answer)
    options = list(choice.options)
    options[wrong_at] = "激外流"  # a word no document holds
    invented = choice.model_copy(update={"options": options})
    score = score_paper([invented], documents)
    assert score.made_up_options == 1 and not score.items[0].checks["plausible_options"]


class VerdictModel(FakeListChatModel):
    """Answers like a judge: the first call with prose, then JSON that says slogans are not substance."""

    calls: int = 0

    def _call(self, messages, stop=None, run_manager=None, **kwargs) -> str:
        self.calls += 1
        if self.calls == 1:
            return "这道题还可以。"
        slogan = "空白处应填入" in messages[-1].content or "“____”" in messages[-1].content
        return json.dumps({"substance": not slogan, "plausible_options": 3, "clear_stem": 4,
                           "reason": "考的是口号" if slogan else "无"}, ensure_ascii=False)


def test_the_judge_is_asked_per_item_and_retried_once(before, documents):
    model = VerdictModel(responses=["unused"])
    items = before[:4]
    verdicts = judge_items(model, items)
    assert len(verdicts) == 4 and all(v is not None for v in verdicts)
    assert model.calls == 5  # one retry after the prose answer
    text = report([PaperReport("before", score_paper(items, documents), "旧生成器", verdicts)])
    assert "评审模型：选项可信度（1–5） | 3.00 |" in text
