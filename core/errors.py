"""One error root for the project; the CLI and the page turn it into one clear line."""

from __future__ import annotations


class CadreError(Exception):
    """Base of every error we raise on purpose.

    ``help_message`` is a sentence in Chinese for the user: what went wrong and what to do.
    """

    default_help = "操作失败。"

    def __init__(self, message: str, *, help_message: str | None = None) -> None:
        super().__init__(message)
        self.help_message = help_message or self.default_help


class EmbeddingModelError(CadreError):
    default_help = "向量模型无法加载。"


class DocumentError(CadreError):
    default_help = "文件无法读取。"


class IndexStoreError(CadreError):
    default_help = "索引无法使用。"
