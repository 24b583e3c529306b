"""Question checks that need no index: the answer type asked for, too long or content-free questions, and the
decision model's record of what it was fitted on."""

from __future__ import annotations

import re

import pytest

from assistant.assess import DecisionModel, load_decision_model
from assistant.question.analysis import QuestionAnalysis
from assistant.question.asked import (
    answer_type,
    asks_about_growth,
    asks_about_plans,
    counted_noun,
    rates_asked,
    who_relation,
)
from assistant.question.holds import holds_answer_type, states_the_asked_plan
from assistant.question.text import NUMBER, read_with_leads
from ingest.segment import Segmenter


@pytest.mark.parametrize(("question", "kind", "unit"), [
    ("巴中选派了多少名党员干部？", "count", "名"),
    ("每个工作队一年给多少钱？", "money", ""),
    ("第一书记每次培训多长时间？", "duration", ""),
    ("“领头雁”培训每期多少天？", "duration", "天"),
    ("乡村振兴战略是哪一年提出的？", "date", ""),
    ("贫困发生率降到了百分之几？", "share", ""),
    ("老百姓的收入涨了百分之几？", "share", ""),  # a share of the income, not an amount of money
    ("这项工作由哪一级负责？", "who", ""),
    ("这个工程是哪个领导批的？", "who", ""),
    ("驾照考试要考几门？", "count", "门"),  # a measure word names what is counted: 3个 does not answer it
    ("山西的集中轮训在哪里报名？", "place", ""),  # where to sign up asks a venue
    ("村里流转了多少亩地？", "count", "亩"),
    ("每年投入多少亿元资金？", "money", "亿"),
    ("驻村工作队员的伙食补助是多少？", "money", ""),
    # Spoken question words ask the same as written ones.
    ("山西从省市县派干部到乡镇挂职，啥时候开始？", "date", ""),
    ("在啥时间搞的联户帮困活动？", "date", ""),
    ("驻村的钱咋管？", "method", ""),
    ("为啥要保持党政正职稳定？", "reason", ""),
    # 列为什么 / 称为什么 ask what it was made or called (为 + 什么), not why.
    ("党的十九大把脱贫攻坚列为什么？", "other", ""),
    ("巴中要对哪些区域的基层组织设置进行调整优化？", "list", ""),  # 区域 is no 区 (a district)
    ("山西哪些区县参加了试点？", "place", "区"),
    ("讲话说组织部门被称为什么？", "other", ""),
    ("因为什么要召回第一书记？", "reason", ""),
    ("后备干部怎么培养？", "method", ""),
    ("第一书记是不是要住在村里？", "yesno", ""),
    ("今年年底座谈会的具体时间是？", "date", ""),  # ends asking for the time of something
    ("全省脱贫攻坚报告会是什么时间开的？", "date", ""),  # 什么时间 asks a date with any verb
    ("报告会什么时候开的？", "date", ""),
    ("什么时候会通报批评？", "other", ""),  # …but 什么时候 with 会 asks for a condition
    ("2149名学员什么时候毕业？", "date", ""),  # any event after it asks when
    ("评选是什么时候？", "date", ""),
    ("乡镇公务员职位占计划招录总数的多少？", "share", ""),  # a share of the total
    ("第六次推进会议是在哪里开的？", "place", ""),
    ("“一站式服务”窗口设在哪里？", "place", ""),
    ("培训的持续时间？", "duration", ""),
    # Places by name: the unit is the place's kind.
    ("哪个村将被列为新的“空心村”？", "place", "村"),
    ("我们选取了哪些县开展试点？", "place", "县"),
    ("有哪些地方开展了试点？", "place", ""),
    ("哪些乡镇建了便民服务站？", "place", "乡镇"),
    ("哪些村干部参加了培训？", "list", ""),  # 村干部 are people, not a place
    ("哪些部门的干部被派往哪些贫困县？", "who", "单位"),  # the bodies are asked; a place is only part of it
    ("驻村工作队员是从哪些单位选派的？", "who", "单位"),  # bodies, not people
    ("问题出在哪里？", "other", ""),
    ("领头雁培训在哪里举办？", "place", ""),  # where it takes place
    ("全省组织系统电视电话会议是哪天开的？", "date", ""),
    ("省委组织部长叫什么名字？", "who", ""),
    ("巴中这几年贫困的人少了多少？", "count", ""),  # 这几年 says when; 多少 asks
    ("老百姓办事要跑好几个地方，昌都是怎么解决的？", "method", ""),  # 好几个 says "several", it does not ask
    ("十几个村联合建了党总支，是怎么建的？", "method", ""),
    ("累计投入的3.1亿元里，有多少用在了产业上？", "money", ""),  # a part of a sum of money is money
    ("哪个乡镇的书记是谁？", "who", ""),
    ("山西现在一年能收5万块钱以上的村有多少？", "count", ""),  # money stated with its figure is not asked
    ("今年要脱贫的人占全省贫困人口多少？", "share", ""),  # 占…多少 without 的
    ("专业人才对口帮扶“对子”一共结了多少对？", "count", "对"),
    ("选调生里拿出多少名额招涉农专业毕业生？", "count", ""),  # 名额 is the noun counted, not 名
    ("这次有几名额外的干部参加？", "count", "名"),  # …but 额外 is no noun of 名
    ("扶贫干部住的周转房每套多大？", "count", "面积"),  # a size: a measure answers it
    ("活动场所有多大面积？", "count", "面积"),
    ("村部离县城多远？", "count", "距离"),
    ("第一书记的压力有多大？", "other", ""),  # no measure
    ("拿出多大比例招录涉农专业毕业生？", "share", ""),
])
def test_answer_types(question, kind, unit):
    assert answer_type(question) == (kind, unit)


def test_every_element_type_has_a_name_for_its_refusal():
    from assistant.assess import ASKED_NAMES
    from assistant.question.asked import ELEMENT_TYPES

    assert set(ASKED_NAMES) == set(ELEMENT_TYPES)


def test_the_decision_model_names_what_it_was_fitted_on():
    model = load_decision_model()
    assert isinstance(model, DecisionModel)
    assert "dataset.jsonl" not in model.fitted_on and "heldout" not in model.fitted_on
    assert 0 < model.use_threshold <= model.threshold < 1
    assert len(model.weights) == len(model.features) == len(model.mean) == len(model.scale)


@pytest.mark.parametrize(("question", "reason"), [
    ("", "请输入问题"), ("   \n", "请输入问题"), ("该" * 5000, "问题太长了"), ("x" * 100_000, "问题太长了"),
    ("？？？！！……", "请换个问法"), ("该" * 200, "请换个问法"), ("啊啊啊啊", "请换个问法"),
    ("第一书记\ud800是谁？", "无法识别的字符"),
])
def test_questions_without_content_or_too_long_get_one_line_to_act_on(question, reason):
    from assistant.question.analysis import QuestionError, check_question

    with pytest.raises(QuestionError) as error:
        check_question(question, 300)
    assert reason in error.value.help_message


def test_ordinary_questions_pass_the_check():
    from assistant.question.analysis import check_question

    for question in ("第一书记的工作经费有多少？", "GDP?", "巴中", "那具体怎么做？"):
        assert check_question(f"  {question} ", 300) == question


_SEGMENTER = Segmenter()


def _asking(question: str) -> QuestionAnalysis:
    kind, unit = answer_type(question)
    # Content terms as the index would weigh them, roughly: every two-character word counts the same.
    terms = {w: 1.0 for w in _SEGMENTER.tokens(question) if len(w) >= 2 and not re.search(r"哪|谁|什么|多少", w)}
    return QuestionAnalysis(text=question, query=question, kind="other", answer_type=kind, terms=terms, entities=[],
                            numbers=NUMBER.findall(question), unit=unit, future=asks_about_plans(question), rates=rates_asked(question),
                            relation=who_relation(question) if kind == "who" else "", segmenter=_SEGMENTER,
                            growth=asks_about_growth(question),
                            counted=counted_noun(question, _SEGMENTER) if kind == "count" else "")


