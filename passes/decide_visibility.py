"""Which fields are shown (Field_.hidden), and which are left out of the model altogether.

- A column classified as a secret (secret.password, secret.token, secret.api_key) is left out of
  the semantic model, so no target shows, selects or stages it; AN008 reports each one. A person
  who wants it anyway sets `hidden: false` on it in mb.yaml. A secret that keys its table or a
  join (a session token its events refer to) stays, hidden: without it the joins have nothing to
  join on and the model nothing to be consistent with.
- A foreign key is hidden: it is navigated through its join, and alone it is an opaque number or
  code; one written in words (a category's name) is the label itself, and stays.
- A value column (role measure: an amount, a quantity, a price) is hidden: people aggregate it
  through its measures; the field stays for the measures' SQL. A whole number of few values on
  many rows of a dimension (children 0..5, cars owned 0..4 on ten thousand customers) stays
  shown: people group the things by it as well.
- Raw bytes (pictures, documents) are hidden: no BI tool groups or filters on them; so is text
  whose every value is a markup document (`<goal><value>...</value></goal>`, a match's events
  kept as XML): each value is a document of its own, to be parsed, not a label.
- A JSON document (a json or jsonb column, or text whose every value is a JSON object or array:
  Wide World Importers' `CustomFields`) and a shape on the map (a geography or geometry column,
  or text whose every value is Well-Known Text, `POINT(-122.4 37.7)`) are hidden: a structure to
  parse or a shape to draw, not a label to group by. So is a nested column (a STRUCT, MAP, LIST or
  ARRAY: an analytics export's `device` record or `event_params` list): its fields are read or its
  items unnested, and grouped by whole it is one long text per row.
- A row stamp (a rowguid many tables carry, different on every row) that keys nothing is hidden.
- A time every row shares to the minute (Sakila's `last_update`, written by one load or
  migration) is hidden: it tells nothing of any row. Edit times with spread (`updated_at`) stay:
  hand-written models keep them as time dimensions.
- A government or financial identifier of a person (pii.national_id, pii.credit_card,
  pii.bank_account) is hidden: no one groups or browses by a social security number, and shown it
  is one click from an export. Other personal data (pii.*) stays visible; its sensitivity is on
  the field for targets to flag.
- A partition of a table that is itself in the model is hidden: people query the parent.
- A column holding one value on every row of a table of 100 rows or more, read whole
  (`EmployeeCount` 1, `Over18` 'Y', TPC-C's `c_credit_lim` 50000.00), is hidden: nothing to group
  or filter by. The least and greatest values agreeing prove it where the distinct count is an
  estimate (PostgreSQL's statistics on a big table). A column empty on every row stays: models
  are written against the schema, and the next load may fill it (a hand-written insurance model
  keeps a fire claim's `InsuredLocation`, empty in its data).
- Filler text (TPC-C's `c_data`, `s_data`, the `s_dist_01` .. `s_dist_10` series: random letters
  and digits, 12 to 500 of them) is hidden: most values different, every value at least 12
  characters, and the least and greatest values each one unbroken run of letters and digits with
  letters past `f` (no space, no punctuation: no word, name, address, sentence, URL, e-mail or
  path; a hexadecimal digest or identifier is looked up and stays). Descriptions, comments, names
  and addresses break into words and stay shown, however long and unique.

A field a person hid or showed in mb.yaml keeps that.
"""

from __future__ import annotations

import re

from compiler.diagnostics import AN008
from compiler.pipeline import Context, State
from compiler.time_kinds import loader_stamp, stamped_at_once
from compiler.value_words import IDENTIFIER_WORDS, words
from ir.catalog import Column, Table
from ir.provenance import Provenance
from ir.semantic import Dimension, Entity, TimeDimension
from passes.decide_additivity import is_bucket
from passes.infer_primary_keys import row_stamps

NAME = "decide_visibility"
_WHY = {
    "foreign_key": "a foreign key: navigated through its join",
    "value": "a value: aggregated through its measures",
    "binary": "raw bytes: nothing to group or filter on",
    "markup": "every value a markup document (XML, HTML): a document to parse, not a label to group by",
    "document": "a JSON document: a structure to parse, not a label to group by",
    "nested": "a nested record or list (STRUCT, LIST, ARRAY, MAP): its fields are read or its items unnested, it is not grouped by whole",
    "shape": "a shape on the map (a point, a border): drawn on a map, not grouped by",
    "audit": "every row holds the same moment (a load or migration stamp): nothing to group or filter on",
    "loader": "when a loading tool copied the row (_fivetran_synced): the pipeline's, no moment of the business",
    "partition": "a partition of a table in the model: queried through its parent",
    "identity_document": "a person's government or financial identifier: nothing to group by, and not to be browsed",
    "secret_key": "a secret that keys its table or a join: kept for the join, never shown",
    "row_stamp": "a stamp many tables carry, different on every row (a rowguid): it names its row, nothing to group by",
    "constant": "one value on every row of a table read whole: nothing to group, filter or tell rows apart by",
    "filler": "random letters and digits, long and mostly different on each row (a benchmark's filler): no word to group by",
}
# Rows enough that one value on all of them is the column's nature (EmployeeCount 1, StandardHours
# 80 on 1,470 employees), not a handful that happen to agree.
CONSTANT_ROWS = 100
_IDENTITY_DOCUMENTS = {"pii.national_id", "pii.credit_card", "pii.bank_account"}
_HIDDEN = {rule: Provenance.inferred(NAME, rule, 0.9, [why]) for rule, why in _WHY.items()}


