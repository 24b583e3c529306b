"""Question analysis and the answer-or-refuse decision on the real sample index."""

from __future__ import annotations

import pytest

from assistant.answering import Assistant
from assistant.question.analysis import analyze_question
from assistant.question.holds import holds_answer_type
from core.settings import Settings
from ingest.normalize import normalize_text

SPEECH = "003_a4f876b9c19c779d.txt"
PEOPLES_DAILY = "001_8414d68ae85fe963.txt"
SHANXI = "004_a928fa1a2d1fd905.txt"


@pytest.fixture(scope="module")
def assistant(sample_index, embeddings):
    return Assistant(Settings(), index=sample_index, embeddings=embeddings)


def analyze(question, index):
    return analyze_question(normalize_text(question), index)


def test_figures_of_the_asked_type(sample_index):
    count = analyze("巴中选派了多少名党员干部？", sample_index)
    assert holds_answer_type(count, "选派3654名党员干部") and not holds_answer_type(count, "对口帮扶699个贫困村")
    duration = analyze("谈心谈话多久一次？", sample_index)
    assert holds_answer_type(duration, "每半年至少谈心谈话一次") and not holds_answer_type(duration, "谈心谈话制度")


def test_a_follow_ups_own_content_words_weigh_double_its_function_words_do_not(sample_index):
    analysis = analyze_question("第一书记的工作经费有多少，那具体由谁安排？", sample_index, asked="那具体由谁安排？")
    assert analysis.terms["安排"] == pytest.approx(2 * sample_index.idf("安排"))
    assert analysis.terms["由"] == pytest.approx(sample_index.idf("由"))  # a preposition says nothing asked
    assert analysis.terms["经费"] == pytest.approx(sample_index.idf("经费"))  # the earlier question sets the scene


def test_who_and_which_year_are_typed_questions(sample_index):
    body = analyze("哪个部门负责“教育扶智计划”？", sample_index)
    assert body.answer_type == "who"
    assert holds_answer_type(body, "由县级组织部门确定主管部门") and holds_answer_type(body, "市教育局负责实施")
    assert not holds_answer_type(body, "中组部及时跟进")  # a body, but not said to be responsible
    assert not holds_answer_type(body, "从乡镇事业编制中选拔100名干部进行支教活动")  # 干部 is not a body
    year = analyze("巴中市在什么年份开始实施挂包驻帮？", sample_index)
    assert year.answer_type == "date" and not holds_answer_type(year, "对口帮扶699个贫困村")


@pytest.mark.parametrize(("question", "scope"), [
    ("人民日报那篇文章里说巴中选派了多少名干部？", {PEOPLES_DAILY}),
    ("组织部长的讲话里提到，第一书记要怎么管？", {SPEECH}),
    ("那篇讲话中提到的四个短板是什么？", {SPEECH}),
    ("山西那篇报道里，第一书记的经费是多少？", {SHANXI}),
    ("讲话里村级集体经济发展谁牵头抓总？", {SPEECH}),  # a reference opening the question, with no verb after it
    # Both Bazhong articles: one names 巴中 in its text, the other only as its source (巴中日报) and author.
    ("巴中那篇文章说省委和市委全会发出了什么动员令？", {"000_60c230d7500ffaa4.txt", PEOPLES_DAILY}),
])
def test_a_question_naming_its_source_is_scoped_and_the_reference_is_not_content(sample_index, question, scope):
    analysis = analyze(question, sample_index)
    assert set(analysis.scope) == scope
    assert not any(word in "".join(analysis.terms) for word in ("文章", "讲话", "报道", "那篇"))


def test_a_place_naming_the_source_is_a_word_of_reference_not_content(sample_index, assistant):
    core = analyze("巴中那篇文章说党建扶贫的核心是什么？", sample_index)
    assert "巴中" not in core.terms and "巴中" in core.entities  # the source is still held to name it
    assert "核心,就是要使各级党组织成为脱贫攻坚的“主心骨”" in assistant.answer("巴中那篇文章说党建扶贫的核心是什么？").answer
    # A place asked about inside the source stays content: 兰考 is what the question asks about in the speech.
    assert "兰考" in analyze("讲话里提到要落实兰考的什么工作法？", sample_index).terms


