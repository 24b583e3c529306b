"""Quiz generation for trainers: facts from the documents' structure → questions → checks → a balanced paper.

Offline, questions test policy substance first (assistant/quiz_facts.py): the members of a named set
(“三大基础”包括哪几项), what a measure is made (把什么作为…的底线), figures with their subject, which place
runs which measure; blanked slogans fill in only when a document has nothing else left. Wrong options are
things of the same kind taken from the corpus — members of a sibling set, other places' measures, figures
of the same unit and size — never made-up strings, and each is checked absent from the source passage.
"""

from __future__ import annotations

import bisect
import copy
import functools
import logging
import math
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

from pydantic import BaseModel, Field, ValidationError
from tqdm import tqdm

from assistant.answering import Assistant
from assistant.quiz_facts import FIGURE, LEVEL_ACTOR, SUBSTANCE, Fact, document_facts, figure_value
from assistant.retrieval import HybridRetriever, Passage, passage_from_chunks
from core.records import Difficulty, QuizQuestion, QuizType
from ingest.chunking import split_sentences_zh
from ingest.index import KnowledgeIndex

log = logging.getLogger(__name__)
QUIZ_TYPES: tuple[QuizType, ...] = get_args(QuizType)
PAPER_ORDER = QUIZ_TYPES  # a printed paper: 单选, 多选, 填空, 判断
Spread = Literal["length", "even"]
LETTERS = "ABCD"
TRUE, FALSE = "正确", "错误"
BLANK = "____"
ANYWHERE = "根据学习资料，"
_CLAUSE = re.compile(r"[^，,；;。！？!?]+")
_LLM_FAILURES_BEFORE_FALLBACK = 3
_THIN_CLAUSE = 16
_LONG_SENTENCE = 80
_FILL_MEMBERS_MAX, _FILL_MEMBER_CHARS = 5, 16
CHECKS = ("malformed", "answer_in_source", "distractor_in_source", "stem_gives_answer", "incomplete_stem",
          "round_trip", "duplicate_fact", "same_sentence", "gives_away_other")
# Which question types each kind of fact can become; the first is the most natural one.
TYPES_OF: dict[str, tuple[QuizType, ...]] = {
    "enumeration": ("single_choice", "multiple_choice", "true_false", "fill_blank"),
    "role": ("single_choice", "fill_blank", "true_false"),
    "duty": ("single_choice", "true_false"),
    "figure": ("single_choice", "fill_blank", "true_false"),
    "place": ("single_choice", "true_false"),
    # Re-quoting a slogan's sentence as a true/false statement tests nothing: wording stays blank or choice.
    "wording": ("fill_blank", "single_choice"),
}
DIFFICULTY: dict[QuizType, Difficulty] = {"true_false": "easy", "single_choice": "medium",
                                          "multiple_choice": "hard", "fill_blank": "hard"}


@dataclass
class QuizResult:
    questions: list[QuizQuestion]
    generated: int
    dropped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One sentence for the trainer: how many items, on substance, over how many documents, how checked."""
        substance = sum(q.tests in SUBSTANCE for q in self.questions)
        documents = len({q.citation.doc_id for q in self.questions})
        return (f"共 {len(self.questions)} 题，其中考政策实质（措施、数字、职责、地方做法）{substance} 题，"
                f"出自 {documents} 篇文档；候选 {self.generated} 题，未通过核对的已淘汰。")

    def quality(self) -> dict:
        return {"generated": self.generated, "kept": len(self.questions),
                "dropped_by_check": {c: self.dropped.get(c, 0) for c in CHECKS},
                "dropped_share": {c: round(self.dropped.get(c, 0) / self.generated, 3) if self.generated else 0.0
                                  for c in CHECKS}}


def correct_options(question: QuizQuestion) -> list[str]:
    """The texts of the right answer: the chosen option(s), the blank's text, or the tested fact."""
    if question.type in ("single_choice", "multiple_choice"):
        return [question.options[LETTERS.index(letter)] for letter in question.answer]
    return [question.answer if question.type == "fill_blank" else question.fact]


