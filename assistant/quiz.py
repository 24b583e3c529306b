"""Quiz generation for trainers: testable facts → questions → checks; only checked questions are kept.

Offline, questions are built from sentences that carry a figure with its unit (3654名, 2.5万元)
or a quoted policy name (“两包三到”). Distractors are elements of the same kind from elsewhere
in the corpus, never one that the source passage also supports.
"""

from __future__ import annotations

import logging
import math
import random
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, Field, ValidationError
from tqdm import tqdm

from assistant.chain import Assistant, passage_citation
from assistant.retrieval import Passage, passage_from_chunks
from assistant.types import QuizQuestion, QuizType
from ingest.chunking import split_sentences_zh

log = logging.getLogger(__name__)
QUIZ_TYPES: tuple[QuizType, ...] = ("single_choice", "fill_blank", "true_false")
LETTERS = "ABCD"
TRUE, FALSE = "正确", "错误"
BLANK = "____"
# A figure with its unit; a four-digit number before 年 is a year, not a figure to test.
_FIGURE = re.compile(r"(?<![\d.X])(\d+(?:\.\d+)?)(万|亿)?(名|个|元|人|户|项|条|次|天|%|年)(?!\d)")
_SLOGAN = re.compile(r"“([^”“]{2,10})”")
_CLAUSE = re.compile(r"[^，,；;。！？!?]+")
_LLM_FAILURES_BEFORE_FALLBACK = 3
_THIN_CLAUSE = 16
_LONG_SENTENCE = 80
CHECKS = ("malformed", "answer_in_source", "distractor_in_source", "stem_gives_answer", "round_trip", "duplicate_fact")


@dataclass
class Fact:
    """A testable element of a sentence: its kind, text and place in the document."""

    kind: str  # "figure:<unit>" or "slogan"
    text: str
    value: float | None
    sentence: str
    sentence_start: int  # document offset
    element_start: int  # offset inside the sentence
    doc_id: str
    title: str


@dataclass
class QuizResult:
    questions: list[QuizQuestion]
    generated: int
    dropped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def quality(self) -> dict:
        return {"generated": self.generated, "kept": len(self.questions),
                "dropped_by_check": {c: self.dropped.get(c, 0) for c in CHECKS},
                "dropped_share": {c: round(self.dropped.get(c, 0) / self.generated, 3) if self.generated else 0.0
                                  for c in CHECKS}}


def correct_option(question: QuizQuestion) -> str:
    """The text of the right answer: the chosen option, the blank's text, or the tested fact."""
    if question.type == "single_choice":
        return question.options[LETTERS.index(question.answer)]
    return question.answer if question.type == "fill_blank" else question.fact


def _figure_value(number: str, multiplier: str | None) -> float:
    return float(number) * {"万": 1e4, "亿": 1e8}.get(multiplier or "", 1)


def find_facts(text: str, doc_id: str, title: str, offset: int = 0) -> list[Fact]:
    """Figures and slogans in the sentences of ``text`` (document offsets start at ``offset``)."""
    facts = []
    for start, end in split_sentences_zh(text, offset):
        sentence = text[start - offset : end - offset]
        if len(sentence) < 12:
            continue
        for m in _FIGURE.finditer(sentence):
            number, multiplier, unit = m.groups()
            if unit == "年" and (len(number) == 4 or "." in number):
                continue
            facts.append(Fact(f"figure:{multiplier or ''}{unit}", m.group(0), _figure_value(number, multiplier),
                              sentence, start, m.start(), doc_id, title))
        for m in _SLOGAN.finditer(sentence):
            facts.append(Fact("slogan", m.group(1), None, sentence, start, m.start(1), doc_id, title))
    return facts


