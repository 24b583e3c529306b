"""Whether a passage holds the element a question asks for: a figure of the kind, unit and rate asked that counts
what is asked and is not one the question states itself; a plan, an outcome or a past point when those are asked.
Who and place questions are checked in ``names``."""

from __future__ import annotations

import itertools
import re

from assistant.question.analysis import QuestionAnalysis
from assistant.question.asked import (
    ANSWER_KIND_NOUNS,
    COUNT_ASKED_AT_END,
    FIGURE_KINDS,
    LIGHT_VERB_CHARS,
    MEASURES,
    RISE_SIZE_ASKED,
    YEAR_ASKED,
)
from assistant.question.names import holds_place, holds_who
from assistant.question.text import (
    CLAUSE_SPAN,
    COUNT_UNITS,
    DURATION,
    FIGURE,
    NAMED_YEAR,
    QUOTED_NAME,
    SHARE_FIGURE,
    is_noun,
    most_items,
    sentences_of,
    states_figure,
    whole_number,
    without_figures,
)

# What holds each figure type in a sentence.
_MONEY = re.compile(rf"{FIGURE}\s*(?:多|余)?\s*(?:万|亿|千)?元")
# Money earned is not money spent: an income answers only a question about income.
_INCOME_ASKED = re.compile(r"收入|挣|赚|进账|增收")
# A sum docked or fined (扣多少工资, 罚多少钱) is stated only where docking or a fine is (扣发, 罚款).
_PENALTY = re.compile(r"扣|罚")
_INCOME_STATED = re.compile(rf"(?:收入|增收)(?:达到|达|超过|为|了|有)?\s*{FIGURE}\s*(?:多|余)?\s*(?:万|亿|千)?元")

# The unit a duration question names (多少天, 几个月) and the units that answer it: 一周 answers 多少天, 半年 几个月.
_DURATION_UNITS = {"小时": "小时|学时|课时", "天": "天|夜|周|个?星期", "周": "周|个?星期|天", "星期": "周|个?星期|天",
                   "月": "个月|年", "年": "年"}
# How often (多久…一次): a bare 每年 answers it, which a length of time does not.
_FREQUENCY_ASKED = re.compile(r"(?:多久|多长时间)([^，,。？?]{0,16})一次")
_EVERY_PERIOD = re.compile(r"每一?(?:[两三四五半]?年|个?月|季度|周|星期|天)")

_RATE_SAID = {"年": "每一?年|年均|一年|全年|年度", "月": "每个?月|月均|一个月", "人": "每人|人均|每名|每位|每个人|"
              # 为省派农村第一书记安排1万元: an amount set for each of the people it names
              "(?:为|给)[^，,。；;]{0,10}(?:书记|干部|队员|村官|人员|党员)(?:安排|发放|提供|补助|补贴)",
              "天": "每天|每日|日均", "次": "每次|每期|每批|每场|每轮", "户": "每户|户均"}
# Per group, team or village, qualified or not: 每个贫困村储备1至2名, 每个驻村工作队…2.5万元, 一村一个工作组.
_RATE_SAID |= {"日": _RATE_SAID["天"], "期": _RATE_SAID["次"], "批": _RATE_SAID["次"], "轮": _RATE_SAID["次"],
               "组": "每一?个?[\u4e00-\u9fff]{0,4}组|每组",
               "队": "每一?[个支]?[\u4e00-\u9fff]{0,6}队", "村": "每一?个?[\u4e00-\u9fff]{0,4}村|一村"}

_DATE = re.compile(rf"\d{{4}}\s*年|\d{{1,2}}\s*月|\d{{4}}-\d{{1,2}}|{NAMED_YEAR}|今年|去年|明年|年底|年初")

_YEAR = re.compile(rf"\d{{4}}\s*年|\d{{4}}-\d{{1,2}}|{NAMED_YEAR}|今年|去年|明年|前年|后年")
# A year said relative to when the document was written: which year it is only its date can tell.
RELATIVE_YEAR = re.compile(r"今年|去年|明年|前年|后年")

