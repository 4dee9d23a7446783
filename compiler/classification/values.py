"""Value classes: what sampled values themselves say about a column, whatever it is called.

`shares(values)` gives, for each class, the share of the values that belong to it, e.g.
`{"credit_card": 1.0}` for a column named `misc` full of card numbers. The profiler computes
shares on a small sample before anything is stored, keeps only the shares (never the values) in
`ColumnProfile.patterns`, and the classification rules decide from them (`pattern credit_card
>= 0.8`). `is_secret(value)` is the per-value test used to drop single sample values (top
values, min, max) of columns not judged sensitive as a whole.

Checks are real where a real check exists: Luhn for card numbers, ISO 7064 mod-97 for IBANs,
vendor prefixes for API keys, `ipaddress` for IPv4/IPv6, character entropy for tokens. Person
names are recognised by a first-name dictionary of many languages (data/first_names.txt, from
Faker, MIT license: data/LICENSE-first-names.txt).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import itertools
import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable

# ---- secrets ------------------------------------------------------------------------------------

# Vendor key formats: a recognisable prefix and a body of the vendor's alphabet.
_API_KEY = re.compile(
    r"""\A(?:
        (?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}      # AWS access key ids
      | gh[pousr]_[A-Za-z0-9]{30,}                                   # GitHub tokens
      | github_pat_[A-Za-z0-9_]{40,}
      | glpat-[A-Za-z0-9_\-]{20,}                                    # GitLab
      | sk-(?:proj-|ant-|live-)?[A-Za-z0-9_\-]{20,}                  # OpenAI, Anthropic, ...
      | (?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}                  # Stripe
      | xox[abposr]-[A-Za-z0-9\-]{10,}                               # Slack
      | AIza[0-9A-Za-z_\-]{35}                                       # Google API keys
      | ya29\.[0-9A-Za-z_\-]{20,}                                    # Google OAuth tokens
      | SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}                 # SendGrid
      | (?:npm|hf|pypi)[_-][A-Za-z0-9_\-]{30,}                       # npm, Hugging Face, PyPI
      | eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*  # JSON Web Tokens
      | -----BEGIN[ A-Z]*PRIVATE\ KEY-----.*                         # PEM private keys
    )\Z""",
    re.VERBOSE | re.DOTALL,
)
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9+/=_\-.~]{20,}\Z")
_UUID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\Z")
_TOKEN_ENTROPY = 3.5  # bits per character; random base62 is ~5.9, hex ~4, English words ~3-4
_SEGMENTS = re.compile(r"[-_.~/]+")
_WORD = re.compile(r"[a-z]{2,}|[A-Z]{2,}|[A-Z][a-z]+")


def _entropy(text: str) -> float:
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


def is_api_key(v: str) -> bool:
    return _API_KEY.match(v) is not None


def is_token(v: str) -> bool:
    """A long random-looking string: a session token, a hash, a secret of no known vendor."""
    if not _TOKEN_CHARS.match(v) or _UUID.match(v):
        return False
    digits = sum(ch.isdigit() for ch in v)
    letters = sum(ch.isalpha() for ch in v)
    if digits < 2 or letters < 2 or ("." in v and "/" in v):  # a path or a file name, not a token
        return False
    return not _slug(v) and _entropy(v) >= _TOKEN_ENTROPY


def _slug(v: str) -> bool:
    """Words joined by separators (`CT-16APR-Caltrain-Weekday-01`, `route_summer_weekday_2023`):
    an id people made readable. Its entropy is a token's, but most of its letters spell words in
    one case each, which random text of a token's alphabet almost never does."""
    parts = [p for p in _SEGMENTS.split(v) if p]
    if len(parts) < 2:
        return False
    words = sum(len(p) for p in parts if _WORD.fullmatch(p))
    return words * 2 >= sum(len(p) for p in parts)


# ---- money ------------------------------------------------------------------------------------

_CARD = re.compile(r"[1-6][0-9]{3}(?:[ -]?[0-9]){8,15}\Z")
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}\Z")


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def is_credit_card(v: str) -> bool:
    """12-19 digits (spaces or dashes allowed) of a card network's range that pass Luhn."""
    if not _CARD.match(v):
        return False
    digits = v.replace(" ", "").replace("-", "")
    return 12 <= len(digits) <= 19 and luhn(digits)


def is_iban(v: str) -> bool:
    """An IBAN whose ISO 7064 mod-97 check holds (spaces allowed, any case)."""
    s = v.replace(" ", "").upper()
    if not _IBAN.match(s):
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


