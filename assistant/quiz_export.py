"""Quiz exports: a paper a trainer can print (Word, Markdown), with the answer key and sources after it; CSV, JSON.

The paper follows the layout of a Chinese class test: a title, a line for 姓名/单位/得分, one numbered section per
question type (一、单项选择题 …) with continuous question numbers, （　　） for the answer of choice and true/false
items, and the key on its own page so it can be torn off.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from core.records import QuizFormat, QuizQuestion

Format = QuizFormat
TYPE_NAMES = {"single_choice": "单项选择题", "multiple_choice": "多项选择题", "fill_blank": "填空题",
              "true_false": "判断题"}
SECTION_NUMBERS = "一二三四五六"
DIFFICULTY_NAMES = {"easy": "易", "medium": "中", "hard": "难"}
ANSWER_BOX = "（　　）"
PRINTED_BLANK = "__________"  # long enough to write an answer in by hand
INFO_LINE = "姓名：__________　　单位：__________　　日期：__________　　得分：__________"
KEY_TITLE = "答案与出处"
CSV_FIELDS = ("id", "type", "stem", "option_a", "option_b", "option_c", "option_d", "answer", "explanation",
              "tests", "difficulty", "source_title", "source_date", "source_doc", "source_passage", "quiz_json")
_LINE_CHARS = 38  # Chinese characters on one line of A4 at 11 pt with the options' indent


def sections(questions: list[QuizQuestion]) -> list[tuple[str, list[tuple[int, QuizQuestion]]]]:
    """The paper's sections in order (一、单项选择题（共5题）…), each with its continuously numbered questions."""
    out, number = [], 0
    for kind, name in TYPE_NAMES.items():
        items = [q for q in questions if q.type == kind]
        if not items:
            continue
        heading = f"{SECTION_NUMBERS[len(out)]}、{name}（共 {len(items)} 题）"
        numbered = []
        for q in items:
            number += 1
            numbered.append((number, q))
        out.append((heading, numbered))
    return out


def instructions(questions: list[QuizQuestion]) -> str:
    hint = "多项选择题有两个或两个以上正确选项；" if any(q.type == "multiple_choice" for q in questions) else ""
    return f"说明：本卷共 {len(questions)} 题，全部依据学习资料原文命题。{hint}请在括号内填写选项字母或作出判断，在横线上填写答案。"


def stem_line(question: QuizQuestion, number: int) -> str:
    box = "" if question.type == "fill_blank" else ANSWER_BOX
    return f"{number}. {question.stem.replace('____', PRINTED_BLANK)}{box}"


def option_lines(question: QuizQuestion) -> list[str]:
    """The options as a printed paper sets them: four on a line, two on a line, or one per line by length."""
    if question.type not in ("single_choice", "multiple_choice"):
        return []
    labelled = [f"{letter}. {option}" for letter, option in zip("ABCD", question.options)]
    widest = max(len(o) for o in labelled)
    if sum(len(o) for o in labelled) + 2 * 3 <= _LINE_CHARS:
        return ["　　".join(labelled)]
    if 2 * widest + 2 <= _LINE_CHARS:
        return ["　　".join(o.ljust(widest, "　") for o in pair) for pair in (labelled[:2], labelled[2:])]
    return labelled


def source_text(question: QuizQuestion) -> str:
    c = question.citation
    return "，".join(x for x in (f"《{c.title}》", c.date, c.section) if x)


def key_lines(question: QuizQuestion, number: int) -> list[str]:
    return [f"{number}. 答案：{question.answer}（{DIFFICULTY_NAMES[question.difficulty]}）",
            f"解析：{question.explanation}", f"出处：{source_text(question)}"]


