"""Question analysis: what a question asks for, which documents it is about, and its parts.

``analyze_question`` turns a normalized question into a typed ``QuestionAnalysis``:

- **scope**: a question that names its source (那篇讲话中…, 人民日报那篇文章…, 山西那篇报道里…) is
  restricted to the documents it names, and its words of reference do not count as content terms;
- **answer type**: a count, an amount of money, a duration, a date, a share, a person or body (with the verb
  or role asked about: 由谁负责, 讲课老师是谁), a place by name (哪些县), a list, a reason, a method or yes/no,
  with the unit asked about (名, 个, 元…), so an answer can be checked to hold it (assistant/assess.py); and
  whether it asks about plans ahead (明年, 今后, 下一步…), which only a sentence stating a plan answers;
- **parts**: a two-place question (巴中和山西分别…) or a two-clause one (…？到2020年又…？) is split so each
  part is answered, or said to be missing, on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.programmes import programme_asked, quoted_programmes
from assistant.question.asked import (
    ASK_PHRASE,
    ASKS,
    ASKS_ITSELF,
    ELEMENT_TYPES,
    QUESTION_WORD,
    AnswerType,
    QuestionKind,
    answer_type,
    asks_about_growth,
    asks_about_outcome,
    asks_about_plans,
    asks_for_a_procedure,
    asks_for_a_rank,
    checked_object,
    condition_asked,
    content_words,
    count_qualifier,
    counted_noun,
    items_asked,
    members_asked,
    question_kind,
    rates_asked,
    who_relation,
    whole_stated,
    without_asked_state,
)
from assistant.question.scope import REFERENCE, Publication, publication_asked, source_scope, without_references
from assistant.question.text import NUMBER, entity_in, is_noun, named_places, searchable, whole_number, words_pattern
from core.errors import CadreError
from ingest.index import KnowledgeIndex
from ingest.segment import Segmenter

_MAY_ASK_CONTENT = ("list", "method", "other")  # not a figure, a name, a reason or yes/no of a programme

_ENTITY_TAGS = ("ns", "nr", "nrfg", "nrt")
_COUNTED_BY = re.compile(r"哪?[一二两三四五六七八九十几\d]+[个样种件类]|哪些|什么|这些|那些|[这那各]种")

_OTHER_PLACE = re.compile(r"邻县|邻省|邻市|邻村|外县|外省|外市|外地|隔壁(?:县|村|乡|省|市)|(?:别的|其他|其它)(?:县|省|市|乡|村|地方)")

_JOINER = re.compile(r"[和与及跟、同]")
_CLAUSE_SPLIT = re.compile(r"(?<=[？?])\s*(?=\S)|[；;]\s*|，(?=另外|还有|那么?|又|同时|以及)")

@dataclass
class QuestionAnalysis:
    """A normalized question taken apart. ``terms`` are its content words with their IDF weight."""

    text: str
    query: str  # what retrieval searches for: the text without words of reference to a source
    kind: QuestionKind
    answer_type: AnswerType
    terms: dict[str, float]
    entities: list[str]
    numbers: list[str]
    unit: str = ""
    rates: list[str] = field(default_factory=list)  # 年 for 每年投入多少, 人 and 月 for 每人每月多少钱
    growth: bool = False  # asks how much something rose (涨多少, 提高了多少): a multiple or a share answers too
    relation: str = ""  # what a who question asks the subject of: 负责 for 由谁负责, 签字 for 哪个领导签字
    segmenter: Segmenter | None = field(default=None, repr=False, compare=False)  # the index's, to find places
    scope: tuple[str, ...] = ()
    scope_phrase: str = ""
    parts: list[QuestionAnalysis] = field(default_factory=list)
    part_label: str = ""
    dangling: bool = False  # a follow-up (那具体怎么做？) asked with no earlier turn to lean on
    future: bool = False  # asks about plans ahead (明年, 今后, 下一步…), not about what was done
    outcome: bool = False  # asks how something turned out (结果怎么样了, 后来…怎么样), not what was done
    counted: str = ""  # the noun a count question counts: 多少个驻村工作队 → 驻村工作队
    programme: str = ""  # a quoted programme whose content is asked for: “六步工作法”是哪些步骤 → 六步工作法
    procedure: bool = False  # asks for a procedure (…的具体流程是什么): only a passage describing one answers
    rank: bool = False  # asks for a rank (什么级别的干部): only a sentence stating one answers
    condition: tuple[str, ...] = ()  # the case a question asks what to do in: 驻村期间生病了怎么办 → (生病,)
    whole: str = ""  # the figure of a whole a part of which is asked: 3.1亿元里有多少用在产业上 → 3.1
    items_asked: int = 0  # the members of a stated count a list question asks for: 29条标准具体有哪些 → 29
    members: str = ""  # the noun whose members a list question asks for: 发言的先进单位是哪几个 → 先进单位
    qualifier: str = ""  # the act a counted noun is picked out by: 被提拔的干部有多少个 → 提拔
    checked: str = ""  # the thing asked whether or which is done: 还发不发工资 → 工资, 会撤职吗 → 撤职, 买了什么保险 → 保险
    publication: Publication | None = None  # a fact of the document itself: 那篇报道是哪家报纸发的 → source

    @property
    def scoped(self) -> bool:
        return bool(self.scope_phrase)


class QuestionError(CadreError):
    default_help = "请输入问题。"


_CONTENT = re.compile(r"[\w]", re.UNICODE)


def check_question(question: str, max_chars: int) -> str:
    """The question stripped, or a ``QuestionError`` saying in one line what to do: empty, too long, or holding
    nothing to search for (punctuation only, one character repeated: 该该该…)."""
    text = (question or "").strip()
    if not text:
        raise QuestionError("empty question", help_message="请输入问题。")
    if any("\ud800" <= ch <= "\udfff" for ch in text):  # half of a character pair: cannot be read or shown
        raise QuestionError("lone surrogate in the question", help_message="问题里有无法识别的字符，请重新输入。")
    if len(text) > max_chars:
        raise QuestionError(f"question of {len(text)} characters",
                            help_message=f"问题太长了（{len(text)} 个字），请缩短到 {max_chars} 个字以内再问。")
    content = "".join(_CONTENT.findall(text)).replace("_", "")
    if not content or (len(content) >= 4 and len(set(content)) <= max(1, len(content) // 10)):
        raise QuestionError("content-free question", help_message="没看懂这个问题，请换个问法。")
    return text


def _source_places(analysis: QuestionAnalysis) -> list[str]:
    """The places a scoped question names its source by, right before its word of reference: 巴中那篇文章说 → 巴中,
    山西的报道里 → 山西; not 讲话里兰考的… (what it asks about)."""
    phrase = re.escape(analysis.scope_phrase)
    return [e for e in analysis.entities if phrase and re.search(rf"{re.escape(e)}(?:市|省)?的?{phrase}", analysis.text)]


def _terms(text: str, index: KnowledgeIndex) -> dict[str, float]:
    """Content words with their IDF; question words (多长时间, 哪一年, 多少钱) ask, they are not content."""
    text = ASK_PHRASE.sub(" ", text)
    # One character that jieba tags a function word here (思路里's 里, 给…落实's 给) and the documents never hold as a
    # word alone says nothing of the subject, yet would weigh most of all; one they do hold (靠后's 后) may match.
    function = {w for w, flag in index.segmenter.tagged(text)
                if len(w) == 1 and flag[0] in _SAYS_NOTHING_ALONE and not index.knows(w)}
    terms: dict[str, float] = {}
    for token in index.query_tokens(text):
        if not QUESTION_WORD.search(token) and token not in function:
            terms[token] = max(terms.get(token, 0.0), index.idf(token))
    return terms


# jieba's tags of localizers (里, 上) and prepositions (给, 对); not adverbs, which may be content (虚活儿's 虚 ← 虚功).
_SAYS_NOTHING_ALONE = "fp"


def _single(question: str, index: KnowledgeIndex, *, scope: tuple[str, ...] = (), scope_phrase: str = "",
            label: str = "", asked: str | None = None) -> QuestionAnalysis:
    # Words of reference apart: 文章中巴中的… is not cut into 文章 / 中巴 (a bus) / 中.
    tagged = index.segmenter.tagged(REFERENCE.sub(" ", question))
    entities = [w for i, (w, flag) in enumerate(tagged)
                if flag in _ENTITY_TAGS and len(w) >= 2 and not QUESTION_WORD.search(w)
                # jieba's dictionary calls 宣传教育 a person's name: two common words joined are none.
                and not (flag == "nr" and index.segmenter.compound_of_words(w))
                # …and 礼拜 or 东西 a place: a place or a person is not counted or picked out (一个礼拜, 哪几样东西,
                # 哪些东西).
                and not (i and _COUNTED_BY.fullmatch(tagged[i - 1][0]))
                # A place jieba's HMM made up from unknown characters (组织里建的 → 里建) names none; a person's name
                # often is one (刘桂珍), and one the documents use is a word either way.
                and (flag != "ns" or index.segmenter.in_dictionary(w) or index.knows(w))]
    # 邻县 / 外省 / 别的地方 name a place as surely as 贵州 does: one the documents must mention to answer.
    entities += [m.group(0) for m in _OTHER_PLACE.finditer(question) if m.group(0) not in entities]
    kind, unit = answer_type(asked or question)
    if kind == "who" and _asks_who_a_named_person_is(asked or question, index.segmenter):
        kind = "other"  # 刘桂珍是谁？ asks what the documents say of her, not for a body or person
    terms = _terms(without_references(question, index), index)
    if asked:
        # A follow-up's own words (那经费呢 → 经费) say what is asked now; the earlier question only sets the scene.
        # Its function words (那具体由谁负责 → 由) say nothing of what is asked.
        own = set(content_words(asked, index.segmenter))
        terms = {t: w * (2.0 if any(t in word for word in own) else 1.0) for t, w in terms.items()}
    query = re.sub(r"\s+", " ", without_references(question, index)).strip(" ，,") or question
    return QuestionAnalysis(text=question, query=query, kind=question_kind(question), answer_type=kind, terms=terms,
                            entities=entities,
                            numbers=_named_figures(question, kind), unit=unit, scope=scope, scope_phrase=scope_phrase,
                            rates=rates_asked(asked or question),
                            growth=asks_about_growth(asked or question),
                            relation=who_relation(asked or question) if kind == "who" else "",
                            segmenter=index.segmenter,
                            future=asks_about_plans(question), outcome=asks_about_outcome(asked or question),
                            procedure=asks_for_a_procedure(asked or question),
                            rank=asks_for_a_rank(asked or question),
                            condition=condition_asked(asked or question, index.segmenter),
                            counted=counted_noun(asked or question, index.segmenter) if kind == "count" else "",
                            programme=programme_asked(question, quoted_programmes(index)) if kind in _MAY_ASK_CONTENT else "",
                            whole=whole_stated(asked or question),
                            items_asked=items_asked(asked or question) if kind in ("list", "who", "other") else 0,
                            members=members_asked(asked or question, index.segmenter) if kind in ("list", "who") else "",
                            qualifier=count_qualifier(asked or question, index.segmenter) if kind == "count" else "",
                            checked=checked_object(asked or question, index.segmenter) if kind not in ELEMENT_TYPES else "",
                            publication=publication_asked(asked or question),
                            part_label=label)


# What a role or body is called by (一线总指挥是谁 asks who holds a role, 刘桂珍是谁 who a person is).
_ROLE_END = re.compile(r"(?:书记|长|官|部|委|组|人|员|者|指挥|领导|主任|干部|单位|部门|机构|政府|队)$")


def _named_figures(question: str, kind: AnswerType) -> list[str]:
    """The figures a question names, which the documents must hold to answer it. A yes/no question's figure other
    than a year is the claim it checks (巴中选派了5000名干部驻村，对吗？): the documents' own figure answers it."""
    figures = NUMBER.findall(question)
    if kind == "yesno":
        return [f for f in figures if re.search(whole_number(f) + r"\s*年", question)]
    return figures


