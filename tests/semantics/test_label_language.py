"""Labels in the schema's language: decide_label_language reads the names, and the passes that
write labels from templates (build_entities, derive_measures, ratio_metrics, label_fields) write
their template words in it. Column words are never translated; English stays the default."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from compiler.config import Config, LabelSettings, load_config
from compiler.diagnostics import Diagnostics, InputError
from compiler.label_words import ALIKE, ENGLISH, LANGUAGE_NAMES, LANGUAGES, VOCABULARY, detect, phrases
from compiler.value_words import SAP_NAMES, SAP_QUANTITIES, SAP_UNITS
from passes import label_fields
from passes.build_entities import _year_label
from passes.label_fields import measure_label
from tests.datasets import TPCH_KEYS_DDL
from tests.semantics.build import col, prepare, run, table
from tests.services import dataset

REPO = Path(__file__).resolve().parents[2]


def _language(*names: str) -> str:
    return detect(names).language


def test_spanish_snake_case_names_are_spanish():
    assert _language("pedido", "codigo_pedido", "fecha_pedido", "fecha_entrega", "estado", "codigo_cliente", "cliente",
                     "nombre_cliente", "ciudad", "pais", "detalle_pedido", "precio_venta", "cantidad", "importe") == "es"


def test_german_sap_names_are_german():
    """SAP's upper-case abbreviations are German words cut short (NETWR: Nettowert), beside German words."""
    assert _language("VBAK", "VBELN", "ERDAT", "NETWR", "WAERK", "KUNNR", "auftrag", "kunde", "menge") == "de"
    # SAP's abbreviations alone are no German words: an SAP extract of abbreviations only keeps English
    assert _language("VBAP", "VBELN", "POSNR", "MATNR", "KWMENG", "NETWR") == "en"


def test_sap_abbreviations_break_a_tie_with_another_language():
    """Three German words beside two Dutch ones are no clear lead; SAP's abbreviations make it one."""
    assert _language("auftrag", "kunde", "menge", "klant", "bedrag") == "en"
    assert _language("auftrag", "kunde", "menge", "klant", "bedrag", "VBELN", "NETWR") == "de"


def test_sap_abbreviations_do_not_outvote_english_words():
    """An English warehouse beside SAP staging tables loaded as they are (VBAK, VBAP, KNA1): its
    labels stay English, however many abbreviations the SAP tables hold."""
    names = ["customers", "customer_id", "name", "email", "city", "country", "phone",
             "orders", "order_id", "customer_id", "order_date", "status", "amount",
             "products", "product_id", "name", "category", "price",
             "VBAK", "MANDT", "VBELN", "ERDAT", "ERZET", "ERNAM", "AUART", "VBTYP", "NETWR", "WAERK", "VKORG", "VTWEG",
             "SPART", "KUNNR", "VBAP", "MANDT", "VBELN", "POSNR", "MATNR", "KWMENG", "MEINS", "NETWR", "WERKS",
             "KNA1", "MANDT", "KUNNR", "NAME1", "LAND1", "ORT01", "STRAS", "PSTLZ"]
    found = detect(names)
    assert found.language == "en" and found.sap > found.english


def test_sap_names_are_the_value_words_ones():
    """One list of SAP's names (compiler.value_words): the quantities and units of measure the
    measures read are SAP evidence too."""
    assert SAP_QUANTITIES | SAP_UNITS <= SAP_NAMES
    assert detect(["auftrag", "kunde", "menge", "VRKME", "LFIMG", "BSTME"]).sap == 3


