"""The answer first: the figure, date, name or clause a question asks for, and the items of a list — each cut
verbatim from a cited span, so what is shown in bold is still a quotation.

A village secretary reading on a phone wants 3654名 before three lines of official prose; these functions only
pick a span of what the extractive answer already cites, they never write text of their own.
"""

from __future__ import annotations

import re

from assistant.assess import coverage
from assistant.question.analysis import QuestionAnalysis
from assistant.question.asked import FIGURE_TYPES, THING_NAMED
from assistant.question.holds import count_unit_pattern, frequency_in
from assistant.question.names import best_clause, who_in
from assistant.question.text import (
    CLAUSE_SPAN,
    COUNT_UNITS,
    DURATION,
    FIGURE,
    NAMED_YEAR,
    SHARE_FIGURE,
    without_figures,
    words_pattern,
)
from assistant.quiz_facts import counted_list_in, trim_list_head
from core.records import Answer, AnswerItem

_NUMBER_WITH_UNIT = {
    "money": re.compile(rf"{FIGURE}\s*(?:多|余)?\s*(?:万|亿|千)?元"),
    "share": re.compile(rf"{SHARE_FIGURE}(?:以上|左右)?"),
    "duration": re.compile(rf"(?:{DURATION.pattern})(?:左右|以上)?"),
    "date": re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?(?:春季|夏季|秋季|冬季|底|初)?"
                       rf"|{NAMED_YEAR}|(?:今年|去年|明年)(?:底|初)?"),
}
# A figure saying by how much something changed, and a question asking for one.
_CHANGE_BEFORE = re.compile(r"(?:下降|降低|减少|提高|增加|增长|上升|扩大|缩小)(?:了|近|约|超过)?$")
_CHANGE_ASKED = re.compile(r"(?:下降|降低|减少|提高|增加|增长|上升|扩大|缩小|涨|少|多)了?(?:多少|几)")
# A count name the question asks about: 三个关键, 四个短板.
_COUNT_NAMED = re.compile(r"([二两三四五六七八九十])(?:个|项|大|条|种)([\u4e00-\u9fff]{2})")
_CLAUSE_MAX = 40
_TITLE = re.compile(r"《[^》]{2,60}》")
# A yes/no question's short answer is a clause saying at least this share of the question's content weight:
# 要注意引导第一书记树立正确政绩观 shares only 第一书记 with 第一书记要不要住在村里 and answers nothing.
_CLAUSE_MIN_SHARE = 0.5
# Three or more items joined by 、; an item stops at 的 or a quote (…第一书记到岗的“两包三到”联动帮扶机制).
_LIST_ITEM = re.compile(r"[^、，,。；;：:“”的]{2,16}(?:、[^、，,。；;：:“”的]{2,16}){2,}")


def _count_pattern(analysis: QuestionAnalysis) -> re.Pattern:
    # 多少工作经费 asks a count without a unit noun: any figure with a unit answers it (1万元), and so does a figure
    # right before the noun counted (多少贫困户 → 12.8万贫困户).
    unit = count_unit_pattern(analysis, f"(?:[{COUNT_UNITS}元%]|个百分点)")
    # 多少村党组织 is answered by 60%以上的村党组织 too (question.holds_answer_type).
    share = rf"{SHARE_FIGURE}(?:以上|左右)?(?=的?{unit})" if analysis.unit or analysis.counted else "(?!)"
    # A range is one answer: 每个贫困村储备1至2名.
    return re.compile(rf"(?:{FIGURE}\s*[至到~-]\s*)?{FIGURE}\s*(?:多|余)?\s*(?:万|千|百|亿)?\s*{unit}(?:以上|左右|多)?|{share}")


