"""Prompts live as files in prompts/ (package data, so an installed wheel has them too); each is loaded once and its
placeholders checked."""

from __future__ import annotations

import string
from functools import cache
from importlib.resources import files

from core.errors import CadreError

PROMPTS_DIR = files("prompts")
# The placeholders each prompt must use, no more and no less.
PLACEHOLDERS: dict[str, set[str]] = {
    "answer": {"question", "passages", "valid_ids", "refusal"},
    "condense": {"history", "question"},
    "judge": {"passages", "answer"},
    "quiz": {"type_name", "fact", "title", "passage"},
    "quiz_judge": {"type_name", "stem", "options", "answer", "passage"},
    "devgen_answerable": {"title", "passage"},
    "devgen_unanswerable": {"title", "passage"},
}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@cache
def load_prompt(name: str) -> str:
    path = PROMPTS_DIR / f"{name}.md"
    template = path.read_text(encoding="utf-8")
    found, expected = placeholders(template), PLACEHOLDERS.get(name)
    if expected is not None and found != expected:
        raise CadreError(f"prompt {path} uses {sorted(found)}, expected {sorted(expected)}",
                         help_message=f"提示词文件 {path.name} 的占位符不正确")
    return template


def render_prompt(name: str, **values: str) -> str:
    return load_prompt(name).format(**values)
