"""The words that name what a numeric column holds: identifiers and codes, rates, scores,
measurements, bounds, balances and stocks, prices, amounts and counts, in the languages of the
names we read; and a column name read as those words (name_words), a shared prefix dropped and
glued suffixes split.

A leaf module (imports only compiler.naming and compiler.calendar): passes.value_kinds decides
what a column's values are from these words, and the profiler reads the same words to choose
which tables to measure (a stock's snapshot grain), so the two never disagree on a name.
"""

from __future__ import annotations

from functools import lru_cache

from compiler.calendar import YEAR_WORDS
from compiler.naming import read_words, words

# Which one of a series (the lap, the round, the grid slot, the pit stop): a number that labels
# its row within a parent's, 1..n of every series, inside any surrogate key's range by chance.
SERIES_WORDS = frozenset({"lap", "round", "grid", "stop", "inning", "leg", "heat", "attempt"})

ID = {"id", "key", "uuid", "guid", "pk", "fk", "sk", "oid", "nr", "identifier", "ident",
      # one letter and id: a store's, a process's, a customer's (Sakila's customer_list.SID)
      "sid", "pid", "cid", "uid", "gid", "tid", "fid", "eid", "nid"}

# A serial number's abbreviation, read as one only after what it numbers (order_sn, goods_sn): a
# bare `sn` may be anything (a snowfall, a sine), no code unless its values say so.
NUMBER_AFTER_WORDS = {"sn"}

CODE = {
    "code", "zip", "zipcode", "postal", "postcode", "phone", "fax", "number", "no", "num", "nbr", "month", "day", "week",
    "birthday", "birthmonth", "stint",
    "quarter", "hour", "minute", "weekday", "dow", "rank", "ranking", "level", "seq", "sequence", "position", "pos", "index",
    "idx", "version", "ordinal", "sort", "status", "type", "category", "class", "latitude", "longitude", "lat",
    "lon", "lng", "zone", "region", "floor", "room", "ext", "extension", "priority", "tier", "grade", "step", "stage", "line",
    # the number of one thing in other languages (numero_linea, read head last: linea numero)
    "numero", "nummer",
    "linenumber", "bit", "digit", "isbn", "ean", "upc", "sku", "iso", "bucket", "band", "group", "decile", "percentile",
    "quartile", "segment", "cluster",
    # which one of a series or a place, in the singular (which lap, the starting grid slot, a
    # storage bin); the plural counts them (laps completed)
    "slot", "place", "seat", "episode", "chapter", "jersey", "bib", "bin",
    # a person's gender kept as a number (Magento's 1 male, 2 female, 3 not specified): a category
    "gender", "sex", "geschlecht", "genero", "sexo", "sesso", "genre",
    # official codes of places: US counties, French communes, Brazilian municipalities, German Gemeinden
    "fips", "insee", "ibge", "ags", "gemeindeschluessel", "ubigeo",
} | SERIES_WORDS

YEAR = YEAR_WORDS | {"vintage"}  # a wine's year: a label too

# A span counted in years (years at a company, total working years): how long, not which year.
YEAR_SPANS = {"years", "yrs", "jahre", "anos", "anios", "annees", "anni", "jaren"}

RATE = {"rate", "ratio", "pct", "percent", "percentage", "share", "margin", "proportion", "fraction", "probability", "prob",
        "likelihood", "conversion", "churn", "yield", "apr", "interest", "tasa", "taux", "quote", "anteil", "prozent",
        "porcentaje", "pourcentage", "percentuale", "porcentagem",
        # rates of a game, each per innings, at bats or games: an earned run average, on-base and slugging
        "era", "whip", "obp", "slg", "gaa"}

# Names that are rates only when their values are fractions: a tax or discount of 0.05 is a rate,
# of 12.50 an amount.
# A discount, in the languages of the names we read: a rate on a line when its values are fractions.
DISCOUNT_WORDS = {"discount", "rabatt", "descuento", "desconto", "remise", "sconto", "korting"}

RATE_IF_FRACTION = {"tax", "commission", "fee", "vat", "tip", "markup", "weight", "mwst", "iva", "tva"} | DISCOUNT_WORDS

# A value that is an average already: summed over rows it means nothing.
AVERAGE = {"avg", "average", "mean", "median", "durchschnitt", "durchschnittlich", "promedio", "moyenne",
           # over a moving window (a 7-day average of new cases): each day's figure holds its neighbours'
           "smoothed", "rolling"}

