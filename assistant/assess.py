"""The answer-or-refuse decision, in one place: ``assess(analysis, passages) → Assessment``.

Two kinds of rule decide whether a retrieved passage may be used:

- **Hard rules**, not fitted, because they are what "the documents say so" means: a passage's document must
  name the places, people and figures the question names (贵州, 2021年); a question that names its
  source (那篇讲话中…) may only be answered from that source; a question asking whether or which thing (还发不发工资,
  会撤职吗, 买了什么保险) only from a passage mentioning that thing or a word the fitted model counts as near (补助 for
  补贴); a question asking for a figure, a date or a responsible body (多少钱, 哪一年, 哪个部门) only from a passage
  holding one (a count, from a sentence naming what it counts: 多少个驻村工作队; never a figure the question states
  itself); a question about plans ahead
  (明年, 今后, 下一步) only from a sentence stating a plan; one asking for a procedure (…的具体流程) only from a
  passage describing one; a question asking what a numbered programme or a practice the documents only list consists
  of (“六步工作法”是哪些步骤, 新时代讲习所是什么) only when some document spells it out (assistant/programmes.py). The
  answerer adds the last: a figure, date or name question whose quoted sentences hold none is refused
  (assistant/answering.py).
- **A fitted model** for the rest: a logistic regression over a handful of features of each passage
  (``FEATURES``), fitted by ``python -m eval.fit_decision`` on development questions that are neither the
  public set nor what its figures are reported on (see ``DecisionModel.fitted_on``). It gives each passage a
  probability that it answers the question; the question is answered when the best passage's probability
  reaches ``DecisionModel.threshold``, from the passages that reach ``DecisionModel.use_threshold``.

Every refusal carries its reason (``RefusalReason``), shown to the user.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from assistant.programmes import quoted_programmes
from assistant.question.analysis import QuestionAnalysis
from assistant.question.asked import COUNTED_KINDS, ELEMENT_TYPES, MEASURES, NAME_TYPES, YEAR_ASKED
from assistant.question.holds import (
    PROCEDURE_SAID,
    RELATIVE_YEAR,
    counts_what_is_asked,
    holds_answer_type,
    names_members,
    states_a_rank,
    states_an_outcome,
    states_the_asked_past,
    states_the_asked_plan,
)
from assistant.question.text import (
    DURATION,
    NUMBER,
    PLACE_SUFFIX,
    entity_in,
    matchable,
    most_items,
    read_with_leads,
    searchable,
    sentences_of,
)
from assistant.retrieval import Passage
from core.records import Document
from ingest.index import KnowledgeIndex

DECISION_MODEL_PATH = Path(__file__).with_name("decision_model.json")

RefusalReason = Literal["no_passage", "name_absent", "type_absent", "content_absent", "out_of_scope", "no_context",
                        "empty_index"]
REFUSAL_REASONS: dict[RefusalReason, str] = {
    "no_passage": "资料里没有讲到这个问题的内容。",
    "name_absent": "资料里没有提到问题中的{names}。",
    "type_absent": "资料讲到了相关内容，但没有给出所问的{asked}。",
    "content_absent": "资料里提到了“{programme}”，但没有写明它具体包括哪些内容。",
    "out_of_scope": "所说的{scope}里没有找到这方面的内容。",
    "no_context": "这个问题要接着上一个问题问，请把问题说完整。",
    "empty_index": "资料库里还没有文档，请管理员先在“资料库”页上传文档。",
}
# What a refusal names as missing, for each of ELEMENT_TYPES.
ASKED_NAMES = {"count": "数字", "money": "金额", "duration": "时长", "date": "时间", "share": "比例",
               "who": "负责的单位或人员", "place": "具体地名"}


def asked_name(analysis: QuestionAnalysis) -> str:
    """What a refusal names as missing for a question of ELEMENT_TYPES: the measure a size or distance question asks
    (面积, 距离), else its type's name."""
    return analysis.unit if analysis.unit in MEASURES else ASKED_NAMES[analysis.answer_type]


# What a refusal names as missing when a document's header lacks the fact asked of it.
PUBLICATION_NAMES = {"title": "标题", "source": "出处", "author": "作者", "date": "发表日期"}
_HEADER_FIELDS = (("source", "来源"), ("date", "日期"), ("author", "作者"))