def test_a_question_naming_a_place_only_is_not_scoped(sample_index):
    assert analyze("山西选派了多少名第一书记？", sample_index).scope == ()


def test_a_counted_word_is_no_place_even_when_jieba_tags_it_one(sample_index):
    # jieba's dictionary tags 礼拜 as a place; 一个礼拜 is a week, which no document needs to name.
    assert analyze("讲话里说第一书记一个礼拜要在村里待几天？", sample_index).entities == []
    assert analyze("讲话说保证质量效果要有哪几样东西？", sample_index).entities == []
    assert analyze("讲话说要向哪些东西亮剑？", sample_index).entities == []  # picked out by 哪些: no place either
    assert analyze("文章中巴中的贫困发生率降到多少？", sample_index).entities == ["巴中"]  # not 文章 / 中巴 / …
    assert analyze("贵州选派了多少名第一书记？", sample_index).entities == ["贵州"]
    # …nor is a word jieba's HMM makes up across a cut (组织里建的 → 里建, tagged a place).
    assert analyze("昌都农牧区经济社会组织里建的党组织由谁领导？", sample_index).entities == ["昌都"]


def test_function_words_and_measure_words_asked_with_are_no_content(sample_index):
    # 思路里's 里, 给…落实's 给: one character jieba tags a function word weighs nothing; 哪几样 asks.
    assert {"思路", "补齐", "短板"} <= set(analyze("讲话说总的思路里要补齐几个短板？", sample_index).terms)
    assert "里" not in analyze("讲话说总的思路里要补齐几个短板？", sample_index).terms
    assert "给" not in analyze("讲话说要给贫困地区基层公务员落实哪些待遇保障？", sample_index).terms
    assert "样" not in analyze("昌都选干部看重哪几样？", sample_index).terms
    assert "钱" in analyze("村里的钱谁来管？", sample_index).terms  # a one-character noun is content


def test_two_place_and_two_clause_questions_have_parts(sample_index):
    places = analyze("巴中和山西分别选派了多少干部？", sample_index)
    assert [p.part_label for p in places.parts] == ["巴中", "山西"]
    assert all("分别" not in p.text for p in places.parts)
    # Places in a later clause are that clause's: the question is cut at its clauses, not by those places.
    later = analyze("山西的精准脱贫培训示范班培训了多少名乡镇党委书记？燕山-太行山、吕梁山区的培训班又培训了多少名副书记和组织委员？",
                    sample_index)
    assert len(later.parts) == 2 and "太行山" not in later.parts[0].text
    # Each place with a subject of its own, then 各 and what is asked of both.
    own = analyze("巴中每个驻村工作队和山西每个省派第一书记一年各有多少工作经费？", sample_index)
    assert [p.text for p in own.parts] == ["巴中每个驻村工作队一年有多少工作经费？", "山西每个省派第一书记一年有多少工作经费？"]
    clauses = analyze("2018年山西确定了多少个软弱涣散村党组织？到2020年又要整顿多少个？", sample_index)
    assert len(clauses.parts) == 2
    assert "软弱涣散" in clauses.parts[1].terms  # the second clause borrows the first one's subject
    assert "2018" not in clauses.parts[1].numbers  # but not its figures
    assert analyze("山西选派了多少名第一书记？", sample_index).parts == []
    # A clause asking nothing sets the scene for the next: two parts, not one question left whole.
    scene = analyze("什么是“三三四”党建扶贫模式？还有，每年选调200名书记参加培训班，那这个培训班要多长时间？", sample_index)
    assert len(scene.parts) == 2
    assert "培训班" in scene.parts[1].text and scene.parts[1].answer_type == "duration"
    assert scene.parts[0].numbers == []  # the first part does not inherit the second's 200
    # Its question word is no word of its own: 还有几个拿了提名奖 asks 提名奖 of the first clause's subject.
    nominated = analyze("山西最美村干部评选，最后评上了几个，还有几个拿了提名奖？", sample_index)
    assert "最美" in nominated.parts[1].terms


