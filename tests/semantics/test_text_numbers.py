"""Numbers kept as text, as sqlite3's `.import` loads a CSV file (every column TEXT, a missing
value ''): typed as numbers by normalize_types and read through CAST(NULLIF(column, '') ...) by
every target, while codes written in digits stay text."""

from __future__ import annotations

import random
import sqlite3

from compiler.api import compile as compile_snapshot, snapshot
from compiler.diagnostics import Diagnostics
from compiler.verify.run import verify

ITEMS = 3000


def _csv_like(path) -> str:
    """An order-items table, a geolocation table and a view over the items, all text; some ''."""
    rng = random.Random(7)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE items (order_id TEXT, order_item_id TEXT, price TEXT, freight_value TEXT, "
                "shipping_limit_date TEXT, review_score TEXT, zip_prefix TEXT, batch TEXT, store_code TEXT)")
    con.execute("CREATE TABLE geolocation (zip_prefix TEXT, geolocation_lat TEXT, geolocation_lng TEXT, city TEXT)")
    con.execute("CREATE TABLE weights (order_id, weight_g)")  # columns declared without a type
    for i in range(ITEMS):
        order = f"o{i // 2:05d}"
        con.execute("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (
            order, str(i % 2 + 1), "" if i % 50 == 0 else f"{rng.uniform(5, 900):.2f}", f"{rng.uniform(0, 50):.2f}",
            "" if i % 31 == 0 else f"2017-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d} 10:00:00",
            "" if i % 40 == 0 else str(rng.randrange(1, 6)), f"{rng.randrange(0, 99999):05d}",
            str(rng.randrange(10000, 99999)), str(rng.randrange(1, 90))))
    for i in range(ITEMS // 2):
        con.execute("INSERT INTO weights VALUES (?, ?)", (f"o{i:05d}", rng.randrange(100, 5000)))
    for i in range(2000):
        con.execute("INSERT INTO geolocation VALUES (?, ?, ?, ?)", (f"{rng.randrange(1000, 99999):05d}",
                    f"{rng.uniform(-30, -5):.14f}", f"{rng.uniform(-60, -35):.14f}", rng.choice(["rio", "curitiba"])))
    con.execute("CREATE VIEW order_totals AS SELECT order_id, MAX(price) AS max_price, MAX(shipping_limit_date) AS last_limit "
                "FROM items GROUP BY order_id")
    con.commit()
    con.close()
    return str(path)


def _compiled(tmp_path, targets=("lookml",)):
    source = _csv_like(tmp_path / "olist.db")
    diags = Diagnostics()
    snap = snapshot(source, diags=diags)
    result = compile_snapshot(snap, list(targets), diags=diags)
    assert not diags.has_errors(), diags.render_text()
    return source, snap, result, diags


def test_empty_strings_are_no_values_in_the_pattern_shares(tmp_path):
    _, snap, result, _ = _compiled(tmp_path)
    items = next(t for t in snap.tables if t.name == "items")
    limit = items.column("shipping_limit_date").profile
    assert limit.patterns["iso_date"] == 1.0  # 97% of the rows: the others are ''
    e = result.model.entity_index()["items"]
    assert [t.column for t in e.time_dimensions] == ["shipping_limit_date"]


def test_numbers_kept_as_text_are_numbers_and_codes_stay_text(tmp_path):
    _, _, result, _ = _compiled(tmp_path)
    e = result.model.entity_index()["items"]
    dims = {d.column: d for d in e.dimensions}
    assert (dims["price"].data_type, dims["price"].expr) == ("decimal", "CAST(NULLIF(\"price\", '') AS REAL)")
    assert (dims["review_score"].data_type, dims["review_score"].expr) == ("integer", "CAST(NULLIF(\"review_score\", '') AS INTEGER)")
    assert dims["store_code"].data_type == "string"  # named as a code
    assert dims["order_item_id"].data_type == "string"  # named as an identifier
    assert dims["zip_prefix"].data_type == "string"  # zero-padded: 01234 is no 1234
    assert dims["batch"].data_type == "string"  # whole numbers all five digits wide: a code
    measures = {(m.agg, m.column) for m in e.measures}
    assert {("sum", "price"), ("sum", "freight_value"), ("avg", "review_score")} <= measures
    assert e.role == "fact"


def test_sqlite_columns_without_a_type_are_typed_by_their_values(tmp_path):
    _, _, result, _ = _compiled(tmp_path)
    index = result.model.entity_index()
    view = index["order_totals"]
    assert {d.column: d.data_type for d in view.dimensions}["max_price"] == "decimal"
    assert [(t.column, t.data_type) for t in view.time_dimensions] == [("last_limit", "timestamp")]
    assert {d.column: d.data_type for d in index["weights"].dimensions}["weight_g"] == "integer"


def test_no_key_on_coordinates_kept_as_text(tmp_path):
    _, _, result, _ = _compiled(tmp_path)
    geo = result.model.entity_index()["geolocation"]
    assert not {"geolocation_lat", "geolocation_lng"} & set(geo.primary_key)


def test_every_target_reads_the_numbers_through_the_cast(tmp_path):
    source, _, result, diags = _compiled(tmp_path, ("lookml", "superset", "powerbi"))
    partition = result.files["powerbi"]
    tmdl = next(text for path, text in partition.items() if path.endswith("tables/Items.tmdl"))
    assert "CAST(NULLIF(\"\"price\"\", '') AS REAL) AS \"\"price\"\"" in tmdl
    report = verify(source, result.model, result.files, diags)
    assert set(report.tally) == {"lookml", "superset", "powerbi"}
    assert not [f for f in report.findings if f[1] in ("different", "not askable")], report.findings[:5]
    for t in report.tally.values():
        assert t.equal == report.questions and report.questions >= 4


def test_no_key_on_text_decimals_left_as_text():
    """Patterns read from the first rows only leave decimals as text; unique, they are still no key."""
    from ir.catalog import TableProfile
    from passes import infer_primary_keys
    from tests.semantics.build import col, prepare, run, table

    t = table("geolocation", [
        col("zip_prefix", "TEXT", distinct_count=800, distinct_exact=True, patterns={"numeric": 1.0, "integer": 1.0},
            min_length=5, max_length=5),
        col("geolocation_lat", "TEXT", distinct_count=5000, distinct_exact=True, patterns={"numeric": 1.0},
            min_length=16, max_length=18),
        col("city", "TEXT", distinct_count=3, distinct_exact=True, patterns={}),
    ], rows=5000)
    t.profile = TableProfile(rows=5000, pattern_rows=1000)
    state, ctx = prepare([t], "infer_primary_keys", "sqlite")
    assert state.snapshot.tables[0].column("geolocation_lat").data_type == "string"  # not typed: patterns of 1,000 rows
    (entity,) = run(infer_primary_keys, state, ctx).entities
    assert entity.primary_key == []


def test_power_bi_reads_numbers_kept_as_text_on_a_navigated_source():
    """PostgreSQL is read by navigation, not a native query: a step of M reads the text as numbers,
    its '' as null, and the DAX check reads the column through the same cast."""
    from backends.powerbi.mquery import partition_source, sql_quoter
    from backends.powerbi.read import read_columns

    m = partition_source("postgres", "public", "items", ["order_id", "price", "review_score"], sql_quoter("postgres"),
                         {"price": ("CAST(NULLIF(\"price\", '') AS DOUBLE PRECISION)", "decimal"),
                          "review_score": ("CAST(NULLIF(\"review_score\", '') AS BIGINT)", "integer")})
    assert 'Number.From(_, "en-US"), type number}' in m and 'Int64.From(_, "en-US"), Int64.Type}' in m
    assert read_columns(m, "postgres") == {"price": "CAST(NULLIF(TRIM(\"price\"), '') AS DOUBLE)",
                                           "review_score": "CAST(NULLIF(TRIM(\"review_score\"), '') AS BIGINT)"}


def test_zero_padded_codes_stay_text_on_duckdb(tmp_path):
    """A county's three-digit code ('003', '109') on DuckDB, which matches a pattern against the
    whole value: the zero in front keeps it a code, as on SQLite; a count kept as text is a number."""
    import duckdb

    path = tmp_path / "aircraft.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE aircraft AS SELECT i AS tail_id, lpad(CAST(i % 300 AS VARCHAR), 3, '0') AS county, "
                "CAST(1 + i % 8 AS VARCHAR) AS engines FROM range(2000) t(i)")
    con.close()
    snap = snapshot(str(path), diags=Diagnostics())
    county = next(t for t in snap.tables if t.name == "aircraft").column("county")
    assert county.profile.patterns.get("zero_padded", 0) > 0
    result = compile_snapshot(snap, ["lookml"], diags=Diagnostics())
    dims = {d.column: d for d in result.model.entity_index()["aircraft"].dimensions}
    assert dims["county"].data_type == "string" and dims["engines"].data_type == "integer"