# …or in words: 占全省贫困人口的一半, 三分之一.
_SHARE = re.compile(rf"{SHARE_FIGURE}|百分之|比例|[一二两三四五六七八九十]分之[一二两三四五六七八九十]|一半|半数|过半")

_GROWTH_SAID = re.compile(rf"翻(?:一|两|三)?番|{FIGURE}\s*倍|{SHARE_FIGURE}")
# A rise stated by its size: 增加了500元, 提高2个百分点.
_RISE_SAID = re.compile(rf"(?:涨|增加|提高|增长|上调)了?\s*{FIGURE}")

_PLANNED = re.compile(r"今后|明年|后年|将(?=会|要|于|在|继续|进一步|逐步|全面|持续)|计划(?=[\u4e00-\u9fff])|力争|争取|目标|预计|"
                      r"下一步|下步|下阶段|未来|接下来|到20\d\d年|20\d\d年(?:前|底前|以前)")


def names_members(noun: str, text: str) -> bool:
    """Whether ``text`` names members of ``noun``, or does not speak of it at all. A sentence that only counts it (X个
    先进单位和个人作了大会发言) names none; one that names some (刘桂珍等10名最美村干部) or lists them does."""
    said = [s for s in sentences_of(text) if noun in s]
    counted = re.compile(rf"(?<![等\d.])(?:{FIGURE}|X+)\s*(?:多|余)?\s*[{COUNT_UNITS}]?[^，,。；;、]{{0,8}}?{re.escape(noun)}")
    # …nor one speaking of its kinds at large (运用各类媒体进行宣传推广 names no newspaper) — unless a list ends on it
    # (津补贴、周转房等相关待遇保障 names two).
    at_large = re.compile(rf"(?<!等)(?:各类|各种|各级|多种|一些|有关|相关|部分|若干){re.escape(noun)}")
    return not said or any(not at_large.search(s) and (most_items(s) >= 2 or not counted.search(s)) for s in said)


def holds_answer_type(analysis: QuestionAnalysis, text: str) -> bool:
    """Whether ``text`` holds an element of the type the question asks for (True for untyped questions); for a
    figure asked per year, per person… (``rates``), a figure stated so. A figure the question states itself answers
    nothing: 699个贫困村里有多少个已经退出 is not answered by 对口帮扶699个贫困村."""
    if analysis.whole:
        # A breakdown follows its total in one sentence (累计投入3.1亿元,其中…): only what follows the whole counts.
        text = "。".join(re.split(whole_number(analysis.whole), s, maxsplit=1)[1] for s in sentences_of(text)
                        if states_figure(s, analysis.whole))
    if stated := _stated_counts(analysis):
        # A count asked in the unit of a stated one (2494个…整顿转化了多少个) is a part of it, stated with another figure.
        scoping = [s for s in stated if analysis.answer_type != "count" or s[1] != analysis.unit]
        text = "。".join(s for s in sentences_of(text) if not _counts_another_set(s, scoping))
    text = _without_counts_of_other_things(analysis, text, stated)
    text = without_figures(text, analysis.numbers)
    if part_of := _bare_part_of(analysis):
        # 12.8万贫困户现在脱贫了多少: a part of the stated count, so a figure of the same noun (56737名党员干部 is none).
        return bool(re.search(rf"{FIGURE}\s*(?:多|余)?\s*(?:万|千|百)?\s*[{COUNT_UNITS}]?{re.escape(part_of)}", text))
    if analysis.rates and analysis.answer_type in FIGURE_KINDS:
        return any(_holds_type(analysis, clause) and all(re.search(_RATE_SAID[r], clause) for r in analysis.rates)
                   for clause in CLAUSE_SPAN.findall(text))
    return _holds_type(analysis, text)


def _stated_counts(analysis: QuestionAnalysis) -> list[tuple[str, str, str]]:
    """The counts a question states, with their unit and what they count: 山西抽调的42名督导干部是… →
    [(42, 名, 督导干部)]."""
    stated = []
    for figure in analysis.numbers:
        if m := re.search(rf"{whole_number(figure)}\s*(?:多|余)?\s*([{COUNT_UNITS}])", analysis.text):
            stated.append((figure, m.group(1), _counted_phrase(analysis, analysis.text[m.end():])))
    return stated


