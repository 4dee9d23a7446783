"""Evidence gathered in the database at snapshot time for later, pure, inference passes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ir.base import IRModel
from ir.semantic import RelationshipEnd


class Containment(IRModel):
    """How much of `from` (distinct non-null values) is found in `to`: the classic inclusion
    dependency test behind an undeclared foreign key."""

    from_: RelationshipEnd = Field(alias="from")
    to: RelationshipEnd
    from_distinct: int = Field(description="Distinct non-null values (or tuples) of the referencing columns.")
    matched: int = Field(description="How many of those are found in the referenced columns.")
    ratio: float = Field(ge=0.0, le=1.0, description="matched / from_distinct (1.0 when from_distinct is 0).")
    sampled: bool = Field(default=False, description="True when computed on a sample of the referencing table.")


class GrainCheck(IRModel):
    """Columns of a table without a key, their distinct tuples counted on the whole table: its
    grain when every row has its own (distinct == rows)."""

    table_key: str
    columns: list[str]
    rows: int = Field(description="Rows of the table.")
    distinct: int = Field(description="Distinct tuples of these columns.")

    @property
    def unique(self) -> bool:
        return self.rows > 0 and self.distinct == self.rows


def grains_by_table(grains: list[GrainCheck] | None) -> dict[str, GrainCheck]:
    """Per table, its grain: the smallest unique column tuple counted (the first of equals)."""
    out: dict[str, GrainCheck] = {}
    for g in grains or ():
        if g.unique and (g.table_key not in out or len(g.columns) < len(out[g.table_key].columns)):
            out[g.table_key] = g
    return out


def row_grains(evidence) -> dict[str, list[str]]:
    """Per table keyed by a surrogate, the business time and references its rows were counted one
    per (Evidence.snapshot_grains): the grain a snapshot's level is read at, as a declared key's."""
    return {g.table_key: g.columns for g in (evidence.snapshot_grains or ()) if g.unique} if evidence is not None else {}


class RowNames(IRModel):
    """A table of a few rows (compiler/profiler/row_names.py): each text column naming its rows,
    read whole, by the row's key (a scenario table: 1 Actual, 2 Budget, 3 Forecast)."""

    table_key: str
    key: str = Field(description="The table's one-column key.")
    names: dict[str, dict[str, str]] = Field(description="Per text column unique on every row: the key's value, as text, to the name.")


class LineConstancy(IRModel):
    """A table keyed by a transaction's identifier and a line ordinal (compiler/profiler/lines.py):
    per numeric column, the transactions within which its value varies. 0: the same on every line
    of each transaction (an order's total repeated on its lines), the transaction's value."""

    table_key: str
    transaction: str = Field(description="The key's column naming the transaction (an order's number).")
    line: str = Field(description="The key's line ordinal.")
    transactions: int = Field(description="Distinct transactions.")
    several_lines: int = Field(description="Transactions of more than one line.")
    varying: dict[str, int] = Field(description="Per numeric non-key column: transactions within which it varies.")

    def constant(self, column: str) -> bool:
        return self.varying.get(column) == 0


# A level's mean step is at most this share of its spread about its thing's mean, over at least
# LEVEL_STEPS steps.
LEVEL_CHANGE = 0.35
LEVEL_STEPS = 20


class SeriesCheck(IRModel):
    """A numeric column of a table of one row per thing and time, followed from each time to the
    next within each thing: how often it went up and how often down, and how far it moved against
    how far it strays from its thing's mean (compiler/profiler/series.py). A total that goes up and
    never down is a running total (cumulative cases per country); one that moves little, a level
    (a price)."""

    table_key: str
    column: str
    time: str = Field(description="The key's time column the steps follow.")
    things: list[str] = Field(description="The key's other columns: one series per value.")
    steps: int = Field(description="Pairs of consecutive rows of one thing, both values present.")
    increases: int
    decreases: int
    change: float | None = Field(default=None, description="Mean size of a step (absolute difference of consecutive values).")
    spread: float | None = Field(default=None, description="Root mean square of the values about their thing's mean.")
    through: str | None = Field(
        default=None, description="A table with no time of its own: the reference to the occurrence whose time (`time`, "
        "a column of the referenced table) orders the steps, within each thing and calendar year (a race's date for the "
        "standings after it).")

    @property
    def level(self) -> bool:
        """Moves by steps small against how far it strays from its thing's mean over the time: a
        level read at each time (a price, a temperature), where a flow per time (a day's sales,
        its traded volume) jumps by as much as it strays (for values drawn anew each time, the
        mean step is about 1.1 times the spread)."""
        return (self.steps >= LEVEL_STEPS and self.change is not None and bool(self.spread)
                and self.change <= LEVEL_CHANGE * self.spread)

    @property
    def constant(self) -> bool:
        """The same at every time within each thing, over steps enough to tell: an attribute of the
        thing repeated on each of its rows (a country's median age, its GDP per head on every day),
        which summed over the times counts it once a row."""
        return self.steps >= LEVEL_STEPS and self.increases == 0 and self.decreases == 0

    @property
    def running(self) -> bool:
        """Up often (on a tenth of the steps at least: a calendar part of the time, a month, steps
        up a few times a year and stays), down at most once in a hundred steps and once in twenty
        rises (a count of rare events goes down as often as it goes up), over steps enough to tell
        (a series whose things change every time, an all-star game's, has none)."""
        return (self.steps >= LEVEL_STEPS and self.increases * 10 >= self.steps and self.decreases * 100 <= self.steps
                and self.decreases * 20 <= self.increases)