def test_a_scoped_question_is_answered_from_its_source_only(assistant):
    answer = assistant.answer("那篇讲话中提到的四个短板是什么？")
    assert not answer.refused and {c.doc_id for c in answer.citations} == {SPEECH}


def test_a_question_scoped_to_the_wrong_source_is_refused(assistant):
    # 3654 is in the People's Daily article, not in the speech.
    answer = assistant.answer("那篇讲话中说巴中选派了多少名党员干部组建驻村工作队？")
    assert answer.refused and answer.refusal_reason in ("out_of_scope", "no_passage", "type_absent")


def test_an_absent_figure_about_a_present_subject_is_refused_with_its_reason(assistant):
    answer = assistant.answer("山西第一书记每人每月工资是多少钱？")
    assert answer.refused and answer.explanation


def test_refusal_reasons_read_as_sentences(assistant):
    answer = assistant.answer("贵州省选派了多少名第一书记？")
    assert answer.refusal_reason == "name_absent" and "贵州" in answer.explanation


def test_a_traditional_question_gets_a_traditional_answer(assistant):
    answer = assistant.answer("山西選派了多少名幹部擔任農村第一書記？")
    assert not answer.refused and "10009" in answer.answer
    assert "選派" in answer.answer and "选派" not in answer.answer
    assert normalize_text(answer.citations[0].span) == sample_span(assistant, answer.citations[0])


def sample_span(assistant, citation):
    return assistant.index.documents[citation.doc_id].text[citation.start:citation.end]


def test_village_words_find_the_documents_terms(assistant):
    from assistant.assess import TermSimilarity

    similarity = TermSimilarity(assistant.index, assistant.embeddings)
    assert assistant.index.term_vectors is not None
    assert len(assistant.index.term_vectors) == len(assistant.index.term_vocabulary)
    # 老百姓 and 钱 are not in the corpus; 群众 and 经费 are.
    near, far = similarity.best_cosines(["老百姓", "钱"], "群众的经费"), similarity.best_cosines(["老百姓", "钱"],
                                                                                          "组织路线")
    assert (near > far).all()


def test_a_question_cut_unlike_the_documents_still_finds_their_word(assistant):
    # jieba cuts 是什么之家 into 什么/之/家; the speech's 干部之家 gives the index 之家.
    assert "之家" in assistant.index.query_tokens("组织部门是什么之家？")
    answer = assistant.answer("讲话里说组织部门是什么之家？")
    assert not answer.refused and "干部之家" in answer.citations[0].span


def test_a_place_jieba_cuts_into_a_wrong_word_is_still_a_word_of_the_question(sample_index):
    # 巴中选干部 → 巴/中选/干部: the documents' 巴中 runs across the cut, and 中选, which they never use, goes.
    tokens = sample_index.query_tokens("巴中选干部看重啥？")
    assert "巴中" in tokens and "中选" not in tokens
    assert "山西省" not in sample_index.query_tokens("山西省委组织部的宗旨是什么？")  # 山西/省委: both their words
    assert "负责" not in sample_index.query_tokens("乡镇党委负 责任")  # a removed question word leaves no word behind


def test_a_year_asked_of_the_undated_speech_is_not_its_this_year(assistant):
    # …督查重点由201X年的X项调整为今年的X项: the speech has no date, so 今年 names no year.
    answer = assistant.answer("讲话里说中组部的第二次专项督查是哪一年开展的？")
    assert answer.refused and answer.refusal_reason == "type_absent"


def test_a_question_quoting_a_title_is_scoped_to_that_document(sample_index):
    analysis = analyze("根据《山西推动党的建设与脱贫攻坚深度融合》，连续多少年开展“领头雁”培训？", sample_index)
    assert analysis.scope == (SHANXI,) and "深度融合" not in analysis.terms