def _weather(path) -> str:
    """Daily weather loaded from a file: precipitation in inches, 'T' for a trace of rain (too
    little to measure), '' where nothing was recorded; a code column of digits and one letter."""
    rng = random.Random(3)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE weather (day TEXT, station TEXT, precipitation_inches TEXT, grade TEXT)")
    for i in range(1500):
        rain = rng.random()
        value = "T" if rain < 0.05 else "" if rain < 0.07 else "0" if rain < 0.7 else f"{rng.choice([0.01, 0.12, 0.5, 1.25]):.2f}"
        con.execute("INSERT INTO weather VALUES (?, ?, ?, ?)", (f"2014-01-{1 + i % 28:02d}", f"s{i // 28}", value,
                                                                "X" if i % 3 == 0 else "NA" if i % 3 == 1 else str(i % 7)))
    con.commit()
    con.close()
    return str(path)


def test_numbers_with_one_marker_of_no_number_are_numbers_in_every_target(tmp_path):
    source = _weather(tmp_path / "weather.db")
    diags = Diagnostics()
    snap = snapshot(source, diags=diags)
    result = compile_snapshot(snap, ["lookml", "superset", "powerbi"], diags=diags)
    assert not diags.has_errors(), diags.render_text()
    dims = {d.column: d for d in result.model.entity("weather").dimensions}
    assert dims["precipitation_inches"].data_type == "decimal"
    assert dims["precipitation_inches"].expr == "CAST(NULLIF(NULLIF(\"precipitation_inches\", 'T'), '') AS REAL)"
    assert dims["grade"].data_type == "string"  # two values that are no numbers: no marker, a code
    assert any(m.column == "precipitation_inches" for m in result.model.entity("weather").measures)
    report = verify(source, result.model, result.files, diags)
    assert not [f for f in report.findings if f[1] in ("different", "not askable")], report.findings[:5]