# ---- contact and identity ---------------------------------------------------------------------

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\Z")
_PHONE = re.compile(r"(?:\+|00)?[0-9(][0-9 ().\-/]{5,22}[0-9]\Z")
_PHONE_EXT = re.compile(r"\s*(?:x|ext\.?)\s*[0-9]{1,5}\Z", re.IGNORECASE)
_DATE_LIKE = re.compile(r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}\Z")
_DECIMAL = re.compile(r"[-+]?[0-9]+(?:[.,][0-9]+)?\Z")
_SSN = re.compile(r"(?!000|666|9[0-9]{2})[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}\Z")
_NINO = re.compile(r"(?![DFIQUV])[A-Z](?![DFIQUVO])[A-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\Z")


def is_email(v: str) -> bool:
    return _EMAIL.match(v) is not None


def is_phone(v: str) -> bool:
    """A phone number as people write one: 7-15 digits with a leading +/00 (international), a
    trunk 0 (national: 0 and a non-zero area code, 9-12 digits), or separators. Other plain
    numbers, decimals, dates and IP addresses are not phones."""
    v = _PHONE_EXT.sub("", v)
    if not _PHONE.match(v) or _DATE_LIKE.match(v) or is_ip_address(v):
        return False
    digits = sum(ch.isdigit() for ch in v)
    international = v.startswith(("+", "00"))
    if international and v.lstrip("+")[2 if v.startswith("00") else 0:][:1] == "0":
        return False  # no country code begins with 0: 0005432000987 is a zero-padded number (a ticket's)
    if not international and _DECIMAL.match(v):
        # A plain number is an amount or a code as much as a phone, unless it dials a trunk 0.
        return v.isdigit() and v[0] == "0" and v[1] != "0" and 9 <= len(v) <= 12
    return (8 if international else 7) <= digits <= 15


def is_national_id(v: str) -> bool:
    """US social security numbers and UK national insurance numbers (formats with checks of
    the ranges never issued)."""
    return _SSN.match(v) is not None or _NINO.match(v.upper()) is not None


def is_ip_address(v: str) -> bool:
    if not (":" in v or v[:1].isdigit()):
        return False
    try:
        if "/" in v:
            ipaddress.ip_network(v, strict=False)
        else:
            ipaddress.ip_address(v)
    except ValueError:
        return False
    return True


# Street words of many languages, as whole words: "Main Street", "Rue de la Paix", "Via Roma",
# "ул. Минская"; USPS suffixes ("0487 Hopkins Locks") count after a leading house number only.
_STREET_WORDS = (
    "street|st|avenue|ave|av|avda|road|rd|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|terrace|"
    "parkway|pkwy|highway|hwy|square|sq|crescent|cres|close|circle|cir|trail|alley|walk|mews|circus|gardens|"
    "rue|chemin|allée|allee|impasse|quai|cours|route|chaussée|"
    "via|viale|piazza|piazzale|corso|vicolo|contrada|rotonda|borgo|stretto|strada|località|frazione|"
    "calle|avenida|paseo|camino|carrera|carrer|plaza|callejón|cuesta|urbanización|ronda|travesía|glorieta|pasaje|"
    "rambla|alameda|vía|c/|praça|praca|rua|travessa|estrada|largo|recanto|fazenda|setor|quadra|conjunto|vila|"
    "ulica|ul|aleja|al|ulitsa|prospekt|ул|улица|пер|переулок|ш|шоссе|бул|бульвар|пр|проспект|пл|площадь|наб|д|"
    "straße|strasse|str|weg|gasse|platz|ring|damm|ufer|laan|straat|gracht|plein|kade|vej|gade|gata|gate|gatan|"
    "vägen|vagen|veien|vei|utca|tie|katu|kuja|polku|sokak|sokağı|caddesi|cad|sok|mahallesi|mah|"
    "marg|chowk|nagar|ganj|box|po"
)
_STREET_WORD = re.compile(rf"(?i)(?:^|[\s,\-])(?:{_STREET_WORDS})\.?(?=$|[\s,.])")
# Compounds that end in a street word ("Hauptstraße", "Kirchgasse", "Berguvsvägen", "Ilvespolku"):
# names, so written with a capital (prose's "steering" ends in -ring too).
_STREET_SUFFIX = re.compile(
    r"(?i)(?<!\w)\w{3,}(?:straße|strasse|str\.|weg|gasse|platz|allee|laan|straat|gracht|vej|gade|gatan|vägen|vagen|veien|"
    r"gata|utca|katu|tie|kuja|polku|bulevardi|kaari|ring|damm|ufer|plein|kade)(?=$|[\s,])"
)
_USPS = (
    "alley|annex|arcade|bayou|beach|bend|bluff|bottom|branch|bridge|brook|burg|bypass|camp|canyon|cape|causeway|"
    "center|cliff|club|common|corner|course|cove|creek|crest|crossing|crossroad|curve|dale|dam|divide|estate|"
    "expressway|extension|falls|ferry|field|flat|ford|forest|forge|fork|fort|freeway|garden|gateway|glen|green|"
    "grove|harbor|haven|heights|hill|hollow|inlet|island|isle|junction|key|knoll|lake|land|landing|light|loaf|"
    "lock|lodge|loop|mall|manor|meadow|mill|mission|motorway|mount|mountain|neck|orchard|oval|overpass|park|pass|"
    "passage|path|pike|pine|plain|point|port|prairie|radial|ramp|ranch|rapid|rest|ridge|river|run|shoal|shore|"
    "skyway|spring|spur|station|stravenue|stream|summit|throughway|trace|track|trafficway|tunnel|turnpike|"
    "underpass|union|valley|viaduct|view|village|ville|vista|wall|well"
)
_NUMBER_FIRST = re.compile(rf"(?i)[0-9]{{1,6}}[A-Za-z]?\s+(?:[^\W\d_][\w'.\-]*\s+){{1,4}}(?:{_USPS}|{_STREET_WORDS})s?\.?(?=$|[\s,])")
# An address is a few words ("Flat 3, 12 Kaiserring, 10115 Berlin, Germany"); a sentence that
# mentions a number and a road is prose (a product's description).
_ADDRESS_WORDS = 10
_HOUSE_NUMBER = re.compile(r"(?:^|[\s,/º°#.])[0-9]{1,5}(?:[\s-]?[A-Za-z])?(?=$|[\s,/-])")


