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
from typing import Literal

from assistant.programmes import programme_asked, quoted_programmes
from core.errors import CadreError
from core.records import Document
from ingest.chunking import split_sentences_zh
from ingest.index import KnowledgeIndex
from ingest.segment import Segmenter

QuestionKind = Literal["number", "list", "why", "how", "other"]
AnswerType = Literal["count", "money", "duration", "date", "share", "who", "place", "list", "reason", "method",
                     "yesno", "other"]
Publication = Literal["title", "source", "author", "date"]

NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A figure as the documents write it: Arabic or Chinese numerals (3654名, 两个批次, 每半年, 五天四夜).
# A Chinese figure opens with a digit's numeral: the 万 of the speech's placeholders (X万个村级脱贫责任组) is none.
FIGURE = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十半几][一二两三四五六七八九十百千万半几]*)"
_KIND_PATTERNS: list[tuple[QuestionKind, re.Pattern]] = [
    ("number", re.compile(r"多少|(?<!哪)几[个名项条次年天点种批]|几$|多久|多长|比例|百分")),
    ("why", re.compile(r"为什么|为何|原因|意义|目的|为啥")),
    ("list", re.compile(r"哪些|哪几|哪[二两三四五六七八九十][个项条种大方]|包括|分别|有什么|是什么|指的是|内容|措施|做法|啥")),
    ("how", re.compile(r"怎么|怎样|如何|办法|途径")),
]
# Unit nouns a count question may ask about, and the units that answer each.
# Measure words (门, 本, 台, 亩…) name what is counted as surely: 考几门 is not answered by 3个.
COUNT_UNITS = "名个人户项条次所家批位种村乡县支镇件场期届门本台辆只头亩套座张份轮篇道类口对"
_PLACE_KINDS = "乡镇|省|市|县|区|州|镇|乡|村|学校|医院"
_PLACE_QUALIFIERS = "贫困|深度贫困|重点|试点|示范|边远|偏远|后进|软弱涣散"
_PLACE_OF_A_KIND = re.compile(rf"(?<![\dX个多余几])(?:{_PLACE_QUALIFIERS})(?:{_PLACE_KINDS}|地区)|"
                              r"[\u4e00-\u9fff]{2,6}的(?:地方|地区)")  # 群众最需要的地方
_INSTITUTIONS = {"学校": "学校|小学|中学|大学|学院", "医院": "医院|卫生院|卫生室"}
# 哪些单位 / 哪个部门 ask for a body only: 县处级以上领导带队 does not say which units the 队员 came from.
_BODY_ASKED = re.compile(r"哪(?:个|一个|些|几个)(?:部门|单位|机构)")
# Where something takes place or stands: 在哪里举办 / 在哪里开的 / 设在哪里 / 去哪里培训.
_PUT_VERBS = "设|建|放|办|开|住|安置|落"  # 设在哪里 / 建在哪儿: where something is put
_VENUE_ASKED = re.compile(r"(?:在|去|到)哪(?:里|儿)?(?=举办|召开|举行|进行|开展|培训|开会|开|办|建|设|学习)|"
                          rf"(?:{_PUT_VERBS})在哪(?:里|儿)")
_PLACES_ASKED = re.compile(r"(?:哪个|哪些|什么)(?:地方|地区)")  # places of a kind answer these, not 在哪里举办
_PUT_AT_ASKED = re.compile(rf"({_PUT_VERBS})[在到]了?(?:哪(?:里|儿)|哪些地方|哪个地方|什么地方)")  # 建到了哪些地方 too
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
    # 哪个村 / 哪些县 ask for places by name (the unit is the place's kind); 问题在哪里 does not ask for a place.
    # 在哪里举办 asks where something takes place.
    # 在哪里开的 / 窗口设在哪里 too.
    ("place", re.compile(rf"{_VENUE_ASKED.pattern}|"
                         rf"哪(?:个|一个|些|几个)(?:{_PLACE_QUALIFIERS})?({_PLACE_KINDS})"
                         rf"(?!干部|党|委|民|官|级|集体|两委|支书|书记|主任|长)|{_PLACES_ASKED.pattern}")),
    # 10项措施具体是哪10项 asks for the items by their number, whatever noun (措施, 办法) names them.
    ("list", re.compile(rf"哪(?:\d+|[二两三四五六七八九十]+)[{COUNT_UNITS}大方]")),
    ("reason", re.compile(r"为什么|为何|原因|为啥|目的|意义")),
    ("method", re.compile(r"怎么|怎样|如何|办法|途径|措施|做法|咋")),
    ("list", re.compile(r"哪些|哪几|哪[二两三四五六七八九十][个项条种大方]|包括|分别是|有什么|有哪")),
    ("yesno", re.compile(r"是不是|是否|有没有|能不能|可不可以|会不会|要不要|吗[？?]?$")),
]
_AGE_ASKED = re.compile(r"(?:年龄|年纪|岁数)[^，,。？?]{0,4}(?:多少|多大|几)|多大(?:年纪|岁数)|几岁|多少岁")
# A part of a whole the question states (3.1亿元里有多少用在产业上, 699个贫困村中有多少个已经退出): the whole's figure.
_WHOLE_STATED = re.compile(r"(\d+(?:\.\d+)?)(?![\d.])(?!\s*年)\s*[万亿千百]?[^\s，,。？?]{0,8}?(?:里|中|当中|之中)[，,]?[^。？?]{0,6}?(?:多少|几)")
# A stated count whose members are asked for right after it: 29条具体有哪些, 10名最美村干部都有谁.
_ITEMS_ASKED = re.compile(rf"(?<![\d.])(\d+)\s*(?:多|余)?\s*[{COUNT_UNITS}][\u4e00-\u9fff]{{0,8}}?"
                          r"(?:(?:都|分别|具体|主要)?(?:有|是|包括|指)?(?:哪些|哪几|哪\d|都有谁|分别是谁)|(?:分别|具体)(?:是|指)什么|"
                          # …or one of them by its place: 29条标准里第一条是什么 needs the 29条 spelled out.
                          rf"(?:里|中|当中|之中)?的?第(?:\d+|[一二三四五六七八九十]+)[{COUNT_UNITS}])")
# A fact of the document itself, which its header holds and its text does not.
_PUBLICATION_ASKED: list[tuple[Publication, re.Pattern]] = [
    ("source", re.compile(r"哪(?:家|个|份)(?:报纸|报社|报|媒体|网站|刊物|杂志)|什么(?:报纸|报|媒体|网站)(?:上|发|登|刊)|"
                          r"(?:来源|出处)(?:是|为)?(?:哪|什么)|出自哪|(?:发表|刊登|刊发|登|发)在(?:哪|什么)")),
    ("author", re.compile(r"(?:作者|记者|撰稿人|撰稿的|写稿的)(?:是|叫)?(?:谁|哪位|什么名字)|(?:是)?谁(?:写|撰写|采写)的|哪位记者")),
    ("title", re.compile(r"(?:标题|题目|篇名)(?:是|叫)?(?:什么|啥)|叫什么(?:标题|题目)")),
    ("date", re.compile(r"(?:什么时候|哪天|哪一天|哪年|哪一年|何时)(?:发表|发布|刊发|刊登|登出|发出来?|发|登)的?|"
                        r"(?:发表|发布|刊发|刊登)(?:于|在)?(?:什么时候|哪天|哪一天|何时)|(?:发表|发布|刊发)(?:的)?(?:时间|日期)")),
]
# What holds each figure type in a sentence.
_MONEY = re.compile(rf"{FIGURE}\s*(?:多|余)?\s*(?:万|亿|千)?元")
# Money earned is not money spent: an income answers only a question about income.
_INCOME_ASKED = re.compile(r"收入|挣|赚|进账|增收")
_INCOME_STATED = re.compile(rf"(?:收入|增收)(?:达到|达|超过|为|了|有)?\s*{FIGURE}\s*(?:多|余)?\s*(?:万|亿|千)?元")
# A length of time (3年, 五天四夜, 每半年) or a frequency that names its period (每季度, 每月: 多久…一次), not a
# calendar year or month (2015年8月) or a bare 每年, which these documents attach to almost every measure.
DURATION = re.compile(r"(?<![\d])(?:\d{1,2}(?:\.\d+)?|[一二两三四五六七八九十半几]+)\s*(?:年|个月|天|小时|个?星期|周|夜)(?!底|初)"
                       r"|每个?(?:季度|月|周|星期)")
