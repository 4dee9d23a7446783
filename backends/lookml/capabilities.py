"""What LookML files preserve, in the facet names of backends.base.CAPABILITIES.

Relationships have no standalone form in LookML (they live on explore joins), so that facet
is not claimed.
"""

CAPABILITIES = frozenset(
    {"entities", "dimensions", "time_dimensions", "measures", "labels", "descriptions", "explores", "metrics", "row_filters"}
)