@pytest.mark.parametrize(("question", "sentence", "answers"), [
    ("明年计划选派多少名第一书记？", "今后计划选派500名第一书记到村任职。", True),
    ("明年计划选派多少名第一书记？", "去年选派10009名第一书记。", False),  # last year's figure, not next year's plan
    ("你们打算什么时候开展督查？", "督查工作将于2020年6月开展。", True),
    # 将 before an object is "to take", not a plan: 并将督查重点由…调整为今年的X项 states what was done.
    ("你们打算什么时候开展督查？", "并将督查重点由2017年的8项调整为今年的10项。", False),
    ("第一书记怎么选派？", "去年选派10009名第一书记。", True),  # not about plans: any sentence may answer
])
def test_a_question_about_plans_needs_a_sentence_stating_one(question, sentence, answers):
    assert states_the_asked_plan(_asking(question), sentence) is answers


def test_a_rank_is_asked_by_its_word_and_held_by_a_sentence_stating_one_of_what_is_named():
    from assistant.question.asked import asks_for_a_rank
    from assistant.question.holds import states_a_rank

    assert asks_for_a_rank("山西的督导组组长是什么级别的干部？") and asks_for_a_rank("派去当大队长的是多大的官？")
    assert not asks_for_a_rank("山西省派第一书记的工作经费由哪一级财政安排？")  # answered by 省财政
    rank = _asking("巴中的驻村工作队是什么级别的领导带队？")
    assert states_a_rank(rank, "县处级以上领导带队、选派3654名党员干部组建脱产驻村帮扶工作队。")
    assert not states_a_rank(rank, "选派3654名党员干部组建脱产驻村帮扶工作队。")
    leader = _asking("山西的督导组组长是什么级别的干部？")
    assert not states_a_rank(leader, "从全省抽调42名干部,组成7个督导组。派出1998名县级领导、2493名第一书记。")
    assert not states_a_rank(leader, "省市县三级督导组常年开展专项督导。")  # a count of levels is no rank


@pytest.mark.parametrize(("question", "sentence", "holds"), [
    # Issue 13's example: the documents say how many years the training has run, not how long a session lasts.
    ("“领头雁”培训每期多少天？", "连续8年开展“领头雁”培训。", False),
    ("“领头雁”培训每期多少天？", "每期培训为期5天。", True),
    ("“领头雁”培训每期多少天？", "每期集中培训一周。", True),
    # 上级是谁 asks what it is under: a body said to lead it, not one merely named beside it.
    ("昌都在合作社里建的支部上级是谁？", "农牧区经济社会组织中建立的党组织由所在村党组织领导", True),
    ("昌都在合作社里建的支部上级是谁？", "把党组织建在农民专业合作社、专业协会等产业链上", False),
    # 谁担责: one whose 责任 is pursued.
    ("第一书记帮扶工作不力的话谁担责？", "对帮扶工作不力的,既追究第一书记责任,也追究帮扶单位党组(党委)主要领导的责任", True),
    ("第一书记帮扶工作不力的话谁担责？", "健全完善单位包村、领导包带的联动帮扶机制", False),
    ("“领头雁”培训开展多长时间了？", "连续8年开展“领头雁”培训。", True),  # no unit named: any length of time
    ("每次培训多长时间？", "连续8年开展“领头雁”培训。", False),  # …but per session: not eight years
    ("老百姓的收入涨了百分之几？", "每个驻村工作队按照每年不低于2.5万元核算经费。", False),
    # An ordinal is no count.
    ("去年选派了多少第一书记？", "分类制定第一书记年度目标任务。", False),
    ("去年选派了多少第一书记？", "选派10009名干部担任第一书记。", True),
    ("第十一批选派了多少个工作队？", "这是第十一个批次。", False),
    # A rise may be stated as a multiple or a share.
    ("村干部的工资要涨多少？", "村(居)干部报酬待遇两年内翻一番。", True),
    ("村干部的工资是多少？", "村(居)干部报酬待遇两年内翻一番。", False),
    # A figure asked per year (per person, per month…) is answered by one stated so, in its own clause.
    ("每年投入多少亿元资金？", "每个驻村工作队按照每年不低于2.5万元核算经费,累计投入3.1亿元。", False),
    ("每年投入多少万元资金？", "每个驻村工作队按照每年不低于2.5万元核算经费,累计投入3.1亿元。", True),
    ("驻村工作队员每个月补贴多少钱？", "每个驻村工作队按照每年不低于2.5万元核算经费。", False),
    ("第一书记每人每月补贴多少钱？", "按每人每月500元的标准发放生活补贴。", True),
    ("省财政每年安排多少工作经费？", "省财政每年为省派农村第一书记安排1万元的工作经费。", True),
    # The 书记 being assessed is not who is responsible for the assessment.
    ("分析评定后，具体由谁负责？", "每年对贫困村党组织书记逐村逐人进行分析评定,对“不合格”的坚决调整撤换。", False),
    ("分析评定后，具体由谁负责？", "分析评定工作由县委组织部负责组织实施。", True),
    ("具体由谁来管？", "各级组织部门要牵头抓总,加强统筹协调。", True),  # 牵头 says who is responsible as 管 does
    ("这个工程是哪个领导签字批的？", "年初由各级党委书记签字背书。", True),
    ("这个工程是哪个领导签字批的？", "各级党委书记要亲自抓。", False),
    ("第一责任人是谁？", "党委书记是第一责任人。", True),
    ("领头雁培训的讲课老师是谁？", "省市县三级每年对贫困村党组织书记进行轮训。", False),  # the trainees, not the teachers
    ("提出这个要求的是谁？", "习近平总书记提出的要求。", True),  # no verb or role asked: any body or person
    ("那是哪个部门管的？", "对全省农村第一书记进行备案管理,登记在册。", False),  # the 书记 are managed, they do not manage
    ("那是哪个部门管的？", "省财政每年为省派农村第一书记安排1万元的工作经费。", True),  # 安排 says who is responsible
    # The body opening the clause on what is asked answers too, without the word 负责.
    ("哪个部门负责选派第一书记？", "省委组织部选派第一书记到贫困村任职。", True),
    # A place asked by name: 全省X个县 names none.
    ("我们选取了哪些县开展试点？", "2016年以来,我们在全省X个县选取X个村开展试点。", False),
    ("我们选取了哪些县开展试点？", "在通江县、南江县选取20个村开展试点。", True),
    # 哪些地方 is answered by a kind of place too, but not by a count of places nor by the question's own words.
    ("组织部长要走遍哪些地方？", "我带头走遍全省的贫困县,市级党委组织部长要走遍贫困乡镇。", True),
    ("有哪些地方开展了试点？", "2016年以来,我们在全省X个县选取X个村开展试点。", False),
    ("哪些地方被列为贫困村？", "加大对贫困村的帮扶力度。", False),
    ("哪些县被列为试点？", "在贫困县开展试点。", False),  # 哪些县 asks names
    ("哪个村将被列为新的“空心村”？", "继续加大对“空心村”“问题村”的基层组织设置调整优化力度。", False),
    ("有哪些地方开展了试点？", "巴中市率先开展试点。", True),
    # A share in words; a count of a noun by the share of it (…的村达到50%以上).
    ("今年要脱贫的人占全省贫困人口多少？", "今年全省要实现X万农村贫困人口脱贫、占全省贫困人口的一半。", True),
    ("今年要脱贫的人占全省贫困人口多少？", "今年全省要实现X万农村贫困人口脱贫。", False),
    ("现在有多少村年收入5万元以上？", "年收入5万元以上的村达到50%以上。", True),
    ("一共结了多少对？", "建立专业人才对口帮扶“对子”,帮扶699个贫困村。", False),
    # Where something is put is said by the same verb and 在, a place name or not.
    ("党组织建在哪里？", "依托专合组织、龙头企业,把党支部建在产业项目一线。", True),
    ("党组织建在哪里？", "探索联建农村扶贫型党总支。", False),
    # Whom the act is of, among those named; 一把手 is an office holder.
    ("对各级领导班子特别是谁要逐一分析研判？", "对各级领导班子特别是“一把手”要逐一进行分析研判。", True),
    ("对各级领导班子特别是谁要逐一分析研判？", "对各级领导班子要逐一进行分析研判。", False),
    # Whom a figure of speech stands for: a class of people answers.
    ("“绣花匠”是谁？", "精准脱贫下“绣花”功夫,而“绣花匠”非党员干部莫属。", True),
    ("“绣花匠”是谁？", "精准脱贫下“绣花”功夫。", False),
    # 多久…一次: a clause opening on 每年 spells out the period of the act the clause before it names.
    ("多久评价一次？", "完善贫困村党组织书记定期评价制度,每年对贫困村党组织书记逐村逐人进行分析评定。", True),
    ("多久评价一次？", "完善贫困村党组织书记定期评价制度。每年召开一次座谈会。", False),
    # A speech names its own province as a body.
    ("贫困村脱贫责任组是谁首创的？", "贫困村脱贫责任组是我省首创,在实践中发挥了重要作用。", True),
    ("贫困村脱贫责任组是谁首创的？", "贫困村脱贫责任组在实践中发挥了重要作用。", False),
    # Who leads is said by 牵头 (or 抓总…), not by any body with a say (由…确定主管部门).
    ("村级集体经济由哪个部门牵头？", "市县党委牵头抓总,组织部门负责统筹协调。", True),
    ("村级集体经济由哪个部门牵头？", "跨村跨乡的由批准设立的党组织领导,或由县级组织部门确定主管部门。", False),
    # Where something was put, with 到 or 哪些地方: answered by the verb and the place it was put at.
    ("党组织建到了哪些地方？", "把党组织建在农民专业合作社、专业协会、产业基地等产业链上。", True),
    ("党组织建到了哪些地方？", "扩大党的组织和工作覆盖面。", False),
    # The party to an act (跟谁签了) is named after 与 before the act's verb.
    ("组织部主要领导跟谁签了帮扶责任书？", "省委组织部主要领导带头履行职责,与包扶县签订脱贫攻坚帮扶责任书。", True),
    ("组织部主要领导跟谁签了帮扶责任书？", "各村签订“责任书”,立下“军令状”。", False),
    # A quota is counted by its share: 拿出多少名额.
    ("拿出多少名额招涉农专业毕业生？", "拿出10%的名额用于招录涉农专业高校毕业生。", True),
    # The size of a rise asked (涨了多少) is said by a rise, not by the level (安排1万元); 涨到多少 by either.
    ("山西的第一书记工作经费今年涨了多少？", "省财政每年为省派农村第一书记安排1万元的工作经费。", False),
    ("山西的第一书记工作经费今年涨了多少？", "今年工作经费增加了5000元。", True),
    ("昌都的村干部工资两年能涨多少？", "村(居)干部报酬待遇两年内翻一番。", True),
    ("昌都村干部的工资两年内要涨到多少？", "月报酬达到3000元。", True),
    ("昌都的村干部报酬翻一番以后一个月能拿多少钱？", "村(居)干部报酬待遇两年内翻一番。", False),  # the rise is stated
    # A figure followed by another noun than the one counted counts that, unless its clause names the counted one later.
    ("山西有多少名大学生村官？", "选调生到村担任大学生村官,去年招录的398名选调生全部安排到村开展工作。", False),
    ("山西一共选派了多少名第一书记？", "选派10009名干部担任农村第一书记。", True),
    ("每个贫困村要储备几名后备干部？", "加紧物色培养后备干部,争取每个贫困村储备1至2名。", True),  # a bare figure
    ("选派了多少名科技副县长和多少名金融干部？", "选派58名金融机构干部到贫困县挂职副县长。", True),  # either noun
    # A count asked right after its verb, of a count the question states, is a part of it: a figure of the same noun.
    ("12.8万贫困户现在脱贫了多少？", "动员56737名党员干部结对帮扶12.8万贫困户。", False),
    ("12.8万贫困户现在脱贫了多少？", "12.8万贫困户中已有10万贫困户脱贫。", True),
    ("一年能收5万块钱以上的村有多少？", "年收入5万元以上的村达到50%以上。", True),  # the villages named before it
])
def test_a_typed_question_is_held_only_by_what_it_asks_for(question, sentence, holds):
    assert holds_answer_type(_asking(question), sentence) is holds