def is_street_address(v: str) -> bool:
    """A street and a house number in some order ("12 Main St", "Hauptstraße 5", "Via Roma 10",
    "Av. dos Lusíadas, 23"), or a post-office box."""
    if len(v) > 120 or len(v.split()) > _ADDRESS_WORDS or not _HOUSE_NUMBER.search(v):
        return False
    return (_STREET_WORD.search(v) is not None or any(m.group(0)[0].isupper() for m in _STREET_SUFFIX.finditer(v))
            or _NUMBER_FIRST.match(v) is not None)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    text = resources.files("compiler.classification").joinpath("data/first_names.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


_NAME_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-](?=[^\W\d_]))*\.?\Z")
# Lower-case particles of family names, and words that make a phrase a title or a band.
_PARTICLES = {"van", "von", "der", "den", "de", "da", "das", "do", "dos", "di", "del", "della", "la", "le", "du", "bin",
              "ibn", "al", "el", "y", "ter", "ten", "zu", "af", "mac", "st.", "o'"}
# Titles and degrees around a name ("Prof. Ulla Segebahn", "Gereon Hölzenbecher MBA").
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "sir", "dame", "dr", "prof", "herr", "frau", "mme", "mlle", "m", "sr",
               "sra", "srta", "don", "doña", "bay", "bayan", "jr", "ii", "iii", "iv", "mba", "phd", "md", "msc", "bsc", "ba",
               "ma", "esq", "dds", "dvm"}
_NOT_NAME_WORDS = {"the", "and", "of", "in", "on", "for", "with", "to", "at", "by", "from", "band", "orchestra",
                   "quartet", "trio", "choir", "ensemble", "company", "inc", "ltd", "llc", "gmbh", "co", "corp",
                   "street", "road", "avenue", "sauce", "cheese", "bread", "coffee", "tea", "beer", "wine"}


def _one_name(v: str) -> bool:
    """"Given Family", "Given Middle Family", "Family Given", "Family, Given": two to four
    capitalised words (family-name particles, titles and degrees aside), one of the first two a
    given name of the first-name dictionary."""
    if v.count(",") == 1:
        family, given = (p.strip() for p in v.split(","))
        parts = given.split() + family.split()
    elif "," in v:
        return False
    else:
        parts = v.split()
    parts = [p for p in parts if p.strip(".").lower() not in _HONORIFICS and not (p.endswith(".") and len(p) > 2)]
    words = [p for p in parts if p.lower() not in _PARTICLES]
    if not 2 <= len(words) <= 4 or len(parts) > 6:
        return False
    for w in words:
        if not _NAME_TOKEN.match(w) or not (w[0].isupper() or not w[0].isalpha()) or w.lower() in _NOT_NAME_WORDS:
            return False
        if len(w) > 1 and w.isupper() and len(w.rstrip(".")) > 1 and len(words) > 2:
            return False  # an acronym in a phrase: a company, not a person
    # Given names come first in most languages, second where the family name leads (Russian,
    # Hungarian, East Asian names in Latin letters).
    names = first_names()
    return words[0].casefold() in names or words[1].casefold() in names


_LIST_SEPARATORS = re.compile(r"\s*(?:[,;&/]|\band\b)\s*")