def supported_options(question: QuizQuestion) -> list[str]:
    """The option texts the source passage must hold (for 下列哪一项不…, the options that are not the answer)."""
    right = set(correct_options(question))
    return [o for o in question.options if (o in right) != question.negated]


def unsupported_options(question: QuizQuestion) -> list[str]:
    """The option texts the source passage must not hold."""
    supported = set(supported_options(question))
    return [o for o in question.options if o not in supported]


# -- distractors ------------------------------------------------------------------------------------------

def figure_number(text: str) -> float:
    m = FIGURE.match(text)
    return figure_value(m.group(1), m.group(2)) if m else 0.0


def _perturbed(fact: Fact, taken: set[str], source_text: str) -> list[str]:
    """Figures of the same unit made by scaling the answer, when the corpus has too few of that unit."""
    m = FIGURE.match(fact.text)
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


def _by_length(candidates: set[str], target: str, rng: random.Random) -> list[str]:
    options = sorted(candidates)
    rng.shuffle(options)
    return sorted(options, key=lambda t: abs(len(t) - len(target)))


def _unrelated(candidate: str, taken: Sequence[str]) -> bool:
    return all(candidate not in t and t not in candidate for t in taken)


def distractors(fact: Fact, pool: list[Fact], source_text: str, rng: random.Random, k: int = 3) -> list[str]:
    """Up to ``k`` wrong options of the fact's kind, taken from the corpus and absent from ``source_text``."""
    if fact.kind == "figure":
        candidates = {f.text for f in pool if f.kind == "figure" and f.unit == fact.unit and f.text != fact.text
                      and f.text not in source_text}
        ranked = sorted(candidates, key=lambda t: abs(math.log(max(figure_number(t), 1e-9) / max(fact.value, 1e-9))))
        chosen = [t for t in ranked if 0.1 <= figure_number(t) / max(fact.value, 1e-9) <= 10][:k]
        return chosen + _perturbed(fact, set(chosen) | {fact.text}, source_text)[: k - len(chosen)]
    if fact.kind == "enumeration":
        return _outsiders(fact, pool, source_text, rng, k)
    if fact.kind == "duty":  # other bodies of a level: 省委组织部, 乡镇党委, 县级组织部门…
        bodies = {m.group(0) for f in pool for m in LEVEL_ACTOR.finditer(f.sentence)}
        bodies |= {f.text for f in pool if f.kind == "duty"}
        candidates = {b for b in bodies if b not in source_text and _unrelated(b, [fact.text])}
        return _by_length(candidates, fact.text, rng)[:k]
    if fact.kind == "place":
        # Another place's measure: absent from this place's whole document, not only from the passage.
        document = {f.doc_id for f in pool if f.kind == "place" and f.lead == fact.lead}
        candidates = {f.text for f in pool if f.kind == "place" and f.lead != fact.lead and f.doc_id not in document
                      and f.text not in source_text}
        return _by_length(candidates, fact.text, rng)[:k]
    candidates = {f.text for f in pool if f.kind == fact.kind and f.text != fact.text and f.text not in source_text
                  and _unrelated(f.text, [fact.text])}
    return _by_length(candidates, fact.text, rng)[:k]


def _outsiders(fact: Fact, pool: list[Fact], source_text: str, rng: random.Random, k: int) -> list[str]:
    """Members of sibling enumerations (the same document first), of about the members' length."""
    mean = sum(len(m) for m in fact.members) / len(fact.members)
    chosen: list[str] = []
    for same_doc in (True, False):
        candidates = {m for f in pool if f.kind == "enumeration" and (f.doc_id == fact.doc_id) == same_doc
                      and f.name != fact.name for m in f.members
                      if m not in source_text and _unrelated(m, fact.members + chosen) and 0.5 <= len(m) / mean <= 2}
        ranked = sorted(candidates)
        rng.shuffle(ranked)
        chosen += sorted(ranked, key=lambda m: abs(len(m) - mean))[: k - len(chosen)]
    return chosen


