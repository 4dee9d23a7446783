"""The Cube backend's diagnostic codes (family CB)."""

from compiler.diagnostics import family

CB = family("CB", "cube")

# Emitting.
CB001 = CB.code(1, "warning", "object cannot be expressed in Cube and was left out")
CB002 = CB.code(2, "warning", "Cube name invalid or colliding; renamed")
CB003 = CB.code(3, "info", "many-to-many join emitted through its bridge cube")
CB004 = CB.code(4, "warning", "join changed to what Cube can express (Cube joins are LEFT JOINs)")
CB005 = CB.code(5, "info", "cube without a primary key takes part in a join")

# Importing Cube models people wrote.
CB101 = CB.code(101, "error", "Cube model file does not parse", True)
CB102 = CB.code(102, "warning", "Cube model written in JavaScript (or templated YAML) is not supported; not imported")
CB103 = CB.code(103, "warning", "Cube content has no place in the IR and was not imported")
CB104 = CB.code(104, "warning", "Cube reference to a cube or member that is not defined; left out")
CB105 = CB.code(105, "info", "Cube configuration with no semantic meaning (pre-aggregations, refresh keys, meta, folders) not imported")
