"""Soft-deleted rows (Entity.row_filters): rows a table keeps after they were deleted, marked by a
column, left out at the entity's base so no measure, count or join sees them.

Loaders keep deleted rows with a mark (Fivetran's `_fivetran_deleted`, Airbyte's
`_ab_cdc_deleted_at`, Stitch's `_sdc_deleted_at`), and so do applications (`is_deleted`,
Salesforce's `IsDeleted`, `deleted_at`, `eliminado`, `geloescht`). A column is such a mark when
both its name and its values say so:

- its name is a word for deleted, after at most a loader's prefix or a verb (`is`, `ist`, `es`)
  and, for a time, before `at`/`on`/`date`/`time` (`deleted_count`, `is_deletable` are not);
- a flag (true/false, a whole number holding only 0 and 1, or text holding only truth words:
  'Y'/'N', 'true'/'false', 'S'/'N', 'J'/'N', '1'/'0') is true on one row at least and false
  (or '') or NULL on one row at least; a text flag is compared as text, with the one spelling of
  true its rows hold; a time is NULL on most rows and set on one at least.
  A mark never set changes no number on the rows profiled and may be a column the application
  never uses: no filter, until a snapshot shows a deleted row.
  A mark set on every row is no soft delete (a table of deleted things);
- the table holds something besides it and its keys (the mark is not the table's only purpose).

The mark's field is hidden (it is the filter now, every row shown holds the same value) and so is
counted by no flag measure. A person's `hidden: false` on it in mb.yaml shows it again; the filter
stays. A person's `row_filters` in mb.yaml (passes.apply_overrides) is the table's whole list in
place of what this pass finds; `[]` keeps every row. Needs the profile: a table never profiled
gets no filter.
"""

from __future__ import annotations

from compiler.naming import words
from compiler.pipeline import Context, State
from compiler.value_words import DELETE_FLAG_WORDS, DELETE_WORDS, DELETED_WORDS, FALSE_TEXTS, FALSE_WORDS, TRUE_TEXTS, TRUE_WORDS
from compiler.types import TIME_TYPES, normalize_type
from ir.catalog import Column, Table
from ir.provenance import Provenance
from ir.semantic import RowFilter
from passes.text_values import held_as_text

NAME = "soft_deletes"

# Words before the mark: a loader's prefix (_fivetran_, _ab_cdc_, _sdc_) or a verb (is_deleted).
PREFIX_WORDS = frozenset({"fivetran", "ab", "cdc", "sdc", "airbyte", "stitch", "is", "ist", "es", "est", "esta", "row", "record", "soft"})
# Words after the mark of a time (deleted_at, deleted_on, DeletedDate).
TIME_SUFFIXES = frozenset({"at", "on", "date", "time", "ts", "timestamp", "datetime"})
# Columns a loader adds to every table it writes: no business content of their own.
LOADER_PREFIXES = ("_fivetran_", "_airbyte_", "_ab_", "_sdc_", "_stitch_", "_dlt_")


def _named(column: str, time: bool) -> bool:
    ws = list(words(column))
    if time and len(ws) > 1 and ws[-1] in TIME_SUFFIXES:
        ws = ws[:-1]
    while len(ws) > 1 and ws[0] in PREFIX_WORDS:
        ws = ws[1:]
    if not time and len(ws) == 2 and ws[1] in DELETE_FLAG_WORDS and ws[0] in DELETE_WORDS | DELETED_WORDS:
        return True  # delete_status, del_flag, deleted_flag: a flag of deletion (its values must still be a flag's)
    return len(ws) == 1 and ws[0] in DELETED_WORDS


def _rows(table: Table) -> int | None:
    if table.profile is not None and table.profile.rows is not None:
        return table.profile.rows
    return table.row_count


def _true(value) -> bool:
    text = str(value).strip().lower()
    if value is True or text in TRUE_TEXTS:
        return True
    try:  # a 0/1 number's top value may read 1.0 (a REAL flag, a driver's decimal)
        return float(text) == 1
    except ValueError:
        return False


def _deleted_value(col: Column) -> bool | int | None:
    """The value marking a deleted row (True, or 1 for a 0/1 number) when the column is a flag set
    on one row at least and not set (false, 0 or NULL) on one at least; else None."""
    p = col.profile
    if p is None or p.redacted:
        return None
    if col.data_type == "boolean":
        counts = [(v.value, v.count) for v in p.top_values]
        if counts:
            set_on = any(_true(v) and c for v, c in counts)
            unset = any(not _true(v) and c for v, c in counts)
        elif p.min is not None and p.max is not None:  # no values kept: the least and the greatest tell
            set_on, unset = _true(p.max), not _true(p.min)
        else:
            return None
        return True if set_on and (unset or bool(p.null_count)) else None
    if col.data_type == "integer" and p.min is not None and p.max is not None:
        if {str(p.min), str(p.max)} <= {"0", "1"} and str(p.max) == "1" and (str(p.min) == "0" or p.null_count):
            return 1
    return None