def _bare_part_of(analysis: QuestionAnalysis) -> str:
    """For a count asked with no unit nor noun, right after its verb, of a count the question states (12.8万贫困户现在
    脱贫了多少): the noun of the stated count, which the asked one is a part of; "" for any other question (一年能收5万块
    钱以上的村有多少 counts the villages named before its question word)."""
    if analysis.answer_type != "count" or analysis.unit or analysis.counted or not analysis.numbers \
            or not re.search(r"了(?:多少|几)[？?]?$", analysis.text):
        return ""
    for figure in analysis.numbers:
        m = re.search(rf"{whole_number(figure)}\s*(?:多|余)?\s*(?:万|千|百)?\s*[{COUNT_UNITS}]?", analysis.text)
        if m and (phrase := _counted_phrase(analysis, analysis.text[m.end():])):
            return phrase
    return ""


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
    return tagged[0][0] if is_noun(*tagged[0]) else ""


def _counts_another_set(sentence: str, stated: list[tuple[str, str, str]]) -> bool:
    """Whether ``sentence`` counts the question's kind of thing with another figure only: 从省市县选派9973名干部…
    does not say where the 42名督导干部 came from."""
    return any(not states_figure(sentence, figure)
               and re.search(rf"(?<![\d.])\d+(?:\.\d+)?\s*(?:多|余)?\s*(?:万|千)?\s*{unit}", sentence)
               for figure, unit, _ in stated)


def _counted_subject(analysis: QuestionAnalysis) -> str:
    """What a count question ending in its question word counts, named before it: 巴中的驻村工作队一共有多少个 →
    驻村工作队; "" when a verb comes before (整顿转化了多少个)."""
    m = COUNT_ASKED_AT_END.search(analysis.text)
    if not m or analysis.segmenter is None:
        return ""
    words = []
    for word, flag in reversed(analysis.segmenter.tagged(analysis.text[: m.start()])):
        if not is_noun(word, flag):
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
    if analysis.answer_type != "count" or not analysis.unit:
        return text
    if analysis.counted:
        return _without_counts_of_others_than_counted(analysis, text)
    nouns = [noun for _, unit, noun in stated if noun and unit == analysis.unit] + [_counted_subject(analysis)]
    nouns = [n for n in nouns if n]
    if not nouns:
        return text

    def blank_other(m: re.Match) -> str:
        noun = _noun_opening(analysis, text[m.end():])
        if not noun or any(_same_thing(noun, n) for n in nouns) or _clause_names(text[m.end():], nouns):
            return m.group(0)  # 选派10009名干部担任农村第一书记 counts 第一书记
        return "#"

    return re.sub(_counts_in(analysis.unit), blank_other, text)


def _clause_names(rest: str, nouns: list[str]) -> bool:
    """Whether the rest of a figure's clause names one of ``nouns``, whole or by its opening (选调生…担任大学生村官)."""
    rest = re.split(r"[，,。；;：:？?！!]", rest, maxsplit=1)[0]
    return any(n in rest or _same_thing(rest[: len(n)], n) for n in nouns)


def _counts_in(unit: str) -> str:
    """A figure counting in ``unit`` (2650个, 3万名), not an ordinal (第一个) nor the tail of a longer number."""
    return rf"(?<![第\d.一二两三四五六七八九十百千万]){FIGURE}\s*(?:多|余)?\s*(?:万|千|百)?\s*{re.escape(unit)}"


def _without_counts_of_others_than_counted(analysis: QuestionAnalysis, text: str) -> str:
    """``text`` without the figures in the asked unit followed by another noun than those counted, which their clause
    does not name after them either: 多少名大学生村官 is not answered by 去年招录的398名选调生全部安排到村开展工作, while
    多少名第一书记 is by 选派10009名干部担任农村第一书记, and 几名后备干部 by …后备干部,争取每个贫困村储备1至2名."""
    counted = [analysis.counted, *_counted_phrases(analysis)]

    def blank_other(m: re.Match) -> str:
        if not re.match(r"[\u4e00-\u9fff]", text[m.end():]) or _clause_names(text[m.end():], counted):
            return m.group(0)
        return "#"

    return re.sub(_counts_in(analysis.unit), blank_other, text)