# With an LLM: its refusal stands only when our own decision was less sure than this (a probability from the
# model below). Hand-set, not fitted: there is no development data of LLM refusals yet.
LLM_REFUSAL_TRUSTED_BELOW = 0.8
# Hand-set, a display choice (not an answer decision): half the question's content weight found in one passage.
RELATED_MIN_COVERAGE = 0.5
# Hand-set, not fitted (no development question turns on it): a paragraph's lead (大力整顿软弱涣散村党组织。) lends
# its words to the sentences after it only when it says half the question's content weight (山西整顿了多少个软弱涣散
# 村党组织), not when it shares a general word or two (推进…建设 for 推进党的建设与脱贫攻坚深度融合要多长时间).
LEAD_MIN_COVERAGE = 0.5

FEATURES = ("coverage", "soft_coverage", "dense", "relative_score", "type_match", "strongest_missing")
# Computed too, and tried by cross-validation on the fitting split (eval/fit_decision.py --features): neither
# improved the out-of-fold figures, so the shipped model does not use them.
CANDIDATE_FEATURES = (*FEATURES, "sentence_coverage", "unknown_share")


class SentenceScoring(BaseModel):
    """How the offline answerer (assistant/extractive.py) scores the sentences of usable passages and which it keeps.

    A sentence scores ``coverage`` × its share of the question's weight + ``dense`` × the stretched cosine of its
    chunk + ``typed_bonus`` when it holds a figure of the asked kind (``shape_bonus`` for an enumeration or a reason
    when those are asked) + ``rank_prior`` / (1 + its passage's rank); sentences scoring at least ``keep_ratio`` of
    the best are kept, within the length budget.
    """

    model_config = ConfigDict(extra="forbid")

    coverage: float = 0.55
    dense: float = 0.35
    typed_bonus: float = 0.15
    shape_bonus: float = 0.08
    rank_prior: float = 0.05
    keep_ratio: float = 0.7
    fitted_on: str = "hand-set in November on the public set"


class DecisionModel(BaseModel):
    """Fitted parameters of the decision, with the data they were fitted on."""

    model_config = ConfigDict(extra="forbid")

    features: list[str] = Field(default_factory=lambda: list(FEATURES))
    weights: list[float]
    intercept: float
    mean: list[float] = Field(description="Feature means on the fitting data (features are standardized).")
    scale: list[float] = Field(description="Feature standard deviations on the fitting data.")
    threshold: float = Field(description="Refuse when the best passage's probability is below this.")
    use_threshold: float = Field(description="Passages below this probability are not used in an answer.")
    soft_floor: float = Field(description="Term cosine at which a related corpus term starts to count.")
    soft_ceiling: float = Field(description="Term cosine at which a related corpus term counts fully.")
    fitted_on: str = Field(description="The data the parameters were fitted on.")
    fitted_at: str = ""
    fit_report: dict = Field(default_factory=dict)
    sentence_scoring: SentenceScoring = Field(default_factory=SentenceScoring)

    def probability(self, values: dict[str, float]) -> float:
        z = self.intercept + sum(w * (values[f] - m) / s for f, w, m, s in
                                 zip(self.features, self.weights, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=4)
def load_decision_model(path: Path = DECISION_MODEL_PATH) -> DecisionModel:
    return DecisionModel.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))


@dataclass
class Assessment:
    """What may be used to answer, how sure we are, and why not when we refuse."""

    usable: list[Passage]
    confidence: float
    reason: RefusalReason | None = None
    detail: str = ""
    candidates: list[Passage] = field(default_factory=list)
    features: list[dict[str, float]] = field(default_factory=list)
    probabilities: list[float] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return self.reason is None

    def close_passages(self) -> bool:
        """Whether a refusal's nearest passages are worth showing as 可能相关: the documents speak of the subject
        (only the place, figure or source asked for is missing), or a passage holds at least half the question's
        content words. An off-topic question (今天天气怎么样) gets no unrelated passages."""
        if self.reason in ("name_absent", "type_absent", "content_absent", "out_of_scope"):
            return True
        return max((f["coverage"] for f in self.features), default=0.0) >= RELATED_MIN_COVERAGE

    def explanation(self) -> str:
        """The refusal's reason in one Chinese sentence for the user."""
        if self.reason is None:
            return ""
        key = {"name_absent": "names", "type_absent": "asked", "content_absent": "programme",
               "out_of_scope": "scope"}.get(self.reason, "_")
        return REFUSAL_REASONS[self.reason].format(**{key: self.detail})