@pytest.mark.parametrize(("question", "relation"), [
    ("分析评定后，具体由谁负责？", "负责"), ("由哪个部门来牵头？", "牵头"), ("这个工程是哪个领导签字批的？", "签字"),
    ("驻村的钱归谁管？", "管"), ("第一责任人是谁？", "任人"), ("领头雁培训的讲课老师是谁？", "老师"),
    ("提出这个要求的是谁？", ""),
    ("谁出这个钱？", "出"),  # not 出这
    ("省委组织部长叫什么名字？", "名字"),  # only a person's name answers
    ("选调生的工资由哪一级财政发？", "发"),  # the body named after 哪一级 is what is asked, 发 what it does
    ("山西抽调的督导干部是从哪些单位来的？", ""),
    ("组织部长代表谁向一线干部表示慰问？", "代表"),  # a preposition after 谁: the verb is before it  # where they came from: any body answers
    ("巴中要推动哪些干部之间的双向交流？", ""),  # who with whom, not who does it
])
def test_a_who_question_names_the_verb_it_asks_the_subject_of(question, relation):
    assert who_relation(question) == relation


def test_a_sentence_is_read_with_the_short_lead_of_its_paragraph():
    document = ("大力整顿软弱涣散村党组织。实施整顿提升两年行动。2018年,全省共确定软弱涣散村党组织2494个。\n"
                "市县两级组织部门要把选派第一书记作为一项长期的重要工作来抓紧抓好。派出单位要支持。\n"
                "建立激励保障机制。")
    lead = "大力整顿软弱涣散村党组织。"
    assert [(document[s:e], lead, is_lead) for s, e, lead, is_lead in read_with_leads(document, 0, len(document))] == [
        (lead, "", True), ("实施整顿提升两年行动。", lead, False), ("2018年,全省共确定软弱涣散村党组织2494个。", lead, False),
        # An opening sentence longer than a lead is content of its own.
        ("市县两级组织部门要把选派第一书记作为一项长期的重要工作来抓紧抓好。", "", False), ("派出单位要支持。", "", False),
        ("建立激励保障机制。", "", False),  # a paragraph of one sentence leads nothing
    ]
    middle = document.index("2018年")  # a span starting mid-paragraph still finds the lead before it
    assert read_with_leads(document, middle, middle + 10)[0][2:] == (lead, False)


@pytest.mark.parametrize(("question", "lead", "reads"), [
    ("山西整顿了多少个软弱涣散村党组织？", "大力整顿软弱涣散村党组织。", True),
    # Two general words of a long question: the lead's paragraph is about something else (规范化建设).
    ("山西推进党的建设与脱贫攻坚深度融合，预计需要多长时间？", "推进农村基层党组织规范化建设。", False),
])
def test_a_lead_lends_its_words_only_when_it_says_what_is_asked(question, lead, reads):
    from assistant.assess import reads_with_lead

    assert reads_with_lead(_asking(question), lead) is reads


@pytest.mark.parametrize(("question", "figure"), [
    ("山西整顿了多少个软弱涣散村党组织？", "2494个"),  # not 一个 of 一村一个工作组, the first figure of the span
    ("山西派了多少名县级领导包联？", "1998名"),
])
def test_the_short_answer_is_the_figure_of_the_clause_on_what_is_asked(question, figure):
    from assistant.direct import figures_in

    span = ("采取一村一个工作组、一名第一书记的方式进行精准整顿。2018年,全省共确定软弱涣散村党组织2494个,派出2650个工作组、"
            "1998名县级领导进行包联指导。")
    found = figures_in(_asking(question), span)
    assert max(found, key=lambda f: f[0])[1] == figure


@pytest.mark.parametrize(("question", "span", "figure"), [
    # One clause, two figures: the one the question's own words touch.
    ("巴中动员党员干部结对帮扶了多少贫困户？", "动员56737名党员干部结对帮扶12.8万贫困户。", "12.8万"),
    ("巴中动员了多少名党员干部结对帮扶？", "动员56737名党员干部结对帮扶12.8万贫困户。", "56737名"),
    ("巴中贫困发生率降到了多少？", "过去5年,巴中贫困发生率下降14个百分点,降到7.65%。", "7.65%"),
    ("巴中贫困发生率下降了多少？", "过去5年,巴中贫困发生率下降14个百分点,降到7.65%。", "14个百分点"),
    # A level asked, not a change: the figure after 降到, though 下降14个百分点 shares the clause of 贫困发生率.
    ("请问巴中市的贫困发生率现在是多少", "过去5年,巴中贫困发生率下降14个百分点,降到7.65%。", "7.65%"),
    ("每个贫困村要储备多少名后备干部？", "争取每个贫困村储备1至2名,通过跟班学习", "1至2名"),  # a range is one answer
])
def test_the_short_answer_is_the_figure_the_questions_words_touch(question, span, figure):
    from assistant.direct import figures_in

    found = figures_in(_asking(question), span)
    assert max(found, key=lambda f: f[0])[1] == figure


