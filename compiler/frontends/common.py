"""What every frontend's result goes through: scope filters, reference checks, ordering."""

from __future__ import annotations

from compiler import __version__
from compiler.diagnostics import FE010, FE011, Diagnostics
from compiler.options import SourceOptions
from ir.snapshot import Snapshot
from ir.foreign_keys import relationships_from_foreign_keys


def finalize(snapshot: Snapshot, options: SourceOptions, diags: Diagnostics, filtered: bool = True) -> Snapshot:
    """Apply --schema/--include/--exclude, check references, derive declared relationships, sort.

    `filtered` is False for snapshot files, whose relationships are already part of the file.
    """
    tables = [t for t in snapshot.tables if options.wants_schema(t.schema_) and options.wants(t.name, t.schema_)]
    if snapshot.tables and not tables:
        diags.report(FE011, "every table was excluded by --schema/--include/--exclude")
    elif not snapshot.tables:
        diags.report(FE011, "the source has no tables or views")
    keys = {t.key: t for t in tables}
    for t in tables:
        kept = []
        for fk in t.foreign_keys:
            target = keys.get(fk.ref_table.key)
            where = f"{t.key}({', '.join(fk.columns)})"
            if target is None:
                diags.report(FE010, f"foreign key references {fk.ref_table.key}, which is not in scope; ignored", where)
                continue
            missing = [c for c in fk.columns if t.column(c) is None] + [c for c in fk.ref_columns if target.column(c) is None]
            if missing or len(fk.columns) != len(fk.ref_columns):
                diags.report(FE010, f"foreign key to {target.key} names unknown columns {missing or fk.ref_columns}; ignored", where)
                continue
            kept.append(fk)
        t.foreign_keys = sorted(kept, key=lambda fk: (fk.columns, fk.ref_table.key, fk.ref_columns))
        t.unique_keys = sorted(t.unique_keys, key=lambda uk: uk.columns)
    tables.sort(key=lambda t: ((t.schema_ or "").lower(), t.name.lower(), t.schema_ or "", t.name))
    snapshot.tables = tables
    if filtered:
        snapshot.relationships = relationships_from_foreign_keys(tables)
    else:
        snapshot.relationships = [
            r for r in snapshot.relationships if r.from_.table_key in keys and r.to.table_key in keys
        ]
    snapshot.relationships.sort(key=lambda r: r.sort_key())
    if snapshot.created_by is None:
        snapshot.created_by = f"mb {__version__}"
    return snapshot