def is_person_name(v: str) -> bool:
    """One person's name, or a list of them ("Angus Young, Malcolm Young & Brian Johnson")."""
    v = " ".join(v.split())
    if not 3 <= len(v) <= 200:
        return False
    if len(v) <= 60 and _one_name(v):
        return True
    items = [i for i in _LIST_SEPARATORS.split(v) if i]
    return len(items) >= 2 and all(_one_name(i) for i in items)


# ---- dates ------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T].*)?\Z")
ADULT_YEARS = 14  # a birth date is at least this many years old...
OLDEST_YEARS = 110  # ...and at most this many
BIRTH_SPREAD_YEARS = 12  # people of a table are born over decades; events cluster in a few years


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = _ISO_DATE.match(value.strip())
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def birth_date_share(values: Iterable[Any], today: dt.date | None = None) -> float:
    """The share of dates that could be birth dates of living adults, when the dates spread
    over at least BIRTH_SPREAD_YEARS years (hire dates or order dates of one era do not)."""
    return _birth_share(((v, 1) for v in values), today)


def _birth_share(counted: Iterable[tuple[Any, int]], today: dt.date | None) -> float:
    """birth_date_share of values given as (value, how many times it occurs)."""
    today = today or dt.date.today()
    years: Counter[int] = Counter()
    for value, n in counted:
        d = _date(value)
        if d is not None:
            years[d.year] += n
    if not years:
        return 0.0
    if max(years) - min(years) < BIRTH_SPREAD_YEARS:
        return 0.0
    lo, hi = today.year - OLDEST_YEARS, today.year - ADULT_YEARS
    return sum(n for y, n in years.items() if lo <= y <= hi) / sum(years.values())


# ---- shares -----------------------------------------------------------------------------------

TEXT_CLASSES: dict[str, Callable[[str], bool]] = {
    "api_key": is_api_key,
    "credit_card": is_credit_card,
    "iban": is_iban,
    "email": is_email,
    "phone_number": is_phone,
    "national_id": is_national_id,
    "ip_address": is_ip_address,
    "token": is_token,
    "address": is_street_address,
    "person_name": is_person_name,
}
# Classes whose single value is a secret or identifies a person on its own: never kept as a
# sample value, whichever column it turns up in.
SECRET_CLASSES = ("api_key", "credit_card", "iban", "email", "national_id", "token")
MAX_TEXT = 400  # longer values are prose: only the per-value secret checks apply to them


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (bool, float, dt.date, dt.time, dt.timedelta)):
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return None
    text = str(value).strip()
    return text or None


@lru_cache(maxsize=200_000)
def _classes_of(text: str) -> tuple[str, ...]:
    """The classes one text is in. Cached: the same values (small numbers, codes, statuses)
    recur across the columns and tables of a schema, and each test is a Python function."""
    return tuple(name for name, test in TEXT_CLASSES.items() if (len(text) <= MAX_TEXT or name in SECRET_CLASSES) and test(text))


def shares(values: Iterable[Any], today: dt.date | None = None) -> dict[str, float]:
    """{class: share of the non-null values in it}, for the classes with a share above zero.
    Values may be of any type the database returns (text, numbers, dates)."""
    # Each distinct str or int is judged once, with its count (samples repeat values); floats and
    # booleans have no text and are no dates; other types (Decimal('1.0') == Decimal('1.00') but
    # their texts differ) are judged value by value. The same shares as judging every value.
    strs: Counter[str] = Counter()
    ints: Counter[int] = Counter()
    others: list[tuple[Any, int]] = []
    total = 0
    for v in values:
        if v is None:
            continue
        total += 1
        kind = type(v)
        if kind is str:
            strs[v] += 1
        elif kind is int:
            ints[v] += 1
        elif kind is not float and kind is not bool:
            others.append((v, 1))
    if not total:
        return {}
    texts: Counter[str] = Counter()
    for v, n in strs.items():
        t = v.strip()
        if t:
            texts[t] += n
    for i, n in ints.items():
        texts[str(i)] += n
    for v, n in others:
        t = _text(v)
        if t is not None:
            texts[t] += n
    counts: Counter[str] = Counter()
    for t, n in texts.items():
        for name in _classes_of(t):
            counts[name] += n
    out = {name: round(n / total, 4) for name, n in counts.items() if n}
    birth = _birth_share(itertools.chain(strs.items(), others), today)  # ints and floats are no dates
    if birth:
        out["birth_date"] = round(birth, 4)
    return dict(sorted(out.items()))


def is_secret(value: Any) -> bool:
    """Whether one value is a secret or a direct personal identifier by itself."""
    t = _text(value)
    return t is not None and any(TEXT_CLASSES[name](t) for name in SECRET_CLASSES)