# Text that stands for no value in files and dumps (MySQL's and IMDb's \\N, 'NULL', 'n/a'), in lower case.
NULL_SPELLINGS = frozenset({"\\n", "null", "none", "nil", "na", "n/a", "#n/a", "nan", "-", ""})

# The votes or reviews a score kept per row averages (a film's averageRating over its numVotes, a
# product's avg_stars over its review_count): over several rows the score is weighed by them
# (ratio_metrics).
RATERS = {"votes", "vote", "ratings", "reviews", "review", "raters", "reviewers", "respondents", "responses", "stimmen",
          "bewertungen", "votos", "valoraciones", "resenas", "avis", "voti", "recensioni", "stemmen"}

# (A rank is a position among others, 1 the best: a code like position and grid, not a score.)
SCORE = {"score", "rating", "stars", "nps", "sentiment", "grade", "note", "bewertung", "puntuacion"}
# A rating written in words (a support survey's good / bad / offered, a review's positive /
# negative): each answer is counted, never averaged. A note in words is a remark, not a grade.
SCORE_IN_WORDS = frozenset(SCORE - {"note"})

# How satisfied or involved someone says they are, asked on a scale (job_satisfaction 1..4): scores
# when they are the head of the name (engagement_time_msec is a duration).
SCORE_HEADS = {"satisfaction", "involvement", "engagement", "happiness", "wellbeing", "zufriedenheit", "satisfaccion",
               "satisfacao", "soddisfazione", "tevredenheid", "felicidad", "bonheur", "wohlbefinden",
               "bienestar"}

MEASUREMENT = {"age", "aging", "ageing", "temperature", "temp", "speed", "velocity", "density", "humidity", "pressure", "altitude",
               "elevation", "bpm", "heartrate", "dpi", "resolution",
               # the size of one object: product_height_cm, box_width (a length with a unit below)
               "height", "width", "depth", "diameter", "thickness", "radius",
               # the weather at a place and hour: dew point, wind and its gusts, visibility
               "dew", "dewp", "dewpoint", "wind", "gust", "gusts", "visib", "visibility", "humid", "cloud", "cloudiness",
               # the spacing of a recurring thing (a bus every 600 seconds): averaged, never added up
               "headway", "interval", "cadence",
               # the years a person may expect to live: an average over people already
               "expectancy"}

# The ends of a range of values deemed normal for a reading (ref_range_lower, lownormalvalue,
# normal_high, reference_upper): bounds, set per test or item, never amounts. A range word and
# an end word name one; `lower` and `upper` last name one alone (range_lower, ci_upper), never the
# Romance `superior`/`inferior`, a level of something (poblacion_educacion_superior: people
# with higher education, a head count) unless a range word is beside them (rango_inferior).
RANGE_WORDS = {"range", "ranges", "normal", "reference", "ref", "norm", "referenz", "rango", "referencia", "intervalle",
               "intervallo", "normbereich", "referenzbereich", "normale"}
RANGE_ENDS = {"low", "high", "lower", "upper", "min", "max", "bottom", "top", "unten", "oben", "untere", "obere", "bajo", "alto",
              "inferior", "superior", "bas", "haut", "basso"}
RANGE_ENDS_LAST = {"lower", "upper", "untere", "obere"}

# The numbers whose last or first digits are shown alone (cc_last_4, card_last4, phone_last_four,
# ssn_last4): a card, an account, a phone, a person's tax number. Without one, `last_5` is a
# window (points_last_5, sales_last_7): a figure over the last five games or days.
DIGITS_OF_WORDS = {"cc", "card", "credit", "debit", "account", "acct", "iban", "bank", "phone", "mobile", "tel", "telephone",
                   "ssn", "sin", "tin", "tax", "nif", "pan", "kreditkarte", "karte", "konto", "tarjeta", "cuenta", "carte",
                   "compte", "carta", "conto", "telefono", "telefon", "telephone"}

# The things numbered by the moment they started (GA4's ga_session_id, a visit's start second): an
# identifier whose values are clock readings is one only named so; an invoice numbered from
# 2019000001 or a barcode falls in the same range of digits.
CLOCK_NUMBERED_WORDS = {"session", "sessions", "visit", "visits", "start", "started", "begin", "time", "timestamp", "ts", "epoch",
                        "sesion", "sessione", "sitzung", "visita", "besuch"}

