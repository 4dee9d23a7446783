"""Join evidence on real data with the foreign keys removed: every real key pair is checked
(ratio 1.0) while the candidates stay far fewer than all column pairs."""

from __future__ import annotations

import shutil

import pytest
from support import DATASETS

from compiler.api import snapshot
from compiler.diagnostics import Diagnostics
from compiler.frontends import classify
from compiler.profiler import ProfileOptions, open_runner, profile_snapshot
from compiler.profiler.evidence import _candidates, _Col, _targets
from ir.catalog import Column, ColumnProfile, Table, TableProfile
from ir.snapshot import Snapshot, Source
from compiler.types import normalize_type


def _evidence_without_fks(path):
    """Snapshot a copy of the database, forget its declared foreign keys, then profile it."""
    diags = Diagnostics()
    snap = snapshot(str(path), diags=diags, profile=ProfileOptions(enabled=False))
    truth = {(t.key, tuple(fk.columns), fk.ref_table.key, tuple(fk.ref_columns)) for t in snap.tables for fk in t.foreign_keys}
    for t in snap.tables:
        t.foreign_keys = []
    snap.relationships = []
    kind, location = classify(str(path))
    options = ProfileOptions()
    with open_runner(kind, location, options.query_timeout) as runner:
        profile_snapshot(snap, runner, options, diags)
    assert not [d for d in diags.items if d.code.startswith("PR")], diags.render_text()
    return snap, truth


@pytest.mark.parametrize("name", ["chinook.sqlite", "northwind.sqlite"])
def test_every_real_foreign_key_is_checked_with_full_containment(name, tmp_path):
    if not (DATASETS / name).is_file():
        pytest.skip(f"sample database {name} not found in {DATASETS}")
    path = tmp_path / name
    shutil.copy(DATASETS / name, path)
    snap, truth = _evidence_without_fks(path)
    assert truth, "the dataset declares foreign keys"
    ev = snap.evidence
    found = {(c.from_.table_key, tuple(c.from_.columns), c.to.table_key, tuple(c.to.columns)): c for c in ev.containment}
    for edge in truth:
        if not snap.table(edge[0]).row_count:
            continue  # an empty table holds no values to check (Northwind's CustomerCustomerDemo)
        assert edge in found, f"real foreign key {edge} was not checked"
        assert found[edge].ratio == 1.0 and found[edge].matched == found[edge].from_distinct
    columns = sum(len(t.columns) for t in snap.tables)
    all_pairs = columns * (columns - 1)
    assert ev.candidates_checked == len(ev.containment)
    assert ev.candidates_checked < all_pairs / 20, (ev.candidates_checked, all_pairs)
    assert ev.candidates_considered >= ev.candidates_checked


def _col(name, type_, distinct, lo=None, hi=None, nulls=0, lengths=None, patterns=None):
    prof = ColumnProfile(null_count=nulls, distinct_count=distinct, distinct_exact=True, min=lo, max=hi, patterns=patterns or {})
    if lengths:
        prof.min_length, prof.max_length = lengths
    return Column(name=name, type=type_, profile=prof)


def _prepare(tables):
    for t in tables:
        t.profile = TableProfile(rows=t.row_count)
    snap = Snapshot(source=Source(dialect="duckdb", description="x"), tables=tables)
    cols = {t.key: [_Col(t, c.name, normalize_type(c.type, "duckdb"), c.profile) for c in t.columns] for t in tables}
    return snap, cols


def test_pruning_uses_types_profiles_and_keyness_not_names():
    """Names are meaningless here on purpose (c1, c2, ...): only types, profiles and keys decide."""
    key = Table(name="a", columns=[_col("c1", "INTEGER", 100, 1, 100), _col("c2", "VARCHAR", 100, lengths=(5, 5))],
                row_count=100, primary_key=["c1"])
    ref = Table(name="b", row_count=1000, columns=[
        _col("c3", "INTEGER", 80, 3, 99),        # fits inside a.c1: candidate
        _col("c4", "INTEGER", 80, -3, 99),       # below a.c1's minimum: pruned
        _col("c12", "INTEGER", 80, 0, 99),       # below it by a 0 written for none: candidate
        _col("c5", "INTEGER", 150, 1, 100),      # more distinct values than the key: pruned
        _col("c6", "DOUBLE", 50, 1, 50),         # float: never a key reference
        _col("c7", "BOOLEAN", 2),                # boolean: never
        _col("c8", "DATE", 30),                  # date: never
        _col("c9", "VARCHAR", 40, lengths=(5, 5)),                              # fits a.c2 (profiled unique text)
        _col("c10", "VARCHAR", 40, lengths=(3, 9)),                             # lengths outside the key's: pruned
        _col("c11", "VARCHAR", 40, lengths=(5, 5), patterns={"numeric": 1.0}),  # a class a.c2 never has: pruned
    ])
    snap, cols = _prepare([key, ref])
    keys = _targets(snap, cols)
    assert {(k.table.name, tuple(c.name for c in k.columns)) for k in keys} == {("a", ("c1",)), ("a", ("c2",))}
    cands, considered = _candidates(snap, cols, keys, ProfileOptions())
    assert {(c.ref[0].name, c.key.columns[0].name) for c in cands} == {("c3", "c1"), ("c12", "c1"), ("c9", "c2")}
    assert considered == 2 * (len(key.columns) - 1 + len(ref.columns))


