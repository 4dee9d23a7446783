"""A benchmark project: public data, the SQL that shapes it, and the model people wrote over it.

Each project is a folder under bench/semantics/projects/ with a `project.yaml`:

    name: jaffle_shop
    set: development            # or held_out: tune nothing on it
    variant_of: jaffle_shop     # optional: another view of a project, reported but left out of set totals
    upstream: where the hand-written model comes from (repository, commit, license)
    data: {kind: jafgen, years: 1, seed: 7}      # or {kind: csv | files | table_snapshots, path: seeds}
                                # csv may add {ddl: schema.sql, ddl_dialect: tsql} for column types
    build: [marts.sql]          # SQL run on the loaded data (the tables the models sit on)
    drop: ["stg_*", "raw_*"]    # relations removed before mb reads the database
    models: [marts.sql]         # SQL that defines relations the models name but mb does not see
    reference: {format: metricflow, paths: [reference]}    # or {format: malloy, paths: [model.malloy]}

`models` feeds the lineage placement (placement.py): every `create view|table NAME as SELECT`
statement and every `models/NAME.sql` file defines the relation NAME.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import sqlglot
import yaml
from sqlglot import exp

from bench.semantics import data, malloy, metricflow
from bench.semantics.facts import Facts
from bench.semantics.placement import Placer

PROJECTS = Path(__file__).resolve().parent / "projects"
_REF = re.compile(r"""\{\{\s*(?:ref|source)\(\s*(?:['"][^'"]+['"]\s*,\s*)?['"]([^'"]+)['"]\s*\)\s*\}\}""")


@dataclass
class Project:
    name: str
    folder: Path
    set: str
    upstream: str
    data: dict
    build: list[Path] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    models: list[Path] = field(default_factory=list)
    reference: dict = field(default_factory=dict)
    about: str = ""
    variant_of: str | None = None

    @classmethod
    def load(cls, folder: Path) -> Project:
        spec = yaml.safe_load((folder / "project.yaml").read_text(encoding="utf-8"))
        paths = lambda key: [(folder / p).resolve() for p in spec.get(key) or []]  # noqa: E731
        return cls(name=spec["name"], folder=folder, set=spec["set"], upstream=spec.get("upstream", ""), data=spec["data"],
                   build=paths("build"), drop=list(spec.get("drop") or []), models=paths("models"),
                   reference=spec["reference"], about=spec.get("about", ""), variant_of=spec.get("variant_of"))

    def database(self, cache: Path) -> tuple[Path, bool]:
        """The DuckDB database mb is pointed at, built once per input fingerprint; and whether this call built it."""
        key = data.fingerprint(Path(data.__file__), self.data, *self.build, self.drop, *self._data_paths())  # the loader too
        path = cache / f"{self.name}-{key}.duckdb"
        if path.exists():
            return path, False
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        con = duckdb.connect(str(tmp))
        try:
            kind = self.data["kind"]
            if kind == "jafgen":
                data.load_csv_dir(con, data.jafgen(cache, int(self.data.get("years", 1)), int(self.data.get("seed", 0))),
                                  self.data.get("tables"))
            elif kind == "csv":
                ddl = self.data.get("ddl")
                types = data.ddl_types(self.folder / ddl, self.data.get("ddl_dialect", "duckdb")) if ddl else None
                data.load_csv_dir(con, self.folder / self.data["path"], self.data.get("tables"), types)
            elif kind == "files":
                data.load_files_dir(con, self.folder / self.data["path"], self.data.get("tables"))
            elif kind == "table_snapshots":
                data.load_table_snapshots(con, self.folder / self.data["path"], self.data.get("tables"))
            else:
                raise SystemExit(f"{self.name}: unknown data kind {kind!r}")
            for sql in self.build:
                con.execute(_render(sql.read_text(encoding="utf-8")))
            self._drop(con)
            con.execute("checkpoint")
        finally:
            con.close()
        tmp.rename(path)
        return path, True

    def _data_paths(self) -> list[Path]:
        return [self.folder / self.data[k] for k in ("path", "ddl") if k in self.data]

    def _drop(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = con.execute("select table_name, table_type from information_schema.tables where table_schema = 'main'").fetchall()
        # Views first: a view over a dropped table cannot be dropped after it.
        for name, kind in sorted(rows, key=lambda r: r[1] != "VIEW"):
            if any(fnmatch.fnmatchcase(name, p) for p in self.drop):
                con.execute(f'drop {"view" if kind == "VIEW" else "table"} "{name}"')

    def reference_facts(self, db: Path) -> Facts:
        con = duckdb.connect(str(db), read_only=True)
        try:
            rows = con.execute("select table_name, column_name, data_type from information_schema.columns "
                               "where table_schema = 'main' order by table_name, ordinal_position").fetchall()
        finally:
            con.close()
        schema: dict[str, dict[str, str]] = {}
        for table, column, kind in rows:
            schema.setdefault(table.lower(), {})[column.lower()] = kind
        paths = [(self.folder / p).resolve() for p in self.reference["paths"]]
        fmt = self.reference.get("format")
        if fmt == "malloy":
            return malloy.facts(malloy.read(paths), schema)
        if fmt != "metricflow":
            raise SystemExit(f"{self.name}: unknown reference format {fmt!r}")
        models, metrics = metricflow.read(paths)
        return metricflow.facts(models, metrics, Placer(set(schema), self.model_sql(), schema))

    @staticmethod
    def unique_columns(db: Path, facts: list[Facts]) -> set[tuple[str, str]]:
        """(table, column), lowercased, of the columns the measures count that are unique and never
        null in the data: counting one counts rows, whichever key a model calls primary."""
        asked = {(m.table, m.expr) for f in facts for m in f.measures if m.agg in ("count", "count_distinct") and m.expr != "*"}
        con = duckdb.connect(str(db), read_only=True)
        try:
            names = {t.lower(): t for (t,) in con.execute("select table_name from information_schema.tables "
                                                          "where table_schema = 'main'").fetchall()}
            columns = {(t.lower(), c.lower()): (t, c) for t, c in con.execute(
                "select table_name, column_name from information_schema.columns where table_schema = 'main'").fetchall()}
            found = set()
            for table, column in sorted(asked):
                if table not in names or (table, column) not in columns:
                    continue
                t, c = columns[(table, column)]
                rows, distinct, nulls = con.execute(
                    f'select count(*), count(distinct "{c}"), count(*) - count("{c}") from "{t}"').fetchone()
                if rows and nulls == 0 and distinct == rows:
                    found.add((table, column))
            return found
        finally:
            con.close()

    def model_sql(self) -> dict[str, str]:
        """Relation name -> SELECT, from the `models` files."""
        found: dict[str, str] = {}
        for path in self.models:
            files = [path] if path.is_file() else sorted(path.rglob("*.sql"))
            for f in files:
                sql = _render(f.read_text(encoding="utf-8"))
                statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
                creates = [s for s in statements if isinstance(s, exp.Create) and isinstance(s.expression, exp.Query)]
                if creates:
                    for c in creates:
                        found[c.this.name.lower()] = _unqualified(c.expression)
                elif len(statements) == 1:
                    found[f.stem.lower()] = _unqualified(statements[0])
        return found


def _unqualified(query: exp.Expression) -> str:
    """The SELECT with schema and catalog dropped from table names: the benchmark database has one schema."""

    def strip(n: exp.Expression) -> exp.Expression:
        if isinstance(n, exp.Table):
            n = n.copy()
            n.set("db", None)
            n.set("catalog", None)
        return n

    return query.transform(strip).sql(dialect="duckdb")


def _render(sql: str) -> str:
    """dbt's ref() and source() as plain table names; the rest of the SQL is left as written."""
    return _REF.sub(lambda m: m.group(1), sql)


def all_projects(root: Path = PROJECTS) -> list[Project]:
    return [Project.load(p) for p in sorted(root.iterdir()) if (p / "project.yaml").exists()]