def to_markdown(questions: list[QuizQuestion], title: str = "学习测验") -> str:
    lines = [f"# {title}", "", INFO_LINE, "", instructions(questions), ""]
    for heading, numbered in sections(questions):
        lines += [f"## {heading}", ""]
        for number, q in numbered:
            lines += [stem_line(q, number), *[f"   {line}" for line in option_lines(q)], ""]
    lines += ["---", "", f"## {KEY_TITLE}", ""]
    for heading, numbered in sections(questions):
        lines += [f"### {heading}", ""]
        for number, q in numbered:
            first, *rest = key_lines(q, number)
            lines += [first, *[f"   {line}" for line in rest], ""]
    return "\n".join(lines)


def _set_chinese_font(style, name: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = name
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _page_number_footer(document) -> None:
    """第 N 页 in the footer, so loose printed pages can be put back in order."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("第 ")
    run = paragraph.add_run()
    for tag, attrs, text in (("w:fldChar", {"w:fldCharType": "begin"}, None),
                             ("w:instrText", {"xml:space": "preserve"}, "PAGE"),
                             ("w:fldChar", {"w:fldCharType": "end"}, None)):
        element = OxmlElement(tag)
        for key, value in attrs.items():
            element.set(qn(key), value)
        if text:
            element.text = text
        run._r.append(element)
    paragraph.add_run(" 页")


def to_docx(questions: list[QuizQuestion], path: Path, title: str = "学习测验") -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    page = document.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)  # A4, what county offices print on
    page.left_margin = page.right_margin = Cm(2.2)
    page.top_margin = page.bottom_margin = Cm(2.0)
    _set_chinese_font(document.styles["Normal"], "宋体", 11)
    _set_chinese_font(document.styles["Title"], "黑体", 18, bold=True)
    _set_chinese_font(document.styles["Heading 1"], "黑体", 13, bold=True)
    _set_chinese_font(document.styles["Heading 2"], "黑体", 12, bold=True)
    for name in ("Title", "Heading 1", "Heading 2"):
        document.styles[name].font.color.rgb = None
    _page_number_footer(document)

    heading = document.add_paragraph(title, style="Title")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    info = document.add_paragraph(INFO_LINE)
    info.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(instructions(questions)).runs[0].font.size = Pt(10)
    for section_heading, numbered in sections(questions):
        document.add_paragraph(section_heading, style="Heading 1")
        for number, q in numbered:
            stem = document.add_paragraph(stem_line(q, number))
            stem.paragraph_format.space_before = Pt(6)
            stem.paragraph_format.left_indent = Cm(0.6)
            stem.paragraph_format.first_line_indent = Cm(-0.6)
            for line in option_lines(q):
                option = document.add_paragraph(line)
                option.paragraph_format.left_indent = Cm(0.9)
                option.paragraph_format.space_after = Pt(0)
    document.add_page_break()  # the key starts on its own page, so it can be torn off
    document.add_paragraph(KEY_TITLE, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section_heading, numbered in sections(questions):
        document.add_paragraph(section_heading, style="Heading 2")
        for number, q in numbered:
            first, *rest = key_lines(q, number)
            document.add_paragraph(first).runs[0].bold = True
            for line in rest:
                detail = document.add_paragraph(line)
                detail.paragraph_format.left_indent = Cm(0.6)
                detail.paragraph_format.space_after = Pt(0)
                detail.runs[0].font.size = Pt(10)
    document.save(str(path))


def to_csv(questions: list[QuizQuestion]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for q in questions:
        choice = q.type in ("single_choice", "multiple_choice")
        options = (q.options + [""] * 4)[:4] if choice else [""] * 4
        writer.writerow({"id": q.id, "type": q.type, "stem": q.stem, "option_a": options[0], "option_b": options[1],
                         "option_c": options[2], "option_d": options[3], "answer": q.answer,
                         "explanation": q.explanation, "tests": q.tests, "difficulty": q.difficulty,
                         "source_title": q.citation.title, "source_date": q.citation.date or "",
                         "source_doc": q.citation.doc_id, "source_passage": q.citation.text,
                         "quiz_json": q.model_dump_json()})
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
