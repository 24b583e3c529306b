"""What a question asks for, read from its words alone: its kind and answer type (with the unit it names), the
relation a who question asks of, the noun a count counts and the act that picks it out, the rate, the stated whole,
the items or members listed, the case asked about, and whether it asks about plans, outcomes or a procedure."""

from __future__ import annotations

import itertools
import re
from typing import Literal

from assistant.question.text import CLAUSE_SPAN, COUNT_UNITS, is_noun
from ingest.segment import Segmenter

QuestionKind = Literal["number", "list", "why", "how", "other"]
AnswerType = Literal["count", "money", "duration", "date", "share", "who", "place", "list", "reason", "method",
                     "yesno", "other"]

# 为什么 asks why, except after a verb ending in 为 (列为什么, 作为什么, 称为什么), where it is 为 + 什么: what it was made.
_WHY = r"(?<![列作成称视定评改划叫变])为什么"
_KIND_PATTERNS: list[tuple[QuestionKind, re.Pattern]] = [
    ("number", re.compile(r"多少|(?<!哪)几[个名项条次年天点种批]|几$|多久|多长|比例|百分")),
    ("why", re.compile(rf"{_WHY}|为何|原因|意义|目的|为啥")),
    ("list", re.compile(r"哪些|哪几|哪[二两三四五六七八九十][个项条种大方]|包括|分别|有什么|是什么|指的是|内容|措施|做法|啥")),
    ("how", re.compile(r"怎么|怎样|如何|办法|途径")),
]

PLACE_KINDS = "乡镇|省|市|县|区|州|镇|乡|村|学校|医院"
PLACE_QUALIFIERS = "贫困|深度贫困|重点|试点|示范|边远|偏远|后进|软弱涣散"

# 哪些单位 / 哪个部门 ask for a body only: 县处级以上领导带队 does not say which units the 队员 came from.
_BODY_ASKED = re.compile(r"哪(?:个|一个|些|几个)(?:部门|单位|机构)")
# Where something takes place or stands: 在哪里举办 / 在哪里开的 / 设在哪里 / 去哪里培训.
PUT_VERBS = "设|建|放|办|开|住|安置|落"  # 设在哪里 / 建在哪儿: where something is put
VENUE_ASKED = re.compile(r"(?:在|去|到)哪(?:里|儿)?(?=举办|召开|举行|进行|开展|培训|开会|开|办|建|设|学习|报名|报到|登记|申请|领取|"
                         r"咨询|上课)|"
                         rf"(?:{PUT_VERBS})在哪(?:里|儿)")
PLACES_ASKED = re.compile(r"(?:哪个|哪些|什么)(?:地方|地区)")  # places of a kind answer these, not 在哪里举办

