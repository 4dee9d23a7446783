"""The Ossie backend's diagnostic codes (family OS): 0xx writing, 1xx importing."""

from compiler.diagnostics import family

OS = family("OS", "ossie")

# Writing.
OS001 = OS.code(1, "info", "facts Ossie has no field for are carried in custom_extensions (vendor COMMON)")
OS002 = OS.code(2, "info", "explores (join paths) have no Ossie form and were left out")
OS003 = OS.code(3, "warning", "measure or metric cannot be written as an Ossie metric and was left out")

# Importing Ossie files people wrote (and reading mb's own back).
OS101 = OS.code(101, "error", "file is not an Ossie semantic model (unreadable YAML or JSON, or the wrong shape)", True)
OS102 = OS.code(102, "warning", "Ossie content has no place in the IR and was not imported")
OS103 = OS.code(103, "warning", "Ossie metric or field expression not understood; left out")
OS104 = OS.code(104, "warning", "Ossie reference to an unknown dataset or field; left out")
