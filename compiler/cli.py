"""The `mb` command line: a thin face over compiler.api."""

from __future__ import annotations

import functools
import json
import math
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import click
import yaml

from compiler import __version__
from compiler.api import (
    analyze, compile as compile_snapshot, diff as diff_snapshots, resolve_source, snapshot as read_snapshot, source_options,
    target_options,
)
from compiler.config import Config, load_config
from compiler.classification import rules_for
from compiler.diagnostics import CF003, US001, US002, Diagnostics, InputError
from compiler.output import write_file, write_outputs
from compiler.profiler import ProfileOptions, SampleSpec
from compiler.redact import redact
from compiler.snapshot_io import dump_snapshot

if TYPE_CHECKING:
    from compiler.pipeline import State


class Run:
    """Per-invocation state: diagnostics, output format, and how to finish."""

    def __init__(self, fmt: str, quiet: bool):
        self.diags = Diagnostics()
        self.fmt = fmt
        self.quiet = quiet
        self.summary: str | None = None  # one line printed after the diagnostics
        self.summary_on_error = False  # ... even when there were errors

    def progress(self, message: str) -> None:
        if not self.quiet and self.fmt == "text" and sys.stderr.isatty():
            click.echo(f"mb: {message}", err=True)

    def finish(self, exit_code: int | None = None) -> None:
        if self.fmt == "json":
            click.echo(self.diags.render_json(), err=True)
        else:
            text = self.diags.render_text("error" if self.quiet else "warning")
            if text:
                click.echo(redact(text), err=True)
            if self.summary and not self.quiet and (self.summary_on_error or not self.diags.has_errors()):
                click.echo(f"mb: {self.summary}", err=True)
        sys.exit(self.diags.exit_code() if exit_code is None else exit_code)

    def warnings_by_code(self) -> str:
        counts: dict[str, int] = {}
        for d in self.diags.items:
            if d.severity == "warning":
                counts[d.code] = counts.get(d.code, 0) + 1
        if not counts:
            return "no warnings"
        total = sum(counts.values())
        parts = ", ".join(f"{n} {code}" for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return f"{total} warning{'s' if total != 1 else ''} ({parts})"


def _source_options(f: Callable) -> Callable:
    options = [
        click.option("--dialect", help="SQL dialect of a .sql DDL source (postgres, mysql, tsql, oracle, sqlite, duckdb, bigquery, snowflake, ...)."),
        click.option("--schema", "schemas", multiple=True, help="Only read this schema (repeatable)."),
        click.option("--include", multiple=True, help="Only tables whose name matches this glob (repeatable)."),
        click.option("--exclude", multiple=True, help="Leave out tables whose name matches this glob (repeatable)."),
        click.option("--config", "config_path", type=click.Path(path_type=Path), help="Path to mb.yaml (default: ./mb.yaml if present)."),
        click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Diagnostics format on stderr."),
        click.option("-q", "--quiet", is_flag=True, help="Only print errors."),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


def _parse_sample(_ctx, _param, value):
    try:
        return SampleSpec.parse(value) if value else None
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _parse_memory_limit(_ctx, _param, value):
    if value is None:
        return None
    from compiler.profiler.options import parse_memory_limit
    try:
        return parse_memory_limit(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _compile_progress(run: Run, tables: int, start: float) -> Callable[[str, float], None] | None:
    """Steps of a long compile on a terminal (quiet in CI, with -q or --format json): the step,
    the share done and the time left at the pace so far."""
    if tables < 200:  # a small compile is over before a line would help
        return None

    def tell(step: str, done: float) -> None:
        if step == "done":
            return
        elapsed = time.perf_counter() - start
        left = f", about {elapsed * (1 - done) / done:.0f} s left" if done > 0 else ""
        run.progress(f"{step} ({tables} tables): {done:.0%} done{left}")

    return tell


def _profile_options(f: Callable) -> Callable:
    """--no-profile/--sample/--workers/--query-timeout/--memory-limit/--sql-log, handed to _load through the
    click context so the commands' own signatures stay as they are."""

    @functools.wraps(f)
    def wrapper(*args, no_profile, sample, workers, query_timeout, memory_limit, sql_log, **kwargs):
        click.get_current_context().meta["mb.profile"] = ProfileOptions(
            enabled=not no_profile, sample=sample, workers=workers, query_timeout=query_timeout or None,
            memory_limit=memory_limit, sql_log=sql_log)
        return f(*args, **kwargs)

    options = [
        click.option("--no-profile", is_flag=True, help="Do not profile a live database (no statistics, no join evidence)."),
        click.option("--sample", callback=_parse_sample, metavar="PCT|Nrows",
                     help="Profile big tables on a sample: a percent (5, 5%) of tables over 100k rows, or at most N rows (100000rows)."),
        click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True, help="Tables profiled in parallel."),
        click.option("--query-timeout", type=click.FloatRange(0), default=300.0, show_default=True, metavar="SECONDS",
                     callback=_finite,
                     help="Time limit of each query and lock wait, reading the schema and profiling (0: none); "
                          "a profiling query over it is skipped with a warning."),
        click.option("--memory-limit", callback=_parse_memory_limit, metavar="SIZE",
                     help="Memory DuckDB may use while profiling (e.g. 1GB, 512MB); beyond it, it spills to disk or the "
                          "query fails with a warning. Default: DuckDB's own (80% of RAM)."),
        click.option("--sql-log", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Write every profiling statement sent to the database to FILE, a SQL script with each "
                          "statement's time and row count in a comment before it."),
    ]
    for opt in reversed(options):
        wrapper = opt(wrapper)
    return wrapper


def _llm_options(f: Callable) -> Callable:
    """--llm/--strict-llm, handed to _load through the click context (like _profile_options)."""

    @functools.wraps(f)
    def wrapper(*args, llm, strict_llm, **kwargs):
        click.get_current_context().meta["mb.llm"] = (llm, strict_llm)
        return f(*args, **kwargs)

    wrapper = click.option("--strict-llm", is_flag=True, help="A table the LLM could not annotate is an error (exit 1), not a warning.")(wrapper)
    return click.option("--llm", is_flag=True, help="Ask the LLM (`llm:` in mb.yaml) for descriptions the cache lacks; needs the API key in the environment.")(wrapper)


def _guarded(body: Callable[[Run], None], fmt: str, quiet: bool) -> None:
    run = Run(fmt, quiet)
    try:
        body(run)
    except InputError as e:
        # A frontend that already reported the located problems raises only to stop the run.
        if not any(d.code == e.code.code and d.severity == "error" for d in run.diags.items):
            run.diags.report(e.code, redact(e.message), redact(e.location) if e.location else None)
        run.finish()
    except KeyboardInterrupt:
        click.echo("mb: interrupted; nothing written", err=True)
        sys.exit(130)
    run.finish()


def _load(run: Run, source: str | None, config_path: Path | None, dialect, schemas, include, exclude):
    config = load_config(config_path, run.diags)
    llm, strict_llm = click.get_current_context().meta.get("mb.llm", (False, False))
    config.llm.enabled = config.llm.enabled or llm
    config.llm.strict = config.llm.strict or strict_llm
    config.llm.progress = not run.quiet and run.fmt == "text"
    source = resolve_source(source, config)
    profile = click.get_current_context().meta.get("mb.profile") or ProfileOptions()
    opts = source_options(config, dialect, schemas, include, exclude)
    opts.query_timeout = profile.query_timeout
    run.progress(f"reading {redact(source)}")
    profile.progress = not run.quiet and run.fmt == "text"
    # The profiler redacts with the rules the classification pass reports: the user's too.
    profile.rules = rules_for(config, lambda msg, where: run.diags.report(CF003, msg, where))
    if profile.rules is None:
        return config, None
    snap = read_snapshot(source, opts, run.diags, profile=profile)
    return config, snap


_NO_ARGS = getattr(click.exceptions, "NoArgsIsHelpError", ())


class _Group(click.Group):
    """Usage mistakes (an unknown option, a bad value) reported like every other problem: with a
    code (US001) on stderr, exit 2."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS as e:  # `mb` alone: the help, as click shows it
            click.echo(e.format_message())
            sys.exit(0)
        except click.UsageError as e:
            hint = f" (see '{e.ctx.command_path} --help')" if e.ctx is not None else ""
            click.echo(f"mb: error[US001] {e.format_message()}{hint}", err=True)
            sys.exit(2)
        except click.ClickException as e:
            click.echo(f"mb: error[US001] {e.format_message()}", err=True)
            sys.exit(e.exit_code or 2)
        except click.exceptions.Abort:
            click.echo("mb: interrupted; nothing written", err=True)
            sys.exit(130)


def _output_path(_ctx, _param, value):
    if value is not None and not str(value).strip():
        raise click.BadParameter("is an empty path")
    return Path(value) if value is not None else None


def _finite(_ctx, _param, value):
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of seconds")
    return value


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="mb", message="%(prog)s %(version)s")
def main() -> None:
    """Metadata Builder: compile a database, DDL file or snapshot into semantic models.

    SOURCE is a .duckdb file or duckdb:///path, a .sqlite/.db file or sqlite:///path, any
    SQLAlchemy URL (postgresql://..., mysql+pymysql://...), spark+parquet:DIR (a folder of
    parquet read through Spark SQL), a .sql DDL file (with --dialect), or a snapshot file (.yaml/.json).

    Exit codes: 0 success, 1 errors in the model or a failed check, 2 bad usage or unreadable input.
    """
    from compiler import gcpolicy

    gcpolicy.relax()


@main.command()
@click.argument("source", required=False)
@click.option("-o", "--output", callback=_output_path, help="Write the snapshot here (default: stdout).")
@click.option("--json", "as_json", is_flag=True, help="Write JSON instead of YAML.")
@click.option("--timestamp", is_flag=True, help="Record when the snapshot was taken (off by default to keep diffs clean).")
@_profile_options
@_source_options
def snapshot(source, output, as_json, timestamp, dialect, schemas, include, exclude, config_path, fmt, quiet):
    """Read SOURCE and write its snapshot (tables, columns, keys, relationships)."""

    def body(run: Run) -> None:
        _, snap = _load(run, source, config_path, dialect, schemas, include, exclude)
        if run.diags.has_errors():
            return
        if timestamp:
            snap.created_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        text = dump_snapshot(snap, "json" if as_json or (output and output.suffix == ".json") else "yaml")
        if output:
            _write_file(output, text)
        else:
            click.echo(text, nl=False)

    _guarded(body, fmt, quiet)


def _write_file(path: Path, text: str) -> None:
    from compiler.diagnostics import US002

    if not str(path):
        raise InputError(US002, "the output file is an empty path", "-o")
    try:
        write_file(path, text)
    except OSError as e:
        raise InputError(US002, f"cannot write: {e.strerror or e}", str(e.filename or path)) from None


def _targets_and_outdir(config: Config, targets: str | None, output: Path | None) -> tuple[list[str], Path]:
    wanted = [t.strip() for t in (targets.split(",") if targets else config.targets) if t.strip()]
    if not wanted:
        raise InputError(US001, "no target given: use -t lookml (or `targets:` in mb.yaml)")
    outdir = output or (Path(config.relative(config.output)) if config.output else None)
    if outdir is None:
        raise InputError(US001, "no output folder given: use -o OUTDIR (or `output:` in mb.yaml)")
    return wanted, outdir


def _dump_ir(pass_name: str, state: State) -> None:
    data = {"after": pass_name, "model": state.model.model_dump(mode="json", by_alias=True, exclude_none=True)}
    click.echo(json.dumps(data, indent=2, ensure_ascii=False), err=True)


@main.command(name="compile")
@click.argument("source", required=False)
@click.option("-t", "--target", "targets", help="Comma-separated targets (e.g. lookml). Default: `targets` in mb.yaml.")
@click.option("-o", "--output", callback=_output_path, help="Output folder; each target writes OUTDIR/<target>/.")
@click.option("--timings", is_flag=True, help="Print how long each pass and backend took.")
@click.option("--dump-ir-after", metavar="PASS", help="Print the IR (JSON, on stderr) after the named pass.")
@click.option("--no-roundtrip", is_flag=True, help="Skip reading the emitted files back for the round-trip check.")
@_llm_options
@_profile_options
@_source_options
def compile_cmd(source, targets, output, timings, dump_ir_after, no_roundtrip, dialect, schemas, include, exclude, config_path, fmt, quiet):
    """Compile SOURCE (a live source or a snapshot) into semantic-model files.

    Nothing is written when any error is found; each target folder is replaced whole.
    """

    def body(run: Run) -> None:
        start = time.perf_counter()
        config, snap = _load(run, source, config_path, dialect, schemas, include, exclude)
        read_time = time.perf_counter() - start
        if run.diags.has_errors():
            return
        wanted, outdir = _targets_and_outdir(config, targets, output)
        try:
            result = compile_snapshot(snap, wanted, config, run.diags, roundtrip=not no_roundtrip,
                                      dump_after=dump_ir_after, dump=_dump_ir, copy=False, parallel=True,
                                      progress=_compile_progress(run, len(snap.tables), time.perf_counter()))
        except ValueError as e:  # an unknown pass name for --dump-ir-after
            raise InputError(US001, str(e)) from None
        if timings:
            lines = [f"  {'read source':<28}{read_time * 1000:9.1f} ms"]
            lines += [f"  {name:<28}{secs * 1000:9.1f} ms" for name, secs in result.timings.items()]
            click.echo("timings:\n" + "\n".join(lines), err=True)
        if run.diags.has_errors():
            return
        done = write_outputs(outdir, result.files, on_wait=lambda: run.progress(f"waiting for another mb run writing {outdir}"))
        run.summary = (f"wrote {len(done.written)} files to {outdir} ({', '.join(result.files)}): {done.added} new, "
                       f"{done.changed} changed, {done.removed} removed; {run.warnings_by_code()}")

    _guarded(body, fmt, quiet)


@main.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("-t", "--target", "targets", help="Comma-separated targets (e.g. cube,dbt). Default: `targets` in mb.yaml.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output folder; each target writes OUTDIR/<target>/.")
@click.option("--from", "fmt", metavar="FORMAT", help="The format of PATH (lookml, dbt, cube, powerbi, superset, ossie); detected when not given.")
@click.option("--dialect", help="SQL dialect of the project's expressions, when its files do not say (e.g. an Ossie file's ANSI SQL).")
@click.option("--no-roundtrip", is_flag=True, help="Skip reading the emitted files back for the round-trip check.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Path to mb.yaml (default: ./mb.yaml if present).")
@click.option("--format", "fmt_out", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Diagnostics format on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="Only print errors.")
def convert(path, targets, output, fmt, dialect, no_roundtrip, config_path, fmt_out, quiet):
    """Convert a model people wrote into other targets: PATH (default: `source` in mb.yaml) is a
    LookML project, a dbt project (semantic models and metrics), a Cube model folder, a Power BI
    TMDL/PBIP folder, a Superset bundle (folder or zip) or an Ossie file.

    What the target cannot hold, or the IR cannot, is reported with its file and line; nothing is
    written when any error is found, and each target folder is replaced whole.
    """
    from compiler.api import convert as convert_project

    def body(run: Run) -> None:
        config = load_config(config_path, run.diags)
        project = path or (Path(config.relative(config.source) or "") if config.source else None)
        if project is None:
            raise InputError(US001, "give a PATH (or set `source:` in mb.yaml)")
        wanted, outdir = _targets_and_outdir(config, targets, output)
        run.progress(f"reading {project}")
        result = convert_project(project, wanted, config, run.diags, fmt=fmt, dialect=dialect or config.dialect,
                                 roundtrip=not no_roundtrip)
        if run.diags.has_errors():
            return
        done = write_outputs(outdir, result.files, on_wait=lambda: run.progress(f"waiting for another mb run writing {outdir}"))
        run.progress(f"wrote {len(done.written)} files to {outdir}")

    _guarded(body, fmt_out, quiet)


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--from", "fmt", metavar="FORMAT", help="The format of PATH (lookml, dbt, cube, powerbi, superset, ossie); detected when not given.")
@click.option("--dialect", help="SQL dialect of the project's expressions, when its files do not say.")
@click.option("--write", is_flag=True, help="Write the overrides into mb.yaml (created if missing) instead of printing them.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Path to mb.yaml (default: ./mb.yaml).")
@click.option("--format", "fmt_out", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Diagnostics format on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="Only print errors.")
def adopt(path, fmt, dialect, write, config_path, fmt_out, quiet):
    """Turn a model people wrote into `overrides:` for mb.yaml, so that `mb compile` keeps every
    label, description, measure, metric, key and join in it and adds what inference finds for the
    rest. (An `adopt:` entry in mb.yaml does the same on every run instead.)

    Overrides already in mb.yaml win over adopted ones.
    """
    from compiler.adopt import adopt as adopt_project, as_yaml, merge
    from compiler.overrides_file import OverrideWriteError, edit_overrides

    def body(run: Run) -> None:
        target = config_path or Path("mb.yaml")
        config = load_config(target if target.exists() else None, run.diags)
        adopted = adopt_project(path, fmt, run.diags, dialect or config.dialect)
        if run.diags.has_errors():
            return
        overrides = as_yaml(merge(config.overrides, adopted))
        if not write:
            click.echo(yaml.safe_dump({"overrides": overrides}, sort_keys=False, allow_unicode=True, width=4096), nl=False)
            return

        def replace(section) -> None:
            section.clear()
            section.update(overrides)

        try:
            edit_overrides(target, replace)
        except OverrideWriteError as e:
            raise InputError(US002, str(e), str(target)) from None
        run.progress(f"wrote overrides for {len(overrides.get('tables', {}))} tables to {target}")

    _guarded(body, fmt_out, quiet)


@main.command()
@click.argument("source", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list (the default is a table).")
@_profile_options
@_source_options
def relationships(source, as_json, dialect, schemas, include, exclude, config_path, fmt, quiet):
    """Print the relationships between SOURCE's tables, declared and inferred."""

    def body(run: Run) -> None:
        config, snap = _load(run, source, config_path, dialect, schemas, include, exclude)
        if run.diags.has_errors():
            return
        model = analyze(snap, config, run.diags)
        rels = [r.model_dump(mode="json", by_alias=True, exclude_none=True) for r in model.relationships]
        if as_json:
            click.echo(json.dumps(rels, indent=2, ensure_ascii=False))
            return
        for r in rels:
            src = f"{r['from']['table']}({', '.join(r['from']['columns'])})"
            dst = f"{r['to']['table']}({', '.join(r['to']['columns'])})"
            click.echo(f"{src} -> {dst}  {r['cardinality']}  {r['origin']}  {r['confidence']:.2f}")

    _guarded(body, fmt, quiet)


@main.command()
@click.argument("args", nargs=-1, required=True, metavar="[SOURCE] TABLE.COLUMN")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_profile_options
@_source_options
def explain(args, as_json, dialect, schemas, include, exclude, config_path, fmt, quiet):
    """Print a column's profile and why each verdict about it was reached: role, semantic type,
    sensitivity, key, and the relationships it takes part in (with rules and evidence)."""
    from compiler.explain import NotFound, explain_column, render_text

    def body(run: Run) -> None:
        if len(args) > 2:
            raise InputError(US001, "give SOURCE and one TABLE.COLUMN")
        source, ref = (None, args[0]) if len(args) == 1 else args
        # Only the joins of the table asked about are checked.
        ctx_profile = click.get_current_context().meta.get("mb.profile")
        if ctx_profile is not None and "." in ref:
            ctx_profile.only = ref.rpartition(".")[0]
        config, snap = _load(run, source, config_path, dialect, schemas, include, exclude)
        if run.diags.has_errors():
            return
        model = analyze(snap, config, run.diags, copy=False)
        try:
            info = explain_column(snap, model, run.diags, ref)
        except NotFound as e:
            raise InputError(US001, str(e)) from None
        click.echo(json.dumps(info, indent=2, ensure_ascii=False, default=str) if as_json else render_text(info), nl=as_json)

    _guarded(body, fmt, quiet)


@main.command()
@click.option("--config", "of_config", is_flag=True, help="Print the schema of mb.yaml instead of the snapshot's.")
def schema(of_config):
    """Print the JSON Schema of the snapshot format (or of mb.yaml)."""
    from compiler.config import config_schema
    from ir.snapshot import Snapshot

    schema = config_schema() if of_config else Snapshot.model_json_schema(by_alias=True)
    click.echo(json.dumps(schema, indent=2, sort_keys=True))


@main.command()
def passes():
    """List the analysis passes in the order they run (names for --dump-ir-after)."""
    from compiler.pipeline import order_passes
    from passes import default_pipeline

    for p in order_passes(default_pipeline()):
        req = f"  (after {', '.join(p.requires)})" if p.requires else ""
        click.echo(f"{p.name}{req}")


@main.command()
@click.argument("source", required=False)
@click.option("-t", "--target", "targets", help="Comma-separated targets. Default: `targets` in mb.yaml.")
@click.option("-o", "--output", callback=_output_path, help="The output folder to check. Default: `output` in mb.yaml.")
@_llm_options
@_source_options
def check(source, targets, output, dialect, schemas, include, exclude, config_path, fmt, quiet):
    """Check that generated files on disk are what `mb compile` produces now.

    Regenerates in memory (writes nothing) and compares with OUTDIR/<target>/: exit 0 when
    identical, exit 1 naming each drifted, missing or orphaned file. Files that differ are also
    read back, so a hand edit that broke a file is reported with what it broke.
    """
    from compiler.check import check_outputs

    def body(run: Run) -> None:
        config, snap = _load(run, source, config_path, dialect, schemas, include, exclude)
        if run.diags.has_errors():
            return
        wanted, outdir = _targets_and_outdir(config, targets, output)
        result = compile_snapshot(snap, wanted, config, run.diags, roundtrip=False, copy=False)
        if run.diags.has_errors() or result.model is None:
            return
        found = check_outputs(outdir, result.files, result.model, target_options(wanted, config), run.diags,
                              detail=run.fmt == "json")
        if found.differing:
            run.summary = found.summary()
            run.summary_on_error = True
        elif not run.diags.has_errors():
            run.summary = f"{', '.join(wanted)} in {outdir} up to date ({found.files} files)"

    _guarded(body, fmt, quiet)


@main.command()
@click.argument("outdir", required=False, type=click.Path(path_type=Path))
@click.option("-t", "--target", "targets", help="Comma-separated targets. Default: `targets` in mb.yaml.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Path to mb.yaml (default: ./mb.yaml if present).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-q", "--quiet", is_flag=True)
@click.option("--no-tools", is_flag=True, help="Skip the targets' own tools (dbt parse, Cube's compiler, Superset's schemas).")
def validate(outdir, targets, config_path, fmt, quiet, no_tools):
    """Check that generated files still parse and hold together (needs no source).

    Each target's structural check runs (what its tool would reject: names, references, the
    TMDL schema, the lkml parser), and so does the target's own tool where it is installed:
    `dbt parse` (dbt on PATH or $MB_DBT), Cube's schema compiler ($MB_CUBE_NODE_MODULES) and
    Superset's import schemas ($MB_SUPERSET_PYTHON). Exit 1 names each rejected file.
    """
    from compiler.check import validate_outputs

    def body(run: Run) -> None:
        config = load_config(config_path, run.diags)
        wanted, folder = _targets_and_outdir(config, targets, outdir)
        validate_outputs(folder, wanted, run.diags, tools=not no_tools)

    _guarded(body, fmt, quiet)


@main.command()
@click.argument("source", required=False)
@click.option("-t", "--target", "targets", help="Comma-separated targets to verify (default: every target).")
@click.option("--report", type=click.Path(path_type=Path), help="Also write the figures and every finding as Markdown here.")
@_source_options
def verify(source, targets, report, dialect, schemas, include, exclude, config_path, fmt, quiet):
    """Check that every measure gives the same numbers through every target.

    Compiles SOURCE (a live database), then asks each measure overall, by a dimension of its
    own table, by a dimension over each many-to-one relationship and by the year of its time
    axis, and each ratio metric of two measures of its table overall and by that dimension,
    from the IR directly and through each target as its tool would: the SQL Looker and Superset write from the files,
    Cube's own compiler ($MB_CUBE_NODE_MODULES), DAX with Power BI's filter propagation, and
    MetricFlow's own engine ($MB_MF_PYTHON, a Python with dbt-metricflow; DuckDB and PostgreSQL
    sources). Exit 1 when a number differs (VA004); a question a target cannot ask is VA005.
    """
    from compiler.verify import tools_from_env
    from compiler.verify.run import TARGETS, render, verify as run_verify

    def body(run: Run) -> None:
        config, snap = _load(run, source, config_path, dialect, schemas, include, exclude)
        if run.diags.has_errors():
            return
        wanted = [t.strip() for t in targets.split(",")] if targets else list(TARGETS)
        result = compile_snapshot(snap, wanted, config, run.diags, roundtrip=False, copy=False)
        if run.diags.has_errors() or result.model is None:
            return
        found = run_verify(source or config.relative(config.source), result.model, result.files, run.diags, tools_from_env())
        text = render(found, result.model.name)
        click.echo(text)
        if report:
            _write_file(report, text)

    _guarded(body, fmt, quiet)


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("-t", "--target", "targets", help="Targets whose generated files to relate changes to. Default: mb.yaml's, else lookml.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Path to mb.yaml (default: ./mb.yaml if present).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one line a change; json: a list of changes (diagnostics still go to stderr).")
@click.option("--fail-on-breaking", is_flag=True, help="Exit 1 when any change is breaking (for CI).")
def diff(old, new, targets, config_path, fmt, fail_on_breaking):
    """Semantic diff of two snapshots: OLD and NEW are files, or git revisions as REV:PATH
    (e.g. `mb diff HEAD~1:snapshot.yaml snapshot.yaml`).

    Each change (table, column, type, key, relationship, measure) is graded safe, additive or
    breaking, with the generated files and fields it affects in each target.
    """
    from compiler.diff import load_revision

    def body(run: Run) -> None:
        config = load_config(config_path, run.diags)
        a, _ = load_revision(old)
        b, _ = load_revision(new)
        wanted = [t.strip() for t in (targets.split(",") if targets else (config.targets or ["lookml"])) if t.strip()]
        changes = diff_snapshots(a, b, wanted, config)  # reads committed LLM answers only, never asks
        if fmt == "json":
            click.echo(json.dumps([c.as_dict() for c in changes], indent=2, ensure_ascii=False))
        else:
            for c in changes:
                detail = f" ({c.detail})" if c.detail else ""
                click.echo(f"{c.grade:<9} {c.kind} {c.change}: {c.object}{detail}")
                for target, places in sorted(c.affects.items()):
                    for place in places:
                        click.echo(f"          {target}: {place}")
            if not changes:
                click.echo("no changes")
        if fail_on_breaking and any(c.grade == "breaking" for c in changes):
            run.finish(1)

    _guarded(body, "text" if fmt == "json" else fmt, False)


def _workspace(run: Run, source, config_path, dialect, schemas, include, exclude):
    """Open a Workspace (read and analyse SOURCE once) for the long-running faces."""
    from compiler.workspace import Workspace

    profile = click.get_current_context().meta.get("mb.profile") or ProfileOptions()
    ws = Workspace(source=source, config_path=config_path, dialect=dialect, schemas=tuple(schemas), include=tuple(include),
                   exclude=tuple(exclude), profile=profile)
    run.progress(f"reading {redact(source or 'the source in mb.yaml')}")
    ws.open(run.diags)
    return None if run.diags.has_errors() else ws


def _missing_extra(e: ImportError) -> InputError:
    return InputError(US001, f"this command needs the serve extra ({e.name} is not installed): pip install -e '.[serve]' in the Metadata Builder clone")


@main.command()
@click.argument("source", required=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8321, show_default=True, help="Port (0: any free port).")
@click.option("--token", envvar="MB_TOKEN", help="Require `Authorization: Bearer TOKEN` on the API and /mcp (or set MB_TOKEN).")
@click.option("--max-request-bytes", type=click.IntRange(1024), default=8 * 1024 * 1024, show_default=True,
              help="Largest request body accepted.")
@click.option("--queue", "queue_size", type=click.IntRange(1, 1000), default=8, show_default=True,
              help="Jobs (compile, refresh) that may wait at once; more are refused.")
@_profile_options
@_source_options
def serve(source, host, port, token, max_request_bytes, queue_size, dialect, schemas, include, exclude, config_path, fmt, quiet):
    """Serve SOURCE (or mb.yaml's) over HTTP: a REST API at /api/v1 (OpenAPI at /openapi.json),
    an MCP server at /mcp and a web explorer at /, until interrupted.

    Review decisions made in the explorer are written to mb.yaml's `overrides:` (the --config
    file, else ./mb.yaml). Beyond 127.0.0.1 a --token is required.
    """

    def body(run: Run) -> None:
        if host not in ("127.0.0.1", "localhost", "::1") and not token:
            raise InputError(US001, f"listening on {host} needs --token (or MB_TOKEN): the API would be open to the network")
        try:
            import uvicorn

            from compiler.serve.app import create_app
        except ImportError as e:
            raise _missing_extra(e) from None
        ws = _workspace(run, source, config_path, dialect, schemas, include, exclude)
        if ws is None:
            return
        import socket

        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as e:
            raise InputError(US001, f"cannot listen on {host}:{port}: {e.strerror}") from None
        bound = sock.getsockname()[1]
        app = create_app(ws, token, host=host, max_body=max_request_bytes, queue_size=queue_size)
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"mb: serving {ws.view.model.name} at http://{shown}:{bound}/ (API /api/v1, MCP /mcp"
                   f"{', token required' if token else ''}); Ctrl+C stops", err=True)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
        server.run(sockets=[sock])

    _guarded(body, fmt, quiet)


@main.command()
@click.argument("source", required=False)
@_profile_options
@_source_options
def mcp(source, dialect, schemas, include, exclude, config_path, fmt, quiet):
    """Serve SOURCE (or mb.yaml's) to an AI agent as an MCP server over stdio.

    Tools: search, describe_table, list_relationships, find_join_path, list_measures, compile,
    explain_column; resources: mb://snapshot and mb://tables/{name}. See docs/serve.md.
    """

    def body(run: Run) -> None:
        try:
            from compiler.mcp_server import run_stdio
        except ImportError as e:
            raise _missing_extra(e) from None
        ws = _workspace(run, source, config_path, dialect, schemas, include, exclude)
        if ws is None:
            return
        run_stdio(ws)

    _guarded(body, fmt, quiet)


@main.command()
def codes():
    """List every diagnostic code with its default severity (change it under `severity:` in mb.yaml)."""
    from backends.base import load_all
    from compiler.diagnostics import REGISTRY

    load_all()  # each backend registers its own codes

    for code in REGISTRY.values():
        exit_note = " (exit 2)" if code.input_error else ""
        click.echo(f"{code.code}  {code.severity:<8} {code.summary}{exit_note}")


@main.command()
def targets():
    """List the available targets (built in, and installed through the mb.backends entry point)."""
    from backends.base import BackendLoadError, available, backend_class

    for name, spec in available().items():
        try:
            backend_class(name)
        except BackendLoadError as e:
            click.echo(f"{name:<10} {spec}  (cannot be loaded: {e})")
            continue
        click.echo(f"{name:<10} {spec}")


if __name__ == "__main__":  # pragma: no cover
    main()
