"""One way for a page handler to fail: a ``CadreError`` anywhere in it becomes one Chinese line on its tab."""

from __future__ import annotations

import functools
from collections.abc import Callable

from core.errors import CadreError


def one_line_failure(fill: Callable[[str], object]):
    """Decorate a page handler: a ``CadreError`` raised anywhere in it returns ``fill(line)`` — the tab's outputs with
    the error's help message where the tab shows its status — instead of Gradio's generic error box. Gradio still
    sees the handler's own signature (``gr.Request``, ``gr.Progress``), which ``functools.wraps`` keeps."""

    def decorate(handler):
        @functools.wraps(handler)
        def run(*args, **kwargs):
            try:
                return handler(*args, **kwargs)
            except CadreError as exc:
                return fill(f"出错了：{exc.help_message}")

        return run

    return decorate
