"""The evaluation suite: metrics, the full run on the public set with regression floors, reports, gates."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.answering import Assistant
from assistant.records import Answer, Citation
from assistant.settings import PROJECT_ROOT, Settings
from eval.dataset import DatasetError, load_dataset
from eval.judge import make_judge, parse_verdicts
from eval.metrics import char_f1, faithfulness, figure_correct, rouge_l
from eval.report import write_report
from eval.runner import run_eval

DATASET = PROJECT_ROOT / "eval" / "dataset.jsonl"
# Measured 2026-11-26 on the sample corpus, default offline settings (hybrid, weighted 0.3, extractive, the
# decision model fitted on eval/dev/fit.jsonl): hit1 0.82, hit5 0.95, MRR 0.885, faithfulness 1.00, citation
# precision 0.80 / recall 0.82, refusal accuracy 0.82 (9 of 11), false refusals 0.04 (2 of 57).
# Floors sit just below, so a regression fails CI.
FLOORS = {"hit1": 0.78, "hit5": 0.92, "mrr": 0.85, "faithfulness": 0.99, "citation_precision": 0.72,
          "citation_recall": 0.76, "refusal_correct": 0.8}
CEILINGS = {"false_refusal": 0.09}


@pytest.fixture(scope="module")
def public_run(sample_index, embeddings):
    assistant = Assistant(Settings(), index=sample_index, embeddings=embeddings)
    return run_eval(load_dataset(DATASET), assistant, show_progress=False)


def test_public_set_meets_its_floors(public_run):
    overall = public_run.summary()
    assert overall["questions"] == len(load_dataset(DATASET))
    for metric, floor in FLOORS.items():
        assert overall[metric] >= floor, (metric, overall[metric])
    for metric, ceiling in CEILINGS.items():
        assert overall[metric] <= ceiling, (metric, overall[metric])
    by_type = public_run.by_type()
    assert by_type["unanswerable"]["refusal_correct"] >= 0.8
    assert by_type["fact"]["hit5"] == 1.0 and by_type["traditional"]["hit5"] == 1.0


HELDOUT = PROJECT_ROOT / "eval" / "dev" / "heldout.jsonl"
# Issue 13's targets on data the decision was not fitted on (eval/dev/heldout.jsonl; README has the figures).
HELDOUT_FLOORS = {"refusal_correct": 0.9, "figure_correct": 0.8, "faithfulness": 0.99, "hit5": 0.9}
HELDOUT_CEILINGS = {"false_refusal": 0.08}


def test_heldout_development_set_keeps_the_decision_honest(sample_index, embeddings, tmp_path):
    assistant = Assistant(Settings(), index=sample_index, embeddings=embeddings)
    run = run_eval(load_dataset(HELDOUT), assistant, show_progress=False)
    overall = run.summary()
    for metric, floor in HELDOUT_FLOORS.items():
        assert overall[metric] >= floor, (metric, overall[metric])
    for metric, ceiling in HELDOUT_CEILINGS.items():
        assert overall[metric] <= ceiling, (metric, overall[metric])
    kinds = run.by_kind()
    assert {"source_scoped", "spoken", "two_part", "absent_fact"} <= set(kinds)
    markdown = write_report(run, tmp_path / "heldout")["md"].read_text(encoding="utf-8")
    assert "| 类：两问合一（two_part） |" in markdown


def test_reports_are_written(public_run, tmp_path):
    paths = write_report(public_run, tmp_path / "report")
    report = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert {"overall", "by_type", "questions", "settings", "embedding_model", "retriever", "answerer"} <= set(report)
    assert "llm_api_key" not in report["settings"]
    markdown = paths["md"].read_text(encoding="utf-8")
    assert "| 全部（overall） |" in markdown and "| 换说法（paraphrase） |" in markdown
    assert markdown.count("### q") == 10 and "# 评测报告" in markdown
    with paths["csv"].open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(public_run.results) and {"id", "hit5", "faithfulness"} <= set(rows[0])
    assert paths["chart"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_any_dataset_in_the_schema_works(tmp_path, embeddings):
    from tests.conftest import assistant_over

    _, assistant = assistant_over(tmp_path, {"county.txt": (
        "某县抓党建促乡村振兴工作简报\n2021年06月01日 来源:县委组织部\n"
        "全县选派了128名优秀年轻干部到村任职，平均年龄32岁。\n"
        "各村建立了“红色积分”制度，党员参与志愿服务可以兑换生活用品。\n")}, embeddings)
    dataset = tmp_path / "mine.jsonl"
    dataset.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "a1", "question": "全县选派了多少名年轻干部到村任职？", "answer": "128名", "doc": "county.txt",
         "evidence": "全县选派了128名优秀年轻干部到村任职", "type": "fact"},
        {"id": "a2", "question": "“红色积分”可以兑换什么？", "answer": "生活用品", "doc": "county.txt",
         "evidence": "党员参与志愿服务可以兑换生活用品", "type": "fact"},
        {"id": "a3", "question": "邻县的年轻干部有多少？", "answer": "资料中没有相关内容", "doc": None,
         "evidence": None, "type": "unanswerable"},
    ]), encoding="utf-8")
    run = run_eval(load_dataset(dataset), assistant, show_progress=False)
    overall = run.summary()
    assert overall["hit1"] == 1.0 and overall["refusal_correct"] == 1.0


def test_malformed_dataset_names_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "question": "q", "answer": "a", "doc": "x.txt", "evidence": "e", "type": "fact"}\n'
                   '{"id": "2", "question": "q", "answer": "a", "doc": null, "evidence": null, "type": "fact"}\n',
                   encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(bad)
    assert "第 2 行" in info.value.help_message


def test_cli_ablation_and_gates(sample_index, tmp_path):
    env = {**os.environ, "CADRE_INDEX_DIR": str(sample_index.path.parent)}
    result = subprocess.run([sys.executable, "-m", "ui.cli", "eval", "-q", "--retriever", "bm25",
                             "--out", str(tmp_path / "bm25"), "--min-hit5", "0.99"],
                            env=env, check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stderr
    assert "未达到门槛" in result.stderr and "hit5=" in result.stdout
    report = json.loads((tmp_path / "bm25" / "report.json").read_text(encoding="utf-8"))
    assert report["retriever"] == "bm25" and report["settings"]["retriever"] == "bm25"


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
