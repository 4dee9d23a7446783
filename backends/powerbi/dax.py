"""SQL expression trees (sqlglot) -> DAX, faithfully or not at all.

A translation either means what the SQL means or raises DaxError (the caller reports a loss).
The SQL / DAX differences handled here, so that a predicate is TRUE in DAX exactly when it
is TRUE in SQL:
- BLANK is not NULL: `BLANK() < 5` and `BLANK() = ""` are TRUE in DAX, NULL comparisons are
  unknown in SQL. A comparison is guarded with `NOT(ISBLANK(x)) &&` whenever BLANK, read as
  0 / "" / FALSE, would satisfy it.
- `BLANK() + 1` is 1 in DAX, NULL in SQL: non-literal operands of + and - are guarded.
- NOT over three-valued logic: negations are pushed down to comparisons (De Morgan) rather
  than translated as NOT, which would turn SQL's unknown into TRUE.
- Division is DIVIDE (BLANK on a zero or blank divisor, where SQL gives NULL or an error);
  integer division (int / int in dialects that truncate) has no DAX counterpart and is a loss.
- Simple CASE compares with `=`, where BLANK would match 0; it becomes SWITCH(TRUE(), ...)
  over guarded comparisons.
Known and documented, not guarded: Power BI compares text case-insensitively (its storage
engine folds case), so `status = 'Shipped'` also matches 'shipped' in a case-sensitive source.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from typing import Callable

import sqlglot
from sqlglot import exp

from backends.powerbi import names

NUMBER, STRING, BOOLEAN, DATE, OTHER = "number", "string", "boolean", "date", "other"
_TYPE_KIND = {"integer": NUMBER, "decimal": NUMBER, "float": NUMBER, "string": STRING, "boolean": BOOLEAN,
              "date": DATE, "timestamp": DATE, "timestamp_tz": DATE}
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CMP = {exp.EQ: "=", exp.NEQ: "<>", exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<="}
_NEGATED = {exp.EQ: exp.NEQ, exp.NEQ: exp.EQ, exp.GT: exp.LTE, exp.GTE: exp.LT, exp.LT: exp.GTE, exp.LTE: exp.GT}
_PY = {"=": operator.eq, "<>": operator.ne, ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
_FUNCS = {exp.Abs: "ABS", exp.Upper: "UPPER", exp.Lower: "LOWER", exp.Length: "LEN"}


class DaxError(ValueError):
    """The expression has no faithful DAX translation; the message says why."""


@dataclass
class Ref:
    dax: str
    kind: str  # NUMBER, STRING, BOOLEAN, DATE, OTHER
    integer: bool = False
    columns: frozenset[str] = frozenset()  # the DAX columns it reads (for CALCULATE filters)


@dataclass
class Scope:
    """How identifiers in one SQL expression resolve: columns of a table, or measures."""

    dialect: str
    resolve: Callable[[str, bool], Ref]  # (identifier, was quoted) -> reference
    literals: list[str] = field(default_factory=list)


# Casts that keep every digit of a number (no fixed scale to round to).
_FLOAT_TYPES = (exp.DataType.Type.DOUBLE, exp.DataType.Type.FLOAT, exp.DataType.Type.UDOUBLE, exp.DataType.Type.DECFLOAT)


def column_scope(dialect: str, table: str, columns: dict[str, tuple[str, str]]) -> Scope:
    """Columns of `table` (display name): source column -> (display column, IR data type).
    Unquoted identifiers also match case-insensitively (most dialects fold them)."""
    folded = {c.casefold(): c for c in columns}

    def resolve(ident: str, quoted: bool) -> Ref:
        key = ident if ident in columns else (None if quoted else folded.get(ident.casefold()))
        if key is None:
            raise DaxError(f"refers to an unknown column {ident!r}")
        display, data_type = columns[key]
        ref = names.dax_column(table, display)
        return Ref(ref, _TYPE_KIND.get(data_type, OTHER), data_type == "integer", frozenset({ref}))

    return Scope(dialect, resolve)


def parse(sql: str, dialect: str) -> exp.Expression:
    try:
        return sqlglot.parse_one(sql, read=dialect or None)
    except Exception as e:  # sqlglot raises several error types
        raise DaxError(f"does not parse as SQL: {e}") from None


def translate(sql: str, scope: Scope) -> Ref:
    return _x(parse(sql, scope.dialect), scope)


def conjuncts(sql: str, scope: Scope) -> list[Ref]:
    """A filter as a list of predicates ANDed together (one CALCULATE argument each)."""
    tree = _strip(parse(sql, scope.dialect))
    parts = tree.flatten() if isinstance(tree, exp.And) else [tree]
    return [_x(p, scope) for p in parts]


def _strip(node: exp.Expression) -> exp.Expression:
    while isinstance(node, exp.Paren):
        node = node.this
    return node


_DAX_BREAKS = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def dax_string(text: str) -> str:
    """A DAX text literal. DAX has no escape but a doubled quote, and a line break inside an
    expression would be re-indented by TMDL: control characters are joined in with UNICHAR."""
    if not _DAX_BREAKS.search(text):
        return '"' + text.replace('"', '""') + '"'
    parts, last = [], 0
    for m in _DAX_BREAKS.finditer(text):
        if m.start() > last:
            parts.append('"' + text[last:m.start()].replace('"', '""') + '"')
        parts.append(f"UNICHAR({ord(m.group())})")
        last = m.end()
    if last < len(text):
        parts.append('"' + text[last:].replace('"', '""') + '"')
    return "(" + " & ".join(parts) + ")"


def _literal(node: exp.Expression) -> object | None:
    """The Python value of a literal operand (None when not a literal)."""
    node = _strip(node)
    if isinstance(node, exp.Neg) and isinstance(_strip(node.this), exp.Literal) and not node.this.is_string:
        return -float(_strip(node.this).this)
    if isinstance(node, exp.Literal):
        return str(node.this) if node.is_string else float(node.this)
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    return None


def _x(node: exp.Expression, s: Scope) -> Ref:
    if isinstance(node, exp.Paren):
        inner = _x(node.this, s)
        return Ref(f"({inner.dax})", inner.kind, inner.integer, inner.columns)
    if isinstance(node, exp.Column):
        if node.table or not isinstance(node.this, exp.Identifier):
            raise DaxError(f"qualified reference {node.sql()!r} is not supported")
        return s.resolve(node.this.this, bool(node.this.quoted))
    if isinstance(node, exp.Literal):
        if node.is_string:
            return Ref(dax_string(str(node.this)), STRING)
        text = str(node.this)
        return Ref(text, NUMBER, text.isdigit())
    if isinstance(node, exp.Boolean):
        return Ref("TRUE()" if node.this else "FALSE()", BOOLEAN)
    if isinstance(node, exp.Null):
        return Ref("BLANK()", OTHER)
    if isinstance(node, exp.Neg):
        inner = _x(node.this, s)
        return Ref(f"-{inner.dax}", NUMBER, inner.integer, inner.columns)
    if isinstance(node, (exp.Add, exp.Sub)):
        return _additive(node, s)
    if isinstance(node, exp.Mul):
        a, b = _x(node.this, s), _x(node.expression, s)
        return Ref(f"{a.dax} * {b.dax}", NUMBER, a.integer and b.integer, a.columns | b.columns)
    if isinstance(node, exp.Div):
        a, b = _x(node.this, s), _x(node.expression, s)
        # sqlglot marks a division `typed` in dialects where int / int truncates (postgres, tsql...).
        if a.integer and b.integer and node.args.get("typed"):
            raise DaxError(f"integer division truncates in {s.dialect}; DAX has no such operator")
        return Ref(f"DIVIDE({a.dax}, {b.dax})", NUMBER, False, a.columns | b.columns)
    if type(node) in _CMP:
        return _compare(node.this, _CMP[type(node)], node.expression, s)
    if isinstance(node, (exp.And, exp.Or)):
        a, b = _x(node.this, s), _x(node.expression, s)
        op = "&&" if isinstance(node, exp.And) else "||"
        return Ref(f"{_group(a)} {op} {_group(b)}", BOOLEAN, False, a.columns | b.columns)
    if isinstance(node, exp.Not):
        return _not(_strip(node.this), s)
    if node.args.get("negate"):  # postgres reads `x IS NOT NULL` as Is(negate=True)
        plain = node.copy()
        plain.set("negate", None)
        return _not(plain, s)
    if isinstance(node, exp.Is) and isinstance(node.expression, exp.Null):
        a = _x(node.this, s)
        return Ref(f"ISBLANK({a.dax})", BOOLEAN, False, a.columns)
    if isinstance(node, exp.In):
        return _in(node, s)
    if isinstance(node, exp.Between):
        lo = _compare(node.this, ">=", node.args["low"], s)
        hi = _compare(node.this, "<=", node.args["high"], s)
        return Ref(f"{lo.dax} && {hi.dax}", BOOLEAN, False, lo.columns | hi.columns)
    if isinstance(node, (exp.Case, exp.If)):
        return _case(node, s)
    if isinstance(node, exp.Coalesce):
        args = [_x(a, s) for a in [node.this, *node.expressions]]
        return Ref(f"COALESCE({', '.join(a.dax for a in args)})", args[0].kind, all(a.integer for a in args), frozenset().union(*(a.columns for a in args)))
    if isinstance(node, exp.Cast) and node.to.is_type(*exp.DataType.REAL_TYPES):
        # A number made a float or decimal (cents made units: CAST(amount AS DOUBLE) / 100.0): DAX
        # numbers divide as decimals already, and BLANK stays BLANK; anything else is no number.
        # A cast to a fixed-point type (DECIMAL(10,0), NUMERIC, MONEY) rounds to its scale: it is
        # dropped only for an integer, which every such scale holds; otherwise it is no faithful cast.
        a = _x(node.this, s)
        if a.kind != NUMBER:
            raise DaxError(f"CAST of a non-number ({node.sql(dialect=s.dialect or None)!r}) has no faithful DAX translation")
        if not node.to.is_type(*_FLOAT_TYPES) and not a.integer:
            raise DaxError(f"CAST to a fixed scale ({node.sql(dialect=s.dialect or None)!r}) rounds; DAX keeps every digit")
        return Ref(a.dax, NUMBER, False, a.columns)
    if type(node) in _FUNCS:
        a = _x(node.this, s)
        call = f"{_FUNCS[type(node)]}({a.dax})"
        kind = STRING if type(node) in (exp.Upper, exp.Lower) else NUMBER
        # These functions turn BLANK into "" or 0, where SQL keeps NULL.
        return Ref(f"IF(ISBLANK({a.dax}), BLANK(), {call})", kind, a.integer and kind == NUMBER, a.columns)
    raise DaxError(f"{node.key.upper()} ({node.sql(dialect=s.dialect or None)!r}) has no faithful DAX translation")


def _group(r: Ref) -> str:
    return f"({r.dax})" if " " in r.dax and not r.dax.startswith("(") else r.dax


def _additive(node: exp.Expression, s: Scope) -> Ref:
    a, b = _x(node.this, s), _x(node.expression, s)
    op = "+" if isinstance(node, exp.Add) else "-"
    if a.kind == STRING or b.kind == STRING:
        raise DaxError("text arithmetic has no faithful DAX translation")
    guards = [f"ISBLANK({r.dax})" for r, n in ((a, node.this), (b, node.expression)) if _literal(n) is None]
    body = f"{a.dax} {op} {_group(b) if op == '-' else b.dax}"
    if guards:
        body = f"IF({' || '.join(guards)}, BLANK(), {body})"
    return Ref(body, NUMBER, a.integer and b.integer, a.columns | b.columns)


def _blank_satisfies(op: str, other: object) -> bool:
    """Whether BLANK, as DAX coerces it next to `other`, satisfies `BLANK op other`."""
    if isinstance(other, bool):
        return _PY[op](False, other)
    if isinstance(other, str):
        return _PY[op]("", other.casefold())
    if isinstance(other, float):
        return _PY[op](0.0, other)
    return True  # a column or expression: it could be blank too


def _as_date(ref: Ref, node: exp.Expression, other: Ref) -> Ref:
    """A text literal compared with a date is the day it spells, as SQL casts it (`end_date >=
    '9999-01-01'`): DAX compares no date with text, so it is written DATE(9999, 1, 1)."""
    lit = _strip(node)
    if other.kind != DATE or ref.kind != STRING or not (isinstance(lit, exp.Literal) and lit.is_string):
        return ref
    day = _DAY.fullmatch(str(lit.this))
    if day is None:
        raise DaxError(f"a date compared with the text {str(lit.this)!r}, which is no day (YYYY-MM-DD)")
    return Ref(f"DATE({int(day[1])}, {int(day[2])}, {int(day[3])})", DATE)


_A_DAY = object()  # a literal day: BLANK is a date too (1899-12-30), and may fall on either side of it


def _literal_value(node: exp.Expression, ref: Ref) -> object | None:
    value = _literal(node)
    return _A_DAY if value is not None and ref.kind == DATE else value


def _compare(left: exp.Expression, op: str, right: exp.Expression, s: Scope) -> Ref:
    a, b = _x(left, s), _x(right, s)
    a, b = _as_date(a, left, b), _as_date(b, right, a)
    if STRING in (a.kind, b.kind) and op not in ("=", "<>"):
        raise DaxError("text ordering depends on the source collation; DAX compares case-insensitively")
    if isinstance(_strip(left), exp.Null) or isinstance(_strip(right), exp.Null):
        raise DaxError("a comparison with NULL is never true in SQL; write IS NULL")
    lit_a, lit_b = _literal_value(left, a), _literal_value(right, b)
    guards = []
    if lit_a is None and _blank_satisfies(op, lit_b):
        guards.append(f"NOT(ISBLANK({a.dax}))")
    if lit_b is None and _blank_satisfies(_flip(op), lit_a):
        guards.append(f"NOT(ISBLANK({b.dax}))")
    text = " && ".join([*guards, f"{a.dax} {op} {b.dax}"])
    return Ref(text, BOOLEAN, False, a.columns | b.columns)


def _flip(op: str) -> str:
    """`lit op x` asked as `x op' lit`: the operator seen from the other side."""
    return {">": "<", "<": ">", ">=": "<=", "<=": ">="}.get(op, op)


def _not(node: exp.Expression, s: Scope) -> Ref:
    if type(node) in _NEGATED:
        return _x(_NEGATED[type(node)](this=node.this, expression=node.expression), s)
    if isinstance(node, exp.And):
        return _x(exp.Or(this=exp.Not(this=node.this), expression=exp.Not(this=node.expression)), s)
    if isinstance(node, exp.Or):
        return _x(exp.And(this=exp.Not(this=node.this), expression=exp.Not(this=node.expression)), s)
    if isinstance(node, exp.Not):
        return _x(_strip(node.this), s)
    if isinstance(node, exp.Is) and isinstance(node.expression, exp.Null):
        a = _x(node.this, s)
        return Ref(f"NOT(ISBLANK({a.dax}))", BOOLEAN, False, a.columns)
    if isinstance(node, exp.In):
        if any(isinstance(v, exp.Null) for v in node.expressions):
            raise DaxError("NOT IN over a list holding NULL is never true in SQL")
        inner = _in(node, s)
        a = _x(node.this, s)
        return Ref(f"NOT(ISBLANK({a.dax})) && NOT({inner.dax})", BOOLEAN, False, inner.columns)
    if isinstance(node, exp.Between):
        lo = _x(exp.LT(this=node.this, expression=node.args["low"]), s)
        hi = _x(exp.GT(this=node.this, expression=node.args["high"]), s)
        return Ref(f"({lo.dax}) || ({hi.dax})", BOOLEAN, False, lo.columns | hi.columns)
    raise DaxError(f"NOT over {node.key.upper()} has no faithful DAX translation")


def _in(node: exp.In, s: Scope) -> Ref:
    if node.args.get("query") or not node.expressions:
        raise DaxError("IN over a subquery has no DAX translation here")
    a = _x(node.this, s)
    values = [_x(v, s) for v in node.expressions if not isinstance(v, exp.Null)]
    if any(_literal(v) is None for v in node.expressions if not isinstance(v, exp.Null)):
        raise DaxError("IN over non-literal values is not supported")
    # IN compares strictly in DAX: BLANK does not match 0 or "".
    return Ref(f"{a.dax} IN {{{', '.join(v.dax for v in values)}}}", BOOLEAN, False, a.columns)


def _case(node: exp.Expression, s: Scope) -> Ref:
    if isinstance(node, exp.If):
        whens = [(node.this, node.args["true"])]
        default = node.args.get("false")
    else:
        subject = node.this
        whens = [(w.this if subject is None else exp.EQ(this=subject, expression=w.this), w.args["true"]) for w in node.args["ifs"]]
        default = node.args.get("default")
    conds = [(_x(c, s), _x(v, s)) for c, v in whens]
    tail = [_x(default, s)] if default is not None else []
    cols = frozenset().union(*(c.columns | v.columns for c, v in conds), *(t.columns for t in tail))
    kind = conds[0][1].kind
    if len(conds) == 1:
        args = [conds[0][0].dax, conds[0][1].dax, *(t.dax for t in tail)]
        return Ref(f"IF({', '.join(args)})", kind, False, cols)
    args = ["TRUE()", *(x for c, v in conds for x in (c.dax, v.dax)), *(t.dax for t in tail)]
    return Ref(f"SWITCH({', '.join(args)})", kind, False, cols)
