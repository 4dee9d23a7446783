"""Money written as text: a currency symbol and a number, as a spreadsheet or a CSV export writes
it ($1,250.00, -$12.50, £30, 1.234,56 €). One pattern class per symbol and way of writing, so that a
column is typed only when all its values have one symbol (its currency, and what a cast strips)
and one reading of its separators. English writing groups thousands with commas and ends with a
dot and one or two decimals; the other, for the euro only, swaps the two. A dot or a comma
followed by exactly three digits and nothing else is a thousands separator in one writing and
decimals in the other, so each writing takes one or two decimals only: the two classes share no
value but plain whole amounts (€30), which both read alike. Three decimals ($0.125) or groups
of another width stay text. The profiler counts the classes (compiler.profiler.patterns); the
passes type and read the columns (passes.text_values)."""

from __future__ import annotations

MONEY_SYMBOLS = {"money_dollar": "$", "money_pound": "£", "money_euro": "€", "money_euro_comma": "€"}
# The separators of each class: (thousands, decimals).
MONEY_SEPARATORS = {"money_dollar": (",", "."), "money_pound": (",", "."), "money_euro": (",", "."), "money_euro_comma": (".", ",")}