def _distractors(fact: Fact, pool: list[Fact], source_text: str, rng: random.Random) -> list[str]:
    """Three elements of the fact's kind, absent from the source passage; figures of similar magnitude."""
    candidates = {f.text for f in pool if f.kind == fact.kind and f.text != fact.text and f.text not in source_text}
    if fact.kind.startswith("figure"):
        ranked = sorted(candidates, key=lambda t: abs(math.log(max(_value(t), 1e-9) / max(fact.value, 1e-9))))
        chosen = [t for t in ranked if 0.1 <= _value(t) / max(fact.value, 1e-9) <= 10][:3]
        chosen += _perturbed(fact, set(chosen) | {fact.text}, source_text)[: 3 - len(chosen)]
        return chosen
    options = sorted(candidates)
    rng.shuffle(options)
    same_length = sorted(options, key=lambda t: abs(len(t) - len(fact.text)))
    return same_length[:3]


def _value(text: str) -> float:
    m = _FIGURE.match(text)
    return _figure_value(m.group(1), m.group(2)) if m else 0.0


def _perturbed(fact: Fact, taken: set[str], source_text: str) -> list[str]:
    """Figures of the same unit made by scaling the answer, when the corpus has too few of that unit."""
    m = _FIGURE.match(fact.text)
    number, multiplier, unit = m.group(1), m.group(2) or "", m.group(3)
    decimals = len(number.split(".")[1]) if "." in number else 0
    out = []
    for factor in (2, 0.5, 1.5, 3, 0.8):
        scaled = float(number) * factor
        text = f"{scaled:.{decimals}f}{multiplier}{unit}" if decimals else f"{round(scaled)}{multiplier}{unit}"
        if text not in taken and text not in source_text and float(text.rstrip(multiplier + unit)) > 0:
            out.append(text)
            taken.add(text)
    return out


def _clause_with(fact: Fact) -> tuple[str, int]:
    """The clause holding the element, with the previous clause when it alone is too thin to
    understand (从全省抽调多少名干部?), and the element's offset in that text."""
    clauses = list(_CLAUSE.finditer(fact.sentence))
    for i, m in enumerate(clauses):
        if m.start() <= fact.element_start < m.end():
            start = clauses[i - 1].start() if i > 0 and m.end() - m.start() < _THIN_CLAUSE else m.start()
            text = fact.sentence[start : m.end()]
            stripped = len(text) - len(text.lstrip())
            return text.strip(), fact.element_start - start - stripped
    return fact.sentence, fact.element_start


def _window(fact: Fact) -> tuple[str, int]:
    """The sentence, or for a long one the clauses around the element, and the element's offset."""
    if len(fact.sentence) <= _LONG_SENTENCE:
        return fact.sentence, fact.element_start
    clauses = list(_CLAUSE.finditer(fact.sentence))
    i = next(i for i, m in enumerate(clauses) if m.start() <= fact.element_start < m.end())
    start = clauses[max(i - 1, 0)].start()
    end = clauses[min(i + 1, len(clauses) - 1)].end()
    end = end + 1 if end < len(fact.sentence) else end  # keep the punctuation after the last clause
    return fact.sentence[start:end], fact.element_start - start


def _context(fact: Fact) -> str:
    return f"根据《{fact.title}》，"


def _figure_question(fact: Fact) -> str:
    """选派3654名党员干部… → 根据《…》，选派多少名党员干部…？"""
    clause, at = _clause_with(fact)
    m = _FIGURE.match(clause, at)
    asked = f"多少{m.group(2) or ''}{m.group(3)}" if m.group(3) != "%" else "百分之多少"
    return _context(fact) + clause[:at] + asked + clause[m.end():] + "？"


def _blanked(fact: Fact) -> str:
    """The sentence (or the clauses around the element) with the element replaced by a blank."""
    text, at = _window(fact)
    return _context(fact) + text[:at] + BLANK + text[at + len(fact.text):]


