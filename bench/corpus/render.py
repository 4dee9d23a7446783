"""Name a logical schema in a style and language, fill it with data, write it as SQLite.

Primary keys are declared (as in the schemas the issue describes: foreign keys stripped,
primary keys kept); foreign keys and unique constraints are not. The truth is returned beside
the file: every reference the logical schema has, as (table, columns, table, columns), with its
error class. Deterministic: the same domain and style give the same bytes of data.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench.corpus.domains import Col, Domain, Tab
from bench.corpus.vocab import word
from compiler.naming import words

Edge = tuple[str, tuple[str, ...], str, tuple[str, ...]]


@dataclass(frozen=True)
class Style:
    name: str
    lang: str
    case: str = "snake"  # snake | pascal | camel | upper
    plural_tables: bool = True
    pk_form: str = "id"  # id | name_id | id_name | tpch
    fk_form: str = "name_id"  # name_id | id_name | tpch


STYLES = (
    Style("en_snake", "en"),
    Style("en_pascal", "en", case="pascal", plural_tables=False, pk_form="name_id"),
    Style("en_tpch", "en", plural_tables=False, pk_form="tpch", fk_form="tpch"),
    Style("de_snake", "de"),
    Style("de_pascal", "de", case="pascal", plural_tables=True, pk_form="name_id"),
    Style("fr_snake", "fr", pk_form="id_name", fk_form="id_name"),
    Style("es_snake", "es", fk_form="id_name"),
    Style("pt_snake", "pt", pk_form="name_id"),
    Style("nl_snake", "nl"),
    Style("nl_tpch", "nl", plural_tables=False, pk_form="tpch", fk_form="tpch"),
)


def _split(text: str) -> list[str]:
    return [w for w in text.split("_") if w]


def _case(ws: list[str], style: Style) -> str:
    if style.case == "pascal":
        return "".join(w[:1].upper() + w[1:] for w in ws)
    if style.case == "camel":
        return ws[0] + "".join(w[:1].upper() + w[1:] for w in ws[1:]) if ws else ""
    if style.case == "upper":
        return "_".join(ws).upper()
    return "_".join(ws)


class Namer:
    def __init__(self, domain: Domain, style: Style):
        self.domain, self.style = domain, style
        self.tabs = {t.concept: t for t in domain.tables}
        self.prefix: dict[str, str] = {}
        if style.pk_form == "tpch":
            taken: set[str] = set()
            for t in domain.tables:
                ws = _split(word(t.concept, style.lang))
                n = 1
                while True:  # initials, then more letters of the last word, until unique in the schema
                    p = "".join(w[0] for w in ws[:-1]) + ws[-1][:n]
                    if p not in taken or n > len(ws[-1]):
                        break
                    n += 1
                taken.add(p)
                self.prefix[t.concept] = p

    def sg(self, concept: str) -> list[str]:
        return _split(word(concept, self.style.lang))

    def table(self, concept: str) -> str:
        return _case(_split(word(concept, self.style.lang, plural=self.style.plural_tables)), self.style)

    def key_kind(self, concept: str) -> str:
        t = self.tabs[concept]
        col = t.cols[t.pk[0]]
        return self.key_kind(col.ref) if col.kind == "fk" else col.kind

    def column(self, tab: Tab, col: Col) -> str:
        s = self.style
        pre = [self.prefix[tab.concept]] if s.pk_form == "tpch" else []
        if col.kind in ("serial", "uuid"):
            if s.pk_form == "tpch":
                return _case(pre + ["".join(self.sg(tab.concept)) + "key"], s)
            form = {"id": ["id"], "name_id": self.sg(tab.concept) + ["id"], "id_name": ["id"] + self.sg(tab.concept)}[s.pk_form]
            return _case(form, s)
        if col.kind == "fk":
            target = self.tabs[col.ref]
            ref_col = target.cols[col_ref_index(target, col)]
            if col.role and not col.role_id:
                return _case(pre + _split(word(col.role, s.lang)), s)
            role = _split(word(col.role, s.lang)) if col.role else []
            if ref_col.kind == "code":
                return _case(pre + role + self.sg(col.ref) + _split(word(ref_col.concept, s.lang)), s)
            if s.fk_form == "tpch":
                return _case(pre + role + ["".join(self.sg(col.ref)) + "key"], s)
            if s.fk_form == "id_name":
                return _case(["id"] + self.sg(col.ref) + role, s)
            return _case(role + self.sg(col.ref) + ["id"], s)
        return _case(pre + _split(word(col.concept, s.lang)), s)


def col_ref_index(target: Tab, col: Col) -> int:
    """A reference to a table with an undeclared unique code (a product's sku) points at that code."""
    if col.cls == "string_key" and target.unique:
        return target.unique[0]
    return target.pk[0]


_FIRST = ["Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Karin", "Luca", "Mara", "Nils"]
_LAST = ["Meyer", "Dubois", "Garcia", "Silva", "de Vries", "Rossi", "Novak", "Smith", "Jansen", "Moreau", "Lopez", "Costa"]
_CITIES = ["Berlin", "Lyon", "Sevilla", "Porto", "Utrecht", "Leeds", "Graz", "Gent", "Bilbao", "Braga", "Nantes", "Bremen"]
_TEXT = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "lambda"]


