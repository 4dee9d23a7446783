"""Primary keys: declared first; then a declared unique key on non-null columns; then the data
(a column the profile shows unique and never null, ranked by its name and position); then names
alone (`id`, `<table>_id`, `<Table>Id`, TPC-H `p_partkey`) with lower confidence; last, composite
keys of a parent reference plus an ordinal (order lines) or of two references (bridge tables).

Each key is also called surrogate (a generated identifier) or natural (values that mean
something), because that changes how a BI tool should show it.
"""

from __future__ import annotations

from compiler.calendar import is_calendar_key
from compiler.chance import numbered_within, repeated_own_identifier, unique_by_chance
from compiler.naming import ORDINAL_WORDS
from compiler.types import TIME_TYPES
from compiler.pipeline import Context, State
from ir.catalog import Column, Table
from ir.evidence import grains_by_table
from ir.provenance import Provenance
from passes.classify_columns import is_identifier_name
from passes.intervals import periods
from passes.view_grain import grouped_key
from passes.join_names import (
    LEADING_ID,
    Parsed,
    expand,
    head_last,
    STRONG_ID,
    SERIES_WORDS,
    WEAK_ID,
    column_prefix,
    column_words,
    common_table_affixes,
    is_abbreviation,
    key_named_for,
    lemmas,
    parse_reference,
    table_signal,
    table_words,
)

NAME = "infer_primary_keys"
KEYABLE = {"integer", "string", "uuid", "decimal", "unknown"}
# In a table this small most columns are unique by chance; uniqueness alone proves little there.
SMALL_TABLE = 20
LOOSE_BUCKET = 64  # tables a name-prefix bucket may hold and still be searched


EVERYWHERE_TABLES = 5  # tables that must carry one column name before it names no table in particular


def _stamp(table: Table, col: Column) -> bool:
    """Different on every row (by the profile of a table big enough to tell), or a UUID."""
    p = col.profile
    if p is None or p.distinct_count is None or (table.row_count or 0) < SMALL_TABLE:
        return col.data_type == "uuid"
    return p.null_count == 0 and p.distinct_count == table.row_count


def _too_small_to_tell(table: Table, col: Column) -> bool:
    """Different on every row of a table too small to tell (a lookup of 12 rows): no evidence
    against a stamp, which a column repeating its values would be."""
    p = col.profile
    return (p is not None and p.distinct_count is not None and (table.row_count or 0) < SMALL_TABLE
            and p.null_count == 0 and p.distinct_count == table.row_count)


def row_stamps(tables: list[Table]) -> frozenset[str]:
    """Lowercased names of row stamps: a column name many tables carry, different on every row of
    each (a rowguid in most AdventureWorks tables, a UUID where nothing was profiled). Each names
    its own row, no table in particular. Tables too small to tell neither prove nor refute it:
    in a fixture of a row or two a table, every column differs on every row."""
    proven: dict[str, int] = {}  # tables big enough to tell where the column differs on every row
    unstamped: set[str] = set()
    for t in tables:
        for c in t.columns:
            name = c.name.lower()
            if _stamp(t, c):
                proven[name] = proven.get(name, 0) + 1
            elif not _too_small_to_tell(t, c):
                unstamped.add(name)
    return frozenset(n for n, k in proven.items() if k >= max(EVERYWHERE_TABLES, len(tables) / 4) and n not in unstamped)