# Words naming a living body whose weight is a measurement of it (patient_weight, birth_weight,
# body_weight, Koerpergewicht, peso_corporal): averaged over people, never added up.
BODY_WORDS = {"patient", "body", "person", "birth", "baby", "infant", "newborn", "athlete", "player", "paciente", "patienten",
              "koerper", "corporal", "corporel", "corporeo", "naissance", "nacimiento", "geburt", "neonato"}

# A bound (min_salary, max_salary, credit_limit, price_ceiling): a limit set on a row, not an amount
# that happened; summing the limits of many rows answers nothing. A trailing `min` is minutes.
BOUND_FIRST = {"min", "max", "minimum", "maximum", "lower", "upper", "mindest", "hoechst", "minimo", "maximo", "minima", "maxima",
               # the stock kept in reserve, the level that triggers an order: thresholds set per item
               "safety", "reorder", "par"}

# `lim` is a limit cut short (TPC-C's c_credit_lim).
BOUND_LAST = {"max", "maximum", "minimum", "limit", "limits", "lim", "threshold", "cap", "ceiling", "limite", "grenze", "plafond"}

# A direction in degrees (wind_dir, heading): an angle, which neither adds up nor averages (the
# mean of 350 and 10 is no north). In other languages too: Windrichtung, direccion_viento, direcao.
DIRECTION = {"dir", "direction", "heading", "bearing", "azimuth", "angle", "orientation", "course", "richtung", "direccion",
             "direcao", "direzione", "richting", "rumbo", "azimut"}

BALANCE = {"balance", "bal", "acctbal", "saldo", "solde", "outstanding", "headcount", "backlog"}

# A number of people living somewhere: a level like a stock, added up over places, not over time.
POPULATION = {"population", "inhabitants", "residents", "einwohner", "bevoelkerung", "poblacion", "habitantes", "habitants",
              "populacao", "popolazione", "abitanti"}

# A figure each of a place's people has, on average over them (life expectancy, literacy, income
# per head): over several places it is the mean weighted by their populations (ratio_metrics),
# never a plain mean that weighs a country of 1,000 people as one of a billion.
PER_PERSON = {"expectancy", "lifespan", "longevity", "esperanza", "lebenserwartung", "esperance", "aspettativa", "expectativa",
              "literacy", "alfabetizacion", "alphabetisierung", "alphabetisation", "alfabetizzazione", "alfabetizacao",
              "capita", "percapita", "perhead", "kopf"}

# The land or floor a place covers: like its population, added up over places (a continent's area).
AREA = {"area", "surface", "acreage", "acres", "hectares", "sqkm", "km2", "sqm", "m2", "superficie", "flaeche", "oppervlakte",
        "landarea"}

# The unit of a map a place or an event is in, held as its number (a police beat, a city ward, a
# school district, a census tract, a Landkreis): which one, never how much. In the singular, head
# of the name; the plural (districts) counts them.
PLACE_UNITS = {"district", "ward", "beat", "precinct", "borough", "county", "parish", "commune", "municipality", "tract",
               "constituency", "canton", "prefecture", "province", "arrondissement", "neighborhood", "neighbourhood",
               "distrito", "bezirk", "kreis", "landkreis", "gemeinde", "stadtteil", "ortsteil", "comuna", "municipio", "comune",
               "provincia", "provincie", "wijk", "barrio", "bairro", "quartier", "circonscription", "departement",
               "departamento", "kommune", "gemeente", "freguesia", "concelho"}

# A position on a map's grid (a state-plane X coordinate in feet, a UTM easting): where, not how much.
GRID_COORDINATES = {"coordinate", "coord", "easting", "northing", "koordinate", "coordenada", "coordonnee", "coordinata",
                    "coordinaat"}

STOCK = {"stock", "inventory", "onhand", "hand", "avail", "available", "availability", "bestand", "existencias", "instock",
         "existencia", "estoque", "giacenza", "voorraad",
         # what a stocktake counted on the shelf (Wide World Importers' LastStocktakeQuantity): a stock
         "stocktake", "stocktaking", "stockcount", "inventur", "inventaire", "inventario", "inventariado"}

PRICE = {"price", "cost", "msrp", "preis", "precio", "preco", "prix", "prezzo", "prijs", "tarif", "tariff", "rrp"}

