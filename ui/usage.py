"""The 使用情况 tab for the people who run the training: what was asked, what the documents could not answer,
which answers readers rated wrong; exports as CSV, XLSX and eval rows.

Only admins see it (assistant/users.py: a user with the admin role, or one named in ``CADRE_ADMIN_USERS``); on a
single office PC without logins, whoever sits at the page is its admin.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import gradio as gr

from assistant.usage import knowledge_gaps, parse_day, per_day, rated, to_csv, to_xlsx, topics
from core.errors import CadreError
from core.records import RATING_NAMES
from eval.from_logs import eval_rows, write_jsonl
from ui.failures import one_line_failure

NO_LOG = "对话记录没有开启（CADRE_LOG_QUESTIONS=false）或数据库不可用。"


def chart(days, path: Path) -> Path | None:
    """Questions per day (bars) and the share refused (line)."""
    if not days:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from eval.report import use_chinese_font

    cjk = use_chinese_font(plt)
    labels = [d.strftime("%m-%d") for d, _, _ in days]
    fig, ax = plt.subplots(figsize=(9, 3.4))
    ax.bar(labels, [n for _, n, _ in days], color="#0969da", label="提问数" if cjk else "questions")
    ax.set_ylabel("提问数" if cjk else "questions")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    share = ax.twinx()
    share.plot(labels, [100 * r for _, _, r in days], color="#bf8700", marker="o", label="拒答率" if cjk else "refused")
    share.set_ylim(0, 100)
    share.set_ylabel("拒答率（%）" if cjk else "refused (%)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def summary(rows: list[dict]) -> str:
    if not rows:
        return "所选时间内没有提问记录。"
    refused = sum(r["refused"] for r in rows)
    ratings = {name: sum(r["rating"] == key for r in rows) for key, name in RATING_NAMES.items()}
    return (f"共 {len(rows)} 个提问，{len({r['user'] for r in rows if r['user']}) or '—'} 位用户；"
            f"资料中没有找到答案的 {refused} 个（{100 * refused / len(rows):.0f}%）；读者评价："
            + "，".join(f"{name} {n}" for name, n in ratings.items()) + "。")


def gaps_table(groups: list[list[dict]]) -> list[list]:
    return [[i, len(g), g[0]["question"], "；".join(r["question"] for r in g[1:6])] for i, g in enumerate(groups, 1)]


def wrong_table(rows: list[dict]) -> list[list]:
    return [[r["asked_at"].astimezone().strftime("%Y-%m-%d %H:%M"), r["question"], r["short_answer"] or r["answer"][:80],
             "；".join(f"《{c['title']}》" for c in r["citations"]), RATING_NAMES[r["rating"]], r["comment"]]
            for r in rows]


def build(assistant, logbook, output_dir: Path, access) -> None:
    def query(start: str, end: str, user: str, request: gr.Request):
        if logbook is None:
            raise CadreError("no log", help_message=NO_LOG)
        access.require_admin(request)
        until = parse_day(end)
        return logbook.turns(since=parse_day(start), until=until + timedelta(days=1) if until else None,
                             user=user or None)

    @one_line_failure(lambda line: (line, None, [], [], [], gr.update()))
    def refresh(start: str, end: str, user: str, request: gr.Request):
        rows = query(start, end, user, request)
        wrong = [r for r in rows if r["rating"] in ("wrong", "incomplete")]
        gaps = knowledge_gaps(rows, assistant.embeddings.embed_documents)
        return (summary(rows), chart(per_day(rows), output_dir / "usage.png"),
                [[w, n] for w, n in topics(rows)], gaps_table(gaps), wrong_table(wrong),
                gr.update(choices=["", *logbook.users()]))

    @one_line_failure(lambda line: (line, []))
    def export(start: str, end: str, user: str, request: gr.Request):
        rows = query(start, end, user, request)
        csv_path = output_dir / "对话记录.csv"
        csv_path.write_text(to_csv(rows), encoding="utf-8-sig")
        candidates = [r for r in rows if r["refused"]] + rated(rows, "wrong") + rated(rows, "incomplete")
        eval_path = write_jsonl(eval_rows(candidates), output_dir / "待确认评测题.jsonl")
        files = [str(csv_path), str(to_xlsx(rows, output_dir / "对话记录.xlsx")), str(eval_path)]
        return (f"已导出 {len(rows)} 条记录；{len(eval_rows(candidates))} 个未答出或被评为有误/不完整的问题已转为评测题"
                f"（请管理员确认或补全标准答案后用“评测”页运行）。"), files

    gr.Markdown("提问、拒答和读者评价都记录在对话记录数据库中（保留天数见 README“对话记录”）。")
    with gr.Row():
        start = gr.Textbox(label="开始日期（年-月-日，可空）", elem_id="usage-start")
        end = gr.Textbox(label="结束日期（可空）", elem_id="usage-end")
        user = gr.Dropdown(label="用户（可空）", choices=[""], value="", allow_custom_value=True, elem_id="usage-user")
    show = gr.Button("查看使用情况", variant="primary", elem_id="usage-refresh")
    overview = gr.Markdown(elem_id="usage-summary")
    daily = gr.Image(label="每天的提问数与拒答率", elem_id="usage-chart")
    with gr.Row():
        words = gr.Dataframe(headers=["词", "问到的次数"], label="问得最多的内容", interactive=False,
                             elem_id="usage-topics")
        gaps = gr.Dataframe(headers=["组", "问题数", "代表问题", "相似的其他问题"], label="资料中没有答案的问题（按相似归组：缺哪些文件）",
                            interactive=False, wrap=True, elem_id="usage-gaps")
    wrong = gr.Dataframe(headers=["时间", "问题", "回答", "出处", "评价", "评语"], label="被评为有误或不完整的回答",
                         interactive=False, wrap=True, elem_id="usage-wrong")
    export_button = gr.Button("导出（Excel、CSV、待确认评测题）", elem_id="usage-export")
    exported = gr.Markdown(elem_id="usage-exported")
    files = gr.File(label="下载", file_count="multiple", elem_id="usage-files")
    filters = [start, end, user]
    show.click(refresh, filters, [overview, daily, words, gaps, wrong, user], api_name=False)
    export_button.click(export, filters, [exported, files], api_name=False)
