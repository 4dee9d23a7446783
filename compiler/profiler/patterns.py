"""Value-pattern classes of text columns, as SQL predicates per dialect.

Each class is a regular expression for dialects that have one, and a GLOB-style fallback
(`*`, `?`, `[0-9]`, `[^...]`) for those that do not: SQLite runs it as GLOB, T-SQL as LIKE with
character classes. The regexes avoid backslashes on purpose: string-literal escaping of `\\`
differs between dialects (MySQL doubles it), character classes like `[.]` do not.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from compiler.calendar import MIDNIGHT
from compiler.money_text import MONEY_SEPARATORS, MONEY_SYMBOLS

_HEX = "[0-9A-Fa-f]"


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: str
    # Fallback: every `globs` entry must match, no `not_globs` entry may, length within bounds.
    globs: tuple[str, ...] = ()
    not_globs: tuple[str, ...] = ()
    length: tuple[int, int] | None = None
    # Cheap tests every match passes, tried before the regex where a regex call is costly
    # (_GUARDED): a LIKE pattern, and the characters a match can start with.
    like: str | None = None
    first: str | None = None
    # Fallback alternatives: the value passes one of them (a symbol written before or after).
    either: tuple["Pattern", ...] = ()


# Money written as text: one class per symbol and way of writing (compiler.money_text).


def _amount(group: str, decimal: str) -> str:
    g, d = f"[{group}]", f"[{decimal}]"
    return f"([0-9]{{1,3}}({g}[0-9]{{3}})+|[0-9]+)({d}[0-9]{{1,2}})?"


def _money_globs(symbol: str, group: str, decimal: str, suffix: bool) -> Pattern:
    """The GLOB fallback of one writing of money, the symbol before the number (a sign before
    either, a space after the symbol) or after it (a space before the symbol): the regex's
    classes spelled out as conditions on characters, since GLOB has no repetition."""
    s, g, d = symbol, group, decimal
    number = (  # the number's separators: one decimal part of one or two digits; thousands in threes
        f"*{d}*{d}*", f"*{d}*{g}*", f"*{d}[0-9][0-9][0-9]*", f"*{g}[^0-9]*", f"*{g}?[^0-9]*", f"*{g}??[^0-9]*",
        f"*{g}", f"*{g}?", f"*{g}??", f"*{g}[0-9][0-9][0-9][0-9]*", f"*[0-9][0-9][0-9][0-9]{g}*",
        f"*[^-0-9{g}{d} {s}]*", f"*{s}*{s}*", "*-*-*", f"*[0-9{g}{d}]-*", "*- *",
    )
    if suffix:  # -1.234,56 €
        return Pattern("", "", globs=(f"[-0-9]*{s}",),
                       not_globs=number + ("-[^0-9]*", "?*-*", f"* [^{s}]*", f"*[^0-9 ]{s}", f"*[^0-9] {s}"))
    # $1,250.00, -$12.50, $-12.50, € 1.234,56
    return Pattern("", "", globs=(f"[-{s}]*", "*[0-9]"),
                   not_globs=number + (f"-[^{s}]*", f"-{s} *", f"*[^{s}] *", f"*[-{s} ][{g}{d}]*"))


def _money(name: str, suffix: bool = False) -> Pattern:
    symbol, (group, decimal) = MONEY_SYMBOLS[name], MONEY_SEPARATORS[name]
    s, amount = f"[{symbol}]", _amount(group, decimal)
    regex = f"^(-?{s}|{s} ?-?){amount}$"
    either = (_money_globs(symbol, group, decimal, False),)
    if suffix:
        regex = f"^((-?{s}|{s} ?-?){amount}|-?{amount} ?{s})$"
        either += (_money_globs(symbol, group, decimal, True),)
    return Pattern(name, regex, either=either, like=f"%{symbol}%" if symbol.isascii() else None,
                   first="-" + symbol + ("0123456789" if suffix else ""))


PATTERNS: tuple[Pattern, ...] = (
    Pattern("email", "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]+$", globs=("?*@?*.?*",), not_globs=("* *",), like="%@%"),
    Pattern("url", "^(https?|ftp)://[^ ]+$", globs=("http*://?*",), not_globs=("* *",), like="%://%"),
    Pattern(
        "uuid",
        f"^{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}$",
        globs=("-".join(_HEX * n for n in (8, 4, 4, 4, 12)),),
        like="-".join("_" * n for n in (8, 4, 4, 4, 12)),
    ),
    # At least seven digits: a month (1998-01) or a short code has fewer, a telephone number more.
    Pattern(
        "phone",
        "^[+(]?[0-9]([ ().-]*[0-9]){6,18}$",
        globs=("[+(0-9]*[0-9]",),
        not_globs=("*[^-0-9 ()+.]*", "[0-9][0-9][0-9][0-9]-[0-9][0-9]"),
        length=(7, 20),
        first="+(0123456789",
    ),
    Pattern(
        "iso_date",
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}.*)?$",
        globs=("[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*",),
        like="____-__-__%",
    ),
    # A day written day or month first, with slashes or dots, and perhaps a time of day on a 24-
    # or a 12-hour clock (01/31/2021 0:30, 31.12.2020, 07/09/2019 10:54:59 AM): text a CSV import
    # or a city's open-data portal left as such.
    Pattern(
        "slash_date",
        "^[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{4}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?( ?[AaPp][Mm])?)?$",
        either=(
            Pattern("", "", globs=("[0-9]*[/.][0-9]*[/.][0-9][0-9][0-9][0-9]*",), not_globs=("*[^0-9/. :]*",), length=(8, 19)),
            Pattern("", "", globs=("[0-9]*[/.][0-9]*[/.][0-9][0-9][0-9][0-9] *[0-9]:[0-9][0-9]*[AaPp][Mm]",),
                    not_globs=("*[^0-9/. :AaPpMm]*", "*[AaPpMm]*[0-9]*", "*[AaPpMm]*[AaPpMm]*[AaPpMm]*"), length=(14, 22)),
        ),
        first="0123456789",
    ),
    # A day written year first with slashes or dots (2015/07/01 00:00:01, 2021.12.31), each field
    # padded: a dock sensor's log, an East Asian or Hungarian export. Padded, the text is ISO but
    # for its separators, which is how the engines without a parse function read it.
    Pattern(
        "slash_ymd",
        "^[0-9]{4}[/.][0-9]{2}[/.][0-9]{2}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$",
        globs=("[0-9][0-9][0-9][0-9][/.][0-9][0-9][/.][0-9][0-9]*",),
        # Only digits and colons after the day's ten characters and the space after them.
        not_globs=("*[^0-9/. :]*", "??????????[^ ]*", "??????????*[/.]*", "???????????* *"),
        length=(10, 19),
        first="0123456789",
    ),
    # Days written with slashes or dots whose first field is past 12 (a day: 31/12/2020) or whose
    # second is (a day after the month: 12/31/2021), counted over the whole column: where the
    # least, greatest and most frequent values are all early days (1/1/2014 .. 9/9/2014), one such
    # value anywhere says which field is the month (stored_times.slash_layout).
    Pattern(
        "slash_day_first",
        "^(1[3-9]|2[0-9]|3[01])[/.][0-9]{1,2}[/.][0-9]{4}( .*)?$",
        either=tuple(Pattern("", "", globs=(f"{d}[/.][0-9]*[/.][0-9][0-9][0-9][0-9]*",), not_globs=("*[^0-9/. :]*",))
                     for d in ("1[3-9]", "2[0-9]", "3[01]")),
        first="123",
    ),
    Pattern(
        "slash_month_first",
        "^[0-9]{1,2}[/.](1[3-9]|2[0-9]|3[01])[/.][0-9]{4}( .*)?$",
        either=tuple(Pattern("", "", globs=(f"{m}[/.]{d}[/.][0-9][0-9][0-9][0-9]*",), not_globs=("*[^0-9/. :]*",))
                     for m in ("[0-9]", "[0-9][0-9]") for d in ("1[3-9]", "2[0-9]", "3[01]")),
        first="0123456789",
    ),
    # A day kept as digits, YYYYMMDD or YYMMDD, and a time of day (931107 00:00:00): an old
    # export's timestamps, read as times where the least and greatest values parse.
    Pattern(
        "compact_time",
        "^[0-9]{6}([0-9]{2})? [0-9]{2}:[0-9]{2}(:[0-9]{2})?$",
        globs=("[0-9][0-9][0-9][0-9][0-9][0-9]* [0-9][0-9]:[0-9][0-9]*",),
        not_globs=("*[^0-9 :]*",),
        length=(12, 17),
        like="% __:__%",
        first="0123456789",
    ),
    # A day and a time of day at midnight, kept as text (931107 00:00:00, 2017-10-02 00:00): where
    # every value is, the time is a day (build_entities), as for a DATETIME at midnight.
    Pattern(
        MIDNIGHT,
        "^[0-9][-0-9/.]* 00:00(:00([.]0+)?)?$",
        either=tuple(Pattern("", "", globs=(f"[0-9]* {clock}",), not_globs=("*[^-0-9/. :]*", "* * *"))
                     for clock in ("00:00", "00:00:00")),
        like="% 00:00%",
        first="0123456789",
    ),
    Pattern("numeric", "^[+-]?[0-9]+([.][0-9]+)?$", globs=("*[0-9]*",), not_globs=("*[^-+.0-9]*", "?*[-+]*", "*.*.*"),
            first="+-0123456789"),
    # Whole numbers, and numbers written with a leading zero (01234): text of numbers is typed as
    # a number only where no value keeps a zero in front, which makes it a code (normalize_types).
    Pattern("integer", "^[+-]?[0-9]+$", globs=("*[0-9]",), not_globs=("*[^-+0-9]*", "?*[-+]*"), first="+-0123456789"),
    # Anchored at both ends like the others: DuckDB matches the whole value.
    Pattern("zero_padded", "^[+-]?0[0-9][0-9.]*$", globs=("0[0-9]*",), not_globs=("*[^-+.0-9]*",), first="+-0"),
    _money("money_dollar"),
    _money("money_pound"),
    _money("money_euro"),
    _money("money_euro_comma", suffix=True),
)


# Dialects without a usable regex operator and how they run the fallback.
_FALLBACK = {"sqlite": "glob", "tsql": "like"}
# Dialects whose regex match costs far more than a LIKE (PostgreSQL converts each whole value
# before matching): the guards make a 100,000-row pattern count about 4x faster there.
_GUARDED = {"postgres"}


def predicate(pattern: Pattern, value: exp.Expression, dialect: str) -> exp.Expression:
    """A boolean SQL expression: `value` (a non-null text expression) is of this class."""
    mode = _FALLBACK.get(dialect)
    if mode is None:
        regex = _regex(value, pattern.regex, dialect)
        if dialect not in _GUARDED:
            return regex
        guards: list[exp.Expression] = []
        if pattern.like:
            guards.append(exp.Like(this=value.copy(), expression=exp.Literal.string(pattern.like)))
        if pattern.first and pattern.first.isascii():
            head = exp.Left(this=value.copy(), expression=exp.Literal.number(1))
            guards.append(exp.In(this=head, expressions=[exp.Literal.string(ch) for ch in pattern.first]))
        elif pattern.first:
            # By code point: a character the database's encoding lacks cannot be written in the
            # statement (PostgreSQL refuses '€' in a LATIN1 database before running anything).
            head = exp.Anonymous(this="ASCII", expressions=[value.copy()])
            guards.append(exp.In(this=head, expressions=[exp.Literal.number(ord(ch)) for ch in pattern.first]))
        return exp.and_(*guards, regex)  # AND evaluates left to right and stops at the first false
    if pattern.either:
        return exp.or_(*(predicate(alt, value, dialect) for alt in pattern.either))
    parts: list[exp.Expression] = [_glob(value, g, mode) for g in pattern.globs]
    parts += [exp.Not(this=_glob(value, g, mode)) for g in pattern.not_globs]
    if pattern.length:
        lo, hi = pattern.length
        parts.append(exp.Between(this=exp.Length(this=value.copy()), low=exp.Literal.number(lo), high=exp.Literal.number(hi)))
    return exp.and_(*parts)


# How a regex names a character by its code point, where a statement may not hold the character
# itself: PostgreSQL converts the statement to the database's encoding (LATIN1 has no '€'), MySQL
# and MariaDB compare in the column's character set (an ASCII column refuses a '€' literal).
_CODE_POINT = {"postgres": "\\u{:04x}", "mysql": "\\x{{{:04x}}}"}


def _regex(value: exp.Expression, regex: str, dialect: str) -> exp.Expression:
    if not regex.isascii() and dialect in _CODE_POINT:
        regex = "".join(ch if ch.isascii() else _CODE_POINT[dialect].format(ord(ch)) for ch in regex)
    literal = exp.Literal.string(regex)
    if dialect == "duckdb":  # the patterns are anchored: a full match, which DuckDB runs twice as fast
        return exp.Anonymous(this="REGEXP_FULL_MATCH", expressions=[value.copy(), literal])
    if dialect == "mysql":
        # MariaDB has no REGEXP_LIKE; REGEXP_INSTR exists in both MariaDB and MySQL 8.
        return exp.GT(this=exp.Anonymous(this="REGEXP_INSTR", expressions=[value.copy(), literal]), expression=exp.Literal.number(0))
    return exp.RegexpLike(this=value.copy(), expression=literal)


def _glob(value: exp.Expression, pattern: str, mode: str) -> exp.Expression:
    if mode == "glob":
        return exp.Glob(this=value.copy(), expression=exp.Literal.string(pattern))
    # GLOB -> T-SQL LIKE: the wildcards differ, the [..] classes are the same.
    like = pattern.replace("*", "%").replace("?", "_")
    return exp.Like(this=value.copy(), expression=exp.Literal.string(like))