def test_candidates_are_capped_per_column():
    tables = [Table(name=f"k{i}", row_count=100, primary_key=["id"], columns=[_col("id", "INTEGER", 100, 1, 100)]) for i in range(30)]
    tables.append(Table(name="f", row_count=10, columns=[_col("x", "INTEGER", 10, 1, 10)]))
    snap, cols = _prepare(tables)
    cands, _ = _candidates(snap, cols, _targets(snap, cols), ProfileOptions(max_targets_per_column=5))
    assert sum(1 for c in cands if c.ref[0].table.name == "f") == 5


def test_a_key_of_the_columns_own_name_is_checked_beyond_the_quota():
    """Thirty small keys fit a courier's phone numbers more tightly than the restaurants' key of
    the same name; that one is still checked, so data (not the name alone) decides."""
    tables = [Table(name=f"k{i}", row_count=40, primary_key=["code"], columns=[_col("code", "VARCHAR", 40, lengths=(11, 11))])
              for i in range(30)]
    tables.append(Table(name="restoran", row_count=500, primary_key=["id"], columns=[
        _col("id", "INTEGER", 500, 1, 500), _col("telefon", "VARCHAR", 500, lengths=(11, 11))]))
    tables.append(Table(name="kurye", row_count=30, columns=[_col("Telefon", "VARCHAR", 30, lengths=(11, 11))]))
    snap, cols = _prepare(tables)
    cands, _ = _candidates(snap, cols, _targets(snap, cols), ProfileOptions(max_targets_per_column=5))
    got = [(c.key.table.name, c.key.columns[0].name) for c in cands if c.ref[0].table.name == "kurye"]
    assert len(got) == 6 and ("restoran", "telefon") in got


def test_a_text_column_with_orphans_is_checked_only_against_the_key_of_its_name():
    """More distinct values than the key (orphans), other lengths: the strict pruning rules it out;
    a key of exactly its name still gets a partial check, no other key does."""
    listings = Table(name="listings", row_count=6, primary_key=["listing_id"],
                     columns=[_col("listing_id", "VARCHAR", 6, lengths=(8, 19)), _col("title", "VARCHAR", 6, lengths=(8, 19))])
    bookings = Table(name="bookings", row_count=300, columns=[
        _col("listing_id", "VARCHAR", 10, lengths=(8, 19)),   # 10 > 6: only a partial containment is possible
        _col("guest_id", "VARCHAR", 10, lengths=(8, 19)),     # as loose a fit, another name: not checked
        _col("Listing_ID", "VARCHAR", 30, lengths=(8, 19)),   # more than twice the key's values: not checked
    ])
    snap, cols = _prepare([listings, bookings])
    cands, _ = _candidates(snap, cols, _targets(snap, cols), ProfileOptions())
    got = {(c.ref[0].name, c.key.columns[0].name) for c in cands if c.ref[0].table.name == "bookings"}
    assert got == {("listing_id", "listing_id")}


def test_dense_keys_prove_containment_without_a_query_and_gapped_ones_are_checked(tmp_path):
    import duckdb

    from compiler.profiler import runner as runner_module

    path = tmp_path / "db.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE dense AS SELECT range + 1 AS id FROM range(500)")  # 1..500, no gaps
        con.execute("CREATE TABLE gapped AS SELECT range * 2 AS id FROM range(500)")  # evens only
        con.execute("CREATE TABLE facts AS SELECT range AS n, 1 + range % 400 AS ref FROM range(3000)")
    queries = []
    real_run = runner_module.DuckDBRunner.run

    def run(self, sql):
        queries.append(sql)
        return real_run(self, sql)

    runner_module.DuckDBRunner.run = run
    try:
        snap = snapshot(str(path), diags=Diagnostics())
    finally:
        runner_module.DuckDBRunner.run = real_run
    found = {(c.from_.table, c.from_.columns[0], c.to.table): c for c in snap.evidence.containment}
    dense = found[("facts", "ref", "dense")]
    assert (dense.from_distinct, dense.matched, dense.ratio, dense.sampled) == (400, 400, 1.0, False)
    gapped = found[("facts", "ref", "gapped")]  # 1..400 against 0, 2, 4, ...: half are orphans
    assert gapped.from_distinct == 400 and gapped.matched == 200
    contained = [q for q in queries if "from_distinct" in q]
    joined = lambda table: any(f'LEFT JOIN "main"."{table}"' in q for q in contained)  # noqa: E731
    assert joined("gapped") and not joined("dense")
