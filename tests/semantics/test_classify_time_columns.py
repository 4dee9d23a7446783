"""classify_time_columns: what each time column records, by name (in several languages) and by data."""

from __future__ import annotations

import pytest

from passes import classify_time_columns
from tests.semantics.build import col, prepare, run, table


@pytest.mark.parametrize("name, kind", [
    ("order_date", "business"), ("InvoiceDate", "business"), ("ordered_at", "business"), ("fecha_pedido", "business"),
    ("created_at", "created"), ("CreateDate", "created"), ("erstellt_am", "created"), ("date_creation", "created"),
    ("fecha_alta", "created"), ("creado_en", "created"), ("fecha_creada", "created"),
    ("updated_at", "audit"), ("last_update", "audit"), ("LastModified", "audit"), ("modified_on", "audit"),
    ("geaendert_am", "audit"), ("fecha_modificacion", "audit"), ("date_maj", "audit"), ("deleted_at", "audit"),
    # Odoo stamps a row's last change as its last write; a write-off is an accounting event
    ("write_date", "audit"), ("WriteDate", "audit"), ("write_off_date", "business"),
    # Salesforce's stamp of a row's last change by anyone, the system included
    ("system_modstamp", "audit"), ("SystemModstamp", "audit"),
    ("etl_loaded_at", "load"), ("_loaded_at", "load"), ("dbt_updated_at", "load"), ("ingested_at", "load"),
    ("valid_from", "validity"), ("effective_date", "validity"), ("gueltig_bis", "validity"), ("cust_eff_from", "validity"),
    ("prod_eff_to", "validity"),
    ("birth_date", "birth"), ("DOB", "birth"), ("fecha_nacimiento", "birth"), ("geburtsdatum", "birth"),
    ("exchange_date", "business"),
    # an employee's hire date is when the employment began (HR's employees.hire_date), in five languages
    ("hire_date", "created"), ("HireDate", "created"), ("Einstellungsdatum", "created"), ("fecha_contratacion", "created"),
    ("date_embauche", "created"), ("data_assunzione", "created"),
])
def test_kind_by_name(name, kind):
    state, ctx = prepare([table("t", [col("id"), col(name, "TIMESTAMP")], pk=["id"])], "classify_time_columns")
    model = run(classify_time_columns, state, ctx)
    t = model.entities[0].time_dimensions[0]
    assert t.kind == kind, (name, t.kind_provenance)
    assert t.kind_provenance.by == "classify_time_columns"


def test_a_column_stamped_at_one_moment_is_audit_whatever_its_name():
    stamp = "2006-02-15 04:34:33"
    rows = [col("id"), col("ts", "TIMESTAMP", min=stamp, max=stamp, distinct_count=1), col("event_time", "TIMESTAMP",
            min="2005-05-24 22:53:30", max="2005-08-23 22:50:12", distinct_count=900)]
    state, ctx = prepare([table("t", rows, pk=["id"], rows=1000)], "classify_time_columns")
    kinds = {t.name: t.kind for t in run(classify_time_columns, state, ctx).entities[0].time_dimensions}
    assert kinds == {"ts": "audit", "event_time": "business"}


def test_too_few_rows_say_nothing_about_a_shared_moment():
    stamp = "2006-02-15 04:34:33"
    state, ctx = prepare([table("t", [col("id"), col("ts", "TIMESTAMP", min=stamp, max=stamp, distinct_count=1)], pk=["id"], rows=5)],
                         "classify_time_columns")
    assert run(classify_time_columns, state, ctx).entities[0].time_dimensions[0].kind == "business"


def test_a_human_kind_is_kept():
    from ir.provenance import Provenance

    state, ctx = prepare([table("t", [col("id"), col("updated_at", "TIMESTAMP")], pk=["id"])], "classify_time_columns")
    t = state.model.entities[0].time_dimensions[0]
    t.kind, t.kind_provenance = "business", Provenance(origin="human", by="mb.yaml")
    assert run(classify_time_columns, state, ctx).entities[0].time_dimensions[0].kind == "business"