def _counted_phrases(analysis: QuestionAnalysis) -> list[str]:
    """The nouns after each question word of a count question, all of them: 多少名科技副县长和多少名金融干部 → 科技副县长,
    金融干部 (``counted`` holds jieba's first word of the first only: 科技)."""
    if analysis.segmenter is None:
        return []
    phrases = []
    for m in re.finditer(rf"(?:多少|几)\s*[{COUNT_UNITS}]", analysis.text):
        nouns = itertools.takewhile(lambda t: is_noun(*t), analysis.segmenter.tagged(analysis.text[m.end():m.end() + 12]))
        if phrase := "".join(w for w, _ in nouns):
            phrases.append(phrase)
    return phrases


def _holds_type(analysis: QuestionAnalysis, text: str) -> bool:
    kind = analysis.answer_type
    if analysis.growth and kind in ("money", "count") and not analysis.unit:
        if _GROWTH_SAID.search(text):
            return True  # 工资要涨多少 is answered by 报酬两年内翻一番
        if RISE_SIZE_ASKED.search(analysis.text):
            return bool(_RISE_SAID.search(text))  # 经费今年涨了多少 is not answered by 安排1万元的工作经费
    if kind == "money":
        if _PENALTY.search(analysis.text) and not _PENALTY.search(text):
            return False  # 不住村要扣他多少工资 is not answered by 安排1万元的工作经费: no sum is said to be docked
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
        return holds_who(analysis, text)
    if kind == "place":
        return holds_place(analysis, text)
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


def counts_what_is_asked(analysis: QuestionAnalysis, text: str) -> bool:
    """Whether a sentence of ``text`` holding a count of the asked kind names the noun counted, in it or in the
    sentence before (…“农村干部学历提升工程”…。2019年春季…计划招录学员6000余名): 3654名党员干部 does not say how many
    are 女性, 对口帮扶699个贫困村 not how many 驻村工作队. A noun picked out by an act (被提拔的干部) is counted only where
    the act is said, in the figure's clause, in a word of its own (评上 → 评选出), each part of a compound one (脱贫摘帽:
    精准脱贫 does not say 摘帽)."""
    if not analysis.counted and not analysis.qualifier:
        return True
    act = analysis.qualifier
    parts = [act[i : i + 2] for i in range(0, len(act), 2)] if len(act) >= 4 else [act]
    said = [re.compile(f"[{LIGHT_VERB_CHARS.sub('', part)}]") for part in parts if act]
    sentences = sentences_of(text)
    return any(holds_answer_type(analysis, s) and _names_counted(analysis, (sentences[i - 1] if i else "") + s)
               and _act_said_with_figure(analysis, said, s) for i, s in enumerate(sentences))


def _act_said_with_figure(analysis: QuestionAnalysis, said: list[re.Pattern], sentence: str) -> bool:
    """Whether the act picking out what is counted is said in a clause of ``sentence`` that holds the figure: 2494个
    …派出2650个工作组…,力促软弱涣散村党组织整顿转化提升 counts those identified, not how many 转化提升了."""
    return not said or any(holds_answer_type(analysis, clause) and all(p.search(clause) for p in said)
                           for clause in CLAUSE_SPAN.findall(sentence))


def _names_counted(analysis: QuestionAnalysis, text: str) -> bool:
    """Whether ``text`` names the noun counted: whole, or its last two characters or more counted by a figure and the
    rest elsewhere (多少名乡镇干部 ← 从乡镇事业编制中选拔100名干部)."""
    counted = analysis.counted
    return counted in text or any(
        counted[:cut] in text and re.search(rf"{FIGURE}\s*(?:多|余)?\s*[{COUNT_UNITS}]{re.escape(counted[cut:])}", text)
        for cut in range(2, len(counted) - 1))


# People are counted in 名, 人 and 位 alike: 培养多少人 is answered by 3万名左右农村干部大学生.
_PEOPLE_UNITS = "人名位"


