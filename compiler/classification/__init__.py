"""Column classification shared by the profiler and the analysis passes: the rule language and
its default rules (rules), and the value classes sampled values are sorted into (values).

A leaf package: it imports only the IR and other leaves, so the profiler can decide what to
redact with exactly the rules the classification pass later reports.
"""

from compiler.classification.rules import (
    ColumnFacts, Facts, Rule, RuleError, RuleSet, Verdict, classify, default_rules, parse_rules, rule_set, rules_for,
)

__all__ = ["ColumnFacts", "Facts", "Rule", "RuleError", "RuleSet", "Verdict", "classify", "default_rules", "parse_rules",
           "rule_set", "rules_for"]