def build_question(fact: Fact, kind: QuizType, distractors: list[str], passage: Passage,
                   rng: random.Random, number: int) -> QuizQuestion:
    citation = passage_citation(1, passage, fact.sentence_start, fact.sentence_start + len(fact.sentence))
    explanation = f"原文：“{fact.sentence}”"
    if kind == "fill_blank":
        return QuizQuestion(id=f"q{number}", type=kind, stem=_blanked(fact), answer=fact.text,
                            explanation=explanation, citation=citation, fact=fact.text)
    if kind == "single_choice":
        options = [fact.text, *distractors[:3]]
        rng.shuffle(options)
        stem = _figure_question(fact) if fact.kind.startswith("figure") else \
            _blanked(fact).rstrip(",，;；。") + "。空白处应填入的是？"
        return QuizQuestion(id=f"q{number}", type=kind, stem=stem, options=options,
                            answer=LETTERS[options.index(fact.text)], explanation=explanation,
                            citation=citation, fact=fact.text)
    truthful = rng.random() < 0.5 or not distractors
    shown = fact.text if truthful else distractors[0]
    clause, at = _clause_with(fact)
    statement = _context(fact) + clause[:at] + shown + clause[at + len(fact.text):] + "。"
    return QuizQuestion(id=f"q{number}", type=kind, stem=statement, options=[TRUE, FALSE],
                        answer=TRUE if truthful else FALSE,
                        explanation=explanation + ("" if truthful else f"（应为“{fact.text}”）"),
                        citation=citation, fact=fact.text)


class LLMQuizItem(BaseModel):
    """The JSON a model must return for one question (prompts/quiz.md)."""

    stem: str = Field(min_length=4)
    options: list[str]
    answer: str = Field(min_length=1)
    explanation: str = ""


def llm_question(llm, fact: Fact, kind: QuizType, passage: Passage, number: int) -> QuizQuestion | None:
    """A question written by the model about ``fact``; None if its output is malformed twice."""
    from langchain_core.messages import HumanMessage

    from assistant.prompts import render_prompt
    from assistant.quiz_export import TYPE_NAMES

    prompt = render_prompt("quiz", type_name=TYPE_NAMES[kind], fact=fact.text, title=fact.title, passage=passage.text)
    for _ in range(2):  # one retry on malformed output
        try:
            raw = str(llm.invoke([HumanMessage(prompt)]).content)
            match = re.search(r"\{.*\}", raw, re.DOTALL)
            item = LLMQuizItem.model_validate_json(match.group(0) if match else raw)
        except (ValidationError, ValueError):
            continue
        except Exception as exc:  # noqa: BLE001 - a server failure skips this question, not the quiz
            log.warning("quiz LLM call failed: %s", exc)
            return None
        options = item.options
        if kind == "single_choice" and (len(options) != 4 or item.answer not in options):
            continue
        if kind == "true_false" and item.answer not in (TRUE, FALSE):
            continue
        citation = passage_citation(1, passage, fact.sentence_start, fact.sentence_start + len(fact.sentence))
        answer = LETTERS[options.index(item.answer)] if kind == "single_choice" else item.answer
        tested = item.answer if kind != "true_false" else fact.text
        return QuizQuestion(id=f"q{number}", type=kind, stem=item.stem,
                            options=options if kind != "true_false" else [TRUE, FALSE], answer=answer,
                            explanation=item.explanation or f"原文：“{fact.sentence}”", citation=citation,
                            fact=tested)
    return None


def failed_check(question: QuizQuestion, distractors: list[str], assistant: Assistant, seen: set[tuple]) -> str | None:
    """The first check the question fails, or None if it passes them all."""
    source = question.citation.text
    if question.fact not in source:
        return "answer_in_source"
    if question.type == "single_choice" and (len(distractors) < 3 or any(d in source for d in distractors[:3])):
        return "distractor_in_source"
    made_false = question.type == "true_false" and question.answer == FALSE
    if made_false and distractors and distractors[0] in source:
        return "distractor_in_source"
    if (question.type != "true_false" or made_false) and question.fact in question.stem:
        return "stem_gives_answer"
    probe = question.stem.replace(BLANK, "")
    hits = assistant.retriever.search(probe, k=5)
    c = question.citation
    if not any(p.doc_id == c.doc_id and p.start < c.end and p.end > c.start for p in hits):
        return "round_trip"
    key = (c.doc_id, question.fact)
    if key in seen:
        return "duplicate_fact"
    seen.add(key)
    return None