def _asks_who_a_named_person_is(question: str, segmenter: Segmenter) -> bool:
    m = re.fullmatch(r"([\u4e00-\u9fff]{2,4}?)(?:到底)?是谁[？?]?", question.strip())
    if not m or _ROLE_END.search(m.group(1)):
        return False
    return any(flag == "nr" for _, flag in segmenter.tagged(m.group(1)))


def _place_parts(question: str, entities: list[str], segmenter: Segmenter) -> list[tuple[str, str]]:
    """巴中和山西分别选派了多少… (or 巴中、昌都和山西…) → one question per place, each labelled with its place."""
    places = list(dict.fromkeys(entities))
    if len(places) < 2:
        return []
    name = "|".join(re.escape(p) for p in sorted(places, key=len, reverse=True))
    run = re.search(rf"(?:{name})(?:\s*{_JOINER.pattern}\s*(?:{name}))+", question)
    if not run:
        return _places_with_own_subjects(question, name, segmenter)
    parts = []
    for place in dict.fromkeys(re.findall(name, run.group(0))):
        text = question[: run.start()] + place + question[run.end():]
        parts.append((place, re.sub(r"分别|各自|各", "", text)))
    return parts


def _places_with_own_subjects(question: str, name: str, segmenter: Segmenter) -> list[tuple[str, str]]:
    """巴中每个驻村工作队和山西每个省派第一书记一年各有多少工作经费 → 巴中每个驻村工作队一年有多少工作经费, 山西每个省派
    第一书记一年有多少工作经费: two places, each with its own subject, then 各 or 分别 and what is asked of both (from
    the second subject's last noun on)."""
    m = re.search(rf"({name})([^，,？?和与及跟、同]{{1,14}}?){_JOINER.pattern}({name})([^，,？?]{{1,14}}?)(?=各|分别)",
                  question)
    if not m or m.group(1) == m.group(3):
        return []
    tagged = segmenter.tagged(m.group(4))
    nouns = [i for i, (word, flag) in enumerate(tagged) if is_noun(word, flag)]
    if not nouns:
        return []
    second = "".join(w for w, _ in tagged[: nouns[-1] + 1])
    asked = m.group(4)[len(second):] + re.sub(r"^(?:分别|各自|各)", "", question[m.end():])
    return [(place, question[: m.start()] + place + subject + asked)
            for place, subject in ((m.group(1), m.group(2)), (m.group(3), second))]


