"""Labels in the schema's language: decide_label_language reads the names, and the passes that
write labels from templates (build_entities, derive_measures, ratio_metrics, label_fields) write
their template words in it. Column words are never translated; English stays the default."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.config import Config, load_config
from compiler.diagnostics import Diagnostics, InputError
from compiler.label_words import LANGUAGES, detect, phrases
from passes import label_fields
from passes.build_entities import _year_label
from passes.label_fields import measure_label
from tests.semantics.build import col, prepare, run, table


def _language(*names: str) -> str:
    return detect(names).language


def test_spanish_snake_case_names_are_spanish():
    assert _language("pedido", "codigo_pedido", "fecha_pedido", "fecha_entrega", "estado", "codigo_cliente", "cliente",
                     "nombre_cliente", "ciudad", "pais", "detalle_pedido", "precio_venta", "cantidad", "importe") == "es"


def test_german_sap_names_are_german():
    """SAP's upper-case abbreviations are German words cut short (NETWR: Nettowert), beside German words."""
    assert _language("VBAK", "VBELN", "ERDAT", "NETWR", "WAERK", "KUNNR", "auftrag", "kunde", "menge") == "de"
    assert _language("VBAP", "VBELN", "POSNR", "MATNR", "KWMENG", "NETWR") == "de"


def test_french_camel_case_names_are_french():
    assert _language("Commande", "idCommande", "dateCommande", "montantTotal", "Client", "nomClient", "prenomClient",
                     "villeClient", "LigneCommande", "prixUnitaire", "quantiteCommandee") == "fr"


def test_portuguese_is_told_from_spanish_by_the_words_only_it_has():
    assert _language("pedido", "id_pedido", "data_pedido", "valor_total", "cliente", "nome", "cidade", "estado", "produto",
                     "preco", "quantidade", "endereco") == "pt"


def test_italian_and_dutch_names():
    assert _language("ordine", "id_ordine", "importo", "cliente", "nome", "cognome", "citta", "prezzo", "quantita") == "it"
    assert _language("bestelling", "klant", "klant_id", "naam", "woonplaats", "prijs", "aantal", "bedrag") == "nl"


def test_english_names_with_one_foreign_word_stay_english():
    assert _language("orders", "order_id", "customer_id", "order_date", "amount", "status", "customers", "name", "email",
                     "city", "country", "pedido_ref") == "en"
    # a few foreign words, no clear lead over the English ones
    assert _language("customers", "name", "city", "country", "phone", "email", "kunde", "preis", "menge") == "en"


def test_unknown_or_mixed_names_stay_english():
    assert _language("t1", "c1", "c2", "xyz_q") == "en"
    assert _language("pedido", "bestellung", "commande", "ordine") == "en"  # one word of each: no language leads


@pytest.mark.parametrize("language, total, average, count, value, distinct", [
    ("en", "Total Importe", "Average Precio Venta", "Count", "Count Entregado", "Distinct Codigo Cliente"),
    ("es", "Importe total", "Promedio de Precio Venta", "Recuento", "Recuento de Entregado", "Recuento distinto de Codigo Cliente"),
    ("pt", "Importe total", "Média de Precio Venta", "Contagem", "Contagem de Entregado", "Contagem distinta de Codigo Cliente"),
    ("it", "Importe totale", "Media di Precio Venta", "Conteggio", "Conteggio di Entregado", "Conteggio distinto di Codigo Cliente"),
    ("fr", "Somme d'Importe", "Moyenne de Precio Venta", "Nombre", "Nombre d'Entregado", "Nombre distinct de Codigo Cliente"),
    ("de", "Summe Importe", "Durchschnitt Precio Venta", "Anzahl", "Anzahl Entregado", "Anzahl eindeutiger Codigo Cliente"),
    ("nl", "Totaal Importe", "Gemiddelde Precio Venta", "Aantal", "Aantal Entregado", "Aantal unieke Codigo Cliente"),
])
def test_label_templates_per_language(language, total, average, count, value, distinct):
    words = phrases(language)
    assert measure_label("sum", "Importe", "total_importe", words) == total
    assert measure_label("avg", "Precio Venta", "average_precio_venta", words) == average
    assert measure_label("count", None, "count", words) == count
    assert words.count_value("Entregado") == value
    assert measure_label("count_distinct", "Codigo Cliente", "x", words) == distinct