AMOUNT = {"amount", "amt", "total", "revenue", "sales", "subtotal", "sum", "value", "paid", "payment", "charge", "charges",
          "fee", "fees", "freight", "shipping", "spend", "spent", "salary", "wage", "income", "expense", "expenses", "coverage",
          "betrag", "importe", "montant", "umsatz", "ingresos", "gross", "net", "profit", "budget", "tax", "discount",
          "cents", "dollars", "extended", "lifetime", "refund", "commission", "tip", "credit", "debit", "cost", "costs",
          "kosten", "gebuehr", "gebuhr", "coste", "costo", "cout", "gnp", "gdp", "bip", "pib", "montante", "importo", "bedrag",
          "frete", "flete", "frais", "salario", "salaire", "lohn", "gehalt", "stipendio"}

# SAP's table and field names: German words cut short, written in capitals (VBAK: Verkaufsbeleg
# Kopf, NETWR: Nettowert, KUNNR: Kundennummer). Its quantities, Menge cut short: order (KWMENG),
# confirmed (BMENG), delivery (LFIMG), billed (FKIMG); its units of measure, Mengeneinheit cut
# short: MEINS base unit, VRKME sales unit, BSTME order unit, ERFME entry unit, MEINH alternative
# unit. All of them say a schema is SAP's, named in German (compiler.label_words).
SAP_QUANTITIES = frozenset({"kwmeng", "bmeng", "lsmeng", "lfimg", "fkimg"})
SAP_UNITS = frozenset({"meins", "vrkme", "bstme", "erfme", "meinh"})
SAP_NAMES = SAP_QUANTITIES | SAP_UNITS | frozenset("""
    vbak vbap vbeln posnr erdat erzet ernam aedat netwr waerk kunnr matnr werks bukrs vkorg vtweg spart mandt lifnr
    ebeln ebelp belnr gjahr budat bldat maktx mara makt kna1 lfa1 ekko ekpo bkpf bseg dmbtr wrbtr zterm land1 ort01
    stras pstlz name1 auart vbtyp
    """.split())

QUANTITY = {"qty", "quantity", "quantities", "units", "pieces", "menge", "cantidad", "quantite", "anzahl", "count", "quantidade",
            "qtde", "qtd", "quantita", "aantal", "hoeveelheid", "einheiten", "unidades", "unites"} | SAP_QUANTITIES

COUNT = {"cnt", "unit", "items", "orders", "visits", "views", "clicks", "sessions", "impressions", "num", "nb", "times", "hits",
         "downloads", "plays", "tickets", "seats", "guests", "passengers", "employees", "members",
         # events counted over a period (a country's births each year): flows, however smooth
         "births", "deaths", "emissions", "arrivals", "departures", "admissions", "discharges", "registrations",
         "enrollments", "enrolments", "bookings", "trips", "rides", "calls", "purchases", "installs", "signups",
         "accidents", "incidents", "injuries", "fatalities", "hospitalizations", "deliveries", "shipments",
         "crimes", "offences", "offenses", "arrests", "straftaten", "delitos", "delits", "crimini", "reati",
         "geburten", "todesfaelle", "nacimientos", "defunciones", "naissances", "deces", "nascimentos", "obitos",
         # what a side scores in a game (a match's home_team_goal, 0 to 9): counted, summed per team
         # and season, never a rating however few its values
         "goal", "goals", "tore", "buts", "goles", "gol", "gols", "doelpunten", "assists", "touchdowns", "wickets"} | QUANTITY

