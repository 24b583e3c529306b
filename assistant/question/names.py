"""Whether a passage names what a who or place question asks for: a body or person in the relation asked (由谁负责,
跟谁签, 对谁进行轮训), a place by name or kind, or where something is held or put."""

from __future__ import annotations

import re

from assistant.question.analysis import QuestionAnalysis
from assistant.question.asked import OBJECT_ASKED, PLACE_KINDS, PLACE_QUALIFIERS, PLACES_ASKED, PUT_VERBS, VENUE_ASKED
from assistant.question.text import CLAUSE_SPAN, named_places

_PLACE_OF_A_KIND = re.compile(rf"(?<![\dX个多余几])(?:{PLACE_QUALIFIERS})(?:{PLACE_KINDS})|"
                              r"(?<![\dX个多余几])[\u4e00-\u9fff]{2}地区|"  # 发达地区, 贫困地区
                              r"[\u4e00-\u9fff]{2,6}的(?:地方|地区)")  # 群众最需要的地方
_INSTITUTIONS = {"学校": "学校|小学|中学|大学|学院", "医院": "医院|卫生院|卫生室"}

_PUT_AT_ASKED = re.compile(rf"({PUT_VERBS})[在到]了?(?:哪(?:里|儿)|哪些地方|哪个地方|什么地方)")  # 建到了哪些地方 too
# The act a venue question asks the place of, by its verb: 在哪里开展专项督导 → 开展.
_VENUE_ACT = re.compile(r"在哪(?:里|儿)?(举办|召开|举行|进行|开展|培训|学习)")

# Who answers 哪个部门/谁负责: a body (组织部, 指挥部, 财政, 党委…) or an office holder (书记, 县长…); 干部 is neither.
_BODY = re.compile(r"(?<![干全局内外])部(?!署|分)|[委局厅署院府]|办公室|部门|单位|机构|财政|小组|党组|支部|中心|高校|院所|系统|机关|企业|"
                   r"协会|社(?!会|区)")
# A speech names its own province as a body: 贫困村脱贫责任组是我省首创.
_BODY_OR_PERSON = re.compile(rf"{_BODY.pattern}|书记|部长|主任|县长|市长|省长|负责人|一把手|同志|领导|我(?:省|市|区|县|州)")

_BODY_PERSON_OR_PEOPLE = re.compile(rf"{_BODY_OR_PERSON.pattern}|干部|党员|群众|人才|村官|队员|学员|选调生|农牧民|农民|毕业生")

# Saying who is responsible (负责, 牵头, 抓, 安排, 由…): a who question asking 谁负责/谁管 is answered by any of these.
_RESPONSIBLE = re.compile(r"负总责|负责|主管|分管|管理?|牵头|主抓|抓|承担|统筹|安排|保障|由")
# …but 谁牵头 asks who leads among those responsible: 由县级组织部门确定主管部门 does not say it.
_LEADS = re.compile(r"牵头|负总责|主抓|抓总|挂帅")
# 谁出这个钱 / 谁给钱 ask who pays: a body that 安排/拨付/投入 the money answers.
_PAYS = re.compile(r"^(?:出|给|掏|拿|付|发)")
_PAID = re.compile(r"安排|拨付|拨款|出资|投入|承担|列支|补助")
# 上级是谁 asks what it is under: a body said to lead or govern it (由所在村党组织领导) answers.
_ABOVE = re.compile(r"^(?:上级|上面|上头)")
_GOVERNS = re.compile(r"领导|主管|隶属|管理?")
# 谁担责 asks who bears the blame: one whose 责任 is pursued (既追究第一书记责任) answers.
_BEARS_BLAME = re.compile(r"^(?:担责|担责任|承担责任|负责任|背锅)")
_BLAMED = re.compile(r"追究|问责|责任")
_BLAMED_OR_RESPONSIBLE = re.compile(f"{_BLAMED.pattern}|{_RESPONSIBLE.pattern}")
# 跟谁签了责任书: the party to an act, named after 与/同/跟 before the act's verb (与包扶县签订…).
# Not 谁和谁签: both parties are asked (帮扶单位和第一书记“双签”).
_PARTNER_ASKED = re.compile(r"(?<!谁)[跟和与同]谁(?:一起|一块儿?)?([\u4e00-\u9fff])")
_OBJECT_MARKER = re.compile(r"[对为把给向]")  # what follows is acted on: 对第一书记进行备案管理

