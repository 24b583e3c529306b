"""The 资料库 tab: the documents in the knowledge base, adding and removing them, rebuilding the index."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from assistant.users import NOT_ADMIN
from core.errors import CadreError
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


def recycle_choices(settings) -> list[tuple[str, str]]:
    from ingest.library import recycled

    return [(f"《{r.title}》（{r.doc_id}，删除于 {r.deleted_at.replace('T', ' ')}）", r.entry) for r in recycled(settings)]


def build(settings, assistant, reload_index, refresh_examples, examples, access):
    """The tab's components and events; returns (loader, outputs) that read the selectors fresh for each session.
    Every change needs an admin (``access``) and is written to the audit log."""
    from assistant.users import audit
    from core.settings import audit_path

    no_change = (gr.skip(),) * 4

    def record(user: str | None, action: str, detail: str) -> None:
        audit(audit_path(settings), user, action, detail)

    def refreshed(message: str):
        return (message, documents_table(assistant), gr.update(choices=document_choices(assistant), value=None),
                gr.update(choices=recycle_choices(settings), value=None), refresh_examples())

    def change(request: gr.Request, action: str, run):
        """One change of the knowledge base, by an admin: ``run(user)`` makes it and returns the audit detail (None
        when nothing changed), the lines done and the lines failed; the index is then reloaded and the tab
        refreshed. A refusal or failure is one line and changes nothing on the tab."""
        try:
            user = access.require_admin(request)
            detail, done, failed = run(user)
        except CadreError as exc:
            return status([], [exc.help_message]), *no_change
        if detail is not None:
            record(user, action, detail)
            reload_index()
        return refreshed(status(done, failed))

    def upload(files, request: gr.Request, progress=gr.Progress(track_tqdm=True)):  # noqa: B008 - Gradio's bar
        from ingest.library import add_files

        uploads = [(Path(f), Path(getattr(f, "orig_name", None) or f).name) for f in files or []]
        if not uploads:
            return "请先选择要上传的文件", *no_change

        def run(user):
            report, errors = add_files(settings, uploads, embeddings=assistant.embeddings)
            if report is None:
                return None, [], errors
            return ("、".join(report.added + report.updated) or "—",
                    [report.summary().splitlines()[0], *report.notes], errors)

        return change(request, "upload", run)

    def ask_to_delete(doc_id: str, request: gr.Request):
        if access.role(request) != "admin":
            return NOT_ADMIN, gr.update(visible=False), ""
        if not doc_id:
            return "请先在上面选择要删除的文档", gr.update(visible=False), ""
        doc = assistant.index.documents.get(doc_id)
        title = doc.title if doc else doc_id
        return "", gr.update(visible=True), f"确定要删除《{title}》（{doc_id}）吗？删除后可以在下面的“回收站”恢复。"

    def delete(doc_id: str, request: gr.Request, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
        from ingest.library import delete_document

        doc = assistant.index.documents.get(doc_id)
        title = doc.title if doc else doc_id

        def run(user):
            delete_document(settings, doc_id, title=title, user=user, embeddings=assistant.embeddings)
            return f"{doc_id}《{title}》", [f"已删除《{title}》，可在回收站恢复"], []

        return *change(request, "delete", run), gr.update(visible=False)

    def restore(entry: str, request: gr.Request, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
        from ingest.library import restore_document

        if not entry:
            return "请先在回收站里选择要恢复的文档", *no_change

        def run(user):
            _, name = restore_document(settings, entry, embeddings=assistant.embeddings)
            return name, [f"已恢复 {name}"], []

        return change(request, "restore", run)

    def rebuild(request: gr.Request, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
        from ingest.pipeline import ingest

        def run(user):
            report = ingest(settings, rebuild=True, embeddings=assistant.embeddings)
            return f"{report.n_documents} 篇文档", [report.summary().splitlines()[0]], []

        return change(request, "rebuild", run)

    table = gr.Dataframe(headers=HEADERS, value=lambda: documents_table(assistant), interactive=False,
                         elem_id="docs", wrap=True)
    files = gr.File(label="上传文档（txt、md、html、docx、pdf）", file_count="multiple",
                    file_types=[".txt", ".md", ".html", ".htm", ".docx", ".pdf"], elem_id="upload")
    add = gr.Button("加入资料库", variant="primary", elem_id="ingest")
    with gr.Row():
        choice = gr.Dropdown(label="选择要删除的文档", choices=[], value=None, elem_id="doc-choice")
        remove = gr.Button("删除所选文档", elem_id="delete")
    with gr.Group(visible=False) as confirm_box:
        question = gr.Markdown(elem_id="delete-question")
        with gr.Row():
            confirm = gr.Button("确认删除", variant="stop", elem_id="delete-confirm")
            cancel = gr.Button("取消", elem_id="delete-cancel")
    with gr.Row():
        bin_choice = gr.Dropdown(label="回收站", choices=[], value=None, elem_id="recycle-choice")
        restore_button = gr.Button("恢复所选文档", elem_id="restore")
    rebuild_button = gr.Button("全部重新整理（文档多时需要几分钟）", elem_id="rebuild")
    message = gr.Markdown(elem_id="kb-status")
    outputs = [message, table, choice, bin_choice, examples]
    add.click(upload, files, outputs, api_name=False)
    remove.click(ask_to_delete, choice, [message, confirm_box, question], api_name=False)
    cancel.click(lambda: gr.update(visible=False), None, confirm_box, api_name=False)
    confirm.click(delete, choice, [*outputs, confirm_box], api_name=False)
    restore_button.click(restore, bin_choice, outputs, api_name=False)
    rebuild_button.click(rebuild, None, outputs, api_name=False)

    def fresh():
        """Selectors as they are now, for every new session (documents may have changed since the page started)."""
        return (documents_table(assistant), gr.update(choices=document_choices(assistant), value=None),
                gr.update(choices=recycle_choices(settings), value=None))

    return fresh, [table, choice, bin_choice]
