"""Score LLM-generated descriptions against hand-written references, so a change of model or
prompt can be compared with numbers rather than impressions.

    # ask an OpenAI-compatible endpoint (key from $OPENAI_API_KEY, or --api-key-env)
    python -m bench.eval_descriptions --base-url http://127.0.0.1:8000/v1 --model my-model
    # score what a cache already holds, with no network
    python -m bench.eval_descriptions --model my-model --cache bench/results/llm-cache-my-model.json --offline

Scores (docs/llm.md explains them): coverage of tables and columns, length in words, how often
a table's grain and a column's unit are stated, and a token-overlap F1 with the reference.
Only text with `llm` provenance counts: a declared comment is not the model's work.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path
from typing import Any

import yaml

from compiler.api import analyze, snapshot
from compiler.config import Config, LLMSettings
from compiler.diagnostics import Diagnostics
from compiler.profiler import ProfileOptions
from ir.provenance import Text
from ir.semantic import SemanticModel

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "examples" / "chinook" / "chinook.sqlite"
REFERENCE = REPO / "bench" / "data" / "chinook_reference.yaml"

_TOKEN = re.compile(r"[a-z0-9]+")
_GRAIN = re.compile(r"\b(one|each|a single)\s+(row|record|line|entry)\b|\bper\b", re.I)
STOPWORDS = frozenset(
    "a an the of to in on for and or is are be by with as at from that this its it one row per each "
    "which when any such used use uses their his her they there these those has have was were".split()
)


def tokens(text: str) -> list[str]:
    """Lowercase content words, plural 's' stripped: crude, but the same for every run compared."""
    out = []
    for t in _TOKEN.findall(text.lower()):
        if t in STOPWORDS:
            continue
        out.append(t[:-1] if len(t) > 3 and t.endswith("s") and not t.endswith("ss") else t)
    return out


def overlap_f1(generated: str, reference: str) -> float:
    g, r = tokens(generated), tokens(reference)
    if not g or not r:
        return 0.0
    common = sum(min(g.count(t), r.count(t)) for t in set(g))
    if common == 0:
        return 0.0
    precision, recall = common / len(g), common / len(r)
    return 2 * precision * recall / (precision + recall)


def mentions_unit(text: str, units: list[str]) -> bool:
    lower = text.lower()
    return any((u in lower) if not u.isalnum() else re.search(rf"\b{re.escape(u.lower())}\b", lower) is not None for u in units)


def _llm(text: Text | None) -> str | None:
    return text.value if text is not None and text.provenance.origin == "llm" else None


def _column_ref(value: Any) -> tuple[str, list[str]]:
    if isinstance(value, dict):
        units = value.get("unit") or []
        return value["description"], [str(u) for u in (units if isinstance(units, list) else [units])]
    return str(value), []


def score(model: SemanticModel, reference: dict[str, Any]) -> dict[str, Any]:
    entities = {e.table.name: e for e in model.entities}
    t_total = t_covered = c_total = c_covered = 0
    t_words, c_words, t_overlap, c_overlap = [], [], [], []
    grain_stated = grain_match = unit_total = unit_hit = 0
    missing: list[str] = []
    for table, ref in reference["tables"].items():
        t_total += 1
        entity = entities.get(table)
        generated = _llm(entity.description) if entity else None
        ref_text = f"{ref.get('grain', '')} {ref.get('description', '')}".strip()
        if generated:
            t_covered += 1
            t_words.append(len(generated.split()))
            t_overlap.append(overlap_f1(generated, ref_text))
            grain_stated += bool(_GRAIN.search(generated))
            wanted = set(tokens(ref.get("grain", "")))
            grain_match += bool(wanted) and wanted <= set(tokens(generated))
        else:
            missing.append(table)
        for column, cref in (ref.get("columns") or {}).items():
            c_total += 1
            ref_desc, units = _column_ref(cref)
            field = entity.field_for_column(column) if entity else None
            text = _llm(field.description) if field is not None else None
            if units:
                unit_total += 1
                unit_hit += bool(text) and mentions_unit(text or "", units)
            if not text:
                missing.append(f"{table}.{column}")
                continue
            c_covered += 1
            c_words.append(len(text.split()))
            c_overlap.append(overlap_f1(text, ref_desc))

    def mean(xs: list[float]) -> float:
        return round(statistics.fmean(xs), 3) if xs else 0.0

    ref_t_words = [len(f"{r.get('grain', '')} {r.get('description', '')}".split()) for r in reference["tables"].values()]
    ref_c_words = [len(_column_ref(c)[0].split()) for r in reference["tables"].values() for c in (r.get("columns") or {}).values()]
    return {
        "tables": t_total, "columns": c_total,
        "table_coverage": round(t_covered / t_total, 3) if t_total else 0.0,
        "column_coverage": round(c_covered / c_total, 3) if c_total else 0.0,
        "table_words_mean": mean(t_words), "table_words_reference": mean(ref_t_words),
        "column_words_mean": mean(c_words), "column_words_reference": mean(ref_c_words),
        "grain_stated_rate": round(grain_stated / t_covered, 3) if t_covered else 0.0,
        "grain_match_rate": round(grain_match / t_covered, 3) if t_covered else 0.0,
        "unit_rate": round(unit_hit / unit_total, 3) if unit_total else 0.0,
        "table_overlap_f1": mean(t_overlap), "column_overlap_f1": mean(c_overlap),
        "missing": missing,
    }


def render(result: dict[str, Any]) -> str:
    rows = [
        ("model", result["model"]),
        ("tables described", f"{result['table_coverage']:.0%} of {result['tables']}"),
        ("columns described", f"{result['column_coverage']:.0%} of {result['columns']}"),
        ("words per table text", f"{result['table_words_mean']} (reference {result['table_words_reference']})"),
        ("words per column text", f"{result['column_words_mean']} (reference {result['column_words_reference']})"),
        ("grain stated", f"{result['grain_stated_rate']:.0%} (matches the reference grain: {result['grain_match_rate']:.0%})"),
        ("unit named", f"{result['unit_rate']:.0%} of columns that have one"),
        ("token overlap F1", f"tables {result['table_overlap_f1']}, columns {result['column_overlap_f1']}"),
        ("tables answered this run", str(result["answered"])),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", default=str(SOURCE), help="database, DDL or snapshot to describe (default: Chinook)")
    ap.add_argument("--reference", default=str(REFERENCE), help="hand-written reference descriptions (YAML)")
    ap.add_argument("--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1")
    ap.add_argument("--model", default="gpt-4o-mini")
    ap.add_argument("--api-key-env", default="OPENAI_API_KEY", help="environment variable holding the key")
    ap.add_argument("--cache", help="answer cache (default: bench/results/llm-cache-<model>.json)")
    ap.add_argument("--offline", action="store_true", help="score the cache as it is; make no request")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--max-requests", type=int, default=100)
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = ap.parse_args(argv)

    cache = Path(args.cache) if args.cache else REPO / "bench" / "results" / f"llm-cache-{re.sub(r'[^A-Za-z0-9_.-]+', '_', args.model)}.json"
    settings = LLMSettings(enabled=not args.offline, model=args.model, base_url=args.base_url, api_key_env=args.api_key_env,
                           cache=str(cache.resolve()), timeout=args.timeout, concurrency=args.concurrency,
                           max_requests=args.max_requests, progress=not args.json)
    diags = Diagnostics()
    snap = snapshot(args.source, diags=diags, profile=ProfileOptions(enabled=True))
    before = set(json.loads(cache.read_text(encoding="utf-8"))["entries"]) if cache.exists() else set()
    model = analyze(snap, Config(llm=settings), diags, ask_llm=not args.offline)
    after = set(json.loads(cache.read_text(encoding="utf-8"))["entries"]) if cache.exists() else set()
    text = diags.render_text()
    if text:
        print(text, file=sys.stderr)
    reference = yaml.safe_load(Path(args.reference).read_text(encoding="utf-8"))
    result = {"model": args.model, "answered": len(after - before), **score(model, reference)}
    print(json.dumps(result, indent=2, sort_keys=True) if args.json else render(result))
    return 1 if diags.has_errors() else 0


if __name__ == "__main__":
    sys.exit(main())
