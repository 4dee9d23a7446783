"""Column roles: key, dimension or measure candidate, from keys, relationships, types and names.

Names are split into words first (compiler.naming.words), so the rules hold for customer_id,
CustomerId, CUSTOMER_ID and "Customer Id" alike.
"""

from __future__ import annotations

from compiler.pipeline import Context, State
from ir.catalog import Column, Table
from ir.provenance import Provenance
from compiler.naming import words
from passes.value_kinds import key_names

NAME = "classify_columns"
NUMERIC = {"integer", "decimal", "float"}
KEY_TYPES = NUMERIC | {"string", "uuid"}

# Last word of an identifier column: customer_id, order_key, user_uuid, CustomerGUID.
ID_WORDS = {"id", "key", "uuid", "guid", "pk", "fk", "sk", "oid"}
# Numbers that label rather than count: codes, ordinals, calendar parts, phone numbers.
LABEL_WORDS = {
    "code", "zip", "zipcode", "postal", "postcode", "phone", "fax", "number", "no", "num", "nbr", "year",
    "month", "day", "week", "quarter", "hour", "minute", "rank", "level", "seq", "sequence", "position",
    "index", "idx", "version", "ordinal", "sort", "flag", "status", "type", "category", "class",
    "latitude", "longitude", "lat", "lon", "lng", "zone", "region", "floor", "room", "ext",
    "extension", "priority", "tier", "grade", "step", "stage", "line", "bit",
}
FLAG_PREFIXES = {"is", "has", "can", "should", "was", "allow", "enable", "enabled"}


def is_identifier_name(name: str) -> bool:
    w = words(name)
    if not w:
        return False
    # The identifier word may come first: id_cliente, IdOrder.
    return w[-1] in ID_WORDS or w[0] in ("id", "uuid", "guid")


def is_label_number(name: str) -> bool:
    w = words(name)
    return bool(w) and (w[-1] in LABEL_WORDS or w[0] in FLAG_PREFIXES or bool({"zip", "postal", "phone", "sort"} & set(w)))


def qualified_heads(table: Table) -> dict[str, str]:
    """Names that end with the whole name of a text column beside them, read as their head words
    of that column: DOT_ID_Reporting_Airline beside Reporting_Airline is the DOT id of the
    reporting airline, Flight_Number_Reporting_Airline its flight number (an identifier and a
    label, whatever the name's last words say)."""
    texts = [ws for c in table.columns if c.data_type == "string" and (ws := words(c.name))]
    out: dict[str, str] = {}
    for c in table.columns:
        ws = words(c.name)
        for t in texts:
            if len(ws) > len(t) and ws[-len(t):] == t:
                out[c.name] = "_".join(ws[:-len(t)])
                break
    return out


# One shared (frozen) provenance per rule rather than one per column.
_FOREIGN_KEY = Provenance.inferred(NAME, "foreign_key", 1.0, ["column of a relationship"])
_PRIMARY_KEY = Provenance.inferred(NAME, "primary_key", 1.0, ["primary key column"])
_IDENTIFIER = Provenance.inferred(NAME, "identifier_name", 0.8, ["the name ends like an identifier"])
_CODE = Provenance.inferred(NAME, "coded_identifier", 0.75, ["named like an identifier, a few values repeated over many rows, "
                                                              "and no table it refers to: a code people group by"])
_KEY_CATEGORY = Provenance.inferred(NAME, "key_category", 0.75, ["text of a few values repeated over many rows, one part of a "
                                                                  "compound key, named as no identifier and referring to no "
                                                                  "table: a category people group by (a title held from a date)"])
_NUMERIC_VALUE = Provenance.inferred(NAME, "numeric_value", 0.7, ["a numeric type, and neither a key nor a code by its name"])


# An identifier of at most this many values, each on CODE_ROWS_PER_VALUE rows or more on average, that
# refers to no table (a post's PostTypeId 1..5 over ten thousand posts) names a kind of row by a code
# whose table was left out: grouped by, like a status, not a key to join on.
CODE_VALUES = 20
CODE_ROWS_PER_VALUE = 10


def is_code(column: Column | None, rows: int | None) -> bool:
    p = column.profile if column is not None else None
    return (p is not None and p.distinct_exact is not False and bool(p.distinct_count) and 2 <= p.distinct_count <= CODE_VALUES
            and bool(rows) and rows >= CODE_ROWS_PER_VALUE * p.distinct_count)


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    # A column named as another table's key, or a part of one, refers to it, found or not (a
    # listing_id whose join was not inferred): never a code of its own.
    referenced = key_names(state.model)
    keys = referenced | {c.lower() for e in state.model.entities for c in e.primary_key}
    fk_columns: dict[str, set[str]] = {}
    for rel in state.model.relationships:
        fk_columns.setdefault(rel.from_.table_key, set()).update(rel.from_.columns)
    no_fks: set[str] = set()
    for entity in state.model.entities:
        fks = fk_columns.get(entity.table.key, no_fks)
        pk = set(entity.primary_key)
        table = tables.get(entity.table.key)
        head = qualified_heads(table) if table is not None else {}
        for dim in entity.dimensions:
            if dim.provenance is not None and dim.provenance.origin == "human":
                continue
            col = dim.column or dim.name
            # Attributes are written only when they change: a pydantic attribute write costs
            # more than the comparison, and most columns keep their defaults.
            if col in fks:
                _set(dim, "role", "key")
                _set(dim, "foreign_key", True)
                dim.provenance = _FOREIGN_KEY
            elif col in pk:
                if len(pk) > 1 and _key_category(dim, col, table, referenced):
                    _set(dim, "role", "dimension")
                    dim.provenance = _KEY_CATEGORY
                else:
                    _set(dim, "role", "key")
                    dim.provenance = _PRIMARY_KEY
            elif dim.data_type in KEY_TYPES and (is_identifier_name(col) or is_identifier_name(head.get(col, col))):
                if (dim.data_type in ("integer", "string") and table is not None and col.lower() not in keys
                        and is_code(table.column(col), table.row_count)):
                    _set(dim, "role", "dimension")
                    dim.provenance = _CODE
                else:
                    _set(dim, "role", "key")
                    dim.provenance = _IDENTIFIER
            elif dim.data_type in NUMERIC and not is_label_number(col) and not is_label_number(head.get(col, col)):
                _set(dim, "role", "measure")
                dim.provenance = _NUMERIC_VALUE
            else:
                _set(dim, "role", "dimension")


def _key_category(dim, col: str, table, referenced: frozenset[str]) -> bool:
    """A text part of a compound key that is a category, not an identifier: few values, each on
    many rows (`titles` keyed by employee, title and start date: six titles over thousands of rows),
    named as no identifier and no other table's key. The key still holds it; people group by it."""
    return (dim.data_type == "string" and table is not None and not is_identifier_name(col) and col.lower() not in referenced
            and is_code(table.column(col), table.row_count))


def _set(obj, attr: str, value) -> None:
    if getattr(obj, attr) != value:
        setattr(obj, attr, value)
