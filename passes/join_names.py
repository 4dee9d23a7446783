"""How column names point at tables: the naming half of key and relationship inference.

Pure string functions over words (compiler.naming.words), so every rule holds for customer_id,
CustomerId, CUSTOMER_ID, tbl_customer.cust_id and TPC-H's l_custkey alike. Nothing here knows a
sample database; the vocabularies below are the ones people use everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from compiler.naming import ABBREVIATIONS, humanize, read_words, words
from compiler.value_words import SERIES_WORDS  # (which one of a series: the vocabulary's, shared)

# Last words that make a column an identifier of something (customer_id, order_key, user_uuid,
# claim_identifier in models written to ISO 11179 naming, where "identifier" is the class word).
STRONG_ID = frozenset({"id", "key", "uuid", "guid", "pk", "fk", "sk", "oid", "identifier"})
# Weaker: a code or number may identify (country_code, order_no) or just label.
WEAK_ID = frozenset({"code", "ref", "no", "num", "nbr", "number", "iso",
                     # the same words in other languages: codigo, codice, nummer, numero, nr
                     "codigo", "codice", "cod", "nummer", "numero", "nr", "kode"})
# Words that may open a head-first name (Spanish codigo_oficina, numero_linea, id_cliente; French
# numero_commande; Italian codice_cliente): the identifier, code or number comes first and what it
# names follows. `no` is left out: leading, it negates (no_show) more often than it numbers.
LEADING_ID = STRONG_ID | (WEAK_ID - {"no"})
# Words of a number: followed by a plural they count (numero_empleados, number_of_items), by a
# singular they name one (numero_linea, number_order).
NUMBER_WORDS = frozenset({"number", "num", "nbr", "numero", "nummer", "nr"})
# The same last in a name, where "no" is one too (ticket_no, order_no); first, "no" says none.
LAST_NUMBER_WORDS = NUMBER_WORDS | {"no"}
# Prepositions between a head noun and what it is of: numero_de_linea, number_of_items, prix_du_produit.
OF_WORDS = frozenset({"of", "de", "del", "du", "des", "di", "do", "dos", "das", "della", "dello", "delle", "degli"})
# Trailing prepositions of person-valued columns: created_by, reports_to, assigned_to, and the
# prepositions of agency of other languages (erstellt_von, presentato_da, cree_par, creado_por,
# gemaakt_door, skapad_av, oprettet_af, dodany_przez).
LINK_WORDS = frozenset({"by", "to", "von", "da", "par", "por", "door", "av", "af", "przez"})
# A first word saying only that the column links to another table (BIRD's link_to_event,
# ref_customer, fk_order; Verweis, enlace, lien, collegamento), and the preposition after it: no role.
_LINK_FIRST = frozenset({"link", "links", "lnk", "ref", "fk", "rel", "verweis", "enlace", "lien", "collegamento", "ligacao"})
_TO_WORDS = frozenset({"to", "zu", "auf", "a", "al", "vers", "para", "naar"})


def without_link(ws: list[str], prefix: str | None) -> list[str]:
    """The words of a reference without a leading link word and the preposition after it
    (link_to_event: event). A column prefix that is such a word, shared by a bridge's columns
    (attendance's link_to_event and link_to_member), was dropped already: its "to" goes too."""
    linked = prefix is not None and prefix.strip("_").lower() in _LINK_FIRST
    if len(ws) > 1 and ws[0] in _LINK_FIRST:
        ws, linked = ws[1:], True
    if linked and len(ws) > 1 and ws[0] in _TO_WORDS:
        ws = ws[1:]
    return ws


# Generic names of a table's own key: they carry no information about which table they are in.
GENERIC_KEY = STRONG_ID | WEAK_ID | {"name", "value"}
# Words that make a column a quantity or an ordinal, never a reference by themselves.
MEASURE_WORDS = frozenset({
    "quantity", "qty", "amount", "amt", "price", "cost", "total", "count", "cnt", "sum", "rating", "score",
    "rank", "level", "line", "seq", "sequence", "position", "pos", "age", "weight", "height", "width",
    "length", "size", "duration", "year", "month", "day", "hour", "minute", "second", "percent", "pct",
    "rate", "ratio", "balance", "discount", "tax", "fee", "stock", "units", "unit", "value", "avg", "min",
    "max", "milliseconds", "ms", "bytes", "version", "index", "idx", "ordinal", "sort", "laps",
    # how fast, how hot, how hard a thing is (a team's buildUpPlaySpeed 20..80 is no player)
    "speed", "velocity", "temperature", "pressure",
    # spans counted in their unit (a stock item's LeadTimeDays: 7 to 20 lay among the people's ids)
    "days", "hours", "minutes", "seconds", "weeks", "months", "years",
    # a place in a sequence in other languages ("order" and orden, ordem, ordine also name tables:
    # the values decide those, infer_relationships._holds_positions)
    "reihenfolge", "rangfolge", "volgorde", "secuencia", "sequencia", "sequenza", "sequenz", "posicion", "posicao", "posizione",
}) | SERIES_WORDS
# Table name decorations, stripped before comparing names: tbl_customer, dim_customer, vw_orders.
TABLE_PREFIXES = frozenset({"tbl", "tb", "t", "dim", "fact", "fct", "d", "f", "stg", "src", "raw", "vw", "v", "lkp", "lu",
                            "lkup", "xref", "mst", "mv"})
# Structural self references: a row pointing at another row of the same table.
SELF_WORDS = frozenset({"parent", "predecessor", "successor", "previous", "prev", "next", "original", "root",
                        "superior", "replaced", "replacement", "duplicate", "merged", "master", "prior"})
# People-valued roles; they point at whichever table holds people.
PERSON_ROLES = frozenset({"manager", "mgr", "supervisor", "boss", "reports", "report", "lead", "rep", "representative",
                          "agent", "owner", "assignee", "assigned", "approver", "approved", "reviewer", "reviewed",
                          "author", "creator", "created", "modified", "updated", "deleted", "salesperson", "handler",
                          "reporter", "responsible", "requester", "requested",
                          # the same in German, French, Spanish, Portuguese, Italian, Dutch
                          "vertreter", "betreuer", "verkaeufer", "verkaufer", "bearbeiter", "representante", "vendedor",
                          "agente", "responsavel", "representant", "vendeur", "rappresentante", "venditore", "verkoper",
                          "vertegenwoordiger"})
# Roles that, inside a table of people, point back at the same table (the org chart).
HIERARCHY_ROLES = frozenset({"manager", "mgr", "supervisor", "boss", "reports", "report", "lead", "superior", "superieur",
                             # the same in German, French, Spanish, Portuguese, Italian, Dutch, Swedish, Polish
                             "vorgesetzter", "vorgesetzte", "leiter", "chef", "responsable", "jefe", "gerente", "gestor",
                             "encargado", "capo", "responsabile", "leidinggevende", "kierownik",
                             "przelozony"})
PERSON_TABLES = frozenset({"employee", "staff", "user", "person", "people", "member", "worker", "personnel", "agent", "rep",
                           "mitarbeiter", "angestellter", "angestellte", "benutzer", "nutzer", "mitglied", "personal",
                           "employe", "salarie", "utilisateur", "membre", "personne", "empleado", "usuario", "miembro",
                           "persona", "funcionario", "colaborador", "membro", "pessoa", "dipendente", "impiegato", "utente",
                           "socio", "medewerker", "werknemer", "gebruiker", "persoon", "anstalld", "anvandare", "medlem",
                           "pracownik", "uzytkownik"})

# The words of a person's own name (first_name, last_name, nombre, apellido1, vorname, prenom):
# a name people share (two Marias, two Smiths), unique among a few dozen staff by chance only.
PERSON_NAME_WORDS = frozenset({"name", "first", "last", "given", "family", "middle", "full", "maiden", "surname", "forename",
                               "fname", "lname", "nombre", "nombres", "apellido", "apellidos", "pila", "completo", "nom",
                               "prenom", "complet", "nome", "cognome", "sobrenome", "vorname", "nachname", "familienname",
                               "voornaam", "achternaam", "naam", "fornavn", "efternavn", "etternavn", "fornamn", "efternamn",
                               "imie", "nazwisko"})


def names_a_persons_name(ws: tuple[str, ...]) -> bool:
    """first_name, nombre, apellido1, FullName: every word a word of a person's name (a number may
    tell a second surname); user_name, display_name, login_name are chosen to be told apart."""
    named = [w for w in ws if not w.isdigit()]
    return bool(named) and all(w in PERSON_NAME_WORDS for w in named)


_ABBREV = {k: tuple(words(v)) for k, v in ABBREVIATIONS.items() if len(words(v)) == 1}
_ABBREV.update({"acct": ("account",), "cust": ("customer",), "supp": ("supplier",), "sup": ("supplier",), "vend": ("vendor",),
                "loc": ("location",), "org": ("organization",), "inv": ("invoice",), "ord": ("order",), "pmt": ("payment",),
                "cntry": ("country",), "ctry": ("country",), "curr": ("currency",), "ccy": ("currency",), "whse": ("warehouse",),
                "wh": ("warehouse",), "cat": ("category",), "mfr": ("manufacturer",), "mfg": ("manufacturer",)})


@lru_cache(maxsize=1 << 16)
def singular(word: str) -> str:
    """categories -> category, addresses -> address, boxes -> box, people -> person; status stays."""
    irregular = {"people": "person", "children": "child", "men": "man", "women": "woman", "data": "data", "media": "media"}
    if word in irregular:
        return irregular[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ws")):
        return word[:-1]
    return word


def head_last(ws: tuple[str, ...], heads: frozenset[str] | set[str], ends: frozenset[str] | set[str] = frozenset()) -> tuple[str, ...]:
    """A name whose head noun comes first, as Spanish, French, Italian and Portuguese put it
    (precio_unidad is a unit price, numero_linea a line number, codigo_oficina an office code), in
    the order English puts it, head last: ('unidad', 'precio'). Rules that read a name's last word
    then read its head in either language. `heads`: the head nouns asked about (prices, codes);
    `ends`: last words that name a kind of their own, which keep the name as it is (price_tier is
    a tier). A name already ending in a head (unit_price), opening with none, or a number of a
    plural (numero_empleados, number_of_items: a count of things, not the number of one) is
    returned unchanged."""
    if len(ws) < 2 or ws[0] not in heads or ws[-1] in heads or ws[-1] in ends or number_of_plural(ws):
        return ws
    return (*_after_head(ws), ws[0])


def _after_head(ws: tuple[str, ...]) -> tuple[str, ...]:
    rest = ws[1:]
    while len(rest) > 1 and rest[0] in OF_WORDS:
        rest = rest[1:]
    return rest


def number_of_plural(ws: tuple[str, ...]) -> bool:
    """A number word leading a plural: numero_empleados, number_of_items, nr_kinder: how many."""
    if len(ws) < 2 or ws[0] not in NUMBER_WORDS:
        return False
    noun = _after_head(ws)[0]
    return singular(noun) != noun


_DOUBLED = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=1 << 16)
def lemma(word: str) -> str:
    """A form singular and plural share in several languages, for comparing names only (never
    shown): customers/customer, kunden/kunde, proveedores/proveedor, animaux/animal,
    devolucoes/devolucao, facturen/factuur, categorieen/categories/categorie all meet. It may
    merge a few unrelated words (token, tok); the data decides between the tables they name."""
    w = word
    if not w.isalpha():
        return w  # numbers and codes (0017, t2) are compared as written
    for plural, single in (("coes", "cao"), ("aux", "al"), ("ais", "al")):  # pt -cões, fr -aux, pt -ais
        if w.endswith(plural) and len(w) > len(plural) + 2:
            w = w[: -len(plural)] + single
            break
    w = singular(w)
    if w.endswith("y"):
        w = w[:-1] + "i"  # category, categorie, kategorie
    w = w.replace("ae", "a").replace("oe", "o").replace("ue", "u")  # umlauts written out: tieraerzte, vertraege
    w = _DOUBLED.sub(r"\1", w)  # Dutch doubled vowels and consonants: factuur/facturen, lidmaatschappen
    if len(w) > 4 and w.endswith("en"):
        w = w[:-2]
    elif len(w) > 5 and w.endswith(("ern", "eln")):  # German -n plurals: schwestern, regeln
        w = w[:-1]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("us", "is")):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def _inflected(a: str, b: str) -> bool:
    """Two forms of one word in a language the lemma rules do not know (socio/soci,
    filiale/filiali, medlem/medlemmar): a shared stem of at least five letters, and at most
    two letters of ending on either side."""
    if a == b or not (a.isalpha() and b.isalpha()):
        return False
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 5 and len(a) - n <= 2 and len(b) - n <= 2