_ANSWER_TYPES: list[tuple[AnswerType, re.Pattern]] = [
    # 什么时候 asks for a date when an event follows (什么时候开始, 什么时候毕业); 什么时候会通报批评 asks for a condition.
    # 什么时间 and 何时 always ask for a date.
    ("date", re.compile(r"哪一年|哪年|何年|(?:什么|哪个|哪一|哪些)年份|哪一?天|几月|几号|何时|什么时间|"
                        r"什么时候(?!会|要|才|能|可|应|需|就|都|也)[\u4e00-\u9fff]|什么时候[？?]?$|(?<!持续)(?<!多长)时间(?:和[^，。？?]{1,4})?是什么|"
                        # …座谈会的具体时间是？ / 截止日期？: the question ends asking for the time of something.
                        r"(?<!持续)(?<!多长)(?:时间|日期)(?:是|为)?(?:哪天|哪一天|何时)?[？?]?$")),
    # 这几年 / 近几天 say when, they do not ask how long.
    ("duration", re.compile(r"多久|多长时间|多长|(?<![这近前头那])(?:几年|几个月|几天|几小时|几周|几个?星期)|多少天|多少年|多少个月|多少小时|"
                            r"多少周|多少个?星期|期限|任期|时长|持续时间|(?:时间|期)是?多少")),
    # Before money: 收入涨了百分之几 asks for a share of the income, not an amount.
    # 占计划招录总数的多少: a share of the total.
    ("share", re.compile(r"比例|百分之|百分点|多少%|占多少|占[^，,。？?]{1,12}的?多少(?![名个人户项条次亩元])|发生率")),
    ("money", re.compile(r"多少钱|几块钱|多少万|多少亿|多少元|花了?多少|拿到?多少|几万|几亿|"
                         # …收5万块钱以上的村有多少: money stated with its figure describes what is counted, it is not asked.
                         r"(?<![块元万亿千\d])(?:钱|工资|补贴|补助|补偿|奖励|待遇|薪酬|经费|资金|费|报酬|津贴|奖金|收入)[^，。？?]{0,6}(?:多少|几)(?![名个人户项条次])|"
                         # 有多少工作经费: the money named after the question word
                         r"(?:多少|几)(?:的)?(?:工作|专项|办公|活动)?(?:经费|资金|工资|补贴|补助|报酬|津贴|奖金|钱)|"
                         # 3.1亿元里有多少用在产业上: a part of a stated sum of money is money
                         r"\d\s*[万亿千]?元[^。？?]{0,8}?(?:里|中|当中|之中)[，,]?[^。？?]{0,6}?(?:多少|几)(?![名个人户项条次])")),
    # 名额 (places on a quota) is a noun, not 名 counting people: 拿出多少名额 is answered by 10%的名额.
    ("count", re.compile(rf"多少(?:[{COUNT_UNITS}](?!额(?!外)))?|(?<!哪)几[{COUNT_UNITS}](?!额(?!外))|(?<!哪)几个")),
    ("who", re.compile(rf"谁|{_BODY_ASKED.pattern}|哪一级|哪级|由哪|什么人|哪些人|哪个人|哪位|叫什么名字|名字(?:是|叫)什么|姓什么|"
                       r"哪(?:个|一个|些)(?:领导|干部|同志|负责人|官员|书记)")),
    # 哪个村 / 哪些县 ask for places by name (the unit is the place's kind); 问题在哪里 does not ask for a place, nor 哪些区域
    # (areas of a kind: 空心村、新型社区…), which no district's name answers.
    # 在哪里举办 asks where something takes place.
    # 在哪里开的 / 窗口设在哪里 too.
    ("place", re.compile(rf"{VENUE_ASKED.pattern}|"
                         rf"哪(?:个|一个|些|几个)(?:{PLACE_QUALIFIERS})?({PLACE_KINDS})"
                         rf"(?!干部|党|委|民|官|级|集体|两委|支书|书记|主任|长|域)|{PLACES_ASKED.pattern}")),
    # 10项措施具体是哪10项 asks for the items by their number, whatever noun (措施, 办法) names them.
    ("list", re.compile(rf"哪(?:\d+|[二两三四五六七八九十]+)[{COUNT_UNITS}大方]")),
    ("reason", re.compile(rf"{_WHY}|为何|原因|为啥|目的|意义")),
    ("method", re.compile(r"怎么|怎样|如何|办法|途径|措施|做法|咋")),
    ("list", re.compile(r"哪些|哪几|哪[二两三四五六七八九十][个项条种大方]|包括|分别是|有什么|有哪")),
    ("yesno", re.compile(r"是不是|是否|有没有|能不能|可不可以|会不会|要不要|吗[？?]?$")),
]
_AGE_ASKED = re.compile(r"(?:年龄|年纪|岁数)[^，,。？?]{0,4}(?:多少|多大|几)|多大(?:年纪|岁数)|几岁|多少岁")
# A size or a distance (周转房每套多大, 活动场所有多大面积, 离县城多远) is answered by a measure (平方米, 公里), never by a
# count of anything; 压力有多大 and 多大比例 ask no measure.
MEASURES = {"面积": "平方米|平米|平方公里|亩|公顷", "距离": "公里|千米|里|米"}
_MEASURE_ASKED = [
    ("面积", re.compile(r"(?:面积|占地)[^，,。？?]{0,4}(?:多大|多少|几)|多大(?:的)?面积|"
                        r"(?:房子?|屋子?|院子?|场所|场地|阵地|活动室|办公室|村部|宿舍|每套|每间)(?:有|是)?多大(?!比例|比重)")),
    ("距离", re.compile(r"多远|(?:距离|路程)[^，,。？?]{0,4}(?:多少|几)|(?:多少|几)(?:公里|里路|千米)")),
]
# A part of a whole the question states (3.1亿元里有多少用在产业上, 699个贫困村中有多少个已经退出): the whole's figure.
_WHOLE_STATED = re.compile(r"(\d+(?:\.\d+)?)(?![\d.])(?!\s*年)\s*[万亿千百]?[^\s，,。？?]{0,8}?(?:里|中|当中|之中)[，,]?[^。？?]{0,6}?(?:多少|几)")
# A stated count whose members are asked for right after it: 29条具体有哪些, 10名最美村干部都有谁.
_ITEMS_ASKED = re.compile(rf"(?<![\d.])(\d+)\s*(?:多|余)?\s*[{COUNT_UNITS}][\u4e00-\u9fff]{{0,8}}?"
                          r"(?:(?:都|分别|具体|主要)?(?:有|是|包括|指)?(?:哪些|哪几|哪\d|都有谁|分别是谁)|(?:分别|具体)(?:是|指)什么|"
                          # …or one of them by its place: 29条标准里第一条是什么 needs the 29条 spelled out.
                          rf"(?:里|中|当中|之中)?的?第(?:\d+|[一二三四五六七八九十]+)[{COUNT_UNITS}])")

_DURATION_ASKED = re.compile(r"(?:多少|几)个?(小时|天|周|星期|月|年)")
_MONEY_ASKED = re.compile(r"(?:多少|几)(亿|万)")
# A rate the question asks a figure per (每年投入多少, 每人每月多少钱, 人均), and how a sentence states it. 累计投入3.1亿元
# does not answer 每年投入多少亿元; the rate must stand in the clause of the figure.
# Per group, team or village may name it: 每个督导组, 每个驻村工作队, 每个贫困村.
# 一期有多少人 asks per session as 每期 does, 一个驻村工作队有几个人 per team as 每个驻村工作队 does; 谈心一次谈多久 how long
# each lasts, not how often (多久谈一次).
_RATE_ASKED = re.compile(r"每一?[个支]?(年|月|人|天|日|次|期|户)|每一?[个支]?[\u4e00-\u9fff]{0,4}(组|队|村|户)(?![\u4e00-\u9fff]?[委民])|"
                         r"(人|年|月|户)均|(?<![第\d一二三四五六七八九十])一(期|批|轮)(?!工程|项目)(?=[^，,。？?]{0,4}(?:多少|几))|"
                         r"(?<![第\d一二三四五六七八九十])一[个支][\u4e00-\u9fff]{0,5}(组|队|村|户)(?![\u4e00-\u9fff]?[委民])"
                         r"(?=[^，,。？?]{0,8}(?:多少|几))|"
                         r"(?<![第\d一二三四五六七八九十])一(次)(?=[\u4e00-\u9fff]{0,4}(?:多久|多长时间|几个?(?:小时|天|分钟)))|"
                         r"(?<![第\d一二三四五六七八九十哪下])一个?(月|年)(?=[^，,。？?]{0,6}(?:多少|几))")