def _value(col: Col, rng: random.Random, i: int, tab: Tab):
    k = col.kind
    if k == "serial":
        return i + 1
    if k == "uuid":
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    if k == "code":
        head = tab.concept[:3].upper()
        return f"{head}-{i + 1:0{col.arg}d}" if col.arg else f"{head}{i + 1}"
    if k in ("small", "ordinal"):
        return rng.randint(1, col.arg)
    if k == "year":
        return rng.randint(2001, 2012)
    if k == "money":
        return round(rng.uniform(1, 500), 2)
    if k == "date":
        return (dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(1800))).isoformat()
    if k == "name":
        return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    if k == "email":
        return f"user{i}@example.{rng.choice(['com', 'org', 'net'])}"
    if k == "city":
        return rng.choice(_CITIES)
    return rng.choice(_TEXT)


def _order(domain: Domain) -> list[Tab]:
    done: list[Tab] = []
    names: set[str] = set()
    pending = list(domain.tables)
    while pending:
        for t in pending:
            deps = {c.ref for c in t.cols if c.kind == "fk" and c.ref != t.concept} | {r for _, r in t.composite}
            deps |= {t.sibling_of} if t.sibling_of else set()
            if deps <= names:
                done.append(t)
                names.add(t.concept)
                pending.remove(t)
                break
        else:
            raise ValueError(f"{domain.name}: reference cycle among {[t.concept for t in pending]}")
    return done


def generate(domain: Domain) -> dict[str, list[tuple]]:
    """Rows per table concept (values in column order)."""
    rng = random.Random(domain.seed)
    rows: dict[str, list[tuple]] = {}
    for tab in _order(domain):
        grouped = {i for cols, _ in tab.composite for i in cols}
        out: list[list] = []
        seen: set[tuple] = set()
        uniques = {i: rng.sample([r[col_ref_index(_tab(domain, c.ref), c)] for r in rows[c.ref]], tab.rows)
                   for i, c in enumerate(tab.cols) if c.kind == "fk" and c.unique}
        source = rng.sample(rows[tab.sibling_of], tab.rows) if tab.sibling_of else None
        attempts = 0
        while len(out) < tab.rows and attempts < tab.rows * 20:
            attempts += 1
            i = len(out)
            row: list = [None] * len(tab.cols)
            for j, col in enumerate(tab.cols):
                if j in grouped:
                    continue
                if col.kind == "fk" and col.ref == tab.concept:
                    continue  # self references are filled once the keys exist
                if col.kind == "fk":
                    target = _tab(domain, col.ref)
                    if col.unique:
                        row[j] = uniques[j][i]
                    elif rng.random() >= col.null:
                        row[j] = rng.choice(rows[col.ref])[col_ref_index(target, col)]
                else:
                    row[j] = _value(col, rng, i, tab)
            for cols, ref in tab.composite:
                target = _tab(domain, ref)
                picked = rng.choice(rows[ref])
                for j, k in zip(cols, target.pk):
                    row[j] = picked[k]
            if source is not None:
                sib = _tab(domain, tab.sibling_of)
                src = source[i]
                for j, col in enumerate(tab.cols):  # same key, same references as the sibling's row
                    match = next((k for k, c in enumerate(sib.cols) if (c.kind, c.ref, c.concept) == (col.kind, col.ref, col.concept)
                                  and (k in sib.pk or c.kind == "fk")), None)
                    if match is not None:
                        row[j] = src[match]
            key = tuple(row[j] for j in tab.pk)
            if key in seen:
                continue
            seen.add(key)
            out.append(row)
        for j, col in enumerate(tab.cols):
            if col.kind == "fk" and col.ref == tab.concept:
                keys = [r[tab.pk[0]] for r in out]
                for r in out:
                    if rng.random() >= col.null:
                        pick = rng.choice(keys)
                        r[j] = pick if pick != r[tab.pk[0]] else None
        rows[tab.concept] = [tuple(r) for r in out]
    return rows


def _tab(domain: Domain, concept: str) -> Tab:
    return next(t for t in domain.tables if t.concept == concept)


