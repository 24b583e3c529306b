"""Quiz generation on the sample corpus: every question checked, cited, and exported faithfully."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.chain import Assistant
from assistant.quiz import _FIGURE, FALSE, TRUE, generate_quiz
from assistant.quiz_export import export, read_csv, read_json
from assistant.settings import Settings


@pytest.fixture(scope="module")
def assistant(sample_index, embeddings):
    return Assistant(Settings(), index=sample_index, embeddings=embeddings)


@pytest.fixture(scope="module")
def quiz(assistant):
    return generate_quiz(assistant, n=20, seed=7)


def correct_text(question) -> str:
    if question.type == "single_choice":
        return question.options["ABCD".index(question.answer)]
    return question.fact if question.type == "true_false" else question.answer


def test_twenty_questions_of_every_type(quiz):
    assert len(quiz.questions) == 20
    assert {q.type for q in quiz.questions} == {"single_choice", "fill_blank", "true_false"}
    assert len({q.fact for q in quiz.questions}) == 20  # no two questions test the same fact
    assert quiz.generated == 20 + sum(quiz.dropped.values())


def test_answers_appear_in_their_cited_passage(quiz, assistant):
    for q in quiz.questions:
        c = q.citation
        doc = assistant.index.documents[c.doc_id]
        assert doc.text[c.passage_start : c.passage_end] == c.text
        assert doc.text[c.start : c.end] == c.span and c.span in c.text
        assert correct_text(q) in c.span, q.id
        assert c.span in q.explanation


def test_distractors_are_distinct_of_the_answers_kind_and_not_supported(quiz):
    for q in quiz.questions:
        if q.type != "single_choice":
            continue
        answer = correct_text(q)
        assert len(set(q.options)) == 4
        wrong = [o for o in q.options if o != answer]
        assert not any(w in q.citation.text for w in wrong), q.id
        figure = _FIGURE.fullmatch(answer)
        if figure:
            units = {(_FIGURE.fullmatch(o).group(2), _FIGURE.fullmatch(o).group(3)) for o in q.options}
            assert units == {(figure.group(2), figure.group(3))}, q.options
        else:
            assert all(not _FIGURE.fullmatch(o) for o in q.options)


def test_stems_do_not_give_the_answer_away(quiz):
    for q in quiz.questions:
        if q.type == "true_false":
            assert q.options == [TRUE, FALSE] and q.answer in (TRUE, FALSE)
            if q.answer == FALSE:
                assert q.fact not in q.stem
        else:
            assert q.fact not in q.stem
        if q.type == "fill_blank":
            assert "____" in q.stem


def test_same_seed_same_quiz(assistant, quiz):
    again = generate_quiz(assistant, n=20, seed=7)
    assert [q.model_dump() for q in again.questions] == [q.model_dump() for q in quiz.questions]
    other = generate_quiz(assistant, n=20, seed=8)
    assert [q.stem for q in other.questions] != [q.stem for q in quiz.questions]


def test_scope_by_document_and_by_topic(assistant):
    only = generate_quiz(assistant, n=5, docs=["002_2ab6596263cc6e8e.txt"], seed=1)
    assert only.questions and {q.citation.doc_id for q in only.questions} == {"002_2ab6596263cc6e8e.txt"}
    topic = generate_quiz(assistant, n=5, topic="关于驻村第一书记的题目", seed=1)
    retrieved = assistant.retriever.search("关于驻村第一书记的题目", k=12)
    for q in topic.questions:
        assert any(p.doc_id == q.citation.doc_id and p.start <= q.citation.start < p.end for p in retrieved)


def test_docx_holds_the_paper_then_the_key(quiz, tmp_path):
    import docx

    path = export(quiz.questions, tmp_path / "quiz.docx", "docx")
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    key_at = paragraphs.index("答案与出处")
    paper, key = paragraphs[:key_at], paragraphs[key_at:]
    assert sum(p.startswith("（") and "题）" in p for p in paper) == 20
    assert sum(p.startswith(f"{i}. 答案：") for i in range(1, 21) for p in key) == 20
    assert sum(p.startswith("出处：") for p in key) == 20
    assert not any("答案：" in p for p in paper)


def test_csv_and_json_round_trip(quiz, tmp_path):
    csv_path = export(quiz.questions, tmp_path / "quiz.csv", "csv")
    assert read_csv(csv_path.read_text(encoding="utf-8-sig")) == quiz.questions
    json_path = export(quiz.questions, tmp_path / "quiz.json", "json")
    assert read_json(json_path.read_text(encoding="utf-8")) == quiz.questions
    markdown = export(quiz.questions, tmp_path / "quiz.md", "md").read_text(encoding="utf-8")
    assert markdown.index("## 答案与出处") > markdown.index("20. ")


def test_cli_quiz(sample_index, tmp_path):
    env = {**os.environ, "CADRE_INDEX_DIR": str(sample_index.path.parent)}
    out = tmp_path / "q.json"
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "quiz", "-n", "5", "-q", "--types", "fill_blank",
                             "--out", str(out)], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    questions = json.loads(out.read_text(encoding="utf-8"))
    assert len(questions) == 5 and {q["type"] for q in questions} == {"fill_blank"}
    assert "保留 5 题" in result.stderr
    bad = subprocess.run([sys.executable, "-m", "assistant.cli", "quiz", "--docs", "nope.txt"], env=env,
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "nope.txt" in bad.stderr


from langchain_core.language_models.fake_chat_models import FakeListChatModel  # noqa: E402


class QuizWritingModel(FakeListChatModel):
    """A fake chat model that writes a fill-in-the-blank question from the prompt it is given.

    ``garbage_first`` answers that many calls with non-JSON before writing properly.
    """

    garbage_first: int = 0
    calls: int = 0

    def _call(self, messages, stop=None, run_manager=None, **kwargs) -> str:
        self.calls += 1
        if self.calls <= self.garbage_first:
            return "好的，我来出题：（这不是 JSON）"
        prompt = messages[-1].content
        fact = prompt.split("考查“", 1)[1].split("”这一点", 1)[0]
        passage = prompt.split("）：\n", 1)[1].rsplit("\n\nJSON", 1)[0]
        sentence = next(s for s in passage.replace("。", "。\n").splitlines() if fact in s)
        return json.dumps({"stem": "根据资料，" + sentence.replace(fact, "____", 1), "options": [],
                           "answer": fact, "explanation": f"原文：{sentence}"}, ensure_ascii=False)


def test_llm_questions_are_validated_and_checked(sample_index, embeddings):
    llm = QuizWritingModel(responses=["unused"])
    assistant = Assistant(Settings(), index=sample_index, embeddings=embeddings, llm=llm)
    result = generate_quiz(assistant, n=3, types=["fill_blank"], seed=4)
    assert len(result.questions) == 3 and result.dropped["malformed"] == 0
    for q in result.questions:
        assert q.stem.startswith("根据资料，") and "____" in q.stem and q.answer in q.citation.span


def test_malformed_llm_output_is_retried_once_then_skipped(sample_index, embeddings):
    retried = QuizWritingModel(responses=["unused"], garbage_first=1)
    assistant = Assistant(Settings(), index=sample_index, embeddings=embeddings, llm=retried)
    result = generate_quiz(assistant, n=1, types=["fill_blank"], seed=4)
    assert len(result.questions) == 1 and retried.calls == 2

    hopeless = QuizWritingModel(responses=["unused"], garbage_first=10**6)
    assistant = Assistant(Settings(), index=sample_index, embeddings=embeddings, llm=hopeless)
    result = generate_quiz(assistant, n=2, types=["fill_blank"], seed=4)
    assert result.dropped["malformed"] == 3 and hopeless.calls == 6  # three questions, each tried twice
    assert "malformed" in result.notes[0] and "built offline" in result.notes[-1]
    assert len(result.questions) == 2  # the rest were built without the model