class OpenAmounts(IRModel):
    """A balance-named number checked against the table's other numbers, row by row
    (compiler/profiler/open_amounts.py): on how many rows its magnitude stays within each one's.
    Within an amount on every row (Wide World Importers' `OutstandingBalance`, never beyond its
    row's `TransactionAmount`), it is what remains open of that row's own amount, which adds up
    over the rows; a balance carried from row to row (an account's balance after each transaction)
    passes the amounts of single rows."""

    table_key: str
    balance: str
    rows: int = Field(description="Rows where the balance has a value.")
    within: dict[str, int] = Field(description="Per other numeric column: rows where |balance| <= |that column|.")

    def bounded_by(self) -> list[str]:
        return sorted(c for c, n in self.within.items() if self.rows > 0 and n == self.rows)


class RowRatio(IRModel):
    """A rate kept on each row proven to be one number of the row divided by another
    (compiler/profiler/ratios.py): `column` = numerator / denominator (a share, 0..1) or 100 *
    numerator / denominator (a percent), to the rate's own rounding, on nearly every row where the
    denominator is not 0. Its total is the ratio of their sums, never its own sum or average."""

    table_key: str
    column: str = Field(description="The rate column.")
    numerator: str
    denominator: str
    scale: Literal["share", "percent"] = Field(description="share: a / b; percent: 100 * a / b.")
    rows: int = Field(description="Rows compared: the denominator not 0, the three values present.")
    matched: int = Field(description="Of those, rows where the rate is the ratio.")


def row_ratios(evidence) -> dict[str, list[RowRatio]]:
    """Per table, its proven rates in the order found (column order)."""
    out: dict[str, list[RowRatio]] = {}
    for r in (evidence.row_ratios or ()) if evidence is not None else ():
        out.setdefault(r.table_key, []).append(r)
    return out


class Evidence(IRModel):
    containment: list[Containment] = Field(default_factory=list)
    grains: list[GrainCheck] | None = Field(
        default=None, description="Column tuples of tables without a key, counted (compiler/profiler/grain.py); absent when none was.")
    snapshot_grains: list[GrainCheck] | None = Field(
        default=None, description="Business time and references of tables keyed by a surrogate that hold a stock or a "
        "balance, counted: one row per time and things when unique (compiler/profiler/grain.py gather_snapshot_grains); "
        "absent when none was.")
    series: list[SeriesCheck] | None = Field(
        default=None, description="Numeric columns of tables keyed by things and a time, followed along the time "
        "(compiler/profiler/series.py); absent when none was.")
    line_constancy: list[LineConstancy] | None = Field(
        default=None, description="Numeric columns of tables keyed by a transaction and a line ordinal, checked for a value "
        "repeated on every line of each transaction (compiler/profiler/lines.py); absent when none was.")
    open_amounts: list[OpenAmounts] | None = Field(
        default=None, description="Balance-named numbers checked against each other number of their row (compiler/profiler/"
        "open_amounts.py); absent when none was.")
    row_names: list[RowNames] | None = Field(
        default=None, description="The names of the rows of tables of a few rows, by their key (compiler/profiler/row_names.py); "
        "absent when none was read.")
    row_ratios: list[RowRatio] | None = Field(
        default=None, description="Rates kept on each row proven to be one number divided by another "
        "(compiler/profiler/ratios.py); absent when none was.")
    candidates_considered: int | None = Field(default=None, description="Column pairs looked at before pruning.")
    candidates_checked: int | None = Field(default=None, description="Column pairs checked in the database.")