class SchemaNames:
    """Core words and column prefixes of every table, computed once per pass, with an index from
    the words a column name holds to the tables those words could name."""

    def __init__(self, tables: list[Table]):
        strip = common_table_affixes([t.name for t in tables])
        self.core = {t.key: table_words(t.name, strip, matching=True) for t in tables}
        self.everywhere = row_stamps(tables)
        self.prefix = {t.key: column_prefix([c.name for c in t.columns]) for t in tables}
        self.holding: dict[str, set[str]] = {}  # a column name (folded) -> the tables holding one so named
        for t in tables:
            for c in t.columns:
                self.holding.setdefault(c.name.casefold(), set()).add(t.key)
        self.by_joined: dict[str, list[str]] = {}
        self.by_first3: dict[str, list[str]] = {}
        self.by_first: dict[str, list[str]] = {}
        for key, core in self.core.items():
            joined = "".join(core)
            self.by_joined.setdefault(joined, []).append(key)
            if (lemma_joined := "".join(lemmas(core))) != joined:
                self.by_joined.setdefault(lemma_joined, []).append(key)
            self.by_first3.setdefault(joined[:3], []).append(key)
            self.by_first.setdefault(joined[:1], []).append(key)
        self._strength: dict[tuple[str, str, bool], float] = {}
        # Abbreviations the schema teaches: a prefix most of a table's columns share that
        # abbreviates its name (vnd_ in vendors, lfr_ in lieferanten). One table per abbreviation.
        taught: dict[str, list[str]] = {}
        for key, p in self.prefix.items():
            joined = "".join(self.core[key])
            if p and p.isalpha() and p != joined and (is_abbreviation(p, joined) or (len(p) >= 3 and joined.startswith(p))):
                taught.setdefault(p, []).append(key)
        self.learned: dict[str, str] = {p: keys[0] for p, keys in taught.items() if len(keys) == 1}

    def col_words(self, table: Table, column: str) -> tuple[str, ...]:
        return column_words(column, self.prefix[table.key])

    def tables_named_by(self, parsed: Parsed, loose: bool = True) -> set[str]:
        """Tables whose names the column's words could point at (a superset; signals decide).
        loose=False leaves out the one-letter buckets only abbreviations by letters need."""
        out: set[str] = set()
        base = parsed.base
        if not base:
            return out
        expanded = tuple(x for w in base for x in expand(w))
        # The words as written too: the base is singular (sale, person), a table the words glue
        # into keeps the column's plural (salesperson, as PostgreSQL folds SalesPerson).
        written = parsed.words[1:] if parsed.first else parsed.words[:len(base)]
        for seq in (base, expanded, lemmas(base), lemmas(expanded), written):
            for i in range(len(seq)):
                out.update(self.by_joined.get("".join(seq[i:]), ()))
                if parsed.first:
                    out.update(self.by_joined.get("".join(seq[: i + 1]), ()))
        if base[-1] in self.learned:
            out.add(self.learned[base[-1]])
        if out and len(out) <= 8:
            # The words spell a table (or a role of one) out: the looser buckets below (every table
            # starting with the same three letters) add nothing that could beat it, and in numbered
            # schemas they hold hundreds of tables.
            return out
        # Loose buckets: abbreviations and stems. One holding more than LOOSE_BUCKET tables (a
        # hundred numbered customer tables) cannot single one out, and would make the lookup
        # grow with the schema.
        buckets = [self.by_first3.get("".join(base)[:3], ()), self.by_first3.get(base[-1][:3], ())]
        if loose:
            buckets += [self.by_first3.get(w[:3], ()) for w in parsed.words if len(w) >= 4]
            if len(base[-1]) >= 3:
                buckets.append(self.by_first.get(base[-1][:1], ()))
        for bucket in buckets:
            if len(bucket) <= LOOSE_BUCKET:
                out.update(bucket)
        return out

    def reference_strength(self, table: Table, column: Column, own: bool = False) -> float:
        """How strongly the name reads as a reference to another table (`ps_suppkey`, `OrderID` in
        OrderLine), or with own=True to its own table. 0 when it does not."""
        memo = (table.key, column.name, own)
        if memo in self._strength:
            return self._strength[memo]
        parsed = parse_reference(column.name, self.prefix[table.key])
        best = 0.0
        if parsed.suffix in STRONG_ID | WEAK_ID:
            keys = [table.key] if own else [k for k in self.tables_named_by(parsed, loose=False) if k != table.key]
            for key in keys:
                if (sig := table_signal(parsed.base, self.core[key], parsed.first)) is not None:
                    best = max(best, sig.strength)
        self._strength[memo] = best
        return best

    def shared(self, table: Table, column: Column) -> bool:
        """Another table holds a column of the same name (IMDb's `tconst`): a join by name."""
        return bool(self.holding.get(column.name.casefold(), set()) - {table.key})

    def references_other_table(self, table: Table, column: Column) -> bool:
        other = self.reference_strength(table, column)
        return other >= 0.6 and other > self.reference_strength(table, column, own=True)


def name_rank(names: SchemaNames, table: Table, column: Column) -> int:
    """3: `id` or an identifier named after its own table; 2: ends like an identifier; 1: a code or
    number, or the table's own thing (`country` in countries); 0: other. An identifier, code or
    number word first (id_customer, idCliente, codigo_oficina, numero_pedido) reads as if it came last."""
    ws = names.col_words(table, column.name)
    if not ws:
        return 0
    if len(ws) == 1 and ws[0] in STRONG_ID:
        return 3
    ws = head_last(ws, LEADING_ID, STRONG_ID | WEAK_ID)
    if len(ws) >= 2 and ws[-1] in STRONG_ID | WEAK_ID and key_named_for(ws, names.core[table.key]):
        return 3 if ws[-1] in STRONG_ID else 2
    if ws[-1] in STRONG_ID:
        return 2
    if ws[-1] in WEAK_ID:
        return 1
    sig = table_signal(ws, names.core[table.key])
    return 1 if sig is not None and sig.rule in ("table_name", "leading_table_words") else 0