def test_power_bi_reads_the_marker_as_null_on_a_navigated_source():
    from backends.powerbi.mquery import partition_source, sql_quoter
    from backends.powerbi.read import read_columns

    m = partition_source("postgres", "public", "weather", ["day", "precipitation_inches"], sql_quoter("postgres"),
                         {"precipitation_inches": ("CAST(NULLIF(NULLIF(\"precipitation_inches\", 'T'), '') AS DOUBLE PRECISION)",
                                                   "decimal")})
    assert 'Text.Trim(_) = "" or _ = "T" then null else Number.From(_, "en-US"), type number}' in m
    assert read_columns(m, "postgres") == {"precipitation_inches": "CAST(NULLIF(NULLIF(TRIM(\"precipitation_inches\"), 'T'), '') AS DOUBLE)"}


def _weather_declared(path, precipitation_type: str, temperature_type: str) -> str:
    """The bike share's weather as published in SQLite: columns declared INTEGER, and a CSV's 'T'
    (a trace of rain) and '' (no reading) kept in them as text, since a SQLite type is only an
    affinity; 0.23 kept as a real."""
    rng = random.Random(5)
    con = sqlite3.connect(path)
    con.execute(f"CREATE TABLE weather (date TEXT, mean_temperature_f {temperature_type}, precipitation_inches {precipitation_type}, "
                "zip_code TEXT)")
    for i in range(1400):
        rain = rng.random()
        value = "T" if rain < 0.08 else "0" if rain < 0.8 else f"{rng.choice([0.01, 0.12, 0.5, 1.25]):.2f}"
        temperature = "" if i % 97 == 0 else str(rng.randint(45, 80))
        con.execute("INSERT INTO weather VALUES (?, ?, ?, ?)", (f"{1 + i // 280}/{1 + i % 28}/2014", temperature, value,
                                                                str([94107, 94301, 95113, 94041, 94063][i % 5])))
    con.commit()
    con.close()
    return str(path)