def _human(p: Provenance | None) -> bool:
    return p is not None and p.origin == "human"


def _secret(f: Dimension | TimeDimension) -> bool:
    return (f.sensitivity or "").startswith("secret.")


def _hidden_rule(f: Dimension | TimeDimension, entity: Entity, table: Table | None) -> str | None:
    if not isinstance(f, Dimension):
        # A stamp every row shares (a load or a migration) tells nothing; an edit time may.
        col = table.column(f.column) if table is not None and f.column and not f.expr else None
        stamp = f.kind in ("audit", "load") and col is not None and stamped_at_once(col.profile, table.row_count)
        if stamp:
            return "audit"
        return "loader" if f.kind == "load" and f.column and loader_stamp(f.column) else None
    if f.sensitivity in _IDENTITY_DOCUMENTS:
        return "identity_document"
    if f.foreign_key and f.column not in entity.primary_key and not _written_in_words(table.column(f.column) if table and f.column else None):
        return "foreign_key"
    if f.data_type == "binary":
        return "binary"
    if f.data_type == "json":
        return "document"
    if f.data_type in ("struct", "array"):
        return "nested"
    if f.data_type == "geography":
        return "shape"
    col = table.column(f.column) if table is not None and f.column and not f.expr else None
    if f.role == "measure":
        # A whole number of few values on a table that lists things (a customer's children 0..5,
        # cars owned 0..4) is what people group the things by as well as add up: shown.
        if entity.role == "dimension" and col is not None and is_bucket(f, col.profile, entity.row_count):
            return None
        return "value"
    if col is not None and f.role != "key" and _read_whole(table) and _constant(col, table):
        return "constant"
    if col is not None and f.data_type == "string" and f.role != "key" and _filler(col, table):
        return "filler"
    if col is not None and f.data_type == "string" and f.role != "key" and _markup(col):
        return "markup"
    if col is not None and f.data_type == "string" and f.role != "key":
        return _document(col)
    return None


_JSON = re.compile(r"^\s*(\{\s*(\"|\})|\[)")
_WKT = re.compile(r"^\s*(SRID=\d+;\s*)?(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION)"
                  r"(\s+(Z|M|ZM))?\s*(\(|EMPTY)", re.I)


def _document(col: Column) -> str | None:
    """`document` where every value is a JSON object or array kept as text (its least and greatest
    value both open one of the same kind and close it: every value between them, sorted as text,
    opens one too);
    `shape` where every value is a shape written as Well-Known Text (`POINT(-122.4 37.7)`,
    `POLYGON((...))`): a geography column loaded without a spatial type."""
    p = col.profile
    if p is None or p.min is None or p.max is None:
        return None
    lo, hi = str(p.min).strip(), str(p.max).strip()
    if _JSON.match(lo) and _JSON.match(hi) and lo[0] == hi[0] and lo[-1:] == hi[-1:] == {"{": "}", "[": "]"}[lo[0]]:
        return "document"
    if _WKT.match(lo) and _WKT.match(hi) and lo.endswith(")") and hi.endswith(")"):
        return "shape"
    return None


_TAG = re.compile(r"<[A-Za-z_][\w.:-]*[\s/>]")
# Longer than a tag alone: a document, not a code written in angle brackets (<NA>).
MARKUP_LENGTH = 40


def _markup(col: Column) -> bool:
    """Every value a markup document: the least and the greatest value both open with a tag (so
    does every value between them, sorted as text), the least closes with '>', and they are long on
    average (a match's events as XML: 13 to 2,959 characters)."""
    p = col.profile
    if p is None or p.min is None or p.max is None or (p.avg_length or 0) < MARKUP_LENGTH:
        return False
    lo, hi = str(p.min).strip(), str(p.max).strip()
    return bool(_TAG.match(lo) and _TAG.match(hi)) and lo.endswith(">")


def _read_whole(table: Table | None) -> bool:
    return table is not None and (table.row_count or 0) >= CONSTANT_ROWS and (table.profile is None or table.profile.sample is None)


def _cut(value) -> bool:
    """A text value the profiler cut short (a long one ends in '…'): two such may differ past the cut."""
    return isinstance(value, str) and value.endswith("…")


def _constant(col: Column, table: Table) -> bool:
    """One value on every row: an exact distinct count of 1, or the least and greatest values,
    counted over the whole table, equal (the distinct count an estimate)."""
    p = col.profile
    if p is None or p.null_count:
        return False
    exact_one = p.distinct_count == 1 and p.distinct_exact is not False
    bounds_agree = p.null_count == 0 and p.min is not None and p.min == p.max and not _cut(p.min)
    return exact_one or bounds_agree