def _names_own_table(names: SchemaNames, table: Table, column: Column) -> bool:
    """`id`, or an identifier named after the column's own table (order_no in orders)."""
    if name_rank(names, table, column) == 3:
        return True
    ws = names.col_words(table, column.name)
    return len(ws) >= 2 and ws[-1] in STRONG_ID | WEAK_ID and key_named_for(ws, names.core[table.key])


def profile_unique(table: Table, column: Column) -> bool | None:
    """True/False when the profile decides uniqueness among all rows; None when it cannot."""
    p = column.profile
    if p is None or p.distinct_count is None or p.null_count is None or not table.row_count or table.row_count < 2:
        return None
    if table.profile is not None and table.profile.sample is not None and p.distinct_exact is not True:
        return None  # an approximate count on a sample says nothing about the whole table's uniqueness
    return p.null_count == 0 and p.distinct_count == table.row_count


def _not_null(column: Column) -> bool:
    p = column.profile
    return (p is not None and p.null_count == 0) or not column.nullable


def key_kind(table: Table, columns: list[str], names: SchemaNames) -> tuple[str, str]:
    """('surrogate' | 'natural', why)."""
    if len(columns) != 1:
        return "natural", "natural key: several columns together identify a row"
    col = table.column(columns[0])
    if col is None:
        return "natural", "natural key"
    if col.data_type == "uuid":
        return "surrogate", "surrogate key: a generated UUID"
    if col.data_type == "integer":
        p = col.profile
        if name_rank(names, table, col) >= 2:
            return "surrogate", "surrogate key: an integer identifier"
        if p is not None and isinstance(p.min, int) and isinstance(p.max, int) and table.row_count:
            if p.min >= 0 and p.max - p.min + 1 <= 2 * table.row_count:
                return "surrogate", "surrogate key: dense integers like a sequence"
    return "natural", f"natural key: {col.data_type or 'typed'} values that mean something"


def _free_text(col: Column) -> bool:
    """Comments and descriptions are often unique by accident; they are never keys. Long text
    of one length (hashes) or of UUIDs kept as text (36 characters) is an identifier, not prose."""
    p = col.profile
    if col.data_type != "string" or p is None or not ((p.max_length or 0) > 64 or (p.avg_length or 0) > 32):
        return False
    return p.patterns.get("uuid", 0.0) < 0.95 and (p.min_length is None or p.min_length != p.max_length)


def _unique_by_chance(table: Table, col: Column, names: SchemaNames) -> bool:
    """Whole numbers named for nothing whose uniqueness says nothing (compiler/chance.py)."""
    p = col.profile
    return (col.data_type == "integer" and p is not None and name_rank(names, table, col) == 0
            and unique_by_chance(table.row_count, p.min, p.max))


