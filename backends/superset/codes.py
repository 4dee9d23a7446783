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