# -- stems ------------------------------------------------------------------------------------------------

def quoted(name: str) -> str:
    """“name”, with quotes inside turned into single quotes; a name already in quotes stays as it is."""
    if name.startswith("“") and name.endswith("”") and name.count("“") == 1:
        return name
    return "“" + name.replace("“", "‘").replace("”", "’") + "”"


def _source(fact: Fact) -> str:
    return f"根据《{fact.title}》，"


def _clause_with(fact: Fact) -> tuple[str, int]:
    """The clause holding the element, with the previous clause when it alone is too thin to
    understand (从全省抽调多少名干部?), and the element's offset in that text."""
    clauses = list(_CLAUSE.finditer(fact.sentence))
    for i, m in enumerate(clauses):
        if m.start() <= fact.element_start < m.end():
            thin = m.end() - m.start() < _THIN_CLAUSE
            start = clauses[i - 1].start() if thin and i > 0 else m.start()
            end = clauses[i + 1].end() if thin and i == 0 and len(clauses) > 1 else m.end()
            text = fact.sentence[start:end]
            stripped = len(text) - len(text.lstrip())
            return text.strip(), fact.element_start - start - stripped
    return fact.sentence, fact.element_start


def _window(fact: Fact) -> tuple[str, int]:
    """The sentence, or for a long one the clauses around the element, ending as a sentence ends."""
    if len(fact.sentence) <= _LONG_SENTENCE:
        text, at = fact.sentence, fact.element_start
    else:
        clauses = list(_CLAUSE.finditer(fact.sentence))
        i = next(i for i, m in enumerate(clauses) if m.start() <= fact.element_start < m.end())
        start = clauses[max(i - 1, 0)].start()
        end = clauses[min(i + 1, len(clauses) - 1)].end()
        text, at = fact.sentence[start:end], fact.element_start - start
    return text.rstrip("，,；;：: ") .rstrip("。！？!?") + "。", at


def asked_figure(fact: Fact) -> str:
    """选派3654名党员干部… → 选派多少名党员干部…？"""
    clause, at = _clause_with(fact)
    m = FIGURE.match(clause, at)
    asked = f"多少{m.group(2) or ''}{m.group(3)}" if m.group(3) != "%" else "百分之多少"
    return clause[:at] + asked + clause[m.end():] + "？"


def _with_element(fact: Fact, shown: str) -> str:
    """The fact's clause with ``shown`` in the element's place, as a statement."""
    clause, at = _clause_with(fact)
    return clause[:at] + shown + clause[at + len(fact.text):] + "。"


def _blanked(fact: Fact) -> str:
    text, at = _window(fact)
    return text[:at] + BLANK + text[at + len(fact.text):]


def _role_subject(fact: Fact) -> str:
    return fact.lead or "文中"


def _choice(fact: Fact, kind: QuizType, right: list[str], wrong: list[str], stem: str, rng: random.Random,
            number: int, citation, explanation: str, negated: bool = False) -> QuizQuestion:
    options = right + wrong
    rng.shuffle(options)
    answer = "".join(sorted(LETTERS[options.index(r)] for r in right))
    return QuizQuestion(id=f"q{number}", type=kind, stem=stem, options=options, answer=answer,
                        explanation=explanation, citation=citation, fact=fact_label(fact), tests=fact.kind,
                        evidence=wrong if negated else right, negated=negated, difficulty=DIFFICULTY[kind])


def fact_label(fact: Fact) -> str:
    return fact.name if fact.kind == "enumeration" else fact.text


def _true_false(fact: Fact, statement: str, truthful: bool, number: int, citation, explanation: str,
                evidence: list[str]) -> QuizQuestion:
    return QuizQuestion(id=f"q{number}", type="true_false", stem=statement, options=[TRUE, FALSE],
                        answer=TRUE if truthful else FALSE, explanation=explanation, citation=citation,
                        fact=fact_label(fact), tests=fact.kind, evidence=evidence, difficulty=DIFFICULTY["true_false"])