FIGURE_KINDS = ("count", "money", "duration", "share")
# Types answered by a name, not a figure: who is responsible, which place.
NAME_TYPES = ("who", "place")
# Types answered by a figure or a date (cut out as the short answer by assistant/direct.py).
FIGURE_TYPES = (*FIGURE_KINDS, "date")
COUNTED_KINDS = ("count", "money", "share")  # figures often given a sentence after the one naming their subject
# Types whose answer is one element a sentence holds or not (holds_answer_type): a figure, a date, a name.
ELEMENT_TYPES = (*FIGURE_TYPES, *NAME_TYPES)

YEAR_ASKED = re.compile(r"哪一?年|何年|年份")

# A question on how much something rose, and a rise stated as a multiple or a share (翻一番, 3倍, 增长20%).
# 涨了多少 asks the size of a rise; 涨到多少 the level it reached; 翻一番以后一个月能拿多少钱 neither (the rise is stated).
_GROWTH_ASKED = re.compile(r"(?:涨|增加|提高|增长|上调|翻)(?:了|到|至)?[^，,。？?]{0,3}?(?:多少|几)")
RISE_SIZE_ASKED = re.compile(r"(?:涨|增加|提高|增长|上调)了?[^，,。？?到至]{0,3}?(?:多少|几)")

# A question about what comes next (or what someone 打算 does), and a sentence that states a plan or target.
# (以后 alone often means "after": 三大行动搞完以后…; 将 states a plan only before 会/要/于/继续…: 并将督查重点由…调整为
# takes an object, 强将 is a general. 计划 ends many programme names, “教育扶智计划”: it counts as a plan only before a
# verb, 计划招录.)
_FUTURE_ASKED = re.compile(r"明年|后年|下一年|下一个?年份|下个?年度|今后|将来|未来|接下来|下一步|下步|下阶段|以后的|打算")

# 对哪些人进行培训 / 非谁莫属 ask for people, whom a class answers (村干部和农牧民党员, 党员干部); who is responsible or
# pays is a body or an office holder, never 干部 at large.
# …or of whom among those named (对各级领导班子特别是谁要逐一分析研判).
OBJECT_ASKED = re.compile(r"[对给向为](?:[^，,。？?]{1,12}(?:特别是|尤其是))?(?:谁|哪些人)")
_PEOPLE_ASKED = re.compile(rf"哪些人|什么人|哪类人|哪种人|哪些群体|{OBJECT_ASKED.pattern}")  # 这是对谁的要求 → 每名驻村队员

# What comes between the who phrase and the verb it asks the subject of: 由谁来负责, 具体由哪个部门去管.
_WHO_ASKED = re.compile(rf"(?:谁|{_BODY_ASKED.pattern}|哪一?级(?:财政|党委|政府|组织部门|部门)?|哪个人|哪位|哪(?:个|一个|些)(?:领导|干部|同志|负责人|官员|书记))"
                        r"(?:[和与跟同]谁)?(?:来|去|在|要|具体|是|能|会|可以|应该|主要)*((?!的)[\u4e00-\u9fff](?:(?![这那此该])[\u4e00-\u9fff])?)")
# …or before it, when a preposition follows 谁 (代表谁向…表示慰问).
_PREPOSITIONS = "向对给为跟和与在从把"
_VERB_BEFORE_WHO = re.compile(rf"([\u4e00-\u9fff]{{2}})谁(?=[{_PREPOSITIONS}])")
# …or the role it asks to name (讲课老师是谁 → 老师; 负责人是哪位 → 责人): the answer names it with the body or person.
_WHO_IS = re.compile(r"((?:(?!的)[\u4e00-\u9fff]){2})(?:是|为)(?:谁|哪个部门|哪个单位|哪个机构|哪个人|哪位)")

_NAME_ASKED = re.compile(r"叫什么名字|名字(?:是|叫)什么|姓什么")
# The name of a thing the documents name, not of a person: its title answers (《…管理办法(试行)》).
THING_NAMED = re.compile(r"(?:办法|文件|制度|工程|项目|活动|计划|标准|规定|模式|条例|方案|意见|机制|会议|培训班|工作法|行动|政策)"
                          r"的?(?:叫什么名字|名字(?:是|叫)什么|名称是什么|叫什么)")

# jieba's tags of words that carry no content: pronouns, prepositions, conjunctions, particles, adverbs, modals.
_FUNCTION_TAGS = ("r", "p", "c", "u", "d", "y", "e", "o", "x")
# Verbs, adverbs, adjectives and function words (jieba's tags): a question made of these alone names no thing
# (要用多长时间); nouns, names, figures, idioms do (今天天气 is an idiom to jieba).
_NAMING_NOTHING_TAGS = ("v", "d", "a", "r", "p", "c", "u", "y", "e", "o", "x", "q", "f")