# Filler: every value at least this long, and most of the non-null values different.
FILLER_MIN_LENGTH = 12
FILLER_DISTINCT = 0.5
_RUN = re.compile(r"[A-Za-z0-9]+")
_PAST_HEX = re.compile(r"[g-zG-Z]")


def _filler(col: Column, table: Table | None) -> bool:
    """Random letters and digits (a benchmark's filler: TPC-C's `c_data`, `s_dist_01`): every value
    FILLER_MIN_LENGTH characters or more, most values different, and the least and greatest value
    (less the profiler's cut mark) each one run of letters and digits holding a letter past `f`.
    A description, a name, an address or a comment breaks into words (spaces, punctuation) and is
    no filler however long and unique; a hexadecimal digest or identifier (0-9, a-f) is looked up,
    and so is a column named as an identifier (`vin`, `iban`, `tracking_number`: IDENTIFIER_WORDS)."""
    p = col.profile
    if p is None or p.redacted or p.min is None or p.max is None or not p.distinct_count or p.min_length is None:
        return False
    named = words(col.name)
    if named and named[-1] in IDENTIFIER_WORDS:  # a VIN, an IBAN, a tracking number: identifiers
        return False
    if p.min_length < FILLER_MIN_LENGTH or any(p.patterns.get(k) for k in ("email", "url", "uuid")):
        return False
    if table is None or not table.row_count or p.null_count is None:
        return False
    lo, hi = (str(v).removesuffix("…") for v in (p.min, p.max))
    if not all(_RUN.fullmatch(v) and _PAST_HEX.search(v) for v in (lo, hi)):
        return False
    return p.distinct_count >= FILLER_DISTINCT * (table.row_count - p.null_count) > 0


_WORDS = re.compile(r"[^\W\d_]{2,}(?:[ _'-][^\W\d_]+)*")


def _written_in_words(col: Column | None) -> bool:
    """A reference whose values are names people read (a product's category, `cama_mesa_banho`,
    `beleza_saude`; a country's name): the label itself, shown, where a number or a code (US,
    DME, A17) is navigated through its join. A reference that finds no row (a category missing
    from the translations) is then still shown as written."""
    p = col.profile if col is not None and col.data_type == "string" else None
    values = [str(v.value) for v in p.top_values] if p is not None else []
    worded = [v for v in values if _WORDS.fullmatch(v) and not v.isupper()]
    return len(values) >= 3 and len(worded) >= 0.8 * len(values) and sum(map(len, worded)) >= 6 * len(worded)


def _keys(state: State) -> set[tuple[str, str]]:
    """(table key, column) of every primary key and relationship end: columns a join needs."""
    keys = {(e.table.key, c) for e in state.model.entities for c in e.primary_key}
    for r in state.model.relationships:
        keys.update((r.from_.table_key, c) for c in r.from_.columns)
        keys.update((r.to.table_key, c) for c in r.to.columns)
    return keys


def run(state: State, ctx: Context) -> None:
    names = {e.name for e in state.model.entities}
    tables = {t.key: t for t in state.snapshot.tables}
    keys = _keys(state)
    stamps = row_stamps(state.snapshot.tables)
    for entity in state.model.entities:
        table = tables.get(entity.table.key)
        if entity.role == "partition" and entity.role_of in names and not entity.hidden:
            entity.hidden = True
        for kind in ("dimensions", "time_dimensions"):
            kept = []
            for f in getattr(entity, kind):
                secret = _secret(f) and not (_human(f.hidden_provenance) and not f.hidden)
                where = f"{entity.table.key}.{f.column or f.name}"
                if secret and (entity.table.key, f.column) in keys:
                    ctx.diags.report(AN008, f"{f.sensitivity} column {f.column} kept hidden, not left out: it keys its table "
                                     "or a join", where)
                    f.hidden, f.hidden_provenance = True, _HIDDEN["secret_key"]
                    kept.append(f)
                    continue
                if secret:
                    ctx.diags.report(AN008, f"{f.sensitivity} column {f.column or f.name} left out of the model: no target shows "
                                     "a secret (set hidden: false on it in mb.yaml to keep it)", where)
                    continue
                kept.append(f)
                if _human(f.hidden_provenance):
                    continue
                rule = _hidden_rule(f, entity, table)
                if rule is None and (f.column or "").lower() in stamps and (entity.table.key, f.column) not in keys:
                    rule = "row_stamp"
                hidden = rule is not None
                # Written only when they change: a pydantic attribute write costs more than the test.
                if f.hidden != hidden:
                    f.hidden = hidden
                prov = _HIDDEN[rule] if rule else None
                if f.hidden_provenance is not prov:
                    f.hidden_provenance = prov
            if len(kept) != len(getattr(entity, kind)):
                setattr(entity, kind, kept)