@pytest.mark.parametrize(("question", "more"), [
    ("那具体怎么做？", True), ("还有呢？", True), ("那详细说说", True),
    ("那具体由谁安排？", False), ("那具体是多少钱？", False),  # an element of it asked: who, how much
    ("第一书记的工作经费具体有多少？", False),  # names its own subject: not a follow-up
])
def test_a_follow_up_asks_for_more_unless_it_asks_for_an_element(question, more):
    from assistant.conversation import asks_for_more

    assert asks_for_more(question, _SEGMENTER) is more


@pytest.mark.parametrize(("question", "previous", "new"), [
    ("那业绩差的呢？", "昌都对扶贫业绩突出的干部怎么办？", "差"),
    ("不称职的呢？", "山西对基本称职的第一书记怎么办？", "不"),
    ("要是不称职呢？", "山西对基本称职的第一书记怎么办？", "不"),  # 要是 puts the case, it is not part of it
    ("2019年春季呢？", "山西2018年秋季有多少个县试点？", "9春"),
    ("还有呢？", "山西怎么管理第一书记？", ""),  # asks for more of the same
    ("山西呢？", "昌都对扶贫业绩突出的干部怎么办？", ""),  # the same asked of another place
    ("那经费每年多少？", "山西怎么管理第一书记？", ""),  # no 呢: a question of its own
])
def test_a_follow_up_ending_in_ne_sets_its_new_characters_against_the_question_before(question, previous, new):
    from assistant.conversation import contrasted

    assert contrasted(question, previous, _SEGMENTER) == new


@pytest.mark.parametrize(("history", "question", "standalone"), [
    # Naming something of its own (管理, 山西): it leans on the topic, not on a sibling follow-up.
    (["山西选派了多少名第一书记？", "他们的工作经费谁出？"], "那怎么管理他们？", "山西选派了多少名第一书记，那怎么管理他们？"),
    # Naming nothing but another place: the topic asked of that place, not of both.
    (["巴中整顿了多少个软弱涣散村党组织？", "山西呢？"], "昌都呢？", "昌都整顿了多少个软弱涣散村党组织？"),
    (["昌都对扶贫业绩突出的干部怎么办？"], "那山西呢？", "山西对扶贫业绩突出的干部怎么办？"),
    (["山西2018年确定了多少个软弱涣散村党组织？"], "那巴中呢？", "巴中确定了多少个软弱涣散村党组织？"),
    # Naming nothing: it leans on the whole chain (那每年多少钱 still asks about 工作经费).
    (["山西选派了多少名第一书记？", "他们的工作经费谁出？"], "那每年多少钱？",
     "山西选派了多少名第一书记，他们的工作经费谁出，那每年多少钱？"),
    # No 那/它们 and no 呢, but verbs and an asking phrase only: it asks about what was just discussed.
    (["山西的农村干部学历提升工程是什么？"], "要用多长时间？", "山西的农村干部学历提升工程是什么，要用多长时间？"),
    (["山西的农村干部学历提升工程是什么？"], "培养多少人？", "山西的农村干部学历提升工程是什么，培养多少人？"),
    (["山西选派了多少名第一书记？"], "巴中选派了多少名党员干部？", "巴中选派了多少名党员干部？"),  # stands alone
    (["贵州省选派了多少名第一书记？"], "今天天气怎么样？", "今天天气怎么样？"),  # an idiom names a thing too
    # A count asked right after its verb counts what the earlier turn named.
    (["后备干部怎么培养？"], "每个村要储备几个？", "后备干部怎么培养，每个村要储备几个？"),
    (["巴中怎么组建驻村工作队？"], "一共派了多少人？", "巴中怎么组建驻村工作队，一共派了多少人？"),
    (["后备干部怎么培养？"], "巴中的驻村工作经费是多少？", "巴中的驻村工作经费是多少？"),  # names what it counts
    (["后备干部怎么培养？"], "中组部的培训班每年选调多少人？", "中组部的培训班每年选调多少人？"),
    (["巴中的驻村工作队经费怎么保障？"], "一共投了多少钱？", "巴中的驻村工作队经费怎么保障，一共投了多少钱？"),
    # …with what they were sent for after it (去驻村), which is no noun counted.
    (["巴中有多少个建卡贫困村？"], "派了多少人去驻村？", "巴中有多少个建卡贫困村，派了多少人去驻村？"),
    # Naming what it counts, it still opens on a done act with no subject (派了…): whoever sent them is the topic's.
    (["巴中有多少个建卡贫困村？"], "派了多少名干部去驻村？", "巴中有多少个建卡贫困村，派了多少名干部去驻村？"),
    (["巴中整顿了多少个软弱涣散村党组织？"], "选配了多少个带头人？", "巴中整顿了多少个软弱涣散村党组织，选配了多少个带头人？"),
    (["巴中有多少个建卡贫困村？"], "山西派了多少人？", "山西派了多少人？"),  # names its own place
    # Opening on an act and 以后, with no subject: what came after the earlier turn's act.
    (["山西的“最美村干部”是跟谁一起评的？"], "评出来以后又做了什么？", "山西的“最美村干部”是跟谁一起评的，评出来以后又做了什么？"),
    # A case put against the earlier turn (要是…呢？) leans on it; one naming another place asks the topic of it.
    (["昌都对扶贫业绩突出的干部怎么办？"], "要是考核老排在后面呢？", "昌都对扶贫业绩突出的干部怎么办，要是考核老排在后面呢？"),
    (["巴中每个驻村工作队一年经费多少？"], "如果是山西呢？", "山西每个驻村工作队一年经费多少？"),
    # Naming only one-character kinds (县, 户): which ones, the earlier turn said.
    (["山西2018年秋季试点招了多少名学员？"], "有多少个县参加？", "山西2018年秋季试点招了多少名学员，有多少个县参加？"),
    # 这钱 points back like 这笔钱.
    (["山西每年给省派第一书记多少工作经费？"], "这钱谁出？", "山西每年给省派第一书记多少工作经费，这钱谁出？"),
    # Another quoted name and nothing else: the topic asked of it.
    (["昌都的“红色引擎”工程是干什么的？"], "那“亲民服务百点示范”工程呢？", "昌都的“亲民服务百点示范”工程是干什么的？"),
    # …and one taking up a word of a topic that points at a document asks about that document.
    (["讲话里说市县组织部门考核乡镇干部看什么？"], "考核结果跟什么挂钩？", "讲话里说市县组织部门考核乡镇干部看什么，考核结果跟什么挂钩？"),
    # A short question taking up a word of a topic that names a place asks about that place.
    (["昌都的考核办法是谁制定的？"], "考核主要看什么？", "昌都的考核办法是谁制定的，考核主要看什么？"),
    (["昌都的考核办法是谁制定的？"], "山西的考核主要看什么？", "山西的考核主要看什么？"),  # names its own place
    (["第一书记怎么管理？"], "第一书记每年有多少经费？", "第一书记每年有多少经费？"),  # the topic names no place
    (["昌都的考核办法是谁制定的？"], "第一书记有多少经费？", "第一书记有多少经费？"),  # takes up no word of it
    # 一共有多少个组: nothing named before the count either.
    (["讲话里说的村级脱贫责任组是怎么回事？"], "一共有多少个组？", "讲话里说的村级脱贫责任组是怎么回事，一共有多少个组？"),
    # Opening on whom the act is of, it left its subject in the earlier turn.
    (["山西的“领头雁”培训连续开展了几年？"], "对谁进行轮训？", "山西的“领头雁”培训连续开展了几年，对谁进行轮训？"),
    # A pronoun inside a short question stands for what was asked before; 这个 before a noun names its own subject.
    (["昌都的“党员联户帮扶”工程是怎么回事？"], "通过这个要达到什么效果？",
     "昌都的“党员联户帮扶”工程是怎么回事，通过这个要达到什么效果？"),
    (["昌都的“党员联户帮扶”工程是怎么回事？"], "巴中这个模式有什么特点？", "巴中这个模式有什么特点？"),
])
def test_a_follow_up_is_joined_to_what_it_leans_on(history, question, standalone):
    from assistant.conversation import resolve_offline

    assert resolve_offline(question, history, _SEGMENTER) == standalone