ASK_PHRASE = re.compile(
    rf"多少[钱{COUNT_UNITS}]?|几[{COUNT_UNITS}年天月样]?|多长时间|多久|哪一年|哪年|什么时候|何时|什么时间|为什么|为何|为啥|"
    # 会怎样 whole: jieba glues a lone 会 to the word before it (基础不牢会 → 不牢会, a word no passage holds).
    r"(?:怎么|怎样|如何|咋)办|会(?:怎么样|怎样)|怎么样|怎么|怎样|如何|是不是|是否|有没有|能不能|可不可以|哪些|哪个|什么|谁|[吗呢][？?]?$"
)
QUESTION_WORD = re.compile(r"多少|什么|哪|几|谁|怎|多长|多久|为啥|啥|咋|吗$|呢$")

# Words that ask; not the 几 of 近几年 / 这几天, which say when, nor of 好几个 / 十几个, which say "several". A comma
# cuts a question in two only where both sides ask with one of these (…多少名第一书记，工作经费每年多少), not with a
# closing 吗 or 呢.
_ASK_WORDS = r"多少|(?<![这近前头那好十])几|什么|哪|怎么|怎样|如何|为什么|为何|谁|是否|有没有|啥|咋|多长|多久"
ASKS = re.compile(rf"{_ASK_WORDS}|吗|呢")
ASKS_ITSELF = re.compile(_ASK_WORDS)

# Spoken question words and the written ones the patterns above know: 啥时候开始 asks for a date as surely as
# 什么时候开始 does.
# 好几个 / 十几个 say "several", they do not ask: written as 好多个 / 十多个.
_SPOKEN_ASKING = [(re.compile(r"(?<=[好十])几"), "多"), (re.compile(r"多会儿?|几时(?!候)"), "什么时候"),
                  (re.compile(r"为啥"), "为什么"), (re.compile(r"啥"), "什么"), (re.compile(r"咋样"), "怎样"),
                  (re.compile(r"咋"), "怎么")]


# 包村干得怎么样，跟什么挂钩: how well something went, said before a comma and a question, is that question's subject.
_STATE_AS_SUBJECT = re.compile(rf"得(?:怎么样|如何|咋样|好不好)(?=[，,][^，,？?]*(?:{_ASK_WORDS}))")


def written_asking(question: str) -> str:
    """``question`` with its spoken question words written out (啥时候 → 什么时候, 咋 → 怎么), for the patterns
    that tell what is asked, and without the question word of a state it is asked of (包村干得怎么样，跟什么挂钩 asks
    what it is tied to); its content words are not touched."""
    for pattern, written in _SPOKEN_ASKING:
        question = pattern.sub(written, question)
    return without_asked_state(question)


def without_asked_state(question: str) -> str:
    """``question`` without the question word of a state its question is asked of: 包村干得怎么样，跟什么挂钩 →
    包村干得，跟什么挂钩 — one question, on what the state is tied to, not two."""
    return _STATE_AS_SUBJECT.sub("得", question)


# 是什么 / 有什么 ask for a list only of several things (三大职能是什么, 四个短板是什么, 都有什么); 党建扶贫的核心是什么
# asks for one.
_ONE_THING_ASKED = re.compile(r"是什么|有什么|指的是|啥")
_SEVERAL_NAMED = re.compile(r"哪|分别|包括|内容|措施|做法|都(?:有|是|包括)|些|(?:[二两三四五六七八九十几]|\d)(?:个|大|项|条|种|方面|样|点|类|者)")


def question_kind(question: str) -> QuestionKind:
    question = written_asking(question)
    for kind, pattern in _KIND_PATTERNS:
        if m := pattern.search(question):
            if kind == "list" and _ONE_THING_ASKED.fullmatch(m.group(0)) and not _SEVERAL_NAMED.search(question):
                return "other"
            return kind
    return "other"


def answer_type(question: str) -> tuple[AnswerType, str]:
    """The type of answer asked for, and the unit it names if any: the noun or measure word of a count (名, 门…),
    the time unit of a duration (天, 月…), the order of an amount of money (万, 亿)."""
    question = written_asking(question)
    if _AGE_ASKED.search(question):
        return "count", "岁"  # 平均年龄是多少 is answered by an age, not by 3654名
    for measure, pattern in _MEASURE_ASKED:
        if pattern.search(question):
            return "count", measure
    for kind, pattern in _ANSWER_TYPES:
        if m := pattern.search(question):
            if kind in ("duration", "money"):
                named = (_DURATION_ASKED if kind == "duration" else _MONEY_ASKED).search(question)
                return kind, named.group(1) if named else ""
            if kind == "place":
                if ASKS.search(question[: m.start()] + question[m.end():]):
                    continue  # 哪些部门的干部派往哪些贫困县: a place is only part of what is asked
                return kind, m.group(1) or ""
            if kind == "who":
                if THING_NAMED.search(question):
                    return "other", ""  # 管理办法叫什么名字 asks for a title, not for a person
                return kind, "单位" if _BODY_ASKED.search(question) else "人" if _PEOPLE_ASKED.search(question) else ""
            unit = m.group(0)[-1] if kind == "count" and m.group(0)[-1] in COUNT_UNITS else ""
            return kind, unit
    return "other", ""