def test_a_quoted_name_that_is_not_a_documents_title_is_content(sample_index):
    """《…》 scopes a question only when it quotes a document's title; a regulation the documents name is the subject."""
    regulation = analyze("省委出台《市县党政正职履行脱贫攻坚责任考评办法》的目的是什么？", sample_index)
    assert regulation.scope == () and "考评" in "".join(regulation.terms)
    titled = analyze("根据《山西推动党的建设与脱贫攻坚深度融合》，选派了多少名第一书记？", sample_index)
    assert titled.scope == (SHANXI,) and "融合" not in "".join(titled.terms)


def test_the_content_of_a_programme_the_documents_only_name_is_refused_with_the_mention_shown(assistant):
    answer = assistant.answer("兰考“六步工作法”是哪些步骤？")
    assert answer.refused and answer.refusal_reason == "content_absent"
    assert "六步工作法" in answer.explanation
    assert any("六步工作法" in c.text for c in answer.related)


def test_a_programme_listed_item_by_item_is_answered_with_its_items(assistant):
    answer = assistant.answer("山西做到的“三个坚持”具体指什么？")
    assert not answer.refused
    assert [i.text for i in answer.items] == ["一是坚持“带头抓”以上率下。", "二是坚持“抓书记”传导压力。",
                                              "三是坚持“抓考核”落实责任。"]


def test_a_programme_whose_items_precede_its_name_is_answered(assistant):
    answer = assistant.answer("巴中集中开展的“三大行动”是什么？")
    assert not answer.refused and "选优配强、整顿建强、服务聚强" in answer.answer


@pytest.mark.parametrize("question", ["那个讲话里说每个贫困村要储备几名后备干部？", "这个报道里说昌都选拔了多少名干部进行支教？"])
def test_a_question_opening_with_a_source_is_not_a_follow_up(assistant, question):
    answer = assistant.answer(question)
    assert not answer.refused, answer.explanation


def test_money_set_for_each_person_named_answers_a_per_person_question(assistant):
    answer = assistant.answer("山西第一书记每人每年有多少工作经费？")
    assert not answer.refused and answer.short_answer == "1万元"


def test_money_set_per_team_does_not_answer_a_per_member_question(assistant):
    # 每个驻村工作队按照每年不低于2.5万元核算经费: per team, not per member.
    assert assistant.answer("巴中驻村工作队员每人每年多少经费？").refused


def test_a_count_of_something_no_passage_names_is_refused(assistant):
    # 对口帮扶699个贫困村 counts villages, and “五个一” is a name: neither counts 驻村工作队.
    answer = assistant.answer("巴中组建了多少个驻村工作队？")
    assert answer.refused and answer.refusal_reason == "type_absent"


def test_a_figure_right_before_the_noun_counted_answers(assistant):
    answer = assistant.answer("巴中结对帮扶了多少户贫困户？")
    assert not answer.refused and answer.short_answer == "12.8万"


@pytest.mark.parametrize("question", ["巴中3654名驻村干部中有多少是女性？", "山西的10009名第一书记中有多少是党员？"])
def test_a_count_of_a_part_the_documents_never_count_is_refused(assistant, question):
    answer = assistant.answer(question)
    assert answer.refused and answer.refusal_reason == "type_absent"


def test_two_questions_joined_by_a_comma_are_both_answered(assistant):
    answer = assistant.answer("巴中驻村工作队帮扶了多少个贫困村，每个队每年经费多少？")
    assert "699个贫困村" in answer.answer and "2.5万元" in answer.answer  # the second keeps the first's 巴中


def test_a_place_asked_after_a_question_asks_it_again_of_that_place(assistant):
    answer = assistant.answer("巴中选派了多少党员干部驻村？昌都呢？")
    assert "3654名" in answer.answer and "没有找到“昌都”的相关内容" in answer.answer


def test_an_independent_second_question_keeps_its_own_subject(assistant):
    # 另外… asks something else: it is not read with the first question's place (the speech, which never names 巴中).
    answer = assistant.answer("巴中市“三区叠加”特征明显，如何才能做到精准扶贫？另外，村干部怎样才能确保带头人个个过硬？")
    assert "确保带头人个个过硬" in answer.answer


def test_a_refusal_out_of_scope_names_the_document_searched(assistant):
    answer = assistant.answer("人民日报那篇文章里说山西选派了多少名第一书记？")
    assert answer.refusal_reason == "out_of_scope" and "《抓好党建,才能下好“绣花”功夫》" in answer.explanation


