"""The page's pieces without a server: rendering (escaped, answer first), the middleware that makes Gradio speak
Chinese, the auth option."""

from __future__ import annotations

import asyncio
import re

import gradio as gr
import pytest

from core.records import Answer, AnswerItem, Citation
from ui.render import render_answer, render_sources, share_text

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
# Emoji and pictographs render as empty boxes on Debian Chromium without an emoji font (and on old office PCs).
EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]")


def citation(n: int, text: str, span: str) -> Citation:
    start = text.index(span)
    return Citation(n=n, doc_id="x.txt", title=f"标题{HOSTILE}", chunk_id="x.txt#0", text=text, passage_start=0,
                    passage_end=len(text), span=span, start=start, end=start + len(span), source=HOSTILE)


def test_sources_are_escaped_and_the_span_highlighted():
    text = f"前文。{HOSTILE}支撑的句子。后文。"
    answer = Answer(question="q", standalone_question="q", answer="支撑的句子。[1]", refused=False, confidence=1.0,
                    citations=[citation(1, text, f"{HOSTILE}支撑的句子。")])
    html = render_sources(answer, turn=2)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>&lt;script&gt;" in html and "支撑的句子。</mark>后文。" in html
    assert "id='t2-source-1'" in html


def test_a_header_answer_shows_the_header_it_quotes_not_the_opening_passage():
    header = f"《标题》来源：{HOSTILE}；日期：2019-03-29。"
    quoted = citation(1, "正文第一段。", "").model_copy(update={"header": header})
    answer = Answer(question="这篇报道是哪家报纸发的？", standalone_question="q", answer=f"{header}[1]", refused=False,
                    confidence=1.0, citations=[quoted], short_answer=HOSTILE)
    html = render_sources(answer, turn=1)
    assert "<mark>《标题》来源：&lt;script&gt;" in html and "正文第一段" not in html and "<script>" not in html


def test_the_answer_comes_first_then_the_quotation_its_sources_and_a_copy_button():
    text = "县处级以上领导带队、选派3654名党员干部组建脱产驻村帮扶工作队。"
    answer = Answer(question="巴中选派了多少名党员干部？", standalone_question="q", answer=f"{text}[1]", refused=False,
                    confidence=0.9, citations=[citation(1, text, text)], short_answer="3654名")
    html = render_answer(answer, turn=1)
    order = [html.index(part) for part in ("short-answer", "answer-text", "class='sources'", "copy-answer")]
    assert order == sorted(order)
    assert "<strong>3654名</strong>" in html and "href='#t1-source-1'" in html
    assert not EMOJI.search(html)
    copied = share_text(answer)
    assert copied.splitlines()[:2] == ["问：巴中选派了多少名党员干部？", "答：3654名"] and "[1]《标题" in copied


def test_list_items_are_numbered_with_their_citations():
    text = "健全组织体系,扩大覆盖面。配强领导班子,培养主心骨。"
    answer = Answer(question="q", standalone_question="q", answer="健全组织体系,扩大覆盖面。[1]配强领导班子,培养主心骨。[1]",
                    refused=False, confidence=0.9, citations=[citation(1, text, text)],
                    items=[AnswerItem(text="健全组织体系,扩大覆盖面。", n=1), AnswerItem(text="配强领导班子,培养主心骨。", n=1)])
    html = render_answer(answer, turn=3)
    assert html.count("<li>") == 2 and "<ol class='items'>" in html
    assert "answer-text" not in html  # the items are the whole answer: not shown twice


def test_refusal_says_what_to_try_and_shows_related_passages_as_not_sources():
    answer = Answer(question="q", standalone_question="q", answer="资料中没有找到相关内容", refused=True,
                    confidence=0.1, related=[citation(1, "某段文字。", "某段文字。")], explanation="资料里没有提到问题中的贵州省。")
    html = render_answer(answer, turn=1, titles=["山西推动党的建设与脱贫攻坚深度融合"])
    assert "可能相关" in html and "<mark>" not in html and "copy-answer" not in html
    assert "可以试试" in html and "《山西推动党的建设与脱贫攻坚深度融合》" in html
    assert "资料里没有提到问题中的贵州省" in html


def test_chinese_page_middleware_puts_the_locale_script_before_gradio(tmp_path):
    from ui.chinese import FORCE_CHINESE, ChinesePage

    async def page(scope, receive, send):
        body = b"<html>\n\t<head><script type=module src=x.js></script></head></html>"
        kind = b"text/html; charset=utf-8" if scope["path"] == "/" else b"application/json"
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def get(path: str) -> tuple[dict, bytes]:
        sent = []

        async def send(message):
            sent.append(message)

        await ChinesePage(page)({"type": "http", "method": "GET", "path": path}, None, send)
        return sent[0], b"".join(m.get("body", b"") for m in sent[1:])

    start, body = asyncio.run(get("/"))
    assert body.index(FORCE_CHINESE) < body.index(b"x.js")
    assert dict(start["headers"])[b"content-length"] == str(len(body)).encode()
    _, untouched = asyncio.run(get("/config"))
    assert FORCE_CHINESE not in untouched


def test_auth_option(tmp_path, capsys):
    from app import parse_auth
    from core.errors import CadreError

    assert parse_auth("admin:s3cret") == [("admin", "s3cret")]
    assert "进程列表" in capsys.readouterr().err  # a password on the command line is visible in ps: said so
    users = tmp_path / "users.txt"
    users.write_text("a:1\nb:2:with-colon\n", encoding="utf-8")
    assert parse_auth(str(users)) == [("a", "1"), ("b", "2:with-colon")]
    assert capsys.readouterr().err == ""
    assert parse_auth(None) is None
    with pytest.raises(CadreError):
        parse_auth("no-colon-here")


def test_a_page_handler_fails_in_one_line_and_keeps_its_signature_for_gradio():
    import inspect

    from gradio.utils import get_type_hints

    from core.errors import CadreError
    from ui.failures import one_line_failure

    @one_line_failure(lambda line: (line, []))
    def handler(topic: str, request: gr.Request, progress=gr.Progress()):  # noqa: B008 - as Gradio handlers are
        raise CadreError("boom", help_message="资料库里还没有文档。")

    assert handler("x", None) == ("出错了：资料库里还没有文档。", [])
    assert list(inspect.signature(handler).parameters) == ["topic", "request", "progress"]
    assert get_type_hints(handler)["request"] is gr.Request  # so Gradio still hands it the request
