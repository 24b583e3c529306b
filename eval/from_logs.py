"""Logged questions → rows of the evaluation dataset: the loop from a real unanswered or badly rated question to a
regression case.

A refused question becomes an ``unanswerable`` row, a question rated 有误 or 不完整 too, each marked ``review`` with
what an admin should confirm or fill: if the documents do hold the answer, the reference answer, ``doc`` and
``evidence`` are filled in and ``type`` changed; if not, the row stays unanswerable and guards against invented
answers. ``now_answered`` re-asks them against the current index: after a document is added, it shows which
formerly unanswered questions the knowledge base now answers.
"""

from __future__ import annotations

import json
from pathlib import Path

from core.records import RATING_NAMES

REVIEW_REFUSED = "资料中没有找到：若资料其实有答案，请填写 answer、doc、evidence 并把 type 改为 fact；否则保留为 unanswerable。"
REVIEW_RATED = "读者评价为“{rating}”：请填写标准答案 answer 及出处 doc、evidence，并把 type 改为 fact；资料确实没有的保留为 unanswerable。"


def eval_rows(turns: list[dict]) -> list[dict]:
    """One dataset row per distinct question (the standalone form, so follow-ups stand on their own)."""
    rows, seen = [], set()
    for turn in turns:
        question = turn["standalone_question"] or turn["question"]
        if question in seen:
            continue
        seen.add(question)
        review = REVIEW_REFUSED if turn["refused"] else REVIEW_RATED.format(rating=RATING_NAMES.get(turn["rating"],
                                                                                                    "有误"))
        rows.append({"id": f"log-{turn['id'][:8]}", "question": question, "answer": "", "doc": None,
                     "evidence": None, "type": "unanswerable", "review": review,
                     "logged_answer": turn["answer"], "asked_at": turn["asked_at"].isoformat(),
                     "comment": turn.get("comment") or ""})
    return rows


def write_jsonl(rows: list[dict], path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def now_answered(rows: list[dict], assistant) -> list[tuple[str, str]]:
    """The rows' questions the assistant answers today, with the answer's first line."""
    out = []
    for row in rows:
        answer = assistant.answer(row["question"])
        if not answer.refused:
            out.append((row["question"], (answer.short_answer or answer.answer).splitlines()[0]))
    return out