@pytest.mark.parametrize("question", ["巴中累计投入的3.1亿元里，有多少用在了产业发展上？",
                                      "巴中699个贫困村里已经有多少个退出了贫困村序列？",
                                      # …确定软弱涣散村党组织2494个,派出2650个工作组… counts the teams, not the turned.
                                      "山西2494个软弱涣散村党组织现在已经整顿转化了多少个？"])
def test_a_part_of_a_whole_the_documents_only_total_is_refused(assistant, question):
    # The question's own figure (3.1亿元, 699个) answers nothing, and no breakdown follows it in the documents.
    answer = assistant.answer(question)
    assert answer.refused and answer.refusal_reason == "type_absent"


def test_a_part_stated_after_its_whole_answers(assistant):
    answer = assistant.answer("2018年山西确定的2494个软弱涣散村党组织中，派出了多少个工作组？")
    assert not answer.refused and answer.short_answer == "2650个"


def test_several_is_not_a_question_that_cuts_a_question_in_two(assistant):
    answer = assistant.answer("老百姓办事要跑好几个地方，昌都是怎么解决的？")
    assert not answer.refused and "一站式服务" in answer.answer


def test_a_count_given_in_the_sentence_after_its_subject_answers(assistant):
    # …实施“农村干部学历提升工程”…。2018年秋季试点,有29个县(市、区)共招录学员2149名
    answer = assistant.answer("山西有多少个县参加了农村干部学历提升工程的试点？")
    assert not answer.refused and answer.short_answer == "29个"


def test_a_date_in_the_sentence_after_its_subject_does_not_answer_when_it_began(assistant):
    # 去年招录的398名选调生… follows 从省市县选派9973名干部到乡镇挂职: it does not say when the secondments began.
    assert assistant.answer("山西从省市县选派干部到乡镇挂职，什么时候开始？").refused


@pytest.mark.parametrize("question", ["刘桂珍是谁？", "王明花是谁？"])
def test_a_question_about_a_named_person_is_answered_with_what_the_documents_say_of_them(assistant, question):
    # Short and naming one thing, yet no follow-up; and 是谁 of a person asks who they are, not for a body.
    answer = assistant.answer(question)
    assert not answer.refused and "最美村干部" in answer.answer


def test_a_person_the_documents_never_name_is_refused_by_name(assistant):
    answer = assistant.answer("张三是谁？")
    assert answer.refused and answer.refusal_reason == "name_absent"


def test_three_places_joined_are_three_parts(sample_index):
    analysis = analyze("巴中、昌都和山西分别是怎么加强基层党组织建设的？", sample_index)
    assert [p.part_label for p in analysis.parts] == ["巴中", "昌都", "山西"]
    assert all(p.entities == [p.part_label] for p in analysis.parts)


def test_one_figure_is_no_short_answer_for_two_places(assistant):
    answer = assistant.answer("巴中的贫困发生率和山西的集体经济破零情况怎么样？")
    assert not answer.refused and answer.short_answer is None


@pytest.mark.parametrize(("question", "figure"), [("巴中选派了5000名干部驻村，对吗？", "3654名"),
                                                  ("昌都支教的干部是200名吗？", "100名")])
def test_a_yes_no_question_checking_a_wrong_figure_is_answered_with_the_documents_figure(assistant, question, figure):
    answer = assistant.answer(question)
    assert not answer.refused and figure in answer.answer


def test_a_yes_no_question_about_a_year_the_documents_never_name_is_refused(assistant):
    answer = assistant.answer("巴中2021年是不是实现了全部脱贫？")
    assert answer.refused and answer.refusal_reason == "name_absent"


@pytest.mark.parametrize("question", ["新时代讲习所是什么？", "党员积分管理怎么搞？"])
def test_a_practice_the_documents_only_list_is_refused_with_the_mention_shown(assistant, question):
    answer = assistant.answer(question)
    assert answer.refused and answer.refusal_reason == "content_absent"
    assert "好经验好做法" in "".join(c.span for c in answer.retrieved[:3])


