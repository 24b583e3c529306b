"""The 问答 tab: the conversation, the question box under it, example questions from the knowledge base."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import CadreError
from assistant.types import Answer
from ui.render import render_conversation

COPY_JS = (Path(__file__).parent / "copy.js").read_text(encoding="utf-8")
EXAMPLES_SHOWN = 4


def titles(assistant) -> list[str]:
    return [doc.title for doc in assistant.index.documents.values()]


def answer_turn(assistant, message: str, turns: list[dict]):
    """One question as a stream of conversation states: the turn pending, the LLM's text so far, the answer."""
    question = (message or "").strip()
    if not question:
        yield turns
        return
    earlier = [t["question"] for t in turns]
    turn: dict = {"question": question, "answer": None, "partial": ""}
    turns = [*turns, turn]
    yield turns
    try:
        for piece in assistant.stream(question, earlier):
            if isinstance(piece, Answer):
                turn["answer"] = piece.model_dump()
            else:  # LLM tokens as they arrive; the verified answer replaces them at the end
                turn["partial"] += piece
            yield turns
    except CadreError as exc:
        turn["error"] = exc.help_message
        yield turns


def build(gr, assistant) -> None:
    """The tab's components and events, inside the caller's ``gr.Blocks``."""
    turns = gr.State([])
    conversation = gr.HTML(render_conversation([]), elem_id="conversation", js_on_load=COPY_JS)
    box = gr.Textbox(label="问题", placeholder="请输入问题，例如：第一书记的工作经费有多少？", elem_id="question",
                     lines=2, max_lines=6)
    with gr.Row(equal_height=True):
        send = gr.Button("提问", variant="primary", elem_id="send", scale=2)
        clear = gr.Button("清空对话", elem_id="clear", scale=1)
    examples = gr.Dataset(label="示例问题（来自资料库，点一下即可提问）", components=[box], samples=[],
                          elem_id="examples", samples_per_page=EXAMPLES_SHOWN)

    def respond(message: str, state: list[dict]):
        for current in answer_turn(assistant, message, state):
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
