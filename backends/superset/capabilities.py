"""What a Superset bundle preserves, in the facet names of backends.base.CAPABILITIES.

Relationships have no standalone form (they live in the joins of the virtual datasets), so that
facet is not claimed. Within the facets claimed, Superset has no place for primary keys, dataset
and explore labels, or hidden measures; `expected` leaves those out and SS005 reports them.
"""

CAPABILITIES = frozenset(
    {"entities", "dimensions", "time_dimensions", "measures", "labels", "descriptions", "explores", "metrics", "row_filters"}
)