def _passage_for(assistant: Assistant, fact: Fact) -> Passage | None:
    """The chunk holding the fact's sentence (merged with its neighbours if the sentence crosses one);
    None for a heading line, which no chunk holds."""
    index = assistant.index
    end = fact.sentence_start + len(fact.sentence)
    members = index.chunks_overlapping(fact.doc_id, fact.sentence_start, end)
    return passage_from_chunks(index, members) if members else None


def candidate_facts(assistant: Assistant, *, topic: str | None = None, docs: Sequence[str] | None = None) -> list[Fact]:
    index = assistant.index
    if topic:
        spans = [(p.doc_id, p.start, p.end) for p in assistant.retriever.search(topic, k=12)]
    else:
        wanted = set(docs) if docs else set(index.documents)
        unknown = wanted - set(index.documents)
        if unknown:
            from assistant.errors import CadreError

            raise CadreError(f"unknown documents {sorted(unknown)}",
                             help_message=f"资料库中没有这些文档：{'、'.join(sorted(unknown))}")
        spans = [(d, 0, len(index.documents[d].text)) for d in sorted(wanted)]
    facts = []
    for doc_id, start, end in spans:
        doc = index.documents[doc_id]
        body_start = max(start, len(doc.title) + 1)  # the title is context, not a fact to test
        offset = body_start
        for line in doc.text[body_start:end].split("\n"):
            facts += find_facts(line, doc_id, doc.title, offset)
            offset += len(line) + 1
    return facts


def generate_quiz(assistant: Assistant, *, n: int = 10, types: Sequence[QuizType] = QUIZ_TYPES,
                  topic: str | None = None, docs: Sequence[str] | None = None, seed: int = 0,
                  show_progress: bool = False) -> QuizResult:
    """Up to ``n`` checked questions, types mixed in turn; the same seed gives the same quiz."""
    rng = random.Random(seed)
    pool = candidate_facts(assistant)  # distractors come from the whole corpus
    facts = candidate_facts(assistant, topic=topic, docs=docs) if topic or docs else list(pool)
    rng.shuffle(facts)
    result = QuizResult(questions=[], generated=0)
    seen: set[tuple] = set()
    use_llm, failures = assistant.llm is not None, 0
    with tqdm(total=n, desc="出题", unit="题", disable=not show_progress, file=sys.stderr) as bar:
        for fact in facts:
            if len(result.questions) >= n:
                break
            kind = types[len(result.questions) % len(types)]
            passage = _passage_for(assistant, fact)
            if passage is None:
                continue
            number = len(result.questions) + 1
            result.generated += 1
            if use_llm:
                question = llm_question(assistant.llm, fact, kind, passage, number)
                if question is None:
                    result.dropped["malformed"] += 1
                    result.notes.append(f"skipped: the model's output for “{fact.text}” was malformed twice")
                    failures += 1
                    if failures >= _LLM_FAILURES_BEFORE_FALLBACK:
                        use_llm = False
                        result.notes.append("the model kept failing; the remaining questions are built offline")
                    continue
                failures = 0
                distractors = ([o for o in question.options if o != correct_option(question)]
                               if question.type == "single_choice" else [])
            else:
                distractors = _distractors(fact, pool, passage.text, rng)
                question = build_question(fact, kind, distractors, passage, rng, number)
            problem = failed_check(question, distractors, assistant, seen)
            if problem:
                result.dropped[problem] += 1
                continue
            result.questions.append(question)
            bar.update(1)
    return result