# The unit a duration question names (多少天, 几个月) and the units that answer it: 一周 answers 多少天, 半年 几个月.
_DURATION_UNITS = {"小时": "小时|学时|课时", "天": "天|夜|周|个?星期", "周": "周|个?星期|天", "星期": "周|个?星期|天",
                   "月": "个月|年", "年": "年"}
# How often (多久…一次): a bare 每年 answers it, which a length of time does not.
_FREQUENCY_ASKED = re.compile(r"(?:多久|多长时间)([^，,。？?]{0,16})一次")
_EVERY_PERIOD = re.compile(r"每一?(?:[两三四五半]?年|个?月|季度|周|星期|天)")
_DURATION_ASKED = re.compile(r"(?:多少|几)个?(小时|天|周|星期|月|年)")
_MONEY_ASKED = re.compile(r"(?:多少|几)(亿|万)")
# A rate the question asks a figure per (每年投入多少, 每人每月多少钱, 人均), and how a sentence states it. 累计投入3.1亿元
# does not answer 每年投入多少亿元; the rate must stand in the clause of the figure.
# Per group, team or village may name it: 每个督导组, 每个驻村工作队, 每个贫困村.
# 一期有多少人 asks per session as 每期 does.
_RATE_ASKED = re.compile(r"每一?[个支]?(年|月|人|天|日|次|期|户)|每一?[个支]?[\u4e00-\u9fff]{0,4}(组|队|村|户)(?![\u4e00-\u9fff]?[委民])|"
                         r"(人|年|月|户)均|(?<![第\d一二三四五六七八九十])一(期|批|轮)(?!工程|项目)(?=[^，,。？?]{0,4}(?:多少|几))")
_RATE_SAID = {"年": "每一?年|年均|一年|全年|年度", "月": "每个?月|月均|一个月", "人": "每人|人均|每名|每位|每个人|"
              # 为省派农村第一书记安排1万元: an amount set for each of the people it names
              "(?:为|给)[^，,。；;]{0,10}(?:书记|干部|队员|村官|人员|党员)(?:安排|发放|提供|补助|补贴)",
              "天": "每天|每日|日均", "次": "每次|每期|每批|每场|每轮", "户": "每户|户均"}
# Per group, team or village, qualified or not: 每个贫困村储备1至2名, 每个驻村工作队…2.5万元, 一村一个工作组.
_RATE_SAID |= {"日": _RATE_SAID["天"], "期": _RATE_SAID["次"], "批": _RATE_SAID["次"], "轮": _RATE_SAID["次"],
               "组": "每一?个?[\u4e00-\u9fff]{0,4}组|每组",
               "队": "每一?[个支]?[\u4e00-\u9fff]{0,6}队", "村": "每一?个?[\u4e00-\u9fff]{0,4}村|一村"}
_FIGURE_KINDS = ("count", "money", "duration", "share")
# Types answered by a name, not a figure: who is responsible, which place.
NAME_TYPES = ("who", "place")
# Types answered by a figure or a date (cut out as the short answer by assistant/direct.py).
FIGURE_TYPES = (*_FIGURE_KINDS, "date")
COUNTED_KINDS = ("count", "money", "share")  # figures often given a sentence after the one naming their subject
# Types whose answer is one element a sentence holds or not (holds_answer_type): a figure, a date, a name.
ELEMENT_TYPES = (*FIGURE_TYPES, *NAME_TYPES)
# A year may stand before a quoted name without 年: 开展2018“山西最美村干部”评选活动.
NAMED_YEAR = r"(?<!\d)(?:19|20)\d{2}(?=[“\"「])"
_DATE = re.compile(rf"\d{{4}}\s*年|\d{{1,2}}\s*月|\d{{4}}-\d{{1,2}}|{NAMED_YEAR}|今年|去年|明年|年底|年初")
YEAR_ASKED = re.compile(r"哪一?年|何年|年份")
_YEAR = re.compile(rf"\d{{4}}\s*年|\d{{4}}-\d{{1,2}}|{NAMED_YEAR}|今年|去年|明年|前年|后年")
# A year said relative to when the document was written: which year it is only its date can tell.
RELATIVE_YEAR = re.compile(r"今年|去年|明年|前年|后年")
# A share as a figure states it (20%, 14个百分点, 三成); answers to 比例 questions and rises.
SHARE_FIGURE = rf"{FIGURE}\s*(?:%|％|个百分点|成)"
# …or in words: 占全省贫困人口的一半, 三分之一.
_SHARE = re.compile(rf"{SHARE_FIGURE}|百分之|比例|[一二两三四五六七八九十]分之[一二两三四五六七八九十]|一半|半数|过半")
# A question on how much something rose, and a rise stated as a multiple or a share (翻一番, 3倍, 增长20%).
_GROWTH_ASKED = re.compile(r"涨|增加|提高|增长|上调|翻")
_GROWTH_SAID = re.compile(rf"翻(?:一|两|三)?番|{FIGURE}\s*倍|{SHARE_FIGURE}")
# A question about what comes next (or what someone 打算 does), and a sentence that states a plan or target.
# (以后 alone often means "after": 三大行动搞完以后…; 将 states a plan only before 会/要/于/继续…: 并将督查重点由…调整为
# takes an object, 强将 is a general. 计划 ends many programme names, “教育扶智计划”: it counts as a plan only before a
# verb, 计划招录.)
_FUTURE_ASKED = re.compile(r"明年|后年|下一年|下一个?年份|下个?年度|今后|将来|未来|接下来|下一步|下步|下阶段|以后的|打算")
_PLANNED = re.compile(r"今后|明年|后年|将(?=会|要|于|在|继续|进一步|逐步|全面|持续)|计划(?=[\u4e00-\u9fff])|力争|争取|目标|预计|"
                      r"下一步|下步|下阶段|未来|接下来|到20\d\d年|20\d\d年(?:前|底前|以前)")
# Who answers 哪个部门/谁负责: a body (组织部, 指挥部, 财政, 党委…) or an office holder (书记, 县长…); 干部 is neither.
_BODY = re.compile(r"(?<![干全局内外])部(?!署|分)|[委局厅署院府]|办公室|部门|单位|机构|财政|小组|党组|支部|中心|高校|院所|系统|机关|企业|"
                   r"协会|社(?!会|区)")
# A speech names its own province as a body: 贫困村脱贫责任组是我省首创.
_BODY_OR_PERSON = re.compile(rf"{_BODY.pattern}|书记|部长|主任|县长|市长|省长|负责人|一把手|同志|领导|我(?:省|市|区|县|州)")
# 对哪些人进行培训 / 非谁莫属 ask for people, whom a class answers (村干部和农牧民党员, 党员干部); who is responsible or
# pays is a body or an office holder, never 干部 at large.
# …or of whom among those named (对各级领导班子特别是谁要逐一分析研判).
_OBJECT_ASKED = re.compile(r"[对给向为](?:[^，,。？?]{1,12}(?:特别是|尤其是))?(?:谁|哪些人)")
_PEOPLE_ASKED = re.compile(rf"哪些人|什么人|哪类人|哪种人|哪些群体|{_OBJECT_ASKED.pattern}")  # 这是对谁的要求 → 每名驻村队员
_BODY_PERSON_OR_PEOPLE = re.compile(rf"{_BODY_OR_PERSON.pattern}|干部|党员|群众|人才|村官|队员|学员|选调生|农牧民|农民|毕业生")

