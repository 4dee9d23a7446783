"""The Cube backend's diagnostic codes (family CB)."""

from compiler.diagnostics import family

CB = family("CB", "cube")

# Emitting.
CB001 = CB.code(1, "warning", "object cannot be expressed in Cube and was left out")
CB002 = CB.code(2, "warning", "Cube name invalid or colliding; renamed")
CB003 = CB.code(3, "info", "many-to-many join emitted through its bridge cube")
CB004 = CB.code(4, "warning", "join changed to what Cube can express (Cube joins are LEFT JOINs)")
CB005 = CB.code(5, "info", "cube without a primary key takes part in a join")