def _sql_type(domain: Domain, col: Col) -> str:
    if col.kind == "fk":
        target = _tab(domain, col.ref)
        return _sql_type(domain, target.cols[col_ref_index(target, col)])
    return {"serial": "INTEGER", "uuid": "CHAR(36)", "code": "VARCHAR(12)", "small": "INTEGER", "ordinal": "INTEGER",
            "year": "INTEGER", "money": "NUMERIC(10,2)", "date": "DATE"}.get(col.kind, "VARCHAR(80)")


def truth(domain: Domain, style: Style) -> dict[Edge, str]:
    """Every reference of the schema under this style's names, with its error class."""
    n = Namer(domain, style)
    out: dict[Edge, str] = {}
    for tab in domain.tables:
        tname = n.table(tab.concept)
        grouped = {i for cols, _ in tab.composite for i in cols}
        for j, col in enumerate(tab.cols):
            if col.kind != "fk" or j in grouped:
                continue
            target = _tab(domain, col.ref)
            ref = target.cols[col_ref_index(target, col)]
            cls = col.cls or "plain"
            out[(tname, (n.column(tab, col),), n.table(col.ref), (n.column(target, ref),))] = cls
        for cols, ref in tab.composite:
            target = _tab(domain, ref)
            out[(tname, tuple(n.column(tab, tab.cols[j]) for j in cols), n.table(ref),
                 tuple(n.column(target, target.cols[k]) for k in target.pk))] = "composite"
    return out


def implied(domain: Domain, style: Style) -> set[Edge]:
    """Single-column references inside a composite one that reach the same dimension the
    composite target's column points at (enrollment.course_code -> course): right, but not
    declared; neither rewarded nor punished."""
    n = Namer(domain, style)
    out: set[Edge] = set()
    for tab in domain.tables:
        for cols, _ref in tab.composite:
            for j in cols:
                col = tab.cols[j]
                if col.kind == "fk":
                    target = _tab(domain, col.ref)
                    out.add((n.table(tab.concept), (n.column(tab, col),), n.table(col.ref),
                             (n.column(target, target.cols[col_ref_index(target, col)]),)))
    return out


def write_sqlite(domain: Domain, style: Style, path: Path, rows: dict[str, list[tuple]] | None = None) -> Path:
    n = Namer(domain, style)
    rows = rows if rows is not None else generate(domain)
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    try:
        for tab in domain.tables:
            names = [n.column(tab, c) for c in tab.cols]
            assert len(set(names)) == len(names), (domain.name, style.name, names)
            cols = ", ".join(f'"{nm}" {_sql_type(domain, c)}' + (" NOT NULL" if j in tab.pk else "")
                             for j, (nm, c) in enumerate(zip(names, tab.cols)))
            pk = ", ".join(f'"{names[j]}"' for j in tab.pk)
            con.execute(f'CREATE TABLE "{n.table(tab.concept)}" ({cols}, PRIMARY KEY ({pk}))')
            marks = ", ".join("?" for _ in names)
            con.executemany(f'INSERT INTO "{n.table(tab.concept)}" VALUES ({marks})', rows[tab.concept])
        con.commit()
    finally:
        con.close()
    return path


def restyle_sqlite(src: Path, dst: Path, case: str) -> dict[str, dict[str, str]]:
    """A copy of a SQLite database under renamed tables and columns (snake or Pascal case),
    primary keys kept, foreign keys dropped. Returns the renaming: table -> {column -> new}, and
    the table's own new name under the key ''."""
    def name(x: str) -> str:
        ws = list(words(x))
        return "_".join(ws) if case == "snake" else "".join(w.capitalize() for w in ws)

    dst.unlink(missing_ok=True)  # a copy left by an earlier run in the same folder is rebuilt
    old = sqlite3.connect(src)
    new = sqlite3.connect(dst)
    renames: dict[str, dict[str, str]] = {}
    try:
        for (table,) in old.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"):
            info = old.execute(f'PRAGMA table_info("{table}")').fetchall()
            m = {c[1]: name(c[1]) for c in info}
            m[""] = name(table)
            renames[table] = m
            cols = ", ".join(f'"{m[c[1]]}" {c[2] or ""}' + (" NOT NULL" if c[3] else "") for c in info)
            pk = [m[c[1]] for c in sorted(info, key=lambda c: c[5]) if c[5]]
            pk_sql = f', PRIMARY KEY ({", ".join(chr(34) + p + chr(34) for p in pk)})' if pk else ""
            new.execute(f'CREATE TABLE "{m[""]}" ({cols}{pk_sql})')
            data = old.execute(f'SELECT * FROM "{table}"').fetchall()
            if data:
                new.executemany(f'INSERT INTO "{m[""]}" VALUES ({", ".join("?" for _ in info)})', data)
        new.commit()
    finally:
        old.close()
        new.close()
    return renames