def test_a_count_in_the_sentence_after_a_sentence_saying_all_the_question_answers(assistant):
    # 连续8年开展“领头雁”培训…。去年,连续举办34期…,对5400余名…进行了集中轮训: the second says the same and the count.
    answer = assistant.answer("山西领头雁培训培训了多少人？")
    assert not answer.refused and answer.short_answer == "5400余名"


@pytest.mark.parametrize("question", ["省委组织部长叫什么名字？", "领头雁培训在哪里举办？", "全省组织系统电视电话会议是哪天开的？"])
def test_a_name_a_venue_or_a_day_the_documents_never_give_is_refused(assistant, question):
    # The speech writes XXX for names; the training and the meeting are told of without where or on which day.
    answer = assistant.answer(question)
    assert answer.refused and answer.refusal_reason in ("type_absent", "no_passage")


def test_a_persons_name_asked_is_answered_by_a_name(assistant):
    answer = assistant.answer("山西最美村干部叫什么名字？")
    assert not answer.refused and "刘桂珍" in answer.answer


def test_a_procedure_the_documents_only_mention_is_refused(assistant):
    # 与包扶县签订脱贫攻坚帮扶责任书 says the signing happened, not how it goes.
    answer = assistant.answer("包扶县签订帮扶责任书的具体流程是什么？")
    assert answer.refused and answer.refusal_reason == "type_absent" and "具体流程" in answer.explanation


@pytest.mark.parametrize("question", ["山西的第一书记驻村期间有住房补贴吗？", "巴中驻村队员的考核结果和工资挂钩吗？",
                                      "昌都对排名后20%的负责人问责后会撤职吗？"])
def test_a_thing_asked_of_a_present_subject_must_be_mentioned(assistant, question):
    # The passages on the first secretaries' funds, the team assessments and the bottom 20% say nothing of housing,
    # pay or dismissal: quoting them would answer something else.
    answer = assistant.answer(question)
    assert answer.refused and answer.refusal_reason == "type_absent" and "方面的说法" in answer.explanation


@pytest.mark.parametrize(("question", "stated"), [("山西的第一书记驻村满两年能提拔吗？", "两年"),
                                                 ("巴中的驻村工作队员干满一年能回原单位吗？", "一年")])
def test_a_yes_no_question_on_a_stated_length_of_time_needs_a_passage_saying_it(assistant, question, stated):
    # Shanxi's 提拔使用情况 and Bazhong's 每年不低于2.5万元 say nothing of what two years, or one, in the village bring.
    answer = assistant.answer(question)
    assert answer.refused and answer.refusal_reason == "type_absent" and stated in answer.explanation


def test_how_well_something_went_said_before_a_question_is_its_subject_not_a_part(assistant, sample_index):
    question = "乡镇干部包村干得怎么样，跟什么挂钩？"
    assert not analyze_question(question, sample_index).parts
    answer = assistant.answer(question)
    assert not answer.refused and "与干部的职级晋升、职务调整直接挂钩" in answer.answer


def test_the_sentence_quoted_is_one_mentioning_the_thing_asked(assistant):
    # 保持贫困县乡党政正职稳定… shares more of the question's words; only 这是一条刚性纪律 says what the 纪律 is.
    answer = assistant.answer("中央对贫困县党政正职定了什么刚性纪律？")
    assert not answer.refused and "不脱贫不调整、不摘帽不调离" in answer.answer and "稳定性连续性" not in answer.answer


@pytest.mark.parametrize(("question", "year"), [("山西前年确定了多少个软弱涣散村党组织？", "前年"),
                                               ("山西前年招录的选调生有多少人？", "前年"),
                                               ("山西去年选派了多少名科技副县长？", "去年")])
def test_a_year_said_relative_to_now_needs_a_passage_saying_it(assistant, question, year):
    # 2018年…2494个 and 去年招录的398名选调生 are not what 前年 brought; the passage on the 44名 科技副县长 says 去年
    # only of the 选调生, so the sentence that would be quoted does not say it.
    answer = assistant.answer(question)
    assert answer.refused and answer.refusal_reason == "type_absent" and year in answer.explanation


