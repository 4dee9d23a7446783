"""`mb verify`: every question (queries.py) answered from the IR's reference SQL and through
every target that can run here, compared. A target answers from its own files only: the SQL
Looker and Superset would write, Cube's own compiler, DAX evaluated with Power BI's filter
propagation, MetricFlow's own engine. A different number is VA004 (an error), a question a
target's files give no way to ask is VA005 (a warning)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from compiler.diagnostics import VA002, VA003, VA004, VA005, VA006, Diagnostics
from compiler.verify import metricflow
from compiler.verify.common import Loss, Unaskable
from compiler.verify.cube_sql import Cube, cube_sql, source_sql
from compiler.verify.dax_sql import Dax
from compiler.verify.engine import Answer, Engine, normalize, same, years
from compiler.verify.lookml_sql import LookML
from compiler.verify.queries import Query, candidates, queries, reference_sql, shape_sql
from compiler.verify.superset_sql import Superset
from ir.semantic import SemanticModel

TARGETS = ("lookml", "superset", "cube", "powerbi", "dbt")
SHOWN = {"lookml": "Looker SQL", "superset": "Superset SQL", "cube": "Cube compiler", "powerbi": "DAX", "dbt": "MetricFlow"}


@dataclass
class Tally:
    equal: int = 0
    different: int = 0
    unaskable: int = 0
    lost: int = 0  # documented losses of the target (Loss): not asked, not counted against it

    def share(self, questions: int) -> float:
        """Equal answers among the questions the target can express."""
        return self.equal / (questions - self.lost) if questions > self.lost else 1.0


class NotVerified(Exception):
    """A target none of whose questions could be asked: its tool is missing, cannot run on this
    source, or refused the output. `code`: the diagnostic that reports it (VA002 or VA003)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class DbtFailed(RuntimeError):
    """dbt refused the generated project (a step exited non-zero); the message holds its output."""


@dataclass
class Report:
    questions: int = 0
    measures: int = 0
    tally: dict[str, Tally] = field(default_factory=dict)
    findings: list[tuple[str, str, str, str]] = field(default_factory=list)  # (target, status, question, detail)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (target, why it was not verified)

    def line(self, target: str) -> str:
        t = self.tally[target]
        asked = t.equal + t.different
        share = f"{100 * t.share(self.questions):.1f}%" if self.questions else "-"
        return (f"{SHOWN[target]:<14} equal {t.equal:>4}/{self.questions - t.lost} ({share})  different {t.different:>3}  "
                f"not askable {t.unaskable:>3}  target's losses {t.lost:>3}  (asked {asked})")


def verify(source: str, model: SemanticModel, files: dict[str, dict], diags: Diagnostics, tools: dict | None = None) -> Report:
    """Answer every question on `source` through each target in `files` (target -> its files).
    `tools`: {"cube_modules": Path, "mf_python": str} where those run."""
    tools = tools or {}
    engine = Engine(source, model.dialect)
    try:
        qs = queries(model, _shapes(engine, model.dialect))
        report = Report(questions=len(qs), measures=sum(len(e.measures) for e in model.entities))
        reference = {q: engine.answer(reference_sql(model, q)) for q in qs}
        for target in TARGETS:
            if target not in files:
                continue
            report.tally[target] = Tally()
            try:
                answers = _answers(target, source, model, files[target], qs, engine, diags, tools)
            except NotVerified as e:
                diags.report(e.code, str(e), "verify")
                report.skipped.append((target, str(e)))
                answers = None
            if answers is None:
                del report.tally[target]
                continue
            for q in qs:
                got, want = answers.get(q), reference[q]
                if q.year and isinstance(want, dict) and isinstance(got, dict):
                    got, want = years(got), years(want)
                if isinstance(got, Loss):
                    _note(report, diags, target, q, "loss", str(got))
                elif isinstance(got, Unaskable):
                    _note(report, diags, target, q, "not askable", str(got))
                elif isinstance(got, Exception):
                    _note(report, diags, target, q, "different", f"failed: {got}")
                elif same(got, want, q.padded):
                    report.tally[target].equal += 1
                else:
                    _note(report, diags, target, q, "different", _diff(got, want, q.padded))
    finally:
        engine.close()
    return report