def _fill(fact: Fact, stem: str, answer: str, number: int, citation, explanation: str) -> QuizQuestion:
    return QuizQuestion(id=f"q{number}", type="fill_blank", stem=stem, answer=answer, explanation=explanation,
                        citation=citation, fact=fact_label(fact), tests=fact.kind, evidence=[answer],
                        difficulty=DIFFICULTY["fill_blank"])


def build_question(fact: Fact, kind: QuizType, wrong: list[str], passage: Passage, rng: random.Random,
                   number: int) -> QuizQuestion | None:
    """An offline question of ``kind`` on ``fact``; None when the fact cannot make one of that kind."""
    citation = passage.citation(1, fact.start, fact.end)
    if fact.kind == "enumeration":
        return _enumeration_question(fact, kind, wrong, rng, number, citation)
    if fact.kind == "place":
        return _place_question(fact, kind, wrong, rng, number, citation)
    if fact.kind == "duty":
        return _duty_question(fact, kind, wrong, rng, number, citation)
    explanation = f"原文：“{fact.sentence}”"
    if kind == "fill_blank":
        stem = _source(fact) + (f"{_role_subject(fact)}把{BLANK}作为{fact.name}。" if fact.kind == "role"
                                else _blanked(fact))
        return _fill(fact, stem, fact.text, number, citation, explanation)
    if kind == "single_choice":
        if len(wrong) < 3:
            return None
        if fact.kind == "figure":
            stem = _source(fact) + asked_figure(fact)
        elif fact.kind == "role":
            stem = _source(fact) + f"{_role_subject(fact)}把什么作为{fact.name}？"
        else:
            stem = _source(fact) + _blanked(fact).rstrip("。") + "。空白处应填入的是？"
        return _choice(fact, kind, [fact.text], wrong[:3], stem, rng, number, citation, explanation)
    if kind == "true_false":
        truthful = rng.random() < 0.5 or not wrong
        shown = fact.text if truthful else wrong[0]
        if fact.kind == "role":
            statement = f"{_role_subject(fact)}把{shown}作为{fact.name}。"
        elif fact.kind == "figure":
            statement = _with_element(fact, shown)
        else:  # a quoted phrase needs its sentence around it to be judged
            text, at = _window(fact)
            statement = text[:at] + shown + text[at + len(fact.text):]
        return _true_false(fact, _source(fact) + statement, truthful, number, citation,
                           explanation + ("" if truthful else f"（应为“{fact.text}”）"), [fact.text])
    return None


def _enumeration_question(fact: Fact, kind: QuizType, wrong: list[str], rng: random.Random, number: int,
                          citation) -> QuizQuestion | None:
    name = quoted(fact.name)
    # A series under no heading is named after the document itself: say so instead of repeating the title.
    about = "文章分几个方面提出了要求，" if fact.name == fact.title else f"关于{name}，"
    listed = "；".join(fact.members)
    explanation = f"原文{'' if fact.name == fact.title else '关于' + name}列出：{listed}。"
    members = list(fact.members)
    rng.shuffle(members)
    if kind == "single_choice" and wrong:
        stem = _source(fact) + f"{about}下列哪一项不在文中所列之中？"
        return _choice(fact, kind, [wrong[0]], members[:3], stem, rng, number, citation,
                       explanation + f"“{wrong[0]}”不在其中。", negated=True)
    if kind == "multiple_choice" and wrong:
        n_right = min(len(members), 3 if len(wrong) == 1 or rng.random() < 0.5 else 2)
        right, outside = members[:n_right], wrong[: 4 - n_right]
        if len(right) + len(outside) != 4:
            return None
        stem = _source(fact) + f"{about}文中列出了以下哪几项（多选）？"
        return _choice(fact, kind, right, outside, stem, rng, number, citation, explanation)
    if kind == "true_false":
        truthful = rng.random() < 0.5 or not wrong
        shown = members[0] if truthful else wrong[0]
        statement = _source(fact) + f"{about}文中所列的内容包括“{shown}”。"
        return _true_false(fact, statement, truthful, number, citation, explanation,
                           [shown] if truthful else list(fact.members))
    if (kind == "fill_blank" and len(fact.members) <= _FILL_MEMBERS_MAX
            and all(len(m) <= _FILL_MEMBER_CHARS for m in fact.members)):
        blank = rng.randrange(len(fact.members))
        shown = [BLANK if i == blank else m for i, m in enumerate(fact.members)]
        stem = _source(fact) + f"{about}文中列出的是：{'；'.join(shown)}。"
        return _fill(fact, stem, fact.members[blank], number, citation, explanation)
    return None


