"""Which documents a question points at (那篇讲话中…, 《…》, a source's or author's name), the facts of a document's own
header it asks for, and the question without its words of reference."""

from __future__ import annotations

import re
from typing import Literal

from assistant.question.asked import written_asking
from assistant.question.text import entity_in
from core.records import Document
from ingest.index import KnowledgeIndex

Publication = Literal["title", "source", "author", "date"]

# A fact of the document itself, which its header holds and its text does not.
_PUBLICATION_ASKED: list[tuple[Publication, re.Pattern]] = [
    ("source", re.compile(r"哪(?:家|个|份)(?:报纸|报社|报|媒体|网站|刊物|杂志)|什么(?:报纸|报|媒体|网站)(?:上|发|登|刊)|"
                          r"(?:来源|出处)(?:是|为)?(?:哪|什么)|出自哪|(?:发表|刊登|刊发|登|发)在(?:哪|什么)")),
    ("author", re.compile(r"(?:作者|记者|撰稿人|撰稿的|写稿的)(?:是|叫)?(?:谁|哪位|什么名字)|(?:是)?谁(?:写|撰写|采写)的|哪位记者")),
    ("title", re.compile(r"(?:标题|题目|篇名)(?:是|叫)?(?:什么|啥)|叫什么(?:标题|题目)")),
    ("date", re.compile(r"(?:什么时候|哪天|哪一天|哪年|哪一年|何时)(?:发表|发布|刊发|刊登|登出|发出来?|发|登)的?|"
                        r"(?:发表|发布|刊发|刊登)(?:于|在)?(?:什么时候|哪天|哪一天|何时)|(?:发表|发布|刊发)(?:的)?(?:时间|日期)")),
]

# Words with which a question points at a document instead of its content.
_REFERENCE_NOUN = r"(?:资料|材料|文件|文章|报道|讲话|稿子|新闻|评论|社论|通讯|文中)"
REFERENCE = re.compile(
    rf"(?:(?:那|这|哪)一?(?:篇|份|则){_REFERENCE_NOUN}?|(?:那|这|哪)一?(?:个|条)?{_REFERENCE_NOUN}"
    # …的讲话里提到 / 文章中说: a reference without 那篇, known by what follows it.
    rf"|{_REFERENCE_NOUN}(?=(?:里面|里头|当中|里|中)?(?:提到|提出|说到|说过|说|讲到|讲|写到|写|谈到|指出|强调|要求))"
    # …or opening the question (or a clause, or after 在) with where it looks: 讲话里村级集体经济发展谁牵头抓总.
    rf"|(?:^|(?<=[，,。？?\s在])){_REFERENCE_NOUN}(?=里面|里头|当中|里|中))"
    r"(?:里面|里头|当中|中间|里|中|上|内)?"
    r"(?:提到|提出|说到|说过|说|讲到|讲|写到|写的|写|介绍|谈到|谈|指出|强调|要求)?(?:了|过|的)?"
)
_TITLE = re.compile(r"《([^》]{2,60})》")
_SPEECH = re.compile(r"讲话|发言|会议上|会上")
_REPORT = re.compile(r"报道|新闻|通讯|记者")


def publication_asked(question: str) -> Publication | None:
    """The fact of a document's own header a question asks for (那篇报道是哪家报纸发的 → source, 记者是谁 → author,
    什么时候发表的 → date), or None: the documents' text never says where it was printed."""
    question = written_asking(question)
    if not re.search(rf"{_REFERENCE_NOUN}|报纸|报社|媒体|[这那]篇", question):
        return None  # 这个办法是谁写的 asks about a regulation the documents name, not about a document
    return next((fact for fact, pattern in _PUBLICATION_ASKED if pattern.search(question)), None)


def _source_names(index: KnowledgeIndex) -> dict[str, list[str]]:
    """Names by which a question may point at each document by itself: its source and author."""
    return {doc_id: [n for n in (doc.source, doc.author) if n and len(n) >= 2]
            for doc_id, doc in index.documents.items()}


def source_scope(question: str, index: KnowledgeIndex, entities: list[str]) -> tuple[tuple[str, ...], str]:
    """Documents the question points at (and the phrase that does), or ``((), "")`` when it names none.

    Only a question with a word of reference (那篇文章, 讲话中, 报道里…) is scoped: 山西选派了多少…
    asks about Shanxi wherever it is written, 山西那篇报道里… asks about one document.
    """
    reference = REFERENCE.search(question)
    names = _source_names(index)
    named_sources = [d for d, own in names.items() if any(n in question for n in own)]
    if titled := _titled(question, index):
        return titled, _TITLE.search(question).group(0)
    if not reference and not named_sources:
        return (), ""
    candidates = set(index.documents)
    if named_sources:
        candidates &= set(named_sources)
    if reference and _SPEECH.search(question):
        candidates = {d for d in candidates if _SPEECH.search(index.documents[d].title)} or candidates
    elif reference and _REPORT.search(question) and not named_sources:
        candidates = {d for d in candidates if not _SPEECH.search(index.documents[d].title)} or candidates
    if reference and entities:
        # 山西那篇报道 / 讲山西的那篇文章: the document about the place named with the reference (in its title, its
        # opening lines, or who published it: 巴中那篇文章 is also the one 巴中日报 printed); other places in the
        # question are what it asks about, not where to look.
        near = question[max(0, reference.start() - 8) : reference.start()]
        named = [e for e in entities if e in near] or entities
        about = {d for d in candidates if any(entity_in(e, _about(index.documents[d])) for e in named)}
        candidates = about or candidates
    if candidates == set(index.documents):
        return (), reference.group(0) if reference else ""
    phrase = reference.group(0) if reference else next(n for d in named_sources for n in names[d] if n in question)
    return tuple(sorted(candidates)), phrase


def _about(doc: Document) -> str:
    """Where a document says what place it is about: its title, its opening lines, its source and author."""
    return f"{doc.title} {doc.source or ''} {doc.author or ''} {doc.text[:300]}"


def opens_with_source_reference(question: str) -> bool:
    """那个讲话里… / 这篇文章中…: the question opens by pointing at a document, not back at an earlier turn."""
    return bool(REFERENCE.match(question.strip()))


def _titled(question: str, index: KnowledgeIndex) -> tuple[str, ...]:
    """Documents whose title the question quotes in 《…》 (most of the title's characters, in order or not)."""
    m = _TITLE.search(question)
    if not m:
        return ()
    quoted = set(m.group(1))
    return tuple(sorted(d for d, doc in index.documents.items()
                        if quoted and len(quoted & set(doc.title)) >= 0.8 * len(quoted)))


def without_references(question: str, index: KnowledgeIndex) -> str:
    """The question without words of reference and the names of its sources, which say nothing of content.
    A 《…》 that is not one of the documents' titles (《市县党政正职履行脱贫攻坚责任考评办法》, a regulation the
    documents name) is what the question is about, and stays."""
    text = REFERENCE.sub(" ", _TITLE.sub(" ", question) if _titled(question, index) else question)
    for names in _source_names(index).values():
        for name in names:
            # Indexes cleaned before CHUNKER_VERSION 3 hold 人民日 for 人民日报; a question writes it whole.
            text = re.sub(re.escape(name) + "报?", " ", text)
    return text
