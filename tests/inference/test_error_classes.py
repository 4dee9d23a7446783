"""One small database per error class of relationship inference, each in more than one language:
role names carried by data (and the decoy guard), text and UUID keys, plural/singular beyond
English, shared-primary-key subtypes, composite references checked with data, and sibling fact
tables that must point at their dimension rather than at each other. Primary keys are declared,
foreign keys are not; every database goes through the real profiler."""

from __future__ import annotations

import uuid

import pytest

from passes.join_names import lemma, parse_reference, table_signal
from tests.inference.build import edges, infer, sqlite_db

PEOPLE = [(i, f"person {i}") for i in range(1, 19)]

ROLE_NAMES = {
    "en": dict(people="employees", pk="id", name="name", cases="returns", role="handled_by", status="status", lookup="channels"),
    "de": dict(people="mitarbeiter", pk="id", name="name", cases="retouren", role="bearbeitet_von", status="zustand", lookup="kanaele"),
    "es": dict(people="empleados", pk="id_empleado", name="nombre", cases="devoluciones", role="atendido_por", status="estado",
               lookup="canales"),
}


def _roles(tmp_path, w):
    return sqlite_db(tmp_path / "roles.sqlite", {
        w["people"]: (f'"{w["pk"]}" INTEGER PRIMARY KEY, "{w["name"]}" TEXT', PEOPLE),
        w["lookup"]: (f'id INTEGER PRIMARY KEY, "{w["name"]}" TEXT', [(i, f"c{i}") for i in range(1, 7)]),
        w["cases"]: (f'id INTEGER PRIMARY KEY, "{w["role"]}" INTEGER, "{w["status"]}" INTEGER',
                     [(i, 1 + (i * 7) % 18, 1 + i % 5) for i in range(1, 151)]),
    })


@pytest.mark.parametrize("lang", sorted(ROLE_NAMES))
def test_role_name_joined_by_its_values(tmp_path, lang):
    """`handled_by` says nothing of employees; its 18 values fill the 18-row key exactly. The
    status codes 1-5 fit the 6-row lookup table as well, but five small integers prove nothing."""
    w = ROLE_NAMES[lang]
    model, _ = infer(_roles(tmp_path, w))
    assert edges(model) == {(w["cases"], w["role"], w["people"], w["pk"])}
    rel = model.relationships[0]
    assert rel.confidence >= 0.8 and "rule: infer_relationships.values_contained" in rel.evidence


def test_integer_measure_inside_a_bigger_key_is_not_a_join(tmp_path):
    """errors 1..20 sit inside a 30-row team key but use two thirds of it: not a reference."""
    path = sqlite_db(tmp_path / "decoy.sqlite", {
        "mannschaften": ("id INTEGER PRIMARY KEY, name TEXT", [(i, f"t{i}") for i in range(1, 31)]),
        "feldstatistiken": ("id INTEGER PRIMARY KEY, mannschaft_id INTEGER, fehler INTEGER",
                            [(i, 1 + i % 30, 1 + (i * 3) % 20) for i in range(1, 400)]),
    })
    model, _ = infer(path)
    assert edges(model) == {("feldstatistiken", "mannschaft_id", "mannschaften", "id")}


def _uuids(n, seed):
    return [str(uuid.UUID(int=(seed << 64) + i * 7919, version=4)) for i in range(n)]


@pytest.mark.parametrize("lang,users,role,events", [
    ("en", "app_users", "actor", "events"),
    ("nl", "gebruikers", "eigenaar", "werkruimtes"),
])
def test_uuid_role_found_in_one_key_only(tmp_path, lang, users, role, events):
    ids = _uuids(60, 1)
    other = _uuids(40, 2)
    path = sqlite_db(tmp_path / "saas.sqlite", {
        users: ("id CHAR(36) PRIMARY KEY, email TEXT", [(u, f"{i}@x.org") for i, u in enumerate(ids)]),
        "teams": ("id CHAR(36) PRIMARY KEY, name TEXT", [(u, f"t{i}") for i, u in enumerate(other)]),
        events: (f"id INTEGER PRIMARY KEY, {role} CHAR(36)", [(i, ids[(i * 5) % 50]) for i in range(300)]),
    })
    model, _ = infer(path)
    assert edges(model) == {(events, role, users, "id")}


@pytest.mark.parametrize("staff,login,first,referrer", [
    ("staff", "username", "first_name", "invited_by"),
    ("personal", "benutzername", "vorname", "eingeladen_von"),
])
def test_copies_within_one_table_are_not_a_self_reference(tmp_path, staff, login, first, referrer):
    """A login equal to the first name shares every value with it, in any small table; that is a
    copy, not a reference. A role column whose values land on the table's own key is one."""
    names = [f"n{i}" for i in range(30)]
    path = sqlite_db(tmp_path / "staff.sqlite", {
        staff: (f'id INTEGER PRIMARY KEY, "{login}" TEXT UNIQUE, "{first}" TEXT, "{referrer}" INTEGER',
                [(i + 1, n, n, None if i < 2 else 1 + (i * 7) % 29) for i, n in enumerate(names)]),
    })
    model, _ = infer(path)
    assert edges(model) == {(staff, referrer, staff, "id")}


@pytest.mark.parametrize("members,referrer,loans,factor", [
    ("members", "referred_by", "loans", "divided_by"),
    ("soci", "presentato_da", "prestiti", "diviso_da"),
    ("medlemmar", "rekommenderad_av", "lan", "delat_av"),
    ("mitglieder", "geworben_von", "ausleihen", "geteilt_von"),
])
def test_role_named_by_a_preposition_found_by_its_values(tmp_path, members, referrer, loans, factor):
    """A third of the members referred others: too few of the key's values for values alone, but
    spread over the whole key while the loans' key is five times longer. A number named `..._by`
    that takes four values is no reference."""
    path = sqlite_db(tmp_path / "club.sqlite", {
        members: (f'id INTEGER PRIMARY KEY, name TEXT, "{referrer}" INTEGER, "{factor}" INTEGER',
                  [(i, f"m{i}", None if i % 3 else 1 + (i * 37) % 299, 1 + i % 4) for i in range(1, 301)]),
        loans: ("id INTEGER PRIMARY KEY, note TEXT", [(i, f"l{i}") for i in range(1, 1501)]),
    })
    model, _ = infer(path)
    assert edges(model) == {(members, referrer, members, "id")}
    assert "rule: infer_relationships.role_values_contained" in model.relationships[0].evidence