def _duty_question(fact: Fact, kind: QuizType, wrong: list[str], rng: random.Random, number: int,
                   citation) -> QuizQuestion | None:
    explanation = f"原文：“{fact.sentence}”"
    if kind == "single_choice" and len(wrong) >= 3:
        return _choice(fact, kind, [fact.text], wrong[:3], _source(fact) + fact.name, rng, number, citation,
                       explanation)
    if kind == "true_false" and wrong:
        truthful = rng.random() < 0.5
        shown = fact.text if truthful else wrong[0]
        statement = fact.name.replace("谁", shown, 1).replace(f"由{shown}要", f"{shown}要").rstrip("？") + "。"
        return _true_false(fact, _source(fact) + statement, truthful, number, citation,
                           explanation + ("" if truthful else f"（应为“{fact.text}”）"), [fact.text])
    return None


def _place_question(fact: Fact, kind: QuizType, wrong: list[str], rng: random.Random, number: int,
                    citation) -> QuizQuestion | None:
    explanation = f"原文（{fact.lead}）：“{fact.sentence}”"
    if kind == "single_choice" and len(wrong) >= 3:
        stem = ANYWHERE + f"下列哪一项是{fact.lead}的做法？"
        return _choice(fact, kind, [fact.text], wrong[:3], stem, rng, number, citation, explanation)
    if kind == "true_false":
        others = [p for p in (fact.name or "").split("|") if p]
        truthful = rng.random() < 0.5 or not others
        place = fact.lead if truthful else others[0]
        statement = ANYWHERE + f"{fact.text}是{place}的做法。"
        return _true_false(fact, statement, truthful, number, citation,
                           explanation + ("" if truthful else f"（是{fact.lead}的做法）"), [fact.text])
    return None


# -- the LLM path ------------------------------------------------------------------------------------------

class LLMQuizItem(BaseModel):
    """The JSON a model must return for one question (prompts/quiz.md)."""

    stem: str = Field(min_length=4)
    options: list[str]
    answer: str = Field(min_length=1)
    explanation: str = ""


_LLM_KINDS = {"figure", "role", "wording"}
_LLM_TYPES = {"single_choice", "fill_blank", "true_false"}


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
        citation = passage.citation(1, fact.start, fact.end)
        answer = LETTERS[options.index(item.answer)] if kind == "single_choice" else item.answer
        tested = item.answer if kind != "true_false" else fact.text
        return QuizQuestion(id=f"q{number}", type=kind, stem=item.stem,
                            options=options if kind != "true_false" else [TRUE, FALSE], answer=answer,
                            explanation=item.explanation or f"原文：“{fact.sentence}”", citation=citation,
                            fact=tested, tests=fact.kind, difficulty=DIFFICULTY[kind],
                            evidence=[item.answer if kind != "true_false" else fact.text])
    return None


# -- checks ------------------------------------------------------------------------------------------------

def stem_is_complete(question: QuizQuestion) -> bool:
    """A question ending in ？, or a statement or one-blank sentence ending in 。."""
    stem = question.stem.strip()
    if question.type == "fill_blank":
        return stem.count(BLANK) == 1 and stem.endswith(("。", "？"))
    if BLANK in stem and question.type != "single_choice":
        return False
    return stem.endswith("？") if question.type in ("single_choice", "multiple_choice") else stem.endswith("。")