def _by_profile(table: Table, names: SchemaNames) -> tuple[list[str], str, float, list[str]] | None:
    found = []
    for pos, col in enumerate(table.columns):
        if col.name.lower() in names.everywhere and name_rank(names, table, col) < 3 and not names.references_other_table(table, col):
            continue  # a row stamp many tables carry, naming no table (rowguid): unique in each, the key of none
        if (col.data_type in KEYABLE - {"decimal"} and profile_unique(table, col) and not _free_text(col)
                and not _unique_by_chance(table, col, names) and not _fractions(col)):
            found.append([-name_rank(names, table, col), col.data_type not in ("integer", "uuid"), pos, col])
        elif col.profile is not None and is_calendar_key(table, col, col.data_type):
            # A calendar's date: ranked as an identifier, below an integer date key (20240131) beside it.
            found.append([-2, True, pos, col])
    if not found:
        return None
    if len(found) > 1:
        # A unique reference (1:1 extension) ranks below the table's own identifier; beside
        # identifiers naming no table of the schema (links of movies by movieId, and the imdbId
        # and tmdbId of outside registers) it ranks alike, the first column first.
        refs = [names.references_other_table(table, f[3]) for f in found]
        if any(not r and _names_own_table(names, table, f[3]) for f, r in zip(found, refs)):
            for f, r in zip(found, refs):
                f[0] += 1 if r else 0
    found.sort(key=lambda x: x[:3])
    neg_rank, _, pos, col = found[0]
    exact = col.profile.distinct_exact is not False
    small = (table.row_count or 0) < SMALL_TABLE
    if small and -neg_rank <= 0:
        return None  # in a handful of rows an unremarkable column is unique by chance
    conf = 0.95 if -neg_rank >= 2 else 0.85
    conf *= 1.0 if exact else 0.9
    why = [f"profile: {col.profile.distinct_count} {'exact' if exact else 'approximate'} distinct values in "
           f"{table.row_count} rows, no nulls"]
    if -neg_rank >= 2:
        why.append("the name reads as this table's identifier")
    if len(found) > 1:
        why.append(f"chosen over {len(found) - 1} other unique column(s) by name and position")
    start = _period_start(table) if names.references_other_table(table, col) else None
    if start is not None:
        # A department's managers from one date to another: each has managed once so far, and
        # the next appointment repeats the manager; the row is the thing's state from its start.
        return ([col.name, start], "subject_and_period", conf * 0.9,
                [*why, f"{start} opens the period each row holds: one row per {col.name} per period"])
    return [col.name], "unique_not_null_profile", conf, why


def _period_start(table: Table) -> str | None:
    """The never-empty column that opens the validity period of each row (from_date beside to_date)."""
    for start, _ in periods([c.name for c in table.columns if c.data_type in TIME_TYPES]):
        col = table.column(start)
        if col is not None and col.profile is not None and col.profile.null_count == 0:
            return start
    return None


def _by_grain(table: Table, grains: dict) -> tuple[list[str], str, float, list[str]] | None:
    """The columns no two rows share, counted in the database (compiler/profiler/grain.py): the
    references and times a fact without a key is made of."""
    found = grains.get(table.key)
    if found is None or any(table.column(c) is None for c in found.columns):
        return None
    return (list(found.columns), "unique_columns", 0.8,
            [f"no two of the {found.rows} rows share {', '.join(found.columns)} (counted in the database)"])


def _fractions(col: Column) -> bool:
    """Numbers with fractions kept as text (a coordinate, a price): unique by their many digits,
    never a key. A decimal typed so (normalize_types) is not keyable by its values already."""
    p = col.profile
    return p is not None and p.patterns.get("numeric") == 1.0 and p.patterns.get("integer", 0.0) < 1.0


def _by_name(table: Table, names: SchemaNames) -> tuple[list[str], str, float, list[str]] | None:
    for col in table.columns:
        if col.data_type not in KEYABLE or name_rank(names, table, col) < 3 or names.references_other_table(table, col):
            continue  # `ps_partkey` in partsupp names the part table better than its own
        if _fractions(col):
            continue  # its values have fractions, whatever its name
        if profile_unique(table, col) is False:
            continue  # the data contradicts the name
        conf = 0.75 if _not_null(col) else 0.7
        return [col.name], "identifier_name", conf, [f"named like the table's identifier ({col.name}); no profile to confirm"]
    return None


def _references(table: Table, names: SchemaNames) -> list[Column]:
    return [c for c in table.columns if c.data_type in KEYABLE and names.references_other_table(table, c) and _not_null_or_unknown(c)]


def _parent_and_ordinal(table: Table, names: SchemaNames) -> tuple[list[str], str, float, list[str]] | None:
    """Order lines: a reference to the parent and a number for each of its rows."""
    refs = _references(table, names)
    ordinals = [c for c in table.columns if c.data_type in ("integer", "unknown") and _is_ordinal(names.col_words(table, c.name))
                and not names.references_other_table(table, c)]  # an item_id beside an items table refers
    for ordinal in ordinals:
        # The data says whose rows the ordinal numbers: the parent with a row 1 each.
        numbered = numbered_within(table, ordinal)
        # The parent is named as an identifier, refers to a table or shares its name with another
        # table's column (as the profiler's grains ask): a city or a price with as many values as
        # rows numbered 1 is no parent.
        parents = [c for c in numbered[0] if c.data_type in KEYABLE and (c in refs or is_identifier_name(c.name) or names.shared(table, c))
                   ] if numbered is not None else []
        if len(parents) == 1 and _plausible(table, [parents[0], ordinal]):
            parent, (_cols, first, rows) = parents[0], numbered
            return ([parent.name, ordinal.name], "parent_and_ordinal", 0.8,
                    [f"{ordinal.name} numbers the rows of each {parent.name} from {first}: {rows} rows hold {first}, one for "
                     f"each of the {rows} {parent.name} values, and fewer each next number"])
    if refs and ordinals and _plausible(table, [refs[0], ordinals[0]]):
        return ([refs[0].name, ordinals[0].name], "parent_and_ordinal", 0.7,
                [f"{refs[0].name} refers to a parent table and {ordinals[0].name} numbers its rows"])
    # Laps of a driver in a race, stops of a vehicle on a route: the ordinal numbers the rows of
    # each pair of parents, when one parent alone leaves too few combinations for the rows.
    if 2 <= len(refs) <= 3 and ordinals and _plausible(table, [*refs, ordinals[0]]):
        parents = [c.name for c in refs]
        return ([*parents, ordinals[0].name], "parents_and_ordinal", 0.65,
                [f"{', '.join(parents)} refer to parent tables and {ordinals[0].name} numbers the rows of each"])
    return None