def _scope_named(analysis: QuestionAnalysis, index: KnowledgeIndex) -> str:
    """The documents a scoped question points at, by title (《抓好党建,才能下好“绣花”功夫》), for its refusal: the
    words the question used (那篇文章里说) do not tell the user which document was searched."""
    titles = [f"《{index.documents[d].title}》" for d in analysis.scope if d in index.documents]
    return "、".join(titles[:2]) if 0 < len(titles) <= 2 else analysis.scope_phrase.strip() or "资料"


def document_text(passage: Passage, index: KnowledgeIndex) -> str:
    return searchable(index.documents[passage.doc_id])


def document_header(doc: Document) -> str:
    """The document's header line as its page gives it: 《…》来源：乡村干部报；日期：2019-03-29。"""
    fields = "；".join(f"{label}：{value}" for name, label in _HEADER_FIELDS if (value := getattr(doc, name)))
    return f"《{doc.title}》{fields}。"


def grounded(analysis: QuestionAnalysis, passage: Passage, index: KnowledgeIndex) -> bool:
    """The passage's document has the figures the question names and at least one of its places or people."""
    return _names_what_is_asked(analysis, document_text(passage, index))


def grounded_documents(analysis: QuestionAnalysis, index: KnowledgeIndex) -> set[str] | None:
    """The documents a passage may come from under the naming rule (``grounded``), or None when the question
    names nothing (every document may answer). Empty when no document names what the question names."""
    if not analysis.entities and not analysis.numbers:
        return None
    return {doc_id for doc_id, doc in index.documents.items()
            if _names_what_is_asked(analysis, searchable(doc))}


def _names_what_is_asked(analysis: QuestionAnalysis, haystack: str) -> bool:
    names_ok = not analysis.entities or any(entity_in(e, haystack) for e in analysis.entities)
    return names_ok and all(n in haystack for n in analysis.numbers)


def coverage(analysis: QuestionAnalysis, text: str) -> float:
    """Share of the question's IDF weight whose terms occur in ``text``."""
    total = sum(analysis.terms.values())
    if total == 0:
        return 0.0
    text = matchable(text)
    return sum(w for term, w in analysis.terms.items() if term in text) / total


class TermSimilarity:
    """How close a question's words are to a passage's words in the embedding space.

    Village wording (老百姓, 钱, 当官的) rarely occurs in the documents; their nearest corpus terms (群众,
    经费, 领导干部) do. Vectors of the corpus vocabulary come from the index (``term_vectors``); words the
    corpus lacks are embedded when a question uses them.
    """

    def __init__(self, index: KnowledgeIndex, embeddings) -> None:
        self.index = index
        self.embeddings = embeddings
        self._unknown: dict[str, np.ndarray] = {}  # words the corpus lacks, embedded once per question

    def vectors(self, words: list[str]) -> np.ndarray:
        vocab, matrix = self.index.term_vocabulary, self.index.term_vectors
        todo = [w for w in dict.fromkeys(words) if w not in vocab and w not in self._unknown]
        if todo and self.embeddings is not None:
            self._unknown.update(zip(todo, np.asarray(self.embeddings.embed_documents(todo), dtype=np.float32)))
        out = np.zeros((len(words), matrix.shape[1]), dtype=np.float32)
        for i, w in enumerate(words):
            if w in vocab:
                out[i] = matrix[vocab[w]]  # stored as float16
            elif w in self._unknown:
                out[i] = self._unknown[w]
        return out

    def best_cosines(self, words: list[str], passage_text: str) -> np.ndarray:
        """For each word, its highest cosine to a word of the passage."""
        if self.index.term_vectors is None or not words:
            return np.zeros(len(words), dtype=np.float32)
        passage_words = [w for w in dict.fromkeys(self.index.segmenter.tokens(passage_text))
                         if w in self.index.term_vocabulary]
        if not passage_words:
            return np.zeros(len(words), dtype=np.float32)
        rows = [self.index.term_vocabulary[w] for w in passage_words]
        return (self.vectors(words) @ self.index.term_vectors[rows].astype(np.float32).T).max(axis=1)


def mentions(word: str, text: str, similarity: TermSimilarity | None, model: DecisionModel) -> bool:
    """Whether ``text`` uses ``word`` or one the decision model credits as a near counterpart (a cosine inside its
    fitted soft band: 补助 for 补贴, not 经费 for 路费)."""
    if word in matchable(text):
        return True
    return similarity is not None and bool(similarity.best_cosines([word], text)[0] >= model.soft_floor)