def items_asked(question: str) -> int:
    """How many items a question asks to list, when it states their count: 规范化建设标准的29条具体有哪些 → 29,
    10名最美村干部都有谁 → 10; 0 when it states none or counts something else (从哪些部门抽调了36名干部)."""
    m = _ITEMS_ASKED.search(written_asking(question))
    return int(m.group(1)) if m else 0


_MEMBERS_AFTER = re.compile(r"(?:哪几|哪些)[个名家位所]?")
_MEMBERS_BEFORE = re.compile(r"(?:都|分别)?(?:是|有)哪(?:几|些)[个名家位所]?[？?]?$")


def members_asked(question: str, segmenter: Segmenter) -> str:
    """The noun whose members a question asks for by name, as jieba cuts it: 发言的先进单位是哪几个 → 单位, 有哪些先进典型
    → 先进典型; "" for a one-character noun (选取的哪些县: the place rules check those) or none (要做哪些事)."""
    if m := _MEMBERS_BEFORE.search(question):
        tagged = segmenter.tagged(question[: m.start()])
        return tagged[-1][0] if tagged and is_noun(*tagged[-1]) and len(tagged[-1][0]) >= 2 else ""
    if m := _MEMBERS_AFTER.search(question):
        tagged = segmenter.tagged(question[m.end():])
        return tagged[0][0] if tagged and is_noun(*tagged[0]) and len(tagged[0][0]) >= 2 else ""
    return ""


_V_NOT_V = re.compile(r"([\u4e00-\u9fff])不\1([\u4e00-\u9fff]{1,10}?)[？?吗呢]*$")
_YES_NO_END = re.compile(r"[吗嘛][？?]*$")
_WHETHER = re.compile(r"有没有|是否")
# Before a yes/no question's predicate: what comes after is what the documents must say (会撤职吗 → 撤职).
_MODALS = frozenset({"会", "能", "可以", "能够", "要", "需要", "得", "必须", "还", "有", "还有", "算", "是", "可", "也", "都", "就"})
# 什么 + a noun asks for a thing of that kind (买了什么保险 → 保险), except when the noun names the kind of answer
# itself (什么办法 asks how, 什么目标 what is aimed at, 什么职务 which post): the documents answer with the thing, not
# the word. A question ending in such a noun (具体措施, 带头作用) is asked the same way.
ANSWER_KIND_NOUNS = frozenset({
    "办法", "法子", "方法", "方式", "措施", "举措", "手段", "途径", "做法", "路子", "招数", "目标", "目的", "效果", "成效", "结果", "作用", "意义", "用处",
    "好处", "问题", "意思", "含义", "原因", "理由", "特点", "特色", "特征", "精神", "品质", "素质", "状况", "情况", "样子", "变化", "时候", "时间", "地方",
    "地点", "名字", "名称", "活动", "氛围", "说法", "提法", "级别", "职务", "职位", "身份", "角色", "要求", "标准", "内容", "东西", "事情", "工作", "政策",
    "待遇", "后果", "奖励", "经验", "形式", "模式", "机制", "制度", "规定", "任务", "责任", "思路", "理念", "态度", "条件", "程序", "步骤", "环节", "领域",
    "方面", "部分", "类型", "种类", "性质", "水平", "程度", "规模", "范围", "单位", "部门", "机构", "人员", "人才", "干部", "规矩", "规则",
    "原则", "方针", "方向", "重点", "路径", "策略",
})
_DO_WHAT = re.compile(r"干[嘛啥吗]")
_WHAT_KIND = re.compile(r"(?<![为作列称])(?:什么|啥)(?!样)")
# A measure 什么 may name before the thing, which documents state as a figure, not in its word: 什么数量上的要求
# ← 每村每两年至少发展1名. Not a side that is itself a subject (什么生活上的保障: 生活 must be spoken of).
_ASPECT = re.compile(r"(?:数量|人数|名额|时间|期限|年限|比例|规模)(?:上|方面)的")


