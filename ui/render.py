"""Answers as HTML for the page, and as plain text for sharing. Everything from a document or a user is escaped.

One turn reads top to bottom as a village secretary on a phone reads it: the question, the direct answer in
bold (the figure, the name), the items of a list, the quotation with clickable [n], the sources right under
it, and a 复制 button that copies the answer with its sources as plain text for a WeChat group.
"""

from __future__ import annotations

import html

from assistant.evidence import MARKER
from core.records import RATING_NAMES, Answer, Citation

SCRIPT_NAMES = {"simplified": "简体", "traditional": "繁体", "mixed": "简繁混合", "none": "无"}
TRY_NEXT = ("换一种说法再问，或者把问题问得更具体一些（写明地方、年份或文件名）；"
            "也可以换一个资料库里有的主题。")


def _cite_links(text: str, turn: int) -> str:
    return MARKER.sub(lambda m: f"<a class='cite' href='#t{turn}-source-{m.group(1)}'>[{m.group(1)}]</a>",
                       html.escape(text))


def _meta(c: Citation) -> str:
    meta = "，".join(html.escape(x) for x in (c.date, c.source, c.section) if x)
    return f"（{meta}）" if meta else ""


def render_sources(answer: Answer, turn: int) -> str:
    """The cited passages with their supporting span highlighted; on refusal, close passages as 可能相关."""
    if answer.refused:
        if not answer.related:
            return ""
        items = "".join(f"<div class='related'><b>《{html.escape(c.title)}》</b>{_meta(c)}<p>{html.escape(c.text)}</p>"
                        f"</div>" for c in answer.related)
        return f"<p class='related-label'>可能相关（仅供参考，不是答案的出处）：</p>{items}"
    blocks = []
    for c in answer.citations:
        before = c.text[: c.start - c.passage_start]
        after = c.text[c.end - c.passage_start :]
        body = (f"<mark>{html.escape(c.header)}</mark>" if c.header  # a fact of the document's header: the header
                else f"{html.escape(before)}<mark>{html.escape(c.span)}</mark>{html.escape(after)}")
        blocks.append(f"<div class='source' id='t{turn}-source-{c.n}'><b>[{c.n}] 《{html.escape(c.title)}》</b>"
                      f"{_meta(c)}<p>{body}</p></div>")
    return f"<div class='sources'><p class='sources-label'>出处</p>{''.join(blocks)}</div>" if blocks else ""


def share_text(answer: Answer) -> str:
    """The answer and its sources as plain text, ready to paste into a chat group."""
    lines = [f"问：{answer.question}"]
    if answer.short_answer:
        lines.append(f"答：{answer.short_answer}")
    lines.append(answer.answer if not answer.short_answer else f"原文：{answer.answer}")
    if answer.refused and answer.explanation:
        lines.append(answer.explanation)
    for c in answer.citations:
        lines.append(f"[{c.n}]《{c.title}》" + "，".join(x for x in (c.date, c.source) if x))
    return "\n".join(lines)


def render_rating(log_id: str) -> str:
    """有用 / 有误 / 不完整 under an answer, and a comment box that opens after a click (ui/page.js sends them)."""
    buttons = "".join(f"<button type='button' class='rate-btn' data-rating='{key}'>{name}</button>"
                      for key, name in RATING_NAMES.items())
    return (f"<div class='rate' data-turn='{html.escape(log_id, quote=True)}'><span class='rate-label'>这个回答：</span>"
            f"{buttons}<span class='rate-status'></span><div class='rate-comment' hidden>"
            "<input type='text' class='rate-text' maxlength='500' placeholder='哪里不对或缺了什么？（可不填）'>"
            "<button type='button' class='rate-send'>提交说明</button></div></div>")


def render_answer(answer: Answer, turn: int, titles: list[str] | None = None, log_id: str | None = None) -> str:
    """One answer card: notice, direct answer, items, quotation with links, reason and hints, sources, 复制."""
    kind = "answer-card refused" if answer.refused else "answer-card"
    parts = []
    if answer.notice:
        parts.append(f"<p class='notice'>{html.escape(answer.notice)}</p>")
    if answer.short_answer:
        parts.append(f"<p class='short-answer'><strong>{html.escape(answer.short_answer)}</strong></p>")
    if answer.items:
        items = "".join(f"<li>{html.escape(i.text)}<a class='cite' href='#t{turn}-source-{i.n}'>[{i.n}]</a></li>"
                        for i in answer.items)
        parts.append(f"<ol class='items'>{items}</ol>")
    if "".join(f"{i.text}[{i.n}]" for i in answer.items) != answer.answer:  # items that are not the whole answer
        parts.append(f"<p class='answer-text'>{_cite_links(answer.answer, turn)}</p>")
    if answer.refused:
        if answer.explanation:
            parts.append(f"<p class='reason'>{html.escape(answer.explanation)}</p>")
        covered = "".join(f"<li>《{html.escape(t)}》</li>" for t in (titles or [])[:8])
        parts.append(f"<div class='hints'><p>可以试试：{TRY_NEXT}</p>"
                     + (f"<p>资料库目前收录：</p><ul>{covered}</ul>" if covered else "") + "</div>")
    parts.append(render_sources(answer, turn))
    if not answer.refused:
        parts.append(f"<button class='copy-answer' type='button' data-copy='{html.escape(share_text(answer), quote=True)}'>"
                     "复制</button>")
    if log_id:
        parts.append(render_rating(log_id))
    return f"<div class='{kind}'>{''.join(parts)}</div>"


def render_conversation(turns: list[dict], titles: list[str] | None = None) -> str:
    """Every turn of the conversation; a turn still being answered shows the text streamed so far."""
    if not turns:
        return "<div class='empty'>在下面输入问题，例如点一个示例问题。</div>"
    out = []
    for k, turn in enumerate(turns, start=1):
        question = f"<div class='question'><span class='label'>问</span>{html.escape(turn['question'])}</div>"
        if turn.get("answer") is not None:
            body = render_answer(Answer.model_validate(turn["answer"]), k, titles, turn.get("log_id"))
        elif turn.get("error"):
            body = f"<div class='answer-card error'><p class='answer-text'>出错了：{html.escape(turn['error'])}</p></div>"
        else:
            body = (f"<div class='answer-card pending'><p class='answer-text'>{html.escape(turn.get('partial') or '')}"
                    "<span class='thinking'>正在查找资料……</span></p></div>")
        out.append(f"<div class='turn' id='turn-{k}'>{question}{body}</div>")
    return "".join(out)
