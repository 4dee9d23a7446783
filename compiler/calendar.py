"""A calendar table: one row per day (or per week), keyed by its date, with the calendar's parts
beside it (year, month, quarter, week number, holiday). Star schemas join every fact's date to
it, and the date is its key even though a date column is otherwise never one.

Both the profiler (which checks the facts' dates against it) and the key and join passes read
this one test, so the evidence gathered is the evidence weighed.
"""

from __future__ import annotations

from datetime import date, datetime

from compiler.naming import read_words, words
from compiler.whole_numbers import whole_bounds
from ir.catalog import Column, Table

MIN_DAYS = 28  # a calendar of less than a month is a list of dates, not a dimension
MIN_PARTS = 2  # other columns named as a part of the calendar
MIN_NAMED_PARTS = 3  # the same, where names are all there is
STEPS = (1, 7)  # one row per day, or per week
# The profile's share of a date and time column's values at midnight (ColumnProfile.patterns).
MIDNIGHT = "midnight"

# The parts of a calendar, in English, German, Spanish, Portuguese, French and Italian.
PARTS = frozenset({
    "year", "yr", "month", "quarter", "qtr", "week", "wk", "day", "weekday", "dow", "doy", "dom", "fiscal", "holiday",
    "weekend", "semester", "julian", "iso", "calendar",
    "moy", "qoy", "woy",  # month, quarter and week of the year (TPC-DS's d_moy)
    "jahr", "monat", "quartal", "woche", "tag", "wochentag", "feiertag", "kalender",
    "ano", "año", "mes", "trimestre", "semana", "dia", "día", "festivo", "feriado", "calendario",
    "annee", "année", "mois", "semaine", "jour", "ferie", "férié", "calendrier",
    "anno", "mese", "settimana", "giorno", "festa",
})

# The periods a calendar is cut into that a small lookup lists by number (months 1..12, weekdays
# 1..7, quarters 1..4), in the same languages: not the words that only qualify a calendar (iso,
# fiscal, holiday, weekend, julian), which name regions, rates and packages too.
PERIODS = frozenset({
    "month", "quarter", "qtr", "week", "wk", "day", "weekday", "dow", "moy", "qoy", "woy",
    "monat", "quartal", "woche", "tag", "wochentag",
    "mes", "trimestre", "semana", "dia", "día",
    "mois", "semaine", "jour",
    "mese", "settimana", "giorno",
})
assert PERIODS <= PARTS

# The months in English, Spanish, French, German, Italian and Portuguese, and their three letters.
MONTHS = [
    ("january", "enero", "janvier", "januar", "gennaio", "janeiro"),
    ("february", "febrero", "février", "fevrier", "februar", "febbraio", "fevereiro"),
    ("march", "marzo", "mars", "märz", "maerz", "marco", "março"),
    ("april", "abril", "avril", "aprile"),
    ("may", "mayo", "mai", "maggio", "maio"),
    ("june", "junio", "juin", "juni", "giugno", "junho"),
    ("july", "julio", "juillet", "juli", "luglio", "julho"),
    ("august", "agosto", "août", "aout"),
    ("september", "septiembre", "setiembre", "septembre", "settembre", "setembro"),
    ("october", "octubre", "octobre", "oktober", "ottobre", "outubro"),
    ("november", "noviembre", "novembre", "novembro"),
    ("december", "diciembre", "décembre", "decembre", "dezember", "dicembre", "dezembro"),
]
DAYS = [
    ("monday", "lunes", "lundi", "montag", "lunedì", "lunedi", "segunda"),
    ("tuesday", "martes", "mardi", "dienstag", "martedì", "martedi", "terça", "terca"),
    ("wednesday", "miércoles", "miercoles", "mercredi", "mittwoch", "mercoledì", "mercoledi", "quarta"),
    ("thursday", "jueves", "jeudi", "donnerstag", "giovedì", "giovedi", "quinta"),
    ("friday", "viernes", "vendredi", "freitag", "venerdì", "venerdi", "sexta"),
    ("saturday", "sábado", "sabado", "samedi", "samstag", "sabato"),
    ("sunday", "domingo", "dimanche", "sonntag", "domenica"),
]
MONTH_NAMES = frozenset(n for names in MONTHS for full in names for n in (full, full[:3]))
DAY_NAMES = frozenset(n for names in DAYS for full in names for n in (full, full[:3]))