# 省委组织部长叫什么名字: a person's name is asked, which only a name answers (the documents write XXX for many).
# “绣花匠”是谁: whom a figure of speech stands for, a class of people (党员干部) as well as a body or a person.
_FIGURE_IS_WHOM = re.compile(r"[”\"’」](?:指的?|说的)?是谁")

_ACTOR_TRIM = re.compile(r"^(?:由|是|要|对|在|并|且|和|同时|确保|保证)+|(?:要|来|去|也|都|还|统一)+$")
# Who a question asks for is a body or a person: the span must end as such a name does.
_ACTOR_END = re.compile(r"(?:部门|党委|党组|党组织|组织部|政府|财政|书记|部长|领导|干部|班子|单位|委员会|小组|工作队|工作组"
                        r"|局|厅|办|社|村委会|支部|党员|群众|人才|队员)$")
_WHO_MAX = 16

_ACTOR_CUT = re.compile(rf"每(?:年|月|季度|半年)|{_OBJECT_MARKER.pattern}")


def _asks_of_whom(relation: str) -> bool:
    """A who question's verb that is not about being responsible or paying (非谁莫属 → 莫属)."""
    return bool(relation) and relation != "名字" and not _RESPONSIBLE.match(relation) and not _PAYS.match(relation)


def best_clause(analysis: QuestionAnalysis, text: str) -> re.Match | None:
    """The clause of ``text`` holding most of the question's content terms."""
    clauses = [m for m in CLAUSE_SPAN.finditer(text) if m.group(0).strip()]
    scored = [(sum(w for t, w in analysis.terms.items() if t in m.group(0)), -m.start(), m) for m in clauses]
    scored = [s for s in scored if s[0] > 0]
    return max(scored, key=lambda s: s[:2])[2] if scored else None


def who_in(analysis: QuestionAnalysis, text: str) -> str | None:
    """The body or person that opens the clause about what the question asks (组织部门负责统筹协调 → 组织部门), or
    whom it acts on when that is asked (对谁进行轮训)."""
    clause = best_clause(analysis, text)
    if clause is None:
        return None
    if OBJECT_ASKED.search(analysis.text) and analysis.relation and (
            m := re.search(rf"[对给向为]([^，,。；;]{{2,{_WHO_MAX * 2}}}?){re.escape(analysis.relation)}", text)):
        # 对谁进行轮训: whom the act is of, …对农村“两委”主干特别是贫困村党组织书记进行轮训 — naming someone beyond the
        # question's own words (对各级领导班子特别是谁… is not answered by 对各级领导班子要…).
        named = re.search(r"[\u4e00-\u9fff]{2}", _without_question_phrases(analysis, m.group(1)))
        return m.group(1) if named else None
    words = clause.group(0).strip()
    first_term = min((words.find(t) for t in analysis.terms if t in words and words.find(t) > 0), default=-1)
    if first_term <= 0:
        return None
    # The body ends where what it acts on or when begins: 省财政每年为省派农村第一书记安排… → 省财政.
    actor = _ACTOR_TRIM.sub("", _ACTOR_CUT.split(words[:first_term])[0]).strip()
    return actor if 2 <= len(actor) <= _WHO_MAX and _ACTOR_END.search(actor) and actor in text else None