def failed_check(question: QuizQuestion, retriever: HybridRetriever, paper: Paper, key: tuple,
                 sentences: set[tuple]) -> str | None:
    """The first check the question fails, or None if it passes them all."""
    source = question.citation.text
    choice = question.type in ("single_choice", "multiple_choice")
    if not question.evidence or any(text not in question.citation.span for text in question.evidence) or (
            choice and set(question.evidence) != set(supported_options(question))):
        return "answer_in_source"
    if choice and (len(set(question.options)) != 4 or any(t in source for t in unsupported_options(question))):
        return "distractor_in_source"
    made_false = question.type == "true_false" and question.answer == FALSE
    if made_false and question.tests not in ("enumeration", "place") and question.fact in question.stem:
        return "stem_gives_answer"
    if question.type != "true_false" and any(text in question.stem for text in correct_options(question)):
        return "stem_gives_answer"
    if not stem_is_complete(question):
        return "incomplete_stem"
    probe = question.stem.replace(BLANK, "") + " " + " ".join(question.evidence)
    hits = retriever.search(probe, k=5)
    c = question.citation
    if not any(p.doc_id == c.doc_id and p.start < c.end and p.end > c.start for p in hits):
        return "round_trip"
    return paper.conflict(question, key, sentences)


@dataclass
class Paper:
    """The questions kept so far, and what they already use up."""

    sentence_starts: dict[str, list[int]]
    questions: list[QuizQuestion] = field(default_factory=list)
    facts: set[tuple] = field(default_factory=set)
    sentences: set[tuple] = field(default_factory=set)

    def sentences_of(self, question: QuizQuestion, anchors: list[int]) -> set[tuple]:
        starts = self.sentence_starts[question.citation.doc_id]
        return {(question.citation.doc_id, starts[max(bisect.bisect_right(starts, a) - 1, 0)]) for a in anchors}

    def conflict(self, question: QuizQuestion, key: tuple, sentences: set[tuple]) -> str | None:
        if key in self.facts:
            return "duplicate_fact"
        if sentences & self.sentences:
            return "same_sentence"
        for other in self.questions:  # one item must not give another's answer away
            if any(t in other.stem for t in correct_options(question) if len(t) >= 3) or \
                    any(t in question.stem for t in correct_options(other) if len(t) >= 3):
                return "gives_away_other"
        return None

    def keep(self, question: QuizQuestion, key: tuple, sentences: set[tuple]) -> None:
        self.facts.add(key)
        self.sentences |= sentences
        self.questions.append(question)


# -- composing the paper ------------------------------------------------------------------------------------

def _passage_for(index: KnowledgeIndex, fact: Fact) -> Passage | None:
    """The chunks holding the fact's span, merged; None for a heading line, which no chunk holds."""
    members = index.chunks_overlapping(fact.doc_id, fact.start, fact.end)
    if not members:
        return None
    passage = passage_from_chunks(index, members)
    return passage if passage.start <= fact.start and fact.end <= passage.end else None


def _anchors(fact: Fact, text: str) -> list[int]:
    """Document offsets of what the fact tests: its element, or each listed member."""
    if fact.kind != "enumeration":
        return [fact.start + fact.element_start]
    span = text[fact.start : fact.end]
    return [fact.start + span.find(m) for m in fact.members if m in span]


@functools.lru_cache(maxsize=4096)
def _facts_of(doc_id: str, title: str, text: str) -> tuple[Fact, ...]:
    """A document's facts, found once per text (part-of-speech tagging a large corpus takes seconds)."""
    return tuple(document_facts(doc_id, title, text))


def corpus_facts(index: KnowledgeIndex) -> dict[str, list[Fact]]:
    """Every document's facts; a place measure knows which other places could be offered instead."""
    by_doc = {d: [copy.copy(f) for f in _facts_of(d, doc.title, doc.text)]
              for d, doc in sorted(index.documents.items())}
    places = {f.lead for facts in by_doc.values() for f in facts if f.kind == "place"}
    for doc_id, facts in by_doc.items():
        text = index.documents[doc_id].text
        for f in facts:
            if f.kind == "place":
                f.name = "|".join(sorted(p for p in places if p != f.lead and p not in text))
    return by_doc