@pytest.mark.parametrize("people,boss,stores", [
    ("mitarbeiter", "vorgesetzter", "filialen"),
    ("empleados", "jefe", "tiendas"),
    ("medewerkers", "leidinggevende", "winkels"),
    ("dipendenti", "responsabile", "negozi"),
])
def test_managers_named_in_other_languages(tmp_path, people, boss, stores):
    """Five managers among 40 people: too few values to decide by data, so the word decides, in
    the people's own table (the org chart) and in a table of stores (the person in charge)."""
    path = sqlite_db(tmp_path / "org.sqlite", {
        people: (f'id INTEGER PRIMARY KEY, name TEXT, "{boss}" INTEGER',
                 [(i, f"p{i}", None if i <= 5 else 1 + i % 5) for i in range(1, 41)]),
        stores: (f'id INTEGER PRIMARY KEY, name TEXT, "{boss}" INTEGER', [(i, f"s{i}", 1 + i % 5) for i in range(1, 9)]),
    })
    model, _ = infer(path)
    assert edges(model) == {(people, boss, people, "id"), (stores, boss, people, "id")}


@pytest.mark.parametrize("runs,course,start,enrolments", [
    ("course_runs", "course", "start_date", "enrolments"),
    ("uitvoeringen", "cursus", "begindatum", "inschrijvingen"),
])
def test_composite_key_with_a_date_part(tmp_path, runs, course, start, enrolments):
    """A course run is keyed by the course and its start date; enrolments point at the run. The
    date is no key alone, but it is half of this one; the data confirm the pair."""
    import datetime as dt

    days = [dt.date(2024, 1, 1) + dt.timedelta(days=7 * i) for i in range(12)]
    run_rows = [(f"C{c}", d.isoformat(), f"room {c}") for c in range(1, 6) for d in days[c:c + 6]]
    path = sqlite_db(tmp_path / "courses.sqlite", {
        runs: (f'"{course}" TEXT, "{start}" DATE, place TEXT, PRIMARY KEY ("{course}", "{start}")', run_rows),
        enrolments: (f'student INTEGER, "{course}" TEXT, "{start}" DATE, grade INTEGER, PRIMARY KEY (student, "{course}", "{start}")',
                     [(s, *run_rows[(s * 7) % len(run_rows)][:2], 1 + s % 5) for s in range(1, 200)]),
    })
    model, _ = infer(path)
    rel = next(r for r in model.relationships if r.from_.table == enrolments and len(r.from_.columns) == 2)
    assert (rel.to.table, tuple(rel.to.columns)) == (runs, (course, start))
    assert any("containment" in e and "100.0%" in e for e in rel.evidence)


@pytest.mark.parametrize("products,pk,stock,lines,ref", [
    ("products", "product_id", "stock", "order_lines", "product_id"),
    ("Produkte", "ProduktID", "Lagerbestand", "Bestellpositionen", "FK_ProduktID"),
])
def test_a_reference_points_at_the_table_it_names_not_at_an_extension(tmp_path, products, pk, stock, lines, ref):
    """The stock table is keyed by the product's key (one row per product): order lines name the
    products, and hold values found in both keys; they point at the products."""
    path = sqlite_db(tmp_path / "shop.sqlite", {
        products: (f'"{pk}" INTEGER PRIMARY KEY, name TEXT', [(i, f"p{i}") for i in range(1, 41)]),
        stock: (f'"{ref}" INTEGER PRIMARY KEY, units INTEGER', [(i, i * 3 % 17) for i in range(1, 41)]),
        lines: (f'id INTEGER PRIMARY KEY, "{ref}" INTEGER, qty INTEGER', [(i, 1 + i * 7 % 40, 1 + i % 4) for i in range(1, 300)]),
    })
    model, _ = infer(path)
    assert edges(model) == {(stock, ref, products, pk), (lines, ref, products, pk)}


@pytest.mark.parametrize("qty", ["ps_availqty", "ps_supplycost", "VerfuegbarQty"])
def test_a_glued_quantity_that_fills_a_keys_range_is_no_reference(tmp_path, qty):
    """At TPC-H scale 1 the available quantities 1..9,999 fill the 10,000 suppliers' key range:
    the name (a quantity, a cost glued to its qualifier) says they are values, not suppliers."""
    path = sqlite_db(tmp_path / "parts.sqlite", {
        "supplier": ("s_suppkey INTEGER PRIMARY KEY, s_name TEXT", [(i, f"s{i}") for i in range(1, 101)]),
        "partsupp": (f"ps_partkey INTEGER, ps_suppkey INTEGER, {qty} INTEGER, PRIMARY KEY (ps_partkey, ps_suppkey)",
                     [(p, 1 + (p * 13 + k) % 100, 1 + (p * 7 + k * 31) % 99) for p in range(1, 120) for k in range(4)]),
    })
    model, _ = infer(path)
    assert ("partsupp", qty, "supplier", "s_suppkey") not in edges(model)
    assert ("partsupp", "ps_suppkey", "supplier", "s_suppkey") in edges(model)


@pytest.mark.parametrize("lines,col,products,key", [
    ("order_lines", "product_sku", "products", "sku"),
    ("lignes_commande", "produit_reference", "produits", "reference"),
])
def test_text_key_that_is_not_the_primary_key(tmp_path, lines, col, products, key):
    path = sqlite_db(tmp_path / "sku.sqlite", {
        products: (f"id INTEGER PRIMARY KEY, {key} VARCHAR(12), price NUMERIC(8,2)", [(i, f"SKU-{i:05d}", 2.5 * i) for i in range(1, 81)]),
        lines: (f"id INTEGER PRIMARY KEY, {col} VARCHAR(12), quantity INTEGER",
                [(i, f"SKU-{1 + (i * 13) % 80:05d}", 1 + i % 4) for i in range(1, 500)]),
    })
    model, _ = infer(path)
    assert edges(model) == {(lines, col, products, key)}