def figures_in(analysis: QuestionAnalysis, text: str) -> list[tuple[tuple[bool, bool, float], str]]:
    """The figures of the asked kind in ``text``, with their unit (3654名, 2.5万元, 每半年 → 半年), ranked: first one
    followed by the noun the question counts (多少贫困户 → 12.8万贫困户, not 56737名党员干部 of the same clause), then
    one a word of the question touches (降到7.65%, not 下降14个百分点), then a change (下降14个百分点) only for a question
    asking by how much, a level otherwise, then one not stated per team or year when a total is asked (一共), then by
    the question's weight its clause says:
    山西整顿了多少个软弱涣散村党组织 is answered by 2494个 of 全省共确定软弱涣散村党组织2494个, not by 一个 of
    一村一个工作组 before it."""
    pattern = _count_pattern(analysis) if analysis.answer_type == "count" else _NUMBER_WITH_UNIT.get(
        analysis.answer_type)
    if pattern is None:
        return []
    own, noun = words_pattern(analysis.terms, min_chars=2), analysis.counted
    before = re.compile(rf"(?:{own})[了为达至共约]?$") if own else None
    after = re.compile(rf"^(?:{own})") if own else None
    clauses = list(CLAUSE_SPAN.finditer(text))
    asks_change = bool(_CHANGE_ASKED.search(analysis.text))
    asks_total = bool(re.search(r"一共|总共|累计|合计|总计|共计", analysis.text))
    found = []
    for m in pattern.finditer(text):
        # A figure the question states itself (3.1亿元里有多少用在产业上) is no answer to it.
        stated = without_figures(m.group(0), analysis.numbers) != m.group(0)
        if re.search(r"\d|[一二两三四五六七八九十半]", m.group(0)) and not stated:
            clause = next((c.group(0) for c in clauses if c.start() <= m.start() < c.end()), m.group(0))
            following = text[m.end():m.end() + 12]
            counted = bool(noun) and following.startswith(noun)
            touched = before is not None and bool(before.search(text[max(0, m.start() - 12):m.start()])
                                                  or after.match(following))
            weight = sum(w for t, w in analysis.terms.items() if t in clause)
            # 贫困发生率现在是多少 asks a level (降到7.65%), 下降了多少 a change (下降14个百分点).
            is_change = bool(_CHANGE_BEFORE.search(text[max(0, m.start() - 4):m.start()]))
            # 一共投了多少钱 asks a total (累计投入3.1亿元), not a rate (每个驻村工作队每年不低于2.5万元).
            per = "每" in clause
            found.append(((counted, touched, is_change == asks_change, not (asks_total and per), weight),
                          m.group(0).strip()))
    return found


def short_answer(analysis: QuestionAnalysis, answer: Answer) -> str | None:
    """A one-line direct answer cut from the cited spans; None when the question asks for no single element (how,
    why, list) or no span holds it. A figure comes from the clause saying most of what is asked (the first such
    when several do), a name or a clause from the first span holding one."""
    if answer.refused or not answer.citations:
        return None
    if len({c.doc_id for c in answer.citations}) > 1 and len(analysis.entities) > 1:
        return None  # 巴中的贫困发生率和山西的集体经济…: one figure cannot answer for two places
    citations = sorted(answer.citations, key=lambda c: c.n)
    if analysis.answer_type in FIGURE_TYPES:
        if analysis.answer_type == "duration" and (every := next(
                (f for c in citations if (f := frequency_in(analysis, c.span))), None)):
            return every  # 多久对第一书记集中轮训一次 → 每年, not the 半年 of the next sentence
        figures = [f for c in citations for f in figures_in(analysis, c.span)]
        return max(figures, key=lambda f: f[0])[1] if figures else None
    for citation in citations:
        span = citation.span
        if analysis.answer_type == "who":
            found = who_in(analysis, span)
        elif THING_NAMED.search(analysis.text):
            found = m.group(0) if (m := _TITLE.search(span)) else None  # 管理办法叫什么名字 → 《…管理办法(试行)》
        elif analysis.answer_type == "yesno":
            clause = best_clause(analysis, span)
            said = clause.group(0).strip() if clause else ""
            found = said if said and len(said) <= _CLAUSE_MAX and coverage(analysis, said) >= _CLAUSE_MIN_SHARE \
                else None
        else:
            return None
        if found:
            return found
    return None


def list_items(analysis: QuestionAnalysis, answer: Answer) -> list[AnswerItem]:
    """For a list question answered in running text, the items of a 、-list inside the first cited span that
    holds one (单位包村、领导包带和工作队到村、…), each with that citation."""
    if analysis.kind != "list" or answer.refused:
        return []
    citations = sorted(answer.citations, key=lambda c: c.n)
    if named := _COUNT_NAMED.search(analysis.text):
        # 三个关键是什么: only the list that closes with 三个关键, not the first list of the span (组织、干部、人才三个
        # 轮子), nor one that merely has three items (全面、系统、联动的理念).
        for citation in citations:
            if items := counted_list_in(citation.span, named.group(1), named.group(2)):
                return [AnswerItem(text=item, n=citation.n) for item in items]
        return []
    for citation in citations:
        m = _LIST_ITEM.search(citation.span)
        if m:
            items = trim_list_head([item.strip() for item in m.group(0).split("、")])
            return [AnswerItem(text=item, n=citation.n) for item in items]
    return []