def quotas(weights: dict[str, float], n: int, available: dict[str, int]) -> dict[str, int]:
    """Items per document in proportion to its weight (largest remainder), every document at least one when
    ``n`` allows, never more than it has facts for; what one cannot take goes to the others."""
    docs = [d for d in weights if available.get(d, 0) > 0]
    out = dict.fromkeys(docs, 0)
    if not docs:
        return out
    if n >= len(docs):
        for d in docs:
            out[d] = 1
    total = sum(weights[d] for d in docs) or 1.0
    ideal = {d: n * weights[d] / total for d in docs}
    while sum(out.values()) < n:
        open_docs = [d for d in docs if out[d] < available[d]]
        if not open_docs:
            break
        d = max(open_docs, key=lambda d: (ideal[d] - out[d], d))
        out[d] += 1
    return out


def slot_order(quota: dict[str, int]) -> list[str]:
    """Documents interleaved so each one's items are spread through the paper."""
    slots = [((i + 0.5) / q, d) for d, q in quota.items() for i in range(q)]
    return [d for _, d in sorted(slots)]


def _pick(candidates: list[Fact], wanted: QuizType, used_sections: Counter, used_kinds: Counter) -> list[Fact]:
    """Candidates in the order to try for one slot: facts that can become ``wanted`` first, substance before
    wording, then the sections and kinds this document has used least."""
    def rank(item: tuple[int, Fact]) -> tuple:
        position, f = item
        return (wanted not in TYPES_OF[f.kind], f.kind not in SUBSTANCE, used_sections[f.section],
                used_kinds[f.kind], position)
    return [f for _, f in sorted(enumerate(candidates), key=rank)]


def _allowed(facts: list[Fact], spans: list[tuple[str, int, int]] | None, docs: Sequence[str] | None) -> list[Fact]:
    if spans is not None:
        return [f for f in facts if any(f.doc_id == d and s <= f.start < e for d, s, e in spans)]
    if docs:
        return [f for f in facts if f.doc_id in set(docs)]
    return facts


def generate_quiz(assistant: Assistant, *, n: int = 10, types: Sequence[QuizType] = QUIZ_TYPES,
                  topic: str | None = None, docs: Sequence[str] | None = None, seed: int = 0,
                  spread: Spread | dict[str, float] = "length", show_progress: bool = False) -> QuizResult:
    """A paper of up to ``n`` checked questions, spread over the documents in proportion to ``spread``
    (their length, evenly, or weights by document id), types mixed in turn; the same seed gives the same paper."""
    from core.errors import CadreError

    # One snapshot for the whole paper: an ingest may swap the index meanwhile (a deleted document's facts
    # would then be looked up in an index that no longer holds it).
    index, retriever = assistant.snapshot()
    if not index.documents:
        raise CadreError("empty knowledge base", help_message="资料库里还没有文档，无法出题；请管理员先上传文档。")
    if docs:
        unknown = set(docs) - set(index.documents)
        if unknown:
            raise CadreError(f"unknown documents {sorted(unknown)}",
                             help_message=f"资料库中没有这些文档：{'、'.join(sorted(unknown))}")
    rng = random.Random(seed)
    by_doc = corpus_facts(index)
    pool = [f for facts in by_doc.values() for f in facts]  # wrong options come from the whole corpus
    spans = ([(p.doc_id, p.start, p.end) for p in retriever.search(topic, k=12)] if topic else None)
    candidates: dict[str, list[Fact]] = {}
    for doc_id, facts in by_doc.items():
        allowed = [f for f in _allowed(facts, spans, docs) if set(TYPES_OF[f.kind]) & set(types)]
        rng.shuffle(allowed)
        if allowed:
            candidates[doc_id] = allowed
    weights = _weights(spread, candidates, index)
    quota = quotas(weights, n, {d: len(c) for d, c in candidates.items()})
    paper = Paper({d: [s for s, _ in split_sentences_zh(index.documents[d].text)] for d in candidates})
    result = QuizResult(questions=[], generated=0)
    used_sections: dict[str, Counter] = defaultdict(Counter)
    used_kinds: dict[str, Counter] = defaultdict(Counter)
    llm = _LLMState(assistant.llm)
    with tqdm(total=n, desc="出题", unit="题", disable=not show_progress, file=sys.stderr) as bar:
        for slot, doc_id in enumerate(slot_order(quota) + _spare_slots(quota, candidates, n)):
            if len(paper.questions) >= n:
                break
            wanted = types[slot % len(types)]
            for fact in _pick(candidates[doc_id], wanted, used_sections[doc_id], used_kinds[doc_id]):
                candidates[doc_id].remove(fact)  # tried once: kept, or failed every type it allows
                tried = _try(fact, wanted, types, index, retriever, pool, rng, paper, result, llm)
                if tried is None:
                    continue
                paper.keep(*tried)
                used_sections[doc_id][fact.section] += 1
                used_kinds[doc_id][fact.kind] += 1
                bar.update(1)
                break
    result.questions = _in_paper_order(paper.questions)
    result.notes += llm.notes
    return result