def checked_object(question: str, segmenter: Segmenter) -> str:
    """The thing a question asks whether or which is done, which the documents must mention to answer it:
    what a V不V question asks about (还发不发工资 → 工资, 算不算公务员 → 公务员), what a yes/no question ends on
    (问责后会撤职吗 → 撤职, 考核结果和工资挂钩吗 → 工资, 有没有补贴 → 补贴), the kind of thing 什么 asks for
    (买了什么保险 → 保险), the one word or the closing noun of a modal's V不V (周末能不能回家 → 回家, 能不能用来给队员
    发补贴 → 补贴). Not 是不是, which checks a statement, nor a modal's V不V of another phrase (能不能放低点, 能不能请专家
    来帮忙), which the documents may word otherwise; not a noun naming the kind of answer (什么办法,
    ``ANSWER_KIND_NOUNS``); "" otherwise."""
    if (m := _V_NOT_V.search(question)) and not ASKS_ITSELF.search(m.group(2)):  # not 搞得好不好关系到什么
        tagged = segmenter.tagged(m.group(2))
        if m.group(1) in "是能可要会该应敢想肯愿":
            # A modal's V不V asks of a verb phrase, which the documents may word otherwise (能不能放低点 ← 降低门槛) —
            # but the phrase's last thing (能不能用来给队员发补贴 → 补贴), or its one word (那周末能不能回家, 会不会提拔),
            # names what they must speak of. A degree after a verb (低点, 多些) is no thing.
            if m.group(1) == "是":
                return ""
            if len(tagged) == 1:
                return tagged[0][0] if _names_a_thing(tagged[0][0]) else ""
            things = [w for w, flag in tagged if is_noun(w, flag) and _names_a_thing(w) and w[-1] not in "点些"]
            return things[-1] if things and tagged[-1][0] == things[-1] else ""
        nouns = [w for w, flag in tagged if is_noun(w, flag) and len(w) >= 2]
        return nouns[-1] if nouns else ""
    if m := _WHAT_KIND.search(question):
        rest = question[m.end():]
        if aspect := _ASPECT.match(rest):
            rest = rest[aspect.end():]  # 有什么数量上的要求: 数量 is the side of the 要求 asked, not a thing to mention
        tagged = segmenter.tagged(rest)
        word, flag = tagged[0] if tagged else ("", "")
        return word if is_noun(word, flag) and _names_a_thing(word) else ""
    whether = _WHETHER.search(question)
    if not (_YES_NO_END.search(question) or whether):
        return ""
    clause = re.split(r"[，,；;：:]", question[whether.end():] if whether else question)[-1]
    tagged = [(w, flag) for w, flag in segmenter.tagged(clause) if w.strip() and not _YES_NO_END.fullmatch(w)]
    after = [i + 1 for i, (w, _) in enumerate(tagged) if w in _MODALS or _glued_modal(w, segmenter)]
    # Nouns, not the places things happen at (去村里住: 村里).
    nouns = [w for w, flag in tagged[after[-1] if after else -3:]
             if is_noun(w, flag) and not flag.startswith(("s", "f", "ns")) and _names_a_thing(w)]
    # A verb only after a modal (会撤职吗): jieba joins one to its verb too (能调走 → 能调 / 走).
    verbs = [w for w, flag in tagged[after[-1]:] if flag.startswith("v") and _names_a_thing(w)] if after else []
    return (nouns or verbs or [""])[-1]


def _glued_modal(word: str, segmenter: Segmenter) -> bool:
    """A modal jieba joined to the verb after it (能带家属 → 能带 / 家属): 能, 会 or 要 and a one-character verb."""
    return (len(word) == 2 and word[0] in "能会要"
            and any(flag.startswith("v") for _, flag in segmenter.tagged(word[1])))


def _names_a_thing(word: str) -> bool:
    """A word the documents must use to answer: not a question word (干嘛), a modal, nor a kind of answer (说法)."""
    return (len(word) >= 2 and not QUESTION_WORD.search(word) and not _DO_WHAT.search(word) and word not in _MODALS
            and not any(word.endswith(kind) for kind in ANSWER_KIND_NOUNS))


def whole_stated(question: str) -> str:
    """The figure of the whole a question asks a part of (699个贫困村里有多少个已经退出 → 699), or ""."""
    m = _WHOLE_STATED.search(question)
    return m.group(1) if m else ""


def rates_asked(question: str) -> list[str]:
    """The rates a figure question asks per: 每年投入多少 → [年]; 每人每月多少钱 → [人, 月]."""
    return list(dict.fromkeys("".join(groups) for groups in _RATE_ASKED.findall(question)))


def who_relation(question: str) -> str:
    """The verb a who question asks the subject of (由谁负责 → 负责, 哪个领导签字批的 → 签字), or the role it asks
    to name (讲课老师是谁 → 老师), or ""."""
    question = written_asking(question)
    if _NAME_ASKED.search(question):
        return "名字"
    m = _WHO_ASKED.search(question) or _WHO_IS.search(question)
    relation = m.group(1).rstrip("的了过") if m else ""  # 跟谁签了 asks of 签
    if (before := _VERB_BEFORE_WHO.search(question)) and relation[:1] in _PREPOSITIONS:
        relation = before.group(1)  # 代表谁向一线干部表示慰问 asks of 代表, not of 向一
    if relation[:1] in "和与跟" or relation in ("一起", "一块") or relation[:1] == "之":
        return ""  # 哪些单位和贫困村结对, 跟哪些单位一起办: a partner is asked, the act comes later; 哪些干部之间: who with whom
    return "" if relation in ("来", "去") else relation  # 是从哪些单位来的: where they came from, any body says


# A count question ending in its question word (…一共有多少个？), what it counts named before it.
COUNT_ASKED_AT_END = re.compile(rf"(?:一共|总共|共|总计|合计)?(?:有|是)?(?:多少|几)\s*[{COUNT_UNITS}]?[？?]?$")