# Saying who is responsible (负责, 牵头, 抓, 安排, 由…): a who question asking 谁负责/谁管 is answered by any of these.
_RESPONSIBLE = re.compile(r"负总责|负责|主管|分管|管理?|牵头|主抓|抓|承担|统筹|安排|保障|由")
# …but 谁牵头 asks who leads among those responsible: 由县级组织部门确定主管部门 does not say it.
_LEADS = re.compile(r"牵头|负总责|主抓|抓总|挂帅")
# 谁出这个钱 / 谁给钱 ask who pays: a body that 安排/拨付/投入 the money answers.
_PAYS = re.compile(r"^(?:出|给|掏|拿|付|发)")
_PAID = re.compile(r"安排|拨付|拨款|出资|投入|承担|列支|补助")
# 跟谁签了责任书: the party to an act, named after 与/同/跟 before the act's verb (与包扶县签订…).
# Not 谁和谁签: both parties are asked (帮扶单位和第一书记“双签”).
_PARTNER_ASKED = re.compile(r"(?<!谁)[跟和与同]谁(?:一起|一块儿?)?([\u4e00-\u9fff])")
_OBJECT_MARKER = re.compile(r"[对为把给向]")  # what follows is acted on: 对第一书记进行备案管理
# What comes between the who phrase and the verb it asks the subject of: 由谁来负责, 具体由哪个部门去管.
_WHO_ASKED = re.compile(rf"(?:谁|{_BODY_ASKED.pattern}|哪一?级(?:财政|党委|政府|组织部门|部门)?|哪个人|哪位|哪(?:个|一个|些)(?:领导|干部|同志|负责人|官员|书记))"
                        r"(?:[和与跟同]谁)?(?:来|去|在|要|具体|是|能|会|可以|应该|主要)*((?!的)[\u4e00-\u9fff](?:(?![这那此该])[\u4e00-\u9fff])?)")
# …or before it, when a preposition follows 谁 (代表谁向…表示慰问).
_PREPOSITIONS = "向对给为跟和与在从把"
_VERB_BEFORE_WHO = re.compile(rf"([\u4e00-\u9fff]{{2}})谁(?=[{_PREPOSITIONS}])")
# …or the role it asks to name (讲课老师是谁 → 老师; 负责人是哪位 → 责人): the answer names it with the body or person.
_WHO_IS = re.compile(r"((?:(?!的)[\u4e00-\u9fff]){2})(?:是|为)(?:谁|哪个部门|哪个单位|哪个机构|哪个人|哪位)")

# 省委组织部长叫什么名字: a person's name is asked, which only a name answers (the documents write XXX for many).
# “绣花匠”是谁: whom a figure of speech stands for, a class of people (党员干部) as well as a body or a person.
_FIGURE_IS_WHOM = re.compile(r"[”\"’」](?:指的?|说的)?是谁")
_NAME_ASKED = re.compile(r"叫什么名字|名字(?:是|叫)什么|姓什么")
# The name of a thing the documents name, not of a person: its title answers (《…管理办法(试行)》).
THING_NAMED = re.compile(r"(?:办法|文件|制度|工程|项目|活动|计划|标准|规定|模式|条例|方案|意见|机制|会议|培训班|工作法|行动|政策)"
                          r"的?(?:叫什么名字|名字(?:是|叫)什么|名称是什么|叫什么)")
CLAUSE_SPAN = re.compile(r"[^，,；;。！？!?：:]+")
_ACTOR_TRIM = re.compile(r"^(?:由|是|要|对|在|并|且|和|同时|确保|保证)+|(?:要|来|去|也|都|还|统一)+$")
# Who a question asks for is a body or a person: the span must end as such a name does.
_ACTOR_END = re.compile(r"(?:部门|党委|党组|党组织|组织部|政府|财政|书记|部长|领导|干部|班子|单位|委员会|小组|工作队|工作组"
                        r"|局|厅|办|社|村委会|支部|党员|群众|人才|队员)$")
_WHO_MAX = 16
_MAY_ASK_CONTENT = ("list", "method", "other")  # not a figure, a name, a reason or yes/no of a programme
# A short quoted name (“五个一”, “三大基础”): its numeral counts nothing, its words may head a section.
QUOTED_NAME = re.compile(r"[“\"‘「]([^”\"’」，,。；;]{2,12})[”\"’」]")
_ACTOR_CUT = re.compile(rf"每(?:年|月|季度|半年)|{_OBJECT_MARKER.pattern}")