def test_a_thing_asked_is_mentioned_by_a_word_the_decision_counts_as_near(assistant):
    # 既追究第一书记责任,也追究帮扶单位…主要领导的责任 answers 担责 (the decision model's soft band).
    answer = assistant.answer("第一书记帮扶没干好，派他来的单位领导也要担责吗？")
    assert not answer.refused and "追究帮扶单位" in answer.answer


def test_a_figure_question_whose_answer_would_quote_no_figure_is_refused(assistant):
    # The passage holds 100名 (支教); the sentence on the programme asked about holds no count of trainees.
    answer = assistant.answer("昌都新区管委会重点产业人才培训项目培训了多少人？")
    assert answer.refused and answer.refusal_reason == "type_absent"


def test_two_common_words_jieba_calls_a_name_are_no_name(assistant):
    # jieba's dictionary tags 宣传教育 as a person's name; the documents say 宣传思想教育.
    answer = assistant.answer("昌都用什么法子给农牧民群众做宣传教育？")
    assert not answer.refused and "喜闻乐见" in answer.answer


def test_a_count_after_a_sentence_on_the_subject_must_say_something_of_the_question(assistant):
    # …拿出1065个职位用于补充乡镇公务员…。招录的500名选调生中…: 500名 is not how many were admitted to those posts.
    assert assistant.answer("山西的1065个乡镇公务员职位最后录取了多少人？").refused


def test_a_figure_the_question_restates_sets_the_scene_and_does_not_pick_the_sentence(assistant):
    # The sentence restating 10009名 covers more of the question than the one with 1万元, which holds what is asked.
    answer = assistant.answer("山西选派的10009名第一书记每年有多少工作经费？")
    assert not answer.refused and answer.short_answer == "1万元"


def test_items_asked_by_their_number_need_a_passage_listing_that_many(assistant):
    # The Shanxi report names “实绩考核10项措施” without listing them: its sentence is no list of ten.
    answer = assistant.answer("山西贫困县领导干部实绩考核的10项措施具体是哪10项？")
    assert answer.refused and answer.refusal_reason == "type_absent"


@pytest.mark.parametrize(("question", "short", "doc"), [
    ("讲山西深度融合的那篇报道是哪家报纸发的？", "乡村干部报", SHANXI),
    ("昌都“三三四”模式那篇报道的记者是谁？", "陈志强", "002_2ab6596263cc6e8e.txt"),
    ("人民日报那篇评论是哪天发表的？", "2017-03-31", PEOPLES_DAILY),
    ("人民日报那篇评论的标题是什么？", "抓好党建,才能下好“绣花”功夫", PEOPLES_DAILY),
])
def test_a_fact_of_the_document_itself_is_answered_from_its_header(assistant, question, short, doc):
    from eval.metrics import faithfulness

    answer = assistant.answer(question)
    assert not answer.refused and answer.short_answer == short
    (citation,) = answer.citations
    assert citation.doc_id == doc and short in citation.header and citation.span == ""
    assert faithfulness(answer) == 1.0  # the header line is what the answer quotes


def test_a_header_without_the_fact_asked_is_a_refusal_naming_it(assistant):
    answer = assistant.answer("那篇讲话的作者是谁？")  # the speech's page names no author
    assert answer.refused and answer.refusal_reason == "type_absent" and "作者" in answer.explanation


def test_the_name_of_a_regulation_is_answered_by_its_title(assistant):
    answer = assistant.answer("山西的选调生到村当大学生村官的管理办法叫什么名字？")
    assert not answer.refused and answer.short_answer == "《山西省选调生到村担任大学生村官管理办法(试行)》"


@pytest.mark.parametrize("question", ["昌都市脱贫攻坚指挥部的总指挥是谁？",  # 指挥部 names the body, not who leads it
                                      "人民日报那篇评论里巴中的驻村工作队一共有多少个？"])  # 699个 counts 贫困村
def test_a_role_or_count_the_documents_only_seem_to_give_is_refused(assistant, question):
    answer = assistant.answer(question)
    assert answer.refused and answer.refusal_reason == "type_absent"


