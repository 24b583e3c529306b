"""The 评测 tab: run the evaluation suite on the public set or an uploaded one, read the report in Chinese."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from eval.dataset import PUBLIC_DATASET
from ui.failures import one_line_failure


def build(assistant, output_dir: Path, access) -> None:
    @one_line_failure(lambda line: (line, None, []))
    def run_evaluation(dataset_file, request: gr.Request, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
        from eval.dataset import load_dataset
        from eval.report import write_report
        from eval.runner import run_eval

        path = Path(dataset_file) if dataset_file else PUBLIC_DATASET
        access.require_admin(request)
        run = run_eval(load_dataset(path), assistant)
        paths = write_report(run, output_dir / "eval")
        summary = paths["md"].read_text(encoding="utf-8").split("## 最差的", 1)[0]
        return summary, str(paths["chart"]), [str(paths["md"]), str(paths["csv"]), str(paths["json"])]

    dataset = gr.File(label="评测题集（可选，不选则用公开评测集，JSONL 格式）", file_types=[".jsonl"])
    run_button = gr.Button("开始评测", variant="primary", elem_id="eval-run")
    metrics = gr.Markdown(elem_id="eval-metrics")
    chart = gr.Image(label="各题型指标", elem_id="eval-chart")
    reports = gr.File(label="评测报告（Markdown、Excel 可打开的 CSV、JSON）", file_count="multiple")
    run_button.click(run_evaluation, dataset, [metrics, chart, reports], api_name=False)
