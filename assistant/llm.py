"""Chat models from settings. Optional: without ``CADRE_LLM_PROVIDER`` nothing here is imported."""

from __future__ import annotations

import os

from core.errors import CadreError
from core.settings import Settings


class LLMError(CadreError):
    default_help = "大模型服务不可用，已改用摘录式回答。"


def make_chat_model(settings: Settings):
    """A langchain chat model for ``settings.llm_provider``."""
    if settings.llm_provider == "openai":
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:
            raise LLMError("langchain-openai is not installed",
                           help_message="使用大模型需要安装可选依赖：pip install -e '.[llm]'") from exc
        if not settings.llm_base_url or not settings.llm_model:
            raise LLMError("llm_base_url and llm_model are required",
                           help_message="请设置 CADRE_LLM_BASE_URL 和 CADRE_LLM_MODEL")
        return ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model, api_key=settings.llm_api_key,
                          timeout=settings.llm_timeout, max_retries=settings.llm_max_retries,
                          temperature=settings.llm_temperature)
    if settings.llm_provider == "llamacpp":
        try:
            from langchain_community.chat_models import ChatLlamaCpp
        except ImportError as exc:
            raise LLMError("llama-cpp-python is not installed",
                           help_message="使用本地 GGUF 模型需要安装可选依赖：pip install -e '.[llm]'") from exc
        if not settings.llm_model:
            raise LLMError("llm_model must be a GGUF path", help_message="请把 CADRE_LLM_MODEL 设为 GGUF 文件路径")
        # llama.cpp would otherwise use half the cores; on our 2-core machines that doubles the time.
        return ChatLlamaCpp(model_path=settings.llm_model, temperature=settings.llm_temperature, n_ctx=4096,
                            n_threads=os.cpu_count() or 2, n_batch=512, max_tokens=256, verbose=False)
    raise LLMError(f"unknown provider {settings.llm_provider}")
