"""Checks on text alone: evidence support by n-grams, upload names made safe, prompt placeholders, word matching."""

from __future__ import annotations

import pytest

from assistant.evidence import ngram_support
from assistant.prompts import PLACEHOLDERS, PROMPTS_DIR, load_prompt, placeholders
from assistant.question.text import matchable
from ingest.library import safe_filename


@pytest.mark.parametrize(
    ("sentence", "source", "supported"),
    [
        ("巴中选派3654名党员干部", "县处级以上领导带队、选派3654名黨員幹部组建脱产驻村帮扶工作队", True),
        ("中央拨付五十亿元", "县处级以上领导带队、选派3654名党员干部组建脱产驻村帮扶工作队", False),
    ],
)
def test_ngram_support(sentence, source, supported):
    assert (ngram_support(sentence, [source]) >= 0.6) is supported


@pytest.mark.parametrize(
    ("name", "safe"),
    [("../../x.txt", "x.txt"), ("..\\..\\windows\\evil.md", "evil.md"), ("/etc/passwd.txt", "passwd.txt"),
     (".hidden.txt", "hidden.txt"), ("简报 2021<script>.TXT", "简报_2021_script_.txt"), ("合作社.docx", "合作社.docx")],
)
def test_hostile_names_are_neutralized(name, safe):
    assert safe_filename(name) == safe


def test_prompt_files_use_exactly_their_placeholders():
    for name, expected in PLACEHOLDERS.items():
        assert placeholders(load_prompt(name)) == expected
    assert {p.name.removesuffix(".md") for p in PROMPTS_DIR.iterdir() if p.name.endswith(".md")} >= set(PLACEHOLDERS)
    assert "{refusal}" in load_prompt("answer")


def test_a_word_with_a_bracketed_alternative_is_matched_without_it():
    # 村(居)干部 is a 村干部 and a 居干部; a question says 村干部.
    assert "村干部" in matchable("严格落实好村(居)干部报酬待遇两年内翻一番")
    assert "党组主要领导" in matchable("也追究帮扶单位党组(党委)主要领导的责任")
    assert matchable("没有括号的句子") == "没有括号的句子"
    assert "县共招录" not in matchable("有29个县(市、区、旗)共招录学员")  # longer than an alternative: kept
