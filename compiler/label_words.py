"""The language a schema is named in, and the words labels are written with in it.

A leaf module (imports only compiler.naming and compiler.value_words): the pass
decide_label_language reads table and column names against the small vocabularies below and
picks a language only where the evidence is clear; the passes that write labels from templates
(build_entities, derive_measures, ratio_metrics, label_fields) render their template words
(Total, Average, Count, ...) through `phrases(language)`, English's too. A column's own words are never translated: "Importe" stays "Importe", the
template around it is Spanish ("Importe total").

The forms chosen per language, one each (docs/semantics.md, "Labels in the schema's language"):
Spanish, Portuguese and Italian put "total" after the noun (it does not agree in gender: Importe
total, Cantidad total) and write the other aggregations as a noun and "de"/"di" (Promedio de
Precio Venta, Média de Valor, Media di Prezzo), so no adjective has to agree with a column's
noun; French writes them all so (Somme de Montant, Moyenne d'Age: "de" elided before a vowel);
German and Dutch put the aggregation's noun first (Summe Netwr, Durchschnitt Preis, Totaal
Bedrag, Gemiddelde Prijs). Each template says one thing: the rows of a status value
("Recuento (Entregado)") are not a flag's ("Recuento de Entregado"), a column's distinct values
("Valores distintos de X") not things counted once each ("Recuento distinto de X").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from compiler.naming import CJK_PERIODS, CJK_TERMS, JA_TERMS, ZH_PERIODS, ZH_TERMS, has_cjk, has_kana, humanize, terms_of, words
from compiler.value_words import SAP_NAMES

# The languages labels are written in (ISO 639-1), and their names in English (provenance).
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "de": "German", "fr": "French", "pt": "Portuguese", "it": "Italian",
                  "nl": "Dutch", "ja": "Japanese", "zh": "Chinese"}
LANGUAGES = tuple(LANGUAGE_NAMES)
DEFAULT = "en"

# Words of table and column names that belong to one language (or to a few close ones) and not
# to English: the nouns business schemas are named with. ASCII, as compiler.naming.words spells
# them (accents stripped). A word English spells alike (one of ENGLISH: total, region; or of
# ALIKE: data, land, datum) is in none: it says nothing of the language.
VOCABULARY: dict[str, frozenset[str]] = {
    "es": frozenset("""
        pedido pedidos cliente clientes producto productos empleado empleados oficina oficinas proveedor proveedores
        factura facturas pago pagos fecha fechas nombre nombres apellido apellidos ciudad ciudades pais paises
        codigo precio precios venta ventas compra compras importe cantidad estado estados direccion telefono
        correo categoria categorias gama descripcion comentario comentarios entrega esperada limite credito forma
        linea lineas numero cuenta cuentas usuario usuarios tienda tiendas almacen existencias unidad unidades
        proveedor jefe puesto  contacto   tipo tipos valor monto saldo detalle detalles
        articulo articulos devolucion devoluciones transaccion alta baja inicio nacimiento empresa sucursal
        vendedor vendedores mes ano anio semana hora  transportista envio envios calle
        departamento marca modelo coste costo ingreso ingresos gasto gastos tasa impuesto descuento poblacion
        """.split()),
    "pt": frozenset("""
        pedido pedidos cliente clientes produto produtos funcionario funcionarios fornecedor fornecedores fatura
        faturas pagamento pagamentos  nome sobrenome cidade cidades pais codigo preco precos venda vendas
        compra compras valor quantidade estado endereco telefone categoria categorias descricao comentario
        entrega numero conta contas usuario usuarios loja lojas estoque unidade unidades contato tipo tipos saldo
         itens devolucao devolucoes transacao nascimento empresa filial vendedor vendedores mes ano semana
        hora transportadora envio rua bairro departamento marca modelo custo receita despesa imposto desconto
        frete situacao cadastro populacao
        """.split()),
    "it": frozenset("""
        ordine ordini cliente clienti prodotto prodotti dipendente dipendenti fornitore fornitori fattura fatture
        pagamento pagamenti nome cognome citta paese codice prezzo prezzi vendita vendite acquisto acquisti importo
        quantita stato indirizzo telefono categoria categorie descrizione commento consegna numero conto conti
        utente utenti negozio negozi magazzino giacenza unita contatto tipo tipi valore saldo articolo articoli
        reso resi transazione nascita azienda filiale venditore venditori mese anno giorno settimana ora spedizione
        spedizioni reparto marca modello costo ricavo ricavi spesa spese tasso imposta sconto riga righe popolazione
        """.split()),
    "fr": frozenset("""
        commande commandes produit produits employe employes fournisseur fournisseurs facture factures paiement
        paiements nom prenom ville villes pays prix vente ventes achat achats montant quantite statut adresse
        categorie commentaire livraison numero compte comptes utilisateur utilisateurs magasin
        magasins entrepot unite unites  valeur solde ligne lignes   retour retours naissance
        entreprise societe succursale vendeur vendeurs mois annee jour semaine heure   rue
        marque modele cout recette depense depenses taux taxe remise libelle etat
        """.split()),
    "de": frozenset("""
        auftrag auftraege kunde kunden artikel mitarbeiter lieferant lieferanten rechnung rechnungen zahlung
        zahlungen vorname nachname stadt ort preis verkauf verkaeufe einkauf betrag menge
        adresse anschrift strasse telefon kategorie kategorien beschreibung kommentar lieferung lieferungen nummer
        konto konten benutzer filiale bestand einheit einheiten kontakt wert saldo  positionen
        bestellung bestellungen retoure retouren geburtsdatum firma unternehmen verkaeufer monat jahr  woche
        stunde versand abteilung marke kosten umsatz ausgabe ausgaben steuer rabatt bezeichnung waehrung
        erstellt geaendert netto brutto gesamt
        """.split()),
    "nl": frozenset("""
        bestelling bestellingen klant klanten  producten medewerker medewerkers leverancier leveranciers
        factuur facturen betaling betalingen naam voornaam achternaam stad plaats prijs verkoop
        inkoop bedrag aantal hoeveelheid adres straat telefoon categorie omschrijving opmerking levering nummer
        rekening gebruiker gebruikers winkel magazijn voorraad eenheid contactpersoon soort waarde regel regels
        retour geboortedatum bedrijf verkoper maand jaar dag  uur verzending afdeling merk kosten omzet
        uitgave uitgaven belasting korting  woonplaats
        """.split()),
}
# Words of English schemas that no other language writes so: the evidence that a schema is
# English, beside its common English words (a schema of customers, orders and invoices).
ENGLISH = frozenset("""
    order orders customer customers product products employee employees supplier suppliers invoice invoices
    payment payments date name first last city country price sale sales purchase amount quantity status address
    phone category categories description comment comments delivery number account accounts user users store
    stores warehouse stock unit units contact type value balance line lines item items return returns birth
    company branch seller month year day week hour shipment shipping street department brand cost revenue
    expense tax discount created updated total region email title code count rate office manager
    """.split())
# Words English writes alike with another language that are no evidence of English either (a
# German or Dutch `datum`, `land`, a French `telephone`, an English `dia` for diameter): in no
# vocabulary, since they say nothing of a schema's language.
ALIKE = frozenset("""
    data animal client general land datum typ lager telephone fin dia taxa
    """.split())
# SAP's table and field names (compiler.value_words.SAP_NAMES: VBAK, NETWR, KUNNR) are German words
# cut short, but an English warehouse loads SAP's tables as they are (staging VBAK beside
# customers and orders): they break a tie in German's favour, and never count toward MIN_WORDS
# nor against the English words.
SAP_LANGUAGE = "de"

# The least number of a language's words a schema's names must hold before labels are written in
# it, and how many times as many as the next language's (Spanish and Portuguese share pedido and
# cliente, so only the words one of them has decide between them).
MIN_WORDS = 3
MARGIN = 2


@dataclass(frozen=True)
class Evidence:
    language: str
    counts: tuple[tuple[str, int], ...]  # (language, distinct words of it), most first
    examples: tuple[str, ...]  # a few of the winning language's words, sorted
    english: int
    sap: int = 0  # distinct SAP abbreviations (SAP_NAMES) among the names


def detect(names: Iterable[str]) -> Evidence:
    """The language of a schema's table and column names: a language other than English only
    when at least MIN_WORDS distinct words of its names are that language's, MARGIN times as many
    as any other language's, and at least as many as its English words. Otherwise English. SAP's
    abbreviations count for German beside another language (SAP_LANGUAGE), not toward MIN_WORDS
    nor against English."""
    names = list(names)
    # Japanese is known by its letters, not by words: its names read as English words (注文日 is
    # order date), so they are counted apart. Most names in kanji or kana make a Japanese schema,
    # when kana stand in one of them at least: kanji alone may be Chinese (订单, 客户, 金额).
    cjk = [n for n in names if has_cjk(n)]
    if len(cjk) >= MIN_WORDS and 2 * len(cjk) > len(names):
        if any(has_kana(n) for n in names):
            return Evidence("ja", (("ja", len(cjk)),), tuple(sorted(set(cjk))[:6]), len(names) - len(cjk))
        # Kanji without kana is Chinese when its terms are those Simplified Chinese writes (订单,
        # 客户, 金额), well ahead of the Japanese ones (注文, 顧客, 金額: a Japanese schema written in
        # kanji alone, or Traditional Chinese, which neither vocabulary reads, keeps English).
        terms = {t for n in cjk for t in terms_of(n)}
        chinese = {t for t in terms if t not in JA_TERMS}
        japanese = {t for t in terms if t not in ZH_TERMS}
        if len(chinese) >= MIN_WORDS and len(chinese) >= MARGIN * len(japanese):
            return Evidence("zh", (("zh", len(cjk)), ("ja", len(japanese))), tuple(sorted(chinese)[:6]), len(names) - len(cjk))
    seen: set[str] = set()
    for name in names:
        seen.update(w for w in words(name) if len(w) >= 2 and not w.isdigit())
    found: dict[str, set[str]] = {lang: {w for w in seen if w in vocab} for lang, vocab in VOCABULARY.items()}
    sap = len(seen & SAP_NAMES)
    foreign = set().union(*found.values(), SAP_NAMES)
    english = len({w for w in seen if w in ENGLISH and w not in foreign})
    counts = Counter({lang: len(ws) for lang, ws in found.items() if ws})

    def against_others(lang: str) -> int:  # a language's words, SAP's abbreviations with German's
        return counts[lang] + (sap if lang == SAP_LANGUAGE else 0)

    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -against_others(kv[0]), LANGUAGES.index(kv[0])))
    language = DEFAULT
    if ranked:
        best, n = ranked[0]
        second = against_others(ranked[1][0]) if len(ranked) > 1 else 0
        if n >= MIN_WORDS and against_others(best) >= MARGIN * second and n >= english:
            language = best
    examples = tuple(sorted(found.get(language, ()))[:6]) if language != DEFAULT else ()
    return Evidence(language, tuple(ranked), examples, english, sap)


# French elides "de" before these (Moyenne d'Age, d'Écart): vowels. Not before an h, mute in
# d'Heure but aspirated in de Hauteur, which its spelling does not tell, nor a y (de Yaourt).
_ELIDED_BEFORE = frozenset("aeiouàâäéèêëîïôöùûüœæ")


def _de(prep: str, x: str) -> str:
    """French elides "de" before a vowel: "Moyenne d'Age"; an empty label elides nothing."""
    if prep == "de" and x[:1].lower() in _ELIDED_BEFORE:
        return f"d'{x}"
    return f"{prep} {x}"


@dataclass(frozen=True)
class Phrases:
    """Template words of one language. Methods take labels already written (humanized column
    words, a status value, a table's label) and put the template around them."""

    language: str
    t_total: str
    t_average: str
    t_minimum: str
    t_maximum: str
    t_distinct: str
    t_count: str
    t_sum_of: str
    t_count_of: str
    t_row_count: str
    t_overall: str
    t_weighted: str
    t_with: str
    t_time_of: str
    t_current_count: str
    t_current_total: str
    t_current_average: str
    t_history_average: str
    t_count_value: str
    t_distinct_count: str
    t_net: str
    periods: tuple[tuple[str, str], ...]  # (date|month|quarter|year, word)
    total_words: frozenset[str]  # a column label holding one is summed "Sum of" it
    prep: str = ""  # the preposition French elides ("de")
    # The language measure and column names are written in (English: total_amount,
    # sum_total_amount, races.date): a label built of names is the names read as one (humanize),
    # not template words around each.
    reads_names: bool = False
    # A label says total when it begins with a total word, glued on or not ("Totalprice"), not
    # when one ends it (English); else when its first or last word is one ("Importo Totale").
    total_first: bool = False

    def _fill(self, template: str, **kw: str) -> str:
        if self.prep:
            for key, value in kw.items():
                template = template.replace(f"{self.prep} {{{key}}}", _de(self.prep, value).replace("{", "{{").replace("}", "}}"))
        return template.format(**kw)

    def total(self, x: str) -> str:
        return self._fill(self.t_total, x=x)

    def aggregate(self, agg: str, x: str) -> str:
        template = {"sum": self.t_total, "avg": self.t_average, "min": self.t_minimum, "max": self.t_maximum,
                    "count_distinct": self.t_distinct}[agg]
        return self._fill(template, x=x)

    def sum_of(self, x: str) -> str:
        return self._fill(self.t_sum_of, x=x)

    def sum_named(self, base: str) -> str:
        """A sum's label from its name, total_amount or sum_total_amount (a column already called
        a total): "Total Amount", "Sum Total Amount"; in another language the template words
        around the column's ("Amount total", "Suma de Total Amount")."""
        head = humanize(base)
        if self.reads_names:
            return head
        rest = head.partition(" ")[2] or head
        return self.total(rest) if base.startswith("total_") else self.sum_of(rest)

    def count(self) -> str:
        return self.t_count

    def count_of(self, x: str) -> str:
        """Things of a kind counted: "Customer Count", "Recuento de Cliente"."""
        return self._fill(self.t_count_of, x=x)

    def distinct(self, x: str) -> str:
        """A column's distinct values counted: "Distinct Customer ID", "Valores distintos de
        Codigo Cliente" (beside distinct_count's things: "Recuento distinto de Cliente")."""
        return self._fill(self.t_distinct, x=x)

    def distinct_count(self, x: str) -> str:
        """Things of a kind counted once each: "Distinct Customer Count"."""
        return self._fill(self.t_distinct_count, x=x)

    def count_value(self, x: str) -> str:
        """The rows holding one value of a status: "Count Shipped", "Recuento (Entregado)": the
        value in parentheses, as the sums per value show it ("Importe total (Real)"), so a flag
        counted ("Recuento de Entregado") and a value counted never share a label."""
        return self._fill(self.t_count_value, x=x)

    def net(self, x: str) -> str:
        return self._fill(self.t_net, x=x)

    def row_count(self) -> str:
        return self.t_row_count

    def overall(self, x: str) -> str:
        return self._fill(self.t_overall, x=x)

    def weighted_average(self, x: str, by: str) -> str:
        return self._fill(self.t_weighted, x=x, by=by)

    def with_(self, x: str, y: str) -> str:
        return self._fill(self.t_with, x=x, y=y)

    def time_of(self, time: str, thing: str) -> str:
        """A bare time named by whose it is, from the names of both (`date`, `race`): "Race Date",
        "Fecha de Pedido"."""
        if self.reads_names:
            return humanize(f"{thing} {time}")
        return self._fill(self.t_time_of, time=humanize(time), thing=humanize(thing))

    def period(self, kind: str) -> str:
        return dict(self.periods)[kind]

    def current_count(self) -> str:
        return self.t_current_count

    def current_total(self, x: str) -> str:
        return self._fill(self.t_current_total, x=x)

    def current_average(self, x: str) -> str:
        return self._fill(self.t_current_average, x=x)

    def history_average(self, x: str) -> str:
        return self._fill(self.t_history_average, x=x)

    def says_total(self, label: str) -> bool:
        if self.total_first:
            return any(label.lower().startswith(w) for w in self.total_words)
        ws = words(label)
        return bool(ws) and (ws[0] in self.total_words or ws[-1] in self.total_words)


_PHRASES: dict[str, Phrases] = {
    "en": Phrases(
        "en", "Total {x}", "Average {x}", "Minimum {x}", "Maximum {x}", "Distinct {x}", "Count", "Sum of {x}", "{x} Count",
        "Row Count", "Overall {x}", "Average {x} (weighted by {by})", "{x} with {y}", "{thing} {time}", "Current Count",
        "Current Total {x}", "Current Average {x}", "Average {x} (All Periods)",
        "Count {x}", "Distinct {x} Count", "Net {x}",
        (("date", "Date"), ("month", "Month"), ("quarter", "Quarter"), ("year", "Year")), frozenset({"total"}),
        reads_names=True, total_first=True),
    "es": Phrases(
        "es", "{x} total", "Promedio de {x}", "Mínimo de {x}", "Máximo de {x}", "Valores distintos de {x}", "Recuento",
        "Suma de {x}", "Recuento de {x}", "Recuento de filas", "{x} global", "Promedio de {x} (ponderado por {by})",
        "{x} con {y}", "{time} de {thing}", "Recuento actual", "{x} total actual", "Promedio actual de {x}",
        "Promedio de {x} (todos los periodos)",
        "Recuento ({x})", "Recuento distinto de {x}", "{x} (neto)",
        (("date", "Fecha"), ("month", "Mes"), ("quarter", "Trimestre"), ("year", "Año")), frozenset({"total"})),
    "pt": Phrases(
        "pt", "{x} total", "Média de {x}", "Mínimo de {x}", "Máximo de {x}", "Valores distintos de {x}", "Contagem",
        "Soma de {x}", "Contagem de {x}", "Contagem de linhas", "{x} global", "Média de {x} (ponderada por {by})",
        "{x} com {y}", "{time} de {thing}", "Contagem atual", "{x} total atual", "Média atual de {x}",
        "Média de {x} (todos os períodos)",
        "Contagem ({x})", "Contagem distinta de {x}", "{x} (líquido)",
        (("date", "Data"), ("month", "Mês"), ("quarter", "Trimestre"), ("year", "Ano")), frozenset({"total"})),
    "it": Phrases(
        "it", "{x} totale", "Media di {x}", "Minimo di {x}", "Massimo di {x}", "Valori distinti di {x}", "Conteggio",
        "Somma di {x}", "Conteggio di {x}", "Conteggio righe", "{x} globale", "Media di {x} (ponderata per {by})",
        "{x} con {y}", "{time} di {thing}", "Conteggio attuale", "{x} totale attuale", "Media attuale di {x}",
        "Media di {x} (tutti i periodi)",
        "Conteggio ({x})", "Conteggio distinto di {x}", "{x} (netto)",
        (("date", "Data"), ("month", "Mese"), ("quarter", "Trimestre"), ("year", "Anno")), frozenset({"totale"})),
    "fr": Phrases(
        "fr", "Somme de {x}", "Moyenne de {x}", "Minimum de {x}", "Maximum de {x}", "Valeurs distinctes de {x}", "Nombre",
        "Somme de {x}", "Nombre de {x}", "Nombre de lignes", "Ensemble de {x}", "Moyenne de {x} (pondérée par {by})",
        "{x} avec {y}", "{time} de {thing}", "Nombre actuel", "Somme actuelle de {x}", "Moyenne actuelle de {x}",
        "Moyenne de {x} (toutes périodes)",
        "Nombre ({x})", "Nombre distinct de {x}", "{x} (net)",
        (("date", "Date"), ("month", "Mois"), ("quarter", "Trimestre"), ("year", "Année")), frozenset({"total", "totale", "somme"}),
        prep="de"),
    "de": Phrases(
        "de", "Summe {x}", "Durchschnitt {x}", "Minimum {x}", "Maximum {x}", "Eindeutige Werte {x}", "Anzahl",
        "Summe {x}", "Anzahl {x}", "Anzahl Zeilen", "{x} gesamt", "Durchschnitt {x} (gewichtet nach {by})",
        "{x} mit {y}", "{time} {thing}", "Anzahl aktuell", "Summe {x} aktuell", "Durchschnitt {x} aktuell",
        "Durchschnitt {x} (alle Perioden)",
        "Anzahl ({x})", "Anzahl eindeutiger {x}", "{x} netto",
        (("date", "Datum"), ("month", "Monat"), ("quarter", "Quartal"), ("year", "Jahr")), frozenset({"gesamt", "summe"})),
    "nl": Phrases(
        "nl", "Totaal {x}", "Gemiddelde {x}", "Minimum {x}", "Maximum {x}", "Unieke waarden {x}", "Aantal",
        "Som van {x}", "Aantal {x}", "Aantal rijen", "{x} totaal", "Gemiddelde {x} (gewogen naar {by})",
        "{x} met {y}", "{time} {thing}", "Huidig aantal", "Huidig totaal {x}", "Huidig gemiddelde {x}",
        "Gemiddelde {x} (alle perioden)",
        "Aantal ({x})", "Aantal unieke {x}", "Netto {x}",
        (("date", "Datum"), ("month", "Maand"), ("quarter", "Kwartaal"), ("year", "Jaar")), frozenset({"totaal"})),
    # Japanese BI labels: the aggregation glued to the column's words, no space (数量合計, 平均単価,
    # 注文数, 件数（キャンセル）); the periods and the total words are those compiler.naming reads 合計 and
    # 小計 as, from its terms.
    "ja": Phrases(
        "ja", "{x}合計", "平均{x}", "最小{x}", "最大{x}", "{x}（種類数）", "件数", "{x}の合計", "{x}数", "行数",
        "全体{x}", "平均{x}（{by}で加重）", "{x}（{y}あり）", "{thing}{time}", "現在件数", "現在{x}合計", "現在平均{x}",
        "平均{x}（全期間）", "件数（{x}）", "{x}数（重複なし）", "{x}（純額）",
        tuple(CJK_PERIODS.items()), frozenset(CJK_TERMS["合計"] + CJK_TERMS["小計"])),
    # Chinese BI labels, as Japanese ones glued to the column's words (实付金额合计, 平均单价, 客户数,
    # 记录数（已取消）); "总和" where the column already says total (订单总额总和), 去重 for what is
    # counted once each.
    "zh": Phrases(
        "zh", "{x}合计", "平均{x}", "最小{x}", "最大{x}", "{x}（去重计数）", "记录数", "{x}总和", "{x}数", "行数",
        "总体{x}", "平均{x}（按{by}加权）", "{x}（含{y}）", "{thing}{time}", "当前记录数", "当前{x}合计", "当前平均{x}",
        "平均{x}（全部期间）", "记录数（{x}）", "{x}数（去重）", "{x}（净额）",
        tuple(ZH_PERIODS.items()), frozenset(ZH_TERMS["合计"] + ZH_TERMS["小计"])),
}


# Figures derived under a name of their own (passes.derive_measures: a line's price times its
# quantity is revenue), in each language; English labels them by their name ("Gross Profit").
CONCEPTS: dict[str, dict[str, str]] = {
    "revenue": {"es": "Ingresos", "pt": "Receita", "it": "Ricavi", "fr": "Chiffre d'affaires", "de": "Umsatz", "nl": "Omzet", "ja": "売上", "zh": "销售额"},
    "total_cost": {"es": "Coste total", "pt": "Custo total", "it": "Costo totale", "fr": "Coût total", "de": "Gesamtkosten",
                   "nl": "Totale kosten", "ja": "総コスト", "zh": "总成本"},
    "gross_profit": {"es": "Beneficio bruto", "pt": "Lucro bruto", "it": "Utile lordo", "fr": "Marge brute", "de": "Bruttogewinn",
                     "nl": "Brutowinst", "ja": "粗利", "zh": "毛利"},
}


def concept(name: str, language: str | None) -> str | None:
    """A derived figure's label in `language`; None for English or a name not listed."""
    return CONCEPTS.get(name, {}).get(language or DEFAULT)


def phrases(language: str | None) -> Phrases:
    """The template words of `language` (None: English)."""
    return _PHRASES.get(language or DEFAULT, _PHRASES[DEFAULT])