def lemmas(ws: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(lemma(w) for w in ws)


def split_glued(ws: tuple[str, ...]) -> tuple[str, ...]:
    """`partkey` -> part key, `customerid` -> customer id: lowercase names glue the id word on."""
    if not ws:
        return ws
    last = ws[-1]
    for suffix in ("uuid", "guid", "key", "id"):
        if last.endswith(suffix) and len(last) - len(suffix) >= 3:
            return (*ws[:-1], last[: -len(suffix)], suffix)
    return ws


def column_prefix(names: list[str]) -> str | None:
    """A short first word most columns of a table share (TPC-H `l_`, `ps_`; `cust_` in customers)."""
    firsts = [w[0] for n in names if len(w := words(n)) > 1]
    if len(names) < 2 or len(firsts) < 0.8 * len(names):
        return None
    best = max(set(firsts), key=lambda f: (firsts.count(f), f))
    return best if firsts.count(best) >= max(2, 0.8 * len(names)) and len(best) <= 5 else None


@lru_cache(maxsize=1 << 16)
def column_words(name: str, prefix: str | None = None) -> tuple[str, ...]:
    ws = read_words(name)
    if prefix and len(ws) > 1 and ws[0] == prefix:
        ws = ws[1:]
    return split_digits(split_glued(ws))


_LETTERS_OR_DIGITS = re.compile(r"[a-z]+|[0-9]+")
# Decorations that may also close a table name (customer_dim, sales_fact_2024): no meaning of their own.
TABLE_DECORATIONS = frozenset({"dim", "fact", "fct", "tbl", "lkp", "lkup", "stg", "vw", "mst", "xref"})


def split_digits(ws: tuple[str, ...]) -> tuple[str, ...]:
    """customer0042 -> customer 0042, t0017 -> t 0017: numbered names keep their number a word."""
    if not any(ch.isdigit() for w in ws for ch in w):
        return ws
    return tuple(p for w in ws for p in _LETTERS_OR_DIGITS.findall(w) or (w,))


Affixes = tuple[tuple[str, ...], tuple[str, ...]]  # (first words, last words) every table shares


def _without_affixes(name: str, affixes: Affixes) -> list[str]:
    ws = list(words(name))
    head, tail = affixes
    if head and len(ws) > len(head) and tuple(ws[: len(head)]) == head:
        ws = ws[len(head):]
    if tail and len(ws) > len(tail) and tuple(ws[-len(tail):]) == tail:
        ws = ws[: -len(tail)]
    return ws


def table_words(name: str, strip: Affixes = ((), ()), matching: bool = False) -> tuple[str, ...]:
    """Core words of a table name, singular: tbl_Customers -> (customer,), order_details -> (order, detail).
    strip: the words every table begins and ends with (common_table_affixes).
    matching: for comparing with column names (numbers split off, decorations dropped anywhere:
    CustomerDim0042 -> customer 0042), not for display."""
    ws = _without_affixes(name, strip)
    if len(ws) > 1 and ws[0] in TABLE_PREFIXES:
        ws = ws[1:]
    if matching:
        ws = list(split_digits(tuple(ws)))
        if len(ws) > 1 and ws[0] in TABLE_PREFIXES and ws[1].isdigit():
            ws = ws[1:]  # t0042: a letter before a number
        kept = [w for w in ws if w not in TABLE_DECORATIONS]
        ws = kept if kept else ws
    return tuple(singular(w) for w in ws)


def table_labels(tables) -> dict[str, str]:
    """Each table's label by its key: its name humanized without the words every table shares,
    where that leaves the labels apart (two tables would not both be "Orders")."""
    names = {t.key: t.name for t in tables}
    affixes = common_table_affixes(list(names.values()))
    # A name in letters beyond ASCII that nothing is stripped from is humanized as written: its own
    # letters kept (注文 is no "Order", Größen no "Grossen"), as a column's label keeps them.
    short: dict[str, str] = {}
    for k, n in names.items():
        kept = _without_role(_without_affixes(n, affixes))
        short[k] = humanize(n) if not n.isascii() and kept == tuple(words(n)) else humanize("_".join(kept) or n)
    seen: dict[str, int] = {}
    for v in short.values():
        seen[v.lower()] = seen.get(v.lower(), 0) + 1
    return {k: short[k] if seen[short[k].lower()] == 1 else humanize(n) for k, n in names.items()}


# A star schema's words for what a table is (dim_date, fact_sales): its role, no part of its label.
STAR_ROLES = frozenset({"dim", "dimension", "fact", "fct"})


def _without_role(ws: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    ws = tuple(ws)
    return ws[1:] if len(ws) > 1 and ws[0] in STAR_ROLES else ws


def common_table_affixes(names: list[str]) -> Affixes:
    """(first word, last word) the tables share, each part of no table's meaning: every table's
    (wp_posts, wp_users), or all but one of six or more, where a lookup added later was named
    plainly (olist_orders_dataset, olist_customers_dataset ... beside product_category_name_translation)."""
    split = [words(n) for n in names]
    if len(split) < 3:
        return (), ()

    def shared(at: int) -> tuple[str, ...]:
        counts: dict[str, int] = {}
        for ws in split:
            if len(ws) >= 2:
                counts[ws[at]] = counts.get(ws[at], 0) + 1
        if not counts:
            return ()
        word, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if any(len(ws) >= 2 and ws[at] == word and ws[1 if at == 0 else -2].isdigit() for ws in split):
            return ()  # the noun of numbered names (entity_0_measure, entity_1_measure): their meaning
        return (word,) if n == len(split) or (len(split) >= 6 and n == len(split) - 1) else ()

    return shared(0), shared(-1)


@dataclass(frozen=True)
class Parsed:
    """A column name as a reference: `bill_to_customer_id` -> base (bill, to, customer), suffix id."""

    words: tuple[str, ...]
    base: tuple[str, ...]
    suffix: str | None  # the identifier word, or a link word (by/to), or None
    first: bool = False  # the identifier word comes first (id_cliente_vendedor): qualifiers follow the table

    @property
    def strong(self) -> bool:
        return self.suffix in STRONG_ID


# Words that open a count of things (NumberEmployees, num_of_children, anzahl_mitarbeiter).
COUNT_FIRST = frozenset({"number", "num", "nb", "no", "nbr", "count", "cnt", "total", "anzahl", "nombre", "numero", "aantal"})


@lru_cache(maxsize=1 << 16)
def parse_reference(name: str, prefix: str | None = None) -> Parsed:
    ws = column_words(name, prefix)
    if len(ws) > 2 and ws[0] == "fk":
        ws = ws[1:]  # FK_ProduktID, fk_customer_id: the constraint's mark, not part of the name
    if len(ws) > 1 and ws[0] in COUNT_FIRST and ws[-1] not in STRONG_ID and singular(ws[-1]) != ws[-1]:
        # A count word before a plural (NumberEmployees, num_of_orders) counts those things; it
        # names none of them (EmployeeNumber, number_employee would).
        return Parsed(ws, (), None)
    if len(ws) > 1 and (ws[-1] in STRONG_ID or ws[-1] in WEAK_ID or ws[-1] in LINK_WORDS):
        return Parsed(ws, tuple(singular(w) for w in ws[:-1]), ws[-1])
    if len(ws) > 1 and ws[0] in STRONG_ID:
        # The identifier word first, as French, Spanish and Portuguese names put it: id_cliente.
        return Parsed(ws, tuple(singular(w) for w in ws[1:]), ws[0], first=True)
    if len(ws) > 2 and ws[0] in LEADING_ID and not number_of_plural(ws):
        # A code or number word first, then a table and the role it plays (Spanish
        # codigo_empleado_rep_ventas: the sales rep's employee code; codice_cliente_fattura,
        # numero_pedido_origen): the same head-first order, a role after the table's words.
        # Two words (codigo_oficina) are read as they were: the same name as the key, or a code.
        return Parsed(ws, tuple(singular(w) for w in _after_head(ws)), ws[0], first=True)
    return Parsed(ws, tuple(singular(w) for w in ws), None)


def expand(word: str) -> tuple[str, ...]:
    return _ABBREV.get(word, (word,))


def is_abbreviation(short: str, long_: str) -> bool:
    """dept ~ department, cust ~ customer: same first letter, letters in order, at least 3."""
    if len(short) < 3 or len(short) >= len(long_) or short[0] != long_[0]:
        return False
    i = 0
    for ch in long_:
        if i < len(short) and ch == short[i]:
            i += 1
    return i == len(short)


@dataclass(frozen=True)
class Signal:
    rule: str
    strength: float
    why: str


def _glued(base: tuple[str, ...], joined: str) -> bool:
    """A table named by the column's words run together, as a case-folding database keeps them
    (salesperson for SalesPersonID, whose words read sale, person): each word may carry the plural
    ending the column spelled it with, which the singular base has lost."""
    if len(base) < 2:
        return False
    return re.fullmatch("".join(f"{re.escape(w)}(?:e?s)?" for w in base), joined) is not None


@lru_cache(maxsize=1 << 16)  # pure, and asked again for every column and table sharing the words
def table_signal(base: tuple[str, ...], table: tuple[str, ...], first: bool = False) -> Signal | None:
    """How the words before a column's id suffix name `table` (both singular, prefixes stripped).
    first: the id word came first (id_equipo_local), so a role may follow the table's words."""
    if not base or not table:
        return None
    joined_t = "".join(table)
    lb, lt = lemmas(base), lemmas(table)
    if lb == lt or "".join(lb) == "".join(lt) or (len(table) == 1 and _glued(base, joined_t)):
        return Signal("table_name", 0.88, "the column is named after the table")
    expanded = lemmas(tuple(x for w in base for x in expand(w)))
    if expanded == lt:
        return Signal("abbreviated_table_name", 0.86, f"{'_'.join(base)} abbreviates {'_'.join(table)}")
    n = len(table)
    if len(expanded) > n and expanded[-n:] == lt:
        role = "_".join(base[: len(base) - n])
        return Signal("role_and_table_name", 0.84, f"a {role!r} role of {'_'.join(table)}")
    if len(lb) > n and lb[:n] == lt and first:
        role = "_".join(base[n:])
        return Signal("role_and_table_name", 0.84, f"a {role!r} role of {'_'.join(table)}")
    if len(base) == n and _inflected("".join(lb), "".join(lt)):
        return Signal("inflected_table_name", 0.8, f"{'_'.join(base)} and {'_'.join(table)} differ only in their endings")
    last = base[-1]
    role = "a role of " if len(base) > 1 else ""
    if len(table) > len(base) and table[: len(base)] == base:
        return Signal("leading_table_words", 0.6, f"{'_'.join(base)} starts the table name {'_'.join(table)}")
    if len(last) >= 3 and joined_t.startswith(last) and len(last) < len(joined_t):
        return Signal("table_name_prefix", 0.72 if not role else 0.68, f"{role}{last!r} is the start of {joined_t!r}")
    if is_abbreviation(last, joined_t):
        return Signal("table_abbreviation", 0.6, f"{last!r} looks like an abbreviation of {joined_t!r}")
    return None


def stem_signal(ws: tuple[str, ...], table: tuple[str, ...]) -> Signal | None:
    """A weak hint: one word of the column starts the table name (ship_via ~ shippers)."""
    joined_t = "".join(table)
    for w in ws:
        if len(w) >= 4 and w not in MEASURE_WORDS and joined_t.startswith(w) and w != joined_t:
            return Signal("shared_stem", 0.5, f"{w!r} is the stem of {joined_t!r}")
    return None


PREPOSITIONS = frozenset({"on", "in", "of", "per", "at", "for", "from", "since", "until"})


# Measure words that also end glued compounds (ps_availqty, p_retailprice, ps_supplycost): only
# those no reference's name ends in by chance (not `line`: airline; not `count`: account).
GLUED_MEASURES = ("qty", "quantity", "price", "cost", "amount", "amt", "total", "cnt", "pct", "percent", "balance",
                  "discount", "weight")


def is_measure_like(parsed: Parsed) -> bool:
    """quantity, line_no, rating, units_on_order, availqty: values, counts and ordinals, not
    references. A strong identifier suffix (rating_id) overrides: that is a reference to a
    rating table."""
    if parsed.strong:
        return False
    return any(w in MEASURE_WORDS or w in PREPOSITIONS or _glued_measure(w) for w in parsed.words)


def _glued_measure(word: str) -> bool:
    return any(word.endswith(m) and len(word) - len(m) >= 3 for m in GLUED_MEASURES)


def is_person_table(table: tuple[str, ...]) -> bool:
    if not table:
        return False
    w = table[-1]
    return w in PERSON_TABLES or singular(w) in PERSON_TABLES or _person_form(w)


@lru_cache(maxsize=4096)
def _person_form(word: str) -> bool:
    """dipendenti, medlemmar: a form of a person word the lemma rules do not know."""
    return any(_inflected(word, p) for p in PERSON_TABLES)


def person_role(parsed: Parsed) -> str | None:
    for w in parsed.base:
        if w in PERSON_ROLES or w in HIERARCHY_ROLES:
            return w
    return None


# A city's roles for a country, a state or a region (the world sample's country.Capital, a
# state's capital_city_id), in several languages; they point at whichever table holds cities.
CITY_ROLES = frozenset({"capital", "hauptstadt", "capitale", "capitol", "hoofdstad", "huvudstad", "hovedstad", "stolica",
                        "stolitsa", "baskent", "pealinn", "paitaupunki"})
CITY_TABLES = frozenset({"city", "town", "ciudad", "ville", "stadt", "citta", "cidade", "stad", "miasto", "municipality",
                         "municipio", "localidad", "gemeinde", "kommune", "comune", "commune"})


def city_role(parsed: Parsed) -> str | None:
    return next((w for w in parsed.base if w in CITY_ROLES), None)


def is_city_table(table: tuple[str, ...]) -> bool:
    return bool(table) and (table[-1] in CITY_TABLES or singular(table[-1]) in CITY_TABLES or lemma(table[-1]) in
                            {lemma(w) for w in CITY_TABLES})


def self_role(parsed: Parsed, own_table: tuple[str, ...]) -> str | None:
    """parent_id, parent_category_id (in category), previous_version_id (in version)."""
    if not parsed.base or parsed.base[0] not in SELF_WORDS:
        return None
    rest = parsed.base[1:]
    return parsed.base[0] if not rest or rest == own_table or "".join(rest) == "".join(own_table) else None


@lru_cache(maxsize=1 << 16)  # pure; asked per key and per candidate column
def key_named_for(key_words: tuple[str, ...], table: tuple[str, ...]) -> bool:
    """A key called `id`, `code`, or after its own table (`customer_id`, `custkey` in customer)."""
    if len(key_words) == 1 and key_words[0] in GENERIC_KEY:
        return True
    if len(key_words) >= 2 and key_words[-1] in STRONG_ID | WEAK_ID:
        sig = table_signal(tuple(singular(w) for w in key_words[:-1]), table)
        return sig is not None and sig.rule in ("table_name", "abbreviated_table_name", "table_name_prefix", "table_abbreviation")
    return False