@pytest.mark.parametrize("plural,single", [
    ("kunden", "kunde"), ("haustiere", "haustier"), ("proveedores", "proveedor"), ("suscripciones", "suscripcion"),
    ("animaux", "animal"), ("devolucoes", "devolucao"), ("animais", "animal"), ("facturen", "factuur"),
    ("categorieen", "categorie"), ("categories", "category"), ("klanten", "klant"), ("bestellungen", "bestellung"),
    ("customers", "customer"), ("addresses", "address"),
])
def test_plural_and_singular_meet_in_several_languages(plural, single):
    assert lemma(plural) == lemma(single)
    parsed = parse_reference(f"{single}_id")
    assert table_signal(parsed.base, (plural,)).rule == "table_name"


@pytest.mark.parametrize("name,table,rule", [
    ("id_cliente", ("clientes",), "table_name"),
    ("id_equipo_local", ("equipos",), "role_and_table_name"),
    ("codigo_empleado_rep_ventas", ("empleados",), "role_and_table_name"),  # a code word first, as an id word
    ("numero_de_pedido_origen", ("pedidos",), "role_and_table_name"),
    ("assistierende_krankenschwester_id", ("krankenschwestern",), "role_and_table_name"),
    ("FK_ProduktID", ("produkte",), "table_name"),  # the constraint's mark is no part of the name
])
def test_identifier_first_and_role_words(name, table, rule):
    parsed = parse_reference(name)
    assert table_signal(parsed.base, table, parsed.first).rule == rule


def test_unrelated_words_do_not_meet():
    assert lemma("kunde") != lemma("kanal") and lemma("order") != lemma("orden")


@pytest.mark.parametrize("parent,pk,child,child_pk", [
    ("Employee", "EmployeeId", "Nurse", "EmployeeId"),
    ("employes", "id_employe", "infirmieres", "id_employe"),
    ("mitarbeiter", "id", "einstellungen", "mitarbeiter_id"),
])
def test_subtype_sharing_its_parents_key(tmp_path, parent, pk, child, child_pk):
    path = sqlite_db(tmp_path / "subtype.sqlite", {
        parent: (f"{pk} INTEGER PRIMARY KEY, name TEXT", [(i, f"e{i}") for i in range(1, 41)]),
        child: (f"{child_pk} INTEGER PRIMARY KEY, grade INTEGER", [(i, 1 + i % 3) for i in range(3, 40, 3)]),
    })
    model, _ = infer(path)
    assert edges(model) == {(child, child_pk, parent, pk)}
    assert model.relationships[0].cardinality == "one_to_one"


def _school(tmp_path, names, orphans=False):
    offerings = [(c, t) for c in range(1, 16) for t in range(1, 6) if (c + t) % 3]
    rows = [(s, *offerings[(s * 7) % len(offerings)], 1 + s % 5) for s in range(1, 300)]
    if orphans:
        rows = [(s, c, 9 if s % 2 else t, g) for s, c, t, g in rows]  # term 9 offers nothing
    n = names
    return sqlite_db(tmp_path / "school.sqlite", {
        n["courses"]: (f"{n['course']} INTEGER PRIMARY KEY, title TEXT", [(i, f"c{i}") for i in range(1, 16)]),
        n["terms"]: (f"{n['term']} INTEGER PRIMARY KEY, label TEXT", [(i, f"t{i}") for i in range(1, 10)]),
        n["offerings"]: (f"{n['course']} INTEGER, {n['term']} INTEGER, PRIMARY KEY ({n['course']}, {n['term']})", offerings),
        n["enrollments"]: (f"id INTEGER PRIMARY KEY, {n['course']} INTEGER, {n['term']} INTEGER, grade INTEGER", rows),
    })


SCHOOL = {
    "en": dict(courses="courses", course="course_id", terms="terms", term="term_id", offerings="course_offerings",
               enrollments="enrollments"),
    "pt": dict(courses="cursos", course="curso_id", terms="semestres", term="semestre_id", offerings="ofertas_curso",
               enrollments="matriculas"),
}


@pytest.mark.parametrize("lang", sorted(SCHOOL))
def test_composite_reference_checked_with_data(tmp_path, lang):
    n = SCHOOL[lang]
    model, _ = infer(_school(tmp_path, n))
    pair = f"{n['course']},{n['term']}"
    assert (n["enrollments"], pair, n["offerings"], pair) in edges(model)
    (tmp_path / "school.sqlite").unlink()
    model, _ = infer(_school(tmp_path, n, orphans=True))
    assert (n["enrollments"], pair, n["offerings"], pair) not in edges(model), "half the pairs have no offering"


SIBLINGS = {
    "en": dict(players="players", player="player_id", year="year", stint="stint", facts=("batting", "fielding", "pitching")),
    "de": dict(players="spieler", player="spieler_id", year="jahr", stint="abschnitt",
               facts=("schlagstatistiken", "feldstatistiken", "wurfstatistiken")),
}


@pytest.mark.parametrize("lang", sorted(SIBLINGS))
def test_sibling_facts_point_at_the_dimension_not_at_each_other(tmp_path, lang):
    n = SIBLINGS[lang]
    keys = sorted({(1 + (i * 11) % 200, 2001 + i % 9, 1 + i % 2) for i in range(900)})
    tables = {n["players"]: (f"{n['player']} INTEGER PRIMARY KEY, name TEXT", [(i, f"p{i}") for i in range(1, 201)])}
    for k, fact in enumerate(n["facts"]):
        rows = [(*key, (i * 7) % 90) for i, key in enumerate(keys) if k == 0 or i % (k + 1)]
        tables[fact] = (f"{n['player']} INTEGER, {n['year']} INTEGER, {n['stint']} INTEGER, hits INTEGER, "
                        f"PRIMARY KEY ({n['player']}, {n['year']}, {n['stint']})", rows)
    model, _ = infer(sqlite_db(tmp_path / "stats.sqlite", tables))
    assert edges(model) == {(fact, n["player"], n["players"], n["player"]) for fact in n["facts"]}


@pytest.mark.parametrize("column,table", [("filiale_id", "filiali"), ("medlem_id", "medlemmar"), ("BibliotecarioId", "bibliotecari")])
def test_endings_of_languages_without_rules_still_meet(column, table):
    parsed = parse_reference(column)
    assert table_signal(parsed.base, (table,)).rule in ("table_name", "inflected_table_name")


