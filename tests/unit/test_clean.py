"""Each cleaning rule, checked on the real sample documents."""

from __future__ import annotations

import re

import pytest

from ingest.clean import clean_text
from ingest.documents import load_document
from ingest.normalize import (
    detect_script,
    normalize_text,
    normalize_width,
    strip_pinyin_annotations,
    to_simplified,
    to_traditional,
)
from tests.conftest import SAMPLE_CORPUS, SAMPLE_FILES


@pytest.fixture(scope="module")
def docs():
    return {name: load_document(SAMPLE_CORPUS / name, doc_id=name) for name in SAMPLE_FILES}


def raw(name: str) -> str:
    return (SAMPLE_CORPUS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("銳評(píng)", "銳評"),
        ("精準(zhǔn)脫貧", "精準脫貧"),
        ("戰(zhàn)斗堡壘（lěi）", "戰斗堡壘"),
        ("村(居)兩委", "村(居)兩委"),
        ("管理办法(试行)", "管理办法(试行)"),
        ("人民日?qǐng)?bào)", "人民日报"),  # the lost 报 of a newspaper's name is restored
        ("日?qǐng)很好", "日很好"),  # any other mangled reading is dropped
        ("GDP(gross)增长", "GDP(gross)增长"),
    ],
)
def test_pinyin_annotations_removed_real_parentheses_kept(before, after):
    assert strip_pinyin_annotations(before) == after


def test_normalization_of_script_and_width():
    assert to_simplified("黨建促脫貧") == "党建促脱贫"
    assert normalize_width("３６５４名ＡＢ") == "3654名AB"
    assert normalize_text("選派3654名黨員幹部(gàn)") == "选派3654名党员干部"
    assert detect_script(raw("004_a928fa1a2d1fd905.txt")) == "traditional"
    assert detect_script(raw("002_2ab6596263cc6e8e.txt")) == "simplified"
    assert detect_script("hello") == "none"
    # OpenCC's 好干 → 好乾 would turn 选好干部 into 選好乾部.
    assert to_traditional("要精准对接扶贫攻坚需求选好干部、配强班子") == "要精準對接扶貧攻堅需求選好幹部、配強班子"
    # …and its 双签 → 雙籤 (drawn lots) where the Shanxi report writes 雙簽 (both sign).
    assert to_traditional("推动全省脱贫攻坚“双签”责任落实") == "推動全省脫貧攻堅“雙簽”責任落實"


def test_no_pinyin_annotations_anywhere(docs):
    for doc in docs.values():
        assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", doc.text), doc.doc_id


def test_indexed_text_is_simplified_and_original_script_recorded(docs):
    assert docs["001_8414d68ae85fe963.txt"].script == "traditional"
    assert docs["004_a928fa1a2d1fd905.txt"].script == "traditional"
    assert docs["000_60c230d7500ffaa4.txt"].script == "simplified"
    for doc in docs.values():
        assert to_simplified(doc.text) == doc.text, doc.doc_id
    assert "选派3654名党员干部组建脱产驻村帮扶工作队" in docs["001_8414d68ae85fe963.txt"].text


@pytest.mark.parametrize(
    "junk",
    ["分享到", "微信公众号", "官方微博", "相关新闻", "相关文章", "您可能关注的文档", "查看更多", "ICP", "版权声明",
     "联系电话", "邮编", "您当前的位置", "首页 >", "首页>", "编辑:", "责编", "责任编辑", "关键词", "35.1K", "Close",
     "本站不保证", "文档介绍", "28365-365.com", "聚焦中央乡村工作会议", "2023稳秋粮"],
)
def test_web_boilerplate_removed(docs, junk):
    for doc in docs.values():
        assert junk not in doc.text, (doc.doc_id, junk)


def test_spam_tail_of_place_names_removed(docs):
    text = docs["004_a928fa1a2d1fd905.txt"].text
    assert "水城县" not in text and "|" not in text
    assert text.rstrip().endswith("对“不称职”的坚决召回。")


def test_related_news_list_and_footer_removed(docs):
    text = docs["000_60c230d7500ffaa4.txt"].text
    assert "恶性抢劫案" not in text and "通佛路" not in text
    assert text.rstrip().endswith("作出表率、走在前列。")


def test_repeated_title_and_page_numbers_removed_from_flattened_speech(docs):
    doc = docs["003_a4f876b9c19c779d.txt"]
    assert doc.text.count("省委组织部长在全省抓党建促脱贫攻坚推进会议上的讲话") == 1
    assert not re.search(r"\s15\s", doc.text)
    assert "XX同志对第二次推进会以来" in doc.text
    assert "形式主义、官僚主义有所抬头" in doc.text
    assert doc.text.rstrip().endswith("做出应有贡献!")


def test_repeated_paragraphs_dropped():
    body = "巴中市始终把干部“挂包驻帮”作为精准扶贫、精准脱贫的重要抓手,压实帮扶责任。"
    cleaned = clean_text(f"标题一\n2017年03月31日 来源:人民日报\n{body}\n另一段正文内容,讲的是另一件事情。\n{body}\n")
    assert cleaned.text.count(body) == 1
    assert cleaned.dropped["duplicate"] == 1


def test_body_text_kept_intact(docs):
    # Every long paragraph of the raw page survives cleaning (after normalization).
    for name, doc in docs.items():
        if name.startswith("003"):
            continue  # flattened: checked through its sentences below
        for line in raw(name).split("\n"):
            line = line.strip()
            if len(line) > 60 and "|" not in line:
                assert normalize_text(line) in doc.text, (name, line[:30])
    speech = docs["003_a4f876b9c19c779d.txt"].text
    for sentence in ["一要坚决保持贫困县乡党政正职稳定。", "每村每两年至少发展1名年轻党员,不断补充新鲜血液。"]:
        assert sentence in speech


@pytest.mark.parametrize(
    ("name", "title", "date", "source", "author"),
    [
        ("000_60c230d7500ffaa4.txt", "为扶贫攻坚凝聚强大的组织力量", "2015-09-14", "巴中日报", "巴中市委组织部研究室"),
        ("001_8414d68ae85fe963.txt", "抓好党建,才能下好“绣花”功夫", "2017-03-31", "人民日报", "冯键"),
        ("002_2ab6596263cc6e8e.txt", "脱贫攻坚党旗红——昌都市“三三四”党建扶贫模式扫描", "2016-10-06", "西藏日报", "陈志强"),
        ("003_a4f876b9c19c779d.txt", "省委组织部长在全省抓党建促脱贫攻坚推进会议上的讲话", None, None, None),
        ("004_a928fa1a2d1fd905.txt", "山西推动党的建设与脱贫攻坚深度融合", "2019-03-29", "乡村干部报", None),
    ],
)
def test_metadata_extracted(docs, name, title, date, source, author):
    doc = docs[name]
    assert (doc.title, doc.date, doc.source, doc.author) == (title, date, source, author)