def counted_noun(question: str, segmenter: Segmenter) -> str:
    """The noun a count question counts, right after its question word: 多少个驻村工作队 → 驻村工作队, 多少户贫困户 →
    贫困户, 有多少是女性 → 女性; "" when anything but a noun follows (多少人参加培训, 多少个软弱涣散村党组织), or after 多少人,
    which names what it counts itself: in 多少人驻村 the word after is what they do (jieba tags 驻村 a noun)."""
    m = re.search(rf"(?:多少|几)(?:[{COUNT_UNITS}](?!额(?!外)))?(?:是|为|属于)?", question)  # 有多少是女性 counts 女性
    if m and m.group(0).endswith("人"):
        return ""
    tagged = segmenter.tagged(question[m.end():]) if m else []
    if not tagged:
        return ""
    word, flag = tagged[0]
    if m.group(0).endswith(("是", "为")) and len(word) == 1 and (is_noun(word, flag) or flag == "b"):
        # 有多少是女同志: jieba's 女 / 同志 (a distinguishing word and a noun) is one noun, the set the count picks out.
        nouns = "".join(w for w, _ in itertools.takewhile(lambda t: is_noun(*t) or t[1] == "b", tagged))
        return nouns if len(nouns) >= 2 else ""
    if word in _PLACE_KIND_CHARS and not (len(tagged) > 1 and is_noun(*tagged[1])):
        return word  # 推广到了多少个县 (not 多少个村党组织): jieba tags a lone 村 or 县 as it likes
    return word if is_noun(word, flag) and len(word) >= 2 else ""


# One-character kinds of place a count may count (多少个县): a figure of other things does not count them.
_PLACE_KIND_CHARS = frozenset({"省", "市", "县", "区", "乡", "镇", "村"})


# Characters of an act that say little of it alone: 评上's 上, 派出's 出.
LIGHT_VERB_CHARS = re.compile(r"[上下出到过来去了开成起]")


def count_qualifier(question: str, segmenter: Segmenter) -> str:
    """The act that picks out what a count question counts: before the noun when the question ends in its question
    word (因为扶贫干得好被提拔的干部有多少个 → 提拔, 退出的贫困村有多少个 → 退出), or as all that follows the noun
    (有多少个贫困村已经退出了 → 退出); "" when the noun is not so qualified (巴中的驻村工作队一共有多少个)."""
    if act := _act_after_counted(question, segmenter):
        return act
    m = COUNT_ASKED_AT_END.search(question)
    tagged = segmenter.tagged(question[: m.start()]) if m else []
    while tagged and is_noun(*tagged[-1]):
        tagged.pop()
    if len(tagged) < 2 or tagged[-1][0] != "的":
        return ""
    word, flag = tagged[-2]
    if not flag.startswith("v") or len(word) < 2 or not LIGHT_VERB_CHARS.sub("", word):
        return ""
    return _place_gone_to(tagged[:-2]) or word


def _place_gone_to(tagged: list[tuple[str, str]]) -> str:
    """The place of a going ending right before an act (能去中组部培训班学习 → 中组部培训班): who went there is picked
    out by the place, which a document names though it words the act otherwise (参加…培训班); "" when the act follows
    no going to a place."""
    nouns = []
    while tagged and is_noun(*tagged[-1]):
        nouns.insert(0, tagged.pop()[0])
    return "".join(nouns) if nouns and tagged and tagged[-1][0] in _GOING else ""


_GOING = frozenset({"去", "到", "来", "赴"})


_TAKING_PART = frozenset({"参加", "参与", "加入"})


def _act_after_counted(question: str, segmenter: Segmenter) -> str:
    """多少个贫困村已经退出了 → 退出: a count's noun followed by nothing but a verb (adverbs and 了 aside); not one of
    taking part (多少个县参加)."""
    m = re.search(rf"(?:多少|几)[{COUNT_UNITS}]", question)
    tagged = [(w, flag) for w, flag in segmenter.tagged(question[m.end():]) if w.strip() and w not in "？?"] if m else []
    if not tagged:
        return ""
    named = is_noun(*tagged[0])
    rest = tagged[1:] if named else tagged
    while rest and rest[0][1].startswith("d"):  # 已经, 都
        rest = rest[1:]
    done = bool(rest) and rest[-1][0] in ("了", "过")
    while rest and rest[-1][0] in ("了", "过", "的", "呢"):
        rest = rest[:-1]
    if not named and done and len(rest) == 2 and all(flag.startswith("v") for _, flag in rest):
        # 软弱涣散村党组织最后有多少个转化提升了: the noun came before, the done act (two verbs) right after.
        rest = [("".join(w for w, _ in rest), "v")]
    if not (named or done) or len(rest) != 1 or len(rest[0][0]) < 2 or not LIGHT_VERB_CHARS.sub("", rest[0][0]):
        return ""
    word, flag = rest[0]
    # The index's own words come untagged (脱贫摘帽): one followed by 了 is an act. 参加 picks out nothing the sentence
    # counting them does not say (多少个县参加 ← 有29个县…共招录学员).
    if not (flag.startswith("v") or flag == "x" and done) or word in _TAKING_PART:
        return ""
    return word


# A procedure asked for (签订帮扶责任书的具体流程, 申请要走什么程序): documents that give one say so in these words.
# 哪些环节进行量化考核 asks for the stages a list names (识别、帮扶、脱贫全过程), not for a procedure.
_PROCEDURE_ASKED = re.compile(r"(?:流程|程序|手续)(?:是|有|包括|要|需要|怎么|如何|都|具体)*(?:什么|哪些|怎样|怎么|如何)|"
                              r"(?:什么|哪些)(?:样的)?(?:流程|程序|手续)")

# What to do in a case the question puts: …生病了怎么办, 挂职期满后怎么安排, 排名后20%的会怎样.
_CONDITION_ASKED = re.compile(r"(?:(?:了|后|以后|之后|的话|的)[，,]?(?:该|要|会|又)?(?:怎么办|咋办|怎么处理|如何处理|怎么安排|如何安排|"
                              r"怎么样|会怎样|怎样)|(?<=[\u4e00-\u9fff])会(?:怎么样|怎样))[？?]?$")  # 考核不合格会怎么样
