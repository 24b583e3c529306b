"""The page's rendering helpers; the browser tests belong to the page issue."""

from __future__ import annotations

import subprocess
import sys

from app import render_sources
from assistant.types import Answer, Citation

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def citation(n: int, text: str, span: str) -> Citation:
    start = text.index(span)
    return Citation(n=n, doc_id="x.txt", title=f"标题{HOSTILE}", chunk_id="x.txt#0", text=text, passage_start=0,
                    passage_end=len(text), span=span, start=start, end=start + len(span), source=HOSTILE)


def test_sources_are_escaped_and_the_span_highlighted():
    text = f"前文。{HOSTILE}支撑的句子。后文。"
    answer = Answer(question="q", standalone_question="q", answer="支撑的句子。[1]", refused=False, confidence=1.0,
                    citations=[citation(1, text, f"{HOSTILE}支撑的句子。")])
    html = render_sources(answer)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>&lt;script&gt;" in html and "支撑的句子。</mark>后文。" in html


def test_refusal_shows_related_passages_as_not_sources():
    answer = Answer(question="q", standalone_question="q", answer="资料中没有找到相关内容", refused=True,
                    confidence=0.1, related=[citation(1, "某段文字。", "某段文字。")])
    html = render_sources(answer)
    assert "可能相关" in html and "<mark>" not in html


def test_importing_the_app_loads_no_model_or_index():
    code = ("import sys, app\n"
            "heavy = [m for m in ('torch', 'faiss', 'sentence_transformers', 'gradio') if m in sys.modules]\n"
            "print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_chat_turn_streams_llm_tokens_then_the_verified_answer(sample_index, embeddings):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from app import chat_turn
    from assistant.chain import Assistant
    from assistant.settings import Settings

    spaced = "巴中选派3654名 党员干部组建脱产驻村帮扶工作队[1]。 对口帮扶699个贫困村[1]。"
    llm = GenericFakeChatModel(messages=iter([AIMessage(content=spaced)]))
    assistant = Assistant(Settings(), index=sample_index, embeddings=embeddings, llm=llm)
    turns = list(chat_turn(assistant, "巴中选派了多少名党员干部组建驻村工作队？", []))
    partial = [history[-1]["content"] for history, card in turns if card is None]
    assert len(partial) >= 3 and partial[0] != partial[-1]  # the reply grew token by token
    final_history, final_card = turns[-1]
    assert "3654" in final_history[-1]["content"] and "<a class='cite' href='#source-1'>[1]</a>" in final_card
    assert [m["role"] for m in final_history] == ["user", "assistant"]


def test_chat_turn_passes_the_earlier_questions(sample_index, embeddings):
    from app import chat_turn
    from assistant.chain import Assistant
    from assistant.settings import Settings

    assistant = Assistant(Settings(), index=sample_index, embeddings=embeddings)
    history = [{"role": "user", "content": [{"type": "text", "text": "山西怎么管理第一书记？"}]},
               {"role": "assistant", "content": "…"}]
    *_, (final, card) = chat_turn(assistant, "那具体怎么管理？", history)
    assert "第一书记" in final[-1]["content"] and "source-1" in card


def test_auth_option(tmp_path):
    import pytest

    from app import parse_auth
    from assistant.errors import CadreError

    assert parse_auth("admin:s3cret") == [("admin", "s3cret")]
    users = tmp_path / "users.txt"
    users.write_text("a:1\nb:2:with-colon\n", encoding="utf-8")
    assert parse_auth(str(users)) == [("a", "1"), ("b", "2:with-colon")]
    assert parse_auth(None) is None
    with pytest.raises(CadreError):
        parse_auth("no-colon-here")