def _refuted(guessed: list[str], checks, table_key: str) -> bool:
    """Columns guessed a key by their names, counted in the database within a larger tuple whose
    rows repeat: rows that share the larger tuple share the guess, so it keys nothing (a flight's
    origin, destination and origin's numbered version, repeated by every flight of the route)."""
    cols = set(guessed)
    return any(g.table_key == table_key and not g.unique and cols <= set(g.columns) for g in checks or ())


def _numbers_the_lines(guessed: list[str], proven: list[str]) -> bool:
    """The grain the database proved is the guessed line number within fewer columns than the
    references guessed with it."""
    return len(proven) < len(guessed) and guessed[-1] in proven


def _bridge(table: Table, names: SchemaNames) -> tuple[list[str], str, float, list[str]] | None:
    """Two references and nothing else that refers: a bridge, or lines keyed by order and product.
    With more (a sale's product, customer, channel and promotion), any two of them are not its
    grain: unique in one extract, duplicated by the next load."""
    refs = _references(table, names)
    if len(refs) == 2 and _plausible(table, refs):
        others = len(table.columns) - len(refs)
        conf = 0.72 if others <= 2 else 0.65
        return ([c.name for c in refs], "bridge_references", conf,
                [f"{refs[0].name} and {refs[1].name} refer to two tables: a bridge (many-to-many)"])
    return None


def _not_null_or_unknown(col: Column) -> bool:
    return not (col.profile is not None and col.profile.null_count)


# Nouns that number a parent's rows wherever they stand: payment_sequential, item_seq, pick_position.
_ORDINAL_LAST = frozenset({"sequential", "seq", "sequence", "seqno", "ordinal", "lineno", "linenumber", "position"}) | SERIES_WORDS


def _is_ordinal(ws: tuple[str, ...]) -> bool:
    # A number named head first (numero_linea, numero_de_posicion) reads head last: linea numero.
    ws = head_last(ws, WEAK_ID - {"no"}, STRONG_ID | WEAK_ID)
    if len(ws) >= 2 and ws[-1] in STRONG_ID and ws[-2] in ORDINAL_WORDS:
        return True  # order_item_id, line_id: the number of an item within its parent (a reference is none: _parent_and_ordinal)
    if not ws or ws[-1] in STRONG_ID:
        return False
    return (ws[0] in ORDINAL_WORDS and (len(ws) == 1 or ws[-1] in WEAK_ID)) or ws[-1] in _ORDINAL_LAST


def _plausible(table: Table, cols: list[Column]) -> bool:
    """With profiles: no nulls, neither column unique alone, and enough combinations for every row."""
    rows = table.row_count
    product = 1
    for c in cols:
        p = c.profile
        if p is None or p.distinct_count is None or not rows:
            return True  # nothing to contradict the names
        if p.null_count or p.distinct_count == rows:
            return False
        product *= max(p.distinct_count, 1)
    return product >= rows