def test_people_are_counted_in_ming_ren_and_wei_alike():
    assert holds_answer_type(_asking("要培养多少人？"), "用3年左右时间培养3万名左右农村干部大学生")
    assert not holds_answer_type(_asking("要建多少个服务站？"), "培养3万名左右农村干部大学生")
    # …and with 个 when spoken of people (多少个贫困村支书).
    assert holds_answer_type(_asking("每年让多少个贫困村支书去培训？"), "每年选调200名贫困村党支部书记参加培训班")


def test_a_names_numeral_counts_nothing():
    assert not holds_answer_type(_asking("巴中有多少个帮扶体系？"), "完善“五个一”帮扶力量责任体系")
    assert holds_answer_type(_asking("巴中有多少个帮扶体系？"), "完善了3个帮扶力量责任体系")


@pytest.mark.parametrize(("question", "counted"), [
    ("巴中组建了多少个驻村工作队？", "驻村工作队"), ("巴中结对帮扶了多少户贫困户？", "贫困户"),
    ("有多少人参加培训？", ""),  # a verb follows: nothing named to count
    ("巴中派了多少人驻村？", ""),  # 人 names what is counted; 驻村 (a noun to jieba) is what they do
    ("3654名驻村干部中有多少是女性？", "女性"),
    ("巴中的驻村工作队员有多少是女同志？", "女同志"),  # jieba's 女 / 同志, one set
    ("昌都的“三三四”模式推广到了多少个县？", "县"),  # a one-character kind of place, however jieba tags it
    ("巴中有多少个村？", "村"),
    ("山西有多少个村党组织达到一流建设标准？", ""),  # 村 of 村党组织: the noun runs on
])
def test_the_noun_a_count_question_counts(question, counted):
    assert counted_noun(question, _SEGMENTER) == counted


def test_a_count_names_what_it_counts_in_its_sentence_or_the_one_before():
    from assistant.question.holds import counts_what_is_asked

    text = "在全省培养农村干部大学生。2019年春季全面铺开,计划招录6000余名。"
    assert counts_what_is_asked(_asking("2019年计划招录多少名农村干部大学生？"), text)  # named the sentence before
    assert not counts_what_is_asked(_asking("2019年计划招录多少名农村干部大学生？"), "2019年春季全面铺开,计划招录6000余名。")
    assert not counts_what_is_asked(_asking("3654名驻村干部中有多少是女性？"), "选派3654名党员干部组建驻村工作队。")
    # A counted compound is named by its head right after the figure and the rest anywhere before.
    assert counts_what_is_asked(_asking("昌都选了多少名乡镇干部去支教？"), "从乡镇事业编制中选拔100名干部进行支教活动。")
    assert not counts_what_is_asked(_asking("昌都选了多少名乡镇干部去支教？"), "从事业编制中选拔100名干部进行支教活动。")


@pytest.mark.parametrize(("question", "position"), [
    ("第二个具体怎么做？", 2), ("那第3条呢？", 3), ("第一个呢？", 1),
    ("第一书记每年有多少工作经费？", None),  # 第一书记 is a title, not an item
    ("第二次推进会议提出了什么要求？", None),
    ("山西选派的第一批第一书记一共有多少个人，分别在哪里工作？", None),  # too long to lean on a list
])
def test_a_follow_up_may_point_at_an_item_of_the_earlier_answer(question, position):
    from assistant.conversation import item_referred_to

    assert item_referred_to(question) == position


def test_a_follow_up_pointing_at_an_item_is_asked_of_that_item():
    from assistant.conversation import asking_of_item

    item = "发挥组织帮扶职能,实施“党员联户帮扶”工程。"
    assert asking_of_item("第二个具体怎么做？", item) == "发挥组织帮扶职能,实施“党员联户帮扶”工程，具体怎么做？"
    assert asking_of_item("第二个呢？", item) == "发挥组织帮扶职能,实施“党员联户帮扶”工程？"


def test_people_are_counted_with_ge_too_when_the_question_counts_people():
    assert holds_answer_type(_asking("后备干部每个村要培养几个？"), "争取每个贫困村储备1至2名")
    assert holds_answer_type(_asking("每个工作组有几个人？"), "每组3名干部")
    assert not holds_answer_type(_asking("巴中整顿了多少个软弱涣散村党组织？"), "选派3654名党员干部")


@pytest.mark.parametrize("question", ["讲话里说的四个短板是哪四个？", "三个支撑是哪三个？", "昌都的四大机制是哪几个？",
                                      "昌都发挥的“三大职能”分别是什么？", "讲话说要补齐的四个短板是什么？", "昌都都有什么做法？"])
def test_which_n_asks_for_a_list(question):
    from assistant.question.asked import question_kind

    assert question_kind(question) == "list"


@pytest.mark.parametrize("question", ["巴中说党建扶贫的核心是什么？", "昌都的扶贫模式是啥？", "“两包三到”指的是什么？"])
def test_what_one_thing_is_asks_for_no_list(question):
    from assistant.question.asked import question_kind

    assert question_kind(question) == "other"


def test_who_pays_is_answered_by_the_body_that_arranges_the_money():
    assert holds_answer_type(_asking("第一书记的工作经费由谁出？"), "省财政每年为省派农村第一书记安排1万元的工作经费")
    assert not holds_answer_type(_asking("第一书记的工作经费由谁出？"), "对全省农村第一书记进行备案管理")


@pytest.mark.parametrize(("question", "asks"), [
    ("包扶县签订帮扶责任书的具体流程是什么？", True), ("村两委换届要走什么程序？", True),
    ("申请的手续有哪些？", True), ("“六步工作法”是哪些步骤？", False),  # a programme's steps: the programme rule
    ("工作流程优化了吗？", False),
    ("对扶贫对象的哪些环节进行量化考核？", False),  # the stages a list names (识别、帮扶、脱贫全过程)
])
def test_a_question_asking_for_a_procedure(question, asks):
    from assistant.question.asked import asks_for_a_procedure

    assert asks_for_a_procedure(question) is asks