def _shapes(engine: Engine, dialect: str):
    """How many values, and how long, each entity's candidate grouping columns hold, asked of the
    source once per entity when a question could be grouped by it; unknown where the source
    cannot say (the column is then grouped by as before)."""
    seen: dict[str, dict[str, tuple[int | None, float | None]]] = {}

    def shape(e):
        if e.name not in seen:
            columns = [d.column for d in candidates(e) if d.column]
            seen[e.name] = {}
            if columns:
                try:
                    row = engine.run(shape_sql(e, columns, dialect))[0]
                except Exception:  # noqa: BLE001 - a source that cannot count them is asked as before
                    row = None
                if row is not None:
                    seen[e.name] = {c: (_int(row[2 * i]), _float(row[2 * i + 1])) for i, c in enumerate(columns)}
        return seen[e.name]
    return shape


def _int(v) -> int | None:
    return int(v) if v is not None else None


def _float(v) -> float | None:
    return float(v) if v is not None else None


def _note(report: Report, diags: Diagnostics, target: str, q: Query, status: str, detail: str) -> None:
    t = report.tally[target]
    if status == "loss":
        t.lost += 1
        diags.report(VA006, f"{SHOWN[target]}: {detail}", q.label)
    elif status == "not askable":
        t.unaskable += 1
        diags.report(VA005, f"{SHOWN[target]}: {detail}", q.label)
    else:
        t.different += 1
        diags.report(VA004, f"{SHOWN[target]}: {detail}", q.label)
    report.findings.append((target, status, q.label, detail))


def _diff(got: Answer, want: Answer, padded: bool) -> str:
    keys = sorted(set(got) | set(want), key=str)
    bad = [k for k in keys if k not in got or k not in want or not same({k: got[k]}, {k: want[k]}, padded)]
    shown = ", ".join(f"{k!r}: {got.get(k)} (reference {want.get(k)})" for k in bad[:3])
    return f"{len(bad)} of {len(keys)} groups differ: {shown}"


def _answers(target: str, source: str, model: SemanticModel, files: dict, qs: list[Query], engine: Engine,
             diags: Diagnostics, tools: dict) -> dict[Query, Answer | Exception] | None:
    out: dict[Query, Answer | Exception] = {}
    if target in ("lookml", "superset", "powerbi"):
        client = {"lookml": LookML, "superset": Superset, "powerbi": Dax}[target](files, model)
        read = "duckdb" if target == "powerbi" else None
        for q in qs:
            try:
                out[q] = engine.answer(client.sql(q), read)
            except Unaskable as e:
                out[q] = e
            except Exception as e:  # the database refused the SQL: a finding
                out[q] = RuntimeError(f"{type(e).__name__}: {str(e).splitlines()[0][:300]}")
        return out
    if target == "cube":
        modules = tools.get("cube_modules")
        if modules is None:
            raise NotVerified(VA003, "Cube's schema compiler is not installed; Cube not verified (MB_CUBE_NODE_MODULES)")
        client = Cube(files, model)
        asked = _ask(client.query, qs, out)
        try:
            compiled = cube_sql(Path(modules), files, [a for _, a in asked])
        except subprocess.TimeoutExpired as e:
            raise NotVerified(VA003, f"Cube's compiler did not finish within {e.timeout:.0f} s; Cube not verified") from None
        for (q, _), got in zip(asked, compiled):
            try:
                out[q] = engine.answer(*source_sql(got["sql"], model.dialect)) if "sql" in got else RuntimeError(got["error"])
            except Exception as e:
                out[q] = RuntimeError(f"{type(e).__name__}: {str(e).splitlines()[0][:300]}")
        return out
    if target == "dbt":
        python = tools.get("mf_python")
        if python is None:
            raise NotVerified(VA003, "dbt-metricflow is not installed; MetricFlow not verified (MB_MF_PYTHON)")
        client = metricflow.MetricFlow(files, model)
        asked = _ask(client.question, qs, out)
        try:
            with BuiltProject(engine, files, python) as project:
                for (q, _), got in zip(asked, metricflow.ask(python, project, [a for _, a in asked])):
                    rows = got.get("rows", [])
                    out[q] = RuntimeError(got["error"]) if "error" in got else normalize(rows if q.column else [[r[1]] for r in rows])
        except DbtFailed as e:  # what dbt said is the finding; no question is asked
            raise NotVerified(VA002, f"MetricFlow not verified: {str(e)[:1500]}") from None
        return out
    return None


def _ask(make, qs: list[Query], out: dict) -> list[tuple[Query, dict]]:
    asked = []
    for q in qs:
        try:
            asked.append((q, make(q)))
        except Unaskable as e:
            out[q] = e
    return asked


