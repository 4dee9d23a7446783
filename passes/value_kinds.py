"""What a numeric column's values are: an identifier, a flag, a code, a year, a rate, a score, a
balance or stock level, a unit price, an amount, a count or some other quantity.

Not a pass: a helper that classify_tables (does the table hold values to aggregate?),
decide_additivity (may they be summed?) and derive_measures (which measures?) read, so the three
agree. Names are read as words (compiler.naming.words), with glued suffixes split
(`l_extendedprice`, `c_acctbal`, `custkey`), and the profile decides where names say nothing:
a column of one value is a constant, of 0 and 1 a flag, of fractions between 0 and 1 a rate. It
also overrules a name word it contradicts: a few whole values within 0..10 on many rows are a
rating (work_life_balance 1..4), a rate of whole numbers beyond 100 no fraction, a year-named
number below 1000 no calendar year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from compiler.calendar import DAY_WORDS, UNNAMED_YEARS
from compiler.naming import read_words, words
from compiler.whole_numbers import whole, whole_bounds
from compiler.value_words import (AMOUNT, AREA, AVERAGE, BALANCE, BODY_WORDS, BOUND_FIRST, BOUND_LAST, CARRIED_BALANCE, CODE, COUNT,
                                  CURRENCIES_IN_NAMES, DIGITS_OF_WORDS, LIFETIME, NUMBER_AFTER_WORDS, REPRESENTATION, RUNNING,
                                  DIRECTION, ISO_4217, MAJOR_CURRENCIES,
                                  DISCOUNT_WORDS, GRID_COORDINATES, ID, KNOWN, MEASUREMENT, PLACE_UNITS, POPULATION,
                                  PRICE, QUANTITY, RANGE_ENDS, RANGE_ENDS_LAST, RANGE_WORDS, RATE, RATE_IF_FRACTION, SCORE,
                                  SCORE_HEADS, STOCK, UNIT_CODES,
                                  MEASURE_WORDS, UNIT_MEASURE_WORDS, UNIT_WORDS, UOM_WORDS, YEAR, YEAR_SPANS, name_words)
from ir.catalog import Column, ColumnProfile, Table
from ir.semantic import Dimension, Entity
from passes.join_names import (STRONG_ID, WEAK_ID, column_prefix, head_last, is_measure_like, number_of_plural,
                               parse_reference, singular, table_words)

NUMERIC = frozenset({"integer", "decimal", "float"})

# Kinds whose values add up across rows, and those that are values but never summed.
ADDITIVE_KINDS = frozenset({"amount", "count", "quantity"})
SEMI_ADDITIVE_KINDS = frozenset({"balance", "stock"})
AVERAGED_KINDS = frozenset({"unit_price", "score", "measurement"})
# A running total (year to date, cumulative, a standings table's points after each race): its
# latest value is its largest, so it is taken at its maximum; summed it counts every step again.
RUNNING_KINDS = frozenset({"running"})
# Kinds that are not values at all: never aggregated, grouped by or filtered on instead.
LABEL_KINDS = frozenset({"identifier", "flag", "constant", "year", "code", "rate"})

# Words that say which kind of thing a row is, whatever comes before them (min_payment_type is a
# type, payment_method a method: 0 cash, 1 card).
_KIND_WORDS = frozenset({"code", "type", "status", "category", "class", "kind", "method", "mode", "codigo", "codice"})
# Words that make a number the name of its row (a train's short name, 101): a label.
_LABEL = {"name", "title", "label", "caption", "designation"}
# Words that make a number a label wherever they stand: sort_order, seq_no, zip_plus4.
_CODE_ANYWHERE = {"sort", "seq", "sequence", "sequential", "ordinal", "position", "rank", "ranking", "zip", "postal", "phone", "fax", "display",
                  # a place in a sequence in other languages (reihenfolge, volgorde, secuencia, posizione)
                  "reihenfolge", "rangfolge", "volgorde", "secuencia", "sequencia", "sequenza", "sequenz", "posicion", "posicao",
                  "posizione",
                  # codes, postcodes and telephone numbers in other languages, first or last (cod_municipio, codigo_postal)
                  "cod", "codigo", "codice", "plz", "cep", "postleitzahl", "postnummer", "postnr", "postinumero", "postnumero", "telefon", "telefono", "telefone", "tel", "durchwahl", "ramal", "celular",
                  # a time zone's offset labels where a place is
                  "gmt", "utc", "timezone", "tz"}
# A telephone's extension (an office's 3897; anexo in Chile and Peru; interno, Argentina's, stays
# out: "internal"), when that is the whole name: an extension_fee or extension_days is no code.
_CODE_ALONE = {"extension", "anexo"}


def _code_words(ws) -> bool:
    return bool(set(ws) & _CODE_ANYWHERE) or (len(ws) == 1 and ws[0] in _CODE_ALONE)


# "Order" is a sequence as well as a purchase: a number named so (add_to_cart_order, sort_order,
# orden_llegada, ordre_affichage) is a place in a sequence or the number of an order, a label
# either way; only a count, an amount or a quantity of orders, or stock on order, adds up. English
# puts the word last, the Romance languages first. An ordering (a credit's place among a title's
# cast, 1..10) is that place too, however few its values.
_ORDER_LAST = {"order", "ordering", "orden", "ordem", "ordine", "ordre"}
_ORDER_FIRST = {"orden", "ordem", "ordine", "ordre"}
_FLAG_PREFIX = {"is", "has", "can", "should", "was", "allow", "allows", "enable", "enabled", "flag", "active", "deleted"}
# A state named by one word, held as a number (Sakila's customer.active): a 0/1 flag even before data says so.
_FLAG_WORDS = {"active", "inactive", "deleted", "enabled", "disabled", "archived", "visible", "verified", "published",
               "approved", "locked", "blocked", "activo", "aktiv", "actif", "attivo"}
# Words that make a year a period another word is counted over (training times last year, trips
# per year), not the column's head.
_PERIOD_QUALIFIERS = {"last", "this", "next", "per", "each", "every", "prior", "previous", "past", "current", "a"}
# Period words that make a rate a price or a figure per period (an hourly or a daily rate).
_PERIODIC = {"hourly", "daily", "nightly", "weekly", "biweekly", "monthly", "quarterly", "yearly", "annual", "annually",
             "mensual", "mensuel", "monatlich", "taeglich", "diario", "anual", "annuel", "jaehrlich"}
# Names that are rates also when their values are whole percents (the Star Schema Benchmark's
# lo_discount 0..10, lo_tax 0..8): a discount or a tax, not a tip or a fee (whole dollars).
_PERCENT_IF_WHOLE = {"tax", "vat", "mwst", "iva", "tva"} | DISCOUNT_WORDS
_PERCENT_NAMED = {"pct", "percent", "percentage", "prozent", "porcentaje", "pourcentage", "percentuale", "porcentagem"}
# A person named by the role they play, the last word of a whole number's name (StoreManager, owner):
# their number, whether or not a table of people is there to join.
_PERSON_HEADS = {"manager", "mgr", "supervisor", "boss", "rep", "representative", "agent", "owner", "assignee", "approver",
                 "reviewer", "author", "creator", "salesperson", "handler", "reporter", "requester",
                 "vertreter", "betreuer", "verkaeufer", "bearbeiter", "vorgesetzter", "representante", "vendedor", "agente",
                 "gerente", "representant", "vendeur", "rappresentante", "venditore", "verkoper"}
# A name's first word saying what each period added (new_cases, neue_kunden): a flow per period.
_NEW = {"new", "neu", "neue", "neuer", "neues", "nuevo", "nuevos", "nueva", "nuevas", "nouveau", "nouveaux", "nouvelle",
        "nouvelles", "novo", "novos", "nova", "novas", "nuovo", "nuovi", "nuova", "nuove"}
# How heavy one thing or one shipment is, in English, German, Spanish, Portuguese, French, Italian, Dutch.
_MASS = {"weight", "mass", "gewicht", "peso", "poids", "massa", "tonnage"}
# Words that are a direction only beside an angle's unit: a French cap (and a salary cap), a
# German Kurs (and a share's price).
_DIRECTION_WITH_UNIT = {"cap", "kurs"}
_ANGLE_UNITS = {"deg", "degree", "degrees", "grad", "grade", "grados", "graus", "degres", "gradi", "graden", "rad", "radians"}
COMPASS_TOP = 360
# A length is an object's size when a unit of length says so (product_length_cm); a trip's or a
# call's length is a distance or a duration, which adds up.
_LENGTH_UNITS = {"mm", "cm", "m", "in", "inch", "inches", "ft", "feet"}
# Last words that make a number a level on a scale of its own (stock_option_level, salary_grade):
# an ordinal, whatever stock or balance word qualifies it.
_ORDINAL_LAST = {"level", "tier", "grade", "class", "band", "rank"}
# Areas numbered 1..N (a city's 77 community areas, a school's catchment area 3): no land covered,
# when every value is a whole number no greater than NUMBERED_SPAN times the count of values and
# each is on CODE_ROWS_PER_VALUE rows or more on average.
NUMBERED_SPAN = 2
NUMBERED_ROWS_PER_VALUE = 10
# How long one thing lasts or waits: days in stock, days to ship, hours since contact.
_SPAN_UNITS = {"days", "hours", "weeks", "months", "minutes", "seconds", "tage", "dias", "jours", "giorni"}
# A span spent waiting for something rather than doing it: a delivery's lead time, a ticket's
# response time. Talk time, air time and a stay's nights add up; these do not.
_WAITS = {"lead", "supply", "wait", "waiting", "queue", "queued", "response", "turnaround", "latency", "delivery", "shipping",
          "lieferzeit", "wartezeit", "espera", "entrega", "attente", "livraison"}
_DISTINCT = {"unique", "distinct", "uniq", "different"}
_SPAN_LINKS = {"in", "on", "since", "to", "until", "before", "after", "of", "open", "late", "overdue", "past"}
# A table of many measures in one column (entity-attribute-value): the column is named `value`,
# and a sibling names which measure each row holds.
_GENERIC_VALUE = {"value", "val", "wert", "valor", "valeur", "valore", "waarde"}
_MEASURE_NAMES = {"indicator", "metric", "measure", "variable", "attribute", "kpi", "statistic", "parameter", "indikator",
                  "kennzahl", "indicador", "indicateur", "indicatore", "series"}
# Words that make a price the price of one unit (a list price) rather than a line's amount.
_UNIT_MODIFIERS = {"unit", "list", "retail", "sale", "sales", "sell", "selling", "base", "standard", "supply", "purchase",
                   "catalog", "catalogue", "regular", "product", "item", "replacement", "per", "each", "stk", "einzel",
                   "unitario", "unitaire", "wholesale", "buy", "buying", "std", "current", "actual", "original", "avg",
                   "average", "hourly", "daily", "monthly", "rental", "rent", "listen", "verkaufs", "einkaufs", "stueck",
                   "stuck", "venta", "vente",
                   # the same, following the price in head-first names (precio_unidad, prix_achat, precio_lista)
                   "unidad", "unidade", "unite", "unita", "compra", "achat", "acquisto", "venda", "vendita", "lista",
                   "liste", "listino"}
# Words of money, whichever: what a header's total and its lines' prices have in common.
MONEY_WORDS = frozenset(PRICE | AMOUNT)

# Columns that say which currency a row's money is in (Contoso's currency_key, Stripe's
# currency): amounts of several currencies, no one symbol. A currency code in an amount's name
# says it (gdp_usd).
CURRENCY_WORDS = frozenset({"currency", "curr", "ccy", "waehrung", "moneda", "moeda", "devise", "valuta", "divisa"})


def names_currency(column: str) -> bool:
    """A column naming which currency a row's money is in (currency, CurrencyCode, curr_cd,
    FromCurrencyKey): its head word, identifier words aside. A currency word qualifying another
    head (YearsWithCurrManager's "curr", its current manager) names none."""
    ws = [w for w in read_words(column) if w not in STRONG_ID | WEAK_ID | {"cd"}]
    return bool(ws) and ws[-1] in CURRENCY_WORDS


def currency_qualifier(column: str) -> frozenset[str]:
    """The words that say whose currency a currency column names (`base_currency_code`: base;
    `order_currency_code`: order; a bare `currency`: none), read to pair it with the money
    columns qualified alike where a row names several (`base_grand_total` is in the base
    currency, `grand_total` in the order's)."""
    return frozenset(w for w in read_words(column) if w not in STRONG_ID | WEAK_ID | CURRENCY_WORDS | {"cd"})


# The words of a rate of exchange beside a rate word: currency_rate, exchange_rate, fx_rate,
# tipo_cambio, taux_change; glued, Wechselkurs. The pair must be adjacent (a `de` between allowed,
# tipo_de_cambio): `tipo` alone is a type (tipo_moneda) and `change` a difference (price_change_rate).
_EXCHANGE_WORDS = CURRENCY_WORDS | {"exchange", "fx", "forex", "conversion", "cambio", "wechsel"}
_EXCHANGE_RATE_WORDS = {"rate", "kurs", "tasa", "taux", "tasso"}
_EXCHANGE_PAIRS = {("tipo", "cambio"), ("taux", "change")}


def names_exchange_rate(column: str) -> bool:
    """A column holding each row's rate of exchange (currency_rate, ExchangeRate, fx_rate,
    tipo_cambio, Wechselkurs): the row's amounts are in its own currency."""
    ws = [w for w in read_words(column) if w not in ("de", "du", "of")]
    pairs = set(zip(ws, ws[1:]))
    return (any({a, b} & _EXCHANGE_WORDS and {a, b} & _EXCHANGE_RATE_WORDS for a, b in pairs) or bool(pairs & _EXCHANGE_PAIRS)
            or "wechselkurs" in ws or "fxrate" in ws)


def holds_currency_codes(p: ColumnProfile | None, rows: int | None) -> bool:
    """A text column whose every value, all counted (the top values adding up to the rows that
    have one), is an ISO 4217 code, one at least of a major currency: it names each row's
    currency, whatever its name says (WAERK 'EUR', 'USD', 'JPY')."""
    if p is None or not rows or p.redacted or not p.top_values or p.distinct_count != len(p.top_values):
        return False
    if sum(v.count for v in p.top_values) != rows - (p.null_count or 0):
        return False
    codes = {v.value.strip().lower() for v in p.top_values if isinstance(v.value, str)}
    return len(codes) == len(p.top_values) and codes <= ISO_4217 and bool(codes & MAJOR_CURRENCIES)


def named_amount(column: str) -> bool:
    """A name saying how much money (amount, net, fee, total, amount_refunded), and nothing
    counted (quantity, attempt_count) or weighed: a total, gross or net weight (total_weight,
    Bruttogewicht) is a weight whatever currency its row is in."""
    ws = words(column)
    wset = set(ws)
    if ws and ws[-1] in _MASS:
        return False
    return bool(wset & AMOUNT) and not wset & (QUANTITY | {"cnt", "num", "nb", "number"})


# ISO 4217 minor units other than two decimals: amounts kept in a currency's smallest unit are
# divided by 10 ** this (yen have none, a Kuwaiti dinar has three); every other code has two.
MINOR_UNIT_EXPONENT = MappingProxyType({
    "jpy": 0, "krw": 0, "vnd": 0, "clp": 0, "isk": 0, "pyg": 0, "ugx": 0, "xaf": 0, "xof": 0, "xpf": 0, "kmf": 0,
    "gnf": 0, "rwf": 0, "vuv": 0, "djf": 0, "bif": 0, "mga": 0,
    "bhd": 3, "jod": 3, "kwd": 3, "omr": 3, "tnd": 3, "lyd": 3, "iqd": 3,
})
# The number of parts one thing is paid or split in (a payment's installments): a property of each
# row, averaged; summed over payments it counts nothing anyone asks for.
_PARTS = {"installments", "instalments", "installment", "instalment", "parcelas", "cuotas", "raten", "ratenzahl",
          "mensualites", "echeances", "termijnen"}
# Words that may follow a name's head noun without changing what it is: the quantity *ordered*, the
# units *sold*, the price *usd*, the amount *decimal* (how it is stored). Those of _TRAILING_UNIT also make a price the price of one unit (priceEach).
_TRAILING = {"in", "out", "ordered", "sold", "shipped", "purchased", "bought", "received", "delivered", "returned", "invoiced",
             "billed", "booked", "requested", "consumed", "used", "issued", "picked", "packed", "produced", "vendido",
             "vendida", "vendidos", "vendidas", "vendu", "vendus", "verkauft", "bestellt", "geliefert", "pedida", "pedido",
             } | CURRENCIES_IN_NAMES | REPRESENTATION
_TRAILING_UNIT = {"each", "unit", "unitario", "unitaria", "unitaire", "stueck", "stuck", "pro"}
# A time of day held as a number (dep_time 1517 is 15:17): the time an event happens, never added up.
_CLOCK = {"time", "hora", "zeit", "uhrzeit", "heure", "ora", "tijd"}
_EVENT = {"dep", "departure", "depart", "arr", "arrival", "arrive", "sched", "scheduled", "start", "end", "begin", "finish",
          "pickup", "dropoff", "open", "opening", "close", "closing", "checkin", "checkout", "login", "logout", "takeoff",
          "landing", "salida", "llegada", "abfahrt", "ankunft", "abflug", "arrivee", "partenza", "arrivo", "inicio",
          "fin", "beginn", "ende", "debut"}


def _directional(w: str) -> bool:
    return w in DIRECTION or (w.endswith("richtung") and w != "einrichtung")  # Windrichtung; an Einrichtung is a facility


# How well something is done (a player's heading_accuracy, 18..87): a rating of the direction
# word before it, never an angle.
_QUALITY = {"accuracy", "precision", "quality", "skill", "error", "genauigkeit", "precisao", "precisione", "exactitud",
            "exactitude"}


def _compass(ws: tuple[str, ...], p: ColumnProfile | None) -> bool:
    """A compass angle: the name's head a direction (heading, wind_dir, bearing, course), an
    angle's unit after it or not (wind_dir_degrees); a direction word with an angle's unit anywhere
    (cap_degres); or a direction word leading a head-first name (direccion_viento) whose values
    all lie within 0..360 and that names nothing counted, paid, spanned or rated."""
    core = tuple(w for w in ws if w not in _ANGLE_UNITS)
    if not core:
        return False
    angle = len(core) < len(ws)
    if _directional(core[-1]) or (angle and any(_directional(w) or w in _DIRECTION_WITH_UNIT for w in core)):
        return True
    if not any(_directional(w) and w != "course" for w in core) or set(ws) & (COUNT | AMOUNT | _DURATION | _SPAN_UNITS | RATE | SCORE
                                                                             | _QUALITY):
        return False
    lo, hi = (_num(p.min), _num(p.max)) if p is not None else (None, None)
    return lo is not None and hi is not None and 0 <= lo and hi <= COMPASS_TOP


# Code and number words that lead head-first names (codigo_region, numero_linea). `num` and `nbr`
# leading are English's counts (num_rooms, nbr_guest), however sloppy their plural.
_LEADING_CODE = WEAK_ID - {"no", "num", "nbr"}


# Words naming values, not things: a table of them (`payments`, `prices`) lends its name to no identifier.
_VALUE_WORDS = (AMOUNT | PRICE | COUNT | BALANCE | STOCK | POPULATION | AREA | RATE | SCORE | SCORE_HEADS | MEASUREMENT | YEAR
                | YEAR_SPANS)


@dataclass(frozen=True)
class ValueKind:
    kind: str  # identifier, flag, constant, year, code, rate, score, measurement, balance, stock, unit_price,
    #            amount, count, quantity, value
    rule: str
    why: str

    @property
    def aggregated(self) -> bool:
        """A value to aggregate (a measure's column), not a label."""
        return self.kind not in LABEL_KINDS

    @property
    def additive(self) -> bool:
        return self.kind in ADDITIVE_KINDS or self.kind == "value"


@lru_cache(maxsize=1 << 14)
def _prefix(names: tuple[str, ...]) -> str | None:
    return column_prefix(list(names))


def table_prefix(table: Table | None) -> str | None:
    """The first word most of a table's columns share (TPC-H's `l_`), or None."""
    return _prefix(tuple(c.name for c in table.columns)) if table is not None else None


def profiles(table: Table | None) -> dict[str, ColumnProfile | None]:
    """Column name -> profile (the first column of a repeated name, as Table.column finds it)."""
    out: dict[str, ColumnProfile | None] = {}
    for c in table.columns if table is not None else ():
        out.setdefault(c.name, c.profile)
    return out


# Last words of a number that names a thing rather than measures it: an order number, an ISBN.
_NUMBER_NAMES = frozenset({"code", "number", "no", "num", "nbr", "nr", "numero", "nummer", "isbn", "ean", "upc", "sku", "iso",
                           "fips", "insee", "ibge", "ags", "gemeindeschluessel", "ubigeo"})


def names_a_code(name: str) -> bool:
    """A column named as an identifier or as a code kept as text (a zip, a phone, an order number):
    its digits are a name, never a quantity, whatever its values look like."""
    ws = head_last(name_words(name, numbered=True), _LEADING_CODE, KNOWN)
    return bool(ws) and (ws[-1] in ID or ws[-1] in _NUMBER_NAMES or ws[0] in ("id", "uuid", "guid")
                         or _code_words(ws))


# The words a thing's number ends its name with (season_number, page_no, folio_nr): a name or a
# place in a sequence, which its values tell apart (ordinal_numbers).
_NUMBER_OF = frozenset({"number", "no", "num", "nbr", "nr", "numero", "nummer"})


def names_a_number_of(name: str) -> bool:
    """Named as a thing's number (seasonNumber, episode_no), not as a code kept in digits (a zip, a
    phone number) nor an identifier."""
    ws = head_last(name_words(name, numbered=True), _LEADING_CODE, KNOWN)
    return len(ws) > 1 and ws[-1] in _NUMBER_OF and ws[0] not in ("id", "uuid", "guid") and not _code_words(ws)


def names_a_kind(name: str) -> bool:
    """A column named as which kind of thing its row is (payment_type, vehicle_class, order_status):
    a code, whatever digits it holds (classify reads it so: code_name)."""
    ws = head_last(name_words(name, numbered=True), _LEADING_CODE, KNOWN)
    return len(ws) > 1 and ws[-1] in _KIND_WORDS


def is_fraction(p: ColumnProfile | None, data_type: str) -> bool:
    """Values between 0 and 1, not all whole: a rate such as 0.05 (a 0/1 column is a flag)."""
    if p is None or data_type not in ("decimal", "float"):
        return False
    lo, hi = _num(p.min), _num(p.max)
    return lo is not None and hi is not None and lo >= 0 and 0 < hi <= 1 and not (lo == 0 and hi == 1 and (p.distinct_count or 3) <= 2)


# At most this many values, each on five rows or more: a few percents given (0, 5, 10 ...), where
# an amount of whole money (0 to 100 dollars off) takes most values of its range.
WHOLE_PERCENT_VALUES = 25


def is_whole_percent(ws: tuple[str, ...], p: ColumnProfile | None, data_type: str, rows: int | None) -> bool:
    """A discount or tax of whole percents (5 for 5%): whole numbers within 0..100, above 1, of a
    few values each repeated, named as nothing else (a discount_amount is money, a discount_quantity
    the units sold at a discount)."""
    wset = set(ws)
    if p is None or not wset & _PERCENT_IF_WHOLE or (wset - _PERCENT_IF_WHOLE) & (AMOUNT | PRICE | QUANTITY):
        return False
    if data_type != "integer" and not (data_type in ("decimal", "float") and _whole_values(p, rows)):
        return False
    lo, hi = _num(p.min), _num(p.max)
    # A decimal column of whole values is money as often (coupons of 5, 10 and 20 dollars off):
    # a percent word must name it, or its values reach 100 exactly, all off (Odoo's discount).
    if data_type != "integer" and not (wset & _PERCENT_NAMED or hi == PERCENT_TOP):
        return False
    non_null = _non_null(p, rows)
    return (lo is not None and hi is not None and lo >= 0 and 1 < hi <= PERCENT_TOP and p.distinct_count is not None
            and 2 < p.distinct_count <= WHOLE_PERCENT_VALUES and non_null is not None and non_null >= 5 * p.distinct_count)


def _whole_values(p: ColumnProfile, rows: int | None) -> bool:
    """Every value of a decimal column whole (Odoo's discount, NUMERIC, holds 0, 5, 10 ... 100):
    no fraction counted, or the top values, every one whole, are every non-null row."""
    if p.fraction_count is not None:
        return p.fraction_count == 0
    non_null = _non_null(p, rows)
    tops = p.top_values or []
    return (bool(tops) and non_null is not None and sum(v.count for v in tops) == non_null
            and all((x := _num(v.value)) is not None and x == int(x) for v in tops))


def _num(v) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _non_null(p: ColumnProfile, rows: int | None) -> int | None:
    return rows - (p.null_count or 0) if rows is not None else None


def head_words(ws: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """The name's words up to its head noun, and whether what followed made it per unit. The head
    is mostly last (unit_price, order_quantity), but a qualifier may follow it: quantityOrdered,
    qty_sold, priceEach, price_per_unit, precio_unitario; and a price may lead its modifiers
    (precio_unidad), returned head last (unidad, precio)."""
    out, per_unit = list(ws), False
    if "per" in out[1:]:
        out, per_unit = out[: out.index("per", 1)], True
    while len(out) > 1 and (out[-1] in _TRAILING or out[-1] in _TRAILING_UNIT):
        per_unit = per_unit or out[-1] in _TRAILING_UNIT
        out.pop()
    # A price named head first (precio_unidad, prix_vente) reads in its English order (unit price).
    return head_last(tuple(out), PRICE, KNOWN), per_unit


# Tables of running totals after each event: a league's standings, a leaderboard.
_RUNNING_TABLES = {"standings", "standing", "leaderboard", "leaderboards", "tabelle", "classement", "clasificacion",
                   "classifica", "klassement", "klassifikation"}
_DURATION = {"duration", "elapsed", "runtime", "milliseconds", "millis", "ms", "seconds", "secs", "sec", "minutes", "mins",
             "hours", "hrs", "dauer", "duracion", "duree", "durata", "duracao",
             # a hospital or ICU stay's length in days (LOS, length_of_stay)
             "los", "stay",
             # a delay, or a flight's air time: spans whose average is the figure asked for
             "delay", "delays", "lateness", "verspaetung", "retraso", "atraso", "retard", "ritardo"}


# The links of a span up to or from an event (days_to_close, hours_until_reply, days_since_order,
# dias_hasta_cierre): read after a first word too, which qualifies which span it is.
_UNTIL_LINKS = {"to", "until", "till", "since", "before", "hasta", "desde", "bis", "seit", "jusqu", "avant"}


def _span_until(ws: tuple[str, ...]) -> bool:
    """A unit of time, after a word or two that say whose or which (a CRM's `property_days_to_close`,
    `avg_hours_until_reply`), then a link to the event it runs to or from, and that event: the time
    one thing took, averaged. `hours_to_date` is what has been done so far, not a span until an
    event."""
    return any(ws[i] in _SPAN_UNITS and ws[i + 1] in _UNTIL_LINKS and ws[i + 2] not in ("date", "day")
               for i in range(1, min(3, len(ws) - 2)))


def is_duration_name(ws: tuple[str, ...]) -> bool:
    """A span of time: its words say so, or a name ending in `time` that holds no time of day
    (air_time, response_time: clock times are codes before this is asked)."""
    return bool(ws) and (bool(set(ws) & _DURATION) or (len(ws) > 1 and ws[-1] == "time"))


def is_quantity_name(ws: tuple[str, ...], units: frozenset[str] = frozenset()) -> bool:
    """Named like a quantity: qty, order_quantity, quantity_ordered; not units_per_pack, which is
    the size of a pack rather than a quantity moved. `units`: what a price beside it is per
    (`price_units`): a count of those (`OrderedOuters` beside `UnitPricePerOuter`, `nights` beside
    `price_per_night`) is the quantity the price multiplies."""
    if "per" in ws[1:]:
        return False
    head, _ = head_words(ws)
    return bool(head) and (head[-1] in QUANTITY or (bool(units) and singular(head[-1]) in units))


def price_units(names: list[tuple[str, ...]]) -> frozenset[str]:
    """The units prices are named per (`ExpectedUnitPricePerOuter`: outer; `price_per_night`:
    night), singular: a column counting them is the quantity those prices multiply."""
    out = set()
    for ws in names:
        if "per" in ws[1:-1] and price_head(ws)[0]:
            after = ws[ws.index("per", 1) + 1:]
            if len(after) == 1 and after[0] not in QUANTITY and after[0] not in _TRAILING_UNIT:
                out.add(singular(after[0]))
    return frozenset(out)


def price_head(ws: tuple[str, ...]) -> tuple[bool, bool]:
    """(is a price or cost, is the price of one unit): unit_price, list_price, supplycost, priceEach
    and price_per_night are unit prices; extended_price, line_price, order_cost, total_cost are
    amounts."""
    head, per_unit = head_words(ws)
    if head and head[-1] in _AMOUNT_HEADS and (per_unit or (len(head) > 1 and set(head[:-1]) <= _TRAILING_UNIT)):
        # One unit's amount (Stripe's and Xero's unit_amount beside quantity and a line amount,
        # importe_unitario, amount_each): a unit price by another word.
        return True, True
    if not head or head[-1] not in PRICE:
        return False, False
    qualifiers = set(head[:-1])
    if per_unit or qualifiers <= _UNIT_MODIFIERS or (qualifiers & _CATALOG and not qualifiers & _EXTENDED):
        return True, True
    # A price said of whose or which it is (a supplier's price, the last cost price, a recommended
    # retail price) is still one unit's; only a line's, an order's or a total is an amount. A
    # cost so qualified may be either (a claim's cost), and stays an amount.
    return True, head[-1] not in ("cost", "costs") and not qualifiers & _LINE_AMOUNTS


# Words of an amount that, said of one unit, name its price (unit_amount, importe_unitario).
_AMOUNT_HEADS = frozenset({"amount", "amt", "betrag", "importe", "montant", "montante", "importo", "bedrag"})


# What makes a price a row's amount rather than one unit's: extended_price, line_price, total_price.
_LINE_AMOUNTS = frozenset({"total", "extended", "ext", "line", "order", "gross", "net", "sum", "subtotal", "amount", "invoice",
                           "shipping", "freight", "delivery", "tax", "transaction", "basket", "cart", "bill", "booking",
                           "trip", "ride", "fare", "final", "paid", "charged", "importe", "gesamt", "totale"})


# Modifiers that say a price was multiplied out by the quantity: a catalog's price so extended
# (TPC-DS's ss_ext_list_price, ss_ext_wholesale_cost: the list price or wholesale cost of the
# units the line holds) is the line's amount, summed, not one unit's price.
_EXTENDED = frozenset({"extended", "ext", "total", "line", "subtotal", "gesamt", "totale"})


# Modifiers that make a price a catalog's (what a thing is listed or valued at), never what one
# row sold for: list_price, standard_cost, msrp.
_CATALOG = {"list", "catalog", "catalogue", "standard", "std", "retail", "regular", "base", "original", "replacement",
            "msrp", "rrp", "recommended", "suggested", "wholesale", "listen", "katalog", "tarifa", "catalogo", "lista", "liste",
            "listino"}


def is_catalog_price(ws: tuple[str, ...]) -> bool:
    head, _ = head_words(ws)
    return bool(head) and bool(set(head) & _CATALOG) and not set(head[:-1]) & _EXTENDED


def _beyond_years(p: ColumnProfile | None, dt: str, wset: set[str]) -> bool:
    """A figure of a year (sales last year, a yearly cost) rather than a year: it holds numbers
    no calendar reaches, and is named as an amount, price or count, or holds fractions."""
    hi = _num(p.max) if p is not None else None
    return hi is not None and hi > 2100 and (dt != "integer" or bool(wset & (AMOUNT | PRICE | COUNT)))


def _qualified_by_period(ws: tuple[str, ...], at: int) -> bool:
    """The word at `at` closes a period another word is counted over (training_times_last_year,
    trips_per_year, sales_last_3_years): a qualifier, not the name's head."""
    before = [w for w in ws[:at] if not w.isdigit()]
    return len(before) >= 2 and before[-1] in _PERIOD_QUALIFIERS


def _years_span(ws: tuple[str, ...]) -> bool:
    """Years counted as the name's head (years_at_company, total_working_years): how long, not
    which year."""
    return bool(ws) and (ws[0] in YEAR_SPANS or ws[-1] in YEAR_SPANS and not _qualified_by_period(ws, len(ws) - 1))


def _names_year(ws: tuple[str, ...]) -> bool:
    """A year word that is what the column holds (release_year, yearID, year_of_birth), not the
    period or the year another head is said of (training_times_last_year, prior_year_sales)."""
    at = [i for i, w in enumerate(ws) if w in YEAR]
    if not at or _qualified_by_period(ws, at[-1]):
        return False
    return not set(ws[at[-1] + 1:]) & ((AMOUNT | PRICE | COUNT) - _NUMBER_NAMES)


# The least year a calendar year is written as (two digits aside): below it a year-named number
# counts which year of a series (a course's year 1 to 4) or holds two digits (model_year 70..82).
CALENDAR_YEARS_FROM = 1000


def _below_years(p: ColumnProfile | None) -> bool:
    hi = _num(p.max) if p is not None else None
    return hi is not None and hi < CALENDAR_YEARS_FROM


PERCENT_TOP = 100  # whole numbers above it are no percentage, let alone a fraction


def _margin_of_money(ws: tuple[str, ...], p: ColumnProfile | None, dt: str) -> bool:
    """A margin, named as no other rate, whose values run beyond any percentage: a gross margin
    in money (a quota's 96,678), not a margin rate (0.35, or 35 percent)."""
    hi = _num(p.max) if p is not None else None
    return ("margin" in ws and not set(ws) & (RATE - {"margin"}) and not is_fraction(p, dt)
            and hi is not None and hi > PERCENT_TOP)


def _not_a_rate(ws: tuple[str, ...], p: ColumnProfile | None, dt: str) -> bool:
    """A rate led by a period word (an hourly or a daily rate: a price or a figure per period), or
    one whose values run as whole numbers beyond any percentage (a daily rate of 102 to 1,499, a
    heart rate): no fraction, so a measurement. Unless its values are fractions, or it is named
    a percentage."""
    if is_fraction(p, dt) or set(ws) & {"pct", "percent", "percentage", "prozent"}:
        return False
    if len(ws) > 1 and ws[-1] == "rate" and ws[-2] in _PERIODIC and not (set(ws) & RATE) - {"rate"}:
        return True
    hi = _num(p.max) if p is not None else None
    return dt == "integer" and hi is not None and hi > PERCENT_TOP


ORDINAL_TOP = 10  # the top of a rating scale (1..4, 1..5, 0..10)
ORDINAL_VALUES = 10  # at most this many points on it
ORDINAL_POINTS = 4  # at least this many: three values (an aircraft's amateur 0, 1, 2) are more often a code's
# The words of a table of lines of another (order_lines, order_details, bestellposten), which
# classify_tables reads too: a small whole number on its rows is a line's units, whatever it is called.
LINE_WORDS = frozenset({"detail", "dtl", "line", "item", "position", "posten", "detalle", "linea", "ligne", "zeile"})


def _ordinal_scale(ws: tuple[str, ...], p: ColumnProfile | None, dt: str, rows: int | None, table_name: str | None) -> bool:
    """A whole number of few values (four to ten, all within 0..10) on many rows: a rating on a
    scale (work_life_balance 1..4, education 1..5), whatever balance or money word qualifies it. A
    balance of whole units 1 to 4 on every row of a large table is no account's money. Not when
    its name says it counts, measures, spans, pays or stocks something (qty 1..5, bedrooms,
    tip_amount 0..10, stock 0..8), labels (a level, a code) or is a rate, nor on a line table (a
    line's units)."""
    if dt != "integer" or p is None or not rows or p.distinct_count is None:
        return False
    lo, hi = _num(p.min), _num(p.max)
    if lo is None or hi is None or lo < 0 or hi > ORDINAL_TOP or not ORDINAL_POINTS <= p.distinct_count <= ORDINAL_VALUES:
        return False
    if p.distinct_count > 0.05 * rows:
        return False
    wset = set(ws)
    if not ws or wset & (COUNT | _DURATION | _SPAN_UNITS | YEAR_SPANS | _PARTS | RATE | AVERAGE | MEASUREMENT | POPULATION
                         | AREA | DIRECTION | RUNNING) or _code_words(ws) or "per" in ws or is_quantity_name(ws):
        return False
    if ws[-1] in _ORDER_LAST or ws[0] in _ORDER_FIRST:
        return False  # a place in a sequence (ordering 1..10, sort_order): labels, not a rating
    if number_of_plural(ws) or any(singular(w) != w for w in (ws[0], ws[-1])):
        return False  # how many things: bedrooms, total_children, number_cars_owned
    if ws[-1] in AMOUNT | PRICE | STOCK | CODE | NUMBER_AFTER_WORDS | _KIND_WORDS | _LABEL | BOUND_LAST or ws[0] in BOUND_FIRST or price_head(ws)[0]:
        return False
    return not (table_name and {singular(w) for w in words(table_name)} & LINE_WORDS)


# The words of a column that sorts another into a few classes (speed_class, risk_band).
_BAND_WORDS = ("class", "band", "bucket", "category", "grade", "tier", "klasse", "classe", "clase")
SCALE_TOP = 100


# The two ends of one range, in either order of the pair.
_RANGE_ENDS = (frozenset({"lower", "upper"}), frozenset({"min", "max"}), frozenset({"minimum", "maximum"}),
               frozenset({"low", "high"}), frozenset({"from", "to"}), frozenset({"von", "bis"}), frozenset({"desde", "hasta"}),
               frozenset({"minimo", "maximo"}), frozenset({"untergrenze", "obergrenze"}))


def band_bounds(siblings: frozenset[str], keys: frozenset[str], prefix: str | None) -> bool:
    """A table holding one range and nothing but its keys besides (TPC-DS's income_band:
    ib_lower_bound, ib_upper_bound; a tax bracket's min and max): a list of bands, whose bounds
    name each band. Averaged, they say nothing (an income band's average lower bound)."""
    own_keys = {k.lower() for k in keys}
    others = sorted(s for s in siblings if s not in own_keys)
    if len(others) != 2:
        return False
    a, b = (name_words(o, prefix) for o in others)
    for ends in _RANGE_ENDS:
        ea, eb = set(a) & ends, set(b) & ends
        if len(ea) == 1 and len(eb) == 1 and ea != eb:
            return [w for w in a if w not in ends] == [w for w in b if w not in ends]
    return False


def banded_scale(name: str, p: ColumnProfile | None, dt: str, siblings: frozenset[str]) -> bool:
    """A whole number within 0..100 beside a column named as it and a band word (buildUpPlaySpeed
    beside buildUpPlaySpeedClass, Slow to Fast): a rating the classes band."""
    if dt != "integer" or p is None or not siblings:
        return False
    lo, hi = _num(p.min), _num(p.max)
    if lo is None or hi is None or lo < 0 or hi > SCALE_TOP:
        return False
    own = name.lower()
    return any(f"{own}{sep}{band}" in siblings for band in _BAND_WORDS for sep in ("", "_"))


def _numbered(p: ColumnProfile | None, dt: str, rows: int | None) -> bool:
    """Whole numbers from 0 or 1 up to no more than NUMBERED_SPAN times their count of values, each
    repeated over many rows: things numbered in turn (areas 1..77 over twenty thousand events),
    where sizes of land are spread wide and mostly distinct."""
    if dt != "integer" or p is None or not rows or not p.distinct_count or p.distinct_count < 3:
        return False
    lo, hi = _num(p.min), _num(p.max)
    if isinstance(p.max, str) and p.max.isdigit() and isinstance(p.min, str) and p.min.isdigit() and p.max_length:
        # whole numbers kept as text (a CSV import): their least is the least text, and no value
        # is above the greatest number of their greatest length
        lo, hi = 0.0, float(10 ** p.max_length - 1)
    # Numbered from 0 or 1: floor areas of 18 to 240 square metres, many values each on many rows,
    # are sizes all the same.
    return (lo is not None and hi is not None and 0 <= lo <= 1 and hi <= NUMBERED_SPAN * p.distinct_count
            and rows >= NUMBERED_ROWS_PER_VALUE * p.distinct_count)


TALLY_RANGE = 50  # a score over at least this range, below zero too, counts votes rather than rates


def _is_score_name(ws: tuple[str, ...]) -> bool:
    return bool(set(ws) & SCORE) or (bool(ws) and ws[-1] in SCORE_HEADS)


def _tally(p: ColumnProfile | None, dt: str) -> bool:
    """Whole numbers below zero and far above any rating scale's top (a post's score: up votes less
    down votes, -2 to 312): a tally, where a rating keeps to a small range (1 to 5, -2 to 2, 300 to 850)."""
    lo, hi = (_num(p.min), _num(p.max)) if p is not None else (None, None)
    return dt == "integer" and lo is not None and hi is not None and lo < 0 and hi - lo >= TALLY_RANGE


def key_names(model) -> frozenset[str]:
    """Lowercased names of the columns that are keys somewhere in the model: a column named like
    another table's key or foreign key (a view's ShipVia beside Orders.ShipVia) identifies too, and
    so does a number named as one of the things a table keyed by one column holds (`account`
    beside a table `account` keyed by account_id: a bank transaction's other account)."""
    out: set[str] = set()
    for e in model.entities:
        if len(e.primary_key) == 1:
            out.add(e.primary_key[0].lower())
            thing = table_words(e.table.name)
            if thing and singular(thing[-1]) not in _VALUE_WORDS:
                out.add(singular(thing[-1]))
    for rel in model.relationships:
        out.update(c.lower() for c in rel.from_.columns)
    # A join the data suggests without settling it (ShipVia's 1..3 among the shippers' ids): not a
    # quantity either, unless named as one. A status or type the values alone match to another
    # table's ids (1..4 among four categories), its name sharing no word with that table, is the
    # code it is named: making its name a key would take every other status for one too.
    # A name that holds a table's whole name, where the suggestion points at another table whose
    # name only extends it (`home_team_goal` beside `team`, suggested to `team_attributes` by the
    # stem): the column names the team's goals, not a row of the longer table.
    names = {table_words(e.table.name) for e in model.entities}
    for rel in model.suggested_relationships:
        target = set(table_words(rel.to.table))
        out.update(c.lower() for c in rel.from_.columns if not is_measure_like(parse_reference(c))
                   and not (rel.origin == "inferred" and set(name_words(c)) & _KIND_WORDS and not set(name_words(c)) & target)
                   and not (rel.origin == "inferred" and _names_shorter_table(c, table_words(rel.to.table), names)))
    return frozenset(out)


def _names_shorter_table(column: str, target: tuple[str, ...], names: set[tuple[str, ...]]) -> bool:
    """The column's words hold a table's whole name that the target's name extends (team in
    team_attributes), and not the target's own name."""
    ws = tuple(singular(w) for w in name_words(column))
    if not target or "".join(target) in "".join(ws):
        return False
    for n in names:
        if n and len(n) < len(target) and target[:len(n)] == n and any(ws[i:i + len(n)] == n for i in range(len(ws))):
            return True
        glued = "".join(target)
        if n and len(n) == 1 and len(target) == 1 and glued != n[0] and glued.startswith(n[0]) and n[0] in ws:
            return True  # teamattribute read as one word
    return False


# Words that say which way a reference points, beside the name of what it refers to.
_DIRECTIONS = frozenset({"to", "from", "src", "source", "dst", "dest", "destination", "target", "origin", "partner", "other",
                         "counterpart", "counterparty"})


_STARTS = {"start", "begin", "begins", "started", "from", "opened", "launch", "beginn", "inicio", "debut", "inizio"}
_ENDS = {"end", "ends", "ended", "stop", "until", "to", "thru", "through", "closed", "ende", "fin", "fim", "fine"}


def _has_period(siblings: frozenset[str]) -> bool:
    """The table's rows run from a start to an end of their own (start_date and end_date)."""
    named = [set(words(s)) for s in siblings]
    return any(w & _STARTS and w & {"date", "day", "time", "at", "on"} for w in named) and any(
        w & _ENDS and w & {"date", "day", "time", "at", "on"} for w in named)


def _directed_key(ws: tuple[str, ...], keys: frozenset[str]) -> bool:
    """account_to, from_account: a key's name with a direction word before or after it."""
    if len(ws) < 2:
        return False
    if ws[-1] in _DIRECTIONS and "_".join(ws[:-1]) in keys:
        return True
    return ws[0] in _DIRECTIONS and "_".join(ws[1:]) in keys


def names_own_thing(ws: tuple[str, ...], table_name: str | None) -> bool:
    """A column named as one of its table's rows (flights.flight, orders.order):
    the number of that thing, which names it rather than counts it."""
    if len(ws) != 1 or ws[0] in KNOWN or not table_name or singular(ws[0]) != ws[0]:
        return False  # a plural (goals in goals) counts things
    own = table_words(table_name)
    return bool(own) and own[-1] == singular(ws[0])


def is_clock_time(ws: tuple[str, ...], p: ColumnProfile | None) -> bool:
    """dep_time, sched_arr_time, hora_salida held as 0..2400 (hhmm): a time of day."""
    if not ws or not (set(ws) & _CLOCK) or not (set(ws) & _EVENT) or p is None:
        return False
    lo, hi = _num(p.min), _num(p.max)
    return lo is not None and hi is not None and 0 <= lo and hi <= 2400


# Words after a leading day word that make the number a difference or a figure, not a day (date_diff).
_NOT_A_DAY = frozenset({"diff", "difference", "delta", "offset", "lag", "gap", "span"})


def is_day_name(ws: tuple[str, ...]) -> bool:
    """A number named as a day (settle_date, date, datum, date_of_birth, fecha_alta): a day kept as
    digits that normalize_types did not read as one (1230101, a CYYMMDD day; 19930100, no real
    day). Not an amount to date (a running total), a day's difference or figure (date_diff,
    date_sales), nor a bare `day`, which the codes read as a day of the month and
    `calls_per_day` as a ratio."""
    days = DAY_WORDS - {"day"}
    if not ws:
        return False
    if ws[-1] in days:
        return not (len(ws) > 1 and ws[-2] == "to")
    return ws[0] in days and not set(ws) & (_NOT_A_DAY | COUNT | AMOUNT | PRICE | _SPAN_UNITS)


_SLOT = re.compile(r"^(.*?[a-z])_?([0-9]+)$")


# Words that may come before a table's one generic value without naming what it measures: the
# observation of statistical data in long form (SDMX's OBS_VALUE, a survey's Data_Value).
_OBSERVATION = frozenset({"obs", "observation", "observed", "data", "reported", "numeric", "dato", "daten", "donnee"})


def _generic_value(ws: tuple[str, ...]) -> bool:
    """A name saying only "the value" (value, OBS_VALUE, Data_Value): what it measures is said by
    the other columns of its row."""
    return bool(ws) and ws[-1] in _GENERIC_VALUE and all(w in _OBSERVATION for w in ws[:-1])


def mixed_units(table: Table | None) -> frozenset[str]:
    """Lowercased names of the figures whose unit another column of the row names (unit_columns)."""
    return frozenset(unit_columns(table))


def unit_columns(table: Table | None) -> dict[str, str]:
    """Lowercased names of the figures whose unit another column of the row names, holding more
    than one (a Weight beside a WeightUnitMeasureCode of LB and G; an OBS_VALUE beside a unit of
    CP_MEUR and PC_GDP): summed or averaged over rows, they add pounds to grams. A generic value
    of statistics in long form beside a unit column is one whatever the units it holds. Each maps
    to the column naming its unit."""
    if table is None:
        return {}
    figures = {name_words(c.name): c.name.lower() for c in table.columns if c.data_type in NUMERIC}
    out: dict[str, str] = {}
    for c in table.columns:
        ws = name_words(c.name)
        at = next((i for i, w in enumerate(ws) if w in UNIT_WORDS), -1)
        if at < 0 or c.profile is None:
            continue
        if (at and (c.profile.distinct_count or 0) > 1 and ws[:at] in figures and not is_quantity_name(ws[:at])
                and not (at == len(ws) - 1 and set(ws[:at]) & AMOUNT)):
            # (A quantity beside its unit, qty_uom, is summed per unit: quantity_unit; so is an
            # amount given in a unit of measure, amount_uom: figures_named_units.)
            out.setdefault(figures[ws[:at]], c.name)
        elif at == 0 and c.data_type not in NUMERIC and not set(ws) & {"id", "key"}:
            # A table in long form (statistics as published: SDMX, a bank's indicators): one
            # generic value per row, in the unit a text column named as one gives (unit,
            # UNIT_MEASURE, unit_of_measure) -- millions of euros on one row, a percentage of GDP
            # or of the labour force on the next. Even in one unit its rows hold totals beside
            # their parts (all ages beside each age group, the EU beside its members).
            out.update((name, c.name) for fws, name in figures.items() if _generic_value(fws) and name not in out)
    return out


def figures_named_units(table: Table | None) -> dict[str, str]:
    """Lowercased names of the figures a text column named after them gives the unit of measure of
    (amount beside amountuom or amount_unit, rate beside rate_uom), each to that column, one unit
    or several (decide_additivity sums per unit only where the column holds two or more): a
    figure with a unit of measure is a physical quantity (millilitres given, minutes a procedure
    lasted), never money. A figure whose last words are such a figure's and
    that has no unit column of its own is in the same unit (originalamount beside amount and
    amountuom: the amount first ordered). A column holding ISO 4217 codes names a currency, no unit."""
    if table is None:
        return {}
    figures = {name_words(c.name): c.name.lower() for c in table.columns if c.data_type in NUMERIC}
    stems: dict[tuple[str, ...], str] = {}
    for c in table.columns:
        ws = name_words(c.name)
        if c.data_type in NUMERIC or len(ws) < 2 or ws[-1] not in UNIT_WORDS | UOM_WORDS or ws[:-1] not in figures:
            continue
        p = c.profile
        if p is not None and ((p.max_length or 0) > UNIT_CODE_LENGTH_MAX or (p.distinct_count or 0) > UNITS_OF_MEASURE_MAX
                              or holds_currency_codes(p, table.row_count)):
            continue
        stems.setdefault(ws[:-1], c.name)
    out = {figures[stem]: unit for stem, unit in stems.items()}
    for fws, name in figures.items():
        if name in out:
            continue
        unit = next((u for stem, u in stems.items() if len(fws) > len(stem) and fws[-len(stem):] == stem), None)
        if unit is not None:
            out[name] = unit
    return out


# A column naming the unit of measure of a row's quantity holds a few short codes (ST, KG, L; pcs,
# kg; a key into a table of units): more than this many values, or longer ones, name something else.
UNITS_OF_MEASURE_MAX = 40
UNIT_CODE_LENGTH_MAX = 10
# What the words before a unit word may say of the unit of a quantity: the quantity's own words
# (qty_unit, menge_einheit) or which of an item's units it is (SAP's base, sales and order units).
_UNIT_ROLES = frozenset({"base", "sales", "sale", "order", "purchase", "stock", "issue", "entry", "alternative", "alt",
                         "basis", "verkaufs", "bestell", "venta", "vente"})


def names_unit_of_measure(c: Column, refers_to: str | None = None) -> bool:
    """A column naming the unit of measure each row's quantity is in, holding two or more of a few
    short values (a profile that lists them): named so whatever stands beside (uom, qty_uom,
    Mengeneinheit, SAP's MEINS and VRKME), or by a unit word alone or after the quantity's words
    or a unit's role (unit, unit_of_measure, unidad_medida, Einheit, sales_unit, qty_unit), or a
    key into a table named as units (`refers_to`: unit_id into units). A bare `unit` or `Einheit`
    holds one of the common unit codes (UNIT_CODES) too: a business unit's EMEA holds none; a unit
    after another word (weight_unit, business_unit, org_unit) is that word's."""
    p = c.profile
    if p is None or p.redacted or not p.distinct_count or not 2 <= p.distinct_count <= UNITS_OF_MEASURE_MAX or len(p.top_values) < 2:
        return False
    if c.data_type == "string":
        if p.max_length is not None and p.max_length > UNIT_CODE_LENGTH_MAX:
            return False
    elif c.data_type != "integer" or refers_to is None:
        return False
    ws = read_words(c.name)
    table_says = refers_to is not None and bool({singular(w) for w in read_words(refers_to)} & (UNIT_WORDS | UOM_WORDS))
    if set(ws) & UOM_WORDS or table_says:
        return True
    at = next((i for i, w in enumerate(ws) if w in UNIT_WORDS), -1)
    if at < 0 or not set(ws[at + 1:]) <= UNIT_MEASURE_WORDS:
        return False
    before = ws[:at]
    if before and not set(before) <= QUANTITY | _UNIT_ROLES:
        return False
    if before or set(ws[at + 1:]) & MEASURE_WORDS:
        return True
    return any(str(v.value).strip().lower() in UNIT_CODES for v in p.top_values)


_DIGITS_OF = re.compile(r"(^|_)(last|first|letzte|ultimos|derniers)_?([0-9]|two|three|four|five|six|vier)$")


def names_digits_of(ws: list[str] | tuple[str, ...], p: ColumnProfile | None = None) -> bool:
    """Name words of the last or first digits of a longer number (`cc_last_4`, `card_last4`,
    `last_four`): a label of a card or an account, no quantity. A card, account or phone word must
    name the number, or the profile show values as long as named (three digits or more, the largest
    of exactly that many): without either, `points_last_5` is the points of the last five games,
    summed."""
    m = _DIGITS_OF.search("_".join(ws[-2:])) if ws else None
    if m is None:
        return False
    if set(ws) & DIGITS_OF_WORDS:
        return True
    digits = int(m.group(3)) if m.group(3).isdigit() else _DIGIT_WORDS[m.group(3)]
    hi = _num(p.max) if p is not None else None
    return digits >= 3 and hi is not None and 10 ** (digits - 1) <= hi < 10 ** digits and _num(p.min) is not None and _num(p.min) >= 0


_DIGIT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "vier": 4}


def names_a_flag(ws: list[str] | tuple[str, ...]) -> bool:
    """Name words of a flag: is_active, has_wifi, refund_flag, or one word of a state (active, deleted)."""
    return bool(ws) and (ws[0] in _FLAG_PREFIX and len(ws) > 1 or ws[-1] == "flag" or (len(ws) == 1 and ws[0] in _FLAG_WORDS))


def quantity_unit(table: Table | None, column: str, refers: Mapping[str, str] = MappingProxyType({})) -> str | None:
    """The column naming the unit of measure of the quantity `column` of `table` (names_unit_of_measure;
    `refers`: the table's one-column references, to the name of the table each refers to), where
    it holds two units or more: one named after the quantity (qty_uom for qty), else the one nearest
    in the table's columns, after it first (SAP's KWMENG, then VRKME). A unit named after another
    figure of the row (weight_unit beside weight) is that figure's. None where the rows are in one
    unit, or name none."""
    if table is None:
        return None
    names = [c.name for c in table.columns]
    if column not in names:
        return None
    at = names.index(column)
    own = name_words(column)
    figures = {name_words(c.name) for c in table.columns if c.data_type in NUMERIC and c.name != column}
    found: list[tuple[int, int, int, str]] = []
    for i, c in enumerate(table.columns):
        if i == at or not names_unit_of_measure(c, refers.get(c.name)):
            continue
        ws = name_words(c.name)
        unit_at = next((j for j, w in enumerate(ws) if w in UNIT_WORDS | UOM_WORDS), len(ws))
        if unit_at and ws[:unit_at] in figures and ws[:unit_at] != own:
            continue
        found.append((0 if unit_at and ws[:unit_at] == own else 1, abs(i - at), 0 if i > at else 1, c.name))
    return min(found)[3] if found else None


def units_of_measure(c: Column | None, most: int) -> list:
    """The units a unit column holds, the most frequent first (ties by value), at most `most`."""
    p = c.profile if c is not None else None
    if p is None:
        return []
    values = sorted(p.top_values, key=lambda v: (-v.count, str(v.value)))
    out = []
    for v in values:
        value = whole(v.value)
        if value is None or isinstance(value, bool) or value in out:
            continue
        out.append(value)
    return out[:most]


def names_a_measure(column: str) -> bool:
    """A column naming which measure a row's generic value is of (indicator_code, MEASURE, series)."""
    return bool(set(read_words(column)) & _MEASURE_NAMES)


def column_names(entity: Entity) -> frozenset[str]:
    """The entity's column names, lowercase: the siblings classify reads."""
    return frozenset((f.column or f.name).lower() for f in [*entity.dimensions, *entity.time_dimensions])


def numbered_slot(name: str, siblings: frozenset[str]) -> bool:
    """One of a numbered group of columns (diagnosis1 .. diagnosis8, reaction1 and reaction2)
    whose word names no value: the slots of a list of codes, kept side by side."""
    m = _SLOT.match(name.lower())
    if m is None:
        return False
    stem = m.group(1)
    if set(name_words(stem)) & KNOWN or sum(ch.isalpha() for ch in stem) < 3:
        # A letter and a number (a data dictionary's A1 .. A16) name columns by position, each
        # its own figure (inhabitants, crimes): no list of codes.
        return False
    numbers = [int(s.group(2)) for o in siblings if (s := _SLOT.match(o)) is not None and s.group(1) == stem]
    if min(numbers + [int(m.group(2))]) > 12:
        # Slots are counted from the first (1 .. 8); a group numbered from beyond (crimes_95 and
        # crimes_96, sales_2019 and sales_2020) holds one figure per year or period, each a value.
        return False
    return any(o != name.lower() and (s := _SLOT.match(o)) is not None and s.group(1) == stem for o in siblings)


def series_kinds(evidence) -> dict[str, dict[str, str]]:
    """Per table key, what the profiler saw of its columns followed along the table's time within
    each thing: "running" for those rising and never falling (ir.evidence.SeriesCheck.running),
    "level" for those moving little from one time to the next (SeriesCheck.level), "constant" for
    those the same at every time (SeriesCheck.constant); and "open" for a balance within an amount
    of its own row on every row (ir.evidence.OpenAmounts: what remains open of that amount)."""
    out: dict[str, dict[str, str]] = {}
    for check in (evidence.series or ()) if evidence is not None else ():
        if check.through is not None and not check.running:
            # Followed through an occurrence (a race's date): a line's amount may repeat for a
            # thing (one price, one fee), summed still; only a total that never falls is told.
            continue
        if check.running or check.level or check.constant:
            # A constant moves by nothing against a spread of rounding errors: a level too, told first.
            kind = "running" if check.running else "constant" if check.constant else "level"
            out.setdefault(check.table_key, {})[check.column] = kind
    for amounts in (evidence.open_amounts or ()) if evidence is not None else ():
        # Within an amount of its own row on every row: what remains open of that amount.
        if any(set(name_words(c)) & AMOUNT and not set(name_words(c)) & BALANCE for c in amounts.bounded_by()):
            out.setdefault(amounts.table_key, {}).setdefault(amounts.balance, "open")
    return out


def classify(dim: Dimension, profile: ColumnProfile | None, rows: int | None, prefix: str | None = None,
             keys: frozenset[str] = frozenset(), table_name: str | None = None,
             siblings: frozenset[str] = frozenset(), series: Mapping[str, str] = MappingProxyType({}),
             units: frozenset[str] = frozenset()) -> ValueKind | None:
    """The kind of a numeric or boolean column's values; None for other types. `keys`: the
    model's key column names (key_names); `table_name`: the column's table; `siblings`: the
    table's column names, lowercase; `series`: what its columns did along the table's time within
    each thing (series_kinds); `units`: its figures in several units (mixed_units)."""
    dt = dim.data_type
    if dt == "boolean" or dim.semantic_type == "boolean_flag":
        return ValueKind("flag", "flag", "a true/false value")
    if dt not in NUMERIC:
        return None
    if dim.primary_key or dim.foreign_key or dim.role == "key" or dim.semantic_type == "identifier":
        return ValueKind("identifier", "key", "a key column")
    if (dim.column or dim.name).lower() in units:
        return ValueKind("code", "mixed_units", "a figure in whichever unit another column of its row names: figures in "
                         "different units do not add up")
    if dim.semantic_type in ("latitude", "longitude"):
        # coord_long, whatever its words: the classification read a coordinate on the globe
        return ValueKind("code", "coordinate", "a coordinate: where, not how much")
    # A code or number named head first (numero_linea, codigo_region) reads head last (linea numero),
    # so the rules below that read the last word read its head; numero_empleados counts, unchanged.
    ws = head_last(name_words(dim.column or dim.name, prefix, numbered=True), _LEADING_CODE, KNOWN)
    wset = set(ws)
    if ws and (ws[-1] in ID or ws[0] in ("id", "uuid", "guid")) and dim.role == "dimension" and dim.semantic_type == "category":
        # classify_columns.coded_identifier: a few values over many rows and no table to join
        return ValueKind("code", "coded_identifier", "named like an identifier, a code of a kind of row to group by")
    if ws and (ws[-1] in ID or ws[0] in ("id", "uuid", "guid")):
        return ValueKind("identifier", "identifier_name", "the name ends (or starts) like an identifier")
    if (dim.column or dim.name).lower() in keys and dt == "integer":
        return ValueKind("identifier", "key_elsewhere", "named like a key column of another table")
    if dt == "integer" and _directed_key(ws, keys):
        return ValueKind("identifier", "key_elsewhere", "named like a key column of another table, with the way it points "
                         "(a transfer's account_to)")
    if ws and ws[-1] in _LABEL:
        return ValueKind("code", "label_name", "a name held as a number (a train's short name): it labels its row")
    if dt == "integer" and names_own_thing(ws, table_name):
        return ValueKind("identifier", "own_name", "named as the table's own thing: its number, which names it")
    if dt == "integer" and ws and ws[-1] in _PERSON_HEADS:
        return ValueKind("identifier", "person_role", "a person named by the role they play (a store's manager, an account's "
                         "owner): who, by their number; never averaged")
    if dt == "integer" and siblings and numbered_slot(dim.column or dim.name, siblings):
        return ValueKind("code", "numbered_slot", "one of a numbered group of columns holding codes (diagnosis1 .. diagnosis8)")
    if is_clock_time(ws, profile):
        return ValueKind("code", "clock_time", "a time of day held as a number (hhmm): it labels when, it does not add up")
    if is_day_name(ws):
        return ValueKind("code", "day_name", "a day held as a number (a stamp like 930101): it labels when, it does not add up")
    p = profile
    non_null = _non_null(p, rows) if p is not None else None
    if p is not None and non_null is not None and non_null >= 2:
        # One value on every row (a credit limit of 50,000 for every customer, one unit a line)
        # is a constant: summed it repeats the row count times the value, averaged it is the
        # value. Money paid is the exception: a flat fee of one value in this extract still adds
        # up to what was paid (the next load may hold others); a limit set in money is no
        # payment. The least and greatest values agreeing prove one value where the distinct
        # count is an estimate.
        kind_word = len(ws) > 1 and ws[-1] in _KIND_WORDS
        money = not kind_word and (price_head(ws)[0] or dim.semantic_type == "currency_amount" or bool(wset & AMOUNT))
        named_value = money or is_quantity_name(ws)
        paid = money and not (len(ws) > 1 and (ws[0] in BOUND_FIRST or ws[-1] in BOUND_LAST))
        if (p.distinct_count == 1 or (p.min is not None and p.min == p.max)) and not paid:
            return ValueKind("constant", "constant", "every row holds the same value: nothing to sum or average")
        lo, hi = _num(p.min), _num(p.max)
        if (dt == "integer" and p.distinct_count is not None and p.distinct_count <= 2 and lo is not None and lo >= 0 and hi is not None
                and hi <= 1 and not named_value and not kind_word):
            return ValueKind("flag", "zero_one_values", "the values are 0 and 1")
        if (dt == "integer" and rows and rows >= 50 and p.distinct_count == non_null and non_null == rows and lo is not None
                and hi is not None and hi - lo + 1 <= 1.1 * non_null and not (wset & (COUNT | AMOUNT | PRICE))):
            return ValueKind("identifier", "sequential_unique", "unique whole numbers in sequence, like a generated key")
    if names_a_flag(ws):
        return ValueKind("flag", "flag_name", "named like a flag")
    if _years_span(ws):
        return ValueKind("measurement", "years_span", "a span counted in years (years at a company): how long, averaged; "
                         "summed over people it answers nothing, and it is no year on the calendar")
    if _names_year(ws) and _below_years(p):
        return ValueKind("code", "year_ordinal", "named as a year, its values below any calendar year: which year of a "
                         "series (year 1 to 4 of a course) or two digits of one, a label")
    if _names_year(ws) and not _beyond_years(p, dt, wset):
        return ValueKind("year", "year_name", "a year: a label on the calendar, not a quantity")
    if p is not None and dt == "integer" and not (wset & (COUNT | AMOUNT | PRICE)):
        lo, hi = whole_bounds(p)  # (years loaded from a CSV file as text: '2010' .. '2023')
        if lo is not None and hi is not None and UNNAMED_YEARS[0] <= lo and hi <= UNNAMED_YEARS[1] and (p.distinct_count or 0) <= 200:
            return ValueKind("year", "year_values", f"every value is a year between {UNNAMED_YEARS[0]} and {UNNAMED_YEARS[1]}")
    if ws and ws[-1] in GRID_COORDINATES:
        return ValueKind("code", "coordinate", "a coordinate: where, not how much")
    if ws and "per" not in ws and (ws[-1] in PLACE_UNITS or (ws[-1] in AREA and _numbered(p, dt, rows))):
        return ValueKind("code", "place_unit", "the number of the district, ward, beat or numbered area a row is in: "
                         "which place, grouped by; summed or averaged it answers nothing")
    # A rate, a percentage, a measurement or a score named so is one however it moves: a life
    # expectancy or a literacy rate that rises every year is no running total.
    # So is the price of one unit (a list price or a standard cost each period, raised with
    # inflation): the level of a price, no total of anything.
    intensive = (dim.semantic_type in ("percentage", "percentage_points") or _is_score_name(ws)
                 or bool(wset & (RATE | MEASUREMENT | AVERAGE)) or "per" in ws[1:-1] or price_head(ws)[1])
    # A population, a stock, a balance or an area named so is a level however it grows.
    level_named = bool(wset & (STOCK | POPULATION | BALANCE)) or (bool(ws) and ws[-1] in AREA)
    if series.get(dim.column or dim.name) == "running" and not intensive and not level_named:
        # Cumulative cases per country and day, whatever they are called: the data shows the
        # running total its name may not (derive_measures takes it at the latest time).
        return ValueKind("running", "running_by_data", "a total that rises and never falls from one time to the next within "
                         "each thing: a running total, never summed over time")
    if len(ws) > 2 and (ws[0] in _SPAN_UNITS and ws[1] in _SPAN_LINKS or _span_until(ws)):
        return ValueKind("measurement", "span_name", "how long one thing lasts or waits (days in stock, days to ship): "
                         "averaged, not summed")
    if len(ws) > 1 and ws[-1] in _SPAN_UNITS and wset & AMOUNT:
        return ValueKind("measurement", "terms_span", "days or months given for a payment or a credit (PaymentDays): terms, "
                         "averaged, never summed")
    if wset & _WAITS and (is_duration_name(ws) or wset & _SPAN_UNITS or ws[-1] in ("days", "day")):
        return ValueKind("measurement", "waiting_span", "how long a thing waited or took to come (a supply or lead time): "
                         "averaged; added up over rows it is no figure")
    if _generic_value(ws) and any(names_a_measure(s) for s in siblings):
        return ValueKind("code", "mixed_measures", "the value of whichever measure its row names (an indicator, a metric): "
                         "values of different measures do not add up")
    if _compass(ws, p):
        return ValueKind("code", "direction", "a compass direction in degrees (wind_dir_degrees, heading): an angle, which "
                         "neither adds up nor averages; grouped by")
    if _ordinal_scale(ws, p, dt, rows, table_name):
        return ValueKind("score", "ordinal_scale", "a whole number of a few values within 0..10 on many rows: a rating on a "
                         "scale, grouped by and averaged, never summed")
    if banded_scale(dim.column or dim.name, p, dt, siblings) and not wset & (COUNT | AMOUNT | PRICE | STOCK | _DURATION):
        return ValueKind("score", "banded_scale", "a whole number within 0..100 that a column beside it bands into classes "
                         "(buildUpPlaySpeed and buildUpPlaySpeedClass): a rating on that scale, averaged, never summed")
    bound = len(ws) > 1 and (ws[0] in BOUND_FIRST or ws[-1] in BOUND_LAST)  # min_stock, Mindestbestand: a limit set
    # Open orders and stock on hand at a time (on_order_quantity, on_hand): levels, not movements.
    held = ws[:1] == ("on",) and len(ws) > 1
    filled = len(ws) > 1 and ws[-1] == "level" and ws[-2] in COUNT | {"stock", "inventory", "fill", "water", "fuel"}
    if len(ws) > 1 and ws[-1] in _ORDINAL_LAST and not filled and (level_named or held):
        return ValueKind("code", "ordinal_name", "a level on a scale of its own (stock_option_level, salary band): it labels, "
                         "whatever stock or balance word qualifies it")
    if not bound and not intensive and (held or wset & STOCK or filled):
        return ValueKind("stock", "stock_name", "a stock or inventory level: summed over items, not over time")
    if wset & POPULATION and not intensive:  # an urban population's share is a rate
        return ValueKind("stock", "population_name", "the number of people living somewhere: summed over places, not over time")
    if ws and ws[-1] in AREA and not intensive:
        return ValueKind("stock", "area_name", "the area a place covers: summed over places, not over time")
    if wset & BALANCE and not intensive:
        if series.get(dim.column or dim.name) == "open" and not wset & CARRIED_BALANCE:
            return ValueKind("amount", "open_amount", "what remains open of its row's own amount (never beyond it, the "
                             "profiler counted): summed, the total outstanding")
        return ValueKind("balance", "balance_name", "a balance: summed over accounts, not over time")
    if _margin_of_money(ws, p, dt) and dim.semantic_type not in ("percentage", "percentage_points"):
        return ValueKind("amount", "margin_amount", "a margin beyond any percentage (a gross margin of 96,678): money left "
                         "over costs, added up like the sales and costs it comes from")
    if wset & RATE and dim.semantic_type not in ("percentage", "percentage_points") and _not_a_rate(ws, p, dt):
        return ValueKind("measurement", "rate_not_fraction", "a rate per period or one far beyond a fraction (an hourly rate, a "
                         "daily rate of 1,499): a price or figure per period, averaged")
    if dim.semantic_type in ("percentage", "percentage_points") or wset & RATE:
        return ValueKind("rate", "rate", "a rate or percentage")
    if wset & RATE_IF_FRACTION and is_fraction(p, dt):
        return ValueKind("rate", "fraction_values", "a fraction between 0 and 1, like a rate")
    if is_whole_percent(ws, p, dt, rows):
        return ValueKind("rate", "whole_percent", "a discount or tax of whole percents (a few values within 0..100): a rate, "
                         "never summed")
    if len(ws) > 1 and ws[-1] in _KIND_WORDS:
        return ValueKind("code", "code_name", "a code or ordinal: it labels rather than counts")
    if names_digits_of(read_words(dim.column or dim.name), p):
        return ValueKind("code", "digits_of", "the last or first digits of a longer number (a card's last 4): they label, "
                         "averaged they say nothing")
    if len(ws) > 1 and (ws[0] in BOUND_FIRST or ws[-1] in BOUND_LAST or ws[-1] in RANGE_ENDS_LAST
                        or (wset & RANGE_WORDS and wset & RANGE_ENDS)):
        if band_bounds(siblings, keys, prefix):
            return ValueKind("code", "band_bound", "a bound of the band its row is (an income band's 50,000 to 59,999): it "
                             "names the band, grouped by, never averaged")
        return ValueKind("measurement", "bound", "a bound set on a row (a minimum, a maximum, a limit): averaged, not summed")
    if wset & SCORE and _tally(p, dt):
        return ValueKind("count", "net_votes", "a score counting votes up and down (negative too, unbounded): it adds up")
    if _is_score_name(ws):
        return ValueKind("score", "score_name", "a score or rating: averaged, not summed")
    if wset & MEASUREMENT or ("length" in wset and wset & _LENGTH_UNITS):
        return ValueKind("measurement", "measurement_name", "a measurement that does not add up across rows")
    if wset & AVERAGE:
        return ValueKind("measurement", "average_name", "an average already (avg_order_value, batting_avg): averaged, never summed")
    is_price, unit = price_head(ws)
    if is_price:
        if unit and ws == ("cost",) and _has_period(siblings):
            # A promotion or a project that runs from a start to an end: what it cost, whole.
            return ValueKind("amount", "undertaking_cost", "the cost of something that runs over a period of its own (a "
                             "campaign, a project): an amount")
        if unit:
            return ValueKind("unit_price", "unit_price", "the price of one unit")
        return ValueKind("amount", "price_amount", "a price that is a line's or an order's amount")
    if "per" in ws[1:-1]:
        return ValueKind("measurement", "per_ratio", "one thing per another (units_per_pack, miles_per_gallon): averaged, not summed")
    if ws and ws[-1] in _PARTS:
        return ValueKind("measurement", "parts_name", "the number of parts one thing is paid or split in (installments): averaged, not summed")
    if ws and ws[-1] in CODE or _code_words(ws) or (len(ws) > 1 and ws[-1] in NUMBER_AFTER_WORDS):
        return ValueKind("code", "code_name", "a code or ordinal: it labels rather than counts")
    if (ws and len(ws[-1]) > 3 and ws[-1].endswith("s") and ws[-1][:-1] in CODE and profile is not None
            and (low := _num(profile.min)) is not None and low < 0):
        # delay_groups -2..12 (15 minutes each): a plural that would count, holding numbers below
        # zero, which no count does; the bucket each row falls in.
        return ValueKind("code", "signed_buckets", "buckets named in the plural, numbered below zero too: no count")
    if (ws and (ws[-1] in _ORDER_LAST or ws[0] in _ORDER_FIRST) and not wset & (COUNT | AMOUNT | PRICE | STOCK)
            and not wset & {"on", "in", "per", "back"}):
        return ValueKind("code", "order_name", "a place in a sequence or an order's number: it labels rather than counts")
    to_date = any((a, b) in (("to", "date"), ("so", "far")) for a, b in zip(ws, ws[1:]))
    # A lifetime's figure (user_ltv_revenue, lifetime_orders, customer_lifetime_value): what a thing
    # has paid or done so far, repeated on each of its rows; a lifetime in hours is a duration.
    lifetime = bool(wset & LIFETIME) and not is_duration_name(ws) and not wset & _SPAN_UNITS
    if wset & RUNNING or to_date or lifetime or (table_name and set(words(table_name)) & _RUNNING_TABLES and not wset & PRICE):
        return ValueKind("running", "running_total", "a running total (to date, cumulative, standings after each event): "
                         "taken at its latest, largest value, never summed")
    if is_quantity_name(ws):
        return ValueKind("quantity", "quantity_name", "a quantity")
    if wset & COUNT:
        return ValueKind("count", "count_name", "a count")
    if number_of_plural(ws):
        return ValueKind("count", "number_of_plural", "the number of things (numero_empleados, number_of_items): a count")
    if ws and (ws[-1] in _MASS or ws[0] in _MASS) and wset & BODY_WORDS:  # peso_paciente puts its head first
        return ValueKind("measurement", "body_weight", "the weight of a person's body (a patient's, at birth): a "
                         "measurement of one person, averaged, never added up")
    if ws and ws[-1] in _MASS and dim.semantic_type != "currency_amount" and not wset & PRICE:
        # gross_weight, net_weight, Bruttogewicht: gross and net say which weight, not money. A
        # value: a shipment's weight adds up on a fact, a product's is averaged on its list.
        return ValueKind("value", "mass_name", "a weight (gross or net says of what, not money): added up over the rows of a "
                         "fact, averaged over the things a table lists")
    if dim.semantic_type == "currency_amount" or wset & AMOUNT:
        return ValueKind("amount", "amount", "an amount of money")
    if is_fraction(p, dt) and not (wset & (COUNT | AMOUNT)):
        return ValueKind("rate", "fraction_values", "a fraction between 0 and 1, like a rate")
    if dt == "integer" and ws and singular(ws[-1]) != ws[-1] and singular(ws[-1]) in keys and not wset & _DISTINCT:
        # A payer's covered_encounters beside a table of encounters: how many of them, which adds
        # up (not a distinct count of them, which does not).
        return ValueKind("count", "count_of_things", "the number of the things a table of the model holds")
    if dim.role == "dimension":
        return ValueKind("code", "dimension_role", "a number the column classification calls a label")
    if series.get(dim.column or dim.name) == "constant":
        # Where the name says nothing (a country's `aged_65_older` on each of its days): the thing's
        # own figure, repeated on every row; summed over the days it counts once a day.
        return ValueKind("measurement", "attribute_by_data", "the same at every time within each thing: an attribute of "
                         "the thing repeated on each of its rows, averaged, never summed over time")
    if series.get(dim.column or dim.name) == "level" and not (ws and ws[0] in _NEW):
        # Where the name says nothing (`Close`, `value`): a quote or a reading, not a flow per time.
        # What is new in each period (new cases, new customers) is a flow however smoothly it
        # rises and falls with a wave: summed.
        return ValueKind("measurement", "level_by_data", "a level that moves little from one time to the next within each "
                         "thing (a price, a temperature): averaged, never summed over time")
    return ValueKind("value", "numeric_value", "a numeric value")


# A transaction's value is told from its lines only over this many transactions of several lines.
HEADER_TRANSACTIONS = 10
HEADER_VALUE_RULE = "header_value_non_additive"
# A quantity whose rows name their unit of measure, several of them (quantity_unit): summed per
# unit by derive_measures, never across units.
QUANTITY_UNITS_RULE = "quantity_in_units_non_additive"


def header_values(evidence, tables) -> dict[str, set[str]]:
    """Per table key, its numbers that are a transaction's, repeated on each of its lines: on a
    table keyed by a transaction and a line ordinal (ir.evidence.LineConstancy), the same on every
    line of each of at least HEADER_TRANSACTIONS transactions of several lines, and not the same on
    every row of the table (an order's total, its freight; not a constant). Summed over the lines
    they count a transaction once a line, and averaged they weigh it by its lines."""
    by_key = {t.key: t for t in tables}
    out: dict[str, set[str]] = {}
    for check in (evidence.line_constancy or ()) if evidence is not None else ():
        table = by_key.get(check.table_key)
        if table is None or check.several_lines < HEADER_TRANSACTIONS:
            continue
        found = profiles(table)
        for column in check.varying:
            p = found.get(column)
            if check.constant(column) and p is not None and (p.distinct_count or 0) > 1:
                out.setdefault(check.table_key, set()).add(column)
    return out
