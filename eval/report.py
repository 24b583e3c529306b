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


def _cell(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def _table(rows: dict[str, dict]) -> list[str]:
    metrics = [m for m in TABLE_METRICS if any(r.get(m) is not None for r in rows.values())]
    lines = ["| | n | " + " | ".join(metrics) + " |", "|---|---|" + "---|" * len(metrics)]
    for name, row in rows.items():
        lines.append(f"| {name} | {row['questions']} | " + " | ".join(_cell(row[m]) for m in metrics) + " |")
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
        "# Evaluation report", "",
        f"- retriever: `{run.retriever}`, answerer: `{run.answerer}`, embedding model: `{run.embedding_model}`",
        f"- questions: {overall['questions']}, total {run.seconds:.1f} s, "
        f"{overall['seconds_per_question']:.3f} s per question", "",
        "## Overall and by question type", "",
        *_table({"overall": overall, **run.by_type(), **{f"kind: {k}": v for k, v in run.by_kind().items()}}), "",
        "Retrieval metrics (hit@k, MRR@10) count answerable questions; faithfulness, citations and answer "
        "overlap count answered ones; refusal_correct counts unanswerable questions, false_refusal answerable ones; "
        "figure_correct counts answerable questions whose reference holds a figure. Rows `kind: …` are the "
        "cross-cutting tags of issue 13 (a question may carry several).",
        "", f"## The {WORST_SHOWN} worst questions", "",
    ]
    for r in worst(run.results):
        rank = "–" if r.retrieval_rank is None else ("not retrieved" if r.retrieval_rank >= 99 else r.retrieval_rank + 1)
        lines += [f"### {r.id} ({r.type}) {r.question}", "",
                  f"- reference: {r.reference}", f"- answer: {r.answer}",
                  f"- refused: {r.refused}" + (f" ({r.refusal_reason})" if r.refusal_reason else "")
                  + f", confidence {r.confidence:.2f}, evidence at rank {rank}",
                  "- retrieved:", *[f"  - {p}" for p in r.retrieved], ""]
    return "\n".join(lines)


def chart(run: EvalRun, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_type = run.by_type()
    types = list(by_type)
    fig, ax = plt.subplots(figsize=(11, 4.5))
    width = 0.8 / len(CHART_METRICS)
    for i, metric in enumerate(CHART_METRICS):
        values = [by_type[t][metric] if by_type[t][metric] is not None else 0.0 for t in types]
        ax.bar([x + i * width for x in range(len(types))], values, width, label=metric)
    ax.set_xticks([x + width * (len(CHART_METRICS) - 1) / 2 for x in range(len(types))], types)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title(f"metrics by question type ({run.retriever} retrieval, {run.answerer} answers)")
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