@pytest.mark.parametrize(("question", "sentence", "holds"), [
    # A figure asked per group, team or village is answered only by one stated so.
    ("山西派出的2650个工作组每组有几个人？", "派出2650个工作组、1998名县级领导、2493名第一书记", False),
    ("每个贫困村要储备几名后备干部？", "争取每个贫困村储备1至2名", True),
    ("巴中每个驻村工作队每年多少经费？", "每个驻村工作队按照每年不低于2.5万元核算经费", True),
    # An age is answered by an age, not by a count of the people.
    ("巴中3654名驻村干部的平均年龄是多少？", "选派3654名党员干部组建脱产驻村帮扶工作队,动员56737名党员干部", False),
    ("第一书记平均年龄多大？", "第一书记平均年龄38岁", True),
    # A figure of another noun counts the one asked when its clause names it after (…干部担任农村第一书记).
    ("山西选派的第一书记有多少名？", "从中央、省、市、县四级分两个批次选派10009名干部担任农村第一书记", True),
    ("山西选派的第一书记有多少名？", "从省市县选派9973名干部到乡镇挂职", False),
    # 哪些地方 is answered by a kind of place: 发达地区 as well as 贫困县.
    ("巴中要跟哪些地方搞干部双向交流？", "深入推动与发达地区、基层单位与上级机关干部的双向交流", True),
    ("巴中要跟哪些地方搞干部双向交流？", "深入推动干部的双向交流", False),
    # People counted with 个 after a modifier and 的: 几个大专文化的村干部 ← 1名.
    ("山西要让每个行政村至少有几个大专文化的村干部？", "实现全省每个行政村至少有1名大专文化以上的村干部", True),
    # A sum docked is stated only where docking is.
    ("第一书记不住村要扣他多少工资？", "省财政每年为省派农村第一书记安排1万元的工作经费", False),
    ("第一书记不住村要扣他多少工资？", "不住村的第一书记每天扣发补助100元", True),
    # A one-character kind of place counted is not counted by a figure of other things.
    ("昌都的“三三四”模式推广到了多少个县？", "挖掘100个示范带动性强、可复制的先进典型,运用各类媒体进行宣传推广", False),
    ("山西2018年秋季试点有多少个县参加？", "2018年秋季试点,有29个县(市、区)共招录学员2149名", True),
    # 几批 is answered by 两个批次.
    ("第一书记分了几批选派？", "从中央、省、市、县四级分两个批次选派10009名干部担任农村第一书记", True),
    # A partner body asked (跟哪些单位一起办, 哪些单位和贫困村结对): a body named answers, whatever it does.
    ("培训示范班是跟哪些单位一起办的？", "联合省人社厅、省扶贫办举办深度贫困县乡镇党委书记精准脱贫培训示范班", True),
    ("哪些单位和贫困村结对共建党组织？", "积极探索推行驻村帮扶单位、帮扶企业、农村新型经营主体与贫困村结对共建党组织", True),
    # A size or a distance is answered by a measure, not by the sentence naming the thing measured.
    ("扶贫干部住的周转房每套多大？", "以及津补贴、周转房等相关待遇保障,营造拴心留人环境", False),
    ("周转房每套多大？", "每套周转房60平方米", True),
    ("村级活动场所有多大面积？", "新建村级活动场所120个", False),
    ("村部离县城多远？", "村部距县城35公里", True),
    ("村部离县城多远？", "对口帮扶699个贫困村", False),
    # Schools by name, not 支教 or 学校 alone.
    ("支教干部去了哪些学校？", "从乡镇事业编制中选拔100名干部进行支教活动", False),
    ("支教干部去了哪些学校？", "到通江县第一小学支教", True),
    # Bodies asked: a leader heading the team names no unit the members came from.
    ("巴中的驻村工作队员是从哪些单位选派的？", "县处级以上领导带队、选派3654名党员干部组建脱产驻村帮扶工作队", False),
    ("从哪些部门抽调了36名在职厅级干部？", "从省直相关单位抽调36名在职厅级干部担任国定贫困县大队长", True),
    # A count the question states scopes it: a sentence counting others of the kind is about another set.
    ("山西抽调的42名督导干部是从哪些单位来的？", "从省市县选派9973名干部到乡镇挂职,省直单位选派干部全部分配到乡镇。", False),
    ("山西抽调的42名督导干部是从哪些单位来的？", "从省直单位抽调42名干部,组成7个督导组。", True),
    # People asked (对哪些人, 非谁莫属) are answered by a class of people; who is responsible is not (干部 at large).
    ("“强源头”是对哪些人进行培训？", "对村(居)干部和农牧民党员进行脱贫攻坚政策培训", True),
    ("“绣花匠”非谁莫属？", "精准脱贫下“绣花”功夫,而“绣花匠”非党员干部莫属。", True),
    ("分析评定后，具体由谁负责？", "干部要带头负责", False),
    # 全部 is no body: 选调生全部安排到村 does not say which level pays them.
    ("选调生的工资由哪一级财政发？", "今后新招录的选调生全部安排到村担任大学生村官", False),
    ("第一书记的工作经费由哪一级财政发？", "市、县财政也按一定标准为所派第一书记安排工作经费", True),
    # Where something is held: a place it is held in (在成都…), not the regions its trainees come from.
    ("培训班是在哪里办的？", "举办燕山-太行山、吕梁山区集中连片贫困地区乡镇党委副书记、组织委员培训班", False),
    ("座谈会是在哪里开的？", "中组部在成都召开深度贫困地区抓党建促脱贫攻坚工作座谈会", True),
    # Where something is done is said by 在…+ the act, a place name or not.
    ("督导组在哪里开展专项督导？", "从全省抽调42名干部,组成7个督导组,常年在脱贫攻坚一线开展专项督导", True),
    ("督导组在哪里开展专项督导？", "从全省抽调42名干部,组成7个督导组", False),
    # 中国特色社会主义 names no place where a meeting was held.
    ("第六次推进会议是在哪里开的？", "深入贯彻习近平新时代中国特色社会主义思想,按照全省第六次推进会议部署", False),
    # 14个百分点 is a share, not a count of 个.
    ("扶贫联系点一共有多少个？", "过去5年,巴中贫困发生率下降14个百分点,降到7.65%。", False),
    # The speech's placeholders are no figures: X万个 answers no count.
    ("村级脱贫责任组全省一共有多少个？", "同时还有X万个村级脱贫责任组、X万名工作队员在村帮助工作", False),
    # A count asked of a thing named before the question word counts that thing, not another in the same unit.
    ("巴中的驻村工作队一共有多少个？", "选派3654名党员干部组建脱产驻村帮扶工作队,对口帮扶699个贫困村", False),
    ("山西的督导组有几个？", "从全省抽调42名干部,组成7个督导组", True),
    ("巴中的驻村干部有多少名？", "选派3654名党员干部组建脱产驻村帮扶工作队", True),  # 干部 either way
    # People are counted with 个 in speech: 几个年轻党员 is answered by 1名.
    ("每个村每两年至少要发展几个年轻党员？", "每村每两年至少发展1名年轻党员", True),
    # A role asked is not said by the body its name is part of.
    ("昌都市脱贫攻坚指挥部的总指挥是谁？", "昌都市脱贫攻坚指挥部制定了脱贫攻坚考核办法", False),
    ("一线总指挥是谁？", "县委是“一线指挥部”,县委书记是“一线总指挥”。", True),
    # A per-group figure may name its group: 每个督导组 is not answered by 42名干部,组成7个督导组.
    ("山西每个督导组有几名干部？", "从全省抽调42名干部,组成7个督导组", False),
    ("山西每个督导组有几名干部？", "每个督导组6名干部", True),
    # Who is not answered by the question's own words: 中央领导同志 is who is asked about.
    ("充分肯定我省工作的中央领导同志是谁？", "中央领导同志对我省抓党建促脱贫攻坚工作充分肯定。", False),
    # Whom an act is of follows 对.
    ("“领头雁”培训对谁进行轮训？", "省市县三级每年对农村“两委”主干特别是贫困村党组织书记进行轮训", True),
    # 几口人 counts people in 口: 12.8万贫困户 does not say how many to a household.
    ("12.8万贫困户平均每户有几口人？", "动员56737名党员干部结对帮扶12.8万贫困户", False),
    # How often is answered by a 每年 in a clause saying the act asked: 轮换 is not 核算经费.
    ("驻村工作队员多久轮换一次？", "每个驻村工作队按照每年不低于2.5万元核算经费", False),
    ("多长时间跟第一书记谈一次心？", "全省乡镇党委书记每半年与第一书记每人进行一次谈心谈话", True),
    # An act asked (谁组织的) is said by the body named after it; a role asked (总指挥是谁, above) is not.
    ("农村第一书记的集中轮训是谁组织的？", "省、市、县三级组织部门每年对农村第一书记进行集中轮训", True),
    # A year stands before a quoted name without 年.
    ("“山西最美村干部”评选是哪一年开展的？", "开展2018“山西最美村干部”评选活动", True),
    # 哪一年 asks a year: 201X年底 gives none.
    ("贫困村脱贫责任组是哪一年成立的？", "截至201X年底,全省还有X个贫困县、X个贫困村", False),
    # Money earned is not money spent.
    ("三年行动一共投入了多少资金？", "全省村级集体经济基本实现全面“破零”,年收入5万元以上的村达到50%以上。", False),
    ("村集体年收入多少钱以上的村达到一半？", "年收入5万元以上的村达到50%以上。", True),
    # 对谁 asks whom something is asked of: a class of people answers.
    ("这是对谁的要求？", "确保每名驻村队员人在心在、履职尽责、帮出实效", True),
    # 谁和谁签 asks who signs, with 签 as its verb.
    ("“双签”是谁和谁签？", "坚持帮扶单位和第一书记“双签”脱贫攻坚责任书", True),
    ("“双签”是谁和谁签？", "压实单位帮扶责任", False),
    # Places of a kind described: 群众最需要的地方 answers 哪些地方.
    ("组织部门要深入到哪些地方去？", "主动深入到最边远、最贫困、群众最需要的地方去", True),
    ("组织部门要深入到哪些地方去？", "主动深入一线开展政策宣讲", False),
    # How often is answered by a bare 每年; how long is not.
    ("多久对第一书记集中轮训一次？", "省、市、县三级组织部门每年对农村第一书记进行集中轮训", True),
    ("对第一书记的集中轮训要多长时间？", "省、市、县三级组织部门每年对农村第一书记进行集中轮训", False),
])
def test_what_a_figure_or_place_is_asked_of(question, sentence, holds):
    assert holds_answer_type(_asking(question), sentence) is holds


def test_a_total_asked_is_not_answered_by_a_rate():
    from assistant.direct import figures_in

    span = "每个驻村工作队按照每年不低于2.5万元核算经费,累计投入3.1亿元,保障“有钱办事”。"
    found = figures_in(_asking("巴中一共投了多少钱？"), span)
    assert max(found, key=lambda f: f[0])[1] == "3.1亿元"