def test_a_follow_up_asking_whom_an_act_is_of_gets_its_object(assistant):
    answer = assistant.answer("对谁进行轮训？", history=["山西的“领头雁”培训连续开展了几年？"])
    assert not answer.refused and answer.short_answer == "农村“两委”主干特别是贫困村党组织书记"


@pytest.mark.parametrize("question", ["山西每个督导组有几名干部？",  # 42名干部,组成7个督导组: no per-group count
                                      "讲话里说充分肯定我省工作的中央领导同志是谁？"])  # restates, names no one
def test_a_figure_per_named_group_or_a_person_only_restated_is_refused(assistant, question):
    answer = assistant.answer(question)
    assert answer.refused and answer.refusal_reason == "type_absent"


def test_a_question_saying_what_the_speech_says_is_scoped_to_the_speech(assistant, sample_index):
    # 讲话说的… (no 里/中) points at the speech as 讲话里说 does: Bazhong's and Shanxi's 经费 do not answer it.
    assert analyze("讲话说的村级组织办公经费每年是多少？", sample_index).scope == (SPEECH,)
    answer = assistant.answer("讲话说的村级组织办公经费每年是多少？")
    assert answer.refused and answer.refusal_reason == "type_absent"


def test_a_part_naming_another_place_is_not_held_to_the_other_parts_document(assistant):
    answer = assistant.answer("讲话里要求第一书记在村待多久？山西对不住村的第一书记怎么处理？")
    assert not answer.refused and "通报批评" in answer.answer and answer.citations[0].doc_id == SHANXI


@pytest.mark.parametrize("question", ["第一书记驻村期间生病了怎么办？", "山西的科技副县长挂职期满后怎么安排？"])
def test_what_to_do_in_a_case_the_documents_never_state_is_refused(assistant, question):
    answer = assistant.answer(question)
    assert answer.refused and answer.refusal_reason == "type_absent" and "时的做法" in answer.explanation


def test_what_to_do_in_a_case_the_documents_state_is_answered(assistant):
    answer = assistant.answer("讲话说新当选的村干部培训提升后还是不行的怎么办？")
    assert not answer.refused and "也要换人" in answer.answer


def test_how_often_is_answered_by_the_period_of_the_act_asked(assistant):
    answer = assistant.answer("山西省市县三级多久对农村“两委”主干轮训一次？")
    assert not answer.refused and answer.short_answer == "每年"  # not the 8年 of 连续8年开展
    assert assistant.answer("巴中的驻村工作队员多久轮换一次？").refused  # 每年…核算经费 says nothing of 轮换


def test_how_something_turned_out_is_answered_only_by_an_outcome_of_it(sample_index):
    from assistant.question.holds import states_an_outcome

    teams = analyze("巴中选派了多少名党员干部组建驻村工作队，那他们后来干得怎么样？", sample_index)
    assert teams.outcome
    assert not states_an_outcome(teams, "选派3654名党员干部组建脱产驻村帮扶工作队,对口帮扶699个贫困村。")
    assert not states_an_outcome(teams, "过去5年,巴中贫困发生率下降14个百分点,降到7.65%。")  # an outcome of 巴中, not of them
    assert states_an_outcome(teams, "驻村工作队帮扶的贫困村已经全部脱贫。")
    mood = analyze("讲话里说“干”的氛围怎么样了？", sample_index)
    assert states_an_outcome(mood, "一是“干”的氛围更加浓厚。")


def test_what_to_do_asks_nothing_of_a_word_for_rules(sample_index, assistant):
    # 怎么办 asks; its 办 is no content word, or every 办法 (考核办法, 管理办法) would look on the subject.
    assert "办" not in analyze("对扶贫业绩突出的干部怎么办？", sample_index).terms
    answer = assistant.answer("昌都对扶贫业绩突出的干部怎么办，对连续三年排名靠后的又怎么办？").answer
    assert answer.startswith("对扶贫业绩突出的干部,在符合干部选任条例的前提下,优先提拔重用") and "问责追究" in answer