def passage_features(analysis: QuestionAnalysis, passages: list[Passage], index: KnowledgeIndex,
                     query_vector: np.ndarray | None, similarity: TermSimilarity | None,
                     model: DecisionModel) -> list[dict[str, float]]:
    """The decision model's features for each passage (see ``FEATURES``)."""
    total = sum(analysis.terms.values()) or 1.0
    # Candidate features are computed only when the model uses them (an answer's model does not; a fit may).
    wanted = set(model.features)
    unknown = sum(w for t, w in analysis.terms.items() if not index.knows(t)) / total if "unknown_share" in wanted else 0.0
    out = []
    for passage in passages:
        text = matchable(f"{passage.title} {passage.section} {passage.text}")
        present = {t: t in text for t in analysis.terms}
        literal = sum(w for t, w in analysis.terms.items() if present[t]) / total
        absent = [t for t in analysis.terms if not present[t]]
        soft, strongest_missing = literal, 0.0
        if absent:
            credit = np.zeros(len(absent))
            if similarity is not None:
                cosines = similarity.best_cosines(absent, text)
                credit = np.clip((cosines - model.soft_floor) / (model.soft_ceiling - model.soft_floor), 0.0, 1.0)
                # Places and figures are names, not wording: 邻县 is not 全县, however close their vectors.
                credit[[bool(PLACE_SUFFIX.search(t) or NUMBER.search(t)) or t in analysis.entities
                        for t in absent]] = 0.0
            soft += float(sum(analysis.terms[t] * c for t, c in zip(absent, credit))) / total
            # The weightiest question word with no counterpart here, not even a near one (邻县, 振兴, 月工资).
            top = max(analysis.terms.values())
            strongest_missing = max(analysis.terms[t] / top * (1 - c) for t, c in zip(absent, credit))
        row = {
            "coverage": literal,
            "soft_coverage": soft,
            "dense": _dense_similarity(passage, index, query_vector),
            # The retriever's scale: relative to the best chunk of the documents that may answer (the corpus, the
            # source the question names, or those naming the place it asks about), before the type rules: a weak
            # passage does not become strong because strong ones of the same documents lack the asked figure.
            "relative_score": passage.score,
            "type_match": float(holds_answer_type(analysis, _best_sentence(analysis, passage, index,
                                                                          model.sentence_scoring))),
            "strongest_missing": strongest_missing,
            # Question words no document uses at all (报销, 振兴 — but also 老百姓): the same for every passage.
            "unknown_share": unknown,
        }
        if "sentence_coverage" in wanted:
            row["sentence_coverage"] = answer_sentence_coverage(analysis, passage.text)
        out.append(row)
    return out


def _best_sentence(analysis: QuestionAnalysis, passage: Passage, index: KnowledgeIndex,
                   scoring: SentenceScoring) -> str:
    """The sentence of ``passage`` the answerer would quote first: the one covering most of the question, where a
    sentence holding what a typed question asks (a figure, a date, who is responsible) counts extra for who and
    place questions, as the answerer's own scores count it (``typed_bonus`` against ``coverage``). For a typed
    question a sentence is read with its paragraph's lead when the lead says what is asked (``reads_with_lead``),
    and such a lead holding nothing of the asked kind is no candidate: it announces the subject, the sentences
    after it give the figures."""
    if analysis.answer_type in ELEMENT_TYPES:
        # The figures a question states (山西选派的10009名第一书记每年有多少工作经费) set the scene: the sentence restating
        # them is not the one holding what is asked.
        analysis = _without_stated_figures(analysis)
        document = index.documents[passage.doc_id].text
        read = []
        previous = ""
        for start, end, lead, is_lead in read_with_leads(document, passage.start, passage.end):
            sentence = document[start:end]
            if is_lead and reads_with_lead(analysis, sentence) and not holds_answer_type(analysis, sentence):
                previous = sentence
                continue
            context = lead if reads_with_lead(analysis, lead) else ""
            # A count or an amount is often given in the sentence after the one naming its subject (…“农村干部学历
            # 提升工程”…。2018年秋季试点,有29个县…): a sentence holding one is read with the one before it. Not a date:
            # 去年招录的398名选调生… after 从省市县选派9973名干部到乡镇挂职 does not say when that began.
            # It must say something of the question itself: 招录的500名选调生中… after …拿出1065个职位… does not say
            # how many were admitted to those posts.
            continues = (analysis.answer_type in COUNTED_KINDS and holds_answer_type(analysis, sentence)
                         and coverage(analysis, previous) > coverage(analysis, context)
                         and coverage(analysis, sentence) > 0)
            read.append((sentence, previous if continues else context, continues))
            previous = sentence
    else:
        read = [(sentence, "", False) for sentence in sentences_of(passage.text)]
    bonus = scoring.typed_bonus / scoring.coverage if analysis.answer_type in NAME_TYPES else 0.0
    # A sentence read with the one before it wins a tie with that sentence: it says the same and gives the figure.
    return max(read or [(passage.text, "", False)],
               key=lambda r: (coverage(analysis, r[1] + r[0]) + bonus * holds_answer_type(analysis, r[0]), r[2]))[0]