# The words naming each period a lookup of the calendar's parts lists (as words() spells them, in
# the languages above): a day and a week together name a day of the week (DayOfWeek, dia_semana),
# a day and a month a day of the month.
WEEKDAY_WORDS = frozenset({"weekday", "dow", "wochentag"})
DAY_PART = frozenset({"day", "tag", "dia", "día", "jour", "giorno"})
WEEK_PART = frozenset({"week", "wk", "woy", "woche", "semana", "semaine", "settimana"})
MONTH_PART = frozenset({"month", "moy", "monat", "mes", "mois", "mese"})
_QUARTER_PART = frozenset({"quarter", "qtr", "qoy", "quartal", "trimestre"})


# German's day (Tag) is English's label (tag_id, price_tag): a day only beside another calendar word.
_AMBIGUOUS_DAY = frozenset({"tag"})
# Words that make a count of days a span of time, not a day of the calendar: days_to_ship, days_since_order.
_SPAN_WORDS = frozenset({"to", "since", "until", "till", "before", "after", "from", "between", "left", "late", "overdue",
                         "open", "elapsed", "remaining"})


def _duration(ws: list[str]) -> bool:
    """A number of days (days_to_ship, lead_days, days_since_order): a plural day word read as a
    span, either beside a word of a span or closing a name of other words (l_days, a lookup's
    one-letter prefix, stays a list of days)."""
    plural = [i for i, w in enumerate(ws) if w in ("days", "tage", "dias", "días", "jours", "giorni")]
    if not plural or set(ws) & (WEEKDAY_WORDS | WEEK_PART | MONTH_PART | _QUARTER_PART):
        return False
    i = plural[-1]
    return bool(set(ws) & _SPAN_WORDS) or (i == len(ws) - 1 and any(len(w) > 1 for w in ws[:i]))


def period_named(ws) -> str | None:
    """The period of the calendar a name's words say (`weekday`, `month_day`, `month`, `quarter`,
    `week`, `day`), or None: what a part of a calendar numbers (DayOfWeek 1..7, Month 1..12), and
    what a small lookup of such numbers lists (L_WEEKDAYS, L_MONTHS)."""
    ws = [w.lower() for w in ws]
    # BTS's DayofMonth is cut at its capitals only: ('dayof', 'month') is a day of the month.
    ws = [w[:-2] if w.endswith("of") and w[:-2] in DAY_PART | WEEK_PART | MONTH_PART else w for w in ws]
    if _duration(ws):
        return None
    found = set(ws) | {w[:-1] for w in ws if w.endswith("s")}
    if not found & (WEEKDAY_WORDS | WEEK_PART | MONTH_PART | _QUARTER_PART | {"day", "dia", "día", "jour", "giorno"}):
        found -= _AMBIGUOUS_DAY  # a tag alone is a label's (tag_id, price_tag); German's day only beside another period
    day, week, month = bool(found & DAY_PART), bool(found & WEEK_PART), bool(found & MONTH_PART)
    if found & WEEKDAY_WORDS or (day and week):
        return "weekday"
    if day and month:
        return "month_day"
    if month:
        return "month"
    if found & _QUARTER_PART:
        return "quarter"
    return "week" if week else "day" if day else None


def period_listed(table: Table) -> str | None:
    """The period a lookup of the calendar's parts lists: `weekday` where a text column's least
    and greatest values are both names of days of the week (Monday .. Sunday, in the languages
    above), `month` where they are months' names; else the period its name says (L_WEEKDAYS)."""
    for c in table.columns:
        p = c.profile
        if p is None or not isinstance(p.min, str) or not isinstance(p.max, str):
            continue
        ends = {p.min.strip().lower().rstrip("."), p.max.strip().lower().rstrip(".")}
        if ends <= DAY_NAMES:
            return "weekday"
        if ends <= MONTH_NAMES:
            return "month"
    return period_named(words(table.name))


