"""The Superset backend's diagnostic codes (family SS)."""

from compiler.diagnostics import family

SS = family("SS", "superset")

# Emitting.
SS001 = SS.code(1, "warning", "object cannot be expressed in a Superset dataset and was left out")
SS002 = SS.code(2, "warning", "Superset name collision resolved by renaming")
SS003 = SS.code(3, "info", "no database URI given or known from the source; the bundle carries a placeholder")
# Kept registered so that a `severity:` entry for it in an existing mb.yaml is not an unknown code.
SS004 = SS.code(4, "info", "retired: the bundle zip was not written (it always is now)")
SS005 = SS.code(5, "info", "facts Superset datasets have no place for (primary keys, dataset labels)")

# Importing Superset bundles people exported.
SS101 = SS.code(101, "error", "Superset bundle file does not parse (YAML, or the zip)", True)
SS102 = SS.code(102, "warning", "Superset content has no place in the IR (virtual dataset SQL, metrics the IR cannot hold); not imported")
SS103 = SS.code(103, "info", "Superset settings with no semantic meaning (charts, dashboards, cache, formats) not imported")