# …出了安全事故谁负责: who answers for a case (put with 了, 后, 的话 or 时 before) the documents must state.
_ANSWERS_FOR_CASE = re.compile(r"(?:了|后|以后|之后|的话|时)[\u4e00-\u9fff]{0,6}?[，,]?((?:该|要|由)?谁来?"
                               r"(?:负责|管|担责|承担|兜底|赔))[？?]?$")

_NOT_DENIALS = {"不断", "不同", "不少", "不仅", "未来", "不但"}


def condition_asked(question: str, segmenter: Segmenter) -> tuple[str, ...]:
    """The words of the case a question asks what happens in: its last word (第一书记驻村期间生病了怎么办 → 生病), with the
    act before it when that is a noun (驻村期满回原单位以后怎么安排 → 期满, 单位: 派出单位 is not the case); () when it
    puts none. A passage that never states the case does not say what to do in it."""
    question = written_asking(question)
    m = _CONDITION_ASKED.search(question)
    who = _ANSWERS_FOR_CASE.search(question)
    if not m and not who:
        return ()
    case = CLAUSE_SPAN.findall(question[: m.start() if m else who.start(1)] or " ")[-1]
    tagged = [(w, f) for w, f in segmenter.tagged(case) if re.fullmatch(r"[\u4e00-\u9fff\d.%]+", w)]
    words = [w for w, _ in tagged]
    # A case denied (没按时…谈心谈话的) is the word denied, the last one when several are (不好好干、老百姓不满意的 →
    # 满意): the documents may state the duty, not its breach.
    denied = next((w[1:] if len(w) > 2 else w if len(w) == 2 else (words[i + 1] if i + 1 < len(words) else "")
                   for i, w in reversed(list(enumerate(words))) if w[0] in "没未不" and w not in _NOT_DENIALS), "")
    if denied or not words:
        return (denied,) if denied else ()
    act = next((w for w, f in reversed(tagged[:-1]) if f.startswith("v") and len(w) >= 2), "") \
        if tagged[-1][1].startswith("n") and tagged[-1][1] != "vn" else ""
    return (act, words[-1]) if act else (words[-1],)


def asks_for_a_procedure(question: str) -> bool:
    """Whether ``question`` asks for the procedure of something (…的具体流程是什么)."""
    return bool(_PROCEDURE_ASKED.search(written_asking(question)))


# A rank asked for (督导组组长是什么级别的干部): only a sentence stating one (县处级以上领导) answers.
_RANK_ASKED = re.compile(r"(?:什么|啥)(?:级别|职级)|多大的?官")


def asks_for_a_rank(question: str) -> bool:
    """Whether ``question`` asks for a rank (什么级别, 多大的官) — not 哪一级财政, answered by 省财政."""
    return bool(_RANK_ASKED.search(written_asking(question)))


def asks_about_plans(question: str) -> bool:
    """Whether ``question`` asks about what comes next (明年, 今后, 下一步, 打算…) rather than what was done."""
    return bool(_FUTURE_ASKED.search(question))


# How something turned out (结果怎么样了, 后来发展得怎么样, 效果如何): only a sentence stating an outcome answers — a change
# achieved (取得了, 实现了, 降到7.65%, 更加浓厚), not the measure that was taken (派出2650个工作组…力促…整顿转化提升).
_OUTCOME_ASKED = re.compile(r"后来|结果(?:怎么样|如何|咋样)|效果(?:怎么样|如何|咋样)|成效(?:怎么样|如何)|怎么样了|咋样了|干得怎么样")


def asks_about_outcome(question: str) -> bool:
    """Whether ``question`` asks how something turned out (结果怎么样了, 后来…怎么样)."""
    return bool(_OUTCOME_ASKED.search(written_asking(question)))


def asks_about_growth(question: str) -> bool:
    """Whether ``question`` asks how much something rose (涨多少, 提高了多少)."""
    return bool(_GROWTH_ASKED.search(question))


def content_words(question: str, segmenter: Segmenter) -> list[str]:
    """The words of ``question`` that say what it is about: not its asking phrase (多少名, 怎么, 呢) nor function words
    (那, 由, 他们)."""
    return [w for w, flag in segmenter.tagged(ASK_PHRASE.sub(" ", question))
            if w.strip() and not flag.startswith(_FUNCTION_TAGS)]


# Words saying when relative to now (现在搞得怎么样了, 后来呢): they name no thing a question is about.
_RELATIVE_WHEN = frozenset({"现在", "目前", "如今", "现如今", "眼下", "后来", "最后", "当时", "最近", "近来"})


def names_nothing(question: str, segmenter: Segmenter) -> bool:
    """Whether ``question`` names no thing of its own (要用多长时间？ 培养多少人？ 现在搞得怎么样了？ 采取了哪些方式？ — verbs,
    words of relative time, nouns naming the kind of answer and an asking phrase only): after an earlier question, it
    asks about what that one was about."""
    return all(flag.startswith(_NAMING_NOTHING_TAGS) and flag != "vn" or w in _RELATIVE_WHEN or w in ANSWER_KIND_NOUNS
               for w, flag in segmenter.tagged(ASK_PHRASE.sub(" ", question)) if w.strip())
