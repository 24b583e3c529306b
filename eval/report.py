"""Write an evaluation run as report.json, report.md, per_question.csv and a chart of metrics by type."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path

from eval.runner import METRICS as TABLE_METRICS
from eval.runner import EvalRun, QuestionResult

CHART_METRICS = ("hit5", "mrr", "faithfulness", "citation_precision", "char_f1", "refusal_correct")
WORST_SHOWN = 10
# What each metric is called in the report an evaluator reads; the JSON and CSV keep the English keys.
METRIC_NAMES = {
    "hit1": "首位命中率", "hit3": "前3命中率", "hit5": "前5命中率", "mrr": "平均倒数排名",
    "faithfulness": "忠实度", "faithfulness_llm": "忠实度（模型评审）", "citation_precision": "引用准确率",
    "citation_recall": "引用召回率", "evidence_quoted": "引用证据句率", "char_f1": "字重合F1", "rouge_l": "ROUGE-L", "refusal_correct": "该拒答的拒答率",
    "false_refusal": "误拒率", "figure_correct": "数字答对率",
    "short_figure_correct": "直接答案数字准确率",
}
TYPE_NAMES = {"overall": "全部", "fact": "事实", "list": "列举", "paraphrase": "换说法", "traditional": "繁体",
              "why": "原因", "followup": "追问", "multi": "多处", "unanswerable": "无答案",
              "source_scoped": "指明出处", "spoken": "口语", "everyday": "大白话", "two_part": "两问合一", "absent_fact": "缺失事实",
              "off_topic": "与资料无关"}
ROW_KIND = "类："


def _cell(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def _row_name(name: str) -> str:
    if name.startswith("kind: "):
        kind = name.removeprefix("kind: ")
        return f"{ROW_KIND}{TYPE_NAMES.get(kind, kind)}（{kind}）"
    return f"{TYPE_NAMES.get(name, name)}（{name}）"


def _table(rows: dict[str, dict]) -> list[str]:
    """One row per question type; each column header carries the metric's Chinese name and its key."""
    metrics = [m for m in TABLE_METRICS if any(r.get(m) is not None for r in rows.values())]
    lines = ["| 题型 | 题数 | " + " | ".join(f"{METRIC_NAMES.get(m, m)}<br>`{m}`" for m in metrics) + " |",
             "|---|---:|" + "---:|" * len(metrics)]
    for name, row in rows.items():
        lines.append(f"| {_row_name(name)} | {row['questions']} | " + " | ".join(_cell(row[m]) for m in metrics)
                     + " |")
    return lines


def worst(results: list[QuestionResult], n: int = WORST_SHOWN) -> list[QuestionResult]:
    """Wrongly refused or answered first, then by retrieval rank and answer overlap."""
    def badness(r: QuestionResult):
        wrong = (r.refusal_correct == 0.0) or (r.false_refusal == 1.0)
        return (not wrong, -(r.retrieval_rank or 0), r.char_f1 if r.char_f1 is not None else 1.0)

    return sorted(results, key=badness)[:n]


def markdown(run: EvalRun) -> str:
    overall = run.summary()
    lines = [
        "# 评测报告", "",
        f"- 检索方式：`{run.retriever}`；回答方式：`{run.answerer}`；向量模型：`{run.embedding_model}`",
        f"- 共 {overall['questions']} 题，用时 {run.seconds:.1f} 秒，平均每题 {overall['seconds_per_question']:.3f} 秒", "",
        "## 总体与各题型", "",
        *_table({"overall": overall, **run.by_type(), **{f"kind: {k}": v for k, v in run.by_kind().items()}}), "",
        ("命中率与平均倒数排名只算有答案的题；忠实度、引用和字重合只算作答了的题；“该拒答的拒答率”只算资料里没有答案的题，"
         "“误拒率”只算有答案却被拒答的题；“数字答对率”只算标准答案含数字的题。“类：”开头的行是跨题型的标签（一题可有多个）。"),
        "", f"## 最差的 {WORST_SHOWN} 题", "",
    ]
    for r in worst(run.results):
        rank = "–" if r.retrieval_rank is None else ("未检索到" if r.retrieval_rank >= 99 else r.retrieval_rank + 1)
        lines += [f"### {r.id}（{TYPE_NAMES.get(r.type, r.type)}）{r.question}", "",
                  f"- 标准答案：{r.reference}", f"- 助手回答：{r.answer}",
                  f"- 是否拒答：{'是' if r.refused else '否'}" + (f"（{r.refusal_reason}）" if r.refusal_reason else "")
                  + f"，把握 {r.confidence:.2f}，证据排在第 {rank} 位",
                  "- 检索到的段落：", *[f"  - {p}" for p in r.retrieved], ""]
    return "\n".join(lines)


def use_chinese_font(plt) -> bool:
    """Chinese labels need a CJK font (Debian: fonts-noto-cjk); False when there is none (charts keep English)."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist if "CJK SC" in f.name}
    font = "Noto Sans CJK SC" if "Noto Sans CJK SC" in names else min(names, default=None)
    if font:
        plt.rcParams["font.family"] = "sans-serif"
        plt.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
    return font is not None


def chart(run: EvalRun, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    cjk = use_chinese_font(plt)
    label = (lambda key, names: names.get(key, key)) if cjk else (lambda key, names: key)
    by_type = run.by_type()
    types = list(by_type)
    fig, ax = plt.subplots(figsize=(11, 4.5))
    width = 0.8 / len(CHART_METRICS)
    for i, metric in enumerate(CHART_METRICS):
        values = [by_type[t][metric] if by_type[t][metric] is not None else 0.0 for t in types]
        ax.bar([x + i * width for x in range(len(types))], values, width, label=label(metric, METRIC_NAMES))
    ax.set_xticks([x + width * (len(CHART_METRICS) - 1) / 2 for x in range(len(types))],
                  [label(t, TYPE_NAMES) for t in types])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("得分" if cjk else "score")
    ax.set_title(f"各题型指标（检索 {run.retriever}，回答 {run.answerer}）" if cjk else
                 f"metrics by question type ({run.retriever} retrieval, {run.answerer} answers)")
    ax.legend(ncol=len(CHART_METRICS), fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(run: EvalRun, out_dir: Path) -> dict[str, Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"json": out_dir / "report.json", "md": out_dir / "report.md", "csv": out_dir / "per_question.csv",
             "chart": out_dir / "metrics_by_type.png"}
    paths["json"].write_text(json.dumps(run.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    paths["md"].write_text(markdown(run), encoding="utf-8")
    rows = [asdict(r) for r in run.results]
    with paths["csv"].open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: (" | ".join(v) if isinstance(v, list) else v) for k, v in row.items()})
    chart(run, paths["chart"])
    return paths