def test_sqlite_number_columns_holding_text_give_the_model_text_gives(tmp_path):
    """A SQLite INTEGER column holding 'T' and '' had been read as it stands: typed integer (0.23
    and all), averaged with 'T' and '' as 0 (0.0725 inches a day where the readings average
    0.0794, 65.6°F where they average 66.3). Profiled as text, it is typed by its values and read
    through the cast, as the same rows declared TEXT are."""
    models = {}
    for name, types in {"declared": ("INTEGER", "INTEGER"), "text": ("TEXT", "TEXT")}.items():
        source = _weather_declared(tmp_path / f"{name}.db", *types)
        diags = Diagnostics()
        result = compile_snapshot(snapshot(source, diags=diags), ["lookml"], diags=diags)
        assert not diags.has_errors(), diags.render_text()
        e = result.model.entity("weather")
        models[name] = (e.role, {d.column: (d.data_type, d.expr) for d in e.dimensions},
                        sorted((m.name, m.agg, m.expr) for m in e.measures))
    assert models["declared"] == models["text"]
    role, dims, _ = models["declared"]
    assert dims["precipitation_inches"] == ("decimal", "CAST(NULLIF(NULLIF(\"precipitation_inches\", 'T'), '') AS REAL)")
    assert dims["mean_temperature_f"] == ("integer", "CAST(NULLIF(\"mean_temperature_f\", '') AS INTEGER)")


