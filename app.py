"""The web page: a thin Gradio front over ``assistant``, ``ingest`` and ``eval``. Nothing loads at import time.

    python app.py [--host 127.0.0.1] [--port 7860] [--auth user:pass | --auth FILE] [settings flags]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
import threading
from pathlib import Path

from assistant.cli import settings_from_args, settings_parent
from assistant.conversation import previous_questions
from assistant.errors import CadreError
from assistant.quiz_export import TYPE_NAMES
from assistant.settings import PROJECT_ROOT, Settings
from assistant.types import Answer

EXAMPLES = [
    "巴中选派了多少名党员干部组建驻村工作队？",
    "昌都的“三大基础”包括哪些？",
    "山西怎么管理第一书记？",
    "什么是“两包三到”？",
]
QUIZ_TYPE_LABELS = {name: kind for kind, name in TYPE_NAMES.items()}
QUIZ_SPREAD_LABELS = {"按文档篇幅分配": "length", "各文档平均分配": "even"}
CSS = """
.answer-card { border: 1px solid #d0d7de; border-radius: 8px; padding: 12px; margin-bottom: 8px; }
.answer-card.refused { border-color: #d4a72c; background: #fff8e5; }
.answer-card .cite { font-weight: bold; text-decoration: none; }
.source { border-left: 4px solid #0969da; padding: 6px 10px; margin: 8px 0; background: #f6f8fa; }
.source:target { outline: 3px solid #0969da; }
.source mark { background: #fff1a8; }
.related { border-left: 4px solid #bf8700; padding: 6px 10px; color: #57606a; }
.notice { color: #9a6700; font-size: 0.9em; margin: 0 0 4px; }
.related-label { font-weight: bold; color: #9a6700; }
"""
_MARKER = re.compile(r"\[(\d+)\]")


def render_sources(answer: Answer) -> str:
    """Cited passages (or 可能相关 on refusal) as escaped HTML, the supporting span highlighted."""
    if answer.refused:
        if not answer.related:
            return ""
        items = "".join(f"<div class='related'><b>《{html.escape(c.title)}》</b><p>{html.escape(c.text)}</p></div>"
                        for c in answer.related)
        return f"<p class='related-label'>可能相关（仅供参考，不是答案的出处）：</p>{items}"
    blocks = []
    for c in answer.citations:
        meta = "，".join(html.escape(x) for x in (c.date, c.source, c.section) if x)
        before = c.text[: c.start - c.passage_start]
        after = c.text[c.end - c.passage_start :]
        body = f"{html.escape(before)}<mark>{html.escape(c.span)}</mark>{html.escape(after)}"
        blocks.append(f"<div class='source' id='source-{c.n}'><b>[{c.n}] 《{html.escape(c.title)}》</b>"
                      f"{('（' + meta + '）') if meta else ''}<p>{body}</p></div>")
    return "".join(blocks)


def render_answer(answer: Answer) -> str:
    """The answer card: escaped text whose [n] markers link to their passages, then the passages."""
    text = _MARKER.sub(lambda m: f"<a class='cite' href='#source-{m.group(1)}'>[{m.group(1)}]</a>",
                       html.escape(answer.answer))
    kind = "answer-card refused" if answer.refused else "answer-card"
    notice = f"<p class='notice'>{html.escape(answer.notice)}</p>" if answer.notice else ""
    reason = f"<p class='notice'>{html.escape(answer.explanation)}</p>" if answer.explanation else ""
    return (f"<div class='{kind}'>{notice}<p class='answer-text'>{text}</p>{reason}</div>"
            f"{render_sources(answer)}")


def user_questions(history: list[dict]) -> list[str]:
    """The user's earlier questions from the chat (shown HTML-escaped, so unescaped here)."""
    return [html.unescape(q) for q in previous_questions(history, limit=len(history))]


def chat_turn(assistant, message: str, history: list[dict]):
    """One chat turn as a stream of (chat history, answer card HTML or None while tokens arrive)."""
    question = (message or "").strip()
    if not question:
        yield history, None
        return
    earlier = user_questions(history)
    asked = [*history, {"role": "user", "content": html.escape(question)}]

    def reply(text: str) -> list[dict]:
        return [*asked, {"role": "assistant", "content": html.escape(text)}]

    streamed = ""
    try:
        for piece in assistant.stream(question, earlier):
            if isinstance(piece, Answer):
                reason = f"（{piece.explanation}）" if piece.explanation else ""
                yield reply(piece.answer + reason), render_answer(piece)
            else:  # LLM tokens as they arrive; the verified answer replaces them at the end
                streamed += piece
                yield reply(streamed), None
    except CadreError as exc:
        yield reply(f"出错了：{exc.help_message}"), ""


def documents_table(assistant) -> list[list]:
    return [[d.doc_id, d.title, d.date or "", d.source or "", d.script, d.n_chunks]
            for d in assistant.index.documents.values()]


def build_app(settings: Settings, assistant=None):
    import gradio as gr

    from assistant.chain import Assistant
    from ingest.index import load_index

    assistant = assistant or Assistant(settings)
    output_dir = Path(tempfile.mkdtemp(prefix="cadre-page-"))

    # -- 问答 -------------------------------------------------------------------------------------
    def respond(message: str, history: list[dict]):
        for turn, card in chat_turn(assistant, message, history):
            yield turn, "", gr.skip() if card is None else card

    def ask_api(question: str, history: list[str] | None = None) -> dict:
        return assistant.answer(question, history or []).model_dump()

    # -- 资料库 -----------------------------------------------------------------------------------
    def reload_index() -> None:
        assistant.use_index(load_index(settings.index_dir))

    def upload(files, progress=gr.Progress(track_tqdm=True)):
        from ingest.library import add_files

        uploads = [(Path(f), Path(getattr(f, "orig_name", None) or f).name) for f in files or []]
        report, errors = add_files(settings, uploads, embeddings=assistant.embeddings)
        if report is not None:
            reload_index()
        lines = [f"❌ {e}" for e in errors]
        if report is not None:
            lines.insert(0, "✅ " + report.summary().splitlines()[0])
        return "\n\n".join(lines) or "没有选择文件", documents_table(assistant), gr.update(
            choices=list(assistant.index.documents))

    def delete(doc_id: str, progress=gr.Progress(track_tqdm=True)):
        from ingest.library import delete_document

        if not doc_id:
            return "请先选择要删除的文档", documents_table(assistant), gr.skip()
        try:
            delete_document(settings, doc_id, embeddings=assistant.embeddings)
        except CadreError as exc:
            return f"❌ {exc.help_message}", documents_table(assistant), gr.skip()
        reload_index()
        return f"✅ 已删除 {doc_id}", documents_table(assistant), gr.update(choices=list(assistant.index.documents),
                                                                             value=None)

    def rebuild(progress=gr.Progress(track_tqdm=True)):
        from ingest.pipeline import ingest

        report = ingest(settings, rebuild=True, embeddings=assistant.embeddings)
        reload_index()
        return "✅ " + report.summary().splitlines()[0], documents_table(assistant)

    # -- 出题 -------------------------------------------------------------------------------------
    def make_quiz(topic: str, docs: list[str], n: float, type_labels: list[str], spread_label: str, seed: float):
        from assistant.quiz import generate_quiz
        from assistant.quiz_export import export, to_markdown

        types = [QUIZ_TYPE_LABELS[t] for t in type_labels] or list(QUIZ_TYPE_LABELS.values())
        result = generate_quiz(assistant, n=int(n), types=types, topic=topic.strip() or None, docs=docs or None,
                               seed=int(seed), spread=QUIZ_SPREAD_LABELS.get(spread_label, "length"))
        if not result.questions:
            return "没有生成通过检查的题目，请换一个主题或文档。", []
        files = [str(export(result.questions, output_dir / f"quiz-{int(seed)}.{fmt}", fmt))
                 for fmt in ("docx", "md", "csv", "json")]
        return to_markdown(result.questions) + "\n\n> " + result.summary(), files

    def quiz_api(topic: str = "", n: int = 5) -> list[dict]:
        from assistant.quiz import generate_quiz

        return [q.model_dump() for q in generate_quiz(assistant, n=int(n), topic=topic or None).questions]

    # -- 评测 -------------------------------------------------------------------------------------
    def run_evaluation(dataset_file, progress=gr.Progress(track_tqdm=True)):
        from eval.dataset import load_dataset
        from eval.report import write_report
        from eval.runner import run_eval

        path = Path(dataset_file) if dataset_file else PROJECT_ROOT / "eval" / "dataset.jsonl"
        try:
            items = load_dataset(path)
        except CadreError as exc:
            return f"❌ {exc.help_message}", None, []
        run = run_eval(items, assistant)
        paths = write_report(run, output_dir / "eval")
        table = paths["md"].read_text(encoding="utf-8").split("## The", 1)[0]
        return table, str(paths["chart"]), [str(paths["json"]), str(paths["md"]), str(paths["csv"])]

    with gr.Blocks(title="党建促脱贫政策学习助手") as page:
        gr.Markdown("## 党建促脱贫政策学习助手\n根据资料库中的政策文件回答问题，每句话都标注出处；资料里没有的，直接说明。")
        with gr.Tab("问答"):
            chatbot = gr.Chatbot(label="对话", height=360, elem_id="chat")
            box = gr.Textbox(label="问题", placeholder="请输入问题，例如：第一书记的工作经费有多少？", elem_id="question")
            with gr.Row():
                send = gr.Button("提问", variant="primary", elem_id="send")
                clear = gr.Button("清空对话", elem_id="clear")
            answer_card = gr.HTML(elem_id="answer")
            gr.Examples(EXAMPLES, inputs=box, label="示例问题")
            for trigger in (send.click, box.submit):
                trigger(respond, [box, chatbot], [chatbot, box, answer_card], api_name=False)
            clear.click(lambda: ([], "", ""), None, [chatbot, box, answer_card], api_name=False)
        with gr.Tab("资料库"):
            docs_table = gr.Dataframe(headers=["文档", "标题", "日期", "来源", "原文字体", "段落块"],
                                      value=lambda: documents_table(assistant), interactive=False,
                                      elem_id="docs")
            files = gr.File(label="上传文档（txt、md、html、docx、pdf）", file_count="multiple",
                            file_types=[".txt", ".md", ".html", ".htm", ".docx", ".pdf"], elem_id="upload")
            with gr.Row():
                add = gr.Button("入库", variant="primary", elem_id="ingest")
                doc_choice = gr.Dropdown(label="选择文档", choices=list(assistant.index.documents), elem_id="doc-choice")
                remove = gr.Button("删除所选文档", elem_id="delete")
                rebuild_button = gr.Button("重建索引", elem_id="rebuild")
            status = gr.Markdown(elem_id="kb-status")
            add.click(upload, files, [status, docs_table, doc_choice], api_name=False)
            remove.click(delete, doc_choice, [status, docs_table, doc_choice], api_name=False)
            rebuild_button.click(rebuild, None, [status, docs_table], api_name=False)
        with gr.Tab("出题"):
            with gr.Row():
                topic = gr.Textbox(label="主题（可选）", placeholder="例如：关于驻村第一书记的题目", elem_id="quiz-topic")
                quiz_docs = gr.Dropdown(label="限定文档（可选）", multiselect=True,
                                        choices=[(doc.title, doc_id) for doc_id, doc in assistant.index.documents.items()])
            with gr.Row():
                count = gr.Slider(1, 30, value=10, step=1, label="题目数量", elem_id="quiz-n")
                kinds = gr.CheckboxGroup(list(QUIZ_TYPE_LABELS), value=list(QUIZ_TYPE_LABELS), label="题型")
                spread = gr.Radio(list(QUIZ_SPREAD_LABELS), value="按文档篇幅分配", label="题目在文档间的分配")
                seed = gr.Number(value=0, precision=0, label="试卷编号（同一编号得到同一份试卷）")
            generate = gr.Button("生成试卷", variant="primary", elem_id="quiz-generate")
            preview = gr.Markdown(elem_id="quiz-preview")
            downloads = gr.File(label="下载（Word、Markdown、CSV、JSON）", file_count="multiple", elem_id="quiz-files")
            generate.click(make_quiz, [topic, quiz_docs, count, kinds, spread, seed], [preview, downloads],
                           api_name=False)
        with gr.Tab("评测"):
            dataset = gr.File(label="评测数据集（可选，默认用公开评测集）", file_types=[".jsonl"])
            run_button = gr.Button("运行评测", variant="primary", elem_id="eval-run")
            metrics = gr.Markdown(elem_id="eval-metrics")
            chart = gr.Image(label="各题型指标", elem_id="eval-chart")
            reports = gr.File(label="评测报告", file_count="multiple")
            run_button.click(run_evaluation, dataset, [metrics, chart, reports], api_name=False)
        with gr.Row(visible=False):
            api_question, api_history, api_answer = gr.Textbox(), gr.JSON(), gr.JSON()
            api_topic, api_n, api_quiz = gr.Textbox(), gr.Number(), gr.JSON()
            gr.Button().click(ask_api, [api_question, api_history], api_answer, api_name="ask")
            gr.Button().click(quiz_api, [api_topic, api_n], api_quiz, api_name="quiz")
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


def warm_up(assistant) -> None:
    try:
        assistant.warm_up()
    except CadreError as exc:  # the page shows the same message on the first question
        print(f"错误：{exc.help_message}", file=sys.stderr)


def parse_auth(value: str | None) -> list[tuple[str, str]] | None:
    """``user:pass``, or a file with one ``user:pass`` per line."""
    if not value:
        return None
    lines = Path(value).read_text(encoding="utf-8").splitlines() if Path(value).is_file() else [value]
    pairs = [tuple(line.strip().split(":", 1)) for line in lines if ":" in line]
    if not pairs:
        raise CadreError("bad --auth", help_message="--auth 需要 用户名:密码，或每行一个 用户名:密码 的文件")
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="党建促脱贫政策学习助手 — web page", parents=[settings_parent()])
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: this machine only)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    parser.add_argument("--share", action="store_true", help="ask Gradio for a public link (off by default)")
    parser.add_argument("--auth", help="user:pass, or a file of user:pass lines, for shared deployments")
    args = parser.parse_args(argv)
    try:
        settings = settings_from_args(args)
        auth = parse_auth(args.auth)
        ensure_index(settings)
        from assistant.chain import Assistant

        assistant = Assistant(settings)
        page = build_app(settings, assistant)
    except CadreError as exc:
        print(f"错误：{exc.help_message}", file=sys.stderr)
        return 2
    # Loads while the page comes up: by the time someone has typed a question, the models are ready.
    threading.Thread(target=warm_up, args=(assistant,), name="warm-up", daemon=True).start()
    # Two workers on a two-core machine: more would only queue inside the embedding model.
    page.queue(default_concurrency_limit=2).launch(server_name=args.host, server_port=args.port, share=args.share,
                                                   auth=auth, css=CSS, show_error=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