# People counted with 个, as spoken: 后备干部…培养几个, 几个人.
_PEOPLE = r"(?:干部|党员|书记|支书|人员|人才|村官|学员|队员|选调生|毕业生|群众|百姓)"
_PEOPLE_COUNTED = re.compile(rf"{_PEOPLE}[^。？?]{{0,16}}(?:几|多少)个(?![\u4e00-\u9fff])|(?:几|多少)个人|"
                             rf"(?:几|多少)个[\u4e00-\u9fff]{{0,3}}{_PEOPLE}|"  # 发展几个年轻党员
                             rf"(?:几|多少)个[\u4e00-\u9fff]{{1,6}}的[\u4e00-\u9fff]{{0,2}}{_PEOPLE}")  # 几个大专文化的村干部


# Units a count may also be stated in with 个 before them: 几批 is answered by 分两个批次.
_UNITS_AFTER_GE = "批轮届期类"


def _count_unit_said(unit: str) -> str:
    """A pattern of the measure words that state a count asked in ``unit``."""
    if unit in MEASURES:
        return f"(?:{MEASURES[unit]})"
    if unit in _UNITS_AFTER_GE:
        return f"个?{re.escape(unit)}"
    return f"[{_PEOPLE_UNITS}]" if unit in _PEOPLE_UNITS else re.escape(unit)


def count_unit_pattern(analysis: QuestionAnalysis, default: str) -> str:
    """What may follow a figure answering a count question: its unit (``default`` when it names none), or the noun it
    counts right after the figure (12.8万贫困户 for 多少户贫困户)."""
    unit = _count_unit_said(analysis.unit) if analysis.unit else default
    if analysis.unit == "个" and _PEOPLE_COUNTED.search(analysis.text):
        unit = f"[个{_PEOPLE_UNITS}]"  # 后备干部每个村要培养几个 is answered by 每个贫困村储备1至2名
    return f"(?:{unit}|(?={re.escape(analysis.counted)}))" if analysis.counted else unit


PROCEDURE_SAID = re.compile(r"流程|程序|手续|环节|步骤")


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


_OUTCOME_SAID = re.compile(r"(?:取得|实现|完成|达到|提高|提升|增加|增长|下降|减少|改善)了|已经|均已|基本实现|降到|下降\d|更加|"
                           r"成效(?:明显|显著)|明显(?:提升|提高|改善|增强)|显著(?:提升|提高|改善)|涌现出|彰显")


def states_an_outcome(analysis: QuestionAnalysis, text: str) -> bool:
    """Whether ``text`` has a sentence stating an outcome (a change achieved) of something the question names beyond its
    places (巴中贫困发生率…降到7.65% is no outcome of 驻村工作队), for ``asks_about_outcome`` questions."""
    return _says_of_one(_OUTCOME_SAID, _named_beyond_places(analysis), text)


def _named_beyond_places(analysis: QuestionAnalysis) -> list[str]:
    """The question's content words of two characters or more that are not its places."""
    return [t for t in analysis.terms if len(t) >= 2 and t not in analysis.entities]


def _says_of_one(said: re.Pattern, named: list[str], text: str) -> bool:
    """Whether a sentence of ``text`` says ``said`` and one of the words ``named``."""
    return any(said.search(s) and any(t in s for t in named) for s in sentences_of(text))


# A rank: 县处级, 厅级, 省级…, a post's 正/副 (副县长) — not a count of levels (省市县三级).
_RANK_SAID = re.compile(r"(?<![一二两三四五六七八九十几多])(?:省部|县处|乡科|厅局|[省市县乡村厅处科局部])级|[正副](?:省|厅|处|科|局|县|市)")


def states_a_rank(analysis: QuestionAnalysis, text: str) -> bool:
    """Whether ``text`` has a sentence stating a rank of something the question names beyond its places and the kind of
    answer (督导组组长是什么级别的干部 is not answered by 从全省抽调42名干部,组成7个督导组)."""
    named = [t for t in _named_beyond_places(analysis) if "级" not in t and t not in ANSWER_KIND_NOUNS]
    return _says_of_one(_RANK_SAID, named, text)


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