def _sqlite_names(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        names = []
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            names += [name, *(row[1] for row in con.execute(f'PRAGMA table_info("{name}")'))]
        return names
    finally:
        con.close()


def _ddl_names(sql: str, dialect: str) -> list[str]:
    names = []
    for statement in sqlglot.parse(sql, read=dialect):
        if isinstance(statement, exp.Create) and isinstance(statement.this, exp.Schema):
            names += [statement.this.this.name, *(c.name for c in statement.this.expressions if isinstance(c, exp.ColumnDef))]
    return names


@pytest.mark.parametrize("schema", ["chinook", "sakila", "tpch", "northwind"])
def test_english_sample_schemas_are_english(schema):
    names = {
        "chinook": lambda: _sqlite_names(REPO / "examples" / "chinook" / "chinook.sqlite"),
        "sakila": lambda: _ddl_names((REPO / "tests" / "fixtures" / "sakila" / "schema.sql").read_text(), "postgres"),
        "tpch": lambda: _ddl_names(TPCH_KEYS_DDL, "duckdb"),
        "northwind": lambda: _sqlite_names(dataset("northwind.sqlite")),
    }[schema]()
    assert len(names) > 50
    assert detect(names).language == "en"


def test_no_vocabulary_holds_a_word_english_writes_alike():
    for language, vocabulary in VOCABULARY.items():
        assert not vocabulary & ENGLISH, language
        assert not vocabulary & ALIKE, language
    # a table of survey points (a geodetic datum, the land it lies on, a place, a type) is no German
    assert _language("geo_points", "datum", "land", "ort", "typ") == "en"


def test_every_language_is_named_and_accepted_by_mb_yaml():
    assert LANGUAGES == tuple(LANGUAGE_NAMES)
    for language in ("auto", *LANGUAGES):
        assert LabelSettings(language=language).language == language


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
    ("es", "Importe total", "Promedio de Precio Venta", "Recuento", "Recuento (Entregado)", "Valores distintos de Codigo Cliente"),
    ("pt", "Importe total", "Média de Precio Venta", "Contagem", "Contagem (Entregado)", "Valores distintos de Codigo Cliente"),
    ("it", "Importe totale", "Media di Precio Venta", "Conteggio", "Conteggio (Entregado)", "Valori distinti di Codigo Cliente"),
    ("fr", "Somme d'Importe", "Moyenne de Precio Venta", "Nombre", "Nombre (Entregado)", "Valeurs distinctes de Codigo Cliente"),
    ("de", "Summe Importe", "Durchschnitt Precio Venta", "Anzahl", "Anzahl (Entregado)", "Eindeutige Werte Codigo Cliente"),
    ("nl", "Totaal Importe", "Gemiddelde Precio Venta", "Aantal", "Aantal (Entregado)", "Unieke waarden Codigo Cliente"),
])
def test_label_templates_per_language(language, total, average, count, value, distinct):
    words = phrases(language)
    assert measure_label("sum", "Importe", "total_importe", words) == total
    assert measure_label("avg", "Precio Venta", "average_precio_venta", words) == average
    assert measure_label("count", None, "count", words) == count
    assert words.count_value("Entregado") == value
    assert measure_label("count_distinct", "Codigo Cliente", "x", words) == distinct


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_count_template_says_one_thing(language):
    """A flag counted, a status value counted, a column's distinct values and things counted once
    each never share a label: a flag `entregado` beside a status value 'Entregado'."""
    words = phrases(language)
    labels = [words.count_of("Entregado"), words.count_value("Entregado"), words.distinct("Entregado"),
              words.distinct_count("Entregado")]
    assert len(set(labels)) == len(labels), labels


def test_french_elides_de_before_a_vowel_only():
    fr = phrases("fr")
    assert fr.aggregate("avg", "Age") == "Moyenne d'Age"
    assert fr.aggregate("avg", "Écart") == "Moyenne d'Écart"
    # an h may be aspirated (de Hauteur) and a y before a vowel is no vowel (de Yaourt)
    assert fr.aggregate("avg", "Hauteur") == "Moyenne de Hauteur"
    assert fr.aggregate("avg", "Yaourt") == "Moyenne de Yaourt"
    assert "d'" not in fr.aggregate("avg", "")


def test_english_labels_go_through_the_english_phrases():
    """One path for every language: English's template words are its Phrases, with English's own
    reading of a label that starts with total (glued on too) and of labels built of names."""
    en = phrases("en")
    assert measure_label("sum", "Totalprice", "x", en) == "Sum of Totalprice"
    assert measure_label("sum", "Amount Total", "x", en) == "Total Amount Total"
    assert measure_label("sum", "Importo Totale", "x", phrases("it")) == "Somma di Importo Totale"
    assert measure_label("median", "Price", "x", en) == "Median Price"
    assert en.sum_named("total_amount") == "Total Amount" and en.sum_named("sum_total_amount") == "Sum Total Amount"
    assert phrases("es").sum_named("total_importe") == "Importe total"
    assert phrases("es").sum_named("sum_total_pedido") == "Suma de Total Pedido"
    assert en.time_of("date", "race") == "Race Date"
    assert phrases("es").time_of("fecha", "pedido") == "Fecha de Pedido"


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
    assert pedido["count_entregado"] == "Recuento (Entregado)"
    assert pedido["total_importe"] == "Importe total"
    lines = _measure_labels(got["detalle_pedido"])
    assert lines["total_cantidad"] == "Cantidad total"
    assert lines["revenue"] == "Ingresos"
    assert lines["pedido_distinct_count"] == "Recuento de Pedido"
    times = {t.column: t.label.value for t in got["pedido"].time_dimensions}
    assert times == {"fecha_pedido": "Fecha Pedido", "fecha": "Fecha de Pedido"}
    # column words stay as written
    assert {d.label.value for d in got["cliente"].dimensions} >= {"Nombre Cliente", "Ciudad", "Pais"}


def test_a_flag_and_a_status_value_of_one_word_are_counted_under_two_labels():
    tables = _jardineria()
    tables[1] = table("pedido", [col("codigo_pedido"), col("fecha_pedido", "DATE"),
                                 col("estado", "VARCHAR(15)", values=[("Entregado", 60), ("Pendiente", 40)]),
                                 col("entregado", "BOOLEAN"), col("codigo_cliente"),
                                 col("importe", "NUMERIC(15,2)", min=1, max=5000, mean=800)],
                      pk=["codigo_pedido"], rows=100, fks=[(["codigo_cliente"], "cliente", ["codigo_cliente"])])
    model, got = _labelled(tables)
    assert model.label_language == "es"
    pedido = _measure_labels(got["pedido"])
    assert pedido["count_entregado"] == "Recuento (Entregado)"
    assert pedido["entregado_count"] == "Recuento de Entregado"


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