@pytest.mark.parametrize("column,table", [("state_id", "statuses"), ("kunde_id", "kanaele"), ("product_id", "production")])
def test_different_words_are_not_endings_of_one(column, table):
    parsed = parse_reference(column)
    sig = table_signal(parsed.base, (table,))
    assert sig is None or sig.rule not in ("table_name", "inflected_table_name")


@pytest.mark.parametrize("lang,vendors,prefix,orders,ref", [
    ("en", "vendors", "vnd", "purchase_orders", "vnd_id"),
    ("de", "lieferanten", "lfr", "bestellungen", "haupt_lfr_id"),
])
def test_abbreviation_learned_from_the_tables_own_columns(tmp_path, lang, vendors, prefix, orders, ref):
    """`vnd_` prefixes every column of vendors: the schema says vnd means vendor. Without data
    (names only) the join still comes from that, not from letters that merely appear in order."""
    path = sqlite_db(tmp_path / "abbr.sqlite", {
        vendors: (f"{prefix}_id INTEGER PRIMARY KEY, {prefix}_name TEXT, {prefix}_city TEXT",
                  [(i, f"v{i}", "x") for i in range(1, 31)]),
        orders: (f"id INTEGER PRIMARY KEY, {ref} INTEGER, total NUMERIC(8,2)", [(i, 1 + i % 30, 1.5) for i in range(1, 300)]),
    })
    model, _ = infer(path, profile=False)
    assert edges(model) == {(orders, ref, vendors, f"{prefix}_id")}
    assert "learned_abbreviation" in model.relationships[0].evidence[-1]


