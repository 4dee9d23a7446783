"""One entity per table, one field per column: time columns become time dimensions, the rest
dimensions. Names become unique lowercase identifiers; raw names stay on `column`. A time kept as
text (normalize_types) is read through a cast of its column (`expr`). A year that is its table's
only time and part of its key (stored_times.year_time) is also read as its first day: a time
dimension with the granularity of a year beside the number. A date and time that the profile found
at midnight on every row is a day (granularity 'day'): its hours and minutes say nothing. A
calendar keyed by its days written as whole numbers YYYYMMDD and holding no date of its own (the
Star Schema Benchmark's d_datekey, its d_date text 'January 1, 1992') reads its key as that day
too: the number stays the key its facts join by, and its day is the calendar's time."""

from __future__ import annotations

from collections import Counter

from compiler.diagnostics import AN003
from compiler.pipeline import Context, State
from ir.provenance import Provenance, Text
from ir.semantic import Dimension, Entity, TimeDimension
from compiler.naming import NameTable, humanize, read_words, snake
from compiler.label_words import Phrases, phrases
from ir.evidence import grains_by_table
from passes.normalize_types import value_cast
from passes.stored_times import Compact, compact_cast, month_cast, month_time, period_cast, period_form, year_cast, year_time
from compiler.calendar import MIDNIGHT, is_day_number_key
from compiler.types import TIME_TYPES

NAME = "build_entities"
_DECLARED = Provenance.declared()
_YEAR = Provenance.inferred(NAME, "year_time", 0.8, ["a year in the table's key, and the table has no other time"])
_MONTH = Provenance.inferred(NAME, "month_time", 0.8, ["months kept as YYYYMM, and the table has no other time"])
_PERIOD = Provenance.inferred(NAME, "period_time", 0.8, ["periods written as statistics publish them (2021, 2021-Q3, 2021-05), "
                                                          "named as the period, and the table has no other time"])
_DAY_KEY = Provenance.inferred(NAME, "day_number_key", 0.8, ["a calendar keyed by its days written YYYYMMDD, with no date of "
                                                              "its own"])


def entity_names(tables) -> list[str]:
    """snake_case table names; schema-qualified only where two schemas share a table name."""
    plain = [snake(t.name, "table") for t in tables]
    clashes = {n for n, c in Counter(plain).items() if c > 1}
    names = NameTable()
    out = []
    for t, n in zip(tables, plain):
        wanted = snake(f"{t.schema_}_{t.name}", "table") if n in clashes and t.schema_ else n
        out.append(names.claim(wanted))
    return out


def _year_label(column: str, words: Phrases | None = None) -> str:
    """yearID's time is "Year", a plain year's "Year (Date)": never the number's own label.
    `words`: the model's template words ("Anio (Fecha)" in Spanish)."""
    base = humanize(" ".join(w for w in read_words(column) if w not in ("id", "key", "nr", "no", "number")))
    return base if base != humanize(column) else f"{base} ({(words or phrases(None)).period('date')})"


def day_number_key(table):
    """The key of a calendar keyed by its days as whole numbers (compiler.calendar.is_day_number_key)
    that holds no time column: the column its day is read from; None otherwise."""
    if any(c.data_type in TIME_TYPES for c in table.columns):
        return None
    return next((c for c in table.columns if is_day_number_key(table, c, c.data_type)), None)