# Words with which a question points at a document instead of its content.
_REFERENCE_NOUN = r"(?:资料|材料|文件|文章|报道|讲话|稿子|新闻|评论|社论|通讯|文中)"
_REFERENCE = re.compile(
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
_ENTITY_TAGS = ("ns", "nr", "nrfg", "nrt")
_COUNTED_BY = re.compile(r"哪?[一二两三四五六七八九十几\d]+[个样种件类]|哪些|什么|这些|那些|[这那各]种")
# jieba's tags of words that carry no content: pronouns, prepositions, conjunctions, particles, adverbs, modals.
_FUNCTION_TAGS = ("r", "p", "c", "u", "d", "y", "e", "o", "x")
# Verbs, adverbs, adjectives and function words (jieba's tags): a question made of these alone names no thing
# (要用多长时间); nouns, names, figures, idioms do (今天天气 is an idiom to jieba).
_NAMING_NOTHING_TAGS = ("v", "d", "a", "r", "p", "c", "u", "y", "e", "o", "x", "q", "f")
_OTHER_PLACE = re.compile(r"邻县|邻省|邻市|邻村|外县|外省|外市|外地|隔壁(?:县|村|乡|省|市)|(?:别的|其他|其它)(?:县|省|市|乡|村|地方)")
_ASK_PHRASE = re.compile(
    rf"多少[钱{COUNT_UNITS}]?|几[{COUNT_UNITS}年天月]?|多长时间|多久|哪一年|哪年|什么时候|何时|什么时间|为什么|为何|为啥|"
    r"(?:怎么|怎样|如何|咋)办|怎么样|怎么|怎样|如何|是不是|是否|有没有|能不能|可不可以|哪些|哪个|什么|谁|[吗呢][？?]?$"
)
_QUESTION_WORD = re.compile(r"多少|什么|哪|几|谁|怎|多长|多久|为啥|啥|咋|吗$|呢$")
PLACE_SUFFIX = re.compile(r"(?:省|市|县|区|州|镇|乡|村)$")
_JOINER = re.compile(r"[和与及跟、同]")
_CLAUSE_SPLIT = re.compile(r"(?<=[？?])\s*(?=\S)|[；;]\s*|，(?=另外|还有|那么?|又|同时|以及)")
# Words that ask; not the 几 of 近几年 / 这几天, which say when, nor of 好几个 / 十几个, which say "several". A comma
# cuts a question in two only where both sides ask with one of these (…多少名第一书记，工作经费每年多少), not with a
# closing 吗 or 呢.
_ASK_WORDS = r"多少|(?<![这近前头那好十])几|什么|哪|怎么|怎样|如何|为什么|为何|谁|是否|有没有|啥|咋|多长|多久"
_ASKS = re.compile(rf"{_ASK_WORDS}|吗|呢")
_ASKS_ITSELF = re.compile(_ASK_WORDS)


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
    condition: str = ""  # the case a question asks what to do in: 驻村期间生病了怎么办 → 生病
    whole: str = ""  # the figure of a whole a part of which is asked: 3.1亿元里有多少用在产业上 → 3.1
    items_asked: int = 0  # the members of a stated count a list question asks for: 29条标准具体有哪些 → 29
    members: str = ""  # the noun whose members a list question asks for: 发言的先进单位是哪几个 → 先进单位
    qualifier: str = ""  # the act a counted noun is picked out by: 被提拔的干部有多少个 → 提拔
    checked: str = ""  # what a V不V question asks about: 召回的第一书记还发不发工资 → 工资
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


# Spoken question words and the written ones the patterns above know: 啥时候开始 asks for a date as surely as
# 什么时候开始 does.
# 好几个 / 十几个 say "several", they do not ask: written as 好多个 / 十多个.
_SPOKEN_ASKING = [(re.compile(r"(?<=[好十])几"), "多"), (re.compile(r"多会儿?|几时(?!候)"), "什么时候"),
                  (re.compile(r"为啥"), "为什么"), (re.compile(r"啥"), "什么"), (re.compile(r"咋样"), "怎样"),
                  (re.compile(r"咋"), "怎么")]


def written_asking(question: str) -> str:
    """``question`` with its spoken question words written out (啥时候 → 什么时候, 咋 → 怎么), for the patterns
    that tell what is asked; its content words are not touched."""
    for pattern, written in _SPOKEN_ASKING:
        question = pattern.sub(written, question)
    return question


def question_kind(question: str) -> QuestionKind:
    question = written_asking(question)
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(question):
            return kind
    return "other"


def answer_type(question: str) -> tuple[AnswerType, str]:
    """The type of answer asked for, and the unit it names if any: the noun or measure word of a count (名, 门…),
    the time unit of a duration (天, 月…), the order of an amount of money (万, 亿)."""
    question = written_asking(question)
    if _AGE_ASKED.search(question):
        return "count", "岁"  # 平均年龄是多少 is answered by an age, not by 3654名
    for kind, pattern in _ANSWER_TYPES:
        if m := pattern.search(question):
            if kind in ("duration", "money"):
                named = (_DURATION_ASKED if kind == "duration" else _MONEY_ASKED).search(question)
                return kind, named.group(1) if named else ""
            if kind == "place":
                if _ASKS.search(question[: m.start()] + question[m.end():]):
                    continue  # 哪些部门的干部派往哪些贫困县: a place is only part of what is asked
                return kind, m.group(1) or ""
            if kind == "who":
                if THING_NAMED.search(question):
                    return "other", ""  # 管理办法叫什么名字 asks for a title, not for a person
                return kind, "单位" if _BODY_ASKED.search(question) else "人" if _PEOPLE_ASKED.search(question) else ""
            unit = m.group(0)[-1] if kind == "count" and m.group(0)[-1] in COUNT_UNITS else ""
            return kind, unit
    return "other", ""


def publication_asked(question: str) -> Publication | None:
    """The fact of a document's own header a question asks for (那篇报道是哪家报纸发的 → source, 记者是谁 → author,
    什么时候发表的 → date), or None: the documents' text never says where it was printed."""
    question = written_asking(question)
    if not re.search(rf"{_REFERENCE_NOUN}|报纸|报社|媒体|[这那]篇", question):
        return None  # 这个办法是谁写的 asks about a regulation the documents name, not about a document
    return next((fact for fact, pattern in _PUBLICATION_ASKED if pattern.search(question)), None)


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
        return tagged[-1][0] if tagged and _is_noun(*tagged[-1]) and len(tagged[-1][0]) >= 2 else ""
    if m := _MEMBERS_AFTER.search(question):
        tagged = segmenter.tagged(question[m.end():])
        return tagged[0][0] if tagged and _is_noun(*tagged[0]) and len(tagged[0][0]) >= 2 else ""
    return ""


def names_members(noun: str, text: str) -> bool:
    """Whether ``text`` names members of ``noun``, or does not speak of it at all. A sentence that only counts it (X个
    先进单位和个人作了大会发言) names none; one that names some (刘桂珍等10名最美村干部) or lists them does."""
    said = [s for s in sentences_of(text) if noun in s]
    counted = re.compile(rf"(?<![等\d.])(?:{FIGURE}|X+)\s*(?:多|余)?\s*[{COUNT_UNITS}]?[^，,。；;、]{{0,8}}?{re.escape(noun)}")
    return not said or any(most_items(s) >= 2 or not counted.search(s) for s in said)


_V_NOT_V = re.compile(r"([\u4e00-\u9fff])不\1([\u4e00-\u9fff]{1,10}?)[？?吗呢]*$")


def checked_object(question: str, segmenter: Segmenter) -> str:
    """The thing a V不V question asks whether it is done, when it names one (还发不发工资 → 工资, 算不算公务员 → 公务员);
    not 是不是, which checks a statement, nor a modal's (能不能放低点, 要不要参加培训), which asks of a verb phrase."""
    m = _V_NOT_V.search(question)
    if not m or m.group(1) in "是能可要会该应敢想肯愿":
        return ""
    nouns = [w for w, flag in segmenter.tagged(m.group(2)) if _is_noun(w, flag) and len(w) >= 2]
    return nouns[-1] if nouns else ""


def whole_stated(question: str) -> str:
    """The figure of the whole a question asks a part of (699个贫困村里有多少个已经退出 → 699), or ""."""
    m = _WHOLE_STATED.search(question)
    return m.group(1) if m else ""


def rates_asked(question: str) -> list[str]:
    """The rates a figure question asks per: 每年投入多少 → [年]; 每人每月多少钱 → [人, 月]."""
    return list(dict.fromkeys(a or b or c or d for a, b, c, d in _RATE_ASKED.findall(question)))


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
    return "" if relation in ("来", "去") else relation  # 是从哪些单位来的: where they came from, any body says


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
    if _OBJECT_ASKED.search(analysis.text) and analysis.relation and (
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


_PLACE_IN_A_DOCTRINE = re.compile(r"中国特色")


def named_places(segmenter: Segmenter, text: str, kind: str = "", exclude: list[str] = ()) -> list[str]:
    """Places ``text`` names (巴中市, 通江县), of the given kind (县, 乡镇…) if any; not 全省, 贫困村 or 空心村,
    which are no names, nor the places in ``exclude`` (the question's own)."""
    ends = tuple(kind) if kind == "乡镇" else (kind,) if kind else ()
    # 中国特色社会主义 names a doctrine, not where something took place.
    text = _PLACE_IN_A_DOCTRINE.sub("", text)
    return [w for w, flag in segmenter.tagged(text)
            if flag == "ns" and len(w) >= 2 and (not ends or w.endswith(ends)) and not any(entity_in(e, w) for e in exclude)]


def holds_answer_type(analysis: QuestionAnalysis, text: str) -> bool:
    """Whether ``text`` holds an element of the type the question asks for (True for untyped questions); for a
    figure asked per year, per person… (``rates``), a figure stated so. A figure the question states itself answers
    nothing: 699个贫困村里有多少个已经退出 is not answered by 对口帮扶699个贫困村."""
    if analysis.whole:
        # A breakdown follows its total in one sentence (累计投入3.1亿元,其中…): only what follows the whole counts.
        text = "。".join(re.split(_whole_number(analysis.whole), s, maxsplit=1)[1] for s in sentences_of(text)
                        if _states(s, analysis.whole))
    if stated := _stated_counts(analysis):
        # A count asked in the unit of a stated one (2494个…整顿转化了多少个) is a part of it, stated with another figure.
        scoping = [s for s in stated if analysis.answer_type != "count" or s[1] != analysis.unit]
        text = "。".join(s for s in sentences_of(text) if not _counts_another_set(s, scoping))
    text = _without_counts_of_other_things(analysis, text, stated)
    text = without_figures(text, analysis.numbers)
    if analysis.rates and analysis.answer_type in _FIGURE_KINDS:
        return any(_holds_type(analysis, clause) and all(re.search(_RATE_SAID[r], clause) for r in analysis.rates)
                   for clause in CLAUSE_SPAN.findall(text))
    return _holds_type(analysis, text)


def _stated_counts(analysis: QuestionAnalysis) -> list[tuple[str, str, str]]:
    """The counts a question states, with their unit and what they count: 山西抽调的42名督导干部是… →
    [(42, 名, 督导干部)]."""
    stated = []
    for figure in analysis.numbers:
        if m := re.search(rf"{_whole_number(figure)}\s*(?:多|余)?\s*([{COUNT_UNITS}])", analysis.text):
            stated.append((figure, m.group(1), _counted_phrase(analysis, analysis.text[m.end():])))
    return stated


def _counted_phrase(analysis: QuestionAnalysis, text: str) -> str:
    """The words naming what a stated count counts: 软弱涣散村党组织现在已经… → 软弱涣散村党组织."""
    words = []
    for word, flag in analysis.segmenter.tagged(text) if analysis.segmenter is not None else []:
        if flag[0] in "vdtpucrmqyeof" or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
            break
        words.append(word)
    return "".join(words)


def _noun_opening(analysis: QuestionAnalysis, text: str) -> str:
    """The noun ``text`` opens with, or ""."""
    tagged = analysis.segmenter.tagged(text[:12]) if analysis.segmenter is not None and text else []
    if not tagged:
        return ""
    return tagged[0][0] if _is_noun(*tagged[0]) else ""


def _counts_another_set(sentence: str, stated: list[tuple[str, str, str]]) -> bool:
    """Whether ``sentence`` counts the question's kind of thing with another figure only: 从省市县选派9973名干部…
    does not say where the 42名督导干部 came from."""
    return any(not _states(sentence, figure)
               and re.search(rf"(?<![\d.])\d+(?:\.\d+)?\s*(?:多|余)?\s*(?:万|千)?\s*{unit}", sentence)
               for figure, unit, _ in stated)


# A count question ending in its question word (…一共有多少个？), what it counts named before it.
_COUNT_ASKED_AT_END = re.compile(rf"(?:一共|总共|共|总计|合计)?(?:有|是)?(?:多少|几)\s*[{COUNT_UNITS}]?[？?]?$")


def _counted_subject(analysis: QuestionAnalysis) -> str:
    """What a count question ending in its question word counts, named before it: 巴中的驻村工作队一共有多少个 →
    驻村工作队; "" when a verb comes before (整顿转化了多少个)."""
    m = _COUNT_ASKED_AT_END.search(analysis.text)
    if not m or analysis.segmenter is None:
        return ""
    words = []
    for word, flag in reversed(analysis.segmenter.tagged(analysis.text[: m.start()])):
        if not _is_noun(word, flag):
            break
        words.insert(0, word)
    return "".join(words)


def _same_thing(a: str, b: str) -> bool:
    """Whether two names of counted things share a word's worth (两字): 党员干部 and 驻村干部 both count 干部."""
    return any(a[i : i + 2] in b for i in range(len(a) - 1))


def _without_counts_of_other_things(analysis: QuestionAnalysis, text: str, stated: list[tuple[str, str, str]]) -> str:
    """``text`` without the figures that count another thing in the unit of a count asked of a thing the question
    names before its question word or by a count it states: 巴中的驻村工作队一共有多少个 is not answered by 699个贫困村,
    2494个软弱涣散村党组织现在已经整顿转化了多少个 not by 2650个工作组 of the sentence on the 2494个."""
    if analysis.answer_type != "count" or analysis.counted or not analysis.unit:
        return text
    nouns = [noun for _, unit, noun in stated if noun and unit == analysis.unit] + [_counted_subject(analysis)]
    nouns = [n for n in nouns if n]
    if not nouns:
        return text

    def blank_other(m: re.Match) -> str:
        noun = _noun_opening(analysis, text[m.end():])
        return "#" if noun and not any(_same_thing(noun, n) for n in nouns) else m.group(0)

    return re.sub(rf"(?<![第\d.一二两三四五六七八九十百千万]){FIGURE}\s*(?:多|余)?\s*(?:万|千|百)?\s*{re.escape(analysis.unit)}",
                  blank_other, text)


def _whole_number(figure: str) -> str:
    """A pattern of ``figure`` as a whole number, not as digits of a longer one (5 is not in 2015 or 2.5)."""
    return rf"(?<![\d.]){re.escape(figure)}(?!\d|\.\d)"


def _states(text: str, figure: str) -> bool:
    return bool(re.search(_whole_number(figure), text))



def without_figures(text: str, figures: list[str]) -> str:
    """``text`` with each of ``figures`` blanked out."""
    for figure in figures:
        text = re.sub(_whole_number(figure), "#", text)
    return text


def _holds_type(analysis: QuestionAnalysis, text: str) -> bool:
    kind = analysis.answer_type
    if analysis.growth and kind in ("money", "count") and not analysis.unit and _GROWTH_SAID.search(text):
        return True  # 工资要涨多少 is answered by 报酬两年内翻一番
    if kind == "money":
        if not _INCOME_ASKED.search(analysis.text):
            text = _INCOME_STATED.sub("#", text)  # 投入了多少资金 is not answered by 年收入5万元以上的村
        if analysis.unit:  # 多少亿元 is not answered by 2.5万元
            return bool(re.search(rf"{FIGURE}\s*{analysis.unit}", text))
        return bool(_MONEY.search(text))
    if kind == "duration":
        if frequency_in(analysis, text):
            return True  # 多久轮训一次 is answered by 每年对第一书记进行集中轮训, not 多久轮换一次 by 每年…核算经费
        if analysis.unit:  # 每期培训多少天 is not answered by 连续8年开展培训
            return bool(re.search(rf"(?<![\d])(?:\d{{1,3}}(?:\.\d+)?|[一二两三四五六七八九十半几]+)\s*(?:{_DURATION_UNITS[analysis.unit]})"
                                  r"(?!底|初)", text))
        return bool(DURATION.search(text))
    if kind == "date":
        # 哪一年 asks a year: 截至201X年底 gives none.
        return bool((_YEAR if YEAR_ASKED.search(analysis.text) else _DATE).search(text))
    if kind == "share":
        return bool(_SHARE.search(text))
    if kind == "who":
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
                else _RESPONSIBLE if _RESPONSIBLE.match(analysis.relation)
                else _PAID if _PAYS.match(analysis.relation)
                else re.compile(re.escape(analysis.relation) + (r"(?![部委办室局厅])" if role else "")))
        # The question's own words name no one new: 中央领导同志对我省…充分肯定 does not say who 中央领导同志 is. Asked
        # whom an act is of (对谁进行轮训), the answer is what follows 对.
        acted_on = bool(_OBJECT_ASKED.search(analysis.text))
        return (any(answerer.search(_without_question_phrases(analysis, c if acted_on else _OBJECT_MARKER.split(c, 1)[0]))
                    and said.search(c) for c in CLAUSE_SPAN.findall(text))
                or ((actor := who_in(analysis, text)) is not None
                    and (analysis.unit != "单位" or bool(_BODY.search(actor)))))
    if kind == "place":
        if analysis.unit in _INSTITUTIONS:
            # 哪些学校 is answered by a school's name (通江县第一小学), not by 学校 or 支教 alone.
            return bool(re.search(rf"[\u4e00-\u9fff]{{2,}}(?<!的)(?:{_INSTITUTIONS[analysis.unit]})", text))
        if analysis.segmenter is None:
            return True
        if (put := _PUT_AT_ASKED.search(analysis.text)) and re.search(rf"{put.group(1)}[在到][\u4e00-\u9fff]{{2,}}", text):
            return True  # 党组织建在哪里 is answered by where it is put (把党支部建在产业项目一线), not only by a place name
        places = named_places(analysis.segmenter, text, analysis.unit, analysis.entities)
        if _VENUE_ASKED.search(analysis.text):
            # 培训班是在哪里办的 is answered by where it is held (在成都…), not by the regions its trainees come from
            # (举办燕山-太行山、吕梁山区…培训班).
            return any(re.search(rf"[在于赴到]{re.escape(p)}", text) for p in places)
        if places:
            return True
        # 哪些地方 / 哪些地区 are answered by a kind of place too (走遍全省的贫困县), never by a count (全省X个县) or by
        # the question's own words.
        return (not analysis.unit and bool(_PLACES_ASKED.search(analysis.text))
                and any(m.group(0) not in analysis.text for m in _PLACE_OF_A_KIND.finditer(text)))
    if kind == "count":
        # A figure with the asked unit (any counting unit when none is asked) or right before the noun counted
        # (12.8万贫困户), or a number in digits when no unit is asked. Never an ordinal (第一书记) nor a name's numeral
        # (“五个一”).
        text = QUOTED_NAME.sub("", text)
        unit = count_unit_pattern(analysis, f"[{COUNT_UNITS}]")
        # 14个百分点 is a share, not 14 of anything counted with 个.
        figure = re.compile(rf"(?<![第\d一二两三四五六七八九十百千万]){FIGURE}\s*(?:多|余)?\s*(?:万|千|百)?\s*{unit}(?!百分点)")
        if figure.search(text) or re.search(rf"{SHARE_FIGURE}(?:以上|左右)?的?{unit}", text):
            return True  # 多少村党组织要达到一流 is answered by 60%以上的村党组织 too
        if analysis.unit and re.search(rf"{re.escape(analysis.unit)}(?:达到|占|为)?{SHARE_FIGURE}", text):
            return True  # …and 有多少村年收入5万元以上 by …的村达到50%以上
        return not analysis.unit and not analysis.counted and bool(re.search(r"(?<![第\d])\d", text))
    return True




def _without_question_phrases(analysis: QuestionAnalysis, clause: str, min_chars: int = 3) -> str:
    """``clause`` with every run of three or more characters it shares with the question blanked, longest first."""
    question = analysis.text
    for size in range(min(len(question), len(clause)), min_chars - 1, -1):
        for start in range(len(question) - size + 1):
            phrase = question[start : start + size]
            if phrase in clause and re.fullmatch(r"[\u4e00-\u9fff]+", phrase):
                clause = clause.replace(phrase, "#")
    return clause


def counted_noun(question: str, segmenter: Segmenter) -> str:
    """The noun a count question counts, right after its question word: 多少个驻村工作队 → 驻村工作队, 多少户贫困户 →
    贫困户, 有多少是女性 → 女性; "" when anything but a noun follows (多少人参加培训, 多少个软弱涣散村党组织)."""
    m = re.search(rf"(?:多少|几)(?:[{COUNT_UNITS}](?!额(?!外)))?(?:是|为|属于)?", question)  # 有多少是女性 counts 女性
    tagged = segmenter.tagged(question[m.end():]) if m else []
    if not tagged:
        return ""
    word, flag = tagged[0]
    return word if _is_noun(word, flag) and len(word) >= 2 else ""


def _is_noun(word: str, flag: str) -> bool:
    """A noun by jieba's tag; the index's own vocabulary (驻村工作队) comes untagged, as x."""
    return flag.startswith("n") or flag == "vn" or flag == "x" and bool(re.fullmatch(r"[\u4e00-\u9fff]+", word))


# Characters of an act that say little of it alone: 评上's 上, 派出's 出.
_LIGHT_VERB_CHARS = re.compile(r"[上下出到过来去了开成起]")


def counts_what_is_asked(analysis: QuestionAnalysis, text: str) -> bool:
    """Whether a sentence of ``text`` holding a count of the asked kind names the noun counted, in it or in the
    sentence before (…“农村干部学历提升工程”…。2019年春季…计划招录学员6000余名): 3654名党员干部 does not say how many
    are 女性, 对口帮扶699个贫困村 not how many 驻村工作队. A noun picked out by an act (被提拔的干部) is counted only where
    the act is said, in a word of its own (评上 → 评选出)."""
    if not analysis.counted and not analysis.qualifier:
        return True
    act = re.compile(f"[{_LIGHT_VERB_CHARS.sub('', analysis.qualifier)}]" if analysis.qualifier else "")
    sentences = sentences_of(text)
    return any(holds_answer_type(analysis, s) and analysis.counted in (read := (sentences[i - 1] if i else "") + s)
               and act.search(read) for i, s in enumerate(sentences))



def count_qualifier(question: str, segmenter: Segmenter) -> str:
    """The act that picks out what a count question ending in its question word counts: 因为扶贫干得好被提拔的干部有多少个 →
    提拔, 退出的贫困村有多少个 → 退出; "" when the noun is not so qualified (巴中的驻村工作队一共有多少个)."""
    m = _COUNT_ASKED_AT_END.search(question)
    tagged = segmenter.tagged(question[: m.start()]) if m else []
    while tagged and _is_noun(*tagged[-1]):
        tagged.pop()
    if len(tagged) < 2 or tagged[-1][0] != "的":
        return ""
    word, flag = tagged[-2]
    if not flag.startswith("v") or len(word) < 2 or not _LIGHT_VERB_CHARS.sub("", word):
        return ""
    return word


# People are counted in 名, 人 and 位 alike: 培养多少人 is answered by 3万名左右农村干部大学生.
_PEOPLE_UNITS = "人名位"


# People counted with 个, as spoken: 后备干部…培养几个, 几个人.
_PEOPLE = r"(?:干部|党员|书记|支书|人员|人才|村官|学员|队员|选调生|毕业生|群众|百姓)"
_PEOPLE_COUNTED = re.compile(rf"{_PEOPLE}[^。？?]{{0,16}}(?:几|多少)个(?![\u4e00-\u9fff])|(?:几|多少)个人|"
                             rf"(?:几|多少)个[\u4e00-\u9fff]{{0,3}}{_PEOPLE}")  # 发展几个年轻党员


def _count_unit_said(unit: str) -> str:
    """A pattern of the measure words that state a count asked in ``unit``."""
    return f"[{_PEOPLE_UNITS}]" if unit in _PEOPLE_UNITS else re.escape(unit)


def count_unit_pattern(analysis: QuestionAnalysis, default: str) -> str:
    """What may follow a figure answering a count question: its unit (``default`` when it names none), or the noun it
    counts right after the figure (12.8万贫困户 for 多少户贫困户)."""
    unit = _count_unit_said(analysis.unit) if analysis.unit else default
    if analysis.unit == "个" and _PEOPLE_COUNTED.search(analysis.text):
        unit = f"[个{_PEOPLE_UNITS}]"  # 后备干部每个村要培养几个 is answered by 每个贫困村储备1至2名
    return f"(?:{unit}|(?={re.escape(analysis.counted)}))" if analysis.counted else unit


_ORDINAL_ITEM = re.compile(r"(?:^|[。；;，,：:\s])(?:[一二三四五六七八九十]|第[一二三四五六七八九十])[是要](?=[\u4e00-\u9fff])")


def most_items(text: str) -> int:
    """The longest list ``text`` gives: items joined by 、 in one sentence, or 一是…二是… openings."""
    joined = max((s.count("、") + 1 for s in sentences_of(text)), default=0)
    return max(joined, len(_ORDINAL_ITEM.findall(text)))


def sentences_of(text: str) -> list[str]:
    """The sentences of ``text`` (the whole text when it has no sentence end)."""
    return [text[s:e] for s, e in split_sentences_zh(text)] or [text]


# These documents open a paragraph with a short lead saying what it is about (大力整顿软弱涣散村党组织。) and give
# the figures in the sentences after it, in other words (2018年,全省共确定软弱涣散村党组织2494个): the lead's
# words are those sentences' subject too. As long as the enumerated items ``section_items`` reads.
LEAD_MAX_CHARS = 30


def _paragraph_lead(document: str, start: int) -> tuple[int, int] | None:
    """The span of the short lead opening the paragraph of ``document`` that holds ``start``; None when the
    paragraph opens with a longer sentence or has no other."""
    begin = document.rfind("\n", 0, start) + 1
    end = document.find("\n", begin)
    spans = split_sentences_zh(document[begin : end if end >= 0 else len(document)], begin)
    return spans[0] if len(spans) > 1 and spans[0][1] - spans[0][0] <= LEAD_MAX_CHARS else None


def read_with_leads(document: str, start: int, end: int) -> list[tuple[int, int, str, bool]]:
    """The sentences of ``document[start:end]``, each as (start, end, the lead of its paragraph it is read with,
    whether it is that lead itself); offsets are the document's."""
    out = []
    for s, e in split_sentences_zh(document[start:end], start):
        lead = _paragraph_lead(document, s)
        is_lead = lead is not None and lead[0] == s
        out.append((s, e, "" if lead is None or is_lead else document[lead[0] : lead[1]], is_lead))
    return out


# A procedure asked for (签订帮扶责任书的具体流程, 申请要走什么程序): documents that give one say so in these words.
# 哪些环节进行量化考核 asks for the stages a list names (识别、帮扶、脱贫全过程), not for a procedure.
_PROCEDURE_ASKED = re.compile(r"(?:流程|程序|手续)(?:是|有|包括|要|需要|怎么|如何|都|具体)*(?:什么|哪些|怎样|怎么|如何)|"
                              r"(?:什么|哪些)(?:样的)?(?:流程|程序|手续)")
PROCEDURE_SAID = re.compile(r"流程|程序|手续|环节|步骤")


# What to do in a case the question puts: …生病了怎么办, 挂职期满后怎么安排, 排名后20%的会怎样.
_CONDITION_ASKED = re.compile(r"(?:了|后|以后|之后|的话|的)[，,]?(?:该|要|会|又)?(?:怎么办|咋办|怎么处理|如何处理|怎么安排|如何安排|"
                              r"怎么样|会怎样|怎样)[？?]?$")


def frequency_in(analysis: QuestionAnalysis, text: str) -> str | None:
    """For 多久…一次: the 每年 / 每半年 of the first clause of ``text`` saying the act asked, or None."""
    if not (m := _FREQUENCY_ASKED.search(analysis.text)):
        return None
    act = _last_word(analysis, m.group(1))
    named = False  # the clause before named the act, within the same sentence
    for c in CLAUSE_SPAN.finditer(text):
        every = _EVERY_PERIOD.search(c.group(0))
        # …定期评价制度,每年对贫困村党组织书记逐村逐人进行分析评定: a clause opening on 每年 spells out the period of
        # the act the clause before it names.
        if every and (act in c.group(0) or named and every.start() == 0):
            return every.group(0)
        named = act in c.group(0) and text[c.end():c.end() + 1] in "，,"
    return None


def _last_word(analysis: QuestionAnalysis, asked: str) -> str:
    """The word an act asked ends with (对第一书记集中轮训 → 轮训; 跟第一书记谈 → 谈), "" when there is none."""
    words = [w for w, _ in analysis.segmenter.tagged(asked)] if analysis.segmenter is not None else [asked]
    return next((w for w in reversed(words) if re.fullmatch(r"[\u4e00-\u9fff]+", w)), "")


_NOT_DENIALS = {"不断", "不同", "不少", "不仅", "未来", "不但"}


def condition_asked(question: str, segmenter: Segmenter) -> str:
    """The last word of the case a question asks what happens in (第一书记驻村期间生病了怎么办 → 生病), or "": a
    passage that never states the case does not say what to do in it."""
    question = written_asking(question)
    m = _CONDITION_ASKED.search(question)
    if not m:
        return ""
    case = CLAUSE_SPAN.findall(question[: m.start()] or " ")[-1]
    words = [w for w, _ in segmenter.tagged(case) if re.fullmatch(r"[\u4e00-\u9fff\d.%]+", w)]
    # A case denied (没按时…谈心谈话的) is the word denied, the last one when several are (不好好干、老百姓不满意的 →
    # 满意): the documents may state the duty, not its breach.
    denied = next((w[1:] if len(w) > 2 else w if len(w) == 2 else (words[i + 1] if i + 1 < len(words) else "")
                   for i, w in reversed(list(enumerate(words))) if w[0] in "没未不" and w not in _NOT_DENIALS), "")
    return denied or (words[-1] if words else "")


def asks_for_a_procedure(question: str) -> bool:
    """Whether ``question`` asks for the procedure of something (…的具体流程是什么)."""
    return bool(_PROCEDURE_ASKED.search(written_asking(question)))


def asks_about_plans(question: str) -> bool:
    """Whether ``question`` asks about what comes next (明年, 今后, 下一步, 打算…) rather than what was done."""
    return bool(_FUTURE_ASKED.search(question))


# How something turned out (结果怎么样了, 后来发展得怎么样, 效果如何): only a sentence stating an outcome answers — a change
# achieved (取得了, 实现了, 降到7.65%, 更加浓厚), not the measure that was taken (派出2650个工作组…力促…整顿转化提升).
_OUTCOME_ASKED = re.compile(r"后来|结果(?:怎么样|如何|咋样)|效果(?:怎么样|如何|咋样)|成效(?:怎么样|如何)|怎么样了|咋样了|干得怎么样")
_OUTCOME_SAID = re.compile(r"(?:取得|实现|完成|达到|提高|提升|增加|增长|下降|减少|改善)了|已经|均已|基本实现|降到|下降\d|更加|"
                           r"成效(?:明显|显著)|明显(?:提升|提高|改善|增强)|显著(?:提升|提高|改善)|涌现出|彰显")


def asks_about_outcome(question: str) -> bool:
    """Whether ``question`` asks how something turned out (结果怎么样了, 后来…怎么样)."""
    return bool(_OUTCOME_ASKED.search(question))


def states_an_outcome(analysis: QuestionAnalysis, text: str) -> bool:
    """Whether ``text`` has a sentence stating an outcome (a change achieved) of something the question names beyond its
    places (巴中贫困发生率…降到7.65% is no outcome of 驻村工作队), for ``asks_about_outcome`` questions."""
    named = [t for t in analysis.terms if len(t) >= 2 and t not in analysis.entities]
    return any(_OUTCOME_SAID.search(s) and any(t in s for t in named) for s in sentences_of(text))


def asks_about_growth(question: str) -> bool:
    """Whether ``question`` asks how much something rose (涨多少, 提高了多少)."""
    return bool(_GROWTH_ASKED.search(question))


def states_the_asked_plan(analysis: QuestionAnalysis, text: str) -> bool:
    """For a question about plans ahead (明年…多少, 下一步…什么): whether ``text`` has a sentence stating a plan or
    target (holding the asked figure, for figure questions). Last year's figures do not answer next year's plan."""
    if not analysis.future:
        return True
    return any(_PLANNED.search(s) and holds_answer_type(analysis, s) for s in sentences_of(text))


# A figure asked as of a past point (5年前的贫困发生率, 三年前有多少): a sentence giving today's figure and the change
# (过去5年…下降14个百分点,降到7.65%) does not state it; one naming that point or the figure a change started from does.
_PAST_POINT = re.compile(r"(?:\d+|[一二两三四五六七八九十几]+)年前")
_STARTING_FIGURE = re.compile(r"(?:从|由)\d")


def states_the_asked_past(question: str, text: str) -> bool:
    """For a figure asked as of a past point (5年前的贫困发生率是多少): whether ``text`` names that point or the
    figure a change started from (从21.65%降到…); True for every other question."""
    m = _PAST_POINT.search(question)
    return not m or m.group(0) in text or bool(_STARTING_FIGURE.search(text))


def searchable(doc: Document) -> str:
    """Where the naming rule looks for a place, person or figure: the document's title, source and text."""
    return f"{doc.title}\n{doc.source or ''}\n{doc.text}"


def entity_in(entity: str, text: str) -> bool:
    """A place or person named in ``text``, also without its administrative suffix (昌都市 → 昌都)."""
    return entity in text or (len(stem := PLACE_SUFFIX.sub("", entity)) >= 2 and stem in text)


def _source_names(index: KnowledgeIndex) -> dict[str, list[str]]:
    """Names by which a question may point at each document by itself: its source and author."""
    return {doc_id: [n for n in (doc.source, doc.author) if n and len(n) >= 2]
            for doc_id, doc in index.documents.items()}


def source_scope(question: str, index: KnowledgeIndex, entities: list[str]) -> tuple[tuple[str, ...], str]:
    """Documents the question points at (and the phrase that does), or ``((), "")`` when it names none.

    Only a question with a word of reference (那篇文章, 讲话中, 报道里…) is scoped: 山西选派了多少…
    asks about Shanxi wherever it is written, 山西那篇报道里… asks about one document.
    """
    reference = _REFERENCE.search(question)
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
        # 山西那篇报道 / 讲山西的那篇文章: the document about the place named with the reference (in its title or
        # opening lines); other places in the question are what it asks about, not where to look.
        near = question[max(0, reference.start() - 8) : reference.start()]
        named = [e for e in entities if e in near] or entities
        about = {d for d in candidates
                 if any(entity_in(e, f"{index.documents[d].title} {index.documents[d].text[:300]}") for e in named)}
        candidates = about or candidates
    if candidates == set(index.documents):
        return (), reference.group(0) if reference else ""
    phrase = reference.group(0) if reference else next(n for d in named_sources for n in names[d] if n in question)
    return tuple(sorted(candidates)), phrase


def _source_places(analysis: QuestionAnalysis) -> list[str]:
    """The places a scoped question names its source by, right before its word of reference: 巴中那篇文章说 → 巴中,
    山西的报道里 → 山西; not 讲话里兰考的… (what it asks about)."""
    phrase = re.escape(analysis.scope_phrase)
    return [e for e in analysis.entities if phrase and re.search(rf"{re.escape(e)}(?:市|省)?的?{phrase}", analysis.text)]


def words_pattern(words, min_chars: int = 1) -> str:
    """A regex alternation of ``words`` (of at least ``min_chars`` characters), longest first; "" when none."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if len(w) >= min_chars)


def content_words(question: str, segmenter: Segmenter) -> list[str]:
    """The words of ``question`` that say what it is about: not its asking phrase (多少名, 怎么, 呢) nor function words
    (那, 由, 他们)."""
    return [w for w, flag in segmenter.tagged(_ASK_PHRASE.sub(" ", question))
            if w.strip() and not flag.startswith(_FUNCTION_TAGS)]


def names_nothing(question: str, segmenter: Segmenter) -> bool:
    """Whether ``question`` names no thing of its own (要用多长时间？ 培养多少人？ — verbs and an asking phrase only): after
    an earlier question, it asks about what that one was about."""
    return all(flag.startswith(_NAMING_NOTHING_TAGS) and flag != "vn"
               for w, flag in segmenter.tagged(_ASK_PHRASE.sub(" ", question)) if w.strip())


def opens_with_source_reference(question: str) -> bool:
    """那个讲话里… / 这篇文章中…: the question opens by pointing at a document, not back at an earlier turn."""
    return bool(_REFERENCE.match(question.strip()))


def _titled(question: str, index: KnowledgeIndex) -> tuple[str, ...]:
    """Documents whose title the question quotes in 《…》 (most of the title's characters, in order or not)."""
    m = _TITLE.search(question)
    if not m:
        return ()
    quoted = set(m.group(1))
    return tuple(sorted(d for d, doc in index.documents.items()
                        if quoted and len(quoted & set(doc.title)) >= 0.8 * len(quoted)))


def _content(question: str, index: KnowledgeIndex) -> str:
    """The question without words of reference and the names of its sources, which say nothing of content.
    A 《…》 that is not one of the documents' titles (《市县党政正职履行脱贫攻坚责任考评办法》, a regulation the
    documents name) is what the question is about, and stays."""
    text = _REFERENCE.sub(" ", _TITLE.sub(" ", question) if _titled(question, index) else question)
    for names in _source_names(index).values():
        for name in names:
            # Indexes cleaned before CHUNKER_VERSION 3 hold 人民日 for 人民日报; a question writes it whole.
            text = re.sub(re.escape(name) + "报?", " ", text)
    return text


def _terms(text: str, index: KnowledgeIndex) -> dict[str, float]:
    """Content words with their IDF; question words (多长时间, 哪一年, 多少钱) ask, they are not content."""
    text = _ASK_PHRASE.sub(" ", text)
    terms: dict[str, float] = {}
    for token in index.query_tokens(text):
        if not _QUESTION_WORD.search(token):
            terms[token] = max(terms.get(token, 0.0), index.idf(token))
    return terms


def _single(question: str, index: KnowledgeIndex, *, scope: tuple[str, ...] = (), scope_phrase: str = "",
            label: str = "", asked: str | None = None) -> QuestionAnalysis:
    # Words of reference apart: 文章中巴中的… is not cut into 文章 / 中巴 (a bus) / 中.
    tagged = index.segmenter.tagged(_REFERENCE.sub(" ", question))
    entities = [w for i, (w, flag) in enumerate(tagged)
                if flag in _ENTITY_TAGS and len(w) >= 2 and not _QUESTION_WORD.search(w)
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
    terms = _terms(_content(question, index), index)
    if asked:
        # A follow-up's own words (那经费呢 → 经费) say what is asked now; the earlier question only sets the scene.
        # Its function words (那具体由谁负责 → 由) say nothing of what is asked.
        own = set(content_words(asked, index.segmenter))
        terms = {t: w * (2.0 if any(t in word for word in own) else 1.0) for t, w in terms.items()}
    query = re.sub(r"\s+", " ", _content(question, index)).strip(" ，,") or question
    return QuestionAnalysis(text=question, query=query, kind=question_kind(question), answer_type=kind, terms=terms,
                            entities=entities,
                            numbers=_named_figures(question, kind), unit=unit, scope=scope, scope_phrase=scope_phrase,
                            rates=rates_asked(asked or question),
                            growth=asks_about_growth(asked or question),
                            relation=who_relation(asked or question) if kind == "who" else "",
                            segmenter=index.segmenter,
                            future=asks_about_plans(question), outcome=asks_about_outcome(asked or question),
                            procedure=asks_for_a_procedure(asked or question),
                            condition=condition_asked(asked or question, index.segmenter),
                            counted=counted_noun(asked or question, index.segmenter) if kind == "count" else "",
                            programme=programme_asked(question, quoted_programmes(index)) if kind in _MAY_ASK_CONTENT else "",
                            whole=whole_stated(asked or question),
                            items_asked=items_asked(asked or question) if kind in ("list", "who", "other") else 0,
                            members=members_asked(asked or question, index.segmenter) if kind in ("list", "who") else "",
                            qualifier=count_qualifier(asked or question, index.segmenter) if kind == "count" else "",
                            checked=checked_object(asked or question, index.segmenter) if kind in ("yesno", "other") else "",
                            publication=publication_asked(asked or question),
                            part_label=label)


# What a role or body is called by (一线总指挥是谁 asks who holds a role, 刘桂珍是谁 who a person is).
_ROLE_END = re.compile(r"(?:书记|长|官|部|委|组|人|员|者|指挥|领导|主任|干部|单位|部门|机构|政府|队)$")


def _named_figures(question: str, kind: AnswerType) -> list[str]:
    """The figures a question names, which the documents must hold to answer it. A yes/no question's figure other
    than a year is the claim it checks (巴中选派了5000名干部驻村，对吗？): the documents' own figure answers it."""
    figures = NUMBER.findall(question)
    if kind == "yesno":
        return [f for f in figures if re.search(_whole_number(f) + r"\s*年", question)]
    return figures


def _asks_who_a_named_person_is(question: str, segmenter: Segmenter) -> bool:
    m = re.fullmatch(r"([\u4e00-\u9fff]{2,4}?)(?:到底)?是谁[？?]?", question.strip())
    if not m or _ROLE_END.search(m.group(1)):
        return False
    return any(flag == "nr" for _, flag in segmenter.tagged(m.group(1)))


def _place_parts(question: str, entities: list[str]) -> list[tuple[str, str]]:
    """巴中和山西分别选派了多少… (or 巴中、昌都和山西…) → one question per place, each labelled with its place."""
    places = list(dict.fromkeys(entities))
    if len(places) < 2:
        return []
    name = "|".join(re.escape(p) for p in sorted(places, key=len, reverse=True))
    run = re.search(rf"(?:{name})(?:\s*{_JOINER.pattern}\s*(?:{name}))+", question)
    if not run:
        return []
    parts = []
    for place in dict.fromkeys(re.findall(name, run.group(0))):
        text = question[: run.start()] + place + question[run.end():]
        parts.append((place, re.sub(r"分别|各自|各", "", text)))
    return parts


def _places(text: str, index: KnowledgeIndex) -> list[str]:
    return [w for w, flag in index.segmenter.tagged(text) if flag == "ns" and len(w) >= 2]


def _comma_questions(clause: str) -> list[str]:
    """山西选派了多少名第一书记，工作经费每年多少 → two questions: cut at a comma when both sides ask something."""
    segments = re.split(r"[，,]", clause)
    out, current = [], ""
    for i, segment in enumerate(segments):
        current = f"{current}，{segment}" if current else segment
        if _ASKS_ITSELF.search(current) and _ASKS_ITSELF.search("，".join(segments[i + 1:])):
            out.append(current)
            current = ""
    return out + [current] if current else out


def _clause_parts(question: str) -> list[tuple[str, bool]]:
    """…要求什么？到2020年又要求什么？ → its clauses, when each asks something of its own, each with whether it was cut
    from the one before at a comma (…帮扶了多少个贫困村，每个队每年经费多少 — the same sentence, so the same subject). A
    clause that asks nothing (还有，每年选调200名书记参加培训班，那这个培训班多长时间？) sets the scene for the one after it."""
    clauses = [(re.sub(r"^(?:另外|还有|同时|以及|那么?|又)[，,]?", "", c.strip(" ，,")), j > 0)
               for piece in _CLAUSE_SPLIT.split(question) if piece
               for j, c in enumerate(_comma_questions(piece)) if c.strip(" ，,？?")]
    parts: list[tuple[str, bool]] = []
    scene = ""
    for clause, continues in clauses:
        if _ASKS.search(clause):
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
    for label, text in _place_parts(question, whole.entities):
        parts.append(_single(text, index, scope=whole.scope, scope_phrase=whole.scope_phrase, label=label))
    if not parts and not asked:  # a resolved follow-up (…，那经费呢？) is one question, not two
        clauses = _clause_parts(question)
        first = clauses[0][0] if clauses else ""
        first_places = _places(first, index)
        for i, (clause, continues) in enumerate(clauses):
            # Its own words, not its question words: 还有几个拿了提名奖 says 提名奖 of the first clause's subject.
            own = [t for t in index.segmenter.tokens(_content(clause, index))
                   if len(t) >= 2 and not NUMBER.fullmatch(t) and not _QUESTION_WORD.search(t)]
            places, label = _places(clause, index), clause
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
