"""The answer cache: a JSON file committed next to the snapshot, so compiling offline gives the
same text. Keyed by compiler.llm.prompts.prompt_key; written with sorted keys and a fixed
indent so a re-run that changed one table changes only that table's lines in a diff."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from compiler.output import write_file

CACHE_VERSION = 1


class CacheError(Exception):
    pass


class AnswerCache:
    """Entries: key -> {"model", "table", "answer"}. Thread-safe puts (answers arrive from a pool)."""

    def __init__(self, path: Path | None, entries: dict[str, dict[str, Any]] | None = None):
        self.path = path
        self.entries: dict[str, dict[str, Any]] = dict(entries or {})
        self.dirty = False
        self.writable = True  # False after a failed read: never overwrite what we could not read
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: Path | None) -> "AnswerCache":
        """Raises CacheError for a file that exists but cannot be used."""
        if path is None or not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise CacheError(f"cannot read: {e}") from None
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION or not isinstance(data.get("entries"), dict):
            raise CacheError(f"not an mb LLM cache (version {CACHE_VERSION})")
        return cls(path, data["entries"])

    def get(self, key: str) -> dict[str, Any] | None:
        entry = self.entries.get(key)
        return entry.get("answer") if isinstance(entry, dict) else None

    def put(self, key: str, table: str, model: str, answer: dict[str, Any]) -> None:
        with self._lock:
            # Drop the table's older answers from the same model: the file holds what is current.
            for old in [k for k, e in self.entries.items() if e.get("table") == table and e.get("model") == model and k != key]:
                del self.entries[old]
            self.entries[key] = {"model": model, "table": table, "answer": answer}
            self.dirty = True

    def answers(self) -> dict[str, dict[str, Any]]:
        return {k: e["answer"] for k, e in self.entries.items() if isinstance(e, dict) and "answer" in e}

    def render(self) -> str:
        return json.dumps({"version": CACHE_VERSION, "entries": self.entries}, sort_keys=True, indent=2, ensure_ascii=False) + "\n"

    def save(self) -> None:
        """Atomic replace, so an interrupted run never leaves half a file. Raises OSError."""
        if self.path is None or not self.dirty or not self.writable:
            return
        write_file(self.path, self.render())
        self.dirty = False
