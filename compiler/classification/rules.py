"""The classification rule language: parse rules (grammars/classification.lark) into small typed
conditions, and evaluate them on the facts known about one column.

Rules are data. The defaults ship as compiler/classification/default.rules; users add theirs in
mb.yaml (`classification: {rules: ...}`), which run first so they can refine or silence a default.
A leaf module: the profiler (to decide what is redacted before anything is stored) and the
classification pass (to record semantic types and sensitivity) run the same rules.
"""

from __future__ import annotations

import operator
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedInput, VisitError

from ir.catalog import ColumnProfile
from compiler.naming import read_words, snake, words
from compiler.whole_numbers import whole_text

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, "<=": operator.le, "==": operator.eq, "!=": operator.ne, ">": operator.gt, "<": operator.lt,
}




def _value_text(value) -> str:
    """A profiled value as the rules read it: lower case, a whole number kept as a float (1.0,
    '0.00' from a driver or an extract) read as the whole number it is."""
    return whole_text(value).lower()


@dataclass
class Facts:
    """What a rule may look at: the column's names, type, role and profile."""

    name: str
    table: str = ""
    data_type: str = "unknown"
    profile: ColumnProfile | None = None
    rows: int | None = None
    key: bool = False
    role: str | None = None
    semantic: str | None = None
    # The semantic types of the table's other columns (a first round of classification), for
    # rules that judge a column by its table (`table has semantic in (...)`).
    siblings: frozenset[str] = frozenset()
    words: tuple[str, ...] = field(init=False)
    wordset: frozenset[str] = field(init=False)
    snake: str = field(init=False)

    def __post_init__(self) -> None:
        self.words = read_words(self.name)
        self.wordset = frozenset(self.words) | frozenset(words(self.name))  # personnummer as written, positionorder split
        # A word numbered as one of a pair (linea_direccion2, phone2, address_line2) is that word too.
        self.wordset |= {w.rstrip("0123456789") for w in self.wordset if w[-1:].isdigit() and len(w.rstrip("0123456789")) >= 3}
        self.snake = snake(self.name)

    def sibling(self, name: str, table: str, profile: ColumnProfile | None, rows: int | None, key: bool,
                siblings: frozenset[str] = frozenset()) -> "Facts":
        """The facts of another column with the same name words, type, key flag and role, without
        splitting the name again (RuleSet runs thousands of columns of one shape)."""
        f = object.__new__(Facts)
        f.__dict__.update(self.__dict__)
        f.name, f.table, f.profile, f.rows, f.key, f.semantic, f.siblings = name, table, profile, rows, key, None, siblings
        return f

    def stat(self, name: str) -> float | None:
        p = self.profile
        if name == "rows":
            return self.rows
        if p is None:
            return None
        non_null = (self.rows - p.null_count) if self.rows is not None and p.null_count is not None else None
        if name == "distinct":
            return p.distinct_count
        if name == "distinct_ratio":
            return p.distinct_count / non_null if p.distinct_count is not None and non_null else None
        if name == "null_ratio":
            return p.null_count / self.rows if p.null_count is not None and self.rows else None
        if name in ("min", "max"):
            v = getattr(p, name)
            return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None
        return getattr(p, name)


Cond = Callable[[Facts], bool]


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str  # semantic | sensitive
    tag: str  # the verdict; "none" stops the search without a verdict
    cond: Cond = field(compare=False)
    text: str  # the condition as written, for explanations
    origin: str  # where the rule was written: file:line
    confidence: float = 0.8
    # The condition as a tree (what `cond` was compiled from), so a RuleSet can specialise it to
    # what a column's name and type already decide. None for a Rule built by hand around `cond`.
    node: "_Node | None" = field(default=None, compare=False, repr=False)