def run(state: State, ctx: Context) -> None:
    tables = {t.key: t for t in state.snapshot.tables}
    names = SchemaNames(state.snapshot.tables)
    grains = grains_by_table(state.snapshot.evidence.grains)
    counted = {g.table_key for g in state.snapshot.evidence.grains or ()}  # unique or not: no bridge's key either
    for entity in state.model.entities:
        table = tables[entity.table.key]
        if entity.primary_key_provenance and entity.primary_key_provenance.origin == "human":
            pass
        elif table.primary_key:
            entity.primary_key = list(table.primary_key)
            kind, why = key_kind(table, entity.primary_key, names)
            entity.key_kind = kind  # type: ignore[assignment]
            entity.primary_key_provenance = Provenance(origin="declared", by=table.primary_key_name, evidence=("declared primary key", why))
        else:
            found = _declared_unique(table) or _by_view_grouping(table, state.snapshot.source.dialect)
            if found is None and getattr(getattr(ctx.config, "inference", None), "primary_keys", True):
                found = _by_profile(table, names)
                found = _own_identifier_within(table, names, grains, found) or found
            if found is None and table.kind == "table" and getattr(getattr(ctx.config, "inference", None), "primary_keys", True):
                # A parent and a line number before the grain the data proves (both unique, the
                # first says what the rows are); that grain before two references read as a bridge,
                # which a grain counted and found repeated rules out.
                found = _by_name(table, names) or _parent_and_ordinal(table, names)
                if found is not None and _refuted(found[0], state.snapshot.evidence.grains, table.key):
                    found = None  # the database counted these columns (with others) and found rows sharing them
                proven = _by_grain(table, grains)
                if found is not None and found[1] == "parents_and_ordinal" and proven is not None and _numbers_the_lines(found[0], proven[0]):
                    # Lines numbered within an identifier of their own (lo_orderkey, lo_linenumber),
                    # proven unique, before the things each line refers to with that number, which
                    # the data never counted (SSB's customer, part and supplier with a line number
                    # repeat).
                    found = proven
                found = found or proven or (None if table.key in counted else _bridge(table, names)) or _row_stamp(table, names)
            if found is not None:
                cols, rule, conf, why = found
                kind, kind_why = key_kind(table, cols, names)
                entity.primary_key = cols
                entity.key_kind = kind  # type: ignore[assignment]
                entity.primary_key_provenance = Provenance.inferred(NAME, rule, conf, [*why, kind_why])
        keyset = set(entity.primary_key)
        for dim in entity.dimensions:
            if dim.column in keyset:
                dim.primary_key = True
                dim.role = "key"


def _own_identifier_within(table: Table, names: SchemaNames, grains: dict,
                           unique: tuple[list[str], str, float, list[str]] | None) -> tuple[list[str], str, float, list[str]] | None:
    """The table's own identifier repeats (c_id 1..3000 in each of TPC-C's districts) and the
    database counted a grain holding it unique (c_w_id, c_d_id, c_id): that grain is the key, not
    a column unique by chance whose name says no identifier (a random first name or comment).
    A unique column named as an identifier still wins."""
    own = repeated_own_identifier(table)
    proven = _by_grain(table, grains) if own is not None else None
    if proven is None or own not in proven[0]:
        return None
    if unique is not None:
        col = table.column(unique[0][0])
        if col is None or name_rank(names, table, col) >= 2:
            return None
    cols, rule, conf, why = proven
    return cols, rule, conf, [*why, f"{own}, the table's own identifier, repeats: it numbers rows within the others"]


def _by_view_grouping(table: Table, dialect: str | None) -> tuple[list[str], str, float, list[str]] | None:
    key = grouped_key(table, dialect)
    if key is None:
        return None
    return key, "view_group_by", 0.95, [f"the view's query groups its rows by {', '.join(key)}: one row per group"]


def _row_stamp(table: Table, names: SchemaNames) -> tuple[list[str], str, float, list[str]] | None:
    """The row number every table carries (a clinical extract's ROW_ID), as the key of a table
    nothing else keys: an event's rows, each numbered. Never before a key the table names (an
    admission's HADM_ID), which the other tables refer to."""
    if table.kind != "table":
        return None
    for col in table.columns:
        if col.name.lower() in names.everywhere and col.data_type in ("integer", "uuid") and profile_unique(table, col):
            return [col.name], "row_stamp", 0.75, [f"{col.name} numbers the rows of every table; nothing else keys this one"]
    return None


def _declared_unique(table: Table) -> tuple[list[str], str, float, list[str]] | None:
    candidates = [
        uk for uk in table.unique_keys
        if uk.columns and all((c := table.column(n)) is not None and not c.nullable for n in uk.columns)
    ]
    if not candidates:
        return None
    best = min(candidates, key=lambda uk: (len(uk.columns), uk.columns))
    return list(best.columns), "unique_not_null_constraint", 0.95, [f"declared unique key {best.name or best.columns} on non-null columns"]