def _comma_questions(clause: str) -> list[str]:
    """山西选派了多少名第一书记，工作经费每年多少 → two questions: cut at a comma when both sides ask something."""
    segments = re.split(r"[，,]", clause)
    out, current = [], ""
    for i, segment in enumerate(segments):
        current = f"{current}，{segment}" if current else segment
        if ASKS_ITSELF.search(current) and ASKS_ITSELF.search("，".join(segments[i + 1:])):
            out.append(current)
            current = ""
    return out + [current] if current else out


def _clause_parts(question: str) -> list[tuple[str, bool]]:
    """…要求什么？到2020年又要求什么？ → its clauses, when each asks something of its own, each with whether it was cut
    from the one before at a comma (…帮扶了多少个贫困村，每个队每年经费多少 — the same sentence, so the same subject). A
    clause that asks nothing (还有，每年选调200名书记参加培训班，那这个培训班多长时间？) sets the scene for the one after it."""
    clauses = [(re.sub(r"^(?:另外|还有|同时|以及|那么?|又)[，,]?", "", c.strip(" ，,")), j > 0)
               for piece in _CLAUSE_SPLIT.split(without_asked_state(question)) if piece
               for j, c in enumerate(_comma_questions(piece)) if c.strip(" ，,？?")]
    parts: list[tuple[str, bool]] = []
    scene = ""
    for clause, continues in clauses:
        if ASKS.search(clause):
            parts.append((f"{scene}，{clause}" if scene else clause, continues and not scene))
            scene = ""
        else:
            scene = f"{scene}，{clause}" if scene else clause
    if scene and parts:
        parts[-1] = (f"{parts[-1][0].rstrip('？?')}，{scene}", parts[-1][1])
    return parts if len(parts) >= 2 else []