# Words naming the unit of measure a row's figure or quantity is in, held in a column of its own
# (qty_uom, unit_of_measure, Einheit, unidad_medida, unite). UOM_WORDS say it whatever stands
# beside them: uom, German compounds of Einheit, and SAP's abbreviations of Mengeneinheit (MEINS
# base unit, VRKME sales unit, BSTME order unit, ERFME entry unit, MEINH alternative unit).
UNIT_WORDS = frozenset({"unit", "uom", "einheit", "unidad", "unite", "unita", "eenheid", "enhet"})
UOM_WORDS = frozenset({"uom", "uoms", "mengeneinheit", "masseinheit"}) | SAP_UNITS
# Words that follow a unit word in a name without making it anything else (unit_of_measure,
# unidad_medida, unite_de_mesure, unit_code).
# The words of measure among them: after a unit word they make it a unit of measure (unidad_medida).
MEASURE_WORDS = frozenset({"measure", "measurement", "medida", "mesure", "misura", "maat"})
UNIT_MEASURE_WORDS = MEASURE_WORDS | {"of", "de", "du", "di", "code", "cd", "id", "key", "symbol", "abbr", "name", "codigo"}
# Units of measure as written in a unit column (ISO/UN-ECE and SAP codes, common abbreviations):
# a bare `unit` or `einheit` beside a quantity names a unit of measure when it holds one of these,
# not a business unit (EMEA, Retail).
UNIT_CODES = frozenset({"st", "stk", "stck", "pc", "pcs", "pce", "ea", "each", "piece", "pieces", "unit", "units", "kg",
                        "g", "mg", "t", "to", "lb", "lbs", "oz", "l", "ltr", "ml", "cl", "hl", "m", "cm", "mm", "km", "m2",
                        "m3", "qm", "cbm", "ft", "in", "yd", "gal", "h", "hr", "std", "min", "pal", "kar", "car", "box",
                        "bx", "ct", "cs", "pk", "pak", "pkg", "bag", "btl", "dz", "doz", "set", "roll", "par", "pr", "kgm",
                        "mtr", "mtk", "mtq", "hur", "c62", "h87", "kwh", "pza", "ud", "uds", "und", "caja"})

# Suffixes glued onto a word in lowercase names: extendedprice, supplycost, acctbal, custkey, availqty.
# German compounds too: Einzelpreis, Frachtkosten, Lagerbestand, Bestellmenge, Gesamtbetrag.
GLUED = ("price", "cost", "amount", "amt", "qty", "quantity", "count", "total", "key", "id", "code", "bal", "rate", "date", "year",
         "preis", "kosten", "bestand", "menge", "betrag")

KNOWN = (ID | CODE | NUMBER_AFTER_WORDS | DIRECTION | AREA | PLACE_UNITS | GRID_COORDINATES | AVERAGE | BOUND_FIRST | BOUND_LAST | YEAR | YEAR_SPANS | RATE | RATE_IF_FRACTION | SCORE
         | SCORE_HEADS | MEASUREMENT | BALANCE | STOCK | POPULATION | PRICE | AMOUNT | COUNT | {"account", "valid", "paid", "void"})


@lru_cache(maxsize=1 << 16)  # pure; asked for every column by three passes
def name_words(name: str, prefix: str | None = None, numbered: bool = False) -> tuple[str, ...]:
    """Words of a column name, a shared table prefix (TPC-H `l_`) dropped and glued suffixes split;
    `numbered`: a word's trailing number dropped too, as what a numbered column of a repeating
    group holds (diagnosis1, reaction2, typeid1) is what its word says."""
    ws = list(read_words(name))
    if numbered:
        ws = [w.rstrip("0123456789") if len(w.rstrip("0123456789")) >= 3 else w for w in ws]
    if prefix and len(ws) > 1 and ws[0] == prefix:
        ws = ws[1:]
    out: list[str] = []
    for w in ws:
        if w in KNOWN:
            out.append(w)
            continue
        for suffix in GLUED:
            if w.endswith(suffix) and len(w) - len(suffix) >= 3 and w != suffix:
                out += [w[: -len(suffix)], suffix]
                break
        else:
            out.append(w)
    return tuple(out)


# A balance said at one end of the row's document or period (Stripe's invoice `starting_balance` and
# `ending_balance`, a statement's `opening_balance` and `closing_balance`, a transaction's
# `balance_after`): the account's balance carried from row to row, never what remains open of the
# row's own amount, however small it stays beside it.
CARRIED_BALANCE = {"starting", "start", "beginning", "begin", "opening", "initial", "ending", "end", "closing", "final",
                   "after", "before", "previous", "prior", "prev", "anfang", "anfangs", "schluss", "inicial", "apertura", "cierre",
                   "ouverture", "cloture", "iniziale", "finale"}

# Words that say how a value is stored, not what it is (Stripe's `unit_amount_decimal` beside
# `unit_amount`, a `price_str`): read as if they were not there.
REPRESENTATION = {"decimal", "dec", "str", "string", "text", "txt", "raw", "formatted", "fmt", "numeric", "float", "double"}

# Amounts to date per thing (a user's lifetime value repeated on each of their events, GA4's
# `user_ltv_revenue`, `lifetime_orders`, `cumulative_sales`, `revenue_to_date`, `total_so_far`):
# running totals, never summed over rows. `lifetime` and its abbreviations name one only beside
# what is counted or paid (a `lifetime_hours` is a duration: value_kinds asks).
RUNNING = {"ytd", "mtd", "qtd", "wtd", "cumulative", "cum", "cumul", "running", "accumulated", "acumulado", "kumuliert",
           "kumulativ", "cumule", "cumulato", "todate", "sofar"}
