"""An XML column on PostgreSQL: no equality operator, so no COUNT(DISTINCT), MIN or GROUP BY of
it can run. It gets its null count, as JSON does, and no warning; the table's other columns their
full statistics. Runs on the real PostgreSQL service, in a schema of its own dropped afterwards."""

from __future__ import annotations

from compiler.api import snapshot
from compiler.diagnostics import Diagnostics
from compiler.options import SourceOptions
from compiler.profiler import ProfileOptions
from tests.services import scratch_postgres_schema


def test_an_xml_column_gets_its_null_count_and_no_failed_query(postgres_engine):
    with scratch_postgres_schema(postgres_engine, "pgmb_documents") as schema:
        with postgres_engine.begin() as conn:
            conn.exec_driver_sql(f'CREATE TABLE "{schema}".stores (id int PRIMARY KEY, name text, survey xml)')
            conn.exec_driver_sql(f"""INSERT INTO "{schema}".stores SELECT i, 'store ' || i,
                CASE WHEN i %% 4 = 0 THEN NULL ELSE ('<Survey><Sales>' || i || '</Sales></Survey>')::xml END
                FROM generate_series(1, 40) AS g(i)""")
        diags = Diagnostics()
        url = postgres_engine.url.render_as_string(hide_password=False)
        snap = snapshot(url, SourceOptions(schemas=[schema]), diags, ProfileOptions())
        assert not diags.has_errors(), diags.render_text()
        assert "PR002" not in diags.render_text(), diags.render_text()
        table = snap.table(f"{schema}.stores")
        survey = table.column("survey")
        assert survey.profile is not None and survey.profile.null_count == 10
        assert survey.profile.distinct_count is None
        assert table.column("name").profile.distinct_count == 40
