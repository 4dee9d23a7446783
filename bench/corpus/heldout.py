"""A held-out part of the corpus: a schema, two languages and two naming styles that played no
part while the inference rules were written (a lending library in Italian and Swedish, lower
camelCase and UPPER_SNAKE English). Its figures are reported apart, to show how the rules carry
over to names they were not written against; nothing here may be used to tune them."""

from __future__ import annotations

from bench.corpus.domains import Col, Domain, Tab
from bench.corpus.render import Style
from bench.corpus.vocab import WORDS

LIBRARY = Domain("library", (
    Tab("branch", 6, (Col("serial"), Col("name", "name"), Col("city", "city"))),
    Tab("staff", 25, (Col("serial"), Col("name", "name"), Col("fk", ref="branch", cls="plain"))),
    Tab("staff_profile", 20, (Col("fk", ref="staff", unique=True, cls="one_to_one"), Col("text", "bio"))),
    Tab("member", 400, (Col("serial"), Col("name", "name"), Col("email", "email"), Col("date", "date"),
                        Col("fk", ref="member", role="referred_by", null=0.6, cls="self_role"))),
    Tab("author", 150, (Col("serial"), Col("name", "name"))),
    Tab("book", 600, (Col("code", "isbn", arg=7), Col("text", "title"), Col("fk", ref="author", cls="plain"),
                      Col("year", "year"))),
    Tab("copy", 1500, (Col("serial"), Col("fk", ref="book", cls="string_key"), Col("fk", ref="branch", cls="plain"),
                       Col("date", "date"))),
    Tab("loan", 4000, (Col("serial"), Col("fk", ref="copy", cls="plain"), Col("fk", ref="member", cls="plain"),
                       Col("fk", ref="staff", role="checked_out_by", cls="role"), Col("date", "date"),
                       Col("money", "fine"), Col("small", "renewals", arg=3))),
    Tab("reservation", 700, (Col("serial"), Col("fk", ref="member", cls="plain"), Col("fk", ref="book", cls="string_key"),
                             Col("small", "position", arg=12), Col("date", "date"))),
    Tab("review", 900, (Col("serial"), Col("fk", ref="member", cls="plain"), Col("fk", ref="book", cls="string_key"),
                        Col("small", "rating", arg=5), Col("text", "bio"))),
), seed=17)

HELDOUT_STYLES = (
    Style("it_snake", "it"),
    Style("it_pascal", "it", case="pascal", plural_tables=True, pk_form="name_id"),
    Style("sv_snake", "sv", pk_form="name_id"),
    Style("en_camel", "en", case="camel", plural_tables=False, pk_form="name_id"),
    Style("en_upper", "en", case="upper"),
)

_WORDS = {
    "branch": {"en": ("branch", "branches"), "it": ("filiale", "filiali"), "sv": ("filial", "filialer")},
    "staff": {"en": ("librarian", "librarians"), "it": ("bibliotecario", "bibliotecari"), "sv": ("bibliotekarie", "bibliotekarier")},
    "staff_profile": {"en": ("librarian_profile", "librarian_profiles"), "it": ("profilo", "profili"),
                      "sv": ("personalprofil", "personalprofiler")},
    "member": {"en": ("member", "members"), "it": ("socio", "soci"), "sv": ("medlem", "medlemmar")},
    "author": {"en": ("author", "authors"), "it": ("autore", "autori"), "sv": ("forfattare", "forfattare")},
    "book": {"en": ("book", "books"), "it": ("libro", "libri"), "sv": ("bok", "bocker")},
    "copy": {"en": ("copy", "copies"), "it": ("copia", "copie"), "sv": ("exemplar", "exemplar")},
    "loan": {"en": ("loan", "loans"), "it": ("prestito", "prestiti"), "sv": ("lan", "lan")},
    "reservation": {"en": ("reservation", "reservations"), "it": ("prenotazione", "prenotazioni"),
                    "sv": ("reservation", "reservationer")},
    "review": {"en": ("review", "reviews"), "it": ("recensione", "recensioni"), "sv": ("recension", "recensioner")},
    "referred_by": {"en": "referred_by", "it": "presentato_da", "sv": "rekommenderad_av"},
    "checked_out_by": {"en": "checked_out_by", "it": "registrato_da", "sv": "utlanad_av"},
    "isbn": {"en": "isbn", "it": "isbn", "sv": "isbn"},
    "bio": {"en": "bio", "it": "biografia", "sv": "biografi"},
    "fine": {"en": "fine", "it": "multa", "sv": "avgift"},
    "renewals": {"en": "renewals", "it": "rinnovi", "sv": "fornyelser"},
    "name": {"it": "nome", "sv": "namn"},
    "email": {"it": "email", "sv": "epost"},
    "city": {"it": "citta", "sv": "stad"},
    "date": {"it": "data", "sv": "datum"},
    "year": {"it": "anno", "sv": "ar"},
    "title": {"it": "titolo", "sv": "titel"},
    "position": {"it": "posizione", "sv": "plats"},
    "rating": {"it": "voto", "sv": "betyg"},
}
for concept, langs in _WORDS.items():
    WORDS.setdefault(concept, {}).update(langs)