LIFETIME = {"lifetime", "ltv", "clv", "cltv", "lifetimevalue"}


def names_balance(name: str) -> bool:
    """A column named as a balance (`OutstandingBalance`, `saldo`): the profiler checks it against
    the amounts of its row (compiler/profiler/open_amounts.py)."""
    return bool(set(name_words(name)) & BALANCE)


def names_level(name: str) -> bool:
    """A column named as a stock or a balance (`OnHandQuantity`, `AccountBalance`): a level the
    profiler checks the snapshot grain of (compiler/profiler/grain.py, gather_snapshot_grains)."""
    return bool(set(name_words(name)) & (STOCK | BALANCE))

# ISO 4217 codes of the currencies in use: a text column holding only these names each row's
# currency whatever it is called (SAP's WAERK and WAERS, a `cur_cd`, a `divisa`).
ISO_4217 = frozenset("""
aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd btn bwp byn bzd cad cdf chf
clp cny cop crc cuc cup cve czk djf dkk dop dzd egp ern etb eur fjd fkp gbp gel ghs gip gmd gnf gtq gyd hkd hnl
hrk htg huf idr ils inr iqd irr isk jmd jod jpy kes kgs khr kmf kpw krw kwd kyd kzt lak lbp lkr lrd lsl lyd mad
mdl mga mkd mmk mnt mop mru mur mvr mwk mxn myr mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar
ron rsd rub rwf sar sbd scr sdg sek sgd shp sle sll sos srd ssp stn svc syp szl thb tjs tmt tnd top try ttd twd
tzs uah ugx usd uyu uzs ves vnd vuv wst xaf xcd xof xpf yer zar zmw zwl""".split())
# Those a column of codes must hold one of at least: 'ALL', 'TOP' or 'CUP' alone are words.
MAJOR_CURRENCIES = frozenset({"usd", "eur", "gbp", "jpy", "chf", "cny", "cad", "aud", "inr", "brl", "mxn", "sek", "krw"})
# The codes names carry (price_usd, gdp_eur, unit_price_rmb): major ones, none a word as well.
CURRENCIES_IN_NAMES = MAJOR_CURRENCIES | {"rmb", "nok", "dkk", "zar", "rub", "pln", "czk", "huf", "nzd", "sgd", "hkd"}

# The truth words: (true, false) pairs a true/false kept as text holds, lower case, one column
# holding both words of one pair (English first, then the languages of the rest of the
# vocabulary). Every other set of truth words below is derived from these.
ENGLISH_TRUTH_PAIRS = (("t", "f"), ("true", "false"), ("y", "n"), ("yes", "no"))
TRUTH_PAIRS = ENGLISH_TRUTH_PAIRS + (
    ("si", "no"), ("sí", "no"), ("sì", "no"), ("sim", "não"), ("sim", "nao"), ("ja", "nein"), ("ja", "nee"), ("oui", "non"),
    ("vrai", "faux"), ("wahr", "falsch"), ("verdadero", "falso"), ("verdadeiro", "falso"), ("vero", "falso"), ("waar", "onwaar"))
# The first letters of si/no, sim/não, ja/nein and oui/non: also compass points (a hemisphere's N
# and S, Ost's O), so true and false only in a column whose name says it is a flag (is_deleted).
LETTER_TRUTH_PAIRS = (("s", "n"), ("j", "n"), ("o", "n"))
# A true/false kept as text, every word of a pair above.
TRUE_WORDS = frozenset(t for t, _ in TRUTH_PAIRS + LETTER_TRUTH_PAIRS)
FALSE_WORDS = frozenset(f for _, f in TRUTH_PAIRS + LETTER_TRUTH_PAIRS)
# A boolean written as text, as databases and drivers write it: the English pairs, 1 and 0, and
# MySQL's BIT(1) as a byte.
TRUE_TEXTS = frozenset(t for t, _ in ENGLISH_TRUTH_PAIRS) | {"1", "\x01"}
FALSE_TEXTS = frozenset(f for _, f in ENGLISH_TRUTH_PAIRS) | {"0", "\x00"}