def holds_who(analysis: QuestionAnalysis, text: str) -> bool:
    """Whether ``text`` names the body or person a who question asks for, in the relation it asks (由谁负责, 跟谁签)."""
    if partner := _PARTNER_ASKED.search(analysis.text):
        return bool(re.search(rf"[与同跟和][\u4e00-\u9fff]{{2,10}}?{re.escape(partner.group(1))}", text))
    if analysis.relation == "名字":
        return analysis.segmenter is not None and any(
            flag == "nr" and len(word) >= 2 for word, flag in analysis.segmenter.tagged(text))
    answerer = (_BODY if analysis.unit == "单位"
                else _BODY_PERSON_OR_PEOPLE if (analysis.unit == "人" or _asks_of_whom(analysis.relation)
                                                or _FIGURE_IS_WHOM.search(analysis.text))
                else _BODY_OR_PERSON)
    if not analysis.relation:
        return bool(answerer.search(text))
    # 由谁负责 is answered by a body or person in a clause that says who is responsible (…由组织部门负责,
    # 党委书记亲自抓), not by the 书记 being assessed in a clause about the assessment, nor by one after 对/为/把
    # (对全省农村第一书记进行备案管理: the 书记 are managed). Or by the body opening the clause on what is asked
    # (哪个部门负责选派 → 省委组织部选派第一书记).
    # A role asked (总指挥是谁) is not said by the body it names (脱贫攻坚指挥部制定了…); an act asked (谁组织的) is
    # said by the body named after it (组织部门…进行集中轮训).
    role = re.search(re.escape(analysis.relation) + r"(?:是|为)", analysis.text)
    said = (_LEADS if _LEADS.match(analysis.relation)
            else _GOVERNS if _ABOVE.match(analysis.relation)
            # …完不成了谁负责: asked of a case, 负责 is bearing the blame as well.
            else _BLAMED if _BEARS_BLAME.match(analysis.relation)
            else _BLAMED_OR_RESPONSIBLE if analysis.condition and analysis.relation == "负责"
            else _RESPONSIBLE if _RESPONSIBLE.match(analysis.relation)
            else _PAID if _PAYS.match(analysis.relation)
            else re.compile(re.escape(analysis.relation) + (r"(?![部委办室局厅])" if role else "")))
    # The question's own words name no one new: 中央领导同志对我省…充分肯定 does not say who 中央领导同志 is. Asked
    # whom an act is of (对谁进行轮训), the answer is what follows 对.
    acted_on = bool(OBJECT_ASKED.search(analysis.text))
    return (any(answerer.search(_without_question_phrases(analysis, c if acted_on else _OBJECT_MARKER.split(c, 1)[0]))
                and said.search(c) for c in CLAUSE_SPAN.findall(text))
            or ((actor := who_in(analysis, text)) is not None
                and (analysis.unit != "单位" or bool(_BODY.search(actor)))))


def holds_place(analysis: QuestionAnalysis, text: str) -> bool:
    """Whether ``text`` names the place a place question asks for (哪些县, 在哪里举办, 建在哪里)."""
    if analysis.unit in _INSTITUTIONS:
        # 哪些学校 is answered by a school's name (通江县第一小学), not by 学校 or 支教 alone.
        return bool(re.search(rf"[\u4e00-\u9fff]{{2,}}(?<!的)(?:{_INSTITUTIONS[analysis.unit]})", text))
    if analysis.segmenter is None:
        return True
    if (put := _PUT_AT_ASKED.search(analysis.text)) and re.search(rf"{put.group(1)}[在到][\u4e00-\u9fff]{{2,}}", text):
        return True  # 党组织建在哪里 is answered by where it is put (把党支部建在产业项目一线), not only by a place name
    if (act := _VENUE_ACT.search(analysis.text)) and re.search(rf"在[\u4e00-\u9fff]{{2,12}}{act.group(1)}", text):
        return True  # 督导组在哪里开展督导 is answered by where it is done (在脱贫攻坚一线开展…), a place name or not
    places = named_places(analysis.segmenter, text, analysis.unit, analysis.entities)
    if VENUE_ASKED.search(analysis.text):
        # 培训班是在哪里办的 is answered by where it is held (在成都…), not by the regions its trainees come from
        # (举办燕山-太行山、吕梁山区…培训班).
        return any(re.search(rf"[在于赴到]{re.escape(p)}", text) for p in places)
    if places:
        return True
    # 哪些地方 / 哪些地区 are answered by a kind of place too (走遍全省的贫困县), never by a count (全省X个县) or by
    # the question's own words.
    return (not analysis.unit and bool(PLACES_ASKED.search(analysis.text))
            and any(m.group(0) not in analysis.text for m in _PLACE_OF_A_KIND.finditer(text)))


def _without_question_phrases(analysis: QuestionAnalysis, clause: str, min_chars: int = 3) -> str:
    """``clause`` with every run of three or more characters it shares with the question blanked, longest first."""
    question = analysis.text
    for size in range(min(len(question), len(clause)), min_chars - 1, -1):
        for start in range(len(question) - size + 1):
            phrase = question[start : start + size]
            if phrase in clause and re.fullmatch(r"[\u4e00-\u9fff]+", phrase):
                clause = clause.replace(phrase, "#")
    return clause