class RuleError(ValueError):
    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line, self.column = line, column


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = resources.files("grammars").joinpath("classification.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=False, cache=_parser_cache())


def _parser_cache() -> str | bool:
    """Where Lark keeps the grammar's parse tables between runs: building them took half the time
    of reading the default rules, which every `mb snapshot` does. The file, in the user's cache
    (~/.cache/mb, as the Superset validator's), is used only when it was made from the same
    grammar, options and Lark version; one that cannot be read or written is rebuilt, silently."""
    try:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mb"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # no home, or a read-only one
        return False
    return str(folder / "classification-grammar.lark")


def _items(tree_list) -> frozenset[str]:
    return frozenset(str(t).strip('"').lower() for t in tree_list)


# ---- condition trees -------------------------------------------------------------------------
#
# A condition is a tree of and/or/not over atoms. Each atom says which facts it reads, so a
# RuleSet can evaluate once, per column *shape*, every atom that only reads the shape (the
# name's words, type, key flag, role, whether there is a profile) and keep for each column only
# what is left: usually nothing, or a profile statistic or two. The trees are also compiled to
# plain closures (`Rule.cond`), which is what runs per column.

# The facts every column of one shape shares (see RuleSet._shape).
_SHAPE = frozenset({"name", "type", "key", "role", "profiled"})
_NAME_ONLY = frozenset({"name"})
_SHAPE_AND_SEMANTIC = _SHAPE | {"semantic"}
_ALL = frozenset({"name", "type", "key", "role", "profiled", "table", "rows", "profile", "semantic", "siblings"})


class _Node:
    __slots__ = ()

    def residual(self, facts: Facts, known: frozenset[str]) -> "bool | _Node":
        """This condition with every atom that reads only `known` facts evaluated on `facts`:
        True or False when that decides it, else the smaller tree that still depends on the rest."""
        raise NotImplementedError

    def compile(self) -> Cond:
        raise NotImplementedError

    def facts_read(self) -> frozenset[str]:
        raise NotImplementedError


class _Atom(_Node):
    __slots__ = ("fn", "reads", "needs_profile")

    def __init__(self, fn: Cond, reads: frozenset[str], needs_profile: bool = False):
        # needs_profile: the atom is False for a column with no profile, whatever else it reads.
        self.fn, self.reads, self.needs_profile = fn, reads, needs_profile

    def residual(self, facts, known):
        if self.needs_profile and "profiled" in known and facts.profile is None:
            return False
        if self.reads <= known:
            return bool(self.fn(facts))
        return self

    def compile(self):
        return self.fn

    def facts_read(self):
        return self.reads | {"profiled"} if self.needs_profile else self.reads


class _Compound(_Node):
    """and / or / not. A residual that keeps every child is the node itself, and one that keeps
    the same reduced children as an earlier one is that earlier node (memo, by the children's
    identity: they are original or memoised nodes, so alive and unique). Thousands of column
    shapes then share a few residual nodes and their compiled closures instead of each building
    its own."""

    __slots__ = ("children", "_memo", "_fn")

    def __init__(self, children: tuple[_Node, ...]):
        self.children = children
        self._memo: dict[tuple[int, ...], _Node] = {}
        self._fn: Cond | None = None

    def _same(self, left: list[_Node]) -> "_Node":
        if len(left) == len(self.children) and all(a is b for a, b in zip(left, self.children)):
            return self
        key = tuple(map(id, left))
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = type(self)(tuple(left))
        return hit

    def compile(self):
        if self._fn is None:
            self._fn = self._compile([c.compile() for c in self.children])
        return self._fn

    def facts_read(self):
        return frozenset().union(*(c.facts_read() for c in self.children))


class _Not(_Compound):
    __slots__ = ()

    def residual(self, facts, known):
        r = self.children[0].residual(facts, known)
        return (not r) if isinstance(r, bool) else self._same([r])

    @staticmethod
    def _compile(fns):
        c = fns[0]
        return lambda f: not c(f)


class _AllOf(_Compound):
    __slots__ = ()

    def residual(self, facts, known):
        left = []
        for c in self.children:
            r = c.residual(facts, known)
            if r is False:
                return False
            if r is not True:
                left.append(r)
        return True if not left else left[0] if len(left) == 1 else self._same(left)

    @staticmethod
    def _compile(fns):
        if len(fns) == 2:
            a, b = fns
            return lambda f: a(f) and b(f)
        return lambda f: all(c(f) for c in fns)


class _AnyOf(_Compound):
    __slots__ = ()

    def residual(self, facts, known):
        left = []
        for c in self.children:
            r = c.residual(facts, known)
            if r is True:
                return True
            if r is not False:
                left.append(r)
        return False if not left else left[0] if len(left) == 1 else self._same(left)

    @staticmethod
    def _compile(fns):
        if len(fns) == 2:
            a, b = fns
            return lambda f: a(f) or b(f)
        return lambda f: any(c(f) for c in fns)


def _reads(*facts: str) -> frozenset[str]:
    return frozenset(facts)


@v_args(inline=True)
class _Build(Transformer):
    """Tree -> condition trees (_Node); each atom is a plain function, cheap to run per column."""

    def __init__(self, text: str, origin: str):
        super().__init__()
        self.text, self.origin = text, origin

    def list(self, *items):
        return _items(items)

    def any_of(self, *conds):
        return _AnyOf(conds)

    def all_of(self, *conds):
        return _AllOf(conds)

    def negate(self, cond):
        return _Not((cond,))

    def name_matches(self, regex):
        rx = _regex(regex)
        return _Atom(lambda f: rx.search(f.snake) is not None, _reads("name"))

    def table_matches(self, regex):
        rx = _regex(regex)
        return _Atom(lambda f: rx.search(f.table) is not None, _reads("table"))

    def table_has(self, items):
        return _Atom(lambda f: not items.isdisjoint(f.siblings), _reads("siblings"))

    def word_in(self, items):
        return _Atom(lambda f: not items.isdisjoint(f.wordset), _reads("name"))

    def last_word_in(self, items):
        return _Atom(lambda f: bool(f.words) and f.words[-1] in items, _reads("name"))

    def type_in(self, items):
        return _Atom(lambda f: f.data_type in items, _reads("type"))

    def semantic_in(self, items):
        return _Atom(lambda f: f.semantic in items, _reads("semantic"))

    def semantic_is(self, tag):
        t = str(tag).lower()
        return _Atom(lambda f: f.semantic == t, _reads("semantic"))

    def role_is(self, tag):
        t = str(tag).lower()
        return _Atom(lambda f: f.role == t, _reads("role"))

    def is_key(self):
        return _Atom(lambda f: f.key, _reads("key"))

    def is_profiled(self):
        return _Atom(lambda f: f.profile is not None, _reads("profiled"))

    def pattern_share(self, tag, op, number):
        name, fn, n = str(tag).lower(), _OPS[str(op)], float(number)
        return _Atom(lambda f: f.profile is not None and fn(f.profile.patterns.get(name, 0.0), n), _reads("profile"), True)

    def values_in(self, items):
        def check(f: Facts) -> bool:
            p = f.profile
            return p is not None and bool(p.top_values) and all(_value_text(v.value) in items for v in p.top_values)
        return _Atom(check, _reads("profile"), True)

    def stat(self, name, op, number):
        key, fn, n = str(name), _OPS[str(op)], float(number)

        def check(f: Facts) -> bool:
            v = f.stat(key)
            return v is not None and fn(v, n)
        if key == "rows":
            return _Atom(check, _reads("rows"))
        # Every other statistic is None, so the test False, when there is no profile (Facts.stat).
        return _Atom(check, _reads("profile", "rows"), True)

    def semantic(self, tag):
        return ("semantic", str(tag).lower())

    def sensitive(self, tag):
        return ("sensitive", str(tag).lower())

    def confidence(self, number):
        return float(number)

    def start(self, *rules):
        return list(rules)


def _regex(token: Token) -> re.Pattern:
    body = str(token)[1:-1].replace("\\/", "/")
    try:
        return re.compile(body, re.IGNORECASE)
    except re.error as e:
        raise RuleError(f"bad regular expression /{body}/: {e}", token.line, token.column) from None


def parse_rules(text: str, origin: str = "<rules>") -> list[Rule]:
    """Parse rule text; RuleError (with line and column) when it is not valid."""
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as e:
        got = getattr(e, "token", None) or getattr(e, "char", None)
        if got is None or getattr(got, "type", "") == "$END":
            last = text.rstrip().count("\n") + 1
            raise RuleError("unexpected end of the rules (a missing ';'?)", last, None) from None
        raise RuleError(f"unexpected {str(got)!r}", e.line, e.column) from None
    rules: list[Rule] = []
    build = _Build(text, origin)
    seen: set[str] = set()
    for node in tree.children:
        name_tok, verdict, cond_tree, *rest = node.children
        try:
            kind, tag = build.transform(verdict)
            cond_node = build.transform(cond_tree)
        except VisitError as e:
            inner = e.orig_exc
            if isinstance(inner, RuleError):
                raise inner from None
            raise RuleError(str(inner), node.meta.line, node.meta.column) from None
        conf = build.transform(rest[0]) if rest else 0.8
        if not 0.0 <= conf <= 1.0:
            raise RuleError(f"rule {name_tok}: confidence must be between 0 and 1", node.meta.line, node.meta.column)
        if str(name_tok) in seen:
            raise RuleError(f"rule {name_tok} is defined twice", name_tok.line, name_tok.column)
        seen.add(str(name_tok))
        whole = " ".join(text[node.meta.start_pos:node.meta.end_pos].split())
        cond_text = whole.split(" when ", 1)[-1].rstrip(";").strip()
        rules.append(Rule(str(name_tok), kind, tag, cond_node.compile(), cond_text, f"{origin}:{node.meta.line}", conf, cond_node))
    return rules


@lru_cache(maxsize=1)
def default_rules() -> tuple[Rule, ...]:
    text = resources.files("compiler.classification").joinpath("default.rules").read_text(encoding="utf-8")
    return tuple(parse_rules(text, "default.rules"))


def rules_for(config, report: Callable[[str, str], None] | None = None) -> tuple[Rule, ...] | None:
    """The user's rules (mb.yaml `classification.rules`, then `rules_file`) followed by the
    defaults; None when a user rule is invalid (after `report(message, location)`).

    `config` is anything with a `classification` section shaped like compiler.config's."""
    cfg = getattr(config, "classification", None)
    out: list[Rule] = []
    for text, origin in ((getattr(cfg, "rules", ""), "mb.yaml classification.rules"),
                         (getattr(cfg, "file_text", ""), getattr(cfg, "rules_file", None) or "rules file")):
        if not text:
            continue
        try:
            out.extend(parse_rules(text, origin))
        except RuleError as e:
            if report is not None:
                report(f"{e}", f"{origin}:{e.line}:{e.column}" if e.line else origin)
            return None
    if cfg is None or getattr(cfg, "defaults", True):
        names = {r.name for r in out}
        out.extend(r for r in default_rules() if r.name not in names)  # a user rule of the same name replaces it
    return tuple(out)


@dataclass(frozen=True)
class Verdict:
    tag: str
    rule: Rule


def classify(facts: Facts, rules: tuple[Rule, ...] | list[Rule]) -> tuple[Verdict | None, Verdict | None]:
    """(semantic verdict, sensitivity verdict): the first rule of each kind that matches."""
    return rule_set(rules).classify(facts)


Plan = tuple[tuple["Cond | None", "Verdict | None"], ...]


@dataclass(frozen=True)
class ColumnFacts:
    """One column as RuleSet.classify_table takes it."""

    name: str
    data_type: str
    profile: ColumnProfile | None = None
    key: bool = False
    role: str | None = None


class RuleSet:
    """Rules compiled for many columns. Two columns with the same shape (name words, type, key
    flag, role, profiled or not) agree on every atom that reads only those, so the rules are
    specialised once per shape into a plan: the rules that can still fire, in order, each with
    the residue of its condition (None when nothing is left to test), ending at the first rule
    that fires for certain. A column then runs its shape's plan, usually one step, and when no
    step tests anything the shape's verdicts are remembered outright.
    The verdicts are exactly those of trying every rule in order on the full facts."""

    _MAX_PLANS = 1 << 16  # a bound on memory for callers that classify an endless stream of names

    def __init__(self, rules: tuple[Rule, ...] | list[Rule]):
        self.rules = tuple(rules)
        self._kinds: dict[str, _Kind] = {}
        for r in self.rules:
            # A hand-made Rule has no tree: its condition is one atom reading everything.
            node = r.node if r.node is not None else _Atom(r.cond, _ALL)
            kind = self._kinds.get(r.kind) or self._kinds.setdefault(r.kind, _Kind(r.kind))
            kind.add(r, node, None if r.tag == "none" else Verdict(r.tag, r))
        self._shapes: dict[tuple, _Shape] = {}

    def _plan(self, kind_name: str, facts: Facts, shape: tuple) -> Plan:
        kind = self._kinds.get(kind_name)
        if kind is None:
            return ()
        key = tuple(shape[i] for i in kind.shape_index)
        if kind.semantic_known:
            key += (facts.semantic,)
        plan = kind.plans.get(key)
        if plan is not None:
            return plan
        candidates = kind.rules
        if "name" in kind.reads:
            # A cheap filter before specialising per shape: the rules that the shape facts other
            # than the name leave possible, computed once per type, key, role... (a few dozen
            # combinations). A rule this rules out cannot fire: partial evaluation only gets
            # more definite as more facts are known.
            rest_key = key[1:] if kind.shape_facts[:1] == ("name",) else key
            candidates = kind.by_rest.get(rest_key)
            if candidates is None:
                known = kind.known - _NAME_ONLY
                candidates = kind.by_rest[rest_key] = [c for c in kind.rules if c[1].residual(facts, known) is not False]
        steps = []
        for rule, node, verdict in candidates:
            r = node.residual(facts, kind.known)
            if r is False:
                continue
            if r is True:
                steps.append((None, verdict))
                break
            steps.append((r.compile(), verdict))
        # Shapes with the same steps share one plan (the steps' closures and verdicts are
        # long-lived, so their ids identify them).
        plan = tuple(steps)
        plan = kind.interned.setdefault(tuple((id(fn), id(v)) for fn, v in plan), plan)
        return self._remember(kind.plans, key, plan)

    def classify(self, facts: Facts) -> tuple[Verdict | None, Verdict | None]:
        """Like classify(): sets facts.semantic to the semantic verdict's tag."""
        shape = (facts.words, facts.data_type, bool(facts.key), facts.role, facts.profile is not None)
        sh = self._shapes.get(shape)
        if sh is None:
            # The caller may reuse its Facts: the shape keeps a copy.
            sh = self._new_shape(shape, facts.sibling(facts.name, facts.table, facts.profile, facts.rows, facts.key))
        out = sh.decided or self._run(sh, facts)
        facts.semantic = out[0].tag if out[0] else None
        return out

    def classify_column(self, name: str, table: str, data_type: str, profile: ColumnProfile | None, rows: int | None,
                        key: bool, role: str | None, siblings: frozenset[str] = frozenset()) -> tuple[Verdict | None, Verdict | None]:
        """classify(Facts(...)), building no Facts when the column's shape decides alone."""
        shape = (words(name), data_type, bool(key), role, profile is not None)
        sh = self._shapes.get(shape)
        if sh is None:
            facts = Facts(name=name, table=table, data_type=data_type, profile=profile, rows=rows, key=key, role=role,
                          siblings=siblings)
            sh = self._new_shape(shape, facts)
        elif sh.decided is not None:
            return sh.decided
        else:
            facts = sh.template.sibling(name, table, profile, rows, key, siblings)
        return self._run(sh, facts)

    @property
    def reads_siblings(self) -> bool:
        """Whether any rule judges a column by the other columns of its table."""
        return any("siblings" in kind.reads for kind in self._kinds.values())

    def classify_table(self, table: str, rows: int | None, columns: list[ColumnFacts]) -> list[tuple[Verdict | None, Verdict | None]]:
        """The verdicts of every column of one table. Rules that look at the table's other
        columns see the semantic types a first round gave them (one round more, not a fixpoint,
        so the result does not depend on column order)."""
        first = [self.classify_column(c.name, table, c.data_type, c.profile, rows, c.key, c.role) for c in columns]
        if not self.reads_siblings:
            return first
        tags = [sem.tag if sem else None for sem, _ in first]
        out = []
        for i, c in enumerate(columns):
            others = frozenset(t for j, t in enumerate(tags) if t is not None and j != i)
            out.append(self.classify_column(c.name, table, c.data_type, c.profile, rows, c.key, c.role, others))
        return out

    def _new_shape(self, shape: tuple, template: Facts) -> "_Shape":
        sh = _Shape(shape, template, self._plan("semantic", template, shape))
        self._remember(self._shapes, shape, sh)
        return sh

    def _run(self, sh: "_Shape", facts: Facts) -> tuple[Verdict | None, Verdict | None]:
        tested = False  # did a step test this column's own facts (table, rows, profile)?
        semantic = None
        for fn, verdict in sh.semantic:
            if fn is not None:
                tested = True
                if not fn(facts):
                    continue
            semantic = verdict
            break
        tag = semantic.tag if semantic else None
        saved, facts.semantic = facts.semantic, tag
        plan = sh.sensitive.get(tag)
        if plan is None:
            plan = sh.sensitive[tag] = self._plan("sensitive", facts, sh.shape)
        sensitive = None
        for fn, verdict in plan:
            if fn is not None:
                tested = True
                if not fn(facts):
                    continue
            sensitive = verdict
            break
        facts.semantic = saved  # classify() sets it; classify_column's Facts is thrown away
        out = (semantic, sensitive)
        if not tested:
            sh.decided = out  # nothing column-specific was read: every column of the shape gets this
        return out

    def _remember(self, plans: dict, key, plan):
        if len(plans) >= self._MAX_PLANS:
            plans.clear()
        plans[key] = plan
        return plan


class _Shape:
    """What a RuleSet knows about one shape of column."""

    __slots__ = ("shape", "template", "semantic", "sensitive", "decided")

    def __init__(self, shape: tuple, template: Facts, semantic: Plan):
        self.shape, self.template, self.semantic = shape, template, semantic
        self.sensitive: dict[str | None, Plan] = {}  # by semantic verdict
        self.decided: tuple[Verdict | None, Verdict | None] | None = None


# The order of the facts in a shape tuple (RuleSet.classify).
_SHAPE_ORDER = ("name", "type", "key", "role", "profiled")


class _Kind:
    """The rules of one kind (semantic, sensitive) and their plans, keyed only by the shape facts
    those rules read: the default sensitivity rules read nothing but the semantic verdict, so a
    handful of plans serve every column."""

    def __init__(self, name: str):
        # The semantic verdict is known when sensitivity rules run, not while semantic rules do.
        self.known = _SHAPE_AND_SEMANTIC if name == "sensitive" else _SHAPE
        self.rules: list = []
        self.reads: frozenset[str] = frozenset()
        self.shape_index: tuple[int, ...] = ()
        self.semantic_known = False
        self.plans: dict[tuple, Plan] = {}
        self.interned: dict[tuple, Plan] = {}
        self.by_rest: dict[tuple, list] = {}

    def add(self, rule: Rule, node: _Node, verdict: Verdict | None) -> None:
        self.rules.append((rule, node, verdict))
        self.reads |= node.facts_read()
        self.shape_index = tuple(i for i, f in enumerate(_SHAPE_ORDER) if f in self.reads)
        self.shape_facts = tuple(_SHAPE_ORDER[i] for i in self.shape_index)  # name first, when read
        self.semantic_known = "semantic" in self.reads and "semantic" in self.known


# RuleSets by the identity of the rules tuple they were built from (held, so the id stays
# unique): default_rules() and a pass's rules are compiled once, not once per column.
_RULE_SETS: dict[int, tuple[tuple[Rule, ...], RuleSet]] = {}


def rule_set(rules: tuple[Rule, ...] | list[Rule]) -> RuleSet:
    if not isinstance(rules, tuple):
        return RuleSet(rules)  # a list may change after this call: nothing to cache it by
    hit = _RULE_SETS.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    rs = RuleSet(rules)
    if len(_RULE_SETS) >= 8:
        _RULE_SETS.pop(next(iter(_RULE_SETS)))
    _RULE_SETS[id(rules)] = (rules, rs)
    return rs
