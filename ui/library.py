"""The 资料库 tab: the documents in the knowledge base, adding and removing them, rebuilding the index."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import CadreError
from ui.render import SCRIPT_NAMES

HEADERS = ["标题", "日期", "来源", "原文字体", "片段数", "文件名"]


def documents_table(assistant) -> list[list]:
    return [[d.title, d.date or "", d.source or "", SCRIPT_NAMES.get(d.script, d.script), d.n_chunks, d.doc_id]
            for d in assistant.index.documents.values()]


def document_choices(assistant) -> list[tuple[str, str]]:
    """(title, file name) pairs: selectors show titles, the handlers get file names."""
    return [(f"{d.title}（{d.doc_id}）", d.doc_id) for d in assistant.index.documents.values()]


def status(ok: list[str], failed: list[str]) -> str:
    """Plain words, no emoji (old office PCs show emoji as empty boxes)."""
    lines = [f"<span class='status ok'>完成</span> {line}" for line in ok]
    lines += [f"<span class='status failed'>未入库</span> {line}" for line in failed]
    return "\n\n".join(lines)


def build(gr, settings, assistant, reload_index, refresh_examples, examples) -> None:
    def refreshed(message: str):
        return message, documents_table(assistant), gr.update(choices=document_choices(assistant), value=None), \
            refresh_examples()

    def upload(files, progress=gr.Progress(track_tqdm=True)):  # noqa: B008 - Gradio's way of asking for a bar
        from ingest.library import add_files

        uploads = [(Path(f), Path(getattr(f, "orig_name", None) or f).name) for f in files or []]
        if not uploads:
            return "请先选择要上传的文件", gr.skip(), gr.skip(), gr.skip()
        try:
            report, errors = add_files(settings, uploads, embeddings=assistant.embeddings)
        except CadreError as exc:
            return status([], [exc.help_message]), gr.skip(), gr.skip(), gr.skip()
        if report is not None:
            reload_index()
        done = [report.summary().splitlines()[0]] if report is not None else []
        return refreshed(status(done, errors))

    def delete(doc_id: str, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
        from ingest.library import delete_document

        if not doc_id:
            return "请先在上面选择要删除的文档", gr.skip(), gr.skip(), gr.skip()
        title = assistant.index.documents[doc_id].title if doc_id in assistant.index.documents else doc_id
        try:
            delete_document(settings, doc_id, embeddings=assistant.embeddings)
        except CadreError as exc:
            return status([], [exc.help_message]), gr.skip(), gr.skip(), gr.skip()
        reload_index()
        return refreshed(status([f"已删除《{title}》"], []))

    def rebuild(progress=gr.Progress(track_tqdm=True)):  # noqa: B008
        from ingest.pipeline import ingest

        try:
            report = ingest(settings, rebuild=True, embeddings=assistant.embeddings)
        except CadreError as exc:
            return status([], [exc.help_message]), gr.skip(), gr.skip(), gr.skip()
        reload_index()
        return refreshed(status([report.summary().splitlines()[0]], []))

    table = gr.Dataframe(headers=HEADERS, value=lambda: documents_table(assistant), interactive=False,
                         elem_id="docs", wrap=True)
    files = gr.File(label="上传文档（txt、md、html、docx、pdf）", file_count="multiple",
                    file_types=[".txt", ".md", ".html", ".htm", ".docx", ".pdf"], elem_id="upload")
    add = gr.Button("加入资料库", variant="primary", elem_id="ingest")
    with gr.Row():
        choice = gr.Dropdown(label="选择要删除的文档", choices=document_choices(assistant), value=None,
                             elem_id="doc-choice")
        remove = gr.Button("删除所选文档", elem_id="delete")
    rebuild_button = gr.Button("全部重新整理（文档多时需要几分钟）", elem_id="rebuild")
    message = gr.Markdown(elem_id="kb-status")
    outputs = [message, table, choice, examples]
    add.click(upload, files, outputs, api_name=False)
    remove.click(delete, choice, outputs, api_name=False)
    rebuild_button.click(rebuild, None, outputs, api_name=False)
