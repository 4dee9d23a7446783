"""Package data: the shipped classification rules (default.rules), read by passes.classification_rules."""
