"""What each time column records (TimeDimension.kind): business, created, audit, load, validity,
birth or other.

Names are read as words, in English, German, French, Spanish, Portuguese and Italian, by stems
(`modif` finds modified, modification, modifie, modifica; `creat` finds created, creation,
datecreated), and data overrules a name that says nothing: a column whose values are all the same
moment (a migration or load stamp) is an audit column whatever it is called. choose_time_axes
never takes an audit, load or birth column as a business time axis.
"""

from __future__ import annotations

from functools import lru_cache

from compiler.calendar import moment
from compiler.naming import words
from compiler.pipeline import Context, State
from ir.catalog import ColumnProfile
from ir.provenance import Provenance
from ir.semantic import TimeDimension
from passes.value_kinds import profiles

NAME = "classify_time_columns"

# (kind, stems); the first kind with a stem inside one of the name's words wins.
_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("birth", ("birth", "geburt", "nacim", "naiss", "nascim", "nascita")),
    ("load", ("loaded", "etl", "ingest", "synced", "extracted", "imported", "batch", "geladen", "carga", "chargement",
              "fivetran", "airbyte", "stitch", "dbt", "landed", "sdc")),
    ("audit", ("updat", "modif", "changed", "edited", "touched", "deleted", "archived", "geaend", "aender", "andert",
               "aktualis", "actualiz", "atualiz", "alterac", "revised", "rowversion", "sysend", "sysstart", "audit")),
    ("validity", ("valid", "effective", "expir", "gultig", "gueltig", "vigen", "vigueur", "validez")),
    ("created", ("creat", "inserted", "insert", "erstell", "angeleg", "creac", "creaz", "criac", "criad",
                 "registered", "signup", "joined", "hire", "einstell", "contratac", "embauch", "assunz")),
)
# Whole words, too short or too common to find inside other words: `load_ts`, `date_maj`, `fecha_alta`.
_WORDS = {"load": "load", "sdc": "load", "eff": "validity", "edit": "audit", "mtime": "audit", "maj": "audit", "ctime": "created", "cree": "created",
          "alta": "created", "dob": "birth", "born": "birth"}
_SAME_MOMENT_ROWS = 20  # a table needs this many rows before "all stamped at once" means anything


@lru_cache(maxsize=1 << 14)
def kind_by_name(name: str) -> tuple[str, str] | None:
    ws = words(name)
    for w in ws:
        if w in _WORDS:
            return _WORDS[w], w
    for kind, stems in _STEMS:
        for w in ws:
            for stem in stems:
                # Long stems may stand inside a glued word (datecreated, lastupdate); short ones start it.
                if stem in w if len(stem) >= 5 else w.startswith(stem):
                    return kind, stem
    return None


def stamped_at_once(p: ColumnProfile | None, rows: int | None) -> bool:
    """Every non-null value within one minute of the others, on a table big enough to tell:
    the moment a migration or a load wrote the rows, not when anything happened."""
    if p is None or rows is None or rows < _SAME_MOMENT_ROWS:
        return False
    if (p.null_count or 0) > rows / 2:
        return False
    if p.distinct_count is not None and p.distinct_count <= 1:
        return True
    lo, hi = moment(p.min), moment(p.max)
    if lo is None or hi is None:
        return False
    try:
        return abs((hi - lo).total_seconds()) <= 60
    except TypeError:  # one aware, one naive
        return False


def classify(t: TimeDimension, profile: ColumnProfile | None, rows: int | None) -> tuple[str, str, str]:
    """(kind, rule, why) for one time column."""
    if t.semantic_type == "birth_date" or (t.sensitivity or "").endswith("birth_date"):
        return "birth", "birth_date", "a birth date"
    by_name = kind_by_name(t.column or t.name)
    if by_name is not None and by_name[0] in ("birth", "load", "audit"):
        return by_name[0], f"{by_name[0]}_name", f"the name says {by_name[0]} ({by_name[1]!r})"
    if stamped_at_once(profile, rows):
        return "audit", "same_moment", "every row holds the same moment: a load or migration stamp"
    if by_name is not None:
        return by_name[0], f"{by_name[0]}_name", f"the name says {by_name[0]} ({by_name[1]!r})"
    return "business", "business_time", "a date or time of something that happened"


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    cache: dict[tuple, Provenance] = {}
    for entity in state.model.entities:
        table = tables.get(entity.table.key)
        rows = table.row_count if table is not None else None
        found = profiles(table) if entity.time_dimensions else {}
        for t in entity.time_dimensions:
            if t.kind_provenance is not None and t.kind_provenance.origin == "human":
                continue
            kind, rule, why = classify(t, found.get(t.column or ""), rows)
            key = (rule, why)
            if key not in cache:
                cache[key] = Provenance.inferred(NAME, rule, 0.9 if rule != "business_time" else 0.6, [why])
            t.kind = kind  # type: ignore[assignment]
            t.kind_provenance = cache[key]