@pytest.mark.parametrize("orphans, joined", [(2, True), (8, False)])
def test_text_codes_found_in_one_key_join_despite_a_few_orphans(tmp_path, orphans, joined):
    """A flight's origin and destination codes name no table; all origins and 28 of 30
    destinations are in the airports list (two airports missing from it): both are joins, as a
    developer writes them. With 8 of 30 missing, chance is no longer the only doubt: no join."""
    codes = [f"A{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(60)]
    airports = [(c, f"airport {c}") for c in codes[: 40]]
    dests = codes[10: 38] + [f"Z{i:02d}" for i in range(orphans)] if orphans == 2 else codes[10: 32] + [f"Z{i:02d}" for i in range(orphans)]
    flights = [(i, codes[i % 3], dests[i % len(dests)], 100 + i % 50) for i in range(600)]
    path = sqlite_db(tmp_path / "flights.sqlite", {
        "airports": ("faa TEXT PRIMARY KEY, name TEXT", airports),
        "flights": ("id INTEGER PRIMARY KEY, origin TEXT, dest TEXT, distance INTEGER", flights),
    })
    model, _ = infer(path)
    want = {("flights", "origin", "airports", "faa")} | ({("flights", "dest", "airports", "faa")} if joined else set())
    assert edges(model) == want


def test_sibling_code_lists_are_not_joined_by_overlapping_values(tmp_path):
    """French regions and departments each have their own unique code and capital (a town code);
    the region codes 01-26 are among the department codes 01-95 and the region capitals among the
    department capitals, by construction. Only a department's region refers to anything."""
    regions = [(i, f"{i:02d}", f"{i:02d}0{i:02d}", f"region {i}") for i in range(1, 27)]
    departments = [(i, f"{i:02d}", f"{i:02d}0{i:02d}", f"{1 + i % 26:02d}", f"departement {i}") for i in range(1, 96)]
    path = sqlite_db(tmp_path / "france.sqlite", {
        "regions": ("id INTEGER PRIMARY KEY, code TEXT, capital TEXT, name TEXT", regions),
        "departments": ("id INTEGER PRIMARY KEY, code TEXT, capital TEXT, region TEXT, name TEXT", departments),
    })
    model, _ = infer(path)
    assert edges(model) == {("departments", "region", "regions", "code")}


@pytest.mark.parametrize("state, code, joined", [("home_state_latest", None, False), ("state_code", None, False),
                                                  ("code", "code", True)])
def test_an_attribute_unique_among_a_few_rows_is_not_a_key(tmp_path, state, code, joined):
    """Six users live in six states: the state is unique in that table by chance, and a daily
    snapshot's states are among them. Named as the code of a state it is still the state each user
    lives in, no key of the users; named as the table's own code it is its second key."""
    states = ["CA", "WA", "TX", "HI", "MD", "NY"]
    users = [(f"u{i:04d}", states[i]) for i in range(6)]
    snapshots = [(i, f"u{i % 6:04d}", states[(i * 5) % 6]) for i in range(40)]
    path = sqlite_db(tmp_path / "users.sqlite", {
        "users_latest": (f"user_id TEXT PRIMARY KEY, {state} TEXT", users),
        "user_snapshots": ("id INTEGER PRIMARY KEY, user_id TEXT, home_state TEXT", snapshots),
    })
    model, _ = infer(path)
    want = {("user_snapshots", "user_id", "users_latest", "user_id")}
    assert edges(model) == want | ({("user_snapshots", "home_state", "users_latest", code)} if joined else set())


@pytest.mark.parametrize("other_id, joined", [("bbref_id", False), ("referred_by", True)])
def test_a_second_register_of_ids_is_not_a_self_reference(tmp_path, other_id, joined):
    """Players keyed by one register's ids carry another register's id for each of them, equal to
    the key on most rows and different on every row: the player named again, not a reference. A
    name that says it is a role (referred_by) keeps the reference, whatever the values."""
    ids = [f"{chr(97 + i % 26)}{chr(97 + (i // 26) % 26)}lastn{i:02d}" for i in range(200)]
    rows = [(pid, (f"{pid[:-2]}qq" if i % 40 == 0 else pid) if i > 2 else None, f"player {i}") for i, pid in enumerate(ids)]
    path = sqlite_db(tmp_path / "players.sqlite", {"people": (f'player_id TEXT PRIMARY KEY, "{other_id}" TEXT, name TEXT', rows)})
    model, _ = infer(path)
    assert edges(model) == ({("people", other_id, "people", "player_id")} if joined else set())


@pytest.mark.parametrize("second_address, joined", [(False, True), (True, False)])
def test_a_key_named_by_its_tables_head_word_or_initials(tmp_path, second_address, joined):
    """TPC-DS names no table `addr` or `cdemo`: ss_addr_sk is the customer_address, the only table
    whose head word is address, and cs_bill_cdemo_sk a bill role of customer_demographics (its
    initial and the start of its head). With a second table of addresses the word names neither;
    claim_coverage, keyed by the claim's key, is no coverage a column could name."""
    tables = {
        "customer_address": ("ca_address_sk INTEGER PRIMARY KEY, ca_city TEXT", []),
        "customer_demographics": ("cd_demo_sk INTEGER PRIMARY KEY, cd_gender TEXT", []),
        "claim": ("claim_id INTEGER PRIMARY KEY, opened DATE", []),
        "claim_coverage": ("claim_id INTEGER PRIMARY KEY, coverage_limit NUMERIC", []),
        "store_sales": ("ss_ticket_number INTEGER PRIMARY KEY, ss_addr_sk INTEGER, ss_bill_cdemo_sk INTEGER, "
                        "ss_coverage_id INTEGER, ss_net_paid NUMERIC", []),
    }
    if second_address:
        tables["store_address"] = ("sa_address_sk INTEGER PRIMARY KEY, sa_city TEXT", [])
    model, _ = infer(sqlite_db(tmp_path / "ds.sqlite", tables), profile=False)
    got = {e for e in edges(model) if e[0] == "store_sales"}
    want = {("store_sales", "ss_bill_cdemo_sk", "customer_demographics", "cd_demo_sk")}
    assert got == want | ({("store_sales", "ss_addr_sk", "customer_address", "ca_address_sk")} if joined else set())


HISTORIES = {
    "en": dict(people="employees", person="emp_no", salaries="salaries", salary="salary", titles="titles", title="title",
               start="from_date", end="to_date", posts="dept_manager", dept="dept_no"),
    "de": dict(people="mitarbeiter", person="personal_nr", salaries="gehaelter", salary="gehalt", titles="positionen",
               title="bezeichnung", start="gueltig_von", end="gueltig_bis", posts="abteilungsleitung", dept="abteilung_nr"),
}


def _histories(tmp_path, n, review_day_only=False):
    """Each person's salaries change every year from the hire day; titles change at the hire day
    and at two of every three promotions, on a day of their own: nine in ten title rows share a
    start day with a salary row, by coincidence. Thirty people have led a department, one each."""
    import datetime as dt

    hired = {p: dt.date(2000, 1, 1) + dt.timedelta(days=37 * p) for p in range(1, 121)}
    salaries, titles = [], []
    for p, day in hired.items():
        for year in range(6):
            start = day.replace(year=day.year + year)
            salaries.append((p, 40000 + 1000 * year + p, start.isoformat(), start.replace(year=start.year + 1).isoformat()))
        titles.append((p, "engineer", day.isoformat(), day.replace(year=day.year + 3).isoformat()))
        later = day.replace(year=day.year + 3) + dt.timedelta(days=0 if p % 3 or review_day_only else 11)
        titles.append((p, "senior engineer", later.isoformat(), "9999-01-01"))
    return sqlite_db(tmp_path / "hr.sqlite", {
        n["people"]: (f'"{n["person"]}" INTEGER PRIMARY KEY, name TEXT', [(p, f"person {p}") for p in hired]),
        n["salaries"]: (f'"{n["person"]}" INTEGER, "{n["salary"]}" INTEGER, "{n["start"]}" DATE, "{n["end"]}" DATE, '
                        f'PRIMARY KEY ("{n["person"]}", "{n["start"]}")', salaries),
        n["titles"]: (f'"{n["person"]}" INTEGER, "{n["title"]}" TEXT, "{n["start"]}" DATE, "{n["end"]}" DATE, '
                      f'PRIMARY KEY ("{n["person"]}", "{n["title"]}", "{n["start"]}")', titles),
        n["posts"]: (f'"{n["person"]}" INTEGER, "{n["dept"]}" TEXT, PRIMARY KEY ("{n["person"]}", "{n["dept"]}")',
                     [(p, f"d{p % 6}") for p in range(1, 31)]),
    })


@pytest.mark.parametrize("lang", sorted(HISTORIES))
def test_two_histories_of_one_person_are_not_joined_on_a_start_day_they_share_by_chance(tmp_path, lang):
    """A title row is no salary row's child because nine in ten of their start days coincide: a
    date in a composite reference proves the join only when every value is found. And a column
    that is part of its table's composite key repeats, whatever thirty rows show: many-to-one."""
    n = HISTORIES[lang]
    model, _ = infer(_histories(tmp_path, n))
    assert edges(model) == {(n["salaries"], n["person"], n["people"], n["person"]),
                            (n["titles"], n["person"], n["people"], n["person"]),
                            (n["posts"], n["person"], n["people"], n["person"])}
    post = next(r for r in model.relationships if r.from_.table == n["posts"])
    assert post.cardinality == "many_to_one"


@pytest.mark.parametrize("lang", sorted(HISTORIES))
def test_histories_whose_periods_all_start_together_are_still_not_joined(tmp_path, lang):
    """Promotions only ever take effect on the pay review day: every title row's start day is a
    salary row's, yet a title is no salary row's child. Both dates open a period their table's
    end closes; two histories of one person are joined through the person, not their starts."""
    n = HISTORIES[lang]
    model, _ = infer(_histories(tmp_path, n, review_day_only=True))
    assert edges(model) == {(n["salaries"], n["person"], n["people"], n["person"]),
                            (n["titles"], n["person"], n["people"], n["person"]),
                            (n["posts"], n["person"], n["people"], n["person"])}


def test_a_view_is_keyed_by_its_rows_and_no_table_extends_it(tmp_path):
    """A view of each employee's current post: the profiler reads it whole, so its unique column is
    its key (Cube drops a keyless cube's joins); it extends the employees, never the reverse, though
    both hold one row per employee."""
    import sqlite3

    path = sqlite_db(tmp_path / "posts.sqlite", {
        "employees": ("emp_no INTEGER PRIMARY KEY, name TEXT", [(p, f"person {p}") for p in range(1, 41)]),
        "departments": ("dept_no TEXT PRIMARY KEY, dept_name TEXT", [(f"d{d}", f"dept {d}") for d in range(5)]),
        "posts": ("emp_no INTEGER, dept_no TEXT, from_date DATE, to_date DATE, PRIMARY KEY (emp_no, dept_no)",
                  [(p, f"d{p % 5}", "2020-01-01", "2021-01-01") for p in range(1, 41)]
                  + [(p, f"d{(p + 1) % 5}", "2021-01-01", None) for p in range(1, 41)]),
    })
    con = sqlite3.connect(path)
    con.execute("CREATE VIEW current_post AS SELECT emp_no, dept_no, from_date FROM posts WHERE to_date IS NULL")
    con.commit()
    con.close()
    model, _ = infer(path)
    view = next(e for e in model.entities if e.name == "current_post")
    assert view.row_count == 40 and view.primary_key == ["emp_no"]
    assert ("current_post", "emp_no", "employees", "emp_no") in edges(model)
    assert not any(r.from_.table == "employees" for r in model.relationships)


@pytest.mark.parametrize("ref,owner,begun", [
    ("fahrer_id", "treiber", "fahrerstand"),  # drivers, whose key a standings table's name begins with
    ("kunden_id", "klienten", "kundenstamm"),
])
def test_a_table_the_name_only_begins_lends_no_key_to_borrow(tmp_path, ref, owner, begun):
    """The column is named exactly as one table's key; another table's glued name merely begins with
    the column's stem (and is keyed by an id of its own). The key's owner is the reference."""
    path = sqlite_db(tmp_path / "stem.sqlite", {
        owner: (f'"{ref}" INTEGER PRIMARY KEY, name TEXT', [(i, f"o{i}") for i in range(1, 31)]),
        begun: (f'id INTEGER PRIMARY KEY, "{ref}" INTEGER, punkte INTEGER', [(i, 1 + i % 30, i % 7) for i in range(1, 61)]),
        "ergebnisse": (f'id INTEGER PRIMARY KEY, "{ref}" INTEGER, wert INTEGER', [(i, 1 + (i * 7) % 30, i % 9) for i in range(1, 201)]),
    })
    model, _ = infer(path)
    assert ("ergebnisse", ref, owner, ref) in edges(model)


@pytest.mark.parametrize("code,desc", [("category_code", "category_description"), ("merkmalsartcode", "merkmalsartbeschreibung")])
def test_a_lookups_description_that_repeats_its_codes_is_no_self_reference(tmp_path, code, desc):
    """Three categories described by their own codes: a copy, not a parent code; the products
    that name a category by its code still join the lookup."""
    path = sqlite_db(tmp_path / "codes.sqlite", {
        "categories": (f'"{code}" TEXT PRIMARY KEY, "{desc}" TEXT', [("Spices", "Spices"), ("Herbs", "Herbs"), ("Seeds", "Seeds")]),
        "products": (f'id INTEGER PRIMARY KEY, "{code}" TEXT, name TEXT',
                     [(i, ["Spices", "Herbs", "Seeds"][i % 3], f"p{i}") for i in range(1, 40)]),
    })
    model, _ = infer(path)
    assert edges(model) == {("products", code, "categories", code)}


@pytest.mark.parametrize("ordinal", ["lap", "round", "inning"])
def test_which_one_of_a_series_is_no_reference_by_its_values(tmp_path, ordinal):
    """Pit stops on laps 1..70 of 70-odd-lap races: the lap numbers fill a 75-row circuit key's
    range by chance; the name says which lap, not which circuit."""
    path = sqlite_db(tmp_path / "stops.sqlite", {
        "circuits": ("circuitId INTEGER PRIMARY KEY, name TEXT", [(i, f"c{i}") for i in range(1, 76)]),
        "races": ("raceId INTEGER PRIMARY KEY, circuitId INTEGER", [(r, 1 + r % 75) for r in range(1, 41)]),
        "pit_stops": (f'raceId INTEGER, stop INTEGER, "{ordinal}" INTEGER, milliseconds INTEGER',
                      [(1 + i % 40, 1 + i % 3, 1 + i % 70, 22000 + i) for i in range(600)]),
    })
    model, _ = infer(path)
    assert not any(r.from_.columns == [ordinal] for r in model.relationships), edges(model)


def _stamped(path):
    """Every table carries `rowguid`, a UUID unique on each row (DuckDB's UUID type)."""
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("""
        create table business_entity (BusinessEntityID integer, rowguid uuid);
        insert into business_entity select i, uuid() from range(1, 61) t(i);
        create table store (BusinessEntityID integer, name varchar, rowguid uuid);
        insert into store select i, 's' || i, uuid() from range(1, 31) t(i);
        create table location (LocationID integer, name varchar, rowguid uuid);
        insert into location select i, 'l' || i, uuid() from range(1, 9) t(i);
        create table product (ProductID integer, name varchar, rowguid uuid);
        insert into product select i, 'p' || i, uuid() from range(1, 41) t(i);
        create table product_inventory (ProductID integer, LocationID integer, quantity integer, rowguid uuid);
        insert into product_inventory select p, l, (p * l) % 90, uuid() from range(1, 41) a(p), range(1, 5) b(l);
        create table document (DocumentNode varchar primary key, title varchar, rowguid uuid unique);
        insert into document select '/' || i || '/', 'd' || i, uuid() from range(1, 21) t(i);
    """)
    con.close()
    return path


def test_a_row_stamp_many_tables_carry_is_no_key(tmp_path):
    """No table is keyed by its `rowguid` while a column naming a table (the business entity it
    extends) or a pair of references is unique."""
    model, _ = infer(_stamped(tmp_path / "stamps.duckdb"))
    assert model.entity("store").primary_key == ["BusinessEntityID"]
    assert model.entity("product_inventory").primary_key == ["ProductID", "LocationID"]


def test_a_row_stamp_many_tables_carry_is_no_reference(tmp_path):
    """Without data (names and types only), the document table's unique `rowguid` beside its key
    is no target of every other table's `rowguid`."""
    model, _ = infer(_stamped(tmp_path / "stamps.duckdb"), profile=False)
    assert not any("rowguid" in r.from_.columns for r in model.relationships), edges(model)


def test_a_column_named_after_its_own_table_is_no_role_of_another(tmp_path):
    """EmailAddressID numbers a person's e-mail addresses in EmailAddress: no 'email' role of the
    Address table, though its words end like that table's name."""
    path = sqlite_db(tmp_path / "emails.sqlite", {
        "BusinessEntity": ("BusinessEntityID INTEGER PRIMARY KEY", []),
        "Address": ("AddressID INTEGER PRIMARY KEY, City TEXT", []),
        "EmailAddress": ("BusinessEntityID INTEGER, EmailAddressID INTEGER, EmailAddress TEXT, "
                         "PRIMARY KEY (BusinessEntityID, EmailAddressID)", []),
    })
    model, _ = infer(path, profile=False)
    assert edges(model) == {("EmailAddress", "BusinessEntityID", "BusinessEntity", "BusinessEntityID")}


def test_a_count_named_as_the_plural_of_a_key_part_is_no_reference(tmp_path):
    """A sprint result's laps (how many it completed) beside a lap time's lap (which one): every
    count up to a race's last lap is also a lap number, so the values are all found, yet the
    result is no lap's child. Its race and driver are its own keys."""
    import random

    rng = random.Random(7)
    races = [(r, f"race {r}", 50 + r % 20) for r in range(1, 41)]
    drivers = [(d, f"driver {d}") for d in range(1, 21)]
    laps = [(r, d, lap, 80000 + rng.randrange(5000)) for r, _, n in races for d, _ in drivers for lap in range(1, n + 1)]
    results = [(i, r, d, rng.randrange(n // 2, n + 1), rng.choice([0, 1, 2, 3, 8])) for i, ((r, _, n), (d, _))
               in enumerate(((race, drv) for race in races for drv in drivers), 1)]
    model, _ = infer(sqlite_db(tmp_path / "f1.sqlite", {
        "races": ("raceId INTEGER PRIMARY KEY, name TEXT, scheduledLaps INTEGER", races),
        "drivers": ("driverId INTEGER PRIMARY KEY, surname TEXT", drivers),
        "lapTimes": ("raceId INTEGER, driverId INTEGER, lap INTEGER, milliseconds INTEGER, PRIMARY KEY (raceId, driverId, lap)", laps),
        "sprintResults": ("sprintResultId INTEGER PRIMARY KEY, raceId INTEGER, driverId INTEGER, laps INTEGER, points INTEGER", results),
    }))
    assert {e for e in edges(model) if e[0] == "sprintResults"} == {("sprintResults", "raceId", "races", "raceId"),
                                                                  ("sprintResults", "driverId", "drivers", "driverId")}


@pytest.mark.parametrize("name", ["UpVotes", "down_votes", "comments"])
def test_a_count_named_by_the_plural_of_a_table_is_no_reference(tmp_path, name):
    """A user's up votes (how many they cast) beside the votes table keyed 1..n: the name reads as
    an 'up' role of a vote and nearly every count, piled on 0, is some vote's id, yet no user row
    points at one vote. The votes and comments still point at their user."""
    import random

    rng = random.Random(3)
    users = [(u, f"user {u}", min(int(rng.expovariate(1 / 30)), 1500) if u % 3 else 0) for u in range(1, 401)]
    votes = [(v, 1 + (v * 7) % 400) for v in range(1, 2001)]
    comments = [(c, 1 + (c * 11) % 400) for c in range(1, 2001)]
    model, _ = infer(sqlite_db(tmp_path / "site.sqlite", {
        "Users": (f'Id INTEGER PRIMARY KEY, DisplayName TEXT, "{name}" INTEGER', users),
        "Votes": ("Id INTEGER PRIMARY KEY, UserId INTEGER", votes),
        "Comments": ("Id INTEGER PRIMARY KEY, UserId INTEGER", comments),
    }))
    assert edges(model) == {("Votes", "UserId", "Users", "Id"), ("Comments", "UserId", "Users", "Id")}


@pytest.mark.parametrize("alternate, joined", [("promotion_alternate_key", False), ("handled_by", True)])
def test_an_alternate_key_numbering_its_own_rows_refers_to_no_other_key(tmp_path, alternate, joined):
    """Promotions keyed 1..16 carry their source's key, also 1..16, one per row: the row named
    again. Sixteen accounts keyed 1..16 hold those numbers too, by the numbering alone. A column
    that repeats its values (each person handles several cases) still joins by them."""
    accounts = [(i, f"account {i}") for i in range(1, 17)]
    if joined:
        promos = [(i, 1 + (i * 5) % 16, f"promo {i}") for i in range(1, 41)]
    else:
        promos = [(i, i, f"promo {i}") for i in range(1, 17)]
    path = sqlite_db(tmp_path / "dw.sqlite", {
        "accounts": ("account_key INTEGER PRIMARY KEY, description TEXT", accounts),
        "promotions": (f'promotion_key INTEGER PRIMARY KEY, "{alternate}" INTEGER, name TEXT', promos),
    })
    model, _ = infer(path)
    assert edges(model) == ({("promotions", alternate, "accounts", "account_key")} if joined else set())


@pytest.mark.parametrize("words", [("BusinessEntity", "BusinessEntityID", "Person", "Employee", "SalesPerson"),
                                   ("geschaeftspartner", "geschaeftspartner_id", "person", "mitarbeiter", "verkaeufer")])
def test_a_chain_of_subtypes_sharing_one_key_joins_each_to_the_nearest(tmp_path, words):
    """A sales person is an employee, an employee a person, a person a business entity, each keyed
    by the business entity's id. Each key refers to the smallest table keyed alike that holds all
    its values (the kind it is of), not to the root the key is named after."""
    root, key, person, employee, seller = words
    path = sqlite_db(tmp_path / "chain.sqlite", {
        root: (f'"{key}" INTEGER PRIMARY KEY, note TEXT', [(i, f"r{i}") for i in range(1, 301)]),
        person: (f'"{key}" INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT', [(i, f"f{i}", f"l{i}") for i in range(1, 251)]),
        employee: (f'"{key}" INTEGER PRIMARY KEY, job_title TEXT, hire_date DATE',
                   [(i, f"job {i % 7}", f"2008-01-{1 + i % 28:02d}") for i in range(1, 41)]),
        seller: (f'"{key}" INTEGER PRIMARY KEY, sales_quota NUMERIC', [(i, 250000.0) for i in range(30, 41)]),
    })
    model, _ = infer(path)
    assert edges(model) == {(person, key, root, key), (employee, key, person, key), (seller, key, employee, key)}


@pytest.mark.parametrize("lines,item,number,profiles,pages,page_no", [
    ("store_sales", "item_sk", "ticket_number", "household_demographics", "catalog_page", "catalog_page_number"),
    ("ventas", "id_articulo", "numero_ticket", "perfiles_hogar", "pagina_catalogo", "numero_pagina_catalogo"),
    ("verkaeufe", "artikel_id", "bon_nr", "haushaltsprofile", "katalogseite", "katalogseite_nr"),
])
def test_numbers_of_the_rows_own_things_join_nothing_by_their_values(tmp_path, lines, item, number, profiles, pages, page_no):
    """A sale line keyed by item and ticket: tickets 1..140 have no table, and sit in any key
    numbered 1..144 (TPC-DS's household profiles at a small scale); a catalog page's number 1..20
    in its catalog sits in the 20 ship modes' key. Values alone make neither a reference."""
    path = sqlite_db(tmp_path / "ds.sqlite", {
        "items": ("item_key INTEGER PRIMARY KEY, title TEXT", [(i, f"i{i}") for i in range(1, 61)]),
        profiles: ("profile_key INTEGER PRIMARY KEY, band TEXT", [(i, f"b{i % 7}") for i in range(1, 145)]),
        "ship_modes": ("mode_key INTEGER PRIMARY KEY, carrier TEXT", [(i, f"c{i}") for i in range(1, 21)]),
        pages: (f'page_key INTEGER PRIMARY KEY, catalog INTEGER, "{page_no}" INTEGER',
                [(c * 20 + p, c, p) for c in range(6) for p in range(1, 21)]),
        lines: (f'"{item}" INTEGER, "{number}" INTEGER, qty INTEGER, PRIMARY KEY ("{item}", "{number}")',
                [(1 + (t * 7 + k * 13) % 60, t, 1 + (t + k) % 9) for t in range(1, 141) for k in range(3)]),
    })
    model, _ = infer(path)
    got = edges(model)
    assert not {e for e in got if e[1] in (number, page_no)}, got


@pytest.mark.parametrize("small,large,key_small,key_large", [
    ("household_demographics", "customer_demographics", "hd_demo_sk", "cd_demo_sk"),
    ("haushalt_demografie", "kunden_demografie", "hh_demo_sk", "kd_demo_sk"),
])
def test_two_kinds_of_one_thing_keyed_alike_are_siblings(tmp_path, small, large, key_small, key_large):
    """TPC-DS's household and customer demographics are each numbered 1..n by a key read alike
    (demo_sk): two kinds of demographics (one head word, two qualifiers), not one extending the
    other. A table that extends another by its name (film_text beside film) still joins it."""
    p1, p2 = key_small.split("_")[0], key_large.split("_")[0]
    path = sqlite_db(tmp_path / "ds.sqlite", {
        large: (f'"{key_large}" INTEGER PRIMARY KEY, {p2}_gender TEXT, {p2}_dep_count INTEGER',
                [(i, "MF"[i % 2], i % 7) for i in range(1, 337)]),
        small: (f'"{key_small}" INTEGER PRIMARY KEY, {p1}_buy_potential TEXT, {p1}_vehicle_count INTEGER',
                [(i, f"b{i % 6}", i % 5 - 1) for i in range(1, 145)]),
        "film": ("film_id INTEGER PRIMARY KEY, title TEXT", [(i, f"f{i}") for i in range(1, 101)]),
        "film_text": ("film_id INTEGER PRIMARY KEY, description TEXT", [(i, f"d{i}") for i in range(1, 91)]),
    })
    model, _ = infer(path)
    got = edges(model)
    assert not {e for e in got if e[0] in (small, large)}, got
    assert ("film_text", "film_id", "film", "film_id") in got


@pytest.mark.parametrize("shops,own,country,orders,ship_to,staff", [
    ("shops", "shop_code", "country_code", "orders", "shipping_country_code", "staff"),
    ("tiendas", "codigo_tienda", "codigo_pais", "pedidos", "codigo_pais_envio", "empleados"),
])
def test_a_few_rows_each_in_its_own_country_are_no_list_of_countries(tmp_path, shops, own, country, orders, ship_to, staff):
    """Four shops in four countries: the country code is unique on the shops by chance, the code
    of another thing, so orders shipped to those countries do not join the shops by it. The shop's
    own code, unique on as few rows, still keys the shop for the staff who name it."""
    codes = ["US", "DE", "GB", "CA"]
    path = sqlite_db(tmp_path / "shops.sqlite", {
        shops: (f'id INTEGER PRIMARY KEY, "{own}" TEXT, "{country}" TEXT, name TEXT',
                [(i + 1, f"S{i + 1:02d}", c, f"shop {c}") for i, c in enumerate(codes)]),
        orders: (f'id INTEGER PRIMARY KEY, "{ship_to}" TEXT, total REAL',
                 [(i, codes[(i * 7) % 4], 10.0 + i % 90) for i in range(1, 401)]),
        staff: (f'id INTEGER PRIMARY KEY, "{own}" TEXT, name TEXT', [(i, f"S{1 + i % 4:02d}", f"p{i}") for i in range(1, 31)]),
    })
    model, _ = infer(path)
    assert edges(model) == {(staff, own, shops, own)}


@pytest.mark.parametrize("airports, code", [("airports", "iata_code"), ("airports", "icao_code"), ("flughafen", "iata_code")])
def test_a_few_rows_coded_in_a_register_are_keyed_by_that_code(tmp_path, airports, code):
    """Six airports and their IATA codes: the code of the airport itself in a register (IATA,
    ICAO), not of another thing each airport has one of (a country), so the orders' origins,
    all among them, join the airports by it."""
    codes = ["JFK", "LHR", "CDG", "FRA", "NRT", "SFO"]
    path = sqlite_db(tmp_path / "airports.sqlite", {
        airports: (f'id INTEGER PRIMARY KEY, "{code}" TEXT, name TEXT', [(i + 1, c, f"airport {c}") for i, c in enumerate(codes)]),
        "orders": ('id INTEGER PRIMARY KEY, origin_code TEXT, total REAL',
                   [(i, codes[(i * 5) % 6], 10.0 + i % 90) for i in range(1, 401)]),
    })
    model, _ = infer(path)
    assert edges(model) == {("orders", "origin_code", airports, code)}