class BuiltProject:
    """A dbt project around the generated files, built (`dbt run`) into a scratch copy of a
    DuckDB or SQLite source, or into a scratch schema of a PostgreSQL source (dropped
    afterwards). The Python given must have dbt-metricflow and the source's dbt adapter."""

    def __init__(self, engine: Engine, files: dict, python: str, steps: tuple[str, ...] = ("run", "parse")):
        self.engine, self.files, self.python, self.steps = engine, files, python, steps
        self.output = ""
        self.root: Path | None = None
        self.schema: str | None = None

    def __enter__(self) -> Path:
        self.root = Path(tempfile.mkdtemp(prefix="mb-verify-dbt-"))
        for rel, text in self.files.items():
            p = self.root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8") if isinstance(text, str) else p.write_bytes(text)
        profile = self._profile()
        (self.root / "dbt_project.yml").write_text(
            "name: mb_verify\nversion: '1.0'\nconfig-version: 2\nprofile: mb_verify\nmodel-paths: [models]\n", encoding="utf-8")
        (self.root / "profiles.yml").write_text(f"mb_verify:\n  target: dev\n  outputs:\n    dev:\n{profile}", encoding="utf-8")
        dbt = str(Path(self.python).parent / "dbt")
        env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1", NO_COLOR="1")
        for step in self.steps:
            done = subprocess.run([dbt, step, "--project-dir", str(self.root), "--profiles-dir", str(self.root)],
                                  capture_output=True, text=True, timeout=3600, env=env, cwd=self.root)
            self.output += done.stdout + done.stderr
            if done.returncode != 0:
                raise DbtFailed(f"dbt {step} failed: {done.stdout[-3000:]}")
        return self.root

    def _profile(self) -> str:
        if self.engine.kind == "duckdb":
            copy = self.root / "warehouse.duckdb"
            shutil.copyfile(self.engine.location, copy)
            return f"      type: duckdb\n      path: '{copy.as_posix()}'\n      threads: 1\n"
        if self.engine.kind == "sqlite" and self.steps != ("run", "parse"):
            # dbt-sqlite builds and tests the project; MetricFlow itself has no SQLite engine.
            copy = self.root / "warehouse.sqlite"
            shutil.copyfile(self.engine.location, copy)
            return (f"      type: sqlite\n      threads: 1\n      database: database\n      schema: main\n"
                    f"      schemas_and_paths:\n        main: '{copy.as_posix()}'\n      schema_directory: '{self.root.as_posix()}'\n")
        url = getattr(self.engine, "engine", None)
        if url is not None and url.dialect.name == "postgresql":
            u = url.url
            self.schema = f"mb_verify_{os.getpid()}"
            return (f"      type: postgres\n      host: '{u.host or 'localhost'}'\n      port: {u.port or 5432}\n"
                    f"      user: '{u.username or ''}'\n      password: '{u.password or ''}'\n      dbname: '{u.database}'\n"
                    f"      schema: {self.schema}\n      threads: 1\n")
        raise NotVerified(VA003, f"MetricFlow not verified on this {self.engine.kind} source: MetricFlow runs here on DuckDB "
                          "and PostgreSQL (it has no SQLite engine; no dbt adapter for MySQL/MariaDB supports dbt 1.10+)")

    def __exit__(self, *exc) -> None:
        if self.schema is not None:
            import sqlalchemy as sa

            # The check reads through a read-only session; the scratch schema dbt wrote is dropped
            # through a session of its own.
            owner = sa.create_engine(self.engine.engine.url, poolclass=sa.pool.NullPool)
            try:
                with owner.begin() as con:
                    con.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
            finally:
                owner.dispose()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)


def render(report: Report, name: str) -> str:
    """The figures and every finding, as Markdown."""
    lines = [f"## {name}", "", f"{report.measures} measures, {report.questions} questions (overall, by a local dimension, "
             "by a dimension over each many-to-one relationship, by the year of the time axis).", "",
             "| target | equal | different | not askable | target's losses |", "|---|---|---|---|---|"]
    for target, t in report.tally.items():
        share = f" ({100 * t.share(report.questions):.1f}%)" if report.questions else ""
        lines.append(f"| {SHOWN[target]} | {t.equal}/{report.questions - t.lost}{share} | {t.different} | {t.unaskable} | {t.lost} |")
    if report.skipped:
        lines += [""] + [f"Not verified: {SHOWN[t]}: {why}" for t, why in report.skipped]
    if report.findings:
        lines += ["", "| target | status | question | why |", "|---|---|---|---|"]
        lines += [f"| {SHOWN[t]} | {s} | {q} | {d.replace('|', '/')} |" for t, s, q, d in report.findings]
    return "\n".join(lines) + "\n"
