"""The nouns of the pipeline: Document → Chunk → Passage (assistant/retrieval.py, scored) → Citation / Answer."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Script = Literal["simplified", "traditional", "mixed", "none"]


class DocumentMeta(BaseModel):
    """What we know about a source document, without its text."""

    doc_id: str = Field(description="File name relative to the corpus folder; stable across re-ingests.")
    title: str
    date: str | None = None
    source: str | None = None
    author: str | None = None
    script: Script = "none"
    content_hash: str = Field(description="SHA-256 of the file's bytes.")
    n_chars: int = 0
    n_chunks: int = 0


class Document(DocumentMeta):
    """A cleaned document: Simplified script, boilerplate removed; citations point into ``text``."""

    text: str


class Chunk(BaseModel):
    """A contiguous span ``[start, end)`` of a document's cleaned text."""

    chunk_id: str
    doc_id: str
    title: str
    section: str = ""
    start: int
    end: int
    text: str
    date: str | None = None
    source: str | None = None

    def keyword_text(self) -> str:
        """What BM25 indexes: the chunk with its title and section, so 山西 or 第一书记 in a heading count.

        The dense model sees ``text`` alone: on the sample corpus, adding the heading
        lowered dense top-1 on hand-written questions (tests/data/dense_pairs.json).
        """
        heading = " ".join(part for part in (self.title, self.section) if part)
        return f"{heading}\n{self.text}" if heading else self.text


REFUSAL = "资料中没有找到相关内容"
"""The one refusal sentence, shared by prompts, code and tests."""
MISSING_PART = "资料中没有找到"
"""Opens the sentence that names the parts of a question the documents do not answer (a statement about the
documents, not a quotation: faithfulness does not count it)."""
LLM_UNAVAILABLE_NOTE = "llm unavailable"
Answerer = Literal["extractive", "llm"]
Degraded = Literal["llm_unavailable"]
DEGRADED_NOTICES: dict[str, str] = {"llm_unavailable": "大模型服务暂时不可用，以下为资料原文摘录。"}
NOTHING_MORE = "资料中没有比上面更具体的内容，相关原文就是："
"""Opens a follow-up's answer when the documents hold nothing the earlier answer did not already quote."""


class Citation(BaseModel):
    """A numbered passage an answer rests on, with the exact supporting span."""

    n: int
    doc_id: str
    title: str
    date: str | None = None
    source: str | None = None
    section: str = ""
    chunk_id: str
    text: str = Field(description="The whole cited passage.")
    passage_start: int
    passage_end: int
    span: str = Field(description="The part of the passage that supports the answer.")
    start: int = Field(description="Offset of the span in the cleaned document text.")
    end: int
    header: str = Field(default="", description="The document's own header line (title, source, date, author) when "
                        "the answer quotes it: 这篇报道是哪家报纸发的 is answered from it, not from the passage.")


class AnswerItem(BaseModel):
    """One item of a list answer: a verbatim piece of the cited passage ``n``."""

    text: str
    n: int


class Answer(BaseModel):
    question: str
    standalone_question: str = Field(description="The question after resolving it against the history.")
    answer: str = Field(description="Answer text with inline markers [1], [2]…, or the refusal sentence.")
    refused: bool
    confidence: float
    citations: list[Citation] = Field(default_factory=list)
    related: list[Citation] = Field(
        default_factory=list, description="On refusal: the closest passages, shown as 可能相关, not as sources."
    )
    retrieved: list[Citation] = Field(
        default_factory=list, description="Every passage retrieved for the question, best first (a two-part question's "
        "parts taken in turn): what the decision and the answer were made from, numbered by rank. Evaluation ranks "
        "them; the page does not show them."
    )
    refusal_reason: str | None = Field(
        default=None, description="Why the assistant refused (assistant/assess.py RefusalReason), else None.")
    explanation: str = Field(default="", description="On refusal: the reason in one sentence for the user.")
    short_answer: str | None = Field(
        default=None, description="The figure, date, name or clause asked for, cut verbatim from a cited span "
                                  "(assistant/direct.py); None when the question asks for no single element.")
    items: list[AnswerItem] = Field(default_factory=list, description="For list questions: the items, each with "
                                    "its citation number, verbatim from the cited passages.")
    answerer: Answerer = "extractive"
    degraded: Degraded | None = Field(
        default=None, description="Set when the configured way of answering could not be used for this answer.")
    notes: list[str] = Field(default_factory=list, description="What the verification layer changed, if anything.")

    @property
    def notice(self) -> str | None:
        """The sentence the user reads above a degraded answer."""
        return DEGRADED_NOTICES.get(self.degraded) if self.degraded else None


Rating = Literal["useful", "wrong", "incomplete"]
RATING_NAMES: dict[str, str] = {"useful": "有用", "wrong": "有误", "incomplete": "不完整"}
"""How a reader rates an answer on the page, and the words the page shows for it."""

QuizType = Literal["single_choice", "multiple_choice", "fill_blank", "true_false"]
QuizFormat = Literal["md", "docx", "csv", "json"]  # how a quiz is exported for a class
QuizTests = Literal["enumeration", "role", "duty", "figure", "place", "wording"]
Difficulty = Literal["easy", "medium", "hard"]


class QuizQuestion(BaseModel):
    """A checked quiz question with its answer key and the passage it comes from."""

    id: str
    type: QuizType
    stem: str
    options: list[str] = Field(
        default_factory=list, description="Four options for single and multiple choice; 正确/错误 for true/false.")
    answer: str = Field(description="Option letter(s) (ABD for multiple choice), the blank's text, or 正确/错误.")
    explanation: str = Field(description="A short explanation quoting the source.")
    citation: Citation
    fact: str = Field(description="The tested element (a figure, an enumeration's name, a measure…); "
                                  "two questions never test one fact.")
    tests: QuizTests = Field(default="wording", description="What the question tests: policy substance "
                             "(enumeration, role, duty, figure, place) or the wording of a quoted phrase.")
    evidence: list[str] = Field(default_factory=list, description="The texts of the cited span that decide "
                                "the answer (the right options, or for 下列哪一项不… the listed ones).")
    negated: bool = Field(default=False, description="The stem asks which option is NOT in the source (下列哪一项不…).")
    difficulty: Difficulty = "medium"
