"""Numbered programme names and whether a text spells them out (assistant/programmes.py)."""

from __future__ import annotations

import pytest

from assistant.programmes import enumerated_items, programme_asked, programmes_in


@pytest.mark.parametrize("text", [
    "集中开展基层组织选优配强、整顿建强、服务聚强“三大行动”。",  # its items before it
    "立足组织优势\n夯实精准扶贫“三大基础”\n健全组织体系,扩大覆盖面。",  # a heading over its paragraphs
    "做到“三个坚持”,确保各项任务落地见效。一是坚持“带头抓”以上率下。二是坚持“抓书记”传导压力。",  # 一是… after it
    "按照“三个走遍”要求,我带头走遍全省的贫困县,市级党委组织部长要走遍贫困乡镇,县级党委组织部长要走遍贫困村。",
    "推行“四项制度”：民主议事、村务公开、财务审计、群众监督。",  # explained after a colon
])
def test_a_programme_spelled_out_in_the_shapes_these_documents_use(text):
    assert all(programmes_in(text).values()) and programmes_in(text)


@pytest.mark.parametrize("text", [
    "下步整顿怎样抓,关键是坚持抓乡促村,落实兰考“六步工作法”,压实责任、落实责任。",
    "各地创造了党员积分管理、新时代讲习所、“三组一评”等好经验。",  # an item of a list, not a list
    "严格落实“四大责任”和“三项制度”,推动工作落实;签订“责任书”,建立责任体系。",  # 责任 twice is not four items
    "提出了“八个抓严抓实”的要求。吹响了集结号。全会强调要统一要求。会议指出,一要提高站位。",  # 统一要求; a list
    # three sentences on is another one
])
def test_a_programme_only_named_is_not_spelled_out(text):
    assert not any(programmes_in(text).values())


def test_two_counts_joined_are_a_programme_too_but_not_a_length_of_time():
    assert programmes_in("督促他们“五天四夜”在村在岗,聚焦“三山一滩”深度贫困地区,坚持“三有三带”标准。") == {
        "三山一滩": False, "三有三带": False}
    assert programmes_in("单位包村、领导包带和工作队到村、党员干部到户、第一书记到岗的“两包三到”联动帮扶机制") == {
        "两包三到": True}
    assert programmes_in("集中力量实施“1+6”扶贫工程,集中开展基层组织选优配强“三大行动”。")["1+6"] is False


def test_a_double_is_a_programme_of_two_spelled_out_by_two_joined_before_it():
    assert programmes_in("坚持帮扶单位和第一书记“双签”脱贫攻坚责任书") == {"双签": True}
    assert programmes_in("结合“双报到”“走基层”“党员志愿服务”等实践活动,帮助解决产业发展、就医上学、饮水出行、危房改造等"
                         "生产生活方面的具体困难。") == {"双报到": False}


def test_the_items_after_a_programme_are_its_numbered_opening_sentences():
    text = "做到“三个坚持”,确保落地见效。一是坚持“带头抓”。领导带头。二是坚持“抓书记”。清单制度。三是坚持“抓考核”。督导。"
    assert [text[s:e] for s, e in enumerated_items(text, "三个坚持")] == [
        "一是坚持“带头抓”。", "二是坚持“抓书记”。", "三是坚持“抓考核”。"]
    assert enumerated_items("落实“六步工作法”。三是抓考核。", "六步工作法") == []  # not in order from 一


@pytest.mark.parametrize(("question", "asked"), [
    ("兰考“六步工作法”是哪些步骤?", "六步工作法"),
    ("‘八个抓严抓实’的具体内容是什么？", "八个抓严抓实"),
    ("八个抓严抓实的具体内容？", "八个抓严抓实"),
    ("什么是三个走遍", "三个走遍"),
    ("三大行动指的是啥", "三大行动"),
    ("为了落实六步工作法要做什么", ""),
    ("巴中的“五个一”帮扶力量责任体系是哪五个一？", "五个一"),  # the name's noun between it and the asking
    ("讲话里说的“三有三带”标准具体指什么？", "三有三带"),
    ("三大行动是怎么评的？", "三大行动"),  # how it works, with any verb
    ("三大行动有哪些成效？", ""),  # what it achieved, not what it is
    ("六步工作法是什么时候提出的", ""),
    ("三大行动搞完以后老百姓的收入涨了百分之几？", ""),
    ("“双报到”是指向哪两个地方报到？", "双报到"),  # its items asked by their number
    ("“双报到”活动是哪一年开始的？", ""),
    ("“五个一”帮扶力量里第一个“一”指什么？", "五个一"),  # an item asked by its ordinal
    ("巴中的“1+6”扶贫工程里的“6”指的是什么？", "1+6"),  # the items one of its numbers stands for
    ("“1+6”扶贫工程里的干部有多少？", ""),
])
def test_which_programme_a_question_asks_the_content_of(question, asked):
    assert programme_asked(question, ["六步工作法", "八个抓严抓实", "三个走遍", "三大行动", "五个一", "三有三带",
                                      "双报到", "1+6"]) == asked


def test_practices_only_listed_once_are_names_never_explained():
    from assistant.programmes import listed_only

    texts = ["各地结合实际积极探索,创造了党员积分管理、“党建+产业扶贫”、新时代讲习所、“三组一评”等好经验好做法。",
             "要采取集中办班、观摩交流、传帮带等形式,加强培训。",  # 等形式 closes no list of named practices
             "新时代讲习所每月开讲一次。"]
    assert listed_only(texts) == {"党员积分管理", "党建+产业扶贫", "三组一评"}  # 新时代讲习所 is explained elsewhere


@pytest.mark.parametrize(("question", "asked"), [
    ("党员积分管理怎么搞？", "党员积分管理"), ("党建+产业扶贫是怎么做的？", "党建+产业扶贫"),
    ("党员积分管理怎么样？", ""),  # how it is going, not what it is
    ("讲话里说的“党员积分管理”是干什么的？", "党员积分管理"), ("党建+产业扶贫是干啥的？", "党建+产业扶贫"),  # what it does
])
def test_asking_how_a_named_practice_is_done_asks_its_content(question, asked):
    assert programme_asked(question, ["党员积分管理", "党建+产业扶贫"]) == asked
