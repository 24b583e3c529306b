"""One typed settings object: every field a CADRE_* variable and a flag of every command, flags first."""

from __future__ import annotations

import argparse

import pytest

from core.settings import Settings, settings_from_args, settings_parent


def test_every_field_is_a_flag_of_every_command():
    from ui.cli import build_parser

    flags = {"--" + name.replace("_", "-") for name in Settings.model_fields}
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in ("ask", "ingest", "eval", "quiz", "docs", "chat"):
        options = set(commands[name]._option_string_actions)
        assert flags <= options, (name, sorted(flags - options))


def test_flags_win_over_variables_which_win_over_defaults(monkeypatch):
    parser = argparse.ArgumentParser(parents=[settings_parent()])
    assert settings_from_args(parser.parse_args([])).top_k == Settings.model_fields["top_k"].default
    monkeypatch.setenv("CADRE_TOP_K", "7")
    monkeypatch.setenv("CADRE_RETRIEVER", "bm25")
    settings = settings_from_args(parser.parse_args(["--top-k", "3"]))
    assert (settings.top_k, settings.retriever) == (3, "bm25")
    assert settings_from_args(parser.parse_args(["--log-questions", "false"])).log_questions is False


def test_settings_do_not_change_after_they_are_made():
    settings = Settings()
    with pytest.raises(ValueError):
        settings.top_k = 3
    assert settings.model_copy(update={"top_k": 3}).top_k == 3 and settings.top_k != 3
