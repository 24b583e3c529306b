"""What a reader and an admin see: the management sections are hidden until the page knows its user is an admin.

The handlers behind them check the role again (assistant/users.py ``Access.require_admin``): hiding is for the
reader's sake, the check is for safety.
"""

from __future__ import annotations

import gradio as gr

from assistant.users import NOT_ADMIN


class AdminSections:
    def __init__(self, access) -> None:
        self.access = access
        self.sections: list = []
        self.notes: list = []

    def section(self):
        """A column for admins only (hidden to start with), preceded by the note a reader sees instead."""
        self.notes.append(gr.Markdown(NOT_ADMIN, visible=False))
        column = gr.Column(visible=False)
        self.sections.append(column)
        return column

    def outputs(self) -> list:
        return [*self.sections, *self.notes]

    def show(self, request: gr.Request):
        admin = self.access.role(request) == "admin"
        return (*[gr.update(visible=admin)] * len(self.sections), *[gr.update(visible=not admin)] * len(self.notes))
