"""The web page: a thin Gradio front over ``assistant``, ``ingest`` and ``eval``. Nothing loads at import time.

    python app.py [--host 127.0.0.1] [--port 7860] [--auth user:pass | --auth FILE] [settings flags]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

from core.errors import CadreError
from core.settings import Settings, settings_from_args, settings_parent

STYLE = (Path(__file__).parent / "ui" / "style.css").read_text(encoding="utf-8")
INTRO = "## 党建促脱贫政策学习助手\n根据资料库中的政策文件回答问题，每句话都标注出处；资料里没有的，直接说明。"


def build_app(settings: Settings, assistant=None, access=None):
    """The page: one tab per module of ``ui/``, and the /ask and /quiz API endpoints. ``access`` says who is an
    admin (assistant/users.py); readers see only 问答 and 出题."""
    import gradio as gr

    from assistant.answering import Assistant
    from assistant.logstore import open_log
    from ingest.index import load_index
    from ui import ask, evaluation, library, quiz, usage
    from ui.roles import AdminSections

    assistant = assistant or Assistant(settings)
    output_dir = Path(tempfile.mkdtemp(prefix="cadre-page-"))
    logbook = open_log(settings)
    access = access or make_access(settings)

    def reload_index() -> None:
        assistant.use_index(load_index(settings.index_dir))

    def index_notice() -> str:
        """A damaged index served from its last good version says so at the top of the page."""
        try:
            notice = assistant.index.notice
        except CadreError as exc:
            notice = exc.help_message
        return f"<div class='index-notice'>{notice}</div>" if notice else ""

    with gr.Blocks(title="党建促脱贫政策学习助手") as page:
        gr.Markdown(INTRO)
        notice = gr.HTML(elem_id="index-notice")
        with gr.Tab("问答"):
            show_examples, examples = ask.build(assistant, logbook)
        admin = AdminSections(access)
        with gr.Tab("资料库"), admin.section():
            library_fresh, library_selectors = library.build(settings, assistant, reload_index, show_examples,
                                                             examples, access)
        with gr.Tab("出题"):
            quiz_fresh, quiz_selectors = quiz.build(assistant, output_dir, library.document_choices)
        with gr.Tab("评测"), admin.section():
            evaluation.build(assistant, output_dir, access)
        with gr.Tab("使用情况"), admin.section():
            usage.build(assistant, logbook, output_dir, access)

        page.load(admin.show, None, admin.outputs(), api_name=False)
        page.load(index_notice, None, notice, api_name=False)
        page.load(show_examples, None, examples, api_name=False)
        page.load(library_fresh, None, library_selectors, api_name=False)
        page.load(quiz_fresh, None, quiz_selectors, api_name=False)

        from assistant.conversation import earlier_questions

        def answer(question: str, history: list[str] | None = None) -> dict:
            """The answer as JSON: ``short_answer``, ``items``, the text with [n] and the citations."""
            try:
                return assistant.answer(question, earlier_questions(history)).model_dump()
            except CadreError as exc:  # the caller gets the same one-line reason as the page
                raise gr.Error(exc.help_message) from exc

        def make_quiz(topic: str = "", n: int = 5) -> list[dict]:
            """Checked quiz items (JSON) on a topic, or over the whole knowledge base."""
            from assistant.quiz import generate_quiz

            try:
                return [q.model_dump() for q in generate_quiz(assistant, n=int(n), topic=topic or None).questions]
            except CadreError as exc:
                raise gr.Error(exc.help_message) from exc

        gr.api(answer, api_name="ask")
        gr.api(make_quiz, api_name="quiz")
    return page


def make_access(settings: Settings, plain_admins: set[str] = frozenset()):
    from assistant.users import Access, UserStore
    from core.settings import users_path

    admins = {name.strip() for name in settings.admin_users.split(",") if name.strip()}
    return Access(UserStore(users_path(settings)), plain_admins=plain_admins, admins=admins)


def login_check(access, plain: list[tuple[str, str]] | None):
    """What Gradio asks at login: the users file (argon2, slowed after failures), then --auth pairs."""
    pairs = dict(plain or [])

    def check(username: str, password: str) -> bool:
        if username in pairs:
            return pairs[username] == password
        return access.store.check(username, password)

    return check


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
    from_file = Path(value).is_file()
    lines = Path(value).read_text(encoding="utf-8").splitlines() if from_file else [value]
    if not from_file:
        print("提示：写在命令行里的密码，本机其他用户能在进程列表中看到；请改用 cadre users add 建立账号，"
              "或把“用户名:密码”写进一个文件，用 --auth 文件名。", file=sys.stderr)
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
        from assistant.answering import Assistant

        assistant = Assistant(settings)
        access = make_access(settings, plain_admins={user for user, _ in auth or []})
        page = build_app(settings, assistant, access)
        if access.store.load():  # users with roles: everyone logs in
            auth = login_check(access, auth)
    except CadreError as exc:
        print(f"错误：{exc.help_message}", file=sys.stderr)
        return 2
    # Loads while the page comes up: by the time someone has typed a question, the models are ready.
    threading.Thread(target=warm_up, args=(assistant,), name="warm-up", daemon=True).start()
    # Two workers on a two-core machine: more would only queue inside the embedding model.
    from starlette.middleware import Middleware

    from ui.chinese import ChinesePage

    page.queue(default_concurrency_limit=2).launch(
        server_name=args.host, server_port=args.port, share=args.share, auth=auth, css=STYLE, show_error=True,
        footer_links=[], app_kwargs={"middleware": [Middleware(ChinesePage)]},
        max_file_size=int(settings.max_file_mb * 1e6))  # Gradio refuses a larger upload before storing it
    return 0


if __name__ == "__main__":
    sys.exit(main())
