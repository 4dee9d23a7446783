"""Primary-key inference: profiles first, names next, composites last; surrogate vs natural."""

from __future__ import annotations

from tests.inference.build import infer, sqlite_db


def test_unique_free_text_is_never_the_key(tmp_path):
    rows = [(f"note number {i} " + "x" * 70, i, f"P{i:03d}") for i in range(1, 60)]
    path = sqlite_db(tmp_path / "k.sqlite", {"product": ("comment TEXT NOT NULL, product_id INTEGER NOT NULL, code TEXT", rows)})
    model, _ = infer(path)
    e = model.entity("product")
    assert e.primary_key == ["product_id"] and e.key_kind == "surrogate"
    assert e.primary_key_provenance.confidence >= 0.9
    assert any("chosen over" in x for x in e.primary_key_provenance.evidence)


def test_text_code_key_is_natural(tmp_path):
    path = sqlite_db(tmp_path / "k.sqlite", {"currency": ("iso_code CHAR(3) NOT NULL, name TEXT",
                                                          [(c, c.lower()) for c in ("EUR", "USD", "JPY", "GBP", "CHF")])})
    model, _ = infer(path)
    e = model.entity("currency")
    assert e.primary_key == ["iso_code"] and e.key_kind == "natural"


def test_no_key_when_nothing_is_unique(tmp_path):
    path = sqlite_db(tmp_path / "k.sqlite", {"events": ("kind TEXT, amount REAL", [("a", 1.0), ("a", 1.0), ("b", 2.0)])})
    model, diags = infer(path)
    assert model.entity("events").primary_key == []
    assert any(d.code == "AN001" and d.location == "events" for d in diags.items)


def test_the_data_overrules_a_key_like_name(tmp_path):
    path = sqlite_db(tmp_path / "k.sqlite", {"visit": ("id INTEGER, visitor TEXT", [(1, "a"), (1, "b"), (2, "c")])})
    model, _ = infer(path)
    assert model.entity("visit").primary_key == []
    model, _ = infer(path, profile=False)
    assert model.entity("visit").primary_key == ["id"], "without data the name is all there is"


def test_identifier_word_first_names_a_small_tables_key(tmp_path):
    """Four customers, each in a different country: both columns are unique by chance, and the
    one named `id_customer` (the identifier word first) is the key."""
    rows = [("c500001", "FR"), ("c500003", "MX"), ("c500000", "US"), ("c500002", "CA")]
    path = sqlite_db(tmp_path / "k.sqlite", {"customers_seed": ("country TEXT NOT NULL, id_customer TEXT NOT NULL", rows)})
    model, _ = infer(path)
    assert model.entity("customers_seed").primary_key == ["id_customer"]


def test_a_small_table_keyed_by_its_own_name(tmp_path):
    """Six countries with their regions: `country` in a table of countries is its natural key;
    a unique column named for nothing in particular is not, in a table that small."""
    rows = [("NA", "US"), ("NA", "MX"), ("NA", "CA"), ("SA", "BR"), ("EU", "GR"), ("EU", "FR")]
    path = sqlite_db(tmp_path / "k.sqlite", {"countries": ("region TEXT NOT NULL, country TEXT NOT NULL", rows),
                                             "lookups": ("region TEXT NOT NULL, label TEXT NOT NULL", rows)})
    model, _ = infer(path)
    assert model.entity("countries").primary_key == ["country"]
    assert model.entity("countries").key_kind == "natural"
    assert model.entity("lookups").primary_key == []


