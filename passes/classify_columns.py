"""Column roles: key, dimension or measure candidate, from keys, relationships, types and names.

Names are split into words first (compiler.naming.words), so the rules hold for customer_id,
CustomerId, CUSTOMER_ID and "Customer Id" alike.
"""

from __future__ import annotations

from compiler.pipeline import Context, State
from ir.provenance import Provenance
from compiler.naming import words

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


# One shared (frozen) provenance per rule rather than one per column.
_FOREIGN_KEY = Provenance.inferred(NAME, "foreign_key", 1.0, ["column of a relationship"])
_PRIMARY_KEY = Provenance.inferred(NAME, "primary_key", 1.0, ["primary key column"])
_IDENTIFIER = Provenance.inferred(NAME, "identifier_name", 0.8, ["the name ends like an identifier"])
_NUMERIC_VALUE = Provenance.inferred(NAME, "numeric_value", 0.7, ["a numeric type, and neither a key nor a code by its name"])


def run(state: State, ctx: Context) -> None:
    fk_columns: dict[str, set[str]] = {}
    for rel in state.model.relationships:
        fk_columns.setdefault(rel.from_.table_key, set()).update(rel.from_.columns)
    no_fks: set[str] = set()
    for entity in state.model.entities:
        fks = fk_columns.get(entity.table.key, no_fks)
        pk = set(entity.primary_key)
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
                _set(dim, "role", "key")
                dim.provenance = _PRIMARY_KEY
            elif dim.data_type in KEY_TYPES and is_identifier_name(col):
                _set(dim, "role", "key")
                dim.provenance = _IDENTIFIER
            elif dim.data_type in NUMERIC and not is_label_number(col):
                _set(dim, "role", "measure")
                dim.provenance = _NUMERIC_VALUE
            else:
                _set(dim, "role", "dimension")


def _set(obj, attr: str, value) -> None:
    if getattr(obj, attr) != value:
        setattr(obj, attr, value)
