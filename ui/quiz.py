"""The 出题 tab: a trainer's paper — topic or documents, number of items, types, spread — previewed and exported."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import gradio as gr

from assistant.quiz_export import TYPE_NAMES
from core.records import QuizFormat
from ui.failures import one_line_failure

TYPE_LABELS = {name: kind for kind, name in TYPE_NAMES.items()}
SPREAD_LABELS = {"按文档篇幅分配": "length", "各文档平均分配": "even"}


def build(assistant, output_dir: Path, document_choices):
    """The tab; returns (loader, outputs) that read its document selector fresh for each session."""
    @one_line_failure(lambda line: (line, []))
    def make_quiz(topic: str, docs: list[str], n: float, type_labels: list[str], spread_label: str, seed: float):
        from assistant.quiz import generate_quiz
        from assistant.quiz_export import export, to_markdown

        types = [TYPE_LABELS[t] for t in type_labels] or list(TYPE_LABELS.values())
        result = generate_quiz(assistant, n=int(n), types=types, topic=topic.strip() or None, docs=docs or None,
                               seed=int(seed), spread=SPREAD_LABELS.get(spread_label, "length"))
        if not result.questions:
            return "没有生成通过核对的题目，请换一个主题或文档。", []
        files = [str(export(result.questions, output_dir / f"quiz-{int(seed)}.{fmt}", fmt))
                 for fmt in sorted(get_args(QuizFormat), key=lambda f: f != "docx")]  # Word first: what trainers print
        return to_markdown(result.questions) + "\n\n> " + result.summary(), files

    with gr.Row():
        topic = gr.Textbox(label="主题（可选）", placeholder="例如：关于驻村第一书记的题目", elem_id="quiz-topic")
        docs = gr.Dropdown(label="限定文档（可选）", multiselect=True, choices=document_choices(assistant),
                           elem_id="quiz-docs")
    with gr.Row():
        count = gr.Slider(1, 30, value=10, step=1, label="题目数量", elem_id="quiz-n")
        kinds = gr.CheckboxGroup(list(TYPE_LABELS), value=list(TYPE_LABELS), label="题型")
    with gr.Row():
        spread = gr.Radio(list(SPREAD_LABELS), value="按文档篇幅分配", label="题目在文档间的分配")
        seed = gr.Number(value=0, precision=0, label="试卷编号（同一编号得到同一份试卷）")
    generate = gr.Button("生成试卷", variant="primary", elem_id="quiz-generate")
    preview = gr.Markdown(elem_id="quiz-preview")
    downloads = gr.File(label="下载（Word 试卷、Markdown、Excel 可打开的 CSV、JSON）", file_count="multiple",
                        elem_id="quiz-files")
    generate.click(make_quiz, [topic, docs, count, kinds, spread, seed], [preview, downloads], api_name=False)
    return (lambda: gr.update(choices=document_choices(assistant))), [docs]