def _districts(path, second_marker: bool = False) -> str:
    """77 districts loaded from a file as text: a rate and a count each with one '?' (a year not
    recorded), every other value a distinct number, so the '?' falls past the top values' cut."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE district (district_id INTEGER PRIMARY KEY, rate_95 TEXT, crimes_95 TEXT, note TEXT)")
    for i in range(1, 78):
        con.execute("INSERT INTO district VALUES (?, ?, ?, ?)",
                    (i, "?" if i == 69 else f"{i / 10:.2f}", "?" if i == 69 else str(1000 + 37 * i),
                     "?" if i == 69 else "~" if second_marker and i == 70 else str(i * 3)))
    con.commit()
    con.close()
    return str(path)


def test_a_marker_past_the_top_values_is_read_from_the_least_or_greatest_value(tmp_path):
    """The marker on one row of 77 distinct values is no top value; it is the greatest value, and
    the numbers leave that one row only, so the column is a number, '?' read as NULL."""
    snap = snapshot(_districts(tmp_path / "d.db"), diags=Diagnostics())
    dims = {d.column: d for d in compile_snapshot(snap, ["lookml"], diags=Diagnostics()).model.entity("district").dimensions}
    assert dims["rate_95"].data_type == "decimal" and dims["crimes_95"].data_type == "integer"
    assert dims["rate_95"].expr == "CAST(NULLIF(NULLIF(\"rate_95\", '?'), '') AS REAL)"
    # Two values that are no numbers on two rows: the greatest alone proves nothing, text stays.
    snap = snapshot(_districts(tmp_path / "d2.db", second_marker=True), diags=Diagnostics())
    dims = {d.column: d for d in compile_snapshot(snap, ["lookml"], diags=Diagnostics()).model.entity("district").dimensions}
    assert dims["note"].data_type == "string"


def test_a_telephone_extension_kept_as_text_stays_text():
    """An employee's extension (3897, 2899) is dialled, not added up: digits named as a phone's
    extension stay text, as a phone number or a postal code does; a plain count stays a number."""
    from ir.catalog import TableProfile
    from passes import normalize_types
    from tests.semantics.build import col, prepare, run, table

    t = table("empleado", [
        col("codigo_empleado", distinct_count=31, distinct_exact=True),
        col("extension", "VARCHAR", distinct_count=31, distinct_exact=True, patterns={"numeric": 1.0, "integer": 1.0},
            min_length=3, max_length=4),
        col("Extension", "VARCHAR", distinct_count=31, distinct_exact=True, patterns={"numeric": 1.0, "integer": 1.0},
            min_length=3, max_length=4),
        col("anexo", "VARCHAR", distinct_count=31, distinct_exact=True, patterns={"numeric": 1.0, "integer": 1.0},
            min_length=3, max_length=4),
        col("hijos", "VARCHAR", distinct_count=4, distinct_exact=True, patterns={"numeric": 1.0, "integer": 1.0},
            min_length=1, max_length=1),
        # An extension that is not the whole name is no telephone's: a fee, a number of days.
        col("extension_fee", "VARCHAR", distinct_count=6, distinct_exact=True, patterns={"numeric": 1.0, "integer": 1.0},
            min_length=2, max_length=3),
        col("extension_days", "VARCHAR", distinct_count=5, distinct_exact=True, patterns={"numeric": 1.0, "integer": 1.0},
            min_length=1, max_length=2),
    ], pk=["codigo_empleado"], rows=31)
    t.profile = TableProfile(rows=31)
    state, ctx = prepare([t], "normalize_types")
    run(normalize_types, state, ctx)
    got = {c.name: c.data_type for c in state.snapshot.tables[0].columns}
    assert (got["extension"], got["Extension"], got["anexo"], got["hijos"]) == ("string", "string", "string", "integer")
    assert (got["extension_fee"], got["extension_days"]) == ("integer", "integer")


def _dump(path) -> str:
    """Titles from a tab-separated dump loaded as text (IMDb's title.basics): '\\N' for no value,
    on most rows of an end year (a series still running, or no series at all), on a few of the
    start year; a kind of title written in words."""
    rng = random.Random(11)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE titles (tconst TEXT, title_type TEXT, start_year TEXT, end_year TEXT, runtime_minutes TEXT)")
    for i in range(2000):
        start = rng.randrange(1950, 2025)
        ended = i % 25 == 0
        con.execute("INSERT INTO titles VALUES (?, ?, ?, ?, ?)", (f"tt{i:07d}", "tvSeries" if ended else "movie",
                    "\\N" if i % 17 == 0 else str(start), str(start + rng.randrange(0, 8)) if ended else "\\N",
                    "\\N" if i % 3 == 0 else str(rng.randrange(60, 180))))
    con.commit()
    con.close()
    return str(path)


def test_a_dumps_null_marker_leaves_numbers_numbers_however_many_rows_it_fills(tmp_path):
    """An end year on 4% of the rows, '\\N' on the rest: a number read as NULL where '\\N', not text
    grouping 1,920 '\\N' rows; Cube spells the backslash as CHR(92) rather than dropping the field."""
    source = _dump(tmp_path / "titles.db")
    diags = Diagnostics()
    snap = snapshot(source, diags=diags)
    result = compile_snapshot(snap, ["lookml", "cube"], diags=diags)
    assert not diags.has_errors(), diags.render_text()
    dims = {d.column: d for d in result.model.entity("titles").dimensions}
    assert dims["start_year"].data_type == "integer" and dims["end_year"].data_type == "integer"
    assert dims["end_year"].expr == "CAST(NULLIF(NULLIF(\"end_year\", '\\N'), '') AS INTEGER)"
    assert not [d for d in diags.items if d.code == "CB001"], diags.render_text()
    cube = "\n".join(str(text) for text in result.files["cube"].values())
    assert "CHAR(92)" in cube and "end_year" in cube
    # The average runtime reads the column through the same cast: no '\N' left for Cube to read
    # as an escape (every '\N' a 0 then, 53.4 minutes averaged as 33.0).
    assert any(m.column == "runtime_minutes" and m.agg == "avg" for m in result.model.entity("titles").measures)
    assert "\\" not in cube


def test_a_cast_whose_marker_is_spelled_in_pieces_still_reads_its_column():
    """Cube's files spell a dump's '\\N' as (CHAR(92) || 'N'); what reads a measure back (verify's
    Cube reader) still finds the one column the cast reads."""
    from compiler.types import cast_column
    spelled = """CAST(NULLIF(NULLIF("runtime_minutes", (CHAR(92) || 'N')), '') AS INTEGER)"""
    assert cast_column(spelled, "sqlite") == "runtime_minutes"
    assert cast_column("""CAST(NULLIF(NULLIF("a", ("b" || 'N')), '') AS INTEGER)""", "sqlite") is None


def test_a_note_of_one_number_and_one_word_stays_text(tmp_path):
    """An order's notes, empty but on two rows ('111' and 'xxx', as macrozheng/mall's sample orders
    hold): one number beside one short word is no column of numbers with a marker, so it is not
    averaged (nor cast to a number a database refuses for 'xxx')."""
    con = sqlite3.connect(tmp_path / "o.db")
    con.execute("CREATE TABLE orders (order_id INTEGER, note TEXT, amount REAL)")
    con.executemany("INSERT INTO orders VALUES (?, ?, ?)",
                    [(i, "111" if i == 1 else "xxx" if i == 2 else None, 10.0 + i % 7) for i in range(1, 301)])
    con.commit()
    con.close()
    snap = snapshot(str(tmp_path / "o.db"), diags=Diagnostics())
    model = compile_snapshot(snap, ["lookml"], diags=Diagnostics()).model
    assert {d.column: d for d in model.entity("orders").dimensions}["note"].data_type == "string"
    assert not any(m.column == "note" for m in model.entity("orders").measures)