def _spare_slots(quota: dict[str, int], candidates: dict[str, list[Fact]], n: int) -> list[str]:
    """Extra slots, documents in turn, for when some planned items fail their checks."""
    return [d for _ in range(n) for d in sorted(quota, key=lambda d: -quota[d]) if candidates[d]]


def _weights(spread, candidates: dict[str, list[Fact]], index) -> dict[str, float]:
    if isinstance(spread, dict):
        return {d: float(spread.get(d, 0.0)) for d in candidates}
    if spread == "even":
        return dict.fromkeys(candidates, 1.0)
    return {d: float(len(index.documents[d].text)) for d in candidates}


@dataclass
class _LLMState:
    llm: object | None
    failures: int = 0
    notes: list[str] = field(default_factory=list)


def _try(fact: Fact, wanted: QuizType, types: Sequence[QuizType], index: KnowledgeIndex,
         retriever: HybridRetriever, pool: list[Fact],
         rng: random.Random, paper: Paper, result: QuizResult, llm: _LLMState) -> tuple | None:
    """The fact as a checked question of the wanted type (else another allowed type), or None."""
    passage = _passage_for(index, fact)
    if passage is None:
        return None
    kinds = [wanted] + [t for t in TYPES_OF[fact.kind] if t in types and t != wanted]
    for kind in kinds:
        if kind not in TYPES_OF[fact.kind]:
            continue
        number = len(paper.questions) + 1
        if llm.llm is not None and fact.kind in _LLM_KINDS and kind in _LLM_TYPES:
            result.generated += 1
            question = llm_question(llm.llm, fact, kind, passage, number)
            if question is None:
                result.dropped["malformed"] += 1
                llm.notes.append(f"skipped: the model's output for “{fact.text}” was malformed twice")
                llm.failures += 1
                if llm.failures >= _LLM_FAILURES_BEFORE_FALLBACK:
                    llm.llm = None
                    llm.notes.append("the model kept failing; the remaining questions are built offline")
                return None
            llm.failures = 0
        else:
            wrong = distractors(fact, pool, passage.text, rng)
            question = build_question(fact, kind, wrong, passage, rng, number)
            if question is None:
                continue
            result.generated += 1
        sentences = paper.sentences_of(question, _anchors(fact, index.documents[fact.doc_id].text))
        problem = failed_check(question, retriever, paper, fact.key, sentences)
        if problem:
            result.dropped[problem] += 1
            return None
        return question, fact.key, sentences
    return None


def _in_paper_order(questions: list[QuizQuestion]) -> list[QuizQuestion]:
    """Grouped by type as a printed paper is (单选, 多选, 填空, 判断), numbered q1…"""
    ordered = sorted(questions, key=lambda q: PAPER_ORDER.index(q.type))
    return [q.model_copy(update={"id": f"q{i}"}) for i, q in enumerate(ordered, start=1)]