@pytest.mark.parametrize(("question", "count"), [
    ("山西规范化建设标准的29条具体有哪些？", 29),
    ("刘桂珍等10名最美村干部都有谁？", 10),
    ("从哪些部门抽调了36名在职厅级干部？", 0),  # the count is not what is listed
    ("讲话里说的四个短板是哪些？", 0),  # a count name: its list is checked where it is quoted (programmes)
    ("实绩考核的10项措施具体是哪10项？", 10),  # asked by their number, named 措施: still a list, not a method
    ("规范化建设的7个方面分别是什么？", 7),
    ("山西抽调的36名干部是什么级别？", 0),
    ("山西规范化建设的29条标准里第一条是什么？", 29),  # one of them by its place needs them spelled out
])
def test_a_list_question_may_state_how_many_items_it_asks_for(question, count):
    from assistant.question.asked import items_asked

    assert items_asked(question) == count


@pytest.mark.parametrize(("question", "case"), [
    ("第一书记驻村期间生病了怎么办？", ("生病",)),
    ("科技副县长挂职期满后怎么安排？", ("期满",)),
    ("第一书记驻村期满回原单位以后怎么安排？", ("期满", "单位")),  # the act with its object: 派出单位 is not the case
    ("新当选的村干部培训提升后还是不行的怎么办？", ("不行",)),
    ("老百姓不满意的会怎么样？", ("满意",)),
    ("没按时和第一书记谈心谈话的会怎么样？", ("按时",)),  # the breach, not the duty the documents state
    ("驻村干部不好好干、老百姓不满意的会怎么样？", ("满意",)),  # the last case denied
    ("村里找不到合适的人当支书怎么办？", ()),  # no case put with 了/后/的: what to do at all
    ("第一书记怎么管理？", ()),
    ("巴中的驻村队员考核不合格会怎么样？", ("合格",)),  # a consequence asked right after the case
    ("巴中的驻村工作队员出了安全事故谁负责？", ("安全事故",)),  # who answers for a case put with 了
    ("村级集体经济发展由谁负责统筹协调？", ()),  # who is responsible at all: no case
])
def test_the_case_a_question_asks_what_to_do_in(question, case):
    from assistant.question.asked import condition_asked

    assert condition_asked(question, _SEGMENTER) == case


def test_the_name_of_a_thing_asks_for_its_title_not_a_person():
    assert answer_type("选调生到村当大学生村官的管理办法叫什么名字？") == ("other", "")
    assert answer_type("省委组织部长叫什么名字？")[0] == "who"


def test_which_ten_is_a_list_whatever_noun_names_the_items():
    assert answer_type("实绩考核的10项措施具体是哪10项？") == ("list", "")
    assert answer_type("有哪些措施？") == ("method", "")


def test_a_count_asked_of_a_set_the_question_states_counts_that_set():
    question = _asking("山西2494个软弱涣散村党组织现在已经整顿转化了多少个？")
    # The sentence on the 2494 counts work teams and departments with 个, not how many of them were turned round.
    assert not holds_answer_type(question, "全省共确定软弱涣散村党组织2494个,派出2650个工作组和2381个县直部门进行包联指导。")
    assert holds_answer_type(question, "全省共确定软弱涣散村党组织2494个,目前已整顿转化2100个。")
    assert holds_answer_type(question, "已整顿转化软弱涣散村党组织2100个。")


@pytest.mark.parametrize(("question", "fact"), [
    ("讲山西深度融合的那篇报道是哪家报纸发的？", "source"),
    ("这篇文章出自哪里？", "source"),
    ("昌都那篇报道的记者是谁？", "author"),
    ("巴中那篇文章是谁写的？", "author"),
    ("人民日报那篇评论是哪天发表的？", "date"),
    ("人民日报那篇评论的标题是什么？", "title"),
    ("巴中日报那篇文章是哪天发的？", "date"),
    ("人民日报那篇评论的作者冯键是哪个单位的？", None),  # asks about the author, which no header says
    ("人民日报那篇评论登在第几版？", None),
    ("这个考评办法是谁写的？", None),  # a regulation the documents name, not one of the documents
    ("巴中市委三届十次全会是哪天召开的？", None),
])
def test_a_question_may_ask_a_fact_of_the_document_itself(question, fact):
    from assistant.question.scope import publication_asked

    assert publication_asked(question) == fact


def test_the_longest_list_a_text_gives():
    from assistant.question.text import most_items

    assert most_items("明确乡镇、农村基层党组织规范化建设7个方面29条标准。") == 2
    assert most_items("与省委宣传部、省民政厅、山西晚报社合作。") == 3
    assert most_items("做到“三个坚持”。一是坚持带头抓。二是坚持抓书记。三是坚持抓考核。") == 3


@pytest.mark.parametrize(("question", "text", "states"), [
    ("巴中5年前的贫困发生率是多少？", "过去5年,巴中贫困发生率下降14个百分点,降到7.65%。", False),  # today's figure
    ("巴中5年前的贫困发生率是多少？", "过去5年,巴中贫困发生率从21.65%降到7.65%。", True),  # where the change started
    ("巴中三年前有多少贫困村？", "三年前全市有699个贫困村。", True),
    ("巴中过去5年贫困发生率降到了多少？", "过去5年,巴中贫困发生率下降14个百分点,降到7.65%。", True),
])
def test_a_figure_asked_as_of_a_past_point_needs_that_point_or_a_starting_figure(question, text, states):
    from assistant.question.holds import states_the_asked_past

    assert states_the_asked_past(question, text) is states


@pytest.mark.parametrize(("question", "asks"), [
    ("那他们后来干得怎么样？", True),
    ("结果怎么样了？", True),
    ("每年的绩效考核结果如何?", True),
    ("“干”的氛围怎么样了？", True),
    ("巴中怎么组建驻村工作队？", False),  # how it was done, not how it turned out
    ("今天天气怎么样？", False),
])
def test_a_question_asking_how_something_turned_out(question, asks):
    from assistant.question.asked import asks_about_outcome

    assert asks_about_outcome(question) is asks


@pytest.mark.parametrize(("question", "whole"), [
    ("699个贫困村里有多少个已经退出？", "699"),
    ("累计投入的3.1亿元里，有多少用在了产业上？", "3.1"),
    ("2019年招的选调生里拿出多少名额？", ""),  # a year says when; its first digits are no whole either
])
def test_the_whole_a_part_is_asked_of(question, whole):
    from assistant.question.asked import whole_stated

    assert whole_stated(question) == whole


@pytest.mark.parametrize(("question", "noun"), [
    ("讲话里在大会上发言的先进单位是哪几个？", "单位"),
    ("山西评出的最美村干部有哪些？", "村干部"),
    ("巴中有哪些先进典型？", "先进典型"),
    ("2016年以来选取的哪些县开展试点？", ""),  # 县 is a place: the place rules check it
    ("第一书记要做哪些事？", ""),
])
def test_the_noun_whose_members_a_list_question_asks_for(question, noun):
    from assistant.question.asked import members_asked

    assert members_asked(question, _SEGMENTER) == noun


@pytest.mark.parametrize(("text", "names"), [
    ("刚才,X个先进单位和个人作了很好的大会发言,值得学习借鉴。", False),  # counted, not named
    ("最终评选出刘桂珍等10名最美村干部。", True),  # one named, the rest counted
    ("表彰了通江县、南江县等先进单位。", True),
    ("推动乡村干部和帮扶干部心往一处想。", True),  # does not speak of the noun: other rules judge it
])
def test_a_sentence_that_only_counts_a_noun_names_none_of_its_members(text, names):
    from assistant.question.holds import names_members

    assert names_members("单位" if "单位" in text else "村干部", text) is names


@pytest.mark.parametrize(("question", "act"), [
    ("巴中因为扶贫干得好被提拔的干部有多少个？", "提拔"),
    ("退出的贫困村有多少个？", "退出"),
    ("巴中的驻村工作队一共有多少个？", ""),
    ("评上的最美村干部有几个？", ""),  # 最美 is no noun to jieba: not read as qualified
    ("巴中有多少个贫困村已经退出了？", "退出"),  # the act after the noun, when nothing else follows
    ("山西有多少个村党组织达到一流建设标准？", ""),
    ("多少名干部参加了培训？", ""),
    ("有多少个县参加？", ""),  # taking part picks out nothing the counting sentence does not say
    # Two verbs done, right after the question word, the noun before it.
    ("山西整顿的软弱涣散村党组织最后有多少个转化提升了？", "转化提升"),
    ("巴中有多少人参加培训？", ""),  # not done: what they do, not what picks them out
    # Going to a place to act: the place picks them out, whatever words the document has for the act.
    ("山西每年能去中组部培训班学习的贫困村支书有多少个？", "中组部培训班"),
])
def test_the_act_a_counted_noun_is_picked_out_by(question, act):
    from assistant.question.asked import count_qualifier

    assert count_qualifier(question, _SEGMENTER) == act


