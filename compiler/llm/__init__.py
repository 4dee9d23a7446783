"""LLM annotation, the I/O half: prompts built from the IR, the openai client with retries and a
budget, and the committed answer cache. The pure half is passes/annotate_with_llm.py.

    from compiler.llm import annotate, AnswerCache, requests_for
"""

from compiler.llm.annotate import Stats, annotate
from compiler.llm.cache import AnswerCache, CacheError
from compiler.llm.prompts import TableRequest, prompt_key, requests_for

__all__ = ["AnswerCache", "CacheError", "Stats", "TableRequest", "annotate", "prompt_key", "requests_for"]