def test_a_label_that_says_total_is_summed_as_a_sum_in_every_language():
    assert measure_label("sum", "Total Pedido", "sum_total_pedido", phrases("es")) == "Suma de Total Pedido"
    assert measure_label("sum", "Gesamtbetrag", "total_gesamtbetrag", phrases("de")) == "Summe Gesamtbetrag"
    assert measure_label("sum", "Total Amount", "sum_total_amount", phrases("en")) == "Sum of Total Amount"
    assert measure_label("sum", "Importo Totale", "sum_importo_totale", phrases("it")) == "Somma di Importo Totale"


def test_every_language_has_every_template():
    for language in LANGUAGES:
        words = phrases(language)
        assert words.language == language
        for kind in ("date", "month", "quarter", "year"):
            assert words.period(kind)
        assert "{" not in words.weighted_average("A", "B") + words.overall("A") + words.time_of("A", "B")


def test_a_year_is_a_date_in_the_schema_language():
    assert _year_label("anio") == "Anio (Date)"
    assert _year_label("anio", phrases("es")) == "Anio (Fecha)"
    assert _year_label("jahr", phrases("de")) == "Jahr (Datum)"


def _jardineria():
    estados = [("Entregado", 60), ("Pendiente", 25), ("Rechazado", 15)]
    return [
        table("cliente", [col("codigo_cliente"), col("nombre_cliente", "VARCHAR(50)"), col("ciudad", "VARCHAR(50)"),
                          col("pais", "VARCHAR(50)")], pk=["codigo_cliente"], rows=36),
        table("pedido", [col("codigo_pedido"), col("fecha_pedido", "DATE"), col("fecha", "DATE"),
                         col("estado", "VARCHAR(15)", values=estados), col("codigo_cliente"),
                         col("importe", "NUMERIC(15,2)", min=1, max=5000, mean=800)],
              pk=["codigo_pedido"], rows=100, fks=[(["codigo_cliente"], "cliente", ["codigo_cliente"])]),
        table("detalle_pedido", [col("codigo_pedido"), col("codigo_producto", "VARCHAR(15)"),
                                 col("cantidad", min=1, max=50, mean=10),
                                 col("precio_unidad", "NUMERIC(15,2)", min=1, max=500, mean=20)],
              pk=["codigo_pedido", "codigo_producto"], rows=300, fks=[(["codigo_pedido"], "pedido", ["codigo_pedido"])]),
    ]


def _labelled(tables, config: Config | None = None):
    state, ctx = prepare(tables, "label_fields", config=config)
    model = run(label_fields, state, ctx)
    return model, {e.name: e for e in model.entities}


def _measure_labels(entity) -> dict[str, str]:
    return {m.name: m.label.value for m in entity.measures}


def test_a_spanish_schema_is_labelled_in_spanish_with_its_words_as_written():
    model, got = _labelled(_jardineria())
    assert model.label_language == "es"
    proof = model.label_language_provenance
    assert proof.origin == "inferred" and proof.by == "decide_label_language" and "Spanish" in proof.evidence[0]
    pedido = _measure_labels(got["pedido"])
    assert pedido["count"] == "Recuento"
    assert pedido["count_entregado"] == "Recuento de Entregado"
    assert pedido["total_importe"] == "Importe total"
    lines = _measure_labels(got["detalle_pedido"])
    assert lines["total_cantidad"] == "Cantidad total"
    assert lines["revenue"] == "Ingresos"
    assert lines["pedido_distinct_count"] == "Recuento de Pedido"
    times = {t.column: t.label.value for t in got["pedido"].time_dimensions}
    assert times == {"fecha_pedido": "Fecha Pedido", "fecha": "Fecha de Pedido"}
    # column words stay as written
    assert {d.label.value for d in got["cliente"].dimensions} >= {"Nombre Cliente", "Ciudad", "Pais"}