# The words a flag kept as text holds ('Y'/'N', 'true'/'false', 'S'/'N', 'J'/'N', '1'/'0'), lower case.
_TRUE_TEXT = (TRUE_TEXTS | TRUE_WORDS) - {"\x01"}
_FALSE_TEXT = (FALSE_TEXTS | FALSE_WORDS) - {"\x00"}


def _kept_as_text(col: Column, dialect: str | None) -> bool:
    """The source keeps the column as text, whatever type normalize_types reads its values as
    ('Y'/'N' read as a true/false, '1'/'0' as a number): a condition on it compares text. SQLite
    keeps what a row was given whatever the declared type: a BOOLEAN whose profile read text
    ('Y'/'N') holds text, and `NOT "is_deleted"` would read 'Y' as true and drop nothing."""
    declared = normalize_type(col.type, dialect)
    read_text = col.profile is not None and col.profile.min_length is not None
    return declared == "string" or held_as_text(col, dialect) or (read_text and (declared == "unknown" or dialect == "sqlite"))


def _text_deleted_value(col: Column) -> str | None:
    """The text marking a deleted row ('Y', 'true', '1'), as the rows hold it, when the column
    holds text truth values and nothing else (every value profiled; '' reads as unset, as NULL
    does), one spelling of true on one row at least and false, '' or NULL on one at least; else
    None. Two spellings of true ('Y' and 'y') leave it unfiltered: one text compared would keep
    the other's deleted rows."""
    p = col.profile
    if p is None or p.redacted or not p.top_values or p.distinct_count is None:
        return None
    counted = [(v.value, v.count) for v in p.top_values if v.count and v.value is not None]
    if p.distinct_count > len(counted):  # values no one saw: the column may hold anything
        return None
    true, unset = set(), bool(p.null_count)
    for value, _ in counted:
        text = str(value).strip().lower()
        if text in _TRUE_TEXT:
            true.add(str(value))
        elif text in _FALSE_TEXT or text == "":
            unset = True
        else:
            return None
    return true.pop() if len(true) == 1 and unset else None


def _mostly_null(col: Column, rows: int | None) -> bool:
    """A time NULL on most rows and set on one at least."""
    p = col.profile
    if p is None or not rows or p.null_count is None:
        return False
    return rows / 2 < p.null_count < rows


def _other_content(table: Table, mark: str, keys: set[str]) -> bool:
    """The table holds a column besides the mark, its keys and what loaders add."""
    return any(c.name != mark and c.name not in keys and not c.name.lower().startswith(LOADER_PREFIXES) for c in table.columns)


def row_filter(table: Table, col: Column, dialect: str | None = None) -> RowFilter | None:
    """The filter the column makes, if it marks soft-deleted rows (the module's rules); `dialect`
    tells the type the source keeps it as."""
    rows = _rows(table)
    if col.data_type in TIME_TYPES:
        if not _named(col.name, time=True) or not _mostly_null(col, rows):
            return None
        why = f"{col.name} is named for a deletion time and is NULL on {col.profile.null_count} of {rows} rows"
        return RowFilter(column=col.name, kind="timestamp",
                         provenance=Provenance.inferred(NAME, "deleted_time", 0.9, [why, "a row with a time there is deleted"]))
    if not _named(col.name, time=False):
        return None
    deleted = _text_deleted_value(col) if _kept_as_text(col, dialect) else _deleted_value(col)
    if deleted is None:
        return None
    shown = "true" if deleted is True else repr(deleted) if isinstance(deleted, str) else str(deleted)
    why = f"{col.name} is named for a deleted mark and is {shown} on some rows, not on others"
    return RowFilter(column=col.name, kind="flag", deleted_value=deleted,
                     provenance=Provenance.inferred(NAME, "deleted_flag", 0.9, [why, f"a row where it is {shown} is deleted"]))


def _human(p: Provenance | None) -> bool:
    return p is not None and p.origin == "human"


def run(state: State, ctx: Context) -> None:
    for entity in state.model.entities:
        table = state.snapshot.table(entity.table.key)
        if table is None:
            continue
        keys = set(entity.primary_key) | {c for fk in table.foreign_keys for c in fk.columns}
        keys |= {c for r in state.model.relationships if r.from_.table_key == entity.table.key for c in r.from_.columns}
        if not _human(entity.row_filters_provenance):  # mb.yaml's list (even an empty one) is the whole list
            found = [f for col in table.columns
                     if _other_content(table, col.name, keys) and (f := row_filter(table, col, state.snapshot.source.dialect)) is not None]
            kept = [f for f in entity.row_filters if _human(f.provenance)]
            entity.row_filters = kept + [f for f in found if f.column not in {k.column for k in kept}]
        for f in entity.row_filters:
            field = entity.field_for_column(f.column)
            if field is not None and not _human(field.hidden_provenance) and not field.hidden:
                field.hidden, field.hidden_provenance = True, _HIDDEN


_HIDDEN = Provenance.inferred(NAME, "deleted_mark", 0.9, ["marks soft-deleted rows: the entity's filter, the same on every row left"])