def _without_stated_figures(analysis: QuestionAnalysis) -> QuestionAnalysis:
    stated = [t for t in analysis.terms if NUMBER.fullmatch(t)]
    if not stated:
        return analysis
    return replace(analysis, terms={t: w for t, w in analysis.terms.items() if t not in stated})


def reads_with_lead(analysis: QuestionAnalysis, lead: str) -> bool:
    """Whether a paragraph's ``lead`` sets the subject of its sentences for this question: when it says at least
    ``LEAD_MIN_COVERAGE`` of what is asked."""
    return bool(lead) and coverage(analysis, lead) >= LEAD_MIN_COVERAGE


def answer_sentence_coverage(analysis: QuestionAnalysis, text: str) -> float:
    """The coverage of the best sentence that could be the answer: one holding the asked type (a figure of the
    asked kind) for typed questions, any sentence otherwise. A passage on the subject whose only figure sits in a
    sentence about something else (乡村振兴战略是哪一年提出的 → 督查重点由201X年…) scores low."""
    return max((coverage(analysis, s) for s in sentences_of(text) if holds_answer_type(analysis, s)), default=0.0)


def _datable(analysis: QuestionAnalysis, passage: Passage, index: KnowledgeIndex) -> str:
    """The passage's text as it can answer the question: a year asked of an undated document (the speech) is not
    answered by its 今年 or 去年."""
    if analysis.answer_type != "date" or not YEAR_ASKED.search(analysis.text) or index.documents[passage.doc_id].date:
        return passage.text
    return RELATIVE_YEAR.sub("#", passage.text)


def _dense_similarity(passage: Passage, index: KnowledgeIndex, query_vector: np.ndarray | None) -> float:
    if query_vector is None:
        return passage.dense_score or 0.0
    rows = [index.positions[c] for c in passage.chunk_ids]
    return float((index.embeddings[rows] @ query_vector).max())


def _says_all(words: list[str], passage: Passage) -> bool:
    """Whether the passage says every one of ``words``, read also without bracketed alternatives (村(居)干部)."""
    text = matchable(passage.text)
    return all(word in text for word in words)


def relative_years(analysis: QuestionAnalysis) -> list[str]:
    """The years a question names relative to now (去年, 前年): what answers it must say them too."""
    return list(dict.fromkeys(RELATIVE_YEAR.findall(analysis.text)))


def years_missing(years: list[str]) -> str:
    return f"“{years[0]}”的情况"


def _requirements(analysis: QuestionAnalysis, index: KnowledgeIndex, similarity: TermSimilarity | None,
                  model: DecisionModel) -> list[tuple[str, Callable[[Passage], bool]]]:
    """What the question asks a passage to hold beyond its subject, each with what a refusal names as missing."""
    requirements: list[tuple[str, Callable[[Passage], bool]]] = []
    if analysis.answer_type in ELEMENT_TYPES:
        # 多长时间 / 多少钱 / 哪一年: a passage without a figure of that kind cannot answer, however on topic.
        # 多少个驻村工作队 / 有多少是女性: a count that does not name what is asked counts something else.
        requirements.append((asked_name(analysis),
                             lambda p: holds_answer_type(analysis, _datable(analysis, p, index))
                             and counts_what_is_asked(analysis, p.text)
                             and states_the_asked_past(analysis.text, p.text)))
    if analysis.members:
        # 发言的先进单位是哪几个: the sentence counting them (X个先进单位…作了大会发言) names none of them.
        requirements.append(("具体名单", lambda p: names_members(analysis.members, p.text)))
    if analysis.checked:
        # 召回的第一书记还发不发工资, 考核结果和工资挂钩吗: the sentence on the recall or the assessment says nothing of pay.
        # 还有补贴吗 is answered by 补助: a word the decision model counts as near (``mentions``) will do.
        requirements.append((f"“{analysis.checked}”方面的说法",
                             lambda p: mentions(analysis.checked, p.text, similarity, model)))
    if analysis.answer_type == "yesno" and (stated := DURATION.findall(analysis.text)):
        # 驻村满两年能提拔吗: a passage on promotion that never says 两年 does not say what two years bring.
        requirements.append((f"“{stated[0]}”的说法", lambda p: _says_all(stated, p)))
    if said_years := relative_years(analysis):
        # 山西前年确定了多少个软弱涣散村党组织: the passage on what 2018年 (its 去年) saw does not say what 前年 did.
        requirements.append((years_missing(said_years), lambda p: _says_all(said_years, p)))
    if analysis.procedure:
        # 签订帮扶责任书的具体流程: a passage that only mentions the signing describes no procedure.
        requirements.append(("具体流程", lambda p: bool(PROCEDURE_SAID.search(p.text))))
    if analysis.condition and (analysis.answer_type not in ELEMENT_TYPES or analysis.answer_type == "who"):
        # 驻村期间生病了怎么办: a passage on 第一书记 that never says 生病 does not say what to do then.
        condition = list(analysis.condition)
        requirements.append((f"“{'…'.join(condition)}”时的做法", lambda p: _says_all(condition, p)))
    if analysis.rank:
        requirements.append(("级别", lambda p: states_a_rank(analysis, p.text)))
    if analysis.future:
        requirements.append(("今后的安排或目标", lambda p: states_the_asked_plan(analysis, p.text)))
    if analysis.outcome:
        # 那他们后来干得怎么样: the sentence saying what was set up (选派3654名党员干部组建…工作队) says nothing of how it went.
        requirements.append(("结果或成效", lambda p: states_an_outcome(analysis, p.text)))
    return requirements


