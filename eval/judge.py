"""LLM-judged faithfulness in the RAGAS sense: claims extracted from the answer, each checked against its sources."""

from __future__ import annotations

import json
import logging
import re

from langchain_core.messages import HumanMessage

from assistant.prompts import render_prompt
from core.records import Answer
from eval.metrics import answer_text

log = logging.getLogger(__name__)
_JSON_LIST = re.compile(r"\[.*\]", re.DOTALL)


def parse_verdicts(text: str) -> list[bool] | None:
    """The ``supported`` flags of the judge's JSON list, or None if the output is not such a list."""
    match = _JSON_LIST.search(text)
    if not match:
        return None
    try:
        items = json.loads(match.group(0))
    except json.JSONDecodeError:
        return None
    if not isinstance(items, list) or not all(isinstance(i, dict) and "supported" in i for i in items):
        return None
    return [bool(i["supported"]) for i in items]


def make_judge(llm):
    """A function Answer → share of supported claims (None when the judge's output is unusable)."""
    def judge(answer: Answer) -> float | None:
        passages = "\n\n".join(f"[{c.n}] {c.text}" for c in answer.citations)
        prompt = render_prompt("judge", passages=passages, answer=answer_text(answer))
        for _ in range(2):  # one retry on malformed output
            try:
                verdicts = parse_verdicts(str(llm.invoke([HumanMessage(prompt)]).content))
            except Exception as exc:  # noqa: BLE001 - a judge failure must not stop the evaluation
                log.warning("judge call failed: %s", exc)
                return None
            if verdicts:
                return sum(verdicts) / len(verdicts)
        return None

    return judge