def _part_scope(clause: str, whole: QuestionAnalysis, index: KnowledgeIndex) -> tuple[tuple[str, ...], str]:
    """The documents a clause of a two-part question points at: its own reference, or the question's when the clause
    names no place those documents do not (讲话里要求第一书记在村待多久？山西对不住村的第一书记怎么处理？ — the second
    asks the Shanxi report, not the speech)."""
    own = source_scope(clause, index, [e for e in whole.entities if e in clause])
    if own[1]:
        return own
    places = [e for e in whole.entities if e in clause]
    if places and not any(entity_in(e, searchable(index.documents[d])) for d in whole.scope for e in places):
        return (), ""
    return whole.scope, whole.scope_phrase


def analyze_question(question: str, index: KnowledgeIndex, asked: str | None = None) -> QuestionAnalysis:
    """Take a normalized (Simplified) question apart; see the module docstring.

    ``asked`` is what the user typed when ``question`` was resolved from a follow-up (山西选派了多少名第一书记，
    那经费呢？): the answer type is the follow-up's own (经费), not the earlier question's (多少名).
    """
    whole = _single(question, index, asked=asked)
    whole.scope, whole.scope_phrase = source_scope(question, index, whole.entities)
    if whole.scope:
        # 巴中那篇文章说… : the place names the source, like its word of reference; every sentence of it is 巴中's.
        whole.terms = {t: w for t, w in whole.terms.items() if t not in _source_places(whole)}
    parts: list[QuestionAnalysis] = []
    clauses = [] if asked else _clause_parts(question)  # a resolved follow-up (…，那经费呢？) is one question, not two
    by_place = _place_parts(question, whole.entities, index.segmenter)
    if clauses and by_place and not all(label in clauses[0][0] for label, _ in by_place):
        # …培训了多少名乡镇党委书记？燕山-太行山、吕梁山区的培训班又培训了多少名…: places in a later clause are that
        # clause's, the question is cut at its clauses.
        by_place = []
    for label, text in by_place:
        parts.append(_single(text, index, scope=whole.scope, scope_phrase=whole.scope_phrase, label=label))
    if not parts:
        first = clauses[0][0] if clauses else ""
        first_places = named_places(index.segmenter, first)
        for i, (clause, continues) in enumerate(clauses):
            # Its own words, not its question words: 还有几个拿了提名奖 says 提名奖 of the first clause's subject.
            own = [t for t in index.segmenter.tokens(without_references(clause, index))
                   if len(t) >= 2 and not NUMBER.fullmatch(t) and not QUESTION_WORD.search(t)]
            places, label = named_places(index.segmenter, clause), clause
            if i and len(own) <= 2 and places and first_places and set(places) != set(first_places):
                # …驻村？昌都呢？ asks the first clause again of another place.
                clause, label = re.sub(words_pattern(first_places), places[0], first), places[0]
            elif i and (len(own) <= 2 or continues and first_places and not places):
                # 到2020年又要求什么？ / …帮扶了多少个贫困村，每个队每年经费多少？ lean on the first clause's subject and
                # place, not on its figures.
                context = re.sub(r"\d+(?:\.\d+)?\s*年?", "", first)
                clause = f"{context.rstrip('？?')}，{clause}"
            scope, phrase = _part_scope(clause, whole, index)
            parts.append(_single(clause, index, scope=scope, scope_phrase=phrase, label=label))
    whole.parts = parts
    return whole
