"""The 问答 tab: the conversation, the question box under it, example questions from the knowledge base."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import gradio as gr

from assistant.users import TOO_FAST, RateLimit
from core.errors import CadreError
from core.records import Answer
from ui.failures import one_line_failure
from ui.render import render_conversation

PAGE_JS = (Path(__file__).parent / "page.js").read_text(encoding="utf-8")
EXAMPLES_SHOWN = 4


def titles(assistant) -> list[str]:
    return [doc.title for doc in assistant.index.documents.values()]


def answer_turn(assistant, message: str, turns: list[dict], logbook=None, user: str | None = None):
    """One question as a stream of conversation states: the turn pending, the LLM's text so far, the answer.
    With a ``logbook`` (assistant/logstore.py) the answered turn is logged and carries its ``log_id``."""
    question = (message or "").strip()
    if not question:
        yield turns
        return
    earlier = [t["question"] for t in turns]
    conversation = turns[0]["conversation"] if turns else str(uuid.uuid4())
    turn: dict = {"question": question, "answer": None, "partial": "", "conversation": conversation}
    turns = [*turns, turn]
    yield turns
    started = time.monotonic()
    index_version = assistant.index.path.name
    try:
        for piece in assistant.stream(question, earlier):
            if isinstance(piece, Answer):
                turn["answer"] = piece.model_dump()
                if logbook is not None:
                    turn["log_id"] = logbook.log_turn(conversation, piece, user=user, index_version=index_version,
                                                      latency_ms=round(1000 * (time.monotonic() - started)))
            else:  # LLM tokens as they arrive; the verified answer replaces them at the end
                turn["partial"] += piece
            yield turns
    except CadreError as exc:
        turn["error"] = exc.help_message
        yield turns


def build(assistant, logbook=None):
    """The tab's components and events, inside the caller's ``gr.Blocks``; returns the examples' refresher."""

    @one_line_failure(lambda line: line)
    def feedback(call: list) -> str:
        """Called from the buttons under an answer (ui/page.js) as server.feedback(turn_id, rating, comment);
        Gradio hands a server function the JavaScript arguments as one list."""
        turn_id, rating, comment = (list(call) + ["", "", ""])[:3]
        if logbook is None:
            return "未开启对话记录，评价没有保存"
        logbook.add_feedback(str(turn_id), rating, comment or "")
        return "已记录，谢谢" if not comment else "已记录说明，谢谢"

    turns = gr.State([])
    conversation = gr.HTML(render_conversation([]), elem_id="conversation", js_on_load=PAGE_JS,
                           server_functions=[feedback])
    box = gr.Textbox(label="问题", placeholder="请输入问题，例如：第一书记的工作经费有多少？", elem_id="question",
                     lines=2, max_lines=6)
    with gr.Row(equal_height=True):
        send = gr.Button("提问", variant="primary", elem_id="send", scale=2)
        clear = gr.Button("清空对话", elem_id="clear", scale=1)
    examples = gr.Dataset(label="示例问题（来自资料库，点一下即可提问）", components=[box], samples=[],
                          elem_id="examples", samples_per_page=EXAMPLES_SHOWN)

    limit = RateLimit(assistant.settings.questions_per_minute)

    def respond(message: str, state: list[dict], request: gr.Request):
        user = getattr(request, "username", None)
        if (message or "").strip() and not limit.allow(user or getattr(request, "session_hash", None) or "-"):
            refused = [*state, {"question": message.strip(), "answer": None, "error": TOO_FAST}]
            yield render_conversation(refused, titles(assistant)), state, message
            return
        for current in answer_turn(assistant, message, state, logbook, user):
            yield render_conversation(current, titles(assistant)), current, ""

    def show_examples():
        from assistant.examples import example_questions

        try:
            return gr.Dataset(samples=[[q] for q in example_questions(assistant, EXAMPLES_SHOWN)])
        except CadreError:
            return gr.Dataset(samples=[])

    for trigger in (send.click, box.submit):
        trigger(respond, [box, turns], [conversation, turns, box], api_name=False)
    examples.click(lambda sample: sample[0], examples, box, api_name=False).then(
        respond, [box, turns], [conversation, turns, box], api_name=False)
    clear.click(lambda: (render_conversation([]), [], ""), None, [conversation, turns, box], api_name=False)
    return show_examples, examples
