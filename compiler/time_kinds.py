"""What a time column's name or values say it records, before any model is read: a birth date,
a load or audit stamp, a validity bound or a creation time (kind_by_name), and a column every
row of which holds the same moment, written by a migration or a load (stamped_at_once).

A leaf module (imports only compiler.naming, compiler.calendar and the IR): the pass
classify_time_columns decides TimeDimension.kind from these, and the profiler reads the same
ones to leave such stamps out of a snapshot's grain, so the two agree on every column.

Names are read as words, in English, German, French, Spanish, Portuguese and Italian, by stems
(`modif` finds modified, modification, modifie, modifica; `creat` finds created, creation,
datecreated).
"""

from __future__ import annotations

from functools import lru_cache

from compiler.calendar import moment
from compiler.naming import words
from ir.catalog import ColumnProfile

# Words naming a column (or a table) as months, in the languages names are read in (BIRD's
# `yearmonth.Date`, monat, mes, mois, mese, maand, Norwegian mnd).
MONTH_WORDS = frozenset({"month", "months", "yearmonth", "yyyymm", "ym", "monat", "mes", "mois", "mese", "maand", "mnd"})
# Words naming a column as the period a row is for (SDMX's TIME_PERIOD, a REF_PERIOD, a
# Berichtszeitraum, periodo): a year or a quarter written as such, and kept as six digits
# (201301), a month. One class, read by both the month and the period readings.
PERIOD_WORDS = frozenset({"period", "periode", "periodo", "zeitraum", "berichtszeitraum", "referenzzeitraum"})

# (kind, stems); the first kind with a stem inside one of the name's words wins.
_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("birth", ("birth", "geburt", "nacim", "naiss", "nascim", "nascita")),
    ("load", ("loaded", "etl", "ingest", "synced", "extracted", "imported", "batch", "geladen", "carga", "chargement",
              "fivetran", "airbyte", "stitch", "dbt", "landed", "sdc")),
    ("audit", ("updat", "modif", "changed", "edited", "touched", "deleted", "archived", "geaend", "aender", "andert",
               "aktualis", "actualiz", "atualiz", "alterac", "revised", "rowversion", "modstamp", "sysend", "sysstart", "audit")),
    ("validity", ("valid", "effective", "expir", "gultig", "gueltig", "vigen", "vigueur", "validez")),
    ("created", ("creat", "inserted", "insert", "erstell", "angeleg", "creac", "cread", "creaz", "criac", "criad",
                 "registered", "signup", "joined", "hire", "einstell", "contratac", "embauch", "assunz")),
)
# Whole words, too short or too common to find inside other words: `load_ts`, `date_maj`, `fecha_alta`.
_WORDS = {"load": "load", "sdc": "load", "eff": "validity", "edit": "audit", "mtime": "audit", "maj": "audit", "ctime": "created", "cree": "created",
          "alta": "created", "dob": "birth", "born": "birth", "write": "audit"}
# A whole word above that opens a business event's name with the word after it: a write-off (or a
# write-down) is an accounting event, where a row's last `write` (Odoo's `write_date`) is its edit.
_NOT_BEFORE = {"write": frozenset({"off", "down", "offs", "downs"})}
_SAME_MOMENT_ROWS = 20  # a table needs this many rows before "all stamped at once" means anything


@lru_cache(maxsize=1 << 14)
def kind_by_name(name: str) -> tuple[str, str] | None:
    ws = words(name)
    for i, w in enumerate(ws):
        if w in _WORDS and not (i + 1 < len(ws) and ws[i + 1] in _NOT_BEFORE.get(w, ())):
            return _WORDS[w], w
    for kind, stems in _STEMS:
        for w in ws:
            for stem in stems:
                # Long stems may stand inside a glued word (datecreated, lastupdate); short ones start it.
                if stem in w if len(stem) >= 5 else w.startswith(stem):
                    return kind, stem
    return None


# The tools that copy rows into a warehouse, as they name the columns they add (Fivetran's
# _fivetran_synced, Airbyte's _airbyte_extracted_at, Stitch's _sdc_batched_at, dlt's _dlt_load_id).
# Airbyte's _ab_cdc_updated_at has the leading underscore; `ab` alone is an A/B test's (ab_test_loaded_at).
LOADER_WORDS = frozenset({"fivetran", "airbyte", "stitch", "sdc", "dlt", "meltano", "hevo", "rivery"})


def loader_stamp(name: str) -> bool:
    """A loader's own stamp: a load time named by a loading tool, or with the leading underscore
    loaders mark their columns with. It says when the row was copied, never when anything in it
    happened; a load time a business names itself (a batch's date, goods imported) is not one."""
    found = kind_by_name(name)
    if found is None or found[0] != "load":
        return False
    return name.startswith("_") or bool(set(words(name)) & LOADER_WORDS)


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