# "Deleted" in the languages names are read in: only words that mean deleted and nothing else.
# A word for a state a live row may hold drops live rows: `cancelled`/`cancellato` (an order
# cancelled is still an order), `apagado` ("switched off"), `excluido` (Spanish "excluded").
DELETED_WORDS = frozenset({
    "deleted", "removed", "isdeleted",
    "geloescht", "geloscht", "gelöscht",  # German
    "eliminado", "eliminada", "borrado", "borrada",  # Spanish
    "supprime", "supprimee", "supprimé", "supprimée",  # French
    "deletado", "deletada",  # Portuguese
    "eliminato", "eliminata",  # Italian
})
# The act of deleting, a mark only before a flag's word (DELETE_FLAG_WORDS): `delete_status`,
# `del_flag` (Chinese applications' 0/1 marks), where `delete` alone may name an action or a right.
DELETE_WORDS = frozenset({"delete", "del"})
DELETE_FLAG_WORDS = frozenset({"flag", "status", "state", "mark"})

# The last word of a column saying which kind of thing its row is (a post's type: question or
# answer; a vote's type; German Art and Sorte, French genre), an identifier's or a code's word
# after it or not (PostTypeId, vote_type_cd): the profiler's kind columns and derive_measures'
# counts per kind read the same words.
ROW_KIND_WORDS = frozenset({"type", "kind", "typ", "tipo", "art", "genre", "sorte"})
ROW_KIND_KEY_WORDS = frozenset({"id", "key", "uuid", "guid", "pk", "fk", "sk", "oid", "identifier", "cd", "code"})


# A name's last word saying its values identify one thing (a VIN, an IBAN, a tracking number, a
# serial): long unique letters and digits there are the point, never filler to hide.
IDENTIFIER_WORDS = frozenset(ID | {
    "code", "number", "no", "num", "nbr", "sn", "ref", "reference", "serial", "vin", "iban", "bic", "swift", "tracking",
    "sku", "ean", "upc", "isbn", "barcode", "plate", "passport", "license", "licence", "nummer", "numero", "codigo",
})


# Kinds of row that reverse or move money a sale brought in (a refund, a payout, a transfer, a
# chargeback, an authorization only held): a table whose kind column holds one of these has rows
# whose amounts must not be added up together (Stripe's balance transactions, Shopify's
# transactions of kind sale/refund/authorization), in the languages names are read in.
MONEY_MOVEMENT_WORDS = frozenset({
    "refund", "refunds", "refunded", "reversal", "reversed", "chargeback", "dispute", "payout", "payouts", "withdrawal",
    "transfer", "transfers", "authorization", "authorisation", "void", "return", "returns",
    # as words() reads them: accents dropped, ü read u (Rückerstattung) or written ue
    "reembolso", "devolucion", "remboursement", "rimborso", "storno", "erstattung", "rueckerstattung",
    "ruckerstattung", "auszahlung", "estorno", "reintegro",
})


# A state saying a row's attempt failed (a card charge declined, a payout that bounced): money on
# such rows never moved, in the languages names are read in. Not a rejection (`rejected`,
# `rechazado`): an order or a claim rejected is still one, with its amount asked.
FAILED_WORDS = frozenset({
    "failed", "failure", "declined", "errored", "bounced",
    "fallido", "fallida", "echoue", "echouee",
    "fehlgeschlagen", "falhou", "falhado", "falha", "fallito", "fallita", "mislukt",
})


# Money a row spends whatever became of its attempt (a failed job's compute cost, a failed
# delivery's shipping, a fee charged all the same): sums of it keep the failed rows.
SPENT_WORDS = frozenset({
    "cost", "costs", "fee", "fees", "expense", "expenses", "spend", "spent", "shipping", "freight", "postage",
    "kosten", "gebuehr", "gebuhr", "coste", "costo", "custo", "cout", "frais", "gasto", "gastos", "spesa", "spese",
})


def names_money_movement(value: str) -> bool:
    """A row kind's value saying its rows reverse or move money (`refund`, `payout`, `Storno`)."""
    return any(w in MONEY_MOVEMENT_WORDS for w in words(str(value)))


def names_row_kind(column: str) -> bool:
    """A column named as which kind of thing its row is (`vote_type_id`, `kind`, `PostTypeId`)."""
    ws = [w for w in words(column) if w not in ROW_KIND_KEY_WORDS]
    return bool(ws) and ws[-1] in ROW_KIND_WORDS
