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
