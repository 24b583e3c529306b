"""The page's conversation stream and app module with the real model; the browser tests are in test_page.py."""

from __future__ import annotations

import re
import subprocess
import sys

from ui.render import render_conversation


def test_importing_the_app_loads_no_model_or_index():
    code = ("import sys, app\n"
            "heavy = [m for m in ('torch', 'faiss', 'sentence_transformers', 'gradio') if m in sys.modules]\n"
            "print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_a_turn_streams_llm_tokens_then_the_verified_answer(sample_index, embeddings):
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from assistant.answering import Assistant
    from core.settings import Settings
    from ui.ask import answer_turn

    spaced = "巴中选派3654名 党员干部组建脱产驻村帮扶工作队[1]。 对口帮扶699个贫困村[1]。"
    llm = GenericFakeChatModel(messages=iter([AIMessage(content=spaced)]))
    assistant = Assistant(Settings(), index=sample_index, embeddings=embeddings, llm=llm)
    states = [[dict(t) for t in state] for state in answer_turn(assistant, "巴中选派了多少名党员干部组建驻村工作队？", [])]
    partial = [state[-1]["partial"] for state in states if state[-1]["answer"] is None]
    assert len(partial) >= 3 and partial[0] != partial[-1]  # the reply grew token by token
    final = states[-1][-1]["answer"]
    assert "3654" in final["answer"] and final["short_answer"] == "3654名"
    html = render_conversation(states[-1])
    assert "<a class='cite' href='#t1-source-1'>[1]</a>" in html and "正在查找资料" not in html
    assert "正在查找资料" in render_conversation(states[0])


def test_a_follow_up_goes_further_than_the_answer_before_it(sample_index, embeddings):
    from assistant.answering import Assistant
    from core.settings import Settings
    from ui.ask import answer_turn

    assistant = Assistant(Settings(), index=sample_index, embeddings=embeddings)
    *_, first = answer_turn(assistant, "什么是“两包三到”？", [])
    *_, both = answer_turn(assistant, "那具体怎么做？", first)
    said, further = both[0]["answer"], both[1]["answer"]
    assert "两包三到" in said["answer"] and not further["refused"]
    assert not set(re.findall(r"[^。]+。", said["answer"])) & set(re.findall(r"[^。]+。", further["answer"]))
    assert "双签" in further["answer"]  # the next measure under the same heading


def test_a_long_chain_of_follow_ups_prepares_each_earlier_turn_once(sample_index, embeddings):
    from assistant.answering import Assistant
    from core.settings import Settings

    class Counting(Assistant):
        calls = 0

        def retrieve_parts(self, *args, **kwargs):
            Counting.calls += 1
            return super().retrieve_parts(*args, **kwargs)

    assistant = Counting(Settings(history_turns=8), index=sample_index, embeddings=embeddings)
    history = ["什么是“两包三到”？", *["还有呢？"] * 7]
    answer = assistant.answer("还有呢？", history)
    assert not answer.refused
    assert Counting.calls == len(history) + 1  # each turn once, not 2^7 times the first