def assess(analysis: QuestionAnalysis, passages: list[Passage], index: KnowledgeIndex, *,
           query_vector: np.ndarray | None = None, similarity: TermSimilarity | None = None,
           model: DecisionModel | None = None) -> Assessment:
    """Which passages answer ``analysis``, the confidence, and the reason when none does."""
    model = model or load_decision_model()
    if not index.chunks:
        return Assessment([], 0.0, "empty_index")
    if analysis.dangling:
        return Assessment([], 0.0, "no_context")
    in_scope = [p for p in passages if not analysis.scope or p.doc_id in analysis.scope]
    if analysis.scope and not in_scope:
        return Assessment([], 0.0, "out_of_scope", _scope_named(analysis, index))
    named = [p for p in in_scope if grounded(analysis, p, index)]
    missing_names = [e for e in analysis.entities
                     if not any(entity_in(e, document_text(p, index)) for p in in_scope)]
    if not named or (missing_names and not analysis.parts):
        if analysis.scope:
            return Assessment([], 0.0, "out_of_scope", _scope_named(analysis, index))
        absent = missing_names or [n for n in analysis.numbers
                                   if not any(n in document_text(p, index) for p in in_scope)]
        return Assessment([], 0.0, "name_absent", "、".join(absent) or "内容")
    if analysis.programme and not quoted_programmes(index)[analysis.programme]:
        # “六步工作法”是哪些步骤: the sentence that only names it would be quoted as if it were the six steps.
        return Assessment([], 0.0, "content_absent", analysis.programme, named)
    if analysis.items_asked and not any(most_items(p.text) >= analysis.items_asked for p in named):
        # 规范化建设标准的29条具体有哪些: the sentence naming the 29条 would be quoted as if it listed them.
        return Assessment([], 0.0, "type_absent", "具体内容", named)
    on_subject = max((coverage(analysis, p.text) for p in named), default=0.0)
    for missing, holds in _requirements(analysis, index, similarity, model):
        kept = [p for p in named if holds(p)]
        if not kept:
            return Assessment([], 0.0, "type_absent", missing, named)
        named = kept
    features = passage_features(analysis, named, index, query_vector, similarity, model)
    probabilities = [model.probability(f) for f in features]
    confidence = max(probabilities)
    if confidence < model.threshold:
        closest = max(features, key=lambda f: f["soft_coverage"])
        if analysis.answer_type in ELEMENT_TYPES and (not closest["type_match"] or closest["coverage"] < on_subject):
            # The passage most on the subject lacks what is asked (由谁负责: it names no one responsible), or was
            # set aside for lacking it (the sentence on the 2494个 counts only work teams).
            return Assessment([], confidence, "type_absent", asked_name(analysis), named, features,
                              probabilities)
        return Assessment([], confidence, "no_passage", "", named, features, probabilities)
    usable = [p for p, prob in zip(named, probabilities) if prob >= model.use_threshold or prob == confidence]
    return Assessment(usable, confidence, None, "", named, features, probabilities)
