"""What the log says for the people who run the training: questions per day, refusals over time, the topics
asked about, the unanswered questions grouped by similarity (the knowledge gaps), the answers rated wrong.

Pure functions over the rows ``LogStore.turns()`` returns, so the 使用情况 tab, the CLI and the tests share them.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import numpy as np

from core.records import RATING_NAMES

# Two questions belong to one gap when their e5 query vectors are this close. Hand-set for display (e5 cosines of
# unrelated Chinese questions sit around 0.75-0.85, rewordings of one question above 0.9); nothing is decided by it.
GAP_SIMILARITY = 0.9
# Words that ask rather than name a topic (多少, 怎么, 哪些).
_ASKING = re.compile(r"多少|什么|哪|几|谁|怎|如何|为何|为什么|是否|有没有|能否|可以")
EXPORT_COLUMNS = ("asked_at", "user", "question", "standalone_question", "short_answer", "answer", "refused",
                  "refusal_reason", "confidence", "answerer", "latency_ms", "index_version", "rating", "comment",
                  "sources")
COLUMN_NAMES = {"asked_at": "时间", "user": "用户", "question": "问题", "standalone_question": "补全后的问题",
                "short_answer": "直接答案", "answer": "回答", "refused": "是否拒答", "refusal_reason": "拒答原因",
                "confidence": "把握", "answerer": "回答方式", "latency_ms": "用时（毫秒）", "index_version": "资料库版本",
                "rating": "评价", "comment": "评语", "sources": "出处"}


def per_day(rows: list[dict]) -> list[tuple[date, int, float]]:
    """(day, questions, share refused) for every day with a question, in order."""
    days: dict[date, list[bool]] = defaultdict(list)
    for row in rows:
        days[row["asked_at"].date()].append(row["refused"])
    return [(day, len(flags), sum(flags) / len(flags)) for day, flags in sorted(days.items())]


def topics(rows: list[dict], k: int = 15) -> list[tuple[str, int]]:
    """The words most asked about (jieba's TF-IDF keywords of each question, counted over questions)."""
    import jieba.analyse

    counts: Counter = Counter()
    for row in rows:
        words = jieba.analyse.extract_tags(row["standalone_question"] or row["question"], topK=6)
        counts.update({w for w in words if len(w) >= 2 and not _ASKING.search(w)})
    return counts.most_common(k)


def knowledge_gaps(rows: list[dict], embed) -> list[list[dict]]:
    """The refused questions grouped by similarity, largest group first: each group is a gap in the documents.
    ``embed`` maps a list of questions to unit vectors (the assistant's ``embeddings.embed_documents``)."""
    refused = [row for row in rows if row["refused"]]
    if not refused:
        return []
    vectors = np.asarray(embed([row["standalone_question"] or row["question"] for row in refused]), dtype=np.float32)
    groups: list[list[int]] = []
    centres: list[np.ndarray] = []
    for i, vector in enumerate(vectors):
        scores = [float(vector @ c) for c in centres]
        best = int(np.argmax(scores)) if scores else -1
        if best >= 0 and scores[best] >= GAP_SIMILARITY:
            groups[best].append(i)
            centre = vectors[groups[best]].mean(axis=0)
            centres[best] = centre / np.linalg.norm(centre)
        else:
            groups.append([i])
            centres.append(vector)
    return sorted(([refused[i] for i in group] for group in groups), key=lambda g: (-len(g), g[0]["asked_at"]))


def rated(rows: list[dict], rating: str = "wrong") -> list[dict]:
    return [row for row in rows if row["rating"] == rating]


def _sources(row: dict) -> str:
    return "；".join(f"[{c['n']}]《{c['title']}》{c['span']}" for c in row["citations"])


def export_rows(rows: list[dict]) -> list[dict]:
    """Rows for CSV/XLSX: Chinese headers, times in local ISO form, sources as text."""
    out = []
    for row in rows:
        values = {**row, "asked_at": row["asked_at"].astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                  "refused": "是" if row["refused"] else "否", "rating": RATING_NAMES.get(row["rating"] or "", ""),
                  "sources": _sources(row), "user": row["user"] or ""}
        out.append({COLUMN_NAMES[c]: values[c] for c in EXPORT_COLUMNS})
    return out


def to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[COLUMN_NAMES[c] for c in EXPORT_COLUMNS])
    writer.writeheader()
    writer.writerows(export_rows(rows))
    return buffer.getvalue()


def to_xlsx(rows: list[dict], path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "对话记录"
    header = [COLUMN_NAMES[c] for c in EXPORT_COLUMNS]
    sheet.append(header)
    for row in export_rows(rows):
        sheet.append([row[h] for h in header])
    for column, width in zip("ABCDEFGHIJKLMNO", (20, 10, 40, 40, 16, 60, 8, 14, 8, 10, 10, 28, 8, 30, 60)):
        sheet.column_dimensions[column].width = width
    book.save(str(path))
    return Path(path)


def parse_day(text: str | None) -> datetime | None:
    """YYYY-MM-DD as the start of that day in local time, or None for an empty filter."""
    if not text or not text.strip():
        return None
    from core.errors import CadreError

    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").astimezone()
    except ValueError as exc:
        raise CadreError(f"bad date {text}", help_message=f"日期格式应为 年-月-日，例如 2026-11-01（收到：{text}）") from exc
