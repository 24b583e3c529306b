"""Evaluation pieces that need no model: metrics, the judge's parsing with fake chat models, malformed datasets."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from core.records import Answer, Citation
from eval.dataset import DatasetError, load_dataset
from eval.judge import make_judge, parse_verdicts
from eval.metrics import (
    NOT_FOUND,
    char_f1,
    evidence_quoted,
    faithfulness,
    figure_correct,
    hit_at,
    rank_of_all_evidence,
    rouge_l,
    short_figure_correct,
)


def test_malformed_dataset_names_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "question": "q", "answer": "a", "doc": "x.txt", "evidence": "e", "type": "fact"}\n'
                   '{"id": "2", "question": "q", "answer": "a", "doc": null, "evidence": null, "type": "fact"}\n',
                   encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(bad)
    assert "第 2 行" in info.value.help_message


def citation(n: int, text: str) -> Citation:
    return Citation(n=n, doc_id="d", title="t", chunk_id="d#0", text=text, passage_start=0, passage_end=len(text),
                    span=text, start=0, end=len(text))


def test_answer_metrics():
    assert char_f1("选派3654名", "3654名") == pytest.approx(2 * (5 / 7) * 1 / (5 / 7 + 1))
    assert rouge_l("巴中选派3654名干部", "3654名") > rouge_l("巴中选派干部", "3654名") == 0.0
    answer = Answer(question="q", standalone_question="q", refused=False, confidence=1.0,
                    answer="选派3654名党员干部组建驻村工作队。[1]中央拨付五十亿元。[1]",
                    citations=[citation(1, "县处级以上领导带队、选派3654名党员干部组建脱产驻村帮扶工作队。")])
    assert faithfulness(answer) == 0.5
    # The sentence naming a part the documents do not answer is about the documents, not a quotation.
    partial = answer.model_copy(update={"answer": "选派3654名党员干部组建驻村工作队。[1]\n资料中没有找到“贵州”的相关内容。"})
    assert faithfulness(partial) == 1.0


def test_figure_correct():
    def said(text: str, refused: bool = False) -> Answer:
        return Answer(question="q", standalone_question="q", refused=refused, confidence=1.0, answer=text)

    assert figure_correct(said("选派3654名党员干部。[1]"), "3654名") == 1.0
    assert figure_correct(said("选派36540名党员干部。[1]"), "3654名") == 0.0  # a longer number is not the figure
    assert figure_correct(said("下降14个百分点。[1]"), "下降14个百分点，降到7.65%") == 0.0  # every figure needed
    assert figure_correct(said("资料中没有找到相关内容", refused=True), "3654名") == 0.0
    assert figure_correct(said("健全组织体系。[1]"), "健全组织体系、配强领导班子") is None


def test_evidence_quoted_wants_the_evidence_sentence_not_its_neighbour():
    def said(text: str, refused: bool = False) -> Answer:
        return Answer(question="q", standalone_question="q", refused=refused, confidence=1.0, answer=text)

    evidence = "不脱贫不调整、不摘帽不调离,这是一条刚性纪律"
    assert evidence_quoted(said("中央一再强调,不脱贫不调整、不摘帽不调离,这是一条刚性纪律。[1]"), [evidence]) == 1.0
    assert evidence_quoted(said("一要坚决保持贫困县乡党政正职稳定。[1]"), [evidence]) == 0.0  # same passage, wrong sentence
    assert evidence_quoted(said("中央一再強調,不脫貧不調整、不摘帽不調離,這是一條剛性紀律。[1]"), [evidence]) == 1.0
    two = ["选派44名专业技术人才", "抽调36名在职厅级干部"]
    assert evidence_quoted(said("选派44名专业技术人才到贫困县挂职科技副县长。[1]"), two) == 0.0  # every piece needed
    assert evidence_quoted(said("抽调36名在职厅级干部。[1]"), two[:1], alternative=two[1]) == 1.0
    assert evidence_quoted(said("资料中没有找到相关内容", refused=True), [evidence]) is None


def test_short_figure_correct():
    def shown(short, refused=False):
        return Answer(question="q", standalone_question="q", refused=refused, confidence=1.0,
                      answer="2018年,全省共确定软弱涣散村党组织2494个。[1]", short_answer=short)

    assert short_figure_correct(shown("2494个"), "山西2018年确定2494个") == 1.0  # one of the reference's figures
    assert short_figure_correct(shown("一个"), "山西2018年确定2494个") == 0.0
    assert short_figure_correct(shown("24940个"), "2494个") == 0.0
    assert short_figure_correct(shown(None), "2494个") is None  # nothing shown first: nothing to judge
    assert short_figure_correct(shown("组织部门"), "由组织部门负责") is None


def test_llm_judge_with_fake_models():
    answer = Answer(question="q", standalone_question="q", refused=False, confidence=1.0,
                    answer="选派3654名干部。[1]", citations=[citation(1, "选派3654名党员干部组建工作队。")])
    good = FakeListChatModel(responses=[('[{"claim": "选派3654名干部", "supported": true}, '
                                        '{"claim": "有五十亿元", "supported": false}]')])
    assert make_judge(good)(answer) == 0.5
    retried = FakeListChatModel(responses=["我认为都对", '[{"claim": "x", "supported": true}]'])
    assert make_judge(retried)(answer) == 1.0
    hopeless = FakeListChatModel(responses=["不知道", "还是不知道"])
    assert make_judge(hopeless)(answer) is None
    assert parse_verdicts('好的：[{"claim": "a", "supported": false}]') == [False]


def test_rank_of_all_evidence_counts_the_passages_that_hold_none():
    spans = [("a", 0, 10), ("b", 0, 10), ("c", 0, 10), ("a", 20, 30)]

    def in_doc(doc):
        return lambda d, s, e: d == doc

    assert rank_of_all_evidence(spans, [in_doc("c")]) == 2  # one piece: its position
    # Two pieces in two documents ranked first and second: as well placed as they can be, a hit at 1.
    assert rank_of_all_evidence(spans, [in_doc("a"), in_doc("b")]) == 0
    assert hit_at(rank_of_all_evidence(spans, [in_doc("a"), in_doc("b")]), 1) == 1.0
    # One passage ("b") that holds neither piece is read before the last piece ("c").
    assert rank_of_all_evidence(spans, [in_doc("a"), in_doc("c")]) == 1
    assert rank_of_all_evidence(spans, [in_doc("a"), in_doc("x")]) == NOT_FOUND
    assert rank_of_all_evidence(spans, []) == NOT_FOUND