def test_two_of_a_facts_many_references_are_not_its_key(tmp_path):
    """A sale refers to a product, a customer, a channel and a promotion. In this extract no
    product was sold twice to one customer, but that pair is not what identifies a sale: all four
    are, as the database counts; two references alone (a product in a category) are a bridge's
    key. Without data to count, the sale has no key."""
    dims = {f"{n}s": (f"{n}_id INTEGER PRIMARY KEY, name TEXT", [(i, f"{n} {i}") for i in range(1, 41)])
            for n in ("product", "customer", "channel", "promo", "category")}
    sales = [(1 + i % 40, 1 + (i * 7 + i // 40) % 40, 1 + i % 3, 1 + i % 2, 10.0 + i) for i in range(60)]
    links = [(p, 1 + (p + 7 * c) % 40) for p in range(1, 41) for c in (1, 3)]
    path = sqlite_db(tmp_path / "k.sqlite", {
        **dims,
        "sales": ("product_id INTEGER NOT NULL, customer_id INTEGER NOT NULL, channel_id INTEGER NOT NULL, "
                  "promo_id INTEGER NOT NULL, amount_sold NUMERIC(10,2)", sales),
        "product_categories": ("product_id INTEGER NOT NULL, category_id INTEGER NOT NULL", links),
    })
    model, _ = infer(path)
    assert model.entity("sales").primary_key == ["product_id", "customer_id", "channel_id", "promo_id"]
    assert model.entity("product_categories").primary_key == ["product_id", "category_id"]
    model, _ = infer(path, profile=False)
    assert model.entity("sales").primary_key == []
    assert model.entity("product_categories").primary_key == ["product_id", "category_id"]


def test_uuids_kept_as_text_are_keys_not_prose(tmp_path):
    """Ids written as text UUIDs (36 characters, as CSV exports carry them): longer than most
    words, yet an identifier; a unique name or national id beside it is not the key."""
    import uuid

    rows = [(str(uuid.UUID(int=i * 7919 + 1)), f"999-{i:02d}-{1000 + i}", f"Name{i} Surname{i}") for i in range(40)]
    providers = [(str(uuid.UUID(int=i * 104729 + 5)), f"Dr. Someone {i}") for i in range(25)]
    path = sqlite_db(tmp_path / "k.sqlite", {"patients": ("Id TEXT, SSN TEXT, NAME TEXT", rows),
                                             "providers": ("Id TEXT, NAME TEXT", providers)})
    model, _ = infer(path)
    assert model.entity("patients").primary_key == ["Id"]
    assert model.entity("providers").primary_key == ["Id"]


def test_a_unique_reference_keys_a_table_beside_ids_of_outside_registers(tmp_path):
    """MovieLens' links: movieId, imdbId, tmdbId, all unique. The table extends movies by movieId;
    the other two are ids of registers outside the schema, which had keyed it and made it an
    explore of its own."""
    path = sqlite_db(tmp_path / "links.sqlite", {
        "movies": ("movieId INTEGER PRIMARY KEY, title TEXT", [(i, f"Movie {i}") for i in range(1, 201)]),
        "links": ("movieId INTEGER, imdbId INTEGER, tmdbId INTEGER", [(i, 100000 + 7 * i, 500 + 3 * i) for i in range(1, 201)]),
    })
    model, _ = infer(path)
    assert model.entity("links").primary_key == ["movieId"]


def test_a_customers_representative_joins_the_staff_in_other_languages(tmp_path):
    """Chinook's SupportRepId as a Spanish and a French developer name it: a person's role word in
    their language joins the table of employees (English `rep` did; `representante` had not)."""
    staff = [(i, f"Nombre {i}", None if i == 1 else 1) for i in range(1, 9)]
    clients = [(i, f"Cliente {i}", 3 + i % 3) for i in range(1, 60)]
    path = sqlite_db(tmp_path / "k.sqlite", {
        "Empleados": ("EmpleadoId INTEGER NOT NULL, Apellido TEXT, SuperiorId INTEGER", staff),
        "Clientes": ("ClienteId INTEGER NOT NULL, Empresa TEXT, RepresentanteId INTEGER", clients),
    })
    model, _ = infer(path)
    joins = {(r.from_.table, r.from_.columns[0], r.to.table) for r in model.relationships}
    assert ("Clientes", "RepresentanteId", "Empleados") in joins
    path = sqlite_db(tmp_path / "f.sqlite", {"employes": ("employe_id INTEGER NOT NULL, nom TEXT, superieur_id INTEGER", staff)})
    model, _ = infer(path)
    assert [(r.from_.table, r.from_.columns[0], r.to.table) for r in model.relationships] == [("employes", "superieur_id", "employes")]


def test_a_code_word_first_names_a_small_tables_key(tmp_path):
    """Nine offices, every column unique by chance: `codigo_oficina` (the code word first, as
    Spanish names put it) keys them as `office_code` does in English."""
    rows = [(f"{c[:3].upper()}-{k}", c, f"+34 91 {i:07d}", f"{28000 + i}") for i, (c, k) in enumerate(
        [("Madrid", "ES"), ("Barcelona", "ES"), ("Paris", "FR"), ("London", "UK"), ("Sydney", "AU"), ("Boston", "USA"),
         ("San Francisco", "USA"), ("Tokyo", "JP"), ("Talavera", "ES")])]
    path = sqlite_db(tmp_path / "k.sqlite", {
        "oficina": ("ciudad TEXT NOT NULL, telefono TEXT NOT NULL, codigo_postal TEXT NOT NULL, codigo_oficina TEXT NOT NULL",
                    [(c, t, z, k) for k, c, t, z in rows]),
        "office": ("city TEXT NOT NULL, phone TEXT NOT NULL, postal_code TEXT NOT NULL, office_code TEXT NOT NULL",
                   [(c, t, z, k) for k, c, t, z in rows])})
    model, _ = infer(path)
    assert model.entity("oficina").primary_key == ["codigo_oficina"]
    assert model.entity("office").primary_key == ["office_code"]


def test_a_code_word_first_then_a_table_and_a_role_joins_that_table(tmp_path):
    """`codigo_empleado_rep_ventas` (the code word first, then the table, then the role: the sales
    rep's employee code) joins the employees as `sales_rep_employee_code` would, keys undeclared;
    only some employees are reps, so the values alone cover too few of them to make the join."""
    staff = [(i, f"Empleado {i}", 1 if i > 1 else None) for i in range(1, 32)]
    clients = [(100 + i, f"Cliente {i}", None if i % 17 == 0 else 6 + (i * 7) % 12 * 2) for i in range(220)]
    path = sqlite_db(tmp_path / "j.sqlite", {
        "empleado": ("codigo_empleado INTEGER NOT NULL, nombre TEXT NOT NULL, codigo_jefe INTEGER", staff),
        "cliente": ("codigo_cliente INTEGER NOT NULL, nombre_cliente TEXT NOT NULL, codigo_empleado_rep_ventas INTEGER",
                    clients)})
    model, _ = infer(path)
    joins = {(r.from_.table, r.from_.columns[0], r.to.table, r.to.columns[0]) for r in model.relationships}
    assert ("cliente", "codigo_empleado_rep_ventas", "empleado", "codigo_empleado") in joins


def test_a_persons_first_name_is_no_key_others_refer_to(tmp_path):
    """Thirty-one employees, each a different first name: a client's contact (nombre_contacto,
    first_name) with the same common names is no reference to them, nor is a username a name."""
    firsts = ["Marcos", "Ruben", "Alberto", "Maria", "Juan", "Carlos", "Mariano", "Lucio", "Hilario", "Emmanuel", "David",
              "Oscar", "Francois", "Lionel", "Laurent", "Michael", "Walter", "Hilary", "Marcus", "Lorena", "Nei", "Narumi",
              "Takuma", "Amy", "Larry", "John", "Kevin", "Julian", "Mariko", "Felipe", "Pedro"]
    staff = [(i, n, f"u{i:03d}") for i, n in enumerate(firsts, 1)]
    clients = [(100 + i, f"Cliente {i}", firsts[(i * 5) % 31], firsts[(i * 3) % 31], f"u{1 + i % 31:03d}") for i in range(220)]
    path = sqlite_db(tmp_path / "n.sqlite", {
        "empleado": ("codigo_empleado INTEGER NOT NULL, nombre TEXT NOT NULL, username TEXT NOT NULL", staff),
        "cliente": ("codigo_cliente INTEGER NOT NULL, nombre_cliente TEXT NOT NULL, nombre_contacto TEXT, first_name TEXT, "
                    "username TEXT", clients)})
    model, _ = infer(path)
    joins = {(r.from_.table, r.from_.columns[0], r.to.columns[0]) for r in model.relationships}
    assert not {j for j in joins if j[2] == "nombre"}, joins
    assert ("cliente", "username", "username") in joins  # a login name is chosen to be told apart


def test_a_number_word_first_numbers_lines_and_a_plural_after_it_counts():
    from passes.infer_primary_keys import _is_ordinal
    assert _is_ordinal(("numero", "linea")) and _is_ordinal(("numero", "de", "linea")) and _is_ordinal(("line", "number"))
    assert not _is_ordinal(("numero", "lineas")) and not _is_ordinal(("number", "of", "lines"))
