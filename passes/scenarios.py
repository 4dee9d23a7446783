"""A fact's reference to its scenarios: the same figures kept once as they came out, once as
budgeted, once as forecast (AdventureWorksDW's FactFinance, Contoso's FactStrategyPlan and
FactSalesQuota, keyed into DimScenario: Actual, Budget, Forecast).

Summed over the scenarios an amount adds the budget to the actual and the forecast: no total
means anything there. The table referred to says what it is by its few values: its rows named
as versions of one figure (actual, budget, forecast, plan, target, estimate...), in the six
languages names are read in, two such words at least. The fact's own reference then holds the
scenarios' keys, its values counted whole by the profiler, so each sum is written per key value
(derive_measures) in place of the total across them, named by the scenario where the profiler
read the names of the scenario table's rows (Evidence.row_names: all of them, paired with keys).
"""

from __future__ import annotations

from compiler.naming import words
from ir.catalog import Table
from ir.evidence import RowNames
from ir.semantic import Entity, Relationship

MAX_SCENARIOS = 8  # a handful of versions of the figures; more rows make a lookup of something else

# Versions of one figure: what happened, what was planned, what is expected.
SCENARIO_WORDS = frozenset({
    "actual", "actuals", "budget", "budgeted", "forecast", "forecasted", "plan", "planned", "target", "estimate",
    "estimated", "projection", "projected", "outlook", "reforecast", "scenario",
    "ist", "soll", "prognose", "hochrechnung", "vorschau", "planung",  # German
    "real", "presupuesto", "prevision", "pronostico", "objetivo", "estimacion",  # Spanish
    "reel", "realise", "objectif", "prevu",  # French (budget, prevision, plan as above)
    "orcamento", "previsao", "meta", "plano", "realizado", "orcado",  # Portuguese
    "consuntivo", "effettivo", "previsione", "obiettivo", "piano", "preventivo",  # Italian
})


def _versions(values: list[str]) -> bool:
    """Each value names a version of the figures, two different versions at least."""
    found = [SCENARIO_WORDS & set(words(v)) for v in values]
    return len(found) >= 2 and all(found) and len(set().union(*found)) >= 2


def scenario_names(read: RowNames | None) -> dict[str, str] | None:
    """The key's value (as text) to each row's scenario name, where the profiler read the rows'
    names (Evidence.row_names) and one column of them names scenarios; else None."""
    if read is None:
        return None
    return next((dict(names) for names in read.names.values() if _versions(list(names.values()))), None)


def names_scenarios(table: Table) -> bool:
    """A table of 2 to MAX_SCENARIOS rows with a text column of a value each, never empty, whose
    values each name a version of the figures, two different versions at least (all of them where
    the profile lists them, else the least and the greatest)."""
    rows = table.row_count if table.row_count is not None else (table.profile.rows if table.profile else None)
    if not rows or not 2 <= rows <= MAX_SCENARIOS:
        return False
    for col in table.columns:
        p = col.profile
        if col.data_type != "string" or p is None or p.redacted or not p.distinct_exact or p.distinct_count != rows:
            continue
        # Every value where the profile listed them; else, each value unique (top values are not
        # kept then), the least and the greatest.
        if p.null_count:
            continue
        if len(p.top_values) == rows:
            values = [str(v.value) for v in p.top_values]
        elif p.min is not None and p.max is not None:
            values = [str(p.min), str(p.max)]
        else:
            continue
        if _versions(values):
            return True
    return False


def scenario_key(entity: Entity, outgoing: list[Relationship], tables: dict[str, Table],
                 row_names: dict[str, RowNames] | None = None) -> tuple[str, list, dict[str, str]] | None:
    """(the fact's column, its values, the scenario's name of each where the profiler read them)
    where it refers to a table of scenarios (names_scenarios) by one column whose every value the
    profile counted; None elsewhere."""
    table = tables.get(entity.table.key)
    if table is None:
        return None
    for rel in outgoing:
        if rel.cardinality != "many_to_one" or len(rel.from_.columns) != 1 or rel.to.table_key == entity.table.key:
            continue
        target = tables.get(rel.to.table_key)
        read = (row_names or {}).get(rel.to.table_key)
        named = scenario_names(read if read is not None and read.key == rel.to.columns[0] else None) if target else None
        if target is None or (named is None and not names_scenarios(target)):
            continue
        col = table.column(rel.from_.columns[0])
        p = col.profile if col is not None else None
        if p is None or not p.distinct_exact or not p.distinct_count or len(p.top_values) != p.distinct_count:
            continue
        if table.profile is not None and table.profile.sample is not None:
            continue  # a scenario the sample missed would lose its figures
        return col.name, sorted(v.value for v in p.top_values), named or {}
    return None
