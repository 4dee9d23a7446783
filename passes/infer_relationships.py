"""Relationships nobody declared, inferred from names, types, keys and containment evidence.

For each column, candidate targets are the single-column keys (and unique columns) of the
tables its name points at; composite keys are matched column by column. A candidate's confidence
starts from the strength of its name signal (passes.join_names) and is then:

- scaled by type compatibility and by how sure we are the target is a key;
- raised by containment evidence (every distinct value found in the key), the more so when few
  other keys could contain those values by chance (the profile ranges tell);
- cut when the evidence says values are missing or fall outside the key's range;
- dropped when a column with no identifier word holds positions (1..k, a sliver of the key, fitting
  several keys: add_to_cart_order, sort_order), which any key numbered from 1 holds;
- a little lower when there is no data at all (a DDL file): names alone can mislead.

Values can carry a join whatever the name (`handled_by`, `actor`): text or UUID values found in
one key only, or at least ten distinct integers filling one key's values and range with no rival
(small integers such as quantity, rating, line_no fit inside every tiny lookup table, so fewer or
looser integers never join on their values alone). Tables keyed alike by a composite are
siblings, not references; a table named like another plus a number is a partition of it.
Declared and human relationships always win; candidates under
`inference.relationship_threshold` become AN007 suggestions instead of joins.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

from compiler.calendar import PERIODS, holds_day_numbers, holds_days, period_listed, period_named, is_calendar_key, is_calendar_part, is_day_number_key, is_year_column
from compiler.diagnostics import AN007
from compiler.naming import ABBREVIATIONS, CODE_REGISTERS, read_words, words
from compiler.pipeline import Context, State
from compiler.placeholders import is_none_placeholder
from compiler.time_kinds import kind_by_name
from compiler.types import TIME_TYPES
from ir.catalog import Column, Table
from ir.evidence import Containment
from ir.semantic import Entity, Relationship, RelationshipEnd
from passes.infer_primary_keys import SchemaNames, profile_unique
from passes.intervals import interval_end
from passes.join_names import MEASURE_WORDS as JOIN_MEASURE_WORDS
from passes.join_names import (
    GENERIC_KEY,
    HIERARCHY_ROLES,
    LINK_WORDS,
    LAST_NUMBER_WORDS,
    NUMBER_WORDS,
    SELF_WORDS,
    STRONG_ID,
    WEAK_ID,
    Parsed,
    Signal,
    is_measure_like,
    city_role,
    expand,
    head_last,
    is_city_table,
    is_person_table,
    key_named_for,
    names_a_persons_name,
    lemma,
    parse_reference,
    person_role,
    self_role,
    singular,
    stem_signal,
    table_signal,
)

NAME = "infer_relationships"
DEFAULT_THRESHOLD = 0.8
# Below full containment, a join still stands when the name is exact and most values are found.
PARTIAL_CONTAINMENT = 0.5
EXACT_NAME = 0.88
DEFAULT_SUGGESTION_FLOOR = 0.5
NO_DATA_FACTOR = 0.97  # names alone, nothing to confirm them
LEARNED = Signal("learned_abbreviation", 0.86, "the table's own columns carry this abbreviation as their prefix")
LEARNED_ROLE = Signal("role_and_learned_abbreviation", 0.84, "a role of the table whose columns carry this abbreviation")
STRONG_NAME = 0.8  # a name signal that spells the table out (table name, abbreviation, role + table)
WEAK_NAME = 0.6  # below: a stem or a prefix only
MAX_SAME_NAMED = 8  # keys sharing one column name beyond which the name points at none of them
SPEC_CAP = 64  # keys counted at most when telling how specific a column's values are
MIN_DATA_ONLY = 10  # distinct integers a column needs before its values alone make it a join
MIN_INT_COVER = 0.9  # share of a key's values (and range) an integer column must use to join by values alone
# Text values found in one key and no other may join with some orphans (a flight's destination
# missing from the airports list) when there are enough of them that chance cannot explain it.
ORPHAN_TEXT_RATIO = 0.9
MIN_ORPHAN_TEXT = 20
LINK_SPREAD = 0.8  # share of a key's range a role named `..._by` must span to join by its values
SPARSE_ROLE = 0.5  # share of rows left null by a role only some rows give another row of the table
LINK_RIVAL = 0.6  # ... while spanning at most this share (relative) of any other key's range
_ID_WORDS = STRONG_ID | WEAK_ID
FAMILY = {"integer": "int", "decimal": "int", "string": "str", "uuid": "uuid", "unknown": "?", "date": "date"}
NOT_EVENTS = frozenset({"validity", "audit", "load", "birth"})  # kinds of dates that join no calendar
TEMPORAL_PARTS = TIME_TYPES  # may be a part of a composite key, never a key alone


@dataclass
class Target:
    table: Table
    entity: Entity
    columns: list[str]
    keyness: float
    why: str
    key: str = field(init=False)  # table.key, a formatted string, computed once

    def __post_init__(self) -> None:
        self.key = self.table.key


@dataclass
class Candidate:
    from_cols: list[str]
    target: Target
    signal: Signal
    confidence: float
    evidence: list[str] = field(default_factory=list)
    home: bool = False  # the target table is the one the column is named after (assessment for assessment_id)

    def rank(self) -> tuple:
        # Between equals, the key's home table before another table keyed alike (a link or an extension).
        return (-self.confidence, -self.signal.strength, not self.home, self.target.table.kind != "table", self.target.key,
                self.target.columns)


def _part_lookup(core: tuple[str, ...], key: Column | None) -> bool:
    """A table named for a period of the calendar (months, weekdays, quarters) keyed by its small
    numbers (at most a year's days), not a calendar keyed by days (20240131), nor a table named
    with a word that only qualifies a calendar (iso_regions, weekend_rates)."""
    p = key.profile if key is not None else None
    return bool(PERIODS & set(core)) and p is not None and _num(p.max) and p.max <= 366


def _initials_of(word: str, core: tuple[str, ...]) -> bool:
    """`word` is the initials of a table's name of three words or more (OriginWac: wac, World Area
    Codes), not a word the names read as another's abbreviation (amt, qty) nor a measure's."""
    while core and len(core[0]) == 1:
        core = core[1:]  # a letter marking the table's kind (BTS's L_ for a lookup) is no word of its name
    return (len(core) >= 3 and len(word) == len(core) and word == "".join(w[0] for w in core)
            and word not in ABBREVIATIONS and word not in JOIN_MEASURE_WORDS)


def type_fit(a: str | None, b: str | None) -> float:
    fa, fb = FAMILY.get(a or "unknown"), FAMILY.get(b or "unknown")
    if fa is None or fb is None:
        return 0.0
    if fa == fb:
        return 1.0 if fa != "?" else 0.85
    if "date" in (fa, fb):
        return 0.0  # a date joins a calendar's date, nothing else
    if "?" in (fa, fb):
        return 0.85
    return 0.9 if {fa, fb} == {"uuid", "str"} else 0.0


def range_fits(c: Column, k: Column) -> bool | None:
    """Can every value of c be a value of k? None when the profiles cannot tell."""
    pc, pk = c.profile, k.profile
    if pc is None or pk is None:
        return None
    if pc.distinct_count is not None and pk.distinct_count is not None:
        slack = 1.0 if pc.distinct_exact is not False and pk.distinct_exact is not False else 1.05
        if pc.distinct_count > pk.distinct_count * slack + is_none_placeholder(pc.min, pk.min):
            return False
    if _num(pc.min) and _num(pk.min) and pc.min < pk.min and not is_none_placeholder(pc.min, pk.min):
        return False
    if _num(pc.max) and _num(pk.max) and pc.max > pk.max:
        return False
    if pc.max_length is not None and pk.max_length is not None and pc.max_length > pk.max_length:
        return False
    if pc.min_length is not None and pk.min_length is not None and pc.min_length < pk.min_length:
        return False
    return True


def _pattern_outside(c: Column, table: Table, k: Column, key_table: Table) -> bool:
    """c holds a pattern class (compiler/profiler/patterns.py) no value of k has, both counted on
    every row of their tables: no value of that class can be found among k's, so c cannot refer
    to k (a delivery number '0080000001' that reads as a phone number is no order number
    '0000000001'). The profiler prunes such a candidate before counting its containment; the
    name alone must not bring it back where its values are redacted."""
    pc, pk = c.profile, k.profile
    if pc is None or pk is None or not pk.patterns or not (_patterns_whole(table) and _patterns_whole(key_table)):
        return False
    return any(share > 0 and name not in pk.patterns for name, share in pc.patterns.items())


def _patterns_whole(table: Table) -> bool:
    p = table.profile
    return p is not None and p.sample is None and p.pattern_rows is None


def _num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _keyness(entity: Entity) -> tuple[float, str]:
    prov = entity.primary_key_provenance
    if prov is None or prov.origin in ("declared", "human"):
        return 1.0, "the target is the declared primary key"
    conf = prov.confidence if prov.confidence is not None else 0.7
    return min(1.0, 0.9 + 0.1 * conf), f"the target is an inferred primary key ({prov.rule}, {conf:.2f})"


class Targets:
    """Keys that can be referenced, indexed by what names can point at."""

    def __init__(self, state: State, names: SchemaNames):
        tables = {t.key: t for t in state.snapshot.tables}
        self.names = names
        self.single: dict[str, list[Target]] = {}
        self.composite: list[Target] = []
        self.by_key_words: dict[tuple[str, ...], list[Target]] = {}
        self.person_tables: list[str] = []
        self.calendars: list[Target] = []  # tables keyed by their date, one row per day or week
        self.day_calendars: list[Target] = []  # the same keyed by their days written YYYYMMDD (19920101)
        self._named_by: dict[tuple[Parsed, bool], tuple[str, ...]] = {}
        self._heads: dict[str, set[str]] | None = None  # a table's head word -> the tables (headed_by)
        self._initials: dict[str, list[tuple[str, str]]] = {}  # initials of the words before the head -> (head, table)
        for entity in state.model.entities:
            table = tables[entity.table.key]
            keyness, why = _keyness(entity)
            found: list[Target] = []
            if len(entity.primary_key) == 1:
                found.append(Target(table, entity, list(entity.primary_key), keyness, why))
                key = table.column(entity.primary_key[0])
                if key is not None and is_calendar_key(table, key, key.data_type):
                    self.calendars.append(found[-1])
                elif key is not None and is_day_number_key(table, key, key.data_type):
                    self.day_calendars.append(found[-1])
            elif len(entity.primary_key) > 1:
                self.composite.append(Target(table, entity, list(entity.primary_key), keyness, why))
            for col in _other_unique(table, entity, names):
                found.append(Target(table, entity, [col], 0.98, f"{col} is unique and never null"))
            if not found:
                continue
            self.single[table.key] = found
            core = names.core[table.key]
            if is_person_table(core):
                self.person_tables.append(table.key)
            for t in found:
                kw = names.col_words(table, t.columns[0])
                if not (len(kw) == 1 and kw[0] in GENERIC_KEY):
                    self.by_key_words.setdefault(kw, []).append(t)

    def headed_by(self, word: str) -> str | None:
        """The one table of two or more words whose head `word` names (`addr`: customer_address),
        or whose initials and head's start it is (`cdemo`: customer_demographics); None when no
        table or several are."""
        if self._heads is None:
            self._heads, self._initials = {}, {}
            for key in self.single:
                core = self.names.core[key]
                if len(core) >= 2 and self._own_key(key):
                    self._heads.setdefault(lemma(core[-1]), set()).add(key)
                    self._initials.setdefault("".join(w[0] for w in core[:-1]), []).append((core[-1], key))
        word = word.lower()
        found = set()
        for w in (word, *expand(word)):
            found |= self._heads.get(lemma(w), set())
        for i in range(1, len(word) - 2):  # the initials, then at least three letters of the head
            found |= {key for head, key in self._initials.get(word[:i], ()) if head.startswith(word[i:])}
        return next(iter(found)) if len(found) == 1 else None

    def _own_key(self, key: str) -> bool:
        """The table's key is its own, not another table's (claim_coverage keyed by the claim's
        identifier is no coverage a column could name)."""
        target = self.single[key][0]
        col = target.table.column(target.columns[0])
        return col is not None and not self.names.references_other_table(target.table, col)

    def tables_named_by(self, parsed: Parsed, loose: bool = True) -> tuple[str, ...]:
        # Memoised: thousands of columns share a name reading (status, created_at, ref_0042_id).
        memo = (parsed, loose)
        hit = self._named_by.get(memo)
        if hit is None:
            hit = self._named_by[memo] = tuple(sorted(k for k in self.names.tables_named_by(parsed, loose) if k in self.single))
        return hit


def _other_unique(table: Table, entity: Entity, names: SchemaNames) -> list[str]:
    """Declared unique single columns, and profiled unique non-null short text codes (country codes).
    Not a part of the primary key nor a reference itself: those are unique by coincidence. Beside a
    primary key, in a table of fewer than MIN_DATA_ONLY rows, an attribute's values differ by chance
    (six users in six states): there only a column named as the table's own identifier or thing
    is a second key (code, shop_code; not country_code, each of four shops' country)."""
    out = [uk.columns[0] for uk in table.unique_keys if len(uk.columns) == 1 and uk.columns != entity.primary_key]
    if table.row_count and table.row_count >= 2:
        few = bool(entity.primary_key) and table.row_count < MIN_DATA_ONLY
        for col in table.columns:
            p = col.profile
            if (col.data_type == "string" and p is not None and p.distinct_exact and p.null_count == 0 and p.distinct_count == table.row_count
                    and col.name not in out and col.name not in entity.primary_key and (p.max_length or 99) <= 12
                    and not names.references_other_table(table, col)
                    and not (few and not _named_as_key(names, table, col))
                    and not (is_person_table(names.core[table.key]) and names_a_persons_name(names.col_words(table, col.name)))):
                # (A person's first name or surname, unique among 31 employees, is no key: another
                # table's contact names found there are the same common names, no reference.)
                out.append(col.name)
            elif (col.data_type == "integer" and p is not None and p.distinct_exact and p.null_count == 0
                  and p.distinct_count == table.row_count and col.name not in out and col.name not in entity.primary_key
                  and not few and _names_own_identifier(names, table, col)
                  and not names.references_other_table(table, col)):
                # Team.team_api_id beside Team.id, its keys not declared: the identifier other
                # tables hold (home_team_api_id, a player's ratings by player_api_id), named as the
                # table's own thing's identifier, whole numbers on every row, each on one.
                out.append(col.name)
    return out


def _unnumbered(base: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a reference without the number of its slot (home_player_1 .. home_player_11:
    eleven references to the players, each a 'home' player)."""
    return base[:-1] if len(base) > 1 and base[-1].isdigit() else base


def _names_own_identifier(names: SchemaNames, table: Table, col: Column) -> bool:
    """An identifier word last or first, and the table's own name leading the words before it
    (team_api_id in team, player_fifa_api_id in player): the table's thing's number in some
    register, not a number of another thing."""
    core = names.core[table.key]
    # (read whole too: where most columns begin with the table's name, team_ is taken for a prefix)
    return bool(core) and any(
        parsed.strong and len(parsed.base) > len(core) and tuple(parsed.base[:len(core)]) == tuple(core)
        for parsed in (parse_reference(col.name, names.prefix[table.key]), parse_reference(col.name)))


def _named_as_key(names: SchemaNames, table: Table, col: Column) -> bool:
    """Named as the table's own identifier (code, key, shop_code in shop, company_claim_number in
    claim), its code in a register (iata_code in airports, naming.CODE_REGISTERS) or its thing:
    not as the code of another thing only (country_code in a shop), which each of a few rows
    holds one of (four shops in four countries) without the table being a list of those things."""
    words = set(names.col_words(table, col.name))
    core = set(names.core[table.key])
    rest = words - GENERIC_KEY - CODE_REGISTERS
    return (bool(words & (GENERIC_KEY | CODE_REGISTERS)) and (not rest or bool(rest & core))) or words <= core


class Inference:
    def __init__(self, state: State, ctx: Context):
        cfg = getattr(ctx.config, "inference", None)
        self.threshold = getattr(cfg, "relationship_threshold", DEFAULT_THRESHOLD)
        self.floor = getattr(cfg, "suggestion_floor", DEFAULT_SUGGESTION_FLOOR)
        self.state = state
        self.names = SchemaNames(state.snapshot.tables)
        self.targets = Targets(state, self.names)
        self.entity_pk = {e.table.key: list(e.primary_key) for e in state.model.entities}
        self.containment: dict[tuple, Containment] = {}
        for c in state.snapshot.evidence.containment:
            self.containment[(c.from_.table_key, tuple(c.from_.columns), c.to.table_key, tuple(c.to.columns))] = c
        # The same records by the column they start from, in the same order: a column looks up its
        # own few instead of scanning every record (which grew with columns x records).
        self.containment_from: dict[tuple[str, tuple[str, ...]], list[tuple[tuple, Containment]]] = {}
        for k, c in self.containment.items():
            self.containment_from.setdefault(k[:2], []).append((k, c))
        self.has_data = bool(self.containment) or any(
            col.profile is not None for t in state.snapshot.tables for col in t.columns
        )
        # Each table's own identifier named by the prefix its columns share (c_id in customer, whose
        # columns read c_*; o_id in orders), by its words read whole: a column elsewhere named so
        # (o_c_id, h_c_id: c_id behind the table's own prefix) names that table, whatever its key.
        self._prefixed_ids: dict[tuple[str, ...], set[str]] = {}
        for t in state.snapshot.tables:
            tprefix = self.names.prefix[t.key]
            for c in t.columns if tprefix else ():
                if _prefixed_own_id(c.name, tprefix):
                    self._prefixed_ids.setdefault(tuple(words(c.name)), set()).add(t.key)
        self.in_composite: set[str] = set()  # the current table's columns in a composite reference (run)
        self._spec_cache: dict[tuple[str, str], float] = {}
        self._spec_indexes: dict[str, tuple[list[float], list[tuple[Target, Column]]]] = {}
        # Each composite key's columns as name readings (base words, identifier-like), and the keys
        # by the reading of their first column (composite_candidates).
        self._composite_readings: list[list[tuple]] = []
        self._composite_by_first: dict[tuple, list[int]] = {}
        for i, target in enumerate(self.targets.composite):
            tprefix = self.names.prefix[target.key]
            readings = [_key_reading(k, tprefix) for k in target.columns]
            self._composite_readings.append(readings)
            self._composite_by_first.setdefault(readings[0], []).append(i)

    # -- single columns ------------------------------------------------------------------------

    def candidates_for(self, table: Table, col: Column, entity: Entity) -> list[Candidate]:
        names = self.names
        tkey = table.key  # a property that formats a string: computed once per column, not per use
        parsed = parse_reference(col.name, names.prefix[tkey])
        if holds_days(col.data_type, col.profile):  # a date, or a date and time at midnight on every row
            return self._calendar_days(table, col, parsed)
        if self.targets.day_calendars and holds_day_numbers(col) and (
                days := self._calendar_days(table, col, parsed, self.targets.day_calendars)):
            # A day written YYYYMMDD, each a day of a calendar keyed so (lo_orderdate in the Star
            # Schema Benchmark's dates): it joins that calendar, though it uses a part of its days only.
            return days
        if not parsed.words or FAMILY.get(col.data_type or "unknown") is None:
            return []
        own_pk = entity.primary_key == [col.name]
        if col.name.lower() in names.everywhere and not names.references_other_table(table, col):
            return []  # a row stamp every table carries (ROW_ID 1..n) numbers its own rows, never another's
        out: list[Candidate] = []
        seen: set[tuple[str, str]] = set()

        def consider(target: Target, signal: Signal) -> None:
            ident = (target.key, target.columns[0])
            if ident in seen or (target.key == tkey and target.columns == [col.name]):
                return
            seen.add(ident)
            cand = self.score(table, [col], target, signal, parsed)
            if cand is not None:
                home = table_signal(parsed.base, names.core[target.key], parsed.first) if parsed.suffix in STRONG_ID else None
                cand.home = home is not None and home.rule == "table_name"
                out.append(cand)

        words = names.col_words(table, col.name)
        # A key name shared by many tables (ref_0, code) names none of them in particular; also keeps
        # this lookup linear when thousands of tables repeat one column name.
        same_named = self.targets.by_key_words.get(words, ())
        named_home = self._homes(parsed, same_named) if same_named and not own_pk else ()
        for target in same_named if not own_pk and len(same_named) <= MAX_SAME_NAMED else ():
            if target.key == tkey:
                continue
            if named_home and target.key not in named_home and self._borrowed(target, named_home):
                # Lagerbestand keyed by FK_ProduktID extends Produkte: a ProduktID elsewhere points
                # at the products, which its name names, not at their stock rows.
                continue
            if (target.columns != target.entity.primary_key and col.name.lower() in names.everywhere
                    and not names.references_other_table(table, col)):
                # A row stamp most tables carry (rowguid), unique in one of them beside its key:
                # every table's own, no reference to that one.
                continue
            consider(target, Signal("same_name_as_key", 0.92, f"same name as the key {target.table.name}.{target.columns[0]}"))
        if not own_pk and len(words) > 1 and words[0] in HIERARCHY_WORDS:
            # ParentAccountCodeAlternateKey beside the unique AccountCodeAlternateKey: the parent's
            # row in this table, by that column, whatever the table's own key is.
            own = [t for t in self.targets.single.get(tkey, ()) if names.col_words(table, t.columns[0]) == words[1:]]
            for other in table.columns:
                if not own and other is not col and names.col_words(table, other.name) == words[1:] and profile_unique(table, other):
                    own.append(Target(table, entity, [other.name], 0.95, f"{other.name} is unique and never null"))
            for target in own:
                consider(target, Signal("hierarchy_of_own_column", 0.9, f"the {words[0]} row of this table, by its {target.columns[0]}"))
        if (not own_pk and len(words) > 1 and words[-1] in HIERARCHY_WORDS and len(entity.primary_key) == 1
                and tuple(singular(w) for w in words[:-1]) == tuple(singular(w) for w in names.core[tkey])):
            # account.account_parent, category.category_parent: the table's own name, then the
            # hierarchy word, names the parent row of this table, by its key (Mondrian's FoodMart
            # accounts); its numbers are a key to look up, never a quantity to average.
            for target in self.targets.single.get(tkey, ()):
                if target.columns == entity.primary_key:
                    consider(target, Signal("hierarchy_of_own_table", 0.9, f"the {words[-1]} row of this table, by its key"))
        if own_pk:
            # A table's own key points elsewhere only as an extension or a subtype (user_profile.user_id
            # -> users.id, loss_payment.claim_amount_id -> claim_amount.claim_amount_id): to the
            # table the key is named after, whatever that table calls its key.
            for key in self.targets.tables_named_by(parsed, loose=False):
                sig = table_signal(parsed.base, names.core[key], parsed.first) if parsed.suffix in STRONG_ID else None
                if key != tkey and sig is not None and sig.rule in ("table_name", "abbreviated_table_name", "inflected_table_name"):
                    if _copy_of(names.core[tkey], names.core[key]):
                        continue  # payment_2007_01, orders_archive: the same rows split or kept, not an extension
                    # Same key name on both sides (Nurse.EmployeeId -> Employee.EmployeeId): a subtype
                    # sharing its parent's key; the column names the parent, not its own table.
                    for target in self.targets.single[key]:
                        if _own_sequence(parsed, names.core[tkey], col, target):
                            continue
                        consider(target, sig)
            # Two tables keyed by one same-named key (listings and lux_listing_mapping by listing_id,
            # film and film_text by film_id): the smaller extends the larger when its values are all
            # there. The name alone stays under the threshold; only containment lifts it.
            own = table_signal(parsed.base, names.core[tkey], parsed.first) if parsed.suffix in STRONG_ID else None
            # The same key with or without its identifier word (satscores.cds beside schools.CDSCode,
            # isbn beside isbn_no): the same name as far as what it identifies goes.
            kin = [t for w in sorted(_ID_WORDS) for t in self.targets.by_key_words.get(words + (w,), ())]
            if len(words) > 1 and words[-1] in _ID_WORDS:
                kin += list(self.targets.by_key_words.get(words[:-1], ()))
            for target in [*same_named, *kin] if (own is None or own.rule != "table_name") and len(same_named) + len(kin) <= MAX_SAME_NAMED else ():
                # (a key named after its own table, assessment_id in assessment, is the one others extend)
                if (target.key != tkey and target.columns == target.entity.primary_key and _extends(table, target.table)
                        and not _copy_of(names.core[tkey], names.core[target.key])
                        and not _sibling_kinds(names.core[tkey], names.core[target.key])
                        and not _own_sequence(parsed, names.core[tkey], col, target)):
                    consider(target, Signal("same_key_as_larger_table", 0.7, f"keyed like {target.table.name}, which has more rows"))
            return self._most_specific(table, col, out)
        if is_measure_like(parsed) or _counts_things(col, parsed):
            if parsed.words[-1] in PERIODS and FAMILY.get(col.data_type or "unknown") == "int":
                # A month (1..12) is a number of the calendar, no reference by its name, but its
                # values still join a lookup of the months they key (months keyed 1..12).
                out.extend(c for c in self._values_first(table, col, parsed)
                           if _part_lookup(names.core[c.target.key], c.target.table.column(c.target.columns[0])))
            return out
        # Named after its own table (EmailAddressID in EmailAddress), its name reads as no other
        # table's; only its values may still show whom it names (a friend's id, a prerequisite's).
        own_named = tuple(parsed.base) == tuple(names.core[tkey]) and parsed.suffix in _ID_WORDS
        # A column named exactly like another table's key needs no looser reading of its name.
        named: list[tuple[str, Signal]] = []
        for key in self.targets.tables_named_by(parsed) if not out and not own_named else ():
            core = names.core[key]
            sig = table_signal(_unnumbered(parsed.base), core, parsed.first)
            if key == tkey and sig is not None and sig.rule != "role_and_table_name":
                sig = None
            if key != tkey and names.learned.get(parsed.base[-1]) == key and (sig is None or sig.strength < LEARNED.strength):
                sig = LEARNED if len(parsed.base) == 1 else LEARNED_ROLE
            if sig is None and key != tkey:
                sig = stem_signal(parsed.words, core)
            if sig is not None:
                named.append((key, sig))
        if not out and not own_named and parsed.suffix in _ID_WORDS and parsed.base and not any(sig.strength >= STRONG_NAME for _, sig in named):
            # ss_addr_sk, ss_cdemo_sk, cs_bill_addr_sk: no table is named so, but one table's head
            # word is (customer_address), or its initials and the start of its head
            # (customer_demographics), after the role the words before it name (bill).
            key = self.targets.headed_by(parsed.base[-1])
            if key is not None and key != tkey:
                core = names.core[key]
                head_role = "_".join(parsed.base[:-1])
                why = f"{parsed.base[-1]!r} names the {core[-1]} of {'_'.join(core)}, the only table so named"
                named = [(k, sig) for k, sig in named if k != key] + [
                    (key, Signal("table_head", 0.84, f"a {head_role!r} role: {why}" if head_role else why))]
        for key, sig in _pruned(named):
            for target in self.targets.single[key]:
                consider(target, self._key_adjusted(sig, parsed, target))
        if not out and not own_named and col.name not in self.in_composite:
            # d_w_id, s_w_id: behind this table's prefix, the name of the warehouse's own w_id behind
            # its prefix; a one-letter word names no table, the key's own name does. (A part of a
            # composite reference, o_w_id in o_w_id, o_d_id to the district, reaches the warehouse
            # through it: no second path.)
            for key in sorted(self._prefixed_ids.get(tuple(parsed.words), ())):
                for target in self.targets.single.get(key, ()) if key != tkey else ():
                    if tuple(parse_reference(target.columns[0]).words) == tuple(parsed.words):
                        consider(target, Signal("prefixed_key_name", 0.88,
                                                f"named as {target.table.name}.{target.columns[0]}, behind this table's prefix"))
        own_core = names.core[tkey]
        role = self_role(parsed, own_core)
        person = person_role(parsed)
        if role is None and person in HIERARCHY_ROLES and is_person_table(own_core):
            role = person
        if role is not None and tkey in self.targets.single:
            for target in self.targets.single[tkey]:
                if target.columns == entity.primary_key:
                    consider(target, Signal("self_reference", 0.85, f"{role!r} points at another row of the same table"))
        elif person is not None:
            people = [k for k in self.targets.person_tables if k != tkey]
            strength = 0.72 if len(people) == 1 else 0.55
            for key in people:
                for target in self.targets.single[key][:1]:
                    consider(target, Signal("person_role", strength, f"{person!r} is a person's role and {target.table.name} holds people"))
        if (place := city_role(parsed)) is not None and not out:
            # country.Capital 1..4079: a capital is a city, whichever table holds cities. Its name
            # alone stays under the threshold; the values all found among the cities lift it.
            cities = [k for k in self.targets.single if k != tkey and is_city_table(names.core[k])]
            for key in cities:
                for target in self.targets.single[key][:1]:
                    consider(target, Signal("city_role", 0.72 if len(cities) == 1 else 0.55,
                                            f"{place!r} is a city's role and {target.table.name} holds cities"))
        # Values alone may place an identifier whose name says nothing readable; one that names a
        # table (ProductModelID, its own ProductModel's) does not point at another table whose
        # key merely holds its numbers (ProductCategoryID 1..41 holding 1..17).
        if not out and parsed.strong and not self.targets.tables_named_by(parsed, loose=False):
            out.extend(self._evidence_only(table, col, parsed))
        for cand in self._values_first(table, col, parsed):
            same = next((c for c in out if c.target.key == cand.target.key and c.target.columns == cand.target.columns), None)
            if same is None:
                out.append(cand)
            elif cand.confidence > same.confidence:
                out[out.index(same)] = cand
        if (parsed.suffix is None and out and person is None and role is None and _positions(col)):
            # (A manager, a boss, a parent are someone whatever numbers they hold: few of them
            # point at the first rows of their table as often as anywhere.)
            out = [c for c in out if not self._holds_positions(table, col, c.target)]
        return out

    def _holds_positions(self, table: Table, col: Column, target: Target) -> bool:
        """A column of positions (add_to_cart_order, sort_order, orden, reihenfolge: 1..k, k a
        sliver of the key's rows) whose values any key numbered from 1 holds: the first k of the
        target's rows say only that the numbers are small, and with no identifier word the name
        ("order") may say a sequence as well as a table. Values that fit one key alone, or cover
        much of it, still point at it."""
        key = target.table.column(target.columns[0])
        size = key.profile.distinct_count if key is not None and key.profile is not None else None
        found = col.profile.distinct_count if col.profile is not None else None
        if not size or not found or found >= SLIVER * size:
            return False
        spec = self.specificity(col, table)
        return 0.0 < spec < 1.0

    def _homes(self, parsed: Parsed, same_named) -> tuple[str, ...]:
        """The tables a column's name names, whose key a namesake elsewhere would only borrow: named
        whole (campuses for campus), or keyed by this very name (Produkte by ProduktID). A table the
        name only begins (fahrerstand for fahrer_id, auftragspositionen for auftragsnummer) lends
        no key: the exact namesake is the reference."""
        keyed = {t.key for t in same_named}
        out = []
        for key in self.targets.tables_named_by(parsed, loose=False):
            sig = table_signal(parsed.base, self.names.core[key], parsed.first)
            if key in keyed or (sig is not None and sig.rule != "table_name_prefix"):
                out.append(key)
        return tuple(out)

    def _most_specific(self, table: Table, col: Column, out: list[Candidate]) -> list[Candidate]:
        """A chain of subtypes sharing one key (a sales person is an employee, an employee a person,
        a person a business entity, each keyed by the entity's id): the table's own key refers to
        the smallest of the tables keyed alike that hold all its values, the one it is a kind of,
        not to the root its key is named after, which the chain reaches through its parents."""
        if len(out) < 2:
            return out
        full = {tk for (_fk, _fc, tk, tc), c in self.containment_from.get((table.key, (col.name,)), ())
                if not c.sampled and c.from_distinct and c.ratio >= 1.0 and len(tc) == 1}
        chain = [c for c in out if c.target.key in full and c.target.columns == c.target.entity.primary_key
                 and c.target.table.row_count is not None and _extends(table, c.target.table)]
        if len(chain) < 2:
            return out
        nearest = min(chain, key=lambda c: (c.target.table.row_count, c.target.key))
        if nearest.target.table.row_count == max(c.target.table.row_count for c in chain):
            return out
        return [c for c in out if c not in chain or c is nearest]

    def _borrowed(self, target: Target, home: tuple[str, ...]) -> bool:
        """Whether the target's key is another table's key it shares (a subtype or extension
        keyed by its parent's key, named after one of `home`, the tables the column names)."""
        if target.columns != target.entity.primary_key:
            return False
        key = parse_reference(target.columns[0], self.names.prefix[target.key])
        return bool(set(self.targets.tables_named_by(key, loose=False)) & set(home))

    def _key_adjusted(self, sig: Signal, parsed: Parsed, target: Target) -> Signal:
        """Discount a table-name match when the key is named for something else than the column's suffix."""
        kw = self.names.col_words(target.table, target.columns[0])
        factor = 1.0
        if parsed.suffix is None:
            factor *= 0.8  # `customer` holding ids: plausible, but the name does not say identifier
        elif parsed.suffix in LINK_WORDS:
            factor *= 0.85
        if kw and parsed.suffix is not None and kw[-1] != parsed.suffix and not key_named_for(kw, self.names.core[target.key]):
            factor *= 0.85
        elif kw and parsed.suffix in WEAK_ID and kw[-1] != parsed.suffix and kw[-1] in STRONG_ID:
            factor *= 0.9  # product_code pointing at an integer product_id: unusual
        if factor == 1.0:
            return sig
        return Signal(sig.rule, round(sig.strength * factor, 4), sig.why)

    def _evidence_only(self, table: Table, col: Column, parsed: Parsed) -> list[Candidate]:
        """An identifier column whose values fit inside exactly one key, and were all found there."""
        out = []
        for (fk, fc, tk, tc), c in self.containment_from.get((table.key, (col.name,)), ()):
            if fk != table.key or fc != (col.name,) or c.ratio < 0.99 or c.from_distinct < 10:
                continue
            target = next((t for t in self.targets.single.get(tk, ()) if tuple(t.columns) == tc), None)
            if (target is None or self.specificity(col, table) < 1.0 or _dense_and_sparse(target, c.from_distinct)
                    or self._named_by_another(table, col, target) or self._names_prefixed_id_of_other(parsed, target)):
                continue
            cand = self.score(table, [col], target, Signal("identifier_values_contained", 0.4,
                                                           "an identifier whose values fit only this key"), parsed)
            if cand is not None:
                out.append(cand)
        return out

    def _extends_by_own_id(self, table: Table, cols: list[Column], target: Target) -> bool:
        """Keyed by the whole composite key of a larger table, one of whose columns is named as that
        table's own identifier behind its prefix (TPC-C's new_order by no_w_id, no_d_id, no_o_id:
        the orders' o_id): a subset of its rows (the orders not yet delivered), one row each, not a
        sibling keyed by the same things."""
        prefix = self.names.prefix[table.key]
        return _extends(table, target.table) and any(
            target.key in self._prefixed_ids.get(tuple(parse_reference(c.name, prefix).words), ()) for c in cols)

    def _names_prefixed_id_of_other(self, parsed: Parsed, target: Target) -> bool:
        """The column, behind its own table's prefix, is named as another table's own identifier
        behind that table's prefix (o_c_id and h_c_id read c_id, customer's c_id; ol_o_id reads
        o_id, the orders'): it names that table, even where that table's key is composite and so no
        single-column target, and a third table's key that merely holds its numbers (items 1..1000
        holding customers 1..300 of a district) is no reference."""
        named = self._prefixed_ids.get(tuple(parsed.words))
        return bool(named) and target.key not in named

    def _calendar_days(self, table: Table, col: Column, parsed: Parsed, calendars: list[Target] | None = None) -> list[Candidate]:
        """A date every one of whose days a calendar table holds (compiler.calendar): the fact's
        day joins the calendar's, whatever either is called (time_id, order_date, date_day).
        Nothing else: a date column is no key, and dates of two tables overlap by chance. Nor a
        date that records no event of the row: when a version of it was valid, when it was
        loaded or changed, when someone was born."""
        by_name = kind_by_name(col.name)
        if by_name is not None and by_name[0] in NOT_EVENTS:
            return []
        out = []
        for target in self.targets.calendars if calendars is None else calendars:
            if target.key == table.key:
                continue
            c = self.containment.get((table.key, (col.name,), target.key, tuple(target.columns)))
            if c is None or c.sampled or not c.from_distinct or c.ratio < 0.99:
                continue
            why = f"{c.from_distinct} distinct dates, each a day of the calendar {target.table.name}"
            cand = self.score(table, [col], target, Signal("calendar_days", 0.8, why), parsed, 1.0)
            if cand is not None:
                out.append(cand)
        return out

    @staticmethod
    def _picks(table: Table, col: Column, fitting: list, spread: dict) -> bool:
        """The one key that holds the column's values, each value on one row and spread over most
        of the key's range: one of its rows picked per row (a country's capital among the cities)."""
        if len(fitting) != 1 or not _scattered_picks(col, table):
            return False
        target = fitting[0][1]
        return spread.get((target.key, target.columns[0]), 0.0) >= PICKS_SPREAD

    def _values_first(self, table: Table, col: Column, parsed: Parsed) -> list[Candidate]:
        """Data first: a column whose values all sit in one key and fill it, whatever its name
        says (`handled_by`, `actor`, `besitzer`). Text and UUID values found in exactly one key
        rarely do so by chance. Integers do: every tiny lookup table keyed 1..n holds the small
        numbers of any rating or status, so they need at least MIN_DATA_ONLY distinct values
        (fewer make a suggestion at most), MIN_INT_COVER of the key's values and of its range
        used, and no rival key that fits as well."""
        fam = FAMILY.get(col.data_type or "unknown")
        if fam not in ("int", "str", "uuid") or col.profile is None or is_calendar_part(table, col):
            return []
        if fam == "int" and self._own_number(table, col, parsed):
            return []
        fitting: list[tuple[float, Target, Containment]] = []
        spread: dict[tuple[str, str], float] = {}  # share of each key's range an integer column spans
        copies = 0  # its own table's key, which it holds values of without referring to it
        period = period_named(words(col.name)) if fam == "int" else None
        # Lookups the name names: the very period of the calendar the column numbers, or the
        # lookup's own name by its initials.
        named: set[str] = set()
        last = words(col.name)[-1] if fam == "int" and words(col.name) else ""
        for (_fk, _fc, tk, tc), c in self.containment_from.get((table.key, (col.name,)), ()):
            if c.from_distinct < 2 or c.sampled or c.ratio < (0.99 if fam == "int" or c.from_distinct < MIN_ORPHAN_TEXT
                                                                else ORPHAN_TEXT_RATIO):
                continue
            target = next((t for t in self.targets.single.get(tk, ()) if tuple(t.columns) == tc), None)
            if target is None or (target.key == table.key and target.columns == [col.name]):
                continue
            # Two columns of one table sharing values are usually copies (a username equal to the
            # first name, a display name equal to the name), not a reference; a self reference
            # found by data alone must land on the table's own primary key (invited_by -> id).
            if target.key == table.key and target.columns != target.entity.primary_key:
                continue
            # A column of its own table's key values, filled on nearly every row and each row a
            # different one (a second register's id equal to the key on most rows: bbrefID beside
            # playerID), is the row named again, not a reference: parents and managers are shared
            # by several rows, and a sparse link (a franchise's predecessor) leaves most rows empty.
            # A name that says it is a role (invited_by, manager_id, parent_id) still is one. Nor, in
            # a small lookup, is a description that repeats a few of its codes: those values fit
            # two keys, this one and any other's, and prove neither.
            if (target.key == table.key and (_unique_among_values(table, col) or c.from_distinct < MIN_DATA_ONLY)
                    and parsed.suffix not in LINK_WORDS and person_role(parsed) is None
                    and self_role(parsed, self.names.core[table.key]) is None):
                copies += 1
                continue
            key = target.table.column(target.columns[0])
            if fam == "int" and _part_lookup(self.names.core[target.key], key) and not PERIODS & set(words(col.name)):
                # A lookup of a calendar's parts (months 1..12, weekdays 1..7) holds the small
                # numbers of any bucket or grade (a distance group 1..11): only a part of the
                # calendar refers to it, never numbers that name none.
                continue
            if fam == "int" and period is not None and _part_lookup(self.names.core[target.key], key):
                listed = period_listed(target.table)
                if listed is not None and listed != period:
                    # A day of the week 1..7 sits in the months' 1..12 too, a quarter 1..4 in both:
                    # each part of the calendar joins the lookup of its own period only.
                    continue
                if listed == period:
                    # Its codes are the calendar's own (Monday .. Sunday 1..7), whatever codes the
                    # lookup adds (9, an unknown day): named alike, the values need not fill it.
                    named.add(target.key)
                    spread[target.key, target.columns[0]] = 1.0
                    fitting.append((1.0, target, c))
                    continue
            if fam == "int" and target.key != table.key and _initials_of(last, self.names.core[target.key]):
                # A code of a register named by its initials (OriginWac, DestWac: World Area Codes),
                # every value of it a code the register lists: a few of its many codes, sparse in
                # its range, as any place's code uses of a world's. The name says whose codes.
                named.add(target.key)
                spread[target.key, target.columns[0]] = 1.0
                fitting.append((1.0, target, c))
                continue
            size = key.profile.distinct_count if key is not None and key.profile is not None else None
            if not size:
                continue
            cover = c.from_distinct / size
            if fam == "int":
                p, k = col.profile, key.profile
                if not (_num(p.min) and _num(p.max) and _num(k.min) and _num(k.max)) or k.max <= k.min:
                    continue
                spread[target.key, target.columns[0]] = (p.max - p.min + 1) / (k.max - k.min + 1)
                cover = min(cover, spread[target.key, target.columns[0]])
            fitting.append((cover, target, c))
        if not fitting:
            return []
        if fam == "int" and copies and not named:
            # Whole numbers that name each row of their own table again (an alternate key 1..n beside
            # the key 1..n) fill any other key numbered 1..n of that size by the numbering alone: a
            # promotion's alternate key 1..16 is no account among 16 accounts. (Not where the name
            # says which lookup's: a day of the week among trips numbered 1..n is still a weekday.)
            return []
        fitting.sort(key=lambda f: (-f[0], f[1].key))
        cover, target, c = fitting[0]
        if fam == "int":
            rivals = [f for f in fitting[1:] if f[0] >= MIN_INT_COVER]
            if rivals or (cover < MIN_INT_COVER and not self._picks(table, col, fitting, spread)):
                return self._link_role(table, col, parsed, fitting, spread) or self._sparse_self_reference(
                    table, col, parsed, fitting, spread)
            if cover < MIN_INT_COVER:
                # Too few of the key's rows to make a join, too scattered to be numbers: a
                # suggestion, so it is never added up.
                strength = 0.45
                why = (f"{c.from_distinct} distinct integers, each on one row, spread over "
                       f"{spread[target.key, target.columns[0]]:.0%} of this key's range")
            elif target.key in named and period is not None and period == period_listed(target.table):
                strength = 0.7
                why = (f"its {c.from_distinct} distinct numbers are {period.replace('_', ' ')}s of the calendar, all "
                       f"found in this lookup of {period.replace('_', ' ')}s")
            elif target.key in named:
                strength = 0.7
                why = f"named by the initials of {target.table.name}, whose key holds each of its {c.from_distinct} distinct numbers"
            else:
                strength = 0.7 if c.from_distinct >= MIN_DATA_ONLY else 0.45
                why = f"{c.from_distinct} distinct integers cover {cover:.0%} of this key's values and range, no other key fits as well"
        else:
            extended = self._extended_key(table, col, parsed, fitting) if len(fitting) > 1 else None
            if extended is not None:
                cover, target, c = extended
                fitting = [extended]
            elif len(fitting) + (copies if c.from_distinct < MIN_DATA_ONLY else 0) > 1:
                return []
            strength = 0.7 if c.from_distinct >= 3 else 0.45
            why = f"{c.from_distinct} distinct {fam == 'uuid' and 'UUIDs' or 'text values'} found in this key and in no other"
            if extended is not None:
                why = (f"{c.from_distinct} distinct {fam == 'uuid' and 'UUIDs' or 'text values'} found in this key, and in "
                       f"no other but the keys of tables that extend it")
        if self._named_by_another(table, col, target):
            return []
        # Integers fit many keys by range; their coverage, not their specificity, made the case.
        spec = 0.0 if fam == "int" else 1.0 / len(fitting)
        cand = self.score(table, [col], target, Signal("values_contained", strength, why), parsed, spec)
        return [cand] if cand is not None else []

    def _extended_key(self, table: Table, col: Column, parsed: Parsed, fitting: list) -> tuple | None:
        """Text or UUID values found in several keys that are one key: a table and the tables that
        extend it, each keyed by values all found in its key (IMDb's title_basics and title_crew,
        one row per title each). Values found in all of them say no more than found in the one the
        others extend, so they point at that one, when the name says the column holds an
        identifier (`titleId`) or a role of that key (`parentTconst`: a role word, then the key's
        name). Otherwise values in two keys stay ambiguous."""
        ws = self.names.col_words(table, col.name)
        for cover, target, c in fitting:
            if target.key == table.key or target.columns != target.entity.primary_key or len(target.columns) != 1:
                continue
            kw = self.names.col_words(target.table, target.columns[0])
            if not (parsed.suffix in _ID_WORDS or (kw and len(ws) > len(kw) and ws[-len(kw):] == kw)):
                continue
            if all(o is target or self._extends_key(o, target) for _cv, o, _c in fitting):
                return cover, target, c
        return None

    def _extends_key(self, other: Target, target: Target) -> bool:
        """`other` is keyed by its table's primary key, every value of which was found in the key
        of `target`'s table, which it may extend: fewer rows; as many, when the key is named after
        `target`'s table and not after its own (assessment_id in assessment and in
        agreement_assessment), else by name as `_extends` breaks ties."""
        if other.columns != other.entity.primary_key or len(other.columns) != 1:
            return False
        if other.table.row_count is not None and other.table.row_count == target.table.row_count:
            mine, theirs = (self._names_table(parse_reference(t.columns[0], self.names.prefix[t.key]), t.key) for t in (other, target))
            if mine or (not theirs and not _extends(other.table, target.table)):
                return False
        elif not _extends(other.table, target.table):
            return False
        c = self.containment.get((other.key, tuple(other.columns), target.key, tuple(target.columns)))
        return c is not None and not c.sampled and bool(c.from_distinct) and c.ratio >= 0.99

    def _own_number(self, table: Table, col: Column, parsed: Parsed) -> bool:
        """Whole numbers named as the number of a thing (`ticket_number`, `catalog_page_number`,
        `numero_ticket`) that is the row's own: its table's (a page's number in its catalog), or a
        thing no table holds whose number is part of the table's key beside references (a sale
        line keyed by item and ticket: the ticket's number, a transaction with no table of its
        own). Such numbers run 1..n and sit in any other key numbered 1..n of that size; values
        alone do not make them a reference (tickets 1..1400 among household profiles 1..1440)."""
        ws = head_last(tuple(parsed.words), NUMBER_WORDS)  # numero_ticket: the ticket's number
        if len(ws) < 2 or ws[-1] not in LAST_NUMBER_WORDS:
            return False
        base = tuple(singular(w) for w in ws[:-1])
        named = {k for k in self.names.core if table_signal(base, self.names.core[k], False) is not None}
        if named - {table.key}:
            return False
        pk = self.entity_pk.get(table.key, [])
        return table.key in named or (len(pk) >= 2 and col.name in pk)

    def _named_by_another(self, table: Table, col: Column, target: Target) -> bool:
        """Another column of the table is named for the target's table (movieId beside userId in
        ratings): that one is the reference to it, and this one, named for something else, only
        holds numbers its key holds too (user 1..600 among movie ids). A second reference to one
        table is named as a role of it (original_movie_id), which its name then reads, or by a role
        of its own (owner_id, invited_by; a self reference's table is its key's namesake anyway)."""
        prefix = self.names.prefix[table.key]
        parsed = parse_reference(col.name, prefix)
        if parsed.suffix in LINK_WORDS or person_role(parsed) is not None or self._names_table(parsed, target.key):
            return False
        if target.key == table.key:
            return self._names_other_thing(table, parsed)
        return any(other is not col and self._names_table(parse_reference(other.name, prefix), target.key) for other in table.columns)

    def _names_other_thing(self, table: Table, parsed: Parsed) -> bool:
        """An identifier of a table of things (not people) named for some other thing (SupplierID in
        products, with no suppliers table): the products' ids hold its numbers by chance. A table's
        reference to itself is named by a role of it (parent_id, replacement_product_id); among
        people any role may be (mentor_id, coach_id)."""
        own = self.names.core[table.key]
        return (parsed.suffix in STRONG_ID and bool(parsed.base) and not is_person_table(own)
                and parsed.base[0] not in SELF_WORDS and table_signal(parsed.base, own, parsed.first) is None)

    def _names_table(self, parsed: Parsed, key: str) -> bool:
        """An identifier (`movieId`, `stop_id`) named after the table `key`, not a word that merely
        begins like it (`mta_tax` and `taxi_zones`)."""
        if parsed.suffix not in STRONG_ID or not parsed.base:
            return False
        sig = table_signal(parsed.base, self.names.core[key], parsed.first)
        return sig is not None and sig.rule in ("table_name", "abbreviated_table_name", "inflected_table_name")

    def _link_role(self, table: Table, col: Column, parsed: Parsed, fitting: list, spread: dict) -> list[Candidate]:
        """`referred_by`, `presentato_da`, `rekommenderad_av`: a name ending in a preposition of
        agency (LINK_WORDS, in several languages) says the column holds someone, not a quantity,
        but not whom; and such roles use few of the key's values (a few members refer others), so
        the coverage `_values_first` asks of a nameless column cannot hold. What the data still
        shows is where the values live: spread over the whole range of one key and over little
        of any other, every value found there."""
        if parsed.suffix not in LINK_WORDS:
            return []
        ranked = sorted(((spread.get((t.key, t.columns[0]), 0.0), t, c) for _cover, t, c in fitting),
                        key=lambda f: (-f[0], f[1].key))
        best, target, c = ranked[0]
        if best < LINK_SPREAD or c.from_distinct < MIN_DATA_ONLY:
            return []
        if len(ranked) > 1 and ranked[1][0] > LINK_RIVAL * best:
            return []
        why = (f"a role ({parsed.suffix!r}) whose {c.from_distinct} distinct integers span {best:.0%} of this key's "
               f"range and at most {LINK_RIVAL:.0%} of any other's")
        cand = self.score(table, [col], target, Signal("role_values_contained", 0.7, why), parsed, 0.0)
        return [cand] if cand is not None else []

    def _sparse_self_reference(self, table: Table, col: Column, parsed: Parsed, fitting: list,
                               spread: dict) -> list[Candidate]:
        """An identifier most rows leave empty, named for no table, whose values are all rows of its
        own table spread over its whole key (a question's accepted_answer_id among the posts, a
        ticket's duplicate_of_id): a role some rows give another row of their kind. Few rows use
        it, so the coverage `_values_first` asks cannot hold, and its word (`answer`) names a kind
        of the table's rows, not a table. Numbers that sit in a table's own key by chance are dense
        columns (a products' supplier_id on every row, 1..29 among 1..77: `_names_other_thing`) or
        a run of small numbers, not a few values scattered over the key's whole range, found
        there and nowhere else as widely."""
        p = col.profile
        if (parsed.suffix not in STRONG_ID or not parsed.base or p is None or not table.row_count
                or p.null_count is None or p.null_count < SPARSE_ROLE * table.row_count
                or self.targets.tables_named_by(parsed, loose=False)):
            return []
        ranked = sorted(((spread.get((t.key, t.columns[0]), 0.0), t, c) for _cover, t, c in fitting),
                        key=lambda f: (-f[0], f[1].key))
        best, target, c = ranked[0]
        if (target.key != table.key or target.columns != target.entity.primary_key or best < LINK_SPREAD
                or c.from_distinct < MIN_DATA_ONLY or (len(ranked) > 1 and ranked[1][0] > LINK_RIVAL * best)):
            return []
        why = (f"{c.from_distinct} distinct values on {1 - p.null_count / table.row_count:.0%} of the rows, all rows of this "
               f"table spanning {best:.0%} of its key's range and at most {LINK_RIVAL:.0%} of any other's")
        cand = self.score(table, [col], target, Signal("sparse_self_reference", 0.7, why), parsed, 0.0)
        return [cand] if cand is not None else []

    def specificity(self, col: Column, table: Table) -> float:
        """1 / the number of keys whose profiled ranges could hold this column's values.
        Only keys whose maximum (integers) or distinct count reaches the column's can, so those
        are found by bisection, and counting stops at SPEC_CAP: past that the values are common
        and the exact number no longer matters (1/64 adds nothing a threshold could see)."""
        ident = (table.key, col.name)
        if ident not in self._spec_cache:
            p = col.profile
            if p is not None and _num(p.max):
                bounds, keys = self._spec_index("max")
                candidates = keys[: bisect.bisect_right(bounds, -p.max)]
            elif p is not None and p.distinct_count is not None:
                bounds, keys = self._spec_index("distinct")
                candidates = keys[: bisect.bisect_right(bounds, -p.distinct_count)]
            else:
                candidates = self._spec_index("max")[1]
            n = 0
            for t, k in candidates:
                if (t.key, k.name) != ident and type_fit(col.data_type, k.data_type) and range_fits(col, k):
                    n += 1
                    if n >= SPEC_CAP:
                        break
            self._spec_cache[ident] = 1.0 / n if n else 0.0
        return self._spec_cache[ident]

    def _spec_index(self, by: str) -> tuple[list[float], list[tuple[Target, Column]]]:
        """Every referenceable key with its column, sorted by -max or -distinct count (unknown first)."""
        if by not in self._spec_indexes:
            keys = []
            for targets in self.targets.single.values():
                for t in targets:
                    k = t.table.column(t.columns[0])
                    if k is not None:
                        keys.append((t, k))

            def bound(k: Column) -> float:
                kp = k.profile
                if by == "max":
                    return float(kp.max) if kp is not None and _num(kp.max) else math.inf
                return kp.distinct_count * 1.05 if kp is not None and kp.distinct_count is not None else math.inf

            keys.sort(key=lambda tk: -bound(tk[1]))
            self._spec_indexes[by] = ([-bound(k) for _t, k in keys], keys)
        return self._spec_indexes[by]

    # -- scoring -------------------------------------------------------------------------------

    def score(self, table: Table, cols: list[Column], target: Target, signal: Signal, parsed: Parsed | None,
              spec: float | None = None) -> Candidate | None:
        """spec: how specific the values are (1 / keys they could fit), when the caller knows."""
        keys = [target.table.column(k) for k in target.columns]
        if any(k is None for k in keys):
            return None
        # Days kept as dates and times at midnight fit as dates do (a fact's DATETIME day to its calendar's).
        fits_ = [type_fit(c.data_type, k.data_type) or float(holds_days(c.data_type, c.profile) and holds_days(k.data_type, k.profile))
                 for c, k in zip(cols, keys)]
        if len(cols) > 1:
            # A part of a composite key may be a date (a course run by its start date, a price by
            # its valid_from) when another part identifies: the pair is the key, not the date.
            fits_ = [1.0 if f == 0.0 and c.data_type == k.data_type and c.data_type in TEMPORAL_PARTS else f
                     for f, c, k in zip(fits_, cols, keys)]
            if all(c.data_type in TEMPORAL_PARTS for c in cols):
                return None
            if any(_opens_period(c, table) and _opens_period(k, target.table) for c, k in zip(cols, keys)):
                # Both dates open a period another column closes (a title's from_date, a salary's):
                # two histories of one thing whose periods start together (a promotion on the pay
                # review day), not a row and the row it names, however many starts coincide.
                return None
        fit = min(fits_)
        if fit == 0.0:
            return None
        if len(cols) == 1 and target.columns != target.entity.primary_key and _own_alternate_key(table, cols[0]):
            # Two tables' own unique codes (a region's code and capital, a department's): sibling
            # code lists overlap by construction, and a name shared says nothing more.
            return None
        s = signal.strength * fit * target.keyness * (0.95 if target.table.kind != "table" else 1.0)
        pairs = ", ".join(f"{c.name} -> {target.table.name}.{k.name}" for c, k in zip(cols, keys))
        evidence = [f"name: {signal.why} ({signal.rule}, {signal.strength:.2f})"]
        types = ", ".join(f"{c.data_type or '?'}" for c in cols)
        evidence.append(f"types: {types} match {', '.join(k.data_type or '?' for k in keys)}" + ("" if fit == 1.0 else f" (loosely, x{fit:.2f})"))
        evidence.append(f"key: {target.why}")
        cont = self.containment.get((table.key, tuple(c.name for c in cols), target.key, tuple(target.columns)))
        fits = [False if _pattern_outside(c, table, k, target.table) else range_fits(c, k) for c, k in zip(cols, keys)]
        if cont is not None and cont.from_distinct > 0:
            if len(cols) > 1 and cont.ratio < 0.99 and any(_temporal(c) for c in cols):
                # Two histories of one thing share its id and often a start date by coincidence (an
                # employee's first title, department and salary all start on the hire day): a
                # date in a composite reference proves the join only when every value is found.
                return None
            pct = f"{cont.matched}/{cont.from_distinct} distinct values found in the key ({cont.ratio:.1%})" + (" on a sample" if cont.sampled else "")
            ratio = cont.ratio
            if len(cols) == 1 and cont.from_distinct - cont.matched == 1 and is_none_placeholder(
                    cols[0].profile.min if cols[0].profile else None, keys[0].profile.min if keys[0].profile else None):
                # The one value not found is below every key: a 0 or -1 written for none.
                ratio = 1.0
                pct += f"; the one not found, {cols[0].profile.min}, stands for none"
            if ratio >= 0.99:
                if spec is None:
                    spec = self.specificity(cols[0], table) if len(cols) == 1 and s < self.threshold else 0.0
                conf = s + (1 - s) * (0.4 + 0.45 * spec)
                evidence.append(f"containment: {pct}" + (f"; values fit {round(1 / spec)} key(s)" if spec else ""))
            elif ratio >= ORPHAN_TEXT_RATIO and spec and cont.from_distinct >= MIN_ORPHAN_TEXT:
                # Values that fit this key alone: what was found outweighs the few orphans.
                conf = (s + (1 - s) * (0.4 + 0.45 * spec)) * ratio
                evidence.append(f"containment: {pct}; values fit {round(1 / spec)} key(s): some orphans")
            elif ratio >= 0.9:
                # Rising with what was found, from 0.95 at nine tenths to the full score at 0.99,
                # and never below what an exact name gets with more orphans (the branch below):
                # 97% of a route's source airports found had scored lower than 85% would.
                rise = 0.95 + 0.05 * (ratio - 0.9) / 0.09
                conf = s * max(rise, 0.85 + 0.15 * ratio if signal.strength >= EXACT_NAME else 0.0)
                evidence.append(f"containment: {pct}: some orphans")
            elif ratio >= PARTIAL_CONTAINMENT and signal.strength >= EXACT_NAME:
                # Facts often outlive or precede their dimension rows (deleted listings, late users):
                # a column named exactly as the key (or after its table), most of whose values are
                # found there, is the join a developer writes (a left join keeps the orphans).
                conf = s * (0.85 + 0.15 * ratio)
                evidence.append(f"containment: {pct}: many orphans, kept for the exact name")
            else:
                conf = s * ratio * 0.6
                evidence.append(f"containment: only {pct}")
        elif cont is not None:
            conf = s
            evidence.append("containment: no values to check (empty or all null)")
        elif self.has_data and len(cols) > 1 and any(_temporal(c) for c in cols):
            # With data at hand but this tuple never counted (a key of four columns, say), a date
            # in it is unproven for the reason above: ranges that fit say nothing of coincidence.
            return None
        elif False in fits:
            conf = s * 0.3
            evidence.append("profile: the values fall outside the key's range or outnumber it")
        elif True in fits:
            conf = s
            evidence.append("profile: the values fit the key's range (containment not checked)")
        else:
            conf = s * NO_DATA_FACTOR if not self.has_data else s * 0.95
            evidence.append("no data to confirm: names and types only")
        evidence.insert(0, f"columns: {pairs}")
        return Candidate([c.name for c in cols], target, signal, round(min(conf, 1.0), 4), evidence)

    # -- composite keys ------------------------------------------------------------------------

    def composite_candidates(self, table: Table, entity: Entity) -> list[Candidate]:
        out = []
        own_key = set(entity.primary_key)
        tkey = table.key
        prefix = self.names.prefix[tkey]
        mine = {}
        for col in table.columns:
            p = parse_reference(col.name, prefix)
            mine.setdefault((p.base, p.suffix in _ID_WORDS), col)
        if prefix:
            # A prefix the columns share may be a word of the key's names (Sales in SalesOrderNumber,
            # SalesOrderLineNumber, SalesReasonKey): read whole too, as the key's table reads them.
            for col in table.columns:
                p = parse_reference(col.name, None)
                mine.setdefault((p.base, p.suffix in _ID_WORDS), col)
        # Only the composite keys whose first column has a namesake here, in their original order
        # (a scan of every composite key for every table grew with tables x keys).
        found = sorted({i for reading in mine for i in self._composite_by_first.get(reading, ())})
        for i in found:
            target, readings = self.targets.composite[i], self._composite_readings[i]
            if target.key == tkey:
                continue
            # A key column named behind the key's table prefix (h_c_w_id, h_c_d_id: the customer's
            # w_id and d_id, beside h_w_id and h_d_id, the history row's own district) is that
            # table's column before the bare namesake.
            tprefix = tuple(words(self.names.prefix[target.key] or ""))
            cols = [(mine.get((tprefix + r[0], r[1])) if tprefix and r[0][:len(tprefix)] != tprefix else None) or mine.get(r)
                    for r in readings]
            if any(c is None for c in cols) or len({c.name for c in cols}) != len(cols):
                continue
            if len(cols) == len(own_key) and {c.name for c in cols} == own_key and not self._extends_by_own_id(table, cols, target):
                # Two tables keyed by the same composite (batting and fielding by player, year,
                # stint) are siblings: both point at the dimensions their key columns name, not
                # at each other.
                continue
            if any(_counts_them(c, k) for c, k in zip(cols, target.columns)):
                continue
            sig = Signal("same_names_as_composite_key", 0.9, f"every column of the key {target.table.name}({', '.join(target.columns)}) has a namesake")
            cand = self.score(table, cols, target, sig, None)
            if cand is not None:
                out.append(cand)
        return out


def _prefixed_own_id(name: str, prefix: str) -> bool:
    """`c_id` in a table whose columns share the prefix c_ (TPC-C's customer): after the prefix
    only an identifier word is left; the table's own identifier, the prefix standing for the table."""
    ws = parse_reference(name, prefix).words
    return len(ws) == 1 and ws[0] in STRONG_ID and len(words(name)) > 1


def _key_reading(key: str, prefix: str | None) -> tuple[tuple[str, ...], bool]:
    """A composite key column as a name reading (base words, identifier-like). The table's own
    identifier behind its prefix (o_id in orders keyed by o_w_id, o_d_id, o_id) reads whole, as
    its prefix's identifier: other tables name it so behind their own prefix (ol_o_id, no_o_id);
    read bare (`id`) it would match any other table's own identifier (customer's c_id)."""
    if prefix and _prefixed_own_id(key, prefix):
        p = parse_reference(key)
    else:
        p = parse_reference(key, prefix)
    return p.base, p.suffix in _ID_WORDS


def _stem_of_ties(table: Table, cands: list[Candidate]) -> list[Candidate]:
    """Composite candidates of one tuple of columns that tie on several tables keyed alike (an
    ERP's document headers, each keyed by client and document number: SAP's VBAK orders, LIKP
    deliveries and VBRK invoices all by MANDT, VBELN): names alone cannot tell them apart, and a
    line refers to one header only. The table this table's name starts like (order_lines with
    orders, VBAP's items with VBAK, LIPS's with LIKP) keeps the tie where it is the only one
    so alike; where none stands out, they all stay as they were."""
    by_cols: dict[tuple[str, ...], list[int]] = {}
    for i, c in enumerate(cands):
        by_cols.setdefault(tuple(c.from_cols), []).append(i)
    dropped: set[int] = set()
    for group in by_cols.values():
        if len({cands[i].target.key for i in group}) < 2:
            continue
        top = max(cands[i].confidence for i in group)
        tied = [i for i in group if cands[i].confidence >= top - 0.005]
        if len(tied) < 2:
            continue
        stems = sorted(((_header_likeness(table.name, cands[i].target.table.name), i) for i in tied), reverse=True)
        best, runner_up = stems[0][0], stems[1][0]
        if (best[0] >= 1 or best[2] >= 2) and best > runner_up:
            dropped |= {i for _n, i in stems[1:]}
    return [c for i, c in enumerate(cands) if i not in dropped]


def _header_likeness(line: str, header: str) -> tuple[int, int, int]:
    """How much the name `line` starts like `header`'s, to rank the headers a line table may
    belong to: by words where the names have words (invoice_lines is an invoice's, of `invoices`
    entirely, and not of invoice_batches, though that shares a longer run of letters), the fewer
    of the header's words left over the better; by leading letters only between two single-word
    abbreviations (VBAP and VBAK, LIPS and LIKP), where letters are all there is to go by."""
    mine, theirs = read_words(line), read_words(header)
    if len(mine) == 1 and len(theirs) == 1:
        return 0, 0, _shared_start(mine[0], theirs[0])
    shared = 0
    for a, b in zip(mine, theirs):
        if singular(a) != singular(b):
            break
        shared += 1
    return shared, shared - len(theirs), 0


def _shared_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _counts_them(col: Column, key: str) -> bool:
    """A number named as the plural of a key column's name (a sprint's laps beside a lap time's
    lap): how many there were, not which one; every count up to the last is also a number."""
    mine, theirs = words(col.name), words(key)
    return (col.data_type == "integer" and len(mine) == len(theirs) and mine[:-1] == theirs[:-1] and mine[-1] != theirs[-1]
            and singular(mine[-1]) == theirs[-1])


def _counts_things(col: Column, parsed: Parsed) -> bool:
    """A number named by a plural and no identifier word (UpVotes, comments, num_orders) counts
    the rows of whatever it names, not which one: a user's up votes beside the votes table. Its
    values, small counts piled on 0, sit inside any key numbered 1..n without pointing at it."""
    last = parsed.words[-1] if parsed.words else ""
    return (FAMILY.get(col.data_type or "unknown") == "int" and parsed.suffix is None
            and singular(last) != last)


# Words before a column of a table's own that name another row of it: a hierarchy or a chain.
HIERARCHY_WORDS = frozenset({"parent", "prev", "previous", "next", "root", "superior", "predecessor", "successor", "replaced",
                             "original", "eltern", "vorgaenger", "nachfolger", "padre", "pere", "ouder", "pai"})


def _own_sequence(parsed: Parsed, own_core: tuple[str, ...], col: Column, target: Target) -> bool:
    """A key named by its own table's head word too (resultId in sprint_results, whose rows are
    results) that numbers its rows 1..n, n a sliver of the other table's 1..N: the table's own
    numbering, which any small numbers fit, not the other table's rows it extends (sprint result 1
    is another race's result than result 1)."""
    if not parsed.base or not own_core or singular(parsed.base[-1]) != singular(own_core[-1]):
        return False
    p = col.profile
    if p is None or not isinstance(p.min, int) or not isinstance(p.max, int) or not p.distinct_count or p.min > 1:
        return False
    return p.distinct_count >= 0.9 * (p.max - p.min + 1) and _dense_and_sparse(target, p.distinct_count)


SLIVER = 0.2  # a share of a key's values below which finding a run of small numbers there proves nothing


def _positions(col: Column) -> bool:
    """Whole numbers from 1 running with no gaps to speak of to some k (1, 2, 3 ... k): a position
    in a sequence, as well as the first k ids of any table numbered from 1."""
    p = col.profile
    if p is None or not isinstance(p.min, int) or not isinstance(p.max, int) or p.min != 1 or p.max < 2 or not p.distinct_count:
        return False
    return p.distinct_count >= 0.9 * p.max


SCATTER = 5  # a range five times the values' number: no run of ids
PICKS_SPREAD = 0.5


def _opens_period(col: Column, table: Table) -> bool:
    """A time column another column of its table closes (from_date beside to_date)."""
    return col.data_type in TIME_TYPES and interval_end(col.name, [c.name for c in table.columns]) is not None


def _temporal(col: Column) -> bool:
    """A date, a time or a year (an all-star's season, yearID): in a composite reference, shared
    by two histories of one thing by coincidence as often as by reference."""
    return col.data_type in TEMPORAL_PARTS or is_year_column(col, col.data_type)


def _dense_and_sparse(target: Target, found: int) -> bool:
    """A key of whole numbers with no gaps to speak of (1..N) that the values found in it cover
    only a sliver of (27 account codes among 39,409 finance rows): any small numbers are found in
    such a key, so finding them there says only that they are small. Values that cover much of it
    (companies' ids, most of them with an office) still say something."""
    k = target.table.column(target.columns[0])
    p = k.profile if k is not None else None
    if p is None or not isinstance(p.min, int) or not isinstance(p.max, int) or not p.distinct_count:
        return False
    return p.distinct_count >= 0.9 * (p.max - p.min + 1) and found < SLIVER * p.distinct_count


def _scattered_picks(col: Column, table: Table) -> bool:
    """Values each found once, spread over a range many times their number: a country's capital
    among 2,065 city ids, each city a capital once. Small numbers that happen to lie in a key
    repeat (quantities) or run in sequence (a table's own ids, 1..64)."""
    p = col.profile
    rows = table.row_count
    if p is None or rows is None or not isinstance(p.min, int) or not isinstance(p.max, int) or not p.distinct_count:
        return False
    return p.distinct_count == rows - (p.null_count or 0) and p.max - p.min + 1 >= SCATTER * p.distinct_count


def _extends(table: Table, other: Table) -> bool:
    """Whether `table` may extend `other` (fewer rows; ties broken by name, so never both ways; a
    view before a table)."""
    mine, theirs = table.row_count, other.row_count
    if mine is None or theirs is None:
        return False
    if (table.kind == "table") != (other.kind == "table"):
        # A view is computed from tables: it may extend one (the current row of each employee),
        # a table never extends a view, even with as many rows.
        return table.kind != "table" and mine <= theirs
    return mine < theirs or (mine == theirs and table.key > other.key)


COPY_WORDS = frozenset({"archive", "archived", "old", "backup", "bak", "copy", "history", "hist", "tmp", "temp", "part",
                        "partition", "default", "snapshot"})


def _sibling_kinds(own: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Two tables named as two kinds of one thing (customer_demographics and household_demographics,
    Kunden_Demografie and Haushalt_Demografie: one head word last, and each a qualifier the other
    lacks): siblings, each keyed by a numbering of its own, neither extending the other as
    film_text extends film or lux_listing_id_mapping extends listings_latest."""
    if len(own) < 2 or len(other) < 2 or singular(own[-1]) != singular(other[-1]):
        return False
    mine, theirs = {singular(w) for w in own[:-1]}, {singular(w) for w in other[:-1]}
    return bool(mine - theirs) and bool(theirs - mine)


def _copy_of(own: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """A table named like another plus a number, a date or a copy word (payment_p2007_01,
    orders_2019, customer_backup): a partition or a copy of its rows, not an extension of it."""
    n = len(other)
    if len(own) <= n or own[:n] != other:
        return False
    rest = own[n:]
    return all(w.isdigit() or w in COPY_WORDS or (len(w) <= 2 and w.isalpha()) for w in rest) and (
        any(w.isdigit() for w in rest) or any(w in COPY_WORDS for w in rest))


def _pruned(named: list[tuple[str, Signal]]) -> list[tuple[str, Signal]]:
    """The tables a name points at, without the weak readings that cannot win: a loose reading
    (a shared stem, leading words) when the name spells a table out, and one shared by more than
    MAX_SAME_NAMED tables (customer_0042_id begins a hundred customer tables' names: it names the
    one it spells, or none). Keeps the scoring linear in the columns of numbered schemas."""
    if not named:
        return named
    best = max(sig.strength for _k, sig in named)
    if best >= STRONG_NAME:
        named = [(k, sig) for k, sig in named if sig.strength >= WEAK_NAME]
    weak = [(k, sig) for k, sig in named if sig.strength < STRONG_NAME]
    if len(weak) > MAX_SAME_NAMED:
        named = [(k, sig) for k, sig in named if sig.strength >= STRONG_NAME]
    return named


def _unique_among_values(table: Table, col: Column) -> bool:
    p = col.profile
    return (p is not None and bool(p.distinct_exact) and p.null_count is not None and bool(table.row_count)
            and p.null_count <= 0.1 * table.row_count
            and (p.distinct_count or 0) >= MIN_DATA_ONLY and p.distinct_count == table.row_count - p.null_count)


def _own_alternate_key(table: Table, col: Column) -> bool:
    """Unique and never null in its table, without being its primary key; in a table of a few rows
    values differ by chance, so it takes MIN_DATA_ONLY of them."""
    p = col.profile
    return (bool(table.row_count) and table.row_count >= MIN_DATA_ONLY and p is not None and p.null_count == 0 and bool(p.distinct_exact)
            and p.distinct_count == table.row_count and table.primary_key != [col.name])


def cardinality(table: Table, entity: Entity, cols: list[str]) -> str:
    if table.is_unique(cols) or (entity.primary_key and set(entity.primary_key) <= set(cols)):
        return "one_to_one"
    if len(entity.primary_key) > 1 and set(cols) < set(entity.primary_key):
        # Part of a composite key: the key says this column alone repeats (a department's managers
        # over time), whatever the rows at hand show.
        return "many_to_one"
    # Values that happen to differ prove little when some rows have none (a department's optional
    # manager) or there are few of them; a one-to-one that is really many-to-one double-counts the
    # target's measures, while the reverse costs nothing.
    if len(cols) == 1 and (c := table.column(cols[0])) is not None and (p := c.profile) is not None:
        if table.row_count and p.null_count == 0 and p.distinct_count == table.row_count >= MIN_DATA_ONLY and p.distinct_exact:
            return "one_to_one"
    return "many_to_one"


def _relationship(table: Table, entity: Entity, cand: Candidate) -> Relationship:
    card = cardinality(table, entity, cand.from_cols)
    why = "each row has its own target row" if card == "one_to_one" else f"many {table.name} rows per {cand.target.table.name} row"
    return Relationship.model_validate({
        "from": RelationshipEnd(table=table.name, schema=table.schema_, columns=cand.from_cols),
        "to": RelationshipEnd(table=cand.target.table.name, schema=cand.target.table.schema_, columns=list(cand.target.columns)),
        "cardinality": card,
        "origin": "inferred",
        "confidence": cand.confidence,
        "evidence": [*cand.evidence, f"cardinality: {card} ({why})", f"rule: {NAME}.{cand.signal.rule}"],
    })


def _free(c: Candidate, tkey: str, taken: set, stated: dict[tuple[str, str], set[str]]) -> bool:
    """Whether no declared reference already is this candidate: the same columns, or some of them
    to the same table (a second path to the rows it names)."""
    return (tkey, tuple(c.from_cols)) not in taken and not stated.get((tkey, c.target.key), set()) & set(c.from_cols)


def run(state: State, ctx: Context) -> None:
    cfg = getattr(ctx.config, "inference", None)
    if cfg is not None and not getattr(cfg, "relationships", True):
        return
    inf = Inference(state, ctx)
    taken = {(r.from_.table_key, tuple(r.from_.columns)) for r in state.model.relationships}
    # Columns of each declared (or human) reference, by the tables it joins: an inferred one between
    # the same two tables through some of the same columns (ol_w_id, ol_i_id beside the declared
    # ol_supply_w_id, ol_i_id to stock) is that reference misread, a second path to the same rows.
    stated: dict[tuple[str, str], set[str]] = {}
    for r in state.model.relationships:
        stated.setdefault((r.from_.table_key, r.to.table_key), set()).update(r.from_.columns)
    entities = {e.table.key: e for e in state.model.entities}
    new: list[Relationship] = []
    suggested: list[Relationship] = []
    for table in state.snapshot.tables:
        tkey = table.key
        entity = entities[tkey]
        # The declared references' filter applies before the found composites count as this
        # table's references: one it drops (ol_w_id, ol_i_id to stock beside the declared
        # ol_supply_w_id, ol_i_id) must neither claim ol_w_id (hiding its own join to the
        # warehouse) nor hide a narrower composite as a part of it.
        groups = [[c] for c in _stem_of_ties(table, inf.composite_candidates(table, entity)) if _free(c, tkey, taken, stated)]
        inf.in_composite = {n for g in groups for c in g if c.confidence >= inf.threshold for n in c.from_cols} | {
            n for r in state.model.relationships if r.from_.table_key == tkey and len(r.from_.columns) > 1 for n in r.from_.columns}
        for col in table.columns:
            if (tkey, (col.name,)) not in taken:
                groups.append(inf.candidates_for(table, col, entity))
        # The references through several columns this table makes (declared, or found here): one
        # through a part of another's columns (o_w_id, o_d_id to the district beside o_w_id, o_d_id,
        # o_c_id to the customer, who is in that district) reaches a row the wider one's row already
        # names; a second path to it (Power BI keeps one of the two ways active, and may drop the
        # lines' join to their orders).
        wider = [set(r.from_.columns) for r in state.model.relationships if r.from_.table_key == tkey and len(r.from_.columns) > 1]
        wider += [set(g[0].from_cols) for g in groups if g and len(g[0].from_cols) > 1 and g[0].confidence >= inf.threshold]
        for cands in groups:
            cands = [c for c in cands if _free(c, tkey, taken, stated)
                     and not (len(c.from_cols) > 1 and any(set(c.from_cols) < w for w in wider))]
            if not cands:
                continue
            cands.sort(key=Candidate.rank)
            best = cands[0]
            where = f"{tkey}({', '.join(best.from_cols)})"
            others = [c for c in cands[1:] if c.confidence >= inf.floor]
            if others:
                best.evidence.append("also considered: " + ", ".join(
                    f"{c.target.table.name}.{'+'.join(c.target.columns)} ({c.confidence:.2f})" for c in others[:3]))
            if best.confidence >= inf.threshold:
                new.append(_relationship(table, entity, best))
            elif best.confidence >= inf.floor:
                suggested.append(_relationship(table, entity, best))
                ctx.diags.report(
                    AN007,
                    f"possible relationship to {best.target.key}({', '.join(best.target.columns)}), confidence "
                    f"{best.confidence:.2f} < threshold {inf.threshold:.2f}: " + "; ".join(best.evidence[1:]),
                    where,
                )
    state.model.relationships = sorted([*state.model.relationships, *new], key=lambda r: r.sort_key())
    state.model.suggested_relationships = sorted(suggested, key=lambda r: r.sort_key())