def test_a_noun_picked_out_by_an_act_is_counted_only_where_the_act_is_said():
    from dataclasses import replace

    from assistant.question.asked import count_qualifier
    from assistant.question.holds import counts_what_is_asked

    question = "巴中因为扶贫干得好被提拔的干部有多少个？"
    analysis = replace(_asking(question), qualifier=count_qualifier(question, _SEGMENTER))
    assert not counts_what_is_asked(analysis, "县处级以上领导带队、选派3654名党员干部组建脱产驻村帮扶工作队。")
    assert counts_what_is_asked(analysis, "去年共有120名扶贫干部被提拔使用。")
    sent = replace(_asking("派出的工作组有多少个？"), qualifier="派出")
    assert counts_what_is_asked(sent, "2018年,派出2650个工作组进行包联指导。")
    # Each part of a compound act: 精准脱贫 does not say 摘帽.
    lifted = replace(_asking("巴中有多少个贫困村脱贫摘帽了？"), qualifier="脱贫摘帽")
    assert not counts_what_is_asked(lifted, "作为精准扶贫、精准脱贫的重要抓手,对口帮扶699个贫困村。")
    assert counts_what_is_asked(lifted, "今年有300个贫困村脱贫摘帽。")
    # …and said in the figure's clause: the 2494个 were identified, the 转化提升 only striven for.
    turned = replace(_asking("山西整顿的软弱涣散村党组织最后有多少个转化提升了？"), qualifier="转化提升")
    assert not counts_what_is_asked(turned, "2018年,全省共确定软弱涣散村党组织2494个,派出2650个工作组进行包联指导,"
                                            "力促软弱涣散村党组织整顿转化提升。")
    assert counts_what_is_asked(turned, "2019年,共有1800个软弱涣散村党组织整顿转化提升。")


@pytest.mark.parametrize(("question", "rates"), [
    ("巴中平均每个贫困户有几名干部结对帮扶？", ["户"]),
    ("“领头雁”培训一期有多少人参加？", ["期"]),
    ("第一期培训有多少人？", []),
    ("一期工程花了多少钱？", []),
    ("巴中一个驻村工作队一般有几个人？", ["队"]),  # one team, as 每个驻村工作队
    ("一个村配几个工作组？", ["村"]),
    ("派了一个工作队，有多少人？", []),  # the count is of the people sent, the team stated
    ("谈心一次谈多久？", ["次"]),  # how long each lasts…
    ("多久谈一次心？", []),  # …not how often
    ("村干部一个月能拿多少报酬？", ["月"]),  # 一个月 / 一年 before the question word: per month, per year
    ("派到村里的书记一年能拿到省里多少办公钱？", ["年"]),
    ("乡村振兴战略是哪一年提出的？", []),
    ("下一个年份将进行多少名干部的支教活动？", []),
])
def test_the_rate_a_figure_is_asked_per(question, rates):
    assert rates_asked(question) == rates


def test_a_count_asked_per_team_is_not_answered_by_the_total():
    analysis = _asking("巴中一个驻村工作队一般有几个人？")
    assert not holds_answer_type(analysis, "选派3654名党员干部组建脱产驻村帮扶工作队,对口帮扶699个贫困村")
    assert holds_answer_type(analysis, "每个驻村工作队配备5名队员")


@pytest.mark.parametrize(("question", "nothing"), [
    ("现在搞得怎么样了？", True),  # a word of relative time names no thing
    ("后来怎么样了？", True),
    ("要用多长时间？", True),
    ("现在的村干部有多少？", False),
    ("采取了哪些方式？", True),  # a noun naming the kind of answer names no thing
    ("有什么要求？", True),
    ("工作经费有多少？", False),
])
def test_a_follow_up_naming_nothing_of_its_own(question, nothing):
    from assistant.question.asked import names_nothing

    assert names_nothing(question, _SEGMENTER) is nothing


@pytest.mark.parametrize(("question", "thing"), [
    ("山西召回的不称职第一书记还发不发工资？", "工资"),
    ("驻村干部算不算公务员？", "公务员"),
    ("贫困地方考公务员门槛能不能放低点？", ""),  # a modal asks of a verb phrase (放低点), not of a thing
    ("讲话里要求“五天四夜”在村，那周末能不能回家？", "回家"),  # …but one word after it is what is asked of
    ("讲话说当第一书记干得好的会不会提拔？", "提拔"),
    ("巴中的2.5万元驻村经费能不能用来给队员发补贴？", "补贴"),  # …or the noun closing its phrase
    ("巴中能不能从外面请专家来帮忙？", ""),  # not one inside it
    ("巴中是不是选派了5000名干部？", ""),  # 是不是 checks a statement
    ("考核结果用不用？", ""),
    ("巴中说基层党建搞得好不好关系到什么？", ""),  # the V不V is inside; 什么 asks
    # A yes/no question: what its predicate ends on, after the modal.
    ("巴中驻村队员的考核结果和工资挂钩吗？", "工资"),
    ("昌都对排名后20%的负责人问责后会撤职吗？", "撤职"),
    ("山西的第一书记能带家属去村里住吗？", "家属"),  # jieba's 能带: a modal joined to its verb; 村里 is where
    ("巴中的村干部有养老保险吗？", "养老保险"),
    ("山西的第一书记能报销回家的路费吗？", "路费"),
    ("昌都的村干部不干了以后还有补贴吗？", "补贴"),
    ("讲话说抓党建促脱贫攻坚有没有捷径？", "捷径"),
    ("贫困县的书记县长没脱贫之前能调走吗？", ""),  # jieba's 能调 / 走: no verb after a modal of its own
    ("上面下来检查不提前打招呼，讲话里有这个说法吗？", ""),  # 说法 names the kind of answer
    # 什么 + the kind of thing asked for, unless the noun is the kind of answer itself.
    ("山西给第一书记买了什么保险？", "保险"),
    ("巴中要努力创建什么示范区？", "示范区"),
    ("昌都用什么办法让搬迁群众听党话？", ""),
    ("巴中的实用人才要起到啥样的带头作用？", ""),  # 什么样 asks what it is like, in the documents' own words
    ("你有什么具体措施来激励保障基层党建扶贫帮困资金？", ""),
    ("为什么村干部会青黄不接？", ""),
    ("山西市县乡党委书记的党建工作清单年底要干嘛？", ""),
    # A measure before the thing (数量上的要求) is stated as a figure, not in its word; a side that is a subject is kept.
    ("讲话里对贫困村发展党员有什么数量上的要求？", ""),
    ("巴中对驻村干部有什么生活上的保障？", "生活"),
])
def test_what_a_question_asks_whether_or_which_is_done(question, thing):
    from assistant.question.asked import checked_object

    assert checked_object(question, _SEGMENTER) == thing


def test_members_asked_are_not_named_by_their_kinds_at_large():
    from assistant.question.holds import names_members

    assert not names_members("媒体", "挖掘100个先进典型,运用各类媒体进行宣传推广,做到学有榜样、比有参照、赶有目标")
    assert names_members("媒体", "在人民日报、新华社、西藏日报等媒体宣传推广")
    # A list ending on the kinds at large names them: 津补贴、周转房等相关待遇保障.
    assert names_members("待遇", "同时落实和完善县以下机关公务员职务与职级并行政策,以及津补贴、周转房等相关待遇保障")
    assert not names_members("待遇", "落实相关待遇保障,营造拴心留人环境")


@pytest.mark.parametrize(("question", "outcome"), [
    ("那他们后来干得怎么样？", True), ("巴中的驻村队员干得怎么样？", True),
    ("乡镇干部包村干得怎么样，跟什么挂钩？", False),  # how well it went is the subject of what is asked
    ("村集体经济发展得怎么样，要纳入哪些考核？", False),
])
def test_a_state_asked_before_another_question_is_that_questions_subject(question, outcome):
    from assistant.question.asked import asks_about_outcome

    assert asks_about_outcome(question) is outcome