# A column that holds a year (2019) and is a table's only time: a season, a fiscal year, the year
# of a country's figures. Read by the profiler (a panel by country and year) and by the passes
# (the year becomes the table's time axis), so both take the same columns for years.
YEAR_WORDS = frozenset({"year", "yr", "fy", "season", "jahr", "ano", "anio", "annee", "anno", "jaar", "vuosi"})  # as words() spells them
_YEAR_QUALIFIERS = frozenset({"id", "key", "fiscal", "calendar", "financial", "reporting", "nr", "no", "number"})
# The years a column named as a year (or as a period) may hold: from the Middle Ages' records to
# long-range projections.
YEARS = (1000, 2200)
# The years whole numbers are taken for by their values alone, no name saying so: the narrower
# span of recorded dates, which few quantities of a thousand or more fall in by chance.
UNNAMED_YEARS = (1900, 2100)


def is_year_column(column: Column, dtype: str | None) -> bool:
    """Whole numbers named as a year (year, yearID, fiscal_year, season, Jahr) whose values are
    years: not years of service (0..40), nor a surrogate key 1..n to a table of years. Kept as
    numbers, or as text of digits of one length ('2010' .. '2023', a CSV loaded as text: typed
    a number by the passes, still text to the profiler)."""
    p = column.profile
    if dtype not in ("integer", "string") or p is None or not p.distinct_count:
        return False
    lo, hi = whole_bounds(p)
    if lo is None or hi is None or isinstance(p.min, float) or isinstance(p.max, float):
        return False
    ws = read_words(column.name)  # yearid, as PostgreSQL folds yearID
    if not ws or not set(ws) & YEAR_WORDS or not set(ws) <= YEAR_WORDS | _YEAR_QUALIFIERS:
        return False
    return YEARS[0] <= lo and hi <= YEARS[1] and p.distinct_count >= 2


# A time named by nothing but a time word is the row's own (races.date): read by the table roles
# (an occurrence) and the labels (whose date: "Race Date").
BARE_TIME_WORDS = frozenset({"date", "datetime", "timestamp", "time", "ts", "dt", "day", "fecha", "datum", "data", "datahora",
                             "zeitpunkt"})


# Words naming a column as a day, in the languages names are read in: what a day kept as a number
# or as digits (20160404, 930101) is called (start_date, ds, fecha_alta, datum). Not `time`: a
# time of day kept as HHMMSS is six digits too. Not `data` nor `dia`: English bytes and diameters.
DAY_WORDS = frozenset({"date", "dt", "ds", "day", "yyyymmdd", "yymmdd", "ymd", "fecha", "datum", "jour", "giorno"})

# Endings of one glued word naming a day in German and Scandinavian abbreviations: Datum cut to
# `dat` after what the day is of (SAP's ERDAT created on, AUDAT document date, FKDAT billing date,
# BUDAT posting date, WADAT goods issue date) and Danish/Norwegian `dato` (fakturadato). Only read
# where the values are days kept as digits too (passes/stored_times.compact_date_type).
DAY_ENDINGS = ("dat", "dato", "datum")


def day_ending(word: str) -> bool:
    """A glued word ending as a day's abbreviation (DAY_ENDINGS) after two letters or more."""
    return any(word.endswith(e) and len(word) - len(e) >= 2 for e in DAY_ENDINGS)


# Words of the name of a calendar table.
CALENDAR_TABLES = frozenset({"date", "dates", "calendar", "day", "days", "kalender", "datum", "tag", "fecha", "fechas",
                             "calendario", "dia", "jour", "calendrier", "giorno", "data"})