def test_the_same_schema_in_english_names_keeps_english_labels():
    tables = [
        table("orders", [col("order_id"), col("date", "DATE"),
                         col("status", "VARCHAR(15)", values=[("Shipped", 60), ("Pending", 40)]),
                         col("amount", "NUMERIC(15,2)", min=1, max=5000, mean=800)], pk=["order_id"], rows=100),
    ]
    model, got = _labelled(tables)
    assert model.label_language is None and model.label_language_provenance is None
    orders = _measure_labels(got["orders"])
    assert orders["count"] == "Count" and orders["count_shipped"] == "Count Shipped" and orders["total_amount"] == "Total Amount"
    assert {t.label.value for t in got["orders"].time_dimensions} == {"Order Date"}


def test_a_per_person_figure_is_weighted_in_the_schema_language():
    from passes import ratio_metrics

    tables = [table("pais", [col("codigo", "CHAR(3)"), col("nombre", "VARCHAR(50)"), col("continente", "VARCHAR(20)"),
                             col("poblacion", "BIGINT", min=1000, max=10**9, mean=10**7),
                             col("esperanza_vida", "NUMERIC(4,1)", min=40, max=85, mean=70)], pk=["codigo"], rows=200)]
    state, ctx = prepare(tables, "ratio_metrics")
    model = run(ratio_metrics, state, ctx)
    assert model.label_language == "es"
    labels = {m.label.value for m in model.metrics}
    assert "Promedio de Esperanza Vida (ponderado por Poblacion)" in labels


def test_mb_yaml_sets_the_language(tmp_path: Path):
    path = tmp_path / "mb.yaml"
    path.write_text("name: x\nlabels:\n  language: de\n")
    config = load_config(path, Diagnostics())
    model, got = _labelled(_jardineria(), config)
    assert model.label_language == "de"
    proof = model.label_language_provenance
    assert proof.origin == "human" and proof.location == "mb.yaml:3"
    assert _measure_labels(got["pedido"])["total_importe"] == "Summe Importe"


def test_mb_yaml_keeps_english_whatever_the_names_say():
    model, got = _labelled(_jardineria(), Config.model_validate({"labels": {"language": "en"}}))
    assert model.label_language == "en"
    assert _measure_labels(got["pedido"])["total_importe"] == "Total Importe"


def test_an_unknown_language_in_mb_yaml_is_a_located_user_error(tmp_path: Path):
    path = tmp_path / "mb.yaml"
    path.write_text("name: x\nlabels:\n  language: sv\n")
    with pytest.raises(InputError) as e:
        load_config(path, Diagnostics())
    assert e.value.code.code == "CF001"
    assert str(e.value.location).endswith("mb.yaml:3")
    assert "language" in str(e.value)


def test_a_german_sap_schema_is_summed_in_german():
    tables = [table("VBAK", [col("VBELN", "CHAR(10)"), col("ERDAT", "DATE"), col("KUNNR", "CHAR(10)"),
                             col("NETWR", "DECIMAL(15,2)", min=1, max=9000, mean=300)], pk=["VBELN"], rows=500),
              table("auftrag", [col("auftrag_id"), col("kunde_id", "CHAR(10)"), col("menge", min=1, max=40, mean=5)],
                    pk=["auftrag_id"], rows=200)]
    model, got = _labelled(tables)
    assert model.label_language == "de"
    assert _measure_labels(got["vbak"]) == {"count": "Anzahl", "total_netwr": "Summe Netwr"}
    assert _measure_labels(got["auftrag"])["total_menge"] == "Summe Menge"
