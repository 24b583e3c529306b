"""Quiz exports: Markdown and Word (paper first, answer key with sources after it), CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Literal

from assistant.types import QuizQuestion

Format = Literal["md", "docx", "csv", "json"]
TYPE_NAMES = {"single_choice": "单项选择题", "fill_blank": "填空题", "true_false": "判断题"}
CSV_FIELDS = ("id", "type", "stem", "option_a", "option_b", "option_c", "option_d", "answer", "explanation",
              "source_title", "source_date", "source_doc", "source_passage", "quiz_json")


def _paper_lines(question: QuizQuestion, number: int) -> list[str]:
    lines = [f"{number}. {question.stem}"]
    if question.type == "single_choice":
        lines += [f"   {letter}. {option}" for letter, option in zip("ABCD", question.options)]
    elif question.type == "true_false":
        lines.append("   （  ）正确  （  ）错误")
    return lines


def _key_lines(question: QuizQuestion, number: int) -> list[str]:
    c = question.citation
    source = "，".join(x for x in (f"《{c.title}》", c.date, c.section) if x)
    return [f"{number}. 答案：{question.answer}", f"   解析：{question.explanation}", f"   出处：{source}"]


def to_markdown(questions: list[QuizQuestion], title: str = "学习测验") -> str:
    lines = [f"# {title}", "", f"共 {len(questions)} 题。", ""]
    for number, q in enumerate(questions, start=1):
        lines += [f"**（{TYPE_NAMES[q.type]}）**", *_paper_lines(q, number), ""]
    lines += ["---", "", "## 答案与出处", ""]
    for number, q in enumerate(questions, start=1):
        lines += [*_key_lines(q, number), ""]
    return "\n".join(lines)


def to_docx(questions: list[QuizQuestion], path: Path, title: str = "学习测验") -> None:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for number, q in enumerate(questions, start=1):
        lines = _paper_lines(q, number)
        document.add_paragraph(f"（{TYPE_NAMES[q.type]}）{lines[0]}")
        for line in lines[1:]:
            document.add_paragraph(line.strip())
    document.add_page_break()  # the key starts on its own page, so it can be torn off
    document.add_heading("答案与出处", level=1)
    for number, q in enumerate(questions, start=1):
        for line in _key_lines(q, number):
            document.add_paragraph(line.strip())
    document.save(str(path))


def to_csv(questions: list[QuizQuestion]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for q in questions:
        options = (q.options + [""] * 4)[:4] if q.type == "single_choice" else [""] * 4
        writer.writerow({"id": q.id, "type": q.type, "stem": q.stem, "option_a": options[0], "option_b": options[1],
                         "option_c": options[2], "option_d": options[3], "answer": q.answer,
                         "explanation": q.explanation, "source_title": q.citation.title,
                         "source_date": q.citation.date or "", "source_doc": q.citation.doc_id,
                         "source_passage": q.citation.text, "quiz_json": q.model_dump_json()})
    return buffer.getvalue()


def read_csv(text: str) -> list[QuizQuestion]:
    return [QuizQuestion.model_validate_json(row["quiz_json"]) for row in csv.DictReader(io.StringIO(text))]


def to_json(questions: list[QuizQuestion]) -> str:
    return json.dumps([q.model_dump() for q in questions], ensure_ascii=False, indent=2)


def read_json(text: str) -> list[QuizQuestion]:
    return [QuizQuestion.model_validate(item) for item in json.loads(text)]


def export(questions: list[QuizQuestion], path: Path, fmt: Format, title: str = "学习测验") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "docx":
        to_docx(questions, path, title)
    elif fmt == "md":
        path.write_text(to_markdown(questions, title), encoding="utf-8")
    elif fmt == "csv":
        path.write_text(to_csv(questions), encoding="utf-8-sig")  # with BOM so Excel reads the Chinese
    else:
        path.write_text(to_json(questions), encoding="utf-8")
    return path