def moment(value) -> datetime | None:
    """A profile's least or greatest time (a date, a datetime, or their ISO text) as a datetime."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace(" ", "T", 1)[:26])
        except ValueError:
            return None
    return None


def as_date(value) -> date | None:
    found = moment(value)
    return found.date() if found is not None else None


def holds_days(dtype: str | None, profile) -> bool:
    """Days: a date, or a date and time at midnight on every row (the profile counted them), as
    a calendar's key and its facts' days are often kept (Contoso's DateKey, a DATETIME)."""
    return dtype == "date" or (dtype == "timestamp" and profile is not None and profile.patterns.get(MIDNIGHT) == 1.0)


def is_calendar_key(table: Table, column: Column, dtype: str | None) -> bool:
    """`column` is the date a calendar table is keyed by: a date on every row, each once, with no
    day (or week) missing between the first and the last, beside columns named as its parts. A
    date and time column whose every value is a midnight (the profile counted them) is such a date.
    Without data (a DDL file, a snapshot not profiled), the names must say it all: the table's only date, in a table named
    as a calendar (date_dim, calendar, dim_fecha), beside more parts."""
    p = column.profile
    if not holds_days(dtype, p):
        return False  # a date, or a date and time that is midnight on every row (FoodMart's the_date)
    if p is None and table.profile is None:
        return (bool(CALENDAR_TABLES & set(words(table.name))) and _parts(table, column) >= MIN_NAMED_PARTS
                and sum(1 for c in table.columns if c.data_type == "date") == 1)
    return _one_row_a_step(table, p, as_date) and _parts(table, column) >= MIN_PARTS


def _one_row_a_step(table: Table, p, read) -> bool:
    """Every row a day (or a week) of its own, counted on all rows, with none missing between the
    least and the greatest, as `read` reads them as dates."""
    rows = table.row_count if table.row_count is not None else (table.profile.rows if table.profile else None)
    if p is None or not rows or rows < MIN_DAYS:
        return False
    if p.null_count != 0 or not p.distinct_exact or p.distinct_count != rows:
        return False
    if table.profile is not None and table.profile.sample is not None:
        return False
    first, last = read(p.min), read(p.max)
    return first is not None and last is not None and (last - first).days in {step * (rows - 1) for step in STEPS}


def is_calendar_table(table: Table) -> bool:
    """A calendar: a table keyed by a date (is_calendar_key)."""
    return any(is_calendar_key(table, c, c.data_type) for c in table.columns)


def holds_calendar_parts(table: Table) -> bool:
    """A calendar (is_calendar_table), or a table of one row per day keyed by the day written as a
    whole number (is_day_number_key): either way its numbers are parts of its days (a day of the
    month, a year and month 199201), grouped by, never added up or averaged. (A calendar keyed by
    day numbers has no date for a time axis yet: its facts' roles, joins and time axes are read
    as before.)"""
    return is_calendar_table(table) or any(is_day_number_key(table, c, c.data_type) for c in table.columns)


def _day_number(value) -> date | None:
    """A day written as a whole number YYYYMMDD (19920101), as a star schema's date key is."""
    if isinstance(value, bool) or not isinstance(value, int) or not 10000101 <= value <= 99991231:
        return None
    try:
        return datetime.strptime(str(value), "%Y%m%d").date()
    except ValueError:
        return None


def holds_day_numbers(column: Column, dtype: str | None = None) -> bool:
    """A whole number whose least and greatest values are days written YYYYMMDD (lo_orderdate,
    OrderDateKey): what a fact keeps of a day, to join a calendar keyed by such numbers."""
    p = column.profile
    return ((dtype or column.data_type) == "integer" and p is not None and _day_number(p.min) is not None
            and _day_number(p.max) is not None)


def is_day_number_key(table: Table, column: Column, dtype: str | None) -> bool:
    """`column` holds a calendar's days written as whole numbers YYYYMMDD (the Star Schema
    Benchmark's d_datekey, 19920101 to 19981231), each once, with no day (or week) missing between
    the first and the last, beside columns named as its parts: the calendar keyed by it, whose
    facts join it by the same numbers (lo_orderdate)."""
    return dtype == "integer" and _one_row_a_step(table, column.profile, _day_number) and _parts(table, column) >= MIN_PARTS


def is_calendar_part(table: Table, column: Column) -> bool:
    """A column of a calendar naming a part of its day (a month of the year, a day of the month):
    the same small numbers as any lookup's key, by its nature, never a reference to one."""
    return bool(PARTS & set(words(column.name))) and is_calendar_table(table)


def _parts(table: Table, column: Column) -> int:
    return sum(1 for c in table.columns if c.name != column.name and PARTS & set(words(c.name)))
