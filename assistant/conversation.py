"""Follow-up questions: resolve 那具体怎么做? against the earlier turns before retrieval."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.programmes import NUMERAL_VALUES
from assistant.question.asked import ELEMENT_TYPES, answer_type, names_nothing
from assistant.question.scope import REFERENCE, opens_with_source_reference
from assistant.question.text import named_places, words_pattern
from ingest.segment import Segmenter

# Openers that always lean on an earlier turn (那…, 它们…, 这些…) ...
# 那篇讲话/这个讲话里/这篇文章 point at a document, not at an earlier turn (assistant/question/scope.py scopes them).
_POINTS_BACK = re.compile(r"^(?:那(?![篇份则])|那么|它|它们|其|这些|这个|这项|这笔|这钱|这事|这样|这种|该|他们|她们|此|上述|以上|还有|另外|"
                          r"此外|然后|接着)")
# ... a pronoun standing for what was asked before, anywhere in a short question (通过这个要达到什么效果？) — not 这个
# before a noun (这个模式有什么特点 names what it asks about) ...
_PRONOUN_INSIDE = re.compile(r"这(?:个|些|项|种)(?=[要是有的呢吗能会就都还也？?，,]|$)|它们|他们|她们")
# ... and phrasings that do so only when the question names little of its own (…呢? 分别是什么?).
_LEANS_BACK = re.compile(r"呢[?？!！。]?$|还有呢|具体(?:怎么|如何|是|有)|分别|怎么做[?？]?$|如何做[?？]?$")
# A follow-up asking to go further than the answer it follows (那具体怎么做？ 还有呢？ 详细说说).
_MORE = re.compile(r"具体|详细|细说|展开|还有|更多|然后呢|接下来|怎么做|如何做|怎么办|怎么落实|怎么抓")
# 第二个具体怎么做？ 第三条是什么意思？: an item of the list the earlier answer gave (not 第一书记, 第二次推进会).
_ITEM_REFERENCE = re.compile(r"第([一二两三四五六七八九十]|\d{1,2})(?:个|条|项|点|种|方面|步)")
# A count asked right after its verb (每个村要储备几个？ 一共派了多少人？ 一共有多少个组？): what is counted is in the earlier turn —
# not 巴中的驻村工作经费是多少？, which names it.
# A purpose may follow (派了多少人去驻村？): it says what they were sent for, not what is counted.
_BARE_COUNT = re.compile(r"(?:几|多少)(?:个|名|位|项|条|人|期|次|户|钱|元)?(?:[个名位项条期次户][组队村户人])?"
                         r"(?:[去来][\u4e00-\u9fff]{1,4})?[？?]?$")
# A short question opening on whom the act is of (对谁进行轮训？ 由谁来管？) has left its subject in the earlier turn.
_SUBJECTLESS = re.compile(r"^(?:对|给|向|为|由|跟|和|同)谁")
# A case put against the earlier turn (要是考核老排在后面呢？ after 昌都对扶贫业绩突出的干部怎么办？): if…, what then.
_IF = r"(?:要是|如果|假如|万一|若是|若)"
_CASE_PUT = re.compile(rf"^(?:那么?)?{_IF}[^？?]+呢[？?]?$")
_OWN_TERMS_MAX = 2
_MAX_DEPENDENT_CHARS = 16


def earlier_questions(history: Any) -> list[str]:
    """The earlier questions of a conversation given in any shape an interface receives: plain strings,
    ``{"question": ...}`` turns, ``{"role": "user", "content": ...}`` messages (Gradio's and langchain's format;
    content a string or a list of ``{"type": "text", "text": ...}`` parts), or (question, answer) pairs. Interfaces
    call this at their edge; everything behind them takes a list of questions."""
    if isinstance(history, str):  # one earlier question, not a sequence of characters
        return [history]
    questions: list[str] = []
    for turn in history or []:
        if isinstance(turn, str):
            questions.append(turn)
        elif isinstance(turn, dict):
            if "question" in turn:
                questions.append(str(turn["question"]))
            elif turn.get("role") == "user":
                content = turn.get("content")
                if isinstance(content, list):
                    content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
                if isinstance(content, str) and content:
                    questions.append(content)
        elif isinstance(turn, (list, tuple)) and turn and isinstance(turn[0], str):
            questions.append(turn[0])
    return questions


def previous_questions(history: Sequence[str] | None, limit: int) -> list[str]:
    """The last ``limit`` earlier questions, oldest first."""
    if isinstance(history, str) or not all(isinstance(q, str) for q in history or []):
        raise TypeError("history is a list of earlier questions (assistant.conversation.earlier_questions converts)")
    return list(history or [])[-limit:] if limit else []


def is_follow_up(question: str, segmenter: Segmenter) -> bool:
    """A short question that points back (那、它们、…呢) or names nothing of its own."""
    question = question.strip()
    if len(question) > _MAX_DEPENDENT_CHARS * 2:
        return False
    if _POINTS_BACK.search(question) and not opens_with_source_reference(question):
        return True
    if len(question) <= _MAX_DEPENDENT_CHARS and _PRONOUN_INSIDE.search(question):
        return True
    own_terms = len(segmenter.tokens(question))
    if _LEANS_BACK.search(question) and own_terms <= _OWN_TERMS_MAX:
        return True
    if len(question) <= _MAX_DEPENDENT_CHARS and (_SUBJECTLESS.match(question) or _opens_on_a_done_act(question,
                                                                                                   segmenter)):
        return True
    if len(question) <= _MAX_DEPENDENT_CHARS and (m := _BARE_COUNT.search(question)) and _only_a_verb_before(
            question[: m.start()], segmenter):
        return True
    if len(question) <= _MAX_DEPENDENT_CHARS and _names_only_kinds(question, segmenter):
        return True
    if len(question) <= _MAX_DEPENDENT_CHARS and _CASE_PUT.match(question) and not _names_someone(question, segmenter):
        return True
    # Short with one word of its own: 要多久？ leans back; 刘桂珍是谁？ names whom it asks about.
    return len(question) <= _MAX_DEPENDENT_CHARS and own_terms <= 1 and not _names_someone(question, segmenter)


def _names_only_kinds(question: str, segmenter: Segmenter) -> bool:
    """Whether ``question`` asks for a figure or name and its only nouns are one-character kinds of thing (有多少个县参加？
    每户多少钱？): which 县, which 户, the earlier turn said. Not a question asking how or what (不住村的怎么办？ 获奖的人有
    什么奖励？), which may stand alone."""
    if answer_type(question)[0] not in ELEMENT_TYPES:
        return False
    nouns = [(w, flag) for w, flag in segmenter.tagged(question)
             if re.fullmatch(r"[\u4e00-\u9fff]+", w) and (flag.startswith("n") or flag in ("s", "x"))]
    return bool(nouns) and all(len(w) == 1 and flag not in ("nr", "ns", "nt") for w, flag in nouns)


def resolve_offline(question: str, history: Sequence[str] | None, segmenter: Segmenter, limit: int = 3) -> str:
    """A standalone question: a follow-up is joined to what it leans on. One naming something of its own (那怎么管理
    他们？ 山西呢？ 考核主要看什么？ after a question on 昌都's 考核) leans on the conversation's topic, the last question that stood alone; one naming nothing (那每年多少
    钱？ 要用多长时间？) on the whole chain since, so 那每年多少钱 after 他们的工作经费谁出 still asks about 工作经费."""
    chain = topic = ""
    for earlier in [*previous_questions(history, limit), question]:
        if not chain or not (_leans_back(earlier, segmenter) or _picks_up(earlier, topic, segmenter)):
            chain = topic = earlier
        elif names_nothing(earlier, segmenter):
            chain = _joined(chain, earlier)
        elif elsewhere := (_asked_of_another_place(earlier, topic, segmenter) or _asked_of_another_name(earlier, topic)):
            chain = elsewhere
        else:
            chain = _joined(topic, earlier)
    return chain


def _asked_of_another_place(question: str, topic: str, segmenter: Segmenter) -> str:
    """A follow-up naming nothing but another place (山西呢？ after 巴中整顿了多少个软弱涣散村党组织？) asks the topic of
    that place: 山西整顿了多少个软弱涣散村党组织？ — not of both, and not of the topic's year (那巴中呢？ after
    山西2018年确定了多少个…: the other place's report need not be of that year). "" for any other question."""
    places, topic_places = named_places(segmenter, question), named_places(segmenter, topic)
    if not places or not topic_places or set(places) & set(topic_places):
        return ""
    if re.sub(rf"那么?|{_IF}是?|呢|又|也|的|[？?，,。！!\s]", "", re.sub(words_pattern(places), "", question)):
        return ""
    return re.sub(words_pattern(topic_places), places[0], re.sub(r"\d{4}\s*年(?:度)?", "", topic))


_QUOTED = re.compile(r"[“\"「‘']([^”\"」’']{2,16})[”\"」’']")


def _asked_of_another_name(question: str, topic: str) -> str:
    """A follow-up naming nothing but another quoted name (那“亲民服务百点示范”工程呢？ after 昌都的“红色引擎”工程是干
    什么的？) asks the topic of that name: 昌都的“亲民服务百点示范”工程是干什么的？ — not of both. "" for any other question."""
    asked, named = _QUOTED.search(question), _QUOTED.search(topic)
    if not asked or not named or asked.group(1) == named.group(1):
        return ""
    if len(re.sub(r"^那么?|呢|又|也|的|[？?，,。！!\s]", "", question[: asked.start()] + question[asked.end():])) > 4:
        return ""
    return topic[: named.start(1)] + asked.group(1) + topic[named.end(1):]


def _leans_back(question: str, segmenter: Segmenter) -> bool:
    return is_follow_up(question, segmenter) or names_nothing(question, segmenter)


def _picks_up(question: str, topic: str, segmenter: Segmenter) -> bool:
    """A short question naming no place, person, body or source of its own that takes up a word of a topic naming one
    (考核主要看什么？ after 昌都的考核办法是谁制定的？, 考核结果跟什么挂钩？ after 讲话里说…考核乡镇干部看什么？): it asks
    about that place's or that document's 考核, not anyone's."""
    if len(question) > _MAX_DEPENDENT_CHARS or _names_someone(question, segmenter) or REFERENCE.search(question) \
            or not (_names_someone(topic, segmenter) or REFERENCE.search(topic)):
        return False
    return any(len(word) >= 2 and word in topic for word in segmenter.tokens(question))


def _joined(previous: str, question: str) -> str:
    return f"{previous.rstrip('?？。')}，{question}"


def asks_for_more(question: str, segmenter: Segmenter) -> bool:
    """A follow-up that asks for more of what was just answered, naming nothing new of its own — not one asking
    for an element of it (那具体由谁安排？ asks who, 那具体是多少钱？ how much: the answer may be what was quoted)."""
    return (bool(_MORE.search(question)) and is_follow_up(question, segmenter)
            and answer_type(question)[0] not in ELEMENT_TYPES)


# A follow-up setting a case against the one just asked: 那业绩差的呢？ after 昌都对扶贫业绩突出的干部怎么办？
_CONTRAST = re.compile(rf"^(?:那么|那)?{_IF}?(.+?)呢[？?]?$")


def contrasted(question: str, previous: str, segmenter: Segmenter) -> str:
    """For a short follow-up ending in 呢 that sets another case against the question before it: its characters
    the previous question lacks (那业绩差的呢？ → 差, 不称职的呢？ after …基本称职的… → 不); "" for any other question,
    for one asking for more (还有呢？) and for one naming a place, body or quoted name (山西呢？ asks the same of another
    place)."""
    question = question.strip()
    m = _CONTRAST.match(question)
    if not m or len(question) > _MAX_DEPENDENT_CHARS or asks_for_more(question, segmenter) \
            or _names_someone(question, segmenter) or _QUOTED.search(question):
        return ""
    return "".join(dict.fromkeys(c for c in m.group(1) if re.match(r"[\u4e00-\u9fff\d]", c) and c not in previous
                                 and c not in "的了"))


def item_referred_to(question: str) -> int | None:
    """The position (from 1) of the earlier answer's item a follow-up points at (第二个具体怎么做？ → 2), or None."""
    m = _ITEM_REFERENCE.search(question)
    if not m or len(question) > _MAX_DEPENDENT_CHARS:
        return None
    return int(m.group(1)) if m.group(1).isdigit() else NUMERAL_VALUES[m.group(1)]


def asking_of_item(question: str, item: str) -> str:
    """The follow-up asked of the item it points at: 第二个具体怎么做？ → 发挥组织帮扶职能,实施“党员联户帮扶”工程，具体怎么做？"""
    item = re.sub(r"[。；;，,！!\s]+$", "", item)
    rest = _ITEM_REFERENCE.split(question, maxsplit=1)[-1].lstrip("，,")
    return f"{item}，{rest}" if re.sub(r"[呢吗？?。！!]", "", rest) else f"{item}？"


def _names_someone(question: str, segmenter: Segmenter) -> bool:
    """Whether ``question`` names a person, place or body (jieba's nr/ns/nt tags)."""
    return any(flag in ("nr", "ns", "nt") and len(word) >= 2 for word, flag in segmenter.tagged(question))


def _opens_on_a_done_act(question: str, segmenter: Segmenter) -> bool:
    """Whether ``question`` opens on a verb and 了 or 过 (选配了多少个带头人？ 培训过哪些内容？), or 以后 (评出来以后又做了
    什么？): a done act with no subject before it — whoever did it was named in the earlier turn."""
    words = [(w, f) for w, f in segmenter.tagged(question) if w.strip()]
    return len(words) >= 2 and words[0][1] in ("v", "vn") and words[1][0] in ("了", "过", "以后", "之后") \
        and not _names_someone(question, segmenter)


def _only_a_verb_before(text: str, segmenter: Segmenter) -> bool:
    """Whether ``text`` names nothing but ends with a verb that acts, perhaps with 了 (每个村要储备, 一共派了): not 是
    or 有, which follow what they count (经费是多少) — unless nothing but 一共 comes before them —, and no noun but one
    after 每/各 (每个村)."""
    text = re.sub(r"[每各](?:个|一个)?[\u4e00-\u9fff]", "", text.rstrip("了"))
    if re.fullmatch(r"(?:一共|总共|总计|合计|共|还|都|大概|大约)*(?:有|是)", text):
        return True  # 一共有多少个组: nothing named before it either
    words = [(w, f) for w, f in segmenter.tagged(text) if w.strip()]
    return (bool(words) and words[-1][1].startswith("v") and words[-1][0] not in ("是", "为", "有", "达", "共", "占")
            and not any(f.startswith("n") for _, f in words))