def run(state: State, ctx: Context) -> None:
    entities = []
    words = phrases(state.model.label_language)
    dialect = state.snapshot.source.dialect
    grains = {k: g.columns for k, g in grains_by_table(state.snapshot.evidence.grains).items()}
    # A year that is a table's whole key another table joins by (a table of seasons); one part of a
    # composite key others join by (a team's season: yearID, teamID) is still its row's time.
    joined = {(fk.ref_table.key, fk.ref_columns[0]) for t in state.snapshot.tables for fk in t.foreign_keys
              if len(fk.ref_columns) == 1}
    for table, name in zip(state.snapshot.tables, entity_names(state.snapshot.tables)):
        if name not in (snake(table.name, "table"), snake(f"{table.schema_}_{table.name}", "table")):
            ctx.diags.report(AN003, f"entity named {name!r} to keep names unique", table.key)
        entity = Entity(
            name=name,
            table=table.ref,
            kind=table.kind,
            row_count=table.row_count,
            unique_keys=[list(u.columns) for u in table.unique_keys],
            description=Text.declared(table.comment) if table.comment else None,
        )
        fields = NameTable()
        dims, times = entity.dimensions, entity.time_dimensions
        for col in table.columns:
            fname = fields.claim(snake(col.name, "field"))
            # Keyword arguments left at their defaults cost validation time, so only the set ones
            # are passed; the provenance is one shared frozen instance.
            if col.data_type in TIME_TYPES:
                extra = {"description": Text.declared(col.comment)} if col.comment else {}
                if (cast := value_cast(col, dialect)) is not None:  # ISO dates kept as text: read through a cast
                    extra["expr"] = cast
                if col.data_type == "timestamp" and col.profile is not None and col.profile.patterns.get(MIDNIGHT) == 1.0:
                    extra["granularity"] = "day"  # a day kept as a date and time (an invoice's DATETIME at 00:00)
                times.append(TimeDimension(name=fname, column=col.name, data_type=col.data_type, native_type=col.type,
                                           nullable=col.nullable, provenance=_DECLARED, **extra))
                continue
            extra = {"description": Text.declared(col.comment)} if col.comment else {}
            if (cast := value_cast(col, dialect)) is not None:  # numbers kept as text: read through a cast
                extra["expr"] = cast
            dims.append(Dimension(name=fname, column=col.name, data_type=col.data_type or "unknown", native_type=col.type,
                                  nullable=col.nullable, provenance=_DECLARED, **extra))
        key = list(table.primary_key) or grains.get(table.key, [])
        for col in table.columns:
            if year_time(table, col, key, (table.key, col.name) in joined):
                # The year stays the number people group by; its first day is the table's time.
                times.append(TimeDimension(name=fields.claim(f"{snake(col.name, 'field')}_date"), column=col.name,
                                           expr=year_cast(col.name, dialect), data_type="date", granularity="year",
                                           label=Text.inferred(_year_label(col.name, words), NAME, "year_time"),
                                           native_type=col.type, nullable=col.nullable, provenance=_YEAR))
            elif (form := period_form(table, col, (table.key, col.name) in joined)) is not None:
                # The period stays the label people group by; its first day is the table's time.
                times.append(TimeDimension(name=fields.claim(f"{snake(col.name, 'field')}_{form}"), column=col.name,
                                           expr=period_cast(col.name, form, dialect), data_type="date",
                                           granularity="month" if form == "quarter" else form,
                                           label=Text.inferred(f"{humanize(col.name)} ({words.period(form)})", NAME, "period_time"),
                                           native_type=col.type, nullable=col.nullable, provenance=_PERIOD))
            elif month_time(table, col, (table.key, col.name) in joined):
                # The month stays the value people group by and join by; its first day is the table's time.
                times.append(TimeDimension(name=fields.claim(f"{snake(col.name, 'field')}_month"), column=col.name,
                                           expr=month_cast(col.name, dialect), data_type="date", granularity="month",
                                           label=Text.inferred(f"{humanize(col.name)} ({words.period('month')})", NAME, "month_time"),
                                           native_type=col.type, nullable=col.nullable, provenance=_MONTH))
        if not times and (day := day_number_key(table)) is not None:
            # Its facts join the number; the calendar's time, which their time axes borrow, is the day.
            times.append(TimeDimension(name=fields.claim(f"{snake(day.name, 'field')}_date"), column=day.name,
                                       expr=compact_cast(day.name, dialect, Compact(8, number=True)), data_type="date",
                                       label=Text.inferred(_year_label(day.name, words), NAME, "day_number_key"),
                                       native_type=day.type, nullable=day.nullable, provenance=_DAY_KEY))
        entities.append(entity)
    state.model.entities = entities
