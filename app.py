"""The chat page: a thin Gradio front over ``assistant``. Nothing loads at import time.

    python app.py [--host 127.0.0.1] [--port 7860] [settings flags, see --help]
"""

from __future__ import annotations

import argparse
import html
import sys

from assistant.cli import _settings_parent, settings_from_args
from assistant.errors import CadreError
from assistant.settings import Settings
from assistant.types import Answer

EXAMPLES = [
    "巴中选派了多少名党员干部组建驻村工作队？",
    "昌都的“三大基础”包括哪些？",
    "山西怎么管理第一书记？",
    "什么是“两包三到”？",
]


def render_sources(answer: Answer) -> str:
    """Cited passages (or 可能相关 on refusal) as escaped HTML, the supporting span highlighted."""
    if answer.refused:
        if not answer.related:
            return ""
        items = "".join(
            f"<li><b>《{html.escape(c.title)}》</b><br>{html.escape(c.text)}</li>" for c in answer.related
        )
        return f"<div class='related'><p>可能相关（仅供参考，不是答案的出处）：</p><ul>{items}</ul></div>"
    blocks = []
    for c in answer.citations:
        meta = "，".join(html.escape(x) for x in (c.date, c.source, c.section) if x)
        before = c.text[: c.start - c.passage_start]
        after = c.text[c.end - c.passage_start :]
        body = f"{html.escape(before)}<mark>{html.escape(c.span)}</mark>{html.escape(after)}"
        blocks.append(f"<div class='source' id='source-{c.n}'><b>[{c.n}] 《{html.escape(c.title)}》</b>"
                      f"{('（' + meta + '）') if meta else ''}<p>{body}</p></div>")
    return "".join(blocks)


def build_app(settings: Settings):
    import gradio as gr

    from assistant.chain import Assistant

    assistant = Assistant(settings)

    def respond(message: str, history: list[dict]):
        question = (message or "").strip()
        if not question:
            return history, "", ""
        earlier = [m["content"] for m in history if m.get("role") == "user" and isinstance(m.get("content"), str)]
        try:
            answer = assistant.answer(question, earlier)
            reply, sources = html.escape(answer.answer), render_sources(answer)
        except CadreError as exc:
            reply, sources = html.escape(f"出错了：{exc.help_message}"), ""
        history = history + [{"role": "user", "content": html.escape(question)},
                             {"role": "assistant", "content": reply}]
        return history, "", sources

    def ask_api(question: str, history: list[str] | None = None) -> dict:
        return assistant.answer(question, history or []).model_dump()

    with gr.Blocks(title="党建促脱贫政策学习助手") as page:
        gr.Markdown("## 党建促脱贫政策学习助手\n根据资料库中的政策文件回答问题，每句话都标注出处。")
        with gr.Tab("问答"):
            chatbot = gr.Chatbot(label="对话", height=420)
            box = gr.Textbox(label="问题", placeholder="请输入问题，例如：第一书记的工作经费有多少？")
            with gr.Row():
                send = gr.Button("提问", variant="primary")
                clear = gr.Button("清空对话")
            sources = gr.HTML(label="出处")
            gr.Examples(EXAMPLES, inputs=box)
            send.click(respond, [box, chatbot], [chatbot, box, sources], api_name=False)
            box.submit(respond, [box, chatbot], [chatbot, box, sources], api_name=False)
            clear.click(lambda: ([], "", ""), None, [chatbot, box, sources], api_name=False)
        api_question = gr.Textbox(visible=False)
        api_history = gr.JSON(visible=False)
        api_out = gr.JSON(visible=False)
        gr.Button(visible=False).click(ask_api, [api_question, api_history], api_out, api_name="ask")
    return page


def ensure_index(settings: Settings) -> None:
    """Build the index on first run, with the same progress bars as ``cadre ingest``."""
    from ingest.index import index_exists
    from ingest.pipeline import ingest

    if index_exists(settings.index_dir):
        return
    print("首次运行：正在建立索引……", file=sys.stderr)
    report = ingest(settings)
    print(report.summary(), file=sys.stderr)
    if not report.ok:
        raise CadreError("nothing ingested", help_message="资料库中没有可用的文档")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="党建促脱贫政策学习助手 — web page", parents=[_settings_parent()])
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: local only)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    args = parser.parse_args(argv)
    try:
        settings = settings_from_args(args)
        ensure_index(settings)
        page = build_app(settings)
    except CadreError as exc:
        print(f"错误：{exc.help_message}", file=sys.stderr)
        return 2
    page.queue(default_concurrency_limit=2).launch(server_name=args.host, server_port=args.port, share=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
